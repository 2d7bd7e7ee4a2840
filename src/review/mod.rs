//! A review in progress, and its rules: what the learner has done with the
//! card on screen (revealed it, picked options, typed a number), the order
//! its options are shown in, whether the answer is right, which grades that
//! allows and which one Enter suggests, and how each option reads once the
//! answer is checked. The window draws a [`Review`] and forwards keys to
//! it; every rule is here, tested without a window.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom;

use crate::deck::{Card, CardKind, option_letter};
use crate::drill::{Draw, Drill, DrillAnswer, Expected, Outcome, Verdict, seed_for};
use crate::key::CardKey;
use crate::sched::{QUALITIES, Quality};

/// The grade Enter gives after a right answer.
pub const SUGGEST_RIGHT: Quality = QUALITIES[4];
/// The grade Enter gives after a wrong answer.
pub const SUGGEST_WRONG: Quality = QUALITIES[1];
/// The grade Enter gives after a close answer, or a right one given with
/// a hint: the most either may get.
pub const SUGGEST_CLOSE: Quality = QUALITIES[3];

/// Mixed into a review's seed for its option order, so that the order and
/// a drill's numbers do not follow each other.
const SHUFFLE_SALT: u64 = 0x5bd1_e995_0f1e_2b3c;

/// One card being reviewed.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    /// From the card's key and how often it was answered: the same review
    /// shows the same numbers and option order after a restart or an undo,
    /// the next review new ones.
    seed: u64,
    /// The options in the order shown, each an index into the card's own
    /// (the author's) order. Empty for cards without options.
    order: Vec<usize>,
    revealed: bool,
    /// Options picked, as the author's indexes, ascending.
    picked: Vec<usize>,
    typed: String,
    /// Why the typed text could not be read; nothing is graded.
    typed_problem: Option<String>,
    drill_verdict: Option<Verdict>,
    /// A drill's numbers, or why it could not draw them.
    draw: Option<Result<Draw, String>>,
    /// Hints shown so far.
    hints_shown: usize,
    /// A term or list answered by typing (the learner's choice), not by
    /// revealing and grading oneself.
    typing: bool,
    /// The answer of a term card is the term (asked from its definition),
    /// not its definition.
    answer_is_term: bool,
    /// How a typed term, definition or list compared.
    typed_check: Option<typed::Compared>,
    /// A typed list: each item found or not.
    list_found: Vec<bool>,
}

/// How an option reads once the answer is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Picked, and right.
    PickedRight,
    /// Picked, but wrong.
    PickedWrong,
    /// Right, but not picked (or the answer was revealed without a pick).
    Missed,
    /// Wrong, and rightly left alone.
    LeftAlone,
}

/// Why a grade cannot be given now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locked {
    /// The answer is not showing yet.
    NotRevealed,
    /// The answer was wrong: only 0–2 tell SM-2 the truth.
    WrongAnswer,
    /// The answer was right: only 3–5.
    RightAnswer,
    /// The answer was close: only 2–3.
    CloseAnswer,
    /// Right, but after a hint: 3 at most.
    UsedHint,
}

impl Locked {
    /// What the learner is told when they press a grade that is locked.
    pub fn explain(self, quality: Quality) -> String {
        match self {
            Locked::NotRevealed => "Show the answer first (Space), then grade it.".to_string(),
            Locked::WrongAnswer => format!(
                "{} is for an answer you knew; this one was wrong, so grade it 0, 1 or 2 (Enter gives {}).",
                quality.value(),
                SUGGEST_WRONG.value()
            ),
            Locked::RightAnswer => format!(
                "{} is for an answer you did not know; this one was right, so grade it 3, 4 or 5 (Enter gives {}).",
                quality.value(),
                SUGGEST_RIGHT.value()
            ),
            Locked::CloseAnswer => format!(
                "This answer was close, not right: grade it 2 or 3 (Enter gives {}).",
                SUGGEST_CLOSE.value()
            ),
            Locked::UsedHint => format!(
                "You used a hint, so 3 is the most this answer can get (Enter gives {}).",
                SUGGEST_CLOSE.value()
            ),
        }
    }
}

