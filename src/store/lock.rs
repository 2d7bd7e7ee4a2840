//! One running cardwise owns a data folder: an exclusive lock on a file in it.
//!
//! The operating system drops the lock when the process ends, however it
//! ends, so a crash never leaves a stale lock behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::StoreError;

pub const LOCK_FILE: &str = "cardwise.lock";

/// Held for as long as the store is open for writing.
#[derive(Debug)]
pub struct FolderLock {
    file: File,
    path: PathBuf,
    /// The lock file did not exist: it was deleted (perhaps while another
    /// cardwise held it), or the folder is new.
    pub created: bool,
}

impl FolderLock {
    /// Lock `dir`, or say which process holds it.
    pub fn acquire(dir: &Path) -> Result<FolderLock, StoreError> {
        let path = dir.join(LOCK_FILE);
        let created = !path.exists();
        let io = |op: &'static str| {
            let path = path.clone();
            move |source| StoreError::Io { op, path, source }
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io("open the lock file"))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::InUse {
                    dir: dir.to_path_buf(),
                    pid: holder_pid(&mut file),
                    elsewhere: None,
                    may_take_over: false,
                });
            }
            Err(TryLockError::Error(source)) => {
                return Err(io("lock the data folder")(source));
            }
        }
        // The pid is only a hint for the message a second instance shows.
        file.set_len(0).map_err(io("write the lock file"))?;
        file.seek(SeekFrom::Start(0))
            .map_err(io("write the lock file"))?;
        writeln!(file, "{}", std::process::id()).map_err(io("write the lock file"))?;
        Ok(FolderLock {
            file,
            path,
            created,
        })
    }

    pub fn path(dir: &Path) -> PathBuf {
        dir.join(LOCK_FILE)
    }

    /// Whether the file at the lock's path is still the one this lock
    /// holds. A deleted or replaced lock file no longer keeps anyone out.
    pub fn intact(&self) -> bool {
        same_file(&self.file, &self.path)
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(held), Ok(there)) => held.dev() == there.dev() && held.ino() == there.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be deleted or replaced.
#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

fn holder_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}
