use jiff::tz::TimeZone;

use super::*;
use crate::key::{CardId, Direction};

/// Open a folder that must open cleanly, with nothing to tell.
fn open(dir: &Path) -> Store {
    let opened = Store::open(dir).unwrap();
    assert_eq!(opened.notices, vec![], "nothing to tell");
    opened.store
}

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
        fingerprint: None,
        checked: None,
    }
}

#[test]
fn answers_survive_closing_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = open(dir.path());
        store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
        store.record(&answer("b", 2, at(100, 1)), &rules()).unwrap();
    }
    let store = open(dir.path());
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
    let mut store = open(dir.path());
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
    let mut store = open(dir.path());
    store.rebuild_cache().unwrap();
    let rebuilt: HashMap<CardKey, CardProgress> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(rebuilt, cached);
}

#[test]
fn each_review_row_holds_the_state_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
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
fn an_answer_is_logged_at_the_clocks_time_and_pulls_later_dates_back_to_its_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    store.record(&answer("b", 5, at(100, 1)), &rules()).unwrap();
    assert_eq!(store.latest_day(), Some(Day::from_number(100)));
    assert_eq!(store.clock_behind(Day::from_number(98)), Some(2));
    // The clock is two days behind the log now: the answer keeps its own
    // time and day, and the cards answered "later" count as answered then.
    let recorded = store.record(&answer("c", 4, at(98, 0)), &rules()).unwrap();
    assert_eq!(recorded.kind, AnswerKind::Scheduled);
    let (ms, day): (i64, i32) = store
        .conn
        .query_row(
            "SELECT answered_at_ms, day FROM reviews WHERE seq = ?1",
            [recorded.seq],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((ms, day), (at(98, 0).as_millisecond(), 98));
    let a = store.progress(&key("a")).unwrap();
    assert_eq!(
        (a.last_day, a.due_day),
        (Day::from_number(98), Day::from_number(99))
    );
    assert_eq!(store.latest_day(), Some(Day::from_number(98)));
    assert_eq!(store.clock_behind(Day::from_number(98)), None);
    // Answering "a" again that day is a same-day repeat: its SM-2 state
    // does not move twice in a day.
    let again = store.record(&answer("a", 5, at(98, 5)), &rules()).unwrap();
    assert_eq!(again.kind, AnswerKind::SameDayRepeat);
    let cached: HashMap<CardKey, CardProgress> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(
        store.replay().unwrap(),
        cached,
        "the log replays to the cache"
    );
    drop(store);
    let store = open(dir.path());
    let reopened: HashMap<CardKey, CardProgress> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(reopened, cached, "the pulled-back states were saved");
}

#[test]
fn replay_follows_the_order_answers_were_given_not_their_times() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    // Day 200 (a clock far ahead), then days 100 and 101 (right again).
    store.record(&answer("a", 5, at(200, 0)), &rules()).unwrap();
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    store.record(&answer("a", 5, at(101, 0)), &rules()).unwrap();
    let a = *store.progress(&key("a")).unwrap();
    // Day 200 counts as day 100; day 100's answer was a repeat of it; day
    // 101's is the second review: interval 6.
    assert_eq!((a.sm2.repetitions, a.sm2.interval_days), (2, 6));
    assert_eq!(a.due_day, Day::from_number(107));
    let cached: HashMap<CardKey, CardProgress> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(store.replay().unwrap(), cached);
}

#[test]
fn a_second_instance_is_told_the_folder_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let _first = open(dir.path());
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
    drop(open(dir.path()));
    assert!(Store::open(dir.path()).is_ok());
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
        let mut store = open(dir.path());
        assert_eq!(store.settings(), Settings::default());
        store
            .save_settings(Settings {
                day_start_hour: 30,
                new_per_day: 5,
                theme: ThemeChoice::Dark,
                leech_lapses: 4,
                typed_answers: true,
                exam_date: None,
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
            leech_lapses: 4,
            typed_answers: true,
            exam_date: None,
        }
    );
}

