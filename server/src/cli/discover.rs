//! Finding the Dockerfiles to check: the paths named on the command line, and the files under
//! named directories whose names say they are Dockerfiles.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Where one input comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
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
    pub error: std::io::Error,
}

/// Directories that hold tooling output or other people's code, never the user's Dockerfiles.
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
/// recursively in sorted order so that output is stable. Each input appears once.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<DiscoveryError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut inputs, &mut errors),
            // Named files are checked whatever their name: the user asked for them.
            Ok(_) => inputs.push(Input::File(path.clone())),
            Err(error) => errors.push(DiscoveryError {
                path: path.clone(),
                error,
            }),
        }
    }
    let mut seen = HashSet::new();
    inputs.retain(|input| seen.insert(input.clone()));
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<DiscoveryError>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(DiscoveryError {
                path: dir.to_path_buf(),
                error,
            });
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_ref()) {
                walk(&path, inputs, errors);
            }
        } else if is_dockerfile_name(&name) {
            // Symbolic links are followed to files but never into directories, which could loop.
            let is_file = file_type.is_file() || fs::metadata(&path).is_ok_and(|m| m.is_file());
            if is_file {
                inputs.push(Input::File(path));
            }
        }
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
