//! The analysis' features as functions: completion, hover, signature help, outline, navigation, links, lenses, inlay hints, the stage graph, queries, incremental parsing, security properties, and the fuzz corpus replayed.
//!
//! One test binary for the group (each integration-test binary links the whole crate); run one
//! module with `cargo test --test analysis <module>::`.

#[path = "../common/mod.rs"]
mod common;

mod completion;
mod fuzz_replay;
mod graph;
mod graph_svg;
mod hover;
mod incremental;
mod inlay;
mod lens;
mod links;
mod navigation;
mod queries;
mod security;
mod signature_help;
mod symbols;
