//! The overview's numbers on histories written through the real store,
//! day by day, with a clock the test sets.

use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::*;
use crate::deck::parse_deck;
use crate::key::{CardId, DeckId, Direction};
use crate::sched::{DayRules, Quality};
use crate::store::Answer;

const DECKS: [&str; 2] = [
    r#"Deck(id: "a", title: "Deck A", cards: [
        Term(id: "one", term: "One", definition: "1", tags: ["easy"]),
        Term(id: "two", term: "Two", definition: "2", tags: ["easy", "hard"]),
        Term(id: "three", term: "Three", definition: "3", tags: ["hard"]),
    ])"#,
    r#"Deck(id: "b", title: "Deck B", cards: [
        Term(id: "four", term: "Four", definition: "4"),
    ])"#,
];

fn library() -> Library {
    let mut library = Library {
        decks: DECKS
            .iter()
            .map(|text| parse_deck(Path::new("t.ron"), text).unwrap())
            .collect(),
        broken: Vec::new(),
        topics: Vec::new(),
        course: None,
    };
    library.collect_topics();
    library
}

fn rules() -> DayRules {
    DayRules::new(TimeZone::UTC, 4)
}

const LIMITS: Limits = Limits::new(20);

/// `hh:mm` UTC on 2026-11-`day`.
fn at(day: u8, time: &str) -> Timestamp {
    format!("2026-11-{day:02}T{time}:00Z").parse().unwrap()
}

fn day(d: u8) -> Day {
    rules().day_of(at(d, "12:00"))
}

fn answer(store: &mut Store, deck: &str, card: &str, grade: u8, when: Timestamp) {
    let answer = Answer {
        key: CardKey::new(DeckId::new(deck), CardId::new(card), Direction::Forward),
        quality: Quality::new(grade).unwrap(),
        answered_at: when,
        elapsed_ms: 20_000,
        fingerprint: None,
        checked: None,
    };
    store.record(&answer, &rules()).unwrap();
}

fn view(store: &Store, scope: Scope, today: Day) -> Overview {
    let history = store.history().unwrap();
    overview(&library(), store, &history, scope, today, LIMITS)
}

#[test]
fn a_day_counts_for_the_streak_when_anything_was_answered_and_the_day_starts_at_4() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap().store;
    answer(&mut store, "a", "one", 4, at(1, "10:00"));
    // 03:00 on the 2nd still belongs to study day the 1st.
    answer(&mut store, "a", "two", 4, at(2, "03:00"));
    // The 2nd itself is missed; the 3rd and 4th are studied.
    answer(&mut store, "a", "three", 4, at(3, "10:00"));
    answer(&mut store, "a", "one", 4, at(4, "10:00"));

    // On the 5th, before any answer: the streak of the 3rd and 4th holds.
    let on_5th = view(&store, Scope::All, day(5));
    assert_eq!(
        on_5th.streak,
        Streak {
            current: 2,
            longest: 2
        }
    );
    // A day later with nothing answered on the 5th: broken.
    assert_eq!(view(&store, Scope::All, day(6)).streak.current, 0);

    let last = on_5th.days.last().unwrap();
    assert_eq!(last.day, day(5));
    let first = &on_5th.days[DAYS - 5];
    assert_eq!(
        (first.day, first.answers),
        (day(1), 2),
        "03:00 counts for the 1st"
    );
    assert_eq!(on_5th.days[DAYS - 4].answers, 0, "the 2nd was missed");
    assert_eq!(on_5th.days[DAYS - 4].time_ms, 0);
    assert_eq!(on_5th.days[DAYS - 2].time_ms, 20_000);
}

