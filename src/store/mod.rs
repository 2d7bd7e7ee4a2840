//! Progress in SQLite: the review log is the truth, the card states a cache.
//!
//! One database file in the data folder, WAL journal, `synchronous=FULL`.
//! Every answer is appended to `reviews` and the card's cached state updated
//! in one transaction, committed before the caller shows the next card. If
//! the disk refuses (full, read-only), the answer waits in memory and is
//! retried; nothing is dropped. A damaged file is set aside, never
//! overwritten, and the newest good backup takes its place.
//! `docs/storage.md` describes the format and the guarantees.

mod backup;
mod db;
mod keys;
mod lock;
mod recover;
mod schema;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

pub use backup::{
    BACKUP_DIR, Backup, Reason as BackupReason, daily as daily_backup, list as list_backups,
};
pub use keys::DeckProgress;
pub use lock::{FolderLock, LOCK_FILE};
pub use recover::{Health, check_and_back_up};
pub use schema::current_version;

use crate::key::{CardId, CardKey, DeckId};
use crate::sched::{AnswerKind, CardProgress, Day, DayRules, Quality, Sm2State};
use db::sql;

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
        "the data folder {} is in use by another cardwise{}",
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
    #[error("{} is open read-only: nothing can be saved", path.display())]
    ReadOnly { path: PathBuf },
    #[error("the backup {} cannot be used: {reason}", path.display())]
    BadBackup { path: PathBuf, reason: String },
    #[error("{count} answer(s) are not saved yet; save them before restoring a backup")]
    Unsaved { count: usize },
}

/// Something the learner must be told after opening the data folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The database could not be used and was set aside; the newest good
    /// backup (if any) took its place.
    Recovered {
        damaged: PathBuf,
        reason: String,
        restored: Option<Backup>,
    },
    /// The database was upgraded to a newer format, after a backup.
    Upgraded { from: i64, to: i64, backup: PathBuf },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::Recovered {
                damaged,
                reason,
                restored,
            } => {
                write!(
                    f,
                    "Your progress file could not be used ({reason}). It was kept, untouched, as {}. ",
                    damaged.display()
                )?;
                match restored {
                    Some(backup) => write!(
                        f,
                        "cardwise goes on from the backup of {}; answers given after that backup are in the kept file.",
                        backup.taken
                    ),
                    None => f.write_str(
                        "There was no good backup, so cardwise starts with empty progress.",
                    ),
                }
            }
            Notice::Upgraded { from, to, backup } => write!(
                f,
                "Your progress file was upgraded from format {from} to {to}; a copy of the old one is in {}.",
                backup.display()
            ),
        }
    }
}

/// An opened store and what the learner must be told about opening it.
#[derive(Debug)]
pub struct Opened {
    pub store: Store,
    pub notices: Vec<Notice>,
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
    /// What the card said ([`crate::deck::Card::fingerprint`]), kept so a
    /// renamed card can be recognised; `None` if unknown.
    pub fingerprint: Option<u64>,
}

/// What became of one answer.
#[derive(Debug)]
pub struct Recorded {
    pub progress: CardProgress,
    pub kind: AnswerKind,
    /// The review's number on this device: with the device's identity, its
    /// id everywhere.
    pub seq: i64,
    /// `Ok` once the answer is on disk. Otherwise why not: the answer waits
    /// in memory, counts for scheduling, and is retried by [`Store::flush`].
    pub saved: Result<(), StoreError>,
}

/// An answer not yet on disk, with everything its review row will hold.
#[derive(Clone, Debug)]
struct Pending {
    key: CardKey,
    /// Negative while the key itself is not in `card_keys` yet.
    key_id: i64,
    seq: i64,
    answered_ms: i64,
    day: Day,
    quality: Quality,
    elapsed_ms: i64,
    kind: AnswerKind,
    before: Sm2State,
    after: CardProgress,
    fingerprint: Option<u64>,
}

/// The progress store of one data folder.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    data_dir: PathBuf,
    path: PathBuf,
    /// `None` when opened read-only: nothing can be written.
    lock: Option<FolderLock>,
    device: i64,
    next_seq: i64,
    /// The latest answer time on this device: the log's clock never runs
    /// backwards, so replaying it in time order is replaying it in the
    /// order the answers were given.
    last_answered_ms: i64,
    /// Every answered card direction: its number and cached progress.
    index: keys::KeyIndex,
    settings: Settings,
    /// Answers waiting to be written, oldest first.
    pending: Vec<Pending>,
    /// The next provisional (negative) id for a key not yet in `card_keys`.
    next_provisional: i64,
}

