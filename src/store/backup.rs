//! Backups of the progress database, made with SQLite's online backup API.
//!
//! Each backup is a complete database in `backups/`, named by the local
//! time it was taken and why: `progress-2026-11-22T093015-daily.sqlite3`.
//! A name is only a label: the clock that wrote it may have been wrong, so
//! which backup is newest is decided by what it holds (its newest review's
//! number, then how many reviews, then the newest review's time). A backup
//! is written to a temporary name, synced, then renamed, so a crash never
//! leaves half a backup under a real name; it is a plain (rollback-journal)
//! database with no owner mark, read without locks or side files.
//! Rotation keeps the 7 newest and the oldest of each month for a year; it
//! only ever deletes files that match the backup name pattern (and the
//! empty side files an older cardwise left beside them).

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
    /// What it holds; `None` until read, or if it cannot be read.
    pub content: Option<Content>,
}

/// What a backup holds, as far as ranking it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Content {
    /// The highest review number in it. Numbers only grow along one
    /// learner's history, across restores too (a restored file's new
    /// device numbers on from the highest number it has seen).
    pub newest_seq: i64,
    pub reviews: u64,
    /// The newest review's time, in milliseconds since 1970 (UTC).
    pub newest_ms: i64,
}

impl Content {
    /// Read what the database open in `conn` holds.
    pub(super) fn of(conn: &Connection) -> rusqlite::Result<Content> {
        let newest_seq: Option<i64> = conn.query_row(
            "SELECT MAX((SELECT MAX(seq) FROM reviews WHERE device = d.id)) FROM devices d",
            [],
            |row| row.get(0),
        )?;
        let (reviews, newest_ms): (i64, Option<i64>) = conn.query_row(
            // Answers (kinds 0 to 3), not undos or actions on cards.
            "SELECT COUNT(*) FILTER (WHERE kind <= 3), MAX(answered_at_ms) FROM reviews",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        Ok(Content {
            newest_seq: newest_seq.unwrap_or(0),
            reviews: reviews.unsigned_abs(),
            newest_ms: newest_ms.unwrap_or(0),
        })
    }

    /// The newest review's time.
    pub fn newest_answer(&self) -> Option<jiff::Timestamp> {
        (self.reviews > 0)
            .then(|| jiff::Timestamp::from_millisecond(self.newest_ms).ok())
            .flatten()
    }
}

impl Backup {
    /// Reviews the backup holds; `None` if it cannot be read.
    pub fn reviews(&self) -> Option<u64> {
        match self.content {
            Some(content) => Some(content.reviews),
            None => read_content(&self.path).map(|c| c.reviews),
        }
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
            content: None,
        })
    }
}

/// Open a backup (or any database that nothing writes to) for reading,
/// without locks and without creating side files beside it.
pub(super) fn open_immutable(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    match immutable_uri(path) {
        Some(uri) => Connection::open_with_flags(uri, flags),
        None => Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY),
    }
}

/// `file:/the/path?immutable=1`, with the characters a URI reserves
/// escaped; `None` for a path that is not UTF-8.
fn immutable_uri(path: &Path) -> Option<String> {
    let text = path.to_str()?;
    let mut uri = String::from("file:");
    if cfg!(windows) {
        uri.push('/');
    }
    for ch in text.chars() {
        match ch {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", ch as u32)),
            '\\' if cfg!(windows) => uri.push('/'),
            _ => uri.push(ch),
        }
    }
    uri.push_str("?immutable=1");
    Some(uri)
}

/// What the backup at `path` holds; `None` if it cannot be read.
pub fn read_content(path: &Path) -> Option<Content> {
    Content::of(&open_immutable(path).ok()?).ok()
}

/// Every backup with what it holds, newest (by content) first; backups
/// that cannot be read come last, newest name first.
pub fn ranked(data_dir: &Path) -> Vec<Backup> {
    let mut backups: Vec<Backup> = list(data_dir)
        .into_iter()
        .map(|mut backup| {
            backup.content = read_content(&backup.path);
            backup
        })
        .collect();
    backups.sort_by(|a, b| (b.content, &b.path).cmp(&(a.content, &a.path)));
    backups
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
    remove_with_journal(&partial);
    let copied = copy_database(conn, &partial).map_err(sql("write a backup", &partial));
    if copied.is_err() {
        remove_with_journal(&partial);
    }
    copied?;
    sync_file(&partial)?;
    fs::rename(&partial, &path).map_err(|source| StoreError::Io {
        op: "name the backup",
        path: path.clone(),
        source,
    })?;
    sync_dir(&dir);
    Ok(path)
}