fn reviews_on_disk(dir: &Path) -> i64 {
    Connection::open(dir.join(DATABASE_FILE))
        .unwrap()
        .query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0))
        .unwrap()
}

/// The files in the data folder whose names contain `part`.
fn files_named(dir: &Path, part: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(part))
        .collect();
    found.sort();
    found
}

/// A folder with 3 answers in a backup and 2 more after it.
fn folder_with_a_backup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    for card in ["a", "b", "c"] {
        store
            .record(&answer(card, 5, at(100, 0)), &rules())
            .unwrap();
    }
    store.backup_now().unwrap();
    for card in ["d", "e"] {
        store
            .record(&answer(card, 4, at(101, 0)), &rules())
            .unwrap();
    }
    dir
}

#[test]
fn every_kind_of_damaged_file_is_set_aside_untouched_and_the_backup_takes_over() {
    type Spoil = fn(&Path);
    let damage: [(&str, Spoil); 4] = [
        ("empty", |db| std::fs::write(db, b"").unwrap()),
        ("garbage", |db| {
            std::fs::write(
                db,
                b"this is not a database at all, not even close........".repeat(200),
            )
            .unwrap()
        }),
        ("truncated", |db| {
            let bytes = std::fs::read(db).unwrap();
            std::fs::write(db, &bytes[..bytes.len() / 3]).unwrap();
        }),
        ("corrupt pages", |db| {
            // Scribble over every page after the first: the header still
            // says SQLite, the b-trees do not hold together.
            let mut bytes = std::fs::read(db).unwrap();
            for byte in bytes.iter_mut().skip(4096).step_by(7) {
                *byte = 0x5a;
            }
            std::fs::write(db, &bytes).unwrap();
        }),
    ];
    for (name, spoil) in damage {
        let dir = folder_with_a_backup();
        let db = dir.path().join(DATABASE_FILE);
        spoil(&db);
        let spoiled = std::fs::read(&db).unwrap();

        let opened = Store::open(dir.path()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let [
            Notice::Recovered {
                damaged,
                reason,
                restored,
            },
        ] = &opened.notices[..]
        else {
            panic!("{name}: {:?}", opened.notices);
        };
        let damaged = damaged.as_ref().unwrap();
        assert_eq!(
            std::fs::read(damaged).unwrap(),
            spoiled,
            "{name}: kept byte for byte"
        );
        assert!(
            damaged
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("progress.sqlite3.damaged-")
        );
        assert!(restored.is_some(), "{name}: the backup took over");
        let text = opened.notices[0].to_string();
        assert!(
            text.contains(&damaged.display().to_string()),
            "{name}: says where: {text}"
        );
        assert!(!reason.is_empty());
        // The three answers of the backup are back; the two later ones are
        // only in the kept file.
        let store = opened.store;
        assert!(store.progress(&key("c")).is_some(), "{name}");
        assert!(store.progress(&key("d")).is_none(), "{name}");
        drop(store);
        // And the next open is clean.
        let again = Store::open(dir.path()).unwrap();
        assert!(again.notices.is_empty(), "{name}: {:?}", again.notices);
    }
}

#[test]
fn without_a_backup_a_damaged_file_is_still_kept_and_progress_starts_empty() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(dir.path()));
    let db = dir.path().join(DATABASE_FILE);
    std::fs::write(&db, b"garbage".repeat(1000)).unwrap();
    let opened = Store::open(dir.path()).unwrap();
    assert!(matches!(
        &opened.notices[..],
        [Notice::Recovered { restored: None, .. }]
    ));
    assert!(
        opened.notices[0]
            .to_string()
            .contains("starts with empty progress")
    );
    assert_eq!(files_named(dir.path(), "damaged").len(), 1);
}

