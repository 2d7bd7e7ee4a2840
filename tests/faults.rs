//! Faults a real laptop meets: a clock that lies, a full disk, a file from
//! a newer cardwise, a deleted lock file, a bad setting, a read-only
//! medium. Each test repeats what a learner met and checks that nothing
//! acknowledged is lost and nothing that must stay untouched is changed.

use std::path::{Path, PathBuf};
use std::process::Command;

use cardwise::deck::Library;
use cardwise::key::{CardKey, Direction};
use cardwise::plan::{Limits, Scope, today_queue};
use cardwise::sched::{Day, DayRules, Quality};
use cardwise::store::{Answer, Notice, Store, StoreError};
use egui::Key;
use egui_kittest::kittest::Queryable;
use rusqlite::Connection;

use cardwise::clock::Clock;

use crate::ui::{Setup, open, press, setup, shows};

const SIX: &str = r#"Deck(id: "six", title: "Six", cards: [
    Term(id: "c1", term: "One", definition: "The first."),
    Term(id: "c2", term: "Two", definition: "The second."),
    Term(id: "c3", term: "Three", definition: "The third."),
    Term(id: "c4", term: "Four", definition: "The fourth."),
    Term(id: "c5", term: "Five", definition: "The fifth."),
    Term(id: "c6", term: "Six", definition: "The sixth."),
])"#;

fn six() -> (tempfile::TempDir, Library) {
    let decks = tempfile::tempdir().unwrap();
    std::fs::write(decks.path().join("six.ron"), SIX).unwrap();
    let library = cardwise::deck::load_paths(&[decks.path().to_path_buf()]);
    assert!(library.broken.is_empty());
    (decks, library)
}

fn utc() -> DayRules {
    DayRules::new(jiff::tz::TimeZone::UTC, 4)
}

/// Noon UTC, `days` after 2026-11-22.
fn noon(days: i64) -> jiff::Timestamp {
    let start: jiff::Timestamp = "2026-11-22T12:00:00Z".parse().unwrap();
    start
        .checked_add(jiff::SignedDuration::from_hours(24 * days))
        .unwrap()
}

fn day(days: i64) -> Day {
    utc().day_of(noon(days))
}

fn card(id: &str) -> CardKey {
    CardKey::new(
        cardwise::key::DeckId::new("six"),
        cardwise::key::CardId::new(id),
        Direction::Forward,
    )
}

fn answer(store: &mut Store, id: &str, grade: u8, days: i64) -> i64 {
    let recorded = store
        .record(
            &Answer {
                key: card(id),
                quality: Quality::new(grade).unwrap(),
                answered_at: noon(days),
                elapsed_ms: 2000,
                fingerprint: None,
                checked: None,
            },
            &utc(),
        )
        .unwrap();
    recorded.saved.unwrap();
    recorded.seq
}

/// The cards due or repeating on `days`, by id, in queue order.
fn queue_on(library: &Library, store: &Store, days: i64) -> Vec<String> {
    let limits = Limits::new(0);
    today_queue(library, store, Scope::All, day(days), limits)
        .in_order()
        .map(|item| item.card(library).id.to_string())
        .collect()
}

fn cache_equals_log(store: &Store) {
    let cached: std::collections::HashMap<_, _> =
        store.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(store.replay().unwrap(), cached, "the cache equals the log");
}

