//! `textDocument/prepareRename`: the name a rename at the cursor would change, or why there is
//! none to change (a name the builder predefines, a stage referred to by number, a use through a
//! variable).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use super::rename::refused;
use crate::analysis::navigation;
use crate::lsp::backend::Backend;

pub async fn handle(
    server: &Backend,
    params: lsp::TextDocumentPositionParams,
) -> Result<Option<lsp::PrepareRenameResponse>> {
    on_document(server, &params.text_document.uri, move |request| {
        let analysis = request.snapshot.analysis()?;
        let symbols = request.snapshot.symbols()?;
        let offset = request.offset(params.position);
        let found = navigation::prepare_rename(&analysis.model, request.text(), symbols, offset, request.locale())
            .map_err(refused)?;
        Ok(found.map(
            |(range, placeholder)| lsp::PrepareRenameResponse::RangeWithPlaceholder {
                range: request.range(range),
                placeholder,
            },
        ))
    })
    .await
}
