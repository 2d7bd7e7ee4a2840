//! Home: every deck with today's counts, and the broken deck files.
//!
//! Works by keyboard alone: ↑/↓ (or Tab) choose a row, Enter studies it.
//! Row 0 is "All decks"; row i + 1 is deck i.

use egui::{Key, Modifiers, RichText, Ui};

use super::Action;
use super::style;
use crate::deck::Library;
use crate::plan::{DeckCounts, Scope};

#[derive(Debug, Default)]
pub struct HomeScreen {
    /// The chosen row: 0 is "All decks", i + 1 is deck i.
    selected: usize,
    /// Move keyboard focus to the chosen row's button on the next frame.
    focus_selected: bool,
}

/// What home shows; computed when home opens, not per frame.
#[derive(Debug, Default)]
pub struct HomeData {
    pub counts: Vec<DeckCounts>,
    /// Why there is no progress store at all, if there is none.
    pub store_problem: Option<String>,
    /// The store is open for writing.
    pub can_study: bool,
    pub data_dir: String,
}

impl HomeScreen {
    /// Choose the first deck with work today, so Enter does the obvious thing.
    pub fn select_first_with_work(&mut self, data: &HomeData) {
        let total: usize = data.counts.iter().map(DeckCounts::left_today).sum();
        self.selected = if total > 0 {
            0
        } else {
            1.min(data.counts.len())
        };
    }

    pub fn ui(&mut self, ui: &mut Ui, library: &Library, data: &HomeData) -> Option<Action> {
        let rows = library.decks.len() + 1;
        let mut action = self.keys(ui, rows);

        egui::Panel::top("home-top").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                ui.heading("cardwise");
                ui.label(RichText::new("customer centricity, one day at a time").weak());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button("Settings").clicked() {
                        action = Some(Action::OpenSettings);
                    }
                });
            });
            ui.add_space(4.0);
        });
        egui::Panel::bottom("home-bottom").show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new("↑ ↓ choose · Enter study · Tab moves between buttons")
                        .small()
                        .weak(),
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(
                        RichText::new(format!("progress: {}", data.data_dir))
                            .small()
                            .weak(),
                    );
                });
            });
            ui.add_space(2.0);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                if let Some(problem) = &data.store_problem {
                    self.store_banner(ui, problem, &mut action);
                }
                let total = sum_counts(&data.counts);
                if let Some(a) = self.row(ui, 0, "All decks", "Everything due today, deck after deck.", &total, data.can_study) {
                    action = Some(a);
                }
                for (index, deck) in library.decks.iter().enumerate() {
                    let counts = data.counts.get(index).copied().unwrap_or_default();
                    if let Some(a) = self.row(ui, index + 1, &deck.title, &deck.description, &counts, data.can_study) {
                        action = Some(a);
                    }
                }
                for broken in &library.broken {
                    broken_row(ui, broken);
                }
                if let Some(a) = topics(ui, library, data.can_study) {
                    action = Some(a);
                }
                if library.decks.is_empty() && library.broken.is_empty() {
                    ui.label("No decks found. Start cardwise with --decks DIR to choose a deck folder.");
                }
            });
        });
        self.focus_selected = false;
        action
    }

    fn keys(&mut self, ui: &mut Ui, rows: usize) -> Option<Action> {
        // A focused button takes Enter itself (egui clicks it); arrows put
        // the focus on the chosen deck's Study button.
        let focused = ui.memory(|m| m.focused().is_some());
        let (up, down, enter) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                !focused && i.consume_key(Modifiers::NONE, Key::Enter),
            )
        });
        if up && self.selected > 0 {
            self.selected -= 1;
            self.focus_selected = true;
        }
        if down && self.selected + 1 < rows {
            self.selected += 1;
            self.focus_selected = true;
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
        counts: &DeckCounts,
        can_study: bool,
    ) -> Option<Action> {
        let selected = self.selected == row;
        let stroke = if selected {
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
                        ui.label(RichText::new(title).strong().size(19.0));
                        if !description.is_empty() {
                            ui.label(RichText::new(description).weak());
                        }
                        ui.label(counts_line(counts));
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
                        if self.focus_selected && selected {
                            button.request_focus();
                            button.scroll_to_me(Some(egui::Align::Center));
                        }
                        if button.gained_focus() {
                            self.selected = row;
                        }
                        if button.clicked() {
                            self.selected = row;
                            action = Some(Action::Study(scope_of(row)));
                        }
                    });
                });
            });
        ui.add_space(6.0);
        action
    }
}

fn scope_of(row: usize) -> Scope {
    match row {
        0 => Scope::All,
        n => Scope::Deck(n - 1),
    }
}

fn sum_counts(counts: &[DeckCounts]) -> DeckCounts {
    counts
        .iter()
        .fold(DeckCounts::default(), |a, c| DeckCounts {
            cards: a.cards + c.cards,
            unseen: a.unseen + c.unseen,
            learned: a.learned + c.learned,
            due_today: a.due_today + c.due_today,
            new_today: a.new_today + c.new_today,
            repeats_today: a.repeats_today + c.repeats_today,
        })
}

fn counts_line(c: &DeckCounts) -> String {
    let mut line = format!("{} due · {} new", c.due_today, c.new_today);
    if c.repeats_today > 0 {
        line.push_str(&format!(" · {} to repeat", c.repeats_today));
    }
    line.push_str(&format!(" · {} of {} learned", c.learned, c.cards));
    line
}

/// "Study one topic": a button per tag, across all decks.
fn topics(ui: &mut Ui, library: &Library, can_study: bool) -> Option<Action> {
    if library.topics.is_empty() {
        return None;
    }
    let mut action = None;
    ui.add_space(10.0);
    ui.label(RichText::new("Study one topic").strong().size(19.0));
    ui.label(RichText::new("Every card with the tag, from all decks.").weak());
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        for (index, topic) in library.topics.iter().enumerate() {
            let label = format!("{} · {}", topic.name, topic.cards);
            let button = ui.add_enabled(can_study, egui::Button::new(label));
            if button.clicked() {
                action = Some(Action::Study(Scope::Topic(index)));
            }
        }
    });
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
