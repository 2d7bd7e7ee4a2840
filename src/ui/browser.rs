//! The card browser (B from home): every card direction in a table that
//! sorts by any column and searches as you type, the selected card as the
//! learner sees it, where it is written, and its whole history. The rows
//! and the search are [`crate::browse`]'s; only the rows in view are laid
//! out.

use egui::{Key, Modifiers, RichText, Ui};
use egui_extras::{Column as TableColumn, TableBuilder};
use egui_plot::{Line, Plot, PlotPoints};

use super::Action;
use super::style;
use crate::browse::{Column, Query, Row, Step, card_history, sort, stage_name};
use crate::deck::Library;
use crate::sched::Day;
use crate::store::{CardAction, History};

/// The search box, for the keyboard.
fn search_id() -> egui::Id {
    egui::Id::unique("browser-search")
}

pub struct BrowserScreen {
    rows: Vec<Row>,
    /// Indexes into `rows`: those found, in the order shown.
    shown: Vec<usize>,
    pub search: String,
    /// Why the search could not be read.
    problem: Option<String>,
    /// The column sorted by, and whether descending; `None`: the author's
    /// order, deck by deck.
    sort: Option<(Column, bool)>,
    /// The selected row (an index into `rows`).
    selected: Option<usize>,
    /// The selected card's history, replayed once when it is selected.
    steps: Vec<Step>,
    /// Bring the selected row into view on the next frame.
    scroll_to_selected: bool,
    focus_search: bool,
    /// The row clicked in the last frame's table.
    clicked: Option<usize>,
    /// The search box had the keyboard last frame (egui lets go of it on
    /// Esc before this screen sees the key).
    search_had_focus: bool,
    today: Day,
    /// What the last action did, and how to take it back.
    status: Option<String>,
    /// A reset of every card shown waits for a second click.
    confirm: Option<CardAction>,
    /// The last thing done here was an action on cards (not typing):
    /// Ctrl+Z takes it back even from the search box.
    undo_ready: bool,
    /// The progress can be changed (open for writing).
    can_act: bool,
}

impl BrowserScreen {
    pub fn new(rows: Vec<Row>, search: &str, library: &Library, today: Day, can_act: bool) -> Self {
        let mut screen = Self {
            shown: Vec::new(),
            rows,
            search: search.to_string(),
            problem: None,
            sort: None,
            selected: None,
            steps: Vec::new(),
            scroll_to_selected: false,
            focus_search: true,
            clicked: None,
            search_had_focus: false,
            today,
            status: None,
            undo_ready: false,
            confirm: None,
            can_act,
        };
        screen.refilter(library);
        screen
    }

    /// The rows found by the search, in the order shown: for tests.
    pub fn found(&self) -> usize {
        self.shown.len()
    }

    /// The rows anew (after an action changed cards): the search, the
    /// sort and the selected card stay.
    pub fn refresh(&mut self, rows: Vec<Row>, library: &Library, history: Option<&History>) {
        let selected = self
            .selected
            .and_then(|s| self.rows.get(s))
            .map(|r| (r.deck, r.card, r.direction));
        self.rows = rows;
        self.refilter(library);
        let again = selected.and_then(|(deck, card, direction)| {
            self.rows
                .iter()
                .position(|r| (r.deck, r.card, r.direction) == (deck, card, direction))
        });
        self.select(again, history, library);
    }

    /// Say what an action (or its undo) did; Ctrl+Z takes it back.
    pub fn acted(&mut self, status: String) {
        self.status = Some(status);
        self.undo_ready = true;
    }

    /// Say something that cannot be taken back.
    pub fn say(&mut self, status: String) {
        self.status = Some(status);
        self.undo_ready = false;
    }

    /// The selected row's card, with what an action on it would do.
    fn selected_row(&self) -> Option<&Row> {
        self.selected.and_then(|s| self.rows.get(s))
    }

    /// An action on the selected card: suspend toggles.
    fn on_selected(&self, action: CardAction, library: &Library) -> Option<Action> {
        let row = self.selected_row()?;
        let action = match action {
            CardAction::Suspend if row.hold.suspended => CardAction::Unsuspend,
            CardAction::Bury if row.hold.is_buried(self.today) => CardAction::Unsuspend,
            other => other,
        };
        Some(Action::Act(vec![row.key(library)], action))
    }

    /// An action on every card the search shows.
    fn on_shown(&self, action: CardAction, library: &Library) -> Action {
        Action::Act(
            self.shown
                .iter()
                .map(|&i| self.rows[i].key(library))
                .collect(),
            action,
        )
    }

