//! Configuration the analysis reads: which rules run, at what severity, rule options and the
//! locale of user-facing text. Only the data and what it means: the front ends parse it
//! (`workspace::config` reads `dockerfile-lsp.toml` and `.hadolint.yaml` and checks the rule
//! names they give, `lsp::settings` the client's settings), so nothing here knows a file format
//! or the rules' registry.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::analysis::diagnostic::Severity;
use crate::analysis::policy::{CustomRule, Policy};

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
    /// `rules-version`: only the rules that came in this release or an earlier one run, unless
    /// `select` names them; `None` runs every rule of this build.
    pub rules_version: Option<Release>,
    /// `[policy]`: the house rules the `policy-*` rules check.
    pub policy: Arc<Policy>,
    /// `[[custom-rules]]`, their queries compiled once when the configuration was read.
    pub custom_rules: Arc<[CustomRule]>,
    /// Suppression comments (ours, hadolint's pragmas, BuildKit's `check=skip`) are not honoured:
    /// every finding is reported (hadolint's `disable-ignore-pragma`).
    pub disable_ignore_pragma: bool,
    /// `fail-on`: the lowest severity that fails `check`; its `--fail-on` wins over it.
    pub fail_on: Option<FailOn>,
}

/// When `check` exits with 1: at a finding of this severity or a higher one, or never.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    At(Severity),
    Never,
}

impl FailOn {
    /// `error`, `warning`, `info`, `hint` (hadolint's `style` too) or `never` (hadolint's `none`
    /// and `ignore`).
    pub fn parse(name: &str) -> Option<FailOn> {
        match name.to_ascii_lowercase().as_str() {
            "never" | "none" | "ignore" => Some(FailOn::Never),
            other => Severity::parse(other).map(FailOn::At),
        }
    }

    /// Whether a finding of `severity` fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::At(threshold) => severity >= threshold,
            FailOn::Never => false,
        }
    }
}

/// A release of dockerfile-lsp as `rules-version` and each rule's `since` name it: `0.2`
/// (a patch number, `0.2.1`, is allowed and means the same release).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Release {
    pub major: u32,
    pub minor: u32,
}

impl Release {
    pub fn parse(text: &str) -> Option<Release> {
        let mut parts = text.trim().split('.');
        let number = |part: Option<&str>| {
            part.filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<u32>().ok())
        };
        let major = number(parts.next())?;
        let minor = number(parts.next())?;
        if let Some(patch) = parts.next() {
            number(Some(patch))?;
        }
        parts.next().is_none().then_some(Release { major, minor })
    }
}

impl std::fmt::Display for Release {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
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

    /// Whether a rule that came in release `since` belongs to the rules `rules-version` pins:
    /// always when nothing is pinned, and for a `since` that is not a release (a custom rule's).
    pub fn admits(&self, since: &str) -> bool {
        match (self.rules_version, Release::parse(since)) {
            (Some(pinned), Some(since)) => since <= pinned,
            _ => true,
        }
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
    fn releases_and_the_pinned_rule_set() {
        assert_eq!(Release::parse("0.2"), Some(Release { major: 0, minor: 2 }));
        assert_eq!(Release::parse("1.10.3"), Some(Release { major: 1, minor: 10 }));
        for bad in ["", "1", "0.x", "0.2.", "v0.2", "0.2.1.4", "0..2"] {
            assert_eq!(Release::parse(bad), None, "{bad}");
        }
        assert!(Release::parse("0.10") > Release::parse("0.9"));
        let mut config = Config::default();
        assert!(config.admits("0.2") && config.admits("custom"));
        config.rules_version = Release::parse("0.1");
        assert!(config.admits("0.1") && !config.admits("0.2") && config.admits("custom"));
    }

    #[test]
    fn fail_on_names() {
        assert_eq!(FailOn::parse("style"), Some(FailOn::At(Severity::Hint)));
        assert_eq!(FailOn::parse("none"), Some(FailOn::Never));
        assert_eq!(FailOn::parse("Warning"), Some(FailOn::At(Severity::Warning)));
        assert_eq!(FailOn::parse("loud"), None);
        assert!(FailOn::At(Severity::Warning).fails(Severity::Error));
        assert!(!FailOn::At(Severity::Warning).fails(Severity::Info));
        assert!(!FailOn::Never.fails(Severity::Error));
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
