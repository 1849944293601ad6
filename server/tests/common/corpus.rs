//! Where the tests find the real-world corpus (954 Dockerfiles from public projects), which does
//! not live in the repository: `$DOCKERFILE_LSP_CORPUS` when it is set, else `../shared/corpus/dev`
//! beside the repository when that exists. Without either, a corpus test prints one line saying it
//! was skipped and how to run it, and passes; CI sets the variable, so there a missing corpus is a
//! failure, never a skip.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The environment variable naming the corpus folder (the one holding `MANIFEST.tsv`).
pub const VAR: &str = "DOCKERFILE_LSP_CORPUS";

/// The number of files the dev corpus's manifest lists.
pub const FILES: usize = 954;

pub struct Corpus {
    pub root: PathBuf,
    /// The files the manifest lists, relative to `root`, in its order.
    pub paths: Vec<String>,
}

/// The dev corpus, or `None` (after one line on stderr) when there is none to read. `test` names
/// the test in that line.
pub fn dev(test: &str) -> Option<Corpus> {
    let root = match std::env::var_os(VAR).filter(|v| !v.is_empty()) {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            assert!(
                dir.join("MANIFEST.tsv").is_file(),
                "{VAR}={} has no MANIFEST.tsv: point it at the corpus folder (shared/corpus/dev)",
                dir.display()
            );
            dir
        }
        None => {
            let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/dev");
            if !beside.join("MANIFEST.tsv").is_file() {
                // Written to the process's stderr, not through `eprintln!`, which the test harness
                // captures and shows only for failures: a skip must be seen.
                let line = format!(
                    "skipped {test}: no real-world corpus (set {VAR} to the folder with its MANIFEST.tsv, \
                     or put it at ../shared/corpus/dev beside the repository)\n"
                );
                let _ = std::io::stderr().write_all(line.as_bytes());
                return None;
            }
            beside
        }
    };
    let manifest = root.join("MANIFEST.tsv");
    let listing =
        std::fs::read_to_string(&manifest).unwrap_or_else(|e| panic!("cannot read {}: {e}", manifest.display()));
    let paths: Vec<String> = listing
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    assert_eq!(
        paths.len(),
        FILES,
        "expected the {FILES} files of the dev corpus in {}",
        manifest.display()
    );
    Some(Corpus { root, paths })
}

impl Corpus {
    /// One file's text; bytes that are not UTF-8 are replaced, as an editor would show them.
    pub fn read(&self, path: &str) -> String {
        let bytes = std::fs::read(self.root.join(path)).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Every file with its text, in the manifest's order.
    pub fn files(&self) -> Vec<(String, String)> {
        self.paths.iter().map(|p| (p.clone(), self.read(p))).collect()
    }
}