#[test]
fn a_leftover_write_ahead_log_is_replayed_by_sqlite_not_deleted() {
    // Copy the database while a writer still holds it: the answers are
    // only in the WAL, as after a crash.
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    store.record(&answer("b", 3, at(100, 1)), &rules()).unwrap();
    let crashed = tempfile::tempdir().unwrap();
    for file in [DATABASE_FILE, "progress.sqlite3-wal"] {
        std::fs::copy(dir.path().join(file), crashed.path().join(file)).unwrap();
    }
    assert!(
        std::fs::metadata(crashed.path().join("progress.sqlite3-wal"))
            .unwrap()
            .len()
            > 0
    );
    let recovered = open(crashed.path());
    assert!(recovered.progress(&key("a")).is_some());
    assert!(recovered.progress(&key("b")).is_some());
    assert!(files_named(crashed.path(), "damaged").is_empty());
}

#[test]
fn answers_the_disk_refuses_wait_in_memory_and_are_saved_later() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    store.refuse_writes(true).unwrap();
    // A known card and a new one: both count at once, neither is on disk.
    let first = store.record(&answer("a", 2, at(101, 0)), &rules()).unwrap();
    assert!(first.saved.is_err());
    let second = store
        .record(&answer("new", 4, at(101, 1)), &rules())
        .unwrap();
    assert!(second.saved.is_err());
    assert_eq!(store.unsaved(), 2);
    assert_eq!(store.progress(&key("a")).unwrap().lapses, 1);
    assert!(store.progress(&key("new")).is_some());
    assert!(store.flush().is_err(), "still refused");
    assert_eq!(reviews_on_disk(dir.path()), 1);

    store.refuse_writes(false).unwrap();
    store.flush().unwrap();
    assert_eq!(store.unsaved(), 0);
    assert_eq!(reviews_on_disk(dir.path()), 3);
    let cached: HashMap<CardKey, CardProgress> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    drop(store);
    let store = open(dir.path());
    let reopened: HashMap<CardKey, CardProgress> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(reopened, cached);
    assert_eq!(store.replay().unwrap(), cached);
}

#[test]
fn a_full_database_keeps_answers_until_there_is_room() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    // SQLite's own "database or disk is full", as on a full disk.
    let pages: i64 = store
        .conn
        .pragma_query_value(None, "page_count", |r| r.get(0))
        .unwrap();
    store
        .conn
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let mut refused = 0;
    for i in 0..400 {
        let recorded = store
            .record(&answer(&format!("card-{i}"), 4, at(100, i)), &rules())
            .unwrap();
        if let Err(error) = recorded.saved {
            assert!(error.to_string().contains("full"), "{error}");
            refused += 1;
        }
    }
    assert!(refused > 0, "the limit was reached");
    assert_eq!(store.unsaved(), refused);
    store
        .conn
        .pragma_update(None, "max_page_count", 1_000_000)
        .unwrap();
    store.flush().unwrap();
    assert_eq!(reviews_on_disk(dir.path()), 400);
}

#[test]
fn restoring_a_backup_backs_up_first_and_continues_as_a_new_device() {
    let dir = folder_with_a_backup();
    let mut store = open(dir.path());
    let device_before = store.device_uuid().unwrap();
    let backup = store
        .backups()
        .into_iter()
        .find(|b| b.reason == backup::Reason::Manual)
        .unwrap();
    assert_eq!(backup.reviews(), Some(3));
    store.restore(&backup.path).unwrap();
    assert!(store.progress(&key("c")).is_some());
    assert!(
        store.progress(&key("d")).is_none(),
        "later answers are gone from the live file"
    );
    let before_restore = store
        .backups()
        .into_iter()
        .find(|b| b.reason == backup::Reason::BeforeRestore)
        .unwrap();
    assert_eq!(
        before_restore.reviews(),
        Some(5),
        "but kept in the backup taken first"
    );
    assert_ne!(store.device_uuid().unwrap(), device_before);
    store.record(&answer("f", 5, at(102, 0)), &rules()).unwrap();
    let ids = store.review_ids().unwrap();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids.len(), 4);
    assert_eq!(unique, ids, "no review id is reused");
}

