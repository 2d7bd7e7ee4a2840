//! Study: one card at a time. Space or Enter reveals, 0–5 grades, Escape
//! goes home. A choice question is answered by clicking an option or
//! pressing its letter; a list card shows its items after the reveal; a
//! drill takes a typed number (Enter checks it) and then shows the worked
//! solution.

use egui::{Id, Key, Modifiers, RichText, Ui};
use jiff::Timestamp;

use super::Action;
use super::style;
use crate::deck::{Card, CardKind, option_letter};
use crate::drill::{Draw, DrillAnswer, Expected, Outcome};
use crate::key::{CardKey, Direction};
use crate::plan::{ItemRef, Session};
use crate::review::{Locked, Mark, Review};
use crate::sched::{CardProgress, Day, QUALITIES, Quality, Sm2State};
use crate::store::CardAction;

const DIGIT_KEYS: [Key; 6] = [
    Key::Num0,
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
];

fn answer_box_id() -> Id {
    Id::unique("drill-answer")
}

/// A key the study screen acted on.
enum Pressed {
    Do(Action),
    /// A grade key: given if the review allows it.
    Grade(Quality),
    /// Enter on a card the learner grades themselves: no grade to suggest.
    NoGrade,
}

/// Reviews the learner left before grading them, by card: a card checked,
/// left and studied again comes back checked (its verdict and the grades
/// it allows with it), not as a fresh question whose answer was just seen.
/// Kept while the app runs.
pub type LeftReviews = std::collections::HashMap<CardKey, Review>;

pub struct StudyScreen {
    pub session: Session,
    pub title: String,
    /// The card on screen and the review of it; made when it is first
    /// drawn (see [`StudyScreen::prepare`]).
    pub review: Option<(ItemRef, Review)>,
    /// When the current card was first shown, for the time taken.
    pub shown_at: Timestamp,
    /// Why the last grade could not be saved; the card stays until it is.
    pub save_error: Option<String>,
    /// Why the last grade key did nothing.
    pub note: Option<String>,
    /// Put the keyboard in the drill's answer box on the next frame.
    focus_answer: bool,
    /// Bring the answer into view in the next frames it is drawn (two:
    /// the grade bar appears with the answer and shortens the view once
    /// it is laid out).
    scroll_to_answer: u8,
    /// Terms and lists are typed and checked (the learner's setting).
    pub typing: bool,
}

/// What the study screen needs to draw the current card.
pub struct CardView<'a> {
    pub item: ItemRef,
    pub card: &'a Card,
    pub deck_title: &'a str,
    pub progress: Option<&'a CardProgress>,
    pub today: Day,
    /// An answer of today can be taken back.
    pub can_undo: bool,
}

impl StudyScreen {
    pub fn new(session: Session, title: String, now: Timestamp) -> Self {
        Self {
            session,
            title,
            review: None,
            shown_at: now,
            save_error: None,
            note: None,
            focus_answer: true,
            scroll_to_answer: 0,
            typing: false,
        }
    }

    /// Type the answers of terms and lists, or not: from the next card on,
    /// and for the card on screen if its answer is not showing yet.
    pub fn set_typing(&mut self, card: &Card, typing: bool) {
        self.typing = typing;
        if let Some(review) = self.current_mut() {
            review.answer_by_typing(card, typing);
        }
        self.focus_answer = typing;
    }

    /// Make sure the review on screen is of `item`, as answered `answers`
    /// times: a new card starts afresh, unless the learner left this very
    /// review earlier (in `left`: checked, hinted, picked or typed into), in
    /// which case it comes back as they left it; the same card keeps what
    /// the learner did with it.
    pub fn prepare(
        &mut self,
        item: ItemRef,
        card: &Card,
        key: &CardKey,
        answers: u32,
        left: &mut LeftReviews,
    ) {
        let mut fresh = Review::new(card, key, answers);
        fresh.answer_by_typing(card, self.typing);
        let same = self
            .review
            .as_ref()
            .is_some_and(|(shown, review)| *shown == item && review.seed() == fresh.seed());
        if !same {
            let review = match left.remove(key) {
                Some(kept) if kept.seed() == fresh.seed() => kept,
                _ => fresh,
            };
            self.scroll_to_answer = if review.is_revealed() {
                ANSWER_SCROLL_FRAMES
            } else {
                0
            };
            self.focus_answer = !review.is_revealed();
            self.review = Some((item, review));
        }
    }