/// The study day each review was logged on, by review number.
fn logged_days(data: &Path) -> Vec<(i64, i32)> {
    let conn = Connection::open(data.join("progress.sqlite3")).unwrap();
    let mut stmt = conn
        .prepare("SELECT seq, day FROM reviews ORDER BY device, seq")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_clock_400_days_ahead_once_leaves_no_card_stuck_and_later_answers_fall_on_their_day() {
    let (_decks, library) = six();
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    // Day 0: four cards learned, each due tomorrow.
    for id in ["c1", "c2", "c3", "c4"] {
        answer(&mut store, id, 4, 0);
    }
    // One session with the clock 400 days ahead: everything is due then.
    assert_eq!(queue_on(&library, &store, 400), ["c1", "c2", "c3", "c4"]);
    answer(&mut store, "c1", 5, 400);
    answer(&mut store, "c2", 5, 400);
    answer(&mut store, "c5", 4, 400);
    drop(store);

    // Back on the right date, the day after day 0.
    let mut store = Store::open(data.path()).unwrap().store;
    assert_eq!(store.clock_behind(day(1)), Some(399));
    // The answers of the wrong session count as given on day 0, the last
    // day the clock can vouch for: c1, c2 (second review, 6 days) are due
    // on day 6, c5 (first review, 1 day) on day 1, like c3 and c4.
    assert_eq!(store.pull_back_day(day(1)), Some(day(0)));
    assert_eq!(queue_on(&library, &store, 1), ["c3", "c4", "c5"]);
    let seq = answer(&mut store, "c3", 5, 1);
    assert_eq!(
        logged_days(data.path()).last(),
        Some(&(seq, day(1).number())),
        "logged on the clock's day, not 400 days ahead"
    );
    assert_eq!(store.clock_behind(day(1)), None);
    let c3 = *store.progress(&card("c3")).unwrap();
    assert_eq!(c3.due_day, day(7), "6 days after the right day");
    let c1 = *store.progress(&card("c1")).unwrap();
    assert_eq!((c1.last_day, c1.due_day), (day(0), day(6)));
    assert_eq!(queue_on(&library, &store, 1), ["c4", "c5"]);
    answer(&mut store, "c4", 4, 1);
    answer(&mut store, "c5", 4, 1);
    // Over the next days cards keep falling due: nothing waits a year.
    assert_eq!(queue_on(&library, &store, 2), Vec::<String>::new());
    assert_eq!(queue_on(&library, &store, 6), ["c1", "c2"]);
    assert_eq!(
        queue_on(&library, &store, 7),
        ["c1", "c2", "c3", "c4", "c5"]
    );
    cache_equals_log(&store);
    drop(store);
    let store = Store::open(data.path()).unwrap().store;
    cache_equals_log(&store);
    assert_eq!(store.review_ids().unwrap().len(), 10, "no answer lost");
}

#[test]
fn cards_answered_only_under_a_clock_ahead_come_due_without_another_answer() {
    // Nothing new to study and nothing else due: the pull-back must not
    // wait for an answer, or the cards would wait 400 days.
    let (_decks, library) = six();
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    answer(&mut store, "c1", 4, 0);
    answer(&mut store, "c1", 5, 400);
    drop(store);
    let store = Store::open(data.path()).unwrap().store;
    assert_eq!(queue_on(&library, &store, 1), Vec::<String>::new());
    assert_eq!(queue_on(&library, &store, 5), Vec::<String>::new());
    assert_eq!(queue_on(&library, &store, 6), ["c1"], "6 days after day 0");
    assert_eq!(queue_on(&library, &store, 30), ["c1"]);
}

#[test]
fn the_window_says_once_that_the_clock_is_behind_and_studies_on_the_right_day() {
    let setup = setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    for _ in 0..2 {
        press(&mut harness, Key::Space);
        press(&mut harness, Key::Num4);
    }
    drop(harness);
    // A session 400 days ahead.
    let today = setup.clock.now();
    setup.clock.set(
        today
            .checked_add(jiff::SignedDuration::from_hours(400 * 24))
            .unwrap(),
    );
    let mut harness = open(&setup);
    assert!(!shows(&harness, "clock is behind"));
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    for _ in 0..4 {
        press(&mut harness, Key::Space);
        press(&mut harness, Key::Num4);
    }
    drop(harness);

    // The next day, on the right clock.
    setup.clock.set(
        today
            .checked_add(jiff::SignedDuration::from_hours(24))
            .unwrap(),
    );
    let mut harness = open(&setup);
    assert!(shows(
        &harness,
        "Your computer's clock is behind your last answer by 399 days"
    ));
    // The wrong session counts as yesterday's: the two cards first seen
    // in it are due today; the two reviewed in it, in 5 days.
    assert!(
        shows(&harness, "2 due · 0 new today · 4 of 4 studied"),
        "due on the right day"
    );
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(!shows(&harness, "clock is behind"), "dismissed");
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    press(&mut harness, Key::Space);
    press(&mut harness, Key::Num5);
    assert!(!shows(&harness, "clock is behind"), "told once");
    press(&mut harness, Key::Escape);
    assert!(shows(&harness, "1 due · 0 new today · 4 of 4 studied"));
}

/// A small disk of its own (a tmpfs), mounted for one test; `None`, with a
/// note, where this machine cannot mount one (not root, no tmpfs).
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn new(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|out| out.status.success());
        if !mounted {
            eprintln!(
                "note: the full-disk test was skipped: this machine cannot mount a small disk (tmpfs needs root)"
            );
            return None;
        }
        Some(SmallDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Take every free byte with a filler file; return its path.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let filler = self.path().join("filler");
        let mut file = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 4096];
        while file.write_all(&block).is_ok() {}
        // The last partial block, if any.
        let _ = file.write_all(&[0u8; 512]);
        let _ = file.sync_all();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// `n` answers to distinct cards, then a backup, in the folder `data`.
fn progress_with_backup(data: &Path, n: usize) -> PathBuf {
    let mut store = Store::open(data).unwrap().store;
    for i in 0..n {
        answer(&mut store, &format!("card-{i}"), 4, 0);
    }
    store.backup_now().unwrap()
}

/// Scribble over the database in place, without growing it.
fn damage(db: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).unwrap();
    for byte in bytes.iter_mut().step_by(3) {
        *byte = 0x5a;
    }
    std::fs::write(db, &bytes).unwrap();
    bytes
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_damaged_file_on_a_full_disk_stays_in_place_until_its_backup_can_take_over() {
    let Some(disk) = SmallDisk::new("2m") else {
        return;
    };
    let data = disk.path().join("data");
    progress_with_backup(&data, 9);
    let db = data.join("progress.sqlite3");
    let damaged = damage(&db);
    let filler = disk.fill();

    for _ in 0..2 {
        // Every start tries again, and says what to free.
        let error = Store::open(&data).unwrap_err();
        let StoreError::RecoveryBlocked { damaged: kept, .. } = &error else {
            panic!("{error:?}");
        };
        assert_eq!(kept.as_deref(), Some(db.as_path()));
        let text = error.to_string();
        assert!(text.contains("Free at least"), "{text}");
        assert!(text.contains("the backup of"), "{text}");
        assert_eq!(
            std::fs::read(&db).unwrap(),
            damaged,
            "left where it was, untouched"
        );
        assert!(
            !names_in(&data)
                .iter()
                .any(|n| n.contains("damaged") || n.contains("replacement")),
            "{:?}",
            names_in(&data)
        );
    }
    // The learner frees some space.
    std::fs::remove_file(filler).unwrap();
    let opened = Store::open(&data).unwrap();
    let [
        Notice::Recovered {
            damaged: Some(kept),
            restored: Some(backup),
            ..
        },
    ] = &opened.notices[..]
    else {
        panic!("{:?}", opened.notices);
    };
    assert_eq!(backup.reviews(), Some(9));
    assert_eq!(std::fs::read(kept).unwrap(), damaged);
    assert_eq!(opened.store.review_ids().unwrap().len(), 9);
}

#[test]
fn a_repair_that_cannot_write_its_copy_leaves_the_damaged_file_and_says_what_to_do() {
    // The same rule without a small disk: the copy cannot be written
    // because something is in its way.
    let data = tempfile::tempdir().unwrap();
    progress_with_backup(data.path(), 3);
    let db = data.path().join("progress.sqlite3");
    let damaged = damage(&db);
    let blocker = data.path().join("progress.sqlite3.replacement-partial");
    std::fs::create_dir(&blocker).unwrap();
    let error = Store::open(data.path()).unwrap_err();
    assert!(
        matches!(error, StoreError::RecoveryBlocked { .. }),
        "{error:?}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), damaged);
    std::fs::remove_dir(&blocker).unwrap();
    let opened = Store::open(data.path()).unwrap();
    assert!(matches!(
        &opened.notices[..],
        [Notice::Recovered {
            restored: Some(_),
            ..
        }]
    ));
}

#[test]
fn the_window_shows_what_to_free_when_a_repair_cannot_finish_and_retries() {
    let setup = setup();
    progress_with_backup(setup.data.path(), 2);
    let db = setup.data.path().join("progress.sqlite3");
    damage(&db);
    let blocker = setup
        .data
        .path()
        .join("progress.sqlite3.replacement-partial");
    std::fs::create_dir(&blocker).unwrap();
    let mut harness = open(&setup);
    assert_eq!(
        harness.state().screen(),
        cardwise::ui::ScreenName::CannotOpen
    );
    assert!(shows(&harness, "Your progress could not be repaired yet"));
    assert!(shows(&harness, "Free at least"));
    assert!(harness.state().store().is_none());
    std::fs::remove_dir(&blocker).unwrap();
    harness.get_by_label("Try again").click();
    harness.run();
    assert_eq!(harness.state().screen(), cardwise::ui::ScreenName::Home);
    assert!(shows(&harness, "cardwise goes on from the backup of"));
}

#[test]
fn a_missing_progress_file_comes_back_from_the_newest_backup_and_says_so() {
    let data = tempfile::tempdir().unwrap();
    progress_with_backup(data.path(), 4);
    std::fs::remove_file(data.path().join("progress.sqlite3")).unwrap();
    let opened = Store::open(data.path()).unwrap();
    assert!(
        matches!(
            &opened.notices[..],
            [Notice::Missing {
                restored: Some(_),
                ..
            }]
        ),
        "{:?}",
        opened.notices
    );
    assert!(opened.notices[0].to_string().contains("(4 reviews)"));
    assert_eq!(opened.store.review_ids().unwrap().len(), 4);
}

#[test]
fn the_backup_holding_the_most_recent_progress_wins_whatever_its_name_says() {
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    for id in ["c1", "c2", "c3"] {
        answer(&mut store, id, 4, 0);
    }
    // Taken while the clock was a year ahead: its name says 2027.
    let early = store.backup_now().unwrap();
    let lying = early.with_file_name("progress-2027-12-30T080000-daily.sqlite3");
    std::fs::rename(&early, &lying).unwrap();
    for id in ["c4", "c5", "c6", "c7", "c8", "c9"] {
        answer(&mut store, id, 4, 1);
    }
    store.backup_now().unwrap();
    let listed: Vec<Option<u64>> = store.backups().iter().map(|b| b.reviews()).collect();
    assert_eq!(listed, [Some(9), Some(3)], "most recent progress first");
    drop(store);

    damage(&data.path().join("progress.sqlite3"));
    let opened = Store::open(data.path()).unwrap();
    let [
        Notice::Recovered {
            restored: Some(backup),
            ..
        },
    ] = &opened.notices[..]
    else {
        panic!("{:?}", opened.notices);
    };
    assert_eq!(backup.reviews(), Some(9));
    assert_eq!(opened.store.review_ids().unwrap().len(), 9);
}

#[test]
fn after_a_restore_new_reviews_rank_above_the_abandoned_progress() {
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    answer(&mut store, "c1", 4, 0);
    let one = store.backup_now().unwrap();
    for id in ["c2", "c3", "c4", "c5"] {
        answer(&mut store, id, 4, 0);
    }
    // Back to one review, on purpose; then one more.
    store.restore(&one).unwrap();
    answer(&mut store, "c6", 4, 1);
    store.backup_now().unwrap();
    let first = &store.backups()[0];
    assert_eq!(
        first.reviews(),
        Some(2),
        "the restored history, not the abandoned 5"
    );
}

/// A folder whose database says a newer cardwise wrote it.
fn newer_folder() -> (tempfile::TempDir, Vec<u8>) {
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    answer(&mut store, "c1", 4, 0);
    drop(store);
    let db = data.path().join("progress.sqlite3");
    let conn = Connection::open(&db).unwrap();
    // A newer cardwise might use the rollback journal: switching to WAL
    // would rewrite the header.
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('written_by', 'cardwise 9.1.0')",
        [],
    )
    .unwrap();
    drop(conn);
    let bytes = std::fs::read(&db).unwrap();
    (data, bytes)
}

#[test]
fn a_file_from_a_newer_cardwise_is_left_exactly_as_it_is_and_can_be_read() {
    let (data, bytes) = newer_folder();
    let files = names_in(data.path());
    let error = Store::open(data.path()).unwrap_err();
    let StoreError::NewerFormat {
        found, written_by, ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(
        (*found, written_by.as_deref()),
        (99, Some("cardwise 9.1.0"))
    );
    assert!(
        error.to_string().contains("cardwise 9.1.0, format 99"),
        "{error}"
    );
    let db = data.path().join("progress.sqlite3");
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "not a byte changed");
    assert_eq!(
        names_in(data.path()),
        files,
        "nothing set aside, nothing restored"
    );
    assert!(matches!(
        Store::open_read_only(data.path()),
        Err(StoreError::NewerFormat { .. })
    ));
    let look = Store::open_read_only_newer(data.path()).unwrap();
    assert!(look.is_read_only());
    assert!(look.progress(&card("c1")).is_some());
    drop(look);
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

#[test]
fn the_window_names_the_newer_cardwise_and_opens_its_file_read_only() {
    let (data, bytes) = newer_folder();
    let setup = Setup { data, ..setup() };
    let mut harness = open(&setup);
    assert_eq!(
        harness.state().screen(),
        cardwise::ui::ScreenName::CannotOpen
    );
    assert!(shows(&harness, "Your progress needs a newer cardwise"));
    assert!(shows(&harness, "cardwise 9.1.0"));
    harness.get_by_label("Open read-only").click();
    harness.run();
    assert_eq!(harness.state().screen(), cardwise::ui::ScreenName::Home);
    assert!(harness.state().store().is_some_and(Store::is_read_only));
    drop(harness);
    assert_eq!(
        std::fs::read(setup.data.path().join("progress.sqlite3")).unwrap(),
        bytes
    );
}

#[test]
fn with_its_lock_file_deleted_a_running_cardwise_still_keeps_a_second_from_writing() {
    let data = tempfile::tempdir().unwrap();
    let mut first = Store::open(data.path()).unwrap().store;
    answer(&mut first, "c1", 4, 0);
    let lock = data.path().join(cardwise::store::LOCK_FILE);
    std::fs::remove_file(&lock).unwrap();

    // A second one sees the first's mark in the database.
    let error = Store::open(data.path()).unwrap_err();
    let StoreError::InUse {
        pid, may_take_over, ..
    } = error
    else {
        panic!("{error:?}");
    };
    assert_eq!((pid, may_take_over), (Some(std::process::id()), true));

    // The first goes on saving, and locks a lock file again.
    answer(&mut first, "c2", 4, 0);
    assert!(lock.exists());
    assert!(matches!(
        Store::open(data.path()),
        Err(StoreError::InUse {
            may_take_over: false,
            ..
        })
    ));
}

#[test]
fn a_cardwise_that_was_taken_over_keeps_its_answers_until_it_takes_the_progress_back() {
    let data = tempfile::tempdir().unwrap();
    let mut first = Store::open(data.path()).unwrap().store;
    answer(&mut first, "c1", 4, 0);
    std::fs::remove_file(data.path().join(cardwise::store::LOCK_FILE)).unwrap();
    let mut second = Store::open_taking_over(data.path()).unwrap().store;
    answer(&mut second, "c2", 4, 0);

    // The first stops saving at its next answer, and says who took over.
    let recorded = first
        .record(
            &Answer {
                key: card("c3"),
                quality: Quality::new(4).unwrap(),
                answered_at: noon(0),
                elapsed_ms: 1000,
                fingerprint: None,
                checked: None,
            },
            &utc(),
        )
        .unwrap();
    let error = recorded.saved.unwrap_err();
    assert!(
        matches!(error, StoreError::OwnershipLost { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains(&format!(
            "another cardwise (process {})",
            std::process::id()
        )),
        "{error}"
    );
    assert_eq!(first.unsaved(), 1);
    assert!(first.lost_to().is_some());
    assert!(first.flush().is_err(), "still not its own");

    // While the second runs, the first cannot take back; once it closed, it can.
    drop(second);
    first.take_back().unwrap();
    assert_eq!(first.unsaved(), 0);
    cache_equals_log(&first);
    drop(first);
    let store = Store::open(data.path()).unwrap().store;
    assert_eq!(store.review_ids().unwrap().len(), 3, "every answer of both");
    for id in ["c1", "c2", "c3"] {
        assert!(store.progress(&card(id)).is_some(), "{id}");
    }
    cache_equals_log(&store);
}

#[test]
fn the_window_offers_to_take_over_when_the_lock_file_is_gone() {
    let setup = setup();
    let first = open(&setup);
    std::fs::remove_file(setup.data.path().join(cardwise::store::LOCK_FILE)).unwrap();
    let mut second = open(&setup);
    assert_eq!(second.state().screen(), cardwise::ui::ScreenName::InUse);
    assert!(shows(&second, "Its lock file is gone"));
    second.get_by_label("Take over").click();
    second.run();
    assert_eq!(second.state().screen(), cardwise::ui::ScreenName::Home);
    assert!(second.state().store().is_some_and(|s| !s.is_read_only()));
    drop(first);
}

#[test]
fn the_window_that_was_taken_over_names_the_cause_and_takes_back_its_answers() {
    let setup = setup();
    let mut first = open(&setup);
    std::fs::remove_file(setup.data.path().join(cardwise::store::LOCK_FILE)).unwrap();
    let second = Store::open_taking_over(setup.data.path()).unwrap().store;
    first.get_by_label("Study Mini deck").click();
    first.run();
    press(&mut first, Key::Space);
    press(&mut first, Key::Num5);
    assert!(shows(&first, "1 answer is not saved yet"));
    assert!(shows(&first, "has taken over this progress folder"));
    assert!(
        !shows(&first, "disk space"),
        "the real cause, not a full disk"
    );
    drop(second);
    first.get_by_label("Take back and save").click();
    first.run();
    assert_eq!(first.state().store().unwrap().unsaved(), 0);
}

#[test]
fn a_setting_cardwise_cannot_read_falls_back_to_its_default_and_costs_no_progress() {
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    answer(&mut store, "c1", 4, 0);
    drop(store);
    let db = data.path().join("progress.sqlite3");
    Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('theme', 'sepia')",
            [],
        )
        .unwrap();
    let opened = Store::open(data.path()).unwrap();
    assert_eq!(
        opened.notices,
        [Notice::SettingReset {
            key: "theme".into(),
            value: "sepia".into(),
            default: "system".into()
        }]
    );
    assert!(
        opened.notices[0]
            .to_string()
            .contains("Your progress is untouched")
    );
    assert!(opened.store.progress(&card("c1")).is_some());
    assert!(!names_in(data.path()).iter().any(|n| n.contains("damaged")));
    drop(opened);
    assert!(
        Store::open(data.path()).unwrap().notices.is_empty(),
        "told once"
    );
}

fn stats(data: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cardwise"))
        .args(["stats", "--json", "--data-dir"])
        .arg(data)
        .output()
        .unwrap()
}

#[test]
fn stats_says_when_there_is_no_progress_folder_or_file_to_read() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere");
    let out = stats(&missing);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("there is no progress folder at"), "{err}");

    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let out = stats(&file);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a file, not a progress folder"));

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("progress.sqlite3"), b"").unwrap();
    let out = stats(&empty);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the progress file is empty"), "{err}");
    assert!(!err.contains("format 0"), "{err}");

    let foreign = dir.path().join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    Connection::open(foreign.join("progress.sqlite3"))
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let out = stats(&foreign);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a cardwise progress file"));
}