    /// Search again and sort.
    fn refilter(&mut self, library: &Library) {
        match Query::parse(&self.search) {
            Ok(query) => {
                self.problem = None;
                self.shown = (0..self.rows.len())
                    .filter(|&i| query.matches(&self.rows[i], library, self.today))
                    .collect();
                if let Some((column, descending)) = self.sort {
                    sort(&self.rows, &mut self.shown, column, descending, library);
                }
            }
            // The last good search stays on screen under the message.
            Err(problem) => self.problem = Some(problem),
        }
    }

    fn select(&mut self, row: Option<usize>, history: Option<&History>, library: &Library) {
        self.selected = row;
        self.steps = match (row.and_then(|r| self.rows.get(r)), history) {
            (Some(row), Some(history)) => {
                let deck = &library.decks[row.deck];
                card_history(history, &deck.key(&deck.cards[row.card], row.direction))
            }
            _ => Vec::new(),
        };
        self.scroll_to_selected = true;
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        library: &Library,
        history: Option<&History>,
    ) -> Option<Action> {
        let mut action = None;
        let search_focused = self.search_had_focus || ui.memory(|m| m.has_focus(search_id()));
        let (bury, suspend, reset, undo) = ui.input_mut(|i| {
            // Shift first: Ctrl+J also matches with Shift held.
            (
                i.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::J),
                i.consume_key(Modifiers::COMMAND, Key::J),
                i.consume_key(Modifiers::COMMAND | Modifiers::ALT, Key::N),
                (self.undo_ready || !search_focused) && i.consume_key(Modifiers::COMMAND, Key::Z),
            )
        });
        if self.can_act {
            let keyed = [
                (suspend, CardAction::Suspend),
                (bury, CardAction::Bury),
                (reset, CardAction::Reset),
            ];
            for (pressed, what) in keyed {
                if pressed && let Some(act) = self.on_selected(what, library) {
                    return Some(act);
                }
            }
            if undo {
                return Some(Action::Undo);
            }
        }
        let (escape, up, down, page_up, page_down, find) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::Escape),
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::PageUp),
                i.consume_key(Modifiers::NONE, Key::PageDown),
                i.consume_key(Modifiers::COMMAND, Key::F)
                    || (!search_focused && i.consume_key(Modifiers::NONE, Key::Slash)),
            )
        });
        if escape {
            if search_focused && !self.search.is_empty() {
                self.search.clear();
                self.refilter(library);
                self.focus_search = true;
            } else {
                return Some(Action::Home);
            }
        }
        if find {
            self.focus_search = true;
        }
        // ↑ ↓ Page Up/Down move the selection, also from the search box.
        let at = self
            .selected
            .and_then(|s| self.shown.iter().position(|&i| i == s));
        let step: Option<isize> = match (up, down, page_up, page_down) {
            (true, ..) => Some(-1),
            (_, true, ..) => Some(1),
            (_, _, true, _) => Some(-15),
            (.., true) => Some(15),
            _ => None,
        };
        if let Some(step) = step
            && !self.shown.is_empty()
        {
            let last = self.shown.len() - 1;
            let to = match at {
                None => 0,
                Some(at) => at.saturating_add_signed(step).min(last),
            };
            let row = self.shown.get(to).copied();
            self.select(row, history, library);
        }

        egui::Panel::top("browser-top").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if super::widgets::back_to_decks(ui) {
                    action = Some(Action::Home);
                }
                ui.heading("Cards");
                ui.add_space(12.0);
                let label = ui.label("Search");
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut self.search)
                        .id(search_id())
                        .hint_text("words, deck:value, tag:nps, is:due, prop:ease<2, lapses>3")
                        .desired_width((ui.available_width() - 150.0).clamp(160.0, 520.0)),
                );
                let edit = edit.labelled_by(label.id);
                if std::mem::take(&mut self.focus_search) {
                    edit.request_focus();
                }
                if edit.changed() {
                    self.undo_ready = false;
                    self.confirm = None;
                    self.refilter(library);
                }
                self.search_had_focus = edit.has_focus();
                ui.label(
                    RichText::new(format!("{} of {} cards", self.shown.len(), self.rows.len()))
                        .weak(),
                );
            });
            if let Some(problem) = &self.problem {
                ui.label(RichText::new(problem).color(style::bad(ui)));
            }
            if self.can_act
                && !self.shown.is_empty()
                && let Some(a) = self.bulk(ui, library)
            {
                action = Some(a);
            }
            if let Some(status) = &self.status {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(status).color(style::good(ui)));
                    if self.undo_ready && ui.small_button("Undo").clicked() {
                        action = Some(Action::Undo);
                    }
                });
            }
            ui.label(
                RichText::new(
                    "↑ ↓ choose a card · Ctrl+J suspend · Ctrl+Shift+J bury · Ctrl+Alt+N reset · Ctrl+Z undo · / search · Esc back",
                )
                .small()
                .weak(),
            );
            ui.add_space(4.0);
        });

        if let Some(row) = self.selected.and_then(|s| self.rows.get(s)) {
            let height = (ui.available_height() * 0.45).clamp(160.0, 420.0);
            let mut asked = None;
            egui::Panel::bottom("browser-card")
                .exact_size(height)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .auto_shrink([false, false])
                        .show(ui, |ui| {
                            if self.can_act {
                                asked = row_actions(ui, row, self.today);
                            }
                            details(ui, row, &self.steps, library, self.today);
                        });
                });
            if let Some(what) = asked {
                action = self.on_selected(what, library);
            }
        }

        egui::CentralPanel::default().show(ui, |ui| {
            if self.shown.is_empty() {
                ui.label("No card matches the search.");
                return;
            }
            if let Some(sort) = self.table(ui, library) {
                self.sort = Some(sort);
                self.refilter(library);
            }
            if let Some(clicked) = self.clicked.take() {
                self.select(Some(clicked), history, library);
            }
        });
        action
    }
}

