//! Progress in SQLite: the review log is the truth, the card states a cache.
//!
//! One database file in the data folder, WAL journal, `synchronous=FULL`.
//! Every answer is appended to `reviews` and the card's cached state updated
//! in one transaction, committed before the caller shows the next card. If
//! the disk refuses (full, read-only), the answer waits in memory and is
//! retried; nothing is dropped. One cardwise writes: it holds the folder's
//! lock and checks its own mark in the database before every write. A
//! damaged file is set aside only once a good backup is safely in its
//! place. `docs/storage.md` describes the format and the guarantees.

mod backup;
mod db;
mod guard;
mod history;
mod holds;
mod keys;
mod lock;
mod open;
mod owner;
mod recover;
mod replay;
mod schema;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rusqlite::{Connection, TransactionBehavior, params};

pub use backup::{
    BACKUP_DIR, Backup, Content as BackupContent, Reason as BackupReason,
    check_file as check_backup, daily as daily_backup, list as list_backups,
    ranked as ranked_backups,
};
pub use db::BadSetting;
pub use keys::DeckProgress;
pub use lock::{FolderLock, LOCK_FILE};
pub use owner::Holder;
pub use recover::{Health, check_and_back_up};
pub use schema::current_version;

pub use crate::settings::{MAX_NEW_PER_DAY, Settings, ThemeChoice};

use crate::key::{CardId, CardKey, DeckId};
use crate::sched::{AnswerKind, CardProgress, Day, DayRules, Quality, Sm2State};
use db::sql;
pub use history::{History, Logged, read_history};
pub use holds::{CardAction, DeckHolds, Hold, Holds};

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
        "the data folder {} is in use by another cardwise{}{}",
        dir.display(),
        elsewhere.as_ref().map(|h| format!(" on the computer \"{h}\"")).unwrap_or_default(),
        pid.map(|p| format!(" (process {p})")).unwrap_or_default()
    )]
    InUse {
        dir: PathBuf,
        pid: Option<u32>,
        /// The other computer's name, when the owner is not on this one.
        elsewhere: Option<String>,
        /// The owner is known only by its mark in the database (its lock
        /// file was gone): it may have ended, so the learner may take over.
        may_take_over: bool,
    },
    #[error(
        "{} was written by a newer cardwise ({}format {found}); this one, cardwise {}, \
         knows formats up to {known}: update cardwise to study with it",
        path.display(),
        written_by.as_ref().map(|w| format!("{w}, ")).unwrap_or_default(),
        env!("CARGO_PKG_VERSION")
    )]
    NewerFormat {
        path: PathBuf,
        found: i64,
        known: i64,
        /// "cardwise 0.3.0", if the file says.
        written_by: Option<String>,
    },
    #[error("{} holds a value this cardwise cannot read: {detail}", path.display())]
    BadValue { path: PathBuf, detail: String },
    #[error("{} is open read-only: nothing can be saved", path.display())]
    ReadOnly { path: PathBuf },
    #[error("{holder} has taken over this progress folder, so this window no longer saves")]
    OwnershipLost { holder: String },
    #[error(
        "{} was replaced by another file while cardwise was open, so nothing more is saved to it",
        path.display()
    )]
    FileReplaced { path: PathBuf },
    #[error("the backup {} cannot be used: {reason}", path.display())]
    BadBackup { path: PathBuf, reason: String },
    #[error("{count} answer(s) are not saved yet; save them before restoring a backup")]
    Unsaved { count: usize },
    #[error(
        "{}. cardwise can go on from {}, but could not put it in place ({error}). \
         Free at least {} on the disk that holds {}, then try again",
        damaged.as_ref().map_or_else(
            || "your progress file is missing".to_string(),
            |d| format!("your progress file {} cannot be used ({reason})", d.display())
        ),
        describe_backup(backup),
        human_size(backup.bytes + backup.bytes / 5 + 64 * 1024),
        backup.path.parent().and_then(Path::parent).map_or_else(String::new, |d| d.display().to_string())
    )]
    RecoveryBlocked {
        /// The damaged file, left where it is; `None` if it is missing.
        damaged: Option<PathBuf>,
        reason: String,
        /// The backup that would take its place.
        backup: Box<Backup>,
        error: String,
    },
    #[error("there is no progress folder at {}", path.display())]
    NoFolder { path: PathBuf },
    #[error("{} is a file, not a progress folder", path.display())]
    NotAFolder { path: PathBuf },
}

/// Why a write failed, as the learner needs to hear it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteTrouble {
    /// No space left on the disk.
    DiskFull,
    /// The folder or the file may not be written.
    NotWritable,
    /// Another cardwise took over the progress.
    Taken,
    /// The progress file was replaced by another while cardwise was open.
    Replaced,
    Other,
}

impl StoreError {
    /// What kind of trouble a failed write was.
    pub fn trouble(&self) -> WriteTrouble {
        use rusqlite::ffi::ErrorCode;
        match self {
            // The other is still open when taking the progress back.
            StoreError::OwnershipLost { .. } | StoreError::InUse { .. } => WriteTrouble::Taken,
            StoreError::FileReplaced { .. } => WriteTrouble::Replaced,
            StoreError::ReadOnly { .. } => WriteTrouble::NotWritable,
            StoreError::Sqlite { source, .. } => match source.sqlite_error_code() {
                Some(ErrorCode::DiskFull) => WriteTrouble::DiskFull,
                Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen) => {
                    WriteTrouble::NotWritable
                }
                _ => WriteTrouble::Other,
            },
            StoreError::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                    WriteTrouble::DiskFull
                }
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                    WriteTrouble::NotWritable
                }
                _ => WriteTrouble::Other,
            },
            _ => WriteTrouble::Other,
        }
    }
}

/// Something the learner must be told after opening the data folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The database could not be used. The newest good backup took its
    /// place and the damaged file was kept aside; or, with no good backup,
    /// the file was kept aside and progress starts empty.
    Recovered {
        damaged: Option<PathBuf>,
        reason: String,
        restored: Option<Backup>,
    },
    /// The database file was missing: the newest good backup took its
    /// place, or (with none) progress starts empty while an older damaged
    /// file is kept.
    Missing {
        restored: Option<Backup>,
        kept: Option<PathBuf>,
    },
    /// A repair that a crash interrupted was finished.
    RepairFinished { kept: Option<PathBuf> },
    /// The database was upgraded to a newer format, after a backup.
    Upgraded { from: i64, to: i64, backup: PathBuf },
    /// A setting held a value cardwise cannot use; its default is used
    /// (and saved) instead.
    SettingReset {
        key: String,
        value: String,
        default: String,
    },
}

