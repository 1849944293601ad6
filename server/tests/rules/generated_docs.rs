//! The generated documentation is checked in and must match what the code generates: the rule
//! pages and index under `docs/rules/` (from the docs in each rule's source file), and
//! `docs/rule-counts.md` (from a run over the dev corpus, found as the corpus tests find it, see
//! `common/corpus.rs`). `cargo run -p xtask -- gen-docs`, or this test with `UPDATE_DOCS=1`,
//! rewrites them.

use crate::common;

use std::path::{Path, PathBuf};

use common::corpus;
use dockerfile_lsp::cli::gen_docs::{self, Generated};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fresh_or_update(files: &[Generated]) {
    let root = root();
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| !v.is_empty()) {
        let changed = gen_docs::write(&root, files).unwrap_or_else(|e| panic!("cannot write the docs: {e}"));
        eprintln!("rewrote {} files", changed.len());
        return;
    }
    let stale = gen_docs::stale(&root, files);
    let shown: Vec<String> = stale.iter().map(|p| p.display().to_string()).collect();
    assert!(
        stale.is_empty(),
        "generated docs are stale: {}\nregenerate them with `{}` (or UPDATE_DOCS=1 cargo test --test rules generated_docs::)",
        shown.join(", "),
        gen_docs::COMMAND
    );
}

#[test]
fn rule_docs_are_fresh() {
    fresh_or_update(&gen_docs::rule_docs());
}

#[test]
fn corpus_counts_are_fresh() {
    let Some(corpus) = corpus::dev("corpus_counts_are_fresh") else {
        return;
    };
    let counts = gen_docs::corpus_counts(&corpus.root).unwrap_or_else(|e| panic!("cannot count the corpus: {e}"));
    assert!(
        counts.contents.contains(&format!("{} real Dockerfiles", corpus::FILES)),
        "expected the {} files of the dev corpus",
        corpus::FILES
    );
    fresh_or_update(&[counts]);
}