impl BrowserScreen {
    /// Actions on every card shown. A reset of several cards, or any
    /// action on more than twenty, asks first.
    fn bulk(&mut self, ui: &mut Ui, library: &Library) -> Option<Action> {
        let n = self.shown.len();
        let cards = if n == 1 { "card" } else { "cards" };
        let mut asked = None;
        if let Some(what) = self.confirm {
            ui.horizontal_wrapped(|ui| {
                let question = match what {
                    CardAction::Reset => format!(
                        "Reset all {n} {cards} shown to new? Their progress is forgotten (their history stays; Ctrl+Z undoes)."
                    ),
                    CardAction::Suspend => format!(
                        "Suspend all {n} {cards} shown? None of them will be studied until unsuspended (Ctrl+Z undoes)."
                    ),
                    CardAction::Bury => format!("Bury all {n} {cards} shown until tomorrow? (Ctrl+Z undoes)"),
                    other => format!("{} all {n} {cards} shown?", other.verb()),
                };
                ui.label(RichText::new(question).color(style::bad(ui)));
                let verb = match what {
                    CardAction::Reset => "Reset",
                    CardAction::Suspend => "Suspend",
                    CardAction::Bury => "Bury",
                    CardAction::Unsuspend => "Unsuspend",
                    CardAction::DueToday => "Add",
                };
                if ui.button(format!("{verb} {n} {cards}")).clicked() {
                    asked = Some(what);
                    self.confirm = None;
                }
                if ui.button("Cancel").clicked() {
                    self.confirm = None;
                }
            });
            return asked.map(|what| self.on_shown(what, library));
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("The {n} {cards} shown:")).weak());
            for (what, label, hover) in [
                (CardAction::Suspend, "Suspend", "Keep them out of study until unsuspended"),
                (CardAction::Unsuspend, "Unsuspend", "Back to study (also unburies)"),
                (CardAction::Bury, "Bury until tomorrow", "Out of study for the rest of today"),
                (
                    CardAction::Reset,
                    "Reset to new",
                    "Forget their progress: they come back as new cards (their history stays; Ctrl+Z undoes)",
                ),
            ] {
                if ui
                    .small_button(label)
                    .on_hover_text(format!("{hover} · all {n} {cards} the search shows"))
                    .clicked()
                {
                    asked = Some(what);
                }
            }
        });
        // Many cards at once, or a reset of more than one: asked first.
        if let Some(what) = asked
            && ((what == CardAction::Reset && n > 1) || n > 20)
        {
            self.confirm = Some(what);
            return None;
        }
        asked.map(|what| self.on_shown(what, library))
    }

    /// The table; a click on a header asks for that sort.
    fn table(&mut self, ui: &mut Ui, library: &Library) -> Option<(Column, bool)> {
        let mut resort = None;
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
        let scroll_to = if std::mem::take(&mut self.scroll_to_selected) {
            self.selected
                .and_then(|s| self.shown.iter().position(|&i| i == s))
        } else {
            None
        };
        // At 800 pixels the kind, the tags and the E-Factor step aside (the
        // card's details below show them) and the prompt has the room.
        let narrow = ui.available_width() < 1000.0;
        let visible: Vec<Column> = Column::ALL
            .into_iter()
            .filter(|c| !narrow || !matches!(c, Column::Kind | Column::Tags | Column::Ease))
            .collect();
        let mut builder = TableBuilder::new(ui)
            .id_salt("browser-table")
            .striped(true)
            .sense(egui::Sense::click())
            .auto_shrink([false, false]);
        for column in &visible {
            builder = builder.column(match column {
                Column::Deck => TableColumn::initial(if narrow { 110.0 } else { 200.0 })
                    .at_least(60.0)
                    .clip(true),
                Column::Kind => TableColumn::exact(54.0).clip(true),
                Column::Prompt => TableColumn::remainder().at_least(120.0).clip(true),
                Column::Tags => TableColumn::initial(130.0).at_least(40.0).clip(true),
                Column::State => TableColumn::exact(84.0).clip(true),
                Column::Due => TableColumn::exact(96.0).clip(true),
                Column::Interval => TableColumn::exact(68.0).clip(true),
                Column::Ease => TableColumn::exact(44.0).clip(true),
                Column::Reviews => TableColumn::exact(62.0).clip(true),
                Column::Lapses => TableColumn::exact(54.0).clip(true),
            });
        }
        if let Some(row) = scroll_to {
            builder = builder.scroll_to_row(row, None);
        }
        let (sorted_by, descending) = match self.sort {
            Some((column, descending)) => (Some(column), descending),
            None => (None, false),
        };
        let mut clicked = None;
        builder
            .header(row_height + 4.0, |mut header| {
                for &column in &visible {
                    header.col(|ui| {
                        let mark = match (Some(column) == sorted_by, descending) {
                            (true, false) => " ▲",
                            (true, true) => " ▼",
                            _ => "",
                        };
                        let button = ui
                            .add(
                                egui::Button::new(
                                    RichText::new(format!("{}{mark}", column.name())).strong(),
                                )
                                .frame(false),
                            )
                            .on_hover_text(format!("Sort by {}", column.name()));
                        if button.clicked() {
                            resort = Some((column, Some(column) == sorted_by && !descending));
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, self.shown.len(), |mut table_row| {
                    let index = self.shown[table_row.index()];
                    let row = &self.rows[index];
                    table_row.set_selected(self.selected == Some(index));
                    let deck = &library.decks[row.deck];
                    for &column in &visible {
                        let text = match column {
                            Column::Deck => deck.title.clone(),
                            Column::Kind => row.kind.to_string(),
                            Column::Prompt => row.prompt.clone(),
                            Column::Tags => deck.cards[row.card].tags.join(", "),
                            Column::State => row.state(self.today).to_string(),
                            Column::Due => due_text(row, self.today),
                            Column::Interval => row
                                .progress
                                .map_or(String::new(), |p| format!("{}d", p.sm2.interval_days)),
                            Column::Ease => row.progress.map_or(String::new(), |p| {
                                format!("{:.2}", p.sm2.easiness.as_f64())
                            }),
                            Column::Reviews => row.reviews().to_string(),
                            Column::Lapses => row.lapses().to_string(),
                        };
                        table_row.col(|ui| {
                            ui.add(egui::Label::new(text).truncate().selectable(false));
                        });
                    }
                    if table_row.response().clicked() {
                        clicked = Some(index);
                    }
                });
            });
        self.clicked = clicked;
        resort
    }
}

/// "today", "in 3d", "2d late", or the date far ahead.
fn due_text(row: &Row, today: Day) -> String {
    if row.progress.is_some_and(|p| p.repeat_pending(today)) {
        return "again today".to_string();
    }
    let Some(due) = row.due() else {
        return String::new();
    };
    match due.days_since(today) {
        0 => "today".to_string(),
        d if d < 0 => format!("{}d late", -d),
        d if d <= 60 => format!("in {d}d"),
        _ => due.to_string(),
    }
}

/// Suspend (or unsuspend), bury (or unbury) and reset the selected card.
fn row_actions(ui: &mut Ui, row: &Row, today: Day) -> Option<CardAction> {
    let mut asked = None;
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        let (suspend, suspend_hover) = if row.hold.suspended {
            ("Unsuspend (Ctrl+J)", "Back to study")
        } else {
            ("Suspend (Ctrl+J)", "Keep it out of study until you unsuspend it")
        };
        if ui.button(suspend).on_hover_text(suspend_hover).clicked() {
            asked = Some(CardAction::Suspend);
        }
        let bury = if row.hold.is_buried(today) {
            "Unbury (Ctrl+Shift+J)"
        } else {
            "Bury until tomorrow (Ctrl+Shift+J)"
        };
        if ui
            .add_enabled(!row.hold.suspended, egui::Button::new(bury))
            .on_hover_text("Out of study for the rest of today")
            .clicked()
        {
            asked = Some(CardAction::Bury);
        }
        if ui
            .add_enabled(row.progress.is_some(), egui::Button::new("Reset to new (Ctrl+Alt+N)"))
            .on_hover_text("Forget its progress: it comes back as a new card; its history stays, and Ctrl+Z undoes")
            .clicked()
        {
            asked = Some(CardAction::Reset);
        }
        if row.leech {
            ui.label(
                RichText::new("A leech: forgotten often. Rewrite it, split it, or study it apart.")
                    .color(style::bad(ui)),
            );
        }
    });
    asked
}