impl Review {
    /// A fresh review of `card` (key `key`), answered `answers` times before.
    pub fn new(card: &Card, key: &CardKey, answers: u32) -> Review {
        let seed = seed_for(key, answers);
        let draw = match &card.kind {
            CardKind::Drill(drill) => Some(drill.draw(seed)),
            _ => None,
        };
        let order = match &card.kind {
            CardKind::Choice {
                options, shuffle, ..
            } => {
                let mut order: Vec<usize> = (0..options.len()).collect();
                if *shuffle {
                    order.shuffle(&mut Xoshiro256PlusPlus::seed_from_u64(seed ^ SHUFFLE_SALT));
                }
                order
            }
            CardKind::Drill(drill) => match &drill.answer {
                DrillAnswer::Pick { options, .. } => (0..options.len()).collect(),
                DrillAnswer::Number { .. } => Vec::new(),
            },
            _ => Vec::new(),
        };
        Review {
            seed,
            order,
            revealed: false,
            picked: Vec::new(),
            typed: String::new(),
            typed_problem: None,
            drill_verdict: None,
            draw,
            hints_shown: 0,
            typing: false,
            answer_is_term: matches!(card.kind, CardKind::Term { .. })
                && key.direction == crate::key::Direction::Reverse,
            typed_check: None,
            list_found: Vec::new(),
        }
    }

    /// Answer this term or list by typing it (a number drill always is).
    /// Only before the answer shows; other cards are left as they are.
    pub fn answer_by_typing(&mut self, card: &Card, typing: bool) {
        if !self.revealed && matches!(card.kind, CardKind::Term { .. } | CardKind::List { .. }) {
            self.typing = typing;
        }
    }

    /// Whether the answer is typed: a number drill, or a term or list the
    /// learner chose to type.
    pub fn is_typing(&self, card: &Card) -> bool {
        match &card.kind {
            CardKind::Drill(drill) => matches!(drill.answer, DrillAnswer::Number { .. }),
            CardKind::Term { .. } | CardKind::List { .. } => self.typing,
            CardKind::Choice { .. } => false,
        }
    }

    /// A term card asked from its definition: the term is the answer.
    pub fn answer_is_term(&self) -> bool {
        self.answer_is_term
    }

    /// How a typed term, definition or list compared.
    pub fn typed_check(&self) -> Option<&typed::Compared> {
        self.typed_check.as_ref()
    }

    /// A typed list: which items were found.
    pub fn list_found(&self) -> &[bool] {
        &self.list_found
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn is_revealed(&self) -> bool {
        self.revealed
    }

    /// The drill's numbers, if it drew them.
    pub fn draw(&self) -> Option<&Draw> {
        self.draw.as_ref().and_then(|d| d.as_ref().ok())
    }

    /// Why the drill could not draw its numbers, if it could not.
    pub fn draw_problem(&self) -> Option<&str> {
        self.draw
            .as_ref()
            .and_then(|d| d.as_ref().err())
            .map(String::as_str)
    }

    /// The number typed so far, for the answer box to edit.
    pub fn typed_mut(&mut self) -> &mut String {
        &mut self.typed
    }

    pub fn typed(&self) -> &str {
        &self.typed
    }

    pub fn typed_problem(&self) -> Option<&str> {
        self.typed_problem.as_deref()
    }

    pub fn drill_verdict(&self) -> Option<&Verdict> {
        self.drill_verdict.as_ref()
    }

    /// The hints shown so far.
    pub fn hints(&self) -> &[String] {
        let all = self.draw().map_or(&[][..], |d| d.hints.as_slice());
        &all[..self.hints_shown.min(all.len())]
    }

    /// Whether another hint can be shown now: one is left, and the answer
    /// is not showing yet.
    pub fn hint_left(&self) -> bool {
        !self.revealed
            && self
                .draw()
                .is_some_and(|d| d.hints.len() > self.hints_shown)
    }

    /// Show the next hint (H). An answer given after a hint can be graded
    /// 3 at most.
    pub fn show_hint(&mut self) {
        if self.hint_left() {
            self.hints_shown += 1;
        }
    }

    /// Options picked, as the author's indexes.
    pub fn picked(&self) -> &[usize] {
        &self.picked
    }

    /// The options in the order shown: (letter, the author's index, text).
    pub fn options<'c>(&self, card: &'c Card) -> Vec<(char, usize, &'c str)> {
        let Some(texts) = option_texts(card) else {
            return Vec::new();
        };
        self.order
            .iter()
            .enumerate()
            .filter_map(|(shown, &index)| {
                texts
                    .get(index)
                    .map(|text| (option_letter(shown), index, text.as_str()))
            })
            .collect()
    }