    /// The session in `new`, a reload of `old`: a card gone leaves it, the
    /// card on screen keeps what was done with it unless its text changed.
    pub fn remap(&mut self, old: &crate::deck::Library, new: &crate::deck::Library) {
        self.session.remap(old, new);
        self.review = self.review.take().and_then(|(item, review)| {
            let moved = item.remap(old, new)?;
            let same = item.card(old).fingerprint() == moved.card(new).fingerprint();
            same.then_some((moved, review))
        });
        if self.review.is_none() {
            self.note = None;
            self.focus_answer = true;
        }
    }

    /// The review on screen, taken away as the learner leaves it.
    pub fn take_review(&mut self) -> Option<(ItemRef, Review)> {
        self.review.take()
    }

    /// The next card is up: forget everything about the last one.
    pub fn next_card(&mut self, now: Timestamp) {
        self.review = None;
        self.shown_at = now;
        self.save_error = None;
        self.note = None;
        self.focus_answer = true;
        self.scroll_to_answer = 0;
    }

    /// The review on screen.
    pub fn current(&self) -> Option<&Review> {
        self.review.as_ref().map(|(_, review)| review)
    }

    fn current_mut(&mut self) -> Option<&mut Review> {
        self.review.as_mut().map(|(_, review)| review)
    }

    /// The numbers of the current drill, if it drew them.
    pub fn current_draw(&self) -> Option<&Draw> {
        self.current().and_then(Review::draw)
    }

    /// Show the answer.
    pub fn reveal(&mut self) {
        self.note = None;
        if let Some(review) = self.current_mut() {
            review.reveal();
        }
        self.scroll_to_answer = ANSWER_SCROLL_FRAMES;
    }

    /// Check what was typed into a number drill.
    pub fn check_typed(&mut self, card: &Card) {
        self.note = None;
        // Nothing typed for a term or a list: Enter shows the answer, as
        // it does without typing; the learner grades it.
        let empty = self.current().is_some_and(|r| r.typed().trim().is_empty());
        if empty && matches!(card.kind, CardKind::Term { .. } | CardKind::List { .. }) {
            self.reveal();
            return;
        }
        if let Some(review) = self.current_mut() {
            review.check_typed(card);
            if review.is_revealed() {
                self.scroll_to_answer = ANSWER_SCROLL_FRAMES;
            } else {
                self.focus_answer = true;
            }
        }
    }

    /// Pick the option shown at `shown` (0 is A).
    pub fn pick(&mut self, card: &Card, shown: usize) {
        self.note = None;
        if let Some(review) = self.current_mut() {
            review.pick(card, shown);
            if review.is_revealed() {
                self.scroll_to_answer = ANSWER_SCROLL_FRAMES;
            }
        }
    }

