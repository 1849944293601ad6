//! `textDocument/rename`: every occurrence of a stage name, variable or heredoc delimiter
//! renamed at once; refused, with the reason, when the new name is invalid or already taken.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::{Failure, on_document};
use crate::analysis::navigation;
use crate::lsp::backend::Backend;

/// LSP's `RequestFailed`: the request was valid but cannot be done; clients show the message.
const REQUEST_FAILED: i64 = -32803;

/// A refused rename as the failure whose message the client shows.
pub(super) fn refused(reason: navigation::RenameError) -> Failure {
    Failure::Refused(tower_lsp_server::jsonrpc::Error {
        code: tower_lsp_server::jsonrpc::ErrorCode::ServerError(REQUEST_FAILED),
        message: reason.0.into(),
        data: None,
    })
}

pub async fn handle(server: &Backend, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
    let at = params.text_document_position;
    let new_name = params.new_name;
    on_document(server, &at.text_document.uri, move |request| {
        let analysis = request.snapshot.analysis()?;
        let symbols = request.snapshot.symbols()?;
        let offset = request.offset(at.position);
        let renamed = navigation::rename(
            &analysis.model,
            request.text(),
            symbols,
            offset,
            &new_name,
            request.locale(),
        );
        let Some(edits) = renamed.map_err(refused)? else {
            return Ok(None);
        };
        let edits: Vec<lsp::TextEdit> = edits.iter().map(|e| request.edit(e)).collect();
        let uri = request.snapshot.uri.clone();
        // A versioned edit lets the client refuse it when the document changed meanwhile.
        let edit = if request.negotiated.document_changes {
            lsp::WorkspaceEdit {
                document_changes: Some(lsp::DocumentChanges::Edits(vec![lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                        uri,
                        version: Some(request.snapshot.version()),
                    },
                    edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
                }])),
                ..Default::default()
            }
        } else {
            lsp::WorkspaceEdit {
                changes: Some(HashMap::from([(uri, edits)])),
                ..Default::default()
            }
        };
        Ok(Some(edit))
    })
    .await
}
