//! The build context on disk, behind the analysis' narrow [`BuildContext`] interface.
//!
//! The Dockerfile (and so whoever wrote it) chooses the paths looked up here, so the reads are
//! confined and bounded: listings stay inside the context root (a symbolic link that leads out of
//! it is listed as a file and never followed, and a path through one is unknown), an ignore file
//! is read only when it is a regular file inside its folder and only up to [`MAX_IGNORE_BYTES`],
//! and one context answers at most [`MAX_TOTAL_ENTRIES`] entries over all its listings.

use std::io::{ErrorKind, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::analysis::context::BuildContext;

/// Directory listings of a context folder, bounded so that a Dockerfile in a home folder does
/// not make the linter walk the whole disk.
pub struct FsContext {
    root: PathBuf,
    /// The Dockerfile's file name, for `<name>.dockerignore`.
    dockerfile_name: Option<String>,
    /// The Dockerfile's folder, where BuildKit looks for `<name>.dockerignore`.
    dockerfile_dir: Option<PathBuf>,
    /// The root with every symbolic link resolved, once (`None`: it cannot be resolved).
    real_root: OnceLock<Option<PathBuf>>,
    /// Entries listed so far, against `max_entries`.
    listed: AtomicUsize,
    /// [`MAX_TOTAL_ENTRIES`]; smaller in tests.
    max_entries: usize,
}

/// Entries read from one directory at most; past that the listing is "unknown".
pub const MAX_DIR_ENTRIES: usize = 20_000;

/// Entries one context lists at most over all its listings (one analysis of one Dockerfile);
/// past that every listing is "unknown".
pub const MAX_TOTAL_ENTRIES: usize = 100_000;

/// An ignore file longer than this is not read (it is "unknown"): real ones are a few hundred
/// bytes, and a link to `/dev/zero` must not exhaust memory.
pub const MAX_IGNORE_BYTES: u64 = 1 << 20;

impl FsContext {
    /// The context of the Dockerfile at `dockerfile`: its folder, or `context` relative to it.
    pub fn for_dockerfile(dockerfile: &Path, context: Option<&str>) -> Self {
        let dir = dockerfile
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        let root = match context {
            Some(c) => dir.join(c),
            None => dir.clone(),
        };
        Self {
            root,
            dockerfile_name: dockerfile.file_name().map(|n| n.to_string_lossy().into_owned()),
            dockerfile_dir: Some(dir),
            real_root: OnceLock::new(),
            listed: AtomicUsize::new(0),
            max_entries: MAX_TOTAL_ENTRIES,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn real_root(&self) -> Option<&Path> {
        self.real_root
            .get_or_init(|| std::fs::canonicalize(&self.root).ok())
            .as_deref()
    }

    /// Where `relative` (a clean context path) leads, component by component, so that a link
    /// out of the root is noticed before anything behind it is looked at.
    fn resolve(&self, relative: &str) -> Resolved {
        let Some(root) = self.real_root() else {
            return Resolved::Outside;
        };
        let mut real = root.to_path_buf();
        for component in Path::new(relative).components() {
            match component {
                Component::Normal(name) => match std::fs::canonicalize(real.join(name)) {
                    Ok(next) if next.starts_with(root) => real = next,
                    Ok(_) => return Resolved::Outside,
                    Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
                        return Resolved::Missing;
                    }
                    Err(_) => return Resolved::Outside,
                },
                Component::CurDir => {}
                // `..`, `/` or a drive: not a clean context path.
                _ => return Resolved::Outside,
            }
        }
        Resolved::Inside(real)
    }
}

enum Resolved {
    Inside(PathBuf),
    /// Nothing there (or a file where a folder should be).
    Missing,
    /// Out of the context, or unreadable: not ours to look at.
    Outside,
}

/// The contents of the regular file `name` in `dir`, when it is one and not a link out of `dir`,
/// and not longer than [`MAX_IGNORE_BYTES`]. `Ok(None)` when there is no such file.
fn read_bounded(dir: &Path, name: &str) -> std::io::Result<Option<String>> {
    let path = dir.join(name);
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let invalid = |what: &str| std::io::Error::new(ErrorKind::InvalidData, format!("{}: {what}", path.display()));
    if meta.file_type().is_symlink() {
        let real_dir = std::fs::canonicalize(dir)?;
        let target = std::fs::canonicalize(&path)?;
        if !target.starts_with(&real_dir) {
            return Err(invalid("a link out of its folder"));
        }
    }
    // Following the link now stays inside the folder; a FIFO or a device would block or never end.
    let meta = std::fs::metadata(&path)?;
    if !meta.is_file() {
        return Err(invalid("not a regular file"));
    }
    if meta.len() > MAX_IGNORE_BYTES {
        return Err(invalid("too large"));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(&path)?
        .take(MAX_IGNORE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_IGNORE_BYTES {
        return Err(invalid("too large"));
    }
    String::from_utf8(bytes).map(Some).map_err(|_| invalid("not UTF-8"))
}

impl BuildContext for FsContext {
    fn ignore_file(&self) -> Option<Option<(String, String)>> {
        if let (Some(name), Some(dir)) = (&self.dockerfile_name, &self.dockerfile_dir) {
            let specific = format!("{name}.dockerignore");
            match read_bounded(dir, &specific) {
                Ok(Some(contents)) => return Some(Some((specific, contents))),
                Ok(None) => {}
                // There is one, but we may not read it: what applies is unknown.
                Err(_) => return None,
            }
        }
        match read_bounded(&self.root, ".dockerignore") {
            Ok(Some(contents)) => Some(Some((".dockerignore".to_string(), contents))),
            // Only claim "no ignore file" when the context itself is there to look at.
            Ok(None) => self.root.is_dir().then_some(None),
            Err(_) => None,
        }
    }

    fn read_dir(&self, dir: &str) -> Option<Vec<(String, bool)>> {
        let root = self.real_root()?;
        if !root.is_dir() {
            return None;
        }
        let path = match self.resolve(dir) {
            Resolved::Inside(path) => path,
            Resolved::Missing => return Some(Vec::new()),
            Resolved::Outside => return None,
        };
        let entries = match std::fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
                return Some(Vec::new());
            }
            Err(_) => return None,
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.ok()?;
            if out.len() >= MAX_DIR_ENTRIES || self.listed.fetch_add(1, Ordering::Relaxed) >= self.max_entries {
                return None;
            }
            let file_type = entry.file_type().ok()?;
            // A link is followed only when it stays inside the context (BuildKit sends the link,
            // and a COPY through it finds the target there); one leading out is just a name.
            let is_dir = if file_type.is_symlink() {
                std::fs::canonicalize(entry.path()).is_ok_and(|target| target.starts_with(root) && target.is_dir())
            } else {
                file_type.is_dir()
            };
            out.push((entry.file_name().to_string_lossy().into_owned(), is_dir));
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    /// A context folder with a secret beside it, outside: `outside/secret`.
    fn tree(name: &str) -> (PathBuf, PathBuf) {
        let base = std::env::temp_dir().join(format!("dockerfile-lsp-context-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let root = base.join("ctx");
        let outside = base.join("outside");
        for dir in [root.join("src/inner"), outside.join("deep")] {
            std::fs::create_dir_all(dir).expect("create folders");
        }
        std::fs::write(root.join("Dockerfile"), "FROM a\n").expect("write");
        std::fs::write(root.join("src/main.rs"), "").expect("write");
        std::fs::write(outside.join("secret"), "").expect("write");
        (root, outside)
    }

    fn names(listing: Option<Vec<(String, bool)>>) -> Option<Vec<(String, bool)>> {
        listing.map(|mut l| {
            l.sort();
            l
        })
    }

    #[test]
    fn links_out_of_the_context_are_never_followed() {
        let (root, outside) = tree("links");
        symlink(&outside, root.join("escape")).expect("symlink");
        symlink(root.join("src"), root.join("alias")).expect("symlink");
        symlink("/", root.join("slash")).expect("symlink");
        let fs = FsContext::for_dockerfile(&root.join("Dockerfile"), None);
        // Links out are names, not folders; a link inside is followed.
        let top = names(fs.read_dir("")).expect("the root is listed");
        let entry = |n: &str| top.iter().find(|(name, _)| name == n).map(|(_, dir)| *dir);
        assert_eq!(entry("escape"), Some(false));
        assert_eq!(entry("slash"), Some(false));
        assert_eq!(entry("alias"), Some(true));
        // Nothing behind them is looked at; `..` is refused.
        assert_eq!(fs.read_dir("escape"), None);
        assert_eq!(fs.read_dir("escape/deep"), None);
        assert_eq!(fs.read_dir("slash/etc"), None);
        assert_eq!(fs.read_dir("src/../../outside"), None);
        assert_eq!(fs.read_dir("../outside"), None);
        assert_eq!(
            names(fs.read_dir("alias")),
            Some(vec![("inner".to_owned(), true), ("main.rs".to_owned(), false)])
        );
        // A missing folder inside is an answer.
        assert_eq!(fs.read_dir("src/missing"), Some(Vec::new()));
        // A context root given through `..` (the configuration's `context`) is still one root.
        let fs = FsContext::for_dockerfile(&root.join("src/Dockerfile"), Some(".."));
        assert!(fs.read_dir("escape").is_none());
        assert!(fs.read_dir("src").is_some());
        let _ = std::fs::remove_dir_all(root.parent().unwrap_or(&root));
    }

    #[test]
    fn ignore_files_are_read_only_when_regular_inside_and_small() {
        let (root, outside) = tree("ignore");
        let dockerfile = root.join("Dockerfile");
        let fs = || FsContext::for_dockerfile(&dockerfile, None);
        assert_eq!(fs().ignore_file(), Some(None));
        std::fs::write(root.join(".dockerignore"), ".git\n").expect("write");
        assert_eq!(
            fs().ignore_file(),
            Some(Some((".dockerignore".to_owned(), ".git\n".to_owned())))
        );
        // A link out of the folder: unknown, and the target is not read.
        std::fs::remove_file(root.join(".dockerignore")).expect("remove");
        symlink(outside.join("secret"), root.join(".dockerignore")).expect("symlink");
        assert_eq!(fs().ignore_file(), None);
        // A link to a device that never ends, a FIFO that would block, a file too large.
        std::fs::remove_file(root.join(".dockerignore")).expect("remove");
        symlink("/dev/zero", root.join(".dockerignore")).expect("symlink");
        assert_eq!(fs().ignore_file(), None);
        std::fs::remove_file(root.join(".dockerignore")).expect("remove");
        let made = std::process::Command::new("mkfifo")
            .arg(root.join(".dockerignore"))
            .status()
            .is_ok_and(|s| s.success());
        if made {
            assert_eq!(fs().ignore_file(), None);
            std::fs::remove_file(root.join(".dockerignore")).expect("remove");
        } else {
            eprintln!("note: no `mkfifo` here; the FIFO case is not checked");
        }
        let big = vec![b'#'; (MAX_IGNORE_BYTES + 1) as usize];
        std::fs::write(root.join("Dockerfile.dockerignore"), big).expect("write");
        assert_eq!(fs().ignore_file(), None);
        let _ = std::fs::remove_dir_all(root.parent().unwrap_or(&root));
    }

    #[test]
    fn listings_are_bounded_in_total() {
        let (root, _) = tree("bounded");
        for i in 0..10 {
            std::fs::write(root.join(format!("f{i}")), "").expect("write");
        }
        let mut fs = FsContext::for_dockerfile(&root.join("Dockerfile"), None);
        fs.max_entries = 15;
        assert_eq!(fs.read_dir("").map(|l| l.len()), Some(12));
        // The second listing runs past the total: unknown, as is every one after it.
        assert_eq!(fs.read_dir(""), None);
        assert_eq!(fs.read_dir("src"), None);
        let _ = std::fs::remove_dir_all(root.parent().unwrap_or(&root));
    }
}