#[test]
fn the_streak_of_one_deck_counts_only_its_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap().store;
    answer(&mut store, "a", "one", 4, at(3, "10:00"));
    answer(&mut store, "b", "four", 4, at(4, "10:00"));
    assert_eq!(view(&store, Scope::All, day(4)).streak.current, 2);
    assert_eq!(
        view(&store, Scope::Deck(0), day(4)).streak.current,
        1,
        "yesterday's"
    );
    assert_eq!(view(&store, Scope::Deck(1), day(4)).streak.longest, 1);
}

#[test]
fn an_undone_answer_counts_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap().store;
    answer(&mut store, "a", "one", 4, at(4, "10:00"));
    answer(&mut store, "a", "two", 4, at(4, "10:01"));
    let mut history = store.history().unwrap();
    assert_eq!(history.len(), 2);
    store.undo(at(4, "10:02"), &rules()).unwrap();
    // Read afresh, and brought up to date: the same.
    store.update_history(&mut history).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(store.history().unwrap().answers, history.answers);
    let today = view(&store, Scope::All, day(4));
    assert_eq!(today.days.last().unwrap().answers, 1);
}

#[test]
fn the_forecast_counts_cards_by_their_due_day_and_today_what_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap().store;
    // The 1st: "one" 5 (next in 1 day), "two" 5, "three" 1 (again today).
    answer(&mut store, "a", "one", 5, at(1, "10:00"));
    answer(&mut store, "a", "two", 5, at(1, "10:01"));
    answer(&mut store, "a", "three", 1, at(1, "10:02"));
    let on_1st = view(&store, Scope::All, day(1));
    // New cards are not in the forecast: it counts reviews.
    assert_eq!(on_1st.forecast.len(), FORECAST_DAYS);
    assert_eq!(on_1st.forecast[0], 1, "three, graded 1, comes back today");
    assert_eq!(
        on_1st.forecast[1], 3,
        "one and two after one day, and three, restarted, too"
    );
    assert_eq!(on_1st.forecast[2..].iter().sum::<usize>(), 0);

    // The 2nd: "one" 4 again (second repetition: 6 days), "two" not done.
    answer(&mut store, "a", "one", 4, at(2, "10:00"));
    let on_2nd = view(&store, Scope::All, day(2));
    // Today: "two" due, "three" overdue since it failed on the 1st.
    assert_eq!(on_2nd.forecast[0], 2);
    assert_eq!(on_2nd.forecast[6], 1, "one, in 6 days");
    assert_eq!(on_2nd.forecast.iter().sum::<usize>(), 3);
    // Three days on, the overdue ones are still today's.
    assert_eq!(view(&store, Scope::All, day(5)).forecast[0], 2);
}

#[test]
fn retention_counts_due_reviews_recalled_young_and_mature_by_week() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap().store;
    // "one": first answer (not a due review), then due reviews after 1
    // day (young, recalled), 6 days (young, forgotten: grade 2).
    answer(&mut store, "a", "one", 5, at(2, "10:00"));
    answer(&mut store, "a", "one", 5, at(3, "10:00"));
    answer(&mut store, "a", "one", 2, at(9, "10:00"));
    // A same-day repeat is not a due review.
    answer(&mut store, "a", "one", 4, at(9, "10:05"));
    let o = view(&store, Scope::All, day(9));
    assert_eq!(
        o.retention,
        Retention {
            young: Recall {
                recalled: 1,
                reviews: 2
            },
            mature: Recall::default(),
        }
    );
    // 2026-11-03 is a Tuesday: its week starts on Monday the 2nd; the 9th
    // is the next Monday.
    let last = o.weeks.last().unwrap();
    assert_eq!(last.week, day(9));
    assert_eq!(
        last.young,
        Recall {
            recalled: 0,
            reviews: 1
        }
    );
    let before = &o.weeks[WEEKS - 2];
    assert_eq!(
        (before.week, before.young),
        (
            day(2),
            Recall {
                recalled: 1,
                reviews: 1
            }
        )
    );
    assert_eq!(
        o.weeks
            .iter()
            .map(|w| w.week)
            .collect::<Vec<_>>()
            .windows(2)
            .filter(|w| w[1].days_since(w[0]) != 7)
            .count(),
        0
    );
}

