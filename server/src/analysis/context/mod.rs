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
