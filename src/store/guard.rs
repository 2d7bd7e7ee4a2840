//! The database file under the store: still there, and still the file it
//! opened? A file deleted while cardwise runs is written back at once from
//! the open database (nothing is lost); a write-ahead log deleted by hand
//! is folded into the file and started afresh; a file replaced by another
//! stops all writing until the learner chooses.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::db::sql;
use super::{Store, StoreError, backup};

/// What identifies a file on disk: where the system can tell, its device
/// and inode; elsewhere only that it exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct FileId(u64, u64);

#[cfg(unix)]
pub(super) fn identity(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path)
        .ok()
        .map(|m| FileId(m.dev(), m.ino()))
}

#[cfg(not(unix))]
pub(super) fn identity(path: &Path) -> Option<FileId> {
    path.exists().then_some(FileId(0, 0))
}

fn wal(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", path.display()))
}

impl Store {
    /// Before a write: make sure the answers go where the progress is.
    pub(super) fn keep_file(&mut self) -> Result<(), StoreError> {
        let Some(opened) = self.file_id else {
            return Ok(());
        };
        match identity(&self.path) {
            Some(now) if now == opened => {
                // The log may have been deleted by hand: SQLite would go on
                // writing into a file no one can find after a crash.
                if !wal(&self.path).exists() {
                    self.checkpoint_and_reopen()?;
                }
                Ok(())
            }
            None => self.write_back(),
            Some(_) => Err(StoreError::FileReplaced {
                path: self.path.clone(),
            }),
        }
    }

    /// The file was deleted while open: put the open database back in its
    /// place (a copy, synced, then renamed), and go on with that.
    fn write_back(&mut self) -> Result<(), StoreError> {
        let partial = PathBuf::from(format!("{}.writing-back", self.path.display()));
        backup::remove_with_journal(&partial);
        let copied = backup::copy_database_keeping_owner(&self.conn, &partial);
        if let Err(error) = copied {
            backup::remove_with_journal(&partial);
            return Err(error);
        }
        std::fs::rename(&partial, &self.path).map_err(|source| StoreError::Io {
            op: "put the progress file back",
            path: self.path.clone(),
            source,
        })?;
        if let Some(dir) = self.path.parent() {
            backup::sync_dir(dir);
        }
        self.reopen()?;
        self.file_restored = true;
        Ok(())
    }

    /// Put the open database in place of the file that replaced it; the
    /// other file is kept aside. The learner chose this.
    pub fn write_back_over_replacement(&mut self) -> Result<(), StoreError> {
        if identity(&self.path).is_some() && identity(&self.path) != self.file_id {
            let stamp = jiff::Zoned::now().strftime("%Y%m%d-%H%M%S").to_string();
            let aside = PathBuf::from(format!("{}.replaced-{stamp}", self.path.display()));
            for suffix in ["-wal", "-shm", ""] {
                let from = PathBuf::from(format!("{}{suffix}", self.path.display()));
                if from.exists() {
                    let to = PathBuf::from(format!("{}{suffix}", aside.display()));
                    std::fs::rename(&from, &to).map_err(|source| StoreError::Io {
                        op: "set the other progress file aside",
                        path: from.clone(),
                        source,
                    })?;
                }
            }
        }
        self.write_back()?;
        self.flush()
    }

    /// Fold whatever the log holds into the file, then open the file anew,
    /// with a fresh log.
    fn checkpoint_and_reopen(&mut self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(sql(
                "fold the write-ahead log into the progress file",
                &self.path,
            ))?;
        self.reopen()
    }

    fn reopen(&mut self) -> Result<(), StoreError> {
        let conn =
            Connection::open(&self.path).map_err(sql("reopen the progress file", &self.path))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql("switch to WAL", &self.path))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql("set synchronous=FULL", &self.path))?;
        // The old connection's closing must not touch the new log: it is
        // told not to checkpoint, and its log is gone already.
        let old = std::mem::replace(&mut self.conn, conn);
        let _ = old.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        );
        drop(old);
        self.file_id = identity(&self.path);
        Ok(())
    }

    /// Between answers (the window calls this every few seconds): keep the
    /// folder's lock, and put a deleted progress file back before its
    /// answers could be lost with the process.
    pub fn keep_in_place(&mut self) {
        if self.is_read_only() || self.lost_to().is_some() {
            return;
        }
        self.keep_lock();
        let _ = self.keep_file();
    }

    /// The progress file had been deleted while cardwise was open, and was
    /// written back; reading this forgets it.
    pub fn take_file_restored(&mut self) -> bool {
        std::mem::take(&mut self.file_restored)
    }
}
