//! The build context on disk, behind the analysis' narrow [`BuildContext`] interface.

use std::path::{Path, PathBuf};

use crate::analysis::context::BuildContext;

/// Directory listings of a context folder, bounded so that a Dockerfile in a home folder does
/// not make the linter walk the whole disk.
pub struct FsContext {
    root: PathBuf,
    /// The Dockerfile's file name, for `<name>.dockerignore`.
    dockerfile_name: Option<String>,
    /// The Dockerfile's folder, where BuildKit looks for `<name>.dockerignore`.
    dockerfile_dir: Option<PathBuf>,
}

/// Entries read from one directory at most; past that the listing is "unknown".
const MAX_DIR_ENTRIES: usize = 20_000;

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
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl BuildContext for FsContext {
    fn ignore_file(&self) -> Option<Option<(String, String)>> {
        if let (Some(name), Some(dir)) = (&self.dockerfile_name, &self.dockerfile_dir) {
            let specific = format!("{name}.dockerignore");
            if let Ok(contents) = std::fs::read_to_string(dir.join(&specific)) {
                return Some(Some((specific, contents)));
            }
        }
        match std::fs::read_to_string(self.root.join(".dockerignore")) {
            Ok(contents) => Some(Some((".dockerignore".to_string(), contents))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // Only claim "no ignore file" when the context itself is there to look at.
                self.root.is_dir().then_some(None)
            }
            Err(_) => None,
        }
    }

    fn read_dir(&self, dir: &str) -> Option<Vec<(String, bool)>> {
        if !self.root.is_dir() {
            return None;
        }
        let path = if dir.is_empty() {
            self.root.clone()
        } else {
            self.root.join(dir)
        };
        let entries = match std::fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound || e.kind() == std::io::ErrorKind::NotADirectory => {
                return Some(Vec::new());
            }
            Err(_) => return None,
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.ok()?;
            if out.len() >= MAX_DIR_ENTRIES {
                return None;
            }
            // Follow symlinks: BuildKit sends the link, and a COPY through it finds the target.
            let is_dir = std::fs::metadata(entry.path()).map(|m| m.is_dir()).unwrap_or(false);
            out.push((entry.file_name().to_string_lossy().into_owned(), is_dir));
        }
        Some(out)
    }
}
