//! Study more (M from home, or from the done screen): beyond the day's
//! work, review the cards due in the next days, practise every card of a
//! deck or topic (learned ones too), or practise its drills with fresh
//! numbers round after round. Answers are logged as practice: no card's
//! schedule moves.

use egui::{Key, Modifiers, RichText, Ui};

use super::Action;
use crate::plan::{Practice, Scope};

/// Days ahead the review may reach.
pub const AHEAD_DAYS: std::ops::RangeInclusive<u32> = 1..=60;

pub struct MoreScreen {
    pub scope: Scope,
    pub scopes: Vec<(Scope, String)>,
    pub days: u32,
    /// For each scope: (cards due in the next `days` days, cards, drills).
    pub counts: Vec<(usize, usize, usize)>,
    /// The `days` the `counts` were made for.
    pub counted_days: u32,
}

impl MoreScreen {
    fn counts(&self) -> (usize, usize, usize) {
        self.scopes
            .iter()
            .position(|(s, _)| *s == self.scope)
            .and_then(|i| self.counts.get(i))
            .copied()
            .unwrap_or_default()
    }

    pub fn ui(&mut self, ui: &mut Ui) -> Option<Action> {
        let mut action = ui
            .input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
            .then_some(Action::Home);
        if self.days != self.counted_days {
            action = Some(Action::OpenMore(self.scope, self.days));
        }
        let (ahead, cards, drills) = self.counts();
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(super::widgets::scroll_salt(ui, "more"))
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.add_space(12.0);
                    ui.horizontal(|ui| {
                        if super::widgets::back_to_decks(ui) {
                            action = Some(Action::Home);
                        }
                        ui.heading("Study more");
                    });
                    ui.label(
                        RichText::new(
                            "Beyond today's work. Answers here are kept as practice: no card's next review moves.",
                        )
                        .weak(),
                    );
                    ui.add_space(12.0);
                    ui.horizontal(|ui| {
                        let label = ui.label("Cards from");
                        self.scope = super::widgets::scope_picker(
                            ui,
                            "more-scope",
                            &label,
                            280.0,
                            &self.scopes,
                            self.scope,
                        );
                    });
                    ui.add_space(14.0);

                    ui.label(RichText::new("Review ahead").strong().size(18.0));
                    ui.horizontal_wrapped(|ui| {
                        let label = ui.label("Cards due in the next");
                        ui.add(egui::DragValue::new(&mut self.days).range(AHEAD_DAYS))
                            .labelled_by(label.id);
                        ui.label(format!(
                            "days: {ahead} card{}",
                            if ahead == 1 { "" } else { "s" }
                        ));
                        if ui
                            .add_enabled(ahead > 0, egui::Button::new("Review them"))
                            .on_hover_text("They stay due on their own day")
                            .clicked()
                        {
                            action = Some(Action::StartPractice(
                                self.scope,
                                Practice::Ahead(self.days),
                            ));
                        }
                    });
                    ui.add_space(12.0);

                    ui.label(RichText::new("Practise every card").strong().size(18.0));
                    ui.horizontal_wrapped(|ui| {
                        ui.label(format!(
                            "All {cards} card{} there, learned ones too, in a mixed order.",
                            if cards == 1 { "" } else { "s" }
                        ));
                        if ui
                            .add_enabled(cards > 0, egui::Button::new("Practise"))
                            .clicked()
                        {
                            action = Some(Action::StartPractice(self.scope, Practice::Cards));
                        }
                    });
                    ui.add_space(12.0);

                    ui.label(RichText::new("Drill practice").strong().size(18.0));
                    ui.horizontal_wrapped(|ui| {
                        ui.label(format!(
                            "{drills} drill{}, mixed, with fresh numbers every time, round after round until you stop (Esc).",
                            if drills == 1 { "" } else { "s" }
                        ));
                        if ui
                            .add_enabled(drills > 0, egui::Button::new("Practise drills"))
                            .clicked()
                        {
                            action = Some(Action::StartPractice(self.scope, Practice::Drills));
                        }
                    });
                });
        });
        action
    }
}
