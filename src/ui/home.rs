//! Home: every deck with today's counts, and the broken deck files.
//!
//! Works by keyboard alone: ↑/↓, Page Up/Down, Home/End (or Tab) choose a
//! row, Enter studies it; ↓ from the last deck goes on to the topics.
//! Row 0 is "All decks"; row i + 1 is deck i. The chosen row and the
//! keyboard focus are one thing: the chosen row's Study button has the
//! focus (once the keyboard is used), and a Study button that gets the
//! focus (by Tab, say) chooses its row.
//!
//! Deck rows all have one height, so only the rows in view are laid out
//! and drawn: a frame costs the same with ten decks or ten thousand.

use egui::{Key, Modifiers, RichText, Ui};

use super::Action;
use super::style;
use crate::deck::Library;
use crate::plan::{DeckCounts, Scope};

#[derive(Debug, Default)]
pub struct HomeScreen {
    /// The chosen row: 0 is "All decks", i + 1 is deck i.
    selected: usize,
    /// Move keyboard focus to the chosen row's button when it is drawn
    /// (and scroll it into view).
    focus_selected: bool,
    /// The Study buttons drawn last frame, with their rows.
    study_buttons: Vec<(egui::Id, usize)>,
    /// The topic buttons drawn last frame, in order.
    topic_buttons: Vec<egui::Id>,
    /// The chosen row is the keyboard's: nothing else (Settings, a topic)
    /// has the focus. Only then is the row drawn chosen, so the row that
    /// looks chosen is always the one Enter studies.
    row_has_keyboard: bool,
    /// Deck rows that fit in the view, for Page Up and Page Down.
    rows_in_view: usize,
    /// The measured height of a deck row (0 until one is drawn).
    row_height: f32,
    /// The measured height of what follows the rows (broken files and
    /// topics); `None` until drawn once.
    tail_height: Option<f32>,
    /// End was pressed: go to the foot of the page, its last topic, once
    /// the foot is in view.
    to_end: bool,
    /// The scroll to the foot has been asked for (once: asked again every
    /// frame, egui's scroll animation would start over).
    end_scrolled: bool,
}

/// Space between deck rows.
const ROW_GAP: f32 = 6.0;
/// A deck row's height before one is measured.
const ROW_HEIGHT_GUESS: f32 = 110.0;

/// What home shows; computed when home opens, not per frame.
#[derive(Debug, Default)]
pub struct HomeData {
    pub counts: Vec<DeckCounts>,
    /// The sum of `counts`, for "All decks".
    pub total: DeckCounts,
    /// Why there is no progress store at all, if there is none.
    pub store_problem: Option<String>,
    /// The store is open for writing.
    pub can_study: bool,
    /// The progress is open at all (read-only or not): without it there
    /// are no counts to show.
    pub has_progress: bool,
    pub data_dir: String,
    /// Days in a row with an answer; `None` until the log is read.
    pub streak: Option<crate::stats::overview::Streak>,
    /// Card directions due tomorrow.
    pub tomorrow: usize,
    /// Cards that became leeches (and were suspended) since home last
    /// said so.
    pub new_leeches: usize,
    /// Where the learner stands against the exam date, if one is set and
    /// not past.
    pub exam: Option<crate::plan::ExamOutlook>,
}

impl HomeScreen {
    /// Choose the first deck with work today, so Enter does the obvious thing.
    pub fn select_first_with_work(&mut self, data: &HomeData) {
        self.selected = if data.total.left_today() > 0 {
            0
        } else {
            1.min(data.counts.len())
        };
    }

    /// The row drawn as chosen, the one Enter studies: none while another
    /// button (Settings, a topic) has the keyboard.
    pub fn highlighted(&self) -> Option<usize> {
        self.row_has_keyboard.then_some(self.selected)
    }

    /// The decks changed (a reload): keep the chosen row among them.
    pub fn keep_in(&mut self, decks: usize) {
        self.selected = self.selected.min(decks);
    }

    /// Home shows again (back from studying, settings …): bring the chosen
    /// row into view and give it the focus.
    pub fn show_selected(&mut self) {
        self.focus_selected = true;
        self.cancel_end();
    }

    /// Forget a pending End (another key, the mouse, or leaving home).
    fn cancel_end(&mut self) {
        self.to_end = false;
        self.end_scrolled = false;
    }

