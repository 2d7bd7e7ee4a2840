//! The practice test (T from home): choose what it covers, how many
//! questions and whether it is timed; answer question after question, the
//! kinds in turn; then the score, the time, and every question with the
//! answer given, the right one, the worked solution and the message of a
//! usual mistake, with a way to put the mistakes into today's reviews.
//! The questions and their checking are [`crate::exam`]'s; answers are
//! logged as practice and move no card's schedule.

use egui::{Key, Modifiers, RichText, Ui};
use jiff::{SignedDuration, Timestamp};

use super::Action;
use super::style;
use crate::deck::Library;
use crate::drill::Outcome;
use crate::exam::{Answered, Given, Kind, Question, Score};
use crate::plan::Scope;

/// The questions a test may have.
pub const QUESTIONS: std::ops::RangeInclusive<usize> = 1..=200;
/// Minutes a timed test may last (0: not timed).
pub const MINUTES: std::ops::RangeInclusive<u32> = 0..=240;

fn answer_box_id() -> egui::Id {
    egui::Id::unique("test-answer")
}

/// Choosing a test.
pub struct TestSetup {
    pub scope: Scope,
    pub scopes: Vec<(Scope, String)>,
    pub questions: usize,
    pub minutes: u32,
    /// Cards in each scope, for "20 of 48 cards".
    pub cards: Vec<usize>,
}

impl TestSetup {
    fn pool_size(&self) -> usize {
        self.scopes
            .iter()
            .position(|(s, _)| *s == self.scope)
            .and_then(|i| self.cards.get(i))
            .copied()
            .unwrap_or(0)
    }

    pub fn ui(&mut self, ui: &mut Ui) -> Option<Action> {
        let mut action = None;
        let (escape, enter) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::Escape),
                i.consume_key(Modifiers::COMMAND, Key::Enter),
            )
        });
        if escape {
            return Some(Action::Home);
        }
        let start = Action::StartTest {
            scope: self.scope,
            questions: self.questions,
            minutes: self.minutes,
        };
        if enter && self.pool_size() > 0 {
            return Some(start);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(super::widgets::scroll_salt(ui, "test-setup"))
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.add_space(12.0);
                    ui.horizontal(|ui| {
                        if super::widgets::back_to_decks(ui) {
                            action = Some(Action::Home);
                        }
                        ui.heading("Practice test");
                    });
                    ui.label(
                        RichText::new(
                            "Questions of every kind in turn: name a term, pick or write a definition, choice questions, lists to write out, calculations with fresh numbers. Your answers are kept as practice: no card's schedule changes.",
                        )
                        .weak(),
                    );
                    ui.add_space(12.0);
                    egui::Grid::new("test-setup")
                        .num_columns(2)
                        .spacing([24.0, 14.0])
                        .show(ui, |ui| {
                            let label = ui.label("Questions from");
                            self.scope = super::widgets::scope_picker(
                                ui,
                                "test-scope",
                                &label,
                                280.0,
                                &self.scopes,
                                self.scope,
                            );
                            ui.end_row();

                            let label = ui.label("How many questions");
                            ui.horizontal(|ui| {
                                ui.add(egui::DragValue::new(&mut self.questions).range(QUESTIONS))
                                    .labelled_by(label.id);
                                let pool = self.pool_size();
                                let s = |n: usize| if n == 1 { "" } else { "s" };
                                ui.label(
                                    RichText::new(if self.questions > pool {
                                        format!("only {pool} card{} there: {pool} question{}", s(pool), s(pool))
                                    } else {
                                        // Home counts a two-way term twice (one card
                                        // each way); a test asks it once.
                                        format!("drawn from {pool} card{}, a two-way term counted once", s(pool))
                                    })
                                    .weak(),
                                );
                            });
                            ui.end_row();

                            let label = ui.label("Time limit (minutes)");
                            ui.horizontal(|ui| {
                                ui.add(egui::DragValue::new(&mut self.minutes).range(MINUTES))
                                    .labelled_by(label.id);
                                ui.label(
                                    RichText::new(if self.minutes == 0 {
                                        "0: not timed".to_string()
                                    } else {
                                        "the test ends when the time is up".to_string()
                                    })
                                    .weak(),
                                );
                            });
                            ui.end_row();
                        });
                    ui.add_space(16.0);
                    let ready = self.pool_size() > 0;
                    ui.horizontal(|ui| {
                        let button = ui.add_enabled(
                            ready,
                            egui::Button::new("Start the test  (Ctrl+Enter)")
                                .min_size(egui::vec2(220.0, 36.0)),
                        );
                        if button.clicked() {
                            action = Some(start.clone());
                        }
                        if !ready {
                            ui.label(RichText::new("No card there to ask.").color(style::bad(ui)));
                        }
                    });
                });
        });
        action
    }
}

