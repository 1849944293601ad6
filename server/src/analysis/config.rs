//! Configuration the analysis reads: which rules run, at what severity, the locale of
//! user-facing text. Loading it from files and from the client lives in the front ends.

use std::collections::{HashMap, HashSet};

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::Rule;

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

#[derive(Clone, Debug, Default)]
pub struct Config {
    pub locale: Locale,
    /// When non-empty, exactly these rules (ids or aliases) run, including ones off by default.
    pub select: HashSet<String>,
    /// Rules (ids or aliases) that never run.
    pub ignore: HashSet<String>,
    /// Per-rule severity, by rule id.
    pub severity: HashMap<String, Severity>,
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

    pub fn severity_override(&self, rule_id: &str) -> Option<Severity> {
        self.severity.get(rule_id).copied()
    }
}
