//! The command line through the real binary: `check` (formats, discovery, configuration, policies and custom rules, fixes, ShellCheck), `fmt`, `rule`, `graph`.
//!
//! One test binary for the group (each integration-test binary links the whole crate); run one
//! module with `cargo test --test cli <module>::`.

#[path = "../common/mod.rs"]
mod common;

mod check;
mod context;
mod fix_fmt;
mod formats;
mod graph;
mod policy;
mod robustness;
mod rule;
mod shellcheck;
