//! The rule engine: the registry of every rule (one file each, sorted by id), the context rules
//! read facts from, and the sink they report into. Severity overrides and suppression are applied
//! here, after the rules ran, so that rules only describe problems.

mod custom;
mod packages;
mod policy;
mod practices;
mod semantics;
mod shell;
mod shell_in_force;
mod suggest;
mod suppression;
mod syntax;

use std::sync::LazyLock;

pub use suppression::UNUSED_SUPPRESSION;

use crate::analysis::config::Config;
use crate::analysis::context::BuildContext;
use crate::analysis::diagnostic::{Applicability, Diagnostic, Severity};
use crate::analysis::facts::Facts;
use crate::analysis::model::{Args, Instruction, Model};
use crate::analysis::shellcheck::ShellChecker;
use crate::syntax::TextRange;

/// Whether a rule's diagnostics carry a fix, and of which kind. The docs, `rule --list` and the
/// SARIF rule descriptors show it, so it must tell the truth: the rule fixture harness and a
/// corpus test fail when a rule emits a fix its kind does not allow ([`FixKind::allows`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixKind {
    /// The rule never offers a fix.
    None,
    /// Every fix the rule offers is safe (fix-all and `check --fix` apply it).
    Safe,
    /// Every fix the rule offers is unsafe (only offered, or applied with `--unsafe-fixes`).
    Unsafe,
    /// Safe in some cases and unsafe in others; the docs' `Fix safety` section says which.
    SafeOrUnsafe,
}

impl FixKind {
    /// Whether a rule of this kind may emit a fix of this applicability.
    pub fn allows(self, applicability: Applicability) -> bool {
        match self {
            FixKind::None => false,
            FixKind::Safe => applicability == Applicability::Safe,
            FixKind::Unsafe => applicability == Applicability::Unsafe,
            FixKind::SafeOrUnsafe => true,
        }
    }

    /// The kind's name in lists, tables and machine-readable output.
    pub fn name(self) -> &'static str {
        match self {
            FixKind::None => "none",
            FixKind::Safe => "safe",
            FixKind::Unsafe => "unsafe",
            FixKind::SafeOrUnsafe => "safe-or-unsafe",
        }
    }
}

/// The sections every rule's English docs have, in order.
pub const DOC_SECTIONS_EN: [&str; 6] = [
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## Fix safety",
    "## References",
];

/// The same sections in the Chinese docs.
pub const DOC_SECTIONS_ZH: [&str; 6] = [
    "## 作用",
    "## 为什么不好",
    "## 示例",
    "## 建议写法",
    "## 修复安全性",
    "## 参考",
];

/// The mark `xtask new-rule` puts wherever a new rule still needs its author (docs, summary,
/// check function, fixtures). A test fails while any rule or fixture carries it, so a rule made
/// from the template cannot ship half-written. Spelled in two pieces so that this line is not
/// itself a match.
pub const UNFINISHED: &str = concat!("UNFINISHED", "(new-rule)");

/// A rule's documentation in one language: Markdown with the sections of [`DOC_SECTIONS_EN`]
/// (in Chinese: [`DOC_SECTIONS_ZH`]).
#[derive(Clone, Copy, Debug)]
pub struct Docs {
    pub en: &'static str,
    pub zh: &'static str,
}

pub struct Rule {
    /// kebab-case, naming the bad pattern.
    pub id: &'static str,
    /// The release the rule came in (`0.1`): a configuration pinned to an earlier release with
    /// `rules-version` does not run it unless it names it in `select`. `custom` for the rules a
    /// configuration defines itself, which always run.
    pub since: &'static str,
    pub severity: Severity,
    /// hadolint codes and BuildKit check names this rule answers to.
    pub aliases: &'static [&'static str],
    pub fix: FixKind,
    /// Off by default (enabled through the configuration).
    pub default_enabled: bool,
    /// One line for lists and settings.
    pub summary: &'static str,
    pub docs: Docs,
    pub check: fn(&Context<'_>, &mut Sink<'_>),
}

