//! The client's settings and how they combine with the configuration files. A client sends the
//! keys of `dockerfile-lsp.toml` as JSON, in `initializationOptions` or in
//! `workspace/didChangeConfiguration` (under a `dockerfile-lsp` or `dockerfileLsp` section, or
//! bare), or answers `workspace/configuration` for those sections. They apply over the file
//! found for each Dockerfile the way `check --select/--ignore` apply over it: a key the client
//! sent replaces the file's value (`ignore` and `severity` add to it). The locale is a user's
//! choice, so the client's (its setting, else its display language) wins over the file's.
//!
//! Parsing the settings is here, and only here: the analysis knows its `Config`, not the shape
//! clients send it in. Asking for them and acting on a change is `handlers/configuration.rs`.

use std::path::Path;

use serde_json::{Map, Value};
use tower_lsp_server::ls_types as lsp;

use crate::analysis::config::{Config, Locale};
use crate::workspace::{self, ConfigError};

/// The sections our settings may sit under: the server's name, and the camel-case form VS Code
/// extensions use for their settings.
pub const SECTIONS: [&str; 2] = ["dockerfile-lsp", "dockerfileLsp"];

/// Keys of the editor extension's own settings (`dockerfileLsp.server.path`, `.trace.server`)
/// that arrive in the same section and are none of the server's business.
const CLIENT_ONLY: [&str; 2] = ["server", "trace"];

/// Keys a client may send; anything else is reported.
const KEYS: [&str; 18] = [
    "select",
    "ignore",
    "severity",
    "trusted-registries",
    "trustedRegistries",
    "shellcheck",
    "locale",
    "context",
    "format",
    "rules-version",
    "rulesVersion",
    "policy",
    "custom-rules",
    "customRules",
    "disable-ignore-pragma",
    "disableIgnorePragma",
    "fail-on",
    "failOn",
];

/// What the client asked for: the keys it sent, parsed.
#[derive(Clone, Debug, Default)]
pub struct ClientSettings {
    keys: Vec<String>,
    config: Config,
    /// The client's display language (`InitializeParams.locale`).
    display_locale: Option<Locale>,
    /// Entries that were dropped (a custom rule whose query does not compile, a bad glob); the
    /// rest applies.
    problems: Vec<ConfigError>,
}

/// Our part of what the client sent: the first of [`SECTIONS`] present, else the object itself
/// when every key in it is one of ours (a client that sends our keys bare), else nothing.
pub fn section(value: &Value) -> Option<&Map<String, Value>> {
    let object = value.as_object()?;
    for name in SECTIONS {
        if let Some(section) = object.get(name) {
            return section.as_object();
        }
    }
    let ours = object
        .keys()
        .all(|k| KEYS.contains(&k.as_str()) || CLIENT_ONLY.contains(&k.as_str()));
    ours.then_some(object)
}

impl ClientSettings {
    /// Parses our section of `value`; no section means no settings. A value that is not valid
    /// is an error, and the caller keeps what it had.
    pub fn parse(value: Option<&Value>, display_locale: Option<Locale>) -> Result<Self, ConfigError> {
        let mut object = value.and_then(section).cloned().unwrap_or_default();
        for key in CLIENT_ONLY {
            object.remove(key);
        }
        // VS Code's `auto` (and an empty string) means "not set": the display language decides.
        if object
            .get("locale")
            .and_then(Value::as_str)
            .is_some_and(|l| l.is_empty() || l.eq_ignore_ascii_case("auto"))
        {
            object.remove("locale");
        }
        // Null values are how some clients say "unset".
        object.retain(|_, v| !v.is_null());
        let keys = object.keys().cloned().collect();
        let parsed = serde_json::from_value::<workspace::ConfigKeys>(Value::Object(object))
            .map_err(|e| ConfigError::new(e.to_string()))?
            .into_config()?;
        Ok(Self {
            keys,
            config: parsed.config,
            display_locale,
            problems: parsed.problems,
        })
    }

    /// The entries of the settings that were dropped, each naming its key.
    pub fn problems(&self) -> &[ConfigError] {
        &self.problems
    }

    /// Keeps the keys, with another display language.
    pub fn with_display_locale(mut self, display_locale: Option<Locale>) -> Self {
        self.display_locale = display_locale;
        self
    }

    pub fn display_locale(&self) -> Option<Locale> {
        self.display_locale
    }

