//! Live reload: the deck folder is watched (with `notify`), and a change
//! reloads the decks a moment after the last file event, so an editor's
//! save (often several writes) reloads once.

use std::sync::Arc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

/// Quiet time after the last file event before the decks are reloaded.
pub const SETTLE: Duration = Duration::from_millis(250);

pub struct DeckWatcher {
    /// Kept alive: dropping it stops the watching.
    _watcher: notify::RecommendedWatcher,
    /// When the last change was seen, if not yet reloaded.
    changed: Arc<Mutex<Option<Instant>>>,
}

impl DeckWatcher {
    /// Watch `dir` (and its sub-folders); each change asks `ctx` for a
    /// frame. `None` when the folder cannot be watched (it is not there,
    /// or the system refuses): decks then load at start only.
    pub fn start(dir: &std::path::Path, ctx: egui::Context) -> Option<DeckWatcher> {
        let changed = Arc::new(Mutex::new(None));
        let seen = changed.clone();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else {
                    return;
                };
                if event.kind.is_access() {
                    return;
                }
                if let Ok(mut last) = seen.lock() {
                    *last = Some(Instant::now());
                }
                ctx.request_repaint_after(SETTLE);
            })
            .ok()?;
        watcher.watch(dir, RecursiveMode::Recursive).ok()?;
        Some(DeckWatcher {
            _watcher: watcher,
            changed,
        })
    }

    /// A change has settled: reload now (once).
    pub fn take_settled(&self) -> bool {
        let Ok(mut last) = self.changed.lock() else {
            return false;
        };
        match *last {
            Some(at) if at.elapsed() >= SETTLE => {
                *last = None;
                true
            }
            Some(_) => false,
            None => false,
        }
    }

    /// A change was seen and is settling.
    pub fn pending(&self) -> bool {
        self.changed.lock().is_ok_and(|last| last.is_some())
    }
}