/// "420 KB", "12 MB".
pub fn human_size(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{} KB", bytes.div_ceil(1_000).max(1))
    } else {
        format!("{} MB", bytes.div_ceil(1_000_000))
    }
}

/// Why a folder cannot be written, found by trying: a small file written,
/// synced and removed. `None` if that works.
pub fn diagnose_folder(dir: &Path) -> Option<WriteTrouble> {
    use std::io::Write;
    let probe = dir.join(".cardwise-write-test");
    let tried = std::fs::File::create(&probe)
        .and_then(|mut f| f.write_all(&[0u8; 64 * 1024]).and_then(|()| f.sync_all()));
    let _ = std::fs::remove_file(&probe);
    let error = tried.err()?;
    Some(
        StoreError::Io {
            op: "write",
            path: probe,
            source: error,
        }
        .trouble(),
    )
}

/// "the backup of 2026-11-22 09:30:15 (9 reviews)".
pub(crate) fn describe_backup(backup: &Backup) -> String {
    match backup.reviews() {
        Some(n) => format!(
            "the backup of {} ({n} review{})",
            backup.taken,
            if n == 1 { "" } else { "s" }
        ),
        None => format!("the backup of {}", backup.taken),
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::Recovered {
                damaged,
                reason,
                restored,
            } => {
                write!(f, "Your progress file could not be used ({reason}).")?;
                if let Some(damaged) = damaged {
                    write!(f, " It was kept, untouched, as {}.", damaged.display())?;
                }
                match restored {
                    Some(backup) => write!(
                        f,
                        " cardwise goes on from {}; answers given after that backup are in the kept file.",
                        describe_backup(backup)
                    ),
                    None => f.write_str(
                        " There was no good backup, so cardwise starts with empty progress.",
                    ),
                }
            }
            Notice::Missing { restored, kept } => {
                f.write_str("Your progress file was missing.")?;
                if let Some(backup) = restored {
                    write!(f, " cardwise goes on from {}.", describe_backup(backup))?;
                } else {
                    f.write_str(" There is no backup, so cardwise starts with empty progress.")?;
                }
                if let Some(kept) = kept {
                    write!(
                        f,
                        " A damaged progress file from before is kept as {}.",
                        kept.display()
                    )?;
                }
                Ok(())
            }
            Notice::RepairFinished { kept } => {
                f.write_str("A repair of your progress file that was interrupted has been finished: your newest good backup is in place.")?;
                if let Some(kept) = kept {
                    write!(f, " The damaged file is kept as {}.", kept.display())?;
                }
                Ok(())
            }
            Notice::Upgraded { from, to, backup } => write!(
                f,
                "Your progress file was upgraded from format {from} to {to}; a copy of the old one is in {}.",
                backup.display()
            ),
            Notice::SettingReset {
                key,
                value,
                default,
            } => write!(
                f,
                "The setting {key} held \"{value}\", which cardwise cannot use; it is back to {default}. Your progress is untouched."
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

/// One answer, as the study screen gives it.
#[derive(Clone, Debug)]
pub struct Answer {
    pub key: CardKey,
    pub quality: Quality,
    /// When it was given, by the clock then. Its study day comes from this
    /// time; the log keeps answers in the order they were given, whatever
    /// the clock said.
    pub answered_at: Timestamp,
    /// From showing the card to grading it.
    pub elapsed_ms: u64,
    /// What the card said ([`crate::deck::Card::fingerprint`]), kept so a
    /// renamed card can be recognised; `None` if unknown.
    pub fingerprint: Option<u64>,
    /// How the answer compared with the right one, when it was checked
    /// (a pick, a typed number); `None` when the learner graded themselves.
    pub checked: Option<Checked>,
}

/// How a checked answer compared with the right one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checked {
    pub outcome: crate::drill::Outcome,
    /// The drill's listed mistake it matched, by its place in the drill.
    pub mistake: Option<u32>,
}

impl Checked {
    /// As stored: 0 wrong, 1 close, 2 right.
    pub(crate) const fn code(self) -> i64 {
        match self.outcome {
            crate::drill::Outcome::Wrong => 0,
            crate::drill::Outcome::Close => 1,
            crate::drill::Outcome::Right => 2,
        }
    }

    pub(crate) fn from_codes(outcome: i64, mistake: Option<i64>) -> Option<Checked> {
        let outcome = match outcome {
            0 => crate::drill::Outcome::Wrong,
            1 => crate::drill::Outcome::Close,
            2 => crate::drill::Outcome::Right,
            _ => return None,
        };
        Some(Checked {
            outcome,
            mistake: mistake.and_then(|m| u32::try_from(m).ok()),
        })
    }
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
    /// The answer made the card a leech (see [`Settings::leech_lapses`]):
    /// it was suspended with it, and one undo takes back both.
    pub leech: bool,
}

/// What became of a practice answer ([`Store::record_practice`]).
#[derive(Debug)]
pub struct Practiced {
    pub seq: i64,
    /// `Ok` once on disk; otherwise it waits in memory, like an answer.
    pub saved: Result<(), StoreError>,
}

/// What became of an action on cards ([`Store::act`]).
#[derive(Debug)]
pub struct Acted {
    /// How many cards it changed (a card already so is left alone).
    pub changed: usize,
    /// `Ok` once on disk; otherwise the rows wait in memory, like answers.
    pub saved: Result<(), StoreError>,
}

/// What a row of the review log is. The codes are stored: never renumber
/// them. Only scheduled rows move SM-2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewKind {
    Scheduled,
    SameDayRepeat,
    /// An answer in a practice test, topic practice, review ahead or drill
    /// practice: counted as study, never moving the card's schedule.
    Practice,
    /// A card's one extra review before an exam, its next review falling
    /// after the exam: it leaves the SM-2 state alone.
    ExamExtra,
    /// Cancels an earlier row of the same device (`undoes`); the
    /// cancelled answer counts as never given.
    Undo,
    /// Not an answer: a card suspended, unsuspended, buried or reset
    /// (kinds 5–8).
    Action(CardAction),
}

impl ReviewKind {
    pub const fn code(self) -> i64 {
        match self {
            ReviewKind::Scheduled => 0,
            ReviewKind::SameDayRepeat => 1,
            ReviewKind::Practice => 2,
            ReviewKind::ExamExtra => 3,
            ReviewKind::Undo => 4,
            ReviewKind::Action(action) => action.code(),
        }
    }

    pub const fn from_code(code: i64) -> Option<Self> {
        match code {
            0 => Some(ReviewKind::Scheduled),
            1 => Some(ReviewKind::SameDayRepeat),
            2 => Some(ReviewKind::Practice),
            3 => Some(ReviewKind::ExamExtra),
            4 => Some(ReviewKind::Undo),
            _ => match CardAction::from_code(code) {
                Some(action) => Some(ReviewKind::Action(action)),
                None => None,
            },
        }
    }
}

impl From<AnswerKind> for ReviewKind {
    fn from(kind: AnswerKind) -> Self {
        match kind {
            AnswerKind::Scheduled => ReviewKind::Scheduled,
            AnswerKind::SameDayRepeat => ReviewKind::SameDayRepeat,
        }
    }
}

/// An answer (or an action on cards) that was taken back.
#[derive(Debug)]
pub struct Undone {
    /// The card answered, or the first card acted on.
    pub key: CardKey,
    /// The number of the row taken back.
    pub seq: i64,
    /// `None` for an answer (with the leech suspension it brought, if
    /// any); else the action taken back, on `cards` cards.
    pub action: Option<CardAction>,
    pub cards: usize,
    /// The answer taken back had made its card a leech: that suspension
    /// was taken back with it.
    pub leech: bool,
    /// `Ok` once the undo is on disk. Otherwise it waits in memory, like
    /// an answer.
    pub saved: Result<(), StoreError>,
}

/// An answer given since the store was opened, as undo needs it.
#[derive(Clone, Debug)]
struct Given {
    key: CardKey,
    seq: i64,
    quality: Quality,
    day: Day,
    /// The card's state before the answer (`None`: it was new).
    before: Option<CardProgress>,
    /// How many pull-backs had happened once it was given: later ones
    /// apply to the state it goes back to.
    pull_backs: usize,
    /// `None` for an answer; else the action, and the hold it replaced.
    action: Option<CardAction>,
    hold_before: Hold,
    /// Its number in `card_keys` when given (negative: not written yet).
    key_id: i64,
    /// Taken back together with the entry before it (the cards of one
    /// action, an answer and the leech suspension it brought).
    together: bool,
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
    kind: ReviewKind,
    before: Sm2State,
    /// The card's state after the row; `None` when an undo takes a card
    /// back to new.
    after: Option<CardProgress>,
    fingerprint: Option<u64>,
    /// This answer's day is earlier than answers already logged: every
    /// card's later dates are pulled back to it.
    pull_back: Option<Day>,
    /// For an undo: the number of the answer it cancels, and the state it
    /// replaced.
    undoes: Option<i64>,
    replaced: Option<CardProgress>,
    /// The card's hold after the row, for actions and their undos.
    hold: Option<Hold>,
    /// How a checked answer compared.
    checked: Option<Checked>,
}

/// An answer as it is staged: what its review row will hold.
struct Staging {
    quality: Quality,
    answered_ms: i64,
    day: Day,
    elapsed_ms: i64,
    fingerprint: Option<u64>,
    checked: Option<Checked>,
}

/// The progress store of one data folder.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    data_dir: PathBuf,
    path: PathBuf,
    /// The folder's lock, while open for writing.
    lock: Option<FolderLock>,
    /// This cardwise's mark in the database; `None` when opened read-only.
    owner: Option<Holder>,
    /// Another cardwise took over (who): nothing more is written.
    lost: Option<String>,
    device: i64,
    next_seq: i64,
    /// The latest study day of any logged answer: an answer dated before
    /// it pulls later dates back (see [`CardProgress::pulled_back`]).
    latest_day: Option<Day>,
    /// [`Store::pull_back_day`]'s last answer: (today, the day).
    pull_back_seen: std::cell::Cell<Option<(Day, Option<Day>)>>,
    /// Every answered card direction: its number and cached progress.
    index: keys::KeyIndex,
    /// Suspended and buried cards.
    holds: Holds,
    settings: Settings,
    /// Answers waiting to be written, oldest first.
    pending: Vec<Pending>,
    /// The next provisional (negative) id for a key not yet in `card_keys`.
    next_provisional: i64,
    /// A copy of the progress, read where the folder cannot be written.
    scratch: Option<tempfile::TempDir>,
    /// The database file as opened for writing: a write checks it is
    /// still the file at the path.
    file_id: Option<guard::FileId>,
    /// The file had been deleted while open and was written back.
    file_restored: bool,
    /// Answers given since opening, newest last, that undo may take back.
    given: Vec<Given>,
    /// The days of the pull-backs done since opening, in order.
    pull_backs: Vec<Day>,
}