    /// Whether `quality` may be given now; if not, the note says why.
    pub fn may_grade(&mut self, card: &Card, quality: Quality) -> bool {
        let checked = self
            .current()
            .map_or(Err(Locked::NotRevealed), |r| r.check_grade(card, quality));
        match checked {
            Ok(()) => true,
            Err(locked) => {
                self.note = Some(locked.explain(quality));
                false
            }
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, view: &CardView<'_>) -> Option<Action> {
        let mut action = self.keys(ui, view);

        egui::Panel::top("study-top").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if super::widgets::back_to_decks(ui) {
                    action = Some(Action::Home);
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let undo = ui
                        .add_enabled(view.can_undo, egui::Button::new("Undo"))
                        .on_hover_text("Take back the last answer (Ctrl+Z)");
                    if undo.clicked() {
                        action = Some(Action::Undo);
                    }
                    let mut typing = self.typing;
                    if ui
                        .checkbox(&mut typing, "Type answers")
                        .on_hover_text("Type terms and lists and have them checked, instead of showing the answer (Ctrl+T)")
                        .changed()
                    {
                        action = Some(Action::ToggleTyping);
                    }
                    if ui
                        .button("Suspend")
                        .on_hover_text("Keep this card out of study until you unsuspend it in the card browser (Ctrl+J)")
                        .clicked()
                    {
                        action = Some(Action::ActOnCurrent(CardAction::Suspend));
                    }
                    if ui
                        .button("Bury")
                        .on_hover_text("Not today: this card comes back tomorrow (Ctrl+Shift+J)")
                        .clicked()
                    {
                        action = Some(Action::ActOnCurrent(CardAction::Bury));
                    }
                    // The title takes what the buttons leave, cut if need be.
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        ui.add(egui::Label::new(RichText::new(&self.title).strong()).truncate());
                    });
                });
            });
            // How far the session has come, on a line of its own.
            ui.label(RichText::new(match self.session.practice {
                        None => format!(
                            "{} left today · {} answered",
                            self.session.left(),
                            self.session.answered()
                        ),
                        Some(crate::plan::Practice::Drills) => format!(
                            "practice · {} answered, {} recalled · Esc stops",
                            self.session.answered(),
                            self.session.recalled()
                        ),
                        Some(_) => format!(
                            "practice · {} left · {} answered, {} recalled",
                            self.session.left(),
                            self.session.answered(),
                            self.session.recalled()
                        ),
            }).small().weak());

            ui.add_space(4.0);
            let done = self.session.answered() as f32;
            let fraction = done / (done + self.session.left() as f32).max(1.0);
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_height(4.0)
                    .fill(style::accent(ui)),
            );
            ui.add_space(2.0);
        });

        let revealed = self.current().is_some_and(Review::is_revealed);
        if revealed {
            egui::Panel::bottom("study-grades").show(ui, |ui| {
                ui.add_space(8.0);
                if let Some(a) = self.grade_bar(ui, view) {
                    action = Some(a);
                }
                ui.add_space(6.0);
            });
        }

        let typing = !revealed && self.current().is_some_and(|r| r.is_typing(view.card));
        // Each card opens at its top, not where the last one was scrolled.
        let salt = ("study", self.current().map_or(0, Review::seed));
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(salt)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    if !typing {
                        scroll_by_keys(ui);
                    }
                    centered_column(ui, |ui| {
                        if let Some(a) = self.card_body(ui, view) {
                            action = Some(a);
                        }
                    });
                });
        });
        action
    }

    fn keys(&mut self, ui: &mut Ui, view: &CardView<'_>) -> Option<Action> {
        let card = view.card;
        // While a number is being typed, Ctrl+Z undoes the typing (the
        // answer box's own undo), not the last answer.
        let editing = self
            .current()
            .is_some_and(|r| !r.is_revealed() && !r.typed().is_empty());
        let undo = !editing && ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Z));
        if undo {
            return view.can_undo.then_some(Action::Undo);
        }
        let (bury, suspend) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::J),
                i.consume_key(Modifiers::COMMAND, Key::J),
            )
        });
        if bury {
            return Some(Action::ActOnCurrent(CardAction::Bury));
        }
        if ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::T)) {
            return Some(Action::ToggleTyping);
        }
        if suspend {
            return Some(Action::ActOnCurrent(CardAction::Suspend));
        }
        // A focused button takes Enter and Space itself (egui clicks it).
        let focus_elsewhere = ui
            .memory(|m| m.focused())
            .is_some_and(|id| id != answer_box_id());
        let typing = self.current().is_some_and(|r| r.is_typing(card));
        let escape = ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
        if escape {
            return Some(Action::Home);
        }
        let review = self.current()?;
        let revealed = review.is_revealed();
        let options = review.options(card).len();
        let suggested = review.suggested(card);
        // H asks for a hint, even while typing a number (the letter is not
        // typed): unless the answer's unit word needs an h.
        let h_free = !matches!(&card.kind, CardKind::Drill(d)
            if matches!(&d.answer, DrillAnswer::Number { unit: crate::drill::Unit::Word(w), .. }
                if w.to_lowercase().contains('h')));
        let hint = review.hint_left()
            && h_free
            && ui.input_mut(|i| {
                let pressed = i.consume_key(Modifiers::NONE, Key::H)
                    || i.consume_key(Modifiers::SHIFT, Key::H);
                if pressed {
                    i.events.retain(
                        |e| !matches!(e, egui::Event::Text(t) if t.eq_ignore_ascii_case("h")),
                    );
                }
                pressed
            });
        if hint {
            return Some(Action::Hint);
        }
        let pressed = ui.input_mut(|input| {
            let pressed = |input: &mut egui::InputState, key| {
                !focus_elsewhere && input.consume_key(Modifiers::NONE, key)
            };
            if !revealed {
                if typing {
                    // Space and digits belong to the answer box.
                    return pressed(input, Key::Enter)
                        .then_some(Action::CheckTyped)
                        .map(Pressed::Do);
                }
                if pressed(input, Key::Space) || pressed(input, Key::Enter) {
                    return Some(Pressed::Do(Action::Reveal));
                }
                for (index, key) in letter_keys().take(options).enumerate() {
                    if input.consume_key(Modifiers::NONE, key) {
                        return Some(Pressed::Do(Action::Pick(index)));
                    }
                }
                // A grade before the answer: refused, and the note says so.
                for (quality, key) in QUALITIES.iter().zip(DIGIT_KEYS) {
                    if pressed(input, key) {
                        return Some(Pressed::Grade(*quality));
                    }
                }
                return None;
            }
            for (quality, key) in QUALITIES.iter().zip(DIGIT_KEYS) {
                if input.consume_key(Modifiers::NONE, key) {
                    return Some(Pressed::Grade(*quality));
                }
            }
            match suggested {
                Some(quality) if pressed(input, Key::Enter) => {
                    Some(Pressed::Do(Action::Grade(quality)))
                }
                // A card the learner grades themselves: Enter has no grade
                // to give, and says so.
                None if pressed(input, Key::Enter) => Some(Pressed::NoGrade),
                _ => None,
            }
        })?;
        match pressed {
            Pressed::Do(action) => Some(action),
            // A grade key: given if allowed, otherwise the note says why.
            Pressed::Grade(quality) => self
                .may_grade(card, quality)
                .then_some(Action::Grade(quality)),
            Pressed::NoGrade => {
                self.note = Some(
                    "Grade this card yourself: 5 if it came at once, 4 after some thought, 3 with difficulty; 0–2 if you did not know it."
                        .to_string(),
                );
                None
            }
        }
    }

    fn card_body(&mut self, ui: &mut Ui, view: &CardView<'_>) -> Option<Action> {
        let mut action = None;
        ui.add_space(18.0);
        ui.label(
            RichText::new(format!("{} · {}", view.deck_title, kind_hint(view)))
                .small()
                .weak(),
        );
        ui.add_space(6.0);
        let review = self.current()?;
        if let Some(problem) = review.draw_problem() {
            ui.label(
                RichText::new(format!("This drill could not draw its numbers: {problem}"))
                    .color(style::bad(ui)),
            );
            return None;
        }
        let prompt = match (&view.card.kind, review.draw()) {
            (CardKind::Drill(_), Some(draw)) => draw.prompt.clone(),
            (CardKind::Drill(_), None) => String::new(),
            _ => prompt(view).to_string(),
        };
        ui.label(RichText::new(prompt).size(style::PROMPT_SIZE).strong());
        ui.add_space(14.0);

        let revealed = review.is_revealed();
        let options = review.options(view.card);
        if !options.is_empty() {
            for &(letter, index, text) in &options {
                let shown = options.iter().position(|o| o.1 == index).unwrap_or(0);
                if let Some(a) = self.option_row(ui, view.card, shown, letter, index, text) {
                    action = Some(a);
                }
            }
            ui.add_space(8.0);
        }

        if let Some(a) = self.hints(ui) {
            action = Some(a);
        }
        let typing = self.current().is_some_and(|r| r.is_typing(view.card));
        if typing && let Some(a) = self.answer_box(ui, view.card) {
            action = Some(a);
        }

        if !revealed {
            let picked = self.current().is_some_and(|r| !r.picked().is_empty());
            let drill = matches!(view.card.kind, CardKind::Drill(_));
            let (text, give_up) = if typing && drill {
                ("Show the answer (counts as wrong)", true)
            } else if typing {
                ("Show the answer (grade it yourself)", false)
            } else if picked {
                ("Check answer  (Enter)", false)
            } else {
                ("Show answer  (Space)", false)
            };
            let button = egui::Button::new(text).min_size(egui::vec2(220.0, 40.0));
            if ui.add(button).clicked() {
                action = Some(Action::Reveal);
            }
            if give_up {
                ui.label(
                    RichText::new("Type the number and press Enter to check it.")
                        .small()
                        .weak(),
                );
            }
            if let Some(note) = &self.note {
                ui.label(RichText::new(note).color(style::bad(ui)));
            }
        } else {
            let top = ui.cursor().top();
            ui.separator();
            ui.add_space(6.0);
            self.answer(ui, view);
            if self.scroll_to_answer > 0 {
                self.scroll_to_answer -= 1;
                ui.ctx().request_repaint();
                // The answer (the worked solution, say) comes into view:
                // all of it if it fits, else from its start.
                let rect =
                    egui::Rect::from_x_y_ranges(ui.max_rect().x_range(), top..=ui.cursor().top());
                let fits = rect.height() <= ui.clip_rect().height();
                let align = if fits {
                    egui::Align::Max
                } else {
                    egui::Align::Min
                };
                ui.scroll_to_rect(rect, Some(align));
            }
        }

        if let Some(error) = &self.save_error {
            ui.add_space(10.0);
            ui.label(
                RichText::new(format!("Not saved: {error}. Grade again to retry."))
                    .color(style::bad(ui)),
            );
        }
        action
    }

    /// The hints shown so far, and a button for the next one.
    fn hints(&self, ui: &mut Ui) -> Option<Action> {
        let review = self.current()?;
        for (index, hint) in review.hints().iter().enumerate() {
            ui.label(
                RichText::new(format!("Hint {}: {hint}", index + 1))
                    .size(18.0)
                    .color(style::missed(ui)),
            );
        }
        let mut action = None;
        if review.hint_left() {
            let label = if review.hints().is_empty() {
                "Hint (H)"
            } else {
                "Another hint (H)"
            };
            ui.horizontal(|ui| {
                if ui.button(label).clicked() {
                    action = Some(Action::Hint);
                }
                ui.label(
                    RichText::new("after a hint, a right answer is graded 3 at most")
                        .small()
                        .weak(),
                );
            });
        }
        if !review.hints().is_empty() || action.is_some() {
            ui.add_space(6.0);
        }
        action
    }

    /// Show the next hint.
    pub fn show_hint(&mut self) {
        if let Some(review) = self.current_mut() {
            review.show_hint();
        }
        self.focus_answer = true;
    }

    fn answer_box(&mut self, ui: &mut Ui, card: &Card) -> Option<Action> {
        let mut action = None;
        let focus = std::mem::take(&mut self.focus_answer);
        let review = self.current_mut()?;
        let revealed = review.is_revealed();
        let hint = match &card.kind {
            CardKind::Term { .. } if review.answer_is_term() => "the term",
            CardKind::Term { .. } => "the definition, or its key words",
            CardKind::List { .. } => "the items, separated by commas",
            _ => "e.g. 45, 12.5%, $1,250",
        };
        let label = ui.label(RichText::new("Your answer").small().weak());
        ui.horizontal(|ui| {
            let edit = egui::TextEdit::singleline(review.typed_mut())
                .id(answer_box_id())
                .hint_text(hint)
                // One width for every card: the box stays where the eye
                // expects it from one card to the next.
                .desired_width(ANSWER_WIDTH.min(ui.available_width() - 140.0))
                .font(egui::TextStyle::Heading)
                .interactive(!revealed);
            let response = ui.add(edit).labelled_by(label.id);
            if focus && !revealed {
                response.request_focus();
            }
            if !revealed && ui.button("Check  (Enter)").clicked() {
                action = Some(Action::CheckTyped);
            }
        });
        if let Some(problem) = review.typed_problem() {
            ui.label(RichText::new(problem).color(style::bad(ui)));
        }
        ui.add_space(8.0);
        action
    }

    /// One option: a button before the answer shows, then its mark.
    fn option_row(
        &self,
        ui: &mut Ui,
        card: &Card,
        shown: usize,
        letter: char,
        index: usize,
        text: &str,
    ) -> Option<Action> {
        let review = self.current()?;
        let Some(mark) = review.mark(card, index) else {
            let picked = review.picked().contains(&index);
            let label = format!("{letter}   {text}");
            let button = egui::Button::selectable(picked, label)
                .min_size(egui::vec2(ui.available_width(), 36.0));
            return ui.add(button).clicked().then_some(Action::Pick(shown));
        };
        let (sign, words, color) = match mark {
            Mark::PickedRight => ("✔", "your pick, right", Some(style::good(ui))),
            Mark::PickedWrong => ("✖", "your pick, wrong", Some(style::bad(ui))),
            Mark::Missed => ("✔", "right, not picked", Some(style::missed(ui))),
            Mark::LeftAlone => ("", "", None),
        };
        // Same height as the option buttons, so nothing jumps on reveal.
        ui.horizontal(|ui| {
            ui.set_min_height(36.0);
            let mark_color = color.unwrap_or(ui.visuals().text_color());
            ui.add_sized(
                [14.0, 20.0],
                egui::Label::new(RichText::new(sign).color(mark_color)),
            );
            let line = RichText::new(format!("{letter}   {text}"));
            ui.label(match color {
                Some(color) => line.color(color).strong(),
                None => line,
            });
            if !words.is_empty() {
                ui.label(
                    RichText::new(format!("· {words}"))
                        .small()
                        .color(mark_color),
                );
            }
        });
        None
    }

    fn answer(&self, ui: &mut Ui, view: &CardView<'_>) {
        let Some(review) = self.current() else {
            return;
        };
        match &view.card.kind {
            CardKind::Term {
                term, definition, ..
            } => {
                let answer = match view.item.direction() {
                    Direction::Forward => definition,
                    Direction::Reverse => term,
                };
                if let Some(check) = review.typed_check() {
                    verdict_line(ui, Some(check.outcome), check.note.as_deref());
                    ui.label(
                        RichText::new(format!("Your answer: {}", review.typed().trim())).size(18.0),
                    );
                    if !check.diff.is_empty()
                        && check.typos + usize::from(check.outcome != Outcome::Right) > 0
                    {
                        typed_diff(ui, &check.diff);
                    }
                }
                ui.label(RichText::new(answer).size(20.0).strong());
            }
            CardKind::List { items, ordered, .. } => {
                if let Some(check) = review.typed_check() {
                    verdict_line(ui, Some(check.outcome), check.note.as_deref());
                    ui.label(
                        RichText::new(format!("Your answer: {}", review.typed().trim())).size(18.0),
                    );
                }
                let found = review.list_found();
                for (index, item) in items.iter().enumerate() {
                    let marker = if *ordered {
                        format!("{}.", index + 1)
                    } else {
                        "•".to_string()
                    };
                    let (mark, color) = match found.get(index) {
                        Some(true) => ("  ✔ you had it", Some(style::good(ui))),
                        Some(false) => ("  ✖ missing", Some(style::bad(ui))),
                        None => ("", None),
                    };
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(format!("{marker}  {item}"))
                                .size(19.0)
                                .strong(),
                        );
                        if let Some(color) = color {
                            ui.label(RichText::new(mark).color(color));
                        }
                    });
                }
            }
            CardKind::Choice { explanation, .. } => {
                verdict_line(ui, review.verdict(view.card), None);
                if let Some(explanation) = explanation {
                    ui.label(RichText::new(explanation).size(18.0).strong());
                }
            }
            CardKind::Drill(_) => {
                verdict_line(ui, review.verdict(view.card), review.note(view.card));
                if let Some(draw) = review.draw() {
                    if let Expected::Number { shown, .. } = &draw.expected {
                        // The answer as typed: shown in the drill's unit it
                        // could read as another number ("0.969%" for 0.969).
                        let line = match review.drill_verdict() {
                            Some(_) => format!(
                                "Your answer: {} · Expected: {shown}",
                                review.typed().trim()
                            ),
                            None => format!("No answer given · Expected: {shown}"),
                        };
                        ui.label(RichText::new(line).size(19.0).strong());
                    }
                    if !draw.solution.is_empty() {
                        ui.add_space(8.0);
                        ui.label(RichText::new("Worked solution").strong());
                        for (index, step) in draw.solution.iter().enumerate() {
                            ui.label(
                                RichText::new(format!("{}.  {step}", index + 1))
                                    .size(18.0)
                                    .strong(),
                            );
                        }
                    }
                }
            }
        }
    }

    fn grade_bar(&self, ui: &mut Ui, view: &CardView<'_>) -> Option<Action> {
        let review = self.current()?;
        let next = view.progress.map_or(Sm2State::NEW, |p| p.sm2).next_states();
        // A card answered earlier today is a same-day repeat: its next
        // review is already set, and a grade of 4 or 5 leaves it there.
        let repeat = view
            .progress
            .filter(|p| p.last_day >= view.today)
            .map(|p| p.due_day.days_since(view.today).max(1));
        let suggested = review.suggested(view.card);
        let spacing = ui.spacing().item_spacing.x;
        let width = ((ui.available_width() - 5.0 * spacing) / 6.0).clamp(100.0, 170.0);
        let row_width = 6.0 * width + 5.0 * spacing;
        let mut action = None;
        ui.horizontal(|ui| {
            ui.add_space(((ui.available_width() - row_width) / 2.0).max(0.0));
            for quality in QUALITIES {
                let state = next[usize::from(quality.value())];
                let when = if self.session.practice.is_some() {
                    // Practice moves no schedule: no interval to show.
                    String::new()
                } else if quality.repeat_today() {
                    "again today".to_string()
                } else if let Some(days) = repeat {
                    format!(
                        "stays {}",
                        style::interval(u32::try_from(days).unwrap_or(u32::MAX))
                    )
                } else {
                    style::interval(state.interval_days)
                };
                let button = GradeButton {
                    quality,
                    enabled: review.check_grade(view.card, quality).is_ok(),
                    suggested: suggested == Some(quality),
                    title: format!("{} {}", quality.value(), quality.label()),
                    detail: when,
                };
                let response = button
                    .show(ui, egui::vec2(width, 52.0))
                    .on_hover_text(quality.meaning());
                if response.clicked() {
                    action = Some(Action::Grade(quality));
                }
            }
        });
        ui.vertical_centered(|ui| {
            match &self.note {
                Some(note) => ui.label(RichText::new(note).color(style::bad(ui))),
                None => ui.label(
                    RichText::new(grade_hint(review, view.card, repeat.is_some()))
                        .small()
                        .weak(),
                ),
            };
        });
        action
    }
}