    fn has(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key)
    }

    /// The configuration for a document whose configuration file says `base`.
    pub fn apply(&self, base: &Config) -> Config {
        let mut config = base.clone();
        let client = &self.config;
        if self.has("select") {
            config.select = client.select.clone();
        }
        // `severity = "off"` lands in `ignore` when parsed, so both keys add to the ignore set.
        if self.has("ignore") || self.has("severity") {
            config.ignore.extend(client.ignore.iter().cloned());
        }
        if self.has("severity") {
            config
                .severity
                .extend(client.severity.iter().map(|(k, v)| (k.clone(), *v)));
        }
        if self.has("trusted-registries") || self.has("trustedRegistries") {
            config.trusted_registries = client.trusted_registries.clone();
        }
        if self.has("shellcheck") {
            config.shellcheck = client.shellcheck.clone();
        }
        if self.has("context") {
            config.context = client.context.clone();
        }
        if self.has("format") {
            config.format = client.format;
        }
        if self.has("rules-version") || self.has("rulesVersion") {
            config.rules_version = client.rules_version;
        }
        if self.has("policy") {
            config.policy = client.policy.clone();
        }
        if self.has("custom-rules") || self.has("customRules") {
            config.custom_rules = client.custom_rules.clone();
        }
        if self.has("disable-ignore-pragma") || self.has("disableIgnorePragma") {
            config.disable_ignore_pragma = client.disable_ignore_pragma;
        }
        if self.has("fail-on") || self.has("failOn") {
            config.fail_on = client.fail_on;
        }
        if self.has("locale") {
            config.locale = client.locale;
        } else if let Some(locale) = self.display_locale {
            config.locale = locale;
        }
        config
    }
}

/// What the client can do for our configuration, decided at `initialize`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClientFlags {
    /// It answers `workspace/configuration`.
    pub pull_configuration: bool,
    /// It lets us register file watchers (to notice configuration files change).
    pub watch_files: bool,
    /// It re-pulls diagnostics when asked (`workspace/diagnostic/refresh`).
    pub refresh_diagnostics: bool,
    /// It asks for code lenses again when asked (`workspace/codeLens/refresh`).
    pub refresh_code_lens: bool,
}

impl ClientFlags {
    pub fn of(caps: &lsp::ClientCapabilities) -> Self {
        let workspace = caps.workspace.as_ref();
        Self {
            pull_configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            watch_files: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            refresh_diagnostics: workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            refresh_code_lens: workspace
                .and_then(|w| w.code_lens.as_ref())
                .and_then(|c| c.refresh_support)
                .unwrap_or(false),
        }
    }
}

/// The file names whose change means configuration may have changed.
pub fn is_config_file(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    workspace::CONFIG_NAMES.contains(&name.as_ref()) || workspace::HADOLINT_NAMES.contains(&name.as_ref())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(value: Value) -> ClientSettings {
        ClientSettings::parse(Some(&value), None).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn sections_and_bare_keys() {
        let nested = json!({"dockerfileLsp": {"ignore": ["DL3006"], "server": {"path": "x"}}, "editor": {}});
        assert!(parse(nested).config.ignore.contains("DL3006"));
        let dashed = json!({"dockerfile-lsp": {"select": ["syntax-error"]}});
        assert!(parse(dashed).config.select.contains("syntax-error"));
        assert!(parse(json!({"ignore": ["DL3006"]})).config.ignore.contains("DL3006"));
        // Someone else's settings: none of ours.
        assert!(parse(json!({"editor": {"tabSize": 4}})).keys.is_empty());
        assert!(ClientSettings::parse(None, None).is_ok_and(|s| s.keys.is_empty()));
    }

    #[test]
    fn bad_values_are_errors() {
        let err = ClientSettings::parse(Some(&json!({"dockerfile-lsp": {"selct": []}})), None).err();
        assert!(err.is_some_and(|e| e.message.contains("selct")));
        let err = ClientSettings::parse(Some(&json!({"ignore": "DL3006"})), None).err();
        assert!(err.is_some());
    }

    #[test]
    fn sent_keys_apply_over_the_file() {
        let file = workspace::parse_toml(
            "select = [\"untagged-image\"]\nignore = [\"latest-tag\"]\ntrusted-registries = [\"ghcr.io\"]\nlocale = \"zh\"\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let client = parse(json!({"ignore": ["DL3007"], "severity": {"untagged-image": "error"}}));
        let merged = client.apply(&file);
        assert!(merged.select.contains("untagged-image"), "not sent: kept");
        assert!(merged.ignore.contains("latest-tag") && merged.ignore.contains("DL3007"));
        assert_eq!(merged.trusted_registries, ["ghcr.io"]);
        assert_eq!(merged.locale, Locale::ZhHans, "no client locale: the file's");
        let replaced = parse(json!({"select": [], "trustedRegistries": [], "locale": "auto"}))
            .with_display_locale(Some(Locale::En))
            .apply(&file);
        assert!(replaced.select.is_empty() && replaced.trusted_registries.is_empty());
        assert_eq!(replaced.locale, Locale::En, "the display language over the file's");
        let explicit = parse(json!({"locale": "zh-CN"}))
            .with_display_locale(Some(Locale::En))
            .apply(&Config::default());
        assert_eq!(explicit.locale, Locale::ZhHans, "the setting over the display language");
    }
}
