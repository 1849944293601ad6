//! `check --select` and `--ignore`: rule selection on the command line, merged into the
//! configuration every input is checked with (`--select` replaces the configured `select`,
//! `--ignore` adds to the configured `ignore`).

use crate::analysis::config::Config;
use crate::analysis::rules;

#[derive(clap::Args, Debug, Default, Clone)]
pub struct RuleFilter {
    /// Run exactly these rules (ids or aliases, comma-separated or repeated), including rules off
    /// by default; replaces the configuration's `select`
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Never run these rules (ids or aliases, comma-separated or repeated); added to the
    /// configuration's `ignore`
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
}

impl RuleFilter {
    /// The names no rule answers to (ShellCheck codes are always accepted).
    pub fn unknown(&self) -> Vec<&str> {
        self.select
            .iter()
            .chain(&self.ignore)
            .map(|n| n.trim())
            .filter(|n| !n.is_empty() && rules::find(n).is_none() && !is_shellcheck_code(n))
            .collect()
    }

    pub fn apply(&self, config: &mut Config) {
        let names = |list: &[String]| {
            list.iter()
                .map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty())
                .collect()
        };
        if !self.select.is_empty() {
            config.select = names(&self.select);
        }
        config.ignore.extend(names(&self.ignore));
    }
}

fn is_shellcheck_code(name: &str) -> bool {
    name.len() > 2 && name[..2].eq_ignore_ascii_case("SC") && name[2..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_replaces_and_ignore_adds() {
        let mut config =
            crate::workspace::parse_toml("select = [\"syntax-error\"]\nignore = [\"DL3006\"]\n").unwrap_or_default();
        let filter = RuleFilter {
            select: vec!["unknown-instruction".into(), " DL3007".into()],
            ignore: vec!["latest-tag".into()],
        };
        filter.apply(&mut config);
        let mut select: Vec<&str> = config.select.iter().map(String::as_str).collect();
        select.sort_unstable();
        assert_eq!(select, ["DL3007", "unknown-instruction"]);
        assert!(config.ignore.contains("DL3006") && config.ignore.contains("latest-tag"));
        assert!(RuleFilter::default().unknown().is_empty());
        let typo = RuleFilter {
            select: vec!["unknown-instrucion".into(), "SC2086".into()],
            ignore: vec!["DL3006".into()],
        };
        assert_eq!(typo.unknown(), ["unknown-instrucion"]);
    }
}