    /// Show the answer: a term's definition, a list's items; a choice is
    /// checked as picked so far (nothing picked: nothing to check); a
    /// drill revealed without an answer counts as wrong.
    pub fn reveal(&mut self) {
        self.revealed = true;
    }

    /// Pick the option shown at `shown` (0 is A). A single-answer question
    /// is answered at once; on a multiple-answer question the pick toggles.
    pub fn pick(&mut self, card: &Card, shown: usize) {
        let Some(single) = single_answer(card) else {
            return;
        };
        let Some(&index) = self.order.get(shown) else {
            return;
        };
        if self.revealed {
            return;
        }
        if let Some(at) = self.picked.iter().position(|&p| p == index) {
            self.picked.remove(at);
        } else {
            self.picked.push(index);
            self.picked.sort_unstable();
        }
        if single {
            self.revealed = true;
        }
    }

    /// Check what was typed: a number into a drill (text that is not a
    /// number leaves the card as it was, with a message), a term, a
    /// definition's key words or a list's items.
    pub fn check_typed(&mut self, card: &Card) {
        if self.revealed {
            return;
        }
        match &card.kind {
            CardKind::Term {
                term, definition, ..
            } if self.typing => {
                self.typed_check = Some(if self.answer_is_term {
                    typed::compare_term(&self.typed, term)
                } else {
                    typed::compare_definition(&self.typed, definition)
                });
                self.revealed = true;
                return;
            }
            CardKind::List { items, ordered, .. } if self.typing => {
                let (outcome, found) = typed::compare_list(&self.typed, items, *ordered);
                let count = found.iter().filter(|f| **f).count();
                let note = match (count == items.len(), outcome) {
                    (true, Outcome::Right) => None,
                    (true, _) => Some("Every item is there, but not in order.".to_string()),
                    _ => Some(format!("{count} of {} items.", items.len())),
                };
                self.typed_check = Some(typed::Compared {
                    outcome,
                    typos: 0,
                    found: Vec::new(),
                    missed: Vec::new(),
                    diff: Vec::new(),
                    note,
                });
                self.list_found = found;
                self.revealed = true;
                return;
            }
            _ => {}
        }
        let (CardKind::Drill(drill), Some(Ok(draw))) = (&card.kind, &self.draw) else {
            return;
        };
        match drill.judge(draw, &self.typed) {
            Ok(verdict) => {
                self.drill_verdict = Some(verdict);
                self.typed_problem = None;
                self.revealed = true;
            }
            Err(problem) => self.typed_problem = Some(problem.0),
        }
    }

    /// The indexes of the right options (the author's), for choices and
    /// pick drills.
    fn right_options(&self, card: &Card) -> Vec<usize> {
        match (&card.kind, self.draw()) {
            (CardKind::Choice { answers, .. }, _) => answers.clone(),
            (
                CardKind::Drill(_),
                Some(Draw {
                    expected: Expected::Pick(index),
                    ..
                }),
            ) => vec![*index],
            _ => Vec::new(),
        }
    }

    /// Right, close or wrong, once revealed, when the card has a right
    /// answer to compare with: `None` for terms and lists (unless typed),
    /// and for a choice revealed without a pick (the learner grades
    /// themselves). A drill revealed without an answer counts as wrong.
    pub fn verdict(&self, card: &Card) -> Option<Outcome> {
        if !self.revealed {
            return None;
        }
        let judged = |right: bool| {
            if right {
                Outcome::Right
            } else {
                Outcome::Wrong
            }
        };
        match &card.kind {
            CardKind::Choice { answers, .. } if !self.picked.is_empty() => {
                Some(judged(&self.picked == answers))
            }
            CardKind::Term { .. } | CardKind::List { .. } => {
                self.typed_check.as_ref().map(|c| c.outcome)
            }
            CardKind::Drill(drill) => match &drill.answer {
                DrillAnswer::Pick { .. } => Some(judged(self.picked == self.right_options(card))),
                DrillAnswer::Number { .. } => Some(
                    self.drill_verdict
                        .as_ref()
                        .map_or(Outcome::Wrong, |v| v.outcome),
                ),
            },
            _ => None,
        }
    }

