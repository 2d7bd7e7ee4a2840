//! Every card of a deck as the learner sees it: the instructor's view,
//! without the window (`cardwise preview`). Choices come in the order a
//! review shows them, drills with their numbers, expected answer, worked
//! solution, hints and usual mistakes; and, given an answer, the verdict
//! and the message a learner would see.

use serde::Serialize;

use crate::deck::{Card, CardKind, Deck};
use crate::drill::{DrillAnswer, Expected, Outcome};
use crate::key::Direction;
use crate::review::Review;

/// A usual mistake at one draw: the answer it gives, as the learner would
/// type it (or the letter of the option they would pick), and what they
/// are told.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShownMistake {
    pub answer: String,
    pub feedback: String,
}

/// What to preview.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Only this card (by id).
    pub card: Option<String>,
    /// Draws per drill (and reviews per choice question).
    pub draws: u32,
    /// The first review shown: the learner's review number (0 for a card
    /// never answered). Same number, same numbers and order.
    pub seed: u32,
    /// An answer to judge, as the learner would give it: a number for a
    /// drill, option letters (as shown) for a choice or pick drill.
    pub answer: Option<String>,
}

/// One card direction at one review, as shown.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Shown {
    pub deck: String,
    pub card: String,
    /// `term`, `list`, `choice` or `drill`.
    pub kind: &'static str,
    /// `forward`, or `reverse` for a term asked definition first.
    pub direction: &'static str,
    /// Which review this is (the learner's review number).
    pub review: u32,
    pub prompt: String,
    /// The options in the order shown, each with its letter.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// The right answer as shown: the definition, the items, the letters
    /// of the right options, or the drill's expected answer.
    pub answer: String,
    /// A number drill's expected value.
    pub expected: Option<f64>,
    /// The worked solution of a drill, the items of a list, the
    /// explanation of a choice.
    pub solution: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
    /// A drill's usual mistakes that apply to these numbers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mistakes: Vec<ShownMistake>,
    /// With an answer: `right`, `close`, `wrong` or `unreadable`; `null`
    /// for a card the learner grades themselves (a term, a list).
    pub verdict: Option<&'static str>,
    /// With an answer: what the learner would be told beyond the verdict.
    pub feedback: Option<String>,
}

/// The cards of `decks` as the learner sees them.
pub fn preview(decks: &[Deck], options: &Options) -> Vec<Shown> {
    let mut shown = Vec::new();
    for deck in decks {
        for card in &deck.cards {
            if options
                .card
                .as_deref()
                .is_some_and(|id| id != card.id.as_str())
            {
                continue;
            }
            let reviews = match card.kind {
                CardKind::Drill(_) | CardKind::Choice { .. } => options.draws.max(1),
                _ => 1,
            };
            for &direction in card.directions() {
                for n in 0..reviews {
                    let review = options.seed.saturating_add(n);
                    shown.push(one(
                        deck,
                        card,
                        direction,
                        review,
                        options.answer.as_deref(),
                    ));
                }
            }
        }
    }
    shown
}

