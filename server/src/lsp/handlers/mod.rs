//! One file per LSP method. A handler converts its parameters in, asks the state and the
//! analysis, and converts the answer out; nothing else lives here. What the requests about one
//! document share (the snapshot, the negotiated encoding, a blocking thread, positions to
//! offsets, failures to error answers) is [`on_document`].

pub mod code_action;
pub mod code_lens;
pub mod completion;
pub mod completion_resolve;
pub mod configuration;
pub mod definition;
pub mod diagnostic;
pub mod did_change;
pub mod did_change_configuration;
pub mod did_change_watched_files;
pub mod did_close;
pub mod did_open;
pub mod document_highlight;
pub mod document_link;
pub mod document_symbol;
pub mod execute_command;
pub mod folding_range;
pub mod formatting;
pub mod hover;
pub mod initialize;
pub mod initialized;
pub mod inlay_hint;
pub mod on_type_formatting;
pub mod prepare_rename;
pub mod publish_diagnostics;
pub mod range_formatting;
pub mod references;
pub mod rename;
pub mod selection_range;
pub mod semantic_tokens_full;
pub mod semantic_tokens_full_delta;
pub mod semantic_tokens_range;
pub mod signature_help;

use std::sync::Arc;

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

use super::backend::Backend;
use super::capabilities::Negotiated;
use super::convert;
use super::state::{AnalysisPanic, Snapshot};
use crate::analysis::config::Locale;
use crate::analysis::diagnostic::Edit;
use crate::syntax::{Document, PositionEncoding, TextRange};

/// The diagnostics of a snapshot's analysis in LSP terms, computed on a blocking thread (the
/// analysis is CPU work and must not stall the executor), without waiting for ShellCheck, and
/// whether ShellCheck answers were pending (then they are not the whole set). A panic, in the
/// analysis or in the conversion, comes back as an error message.
pub(super) async fn first_diagnostics(
    snapshot: Arc<Snapshot>,
    negotiated: Negotiated,
) -> Result<(Vec<lsp::Diagnostic>, bool), String> {
    let computed = tokio::task::spawn_blocking(move || {
        let analysis = snapshot.analysis().map_err(|panic| panic.to_string())?;
        Ok((
            to_lsp(&snapshot, &analysis.diagnostics, negotiated),
            analysis.shellcheck_pending,
        ))
    })
    .await;
    computed.unwrap_or_else(|err| Err(format!("diagnostics task failed: {err}")))
}

/// Every diagnostic of a snapshot in LSP terms, ShellCheck's included (waiting for it), computed
/// on a blocking thread. A panic comes back as an error message.
pub(super) async fn all_diagnostics(
    snapshot: Arc<Snapshot>,
    negotiated: Negotiated,
) -> Result<Vec<lsp::Diagnostic>, String> {
    let computed = tokio::task::spawn_blocking(move || {
        let diagnostics = snapshot.diagnostics().map_err(|panic| panic.to_string())?;
        Ok(to_lsp(&snapshot, diagnostics, negotiated))
    })
    .await;
    computed.unwrap_or_else(|err| Err(format!("diagnostics task failed: {err}")))
}

/// Related places become `relatedInformation` for a client that shows them.
fn to_lsp(
    snapshot: &Snapshot,
    diagnostics: &[crate::analysis::diagnostic::Diagnostic],
    negotiated: Negotiated,
) -> Vec<lsp::Diagnostic> {
    let related_uri = negotiated.related_information.then_some(&snapshot.uri);
    convert::diagnostics(
        &snapshot.document,
        snapshot.text(),
        diagnostics,
        negotiated.encoding,
        related_uri,
    )
}

/// Why a request's work has no answer.
pub(super) enum Failure {
    /// The analysis failed: logged, and an internal error for the client.
    Internal(String),
    /// The request cannot be done (a refused rename): this error, which the client shows.
    Refused(jsonrpc::Error),
}

impl From<AnalysisPanic> for Failure {
    fn from(panic: AnalysisPanic) -> Self {
        Failure::Internal(panic.to_string())
    }
}

/// Runs a request's work on a blocking thread (the analysis is CPU work and must not stall the
/// executor). A failed analysis or a panic comes back as an internal error (and is logged), a
/// refusal as its own error, and the server lives on.
pub(super) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Failure> + Send + 'static,
) -> jsonrpc::Result<T> {
    let message = match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => return Ok(value),
        Ok(Err(Failure::Refused(error))) => return Err(error),
        Ok(Err(Failure::Internal(message))) => message,
        Err(err) => format!("request task failed: {err}"),
    };
    tracing::error!("{message}");
    Err(jsonrpc::Error {
        code: jsonrpc::ErrorCode::InternalError,
        message: message.into(),
        data: None,
    })
}

/// A request about one open document, as its work sees it: the snapshot it is about and what
/// `initialize` negotiated, with the conversions every handler needs.
pub(super) struct Request {
    pub snapshot: Arc<Snapshot>,
    pub negotiated: Negotiated,
}

impl Request {
    pub fn new(snapshot: Arc<Snapshot>, negotiated: Negotiated) -> Self {
        Request { snapshot, negotiated }
    }

    pub fn enc(&self) -> PositionEncoding {
        self.negotiated.encoding
    }

    pub fn document(&self) -> &Document {
        &self.snapshot.document
    }

    /// The document's text.
    pub fn text(&self) -> &str {
        self.snapshot.text()
    }

    /// The language of the user-facing text of the answer.
    pub fn locale(&self) -> Locale {
        self.snapshot.config().locale
    }

    /// The byte offset of a position the client sent.
    pub fn offset(&self, position: lsp::Position) -> usize {
        self.document()
            .position_to_offset(convert::line_col(position), self.enc())
    }

    pub fn range(&self, range: TextRange) -> lsp::Range {
        convert::range(self.document(), range, self.enc())
    }

    pub fn edit(&self, edit: &Edit) -> lsp::TextEdit {
        convert::edit(self.document(), edit, self.enc())
    }
}

/// What every request about one document does first: no answer when `uri` is not open;
/// otherwise `work` runs on a blocking thread with the [`Request`], and a failure is an error
/// answer (see [`blocking`]).
pub(super) async fn on_document<T: Send + 'static>(
    server: &Backend,
    uri: &lsp::Uri,
    work: impl FnOnce(&Request) -> Result<Option<T>, Failure> + Send + 'static,
) -> jsonrpc::Result<Option<T>> {
    let Some(snapshot) = server.state.get(uri) else {
        return Ok(None);
    };
    let request = Request::new(snapshot, server.state.negotiated());
    blocking(move || work(&request)).await
}
