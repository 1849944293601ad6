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
    let model = match previous {
        Some(p) => model::parse_reusing(text, p.text, p.model),
        None => model::parse(text),
    };
    let facts = Arc::new(facts::Facts::compute_reusing(text, &model, previous.map(|p| p.facts)));
    let fs = context::Cached::new(&*host.context);
    let diagnostics =
        rules::run(&rules::Context::new(text, &model, &facts, config, &fs, &*host.shellcheck).with_today(host.today));
    let diagnostics = suppress::apply(text, &model, diagnostics, config);
    Analysis {
        model,
        facts,
        diagnostics,
    }
}