/// One card direction at review `number`, as the learner sees it.
pub fn one(
    deck: &Deck,
    card: &Card,
    direction: Direction,
    number: u32,
    answer: Option<&str>,
) -> Shown {
    let key = deck.key(card, direction);
    let mut review = Review::new(card, &key, number);
    let letters = |indexes: &[usize], review: &Review| -> String {
        review
            .options(card)
            .iter()
            .filter(|(_, index, _)| indexes.contains(index))
            .map(|(letter, _, _)| letter.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let options: Vec<String> = review
        .options(card)
        .iter()
        .map(|(letter, _, text)| format!("{letter}. {text}"))
        .collect();
    let mut shown = Shown {
        deck: deck.id.to_string(),
        card: card.id.to_string(),
        kind: "term",
        direction: match direction {
            Direction::Forward => "forward",
            Direction::Reverse => "reverse",
        },
        review: number,
        prompt: String::new(),
        options,
        answer: String::new(),
        expected: None,
        solution: Vec::new(),
        hints: Vec::new(),
        mistakes: Vec::new(),
        verdict: None,
        feedback: None,
    };
    match &card.kind {
        CardKind::Term {
            term, definition, ..
        } => {
            let (prompt, answer) = match direction {
                Direction::Forward => (term, definition),
                Direction::Reverse => (definition, term),
            };
            shown.prompt = prompt.clone();
            shown.answer = answer.clone();
        }
        CardKind::List {
            prompt,
            items,
            ordered,
        } => {
            shown.kind = "list";
            shown.prompt = prompt.clone();
            shown.answer = items.join("; ");
            shown.solution = items
                .iter()
                .enumerate()
                .map(|(i, item)| match ordered {
                    true => format!("{}. {item}", i + 1),
                    false => format!("• {item}"),
                })
                .collect();
        }
        CardKind::Choice {
            question,
            answers,
            explanation,
            ..
        } => {
            shown.kind = "choice";
            shown.prompt = question.clone();
            shown.answer = letters(answers, &review);
            shown.solution = explanation.iter().cloned().collect();
        }
        CardKind::Drill(drill) => {
            shown.kind = "drill";
            match review.draw() {
                Some(draw) => {
                    shown.prompt = draw.prompt.clone();
                    match &draw.expected {
                        Expected::Number { value, shown: text } => {
                            shown.answer = text.clone();
                            shown.expected = Some(*value);
                        }
                        Expected::Pick(index) => shown.answer = letters(&[*index], &review),
                    }
                    shown.solution = draw.solution.clone();
                    shown.hints = draw.hints.clone();
                    shown.mistakes = draw
                        .mistakes
                        .iter()
                        .filter_map(|(value, feedback)| {
                            let answer = match &drill.answer {
                                DrillAnswer::Number { .. } => drill.show_typed(*value),
                                // -1: no option is the mistake for these numbers.
                                DrillAnswer::Pick { .. } if *value < 0.0 => return None,
                                DrillAnswer::Pick { .. } => letters(&[*value as usize], &review),
                            };
                            Some(ShownMistake {
                                answer,
                                feedback: feedback.clone(),
                            })
                        })
                        .collect();
                }
                None => {
                    shown.prompt = format!(
                        "(this drill could not draw its numbers: {})",
                        review.draw_problem().unwrap_or("unknown")
                    );
                }
            }
        }
    }
    if let Some(answer) = answer {
        judge(card, &mut review, answer, &mut shown);
    }
    shown
}

/// Answer the review as a learner would, and note the verdict.
fn judge(card: &Card, review: &mut Review, answer: &str, shown: &mut Shown) {
    let picks: Option<Vec<usize>> = {
        let letters: Vec<char> = answer
            .chars()
            .filter(|c| c.is_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let count = review.options(card).len();
        letters
            .iter()
            .map(|&l| {
                let at = (l as usize).checked_sub('A' as usize)?;
                (at < count).then_some(at)
            })
            .collect()
    };
    match &card.kind {
        CardKind::Term { .. } | CardKind::List { .. } => return,
        CardKind::Drill(drill) if matches!(drill.answer, DrillAnswer::Number { .. }) => {
            *review.typed_mut() = answer.to_string();
            review.check_typed(card);
            if !review.is_revealed() {
                shown.verdict = Some("unreadable");
                shown.feedback = review.typed_problem().map(str::to_string);
                return;
            }
        }
        _ => match picks.filter(|p| !p.is_empty()) {
            Some(picks) => {
                for at in picks {
                    review.pick(card, at);
                }
                review.reveal();
            }
            None => {
                shown.verdict = Some("unreadable");
                shown.feedback = Some(format!(
                    "\"{answer}\" names no option: give the letters shown, like B or A, C"
                ));
                return;
            }
        },
    }
    shown.verdict = review.verdict(card).map(|outcome| match outcome {
        Outcome::Right => "right",
        Outcome::Close => "close",
        Outcome::Wrong => "wrong",
    });
    shown.feedback = review.note(card).map(str::to_string);
}

/// The text form of one shown card, for `cardwise preview`.
pub fn text(shown: &Shown) -> String {
    let mut out = format!(
        "{}/{}{} · {} · review {}\n  {}\n",
        shown.deck,
        shown.card,
        if shown.direction == "reverse" {
            " (reverse)"
        } else {
            ""
        },
        shown.kind,
        shown.review,
        shown.prompt
    );
    for option in &shown.options {
        out.push_str(&format!("    {option}\n"));
    }
    out.push_str(&format!("  answer: {}\n", shown.answer));
    if shown.kind != "list" {
        for line in &shown.solution {
            out.push_str(&format!("  · {line}\n"));
        }
    }
    for (n, hint) in shown.hints.iter().enumerate() {
        out.push_str(&format!("  hint {}: {hint}\n", n + 1));
    }
    for mistake in &shown.mistakes {
        out.push_str(&format!("  if {}: {}\n", mistake.answer, mistake.feedback));
    }
    if let Some(verdict) = shown.verdict {
        out.push_str(&format!("  verdict: {verdict}"));
        if let Some(feedback) = &shown.feedback {
            out.push_str(&format!(" · {feedback}"));
        }
        out.push('\n');
    }
    out
}
