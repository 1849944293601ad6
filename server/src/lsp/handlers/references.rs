//! `textDocument/references`: every occurrence of the stage, variable or heredoc delimiter under
//! the cursor.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use crate::analysis::navigation;
use crate::lsp::backend::Backend;

pub async fn handle(server: &Backend, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
    let at = params.text_document_position;
    let include_declaration = params.context.include_declaration;
    on_document(server, &at.text_document.uri, move |request| {
        let symbols = request.snapshot.symbols()?;
        let found = navigation::references(symbols, request.offset(at.position), include_declaration);
        Ok(Some(
            found
                .into_iter()
                .map(|r| lsp::Location {
                    uri: request.snapshot.uri.clone(),
                    range: request.range(r),
                })
                .collect(),
        ))
    })
    .await
}