/// "Right", "Close" or "Not quite", when there is a right answer to
/// compare with, and what the learner needs to hear about their answer (a
/// near miss's difference, a usual mistake's explanation).
fn verdict_line(ui: &mut Ui, verdict: Option<Outcome>, note: Option<&str>) {
    let verdict = match verdict {
        Some(Outcome::Right) => Some(("Right", style::good(ui))),
        Some(Outcome::Close) => Some(("Close", style::missed(ui))),
        Some(Outcome::Wrong) => Some(("Not quite", style::bad(ui))),
        None => None,
    };
    if let Some((word, color)) = verdict {
        ui.label(RichText::new(word).strong().size(20.0).color(color));
    }
    if let Some(note) = note {
        ui.label(RichText::new(note).size(18.0));
        ui.add_space(4.0);
    }
}

/// What was typed against the answer, letter by letter: letters typed
/// but not in the answer struck through in red, letters missing shown in
/// amber and underlined, the rest plain. Said in words for a screen reader.
fn typed_diff(ui: &mut Ui, diff: &[crate::review::typed::Piece]) {
    use crate::review::typed::Piece;
    let mut job = egui::text::LayoutJob::default();
    let font = egui::FontId::monospace(18.0);
    let plain = ui.visuals().text_color();
    for piece in diff {
        let (text, format) = match piece {
            Piece::Same(text) => (text, egui::TextFormat::simple(font.clone(), plain)),
            Piece::Extra(text) => (
                text,
                egui::TextFormat {
                    strikethrough: egui::Stroke::new(1.5, style::bad(ui)),
                    ..egui::TextFormat::simple(font.clone(), style::bad(ui))
                },
            ),
            Piece::Missing(text) => (
                text,
                egui::TextFormat {
                    underline: egui::Stroke::new(1.5, style::missed(ui)),
                    ..egui::TextFormat::simple(font.clone(), style::missed(ui))
                },
            ),
        };
        job.append(text, 0.0, format);
    }
    let words: Vec<String> = diff
        .iter()
        .filter_map(|p| match p {
            Piece::Extra(t) => Some(format!("“{t}” typed but not in the answer")),
            Piece::Missing(t) => Some(format!("“{t}” missing")),
            Piece::Same(_) => None,
        })
        .collect();
    ui.label(job);
    ui.label(
        RichText::new(format!("Letter by letter: {}.", words.join("; ")))
            .small()
            .weak(),
    );
}

