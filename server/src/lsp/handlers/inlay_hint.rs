//! `textDocument/inlayHint`: the values of variable references that the file alone decides.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::blocking;
use crate::analysis::inlay;
use crate::lsp::convert;
use crate::lsp::server::Backend;
use crate::syntax::TextRange;

pub async fn handle(server: &Backend, params: lsp::InlayHintParams) -> Result<Option<Vec<lsp::InlayHint>>> {
    let Some(snapshot) = server.state.get(&params.text_document.uri) else {
        return Ok(None);
    };
    let enc = server.state.negotiated().encoding;
    blocking(move || {
        let analysis = snapshot.analysis().map_err(|e| e.to_string())?;
        let text = snapshot.document.text();
        let doc = &snapshot.document;
        let start = doc.position_to_offset(convert::line_col(params.range.start), enc);
        let end = doc.position_to_offset(convert::line_col(params.range.end), enc);
        let found = inlay::inlay_hints(&analysis.model, &text, TextRange::new(start, end.max(start)));
        Ok(Some(
            found
                .into_iter()
                .map(|h| lsp::InlayHint {
                    position: convert::position(doc.offset_to_position(h.offset, enc)),
                    label: lsp::InlayHintLabel::String(h.label),
                    kind: None,
                    text_edits: None,
                    tooltip: None,
                    padding_left: Some(true),
                    padding_right: None,
                    data: None,
                })
                .collect(),
        ))
    })
    .await
}