impl Drop for Store {
    fn drop(&mut self) {
        open::release(self);
    }
}

impl Store {
    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The data folder.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Opened only to look: nothing can be saved.
    pub fn is_read_only(&self) -> bool {
        self.owner.is_none()
    }

    /// Another cardwise has taken over the progress (who, in words):
    /// nothing more is written until [`Store::take_back`].
    pub fn lost_to(&self) -> Option<&str> {
        self.lost.as_deref()
    }

    /// The latest study day of any logged answer.
    pub fn latest_day(&self) -> Option<Day> {
        self.latest_day
    }

    /// How many days the clock's `today` is behind the latest logged
    /// answer, if it is.
    pub fn clock_behind(&self, today: Day) -> Option<u32> {
        let latest = self.latest_day?;
        let days = latest.days_since(today);
        u32::try_from(days).ok().filter(|&d| d > 0)
    }

    /// When the clock is behind answers already logged (`today` is before
    /// the latest logged day): the day those answers count as given on.
    /// It is the latest day of an answer the clock can vouch for (the
    /// latest logged day not after `today`), or `today` if there is none.
    /// Cards answered "later" count as answered on that day: they come back
    /// by their intervals from it, sooner than planned, never later, and
    /// the day stays put while no answer is given.
    pub fn pull_back_day(&self, today: Day) -> Option<Day> {
        if self.latest_day.is_none_or(|latest| latest <= today) {
            return None;
        }
        if let Some((seen, day)) = self.pull_back_seen.get()
            && seen == today
        {
            return day;
        }
        let day = Some(self.vouched_day(today).unwrap_or(today));
        self.pull_back_seen.set(Some((today, day)));
        day
    }

    /// The latest day of any logged answer, saved or waiting, that is not
    /// after `day`. (A scan of the log: only asked when the clock is found
    /// behind it.)
    fn vouched_day(&self, day: Day) -> Option<Day> {
        let saved: Option<i32> = self
            .conn
            .query_row(
                "SELECT MAX(day) FROM reviews WHERE day <= ?1",
                [day.number()],
                |row| row.get(0),
            )
            .unwrap_or(None);
        let waiting = self
            .pending
            .iter()
            .map(|p| p.day)
            .filter(|&d| d <= day)
            .max();
        saved.map(Day::from_number).max(waiting)
    }

    pub fn settings(&self) -> Settings {
        self.settings
    }

