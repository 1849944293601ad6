//! Finding the configuration for a Dockerfile: `dockerfile-lsp.toml` or `.dockerfile-lsp.toml`
//! in its folder or the nearest parent; failing that, hadolint's `.hadolint.yaml` (or `.yml`).

use std::path::{Path, PathBuf};

use crate::analysis::config::{Config, ConfigError};

pub const CONFIG_NAMES: [&str; 2] = ["dockerfile-lsp.toml", ".dockerfile-lsp.toml"];
pub const HADOLINT_NAMES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];

/// The configuration that applies, where it came from, and the error that made us fall back to
/// the defaults, if any.
#[derive(Debug, Default)]
pub struct LoadedConfig {
    pub config: Config,
    pub path: Option<PathBuf>,
    pub error: Option<ConfigError>,
}

/// Walks up from `start` (a Dockerfile's folder) to the filesystem root. Our own file wins over
/// a `.hadolint.yaml` found at any level.
pub fn load_config_for(start: &Path) -> LoadedConfig {
    let start = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
    let mut hadolint: Option<PathBuf> = None;
    for dir in start.ancestors() {
        for name in CONFIG_NAMES {
            let path = dir.join(name);
            if path.is_file() {
                return load(&path, Config::from_toml);
            }
        }
        if hadolint.is_none() {
            hadolint = HADOLINT_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file());
        }
    }
    match hadolint {
        Some(path) => load(&path, Config::from_hadolint_yaml),
        None => LoadedConfig::default(),
    }
}

/// Loads a specific file (`--config`); the format follows the file name.
pub fn load(path: &Path, parse: fn(&str) -> Result<Config, ConfigError>) -> LoadedConfig {
    let result = std::fs::read_to_string(path)
        .map_err(|e| ConfigError {
            message: format!("cannot read {}: {e}", path.display()),
            span: None,
        })
        .and_then(|text| parse(&text));
    match result {
        Ok(config) => LoadedConfig {
            config,
            path: Some(path.to_path_buf()),
            error: None,
        },
        Err(error) => LoadedConfig {
            config: Config::default(),
            path: Some(path.to_path_buf()),
            error: Some(error),
        },
    }
}

/// The parser for a configuration file, by its name.
pub fn parser_for(path: &Path) -> fn(&str) -> Result<Config, ConfigError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with(".yaml") || name.ends_with(".yml") {
        Config::from_hadolint_yaml
    } else {
        Config::from_toml
    }
}