#[test]
fn stats_reads_progress_on_a_read_only_medium_without_writing_a_byte() {
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    answer(&mut store, "c1", 4, 0);
    answer(&mut store, "c2", 4, 0);
    drop(store);
    let view = tempfile::tempdir().unwrap();
    let bind = |args: &[&str]| {
        Command::new("mount")
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let (source, target) = (data.path().to_str().unwrap(), view.path().to_str().unwrap());
    if !bind(&["--bind", source, target]) {
        eprintln!(
            "note: the read-only medium test was skipped: this machine cannot bind-mount (needs root)"
        );
        return;
    }
    let remounted = bind(&["-o", "remount,ro,bind", target]);
    let before = names_in(view.path());
    let out = stats(view.path());
    let after = names_in(view.path());
    let _ = Command::new("umount").arg(target).status();
    assert!(remounted, "could not make the mount read-only");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["reviews"], 2);
    assert_eq!(before, after);
}

#[test]
fn backups_leave_no_side_files_behind() {
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    answer(&mut store, "c1", 4, 0);
    let backup = store.backup_now().unwrap();
    answer(&mut store, "c2", 4, 0);
    // The daily check, the restore screen's listing, and a restore.
    let now = jiff::Zoned::now();
    cardwise::store::check_and_back_up(data.path(), now.date(), &now).unwrap();
    assert!(store.backups().iter().all(|b| b.reviews().is_some()));
    store.restore(&backup).unwrap();
    let backups = data.path().join(cardwise::store::BACKUP_DIR);
    let names = names_in(&backups);
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("progress-") && n.ends_with(".sqlite3")),
        "{names:?}"
    );
    // And the side files an older cardwise left are cleared by rotation.
    std::fs::write(backups.join(format!("{}-shm", names[0])), b"").unwrap();
    std::fs::write(backups.join(format!("{}-wal", names[0])), b"").unwrap();
    cardwise::store::daily_backup(data.path(), now.date().tomorrow().unwrap(), &now).unwrap();
    assert!(names_in(&backups).iter().all(|n| n.ends_with(".sqlite3")));
}