    pub fn ui(&mut self, ui: &mut Ui, library: &Library, data: &HomeData) -> Option<Action> {
        let rows = library.decks.len() + 1;
        let mut action = self.keys(ui, rows);
        let focused = ui.memory(|m| m.focused());
        self.row_has_keyboard = self.focus_selected
            || focused.is_none_or(|id| self.study_buttons.iter().any(|(b, _)| *b == id));

        egui::Panel::top("home-top").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button("Settings").clicked() {
                        action = Some(Action::OpenSettings);
                    }
                    if ui
                        .add_enabled(data.can_study, egui::Button::new("More (M)"))
                        .on_hover_text("Study more: review ahead, practise every card of a deck or topic, or its drills")
                        .clicked()
                    {
                        action = Some(Action::OpenMore(scope_of(self.selected), 7));
                    }
                    if ui
                        .add_enabled(data.has_progress, egui::Button::new("Practice test (T)"))
                        .on_hover_text(
                            "Questions of every kind, scored; no card's schedule changes",
                        )
                        .clicked()
                    {
                        action = Some(Action::OpenTest(scope_of(self.selected)));
                    }
                    if ui
                        .add_enabled(data.has_progress, egui::Button::new("Cards (B)"))
                        .on_hover_text("Browse and search every card, with its history")
                        .clicked()
                    {
                        action = Some(Action::OpenBrowser(String::new()));
                    }
                    if ui
                        .add_enabled(data.has_progress, egui::Button::new("Statistics (S)"))
                        .on_hover_text("Streaks, forecast, recall, time, weakest topics")
                        .clicked()
                    {
                        action = Some(Action::OpenStats(scope_of(self.selected)));
                    }
                    // The course's name and words, from its course file;
                    // else the app's own name: in the room the buttons
                    // leave, cut short with "…" on a narrow window.
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        let (title, tagline) = match &library.course {
                            Some(course) => (course.title.as_str(), course.tagline.as_deref()),
                            None => ("cardwise", None),
                        };
                        ui.add(egui::Label::new(RichText::new(title).heading()).truncate());
                        if let Some(tagline) = tagline
                            && tagline.chars().count() as f32 * 7.5 < ui.available_width()
                        {
                            ui.add(egui::Label::new(RichText::new(tagline).weak()).truncate());
                        }
                    });
                });
            });
            if data.has_progress {
                ui.label(today_line(data));
                if let Some(exam) = &data.exam {
                    let (line, warn) = exam_line(exam);
                    let text = RichText::new(line);
                    ui.label(if warn {
                        text.color(style::bad(ui))
                    } else {
                        text.strong()
                    });
                }
            }
            if data.new_leeches > 0
                && let Some(a) = leech_notice(ui, data.new_leeches)
            {
                action = Some(a);
            }
            ui.add_space(4.0);
        });
        egui::Panel::bottom("home-bottom").show(ui, |ui| {
            ui.add_space(4.0);
            // The keys, then where the progress is: on one line where
            // there is room, else on two.
            let keys = RichText::new(
                "↑ ↓ choose · Enter study · S statistics · B cards · T test · M study more · P preview · Tab moves between buttons",
            )
            .small()
            .weak();
            let place = RichText::new(format!("progress: {}", data.data_dir))
                .small()
                .weak();
            if ui.available_width() >= 1200.0 {
                ui.horizontal(|ui| {
                    ui.label(keys);
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.label(place);
                    });
                });
            } else {
                ui.label(keys);
                ui.add(egui::Label::new(place).truncate());
            }
            ui.add_space(2.0);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(problem) = &data.store_problem {
                self.store_banner(ui, problem, &mut action);
            }
            egui::ScrollArea::vertical()
                .id_salt("home")
                .auto_shrink([false, false])
                .show_viewport(ui, |ui, viewport| {
                    if let Some(a) = self.list(ui, viewport, library, data) {
                        action = Some(a);
                    }
                });
        });
        action
    }

    /// The rows in view, then (when in view) the broken files and topics.
    /// `viewport` is the visible part of the content, from its top.
    fn list(
        &mut self,
        ui: &mut Ui,
        viewport: egui::Rect,
        library: &Library,
        data: &HomeData,
    ) -> Option<Action> {
        let mut action = None;
        let rows = library.decks.len() + 1;
        let height = if self.row_height > 0.0 {
            self.row_height
        } else {
            ROW_HEIGHT_GUESS
        };
        let stride = height + ROW_GAP;
        let rows_end = stride * rows as f32;
        ui.set_height(rows_end + self.tail_height.unwrap_or(0.0));
        let area = ui.max_rect();
        let place = |row: usize| {
            egui::Rect::from_min_size(
                egui::pos2(area.left(), area.top() + stride * row as f32),
                egui::vec2(area.width(), height),
            )
        };
        // Screen positions are whole numbers, so the division is exact
        // enough; rows past the end are cut off by `min`.
        self.study_buttons.clear();
        let first = ((viewport.min.y / stride).floor().max(0.0) as usize).min(rows);
        let last = ((viewport.max.y / stride).ceil().max(0.0) as usize + 1).min(rows);
        self.rows_in_view = ((viewport.height() / stride).floor() as usize).max(1);
        // The foot of the page, from the top of the content.
        let foot = rows_end + self.tail_height.unwrap_or(0.0);
        let foot_in_view = viewport.max.y >= foot - 1.0;
        let user_scrolls =
            ui.input(|i| i.smooth_scroll_delta.y != 0.0 || i.pointer.is_decidedly_dragging());
        if self.to_end && user_scrolls {
            // The learner scrolls elsewhere: End gives way.
            self.cancel_end();
        }
        if self.to_end && !foot_in_view {
            // The foot into view; its last topic takes the keyboard once
            // there (below).
            if !self.end_scrolled {
                let y = area.top() + foot;
                ui.scroll_to_rect(
                    egui::Rect::from_min_max(
                        egui::pos2(area.left(), y - 1.0),
                        egui::pos2(area.right(), y),
                    ),
                    Some(egui::Align::Max),
                );
                self.end_scrolled = true;
            }
            ui.ctx().request_repaint();
        } else if self.focus_selected && !(first..last).contains(&self.selected) {
            // Out of view: scroll there; the row takes the focus when drawn.
            ui.scroll_to_rect(place(self.selected), Some(egui::Align::Center));
        }
        for row in first..last {
            let (title, description, counts) = match row {
                0 => (
                    "All decks",
                    "Everything due today, deck after deck.",
                    data.total,
                ),
                n => {
                    let Some(deck) = library.decks.get(n - 1) else {
                        continue;
                    };
                    let counts = data.counts.get(n - 1).copied().unwrap_or_default();
                    (deck.title.as_str(), deck.description.as_str(), counts)
                }
            };
            // An explicit id: the ids of a row's widgets (and so the focus
            // of its Study button) stay the same as rows scroll out above it.
            let row_id = ui.scope_id().with(("deck-row", row));
            let drawn = ui.scope_builder(
                egui::UiBuilder::new().max_rect(place(row)).scope_id(row_id),
                |ui| {
                    let counts = data.has_progress.then_some(&counts);
                    self.row(ui, row, title, description, counts, data.can_study)
                },
            );
            self.row_height = self.row_height.max(drawn.response.rect.height());
            if let Some(a) = drawn.inner {
                action = Some(a);
            }
        }
        // The tail is laid out once the last row is: Tab and ↓ go on from
        // the last deck to the topics.
        if last == rows || self.tail_height.is_none() {
            let rect = egui::Rect::from_min_max(
                egui::pos2(area.left(), area.top() + rows_end),
                egui::pos2(area.right(), f32::INFINITY),
            );
            let tail = ui.scope_builder(egui::UiBuilder::new().max_rect(rect).id_salt("home-tail"), |ui| {
                for broken in &library.broken {
                    broken_row(ui, broken);
                }
                let action = topics(ui, library, data.can_study, &mut self.topic_buttons);
                if library.decks.is_empty() && library.broken.is_empty() {
                    ui.label("No decks found. Start cardwise with --decks DIR to choose a deck folder.");
                }
                action
            });
            self.tail_height = Some(tail.response.rect.height());
            if let Some(a) = tail.inner {
                action = Some(a);
            }
            // The tail's height as drawn now (the first measure may have
            // been taken at another width): the foot may lie further down.
            let foot_in_view = viewport.max.y >= rows_end + tail.response.rect.height() - 1.0;
            if self.to_end && !foot_in_view {
                self.end_scrolled = false;
                ui.ctx().request_repaint();
            } else if self.to_end {
                self.to_end = false;
                self.end_scrolled = false;
                match self.topic_buttons.last() {
                    Some(&topic) => ui.memory_mut(|m| m.request_focus(topic)),
                    None => {
                        // No topics: the last deck is the foot of the page.
                        self.selected = rows - 1;
                        self.focus_selected = true;
                    }
                }
            }
        } else {
            self.topic_buttons.clear();
        }
        action
    }

    fn keys(&mut self, ui: &mut Ui, rows: usize) -> Option<Action> {
        // A focused button takes Enter itself (egui clicks it). ↑/↓ move
        // the chosen row when nothing or a Study button has the focus, in
        // place of egui's own move of the focus; from any other button,
        // egui moves the focus. Home and End go to the top and the foot of
        // the page also from a topic.
        let focused = ui.memory(|m| m.focused());
        let ours = focused.is_none_or(|id| self.study_buttons.iter().any(|(b, _)| *b == id));
        let on_page = ours || focused.is_some_and(|id| self.topic_buttons.contains(&id));
        // ← and → step through the topics in reading order (egui's own
        // move goes by position and can jump to the row above).
        let topic_at = focused.and_then(|id| self.topic_buttons.iter().position(|b| *b == id));
        if let Some(at) = topic_at {
            let step = ui.input_mut(|i| {
                if i.consume_key(Modifiers::NONE, Key::ArrowRight) {
                    Some(Some(at + 1))
                } else if i.consume_key(Modifiers::NONE, Key::ArrowLeft) {
                    Some(at.checked_sub(1))
                } else {
                    None
                }
            });
            if let Some(step) = step {
                // In place of egui's own move, also at either end.
                ui.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
                if let Some(&next) = step.and_then(|to| self.topic_buttons.get(to)) {
                    ui.memory_mut(|m| m.request_focus(next));
                }
            }
        }
        let page = self.rows_in_view.max(1);
        let last = rows.saturating_sub(1);
        let stats = ours && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::S));
        if stats {
            return Some(Action::OpenStats(scope_of(self.selected)));
        }
        let browse = ours && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::B));
        if browse {
            return Some(Action::OpenBrowser(String::new()));
        }
        let test = ours && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::T));
        if test {
            return Some(Action::OpenTest(scope_of(self.selected)));
        }
        let more = ours && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::M));
        if more {
            return Some(Action::OpenMore(scope_of(self.selected), 7));
        }
        let preview = ours && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::P));
        if preview {
            return Some(Action::OpenPreview(self.selected.checked_sub(1)));
        }
        let (to, enter) = ui.input_mut(|i| {
            // Home and End: `on_page`; the others: `ours`.
            let mut key = |k, on: bool| on && i.consume_key(Modifiers::NONE, k);
            let to = if key(Key::Home, on_page) {
                Some(0)
            } else if key(Key::End, on_page) {
                // The foot of the page: the last topic, or the last deck.
                Some(usize::MAX)
            } else if key(Key::ArrowUp, ours) {
                Some(self.selected.saturating_sub(1))
            } else if key(Key::ArrowDown, ours) {
                Some(self.selected + 1)
            } else if key(Key::PageUp, ours) {
                Some(self.selected.saturating_sub(page))
            } else if key(Key::PageDown, ours) {
                Some((self.selected + page).min(last))
            } else {
                None
            };
            (
                to,
                focused.is_none() && i.consume_key(Modifiers::NONE, Key::Enter),
            )
        });
        if let Some(to) = to {
            ui.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
            if to == usize::MAX {
                self.to_end = true;
                self.end_scrolled = false;
                self.focus_selected = false;
            } else if to < rows {
                self.cancel_end();
                self.selected = to;
                self.focus_selected = true;
            } else if let Some(&first_topic) = self.topic_buttons.first() {
                // ↓ from the last deck: on to the topics.
                ui.memory_mut(|m| m.request_focus(first_topic));
            } else {
                self.focus_selected = true;
            }
        }
        enter.then_some(Action::Study(scope_of(self.selected)))
    }

    fn store_banner(&self, ui: &mut Ui, problem: &str, action: &mut Option<Action>) {
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.5, style::bad(ui)))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new("Your progress cannot be saved right now")
                        .strong()
                        .color(style::bad(ui)),
                );
                ui.label(problem);
                if ui.button("Try again").clicked() {
                    *action = Some(Action::RetryStore);
                }
            });
        ui.add_space(8.0);
    }

    fn row(
        &mut self,
        ui: &mut Ui,
        row: usize,
        title: &str,
        description: &str,
        counts: Option<&DeckCounts>,
        can_study: bool,
    ) -> Option<Action> {
        // The row's place (the scope it is drawn in).
        let place = ui.max_rect();
        let selected = self.selected == row;
        let stroke = if selected && self.row_has_keyboard {
            egui::Stroke::new(2.0, style::accent(ui))
        } else {
            ui.visuals().widgets.noninteractive.bg_stroke
        };
        let mut action = None;
        egui::Frame::group(ui.style())
            .stroke(stroke)
            .inner_margin(12)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.vertical(|ui| {
                        ui.set_width((ui.available_width() - 140.0).max(120.0));
                        ui.add(
                            egui::Label::new(RichText::new(title).strong().size(19.0)).truncate(),
                        );
                        // Two lines for every description, so that every
                        // row has the same height; longer ones end in "…"
                        // and show in full on hover.
                        let lines = 2.0 * ui.text_style_height(&egui::TextStyle::Body);
                        ui.allocate_ui(egui::vec2(ui.available_width(), lines), |ui| {
                            ui.set_min_height(lines);
                            ui.add(egui::Label::new(two_lines(ui, description)));
                        });
                        ui.label(
                            counts.map_or_else(
                                || "your progress is not open".to_string(),
                                counts_line,
                            ),
                        );
                    });
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let button = ui.add_enabled(
                            can_study,
                            egui::Button::new("Study").min_size(egui::vec2(96.0, 36.0)),
                        );
                        // Screen readers (and tests) hear which deck the button studies.
                        let label = format!("Study {title}");
                        button.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, can_study, &label)
                        });
                        self.study_buttons.push((button.id, row));
                        if self.focus_selected && selected {
                            // The whole row into view, by the least scroll.
                            ui.scroll_to_rect(place, None);
                            ui.ctx().request_repaint();
                            // egui drops the focus of a widget outside the
                            // view: focus it once it is in view.
                            if ui.clip_rect().contains_rect(button.rect) {
                                button.request_focus();
                                self.focus_selected = false;
                            }
                        }
                        if button.has_focus() && !self.focus_selected {
                            // The focus chooses the row (unless the arrows
                            // just chose another, which takes the focus
                            // when drawn).
                            self.selected = row;
                        }
                        if button.clicked() {
                            self.selected = row;
                            action = Some(Action::Study(scope_of(row)));
                        }
                    });
                });
            });
        action
    }
}