impl Rule {
    /// Its id, then its aliases: every name configuration and suppression comments may use.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + Clone + use<> {
        std::iter::once(self.id).chain(self.aliases.iter().copied())
    }

    /// Whether `config` runs this rule: a rule that came after the release `rules-version`
    /// pins runs only when `select` names it.
    pub fn is_enabled(&self, config: &Config) -> bool {
        config.enables(self.names(), self.default_enabled && config.admits(self.since))
    }

    /// Whether the rule runs under `config`: enabled, and for a policy rule, given something to
    /// check.
    pub fn runs(&self, config: &Config) -> bool {
        self.is_enabled(config) && policy::has_work(self.id, config)
    }

    /// A rule the configuration defines (`[[custom-rules]]`), not one of ours.
    pub fn is_custom(&self) -> bool {
        self.since == custom::SINCE
    }
}

/// The release this build is: the crate's version without its patch number (`0.2`), what new
/// rules record as their `since`.
pub fn current_release() -> &'static str {
    const VERSION: &str = env!("CARGO_PKG_VERSION");
    match VERSION.match_indices('.').nth(1) {
        Some((second_dot, _)) => &VERSION[..second_dot],
        None => VERSION,
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("id", &self.id).finish_non_exhaustive()
    }
}

/// Everything a rule may read: the text, the model and the facts (computed once per version),
/// the configuration and the build context. Rules never re-parse text.
pub struct Context<'a> {
    pub text: &'a str,
    pub model: &'a Model,
    pub facts: &'a Facts,
    pub config: &'a Config,
    pub fs: &'a dyn BuildContext,
    /// ShellCheck, when the front end has one (`NoShellcheck` otherwise).
    pub shellcheck: &'a dyn ShellChecker,
    /// Today's date, when the front end gives one ([`crate::analysis::Host::today`]).
    pub today: Option<crate::analysis::date::Date>,
    /// Facts derived from the others that several rules ask for, computed by the first.
    memo: Memo<'a>,
    scopes: crate::analysis::scope::Scopes<'a>,
}

#[derive(Default)]
struct Memo<'a> {
    run_scripts: std::sync::OnceLock<Vec<packages::RunScript<'a>>>,
    shells_in_force: std::sync::OnceLock<shell_in_force::Shells>,
    /// The Dockerfile's tree-sitter tree, for custom rules with a `query` (parsed only for them).
    dockerfile_tree: std::sync::OnceLock<tree_sitter::Tree>,
    /// Where each line starts.
    line_index: std::sync::OnceLock<crate::syntax::LineIndex<'a>>,
    line_break: std::sync::OnceLock<&'static str>,
}

impl<'a> Context<'a> {
    pub fn new(
        text: &'a str,
        model: &'a Model,
        facts: &'a Facts,
        config: &'a Config,
        fs: &'a dyn BuildContext,
        shellcheck: &'a dyn ShellChecker,
    ) -> Self {
        Self {
            text,
            model,
            facts,
            config,
            fs,
            shellcheck,
            today: None,
            memo: Memo::default(),
            scopes: crate::analysis::scope::Scopes::new(model),
        }
    }
}

impl<'a> Context<'a> {
    /// The context with today's date set (no date by default).
    pub fn with_today(self, today: Option<crate::analysis::date::Date>) -> Self {
        Self { today, ..self }
    }

    /// The 1-based line of a byte offset, for messages that point at another line ("declared
    /// on line 3"). The line index is built once per analysis; scanning the text for each message
    /// made a file with many such findings quadratic.
    pub fn line_number(&self, offset: usize) -> usize {
        let index = self
            .memo
            .line_index
            .get_or_init(|| crate::syntax::LineIndex::new(self.text));
        1 + index.line(offset)
    }

    /// The variables visible at `offset` ([`crate::analysis::scope::scope_at`]), built from the
    /// scope asked for before when that is earlier in the same stage.
    pub fn scope_at(&self, offset: usize) -> std::sync::Arc<crate::analysis::scope::Scope> {
        self.scopes.at(offset)
    }

    /// The shell in force at each top-level instruction and the Windows stages
    /// ([`shell_in_force`]).
    fn shells_in_force(&self) -> &shell_in_force::Shells {
        self.memo
            .shells_in_force
            .get_or_init(|| shell_in_force::compute(self.model))
    }

    /// The shell in force at the top-level instruction `index` (the default for an index past
    /// the end).
    pub(crate) fn shell_in_force(&self, index: usize) -> shell_in_force::ShellInForce {
        self.shells_in_force()
            .at
            .get(index)
            .copied()
            .unwrap_or(shell_in_force::ShellInForce::Default)
    }