/// A test under way.
pub struct TestScreen {
    pub title: String,
    pub questions: Vec<Question>,
    pub answers: Vec<Option<Answered>>,
    /// The question on screen.
    pub at: usize,
    /// What is typed into the answer box.
    pub typed: String,
    /// Options chosen, by their place as shown.
    pub picked: Vec<usize>,
    pub started: Timestamp,
    /// When the question on screen was shown, for the time it took.
    pub shown_at: Timestamp,
    pub limit: Option<SignedDuration>,
    /// What the test covers, for another one.
    pub scope: Scope,
    /// Why Enter did nothing.
    note: Option<String>,
    focus: bool,
}

impl TestScreen {
    pub fn new(
        title: String,
        questions: Vec<Question>,
        now: Timestamp,
        limit: Option<SignedDuration>,
    ) -> Self {
        let answers = vec![None; questions.len()];
        Self {
            title,
            questions,
            answers,
            at: 0,
            typed: String::new(),
            picked: Vec::new(),
            started: now,
            shown_at: now,
            limit,
            scope: Scope::All,
            note: None,
            focus: true,
        }
    }

    /// The test after the decks were reloaded: questions whose card is
    /// gone leave it (answered ones too).
    pub fn remap(&mut self, library: &Library) {
        let mut at = self.at;
        let mut kept_questions = Vec::new();
        let mut kept_answers = Vec::new();
        for (index, (mut q, answer)) in std::mem::take(&mut self.questions)
            .into_iter()
            .zip(std::mem::take(&mut self.answers))
            .enumerate()
        {
            if q.remap(library) {
                kept_questions.push(q);
                kept_answers.push(answer);
            } else if index < self.at {
                at -= 1;
            }
        }
        self.questions = kept_questions;
        self.answers = kept_answers;
        self.at = at.min(self.questions.len());
    }

    /// The question on screen.
    pub fn current(&self) -> Option<&Question> {
        self.questions.get(self.at)
    }

    /// What the learner has given for the question on screen.
    pub fn given(&self) -> Given {
        match self.current() {
            Some(q) if q.typed() && !self.typed.trim().is_empty() => {
                Given::Typed(self.typed.clone())
            }
            Some(q) if q.typed() => Given::Nothing,
            Some(_) if !self.picked.is_empty() => Given::Picked(self.picked.clone()),
            _ => Given::Nothing,
        }
    }

    /// The answer to the question on screen is in: on to the next.
    pub fn answered(&mut self, answered: Answered, now: Timestamp) {
        if let Some(slot) = self.answers.get_mut(self.at) {
            *slot = Some(answered);
        }
        self.at += 1;
        self.typed.clear();
        self.picked.clear();
        self.shown_at = now;
        self.note = None;
        self.focus = true;
    }

    /// Every question answered.
    pub fn is_over(&self, now: Timestamp) -> bool {
        self.at >= self.questions.len()
            || self
                .limit
                .is_some_and(|limit| now.duration_since(self.started) >= limit)
    }