#[test]
fn a_damaged_backup_is_refused_for_restore() {
    let dir = folder_with_a_backup();
    let mut store = open(dir.path());
    let backup = store.backups().remove(0);
    std::fs::write(&backup.path, b"broken").unwrap();
    let error = store.restore(&backup.path).unwrap_err();
    assert!(matches!(error, StoreError::BadBackup { .. }), "{error}");
    assert!(store.progress(&key("e")).is_some(), "nothing changed");
}

#[test]
fn one_daily_backup_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    let now = jiff::Zoned::now();
    let monday = jiff::civil::date(2026, 11, 23);
    assert!(daily_backup(dir.path(), monday, &now).unwrap().is_some());
    assert!(
        daily_backup(dir.path(), monday, &now).unwrap().is_none(),
        "not twice a day"
    );
    let tuesday = monday.tomorrow().unwrap();
    let later = now
        .checked_add(jiff::SignedDuration::from_hours(24))
        .unwrap();
    assert!(daily_backup(dir.path(), tuesday, &later).unwrap().is_some());
    assert_eq!(store.backups().len(), 2);
    assert!(store.backups().iter().all(|b| b.reviews() == Some(1)));
}

#[test]
fn an_upgrade_is_preceded_by_a_backup() {
    // A format-1 database: the first migration only.
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
        conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
    }
    let opened = Store::open(dir.path()).unwrap();
    if current_version() > 1 {
        assert!(matches!(
            &opened.notices[..],
            [Notice::Upgraded { from: 1, .. }]
        ));
        assert_eq!(
            opened.store.backups()[0].reason,
            backup::Reason::BeforeUpgrade
        );
    } else {
        assert!(opened.notices.is_empty());
    }
}

#[test]
fn recording_many_at_once_equals_recording_one_by_one() {
    let answers: Vec<Answer> = (0..300)
        .map(|i| {
            answer(
                &format!("c{}", i % 7),
                u8::try_from(i % 6).unwrap(),
                at(100 + i / 20, i % 20),
            )
        })
        .collect();
    let one = tempfile::tempdir().unwrap();
    let mut by_one = open(one.path());
    for a in &answers {
        by_one.record(a, &rules()).unwrap().saved.unwrap();
    }
    let many = tempfile::tempdir().unwrap();
    let mut at_once = open(many.path());
    assert_eq!(at_once.record_many(answers.clone(), &rules()).unwrap(), 300);
    let a: HashMap<CardKey, CardProgress> = by_one
        .all_progress()
        .map(|(k, p)| (k.clone(), *p))
        .collect();
    let b: HashMap<CardKey, CardProgress> = at_once
        .all_progress()
        .map(|(k, p)| (k.clone(), *p))
        .collect();
    assert_eq!(a, b);
    assert_eq!(at_once.replay().unwrap(), b);
    assert_eq!(reviews_on_disk(many.path()), 300);
    drop(at_once);
    let reopened: HashMap<CardKey, CardProgress> = open(many.path())
        .all_progress()
        .map(|(k, p)| (k.clone(), *p))
        .collect();
    assert_eq!(reopened, a);
}

