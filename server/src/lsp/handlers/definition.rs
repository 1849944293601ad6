//! `textDocument/definition`: from a stage, variable or heredoc delimiter to where it is declared.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use crate::analysis::navigation;
use crate::lsp::backend::Backend;

pub async fn handle(
    server: &Backend,
    params: lsp::GotoDefinitionParams,
) -> Result<Option<lsp::GotoDefinitionResponse>> {
    let at = params.text_document_position_params;
    on_document(server, &at.text_document.uri, move |request| {
        let symbols = request.snapshot.symbols()?;
        let Some((_, targets)) = navigation::definition(symbols, request.offset(at.position)) else {
            return Ok(None);
        };
        let locations: Vec<lsp::Location> = targets
            .into_iter()
            .map(|t| lsp::Location {
                uri: request.snapshot.uri.clone(),
                range: request.range(t),
            })
            .collect();
        Ok(Some(lsp::GotoDefinitionResponse::Array(locations)))
    })
    .await
}