/// What a failed open of the database file means.
enum OpenProblem {
    /// The file cannot be used as it is: set it aside.
    Damaged(String),
    /// Something else (permissions, I/O): report it and touch nothing.
    Failed(StoreError),
}

impl From<StoreError> for OpenProblem {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Sqlite { source, .. } if recover::is_damage(&source) => {
                OpenProblem::Damaged(source.to_string())
            }
            StoreError::BadValue { detail, .. } => OpenProblem::Damaged(detail),
            other => OpenProblem::Failed(other),
        }
    }
}

impl Store {
    /// Open the data folder for studying: create it if needed, take its lock,
    /// check the database, upgrade it (after a backup) and load every card's
    /// cached state. A damaged database is set aside and replaced by the
    /// newest good backup; the notices say what happened.
    pub fn open(data_dir: &Path) -> Result<Opened, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::Io {
            op: "create the data folder",
            path: data_dir.to_path_buf(),
            source,
        })?;
        let lock = FolderLock::acquire(data_dir)?;
        let path = data_dir.join(DATABASE_FILE);
        let now = jiff::Zoned::now();
        let mut notices = Vec::new();
        // Opening and loading together: damage may show in either.
        let attempt =
            |notices: &mut Vec<Notice>, fresh_device: bool| -> Result<Store, OpenProblem> {
                let conn = Self::open_file(data_dir, &path, &now, notices)?;
                Ok(Self::load(
                    conn,
                    data_dir,
                    path.clone(),
                    true,
                    fresh_device,
                )?)
            };
        let mut store = match attempt(&mut notices, false) {
            Ok(store) => store,
            Err(OpenProblem::Failed(error)) => return Err(error),
            Err(OpenProblem::Damaged(reason)) => {
                let damaged = recover::set_aside(&path, &now)?;
                let restored = recover::restore_newest_good(data_dir, &path)?;
                notices.push(Notice::Recovered {
                    damaged,
                    reason,
                    restored,
                });
                match attempt(&mut notices, true) {
                    Ok(store) => store,
                    Err(OpenProblem::Failed(error)) => return Err(error),
                    Err(OpenProblem::Damaged(reason)) => {
                        return Err(StoreError::BadValue {
                            path,
                            detail: format!("the restored backup cannot be used either: {reason}"),
                        });
                    }
                }
            }
        };
        store.lock = Some(lock);
        Ok(Opened { store, notices })
    }

    /// Open the database file, check it and bring it to the current format.
    fn open_file(
        data_dir: &Path,
        path: &Path,
        now: &jiff::Zoned,
        notices: &mut Vec<Notice>,
    ) -> Result<Connection, OpenProblem> {
        if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
            // cardwise never leaves an empty file; SQLite would take it for a new one.
            return Err(OpenProblem::Damaged("the file is empty".into()));
        }
        let conn = Connection::open(path).map_err(sql("open the progress database", path))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql("switch to WAL", path))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql("set synchronous=FULL", path))?;
        let version = db::user_version(&conn, path)?;
        let known = current_version();
        if version > known {
            return Err(OpenProblem::Damaged(format!(
                "it was written by a newer cardwise (format {version}; this one knows up to {known})"
            )));
        }
        // The full check reads every page: on a big log it costs more than
        // everything else here together, so it runs in the background each
        // day (see `check_and_back_up`) and here only after it found damage.
        let marker = recover::marker(path);
        if version > 0 && marker.exists() {
            let check: String = conn
                .pragma_query_value(None, "quick_check", |row| row.get(0))
                .map_err(sql("check the progress database", path))?;
            if check != "ok" {
                return Err(OpenProblem::Damaged(format!(
                    "the integrity check failed: {check}"
                )));
            }
            // A false alarm (the disk was busy, say): nothing to do.
            let _ = std::fs::remove_file(&marker);
        }
        if version > 0 && version < known {
            let backup = backup::write(
                &conn,
                data_dir,
                now.datetime(),
                backup::Reason::BeforeUpgrade,
            )?;
            db::migrate(&conn, path)?;
            notices.push(Notice::Upgraded {
                from: version,
                to: known,
                backup,
            });
        } else {
            db::migrate(&conn, path)?;
        }
        Ok(conn)
    }

    /// Open for reading only, without the lock, alongside a running app.
    /// A folder with no database yet reads as empty progress. Nothing is
    /// changed, not even a damaged file.
    pub fn open_read_only(data_dir: &Path) -> Result<Store, StoreError> {
        let path = data_dir.join(DATABASE_FILE);
        if !path.exists() {
            let conn = Connection::open_in_memory().map_err(sql("open an empty store", &path))?;
            db::migrate(&conn, &path)?;
            return Self::load(conn, data_dir, path, false, false);
        }
        let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(sql("open the progress database", &path))?;
        let version = db::user_version(&conn, &path)?;
        db::check_version(&path, version)?;
        if version < current_version() {
            return Err(StoreError::BadValue {
                path,
                detail: format!(
                    "format {version} needs upgrading; open cardwise once to upgrade it"
                ),
            });
        }
        Self::load(conn, data_dir, path, false, false)
    }

    /// Read the caches into memory. `fresh_device`: give the file a new
    /// device identity (after a restore).
    /// The store has no lock yet: the caller gives it one if it may write.
    fn load(
        conn: Connection,
        data_dir: &Path,
        path: PathBuf,
        writable: bool,
        fresh_device: bool,
    ) -> Result<Store, StoreError> {
        let device = if fresh_device {
            db::new_device(&conn, &path)?
        } else {
            db::local_device(&conn, &path, writable)?
        };
        // The device's latest review by number is also its latest in time
        // (the log's clock never runs backwards): one index lookup.
        let (next_seq, last_answered_ms) = conn
            .query_row(
                "SELECT seq + 1, answered_at_ms FROM reviews WHERE device = ?1 ORDER BY seq DESC LIMIT 1",
                [device],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(sql("read the review log", &path))?
            .unwrap_or((1, 0));
        let index = db::load_index(&conn, &path)?;
        let settings = db::load_settings(&conn, &path)?;
        Ok(Store {
            conn,
            data_dir: data_dir.to_path_buf(),
            path,
            lock: None,
            device,
            next_seq,
            last_answered_ms,
            index,
            settings,
            pending: Vec::new(),
            next_provisional: -1,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The data folder.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Opened without the lock: nothing can be saved.
    pub fn is_read_only(&self) -> bool {
        self.lock.is_none()
    }

    pub fn settings(&self) -> Settings {
        self.settings
    }

    /// Save new settings (clamped to their ranges) in one transaction.
    pub fn save_settings(&mut self, settings: Settings) -> Result<(), StoreError> {
        self.writable()?;
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

    fn writable(&self) -> Result<(), StoreError> {
        if self.is_read_only() {
            Err(StoreError::ReadOnly {
                path: self.path.clone(),
            })
        } else {
            Ok(())
        }
    }

    /// The cached progress of a card direction; `None` if never answered.
    pub fn progress(&self, key: &CardKey) -> Option<&CardProgress> {
        self.index.get(key).map(|slot| &slot.progress)
    }

    /// Lay out the cached states of `deck` in the order of `cards`, the
    /// course's order, if they have drifted from it; see
    /// [`keys::KeyIndex::arrange`]. Returns whether anything moved.
    pub fn arrange<'c, I>(&mut self, deck: &DeckId, cards: I) -> bool
    where
        I: IntoIterator<Item = &'c CardId>,
        I::IntoIter: Clone,
    {
        self.index.arrange(deck, cards)
    }

    /// The progress of one deck's cards, looked up once for the whole deck.
    pub fn deck_progress(&self, deck: &DeckId) -> Option<keys::DeckProgress<'_>> {
        self.index.deck(deck)
    }

    /// Record one answer. It counts at once; it is on disk when
    /// `saved` is `Ok`, otherwise it waits in memory for [`Store::flush`].
    /// Only a read-only store refuses an answer.
    pub fn record(&mut self, answer: &Answer, rules: &DayRules) -> Result<Recorded, StoreError> {
        self.writable()?;
        let (progress, kind, seq) = self.stage(answer, rules);
        Ok(Recorded {
            progress,
            kind,
            seq,
            saved: self.flush(),
        })
    }

    /// Record many answers (an import, a benchmark's history) exactly as
    /// [`Store::record`] would, but many to a transaction. They must come
    /// in the order they were given. Returns how many were written.
    pub fn record_many(
        &mut self,
        answers: impl IntoIterator<Item = Answer>,
        rules: &DayRules,
    ) -> Result<usize, StoreError> {
        /// Answers per transaction: few commits, bounded memory.
        const BATCH: usize = 20_000;
        self.writable()?;
        self.flush()?;
        let mut written = 0;
        for answer in answers {
            self.stage(&answer, rules);
            if self.pending.len() >= BATCH {
                written += self.flush_batch()?;
            }
        }
        written += self.flush_batch()?;
        Ok(written)
    }

    /// Apply an answer in memory and queue its row; the pending row is
    /// written by [`Store::flush`] or [`Store::flush_batch`].
    fn stage(&mut self, answer: &Answer, rules: &DayRules) -> (CardProgress, AnswerKind, i64) {
        let answered_ms = answer
            .answered_at
            .as_millisecond()
            .max(self.last_answered_ms);
        let answered_at = Timestamp::from_millisecond(answered_ms).unwrap_or(answer.answered_at);
        let day = rules.day_of(answered_at);
        let known = self.index.get(&answer.key).copied();
        let before = known.map(|slot| slot.progress);
        let (after, kind) = CardProgress::answered(before.as_ref(), answer.quality, day);
        let key_id = match known {
            Some(slot) => slot.id,
            None => {
                self.next_provisional -= 1;
                self.next_provisional + 1
            }
        };
        self.index.insert(
            &answer.key,
            keys::Slot {
                id: key_id,
                progress: after,
            },
        );
        let seq = self.next_seq;
        self.pending.push(Pending {
            key: answer.key.clone(),
            key_id,
            seq,
            answered_ms,
            day,
            quality: answer.quality,
            elapsed_ms: i64::try_from(answer.elapsed_ms).unwrap_or(i64::MAX),
            kind,
            before: before.map_or(Sm2State::NEW, |p| p.sm2),
            after,
            fingerprint: answer.fingerprint,
        });
        self.next_seq += 1;
        self.last_answered_ms = answered_ms;
        (after, kind, seq)
    }

    /// Answers given but not yet on disk.
    pub fn unsaved(&self) -> usize {
        self.pending.len()
    }

    /// Write every waiting answer, oldest first, each in its own
    /// transaction. Stops at the first failure; what is written stays written.
    pub fn flush(&mut self) -> Result<(), StoreError> {
        while let Some(pending) = self.pending.first().cloned() {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sql("save the answer", &self.path))?;
            let id = write_pending(&tx, self.device, &pending)
                .and_then(|id| tx.commit().map(|()| id))
                .map_err(sql("save the answer", &self.path))?;
            self.written(&pending, id);
            self.pending.remove(0);
        }
        Ok(())
    }

    /// Write every waiting answer in one transaction: all or none.
    fn flush_batch(&mut self) -> Result<usize, StoreError> {
        let pending = std::mem::take(&mut self.pending);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql("save the answers", &self.path))?;
        let mut ids = Vec::with_capacity(pending.len());
        // A key first seen in this batch gets its number on its first row;
        // its later rows must use that number too.
        let mut numbered: HashMap<i64, i64> = HashMap::new();
        let result = (|| {
            for p in &pending {
                let mut p = p.clone();
                if let Some(&id) = numbered.get(&p.key_id) {
                    p.key_id = id;
                }
                let id = write_pending(&tx, self.device, &p)?;
                numbered.insert(p.key_id, id);
                ids.push(id);
            }
            tx.commit()
        })();
        if let Err(source) = result {
            self.pending = pending;
            return Err(sql("save the answers", &self.path)(source));
        }
        for (p, id) in pending.iter().zip(ids) {
            self.written(p, id);
        }
        Ok(pending.len())
    }

    /// `p` is on disk under key number `id`: give a provisional key its
    /// real number everywhere.
    fn written(&mut self, p: &Pending, id: i64) {
        if p.key_id >= 0 || p.key_id == id {
            return;
        }
        if let Some(slot) = self.index.get_mut(&p.key) {
            slot.id = id;
        }
        for later in &mut self.pending {
            if later.key_id == p.key_id {
                later.key_id = id;
            }
        }
    }

    /// Make every write fail, as a full disk or a read-only folder would.
    /// For tests of what the learner sees then.
    #[doc(hidden)]
    pub fn refuse_writes(&self, refuse: bool) -> Result<(), StoreError> {
        self.conn
            .pragma_update(None, "query_only", refuse)
            .map_err(sql("change query_only", &self.path))
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
                    row.get::<_, i64>(1).map(i64::unsigned_abs)?,
                ))
            })
            .map_err(&read)?;
        rows.collect::<Result<_, _>>().map_err(&read)
    }

    /// Every card with answers on record: deck id, card id and the
    /// fingerprint of what it said when last answered. Cards no deck holds
    /// any more keep their history here, ready for the card's return.
    pub fn answered_cards(&self) -> Result<Vec<(DeckId, CardId, Option<u64>)>, StoreError> {
        let read = sql("read the card keys", &self.path);
        let mut stmt = self
            .conn
            .prepare("SELECT deck, card, MAX(fingerprint) FROM card_keys GROUP BY deck, card ORDER BY deck, card")
            .map_err(&read)?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    DeckId::new(row.get::<_, String>(0)?),
                    CardId::new(row.get::<_, String>(1)?),
                    row.get::<_, Option<i64>>(2)?.map(|f| f as u64),
                ))
            })
            .map_err(&read)?;
        rows.collect::<Result<_, _>>().map_err(&read)
    }

    /// The global identities of the reviews on disk: (device uuid, seq).
    pub fn review_ids(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let read = sql("read the review log", &self.path);
        let mut stmt = self
            .conn
            .prepare("SELECT d.uuid, r.seq FROM reviews r JOIN devices d ON d.id = r.device ORDER BY d.uuid, r.seq")
            .map_err(&read)?;
        let rows = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(&read)?;
        rows.collect::<Result<_, _>>().map_err(&read)
    }

    /// This device's identity.
    pub fn device_uuid(&self) -> Result<String, StoreError> {
        self.conn
            .query_row(
                "SELECT uuid FROM devices WHERE id = ?1",
                [self.device],
                |row| row.get(0),
            )
            .map_err(sql("read the device identity", &self.path))
    }

    /// Every cached card state, by key.
    pub fn all_progress(&self) -> impl Iterator<Item = (CardKey, &CardProgress)> {
        self.index.iter().map(|(key, slot)| (key, &slot.progress))
    }

    /// Recompute every card state from the review log, in the order the
    /// answers were given. The cache must always equal this.
    pub fn replay(&self) -> Result<HashMap<CardKey, CardProgress>, StoreError> {
        let by_id: HashMap<i64, CardKey> =
            self.index.iter().map(|(k, slot)| (slot.id, k)).collect();
        self.replay_by_id()?
            .into_iter()
            .map(|(id, progress)| match by_id.get(&id) {
                Some(key) => Ok((key.clone(), progress)),
                None => Err(StoreError::BadValue {
                    path: self.path.clone(),
                    detail: format!("a review names card key {id}, which is not in card_keys"),
                }),
            })
            .collect()
    }

    fn replay_by_id(&self) -> Result<rustc_hash::FxHashMap<i64, CardProgress>, StoreError> {
        let read = sql("replay the review log", &self.path);
        let mut states: rustc_hash::FxHashMap<i64, CardProgress> = rustc_hash::FxHashMap::default();
        let mut stmt = self
            .conn
            .prepare("SELECT card, day, quality FROM reviews ORDER BY answered_at_ms, device, seq")
            .map_err(&read)?;
        let mut rows = stmt.query([]).map_err(&read)?;
        while let Some(row) = rows.next().map_err(&read)? {
            let card: i64 = row.get(0).map_err(&read)?;
            let day = Day::from_number(row.get(1).map_err(&read)?);
            let quality = db::quality_from(row.get(2).map_err(&read)?, &self.path)?;
            let (after, _) = CardProgress::answered(states.get(&card), quality, day);
            states.insert(card, after);
        }
        Ok(states)
    }

    /// Replace the cache by a replay of the log, in one transaction.
    pub fn rebuild_cache(&mut self) -> Result<(), StoreError> {
        self.writable()?;
        self.flush()?;
        let replayed = self.replay_by_id()?;
        let path = self.path.clone();
        let write = sql("rebuild the card states", &path);
        let tx = self.conn.transaction().map_err(&write)?;
        tx.execute("DELETE FROM card_state", []).map_err(&write)?;
        for (&id, state) in &replayed {
            db::write_state(&tx, id, state).map_err(&write)?;
        }
        tx.commit().map_err(&write)?;
        for slot in self.index.slots_mut() {
            if let Some(progress) = replayed.get(&slot.id) {
                slot.progress = *progress;
            }
        }
        Ok(())
    }

    /// Back up the progress now, whatever the time of the last backup.
    pub fn backup_now(&self) -> Result<PathBuf, StoreError> {
        backup::write(
            &self.conn,
            &self.data_dir,
            jiff::Zoned::now().datetime(),
            backup::Reason::Manual,
        )
    }

    /// The backups of this data folder, newest first.
    pub fn backups(&self) -> Vec<Backup> {
        backup::list(&self.data_dir)
    }

    /// Put a backup in place of the current progress. The current progress
    /// is backed up first, so a restore can itself be undone; afterwards
    /// the file has a new device identity, so no review number is reused.
    pub fn restore(&mut self, from: &Path) -> Result<(), StoreError> {
        self.writable()?;
        self.flush().map_err(|_| StoreError::Unsaved {
            count: self.pending.len(),
        })?;
        backup::check_file(from).map_err(|reason| StoreError::BadBackup {
            path: from.to_path_buf(),
            reason,
        })?;
        backup::write(
            &self.conn,
            &self.data_dir,
            jiff::Zoned::now().datetime(),
            backup::Reason::BeforeRestore,
        )?;
        self.conn
            .restore(rusqlite::MAIN_DB, from, rusqlite::backup::NO_PROGRESS)
            .map_err(sql("restore the backup", &self.path))?;
        db::migrate(&self.conn, &self.path)?;
        // Load from a fresh connection; until that succeeds this store stays
        // as it is, on the (restored) file.
        let conn = Connection::open(&self.path)
            .map_err(sql("reopen the progress database", &self.path))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql("set synchronous=FULL", &self.path))?;
        let mut restored = Self::load(conn, &self.data_dir, self.path.clone(), true, true)?;
        restored.lock = self.lock.take();
        *self = restored;
        Ok(())
    }
}