/// PageUp/PageDown, ↑/↓ and Home/End scroll the card, inside its scroll
/// area (not while a number is being typed: the box uses those keys).
pub(super) fn scroll_by_keys(ui: &mut Ui) {
    let page = (ui.clip_rect().height() - 40.0).max(40.0);
    let line = 40.0;
    let delta = ui.input_mut(|i| {
        [
            (Key::PageDown, -page),
            (Key::PageUp, page),
            (Key::ArrowDown, -line),
            (Key::ArrowUp, line),
            (Key::End, -1.0e6),
            (Key::Home, 1.0e6),
        ]
        .into_iter()
        .filter(|&(key, _)| i.consume_key(Modifiers::NONE, key))
        .map(|(_, delta)| delta)
        .sum::<f32>()
    });
    if delta != 0.0 {
        // The arrows scroll here, rather than move the focus between buttons.
        ui.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        ui.scroll_with_delta_animation(
            egui::vec2(0.0, delta),
            egui::style::ScrollAnimation::none(),
        );
    }
}

/// A two-line grade button: "4 Good" over the interval it gives. Its
/// accessible name is both lines, "4 Good · 6d".
struct GradeButton {
    quality: Quality,
    enabled: bool,
    /// What Enter gives: drawn with a stronger outline.
    suggested: bool,
    title: String,
    detail: String,
}

