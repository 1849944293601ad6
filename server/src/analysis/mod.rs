//! The analysis layer: pure functions of a document's text and the configuration. No IO, no
//! `lsp_types`, no JSON.

pub mod completion;
pub mod config;
pub mod context;
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
pub mod queries;
pub mod reference;
pub mod rules;
pub mod scope;
pub mod shell;
pub mod shellcheck;
mod shift;
pub mod signature_help;
pub mod suppress;
pub mod symbols;
pub mod tokens;

use std::sync::Arc;

use config::Config;
use diagnostic::Diagnostic;
use model::Model;

/// Everything computed once per document version.
#[derive(Debug)]
pub struct Analysis {
    pub model: Model,
    /// Shared so that the next version can reuse it.
    pub facts: Arc<facts::Facts>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Analyses a Dockerfile with no knowledge of its build context.
pub fn analyze(text: &str, config: &Config) -> Analysis {
    analyze_in(text, config, &context::NoContext)
}

/// Analyses a Dockerfile whose build context the front end can show through `fs`.
pub fn analyze_in(text: &str, config: &Config, fs: &dyn context::BuildContext) -> Analysis {
    analyze_with(text, config, fs, &shellcheck::NoShellcheck)
}

/// Analyses a Dockerfile with the build context and a ShellCheck the front end provides.
pub fn analyze_with(
    text: &str,
    config: &Config,
    fs: &dyn context::BuildContext,
    shellcheck: &dyn shellcheck::ShellChecker,
) -> Analysis {
    analyze_reusing(text, config, fs, shellcheck, None)
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

/// Like [`analyze_with`], reusing what an earlier version of the same document computed for the
/// instructions whose text did not change: their model (only the lines around the edit are
/// scanned) and their facts (only changed scripts are read). What keeps a keystroke cheap.
pub fn analyze_reusing(
    text: &str,
    config: &Config,
    fs: &dyn context::BuildContext,
    shellcheck: &dyn shellcheck::ShellChecker,
    previous: Option<Previous<'_>>,
) -> Analysis {
    let model = match previous {
        Some(p) => model::parse_reusing(text, p.text, p.model),
        None => model::parse(text),
    };
    let facts = Arc::new(facts::Facts::compute_reusing(text, &model, previous.map(|p| p.facts)));
    let fs = context::Cached::new(fs);
    let diagnostics = rules::run(&rules::Context::new(text, &model, &facts, config, &fs, shellcheck));
    let diagnostics = suppress::apply(text, &model, diagnostics, config);
    Analysis {
        model,
        facts,
        diagnostics,
    }
}
