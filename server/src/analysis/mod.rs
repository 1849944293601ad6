//! The analysis layer: pure functions of a document's text and the configuration. No IO, no
//! `lsp_types`, no JSON.

pub mod completion;
pub mod config;
pub mod context;
pub mod diagnostic;
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

/// Like [`analyze_with`], reusing the facts of an earlier version of the same document for the
/// instructions whose text did not change (what keeps per-keystroke analysis cheap).
pub fn analyze_reusing(
    text: &str,
    config: &Config,
    fs: &dyn context::BuildContext,
    shellcheck: &dyn shellcheck::ShellChecker,
    previous: Option<&facts::Facts>,
) -> Analysis {
    let model = model::parse(text);
    let facts = Arc::new(facts::Facts::compute_reusing(text, &model, previous));
    let fs = context::Cached::new(fs);
    let diagnostics = rules::run(&rules::Context::new(text, &model, &facts, config, &fs, shellcheck));
    let diagnostics = suppress::apply(text, &model, diagnostics, config);
    Analysis {
        model,
        facts,
        diagnostics,
    }
}
