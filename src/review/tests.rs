//! The rules of a review, one test each.

use std::path::Path;

use super::*;
use crate::deck::{Deck, parse_deck};
use crate::drill::Outcome;
use crate::key::Direction;

const DECK: &str = r#"Deck(id: "r", title: "Rules", cards: [
    Term(id: "term", term: "Churn", definition: "Customers lost."),
    Choice(id: "one", question: "A score of 7 is a …", options: ["promoter", "passive", "detractor", "neutral"], answers: ["B"]),
    Choice(id: "many", question: "Which are costs?", options: ["money", "time", "benefit", "effort"], answers: ["A", "B", "D"]),
    Choice(id: "scale", question: "How sure?", options: ["not", "a bit", "very", "all of the above"], answers: ["D"], shuffle: false),
    Drill(
        id: "value",
        prompts: ["Benefits {b}, costs {c}: the value?"],
        variables: [Range(name: "b", min: 10, max: 20), Range(name: "c", min: 1, max: 5)],
        answer: Number(formula: "b - c"),
        solution: ["{b} - {c} = {b - c}"],
    ),
])"#;

fn deck() -> Deck {
    parse_deck(Path::new("rules.ron"), DECK).unwrap()
}

fn review(deck: &Deck, card: &str, answers: u32) -> (Review, Card) {
    let card = deck
        .cards
        .iter()
        .find(|c| c.id.as_str() == card)
        .unwrap()
        .clone();
    let key = deck.key(&card, Direction::Forward);
    (Review::new(&card, &key, answers), card)
}

fn q(grade: u8) -> Quality {
    Quality::new(grade).unwrap()
}

/// Where option `index` (the author's) is shown: 0 is A.
fn shown_at(review: &Review, card: &Card, index: usize) -> usize {
    review
        .options(card)
        .iter()
        .position(|&(_, i, _)| i == index)
        .unwrap()
}

#[test]
fn nothing_can_be_graded_before_the_answer_shows() {
    let deck = deck();
    let (mut r, card) = review(&deck, "term", 0);
    assert_eq!(r.check_grade(&card, q(4)), Err(Locked::NotRevealed));
    r.reveal();
    for grade in 0..=5 {
        assert_eq!(
            r.check_grade(&card, q(grade)),
            Ok(()),
            "a term is self-graded"
        );
    }
    assert_eq!(r.suggested(&card), None);
}

#[test]
fn a_right_pick_allows_3_to_5_and_enter_gives_4() {
    let deck = deck();
    let (mut r, card) = review(&deck, "one", 0);
    r.pick(&card, shown_at(&r, &card, 1));
    assert!(r.is_revealed(), "one pick answers a single-answer question");
    assert_eq!(r.verdict(&card), Some(Outcome::Right));
    assert_eq!(r.check_grade(&card, q(2)), Err(Locked::RightAnswer));
    assert_eq!(r.check_grade(&card, q(3)), Ok(()));
    assert_eq!(r.suggested(&card), Some(q(4)));
}

#[test]
fn a_wrong_pick_allows_0_to_2_and_enter_gives_1() {
    let deck = deck();
    let (mut r, card) = review(&deck, "one", 0);
    r.pick(&card, shown_at(&r, &card, 0));
    assert_eq!(r.verdict(&card), Some(Outcome::Wrong));
    assert_eq!(r.check_grade(&card, q(4)), Err(Locked::WrongAnswer));
    assert_eq!(r.check_grade(&card, q(2)), Ok(()));
    assert_eq!(r.suggested(&card), Some(q(1)));
    assert_eq!(
        Locked::WrongAnswer.explain(q(4)),
        "4 is for an answer you knew; this one was wrong, so grade it 0, 1 or 2 (Enter gives 1)."
    );
}

#[test]
fn a_choice_revealed_without_a_pick_is_graded_by_the_learner() {
    let deck = deck();
    let (mut r, card) = review(&deck, "one", 0);
    r.reveal();
    assert_eq!(r.verdict(&card), None);
    assert!((0..=5).all(|g| r.check_grade(&card, q(g)).is_ok()));
    assert_eq!(
        r.mark(&card, 1),
        Some(Mark::Missed),
        "the right one is shown"
    );
    assert_eq!(r.mark(&card, 0), Some(Mark::LeftAlone));
}

