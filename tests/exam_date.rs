//! Getting ready by an exam date, through simulated days: every card is
//! seen twice before the date, the extra reviews of the last days leave
//! SM-2 alone, and after the date the schedule is SM-2's own.

use std::collections::HashMap;
use std::path::Path;

use cardwise::deck::{Library, parse_deck};
use cardwise::key::CardKey;
use cardwise::plan::{Limits, Scope, today_queue};
use cardwise::sched::{Day, DayRules, Quality};
use cardwise::store::{Answer, ReviewKind, Store};

fn library(decks: usize, cards: usize) -> Library {
    let decks = (0..decks)
        .map(|d| {
            let cards: Vec<String> = (0..cards)
                .map(|c| format!(r#"Term(id: "t{c}", term: "Term {d}-{c}", definition: "Definition {d}-{c}")"#))
                .collect();
            let text = format!(
                r#"Deck(id: "d{d}", title: "Deck {d}", cards: [{}])"#,
                cards.join(", ")
            );
            parse_deck(Path::new("d.ron"), &text).unwrap()
        })
        .collect();
    let mut library = Library {
        decks,
        broken: Vec::new(),
        topics: Vec::new(),
        course: None,
    };
    library.collect_topics();
    library
}

fn rules() -> DayRules {
    DayRules::new(jiff::tz::TimeZone::UTC, 4)
}

fn noon(day: Day) -> jiff::Timestamp {
    jiff::Timestamp::from_second(i64::from(day.number()) * 86_400 + 12 * 3600).unwrap()
}

/// Study everything the queue holds on `day`, as a steady learner: 4 for
/// most, 5 for some, a 2 now and then (answered again until 4).
fn study_day(library: &Library, store: &mut Store, day: Day, limits: Limits, extras: &mut usize) {
    study_sitting(library, store, day, limits, extras, usize::MAX, 0);
}

/// Study at most `most` cards of the queue as it is now, from `minute`.
fn study_sitting(
    library: &Library,
    store: &mut Store,
    day: Day,
    limits: Limits,
    extras: &mut usize,
    most: usize,
    start_minute: i64,
) {
    let mut queue = today_queue(library, store, Scope::All, day, limits);
    queue.extra.truncate(most);
    let rest = most.saturating_sub(queue.extra.len());
    queue.due.truncate(rest);
    queue.new.truncate(rest.saturating_sub(queue.due.len()));
    let mut minute = start_minute;
    for item in queue.extra.iter() {
        let key = item.key(library);
        let before = *store.progress(&key).unwrap();
        let answer = Answer {
            key: key.clone(),
            quality: Quality::new(4).unwrap(),
            answered_at: noon(day) + jiff::SignedDuration::from_mins(minute),
            elapsed_ms: 5000,
            fingerprint: None,
            checked: None,
        };
        minute += 1;
        store
            .record_practice(&answer, ReviewKind::ExamExtra, &rules())
            .unwrap();
        assert_eq!(
            store.progress(&key),
            Some(&before),
            "an extra review moves nothing"
        );
        *extras += 1;
    }
    for (n, item) in queue.due.iter().chain(&queue.new).enumerate() {
        let mut grade = match n % 7 {
            0 => 2,
            1 | 2 => 5,
            _ => 4,
        };
        loop {
            let answer = Answer {
                key: item.key(library),
                quality: Quality::new(grade).unwrap(),
                answered_at: noon(day) + jiff::SignedDuration::from_mins(minute),
                elapsed_ms: 5000,
                fingerprint: None,
                checked: None,
            };
            minute += 1;
            store.record(&answer, &rules()).unwrap();
            if grade >= 4 {
                break;
            }
            grade = 4;
        }
    }
}

/// How many scheduled (not extra) answers each card had before `day`.
fn scheduled_answers_before(store: &Store, day: Day) -> HashMap<CardKey, usize> {
    let history = store.history().unwrap();
    let mut answered: HashMap<CardKey, usize> = HashMap::new();
    for answer in history
        .answers
        .iter()
        .filter(|a| !a.practice && a.day < day)
    {
        *answered
            .entry(history.key(answer).unwrap().clone())
            .or_default() += 1;
    }
    answered
}

#[test]
fn every_card_is_seen_twice_before_the_exam_and_sm2_goes_on_after_it() {
    let library = library(2, 60);
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    let start = Day::from_number(20_400);
    let exam = start.plus(12);
    // Two new cards a deck a day would take 30 days: the exam sets the pace.
    let limits = Limits {
        new_per_deck: 2,
        exam: Some(exam),
    };
    let mut extras = 0;
    let mut day = start;
    while day < exam {
        study_day(&library, &mut store, day, limits, &mut extras);
        day = day.plus(1);
    }
    // Every card answered (scheduled) at least twice before the exam.
    let answered = scheduled_answers_before(&store, exam);
    assert_eq!(answered.len(), 120, "every card seen");
    let fewest = answered.values().min().copied().unwrap();
    assert!(fewest >= 2, "each seen twice at least, the fewest {fewest}");
    assert!(extras > 0, "cards due after the exam got an extra review");
    // Each at most once.
    let history = store.history().unwrap();
    let extra_cards = history
        .answers
        .iter()
        .filter(|a| a.practice)
        .map(|a| a.card)
        .collect::<std::collections::HashSet<_>>();
    assert_eq!(extra_cards.len(), extras);

    // After the exam: the queue is SM-2's own, with or without the date.
    let no_exam = Limits::new(2);
    for later in 0..20 {
        let day = exam.plus(later);
        let with = today_queue(&library, &store, Scope::All, day, limits);
        let without = today_queue(&library, &store, Scope::All, day, no_exam);
        assert_eq!(with, without, "day {later} after the exam");
        study_day(&library, &mut store, day, no_exam, &mut extras);
    }
    let cached: HashMap<_, _> = store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(store.replay().unwrap(), cached);
}

#[test]
fn an_exam_too_close_for_every_card_is_said_with_what_fits() {
    let library = library(1, 30);
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path()).unwrap().store;
    let today = Day::from_number(20_400);
    let outlook = |exam: Day| {
        cardwise::plan::exam_outlook(
            &library,
            &store,
            today,
            Limits {
                new_per_deck: 20,
                exam: Some(exam),
            },
        )
    };
    let in_ten = outlook(today.plus(10)).unwrap();
    assert_eq!(
        (in_ten.days_left, in_ten.unseen, in_ten.new_a_day),
        (10, 30, Some(4))
    );
    let tomorrow = outlook(today.plus(1)).unwrap();
    assert_eq!(
        tomorrow.new_a_day, None,
        "no day left to see a new card twice"
    );
    assert!(outlook(Day::from_number(20_399)).is_none(), "past");
}

#[test]
fn the_pace_holds_when_a_day_is_studied_in_short_sittings() {
    let library = library(1, 30);
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    let start = Day::from_number(20_400);
    let exam = start.plus(3);
    let limits = Limits {
        new_per_deck: 2,
        exam: Some(exam),
    };
    let mut extras = 0;
    let mut day = start;
    while day < exam {
        // Four sittings of at most eight cards, the queue rebuilt each time.
        for sitting in 0..4 {
            study_sitting(
                &library,
                &mut store,
                day,
                limits,
                &mut extras,
                8,
                sitting * 100,
            );
        }
        // And whatever is left, at the end of the day.
        study_sitting(
            &library,
            &mut store,
            day,
            limits,
            &mut extras,
            usize::MAX,
            500,
        );
        day = day.plus(1);
    }
    let answered = scheduled_answers_before(&store, exam);
    assert_eq!(answered.len(), 30, "every card seen");
    assert!(answered.values().all(|&n| n >= 2), "each twice");
}