impl GradeButton {
    fn show(self, ui: &mut Ui, size: egui::Vec2) -> egui::Response {
        let Self {
            quality,
            enabled,
            suggested,
            title,
            detail,
        } = self;
        let sense = if enabled {
            egui::Sense::click()
        } else {
            egui::Sense::hover()
        };
        let (rect, response) = ui.allocate_exact_size(size, sense);
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, enabled, format!("{title} · {detail}"))
        });
        if !ui.is_rect_visible(rect) {
            return response;
        }
        let visuals = if enabled {
            *ui.style().interact(&response)
        } else {
            ui.visuals().widgets.noninteractive
        };
        ui.painter().rect(
            rect,
            visuals.corner_radius,
            visuals.weak_bg_fill,
            visuals.bg_stroke,
            egui::StrokeKind::Inside,
        );
        let title_color = match (enabled, quality.passed(), quality.repeat_today()) {
            (false, _, _) => ui.visuals().weak_text_color(),
            (true, false, _) => style::bad(ui),
            (true, true, true) => visuals.text_color(),
            (true, true, false) => style::good(ui),
        };
        let detail_color = if enabled {
            visuals.text_color()
        } else {
            ui.visuals().weak_text_color()
        };
        let painter = ui.painter();
        painter.text(
            rect.center_top() + egui::vec2(0.0, 7.0),
            egui::Align2::CENTER_TOP,
            &title,
            egui::FontId::proportional(17.0),
            title_color,
        );
        painter.text(
            rect.center_bottom() - egui::vec2(0.0, 7.0),
            egui::Align2::CENTER_BOTTOM,
            &detail,
            egui::FontId::proportional(13.5),
            detail_color,
        );
        if suggested || response.has_focus() {
            painter.rect_stroke(
                rect.expand(2.0),
                visuals.corner_radius,
                egui::Stroke::new(2.0, style::accent(ui)),
                egui::StrokeKind::Outside,
            );
        }
        response
    }
}

