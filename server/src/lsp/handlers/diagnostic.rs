//! `textDocument/diagnostic`: pull diagnostics, for clients that declared support for them (and
//! to which we then never push). The answer is the whole set, ShellCheck's findings included:
//! it waits for ShellCheck when its answers are not at hand. Answering with our findings first
//! would make the client ask again through `workspace/diagnostic/refresh`, which refreshes every
//! open document, once per version: a client keeps showing its previous answer meanwhile, so
//! waiting costs less than it saves.

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types as lsp;

use super::all_diagnostics;
use crate::lsp::backend::Backend;

fn full(result_id: Option<String>, items: Vec<lsp::Diagnostic>) -> lsp::DocumentDiagnosticReportResult {
    lsp::DocumentDiagnosticReportResult::Report(lsp::DocumentDiagnosticReport::Full(
        lsp::RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport { result_id, items },
        },
    ))
}

pub async fn handle(
    server: &Backend,
    params: lsp::DocumentDiagnosticParams,
) -> Result<lsp::DocumentDiagnosticReportResult> {
    let uri = params.text_document.uri;
    let Some(snapshot) = server.state.get(&uri) else {
        // Not open (or closed meanwhile): we know of no problems in it.
        return Ok(full(None, Vec::new()));
    };
    // Each snapshot has its own id, so an equal id means the very same text and configuration.
    let result_id = snapshot.id.to_string();
    if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
        return Ok(lsp::DocumentDiagnosticReportResult::Report(
            lsp::DocumentDiagnosticReport::Unchanged(lsp::RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport { result_id },
            }),
        ));
    }
    let version = snapshot.version();
    match all_diagnostics(snapshot, server.state.negotiated()).await {
        Ok(items) => Ok(full(Some(result_id), items)),
        Err(message) => {
            tracing::error!("no diagnostics for {} version {version}: {message}", uri.as_str());
            Err(Error {
                code: ErrorCode::InternalError,
                message: message.into(),
                data: None,
            })
        }
    }
}
