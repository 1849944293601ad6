//! ShellCheck's answers kept on disk between runs, so that `check` in CI or a pre-commit hook,
//! and an editor started again, do not ask ShellCheck again about scripts that did not change
//! (ShellCheck is nearly all of the time of a lint with it). The in-memory cache of
//! `shellcheck.rs` stays in front of this one.
//!
//! One file per answer, named by a 128-bit hash of what the answer depends on: this program's
//! version, the ShellCheck binary (path, size and modification time, so an upgrade starts
//! afresh), the output format, the dialect and the script. A file holds ShellCheck's own JSON
//! output and nothing else: no script text is written to disk. Only answers ShellCheck gave
//! (exit status 0 or 1, output that parses) are kept; failures and timeouts are asked again.
//!
//! The folder is `$DOCKERFILE_LSP_CACHE_DIR`, else `$XDG_CACHE_HOME/dockerfile-lsp`, else
//! `~/.cache/dockerfile-lsp` (then `shellcheck-v1/` inside); `DOCKERFILE_LSP_CACHE_DIR=off` (or
//! empty) and `check --no-cache` turn it off. It is made readable by its owner only, holds at
//! most [`MAX_ENTRIES`] files (past that it is emptied and fills again), and every read is
//! bounded. Files are written under a temporary name and renamed, so that processes sharing the
//! folder never read half a file. Any failure (no home folder, a read-only disk) only means
//! ShellCheck is asked.

use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The layout version: a change to what a file holds gets a new folder.
const SUBDIR: &str = "shellcheck-v1";
/// Files kept before the folder is emptied (a file is ShellCheck's JSON for one script, most
/// under 2 KB, a 4 KB block on most disks).
pub const MAX_ENTRIES: usize = 10_000;

static DISABLED: AtomicBool = AtomicBool::new(false);

/// Turns the disk cache off for this process (`check --no-cache`).
pub fn disable() {
    DISABLED.store(true, Ordering::Relaxed);
}

/// The cache folder, when there is one to use.
fn folder() -> Option<&'static Path> {
    static FOLDER: OnceLock<Option<PathBuf>> = OnceLock::new();
    if DISABLED.load(Ordering::Relaxed) {
        return None;
    }
    FOLDER
        .get_or_init(|| {
            let base = match std::env::var_os("DOCKERFILE_LSP_CACHE_DIR") {
                Some(dir) if dir.is_empty() || dir == "off" => return None,
                Some(dir) => PathBuf::from(dir),
                None => std::env::var_os("XDG_CACHE_HOME")
                    .filter(|d| Path::new(d).is_absolute())
                    .map(PathBuf::from)
                    .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))?
                    .join("dockerfile-lsp"),
            };
            Some(base.join(SUBDIR))
        })
        .as_deref()
}

/// The name of the file for an answer: a 128-bit hash of `parts`, in hex. SipHash with two fixed
/// seeds; a toolchain that hashes differently only costs misses.
pub fn entry_name(parts: &[&[u8]]) -> String {
    let half = |seed: u64| {
        let mut h = std::hash::DefaultHasher::new();
        seed.hash(&mut h);
        env!("CARGO_PKG_VERSION").hash(&mut h);
        for part in parts {
            part.hash(&mut h);
        }
        h.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

/// The cached output for `name`, at most `max_bytes` long.
pub fn get(name: &str, max_bytes: u64) -> Option<Vec<u8>> {
    get_in(folder()?, name, max_bytes)
}

/// Keeps `output` as the answer for `name`.
pub fn put(name: &str, output: &[u8]) {
    static PREPARED: AtomicBool = AtomicBool::new(false);
    let Some(dir) = folder() else {
        return;
    };
    if !PREPARED.swap(true, Ordering::Relaxed) && !prepare(dir) {
        // Not usable: stop trying for this process.
        disable();
        return;
    }
    put_in(dir, name, output);
}

fn get_in(dir: &Path, name: &str, max_bytes: u64) -> Option<Vec<u8>> {
    let file = std::fs::File::open(dir.join(name)).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut out = Vec::new();
    file.take(max_bytes + 1).read_to_end(&mut out).ok()?;
    (out.len() as u64 <= max_bytes).then_some(out)
}

fn put_in(dir: &Path, name: &str, output: &[u8]) {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let temporary = dir.join(format!(
        ".tmp-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let written = std::fs::write(&temporary, output).and_then(|()| std::fs::rename(&temporary, dir.join(name)));
    if let Err(e) = written {
        tracing::debug!("shellcheck disk cache: cannot write {}: {e}", dir.display());
        let _ = std::fs::remove_file(&temporary);
    }
}

/// Makes the folder (owner only) and empties it when it holds too many files. `false` when it
/// cannot be used.
fn prepare(dir: &Path) -> bool {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    if let Err(e) = builder.create(dir) {
        tracing::debug!("shellcheck disk cache: cannot create {}: {e}", dir.display());
        return false;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .take(MAX_ENTRIES + 1)
        .collect();
    if files.len() > MAX_ENTRIES {
        tracing::debug!(
            "shellcheck disk cache: over {MAX_ENTRIES} files, emptying {}",
            dir.display()
        );
        for file in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let _ = std::fs::remove_file(file.path());
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dockerfile-lsp-disk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn names_depend_on_every_part_and_their_boundaries() {
        let a = entry_name(&[b"bin", b"json1", b"echo hi"]);
        assert_eq!(a, entry_name(&[b"bin", b"json1", b"echo hi"]));
        assert_eq!(a.len(), 32);
        assert_ne!(a, entry_name(&[b"bin", b"json1", b"echo ho"]));
        assert_ne!(a, entry_name(&[b"bin", b"json1e", b"cho hi"]));
    }

    #[test]
    fn kept_answers_come_back_bounded_and_the_folder_is_private() {
        let dir = scratch("roundtrip").join("cache");
        assert!(prepare(&dir));
        put_in(&dir, "abc", b"{\"comments\":[]}");
        assert_eq!(get_in(&dir, "abc", 1024).as_deref(), Some(&b"{\"comments\":[]}"[..]));
        assert_eq!(get_in(&dir, "abc", 4), None, "longer than the bound");
        assert_eq!(get_in(&dir, "missing", 1024), None);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&dir).map(|m| m.permissions().mode() & 0o777);
            assert_eq!(mode.ok(), Some(0o700));
        }
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left");
        let _ = std::fs::remove_dir_all(dir.parent().unwrap_or(&dir));
    }

    #[test]
    fn a_full_folder_is_emptied() {
        let dir = scratch("full");
        std::fs::create_dir_all(&dir).expect("mkdir");
        for i in 0..=MAX_ENTRIES {
            std::fs::write(dir.join(format!("{i:032x}")), b"").expect("write");
        }
        assert!(prepare(&dir));
        assert_eq!(std::fs::read_dir(&dir).map(|d| d.count()).ok(), Some(0));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
