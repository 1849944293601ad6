//! The analysis layer: pure functions of a document's text and the configuration, with what the
//! front end lends it (the [`Host`]: build context, ShellCheck). No IO, no `lsp_types`, no JSON.
//! [`analyze`] is the one way in.

pub mod completion;
pub mod config;
pub mod context;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod docs;
pub mod facts;
pub mod fixes;
pub mod format;
pub mod graph;
pub mod hover;
pub mod ignore;
pub mod inlay;
pub mod lens;
pub mod links;
pub mod model;
pub mod navigation;
pub mod policy;
pub mod queries;
pub mod reference;
pub mod rules;
pub(crate) mod scope;
pub mod shell;
pub mod shellcheck;
mod shift;
pub mod signature_help;
pub(crate) mod suppress;
pub mod symbols;
pub mod tokens;

use std::sync::Arc;

use config::Config;
use context::{BuildContext, NoContext};
use diagnostic::Diagnostic;
use model::Model;
use shellcheck::{NoShellcheck, ShellChecker};

/// Everything computed once per document version.
#[derive(Debug)]
pub struct Analysis {
    pub model: Model,
    /// Shared so that the next version can reuse it.
    pub facts: Arc<facts::Facts>,
    pub diagnostics: Vec<Diagnostic>,
    /// Made by [`analyze_at_hand`] while ShellCheck still had scripts to answer: `diagnostics`
    /// lack those scripts' findings, and [`complete`] gives the whole set.
    pub shellcheck_pending: bool,
    /// While ShellCheck is pending, what the rules reported before suppression comments were
    /// applied: [`complete`] runs only the ShellCheck rule again and suppresses the whole set.
    /// Empty otherwise.
    unsuppressed: Vec<Diagnostic>,
}

/// What the front end lends an analysis: the Dockerfile's build context, ShellCheck and today's
/// date. The analysis does no IO and reads no clock itself; `workspace::host_for` gives the real
/// ones (the folder on disk, the configured `shellcheck` binary, the system clock or
/// `DOCKERFILE_LSP_TODAY`), tests fake them, and [`Host::none`] knows no context, has no
/// ShellCheck and no date.
///
/// Each part can be swapped on its own (`Host { shellcheck: ..., ..host }`): an analysis with
/// the same context and no ShellCheck gives our own findings without waiting for ShellCheck's.
#[derive(Clone)]
pub struct Host {
    pub context: Arc<dyn BuildContext>,
    pub shellcheck: Arc<dyn ShellChecker>,
    /// Today's date, for what depends on it (end-of-life base images); without one those rules
    /// stay quiet.
    pub today: Option<date::Date>,
}

impl Host {
    /// No build context and no ShellCheck.
    pub fn none() -> Host {
        Host {
            context: Arc::new(NoContext),
            shellcheck: Arc::new(NoShellcheck),
            today: None,
        }
    }
}

impl Default for Host {
    fn default() -> Self {
        Host::none()
    }
}

/// What an analysed earlier version of the same document leaves for the next one to reuse.
#[derive(Clone, Copy)]
pub struct Previous<'a> {
    pub text: &'a str,
    pub model: &'a Model,
    pub facts: &'a facts::Facts,
}

impl<'a> Previous<'a> {
    /// `analysis` was computed from `text`.
    pub fn of(text: &'a str, analysis: &'a Analysis) -> Self {
        Self {
            text,
            model: &analysis.model,
            facts: &analysis.facts,
        }
    }
}

/// Analyses a Dockerfile: its model, facts and diagnostics under `config`, with what `host`
/// provides. With `previous`, an analysed earlier version of the same document, the instructions
/// whose text did not change keep their model (only the lines around the edit are scanned) and
/// their facts (only changed scripts are read): what keeps a keystroke cheap.
pub fn analyze(text: &str, config: &Config, host: &Host, previous: Option<Previous<'_>>) -> Analysis {
    let (model, facts) = model_and_facts(text, previous);
    let found = rules_with(text, &model, &facts, config, host, &*host.shellcheck, rules::run);
    let diagnostics = suppress::apply(text, &model, found, config);
    Analysis {
        model,
        facts,
        diagnostics,
        shellcheck_pending: false,
        unsuppressed: Vec::new(),
    }
}

