//! The command-line front end: the same analysis as the server, rendered for terminals and CI.

mod atomic;
pub mod check;
pub mod checkstyle;
mod diff;
mod discover;
pub mod finding;
pub mod fix;
pub mod fmt;
pub mod gen_docs;
pub mod github;
pub mod gitlab;
pub mod graph;
pub mod junit;
mod progress;
pub mod rule;
mod rule_filter;
pub mod sarif;
pub mod text;
mod xml;
