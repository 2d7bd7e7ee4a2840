//! Practice exams as an instructor prints them.

use std::path::Path;

use super::*;

fn shipped() -> Library {
    crate::deck::load_paths(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("decks")])
}

fn exam(library: &Library, questions: usize, seed: u64) -> Vec<Question> {
    let options = Options {
        questions,
        seed,
        ..Options::default()
    };
    draw(library, &pool(library, &[], &[]), &options)
}

#[test]
fn the_same_seed_draws_the_same_exam_and_another_seed_other_numbers() {
    let library = shipped();
    let a = exam(&library, 20, 7);
    assert_eq!(a, exam(&library, 20, 7));
    let b = exam(&library, 20, 8);
    assert_ne!(a, b);
    // The same drill under two seeds: other numbers.
    let drill = &library
        .decks
        .iter()
        .flat_map(|d| d.cards.iter().map(move |c| (d, c)))
        .find(|(_, c)| matches!(c.kind, CardKind::Drill(_)))
        .unwrap();
    let prompts: std::collections::HashSet<String> = (0..6)
        .map(|seed| {
            let q = question(
                &library,
                (
                    library
                        .decks
                        .iter()
                        .position(|d| d.id == drill.0.id)
                        .unwrap(),
                    drill
                        .0
                        .cards
                        .iter()
                        .position(|c| c.id == drill.1.id)
                        .unwrap(),
                ),
                1,
                &[],
                &mut Xoshiro256PlusPlus::seed_from_u64(seed),
            );
            q.prompt
        })
        .collect();
    assert!(prompts.len() >= 5, "fresh numbers: {prompts:?}");
}

#[test]
fn the_kinds_take_turns_so_no_two_questions_in_a_row_are_of_one_kind() {
    let library = shipped();
    let questions = exam(&library, 24, 3);
    assert_eq!(questions.len(), 24);
    let group = |k: Kind| match k {
        Kind::Term | Kind::Definition => "term",
        other => other.name(),
    };
    for pair in questions.windows(2) {
        assert_ne!(group(pair[0].kind), group(pair[1].kind), "{pair:?}");
    }
    for kind in [
        Kind::Term,
        Kind::Definition,
        Kind::Choice,
        Kind::List,
        Kind::Drill,
    ] {
        assert!(
            questions.iter().any(|q| q.kind == kind),
            "{} in the mix",
            kind.name()
        );
    }
    // Every card at most once; numbered from 1.
    let cards: std::collections::HashSet<_> = questions.iter().map(|q| q.at).collect();
    assert_eq!(cards.len(), questions.len());
    assert_eq!(questions[0].number, 1);
}

#[test]
fn decks_and_tags_narrow_the_pool_and_a_small_pool_gives_fewer_questions() {
    let library = shipped();
    let only_nps = pool(&library, &[], &["nps".to_string()]);
    assert!(!only_nps.is_empty());
    assert!(
        only_nps
            .iter()
            .all(|&(d, c)| library.decks[d].cards[c].tags.iter().any(|t| t == "nps"))
    );
    let options = Options {
        questions: 1000,
        seed: 1,
        ..Options::default()
    };
    assert_eq!(draw(&library, &only_nps, &options).len(), only_nps.len());
    let calc = pool(&library, &["calculations".to_string()], &[]);
    assert!(
        calc.iter()
            .all(|&(d, _)| library.decks[d].id.as_str() == "calculations")
    );
}

#[test]
fn a_definition_question_offers_its_definition_among_three_others() {
    let library = shipped();
    let questions = exam(&library, 60, 11);
    let q = questions
        .iter()
        .find(|q| q.kind == Kind::Definition && !q.options.is_empty())
        .expect("a definition to pick");
    assert_eq!(q.options.len(), 4);
    let right = q.right_option.unwrap();
    assert_eq!(q.answer, option_letter(right).to_string());
    let CardKind::Term { definition, .. } = &library.decks[q.at.0].cards[q.at.1].kind else {
        panic!("a term");
    };
    assert_eq!(
        q.options[right],
        format!("{}. {definition}", option_letter(right))
    );
}

