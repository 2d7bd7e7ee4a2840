//! Progress in SQLite: the review log is the truth, the card states a cache.
//!
//! One database file in the data folder, WAL journal, `synchronous=FULL`.
//! Every answer is appended to `reviews` and the card's cached state updated
//! in one transaction, committed before the caller shows the next card; the
//! in-memory copy changes only after the commit succeeded.
//! `docs/storage.md` describes the format.

mod lock;
mod schema;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

pub use lock::{FolderLock, LOCK_FILE};
pub use schema::current_version;

use crate::key::{CardId, CardKey, DeckId, Direction};
use crate::sched::{AnswerKind, CardProgress, Day, DayRules, Easiness, Quality, Sm2State};

/// The database's file name inside the data folder.
pub const DATABASE_FILE: &str = "progress.sqlite3";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot {op} {}: {source}", path.display())]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot {op} in {}: {source}", path.display())]
    Sqlite {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "the data folder {} is in use by another cardwise{}; close it first",
        dir.display(),
        pid.map(|p| format!(" (process {p})")).unwrap_or_default()
    )]
    InUse { dir: PathBuf, pid: Option<u32> },
    #[error(
        "{} was written by a newer cardwise (format {found}; this one knows up to {known}); \
         update cardwise to open it",
        path.display()
    )]
    NewerFormat {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{} holds a value this cardwise cannot read: {detail}", path.display())]
    BadValue { path: PathBuf, detail: String },
}

/// The learner's study settings, kept in the database beside the progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The local hour (0–23) at which a new study day begins.
    pub day_start_hour: u8,
    /// New cards introduced per deck per day.
    pub new_per_day: u32,
    pub theme: ThemeChoice,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            day_start_hour: crate::sched::DEFAULT_DAY_START_HOUR,
            new_per_day: crate::sched::DEFAULT_NEW_PER_DAY,
            theme: ThemeChoice::System,
        }
    }
}

/// Light or dark, or whatever the system prefers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThemeChoice {
    #[default]
    System,
    Dark,
    Light,
}

