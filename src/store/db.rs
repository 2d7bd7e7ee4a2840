//! Reading and writing the database's tables; shared by opening,
//! recording, restoring and replaying.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use super::{Settings, StoreError, current_version, schema};
use crate::key::{DeckId, Direction};
use crate::sched::{CardProgress, Day, Easiness, Quality, Sm2State};

pub(super) fn sql<'a>(
    op: &'static str,
    path: &'a Path,
) -> impl Fn(rusqlite::Error) -> StoreError + 'a {
    move |source| StoreError::Sqlite {
        op,
        path: path.to_path_buf(),
        source,
    }
}

pub(super) fn user_version(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(sql("read the format version", path))
}

pub(super) fn check_version(path: &Path, found: i64) -> Result<(), StoreError> {
    let known = current_version();
    if found > known {
        return Err(StoreError::NewerFormat {
            path: path.to_path_buf(),
            found,
            known,
            written_by: None,
        });
    }
    Ok(())
}

/// Apply the migrations this database has not had yet, each in its own
/// transaction together with the version bump.
pub(super) fn migrate(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let found = user_version(conn, path)?;
    check_version(path, found)?;
    let applied = usize::try_from(found).unwrap_or(0);
    for (index, migration) in schema::MIGRATIONS.iter().enumerate().skip(applied) {
        let version = index + 1;
        let batch =
            format!("BEGIN IMMEDIATE; {migration}; PRAGMA user_version = {version}; COMMIT;");
        if let Err(source) = conn.execute_batch(&batch) {
            // Leave the file exactly as it was before this migration.
            let _ = conn.execute_batch("ROLLBACK");
            return Err(StoreError::Sqlite {
                op: "upgrade the progress database",
                path: path.to_path_buf(),
                source,
            });
        }
    }
    Ok(())
}

/// Everything [`super::Store`] keeps in memory, as read from the file.
pub(super) struct State {
    pub device: i64,
    pub next_seq: i64,
    pub latest_day: Option<Day>,
    pub index: super::keys::KeyIndex,
    pub settings: Settings,
}

/// A setting whose stored value cannot be used; its default is used instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadSetting {
    pub key: String,
    pub value: String,
    pub default: String,
}

/// Read the device, the next review number, the card states and the
/// settings. `fresh_device`: give the file a new device identity, whose
/// numbers start above every number in the file and at this one at least.
pub(super) fn read_state(
    conn: &Connection,
    path: &Path,
    writable: bool,
    fresh_device: Option<i64>,
) -> Result<(State, Vec<BadSetting>), StoreError> {
    let device = match fresh_device {
        Some(min_seq) => new_device(conn, path, min_seq)?,
        None => local_device(conn, path, writable)?,
    };
    let read = sql("read the review log", path);
    // The device's newest review by number: one index lookup.
    let newest: Option<i64> = conn
        .query_row(
            "SELECT MAX(seq) FROM reviews WHERE device = ?1",
            [device],
            |row| row.get(0),
        )
        .map_err(&read)?;
    let floor: i64 = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'seq_floor'",
            [],
            |row| row.get::<_, String>(0),
        )
        .optional()
        .map_err(&read)?
        .and_then(|text| text.parse().ok())
        .unwrap_or(1);
    let next_seq = newest.map_or(1, |n| n + 1).max(floor);
    let index = load_index(conn, path)?;
    // The day of the log's last row, as a replay ends on it.
    let latest_day = conn
        .query_row(
            "SELECT day FROM reviews ORDER BY device DESC, seq DESC LIMIT 1",
            [],
            |row| row.get::<_, i32>(0),
        )
        .optional()
        .map_err(&read)?
        .map(Day::from_number);
    let (settings, bad) = load_settings(conn, path)?;
    Ok((
        State {
            device,
            next_seq,
            latest_day,
            index,
            settings,
        },
        bad,
    ))
}