#[test]
fn the_html_puts_the_key_on_a_page_of_its_own_and_escapes_the_text() {
    let library = shipped();
    let mut questions = exam(&library, 8, 5);
    questions[0].prompt = "Is 3 < 4 & 5 > 2?".to_string();
    let page = html(&questions, "Practice exam", "8 questions · seed 5");
    assert!(page.contains("Is 3 &lt; 4 &amp; 5 &gt; 2?"));
    assert!(page.contains("page-break-before: always"));
    let key = page.find("Answer key").unwrap();
    let last_question = page
        .find(&format!(
            "<p class=\"prompt\">{}",
            esc(&questions[7].prompt)
        ))
        .unwrap();
    assert!(last_question < key, "the questions, then the key");
    assert_eq!(page.matches("<li class=\"q ").count(), 8);
}

/// The first question of `kind` in a long exam.
fn first(questions: &[Question], kind: Kind, typed: bool) -> &Question {
    questions
        .iter()
        .find(|q| q.kind == kind && q.typed() == typed)
        .unwrap_or_else(|| panic!("a {} question", kind.name()))
}

#[test]
fn each_kind_of_answer_is_checked_as_in_a_review() {
    let library = shipped();
    let questions = exam(&library, 120, 21);
    let outcome = |q: &Question, given: Given| q.check(&library, given).outcome;

    // A drill: its expected number is right; a usual mistake is named.
    let drill = questions
        .iter()
        .find(|q| q.kind == Kind::Drill && q.typed() && !q.mistakes.is_empty())
        .unwrap();
    assert_eq!(
        outcome(drill, Given::Typed(drill.answer.clone())),
        Outcome::Right
    );
    let wrong = drill.check(&library, Given::Typed(drill.mistakes[0].answer.clone()));
    assert_eq!(wrong.outcome, Outcome::Wrong);
    assert_eq!(
        wrong.note.as_deref(),
        Some(drill.mistakes[0].feedback.as_str())
    );
    assert!(wrong.mistake.is_some());

    // A term named from its definition, with a typo.
    let term = first(&questions, Kind::Term, true);
    let mut typo = term.answer.clone();
    if typo.len() > 5 {
        typo.remove(2);
    }
    assert_eq!(outcome(term, Given::Typed(typo)), Outcome::Right);
    assert_eq!(
        outcome(term, Given::Typed("something else".into())),
        Outcome::Wrong
    );

    // A definition picked among four.
    let definition = first(&questions, Kind::Definition, false);
    let right = definition.right_option.unwrap();
    assert_eq!(
        outcome(definition, Given::Picked(vec![right])),
        Outcome::Right
    );
    assert_eq!(
        outcome(definition, Given::Picked(vec![(right + 1) % 4])),
        Outcome::Wrong
    );

    // A choice, by the letter of its answer.
    let choice = questions
        .iter()
        .find(|q| q.kind == Kind::Choice && !q.answer.contains(','))
        .unwrap();
    let letter = choice.answer.chars().next().unwrap();
    let at = (letter as u8 - b'A') as usize;
    assert_eq!(outcome(choice, Given::Picked(vec![at])), Outcome::Right);

    // A list, its items typed.
    let list = first(&questions, Kind::List, true);
    assert_eq!(
        outcome(list, Given::Typed(list.answer.replace(';', ","))),
        Outcome::Right
    );

    // Nothing given: unanswered, and wrong.
    let skipped = list.check(&library, Given::Nothing);
    assert_eq!(
        (skipped.outcome, skipped.shown.as_str()),
        (Outcome::Wrong, "(no answer)")
    );
    let score = Score::of(&[Some(skipped), None, Some(wrong)]);
    assert_eq!((score.unanswered, score.wrong, score.total), (2, 1, 3));
}