fn grade_hint(review: &Review, card: &Card, repeat: bool) -> String {
    let suggestion = review
        .suggested(card)
        .map(|q| format!(" · Enter gives {} {}", q.value(), q.label()))
        .unwrap_or_default();
    let repeat = if repeat {
        " · already reviewed today: 4 or 5 keeps its next review where it is"
    } else {
        ""
    };
    // A typed term or list was compared by its words: a suggestion only.
    if matches!(card.kind, CardKind::Term { .. } | CardKind::List { .. })
        && let Some(outcome) = review.verdict(card)
    {
        let word = match outcome {
            Outcome::Right => "Right",
            Outcome::Close => "Close",
            Outcome::Wrong => "Not quite",
        };
        return format!(
            "{word}, judged by its words{suggestion}; you know whether you knew it: any grade 0–5{repeat}"
        );
    }
    match review.verdict(card) {
        Some(Outcome::Right) if !review.hints().is_empty() => {
            format!("Right, with a hint: grade 3 at most{suggestion}")
        }
        Some(Outcome::Right) => {
            format!("Right: grade 3–5 by how easily you knew it{suggestion}{repeat}")
        }
        Some(Outcome::Close) => {
            format!("Close: grade 2 or 3{suggestion}")
        }
        Some(Outcome::Wrong) => {
            format!("Wrong: grade 0–2; the card comes back later today{suggestion}")
        }
        None => format!("Grade with 0–5: below 4 comes back later today{repeat} · Ctrl+Z undoes"),
    }
}