#[test]
fn a_review_after_21_days_or_more_is_mature() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap().store;
    // 1 day, 6 days, then ⌈6 × 2.7⌉ = 17 days, then ⌈17 × 2.8⌉ = 48.
    let mut when = at(1, "10:00");
    for gap in [0, 1, 6, 17, 48] {
        when = when
            .checked_add(jiff::SignedDuration::from_hours(24 * gap))
            .unwrap();
        answer(&mut store, "a", "one", 5, when);
    }
    let today = rules().day_of(when);
    let o = view(&store, Scope::All, today);
    // Due reviews with intervals 1, 6, 17 (young) and 48 (mature).
    assert_eq!(
        o.retention.young,
        Recall {
            recalled: 3,
            reviews: 3
        }
    );
    assert_eq!(
        o.retention.mature,
        Recall {
            recalled: 1,
            reviews: 1
        }
    );
}

#[test]
fn mastery_lists_decks_and_topics_weakest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap().store;
    for card in ["one", "two", "three"] {
        answer(&mut store, "a", card, 5, at(1, "10:00"));
    }
    // Due on the 2nd: "one" recalled, "two" and "three" forgotten.
    answer(&mut store, "a", "one", 5, at(2, "10:00"));
    answer(&mut store, "a", "two", 1, at(2, "10:01"));
    answer(&mut store, "a", "three", 1, at(2, "10:02"));
    let o = view(&store, Scope::All, day(2));
    let names: Vec<(&str, &str)> = o
        .mastery
        .iter()
        .map(|m| (m.kind, m.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("topic", "hard"),  // two and three: 0 of 2
            ("deck", "Deck A"), // 1 of 3
            ("topic", "easy"),  // 1 of 2
            ("deck", "Deck B"), // never reviewed
        ]
    );
    let deck_a = &o.mastery[1];
    assert_eq!(
        (deck_a.cards, deck_a.new, deck_a.learning, deck_a.young),
        (3, 0, 2, 1),
        "one recalled twice in a row is young; the two forgotten are learning"
    );
    assert_eq!(
        deck_a.recall,
        Recall {
            recalled: 1,
            reviews: 3
        }
    );

    // One deck: its own cards and the topics among them.
    let b = view(&store, Scope::Deck(1), day(2));
    assert_eq!(b.mastery.len(), 1);
    assert_eq!(
        (b.mastery[0].name.as_str(), b.mastery[0].new),
        ("Deck B", 1)
    );
}

#[test]
fn every_deck_counted_at_once_matches_each_deck_counted_alone() {
    let mut library = library();
    // A two-way term (siblings), a tight new-card limit per deck.
    let two_way = r#"Deck(id: "c", title: "Deck C", cards: [
        Term(id: "x", term: "X", definition: "x", reverse: true),
        Term(id: "y", term: "Y", definition: "y", reverse: true),
        Term(id: "z", term: "Z", definition: "z"),
    ])"#;
    library
        .decks
        .push(parse_deck(Path::new("c.ron"), two_way).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap().store;
    answer(&mut store, "a", "one", 5, at(1, "10:00"));
    answer(&mut store, "a", "two", 1, at(3, "10:00"));
    answer(&mut store, "c", "x", 5, at(1, "10:00"));
    let reverse = Answer {
        key: CardKey::new(DeckId::new("c"), CardId::new("x"), Direction::Reverse),
        quality: Quality::new(5).unwrap(),
        answered_at: at(1, "10:05"),
        elapsed_ms: 1000,
        fingerprint: None,
        checked: None,
    };
    store.record(&reverse, &rules()).unwrap();
    for new_per_deck in [0, 1, 20] {
        let limits = Limits::new(new_per_deck);
        for today in [day(2), day(3)] {
            let all = crate::plan::all_deck_counts(&library, &store, today, limits);
            let each: Vec<_> = (0..library.decks.len())
                .map(|d| crate::plan::deck_counts(&library, &store, d, today, limits))
                .collect();
            assert_eq!(all, each, "limit {new_per_deck}, {today}");
        }
    }
}

