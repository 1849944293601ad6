//! Configuration the analysis reads: which rules run, at what severity, rule options and the
//! locale of user-facing text. Only the data and what it means: the front ends parse it
//! (`workspace::config` reads `dockerfile-lsp.toml` and `.hadolint.yaml` and checks the rule
//! names they give, `lsp::settings` the client's settings), so nothing here knows a file format
//! or the rules' registry.

use std::collections::{HashMap, HashSet};

use crate::analysis::diagnostic::Severity;

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

impl Config {
    /// Whether a rule known by `names` (its id and aliases, compared without case) runs: never
    /// when one of them is ignored; else, when rules are selected, only if one of them is; else
    /// `default`.
    pub fn enables<'a>(&self, names: impl Iterator<Item = &'a str> + Clone, default: bool) -> bool {
        let listed = |set: &HashSet<String>| names.clone().any(|n| set.iter().any(|s| s.eq_ignore_ascii_case(n)));
        if listed(&self.ignore) {
            return false;
        }
        if self.select.is_empty() {
            default
        } else {
            listed(&self.select)
        }
    }

    /// Whether a name no rule answers to (a ShellCheck code) runs: unless ignored, and when
    /// rules are selected, only if it is one of them. Compared exactly.
    pub fn enables_unknown(&self, name: &str) -> bool {
        !self.ignore.contains(name) && (self.select.is_empty() || self.select.contains(name))
    }

    pub fn severity_override(&self, rule_id: &str) -> Option<Severity> {
        self.severity.get(rule_id).copied()
    }
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
    fn ignore_wins_over_select_and_select_over_the_default() {
        let names = || ["latest-tag", "DL3007"].into_iter();
        let mut config = Config::default();
        assert!(config.enables(names(), true) && !config.enables(names(), false));
        config.select.insert("dl3007".to_owned());
        assert!(config.enables(names(), false), "selected by an alias, without case");
        assert!(!config.enables(["other"].into_iter(), true), "not selected");
        config.ignore.insert("LATEST-TAG".to_owned());
        assert!(!config.enables(names(), true), "ignored by its id");
    }

    #[test]
    fn unknown_names_compare_exactly() {
        let mut config = Config::default();
        assert!(config.enables_unknown("SC2086"));
        config.ignore.insert("sc2086".to_owned());
        assert!(config.enables_unknown("SC2086"));
        config.select.insert("SC2046".to_owned());
        assert!(!config.enables_unknown("SC2086") && config.enables_unknown("SC2046"));
    }
}
