//! Who may write: the owner's mark inside the database itself.
//!
//! The lock file keeps a second cardwise out at the door, but a file can be
//! deleted, or copied between computers by a sync tool. So the writer also
//! leaves its mark in the database (a random token, its process and its
//! computer) and checks, inside every write transaction, that the mark is
//! still its own. Whoever wrote the mark last owns the progress; anyone
//! else stops writing at its next answer and keeps that answer in memory.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

/// The `meta` row that holds the mark.
const KEY: &str = "owner";

/// The mark of a cardwise that writes (or wrote) to the progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    token: String,
    pub pid: Option<u32>,
    /// The computer's name, as far as it can be known.
    pub host: String,
    /// The database file the mark was left in. A file copied or moved
    /// elsewhere carries the mark along, but nobody writes to the copy.
    pub file: String,
}

impl Holder {
    /// A new mark for this process, writing to the database at `file`.
    pub fn this_process(file: &Path) -> Holder {
        Holder {
            token: format!("{:016x}", rand::random::<u64>()),
            pid: Some(std::process::id()),
            host: host_name(),
            file: file_name(file),
        }
    }

    fn value(&self) -> String {
        let pid = self.pid.map_or_else(|| "-".to_string(), |p| p.to_string());
        format!("{} {pid} {} {}", self.token, self.host, self.file)
    }

    fn parse(value: &str) -> Holder {
        let mut parts = value.splitn(4, ' ');
        Holder {
            token: parts.next().unwrap_or_default().to_string(),
            pid: parts.next().and_then(|p| p.parse().ok()),
            host: parts.next().unwrap_or_default().to_string(),
            file: parts.next().unwrap_or_default().to_string(),
        }
    }

    pub fn on_this_computer(&self) -> bool {
        self.host == host_name()
    }

    /// Whether the cardwise behind the mark may still be writing to the
    /// database at `file`: `false` only when this computer can tell that
    /// it is not (it ended, or it writes to the file the mark was left in,
    /// and this is a copy).
    pub fn may_be_writing(&self, file: &Path) -> bool {
        if !self.on_this_computer() {
            return true;
        }
        if self.file != file_name(file) {
            return false;
        }
        match self.pid {
            Some(pid) => process_running(pid).unwrap_or(true),
            None => true,
        }
    }

    /// "another cardwise (process 4711)" or "… on laptop-2 (process 4711)".
    pub fn describe(&self) -> String {
        let pid = self
            .pid
            .map(|p| format!(" (process {p})"))
            .unwrap_or_default();
        if self.on_this_computer() {
            format!("another cardwise{pid}")
        } else {
            format!("a cardwise on the computer \"{}\"{pid}", self.host)
        }
    }
}

/// The mark in the database, if any.
pub(super) fn read(conn: &Connection) -> rusqlite::Result<Option<Holder>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [KEY], |row| {
        row.get::<_, String>(0)
    })
    .optional()
    .map(|value| value.map(|v| Holder::parse(&v)))
}

/// Leave `holder`'s mark. The caller commits.
pub(super) fn write(conn: &Connection, holder: &Holder) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        [KEY, &holder.value()],
    )
    .map(drop)
}

/// Whether the progress is still `holder`'s. Read inside a write
/// transaction, so no other writer can come between the check and the
/// write. No mark at all is a loss too: another cardwise wrote and closed.
pub(super) fn check(conn: &Connection, holder: &Holder) -> rusqlite::Result<Ownership> {
    Ok(match read(conn)? {
        Some(found) if found.token == holder.token => Ownership::Mine,
        other => Ownership::Lost(other),
    })
}

pub(super) enum Ownership {
    Mine,
    /// Someone else's mark, or none.
    Lost(Option<Holder>),
}

/// Remove `holder`'s mark (on closing), unless someone else's is there.
pub(super) fn clear(conn: &Connection, holder: &Holder) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM meta WHERE key = ?1 AND value = ?2",
        [KEY, &holder.value()],
    )
    .map(drop)
}

/// Remove any mark (from a backup copy: a backup has no owner).
pub(super) fn remove(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM meta WHERE key = ?1", [KEY])
        .map(drop)
}

fn host_name() -> String {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_default();
    let name = name.trim();
    if name.is_empty() {
        "this computer".to_string()
    } else {
        // One word: the mark is split on spaces.
        name.replace(' ', "-")
    }
}

/// The database's path as the mark records it: absolute where it can be.
fn file_name(file: &Path) -> String {
    std::fs::canonicalize(file)
        .unwrap_or_else(|_| file.to_path_buf())
        .display()
        .to_string()
}

/// `Some(running)` where the system tells (Linux: `/proc`), else `None`.
fn process_running(pid: u32) -> Option<bool> {
    let proc = std::path::Path::new("/proc");
    if cfg!(target_os = "linux") && proc.join("self").exists() {
        Some(proc.join(pid.to_string()).exists())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("progress with spaces.sqlite3");
        std::fs::write(&file, b"").unwrap();
        let mine = Holder::this_process(&file);
        let back = Holder::parse(&mine.value());
        assert_eq!(back, mine);
        assert!(back.on_this_computer());
        assert!(back.may_be_writing(&file), "this very process runs");
        let copy = dir.path().join("copy.sqlite3");
        std::fs::write(&copy, b"").unwrap();
        assert!(!back.may_be_writing(&copy), "nobody writes to a copy");
        assert_eq!(
            back.describe(),
            format!("another cardwise (process {})", std::process::id())
        );
    }

    #[test]
    fn a_mark_from_another_computer_says_where_and_may_be_running() {
        let other = Holder::parse("abc 12 far-away-laptop /home/me/progress.sqlite3");
        assert!(!other.on_this_computer());
        assert!(other.may_be_writing(Path::new("/elsewhere/progress.sqlite3")));
        assert_eq!(
            other.describe(),
            "a cardwise on the computer \"far-away-laptop\" (process 12)"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_mark_of_a_process_that_ended_is_known_to_be_stale() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        let file = Path::new("/tmp/progress.sqlite3");
        let stale = Holder {
            token: "t".into(),
            pid: Some(pid),
            host: host_name(),
            file: file_name(file),
        };
        assert!(!stale.may_be_writing(file));
    }
}
