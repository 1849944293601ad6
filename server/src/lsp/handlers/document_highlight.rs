//! `textDocument/documentHighlight`: the occurrences of the name under the cursor, declarations
//! marked as writes and uses as reads.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use crate::analysis::navigation::{self, HighlightKind};
use crate::lsp::backend::Backend;

pub async fn handle(
    server: &Backend,
    params: lsp::DocumentHighlightParams,
) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
    let at = params.text_document_position_params;
    on_document(server, &at.text_document.uri, move |request| {
        let symbols = request.snapshot.symbols()?;
        let found = navigation::highlights(symbols, request.offset(at.position));
        if found.is_empty() {
            return Ok(None);
        }
        Ok(Some(
            found
                .into_iter()
                .map(|(range, kind)| lsp::DocumentHighlight {
                    range: request.range(range),
                    kind: Some(match kind {
                        HighlightKind::Text => lsp::DocumentHighlightKind::TEXT,
                        HighlightKind::Read => lsp::DocumentHighlightKind::READ,
                        HighlightKind::Write => lsp::DocumentHighlightKind::WRITE,
                    }),
                })
                .collect(),
        ))
    })
    .await
}
