//! The configuration files: finding the one for a Dockerfile (`dockerfile-lsp.toml` or
//! `.dockerfile-lsp.toml` in its folder or the nearest parent; failing that, hadolint's
//! `.hadolint.yaml` or `.yml`), and parsing them into the analysis' [`Config`]. Rule names are
//! checked against the registry here, where both are visible: the analysis' configuration keeps
//! names and knows no rule.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::analysis::config::{Config, FormatConfig, Locale, ShellcheckConfig};
use crate::analysis::diagnostic::Severity;
use crate::analysis::rules;

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
                return load(&path, parse_toml);
            }
        }
        if hadolint.is_none() {
            hadolint = HADOLINT_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file());
        }
    }
    match hadolint {
        Some(path) => load(&path, parse_hadolint_yaml),
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
        parse_hadolint_yaml
    } else {
        parse_toml
    }
}

/// Parses our TOML configuration (`dockerfile-lsp.toml`).
pub fn parse_toml(text: &str) -> Result<Config, ConfigError> {
    let keys: ConfigKeys = toml::from_str(text).map_err(|e| ConfigError {
        message: e.message().to_string(),
        span: e.span(),
    })?;
    keys.into_config()
}

/// Reads `ignored`, `override` and `trustedRegistries` from a `.hadolint.yaml`.
pub fn parse_hadolint_yaml(text: &str) -> Result<Config, ConfigError> {
    let raw: HadolintConfig = serde_yaml_ng::from_str(text).map_err(|e| ConfigError {
        message: e.to_string(),
        span: None,
    })?;
    let mut config = Config {
        ignore: raw.ignored.into_iter().collect(),
        trusted_registries: raw.trusted_registries,
        ..Config::default()
    };
    let levels = [
        (raw.r#override.error, Severity::Error),
        (raw.r#override.warning, Severity::Warning),
        (raw.r#override.info, Severity::Info),
        (raw.r#override.style, Severity::Hint),
    ];
    for (codes, severity) in levels {
        for code in codes {
            if let Some(rule) = rules::find(&code) {
                config.severity.insert(rule.id.to_string(), severity);
            }
        }
    }
    Ok(config)
}

/// A configuration that could not be read: the message and, for TOML, where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    pub span: Option<std::ops::Range<usize>>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message.trim_end())
    }
}

/// The keys of `dockerfile-lsp.toml`, in whatever format spells them: the TOML file here, and the
/// client's settings, which send the same keys as JSON (`lsp::settings`). The camel-case aliases
/// are for clients with VS Code-style settings; a file may use them too.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigKeys {
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: HashMap<String, String>,
    #[serde(default, alias = "trustedRegistries")]
    trusted_registries: Vec<String>,
    #[serde(default)]
    shellcheck: Option<RawShellcheck>,
    #[serde(default)]
    locale: Option<String>,
    #[serde(default)]
    context: Option<String>,
    #[serde(default)]
    format: Option<RawFormat>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFormat {
    #[serde(default, alias = "indentWidth")]
    indent_width: Option<u32>,
    #[serde(default, alias = "useTabs")]
    use_tabs: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShellcheck {
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default)]
    path: Option<String>,
}

fn yes() -> bool {
    true
}

impl ConfigKeys {
    /// The configuration these keys give; an unknown rule or severity is an error.
    pub fn into_config(self) -> Result<Config, ConfigError> {
        let mut severity = HashMap::new();
        let mut ignore: HashSet<String> = self.ignore.into_iter().collect();
        for (name, level) in self.severity {
            let Some(rule) = rules::find(&name) else {
                return Err(ConfigError {
                    message: format!("unknown rule `{name}` in `severity`"),
                    span: None,
                });
            };
            if level.eq_ignore_ascii_case("off") {
                ignore.insert(rule.id.to_string());
                continue;
            }
            let Some(level) = Severity::parse(&level) else {
                return Err(ConfigError {
                    message: format!("unknown severity `{level}` for `{name}` (use error, warning, info, hint or off)"),
                    span: None,
                });
            };
            severity.insert(rule.id.to_string(), level);
        }
        for name in ignore.iter().chain(self.select.iter()) {
            if rules::find(name).is_none() && !name.starts_with("SC") {
                return Err(ConfigError {
                    message: format!("unknown rule `{name}`"),
                    span: None,
                });
            }
        }
        Ok(Config {
            locale: self.locale.as_deref().map(Locale::from_tag).unwrap_or_default(),
            select: self.select.into_iter().collect(),
            ignore,
            severity,
            trusted_registries: self.trusted_registries,
            shellcheck: self
                .shellcheck
                .map(|s| ShellcheckConfig {
                    enabled: s.enabled,
                    path: s.path,
                })
                .unwrap_or_default(),
            context: self.context,
            format: self
                .format
                .map(|f| FormatConfig {
                    indent_width: f.indent_width,
                    use_tabs: f.use_tabs,
                })
                .unwrap_or_default(),
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct HadolintConfig {
    #[serde(default)]
    ignored: Vec<String>,
    #[serde(default)]
    r#override: HadolintOverride,
    #[serde(default)]
    trusted_registries: Vec<String>,
}

#[derive(Deserialize, Default)]
struct HadolintOverride {
    #[serde(default)]
    error: Vec<String>,
    #[serde(default)]
    warning: Vec<String>,
    #[serde(default)]
    info: Vec<String>,
    #[serde(default)]
    style: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::config::Locale;

    #[test]
    fn toml_errors_name_the_problem() {
        let err = parse_toml("selct = []\n").err().map(|e| e.message).unwrap_or_default();
        assert!(err.contains("selct"), "{err}");
        let err = parse_toml("locale = 3\n").err().map(|e| e.message).unwrap_or_default();
        assert!(err.contains("string"), "{err}");
    }

    #[test]
    fn toml_reads_every_key() {
        let config = parse_toml(
            "locale = \"zh-CN\"\ntrusted-registries = [\"ghcr.io\"]\ncontext = \"..\"\n[shellcheck]\nenabled = false\n\
             [format]\nindent-width = 2\nuse-tabs = true\n",
        );
        let config = config.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.locale, Locale::ZhHans);
        assert_eq!(config.trusted_registries, ["ghcr.io"]);
        assert_eq!(config.context.as_deref(), Some(".."));
        assert!(!config.shellcheck.enabled);
        assert_eq!(config.format.indent_width, Some(2));
        assert_eq!(config.format.use_tabs, Some(true));
    }

    #[test]
    fn hadolint_yaml_flow_and_block_lists() {
        let config = parse_hadolint_yaml("ignored: [DL3008, DL3009]\ntrustedRegistries:\n  - docker.io\n");
        let config = config.unwrap_or_else(|e| panic!("{e}"));
        assert!(config.ignore.contains("DL3008") && config.ignore.contains("DL3009"));
        assert_eq!(config.trusted_registries, ["docker.io"]);
        assert!(parse_hadolint_yaml("ignored: [").is_err());
    }
}
