//! `dockerfile-lsp rule <id>`: a rule's documentation (the same text hover shows and the
//! generated `docs/rules/` pages hold), and `rule --list`: every rule with its severity, aliases,
//! fix, the release it came in and its summary. The custom rules of the configuration that
//! applies in the working directory (or `--config`) are listed and documented too.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::analysis::config::Locale;
use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::{self, FixKind, Rule};
use crate::workspace::{self, LoadedConfig};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// English
    En,
    /// Simplified Chinese
    Zh,
}

impl Lang {
    pub fn locale(self) -> Locale {
        match self {
            Lang::En => Locale::En,
            Lang::Zh => Locale::ZhHans,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct RuleArgs {
    /// A rule id (`untagged-image`) or one of its aliases (`DL3006`, `JSONArgsRecommended`)
    #[arg(required_unless_present = "list", conflicts_with = "list")]
    pub id: Option<String>,
    /// List every rule: id, default severity, aliases, fix, the release it came in and summary
    #[arg(long)]
    pub list: bool,
    /// The language of the documentation
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Take custom rules from this configuration file instead of the `dockerfile-lsp.toml` found
    /// in the working directory or above it
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

pub fn run(args: RuleArgs) -> ExitCode {
    let loaded: LoadedConfig = match &args.config {
        Some(path) => workspace::load(path, workspace::parser_for(path)),
        None => workspace::load_config_for(Path::new(".")),
    };
    let shown = loaded.path.as_deref().unwrap_or(Path::new("?")).display().to_string();
    if let Some(e) = &loaded.error {
        eprintln!("warning: invalid configuration `{shown}`: {e}; its custom rules are not listed");
    }
    for e in &loaded.problems {
        eprintln!("warning: in `{shown}`, {e}; that entry is ignored");
    }
    let config = &loaded.config;
    let text = match &args.id {
        None => list(&rules::all_in(config)),
        Some(id) => match rules::find_in(config, id) {
            Some(rule) => page(rule, args.lang.locale()),
            None => {
                eprintln!("error: no rule is called `{id}`; `dockerfile-lsp rule --list` lists them");
                return ExitCode::from(2);
            }
        },
    };
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write: {e}");
            ExitCode::from(2)
        }
    }
}

/// The names of the rule's facts, in one language.
struct Labels {
    severity: &'static str,
    aliases: &'static str,
    fix: &'static str,
    enabled: &'static str,
    since: &'static str,
    custom: &'static str,
    yes: &'static str,
    no: &'static str,
}

fn labels(locale: Locale) -> Labels {
    match locale {
        Locale::En => Labels {
            severity: "Default severity",
            aliases: "Aliases",
            fix: "Fix",
            enabled: "Enabled by default",
            since: "Since",
            custom: "custom (defined in the configuration)",
            yes: "yes",
            no: "no",
        },
        Locale::ZhHans => Labels {
            severity: "默认严重性",
            aliases: "别名",
            fix: "修复",
            enabled: "默认启用",
            since: "引入版本",
            custom: "自定义(在配置中定义)",
            yes: "是",
            no: "否",
        },
    }
}

fn severity_name(severity: Severity, locale: Locale) -> &'static str {
    match locale {
        Locale::En => severity.as_str(),
        Locale::ZhHans => match severity {
            Severity::Error => "错误 (error)",
            Severity::Warning => "警告 (warning)",
            Severity::Info => "信息 (info)",
            Severity::Hint => "提示 (hint)",
        },
    }
}

fn fix_label(fix: FixKind, locale: Locale) -> &'static str {
    match locale {
        Locale::En => match fix {
            FixKind::SafeOrUnsafe => "safe-or-unsafe (safe in some cases, unsafe in others: see Fix safety)",
            _ => fix.name(),
        },
        Locale::ZhHans => match fix {
            FixKind::None => "无 (none)",
            FixKind::Safe => "安全 (safe)",
            FixKind::Unsafe => "不安全 (unsafe)",
            FixKind::SafeOrUnsafe => "视情况安全或不安全,见“修复安全性” (safe-or-unsafe)",
        },
    }
}

/// The rule's facts as a Markdown list, in one language.
pub fn facts(rule: &Rule, locale: Locale) -> String {
    let l = labels(locale);
    let aliases = if rule.aliases.is_empty() {
        "—".to_owned()
    } else {
        rule.aliases
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let since = if rule.is_custom() { l.custom } else { rule.since };
    format!(
        "- {}: {}\n- {}: {aliases}\n- {}: {}\n- {}: {}\n- {}: {since}\n",
        l.severity,
        severity_name(rule.severity, locale),
        l.aliases,
        l.fix,
        fix_label(rule.fix, locale),
        l.enabled,
        if rule.default_enabled { l.yes } else { l.no },
        l.since,
    )
}

/// The rule's documentation in one language: its id as the title, its facts, then its docs.
pub fn page(rule: &Rule, locale: Locale) -> String {
    let docs = match locale {
        Locale::En => rule.docs.en,
        Locale::ZhHans => rule.docs.zh,
    };
    format!("# {}\n\n{}\n{}\n", rule.id, facts(rule, locale), docs.trim())
}

/// One line per rule, in aligned columns.
pub fn list(rules: &[&Rule]) -> String {
    let header = ["ID", "SEVERITY", "ALIASES", "FIX", "SINCE", "SUMMARY"];
    let rows: Vec<[String; 6]> = rules
        .iter()
        .map(|r| {
            let mut severity = r.severity.as_str().to_owned();
            if !r.default_enabled {
                severity.push_str(" (off)");
            }
            [
                r.id.to_owned(),
                severity,
                if r.aliases.is_empty() {
                    "-".to_owned()
                } else {
                    r.aliases.join(",")
                },
                r.fix.name().to_owned(),
                r.since.to_owned(),
                r.summary.to_owned(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 6]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3], &row[4], &row[5]]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_name_the_rule_and_carry_its_docs() {
        for rule in rules::ALL.iter() {
            let en = page(rule, Locale::En);
            assert!(en.starts_with(&format!("# {}\n", rule.id)));
            assert!(en.contains(rule.docs.en.trim()), "{}", rule.id);
            let zh = page(rule, Locale::ZhHans);
            assert!(
                zh.contains(rule.docs.zh.trim()) && zh.contains("默认严重性"),
                "{}",
                rule.id
            );
        }
    }

    #[test]
    fn list_has_a_line_per_rule_in_columns() {
        let text = list(&rules::ALL);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), rules::ALL.len() + 1);
        let column = lines[0].find("SEVERITY").unwrap_or_default();
        for (line, rule) in lines[1..].iter().zip(rules::ALL.iter()) {
            assert!(line.starts_with(rule.id), "{line}");
            assert_eq!(
                &line[column..column + rule.severity.as_str().len()],
                rule.severity.as_str()
            );
            assert!(line.ends_with(rule.summary), "{line}");
        }
    }
}