    /// Save new settings (clamped to their ranges) in one transaction.
    pub fn save_settings(&mut self, settings: Settings) -> Result<(), StoreError> {
        self.writable()?;
        let settings = settings.clamped();
        let path = self.path.clone();
        let write = sql("save the settings", &path);
        let tx = self.begin_write("save the settings")?;
        for (key, value) in settings.written() {
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
        } else if let Some(holder) = &self.lost {
            Err(StoreError::OwnershipLost {
                holder: holder.clone(),
            })
        } else {
            Ok(())
        }
    }

    /// Begin a write transaction, after making sure the progress is still
    /// this cardwise's: its mark is checked inside the transaction, so no
    /// other writer can come between. A lost mark stops all writing.
    fn begin_write(&mut self, op: &'static str) -> Result<rusqlite::Transaction<'_>, StoreError> {
        self.writable()?;
        self.keep_lock();
        self.keep_file()?;
        begin_write(
            &mut self.conn,
            self.owner.as_ref(),
            &mut self.lost,
            &self.path,
            op,
        )
    }

    /// The lock file was deleted (or replaced) while this cardwise held
    /// it: lock the file now at its place, so that a cardwise started
    /// later sees the folder in use. The mark in the database still
    /// decides who writes. Done before every write; the window also calls
    /// it every few seconds.
    pub fn keep_lock(&mut self) {
        if self.lock.as_ref().is_some_and(|lock| !lock.intact())
            && let Ok(lock) = FolderLock::acquire(&self.data_dir)
        {
            self.lock = Some(lock);
        }
    }

    /// Take the progress back after another cardwise took it over (close
    /// that one first): leave this cardwise's mark again, read what the
    /// other wrote, and save this window's waiting answers after it, as
    /// answers given now on top of it.
    pub fn take_back(&mut self) -> Result<(), StoreError> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        if !self.lock.as_ref().is_some_and(FolderLock::intact) {
            self.lock = Some(FolderLock::acquire(&self.data_dir)?);
        }
        self.claim(Holder::this_process(&self.path.clone()))?;
        let (state, _) = db::read_state(&self.conn, &self.path, true, None)?;
        self.device = state.device;
        self.next_seq = state.next_seq;
        self.latest_day = state.latest_day;
        self.index = state.index;
        self.settings = state.settings;
        // Provisional key numbers go on counting down: waiting rows keep theirs.
        self.pull_back_seen.set(None);
        // Undo goes back no further than this: the other's answers came between.
        self.given.clear();
        self.pull_backs.clear();
        self.holds = holds::load(&self.conn, &self.path)?;
        // The waiting rows get new numbers after the other's: an undo of a
        // waiting row follows its row's new number, or goes if its row went.
        let waiting: std::collections::HashSet<i64> = self.pending.iter().map(|p| p.seq).collect();
        let mut renumbered: HashMap<i64, i64> = HashMap::new();
        for p in std::mem::take(&mut self.pending) {
            let old = p.seq;
            let next = self.next_seq;
            match (p.undoes, p.kind) {
                (None, ReviewKind::Action(action)) => {
                    if self.would_change(&p.key, action, p.day) {
                        self.stage_action(&p.key, action, p.answered_ms, p.day, false);
                        // Undo went back no further than the take-back.
                        self.given.pop();
                    }
                }
                (None, ReviewKind::Practice | ReviewKind::ExamExtra) => {
                    self.stage_practice(
                        &p.key,
                        p.kind,
                        Staging {
                            quality: p.quality,
                            answered_ms: p.answered_ms,
                            day: p.day,
                            elapsed_ms: p.elapsed_ms,
                            fingerprint: p.fingerprint,
                            checked: p.checked,
                        },
                    );
                }
                (None, _) => {
                    self.stage_at(
                        &p.key,
                        Staging {
                            quality: p.quality,
                            answered_ms: p.answered_ms,
                            day: p.day,
                            elapsed_ms: p.elapsed_ms,
                            fingerprint: p.fingerprint,
                            checked: p.checked,
                        },
                    );
                }
                // An undo still stands if its row was saved again and
                // nobody answered the card since; otherwise the other's
                // later answer does.
                (Some(target), _) => {
                    let undoes = if waiting.contains(&target) {
                        renumbered.get(&target).copied()
                    } else {
                        Some(target)
                    };
                    let now = self.index.get(&p.key).copied();
                    if let Some(undoes) = undoes
                        && now.map(|slot| slot.progress) == p.replaced
                    {
                        let key_id = now.map_or(p.key_id, |slot| slot.id);
                        match p.after {
                            Some(progress) => self.index.insert(
                                &p.key,
                                keys::Slot {
                                    id: key_id,
                                    progress,
                                },
                            ),
                            None => self.index.remove(&p.key),
                        }
                        let hold = p.hold.map(|hold| Hold {
                            extra_on: self.holds.get(&p.key).extra_on,
                            ..hold
                        });
                        if let Some(hold) = hold {
                            self.holds.set(&p.key, hold);
                        }
                        let pull_back = self.pull_back_at(p.day);
                        self.pending.push(Pending {
                            key_id,
                            seq: self.next_seq,
                            pull_back,
                            undoes: Some(undoes),
                            hold,
                            ..p
                        });
                        self.next_seq += 1;
                    }
                }
            }
            if self.next_seq > next {
                renumbered.insert(old, next);
            }
        }
        self.flush()
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
        // Even when another cardwise took over, the answer counts and
        // waits in memory: only a read-only store refuses it.
        if self.is_read_only() {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        let before = self.index.get(&answer.key).map(|slot| slot.progress);
        let hold_before = self.holds.get(&answer.key);
        let (progress, kind, seq) = self.stage(answer, rules);
        let before = before.map(|b| match self.pending.last().and_then(|p| p.pull_back) {
            Some(day) => b.pulled_back(day),
            None => b,
        });
        let day = rules.day_of(answer.answered_at);
        let key_id = self.pending.last().map_or(0, |p| p.key_id);
        self.given.push(Given {
            key: answer.key.clone(),
            seq,
            quality: answer.quality,
            day,
            before,
            pull_backs: self.pull_backs.len(),
            action: None,
            hold_before,
            key_id,
            together: false,
        });
        let leech = kind == AnswerKind::Scheduled
            && answer.quality.value() < 3
            && self.settings.is_leech_lapse(progress.lapses)
            && !self.holds.get(&answer.key).suspended;
        if leech {
            self.stage_action(
                &answer.key,
                CardAction::Suspend,
                answer.answered_at.as_millisecond(),
                day,
                true,
            );
        }
        Ok(Recorded {
            progress,
            kind,
            seq,
            saved: self.flush(),
            leech,
        })
    }

    /// Record an answer that must not move the card's schedule: a practice
    /// answer (a test, topic practice, review ahead, drill practice) or an
    /// exam's extra review. It is logged, with how it compared, and counts
    /// as study; the card's SM-2 state stays as it was. An extra review
    /// notes its day on the card, so it is asked once. Not undoable: it
    /// changed nothing to take back.
    pub fn record_practice(
        &mut self,
        answer: &Answer,
        kind: ReviewKind,
        rules: &DayRules,
    ) -> Result<Practiced, StoreError> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        let seq = self.stage_practice(
            &answer.key,
            kind,
            Staging {
                quality: answer.quality,
                answered_ms: answer.answered_at.as_millisecond(),
                day: rules.day_of(answer.answered_at),
                elapsed_ms: i64::try_from(answer.elapsed_ms).unwrap_or(i64::MAX),
                fingerprint: answer.fingerprint,
                checked: answer.checked,
            },
        );
        Ok(Practiced {
            seq,
            saved: self.flush(),
        })
    }