#[test]
fn after_a_crash_the_next_start_folds_the_write_ahead_log_into_the_file() {
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    answer(&mut store, "c1", 4, 0);
    answer(&mut store, "c2", 4, 0);
    // As after a crash: the answers are only in the write-ahead log.
    let crashed = tempfile::tempdir().unwrap();
    for file in ["progress.sqlite3", "progress.sqlite3-wal"] {
        std::fs::copy(data.path().join(file), crashed.path().join(file)).unwrap();
    }
    drop(store);
    let store = Store::open(crashed.path()).unwrap().store;
    let wal = crashed.path().join("progress.sqlite3-wal");
    assert_eq!(std::fs::metadata(&wal).map_or(0, |m| m.len()), 0);
    // The database file alone holds both answers.
    let alone = tempfile::tempdir().unwrap();
    std::fs::copy(
        crashed.path().join("progress.sqlite3"),
        alone.path().join("progress.sqlite3"),
    )
    .unwrap();
    let count: i64 = Connection::open(alone.path().join("progress.sqlite3"))
        .unwrap()
        .query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2);
    drop(store);
}

fn count_reviews(db: &Path) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_progress_file_deleted_while_open_is_written_back_with_every_answer() {
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    answer(&mut store, "c1", 4, 0);
    answer(&mut store, "c2", 4, 0);
    let db = data.path().join("progress.sqlite3");
    for file in [
        "progress.sqlite3",
        "progress.sqlite3-wal",
        "progress.sqlite3-shm",
    ] {
        let _ = std::fs::remove_file(data.path().join(file));
    }
    // The next answer finds the file gone and writes it back first.
    answer(&mut store, "c3", 4, 0);
    assert!(store.take_file_restored(), "the window can say so");
    assert!(db.exists());
    drop(store);
    assert_eq!(count_reviews(&db), 3);
    let opened = Store::open(data.path()).unwrap();
    assert!(opened.notices.is_empty(), "{:?}", opened.notices);
    assert_eq!(opened.store.review_ids().unwrap().len(), 3);
}

