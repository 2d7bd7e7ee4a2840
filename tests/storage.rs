//! Progress is never lost: old formats, crashes, damage, a second instance.

use std::path::{Path, PathBuf};

use cardwise::key::{CardId, CardKey, DeckId, Direction};
use cardwise::sched::Day;
use cardwise::store::{Notice, Settings, Store, ThemeChoice};

fn key(deck: &str, card: &str, direction: Direction) -> CardKey {
    CardKey::new(DeckId::new(deck), CardId::new(card), direction)
}

/// A copy of a fixture folder, so the test never changes the original.
fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join(name);
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
    (dir, to)
}

/// What both fixtures hold: 8 answers over 4 card directions.
fn assert_fixture_content(store: &Store) {
    let definition = store
        .progress(&key("fundamentals", "definition", Direction::Forward))
        .unwrap();
    assert_eq!(
        (
            definition.sm2.repetitions,
            definition.sm2.interval_days,
            definition.sm2.easiness.hundredths()
        ),
        (3, 17, 270)
    );
    assert_eq!(definition.due_day, Day::from_number(20438));
    assert_eq!((definition.answers, definition.lapses), (3, 0));

    let steps = store
        .progress(&key("fundamentals", "three-steps", Direction::Forward))
        .unwrap();
    assert_eq!(
        (steps.sm2.repetitions, steps.answers, steps.lapses),
        (1, 3, 1)
    );
    assert!(
        store
            .progress(&key("fundamentals", "definition", Direction::Reverse))
            .is_some()
    );
    assert!(
        store
            .progress(&key("calculations", "nps-from-counts", Direction::Forward))
            .is_some()
    );

    let reviews = store.reviews_per_deck().unwrap();
    assert_eq!(reviews[&DeckId::new("fundamentals")], 7);
    assert_eq!(reviews[&DeckId::new("calculations")], 1);
    assert_eq!(
        store.settings(),
        Settings {
            day_start_hour: 5,
            new_per_day: 15,
            theme: ThemeChoice::Dark,
            leech_lapses: 8,
            typed_answers: false,
            exam_date: None,
        }
    );
    let cached: std::collections::HashMap<_, _> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(
        store.replay().unwrap(),
        cached,
        "the log still replays to the cache"
    );
}

#[test]
fn a_progress_folder_written_by_format_1_is_upgraded_after_a_backup_with_everything_in_it() {
    let (_keep, dir) = copy_fixture("progress-v1");
    let opened = Store::open(&dir).unwrap();
    let [
        Notice::Upgraded {
            from: 1, backup, ..
        },
    ] = &opened.notices[..]
    else {
        panic!("{:?}", opened.notices);
    };
    // The backup is the format-1 database, with all of its reviews.
    let old = rusqlite::Connection::open(backup).unwrap();
    let version: i64 = old
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let reviews: i64 = old
        .query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        (version, reviews),
        (1, 8),
        "the format-1 file is kept in the backup"
    );
    assert_fixture_content(&opened.store);
    assert!(
        opened
            .store
            .answered_cards()
            .unwrap()
            .iter()
            .all(|(_, _, f)| f.is_none()),
        "format 1 knew no fingerprints"
    );
}

#[test]
fn a_progress_folder_written_by_format_2_loads_with_everything_in_it() {
    let (_keep, dir) = copy_fixture("progress-v2");
    let opened = Store::open(&dir).unwrap();
    if cardwise::store::current_version() == 2 {
        assert!(opened.notices.is_empty(), "{:?}", opened.notices);
    }
    assert_fixture_content(&opened.store);
    let fingerprints: Vec<Option<u64>> = opened
        .store
        .answered_cards()
        .unwrap()
        .into_iter()
        .map(|(_, _, f)| f)
        .collect();
    assert!(fingerprints.iter().all(Option::is_some), "{fingerprints:?}");
}

