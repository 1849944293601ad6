//! Replays the fuzz targets' inputs without a nightly toolchain: every file of
//! `fuzz/corpus/<target>/` (the minimised corpus) and `fuzz/regressions/<target>/` (inputs that
//! once failed) goes through the same checks the fuzz targets run (`fuzz/src/checks.rs`).

#[path = "../../../fuzz/src/checks.rs"]
mod checks;

use std::fs;
use std::panic;
use std::path::{Path, PathBuf};

fn inputs(target: &str, folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz")
        .join(folder)
        .join(target);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `check` over the target's corpus and regressions; fails listing every input that panics.
fn replay(target: &str, check: fn(&[u8])) {
    let corpus = inputs(target, "corpus");
    assert!(
        corpus.len() >= 10,
        "fuzz/corpus/{target} holds {} inputs; expected the minimised corpus",
        corpus.len()
    );
    let mut failures = Vec::new();
    for path in corpus.iter().chain(&inputs(target, "regressions")) {
        let data = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if let Err(e) = panic::catch_unwind(|| check(&data)) {
            let message = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(format!("{}: {message}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} inputs fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn analyze() {
    replay("analyze", checks::analyze);
}

#[test]
fn edits() {
    replay("edits", checks::edits);
}

#[test]
fn features() {
    replay("features", checks::features);
}

#[test]
fn fixes_format() {
    replay("fixes_format", checks::fixes_format);
}
