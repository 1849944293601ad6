//! dockerfile-lsp: a Dockerfile language server, linter and formatter.
//!
//! Layers, each using only the ones before it: [`syntax`] (text, tree, positions), [`analysis`]
//! (the model, rules and every feature as pure functions), [`workspace`] (configuration files,
//! the build context on disk, ShellCheck), then [`lsp`] and [`cli`], the two front ends. See
//! ARCHITECTURE.md.

pub mod analysis;
pub mod cli;
pub mod lsp;
pub mod syntax;
pub mod workspace;
