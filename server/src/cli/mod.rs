//! The command-line front end: the same analysis as the server, rendered for terminals and CI.

pub mod check;
mod discover;
mod finding;
pub mod gen_docs;
pub mod rule;
mod text;