/// Start `cardwise answer-loop` on `dir`, read acknowledgements until
/// `stop_after` of them (or the child ends), kill it with SIGKILL, and check
/// the folder: it opens cleanly and holds every acknowledged answer.
fn kill_while_answering(dir: &Path, stop_after: usize, extra_wait_us: u64) -> usize {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_cardwise"))
        .args(["answer-loop", "--data-dir"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let device = lines
        .next()
        .unwrap()
        .unwrap()
        .strip_prefix("device ")
        .unwrap()
        .to_string();
    let mut acked = Vec::new();
    for line in lines.by_ref().take(stop_after) {
        let seq: i64 = line.unwrap().strip_prefix("ack ").unwrap().parse().unwrap();
        acked.push(seq);
    }
    // Somewhere in the middle of the next answer, or between two.
    std::thread::sleep(std::time::Duration::from_micros(extra_wait_us));
    child.kill().unwrap();
    child.wait().unwrap();

    let opened = Store::open(dir).unwrap();
    assert!(
        opened.notices.is_empty(),
        "a kill never damages the file: {:?}",
        opened.notices
    );
    let store = opened.store;
    let on_disk: std::collections::HashSet<(String, i64)> =
        store.review_ids().unwrap().into_iter().collect();
    for seq in &acked {
        assert!(
            on_disk.contains(&(device.clone(), *seq)),
            "acknowledged answer {seq} was lost"
        );
    }
    let cached: std::collections::HashMap<_, _> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(
        store.replay().unwrap(),
        cached,
        "the cache still equals the log"
    );
    acked.len()
}

fn kill_many_times(kills: usize) {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(7);
    let dir = tempfile::tempdir().unwrap();
    let mut total = 0;
    for _ in 0..kills {
        total += kill_while_answering(
            dir.path(),
            rng.random_range(0..25),
            rng.random_range(0..3000),
        );
    }
    assert!(
        total > kills,
        "answers were acknowledged before the kills ({total})"
    );
}

#[test]
fn killing_the_process_while_answering_loses_nothing_acknowledged() {
    kill_many_times(12);
}

/// The long version: `cargo test -- --ignored`.
#[test]
#[ignore = "slow: 250 kills"]
fn killing_the_process_250_times_loses_nothing_acknowledged() {
    kill_many_times(250);
}

/// Answer every card of `decks` once, with grade 4, on a fixed day.
fn answer_all(store: &mut Store, decks: &Path, cards: &[&str]) {
    let library = cardwise::deck::load_paths(&[decks.to_path_buf()]);
    let rules = cardwise::sched::DayRules::new(jiff::tz::TimeZone::UTC, 4);
    for deck in &library.decks {
        for card in deck.cards.iter().filter(|c| cards.contains(&c.id.as_str())) {
            let answer = cardwise::store::Answer {
                key: deck.key(card, Direction::Forward),
                quality: cardwise::sched::Quality::new(4).unwrap(),
                answered_at: "2026-11-20T12:00:00Z".parse().unwrap(),
                elapsed_ms: 3000,
                fingerprint: Some(card.fingerprint()),
                checked: None,
            };
            store.record(&answer, &rules).unwrap().saved.unwrap();
        }
    }
}

fn has_history(store: &Store, decks: &Path, card: &str) -> bool {
    let library = cardwise::deck::load_paths(&[decks.to_path_buf()]);
    assert!(library.broken.is_empty(), "{:?}", library.broken);
    library.decks.iter().any(|deck| {
        deck.cards.iter().any(|c| {
            c.id.as_str() == card && store.progress(&deck.key(c, Direction::Forward)).is_some()
        })
    })
}

const V1: &str = r#"Deck(id: "crm", title: "CRM", cards: [
    Term(id: "touch-point", term: "Touch point", definition: "Any contact between a customer and the company."),
    Term(id: "crm", term: "CRM", definition: "Managing customer relationships."),
    Term(id: "srm", term: "SRM", definition: "Fewer, more profitable customers."),
])"#;

