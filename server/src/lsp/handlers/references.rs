//! `textDocument/references`: every occurrence of the stage, variable or heredoc delimiter under
//! the cursor.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::blocking;
use crate::analysis::navigation;
use crate::lsp::convert;
use crate::lsp::server::Backend;

pub async fn handle(server: &Backend, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
    let at = params.text_document_position;
    let include_declaration = params.context.include_declaration;
    let Some(snapshot) = server.state.get(&at.text_document.uri) else {
        return Ok(None);
    };
    let enc = server.state.negotiated().encoding;
    blocking(move || {
        let analysis = snapshot.analysis().map_err(|e| e.to_string())?;
        let text = snapshot.document.text();
        let offset = snapshot
            .document
            .position_to_offset(convert::line_col(at.position), enc);
        let found = navigation::references(&analysis.model, &text, offset, include_declaration);
        Ok(Some(
            found
                .into_iter()
                .map(|r| lsp::Location {
                    uri: snapshot.uri.clone(),
                    range: convert::range(&snapshot.document, r, enc),
                })
                .collect(),
        ))
    })
    .await
}