#[test]
fn damage_deep_in_the_log_is_found_by_the_daily_check_and_dealt_with_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let answers: Vec<Answer> = (0..4000)
        .map(|i| answer(&format!("c{}", i % 10), 4, at(100 + i / 10, i % 10)))
        .collect();
    store.record_many(answers, &rules()).unwrap();
    let good = store.backup_now().unwrap();
    drop(store);

    // Scribble over one page in the middle of the file: a page of the
    // review log that opening never reads.
    let db = dir.path().join(DATABASE_FILE);
    let mut bytes = std::fs::read(&db).unwrap();
    let page = (bytes.len() / 4096) / 2;
    for byte in &mut bytes[page * 4096 + 100..page * 4096 + 3000] {
        *byte = 0x33;
    }
    std::fs::write(&db, &bytes).unwrap();

    let store = open(dir.path());
    assert!(
        store.progress(&key("c3")).is_some(),
        "opening is fast and does not see it"
    );
    let today = jiff::civil::date(2026, 11, 23);
    let health = check_and_back_up(dir.path(), today, &jiff::Zoned::now()).unwrap();
    assert!(matches!(health, Health::Damaged(_)), "{health:?}");
    assert_eq!(
        store.backups().len(),
        1,
        "no backup of a damaged file replaces the good one"
    );
    drop(store);

    let opened = Store::open(dir.path()).unwrap();
    let [
        Notice::Recovered {
            restored: Some(backup),
            ..
        },
    ] = &opened.notices[..]
    else {
        panic!("{:?}", opened.notices);
    };
    assert_eq!(backup.path, good);
    assert!(!recover::marker(&db).exists(), "dealt with");
    drop(opened);
    assert!(Store::open(dir.path()).unwrap().notices.is_empty());
}

#[test]
fn a_healthy_file_passes_the_daily_check_and_is_backed_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    let health = check_and_back_up(
        dir.path(),
        jiff::civil::date(2026, 11, 23),
        &jiff::Zoned::now(),
    )
    .unwrap();
    assert!(
        matches!(health, Health::Good { backup: Some(_) }),
        "{health:?}"
    );
}

/// A store in `dir` where `cards` of "deck" were first answered in this
/// order, a minute apart, with grades 2, 3, 4 …
fn answered_in_order(dir: &Path, cards: &[&str]) -> Store {
    let mut store = open(dir);
    for (i, card) in cards.iter().enumerate() {
        store
            .record(
                &answer(
                    card,
                    u8::try_from(i + 2).unwrap(),
                    at(100, i64::try_from(i).unwrap()),
                ),
                &rules(),
            )
            .unwrap();
    }
    store
}

#[test]
fn deck_progress_finds_each_card_whatever_place_is_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let cards = ["c", "a", "gone", "b"];
    let store = answered_in_order(dir.path(), &cards);
    let deck = store.deck_progress(&DeckId::new("deck")).unwrap();
    for guess in [0, 1, 2, 3, 4, 17, usize::MAX] {
        for card in cards {
            let id = CardId::new(card);
            let place = deck.place(&id, guess).unwrap();
            assert_eq!(
                deck.at(place, Direction::Forward),
                store.progress(&key(card)),
                "{card} guessed at {guess}"
            );
        }
        assert_eq!(deck.place(&CardId::new("new"), guess), None);
    }
}

#[test]
fn laying_out_anew_changes_no_progress_and_only_happens_when_out_of_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = answered_in_order(dir.path(), &["c", "a", "gone", "b"]);
    let deck = DeckId::new("deck");
    let ids = |names: &[&str]| names.iter().map(|n| CardId::new(*n)).collect::<Vec<_>>();
    // In the order first answered (a new card between): nothing to do.
    assert!(!store.arrange(&deck, ids(&["c", "new", "a", "gone", "b"]).iter()));

    let before: HashMap<CardKey, CardProgress> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    let order = ids(&["a", "b", "c", "new"]);
    assert!(store.arrange(&deck, order.iter()));
    let after: HashMap<CardKey, CardProgress> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(before, after);
    // Now the course's order is the layout: each card sits after the last.
    let view = store.deck_progress(&deck).unwrap();
    for (place, card) in order.iter().take(3).enumerate() {
        assert_eq!(view.place(card, usize::MAX), Some(place), "{card}");
    }
    assert!(!store.arrange(&deck, order.iter()));
    // Answers after laying out land on the right cards.
    store
        .record(&answer("gone", 5, at(101, 0)), &rules())
        .unwrap();
    assert_eq!(store.progress(&key("gone")).unwrap().answers, 2);
    assert_eq!(store.progress(&key("a")).unwrap().answers, 1);
    assert_eq!(store.replay().unwrap().len(), 4);
}