/// `text` in the weak colour, wrapped to at most two lines.
fn two_lines(ui: &Ui, text: &str) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::simple(
        text.to_owned(),
        egui::TextStyle::Body.resolve(ui.style()),
        ui.visuals().weak_text_color(),
        ui.available_width(),
    );
    job.wrap.max_rows = 2;
    job.wrap.overflow_character = Some('…');
    job
}

fn scope_of(row: usize) -> Scope {
    match row {
        0 => Scope::All,
        n => Scope::Deck(n - 1),
    }
}

pub fn sum_counts(counts: &[DeckCounts]) -> DeckCounts {
    counts
        .iter()
        .fold(DeckCounts::default(), |sum, c| sum.plus(*c))
}

/// "3 due · 20 new today · 2 again today · 12 of 24 studied": today's work,
/// then how much of the deck has been studied at all.
fn counts_line(c: &DeckCounts) -> String {
    let mut line = format!("{} due · {} new today", c.due_today, c.new_today);
    if c.repeats_today > 0 {
        line.push_str(&format!(" · {} again today", c.repeats_today));
    }
    line.push_str(&format!(" · {} of {} studied", c.studied(), c.cards));
    line
}

/// "Today: 38 due · 20 new · streak 3 days · tomorrow 12 due".
fn today_line(data: &HomeData) -> String {
    let t = &data.total;
    let mut line = format!("Today: {} due", t.due_today);
    if t.repeats_today > 0 {
        line.push_str(&format!(" · {} again today", t.repeats_today));
    }
    line.push_str(&format!(" · {} new", t.new_today));
    if let Some(streak) = data.streak {
        line.push_str(&format!(
            " · streak {} day{}",
            streak.current,
            if streak.current == 1 { "" } else { "s" }
        ));
    }
    line.push_str(&format!(" · tomorrow {} due", data.tomorrow));
    if t.suspended > 0 {
        line.push_str(&format!(" · {} suspended", t.suspended));
    }
    if t.buried > 0 {
        line.push_str(&format!(" · {} buried", t.buried));
    }
    line
}