/// Copy the database open in `from` to a new file at `to`, as a plain
/// rollback-journal database without an owner mark: a backup, or a
/// replacement for a damaged file.
pub(super) fn copy_database(from: &Connection, to: &Path) -> rusqlite::Result<()> {
    let mut dst = Connection::open(to)?;
    copy_into(from, &mut dst)?;
    dst.pragma_update(None, "journal_mode", "DELETE")?;
    super::owner::remove(&dst)?;
    dst.close().map_err(|(_, e)| e)
}

/// Copy the database open in `from` to a new file at `to` as it is (owner
/// mark and all), synced: to put a deleted progress file back.
pub(super) fn copy_database_keeping_owner(from: &Connection, to: &Path) -> Result<(), StoreError> {
    let copy = |to: &Path| -> rusqlite::Result<()> {
        let mut dst = Connection::open(to)?;
        copy_into(from, &mut dst)?;
        dst.close().map_err(|(_, e)| e)
    };
    copy(to).map_err(sql("write the progress file back", to))?;
    sync_file(to)
}

/// Copy every page of the database open in `from` over the one open in `to`.
pub(super) fn copy_into(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
    let backup = rusqlite::backup::Backup::new(from, to)?;
    loop {
        match backup.step(256)? {
            rusqlite::backup::StepResult::Done => return Ok(()),
            // One side is busy for a moment (a write in progress).
            _ => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    }
}

/// Remove a half-written copy and the rollback journal SQLite may have
/// left beside it.
pub(super) fn remove_with_journal(path: &Path) {
    let _ = fs::remove_file(path);
    let _ = fs::remove_file(PathBuf::from(format!("{}-journal", path.display())));
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
    drop(conn);
    rotate(data_dir, today)?;
    Ok(Some(path))
}

/// Delete old backups: keep the newest [`KEEP_NEWEST`] (by what they
/// hold), and the oldest of each of the last [`KEEP_MONTHS`] months (by
/// name). Then remove the side files an older cardwise left beside backups.
pub fn rotate(data_dir: &Path, today: Date) -> Result<Vec<PathBuf>, StoreError> {
    let backups = ranked(data_dir);
    let mut keep: Vec<&Path> = backups
        .iter()
        .take(KEEP_NEWEST)
        .map(|b| b.path.as_path())
        .collect();
    let first_kept_month = months(today) - KEEP_MONTHS;
    // Oldest name first, so the first seen in a month is that month's oldest.
    let mut by_name: Vec<&Backup> = backups.iter().collect();
    by_name.sort_by(|a, b| a.path.cmp(&b.path));
    let mut months_kept = Vec::new();
    for backup in by_name {
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
    remove_side_files(&data_dir.join(BACKUP_DIR));
    Ok(deleted)
}

/// Reading a backup with an older cardwise left `-wal` and `-shm` files
/// beside it. A backup is never written to, so its write-ahead log is
/// empty: remove those (and any whose backup is gone); a log that holds
/// something is left alone.
fn remove_side_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(main) = name
            .strip_suffix("-wal")
            .or_else(|| name.strip_suffix("-shm"))
        else {
            continue;
        };
        if !(main.starts_with(PREFIX) && main.ends_with(SUFFIX)) {
            continue;
        }
        let wal = dir.join(format!("{main}-wal"));
        let empty_log = fs::metadata(&wal).map_or(true, |m| m.len() == 0);
        if empty_log || !dir.join(main).exists() {
            let _ = fs::remove_file(&path);
        }
    }
}

fn months(date: Date) -> i32 {
    i32::from(date.year()) * 12 + i32::from(date.month())
}

/// Whether a database file can be used: it opens, has a format this
/// cardwise knows, and passes SQLite's integrity check.
pub fn check_file(path: &Path) -> Result<(), String> {
    let conn = open_immutable(path).map_err(|e| format!("cannot open it: {e}"))?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|e| format!("not a progress database: {e}"))?;
    if version > super::current_version() {
        return Err(format!("written by a newer cardwise (format {version})"));
    }
    let check: String = conn
        .pragma_query_value(None, "integrity_check", |row| row.get(0))
        .map_err(|_| "it is damaged: SQLite's integrity check fails on it".to_string())?;
    if check != "ok" {
        return Err("it is damaged: SQLite's integrity check fails on it".into());
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