fn cache_equals_replay(store: &Store) {
    let cached: HashMap<CardKey, CardProgress> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(store.replay().unwrap(), cached, "the cache equals the log");
    let held: HashMap<CardKey, Hold> = store.holds().iter().collect();
    assert_eq!(
        store.replay_holds().unwrap(),
        held,
        "the holds equal the log"
    );
}

#[test]
fn undo_takes_back_the_latest_answers_one_by_one_and_the_log_keeps_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    store.record(&answer("b", 2, at(100, 1)), &rules()).unwrap();
    assert_eq!(store.undoable(Day::from_number(100)), Some(&key("b")));
    let undone = store.undo(at(100, 2), &rules()).unwrap().unwrap();
    assert_eq!((undone.key, undone.seq), (key("b"), 2));
    undone.saved.unwrap();
    assert!(store.progress(&key("b")).is_none(), "b is new again");
    assert_eq!(store.undoable(Day::from_number(100)), Some(&key("a")));
    store.undo(at(100, 3), &rules()).unwrap().unwrap();
    assert!(store.progress(&key("a")).is_none());
    assert!(
        store.undo(at(100, 4), &rules()).unwrap().is_none(),
        "nothing left"
    );
    assert_eq!(reviews_on_disk(dir.path()), 4, "two answers, two undos");
    assert!(store.reviews_per_deck().unwrap().is_empty(), "none counts");
    cache_equals_replay(&store);
    drop(store);
    let mut store = open(dir.path());
    assert_eq!(store.all_progress().count(), 0);
    cache_equals_replay(&store);
    // A card taken back to new is answered afresh, under its old number.
    let again = store.record(&answer("a", 4, at(100, 5)), &rules()).unwrap();
    again.saved.unwrap();
    assert_eq!(store.reviews_per_deck().unwrap()[&DeckId::new("deck")], 1);
    cache_equals_replay(&store);
}

#[test]
fn an_undone_review_puts_the_card_back_exactly_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    let before = *store.progress(&key("a")).unwrap();
    store.record(&answer("a", 5, at(101, 0)), &rules()).unwrap();
    assert_eq!(store.progress(&key("a")).unwrap().sm2.interval_days, 6);
    store.undo(at(101, 1), &rules()).unwrap().unwrap();
    assert_eq!(store.progress(&key("a")), Some(&before));
    // Answered again, it is the day's scheduled review once more.
    let again = store.record(&answer("a", 3, at(101, 2)), &rules()).unwrap();
    assert_eq!(again.kind, AnswerKind::Scheduled);
    assert_eq!(store.reviews_per_deck().unwrap()[&DeckId::new("deck")], 2);
    cache_equals_replay(&store);
}

#[test]
fn only_answers_given_today_can_be_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    assert!(store.undoable(Day::from_number(101)).is_none());
    assert!(store.undo(at(101, 0), &rules()).unwrap().is_none());
    assert!(store.progress(&key("a")).is_some());
}

#[test]
fn an_undo_the_disk_refuses_waits_with_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    store.refuse_writes(true).unwrap();
    store.record(&answer("b", 4, at(100, 1)), &rules()).unwrap();
    let undone = store.undo(at(100, 2), &rules()).unwrap().unwrap();
    assert!(undone.saved.is_err());
    assert!(store.progress(&key("b")).is_none());
    assert_eq!(store.unsaved(), 2);
    store.refuse_writes(false).unwrap();
    store.flush().unwrap();
    cache_equals_replay(&store);
    assert_eq!(store.reviews_per_deck().unwrap()[&DeckId::new("deck")], 1);
}

