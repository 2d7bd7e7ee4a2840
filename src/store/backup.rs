//! Backups of the progress database, made with SQLite's online backup API.
//!
//! Each backup is a complete database in `backups/`, named by the local
//! time it was taken and why: `progress-2026-11-22T093015-daily.sqlite3`.
//! Names sort in time order. A backup is written to a temporary name,
//! synced, then renamed, so a crash never leaves half a backup under a
//! real name. Rotation keeps the 7 newest and the oldest of each month for
//! a year; it only ever deletes files that match the backup name pattern.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rusqlite::{Connection, OpenFlags};

use super::{StoreError, sql};

pub const BACKUP_DIR: &str = "backups";
const PREFIX: &str = "progress-";
const SUFFIX: &str = ".sqlite3";
/// How many of the newest backups rotation always keeps.
pub const KEEP_NEWEST: usize = 7;
/// For how many months rotation keeps the first backup of each month.
pub const KEEP_MONTHS: i32 = 12;

/// Why a backup was taken; part of its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    Daily,
    Manual,
    BeforeUpgrade,
    BeforeRestore,
}

impl Reason {
    fn tag(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::Manual => "manual",
            Reason::BeforeUpgrade => "before-upgrade",
            Reason::BeforeRestore => "before-restore",
        }
    }

    fn from_tag(tag: &str) -> Option<Reason> {
        [
            Reason::Daily,
            Reason::Manual,
            Reason::BeforeUpgrade,
            Reason::BeforeRestore,
        ]
        .into_iter()
        .find(|r| r.tag() == tag)
    }

    pub fn describe(self) -> &'static str {
        match self {
            Reason::Daily => "daily backup",
            Reason::Manual => "backed up by hand",
            Reason::BeforeUpgrade => "before an upgrade",
            Reason::BeforeRestore => "before a restore",
        }
    }
}

/// A backup file, as the Restore screen lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backup {
    pub path: PathBuf,
    /// The local time it was taken, as written in its name: 2026-11-22 09:30:15.
    pub taken: String,
    pub date: Date,
    pub reason: Reason,
    pub bytes: u64,
}

impl Backup {
    /// Reviews the backup holds; `None` if it cannot be read.
    pub fn reviews(&self) -> Option<u64> {
        let conn =
            Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
        conn.query_row("SELECT COUNT(*) FROM reviews", [], |row| {
            row.get::<_, i64>(0)
        })
        .ok()
        .map(i64::unsigned_abs)
    }

    /// Parse a backup's file name: progress-YYYY-MM-DDTHHMMSS-reason.sqlite3
    fn from_path(path: &Path) -> Option<Backup> {
        let name = path.file_name()?.to_str()?;
        let stem = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
        let (stamp, tag) = stem.split_at_checked(17)?;
        let reason = Reason::from_tag(tag.strip_prefix('-')?)?;
        let date: Date = stamp.get(..10)?.parse().ok()?;
        let time = stamp.get(11..)?;
        if stamp.as_bytes().get(10) != Some(&b'T')
            || time.len() != 6
            || !time.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Some(Backup {
            path: path.to_path_buf(),
            taken: format!(
                "{} {}:{}:{}",
                &stamp[..10],
                &time[..2],
                &time[2..4],
                &time[4..]
            ),
            date,
            reason,
            bytes: fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        })
    }
}

/// Every backup in the data folder, newest first.
pub fn list(data_dir: &Path) -> Vec<Backup> {
    let Ok(entries) = fs::read_dir(data_dir.join(BACKUP_DIR)) else {
        return Vec::new();
    };
    let mut backups: Vec<Backup> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| Backup::from_path(&entry.path()))
        .collect();
    backups.sort_by(|a, b| b.path.cmp(&a.path));
    backups
}

/// Copy the database open in `conn` into a new backup, named by `when`
/// (local time; a daily backup uses its study day's date).
pub fn write(
    conn: &Connection,
    data_dir: &Path,
    when: jiff::civil::DateTime,
    reason: Reason,
) -> Result<PathBuf, StoreError> {
    let dir = data_dir.join(BACKUP_DIR);
    fs::create_dir_all(&dir).map_err(|source| StoreError::Io {
        op: "create the backup folder",
        path: dir.clone(),
        source,
    })?;
    let name = |when: jiff::civil::DateTime| {
        dir.join(format!(
            "{PREFIX}{}-{}{SUFFIX}",
            when.strftime("%Y-%m-%dT%H%M%S"),
            reason.tag()
        ))
    };
    let mut path = name(when);
    // Two backups within one second (a restore right after an upgrade):
    // never overwrite the first.
    let mut later = when;
    while path.exists() {
        later = later
            .checked_add(jiff::SignedDuration::from_secs(1))
            .unwrap_or(later);
        path = name(later);
    }
    let partial = path.with_extension("partial");
    let _ = fs::remove_file(&partial);
    conn.backup(rusqlite::MAIN_DB, &partial, rusqlite::backup::NO_PROGRESS)
        .map_err(sql("write a backup", &partial))?;
    sync_file(&partial)?;
    fs::rename(&partial, &path).map_err(|source| StoreError::Io {
        op: "name the backup",
        path: path.clone(),
        source,
    })?;
    sync_dir(&dir);
    Ok(path)
}

