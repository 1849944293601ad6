//! `textDocument/prepareRename`: the name a rename at the cursor would change, or why there is
//! none to change (a name the builder predefines, a stage referred to by number, a use through a
//! variable).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::blocking;
use super::rename::refused;
use crate::analysis::navigation;
use crate::lsp::convert;
use crate::lsp::server::Backend;

pub async fn handle(
    server: &Backend,
    params: lsp::TextDocumentPositionParams,
) -> Result<Option<lsp::PrepareRenameResponse>> {
    let Some(snapshot) = server.state.get(&params.text_document.uri) else {
        return Ok(None);
    };
    let enc = server.state.negotiated().encoding;
    let answer = blocking(move || {
        let analysis = snapshot.analysis().map_err(|e| e.to_string())?;
        let text = snapshot.document.text();
        let offset = snapshot
            .document
            .position_to_offset(convert::line_col(params.position), enc);
        let locale = snapshot.config().locale;
        Ok(
            navigation::prepare_rename(&analysis.model, &text, offset, locale).map(|found| {
                found.map(
                    |(range, placeholder)| lsp::PrepareRenameResponse::RangeWithPlaceholder {
                        range: convert::range(&snapshot.document, range, enc),
                        placeholder,
                    },
                )
            }),
        )
    })
    .await?;
    answer.map_err(refused)
}