    /// Queue a practice answer's row; returns its number.
    fn stage_practice(&mut self, key: &CardKey, kind: ReviewKind, staging: Staging) -> i64 {
        let kind = match kind {
            ReviewKind::ExamExtra => ReviewKind::ExamExtra,
            _ => ReviewKind::Practice,
        };
        let day = staging.day;
        let pull_back = self.pull_back_at(day);
        let known = self.index.get(key).copied();
        let key_id = match known {
            Some(slot) => slot.id,
            None => {
                self.next_provisional -= 1;
                self.next_provisional + 1
            }
        };
        let progress = known.map(|slot| slot.progress);
        let hold = (kind == ReviewKind::ExamExtra).then(|| Hold {
            extra_on: Some(day),
            ..self.holds.get(key)
        });
        if let Some(hold) = hold {
            self.holds.set(key, hold);
        }
        let seq = self.next_seq;
        let state = progress.map_or(Sm2State::NEW, |p| p.sm2);
        self.pending.push(Pending {
            key: key.clone(),
            key_id,
            seq,
            answered_ms: staging.answered_ms,
            day,
            quality: staging.quality,
            elapsed_ms: staging.elapsed_ms,
            kind,
            before: state,
            after: progress,
            fingerprint: staging.fingerprint,
            pull_back,
            undoes: None,
            replaced: None,
            hold,
            checked: staging.checked,
        });
        self.next_seq += 1;
        seq
    }