#[test]
fn suspending_keeps_a_card_out_until_unsuspended_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    let acted = store
        .act(
            &[key("a"), key("new")],
            CardAction::Suspend,
            at(100, 1),
            &rules(),
        )
        .unwrap();
    assert_eq!(acted.changed, 2, "an answered card and a new one");
    acted.saved.unwrap();
    let again = store
        .act(&[key("a")], CardAction::Suspend, at(100, 2), &rules())
        .unwrap();
    assert_eq!(again.changed, 0, "already suspended: no row");
    assert!(store.hold(&key("a")).suspended && store.hold(&key("new")).suspended);
    cache_equals_replay(&store);
    drop(store);
    let mut store = open(dir.path());
    assert!(
        store.hold(&key("a")).is_held(Day::from_number(300)),
        "until unsuspended"
    );
    assert!(store.hold(&key("new")).suspended);
    assert_eq!(
        reviews_on_disk(dir.path()),
        3,
        "one answer, two suspensions"
    );
    assert_eq!(
        store.reviews_per_deck().unwrap()[&DeckId::new("deck")],
        1,
        "a suspension is not an answer"
    );
    store
        .act(&[key("a")], CardAction::Unsuspend, at(101, 0), &rules())
        .unwrap()
        .saved
        .unwrap();
    assert_eq!(store.hold(&key("a")), Hold::default());
    cache_equals_replay(&store);
}

#[test]
fn a_buried_card_is_back_the_next_study_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store
        .act(&[key("a")], CardAction::Bury, at(100, 0), &rules())
        .unwrap();
    let hold = store.hold(&key("a"));
    assert!(hold.is_held(Day::from_number(100)));
    assert!(!hold.is_held(Day::from_number(101)), "back tomorrow");
    cache_equals_replay(&store);
}

#[test]
fn one_undo_takes_back_an_action_on_many_cards_and_a_reset_comes_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    store.record(&answer("a", 5, at(101, 0)), &rules()).unwrap();
    let learned = *store.progress(&key("a")).unwrap();
    store
        .act(&[key("a")], CardAction::Reset, at(101, 1), &rules())
        .unwrap()
        .saved
        .unwrap();
    assert!(store.progress(&key("a")).is_none(), "new again");
    cache_equals_replay(&store);
    store
        .act(
            &[key("a"), key("b"), key("c")],
            CardAction::Suspend,
            at(101, 2),
            &rules(),
        )
        .unwrap();
    let undone = store.undo(at(101, 3), &rules()).unwrap().unwrap();
    assert_eq!(
        (undone.action, undone.cards),
        (Some(CardAction::Suspend), 3)
    );
    assert!(
        store.holds().iter().next().is_none(),
        "all three back at once"
    );
    let undone = store.undo(at(101, 4), &rules()).unwrap().unwrap();
    assert_eq!(undone.action, Some(CardAction::Reset));
    assert_eq!(store.progress(&key("a")), Some(&learned), "as it was");
    cache_equals_replay(&store);
    drop(store);
    let store = open(dir.path());
    assert_eq!(store.progress(&key("a")), Some(&learned));
    cache_equals_replay(&store);
}

#[test]
fn the_eighth_lapse_makes_a_leech_suspended_with_its_answer_and_undone_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let mut day = 100;
    let mut leeches = Vec::new();
    for lapse in 1..=8 {
        // Learned again, then forgotten at the next review.
        store.record(&answer("a", 5, at(day, 0)), &rules()).unwrap();
        let due = store.progress(&key("a")).unwrap().due_day.number();
        day = i64::from(due);
        let failed = store.record(&answer("a", 1, at(day, 0)), &rules()).unwrap();
        assert_eq!(failed.progress.lapses, lapse);
        if failed.leech {
            leeches.push(lapse);
        }
        day += 1;
    }
    assert_eq!(leeches, [8], "a leech at the eighth lapse, not before");
    assert!(store.hold(&key("a")).suspended);
    cache_equals_replay(&store);
    // One undo takes back the failed answer and the suspension.
    let undone = store.undo(at(day - 1, 1), &rules()).unwrap().unwrap();
    assert_eq!((undone.key, undone.action), (key("a"), None));
    assert!(!store.hold(&key("a")).suspended);
    assert_eq!(store.progress(&key("a")).unwrap().lapses, 7);
    cache_equals_replay(&store);
}

