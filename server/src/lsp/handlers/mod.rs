//! One file per LSP method. A handler converts its parameters in, asks the state and the
//! analysis, and converts the answer out; nothing else lives here.

pub mod code_action;
pub mod code_lens;
pub mod completion;
pub mod completion_resolve;
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

use tower_lsp_server::ls_types as lsp;

use super::convert;
use super::state::Snapshot;
use crate::syntax::PositionEncoding;

/// The diagnostics of a snapshot in LSP terms, computed on a blocking thread (the analysis is CPU
/// work and must not stall the executor). A panic, in the analysis or in the conversion, comes
/// back as an error message.
pub(super) async fn lsp_diagnostics(
    snapshot: Arc<Snapshot>,
    enc: PositionEncoding,
) -> Result<Vec<lsp::Diagnostic>, String> {
    let computed = tokio::task::spawn_blocking(move || {
        let analysis = snapshot.analysis().map_err(|panic| panic.to_string())?;
        Ok(analysis
            .diagnostics
            .iter()
            .map(|d| convert::diagnostic(&snapshot.document, d, enc))
            .collect())
    })
    .await;
    computed.unwrap_or_else(|err| Err(format!("diagnostics task failed: {err}")))
}

/// Runs a request's work on a blocking thread (the analysis is CPU work and must not stall the
/// executor). A failed analysis or a panic comes back as an internal error, and the server lives
/// on.
pub(super) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> tower_lsp_server::jsonrpc::Result<T> {
    let message = match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => return Ok(value),
        Ok(Err(message)) => message,
        Err(err) => format!("request task failed: {err}"),
    };
    tracing::error!("{message}");
    Err(tower_lsp_server::jsonrpc::Error {
        code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
        message: message.into(),
        data: None,
    })
}