/// The selected card: as the learner sees it, where it is written, and
/// its history.
fn details(ui: &mut Ui, row: &Row, steps: &[Step], library: &Library, today: Day) {
    let deck = &library.decks[row.deck];
    let card = &deck.cards[row.card];
    let shown = crate::preview::one(deck, card, row.direction, 0, None);
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&deck.title).strong());
        ui.label(RichText::new(format!("· {} · {}", row.kind, card.id)).weak());
        if !card.tags.is_empty() {
            ui.label(RichText::new(format!("· tags: {}", card.tags.join(", "))).weak());
        }
    });
    ui.label(RichText::new(&shown.prompt).size(18.0));
    for option in &shown.options {
        ui.label(format!("    {option}"));
    }
    ui.label(RichText::new(format!("Answer: {}", shown.answer)).strong());
    let origin = card.origin;
    if let Some(file) = deck.files.get(origin.file) {
        let place = format!("{}:{}:{}", file.display(), origin.line, origin.column);
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("Written at {place}")).weak());
            if ui
                .button("Copy file:line")
                .on_hover_text("For your editor: most open a file at a line given as file:line")
                .clicked()
            {
                ui.ctx().copy_text(place.clone());
            }
        });
    }
    ui.add_space(8.0);
    match row.progress {
        None => {
            ui.label(match row.state(today) {
                "suspended" => "Never studied · suspended.",
                "buried" => "Never studied · buried until tomorrow.",
                _ => "Never studied.",
            });
        }
        Some(p) => {
            ui.label(format!(
                "{}{} · due {} · interval {} days · E-Factor {:.2} · {} answer{} · {} lapse{}",
                stage_name(row.stage),
                match row.state(today) {
                    "suspended" => " · suspended",
                    "buried" => " · buried until tomorrow",
                    _ => "",
                },
                match due_text(row, today).as_str() {
                    "" => "—".to_string(),
                    text => text.to_string(),
                },
                p.sm2.interval_days,
                p.sm2.easiness.as_f64(),
                p.answers,
                if p.answers == 1 { "" } else { "s" },
                p.lapses,
                if p.lapses == 1 { "" } else { "s" },
            ));
        }
    }
    if steps.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.columns(2, |columns| {
        egui::Grid::new("browser-history")
            .striped(true)
            .spacing([16.0, 4.0])
            .show(&mut columns[0], |ui| {
                for head in ["date", "grade", "", "interval", "E-Factor"] {
                    ui.label(RichText::new(head).small().weak());
                }
                ui.end_row();
                for step in steps.iter().rev() {
                    ui.label(step.day.to_string());
                    ui.label(step.quality.to_string());
                    ui.label(
                        RichText::new(match (step.practice, step.fresh, step.scheduled) {
                            (true, ..) => "practice",
                            (_, true, _) => "after a reset",
                            (_, _, true) => "",
                            _ => "repeat",
                        })
                        .small()
                        .weak(),
                    );
                    ui.label(format!("{}d", step.interval));
                    ui.label(format!("{:.2}", step.ease));
                    ui.end_row();
                }
            });
        let points: PlotPoints = steps
            .iter()
            .enumerate()
            .map(|(i, s)| [i as f64 + 1.0, f64::from(s.interval)])
            .collect();
        let color = style::accent(&columns[1]);
        Plot::new("browser-intervals")
            .height(140.0)
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .x_axis_label("answer")
            .y_axis_label("interval (days)")
            .show(&mut columns[1], |plot| {
                plot.line(Line::new("interval", points).color(color).width(2.0));
            });
    });
}
