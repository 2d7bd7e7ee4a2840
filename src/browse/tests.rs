//! The browser's search and sort, as users type them.

use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::*;
use crate::deck::parse_deck;
use crate::key::{CardId, CardKey, DeckId};
use crate::sched::{DayRules, Quality};
use crate::store::{Answer, Store};

fn library() -> Library {
    let decks = [
        r#"Deck(id: "value", title: "Customer value", cards: [
            Term(id: "cpv", term: "Customer perceived value", definition: "Benefit minus cost", reverse: true, tags: ["value", "cpv-parts"]),
            List(id: "costs", prompt: "The four costs", items: ["Money", "Time", "Energy", "Psychic"], tags: ["cpv-parts"]),
        ])"#,
        r#"Deck(id: "nps", title: "Net Promoter Score", cards: [
            Choice(id: "seven", question: "A 7 is a …", options: ["Promoter", "Passive", "Detractor"], answers: ["B"], tags: ["nps"]),
            Term(id: "nps", term: "NPS", definition: "Promoters minus detractors", tags: ["nps", "metrics"]),
        ])"#,
    ];
    let mut library = Library {
        decks: decks
            .iter()
            .map(|t| parse_deck(Path::new("t.ron"), t).unwrap())
            .collect(),
        broken: Vec::new(),
        topics: Vec::new(),
        course: None,
    };
    library.collect_topics();
    library
}

fn day(n: u8) -> Day {
    DayRules::new(TimeZone::UTC, 4).day_of(
        format!("2026-11-{n:02}T12:00:00Z")
            .parse::<Timestamp>()
            .unwrap(),
    )
}

/// cpv (forward) answered 5 twice (young, interval 6); nps 5 then 1 on
/// three days (learning, 3 lapses, due); seven 3 on four days (E-Factor
/// 1.94, interval 30: mature).
fn store(dir: &Path) -> Store {
    let mut store = Store::open(dir).unwrap().store;
    let rules = DayRules::new(TimeZone::UTC, 4);
    let mut answer = |deck: &str, card: &str, grade: u8, d: u8| {
        let a = Answer {
            key: CardKey::new(DeckId::new(deck), CardId::new(card), Direction::Forward),
            quality: Quality::new(grade).unwrap(),
            answered_at: format!("2026-11-{d:02}T10:00:00Z").parse().unwrap(),
            elapsed_ms: 1000,
            fingerprint: None,
            checked: None,
        };
        store.record(&a, &rules).unwrap();
    };
    answer("value", "cpv", 5, 1);
    answer("value", "cpv", 5, 2);
    answer("nps", "nps", 5, 1);
    for d in [2, 3, 4] {
        answer("nps", "nps", 1, d);
    }
    for d in [1, 2, 3, 4] {
        answer("nps", "seven", 3, d);
    }
    store
}

fn found(query: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let library = library();
    let rows = rows(&library, &store);
    let query = Query::parse(query).unwrap();
    rows.iter()
        .filter(|r| query.matches(r, &library, day(5)))
        .map(|r| {
            let card = &library.decks[r.deck].cards[r.card];
            match r.direction {
                Direction::Forward => card.id.to_string(),
                Direction::Reverse => format!("{}<", card.id),
            }
        })
        .collect()
}

#[test]
fn every_card_direction_is_a_row() {
    assert_eq!(found(""), ["cpv", "cpv<", "costs", "seven", "nps"]);
}

#[test]
fn plain_words_search_prompt_answer_tags_and_deck_in_any_case() {
    assert_eq!(
        found("BENEFIT"),
        ["cpv", "cpv<"],
        "the answer, and the prompt the other way"
    );
    assert_eq!(found("psychic"), ["costs"]);
    assert_eq!(
        found("\"net promoter\""),
        ["seven", "nps"],
        "the deck's title"
    );
    assert_eq!(found("promoters minus"), ["nps"], "all words must appear");
    assert_eq!(found("metrics"), ["nps"], "a tag");
}

#[test]
fn deck_and_tag_filters() {
    assert_eq!(found("deck:value"), ["cpv", "cpv<", "costs"]);
    assert_eq!(found("deck:promoter"), ["seven", "nps"], "by title too");
    assert_eq!(found("tag:nps"), ["seven", "nps"]);
    assert_eq!(found("tag:cpv*"), ["cpv", "cpv<", "costs"]);
    assert_eq!(
        found("tag:cpv"),
        Vec::<String>::new(),
        "a whole tag, not a part"
    );
}

#[test]
fn state_filters() {
    assert_eq!(found("is:new"), ["cpv<", "costs"]);
    assert_eq!(found("is:learning"), ["nps"]);
    assert_eq!(found("is:young"), ["cpv"]);
    assert_eq!(found("is:mature"), ["seven"]);
    assert_eq!(found("is:due"), ["nps"], "due on the 5th");
    assert_eq!(found("is:choice"), ["seven"]);
}

#[test]
fn number_filters_as_anki_users_type_them() {
    assert_eq!(found("lapses>2"), ["nps"]);
    assert_eq!(found("prop:lapses>=3"), ["nps"]);
    assert_eq!(
        found("prop:ease<2"),
        ["seven"],
        "four 3s take the E-Factor to 1.94"
    );
    assert_eq!(found("reviews=2"), ["cpv"]);
    assert_eq!(found("prop:ivl>=6"), ["cpv", "seven"]);
    assert_eq!(found("deck:nps lapses<1"), ["seven"]);
}