impl ThemeChoice {
    pub const fn name(self) -> &'static str {
        match self {
            ThemeChoice::System => "system",
            ThemeChoice::Dark => "dark",
            ThemeChoice::Light => "light",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [ThemeChoice::System, ThemeChoice::Dark, ThemeChoice::Light]
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// The most new cards per deck per day the settings accept.
pub const MAX_NEW_PER_DAY: u32 = 9_999;

/// One answer, as the study screen gives it.
#[derive(Clone, Debug)]
pub struct Answer {
    pub key: CardKey,
    pub quality: Quality,
    pub answered_at: Timestamp,
    /// From showing the card to grading it.
    pub elapsed_ms: u64,
}

/// The progress store of one data folder.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// `None` when opened read-only (for `cardwise stats`).
    _lock: Option<FolderLock>,
    device: i64,
    next_seq: i64,
    /// The latest answer time on this device: the log's clock never runs
    /// backwards, so replaying it in time order is replaying it in the
    /// order the answers were given.
    last_answered_ms: i64,
    keys: HashMap<CardKey, i64>,
    progress: HashMap<i64, CardProgress>,
    settings: Settings,
}

impl Store {
    /// Open the data folder for studying: create it if needed, take its lock,
    /// migrate the database and load every card's cached state.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::Io {
            op: "create the data folder",
            path: data_dir.to_path_buf(),
            source,
        })?;
        let lock = FolderLock::acquire(data_dir)?;
        let path = data_dir.join(DATABASE_FILE);
        let conn = Connection::open(&path).map_err(sql("open the progress database", &path))?;
        Self::prepare(conn, path, Some(lock))
    }

    /// Open for reading only, without the lock, alongside a running app.
    /// A folder with no database yet reads as empty progress.
    pub fn open_read_only(data_dir: &Path) -> Result<Store, StoreError> {
        let path = data_dir.join(DATABASE_FILE);
        if !path.exists() {
            let conn = Connection::open_in_memory().map_err(sql("open an empty store", &path))?;
            return Self::prepare(conn, path, None);
        }
        let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(sql("open the progress database", &path))?;
        let version = user_version(&conn, &path)?;
        check_version(&path, version)?;
        if version < current_version() {
            return Err(StoreError::BadValue {
                path,
                detail: format!(
                    "format {version} needs upgrading; open cardwise once to upgrade it"
                ),
            });
        }
        Self::load(conn, path, None)
    }

    fn prepare(
        conn: Connection,
        path: PathBuf,
        lock: Option<FolderLock>,
    ) -> Result<Store, StoreError> {
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql("switch to WAL", &path))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql("set synchronous=FULL", &path))?;
        migrate(&conn, &path)?;
        Self::load(conn, path, lock)
    }

    fn load(
        conn: Connection,
        path: PathBuf,
        lock: Option<FolderLock>,
    ) -> Result<Store, StoreError> {
        let device = local_device(&conn, &path, lock.is_some())?;
        let (next_seq, last_answered_ms) = conn
            .query_row(
                "SELECT COALESCE(MAX(seq), 0) + 1, COALESCE(MAX(answered_at_ms), 0)
                 FROM reviews WHERE device = ?1",
                [device],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .map_err(sql("read the review log", &path))?;
        let keys = load_keys(&conn, &path)?;
        let progress = load_states(&conn, &path)?;
        let settings = load_settings(&conn, &path)?;
        Ok(Store {
            conn,
            path,
            _lock: lock,
            device,
            next_seq,
            last_answered_ms,
            keys,
            progress,
            settings,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn settings(&self) -> Settings {
        self.settings
    }

    /// Save new settings (clamped to their ranges) in one transaction.
    pub fn save_settings(&mut self, settings: Settings) -> Result<(), StoreError> {
        let settings = Settings {
            day_start_hour: settings.day_start_hour.min(23),
            new_per_day: settings.new_per_day.min(MAX_NEW_PER_DAY),
            theme: settings.theme,
        };
        let path = self.path.clone();
        let write = sql("save the settings", &path);
        let tx = self.conn.transaction().map_err(&write)?;
        for (key, value) in [
            ("day_start_hour", settings.day_start_hour.to_string()),
            ("new_per_day", settings.new_per_day.to_string()),
            ("theme", settings.theme.name().to_string()),
        ] {
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                params![key, value],
            )
            .map_err(&write)?;
        }
        tx.commit().map_err(&write)?;
        self.settings = settings;
        Ok(())
    }

    /// The cached progress of a card direction; `None` if never answered.
    pub fn progress(&self, key: &CardKey) -> Option<&CardProgress> {
        self.keys.get(key).and_then(|id| self.progress.get(id))
    }

    /// Record one answer durably and return the card's new progress.
    ///
    /// On error nothing changed, on disk or in memory: the caller still has
    /// the answer and can offer to try again.
    pub fn record(
        &mut self,
        answer: &Answer,
        rules: &DayRules,
    ) -> Result<(CardProgress, AnswerKind), StoreError> {
        let answered_ms = answer
            .answered_at
            .as_millisecond()
            .max(self.last_answered_ms);
        let answered_at = Timestamp::from_millisecond(answered_ms).unwrap_or(answer.answered_at);
        let day = rules.day_of(answered_at);
        let elapsed_ms = i64::try_from(answer.elapsed_ms).unwrap_or(i64::MAX);

        let path = self.path.clone();
        let write = sql("save the answer", &path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&write)?;
        let key_id = match self.keys.get(&answer.key) {
            Some(&id) => id,
            None => {
                tx.prepare_cached(
                    "INSERT INTO card_keys (deck, card, direction) VALUES (?1, ?2, ?3)",
                )
                .and_then(|mut insert| {
                    insert.execute(params![
                        answer.key.deck.as_str(),
                        answer.key.card.as_str(),
                        answer.key.direction.code()
                    ])
                })
                .map_err(&write)?;
                tx.last_insert_rowid()
            }
        };
        let before = self.progress.get(&key_id);
        let (after, kind) = CardProgress::answered(before, answer.quality, day);
        let prior = before.map_or(Sm2State::NEW, |p| p.sm2);
        tx.prepare_cached(
            "INSERT INTO reviews (device, seq, card, answered_at_ms, day, quality, elapsed_ms, kind,
                 reps_before, interval_before, ease_before, reps_after, interval_after, ease_after)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )
        .and_then(|mut insert| {
            insert.execute(params![
                self.device,
                self.next_seq,
                key_id,
                answered_ms,
                day.number(),
                answer.quality.value(),
                elapsed_ms,
                kind.code(),
                prior.repetitions,
                prior.interval_days,
                prior.easiness.hundredths(),
                after.sm2.repetitions,
                after.sm2.interval_days,
                after.sm2.easiness.hundredths(),
            ])
        })
        .map_err(&write)?;
        write_state(&tx, key_id, &after).map_err(&write)?;
        tx.commit().map_err(&write)?;

        self.keys.insert(answer.key.clone(), key_id);
        self.progress.insert(key_id, after);
        self.next_seq += 1;
        self.last_answered_ms = answered_ms;
        Ok((after, kind))
    }

    /// Reviews logged so far, per deck id.
    pub fn reviews_per_deck(&self) -> Result<HashMap<DeckId, u64>, StoreError> {
        let read = sql("count reviews", &self.path);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT k.deck, COUNT(*) FROM reviews r JOIN card_keys k ON k.id = r.card
                 GROUP BY k.deck",
            )
            .map_err(&read)?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    DeckId::new(row.get::<_, String>(0)?),
                    row.get::<_, i64>(1).map(|n| n.unsigned_abs())?,
                ))
            })
            .map_err(&read)?;
        rows.collect::<Result<_, _>>().map_err(&read)
    }

    /// Every cached card state, by key.
    pub fn all_progress(&self) -> impl Iterator<Item = (&CardKey, &CardProgress)> {
        self.keys
            .iter()
            .filter_map(|(key, id)| self.progress.get(id).map(|p| (key, p)))
    }

    /// Recompute every card state from the review log, in the order the
    /// answers were given. The cache must always equal this.
    pub fn replay(&self) -> Result<HashMap<CardKey, CardProgress>, StoreError> {
        let by_id: HashMap<i64, &CardKey> = self.keys.iter().map(|(k, &id)| (id, k)).collect();
        self.replay_by_id()?
            .into_iter()
            .map(|(id, progress)| match by_id.get(&id) {
                Some(key) => Ok(((*key).clone(), progress)),
                None => Err(StoreError::BadValue {
                    path: self.path.clone(),
                    detail: format!("a review names card key {id}, which is not in card_keys"),
                }),
            })
            .collect()
    }

    fn replay_by_id(&self) -> Result<HashMap<i64, CardProgress>, StoreError> {
        let read = sql("replay the review log", &self.path);
        let mut states: HashMap<i64, CardProgress> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT card, day, quality FROM reviews ORDER BY answered_at_ms, device, seq")
            .map_err(&read)?;
        let mut rows = stmt.query([]).map_err(&read)?;
        while let Some(row) = rows.next().map_err(&read)? {
            let card: i64 = row.get(0).map_err(&read)?;
            let day = Day::from_number(row.get(1).map_err(&read)?);
            let quality = quality_from(row.get(2).map_err(&read)?, &self.path)?;
            let (after, _) = CardProgress::answered(states.get(&card), quality, day);
            states.insert(card, after);
        }
        Ok(states)
    }

    /// Replace the cache by a replay of the log, in one transaction.
    pub fn rebuild_cache(&mut self) -> Result<(), StoreError> {
        let replayed = self.replay_by_id()?;
        let path = self.path.clone();
        let write = sql("rebuild the card states", &path);
        let tx = self.conn.transaction().map_err(&write)?;
        tx.execute("DELETE FROM card_state", []).map_err(&write)?;
        for (&id, state) in &replayed {
            write_state(&tx, id, state).map_err(&write)?;
        }
        tx.commit().map_err(&write)?;
        self.progress = replayed;
        Ok(())
    }
}