    /// The drill's listed mistake the answer matched, if any (by its
    /// place in the drill's `mistakes`).
    pub fn mistake(&self, card: &Card) -> Option<usize> {
        if let Some(mistake) = self.drill_verdict.as_ref().and_then(|v| v.mistake) {
            return Some(mistake);
        }
        match (&card.kind, self.draw(), self.picked.first()) {
            (CardKind::Drill(_), Some(draw), Some(&picked)) if self.revealed => {
                Drill::picked_mistake(draw, picked).map(|(index, _)| index)
            }
            _ => None,
        }
    }

    /// What the learner is told about their answer beyond right or wrong:
    /// what differs in a close answer, or the message of a listed mistake.
    pub fn note(&self, card: &Card) -> Option<&str> {
        if let Some(note) = self.drill_verdict.as_ref().and_then(|v| v.note.as_deref()) {
            return Some(note);
        }
        if let Some(note) = self.typed_check.as_ref().and_then(|c| c.note.as_deref()) {
            return Some(note);
        }
        match (&card.kind, self.draw(), self.picked.first()) {
            (CardKind::Drill(_), Some(draw), Some(&picked)) if self.revealed => {
                Drill::picked_mistake(draw, picked).map(|(_, feedback)| feedback)
            }
            _ => None,
        }
    }

    /// Whether `quality` may be given now, and if not why: a wrong answer
    /// takes 0–2, a close one 2–3, a right one 3–5 (3 at most after a
    /// hint), a self-graded card any grade. A typed term or list is
    /// compared by its words, which can miss a right answer in other
    /// words: its verdict suggests a grade, every grade stays open.
    pub fn check_grade(&self, card: &Card, quality: Quality) -> Result<(), Locked> {
        if !self.revealed {
            return Err(Locked::NotRevealed);
        }
        if matches!(card.kind, CardKind::Term { .. } | CardKind::List { .. }) {
            return Ok(());
        }
        let grade = quality.value();
        match self.verdict(card) {
            Some(Outcome::Right) if !quality.passed() => Err(Locked::RightAnswer),
            Some(Outcome::Right) if self.hints_shown > 0 && grade > 3 => Err(Locked::UsedHint),
            Some(Outcome::Close) if !(2..=3).contains(&grade) => Err(Locked::CloseAnswer),
            Some(Outcome::Wrong) if quality.passed() => Err(Locked::WrongAnswer),
            _ => Ok(()),
        }
    }

    /// The grade Enter gives once the answer is checked: 4 if right (3
    /// after a hint), 3 if close, 1 if wrong; `None` when the learner
    /// grades themselves.
    pub fn suggested(&self, card: &Card) -> Option<Quality> {
        Some(match self.verdict(card)? {
            Outcome::Right if self.hints_shown > 0 => SUGGEST_CLOSE,
            Outcome::Right => SUGGEST_RIGHT,
            Outcome::Close => SUGGEST_CLOSE,
            Outcome::Wrong => SUGGEST_WRONG,
        })
    }

    /// How the option with the author's index `index` reads once the
    /// answer is showing; `None` before.
    pub fn mark(&self, card: &Card, index: usize) -> Option<Mark> {
        if !self.revealed {
            return None;
        }
        let right = self.right_options(card).contains(&index);
        let picked = self.picked.contains(&index);
        Some(match (right, picked) {
            (true, true) => Mark::PickedRight,
            (false, true) => Mark::PickedWrong,
            (true, false) => Mark::Missed,
            (false, false) => Mark::LeftAlone,
        })
    }
}

/// Whether one pick answers the card: `None` for a card without options.
fn single_answer(card: &Card) -> Option<bool> {
    match &card.kind {
        CardKind::Choice { answers, .. } => Some(answers.len() == 1),
        CardKind::Drill(drill) => match drill.answer {
            DrillAnswer::Pick { .. } => Some(true),
            DrillAnswer::Number { .. } => None,
        },
        _ => None,
    }
}

/// The options of a choice question or a pick drill, in the author's order.
pub fn option_texts(card: &Card) -> Option<&[String]> {
    match &card.kind {
        CardKind::Choice { options, .. } => Some(options),
        CardKind::Drill(drill) => match &drill.answer {
            DrillAnswer::Pick { options, .. } => Some(options),
            DrillAnswer::Number { .. } => None,
        },
        _ => None,
    }
}

pub mod typed;

#[cfg(test)]
mod tests;
