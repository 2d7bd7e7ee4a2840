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
    _file: File,
}

impl FolderLock {
    /// Lock `dir`, or say which process holds it.
    pub fn acquire(dir: &Path) -> Result<FolderLock, StoreError> {
        let path = dir.join(LOCK_FILE);
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
        Ok(FolderLock { _file: file })
    }

    pub fn path(dir: &Path) -> PathBuf {
        dir.join(LOCK_FILE)
    }
}

fn holder_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}
