use jiff::tz::TimeZone;

use super::*;

fn rules() -> DayRules {
    DayRules::new(TimeZone::UTC, 4)
}

fn key(card: &str) -> CardKey {
    CardKey::new(DeckId::new("deck"), CardId::new(card), Direction::Forward)
}

/// Noon UTC on study day `day`, plus `minutes`.
fn at(day: i64, minutes: i64) -> Timestamp {
    Timestamp::from_second(day * 86_400 + 12 * 3600 + minutes * 60).unwrap()
}

fn answer(card: &str, grade: u8, when: Timestamp) -> Answer {
    Answer {
        key: key(card),
        quality: Quality::new(grade).unwrap(),
        answered_at: when,
        elapsed_ms: 1500,
    }
}

#[test]
fn answers_survive_closing_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
        store.record(&answer("b", 2, at(100, 1)), &rules()).unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let a = store.progress(&key("a")).unwrap();
    assert_eq!((a.sm2.repetitions, a.due_day), (1, Day::from_number(101)));
    let b = store.progress(&key("b")).unwrap();
    assert!(b.repeat_pending(Day::from_number(100)));
    assert!(store.progress(&key("c")).is_none());
    assert_eq!(store.reviews_per_deck().unwrap()[&DeckId::new("deck")], 2);
}

#[test]
fn replaying_the_log_gives_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let grades = [5, 3, 1, 4, 4, 5, 2, 5, 0, 3];
    for (i, &grade) in grades.iter().enumerate() {
        for (j, card) in ["a", "b", "c"].iter().enumerate() {
            let day = 100 + i64::try_from(i).unwrap() * 3;
            let g = (grade + u8::try_from(j).unwrap()) % 6;
            store
                .record(&answer(card, g, at(day, 0)), &rules())
                .unwrap();
            // A same-day repeat for failed cards.
            if g < 4 {
                store
                    .record(&answer(card, 4, at(day, 5)), &rules())
                    .unwrap();
            }
        }
    }
    let cached: HashMap<CardKey, CardProgress> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(cached.len(), 3);
    assert_eq!(store.replay().unwrap(), cached);

    // And the cache rebuilt from the log, after reopening, is the same too.
    drop(store);
    let mut store = Store::open(dir.path()).unwrap();
    store.rebuild_cache().unwrap();
    let rebuilt: HashMap<CardKey, CardProgress> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(rebuilt, cached);
}

#[test]
fn each_review_row_holds_the_state_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    store.record(&answer("a", 4, at(101, 0)), &rules()).unwrap();
    let rows: Vec<[i64; 8]> = store
        .conn
        .prepare(
            "SELECT seq, day, quality, kind, reps_before, interval_before, ease_before, interval_after
             FROM reviews ORDER BY seq",
        )
        .unwrap()
        .query_map([], |r| {
            let mut row = [0; 8];
            for (i, cell) in row.iter_mut().enumerate() {
                *cell = r.get(i)?;
            }
            Ok(row)
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        vec![[1, 100, 5, 0, 0, 0, 250, 1], [2, 101, 4, 0, 1, 1, 260, 6]]
    );
}

#[test]
fn the_log_clock_never_runs_backwards() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    // The system clock jumps back two days: the answer is logged at the
    // latest time seen, a same-day repeat, and the schedule stays.
    let (p, kind) = store.record(&answer("a", 5, at(98, 0)), &rules()).unwrap();
    assert_eq!(kind, AnswerKind::SameDayRepeat);
    assert_eq!(p.due_day, Day::from_number(101));
    let cached: HashMap<CardKey, CardProgress> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(store.replay().unwrap(), cached);
}

#[test]
fn a_second_instance_is_told_the_folder_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Store::open(dir.path()).unwrap();
    let error = Store::open(dir.path()).unwrap_err();
    match &error {
        StoreError::InUse { pid, .. } => assert_eq!(*pid, Some(std::process::id())),
        other => panic!("expected InUse, got {other:?}"),
    }
    assert!(
        error
            .to_string()
            .contains("is in use by another cardwise (process")
    );
    // Reading alongside the running instance works.
    assert!(Store::open_read_only(dir.path()).is_ok());
}

#[test]
fn the_lock_is_released_when_the_store_closes() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    assert!(Store::open(dir.path()).is_ok());
}

#[test]
fn a_database_from_a_newer_cardwise_is_refused_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let path = dir.path().join(DATABASE_FILE);
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let error = Store::open(dir.path()).unwrap_err();
    assert!(
        matches!(error, StoreError::NewerFormat { found: 99, .. }),
        "{error:?}"
    );
    let version: i64 = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
}

#[test]
fn read_only_open_of_an_empty_folder_is_empty_progress() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_read_only(dir.path()).unwrap();
    assert_eq!(store.all_progress().count(), 0);
    assert!(store.reviews_per_deck().unwrap().is_empty());
    assert!(
        !dir.path().join(DATABASE_FILE).exists(),
        "reading creates nothing"
    );
}

#[test]
fn settings_are_kept_with_the_progress() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        assert_eq!(store.settings(), Settings::default());
        store
            .save_settings(Settings {
                day_start_hour: 30,
                new_per_day: 5,
                theme: ThemeChoice::Dark,
            })
            .unwrap();
    }
    let store = Store::open_read_only(dir.path()).unwrap();
    assert_eq!(
        store.settings(),
        Settings {
            day_start_hour: 23,
            new_per_day: 5,
            theme: ThemeChoice::Dark,
        }
    );
}
