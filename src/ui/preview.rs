//! Preview (P from home): every card of a deck (or of all decks) as the
//! learner sees it, drills with three draws each, their answers, worked
//! solutions, hints and the messages of their usual mistakes; and the
//! problems of any deck file that does not load, where they are. For
//! instructors writing decks: with live reload, a saved file shows here
//! at once.

use egui::{Key, Modifiers, RichText, Ui};

use super::Action;
use super::style;
use crate::deck::{Library, Problem};
use crate::preview::Shown;

pub struct PreviewScreen {
    pub title: String,
    /// Which decks: `None` for all.
    pub deck: Option<usize>,
    shown: Vec<Shown>,
    problems: Vec<Problem>,
}

impl PreviewScreen {
    pub fn new(library: &Library, deck: Option<usize>) -> Self {
        let decks: Vec<crate::deck::Deck> = match deck.and_then(|d| library.decks.get(d)) {
            Some(d) => vec![d.clone()],
            None => library.decks.clone(),
        };
        let options = crate::preview::Options {
            draws: 3,
            ..crate::preview::Options::default()
        };
        let mut problems: Vec<Problem> = library.problems().cloned().collect();
        problems.extend(decks.iter().flat_map(crate::deck::Deck::drill_problems));
        Self {
            title: match deck.and_then(|d| library.decks.get(d)) {
                Some(d) => d.title.clone(),
                None => "All decks".to_string(),
            },
            deck,
            shown: crate::preview::preview(&decks, &options),
            problems,
        }
    }

    /// Cards (and draws) shown: for tests.
    pub fn shown(&self) -> usize {
        self.shown.len()
    }

    pub fn ui(&mut self, ui: &mut Ui) -> Option<Action> {
        let mut action = ui
            .input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
            .then_some(Action::Home);
        egui::Panel::top("preview-top").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                if super::widgets::back_to_decks(ui) {
                    action = Some(Action::Home);
                }
                ui.heading("Preview");
                ui.label(RichText::new(&self.title).strong());
                ui.label(
                    RichText::new("as the learner sees it · drills with three draws · saved edits show at once")
                        .weak(),
                );
            });
            ui.add_space(4.0);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(super::widgets::scroll_salt(ui, "preview"))
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    super::study::scroll_by_keys(ui);
                    ui.set_max_width(ui.available_width().min(style::READING_WIDTH + 120.0));
                    if !self.problems.is_empty() {
                        ui.add_space(8.0);
                        ui.label(
                            RichText::new(format!(
                                "{} problem{} in the deck files",
                                self.problems.len(),
                                if self.problems.len() == 1 { "" } else { "s" }
                            ))
                            .strong()
                            .color(style::bad(ui)),
                        );
                        for problem in &self.problems {
                            ui.label(RichText::new(problem.to_string()).color(style::bad(ui)));
                        }
                    }
                    for shown in &self.shown {
                        card(ui, shown);
                    }
                    ui.add_space(24.0);
                });
        });
        action
    }
}

fn card(ui: &mut Ui, shown: &Shown) {
    ui.add_space(10.0);
    ui.label(
        RichText::new(format!(
            "{}/{}{} · {}{}",
            shown.deck,
            shown.card,
            if shown.direction == "reverse" {
                " (reverse)"
            } else {
                ""
            },
            shown.kind,
            if shown.kind == "drill" || shown.kind == "choice" {
                format!(" · draw {}", shown.review + 1)
            } else {
                String::new()
            }
        ))
        .small()
        .weak(),
    );
    ui.label(RichText::new(&shown.prompt).size(18.0).strong());
    for option in &shown.options {
        ui.label(format!("    {option}"));
    }
    ui.label(RichText::new(format!("Answer: {}", shown.answer)).color(style::good(ui)));
    if shown.kind != "list" {
        for line in &shown.solution {
            ui.label(RichText::new(line).weak());
        }
    }
    for (n, hint) in shown.hints.iter().enumerate() {
        ui.label(RichText::new(format!("Hint {}: {hint}", n + 1)).color(style::missed(ui)));
    }
    for mistake in &shown.mistakes {
        ui.label(format!("If {}: {}", mistake.answer, mistake.feedback));
    }
    ui.separator();
}