/// One answer's rows; the key's number. The caller commits.
fn write_pending(
    tx: &rusqlite::Transaction<'_>,
    device: i64,
    p: &Pending,
) -> rusqlite::Result<i64> {
    // Stored as SQLite's signed integer: the same 64 bits.
    let fingerprint = p.fingerprint.map(|f| f as i64);
    let id = if p.key_id < 0 {
        tx.prepare_cached(
            "INSERT INTO card_keys (deck, card, direction, fingerprint) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            p.key.deck.as_str(),
            p.key.card.as_str(),
            p.key.direction.code(),
            fingerprint
        ])?;
        tx.last_insert_rowid()
    } else {
        if fingerprint.is_some() {
            tx.prepare_cached(
                "UPDATE card_keys SET fingerprint = ?2 WHERE id = ?1 AND fingerprint IS NOT ?2",
            )?
            .execute(params![p.key_id, fingerprint])?;
        }
        p.key_id
    };
    tx.prepare_cached(
        "INSERT INTO reviews (device, seq, card, answered_at_ms, day, quality, elapsed_ms, kind,
             reps_before, interval_before, ease_before, reps_after, interval_after, ease_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        device,
        p.seq,
        id,
        p.answered_ms,
        p.day.number(),
        p.quality.value(),
        p.elapsed_ms,
        p.kind.code(),
        p.before.repetitions,
        p.before.interval_days,
        p.before.easiness.hundredths(),
        p.after.sm2.repetitions,
        p.after.sm2.interval_days,
        p.after.sm2.easiness.hundredths(),
    ])?;
    db::write_state(tx, id, &p.after)?;
    Ok(id)
}

#[cfg(test)]
mod tests;