#[test]
fn each_drill_counts_right_close_wrong_and_the_listed_mistakes_made_undone_ones_not() {
    use crate::drill::Outcome;
    use crate::store::Checked;
    let text = r#"Deck(id: "calc", title: "Calculations", cards: [
        Term(id: "t", term: "T", definition: "A term"),
        Drill(id: "easy", prompts: ["{a} + {b}?"],
            variables: [Range(name: "a", min: 1, max: 9), Range(name: "b", min: 1, max: 9)],
            answer: Number(formula: "a + b", decimals: 0),
            solution: ["{a} + {b} = {a + b}"]),
        Drill(id: "hard", prompts: ["{a} − {b}?"],
            variables: [Range(name: "a", min: 10, max: 19), Range(name: "b", min: 1, max: 9)],
            answer: Number(formula: "a - b", decimals: 0),
            mistakes: [
                Mistake(formula: "a + b", feedback: "Added instead of subtracted."),
                Mistake(formula: "b - a", feedback: "The wrong way round."),
            ],
            solution: ["{a} − {b} = {a - b}"]),
    ])"#;
    let library = {
        let mut library = Library {
            decks: vec![parse_deck(Path::new("calc.ron"), text).unwrap()],
            broken: Vec::new(),
            topics: Vec::new(),
            course: None,
        };
        library.collect_topics();
        library
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap().store;
    let mut checked = |card: &str, outcome: Option<Outcome>, mistake: Option<u32>, minute: u8| {
        let answer = Answer {
            key: CardKey::new(DeckId::new("calc"), CardId::new(card), Direction::Forward),
            quality: Quality::new(if outcome == Some(Outcome::Right) {
                5
            } else {
                1
            })
            .unwrap(),
            answered_at: at(3, &format!("10:{minute:02}")),
            elapsed_ms: 9_000,
            fingerprint: None,
            checked: outcome.map(|outcome| Checked { outcome, mistake }),
        };
        store.record(&answer, &rules()).unwrap();
    };
    checked("easy", Some(Outcome::Right), None, 0);
    checked("hard", Some(Outcome::Wrong), Some(0), 1);
    checked("hard", Some(Outcome::Wrong), Some(0), 2);
    checked("hard", Some(Outcome::Close), None, 3);
    checked("hard", Some(Outcome::Wrong), Some(1), 4);
    checked("t", None, None, 5);
    // The last wrong answer is taken back: it does not count.
    checked("hard", Some(Outcome::Wrong), Some(1), 6);
    store.undo(at(3, "10:07"), &rules()).unwrap().unwrap();

    let history = store.history().unwrap();
    let results = drill_results(&library, &history, Scope::All);
    type Line<'a> = (&'a str, u32, u32, u32, u32, Vec<u32>);
    let summary: Vec<Line<'_>> = results
        .iter()
        .map(|d| {
            let made = d.mistakes.iter().map(|m| m.times).collect();
            (d.card.as_str(), d.answers, d.right, d.close, d.wrong, made)
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("hard", 4, 0, 1, 3, vec![2, 1]),
            ("easy", 1, 1, 0, 0, vec![]),
        ],
        "the weakest first; the term is no drill"
    );
    assert_eq!(
        results[0].mistakes[0].message,
        "Added instead of subtracted."
    );
    assert_eq!(results[0].prompt, "… − …?", "its numbers left out");

    // The same numbers after reopening, read by another connection.
    drop(store);
    let history =
        crate::store::read_history(&dir.path().join(crate::store::DATABASE_FILE)).unwrap();
    assert_eq!(drill_results(&library, &history, Scope::All), results);
}