#[test]
fn a_filter_typed_wrong_says_what_it_takes() {
    assert_eq!(
        Query::parse("is:overdue").unwrap_err(),
        "is:overdue is not known; is: takes due, new, learning, young, mature, suspended, buried, leech, term, list, choice, drill"
    );
    assert!(
        Query::parse("prop:size>3")
            .unwrap_err()
            .contains("prop: takes ease, ivl")
    );
    assert!(
        Query::parse("lapses>many")
            .unwrap_err()
            .contains("\"many\" is not a number")
    );
    assert!(
        Query::parse("colour:red")
            .unwrap_err()
            .starts_with("colour: is not a filter")
    );
    // A colon at either end is just text.
    assert_eq!(
        Query::parse("cost:").unwrap(),
        Query {
            words: vec!["cost:".into()],
            filters: vec![]
        }
    );
}

#[test]
fn sorting_by_a_column_keeps_the_authors_order_among_equals() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let library = library();
    let rows = rows(&library, &store);
    let mut shown: Vec<usize> = (0..rows.len()).collect();
    sort(&rows, &mut shown, Column::Lapses, true, &library);
    assert_eq!(
        shown,
        [4, 0, 1, 2, 3],
        "nps (3 lapses) first, then the author's order"
    );
    sort(&rows, &mut shown, Column::Due, false, &library);
    let due: Vec<Option<Day>> = shown.iter().map(|&i| rows[i].due()).collect();
    assert!(
        due.windows(2).all(|w| match (w[0], w[1]) {
            (Some(a), Some(b)) => a <= b,
            (None, Some(_)) => false,
            _ => true,
        }),
        "soonest first, new cards last: {due:?}"
    );
    sort(&rows, &mut shown, Column::Prompt, false, &library);
    assert_eq!(rows[shown[0]].prompt, "A 7 is a …");
}

#[test]
fn a_cards_history_shows_each_answer_with_the_state_it_left() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let history = store.history().unwrap();
    let key = CardKey::new(DeckId::new("nps"), CardId::new("seven"), Direction::Forward);
    let steps = card_history(&history, &key);
    let shown: Vec<(u8, u32, f64)> = steps
        .iter()
        .map(|s| (s.quality, s.interval, s.ease))
        .collect();
    // SM-2 as published: 1, 6, ⌈6 × 2.22⌉ = 14, ⌈14 × 2.08⌉ = 30 days.
    assert_eq!(shown.len(), 4);
    assert_eq!(
        shown.iter().map(|s| s.1).collect::<Vec<_>>(),
        [1, 6, 14, 30]
    );
    assert!((shown[3].2 - 1.94).abs() < 1e-9);
    // The replay ends where the store's own state is.
    let progress = store.progress(&key).unwrap();
    assert_eq!(steps.last().unwrap().interval, progress.sm2.interval_days);
    assert!(
        card_history(
            &history,
            &CardKey::new(
                DeckId::new("value"),
                CardId::new("costs"),
                Direction::Forward
            )
        )
        .is_empty()
    );
}

#[test]
fn suspended_buried_and_leech_cards_are_found_and_kept_out_of_today_s_queue() {
    use crate::plan::{Limits, today_queue};
    use crate::store::CardAction;
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let library = library();
    let rules = DayRules::new(TimeZone::UTC, 4);
    let at = |d: u8| {
        format!("2026-11-{d:02}T10:00:00Z")
            .parse::<Timestamp>()
            .unwrap()
    };
    let key = |deck: &str, card: &str| {
        CardKey::new(DeckId::new(deck), CardId::new(card), Direction::Forward)
    };
    // nps has lapsed three times: a leech when three is the threshold.
    let settings = store.settings();
    store
        .save_settings(crate::store::Settings {
            leech_lapses: 3,
            ..settings
        })
        .unwrap();
    store
        .act(&[key("value", "costs")], CardAction::Suspend, at(5), &rules)
        .unwrap();
    store
        .act(&[key("nps", "nps")], CardAction::Bury, at(5), &rules)
        .unwrap();
    let rows = rows(&library, &store);
    let find = |query: &str, today: Day| -> Vec<&str> {
        let query = Query::parse(query).unwrap();
        rows.iter()
            .filter(|r| query.matches(r, &library, today))
            .map(|r| r.prompt.as_str())
            .collect()
    };
    assert_eq!(find("is:suspended", day(5)), ["The four costs"]);
    assert_eq!(find("is:buried", day(5)), ["NPS"]);
    assert_eq!(
        find("is:buried", day(6)),
        Vec::<&str>::new(),
        "back the next day"
    );
    assert_eq!(find("is:leech", day(5)), ["NPS"]);
    assert_eq!(
        find("is:due", day(5)),
        Vec::<&str>::new(),
        "buried: not waiting"
    );
    let state = |prompt: &str, today: Day| {
        rows.iter()
            .find(|r| r.prompt == prompt)
            .map(|r| r.state(today))
            .unwrap()
    };
    assert_eq!(state("The four costs", day(5)), "suspended");
    assert_eq!(
        (state("NPS", day(5)), state("NPS", day(6))),
        ("buried", "learning")
    );

    let limits = Limits::new(20);
    let studied = |today: Day| -> Vec<String> {
        today_queue(&library, &store, Scope::All, today, limits)
            .in_order()
            .map(|item| item.key(&library).card.to_string())
            .collect()
    };
    assert_eq!(studied(day(5)), ["cpv"], "only the reverse of cpv, new");
    assert_eq!(
        studied(day(6)),
        ["nps", "cpv"],
        "the buried card is due again"
    );
}
