//! `textDocument/inlayHint`: the values of variable references that the file alone decides.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use crate::analysis::inlay;
use crate::lsp::backend::Backend;
use crate::lsp::convert;
use crate::syntax::TextRange;

pub async fn handle(server: &Backend, params: lsp::InlayHintParams) -> Result<Option<Vec<lsp::InlayHint>>> {
    on_document(server, &params.text_document.uri, move |request| {
        let analysis = request.snapshot.analysis()?;
        let start = request.offset(params.range.start);
        let end = request.offset(params.range.end);
        let found = inlay::inlay_hints(&analysis.model, request.text(), TextRange::new(start, end.max(start)));
        Ok(Some(
            found
                .into_iter()
                .map(|h| lsp::InlayHint {
                    position: convert::position(request.document().offset_to_position(h.offset, request.enc())),
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
