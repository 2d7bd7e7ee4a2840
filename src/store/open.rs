//! Opening the data folder: for writing (take the lock, leave the owner's
//! mark, repair what needs repairing) or only to look.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::db::{self, BadSetting, sql};
use super::owner::{self, Holder};
use super::recover;
use super::{
    DATABASE_FILE, FolderLock, Notice, Opened, Store, StoreError, backup, current_version,
};

/// What to do about a damaged or empty progress file.
const REPAIR: &str = "open the cardwise window to repair it: it goes on from your newest good backup, or starts afresh if there is none, and keeps the damaged file aside";

/// What a failed open of the database file means.
enum OpenProblem {
    /// The file cannot be used as it is: put a backup in its place.
    Damaged(String),
    /// Something else (permissions, I/O, a newer format, another owner):
    /// report it and touch nothing.
    Failed(StoreError),
}

impl From<StoreError> for OpenProblem {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Sqlite { source, .. } if recover::is_damage(&source) => {
                OpenProblem::Damaged(source.to_string())
            }
            other => OpenProblem::Failed(other),
        }
    }
}

/// One try at opening the database file and loading it.
struct Attempt {
    store: Store,
    bad: Vec<BadSetting>,
    upgraded: Option<Notice>,
}

/// Whose mark may be overridden when opening.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Claim {
    /// Only a mark whose cardwise is known to be gone.
    IfFree,
    /// Any mark: the learner chose to take over.
    TakeOver,
}

impl Store {
    /// Open the data folder for studying: create it if needed, take its
    /// lock, repair or upgrade the database (after a backup), leave this
    /// cardwise's mark in it and load every card's cached state. The
    /// notices say what the learner must be told.
    pub fn open(data_dir: &Path) -> Result<Opened, StoreError> {
        Self::open_claiming(data_dir, Claim::IfFree)
    }

    /// As [`Store::open`], but also when the database carries the mark of
    /// another cardwise that may still be running (its lock file was
    /// deleted, or the folder came from another computer). The learner
    /// chose this; the other cardwise stops saving at its next answer.
    pub fn open_taking_over(data_dir: &Path) -> Result<Opened, StoreError> {
        Self::open_claiming(data_dir, Claim::TakeOver)
    }

