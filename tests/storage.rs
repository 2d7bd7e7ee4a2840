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