    /// Whether stage `stage` builds a Windows image ([`shell_in_force`] says how that is known).
    /// Rules about Unix practice (root, `/bin/sh`, package managers, signals) ask it.
    pub(crate) fn is_windows_stage(&self, stage: usize) -> bool {
        self.shells_in_force().windows.get(stage).copied().unwrap_or(false)
    }

    /// Whether the top-level instruction `index` is in a Windows stage (an ONBUILD trigger
    /// counts as its ONBUILD's: a child image is built on this one).
    pub(crate) fn is_windows_at(&self, index: usize) -> bool {
        self.model.stage_of(index).is_some_and(|s| self.is_windows_stage(s))
    }

    /// The Dockerfile read by tree-sitter-dockerfile, once per analysis and only when a custom
    /// rule asks: the analysis reads the model, not the tree.
    fn dockerfile_tree(&self) -> &tree_sitter::Tree {
        self.memo
            .dockerfile_tree
            .get_or_init(|| crate::syntax::parse_tree(self.text))
    }

    /// The line break new lines are written with (the file's own), found once per analysis:
    /// fixes ask for it per finding, and scanning the whole text each time made a long file
    /// quadratic.
    pub fn line_break(&self) -> &'static str {
        self.memo.line_break.get_or_init(|| packages::line_break(self.text))
    }

    /// Every instruction in file order, each ONBUILD trigger right after its ONBUILD: a trigger
    /// is checked like any instruction because it runs, and fails, in every child build.
    pub fn instructions(&self) -> impl Iterator<Item = &'a Instruction> + 'a {
        self.model.instructions.iter().flat_map(|top| {
            std::iter::successors(Some(top), |i| match &i.args {
                Args::Onbuild(trigger) => Some(&**trigger),
                _ => None,
            })
        })
    }
}

/// Collects one rule's diagnostics, filling in its id and default severity.
pub struct Sink<'a> {
    rule: &'static Rule,
    out: &'a mut Vec<Diagnostic>,
}

impl Sink<'_> {
    /// A rule with exactly one alias gets it as the diagnostic's code; a rule with several sets
    /// the one that matched.
    pub fn report(&mut self, range: TextRange, message: impl Into<String>) -> &mut Diagnostic {
        let code = match self.rule.aliases {
            [only] => Some(*only),
            _ => None,
        };
        self.out.push(Diagnostic {
            range,
            rule: self.rule.id,
            code,
            severity: self.rule.severity,
            message: message.into(),
            fix: None,
            tags: Vec::new(),
            related: Vec::new(),
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    /// Reports every problem the model recorded under this rule's id.
    pub fn report_problems(&mut self, model: &Model) {
        for problem in model.problems.iter().filter(|p| p.rule == self.rule.id) {
            self.report(problem.range, problem.message.clone());
        }
    }
}

/// Every rule, sorted by id. Rules live in one folder per section of the catalog, each folder
/// listing its own rules, so that sections grow independently.
pub static ALL: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
    let mut all: Vec<&'static Rule> = [
        syntax::RULES,
        semantics::RULES,
        packages::RULES,
        practices::RULES,
        shell::RULES,
        suppression::RULES,
        policy::RULES,
    ]
    .concat();
    all.sort_by_key(|r| r.id);
    all
});

/// The catalog's sections in order, each with its rules sorted by id (for the generated docs).
pub fn sections() -> Vec<(&'static str, Vec<&'static Rule>)> {
    [
        ("Syntax and parser", syntax::RULES),
        ("Stages, variables and semantics", semantics::RULES),
        ("Packages and RUN commands", packages::RULES),
        ("Best practices", practices::RULES),
        ("Shell inside RUN", shell::RULES),
        ("Suppression comments", suppression::RULES),
        ("Policies", policy::RULES),
    ]
    .into_iter()
    .map(|(title, rules)| {
        let mut rules = rules.to_vec();
        rules.sort_by_key(|r| r.id);
        (title, rules)
    })
    .collect()
}

pub fn find(id_or_alias: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(id_or_alias))
        .or_else(|| {
            ALL.iter()
                .copied()
                .find(|r| r.aliases.iter().any(|a| a.eq_ignore_ascii_case(id_or_alias)))
        })
}

/// [`find`], then the custom rules of `config` by id.
pub fn find_in(config: &Config, id_or_alias: &str) -> Option<&'static Rule> {
    find(id_or_alias).or_else(|| {
        config
            .custom_rules
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(id_or_alias))
            .map(custom::registered)
    })
}