/// The highest review number in the file, on any device.
pub(super) fn newest_seq(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    conn.query_row(
        "SELECT MAX((SELECT MAX(seq) FROM reviews WHERE device = d.id)) FROM devices d",
        [],
        |row| row.get::<_, Option<i64>>(0),
    )
    .map(|n| n.unwrap_or(0))
    .map_err(sql("read the review log", path))
}

/// Which cardwise last opened the file for writing, if it said.
pub(super) fn written_by(conn: &Connection) -> Option<String> {
    conn.query_row(
        "SELECT value FROM meta WHERE key = 'written_by'",
        [],
        |row| row.get(0),
    )
    .ok()
}

/// Note this cardwise's version in the file. The caller commits.
pub(super) fn set_written_by(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('written_by', ?1)",
        [concat!("cardwise ", env!("CARGO_PKG_VERSION"))],
    )
    .map(drop)
}

/// This device's number in `devices`, creating its identity on first use.
fn local_device(conn: &Connection, path: &Path, writable: bool) -> Result<i64, StoreError> {
    let read = sql("read the device identity", path);
    let existing: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'device'", [], |row| {
            row.get(0)
        })
        .optional()
        .map_err(&read)?;
    if let Some(uuid) = existing {
        return conn
            .query_row("SELECT id FROM devices WHERE uuid = ?1", [&uuid], |row| {
                row.get(0)
            })
            .map_err(&read);
    }
    if !writable {
        return Ok(0);
    }
    new_device(conn, path, 1)
}

/// Give the file a new device identity and return its number. Done for a
/// new file and after a restore: reviews made from then on can never be
/// mistaken for reviews of the same number made before the restore. Its
/// numbers start above every number in the file and at `min_seq` at
/// least, so that along one learner's history, restores included, the
/// newest review always has the highest number (backups are ranked by it).
fn new_device(conn: &Connection, path: &Path, min_seq: i64) -> Result<i64, StoreError> {
    let uuid = format!("{:032x}", rand::random::<u128>());
    let floor = (newest_seq(conn, path)? + 1).max(min_seq);
    let write = sql("create the device identity", path);
    conn.execute_batch("BEGIN IMMEDIATE").map_err(&write)?;
    let result = conn
        .execute("INSERT INTO devices (uuid) VALUES (?1)", [&uuid])
        .and_then(|_| {
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('device', ?1)",
                [&uuid],
            )
        })
        .and_then(|_| {
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('seq_floor', ?1)",
                [floor.to_string()],
            )
        })
        .and_then(|_| conn.execute_batch("COMMIT"));
    if let Err(source) = result {
        let _ = conn.execute_batch("ROLLBACK");
        return Err(write(source));
    }
    conn.query_row("SELECT id FROM devices WHERE uuid = ?1", [&uuid], |row| {
        row.get(0)
    })
    .map_err(sql("read the device identity", path))
}

/// The settings; a value that cannot be used is replaced by its default
/// and listed, never taken for damage.
fn load_settings(
    conn: &Connection,
    path: &Path,
) -> Result<(Settings, Vec<BadSetting>), StoreError> {
    let read = sql("read the settings", path);
    let mut settings = Settings::default();
    let mut bad = Vec::new();
    for key in crate::settings::KEYS {
        let text: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
            .map_err(&read)?;
        if let Some(text) = text
            && !settings.read(key, &text)
        {
            bad.push(BadSetting {
                key: key.to_string(),
                value: text,
                default: Settings::default_text(key),
            });
        }
    }
    Ok((settings, bad))
}

