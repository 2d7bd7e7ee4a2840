//! Where the progress and the decks live.

use std::path::{Path, PathBuf};

/// The folder name under the platform's data directory.
const APP_NAME: &str = "cardwise";

/// The data folder: `--data-dir` / `CARDWISE_DATA_DIR` when given (the
/// command line resolves both), else the platform's data directory
/// (`~/.local/share/cardwise` on Linux).
pub fn data_dir(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = given {
        return Some(dir.to_path_buf());
    }
    directories::ProjectDirs::from("", "", APP_NAME).map(|dirs| dirs.data_dir().to_path_buf())
}

/// The deck folder: `--decks` / `CARDWISE_DECKS_DIR` when given, else the
/// first `decks` folder found in the working directory, beside the
/// executable, or in the source tree it was built from.
pub fn decks_dir(given: Option<&Path>) -> PathBuf {
    if let Some(dir) = given {
        return dir.to_path_buf();
    }
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("decks")));
    let candidates = [
        Some(PathBuf::from("decks")),
        beside_exe,
        Some(shipped_decks()),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| PathBuf::from("decks"))
}

/// The shipped course in the source tree.
pub fn shipped_decks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("decks")
}