    /// Suspend, unsuspend, bury or reset the cards of `keys`, as one
    /// step that one undo takes back. Each change is a row of the log; a
    /// card already so (or a new card reset) is left alone. Rows the disk
    /// refuses wait in memory, like answers.
    pub fn act(
        &mut self,
        keys: &[CardKey],
        action: CardAction,
        at: Timestamp,
        rules: &DayRules,
    ) -> Result<Acted, StoreError> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        let day = rules.day_of(at);
        let mut changed = 0;
        let mut seen = rustc_hash::FxHashSet::default();
        for key in keys {
            if !seen.insert(key) || !self.would_change(key, action, day) {
                continue;
            }
            self.stage_action(key, action, at.as_millisecond(), day, changed > 0);
            changed += 1;
        }
        let saved = if changed == 0 {
            Ok(())
        } else {
            self.flush_batch().map(drop)
        };
        Ok(Acted { changed, saved })
    }

    /// Whether `action` on `key` on `day` changes anything.
    pub fn would_change(&self, key: &CardKey, action: CardAction, day: Day) -> bool {
        match action {
            CardAction::Reset => self.index.get(key).is_some(),
            _ => action.hold_after(self.holds.get(key), day) != self.holds.get(key),
        }
    }

    /// Whether a card direction is suspended or buried.
    pub fn hold(&self, key: &CardKey) -> Hold {
        self.holds.get(key)
    }

    /// The holds of one deck's cards; `None` when none is held.
    pub fn deck_holds(&self, deck: &DeckId) -> Option<DeckHolds<'_>> {
        self.holds.deck(deck)
    }

    /// Every suspended or buried card direction.
    pub fn holds(&self) -> &Holds {
        &self.holds
    }

    /// Apply an action in memory and queue its row, undoable.
    fn stage_action(
        &mut self,
        key: &CardKey,
        action: CardAction,
        at_ms: i64,
        day: Day,
        together: bool,
    ) {
        let pull_back = self.pull_back_at(day);
        let known = self.index.get(key).copied();
        let key_id = match known {
            Some(slot) => slot.id,
            None => {
                self.next_provisional -= 1;
                self.next_provisional + 1
            }
        };
        let hold_before = self.holds.get(key);
        let hold = action.hold_after(hold_before, day);
        let before = known.map(|slot| slot.progress);
        let after = match action {
            CardAction::Reset => {
                self.index.remove(key);
                None
            }
            _ => before,
        };
        self.holds.set(key, hold);
        let seq = self.next_seq;
        self.pending.push(Pending {
            key: key.clone(),
            key_id,
            seq,
            answered_ms: at_ms,
            day,
            quality: crate::sched::QUALITIES[0],
            elapsed_ms: 0,
            kind: ReviewKind::Action(action),
            before: before.map_or(Sm2State::NEW, |p| p.sm2),
            after,
            fingerprint: None,
            pull_back,
            undoes: None,
            replaced: None,
            hold: Some(hold),
            checked: None,
        });
        self.next_seq += 1;
        self.given.push(Given {
            key: key.clone(),
            seq,
            quality: crate::sched::QUALITIES[0],
            day,
            before,
            pull_backs: self.pull_backs.len(),
            action: Some(action),
            hold_before,
            key_id,
            together,
        });
    }

    /// Record many answers (an import, a benchmark's history) as
    /// [`Store::record`] would, but many to a transaction, and without the
    /// leech rule (nobody is there to be told) or undo. They must come
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
    /// written by [`Store::flush`] or [`Store::flush_batch`]. Its study day
    /// is the clock's when it was given.
    fn stage(&mut self, answer: &Answer, rules: &DayRules) -> (CardProgress, AnswerKind, i64) {
        self.stage_at(
            &answer.key,
            Staging {
                quality: answer.quality,
                answered_ms: answer.answered_at.as_millisecond(),
                day: rules.day_of(answer.answered_at),
                elapsed_ms: i64::try_from(answer.elapsed_ms).unwrap_or(i64::MAX),
                fingerprint: answer.fingerprint,
                checked: answer.checked,
            },
        )
    }

    fn stage_at(&mut self, key: &CardKey, staging: Staging) -> (CardProgress, AnswerKind, i64) {
        let Staging {
            quality,
            answered_ms,
            day,
            elapsed_ms,
            fingerprint,
            checked,
        } = staging;
        // Answers already logged on later days: the clock ran ahead then,
        // or is behind now. The present is trusted and the log's order
        // kept: their dates are pulled back (see `pull_back_day`).
        let pull_back = self.pull_back_at(day);
        let known = self.index.get(key).copied();
        let before = known.map(|slot| slot.progress);
        let (after, kind) = CardProgress::answered(before.as_ref(), quality, day);
        let key_id = match known {
            Some(slot) => slot.id,
            None => {
                self.next_provisional -= 1;
                self.next_provisional + 1
            }
        };
        self.index.insert(
            key,
            keys::Slot {
                id: key_id,
                progress: after,
            },
        );
        // A card brought into today's reviews has had them once answered.
        let held = self.holds.get(key);
        let hold = held.due_on.is_some().then_some(Hold {
            due_on: None,
            ..held
        });
        if let Some(hold) = hold {
            self.holds.set(key, hold);
        }
        let seq = self.next_seq;
        self.pending.push(Pending {
            key: key.clone(),
            key_id,
            seq,
            answered_ms,
            day,
            quality,
            elapsed_ms,
            kind: kind.into(),
            before: before.map_or(Sm2State::NEW, |p| p.sm2),
            after: Some(after),
            fingerprint,
            pull_back,
            undoes: None,
            replaced: None,
            hold,
            checked,
        });
        self.next_seq += 1;
        (after, kind, seq)
    }

    /// A row of the log is about to be dated `day`: if answers are logged
    /// on later days, pull their dates back (see `pull_back_day`). Returns
    /// the day pulled back to, for the row to record.
    fn pull_back_at(&mut self, day: Day) -> Option<Day> {
        let pull_back = self.pull_back_day(day);
        if let Some(to) = pull_back {
            self.index.pull_back(to);
            self.pull_backs.push(to);
        }
        self.latest_day = Some(day);
        self.pull_back_seen.set(None);
        pull_back
    }

    /// The card whose answer [`Store::undo`] would take back now: the
    /// latest answer given since opening, if it was given on `today`.
    pub fn undoable(&self, today: Day) -> Option<&CardKey> {
        if self.lost.is_some() || self.is_read_only() {
            return None;
        }
        self.given
            .last()
            .filter(|given| given.day == today)
            .map(|given| &given.key)
    }

    /// The action on cards [`Store::undo`] would take back now, if the
    /// latest thing to take back is one (not an answer).
    pub fn undoable_action(&self, today: Day) -> Option<CardAction> {
        self.undoable(today)?;
        // What one undo takes back: the entries taken back together.
        let mut action = None;
        for given in self.given.iter().rev() {
            action = Some(given.action?);
            if !given.together {
                break;
            }
        }
        action
    }

    /// Take back the latest answer given today (as [`Store::undoable`]
    /// says): its card goes back to the state it had before, and an undo
    /// row is logged (nothing is deleted from the log), so a replay and
    /// the statistics count the answer as never given. Several undos in a
    /// row go back further, answer by answer.
    pub fn undo(&mut self, at: Timestamp, rules: &DayRules) -> Result<Option<Undone>, StoreError> {
        self.writable()?;
        let today = rules.day_of(at);
        if self.undoable(today).is_none() {
            return Ok(None);
        }
        let mut answer = None;
        let mut last = None;
        let mut cards = 0;
        let mut leech = false;
        while let Some(given) = self.given.pop() {
            self.stage_undo(&given, at.as_millisecond(), today);
            match given.action {
                None => answer = Some((given.key.clone(), given.seq)),
                Some(action) => {
                    cards += 1;
                    leech |= given.together && action == CardAction::Suspend;
                    // The first card acted on is popped last.
                    last = Some((given.key.clone(), given.seq, action));
                }
            }
            if !given.together {
                break;
            }
        }
        let (key, seq, action, cards, leech) = match (answer, last) {
            (Some((key, seq)), _) => (key, seq, None, 1, leech),
            (None, Some((key, seq, action))) => (key, seq, Some(action), cards, false),
            (None, None) => return Ok(None),
        };
        Ok(Some(Undone {
            key,
            seq,
            action,
            cards,
            leech,
            saved: self.flush_batch().map(drop),
        }))
    }

    /// Put a card back as it was before `given`, and queue the undo row.
    fn stage_undo(&mut self, given: &Given, at_ms: i64, day: Day) {
        // Pull-backs since the answer apply to the state it goes back to,
        // as they do in a replay.
        let restored = given.before.map(|before| {
            match self
                .pull_backs
                .get(given.pull_backs..)
                .and_then(|days| days.iter().min())
            {
                Some(&day) => before.pulled_back(day),
                None => before,
            }
        });
        let now = self.index.get(&given.key).copied();
        let key_id = now.map_or(given.key_id, |slot| slot.id);
        match restored {
            Some(progress) => self.index.insert(
                &given.key,
                keys::Slot {
                    id: key_id,
                    progress,
                },
            ),
            None => self.index.remove(&given.key),
        }
        // What the row changed goes back; an exam's extra review given
        // since (never undone) stays.
        let current = self.holds.get(&given.key);
        let restored = Hold {
            extra_on: current.extra_on,
            ..given.hold_before
        };
        let hold = (given.action.is_some() || current != restored).then_some(restored);
        if let Some(hold) = hold {
            self.holds.set(&given.key, hold);
        }
        let pull_back = self.pull_back_at(day);
        let seq = self.next_seq;
        self.pending.push(Pending {
            key: given.key.clone(),
            key_id,
            seq,
            answered_ms: at_ms,
            day,
            quality: given.quality,
            elapsed_ms: 0,
            kind: ReviewKind::Undo,
            before: now.map_or(Sm2State::NEW, |slot| slot.progress.sm2),
            after: self.index.get(&given.key).map(|s| s.progress),
            fingerprint: None,
            pull_back,
            undoes: Some(given.seq),
            replaced: now.map(|slot| slot.progress),
            hold,
            checked: None,
        });
        self.next_seq += 1;
    }

    /// Answers given but not yet on disk.
    pub fn unsaved(&self) -> usize {
        self.pending.len()
    }

    /// Write every waiting answer, oldest first, each in its own
    /// transaction. Stops at the first failure; what is written stays written.
    pub fn flush(&mut self) -> Result<(), StoreError> {
        while let Some(pending) = self.pending.first().cloned() {
            let (device, path) = (self.device, self.path.clone());
            let tx = self.begin_write("save the answer")?;
            let id = write_pending(&tx, device, &pending)
                .and_then(|id| tx.commit().map(|()| id))
                .map_err(sql("save the answer", &path))?;
            self.written(&pending, id);
            self.pending.remove(0);
        }
        Ok(())
    }

    /// Write every waiting answer in one transaction: all or none.
    fn flush_batch(&mut self) -> Result<usize, StoreError> {
        let (device, path) = (self.device, self.path.clone());
        self.writable()?;
        self.keep_lock();
        self.keep_file()?;
        let pending = std::mem::take(&mut self.pending);
        let tx = match begin_write(
            &mut self.conn,
            self.owner.as_ref(),
            &mut self.lost,
            &path,
            "save the answers",
        ) {
            Ok(tx) => tx,
            Err(error) => {
                self.pending = pending;
                return Err(error);
            }
        };
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
                let id = write_pending(&tx, device, &p)?;
                numbered.insert(p.key_id, id);
                ids.push(id);
            }
            tx.commit()
        })();
        if let Err(source) = result {
            self.pending = pending;
            return Err(sql("save the answers", &path)(source));
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

    /// Answers given so far, per deck id; an answer taken back by an undo
    /// does not count.
    pub fn reviews_per_deck(&self) -> Result<HashMap<DeckId, u64>, StoreError> {
        Ok(self.history()?.answers_per_deck())
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
        self.by_key(&by_id, self.replay_by_id()?.0)
    }

    /// `by_number` keyed by card key instead of the key's number; an error
    /// names a number that `keys` does not know.
    fn by_key<T>(
        &self,
        keys: &HashMap<i64, CardKey>,
        by_number: impl IntoIterator<Item = (i64, T)>,
    ) -> Result<HashMap<CardKey, T>, StoreError> {
        by_number
            .into_iter()
            .map(|(id, value)| match keys.get(&id) {
                Some(key) => Ok((key.clone(), value)),
                None => Err(StoreError::BadValue {
                    path: self.path.clone(),
                    detail: format!("a review names card key {id}, which is not in card_keys"),
                }),
            })
            .collect()
    }

    /// The replay: answers in the order they were given (a device's
    /// numbers, and devices in the order the file met them: a restore's
    /// new device comes after the old one), each applied as the kind it
    /// was logged as. An answer dated before answers logged earlier pulls
    /// their dates back, as it did when it was given (see
    /// [`Store::pull_back_day`]).
    #[allow(clippy::type_complexity)]
    fn replay_by_id(
        &self,
    ) -> Result<
        (
            rustc_hash::FxHashMap<i64, CardProgress>,
            rustc_hash::FxHashMap<i64, Hold>,
        ),
        StoreError,
    > {
        let read = sql("replay the review log", &self.path);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT card, day, quality, kind, device, seq, undoes FROM reviews
                 ORDER BY device, seq",
            )
            .map_err(&read)?;
        let mut rows = stmt.query([]).map_err(&read)?;
        // (card, day, quality, kind): `None` for rows that only date the
        // log (undos, and the rows they cancel).
        let mut log: Vec<(i64, i32, Quality, Option<ReviewKind>)> = Vec::new();
        // Each row's (device, seq), and the answers undone.
        let mut ids: Vec<(i64, i64)> = Vec::new();
        let mut undone: rustc_hash::FxHashSet<(i64, i64)> = rustc_hash::FxHashSet::default();
        while let Some(row) = rows.next().map_err(&read)? {
            let code: i64 = row.get(3).map_err(&read)?;
            let kind = ReviewKind::from_code(code).ok_or_else(|| StoreError::BadValue {
                path: self.path.clone(),
                detail: format!("a review of an unknown kind ({code})"),
            })?;
            let device: i64 = row.get(4).map_err(&read)?;
            if kind == ReviewKind::Undo {
                let target: Option<i64> = row.get(6).map_err(&read)?;
                undone.extend(target.map(|seq| (device, seq)));
            }
            ids.push((device, row.get(5).map_err(&read)?));
            log.push((
                row.get(0).map_err(&read)?,
                row.get(1).map_err(&read)?,
                db::quality_from(row.get(2).map_err(&read)?, &self.path)?,
                (kind != ReviewKind::Undo).then_some(kind),
            ));
        }
        for (row, id) in log.iter_mut().zip(&ids) {
            if undone.contains(id) {
                row.3 = None;
            }
        }
        // Each card's state, and how many pull-backs had happened when it
        // was last updated; later ones are applied when it is next used.
        let mut states: rustc_hash::FxHashMap<i64, (CardProgress, usize)> =
            rustc_hash::FxHashMap::default();
        let mut pull_backs = replay::PullBacks::default();
        let mut days = std::collections::BTreeSet::new();
        let mut latest: Option<i32> = None;
        let mut holds: rustc_hash::FxHashMap<i64, Hold> = rustc_hash::FxHashMap::default();
        for (card, day, quality, kind) in log {
            if latest.is_some_and(|latest| latest > day) {
                let to = days.range(..=day).next_back().copied().unwrap_or(day);
                pull_backs.push(Day::from_number(to));
            }
            days.insert(day);
            latest = Some(day);
            let kind = match kind {
                Some(ReviewKind::Scheduled) => AnswerKind::Scheduled,
                Some(ReviewKind::SameDayRepeat) => AnswerKind::SameDayRepeat,
                Some(ReviewKind::Action(action)) => {
                    if action == CardAction::Reset {
                        states.remove(&card);
                    }
                    let before = holds.get(&card).copied().unwrap_or_default();
                    let after = action.hold_after(before, Day::from_number(day));
                    if after == Hold::default() {
                        holds.remove(&card);
                    } else {
                        holds.insert(card, after);
                    }
                    continue;
                }
                Some(ReviewKind::ExamExtra) => {
                    let before = holds.get(&card).copied().unwrap_or_default();
                    holds.insert(
                        card,
                        Hold {
                            extra_on: Some(Day::from_number(day)),
                            ..before
                        },
                    );
                    continue;
                }
                Some(ReviewKind::Practice | ReviewKind::Undo) | None => continue,
            };
            let before = states
                .get(&card)
                .map(|(p, seen)| pull_backs.apply(*p, *seen));
            let after =
                CardProgress::applied(before.as_ref(), quality, kind, Day::from_number(day));
            states.insert(card, (after, pull_backs.len()));
            // An answer ends a card's place in the day's reviews it was
            // brought into.
            if let Some(hold) = holds.get_mut(&card)
                && hold.due_on.is_some()
            {
                hold.due_on = None;
                if *hold == Hold::default() {
                    holds.remove(&card);
                }
            }
        }
        let states = states
            .into_iter()
            .map(|(card, (p, seen))| (card, pull_backs.apply(p, seen)))
            .collect();
        Ok((states, holds))
    }

    /// Recompute the holds in force from the review log. The cache must
    /// always equal this.
    pub fn replay_holds(&self) -> Result<HashMap<CardKey, Hold>, StoreError> {
        let keys = self.card_keys()?;
        self.by_key(&keys, self.replay_by_id()?.1)
    }

    /// Every card key on record, by number.
    fn card_keys(&self) -> Result<HashMap<i64, CardKey>, StoreError> {
        let read = sql("read the card keys", &self.path);
        let mut stmt = self
            .conn
            .prepare("SELECT id, deck, card, direction FROM card_keys")
            .map_err(&read)?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, i64>(3)?,
                ))
            })
            .map_err(&read)?;
        let mut keys = HashMap::new();
        for row in rows {
            let (id, deck, card, direction) = row.map_err(&read)?;
            if let Some(direction) = crate::key::Direction::from_code(direction) {
                keys.insert(
                    id,
                    CardKey::new(DeckId::new(deck), CardId::new(card), direction),
                );
            }
        }
        Ok(keys)
    }

    /// Replace the cache by a replay of the log, in one transaction.
    pub fn rebuild_cache(&mut self) -> Result<(), StoreError> {
        self.writable()?;
        self.flush()?;
        let (replayed, holds) = self.replay_by_id()?;
        let path = self.path.clone();
        let write = sql("rebuild the card states", &path);
        let tx = self.begin_write("rebuild the card states")?;
        tx.execute("DELETE FROM card_state", []).map_err(&write)?;
        for (&id, state) in &replayed {
            db::write_state(&tx, id, state).map_err(&write)?;
        }
        tx.execute("DELETE FROM card_hold", []).map_err(&write)?;
        for (&id, &hold) in &holds {
            holds::write(&tx, id, hold).map_err(&write)?;
        }
        tx.commit().map_err(&write)?;
        self.holds = holds::load(&self.conn, &self.path)?;
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

    /// The backups of this data folder with what each holds, newest
    /// (by what it holds, not by its name) first.
    pub fn backups(&self) -> Vec<Backup> {
        backup::ranked(&self.data_dir)
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
        // Reviews given after the restore number on from every number this
        // history has used, so they rank above the backups taken before.
        let min_seq = self
            .next_seq
            .max(db::newest_seq(&self.conn, &self.path)? + 1);
        // Still ours? (A write transaction, left at once.)
        drop(self.begin_write("restore the backup")?);
        let source = backup::open_immutable(from).map_err(sql("open the backup", from))?;
        backup::copy_into(&source, &mut self.conn)
            .map_err(sql("restore the backup", &self.path))?;
        db::migrate(&self.conn, &self.path)?;
        // Load from a fresh connection; until that succeeds this store stays
        // as it is, on the (restored) file.
        let conn = Connection::open(&self.path)
            .map_err(sql("reopen the progress database", &self.path))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql("set synchronous=FULL", &self.path))?;
        let (mut restored, _) =
            Self::load(conn, &self.data_dir, self.path.clone(), true, Some(min_seq))?;
        restored.lock = self.lock.take();
        // The backup carries no mark: leave this cardwise's.
        let me = self
            .owner
            .clone()
            .unwrap_or_else(|| Holder::this_process(&self.path));
        restored.claim(me)?;
        self.owner = None;
        *self = restored;
        Ok(())
    }
}