/// The exam's line: when it is and what it takes; `true` when it warns.
fn exam_line(exam: &crate::plan::ExamOutlook) -> (String, bool) {
    let date = exam.exam.date().strftime("%a %-d %b");
    let when = match exam.days_left {
        0 => "today".to_string(),
        1 => format!("tomorrow ({date})"),
        n => format!("in {n} days ({date})"),
    };
    let extra = match exam.extra_today {
        0 => String::new(),
        n => format!(
            " · {n} extra review{} today of cards due after it",
            if n == 1 { "" } else { "s" }
        ),
    };
    match (exam.days_left, exam.new_a_day) {
        (0, _) => (format!("Exam today. Good luck!{extra}"), false),
        (_, Some(0)) => (
            format!("Exam {when}: every card has been started; keep up with the reviews{extra}"),
            false,
        ),
        (_, Some(n)) => (
            format!(
                "Exam {when}: {n} new a day at least sees all {} new cards twice before it; today brings {}{extra}",
                exam.unseen, exam.new_today
            ),
            false,
        ),
        (_, None) => (
            format!(
                "Exam {when}: {} cards never studied cannot be seen twice before it; review what you have started{extra}",
                exam.unseen
            ),
            true,
        ),
    }
}

/// "Study one topic": a button per tag, across all decks.
fn topics(
    ui: &mut Ui,
    library: &Library,
    can_study: bool,
    buttons: &mut Vec<egui::Id>,
) -> Option<Action> {
    buttons.clear();
    if library.topics.is_empty() {
        return None;
    }
    let mut action = None;
    ui.add_space(10.0);
    ui.label(RichText::new("Study one topic").strong().size(19.0));
    ui.label(
        RichText::new(
            "Every card of the topic, from all decks; listed under the deck that names it.",
        )
        .weak(),
    );
    // Topics come deck by deck: a heading for each deck's group.
    let mut start = 0;
    while start < library.topics.len() {
        let deck = library.topics[start].deck;
        let end = library.topics[start..]
            .iter()
            .position(|t| t.deck != deck)
            .map_or(library.topics.len(), |n| start + n);
        ui.add_space(6.0);
        if let Some(d) = library.decks.get(deck) {
            ui.label(RichText::new(&d.title).small().weak());
        }
        ui.horizontal_wrapped(|ui| {
            for (index, topic) in library.topics.iter().enumerate().take(end).skip(start) {
                let label = format!("{} · {}", topic.label(), topic.cards);
                let button = ui
                    .add_enabled(can_study, egui::Button::new(label))
                    .on_hover_text(format!("tag: {}", topic.name));
                buttons.push(button.id);
                if button.gained_focus() {
                    // Reached by Tab or the arrows: into view, all of it.
                    button.scroll_to_me(None);
                }
                if button.clicked() {
                    action = Some(Action::Study(Scope::Topic(index)));
                }
            }
        });
        start = end;
    }
    ui.add_space(8.0);
    action
}

