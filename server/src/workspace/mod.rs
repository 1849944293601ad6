//! Filesystem access shared by the two front ends (the server and the CLI): finding and parsing
//! the configuration that applies to a Dockerfile, and the [`host_for`] it is analysed with (its
//! build context on disk, ShellCheck).
//! The analysis itself never does IO; this is where it happens.

mod config;
mod context;
pub mod context_size;
mod host;
pub mod shellcheck;
mod shellcheck_disk;

pub use config::{
    CONFIG_NAMES, ConfigError, ConfigKeys, HADOLINT_NAMES, LoadedConfig, load, load_config_for, parse_hadolint_yaml,
    parse_toml, parser_for,
};
pub use context::FsContext;
pub use host::{TODAY_ENV, host_for, today};