/// Begin a write transaction if the progress is still `owner`'s: its mark
/// is checked inside the transaction, so no other writer can come between
/// the check and the write. A lost mark is noted in `lost`, and stops all
/// writing.
fn begin_write<'c>(
    conn: &'c mut Connection,
    owner: Option<&Holder>,
    lost: &mut Option<String>,
    path: &Path,
    op: &'static str,
) -> Result<rusqlite::Transaction<'c>, StoreError> {
    let Some(me) = owner else {
        return Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
        });
    };
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sql(op, path))?;
    match owner::check(&tx, me).map_err(sql(op, path))? {
        owner::Ownership::Mine => Ok(tx),
        owner::Ownership::Lost(by) => {
            let holder = by.map_or_else(|| "another cardwise".to_string(), |h| h.describe());
            *lost = Some(holder.clone());
            Err(StoreError::OwnershipLost { holder })
        }
    }
}

/// One answer's rows; the key's number. The caller commits.
fn write_pending(
    tx: &rusqlite::Transaction<'_>,
    device: i64,
    p: &Pending,
) -> rusqlite::Result<i64> {
    if let Some(day) = p.pull_back {
        // As `CardProgress::pulled_back` does to every cached state.
        tx.prepare_cached(
            "UPDATE card_state SET due_day = MIN(due_day, ?1 + interval_days),
                 first_day = MIN(first_day, ?1), last_day = ?1
             WHERE last_day > ?1",
        )?
        .execute([day.number()])?;
    }
    // Stored as SQLite's signed integer: the same 64 bits.
    let fingerprint = p.fingerprint.map(|f| f as i64);
    let id = if p.key_id < 0 {
        // A key may be on record without a state (its only answers were
        // undone): it keeps its number.
        tx.prepare_cached(
            "INSERT INTO card_keys (deck, card, direction, fingerprint) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (deck, card, direction)
                 DO UPDATE SET fingerprint = COALESCE(excluded.fingerprint, fingerprint)
             RETURNING id",
        )?
        .query_row(
            params![
                p.key.deck.as_str(),
                p.key.card.as_str(),
                p.key.direction.code(),
                fingerprint
            ],
            |row| row.get(0),
        )?
    } else {
        if fingerprint.is_some() {
            tx.prepare_cached(
                "UPDATE card_keys SET fingerprint = ?2 WHERE id = ?1 AND fingerprint IS NOT ?2",
            )?
            .execute(params![p.key_id, fingerprint])?;
        }
        p.key_id
    };
    let after = p.after.map_or(Sm2State::NEW, |a| a.sm2);
    tx.prepare_cached(
        "INSERT INTO reviews (device, seq, card, answered_at_ms, day, quality, elapsed_ms, kind,
             reps_before, interval_before, ease_before, reps_after, interval_after, ease_after,
             undoes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
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
        after.repetitions,
        after.interval_days,
        after.easiness.hundredths(),
        p.undoes,
    ])?;
    match &p.after {
        Some(after) => db::write_state(tx, id, after)?,
        // Back to new: no state, as before its first answer.
        None => {
            tx.prepare_cached("DELETE FROM card_state WHERE card = ?1")?
                .execute([id])?;
        }
    }
    if let Some(hold) = p.hold {
        holds::write(tx, id, hold)?;
    }
    if let Some(checked) = p.checked {
        tx.prepare_cached(
            "INSERT INTO outcomes (device, seq, outcome, mistake) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![device, p.seq, checked.code(), checked.mistake])?;
    }
    Ok(id)
}

#[cfg(test)]
mod tests;