fn letter_keys() -> impl Iterator<Item = Key> {
    [
        Key::A,
        Key::B,
        Key::C,
        Key::D,
        Key::E,
        Key::F,
        Key::G,
        Key::H,
        Key::I,
        Key::J,
        Key::K,
        Key::L,
        Key::M,
        Key::N,
        Key::O,
        Key::P,
        Key::Q,
        Key::R,
        Key::S,
        Key::T,
        Key::U,
        Key::V,
        Key::W,
        Key::X,
        Key::Y,
        Key::Z,
    ]
    .into_iter()
}

/// Frames in which a revealed answer is scrolled into view.
const ANSWER_SCROLL_FRAMES: u8 = 2;

/// The width of the answer box, whatever the card (less on a narrow window).
const ANSWER_WIDTH: f32 = 520.0;

fn prompt<'a>(view: &'a CardView<'_>) -> &'a str {
    match &view.card.kind {
        CardKind::Term {
            term, definition, ..
        } => match view.item.direction() {
            Direction::Forward => term,
            Direction::Reverse => definition,
        },
        CardKind::List { prompt, .. } => prompt,
        CardKind::Choice { question, .. } => question,
        CardKind::Drill(_) => "",
    }
}

fn kind_hint(view: &CardView<'_>) -> String {
    match &view.card.kind {
        CardKind::Term { .. } => match view.item.direction() {
            Direction::Forward => "define the term".into(),
            Direction::Reverse => "name the term".into(),
        },
        CardKind::List { items, ordered, .. } => {
            format!(
                "recall all {} items{}",
                items.len(),
                if *ordered { ", in order" } else { "" }
            )
        }
        CardKind::Choice {
            options, answers, ..
        } => {
            let keys = format!("A–{}", option_letter(options.len().saturating_sub(1)));
            if answers.len() == 1 {
                format!("pick one ({keys})")
            } else {
                format!("pick all that apply ({keys}), then Enter")
            }
        }
        CardKind::Drill(drill) => match &drill.answer {
            DrillAnswer::Number { .. } => "calculate: type the number, Enter checks it".into(),
            DrillAnswer::Pick { options, .. } => {
                format!(
                    "work it out and pick one (A–{})",
                    option_letter(options.len().saturating_sub(1))
                )
            }
        },
    }
}

/// Lay `add` out in a column no wider than the reading width, centred.
fn centered_column(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    let width = ui.available_width().min(style::READING_WIDTH);
    let margin = ((ui.available_width() - width) / 2.0).max(0.0);
    ui.horizontal(|ui| {
        ui.add_space(margin);
        ui.vertical(|ui| {
            ui.set_width(width);
            add(ui);
        });
    });
}