#[test]
fn a_progress_file_deleted_and_the_window_closed_without_another_answer_is_written_back() {
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    answer(&mut store, "c1", 4, 0);
    std::fs::remove_file(data.path().join("progress.sqlite3")).unwrap();
    drop(store);
    assert_eq!(count_reviews(&data.path().join("progress.sqlite3")), 1);
}

#[test]
fn a_write_ahead_log_deleted_by_hand_loses_nothing_even_after_a_crash() {
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    answer(&mut store, "c1", 4, 0);
    answer(&mut store, "c2", 4, 0);
    std::fs::remove_file(data.path().join("progress.sqlite3-wal")).unwrap();
    answer(&mut store, "c3", 4, 0);
    // A crash now: only what is at the files' names survives.
    let crashed = tempfile::tempdir().unwrap();
    for file in ["progress.sqlite3", "progress.sqlite3-wal"] {
        let from = data.path().join(file);
        if from.exists() {
            std::fs::copy(&from, crashed.path().join(file)).unwrap();
        }
    }
    drop(store);
    let store = Store::open(crashed.path()).unwrap().store;
    assert_eq!(
        store.review_ids().unwrap().len(),
        3,
        "every acknowledged answer"
    );
}

#[test]
fn a_progress_file_replaced_while_open_stops_saving_until_the_learner_writes_it_back() {
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    answer(&mut store, "c1", 4, 0);
    // Another file takes its place (a sync tool, a copy by hand).
    let other = tempfile::tempdir().unwrap();
    let mut stranger = Store::open(other.path()).unwrap().store;
    answer(&mut stranger, "c6", 4, 0);
    drop(stranger);
    let db = data.path().join("progress.sqlite3");
    for file in ["progress.sqlite3-wal", "progress.sqlite3-shm"] {
        let _ = std::fs::remove_file(data.path().join(file));
    }
    std::fs::rename(other.path().join("progress.sqlite3"), &db).unwrap();
    let recorded = store
        .record(
            &Answer {
                key: card("c2"),
                quality: Quality::new(4).unwrap(),
                answered_at: noon(0),
                elapsed_ms: 1000,
                fingerprint: None,
                checked: None,
            },
            &utc(),
        )
        .unwrap();
    let error = recorded.saved.unwrap_err();
    assert!(
        matches!(error, StoreError::FileReplaced { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("was replaced by another file"));
    assert_eq!(store.unsaved(), 1);
    assert_eq!(count_reviews(&db), 1, "the other file is not written to");

    store.write_back_over_replacement().unwrap();
    assert_eq!(store.unsaved(), 0);
    drop(store);
    assert_eq!(count_reviews(&db), 2, "c1 and c2");
    assert!(
        names_in(data.path())
            .iter()
            .any(|n| n.contains("replaced-")),
        "the other file is kept aside: {:?}",
        names_in(data.path())
    );
}

#[test]
fn a_newer_cardwise_s_write_ahead_log_is_not_folded_into_its_file() {
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap().store;
    answer(&mut store, "c1", 4, 0);
    let db = data.path().join("progress.sqlite3");
    // The newer cardwise's last write is still in its log when it stops.
    let conn = Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    let crashed = tempfile::tempdir().unwrap();
    for file in ["progress.sqlite3", "progress.sqlite3-wal"] {
        std::fs::copy(data.path().join(file), crashed.path().join(file)).unwrap();
    }
    drop((conn, store));
    let before: Vec<Vec<u8>> = ["progress.sqlite3", "progress.sqlite3-wal"]
        .iter()
        .map(|f| std::fs::read(crashed.path().join(f)).unwrap())
        .collect();
    assert!(!before[1].is_empty(), "the log holds the newer write");
    assert!(matches!(
        Store::open(crashed.path()),
        Err(StoreError::NewerFormat { found: 99, .. })
    ));
    let after: Vec<Vec<u8>> = ["progress.sqlite3", "progress.sqlite3-wal"]
        .iter()
        .map(|f| std::fs::read(crashed.path().join(f)).unwrap())
        .collect();
    assert!(after == before, "neither the file nor its log changed");
}

#[test]
fn answers_given_after_another_cardwise_took_over_all_wait_in_memory() {
    let data = tempfile::tempdir().unwrap();
    let mut first = Store::open(data.path()).unwrap().store;
    answer(&mut first, "c1", 4, 0);
    std::fs::remove_file(data.path().join(cardwise::store::LOCK_FILE)).unwrap();
    let second = Store::open_taking_over(data.path()).unwrap().store;
    for id in ["c2", "c3"] {
        let recorded = first
            .record(
                &Answer {
                    key: card(id),
                    quality: Quality::new(4).unwrap(),
                    answered_at: noon(0),
                    elapsed_ms: 1000,
                    fingerprint: None,
                    checked: None,
                },
                &utc(),
            )
            .expect("counted, not refused");
        assert!(recorded.saved.is_err());
    }
    assert_eq!(first.unsaved(), 2);
    drop(second);
    first.take_back().unwrap();
    assert_eq!(first.review_ids().unwrap().len(), 3);
}

#[test]
fn the_window_says_a_full_disk_keeps_it_from_opening_and_shows_no_made_up_counts() {
    let Some(disk) = SmallDisk::new("2m") else {
        return;
    };
    let setup = setup();
    let data = disk.path().join("data");
    progress_with_backup(&data, 2);
    let filler = disk.fill();
    let mut harness = crate::ui::window(crate::ui::app_on(&data, setup.decks.path(), &setup.clock));
    if harness.state().store().is_some() {
        // This file system let SQLite open without room: nothing to test.
        eprintln!("note: the full disk still let the progress open; skipped");
        return;
    }
    assert_eq!(
        harness.state().screen(),
        cardwise::ui::ScreenName::CannotOpen
    );
    assert!(shows(
        &harness,
        "is full, so your progress cannot be opened for studying"
    ));
    std::fs::remove_file(filler).unwrap();
    harness.get_by_label("Try again").click();
    harness.run();
    assert_eq!(harness.state().screen(), cardwise::ui::ScreenName::Home);
    assert!(harness.state().store().is_some_and(|s| !s.is_read_only()));
}

#[test]
fn the_window_says_so_when_it_writes_back_a_deleted_progress_file() {
    let setup = setup();
    let mut harness = open(&setup);
    harness.get_by_label("Study Mini deck").click();
    harness.run();
    press(&mut harness, Key::Space);
    press(&mut harness, Key::Num4);
    std::fs::remove_file(setup.data.path().join("progress.sqlite3")).unwrap();
    press(&mut harness, Key::Space);
    press(&mut harness, Key::Num4);
    assert!(shows(
        &harness,
        "Your progress file was deleted while cardwise was open"
    ));
    drop(harness);
    assert_eq!(
        count_reviews(&setup.data.path().join("progress.sqlite3")),
        2
    );
}

#[test]
fn the_restore_screen_marks_a_damaged_backup_and_offers_the_newest_good_one() {
    let setup = setup();
    let mut store = Store::open(setup.data.path()).unwrap().store;
    answer(&mut store, "c1", 4, 0);
    let older = store.backup_now().unwrap();
    answer(&mut store, "c2", 4, 0);
    let newer = store.backup_now().unwrap();
    drop(store);
    // Scribble over the newer backup's pages, keeping its first one.
    let mut bytes = std::fs::read(&newer).unwrap();
    for byte in bytes.iter_mut().skip(4096).step_by(5) {
        *byte = 0x33;
    }
    std::fs::write(&newer, bytes).unwrap();
    let mut harness = open(&setup);
    harness.get_by_label("Settings").click();
    harness.run();
    harness.get_by_label("Backups and restore…").click();
    harness.run();
    let name = |p: &Path| {
        cardwise::store::list_backups(setup.data.path())
            .into_iter()
            .find(|b| b.path == p)
            .unwrap()
            .taken
    };
    let older_label = format!("{} (most recent)", name(&older));
    assert!(
        shows(&harness, &older_label) || shows(&harness, &format!("{} (damaged)", name(&newer))),
        "the good one is offered first"
    );
    assert!(!shows(&harness, &format!("{} (most recent)", name(&newer))));
}

#[test]
fn an_action_and_its_undo_waiting_in_memory_are_saved_after_the_other_window_s_answers() {
    use cardwise::store::CardAction;
    let data = tempfile::tempdir().unwrap();
    let mut first = Store::open(data.path()).unwrap().store;
    answer(&mut first, "c1", 4, 0);
    // The disk refuses: c2 is suspended, then that is taken back; both wait.
    first.refuse_writes(true).unwrap();
    let acted = first
        .act(&[card("c2")], CardAction::Suspend, noon(0), &utc())
        .unwrap();
    assert!(acted.saved.is_err());
    first.undo(noon(0), &utc()).unwrap().unwrap();
    assert_eq!(first.unsaved(), 2);
    first.refuse_writes(false).unwrap();
    // Another window takes over and answers c3 under the same numbers.
    std::fs::remove_file(data.path().join(cardwise::store::LOCK_FILE)).unwrap();
    let mut second = Store::open_taking_over(data.path()).unwrap().store;
    answer(&mut second, "c3", 4, 0);
    drop(second);
    assert!(first.flush().is_err(), "this window lost the progress");
    first.take_back().unwrap();
    assert_eq!(first.unsaved(), 0);
    assert!(!first.hold(&card("c2")).suspended, "the undo still stands");
    assert!(
        first.progress(&card("c3")).is_some(),
        "the other's answer stands"
    );
    let replayed_holds = first.replay_holds().unwrap();
    assert!(
        replayed_holds.values().all(|h| !h.suspended),
        "{replayed_holds:?}"
    );
    let cached: std::collections::HashMap<_, _> =
        first.all_progress().map(|(k, p)| (k.clone(), *p)).collect();
    assert_eq!(
        first.replay().unwrap(),
        cached,
        "the log replays to the cache"
    );
    drop(first);
    let reopened = Store::open(data.path()).unwrap().store;
    assert!(reopened.progress(&card("c3")).is_some());
    assert!(!reopened.hold(&card("c2")).suspended);
}
