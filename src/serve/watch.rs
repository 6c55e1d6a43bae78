//! Watching the site's files and turning editors' bursts of events into one
//! rebuild.
//!
//! Editors save in many ways: write in place (truncate, write, close), write
//! then truncate, write a temporary file and rename it over the old one,
//! delete and recreate, and leave swap, backup and lock files around. The
//! debounce waits for a short quiet period after the last event: 10 ms when
//! every changed file has been closed after writing or renamed into place
//! (the save is complete), longer when a file may still be written or a
//! deleted file may come back. Temporary files are ignored by name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, EventKind, ModifyKind, RenameMode};
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher};

/// Quiet time once every changed file is complete.
pub const SETTLED: Duration = Duration::from_millis(10);
/// Quiet time while a file may still be written or recreated.
pub const QUIET: Duration = Duration::from_millis(80);
/// A burst longer than this is built anyway (a sync tool copying for long).
pub const MAX_BATCH: Duration = Duration::from_millis(1000);

/// Names editors and tools use for files that are never content: vim's
/// `.x.swp` and `4913`, `x~` backups, Emacs `.#x` locks and `#x#` autosaves,
/// JetBrains' `___jb_tmp___`, Kate's `.kate-swp`, `.tmp`, hidden files.
pub fn ignored(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    crate::load::is_editor_temp(path)
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".kate-swp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.ends_with(".crdownload")
        || name.ends_with(".part")
}

/// One debounced set of changes.
#[derive(Debug, Default)]
pub struct Batch {
    pub paths: Vec<PathBuf>,
    /// Events may have been lost (queue overflow, watcher error).
    pub rescan: bool,
}

/// What waiting for changes gave.
pub enum Next {
    Batch(Batch),
    /// Nothing happened within the tick.
    Idle,
    /// The stop message came.
    Stop,
}

/// The watcher and its event channel.
pub struct Watch {
    watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<Event>>,
    tx: Sender<notify::Result<Event>>,
    watched: BTreeSet<(PathBuf, bool)>,
}

/// The event [`Watch::stopper`] sends.
const STOP: &str = "loa-stop";

impl Watch {
    pub fn new() -> notify::Result<Watch> {
        let (tx, rx) = std::sync::mpsc::channel();
        let watcher = notify::recommended_watcher(tx.clone())?;
        Ok(Watch {
            watcher,
            rx,
            tx,
            watched: BTreeSet::new(),
        })
    }

    /// A handle that makes [`Watch::next`] return [`Next::Stop`].
    pub fn stopper(&self) -> impl Fn() + Send + Sync + 'static {
        let tx = std::sync::Mutex::new(self.tx.clone());
        move || {
            if let Ok(tx) = tx.lock() {
                let _ = tx.send(Ok(Event::new(EventKind::Other).set_info(STOP)));
            }
        }
    }

    /// Watches exactly `roots` (path, recursive); returns the ones added.
    pub fn set_roots(&mut self, roots: &[(PathBuf, bool)]) -> Vec<PathBuf> {
        let want: BTreeSet<(PathBuf, bool)> = roots.iter().cloned().collect();
        for (p, rec) in self.watched.difference(&want).cloned().collect::<Vec<_>>() {
            let _ = self.watcher.unwatch(&p);
            self.watched.remove(&(p, rec));
        }
        let mut added = Vec::new();
        for (p, rec) in want.difference(&self.watched).cloned().collect::<Vec<_>>() {
            let mode = if rec {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if self.watcher.watch(&p, mode).is_ok() {
                self.watched.insert((p.clone(), rec));
                added.push(p);
            }
        }
        added
    }

    /// Waits up to `tick` for a change, then for the burst to end.
    /// `relevant` filters paths that cannot matter to the site.
    pub fn next(&self, tick: Duration, relevant: impl Fn(&Path) -> bool) -> Next {
        let mut pending: BTreeMap<PathBuf, bool> = BTreeMap::new();
        let mut rescan = false;
        let mut stop = false;
        // Events that do not matter (files opened by the build itself, temp
        // files) neither start a batch nor end the wait early.
        let idle_at = Instant::now() + tick;
        while pending.is_empty() && !rescan {
            let left = idle_at.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(ev) => absorb(ev, &mut pending, &mut rescan, &mut stop, &relevant),
                Err(RecvTimeoutError::Timeout) => return Next::Idle,
                Err(RecvTimeoutError::Disconnected) => return Next::Stop,
            }
            if stop {
                return Next::Stop;
            }
        }
        let start = Instant::now();
        loop {
            let quiet = if pending.values().all(|settled| *settled) {
                SETTLED
            } else {
                QUIET
            };
            match self.rx.recv_timeout(quiet) {
                Ok(ev) => {
                    absorb(ev, &mut pending, &mut rescan, &mut stop, &relevant);
                    if stop {
                        return Next::Stop;
                    }
                    if start.elapsed() > MAX_BATCH {
                        break;
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Next::Stop,
            }
        }
        Next::Batch(Batch {
            paths: pending.into_keys().collect(),
            rescan,
        })
    }
}

/// Adds one event to the pending set. A path is settled when its last
/// event says the save is done (closed after writing, renamed into place,
/// a new folder); a metadata change does not unsettle a file being written.
fn absorb(
    ev: notify::Result<Event>,
    pending: &mut BTreeMap<PathBuf, bool>,
    rescan: &mut bool,
    stop: &mut bool,
    relevant: &impl Fn(&Path) -> bool,
) {
    let ev = match ev {
        Ok(ev) => ev,
        Err(_) => {
            *rescan = true;
            return;
        }
    };
    if ev.info() == Some(STOP) {
        *stop = true;
        return;
    }
    if ev.need_rescan() {
        *rescan = true;
    }
    let settled_by = |i: usize| -> Option<bool> {
        match ev.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(true),
            EventKind::Access(_) => None,
            EventKind::Create(CreateKind::Folder) => Some(true),
            EventKind::Create(_) => Some(false),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)) => Some(true),
            EventKind::Modify(ModifyKind::Name(RenameMode::From)) => Some(true),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => Some(true),
            EventKind::Modify(ModifyKind::Name(_)) => Some(i > 0),
            EventKind::Modify(ModifyKind::Metadata(_)) => Some(true),
            EventKind::Modify(_) => Some(false),
            EventKind::Remove(_) => Some(false),
            EventKind::Any | EventKind::Other => Some(false),
        }
    };
    let metadata = matches!(ev.kind, EventKind::Modify(ModifyKind::Metadata(_)));
    for (i, p) in ev.paths.iter().enumerate() {
        if ignored(p) || !relevant(p) {
            continue;
        }
        let Some(settled) = settled_by(i) else {
            continue;
        };
        match pending.get_mut(p) {
            Some(s) if metadata => *s = *s && settled,
            Some(s) => *s = settled,
            None => {
                pending.insert(p.clone(), settled);
            }
        }
    }
}
