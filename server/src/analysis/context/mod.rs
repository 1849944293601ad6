//! The build context as the analysis sees it: one narrow interface that the front ends implement
//! over the filesystem and tests fake in memory, plus BuildKit's `.dockerignore` semantics.
//!
//! Architecture invariant: the analysis never touches the filesystem itself; everything it knows
//! about the build context comes through [`BuildContext`].

mod dockerignore;
mod memory;

pub use dockerignore::{IgnorePattern, Ignorer};
pub use memory::MemoryContext;

/// What a rule may ask about the build context. `None` means "unknown" (an unsaved buffer, an
/// unreadable folder, a context too large to list): rules stay quiet rather than guess.
pub trait BuildContext: Send + Sync {
    /// The ignore file that applies to this Dockerfile (`<name>.dockerignore` next to the
    /// Dockerfile wins over `.dockerignore` at the context root, as in BuildKit): its file name
    /// and contents. `Some(None)` when the context is known and has none.
    fn ignore_file(&self) -> Option<Option<(String, String)>>;

    /// Entries directly inside `dir` (a clean, slash-separated path relative to the context root,
    /// `""` for the root), each with whether it is a directory; empty when `dir` does not exist.
    fn read_dir(&self, dir: &str) -> Option<Vec<(String, bool)>>;
}

/// Another context with each answer kept for the rest of one analysis: several rules look up
/// the same folders (every COPY source walks its path from the root), and on disk each listing
/// costs a `stat` per entry.
pub struct Cached<'a> {
    inner: &'a dyn BuildContext,
    ignore: std::sync::OnceLock<Option<Option<(String, String)>>>,
    dirs: std::sync::Mutex<std::collections::HashMap<String, Listing>>,
}

/// A folder's entries, as [`BuildContext::read_dir`] gives them.
type Listing = Option<Vec<(String, bool)>>;

impl<'a> Cached<'a> {
    pub fn new(inner: &'a dyn BuildContext) -> Self {
        Self {
            inner,
            ignore: std::sync::OnceLock::new(),
            dirs: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }
}

impl BuildContext for Cached<'_> {
    fn ignore_file(&self) -> Option<Option<(String, String)>> {
        self.ignore.get_or_init(|| self.inner.ignore_file()).clone()
    }

    fn read_dir(&self, dir: &str) -> Option<Vec<(String, bool)>> {
        let mut dirs = self.dirs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        dirs.entry(dir.to_owned())
            .or_insert_with(|| self.inner.read_dir(dir))
            .clone()
    }
}

/// A context we know nothing about.
pub struct NoContext;

impl BuildContext for NoContext {
    fn ignore_file(&self) -> Option<Option<(String, String)>> {
        None
    }

    fn read_dir(&self, _dir: &str) -> Option<Vec<(String, bool)>> {
        None
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::{BuildContext, Cached, MemoryContext};

    /// Counts the reads that reach the context behind it.
    struct Counting {
        inner: MemoryContext,
        reads: AtomicUsize,
    }

    impl BuildContext for Counting {
        fn ignore_file(&self) -> Option<Option<(String, String)>> {
            self.reads.fetch_add(1, Ordering::Relaxed);
            self.inner.ignore_file()
        }

        fn read_dir(&self, dir: &str) -> Option<Vec<(String, bool)>> {
            self.reads.fetch_add(1, Ordering::Relaxed);
            self.inner.read_dir(dir)
        }
    }

    #[test]
    fn cached_reads_each_folder_and_the_ignore_file_once_with_the_same_answers() {
        let counting = Counting {
            inner: MemoryContext::new([("src/main.rs", ""), (".dockerignore", "target\n")]),
            reads: AtomicUsize::new(0),
        };
        let cached = Cached::new(&counting);
        for _ in 0..3 {
            assert_eq!(cached.read_dir(""), counting.inner.read_dir(""));
            assert_eq!(cached.read_dir("src"), counting.inner.read_dir("src"));
            assert_eq!(cached.read_dir("nope"), counting.inner.read_dir("nope"));
            assert_eq!(cached.ignore_file(), counting.inner.ignore_file());
        }
        // Three folders and the ignore file, once each (the comparisons above go around the cache).
        assert_eq!(counting.reads.load(Ordering::Relaxed), 4);
    }
}
