//! An in-memory build context for tests and for editors' unsaved buffers.

use std::collections::BTreeMap;

use super::BuildContext;

/// A build context described by a list of file paths (directories are implied by the paths).
#[derive(Clone, Debug, Default)]
pub struct MemoryContext {
    files: BTreeMap<String, String>,
    ignore_name: Option<String>,
}

impl MemoryContext {
    /// `files` are slash-separated paths relative to the context root with their contents; a
    /// `.dockerignore` or `<Dockerfile>.dockerignore` entry among them is the ignore file.
    pub fn new<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let files: BTreeMap<String, String> = files
            .into_iter()
            .map(|(p, c)| (p.trim_start_matches("./").to_string(), c.to_string()))
            .collect();
        let ignore_name = files
            .keys()
            .find(|k| k.ends_with(".dockerignore") && !k.contains('/'))
            .cloned();
        Self { files, ignore_name }
    }
}

impl BuildContext for MemoryContext {
    fn ignore_file(&self) -> Option<Option<(String, String)>> {
        Some(
            self.ignore_name
                .as_ref()
                .and_then(|n| self.files.get(n).map(|c| (n.clone(), c.clone()))),
        )
    }

    fn read_dir(&self, dir: &str) -> Option<Vec<(String, bool)>> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut out: Vec<(String, bool)> = Vec::new();
        for path in self.files.keys() {
            let Some(rest) = path.strip_prefix(&prefix) else {
                continue;
            };
            let (name, is_dir) = match rest.split_once('/') {
                Some((first, _)) => (first, true),
                None => (rest, false),
            };
            if !name.is_empty() && !out.iter().any(|(n, _)| n == name) {
                out.push((name.to_string(), is_dir));
            }
        }
        Some(out)
    }
}
