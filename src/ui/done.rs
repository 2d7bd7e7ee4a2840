//! "All done for today": what was done and when the next card is due.

use egui::{Key, Modifiers, RichText, Ui};

use super::Action;
use super::style;
use crate::plan::Scope;
use crate::sched::Day;
use crate::stats::overview::{DayActivity, Recall};

#[derive(Debug)]
pub struct DoneScreen {
    /// What was studied, for an undo to go back to.
    pub scope: Scope,
    pub title: String,
    pub answered: usize,
    /// The next day anything falls due, and how many then.
    pub next_due: Option<(Day, usize)>,
    /// Cards never studied: new ones arrive tomorrow.
    pub unseen: usize,
    pub today: Day,
    /// All of today, in all decks: answers, time, due reviews recalled
    /// (`None` while the log is being read).
    pub day: Option<(DayActivity, Recall)>,
    /// A practice session: how many of its answers were graded 3 or more.
    pub practice: Option<usize>,
}

impl DoneScreen {
    pub fn ui(&self, ui: &mut Ui, can_undo: bool) -> Option<Action> {
        let mut action = ui.input_mut(|i| {
            if i.consume_key(Modifiers::COMMAND, Key::Z) {
                return can_undo.then_some(Action::Undo);
            }
            if i.consume_key(Modifiers::NONE, Key::S) {
                return Some(Action::OpenStats(self.scope));
            }
            if i.consume_key(Modifiers::NONE, Key::T) {
                return Some(Action::OpenTest(self.scope));
            }
            if i.consume_key(Modifiers::NONE, Key::M) {
                return Some(Action::OpenMore(self.scope, 7));
            }
            (i.consume_key(Modifiers::NONE, Key::Escape)
                || i.consume_key(Modifiers::NONE, Key::Enter))
            .then_some(Action::Home)
        });
        egui::CentralPanel::default().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space((ui.available_height() * 0.2).min(160.0));
                ui.label(RichText::new("✔").size(48.0).color(style::good(ui)));
                ui.heading(if self.practice.is_some() {
                    "Practice done"
                } else {
                    "All done for today"
                });
                ui.add_space(6.0);
                ui.label(RichText::new(&self.title).weak());
                ui.add_space(12.0);
                if let Some(recalled) = self.practice {
                    ui.label(format!(
                        "You answered {} in practice; {recalled} graded 3 or more. No card's next review moved.",
                        self.answered
                    ));
                } else if self.answered > 0 {
                    ui.label(format!(
                        "You answered {} card{} in this session.",
                        self.answered,
                        plural(self.answered)
                    ));
                }
                if let Some((day, recall)) = self.day
                    && day.answers > 0
                {
                    let mut line = format!(
                        "Today in all: {} answer{} in {}",
                        day.answers,
                        plural(day.answers as usize),
                        super::stats::minutes(day.time_ms)
                    );
                    if let Some(rate) = recall.rate() {
                        line.push_str(&format!(
                            "; {:.0}% of due reviews recalled ({} of {})",
                            rate * 100.0,
                            recall.recalled,
                            recall.reviews
                        ));
                    }
                    line.push('.');
                    ui.label(line);
                }
                // After practice, today's own work may still be waiting:
                // home says what; the lines below are for a day's end.
                if self.practice.is_none() {
                    ui.label(self.next_line());
                }
                if self.unseen > 0 && self.practice.is_none() {
                    ui.label(format!(
                        "{} new card{} still to learn: more arrive tomorrow.",
                        self.unseen,
                        plural(self.unseen)
                    ));
                }
                ui.add_space(18.0);
                if ui
                    .add(egui::Button::new("Back to decks").min_size(egui::vec2(180.0, 40.0)))
                    .clicked()
                {
                    action = Some(Action::Home);
                }
                ui.label(RichText::new("Enter or Esc").small().weak());
                ui.add_space(6.0);
                ui.label(RichText::new("Study more").strong());
                ui.horizontal(|ui| {
                    // Centred: the two buttons' width, halved, from the middle.
                    ui.add_space((ui.available_width() - 420.0).max(0.0) / 2.0);
                    if ui
                        .button("Study more (M)")
                        .on_hover_text("Review ahead, practise every card of a deck or topic, or its drills")
                        .clicked()
                    {
                        action = Some(Action::OpenMore(self.scope, 7));
                    }
                    if ui
                        .button("Practice test (T)")
                        .on_hover_text(
                            "Questions of every kind, scored; no card's schedule changes",
                        )
                        .clicked()
                    {
                        action = Some(Action::OpenTest(self.scope));
                    }
                    if ui.button("Statistics (S)").clicked() {
                        action = Some(Action::OpenStats(self.scope));
                    }
                });
                if can_undo {
                    ui.add_space(8.0);
                    if ui
                        .button("Undo the last answer")
                        .on_hover_text("Ctrl+Z")
                        .clicked()
                    {
                        action = Some(Action::Undo);
                    }
                }
            });
        });
        action
    }

    fn next_line(&self) -> String {
        match self.next_due {
            None => "Nothing is scheduled yet: study new cards to start.".into(),
            Some((day, count)) => {
                let when = match day.days_since(self.today) {
                    1 => "tomorrow".to_string(),
                    n => format!("in {n} days"),
                };
                let date = day.date().strftime("%a %-d %b");
                format!(
                    "Next review {when} ({date}): {count} card{}.",
                    plural(count)
                )
            }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