#[test]
fn editing_reordering_and_moving_cards_between_files_keeps_their_history() {
    let decks = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    std::fs::write(decks.path().join("a.ron"), V1).unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    answer_all(&mut store, decks.path(), &["touch-point", "srm"]);

    // Fix a typo, swap two cards, move one to a second file of the deck.
    std::fs::write(
        decks.path().join("a.ron"),
        r#"Deck(id: "crm", title: "CRM", cards: [
    Term(id: "srm", term: "SRM", definition: "Fewer, but more profitable, customers."),
    Term(id: "crm", term: "CRM", definition: "Managing customer relationships."),
])"#,
    )
    .unwrap();
    std::fs::write(
        decks.path().join("b.ron"),
        r#"Deck(id: "crm", title: "CRM", cards: [
    Term(id: "touch-point", term: "Touch point", definition: "Any contact between a customer and the company."),
])"#,
    )
    .unwrap();
    assert!(
        has_history(&store, decks.path(), "srm"),
        "edited and moved up"
    );
    assert!(
        has_history(&store, decks.path(), "touch-point"),
        "moved to another file"
    );
    assert!(!has_history(&store, decks.path(), "crm"));
}

#[test]
fn a_removed_card_keeps_its_history_aside_until_it_comes_back() {
    let decks = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    std::fs::write(decks.path().join("a.ron"), V1).unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    answer_all(&mut store, decks.path(), &["srm"]);
    drop(store);

    std::fs::write(decks.path().join("a.ron"), V1.replace("    Term(id: \"srm\", term: \"SRM\", definition: \"Fewer, more profitable customers.\"),\n", "")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cardwise"))
        .args(["stats", "--json", "--data-dir"])
        .arg(data.path())
        .arg("--decks")
        .arg(decks.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["removed_with_history"], 1);
    assert_eq!(json["reviews"], 1, "its review still counts");

    std::fs::write(decks.path().join("a.ron"), V1).unwrap();
    let store = Store::open(data.path()).unwrap().store;
    assert!(
        has_history(&store, decks.path(), "srm"),
        "back with its history"
    );
}

#[test]
fn check_warns_when_an_edit_looks_like_a_rename() {
    let decks = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    std::fs::write(decks.path().join("a.ron"), V1).unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    answer_all(&mut store, decks.path(), &["srm"]);
    drop(store);

    // Same text, new id: a rename, and the history stays with "srm".
    std::fs::write(
        decks.path().join("a.ron"),
        V1.replace("id: \"srm\"", "id: \"selective\""),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cardwise"))
        .args(["check", "--data-dir"])
        .arg(data.path())
        .arg(decks.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning is not a failure: {stdout}"
    );
    let file = decks.path().join("a.ron");
    assert!(
        stdout.starts_with(&format!(
            "{}:4:14: warning: card \"selective\" says what card \"srm\" said",
            file.display()
        )),
        "{stdout}"
    );
    assert!(stdout.ends_with("no problems, 1 warning\n"), "{stdout}");
    let store = Store::open(data.path()).unwrap().store;
    assert!(
        !has_history(&store, decks.path(), "selective"),
        "a new id starts fresh"
    );
}

/// A one-card deck folder, its library, and the card's key.
fn one_card() -> (tempfile::TempDir, cardwise::deck::Library, CardKey) {
    let decks = tempfile::tempdir().unwrap();
    std::fs::write(
        decks.path().join("a.ron"),
        r#"Deck(id: "t", title: "T", cards: [Term(id: "c", term: "Churn", definition: "Customers lost.")])"#,
    )
    .unwrap();
    let library = cardwise::deck::load_paths(&[decks.path().to_path_buf()]);
    (decks, library, key("t", "c", Direction::Forward))
}

fn queued(
    library: &cardwise::deck::Library,
    store: &Store,
    rules: &cardwise::sched::DayRules,
    now: &str,
) -> usize {
    let today = rules.day_of(now.parse().unwrap());
    let limits = cardwise::plan::Limits::new(20);
    cardwise::plan::today_queue(library, store, cardwise::plan::Scope::All, today, limits).len()
}

fn answer_at(
    store: &mut Store,
    key: &CardKey,
    rules: &cardwise::sched::DayRules,
    at: &str,
    grade: u8,
) {
    let answer = cardwise::store::Answer {
        key: key.clone(),
        quality: cardwise::sched::Quality::new(grade).unwrap(),
        answered_at: at.parse().unwrap(),
        elapsed_ms: 2000,
        fingerprint: None,
        checked: None,
    };
    store.record(&answer, rules).unwrap().saved.unwrap();
}

fn cache_equals_log(store: &Store) {
    let cached: std::collections::HashMap<_, _> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(store.replay().unwrap(), cached);
}

#[test]
fn a_new_time_zone_never_rewrites_history_or_hides_a_due_card() {
    use cardwise::sched::DayRules;
    use jiff::tz::TimeZone;
    let (_decks, library, card) = one_card();
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    let tokyo = DayRules::new(TimeZone::posix("JST-9").unwrap(), 4);
    let new_york = DayRules::new(TimeZone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap(), 4);

    // 23:30 in Tokyo on the 22nd.
    answer_at(&mut store, &card, &tokyo, "2026-11-22T14:30:00Z", 5);
    let before = *store.progress(&card).unwrap();
    // An hour later the learner is in New York: 10:30 on the 22nd there,
    // the same study day; the card waits for tomorrow.
    assert_eq!(
        queued(&library, &store, &new_york, "2026-11-22T15:30:00Z"),
        0
    );
    // Next morning in New York it is due.
    assert_eq!(
        queued(&library, &store, &new_york, "2026-11-23T14:00:00Z"),
        1
    );
    // Answering there schedules from the recorded state; nothing earlier moves.
    answer_at(&mut store, &card, &new_york, "2026-11-23T14:00:00Z", 4);
    let after = *store.progress(&card).unwrap();
    assert_eq!(after.first_day, before.first_day);
    assert_eq!((after.sm2.repetitions, after.sm2.interval_days), (2, 6));
    cache_equals_log(&store);
}

#[test]
fn a_clock_thrown_back_a_week_loses_nothing_and_brings_cards_back_sooner_never_later() {
    use cardwise::sched::DayRules;
    let (_decks, library, card) = one_card();
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    let utc = DayRules::new(jiff::tz::TimeZone::UTC, 4);
    answer_at(&mut store, &card, &utc, "2026-11-22T12:00:00Z", 5);
    answer_at(&mut store, &card, &utc, "2026-11-23T12:00:00Z", 5);
    let scheduled = *store.progress(&card).unwrap();
    assert_eq!(scheduled.sm2.interval_days, 6);
    assert_eq!(scheduled.due_day.to_string(), "2026-11-29");

    // The clock jumps back a week: the card is not due, but not lost either.
    assert_eq!(queued(&library, &store, &utc, "2026-11-16T12:00:00Z"), 0);
    // An answer given meanwhile (from a review screen left open, say) is
    // logged on the day the clock shows; the card counts as answered then
    // too, so it is a same-day repeat: SM-2 does not move, and the card is
    // due 6 days from that day, a week sooner than planned, never later.
    answer_at(&mut store, &card, &utc, "2026-11-16T12:05:00Z", 1);
    let after = *store.progress(&card).unwrap();
    assert_eq!(after.sm2, scheduled.sm2);
    assert_eq!(after.due_day.to_string(), "2026-11-22");
    assert_eq!(after.answers, 3, "the answer is kept");
    // With the clock right again, the card is due.
    assert_eq!(queued(&library, &store, &utc, "2026-11-28T12:00:00Z"), 1);
    cache_equals_log(&store);
    drop(store);
    cache_equals_log(&Store::open(data.path()).unwrap().store);
}

#[test]
fn answers_across_a_daylight_saving_change_keep_their_study_days() {
    use cardwise::sched::DayRules;
    let (_decks, library, card) = one_card();
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    let berlin = DayRules::new(
        jiff::tz::TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap(),
        4,
    );
    // Clocks go back at 03:00 on 25 October 2026: 02:30 happens twice.
    answer_at(&mut store, &card, &berlin, "2026-10-24T10:00:00Z", 5); // Saturday noon
    // Sunday 01:30 local (before the change, still Saturday's study day).
    answer_at(&mut store, &card, &berlin, "2026-10-24T23:30:00Z", 5);
    assert_eq!(
        store.progress(&card).unwrap().sm2.repetitions,
        1,
        "a same-day repeat"
    );
    // Sunday 04:30 local, after the change: a new study day, due.
    assert_eq!(queued(&library, &store, &berlin, "2026-10-25T03:30:00Z"), 1);
    answer_at(&mut store, &card, &berlin, "2026-10-25T03:30:00Z", 5);
    assert_eq!(store.progress(&card).unwrap().sm2.repetitions, 2);
    cache_equals_log(&store);
}