    fn pick(&mut self, shown: usize, multiple: bool) {
        if multiple {
            match self.picked.iter().position(|&p| p == shown) {
                Some(at) => {
                    self.picked.remove(at);
                }
                None => {
                    self.picked.push(shown);
                    self.picked.sort_unstable();
                }
            }
        } else {
            self.picked = vec![shown];
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, library: &Library, now: Timestamp) -> Option<Action> {
        let mut action = None;
        let Some(question) = self.current().cloned() else {
            return Some(Action::EndTest);
        };
        let multiple = !question.typed() && question.answer.contains(',');
        let (escape, enter, letter) = ui.input_mut(|i| {
            let letter = if question.typed() {
                None
            } else {
                (0..question.options.len()).find(|&n| {
                    let name = crate::deck::option_letter(n).to_string();
                    Key::from_name(&name).is_some_and(|key| i.consume_key(Modifiers::NONE, key))
                })
            };
            (
                i.consume_key(Modifiers::NONE, Key::Escape),
                i.consume_key(Modifiers::NONE, Key::Enter),
                letter,
            )
        });
        if escape {
            return Some(Action::EndTest);
        }
        if let Some(shown) = letter {
            self.pick(shown, multiple);
            self.note = None;
        }
        if enter {
            if self.given() == Given::Nothing {
                self.note = Some(if question.typed() {
                    "Type an answer first, or Skip to leave it unanswered.".to_string()
                } else {
                    "Choose an option first (its letter), or Skip to leave it unanswered."
                        .to_string()
                });
            } else {
                return Some(Action::AnswerTest(self.given()));
            }
        }
        egui::Panel::top("test-top").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui
                    .button("End the test")
                    .on_hover_text(
                        "See the results now; questions not reached count as unanswered (Esc)",
                    )
                    .clicked()
                {
                    action = Some(Action::EndTest);
                }
                ui.label(RichText::new(&self.title).strong());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let spent = now.duration_since(self.started);
                    let clock = match self.limit {
                        Some(limit) => format!("{} left", clock(limit - spent)),
                        None => clock(spent),
                    };
                    ui.label(format!(
                        "Question {} of {} · {clock}",
                        self.at + 1,
                        self.questions.len()
                    ));
                });
            });
            let fraction = self.at as f32 / self.questions.len().max(1) as f32;
            ui.add(egui::ProgressBar::new(fraction).desired_height(4.0));
            ui.add_space(4.0);
        });
        if self.limit.is_some() {
            // The time left counts down.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(500));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                // Each question opens at its top.
                .id_salt((super::widgets::scroll_salt(ui, "test-question"), self.at))
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let width = ui.available_width().min(style::READING_WIDTH);
                    ui.vertical_centered(|ui| {
                        ui.set_max_width(width);
                        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                            if let Some(a) = self.question(ui, &question, library, multiple) {
                                action = Some(a);
                            }
                        });
                    });
                });
        });
        action
    }

    fn question(
        &mut self,
        ui: &mut Ui,
        q: &Question,
        library: &Library,
        multiple: bool,
    ) -> Option<Action> {
        let mut action = None;
        ui.add_space(18.0);
        let deck = &library.decks[q.at.0].title;
        ui.label(RichText::new(format!("{deck} · {}", q.task)).small().weak());
        ui.add_space(6.0);
        ui.label(RichText::new(&q.prompt).size(style::PROMPT_SIZE).strong());
        ui.add_space(14.0);
        if q.typed() {
            let label = ui.label(RichText::new("Your answer").small().weak());
            let hint = match q.kind {
                Kind::Term => "the term",
                Kind::Definition => "the definition, or its key words",
                Kind::List => "the items, separated by commas",
                _ => "e.g. 45, 12.5%, $1,250",
            };
            let edit = egui::TextEdit::singleline(&mut self.typed)
                .id(answer_box_id())
                .hint_text(hint)
                .desired_width(ui.available_width().min(520.0))
                .font(egui::TextStyle::Heading);
            let response = ui.add(edit).labelled_by(label.id);
            if std::mem::take(&mut self.focus) {
                response.request_focus();
            }
        } else {
            for (shown, option) in q.options.iter().enumerate() {
                let chosen = self.picked.contains(&shown);
                let text = if chosen {
                    format!("✔ {option}")
                } else {
                    option.clone()
                };
                let button = egui::Button::new(RichText::new(text).size(18.0))
                    .selected(chosen)
                    .min_size(egui::vec2(ui.available_width(), 36.0));
                if ui.add(button).clicked() {
                    self.pick(shown, multiple);
                }
            }
            ui.label(
                RichText::new(if multiple {
                    "Choose every right answer (letters toggle), then Enter."
                } else {
                    "Choose with a letter or a click, then Enter."
                })
                .small()
                .weak(),
            );
        }
        if let Some(note) = &self.note {
            ui.label(RichText::new(note).color(style::bad(ui)));
        }
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            let given = self.given();
            if ui
                .add_enabled(
                    given != Given::Nothing,
                    egui::Button::new("Answer  (Enter)").min_size(egui::vec2(160.0, 36.0)),
                )
                .clicked()
            {
                action = Some(Action::AnswerTest(given));
            }
            if ui
                .button("Skip")
                .on_hover_text("Leave it unanswered and go on")
                .clicked()
            {
                action = Some(Action::AnswerTest(Given::Nothing));
            }
        });
        action
    }
}

