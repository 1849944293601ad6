//! Filesystem access shared by the two front ends (the server and the CLI): finding the
//! configuration that applies to a Dockerfile, presenting its build context to the analysis, and
//! running ShellCheck for it.
//! The analysis itself never does IO; this is where it happens.

mod config;
mod context;
pub mod context_size;
pub mod shellcheck;
mod shellcheck_disk;

pub use config::{
    CONFIG_NAMES, ConfigError, ConfigKeys, HADOLINT_NAMES, LoadedConfig, load, load_config_for, parse_hadolint_yaml,
    parse_toml, parser_for,
};
pub use context::FsContext;