#[test]
fn a_multiple_answer_question_takes_several_picks_and_marks_each_option_four_ways() {
    let deck = deck();
    let (mut r, card) = review(&deck, "many", 0);
    // Right: money (0), time (1), effort (3). Picked: money and benefit.
    r.pick(&card, shown_at(&r, &card, 0));
    r.pick(&card, shown_at(&r, &card, 2));
    assert!(
        !r.is_revealed(),
        "several answers: picks toggle until checked"
    );
    r.pick(&card, shown_at(&r, &card, 2));
    r.pick(&card, shown_at(&r, &card, 2));
    assert_eq!(r.picked(), [0, 2]);
    r.reveal();
    assert_eq!(r.verdict(&card), Some(Outcome::Wrong));
    assert_eq!(r.mark(&card, 0), Some(Mark::PickedRight));
    assert_eq!(r.mark(&card, 1), Some(Mark::Missed));
    assert_eq!(r.mark(&card, 2), Some(Mark::PickedWrong));
    assert_eq!(r.mark(&card, 3), Some(Mark::Missed));
    r.pick(&card, 0);
    assert_eq!(r.picked(), [0, 2], "nothing changes once checked");
}

#[test]
fn options_are_shown_in_a_fresh_order_at_every_review_and_the_same_order_again_for_one_review() {
    let deck = deck();
    let order = |answers| {
        let (r, card) = review(&deck, "one", answers);
        r.options(&card)
            .iter()
            .map(|&(_, i, _)| i)
            .collect::<Vec<_>>()
    };
    assert_eq!(order(3), order(3), "reopening shows the same order");
    let orders: std::collections::HashSet<Vec<usize>> = (0..20).map(order).collect();
    assert!(
        orders.len() > 5,
        "orders change between reviews: {orders:?}"
    );
    // Letters follow the order shown.
    let (r, card) = review(&deck, "one", 3);
    let letters: Vec<char> = r.options(&card).iter().map(|&(l, _, _)| l).collect();
    assert_eq!(letters, ['A', 'B', 'C', 'D']);
}

#[test]
fn the_right_answer_lands_on_every_letter_about_as_often() {
    let deck = deck();
    let mut at = [0usize; 4];
    for answers in 0..400 {
        let (r, card) = review(&deck, "one", answers);
        at[shown_at(&r, &card, 1)] += 1;
    }
    assert!(at.iter().all(|&n| (60..=140).contains(&n)), "{at:?}");
}

#[test]
fn an_author_can_keep_the_options_in_their_order() {
    let deck = deck();
    for answers in 0..10 {
        let (r, card) = review(&deck, "scale", answers);
        let texts: Vec<&str> = r.options(&card).iter().map(|&(_, _, t)| t).collect();
        assert_eq!(texts, ["not", "a bit", "very", "all of the above"]);
    }
}

#[test]
fn a_drill_shows_the_same_numbers_for_one_review_and_new_ones_for_the_next() {
    let deck = deck();
    let (a, _) = review(&deck, "value", 4);
    let (b, _) = review(&deck, "value", 4);
    assert_eq!(a.draw(), b.draw());
    let draws: std::collections::HashSet<String> = (0..10)
        .map(|n| review(&deck, "value", n).0.draw().unwrap().prompt.clone())
        .collect();
    assert!(draws.len() > 3);
}

#[test]
fn a_typed_drill_answer_is_checked_and_unreadable_text_waits() {
    let deck = deck();
    let (mut r, card) = review(&deck, "value", 0);
    let Some(Expected::Number { value, .. }) = r.draw().map(|d| d.expected.clone()) else {
        panic!("a number drill");
    };
    *r.typed_mut() = "about ten".into();
    r.check_typed(&card);
    assert!(!r.is_revealed());
    assert!(r.typed_problem().is_some());
    *r.typed_mut() = format!("{value}");
    r.check_typed(&card);
    assert!(r.is_revealed());
    assert_eq!(r.verdict(&card), Some(Outcome::Right));
    assert_eq!(r.suggested(&card), Some(q(4)));
}

#[test]
fn a_drill_revealed_without_an_answer_is_wrong() {
    let deck = deck();
    let (mut r, card) = review(&deck, "value", 0);
    r.reveal();
    assert_eq!(r.verdict(&card), Some(Outcome::Wrong));
    assert_eq!(r.check_grade(&card, q(3)), Err(Locked::WrongAnswer));
}

const DRILLS: &str = r#"Deck(id: "d", title: "Drills", cards: [
    Drill(
        id: "csat",
        prompts: ["{happy} of {asked} were satisfied: the CSAT?"],
        variables: [Range(name: "happy", min: 100, max: 200), Range(name: "asked", min: 300, max: 400)],
        answer: Number(formula: "happy / asked * 100", unit: Percent, decimals: 1, tolerance: Absolute(0.05)),
        hints: ["CSAT is the share of satisfied answers.", "Divide {happy} by {asked}."],
        mistakes: [Mistake(formula: "asked / happy * 100", feedback: "Upside down: satisfied ÷ asked.")],
    ),
])"#;

