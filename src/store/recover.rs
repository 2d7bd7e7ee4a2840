//! Damaged databases: recognising them, setting them aside untouched, and
//! putting the newest good backup in their place.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, ffi::ErrorCode};

use super::backup::{self, Backup};
use super::{StoreError, db::sql};

/// SQLite's own verdict that a file is not a (healthy) database.
pub fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

/// The sidecar files SQLite keeps beside a database. They belong to it and
/// move with it: a write-ahead log is never deleted by hand.
const SIDECARS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// The file that records a failed background check: the next open checks
/// the database in full and sets it aside if the damage is still there.
pub fn marker(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}.damage-found", path.display()))
}

/// What the day's background check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Health {
    /// The database passed; the day's backup, if one was due, is this file.
    Good { backup: Option<PathBuf> },
    /// The database failed its integrity check (why). No backup was taken,
    /// so the good ones stay; the next start sets the file aside.
    Damaged(String),
}

/// Run SQLite's integrity check on the database (on a connection of its
/// own, beside the running app), then take the day's backup if it passed.
pub fn check_and_back_up(
    data_dir: &Path,
    today: jiff::civil::Date,
    now: &jiff::Zoned,
) -> Result<Health, StoreError> {
    let path = data_dir.join(super::DATABASE_FILE);
    if !path.exists() {
        return Ok(Health::Good { backup: None });
    }
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(sql("open the progress database for its check", &path))?;
    let check = conn.pragma_query_value(None, "quick_check", |row| row.get::<_, String>(0));
    let problem = match check {
        Ok(verdict) if verdict == "ok" => None,
        Ok(verdict) => Some(format!("the integrity check failed: {verdict}")),
        Err(error) if is_damage(&error) => Some(error.to_string()),
        Err(error) => return Err(sql("check the progress database", &path)(error)),
    };
    drop(conn);
    if let Some(reason) = problem {
        fs::write(marker(&path), &reason).map_err(|source| StoreError::Io {
            op: "note the damage",
            path: marker(&path),
            source,
        })?;
        return Ok(Health::Damaged(reason));
    }
    Ok(Health::Good {
        backup: backup::daily(data_dir, today, now)?,
    })
}

/// Rename the damaged database (and its sidecars) to a dated name beside
/// it, e.g. `progress.sqlite3.damaged-20261122-093015`, and return that name.
pub fn set_aside(path: &Path, now: &jiff::Zoned) -> Result<PathBuf, StoreError> {
    let name = path
        .file_name()
        .map_or_else(|| "progress".into(), |n| n.to_string_lossy().into_owned());
    let stamp = now.strftime("%Y%m%d-%H%M%S").to_string();
    let mut target = path.with_file_name(format!("{name}.damaged-{stamp}"));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = path.with_file_name(format!("{name}.damaged-{stamp}-{n}"));
    }
    let rename = |from: &Path, to: &Path| {
        fs::rename(from, to).map_err(|source| StoreError::Io {
            op: "set the damaged progress file aside",
            path: from.to_path_buf(),
            source,
        })
    };
    rename(path, &target)?;
    // The damage is dealt with: the next open need not look for it again.
    let _ = fs::remove_file(marker(path));
    for sidecar in SIDECARS {
        let from = PathBuf::from(format!("{}{sidecar}", path.display()));
        if from.exists() {
            rename(
                &from,
                &PathBuf::from(format!("{}{sidecar}", target.display())),
            )?;
        }
    }
    if let Some(dir) = path.parent() {
        backup::sync_dir(dir);
    }
    Ok(target)
}

/// Copy the newest backup that passes the integrity check to `path`.
pub fn restore_newest_good(data_dir: &Path, path: &Path) -> Result<Option<Backup>, StoreError> {
    for candidate in backup::list(data_dir) {
        if backup::check_file(&candidate.path).is_err() {
            continue;
        }
        let source = Connection::open_with_flags(&candidate.path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(sql("open the backup", &candidate.path))?;
        let partial = path.with_extension("restoring");
        let _ = fs::remove_file(&partial);
        source
            .backup(rusqlite::MAIN_DB, &partial, rusqlite::backup::NO_PROGRESS)
            .map_err(sql("copy the backup", &partial))?;
        fs::rename(&partial, path).map_err(|source| StoreError::Io {
            op: "put the backup in place",
            path: path.to_path_buf(),
            source,
        })?;
        if let Some(dir) = path.parent() {
            backup::sync_dir(dir);
        }
        return Ok(Some(candidate));
    }
    Ok(None)
}
