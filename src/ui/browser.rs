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
use crate::browse::{Column, Query, Row, Step, card_history, sort};
use crate::deck::Library;
use crate::sched::{Day, Stage};
use crate::store::History;

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
}

impl BrowserScreen {
    pub fn new(rows: Vec<Row>, search: &str, library: &Library, today: Day) -> Self {
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
        };
        screen.refilter(library);
        screen
    }

    /// The rows found by the search, in the order shown: for tests.
    pub fn found(&self) -> usize {
        self.shown.len()
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
                if ui
                    .button("←  Decks")
                    .on_hover_text("Back to the decks (Esc)")
                    .clicked()
                {
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
            ui.label(
                RichText::new(
                    "↑ ↓ choose a card · click a column to sort · / or Ctrl+F search · Esc back",
                )
                .small()
                .weak(),
            );
            ui.add_space(4.0);
        });

        if let Some(row) = self.selected.and_then(|s| self.rows.get(s)) {
            let height = (ui.available_height() * 0.45).clamp(160.0, 420.0);
            egui::Panel::bottom("browser-card")
                .exact_size(height)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .auto_shrink([false, false])
                        .show(ui, |ui| details(ui, row, &self.steps, library, self.today));
                });
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
        let mut builder = TableBuilder::new(ui)
            .id_salt("browser-table")
            .striped(true)
            .sense(egui::Sense::click())
            .auto_shrink([false, false])
            // Fits 800 pixels: the prompt takes what the others leave.
            .column(TableColumn::initial(130.0).at_least(70.0).clip(true))
            .column(TableColumn::exact(52.0).clip(true))
            .column(TableColumn::remainder().at_least(120.0).clip(true))
            .column(TableColumn::exact(72.0).clip(true))
            .column(TableColumn::exact(86.0).clip(true))
            .column(TableColumn::exact(60.0).clip(true))
            .column(TableColumn::exact(46.0).clip(true))
            .column(TableColumn::exact(62.0).clip(true))
            .column(TableColumn::exact(56.0).clip(true));
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
                for column in Column::ALL {
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
                    let cells: [String; 9] = [
                        deck.title.clone(),
                        row.kind.to_string(),
                        row.prompt.clone(),
                        stage_name(row.stage).to_string(),
                        due_text(row, self.today),
                        row.progress
                            .map_or(String::new(), |p| format!("{}d", p.sm2.interval_days)),
                        row.progress
                            .map_or(String::new(), |p| format!("{:.2}", p.sm2.easiness.as_f64())),
                        row.reviews().to_string(),
                        row.lapses().to_string(),
                    ];
                    for text in cells {
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

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::New => "new",
        Stage::Learning => "learning",
        Stage::Young => "young",
        Stage::Mature => "mature",
    }
}

/// "today", "in 3d", "2d late", or the date far ahead.
fn due_text(row: &Row, today: Day) -> String {
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
            ui.label("Never studied.");
        }
        Some(p) => {
            ui.label(format!(
                "{} · due {} · interval {} days · E-Factor {:.2} · {} answer{} · {} lapse{}",
                stage_name(row.stage),
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
                        RichText::new(if step.scheduled { "" } else { "repeat" })
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
