//! Measuring a build context on disk: how many files and bytes it holds, and how many of them its
//! ignore file lets through to the builder. The walk is bounded (a Dockerfile in a home folder
//! must not make the server read the whole disk), and results are cached per context and ignore
//! file until the front end says files changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::analysis::context::Ignorer;
use crate::analysis::lens::{ContextSize, ContextState, Tally};

/// Entries (files and folders) a walk visits at most.
pub const MAX_ENTRIES: usize = 200_000;

/// Contexts whose numbers are kept; past that the oldest are dropped and measured again on
/// demand.
const MAX_CONTEXTS: usize = 16;

/// Walks `root` and counts what it holds, and what `ignore` (the ignore file's name and rules)
/// lets through. Symbolic links count as files and are not followed, as the builder sends them.
/// `None` when `root` is not a readable folder.
pub fn measure(root: &Path, ignore: Option<(&str, &Ignorer)>, max_entries: usize) -> Option<ContextSize> {
    std::fs::read_dir(root).ok()?;
    let mut size = ContextSize {
        sent: ignore.map(|(name, _)| (name.to_owned(), Tally::default())),
        ..ContextSize::default()
    };
    let mut visited = 0;
    // Folders to read, as paths relative to the root ("" for the root).
    let mut pending = vec![String::new()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            visited += 1;
            if visited > max_entries {
                size.truncated = true;
                return Some(size);
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if dir.is_empty() { name } else { format!("{dir}/{name}") };
            let Ok(meta) = entry.path().symlink_metadata() else {
                continue;
            };
            if meta.is_dir() {
                pending.push(path);
                continue;
            }
            size.all.files += 1;
            size.all.bytes += meta.len();
            if let Some((_, sent)) = &mut size.sent
                && let Some((_, ignorer)) = ignore
                && !ignorer.is_excluded(&path)
            {
                sent.files += 1;
                sent.bytes += meta.len();
            }
        }
    }
    Some(size)
}

/// A context folder and the ignore file that applies to it (name and contents): a change to the
/// ignore file makes a new key, so its numbers are measured again.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ContextKey {
    pub root: PathBuf,
    pub ignore: Option<(String, String)>,
}

struct Entry {
    state: ContextState,
    /// When the entry was made, to drop the oldest first.
    made: u64,
}

/// The measured contexts. A measurement that was started before [`ContextSizes::forget`] is
/// dropped when it finishes: files changed while it walked.
#[derive(Default)]
pub struct ContextSizes {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<ContextKey, Entry>,
    /// Counts entries made, and forgets.
    clock: u64,
    /// The clock at the last forget.
    forgotten_at: u64,
}

impl ContextSizes {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Every change is one insert or remove: a panic elsewhere cannot leave it half done.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// What is known about `key`; `None` when nothing is, and then the caller should measure it:
    /// the key is marked as being measured, and the returned ticket goes to [`Self::finish`].
    pub fn state_or_start(&self, key: &ContextKey) -> Result<ContextState, u64> {
        let mut inner = self.lock();
        if let Some(entry) = inner.entries.get(key) {
            return Ok(entry.state.clone());
        }
        inner.clock += 1;
        let made = inner.clock;
        inner.entries.insert(
            key.clone(),
            Entry {
                state: ContextState::Measuring,
                made,
            },
        );
        while inner.entries.len() > MAX_CONTEXTS {
            let Some(oldest) = inner.entries.iter().min_by_key(|(_, e)| e.made).map(|(k, _)| k.clone()) else {
                break;
            };
            inner.entries.remove(&oldest);
        }
        Err(made)
    }

    /// Records a finished measurement (`None`: the folder could not be read) unless files changed
    /// since it started. Returns whether it was kept.
    pub fn finish(&self, key: &ContextKey, ticket: u64, size: Option<ContextSize>) -> bool {
        let mut inner = self.lock();
        let current = inner.entries.get(key).is_some_and(|e| e.made == ticket);
        if ticket <= inner.forgotten_at || !current {
            return false;
        }
        match size {
            Some(size) => {
                if let Some(entry) = inner.entries.get_mut(key) {
                    entry.state = ContextState::Measured(size);
                }
            }
            None => {
                inner.entries.remove(key);
            }
        }
        true
    }

    /// Forgets every number: files changed.
    pub fn forget(&self) {
        let mut inner = self.lock();
        inner.entries.clear();
        inner.clock += 1;
        inner.forgotten_at = inner.clock;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> PathBuf {
        let root = std::env::temp_dir().join(format!("dockerfile-lsp-context-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (path, bytes) in [
            ("Dockerfile", 10),
            ("src/main.rs", 100),
            ("node_modules/a/index.js", 1000),
            ("node_modules/b.js", 1000),
            ("target/debug/app", 5000),
        ] {
            let file = root.join(path);
            std::fs::create_dir_all(file.parent().unwrap_or(&root)).expect("create folders");
            std::fs::write(&file, vec![b'x'; bytes]).expect("write file");
        }
        root
    }

    #[test]
    fn counts_everything_and_what_the_ignore_file_lets_through() {
        let root = tree();
        let ignorer = Ignorer::parse("node_modules\ntarget\n!target/debug/app\n");
        let size = measure(&root, Some((".dockerignore", &ignorer)), MAX_ENTRIES).expect("measured");
        assert_eq!(size.all, Tally { files: 5, bytes: 7110 });
        assert_eq!(
            size.sent,
            Some((".dockerignore".to_owned(), Tally { files: 3, bytes: 5110 }))
        );
        assert!(!size.truncated);

        let plain = measure(&root, None, MAX_ENTRIES).expect("measured");
        assert_eq!(plain.sent, None);

        let bounded = measure(&root, None, 3).expect("measured");
        assert!(bounded.truncated);
        assert!(bounded.all.files < 5);
        assert_eq!(measure(&root.join("missing"), None, MAX_ENTRIES), None);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn cache_measures_once_and_drops_results_from_before_a_change() {
        let sizes = ContextSizes::default();
        let key = ContextKey {
            root: PathBuf::from("/ctx"),
            ignore: None,
        };
        let Err(ticket) = sizes.state_or_start(&key) else {
            panic!("a new context is measured");
        };
        assert_eq!(sizes.state_or_start(&key), Ok(ContextState::Measuring));
        assert!(sizes.finish(&key, ticket, Some(ContextSize::default())));
        assert_eq!(
            sizes.state_or_start(&key),
            Ok(ContextState::Measured(ContextSize::default()))
        );

        sizes.forget();
        let Err(stale) = sizes.state_or_start(&key) else {
            panic!("forgotten contexts are measured again");
        };
        sizes.forget();
        assert!(
            !sizes.finish(&key, stale, Some(ContextSize::default())),
            "files changed meanwhile"
        );

        for i in 0..=MAX_CONTEXTS {
            let other = ContextKey {
                root: PathBuf::from(format!("/ctx{i}")),
                ignore: None,
            };
            assert!(sizes.state_or_start(&other).is_err());
        }
        assert!(sizes.lock().entries.len() <= MAX_CONTEXTS);
    }
}