#[test]
fn practice_answers_are_logged_and_leave_the_schedule_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    let learned = *store.progress(&key("a")).unwrap();
    for (card, grade) in [("a", 1), ("a", 5), ("new", 2)] {
        store
            .record_practice(
                &answer(card, grade, at(100, 5)),
                ReviewKind::Practice,
                &rules(),
            )
            .unwrap()
            .saved
            .unwrap();
    }
    assert_eq!(store.progress(&key("a")), Some(&learned), "SM-2 untouched");
    assert!(store.progress(&key("new")).is_none(), "still new");
    assert_eq!(reviews_on_disk(dir.path()), 4, "all logged");
    let history = store.history().unwrap();
    assert_eq!(history.answers.iter().filter(|a| a.practice).count(), 3);
    assert_eq!(
        store.reviews_per_deck().unwrap()[&DeckId::new("deck")],
        1,
        "reviews count the schedule's answers"
    );
    // An exam's extra review is noted on the card, once a day.
    store
        .record_practice(&answer("a", 4, at(101, 0)), ReviewKind::ExamExtra, &rules())
        .unwrap();
    assert_eq!(store.hold(&key("a")).extra_on, Some(Day::from_number(101)));
    assert_eq!(store.progress(&key("a")), Some(&learned));
    cache_equals_replay(&store);
    drop(store);
    let store = open(dir.path());
    assert_eq!(store.progress(&key("a")), Some(&learned));
    assert_eq!(store.hold(&key("a")).extra_on, Some(Day::from_number(101)));
    cache_equals_replay(&store);
}

#[test]
fn cards_brought_into_today_are_noted_for_today_only_and_undone_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    let acted = store
        .act(
            &[key("a"), key("b")],
            CardAction::DueToday,
            at(100, 10),
            &rules(),
        )
        .unwrap();
    assert_eq!(acted.changed, 2);
    assert!(store.hold(&key("a")).is_due_today(Day::from_number(100)));
    assert!(!store.hold(&key("a")).is_due_today(Day::from_number(101)));
    cache_equals_replay(&store);
    // Answered, it has had its place in today's reviews.
    store
        .record(&answer("b", 4, at(100, 12)), &rules())
        .unwrap();
    assert_eq!(store.hold(&key("b")), Hold::default());
    cache_equals_replay(&store);
    store.undo(at(100, 13), &rules()).unwrap().unwrap();
    assert!(
        store.hold(&key("b")).is_due_today(Day::from_number(100)),
        "back with the undo"
    );
    cache_equals_replay(&store);
    let undone = store.undo(at(100, 11), &rules()).unwrap().unwrap();
    assert_eq!(
        (undone.action, undone.cards),
        (Some(CardAction::DueToday), 2)
    );
    assert_eq!(store.hold(&key("b")), Hold::default());
    cache_equals_replay(&store);
}

#[test]
fn undoing_an_action_keeps_an_extra_review_given_since() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store.record(&answer("a", 5, at(100, 0)), &rules()).unwrap();
    store
        .act(&[key("a")], CardAction::Suspend, at(100, 1), &rules())
        .unwrap();
    store
        .act(&[key("a")], CardAction::Unsuspend, at(100, 2), &rules())
        .unwrap();
    store
        .record_practice(&answer("a", 4, at(100, 3)), ReviewKind::ExamExtra, &rules())
        .unwrap();
    store.undo(at(100, 4), &rules()).unwrap().unwrap();
    let hold = store.hold(&key("a"));
    assert!(hold.suspended, "the unsuspension is taken back");
    assert_eq!(
        hold.extra_on,
        Some(Day::from_number(100)),
        "the extra review stays"
    );
    cache_equals_replay(&store);
}
