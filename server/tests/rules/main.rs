//! The rules' fixtures (`tests/fixtures/rules/`), the model's, BuildKit's parser cases, and the files generated from the rules (docs, VS Code settings).
//!
//! One test binary for the group (each integration-test binary links the whole crate); run one
//! module with `cargo test --test rules <module>::`.

#[path = "../common/mod.rs"]
mod common;

mod buildkit_parser;
mod fixtures;
mod generated_docs;
mod model_fixtures;
mod vscode_settings;