    fn open_claiming(data_dir: &Path, claim: Claim) -> Result<Opened, StoreError> {
        ensure_folder(data_dir)?;
        let lock = FolderLock::acquire(data_dir)?;
        let path = data_dir.join(DATABASE_FILE);
        let now = jiff::Zoned::now();
        let mut notices = Vec::new();
        // A file put in place from a backup starts a new device identity,
        // so that no review number of the file it replaced is used again.
        let mut from_backup = false;
        if let Some(finished) = recover::finish_interrupted(&path)? {
            notices.push(Notice::RepairFinished {
                kept: finished.kept,
            });
            from_backup = true;
        }
        if !path.exists() {
            from_backup = replace_missing(data_dir, &path, &now, &mut notices)?;
        }
        // Opening and loading together: damage may show in either.
        let attempt = |fresh_device: bool| -> Result<Attempt, OpenProblem> {
            let (conn, upgraded) = Self::open_file(data_dir, &path, &now, &lock, claim)?;
            let (store, bad) = Self::load(
                conn,
                data_dir,
                path.clone(),
                true,
                fresh_device.then_some(1),
            )?;
            Ok(Attempt {
                store,
                bad,
                upgraded,
            })
        };
        let opened = match attempt(from_backup) {
            Ok(opened) => opened,
            Err(OpenProblem::Failed(error @ StoreError::InUse { .. })) => {
                if lock.created {
                    // The lock file this start made is no one's: leave the
                    // folder as it found it. The owner locks a new one.
                    drop(lock);
                    let _ = fs::remove_file(FolderLock::path(data_dir));
                }
                return Err(error);
            }
            Err(OpenProblem::Failed(error)) => return Err(error),
            Err(OpenProblem::Damaged(reason)) => {
                let restored = recover::best_backup(data_dir);
                let damaged = match &restored {
                    Some(best) => recover::replace(&path, best, &now).map_err(|error| {
                        StoreError::RecoveryBlocked {
                            damaged: Some(path.clone()),
                            reason: reason.clone(),
                            backup: Box::new(best.clone()),
                            error: error.to_string(),
                        }
                    })?,
                    None => Some(recover::set_aside(&path, &now)?),
                };
                notices.push(Notice::Recovered {
                    damaged,
                    reason,
                    restored,
                });
                match attempt(true) {
                    Ok(opened) => opened,
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
        let Attempt {
            mut store,
            bad,
            upgraded,
        } = opened;
        notices.extend(upgraded);
        store.lock = Some(lock);
        store.claim(Holder::this_process(&path))?;
        if !bad.is_empty() {
            // Each bad value is told once: the defaults are saved in its place.
            store.save_settings(store.settings)?;
            notices.extend(bad.into_iter().map(|b| Notice::SettingReset {
                key: b.key,
                value: b.value,
                default: b.default,
            }));
        }
        Ok(Opened { store, notices })
    }

    /// Open the database file, check it and bring it to the current format.
    /// Nothing is written before the format and the owner's mark are read:
    /// a newer cardwise's file and a running cardwise's file are not ours
    /// to change.
    fn open_file(
        data_dir: &Path,
        path: &Path,
        now: &jiff::Zoned,
        lock: &FolderLock,
        claim: Claim,
    ) -> Result<(Connection, Option<Notice>), OpenProblem> {
        if fs::metadata(path).is_ok_and(|m| m.len() == 0) {
            // cardwise never leaves an empty file; SQLite would take it for a new one.
            return Err(OpenProblem::Damaged("the file is empty".into()));
        }
        let conn = Connection::open(path).map_err(sql("open the progress database", path))?;
        // Until the file is known to be ours to change, closing must not
        // fold a write-ahead log into it (SQLite does so on closing).
        let _ = conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        );
        let version = db::user_version(&conn, path)?;
        let known = current_version();
        if version > known {
            return Err(OpenProblem::Failed(StoreError::NewerFormat {
                path: path.to_path_buf(),
                found: version,
                known,
                written_by: db::written_by(&conn),
            }));
        }
        if version > 0 && claim == Claim::IfFree && lock.created {
            // The lock file was missing: whoever left a mark may still be
            // writing. (After a crash the lock file is still there.)
            if let Ok(Some(holder)) = owner::read(&conn)
                && holder.may_be_writing(path)
            {
                return Err(OpenProblem::Failed(StoreError::InUse {
                    dir: data_dir.to_path_buf(),
                    pid: holder.pid,
                    elsewhere: (!holder.on_this_computer()).then(|| holder.host.clone()),
                    may_take_over: true,
                }));
            }
        }
        let _ = conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            false,
        );
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql("switch to WAL", path))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql("set synchronous=FULL", path))?;
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
            let _ = fs::remove_file(&marker);
        }
        let mut notice = None;
        if version > 0 && version < known {
            let backup = backup::write(
                &conn,
                data_dir,
                now.datetime(),
                backup::Reason::BeforeUpgrade,
            )?;
            db::migrate(&conn, path)?;
            notice = Some(Notice::Upgraded {
                from: version,
                to: known,
                backup,
            });
        } else {
            db::migrate(&conn, path)?;
        }
        Ok((conn, notice))
    }

    /// Leave this cardwise's mark, say which version writes the file, and
    /// fold a write-ahead log left by a crash into the database file.
    pub(super) fn claim(&mut self, me: Holder) -> Result<(), StoreError> {
        let write = sql("mark the progress as this cardwise's", &self.path);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(&write)?;
        owner::write(&tx, &me).map_err(&write)?;
        db::set_written_by(&tx).map_err(&write)?;
        tx.commit().map_err(&write)?;
        self.owner = Some(me);
        self.lost = None;
        self.file_id = super::guard::identity(&self.path);
        // Best effort: a reader may hold part of the log for a moment.
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        Ok(())
    }

    /// Open for reading only, without the lock, alongside a running app.
    /// A folder with no database yet reads as empty progress. Nothing is
    /// changed, not even a damaged file. A folder that cannot be written
    /// (a read-only medium) is read from a copy.
    pub fn open_read_only(data_dir: &Path) -> Result<Store, StoreError> {
        Self::look(data_dir, false)
    }

    /// As [`Store::open_read_only`], but also a file written by a newer
    /// cardwise, as far as this one can read it. Nothing is changed.
    pub fn open_read_only_newer(data_dir: &Path) -> Result<Store, StoreError> {
        Self::look(data_dir, true)
    }

    fn look(data_dir: &Path, newer: bool) -> Result<Store, StoreError> {
        match fs::metadata(data_dir) {
            Ok(meta) if !meta.is_dir() => {
                return Err(StoreError::NotAFolder {
                    path: data_dir.to_path_buf(),
                });
            }
            Ok(_) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::NoFolder {
                    path: data_dir.to_path_buf(),
                });
            }
            Err(source) => {
                return Err(StoreError::Io {
                    op: "read the progress folder",
                    path: data_dir.to_path_buf(),
                    source,
                });
            }
        }
        let path = data_dir.join(DATABASE_FILE);
        if !path.exists()
            && let Some(best) = recover::best_backup(data_dir)
        {
            return Err(StoreError::BadValue {
                path,
                detail: format!(
                    "the progress file is missing; cardwise goes on from {} when its window next opens",
                    super::describe_backup(&best)
                ),
            });
        }
        if !path.exists() {
            let conn = Connection::open_in_memory().map_err(sql("open an empty store", &path))?;
            db::migrate(&conn, &path)?;
            return Ok(Self::load(conn, data_dir, path, false, None)?.0);
        }
        if fs::metadata(&path).is_ok_and(|m| m.len() == 0) {
            return Err(StoreError::BadValue {
                path,
                detail: format!("the progress file is empty (0 bytes); {REPAIR}"),
            });
        }
        match Self::look_at(data_dir, &path, newer) {
            Err(StoreError::Sqlite { source, .. }) if needs_a_writable_folder(&source) => {
                let scratch = tempfile::tempdir().map_err(|source| StoreError::Io {
                    op: "make a folder for a copy of the progress",
                    path: std::env::temp_dir(),
                    source,
                })?;
                let copy = scratch.path().join(DATABASE_FILE);
                for suffix in ["", "-wal"] {
                    let from = PathBuf::from(format!("{}{suffix}", path.display()));
                    if from.exists() {
                        let to = PathBuf::from(format!("{}{suffix}", copy.display()));
                        fs::copy(&from, &to).map_err(|source| StoreError::Io {
                            op: "copy the progress to read it",
                            path: from.clone(),
                            source,
                        })?;
                    }
                }
                let mut store = Self::look_at(data_dir, &copy, newer)?;
                store.path = path;
                store.scratch = Some(scratch);
                Ok(store)
            }
            other => other,
        }
    }

    fn look_at(data_dir: &Path, path: &Path, newer: bool) -> Result<Store, StoreError> {
        // No mutex: the connection is used by one thread at a time (rusqlite's
        // Connection is not Sync), and SQLite's own locking per call costs a
        // fifth of reading a million reviews.
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql("open the progress database", path))?;
        let version = db::user_version(&conn, path).map_err(|error| match error {
            StoreError::Sqlite { source, .. } if recover::is_damage(&source) => {
                StoreError::BadValue {
                    path: path.to_path_buf(),
                    detail: format!("the file is damaged ({source}); {REPAIR}"),
                }
            }
            other => other,
        })?;
        if version == 0 {
            return Err(StoreError::BadValue {
                path: path.to_path_buf(),
                detail: "it is not a cardwise progress file (it has no format number)".into(),
            });
        }
        if version > current_version() {
            if !newer {
                return Err(StoreError::NewerFormat {
                    path: path.to_path_buf(),
                    found: version,
                    known: current_version(),
                    written_by: db::written_by(&conn),
                });
            }
        } else if version < current_version() {
            return Err(StoreError::BadValue {
                path: path.to_path_buf(),
                detail: format!(
                    "it is in the older format {version}; open cardwise once to upgrade it (after a backup)"
                ),
            });
        }
        Ok(Self::load(conn, data_dir, path.to_path_buf(), false, None)?.0)
    }

    /// Read the caches into memory. `fresh_device`: give the file a new
    /// device identity (after a restore), numbering reviews from at least
    /// this number. The store has no owner yet: the caller claims it if it
    /// may write. Settings that cannot be read come back as their
    /// defaults, listed.
    pub(super) fn load(
        conn: Connection,
        data_dir: &Path,
        path: PathBuf,
        writable: bool,
        fresh_device: Option<i64>,
    ) -> Result<(Store, Vec<BadSetting>), StoreError> {
        let (state, bad) = db::read_state(&conn, &path, writable, fresh_device)?;
        let holds_loaded = super::holds::load(&conn, &path)?;
        Ok((
            Store {
                conn,
                data_dir: data_dir.to_path_buf(),
                path,
                lock: None,
                owner: None,
                lost: None,
                device: state.device,
                next_seq: state.next_seq,
                latest_day: state.latest_day,
                pull_back_seen: std::cell::Cell::new(None),
                index: state.index,
                holds: holds_loaded,
                settings: state.settings,
                pending: Vec::new(),
                next_provisional: -1,
                scratch: None,
                given: Vec::new(),
                pull_backs: Vec::new(),
                file_id: None,
                file_restored: false,
            },
            bad,
        ))
    }
}

