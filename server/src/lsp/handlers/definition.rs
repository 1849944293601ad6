//! `textDocument/definition`: from a stage, variable or heredoc delimiter to where it is declared.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::blocking;
use crate::analysis::navigation;
use crate::lsp::convert;
use crate::lsp::server::Backend;

pub async fn handle(
    server: &Backend,
    params: lsp::GotoDefinitionParams,
) -> Result<Option<lsp::GotoDefinitionResponse>> {
    let at = params.text_document_position_params;
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
        let Some((_, targets)) = navigation::definition(&analysis.model, &text, offset) else {
            return Ok(None);
        };
        let locations: Vec<lsp::Location> = targets
            .into_iter()
            .map(|t| lsp::Location {
                uri: snapshot.uri.clone(),
                range: convert::range(&snapshot.document, t, enc),
            })
            .collect();
        Ok(Some(lsp::GotoDefinitionResponse::Array(locations)))
    })
    .await
}
