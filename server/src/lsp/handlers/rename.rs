//! `textDocument/rename`: every occurrence of a stage name, variable or heredoc delimiter
//! renamed at once; refused, with the reason, when the new name is invalid or already taken.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::blocking;
use crate::analysis::navigation;
use crate::lsp::convert;
use crate::lsp::server::Backend;

/// LSP's `RequestFailed`: the request was valid but cannot be done; clients show the message.
const REQUEST_FAILED: i64 = -32803;

/// A refused rename as the error the client shows.
pub(super) fn refused(reason: navigation::RenameError) -> tower_lsp_server::jsonrpc::Error {
    tower_lsp_server::jsonrpc::Error {
        code: tower_lsp_server::jsonrpc::ErrorCode::ServerError(REQUEST_FAILED),
        message: reason.0.into(),
        data: None,
    }
}

pub async fn handle(server: &Backend, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
    let at = params.text_document_position;
    let new_name = params.new_name;
    let Some(snapshot) = server.state.get(&at.text_document.uri) else {
        return Ok(None);
    };
    let negotiated = server.state.negotiated();
    let enc = negotiated.encoding;
    let answer = blocking(move || {
        let analysis = snapshot.analysis().map_err(|e| e.to_string())?;
        let text = snapshot.document.text();
        let offset = snapshot
            .document
            .position_to_offset(convert::line_col(at.position), enc);
        let locale = snapshot.config().locale;
        let edits = match navigation::rename(&analysis.model, &text, offset, &new_name, locale) {
            Ok(Some(edits)) => edits,
            Ok(None) => return Ok(Ok(None)),
            Err(reason) => return Ok(Err(reason)),
        };
        let edits: Vec<lsp::TextEdit> = edits
            .iter()
            .map(|e| convert::edit(&snapshot.document, e, enc))
            .collect();
        let uri = snapshot.uri.clone();
        // A versioned edit lets the client refuse it when the document changed meanwhile.
        let edit = if negotiated.document_changes {
            lsp::WorkspaceEdit {
                document_changes: Some(lsp::DocumentChanges::Edits(vec![lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                        uri,
                        version: Some(snapshot.version()),
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
        Ok(Ok(Some(edit)))
    })
    .await?;
    answer.map_err(refused)
}