/// The custom rules of `config`, in the order written.
pub fn custom_in(config: &Config) -> Vec<&'static Rule> {
    config.custom_rules.iter().map(custom::registered).collect()
}

/// Every rule of this build, then the custom rules of `config` in the order written.
pub fn all_in(config: &Config) -> Vec<&'static Rule> {
    ALL.iter()
        .copied()
        .chain(config.custom_rules.iter().map(custom::registered))
        .collect()
}

/// Whether `config` runs the rule called `id_or_alias`; a name no rule answers to (a ShellCheck
/// code) runs unless the configuration leaves it out.
pub fn is_enabled(config: &Config, id_or_alias: &str) -> bool {
    match find_in(config, id_or_alias) {
        Some(rule) => rule.is_enabled(config),
        None => config.enables_unknown(id_or_alias),
    }
}

/// Runs every enabled rule (the configuration's custom rules after ours) and applies the
/// configuration's severity overrides. The result is sorted by position.
pub fn run(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let custom = cx.config.custom_rules.iter().map(custom::registered);
    for rule in ALL.iter().copied().chain(custom) {
        run_rule(cx, rule, &mut out);
    }
    sort(&mut out);
    out
}

/// What [`run`] gives when ShellCheck's answers differ from those `earlier` was computed with:
/// `earlier` is [`run`]'s result for the same text, model and facts; only the ShellCheck rule
/// runs again, since it is the only rule that asks ShellCheck.
pub fn rerun_shellcheck(cx: &Context<'_>, earlier: &[Diagnostic]) -> Vec<Diagnostic> {
    let rule: &'static Rule = &shell::SHELLCHECK;
    let mut out: Vec<Diagnostic> = earlier.iter().filter(|d| d.rule != rule.id).cloned().collect();
    run_rule(cx, rule, &mut out);
    // The sort is stable and its key names the rule, so the order is the one `run` gives.
    sort(&mut out);
    out
}

fn run_rule(cx: &Context<'_>, rule: &'static Rule, out: &mut Vec<Diagnostic>) {
    if !rule.is_enabled(cx.config) {
        return;
    }
    let start = out.len();
    (rule.check)(cx, &mut Sink { rule, out });
    if let Some(severity) = cx.config.severity_override(rule.id) {
        for d in &mut out[start..] {
            d.severity = severity;
        }
    }
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule)));
}

#[cfg(test)]
mod tests {
    use super::ALL;

    #[test]
    fn the_line_index_counts_lines_like_a_scan_of_the_text() {
        use crate::analysis::context::NoContext;
        use crate::analysis::shellcheck::NoShellcheck;
        let text = "FROM a\nRUN x\r\n\rCMD é\r\n\n";
        let model = crate::analysis::model::parse(text);
        let facts = crate::analysis::facts::Facts::compute(text, &model);
        let config = crate::analysis::config::Config::default();
        let cx = super::Context::new(text, &model, &facts, &config, &NoContext, &NoShellcheck);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                cx.line_number(offset),
                crate::analysis::scope::line_number(text, offset),
                "at {offset}"
            );
        }
    }

    #[test]
    fn rule_ids_are_unique_kebab_case() {
        for pair in ALL.windows(2) {
            assert_ne!(pair[0].id, pair[1].id, "two rules are called {}", pair[0].id);
        }
        for rule in ALL.iter() {
            assert!(
                rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                rule.id
            );
        }
    }

    #[test]
    fn every_rule_is_documented_in_both_languages() {
        for rule in ALL.iter() {
            for section in super::DOC_SECTIONS_EN {
                assert!(
                    rule.docs.en.contains(section),
                    "{}: English docs lack {section}",
                    rule.id
                );
            }
            for section in super::DOC_SECTIONS_ZH {
                assert!(
                    rule.docs.zh.contains(section),
                    "{}: Chinese docs lack {section}",
                    rule.id
                );
            }
            assert!(!rule.summary.ends_with('.'), "{}: summary ends with a period", rule.id);
            for text in [rule.summary, rule.docs.en, rule.docs.zh] {
                assert!(
                    !text.contains(super::UNFINISHED),
                    "{}: the docs or summary still carry the new-rule template's {} marks: write them",
                    rule.id,
                    super::UNFINISHED
                );
            }
        }
    }
}