/// Create the data folder if it is not there; a file in its place is an error.
fn ensure_folder(data_dir: &Path) -> Result<(), StoreError> {
    if data_dir.exists() && !data_dir.is_dir() {
        return Err(StoreError::NotAFolder {
            path: data_dir.to_path_buf(),
        });
    }
    fs::create_dir_all(data_dir).map_err(|source| StoreError::Io {
        op: "create the data folder",
        path: data_dir.to_path_buf(),
        source,
    })
}

/// The progress file is not there. If there are backups, the newest good
/// one takes its place and the learner is told; with none but a damaged
/// file kept from before, the learner is told that progress starts empty.
/// With neither, this is a first start and there is nothing to say.
fn replace_missing(
    data_dir: &Path,
    path: &Path,
    now: &jiff::Zoned,
    notices: &mut Vec<Notice>,
) -> Result<bool, StoreError> {
    match recover::best_backup(data_dir) {
        Some(best) => {
            recover::replace(path, &best, now).map_err(|error| StoreError::RecoveryBlocked {
                damaged: None,
                reason: "the progress file is missing".into(),
                backup: Box::new(best.clone()),
                error: error.to_string(),
            })?;
            notices.push(Notice::Missing {
                restored: Some(best),
                kept: None,
            });
            Ok(true)
        }
        None => {
            if let Some(kept) = recover::kept_damaged(path).into_iter().next() {
                notices.push(Notice::Missing {
                    restored: None,
                    kept: Some(kept),
                });
            }
            Ok(false)
        }
    }
}

/// SQLite could not read because it needs to create or write a file
/// beside the database (the shared-memory index of the write-ahead log).
fn needs_a_writable_folder(error: &rusqlite::Error) -> bool {
    use rusqlite::ffi::ErrorCode;
    matches!(
        error.sqlite_error_code(),
        Some(
            ErrorCode::ReadOnly
                | ErrorCode::CannotOpen
                | ErrorCode::PermissionDenied
                // A full disk: there is no room for that index either.
                | ErrorCode::SystemIoFailure
                | ErrorCode::DiskFull
        )
    )
}

/// On closing: take this cardwise's mark out of the database, unless the
/// progress was lost to another or answers are still waiting (then the
/// mark stays, and the next start knows a cardwise left in a hurry).
pub(super) fn release(store: &mut Store) {
    // A file deleted while open goes back before the last connection
    // closes, or its answers would go with it.
    if store.owner.is_some() && store.lost.is_none() {
        let _ = store.keep_file();
    }
    if let Some(me) = store.owner.take()
        && store.lost.is_none()
        && store.pending.is_empty()
    {
        let _ = owner::clear(&store.conn, &me);
    }
}
