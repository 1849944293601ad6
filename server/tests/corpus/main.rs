//! The real-world corpus (found by `common/corpus.rs`; each test says it skipped without it): parsing, features, navigation, fixes, formatting and duplicate findings over 954 real Dockerfiles.
//!
//! One test binary for the group (each integration-test binary links the whole crate); run one
//! module with `cargo test --test corpus <module>::`.

#[path = "../common/mod.rs"]
mod common;

mod features;
mod fixes;
mod format;
mod model;
mod navigation;
mod no_duplicate_findings;