/// [`analyze`] without waiting for ShellCheck: its answers are taken only when they are at hand
/// (kept from an earlier run, [`ShellChecker::cached`]). When a script had none, the analysis
/// says so (`shellcheck_pending`) and its diagnostics are our own findings with the ShellCheck
/// findings that were at hand; [`complete`] then gives the whole set. Otherwise it is exactly
/// what [`analyze`] gives. The server publishes this first, so that typing and opening never
/// wait for a ShellCheck process.
pub fn analyze_at_hand(text: &str, config: &Config, host: &Host, previous: Option<Previous<'_>>) -> Analysis {
    let (model, facts) = model_and_facts(text, previous);
    let at_hand = shellcheck::AtHand::new(&*host.shellcheck);
    let found = rules_with(text, &model, &facts, config, host, &at_hand, rules::run);
    let shellcheck_pending = at_hand.missed();
    let unsuppressed = if shellcheck_pending { found.clone() } else { Vec::new() };
    let diagnostics = suppress::apply(text, &model, found, config);
    Analysis {
        model,
        facts,
        diagnostics,
        shellcheck_pending,
        unsuppressed,
    }
}

/// The diagnostics [`analyze`] would give for `text`, of which `analysis` is an analysis (from
/// [`analyze_at_hand`]): the ShellCheck rule runs again over its model and facts, with
/// ShellCheck run where its answers were not at hand, and the suppression comments are applied
/// to the whole set again (one may now suppress a ShellCheck finding, or no longer be unused).
pub fn complete(text: &str, config: &Config, host: &Host, analysis: &Analysis) -> Vec<Diagnostic> {
    if !analysis.shellcheck_pending {
        return analysis.diagnostics.clone();
    }
    let (model, facts) = (&analysis.model, &*analysis.facts);
    let found = rules_with(text, model, facts, config, host, &*host.shellcheck, |cx| {
        rules::rerun_shellcheck(cx, &analysis.unsuppressed)
    });
    suppress::apply(text, model, found, config)
}

/// Runs `run` (the rules) over a version with what `host` lends, ShellCheck being `shellcheck`.
fn rules_with(
    text: &str,
    model: &Model,
    facts: &facts::Facts,
    config: &Config,
    host: &Host,
    shellcheck: &dyn ShellChecker,
    run: impl FnOnce(&rules::Context<'_>) -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let fs = context::Cached::new(&*host.context);
    run(&rules::Context::new(text, model, facts, config, &fs, shellcheck).with_today(host.today))
}

fn model_and_facts(text: &str, previous: Option<Previous<'_>>) -> (Model, Arc<facts::Facts>) {
    let model = match previous {
        Some(p) => model::parse_reusing(text, p.text, p.model),
        None => model::parse(text),
    };
    let facts = Arc::new(facts::Facts::compute_reusing(text, &model, previous.map(|p| p.facts)));
    (model, facts)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use shellcheck::{Dialect, Finding, Level};

    /// No build context and a ShellCheck that reports SC2086 on the first character of every
    /// script (and keeps no answer).
    pub(crate) fn host() -> Host {
        Host {
            shellcheck: Arc::new(|_: &str, _: Dialect| {
                Some(vec![Finding {
                    line: 1,
                    column: 1,
                    end_line: 1,
                    end_column: 2,
                    tab_stop: 1,
                    level: Level::Info,
                    code: 2086,
                    message: "quote".into(),
                }])
            }),
            ..Host::none()
        }
    }

    #[test]
    fn completing_applies_suppressions_to_shellchecks_findings_as_a_whole_analysis_does() {
        // The first RUN's comment suppresses a ShellCheck finding that only the second pass
        // brings: before it, the comment is unused; after it, the finding is gone and so is the
        // unused-suppression hint. A severity override applies to the ShellCheck rule too.
        let text = "FROM debian:12\n# dockerfile-lsp ignore=shellcheck\nRUN echo $a\nRUN echo $b | tee c\n";
        let config = Config {
            severity: [("shellcheck".to_owned(), diagnostic::Severity::Error)].into(),
            ..Config::default()
        };
        let first = analyze_at_hand(text, &config, &host(), None);
        assert!(first.shellcheck_pending);
        assert!(first.diagnostics.iter().any(|d| d.rule == rules::UNUSED_SUPPRESSION));
        let whole = analyze(text, &config, &host(), None).diagnostics;
        assert_eq!(complete(text, &config, &host(), &first), whole);
        assert!(!whole.iter().any(|d| d.rule == rules::UNUSED_SUPPRESSION));
        let shellcheck: Vec<_> = whole.iter().filter(|d| d.rule == "shellcheck").collect();
        assert_eq!(shellcheck.len(), 1, "{whole:#?}");
        assert_eq!(shellcheck[0].severity, diagnostic::Severity::Error);
    }
}
