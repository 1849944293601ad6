//! Finding the Dockerfiles to check: the paths named on the command line, and the files under
//! named directories whose names say they are Dockerfiles. Directories are walked with ripgrep's
//! walker (the `ignore` crate), which honours `.gitignore`, `.ignore` and `.git/info/exclude`.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

/// Where one input comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    /// The file, when the input is one (standard input has no path and no build context).
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::File(path) => Some(path),
            Input::Stdin => None,
        }
    }

    /// The name shown in findings and messages.
    pub fn display(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "<stdin>".to_owned(),
        }
    }
}

/// A path that could not be looked at, reported on stderr while the other inputs are checked.
#[derive(Debug)]
pub struct DiscoveryError {
    pub path: PathBuf,
    pub error: String,
}

/// What [`discover`] found.
#[derive(Debug, Default)]
pub struct Discovered {
    /// In the order given, each input once.
    pub inputs: Vec<Input>,
    /// Paths that could not be read: an error (exit code 2).
    pub errors: Vec<DiscoveryError>,
    /// Ignore files with a line that is no valid pattern; the line is skipped, as Git does, and
    /// the walk goes on.
    pub warnings: Vec<String>,
}

/// Directories that hold version-control data, tooling output or other people's code, never the
/// user's Dockerfiles; skipped with or without ignore files.
const SKIPPED_DIRS: &[&str] = &[".git", ".hg", ".svn", "node_modules", "target"];

/// Extensions after `Dockerfile.` that mark a companion file (ignore list, docs, a template still
/// to be expanded) rather than a Dockerfile.
const NOT_DOCKERFILE_EXTENSIONS: &[&str] = &[
    "dockerignore",
    "md",
    "markdown",
    "txt",
    "json",
    "yml",
    "yaml",
    "toml",
    "sh",
    "bash",
    "ps1",
    "py",
    "js",
    "ts",
    "go",
    "rs",
    "lock",
    "patch",
    "diff",
    "orig",
    "rej",
    "swp",
    "template",
    "tmpl",
    "tpl",
    "j2",
    "jinja",
    "erb",
    "in",
];

/// Whether a file found while walking a directory is a Dockerfile: `Dockerfile`, `Containerfile`,
/// `*.Dockerfile`, `*.Containerfile`, `Dockerfile.*`, `Containerfile.*` (and `Dockerfile_*`,
/// `Dockerfile-*`), compared without regard to case as editors do.
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["dockerfile", "containerfile"].iter().any(|base| {
        if lower == *base {
            return true;
        }
        if lower
            .strip_suffix(base)
            .is_some_and(|head| head.ends_with('.') && head.len() > 1)
        {
            return true;
        }
        match lower.strip_prefix(base) {
            Some(rest) if rest.len() > 1 && rest.starts_with(['.', '_', '-']) => {
                let extension = rest.rsplit('.').next().unwrap_or(rest);
                !(rest.contains('.') && NOT_DOCKERFILE_EXTENSIONS.contains(&extension))
            }
            _ => false,
        }
    })
}

/// Expands the command-line paths into inputs, in the order given; directories are walked
/// recursively, each folder's entries in sorted order, so that output is stable. With
/// `ignore_files`, what `.gitignore`, `.ignore` and `.git/info/exclude` exclude is left out of
/// the walk (see [`walker`]). Named files are inputs whatever their name and whatever ignore
/// files say: the user asked for them. Each input appears once.
pub fn discover(paths: &[PathBuf], ignore_files: bool) -> Discovered {
    let mut found = Discovered::default();
    for path in paths {
        if path.as_os_str() == "-" {
            found.inputs.push(Input::Stdin);
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, ignore_files, &mut found),
            Ok(_) => found.inputs.push(Input::File(path.clone())),
            Err(error) => found.errors.push(DiscoveryError {
                path: path.clone(),
                error: error.to_string(),
            }),
        }
    }
    let mut seen = HashSet::new();
    found.inputs.retain(|input| seen.insert(input.clone()));
    found
}

/// Whether `dir` is inside a Git repository: it or a parent holds `.git` (a directory, or the
/// file a worktree or submodule has).
fn in_git_repository(dir: &Path) -> bool {
    dir.canonicalize()
        .is_ok_and(|dir| dir.ancestors().any(|a| a.join(".git").exists()))
}