/// Every card key on record with its cached state. Both tables are read in
/// key order and merged here (SQLite would join them with a search per
/// row); deck ids repeat across rows and are allocated once each.
pub(super) fn load_index(
    conn: &Connection,
    path: &Path,
) -> Result<super::keys::KeyIndex, StoreError> {
    let read = sql("read the card keys and states", path);
    let mut keys = conn
        .prepare("SELECT id, deck, card, direction FROM card_keys ORDER BY id")
        .map_err(&read)?;
    let mut states = conn
        .prepare(
            "SELECT card, repetitions, interval_days, ease, due_day, first_day, last_day,
                    last_quality, answers, lapses
             FROM card_state ORDER BY card",
        )
        .map_err(&read)?;
    let mut key_rows = keys.query([]).map_err(&read)?;
    let mut state_rows = states.query([]).map_err(&read)?;
    let mut index = super::keys::KeyIndex::default();
    let mut decks: rustc_hash::FxHashMap<String, DeckId> = rustc_hash::FxHashMap::default();
    let mut state = state_rows.next().map_err(&read)?;
    while let Some(row) = key_rows.next().map_err(&read)? {
        let id: i64 = row.get(0).map_err(&read)?;
        // Skip states of keys that do not exist (none should), up to this key.
        while let Some(s) = state {
            if s.get::<_, i64>(0).map_err(&read)? >= id {
                break;
            }
            state = state_rows.next().map_err(&read)?;
        }
        let Some(s) = state else {
            break;
        };
        // A key is written with its first answer and state, in one
        // transaction: a key without a state has nothing to show.
        if s.get::<_, i64>(0).map_err(&read)? != id {
            continue;
        }
        let progress = state_from(s, 1, path)?;
        let deck_text = row
            .get_ref(1)
            .map_err(&read)?
            .as_str()
            .map_err(|e| read(e.into()))?;
        let deck = match decks.get(deck_text) {
            Some(deck) => deck.clone(),
            None => {
                let deck = DeckId::new(deck_text);
                decks.insert(deck_text.to_string(), deck.clone());
                deck
            }
        };
        let card = row
            .get_ref(2)
            .map_err(&read)?
            .as_str()
            .map_err(|e| read(e.into()))?;
        let code: i64 = row.get(3).map_err(&read)?;
        let direction = Direction::from_code(code).ok_or_else(|| StoreError::BadValue {
            path: path.to_path_buf(),
            detail: format!("unknown card direction {code}"),
        })?;
        index.insert_parts(&deck, card, direction, super::keys::Slot { id, progress });
        state = state_rows.next().map_err(&read)?;
    }
    Ok(index)
}

/// The card state in columns `first..first + 9` of `row`.
fn state_from(
    row: &rusqlite::Row<'_>,
    first: usize,
    path: &Path,
) -> Result<CardProgress, StoreError> {
    let read = sql("read the card states", path);
    let ease: u16 = row.get(first + 2).map_err(&read)?;
    let easiness = Easiness::from_hundredths(ease).ok_or_else(|| StoreError::BadValue {
        path: path.to_path_buf(),
        detail: format!("easiness {ease} is below the SM-2 floor of 130"),
    })?;
    Ok(CardProgress {
        sm2: Sm2State {
            repetitions: row.get(first).map_err(&read)?,
            interval_days: row.get(first + 1).map_err(&read)?,
            easiness,
        },
        due_day: Day::from_number(row.get(first + 3).map_err(&read)?),
        first_day: Day::from_number(row.get(first + 4).map_err(&read)?),
        last_day: Day::from_number(row.get(first + 5).map_err(&read)?),
        last_quality: quality_from(row.get(first + 6).map_err(&read)?, path)?,
        answers: row.get(first + 7).map_err(&read)?,
        lapses: row.get(first + 8).map_err(&read)?,
    })
}

pub(super) fn quality_from(value: u8, path: &Path) -> Result<Quality, StoreError> {
    Quality::new(value).ok_or_else(|| StoreError::BadValue {
        path: path.to_path_buf(),
        detail: format!("grade {value} is outside 0–5"),
    })
}

pub(super) fn write_state(conn: &Connection, card: i64, p: &CardProgress) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO card_state (card, repetitions, interval_days, ease, due_day,
             first_day, last_day, last_quality, answers, lapses)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        card,
        p.sm2.repetitions,
        p.sm2.interval_days,
        p.sm2.easiness.hundredths(),
        p.due_day.number(),
        p.first_day.number(),
        p.last_day.number(),
        p.last_quality.value(),
        p.answers,
        p.lapses,
    ])?;
    Ok(())
}