fn sql<'a>(op: &'static str, path: &'a Path) -> impl Fn(rusqlite::Error) -> StoreError + 'a {
    move |source| StoreError::Sqlite {
        op,
        path: path.to_path_buf(),
        source,
    }
}

fn user_version(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(sql("read the format version", path))
}

fn check_version(path: &Path, found: i64) -> Result<(), StoreError> {
    let known = current_version();
    if found > known {
        return Err(StoreError::NewerFormat {
            path: path.to_path_buf(),
            found,
            known,
        });
    }
    Ok(())
}

/// Apply the migrations this database has not had yet, each in its own
/// transaction together with the version bump.
fn migrate(conn: &Connection, path: &Path) -> Result<(), StoreError> {
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
    let uuid = format!("{:032x}", rand::random::<u128>());
    let write = sql("create the device identity", path);
    conn.execute_batch("BEGIN IMMEDIATE").map_err(&write)?;
    let result = conn
        .execute("INSERT INTO devices (uuid) VALUES (?1)", [&uuid])
        .and_then(|_| {
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('device', ?1)",
                [&uuid],
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
    .map_err(&read)
}

fn load_settings(conn: &Connection, path: &Path) -> Result<Settings, StoreError> {
    let read = sql("read the settings", path);
    let value = |key: &str| -> Result<Option<String>, StoreError> {
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()
        .map_err(&read)
    };
    let bad = |key: &str, text: &str| StoreError::BadValue {
        path: path.to_path_buf(),
        detail: format!("setting {key} = \"{text}\" is not a value it can take"),
    };
    let mut settings = Settings::default();
    if let Some(text) = value("day_start_hour")? {
        settings.day_start_hour = text
            .parse()
            .ok()
            .filter(|h| *h <= 23)
            .ok_or_else(|| bad("day_start_hour", &text))?;
    }
    if let Some(text) = value("new_per_day")? {
        settings.new_per_day = text
            .parse()
            .ok()
            .filter(|n| *n <= MAX_NEW_PER_DAY)
            .ok_or_else(|| bad("new_per_day", &text))?;
    }
    if let Some(text) = value("theme")? {
        settings.theme = ThemeChoice::from_name(&text).ok_or_else(|| bad("theme", &text))?;
    }
    Ok(settings)
}

fn load_keys(conn: &Connection, path: &Path) -> Result<HashMap<CardKey, i64>, StoreError> {
    let read = sql("read the card keys", path);
    let mut stmt = conn
        .prepare("SELECT id, deck, card, direction FROM card_keys")
        .map_err(&read)?;
    let mut rows = stmt.query([]).map_err(&read)?;
    let mut keys = HashMap::new();
    while let Some(row) = rows.next().map_err(&read)? {
        let code: i64 = row.get(3).map_err(&read)?;
        let direction = Direction::from_code(code).ok_or_else(|| StoreError::BadValue {
            path: path.to_path_buf(),
            detail: format!("unknown card direction {code}"),
        })?;
        let key = CardKey::new(
            DeckId::new(row.get::<_, String>(1).map_err(&read)?),
            CardId::new(row.get::<_, String>(2).map_err(&read)?),
            direction,
        );
        keys.insert(key, row.get(0).map_err(&read)?);
    }
    Ok(keys)
}

fn load_states(conn: &Connection, path: &Path) -> Result<HashMap<i64, CardProgress>, StoreError> {
    let read = sql("read the card states", path);
    let mut stmt = conn
        .prepare(
            "SELECT card, repetitions, interval_days, ease, due_day, first_day, last_day,
                    last_quality, answers, lapses
             FROM card_state",
        )
        .map_err(&read)?;
    let mut rows = stmt.query([]).map_err(&read)?;
    let mut states = HashMap::new();
    while let Some(row) = rows.next().map_err(&read)? {
        let ease: u16 = row.get(3).map_err(&read)?;
        let easiness = Easiness::from_hundredths(ease).ok_or_else(|| StoreError::BadValue {
            path: path.to_path_buf(),
            detail: format!("easiness {ease} is below the SM-2 floor of 130"),
        })?;
        let progress = CardProgress {
            sm2: Sm2State {
                repetitions: row.get(1).map_err(&read)?,
                interval_days: row.get(2).map_err(&read)?,
                easiness,
            },
            due_day: Day::from_number(row.get(4).map_err(&read)?),
            first_day: Day::from_number(row.get(5).map_err(&read)?),
            last_day: Day::from_number(row.get(6).map_err(&read)?),
            last_quality: quality_from(row.get(7).map_err(&read)?, path)?,
            answers: row.get(8).map_err(&read)?,
            lapses: row.get(9).map_err(&read)?,
        };
        states.insert(row.get(0).map_err(&read)?, progress);
    }
    Ok(states)
}

fn quality_from(value: u8, path: &Path) -> Result<Quality, StoreError> {
    Quality::new(value).ok_or_else(|| StoreError::BadValue {
        path: path.to_path_buf(),
        detail: format!("grade {value} is outside 0–5"),
    })
}

fn write_state(conn: &Connection, card: i64, p: &CardProgress) -> rusqlite::Result<()> {
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

#[cfg(test)]
mod tests;
