//! Filesystem access shared by the two front ends (the server and the CLI): finding the
//! configuration that applies to a Dockerfile and presenting its build context to the analysis.
//! The analysis itself never does IO; this is where it happens.

mod config;
mod context;

pub use config::{LoadedConfig, load, load_config_for, parser_for};
pub use context::FsContext;