/// Take the day's backup if there is none for the study day `today` yet,
/// then rotate. Opens its own read-only connection, so it can run beside
/// the app.
pub fn daily(
    data_dir: &Path,
    today: Date,
    now: &jiff::Zoned,
) -> Result<Option<PathBuf>, StoreError> {
    let db = data_dir.join(super::DATABASE_FILE);
    if !db.exists()
        || list(data_dir)
            .iter()
            .any(|b| b.reason == Reason::Daily && b.date == today)
    {
        return Ok(None);
    }
    let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(sql("open the progress database for a backup", &db))?;
    let path = write(
        &conn,
        data_dir,
        today.to_datetime(now.time()),
        Reason::Daily,
    )?;
    rotate(data_dir, today)?;
    Ok(Some(path))
}

/// Delete old backups: keep the newest [`KEEP_NEWEST`], and the oldest of
/// each of the last [`KEEP_MONTHS`] months.
pub fn rotate(data_dir: &Path, today: Date) -> Result<Vec<PathBuf>, StoreError> {
    let backups = list(data_dir);
    let mut keep: Vec<&Path> = backups
        .iter()
        .take(KEEP_NEWEST)
        .map(|b| b.path.as_path())
        .collect();
    let first_kept_month = months(today) - KEEP_MONTHS;
    // Oldest first, so the first seen in a month is that month's oldest.
    let mut months_kept = Vec::new();
    for backup in backups.iter().rev() {
        let month = months(backup.date);
        if month > first_kept_month && !months_kept.contains(&month) {
            months_kept.push(month);
            keep.push(&backup.path);
        }
    }
    let mut deleted = Vec::new();
    for backup in &backups {
        if !keep.contains(&backup.path.as_path()) {
            fs::remove_file(&backup.path).map_err(|source| StoreError::Io {
                op: "delete an old backup",
                path: backup.path.clone(),
                source,
            })?;
            deleted.push(backup.path.clone());
        }
    }
    Ok(deleted)
}

fn months(date: Date) -> i32 {
    i32::from(date.year()) * 12 + i32::from(date.month())
}

/// Whether a database file can be used: it opens, has a format this
/// cardwise knows, and passes SQLite's integrity check.
pub fn check_file(path: &Path) -> Result<(), String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| format!("cannot open it: {e}"))?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|e| format!("not a progress database: {e}"))?;
    if version > super::current_version() {
        return Err(format!("written by a newer cardwise (format {version})"));
    }
    let check: String = conn
        .pragma_query_value(None, "integrity_check", |row| row.get(0))
        .map_err(|e| format!("the integrity check failed: {e}"))?;
    if check != "ok" {
        return Err(format!("the integrity check failed: {check}"));
    }
    conn.query_row("SELECT COUNT(*) FROM reviews", [], |row| {
        row.get::<_, i64>(0)
    })
    .map_err(|e| format!("its review log cannot be read: {e}"))?;
    Ok(())
}

fn sync_file(path: &Path) -> Result<(), StoreError> {
    fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|source| StoreError::Io {
            op: "sync the backup",
            path: path.to_path_buf(),
            source,
        })
}

/// Make a rename durable. Best effort: not every platform can sync a folder.
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(dir: &Path, name: &str) {
        let backups = dir.join(BACKUP_DIR);
        fs::create_dir_all(&backups).unwrap();
        fs::write(backups.join(name), b"x").unwrap();
    }

    fn names(dir: &Path) -> Vec<String> {
        list(dir)
            .iter()
            .map(|b| b.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn backup_names_parse_and_sort_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "progress-2026-11-20T080000-daily.sqlite3");
        touch(
            dir.path(),
            "progress-2026-11-22T093015-before-restore.sqlite3",
        );
        touch(
            dir.path(),
            "progress-2026-11-21T080000-before-upgrade.sqlite3",
        );
        touch(dir.path(), "notes.txt");
        touch(dir.path(), "progress-garbage.sqlite3");
        let backups = list(dir.path());
        assert_eq!(backups.len(), 3);
        assert_eq!(backups[0].taken, "2026-11-22 09:30:15");
        assert_eq!(backups[0].reason, Reason::BeforeRestore);
        assert_eq!(backups[2].date, jiff::civil::date(2026, 11, 20));
    }

    #[test]
    fn rotation_keeps_the_last_seven_and_the_first_of_each_month_for_a_year() {
        let dir = tempfile::tempdir().unwrap();
        // Daily backups through 2026, and two from 2024.
        let mut day = jiff::civil::date(2026, 1, 1);
        while day <= jiff::civil::date(2026, 11, 22) {
            touch(dir.path(), &format!("progress-{day}T080000-daily.sqlite3"));
            day = day.tomorrow().unwrap();
        }
        touch(dir.path(), "progress-2024-03-05T080000-daily.sqlite3");
        touch(dir.path(), "progress-2024-03-09T080000-daily.sqlite3");
        touch(dir.path(), "unrelated.sqlite3");

        rotate(dir.path(), jiff::civil::date(2026, 11, 22)).unwrap();
        let kept = names(dir.path());
        let newest: Vec<String> = (16..=22)
            .rev()
            .map(|d| format!("progress-2026-11-{d:02}T080000-daily.sqlite3"))
            .collect();
        assert_eq!(kept[..7], newest[..]);
        // First of each month, Dec 2025 .. Nov 2026 (a year): Jan..Nov 2026.
        let firsts: Vec<String> = (1..=11)
            .rev()
            .map(|m| format!("progress-2026-{m:02}-01T080000-daily.sqlite3"))
            .collect();
        assert_eq!(kept[7..], firsts[..]);
        assert!(
            dir.path()
                .join(BACKUP_DIR)
                .join("unrelated.sqlite3")
                .exists(),
            "only backups are ever deleted"
        );
    }
}
