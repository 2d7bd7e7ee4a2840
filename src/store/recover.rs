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

/// A free name beside `path` for setting it aside, e.g.
/// `progress.sqlite3.damaged-20261122-093015`.
fn aside_name(path: &Path, now: &jiff::Zoned) -> PathBuf {
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
    target
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// Rename the damaged database (and its sidecars) to a dated name beside
/// it and return that name. Renaming needs no free space. Only for a
/// damaged file with no good backup to put in its place.
pub fn set_aside(path: &Path, now: &jiff::Zoned) -> Result<PathBuf, StoreError> {
    let target = aside_name(path, now);
    move_aside(path, &target)?;
    Ok(target)
}

/// Move `path` and its sidecars to `target` (and its sidecars), whichever
/// of them are still there: the write-ahead log moves first, so a log
/// never stays behind beside a database it does not belong to.
fn move_aside(path: &Path, target: &Path) -> Result<(), StoreError> {
    let rename = |from: &Path, to: &Path| {
        fs::rename(from, to).map_err(|source| StoreError::Io {
            op: "set the damaged progress file aside",
            path: from.to_path_buf(),
            source,
        })
    };
    for sidecar in SIDECARS {
        let from = with_suffix(path, sidecar);
        if from.exists() {
            rename(&from, &with_suffix(target, sidecar))?;
        }
    }
    if path.exists() {
        rename(path, target)?;
    }
    // The damage is dealt with: the next open need not look for it again.
    let _ = fs::remove_file(marker(path));
    if let Some(dir) = path.parent() {
        backup::sync_dir(dir);
    }
    Ok(())
}

/// The newest backup (by what it holds) that passes the integrity check.
pub fn best_backup(data_dir: &Path) -> Option<Backup> {
    backup::ranked(data_dir)
        .into_iter()
        .find(|candidate| backup::check_file(&candidate.path).is_ok())
}

/// A complete, synced copy of the backup, waiting to take the database's place.
fn replacement(path: &Path) -> PathBuf {
    with_suffix(path, ".replacement")
}

/// The plan of a replacement under way: the name the old file goes to
/// (empty when there is no old file). Its presence at start-up means a
/// replacement was interrupted; [`finish_interrupted`] completes it.
fn plan(path: &Path) -> PathBuf {
    with_suffix(path, ".recovering")
}

/// Put a copy of `backup` in place of the database at `path`, setting the
/// damaged file (if there is one) aside under a dated name; return that
/// name. In this order, so that no step can leave the folder without
/// either the damaged file or its replacement in place:
/// 1. copy the backup to a temporary file and sync it (this needs space;
///    if it fails, nothing has been touched);
/// 2. write down the plan (where the damaged file goes) and sync it;
/// 3. move the damaged file and its sidecars aside, move the copy into
///    place, forget the plan.
///
/// A crash during step 3 is finished by the next start.
pub fn replace(
    path: &Path,
    backup: &Backup,
    now: &jiff::Zoned,
) -> Result<Option<PathBuf>, StoreError> {
    let ready = replacement(path);
    let partial = with_suffix(path, ".replacement-partial");
    backup::remove_with_journal(&partial);
    let copied = backup::open_immutable(&backup.path)
        .and_then(|source| backup::copy_database(&source, &partial))
        .map_err(sql("copy the backup", &partial))
        .and_then(|()| sync_file(&partial))
        .and_then(|()| {
            fs::rename(&partial, &ready).map_err(|source| StoreError::Io {
                op: "name the copy of the backup",
                path: ready.clone(),
                source,
            })
        });
    if let Err(error) = copied {
        backup::remove_with_journal(&partial);
        return Err(error);
    }
    let leftovers = path.exists() || SIDECARS.iter().any(|s| with_suffix(path, s).exists());
    let aside = leftovers.then(|| aside_name(path, now));
    let note = aside
        .as_ref()
        .map_or_else(String::new, |a| a.display().to_string());
    let planned = fs::write(plan(path), note.as_bytes())
        .and_then(|()| fs::File::open(plan(path))?.sync_all())
        .map_err(|source| StoreError::Io {
            op: "write down the repair",
            path: plan(path),
            source,
        });
    if let Err(error) = planned {
        let _ = fs::remove_file(plan(path));
        let _ = fs::remove_file(&ready);
        return Err(error);
    }
    finish(path, aside.as_deref())?;
    Ok(aside)
}

/// Step 3 of [`replace`].
fn finish(path: &Path, aside: Option<&Path>) -> Result<(), StoreError> {
    if let Some(target) = aside {
        move_aside(path, target)?;
    }
    fs::rename(replacement(path), path).map_err(|source| StoreError::Io {
        op: "put the backup in place",
        path: path.to_path_buf(),
        source,
    })?;
    if let Some(dir) = path.parent() {
        backup::sync_dir(dir);
    }
    let _ = fs::remove_file(plan(path));
    Ok(())
}

/// A replacement a crash interrupted, now finished.
#[derive(Debug)]
pub struct Finished {
    /// Where the damaged file was kept, if there was one.
    pub kept: Option<PathBuf>,
}

/// Complete a replacement that a crash interrupted, if there is one.
pub fn finish_interrupted(path: &Path) -> Result<Option<Finished>, StoreError> {
    let Ok(note) = fs::read_to_string(plan(path)) else {
        // No plan: a copy left without one was never started on; drop it.
        let _ = fs::remove_file(replacement(path));
        backup::remove_with_journal(&with_suffix(path, ".replacement-partial"));
        return Ok(None);
    };
    if !replacement(path).exists() {
        // The copy is already in place; only the plan was left.
        let _ = fs::remove_file(plan(path));
        return Ok(None);
    }
    let aside = (!note.trim().is_empty()).then(|| PathBuf::from(note.trim()));
    finish(path, aside.as_deref())?;
    Ok(Some(Finished { kept: aside }))
}

/// The files set aside as damaged, newest name first.
pub fn kept_damaged(path: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return Vec::new();
    };
    let prefix = format!("{name}.damaged-");
    let mut kept: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && !SIDECARS.iter().any(|s| n.ends_with(s)))
        })
        .collect();
    kept.sort();
    kept.reverse();
    kept
}

fn sync_file(path: &Path) -> Result<(), StoreError> {
    fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|source| StoreError::Io {
            op: "sync the copy of the backup",
            path: path.to_path_buf(),
            source,
        })
}