/// The walker for one named directory. Hidden folders are walked (`.devcontainer/Dockerfile` is
/// common); the folders in [`SKIPPED_DIRS`] never are. With `ignore_files`:
///
/// - `.ignore` files apply in the directory, below it and in its parents, as in ripgrep;
/// - `.gitignore` files apply whether or not there is a Git repository: a checked-out tarball
///   or a CI cache without `.git` still means them, and so do those of the directory's parents.
///   When the directory is inside a repository they apply as Git applies them: from its root
///   down, not those above its root, and a repository nested in the walk does not inherit the
///   outer one's. `.git/info/exclude` applies too;
/// - Git's global excludes file (`core.excludesFile`) does not: it belongs to one user's
///   machine, and CI must find the same files on every machine.
///
/// The named directory itself is walked even when an ignore file excludes it.
fn walker(dir: &Path, ignore_files: bool) -> WalkBuilder {
    let mut builder = WalkBuilder::new(dir);
    builder
        .standard_filters(false)
        .hidden(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|entry| {
            let skipped = entry.depth() > 0
                && entry.file_type().is_some_and(|t| t.is_dir())
                && SKIPPED_DIRS.iter().any(|name| entry.file_name() == *name);
            !skipped
        });
    if ignore_files {
        builder
            .parents(true)
            .ignore(true)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(false)
            // In a repository, Git's own rules: `.gitignore` files above its root do not count.
            // Outside one, `.gitignore` files count all the same.
            .require_git(in_git_repository(dir));
    }
    builder
}

fn walk(dir: &Path, ignore_files: bool, found: &mut Discovered) {
    for entry in walker(dir, ignore_files).build() {
        let entry = match entry {
            Ok(entry) => entry,
            // Errors met while walking carry their depth; the others come from reading the
            // ignore files of the folder's parents.
            Err(error) if error.depth().is_none() => {
                found.warnings.push(ignore_file_warning(&error));
                continue;
            }
            Err(error) => {
                let (path, error) = path_of(error, dir);
                found.errors.push(DiscoveryError { path, error });
                continue;
            }
        };
        // The ignore files of a folder walked into.
        if let Some(error) = entry.error() {
            found.warnings.push(ignore_file_warning(error));
        }
        if entry.depth() == 0 {
            continue;
        }
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() || !is_dockerfile_name(&entry.file_name().to_string_lossy()) {
            continue;
        }
        // Symbolic links are followed to files but never into directories, which could loop.
        let path = entry.into_path();
        if file_type.is_file() || fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            found.inputs.push(Input::File(path));
        }
    }
}

/// An ignore file that could not be read, or a line of one that is no valid pattern: Git skips
/// such a line and goes on, and so does the walk, with a warning.
fn ignore_file_warning(error: &ignore::Error) -> String {
    let invalid = match error {
        ignore::Error::Partial(errors) => errors.iter().all(|e| e.io_error().is_none()),
        other => other.io_error().is_none(),
    };
    if invalid {
        format!("skipped an invalid ignore pattern: {error}")
    } else {
        format!("cannot read an ignore file: {error}")
    }
}

/// The path a walking error is about (the folder that could not be read) and what went wrong.
fn path_of(error: ignore::Error, dir: &Path) -> (PathBuf, String) {
    match error {
        ignore::Error::WithDepth { err, .. } => path_of(*err, dir),
        ignore::Error::WithPath { path, err } => (path, err.to_string()),
        other => (dir.to_path_buf(), other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::is_dockerfile_name;

    #[test]
    fn dockerfile_names() {
        for name in [
            "Dockerfile",
            "dockerfile",
            "Containerfile",
            "Dockerfile.alpine",
            "Dockerfile.builder",
            "base.Dockerfile",
            "xgboost.dockerfile",
            "app.containerfile",
            "Containerfile.debug-ubi",
            "Dockerfile_test_run",
            "Dockerfile-dev",
        ] {
            assert!(is_dockerfile_name(name), "{name} should be a Dockerfile");
        }
    }

    #[test]
    fn companion_files_are_not_dockerfiles() {
        for name in [
            "Dockerfile.dockerignore",
            "Dockerfile.md",
            "Dockerfile.template",
            ".dockerfile",
            "Dockerfile.",
            "Dockerfiles",
            "mydockerfile",
            "docker-compose.yml",
            "README.md",
        ] {
            assert!(!is_dockerfile_name(name), "{name} should not be a Dockerfile");
        }
    }
}
