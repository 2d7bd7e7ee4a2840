//! Progress is never lost: old formats, crashes, damage, a second instance.

use std::path::{Path, PathBuf};

use cardwise::key::{CardId, CardKey, DeckId, Direction};
use cardwise::sched::Day;
use cardwise::store::{Settings, Store, ThemeChoice};

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

#[test]
fn a_progress_folder_written_by_format_1_still_loads_with_everything_in_it() {
    let (_keep, dir) = copy_fixture("progress-v1");
    let store = Store::open(&dir).unwrap().store;

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
            theme: ThemeChoice::Dark
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