/// The CSAT drill's first review whose answer is not whole to one
/// decimal, its card, and its expected value.
fn csat() -> (Review, Card, f64) {
    let deck = parse_deck(Path::new("d.ron"), DRILLS).unwrap();
    let card = deck.cards[0].clone();
    (0..20)
        .find_map(|answers| {
            let review = Review::new(&card, &deck.key(&card, Direction::Forward), answers);
            let Some(Expected::Number { value, .. }) = review.draw().map(|d| d.expected.clone())
            else {
                panic!("a number drill");
            };
            ((value * 10.0).round() % 10.0 != 0.0).then(|| (review, card.clone(), value))
        })
        .expect("a value with a tenth in 20 draws")
}

#[test]
fn a_close_answer_takes_2_or_3_and_enter_gives_3() {
    let (mut r, card, value) = csat();
    // A whole number for a one-decimal answer: right but for rounding.
    *r.typed_mut() = format!("{:.0}", value);
    r.check_typed(&card);
    assert_eq!(r.verdict(&card), Some(Outcome::Close));
    assert!(r.note(&card).unwrap().starts_with("Right but for rounding"));
    assert_eq!(r.check_grade(&card, q(4)), Err(Locked::CloseAnswer));
    assert_eq!(r.check_grade(&card, q(1)), Err(Locked::CloseAnswer));
    assert_eq!(r.check_grade(&card, q(2)), Ok(()));
    assert_eq!(r.suggested(&card), Some(q(3)));
}

#[test]
fn hints_come_one_at_a_time_before_the_answer_and_cap_a_right_answer_at_3() {
    let (mut r, card, value) = csat();
    assert!(r.hints().is_empty());
    r.show_hint();
    assert_eq!(r.hints(), ["CSAT is the share of satisfied answers."]);
    r.show_hint();
    r.show_hint();
    assert_eq!(r.hints().len(), 2, "no more than there are");
    assert!(!r.hint_left());
    *r.typed_mut() = format!("{value:.1}");
    r.check_typed(&card);
    assert_eq!(r.verdict(&card), Some(Outcome::Right));
    assert_eq!(r.check_grade(&card, q(4)), Err(Locked::UsedHint));
    assert_eq!(r.check_grade(&card, q(3)), Ok(()));
    assert_eq!(r.suggested(&card), Some(q(3)));
    assert_eq!(
        Locked::UsedHint.explain(q(5)),
        "You used a hint, so 3 is the most this answer can get (Enter gives 3)."
    );
}

#[test]
fn a_listed_mistake_is_wrong_with_its_message() {
    let (mut r, card, value) = csat();
    *r.typed_mut() = format!("{:.1}", 10_000.0 / value);
    r.check_typed(&card);
    assert_eq!(r.verdict(&card), Some(Outcome::Wrong));
    assert_eq!(r.note(&card), Some("Upside down: satisfied ÷ asked."));
}

#[test]
fn a_typed_term_is_checked_suggests_a_grade_and_leaves_every_grade_open() {
    let deck = deck();
    let card = deck.cards.iter().find(|c| c.id.as_str() == "term").unwrap();
    // Asked from its definition: the term is typed.
    let key = deck.key(card, Direction::Reverse);
    let mut review = Review::new(card, &key, 0);
    assert!(!review.is_typing(card));
    review.answer_by_typing(card, true);
    assert!(review.is_typing(card));
    *review.typed_mut() = "chrun".into();
    review.check_typed(card);
    assert!(review.is_revealed());
    assert_eq!(
        review.verdict(card),
        Some(Outcome::Right),
        "a typo in five letters"
    );
    assert_eq!(
        review.note(card),
        Some("Accepted with a typo: it is spelt “Churn”.")
    );
    assert_eq!(review.suggested(card), Some(SUGGEST_RIGHT));
    for grade in 0..=5 {
        assert_eq!(review.check_grade(card, q(grade)), Ok(()), "grade {grade}");
    }

    // Asked from the term: the definition's key words are typed.
    let key = deck.key(card, Direction::Forward);
    let mut review = Review::new(card, &key, 0);
    review.answer_by_typing(card, true);
    *review.typed_mut() = "the customers we lost".into();
    review.check_typed(card);
    assert_eq!(review.verdict(card), Some(Outcome::Right));
    let mut review = Review::new(card, &key, 0);
    review.answer_by_typing(card, true);
    *review.typed_mut() = "profit".into();
    review.check_typed(card);
    assert_eq!(review.verdict(card), Some(Outcome::Wrong));
    assert_eq!(review.suggested(card), Some(SUGGEST_WRONG));
}

#[test]
fn typing_is_chosen_before_the_answer_shows_and_only_for_terms_and_lists() {
    let deck = deck();
    let (mut choice, card) = review(&deck, "one", 0);
    choice.answer_by_typing(&card, true);
    assert!(!choice.is_typing(&card), "a choice is picked");
    let (mut term, card) = review(&deck, "term", 0);
    term.reveal();
    term.answer_by_typing(&card, true);
    assert!(!term.is_typing(&card), "too late: the answer shows");
    assert_eq!(term.verdict(&card), None, "graded by the learner");
}
