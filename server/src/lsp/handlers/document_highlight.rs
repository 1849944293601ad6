//! `textDocument/documentHighlight`: the occurrences of the name under the cursor, declarations
//! marked as writes and uses as reads.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::blocking;
use crate::analysis::navigation::{self, HighlightKind};
use crate::lsp::convert;
use crate::lsp::server::Backend;

pub async fn handle(
    server: &Backend,
    params: lsp::DocumentHighlightParams,
) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
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
        let found = navigation::highlights(&analysis.model, &text, offset);
        if found.is_empty() {
            return Ok(None);
        }
        Ok(Some(
            found
                .into_iter()
                .map(|(range, kind)| lsp::DocumentHighlight {
                    range: convert::range(&snapshot.document, range, enc),
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
