//! Configuration the analysis reads: which rules run, at what severity, rule options and the
//! locale of user-facing text. Parsing configuration text (TOML, `.hadolint.yaml`, the client's
//! JSON settings) is here; finding and reading the files is the front ends' job.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::{self, Rule};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    En,
    ZhHans,
}

impl Locale {
    /// `zh`, `zh-CN`, `zh-Hans`, `zh-TW` and the like give Chinese; anything else English.
    pub fn from_tag(tag: &str) -> Self {
        let lower = tag.to_ascii_lowercase();
        if lower == "zh" || lower.starts_with("zh-") || lower.starts_with("zh_") {
            Locale::ZhHans
        } else {
            Locale::En
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellcheckConfig {
    pub enabled: bool,
    /// The binary; `shellcheck` on PATH when unset.
    pub path: Option<String>,
}

impl Default for ShellcheckConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            path: None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Config {
    pub locale: Locale,
    /// When non-empty, exactly these rules (ids or aliases) run, including ones off by default.
    pub select: HashSet<String>,
    /// Rules (ids or aliases) that never run.
    pub ignore: HashSet<String>,
    /// Per-rule severity, by rule id.
    pub severity: HashMap<String, Severity>,
    /// Registries images may come from; empty means any.
    pub trusted_registries: Vec<String>,
    pub shellcheck: ShellcheckConfig,
    /// The build context, relative to the Dockerfile's folder.
    pub context: Option<String>,
    /// `[format]`: overrides the editor's indentation options.
    pub format: FormatConfig,
}

/// `[format]` keys; unset ones fall back to the editor's options (or the formatter's defaults
/// on the command line).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FormatConfig {
    /// Columns per indentation level of continuation lines.
    pub indent_width: Option<u32>,
    /// Indent with tabs rather than spaces.
    pub use_tabs: Option<bool>,
}

fn names(rule: &Rule) -> impl Iterator<Item = &'static str> {
    std::iter::once(rule.id).chain(rule.aliases.iter().copied())
}

impl Config {
    pub fn is_enabled(&self, rule: &Rule) -> bool {
        let listed = |set: &HashSet<String>| names(rule).any(|n| set.iter().any(|s| s.eq_ignore_ascii_case(n)));
        if listed(&self.ignore) {
            return false;
        }
        if self.select.is_empty() {
            rule.default_enabled
        } else {
            listed(&self.select)
        }
    }

    /// Like [`Config::is_enabled`] for a rule id; unknown ids are enabled unless ignored.
    pub fn is_enabled_id(&self, id: &str) -> bool {
        match rules::find(id) {
            Some(rule) => self.is_enabled(rule),
            None => !self.ignore.contains(id) && (self.select.is_empty() || self.select.contains(id)),
        }
    }

    pub fn severity_override(&self, rule_id: &str) -> Option<Severity> {
        self.severity.get(rule_id).copied()
    }

    /// Parses our TOML configuration (`dockerfile-lsp.toml`).
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError {
            message: e.message().to_string(),
            span: e.span(),
        })?;
        raw.into_config()
    }

    /// Parses the same keys sent by an LSP client (`initializationOptions`, settings).
    pub fn from_json(value: serde_json::Value) -> Result<Config, ConfigError> {
        let raw: RawConfig = serde_json::from_value(value).map_err(|e| ConfigError {
            message: e.to_string(),
            span: None,
        })?;
        raw.into_config()
    }

    /// Reads `ignored`, `override` and `trustedRegistries` from a `.hadolint.yaml`.
    pub fn from_hadolint_yaml(text: &str) -> Result<Config, ConfigError> {
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

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
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

impl RawConfig {
    fn into_config(self) -> Result<Config, ConfigError> {
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

    #[test]
    fn locale_tags() {
        for tag in ["zh", "zh-CN", "zh-Hans", "zh-TW", "zh_CN"] {
            assert_eq!(Locale::from_tag(tag), Locale::ZhHans, "{tag}");
        }
        for tag in ["en", "en-US", "fr", "", "zhx"] {
            assert_eq!(Locale::from_tag(tag), Locale::En, "{tag}");
        }
    }

    #[test]
    fn toml_errors_name_the_problem() {
        let err = Config::from_toml("selct = []\n")
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(err.contains("selct"), "{err}");
        let err = Config::from_toml("locale = 3\n")
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(err.contains("string"), "{err}");
    }

    #[test]
    fn toml_reads_every_key() {
        let config = Config::from_toml(
            "locale = \"zh-CN\"\ntrusted-registries = [\"ghcr.io\"]\ncontext = \"..\"\n[shellcheck]\nenabled = false\n",
        );
        let config = config.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.locale, Locale::ZhHans);
        assert_eq!(config.trusted_registries, ["ghcr.io"]);
        assert_eq!(config.context.as_deref(), Some(".."));
        assert!(!config.shellcheck.enabled);
    }

    #[test]
    fn hadolint_yaml_flow_and_block_lists() {
        let config = Config::from_hadolint_yaml("ignored: [DL3008, DL3009]\ntrustedRegistries:\n  - docker.io\n");
        let config = config.unwrap_or_else(|e| panic!("{e}"));
        assert!(config.ignore.contains("DL3008") && config.ignore.contains("DL3009"));
        assert_eq!(config.trusted_registries, ["docker.io"]);
        assert!(Config::from_hadolint_yaml("ignored: [").is_err());
    }
}
