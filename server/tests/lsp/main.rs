//! The language server through the real binary, spoken to over stdio by a small client (`common/mod.rs`): every method, configuration, policies and custom rules, ShellCheck, a hostile client and a soak.
//!
//! One test binary for the group (each integration-test binary links the whole crate); run one
//! module with `cargo test --test lsp <module>::`.

#[path = "../common/mod.rs"]
mod common;

mod code_action;
mod config;
mod context_lens;
mod diagnostics;
mod hostile;
mod hover_completion;
mod lifecycle;
mod navigation;
mod outline;
mod policy;
mod pull_diagnostics;
mod robustness;
mod semantic_tokens;
mod shellcheck;
mod soak;