/// "4:05", "1:02:09".
fn clock(duration: SignedDuration) -> String {
    let seconds = duration.as_secs().max(0);
    if seconds >= 3600 {
        format!(
            "{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    } else {
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }
}

/// A test's results.
pub struct TestResults {
    pub title: String,
    pub questions: Vec<Question>,
    pub answers: Vec<Option<Answered>>,
    pub took: SignedDuration,
    /// The mistakes were added to today's reviews.
    pub added: Option<String>,
    /// What the test covered, for another one.
    pub scope: Scope,
}

impl TestResults {
    /// The results after the decks were reloaded: questions whose card is
    /// gone leave them.
    pub fn remap(&mut self, library: &Library) {
        let pairs: Vec<(Question, Option<Answered>)> = std::mem::take(&mut self.questions)
            .into_iter()
            .zip(std::mem::take(&mut self.answers))
            .filter_map(|(mut q, a)| q.remap(library).then_some((q, a)))
            .collect();
        (self.questions, self.answers) = pairs.into_iter().unzip();
    }

    pub fn score(&self) -> Score {
        Score::of(&self.answers)
    }

    /// The questions answered wrong or close, or skipped (not those the
    /// test ended before).
    pub fn mistakes(&self) -> usize {
        self.answers
            .iter()
            .flatten()
            .filter(|a| a.outcome != Outcome::Right)
            .count()
    }

    pub fn ui(&mut self, ui: &mut Ui) -> Option<Action> {
        let mut action = ui
            .input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
            .then_some(Action::Home);
        let score = self.score();
        egui::Panel::top("results-top").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                if super::widgets::back_to_decks(ui) {
                    action = Some(Action::Home);
                }
                ui.heading("Test results");
                ui.label(RichText::new(&self.title).weak());
            });
            ui.label(
                RichText::new(format!(
                    "{:.0}% · {} right, {} close, {} wrong, {} unanswered of {} · in {}",
                    score.percent(),
                    score.right,
                    score.close,
                    score.wrong,
                    score.unanswered,
                    score.total,
                    minutes_and_seconds(self.took)
                ))
                .size(18.0)
                .strong(),
            );
            ui.horizontal_wrapped(|ui| {
                let mistakes = self.mistakes();
                if mistakes > 0 && self.added.is_none() {
                    let label = format!("Add the {mistakes} I missed to today's reviews");
                    if ui
                        .button(label)
                        .on_hover_text(
                            "The questions answered wrong or close, or skipped: their cards come up today; their schedules stay their own",
                        )
                        .clicked()
                    {
                        action = Some(Action::AddTestMistakes);
                    }
                }
                if ui.button("Another test").clicked() {
                    action = Some(Action::OpenTest(self.scope));
                }
                if let Some(added) = &self.added {
                    ui.label(RichText::new(added).color(style::good(ui)));
                }
            });
            ui.add_space(4.0);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(super::widgets::scroll_salt(ui, "test-results"))
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    super::study::scroll_by_keys(ui);
                    ui.set_max_width(ui.available_width().min(style::READING_WIDTH + 120.0));
                    for (q, answer) in self.questions.iter().zip(&self.answers) {
                        result(ui, q, answer.as_ref());
                    }
                    ui.add_space(24.0);
                });
        });
        action
    }
}

/// "3 min 12 s", "45 s".
fn minutes_and_seconds(duration: SignedDuration) -> String {
    let seconds = duration.as_secs().max(0);
    match seconds / 60 {
        0 => format!("{seconds} s"),
        m => format!("{m} min {} s", seconds % 60),
    }
}

/// One question in the results.
fn result(ui: &mut Ui, q: &Question, answer: Option<&Answered>) {
    ui.add_space(10.0);
    let (word, color) = match answer.map(|a| (a.outcome, a.shown.as_str())) {
        None | Some((_, "(no answer)")) => ("Unanswered", style::missed(ui)),
        Some((Outcome::Right, _)) => ("✔ Right", style::good(ui)),
        Some((Outcome::Close, _)) => ("Close", style::missed(ui)),
        Some((Outcome::Wrong, _)) => ("✖ Wrong", style::bad(ui)),
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{}.", q.number)).strong());
        ui.label(RichText::new(word).strong().color(color));
        ui.label(RichText::new(&q.task).weak());
    });
    ui.label(RichText::new(&q.prompt).size(17.0));
    for option in &q.options {
        ui.label(format!("    {option}"));
    }
    let given = answer.map_or("(not answered)", |a| a.shown.as_str());
    ui.label(format!("Your answer: {given}"));
    // A choice's letters, with their text.
    let right = if q.options.is_empty() {
        q.answer.clone()
    } else {
        q.answer
            .split(", ")
            .filter_map(|letter| {
                q.options
                    .iter()
                    .find(|o| o.starts_with(&format!("{letter}.")))
            })
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ")
    };
    ui.label(RichText::new(format!("Right answer: {right}")).strong());
    if let Some(note) = answer.and_then(|a| a.note.as_deref()) {
        ui.label(RichText::new(note).color(color));
    }
    if q.kind != Kind::List && !q.solution.is_empty() {
        for line in &q.solution {
            ui.label(RichText::new(line).weak());
        }
    }
    ui.separator();
}