fn broken_row(ui: &mut Ui, broken: &crate::deck::BrokenDeck) {
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.5, style::bad(ui)))
        .inner_margin(12)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let name = broken.path.file_name().map_or_else(
                || broken.path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            ui.label(
                RichText::new(format!("{name} cannot be loaded"))
                    .strong()
                    .color(style::bad(ui)),
            );
            for problem in broken.problems.iter().take(5) {
                ui.label(RichText::new(problem.to_string()).monospace());
            }
            if broken.problems.len() > 5 {
                ui.label(
                    RichText::new(format!("… and {} more problems", broken.problems.len() - 5))
                        .weak(),
                );
            }
        });
    ui.add_space(6.0);
}

/// Cards became leeches: say so once, with the way to see them.
fn leech_notice(ui: &mut Ui, leeches: usize) -> Option<Action> {
    let mut action = None;
    let text = match leeches {
        1 => "A card became a leech: forgotten again and again, it is suspended so it stops costing you time. Rewrite it, split it or study it apart, then unsuspend it in the browser.".to_string(),
        n => format!("{n} cards became leeches: forgotten again and again, they are suspended so they stop costing you time. Rewrite them, split them or study them apart, then unsuspend them in the browser."),
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(RichText::new(text).color(style::bad(ui)));
        ui.horizontal(|ui| {
            if ui.button("Show the leeches").clicked() {
                action = Some(Action::OpenBrowser("is:leech".to_string()));
            }
            if ui.button("OK").clicked() {
                action = Some(Action::DismissLeeches);
            }
        });
    });
    action
}
