//! `textDocument/hover`: what is under the cursor (documentation, a variable's value, a stage, an
//! image reference's parts) and the documentation of the rules whose diagnostics are there.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use crate::analysis::hover::{Hover, diagnostic_hover_in, hover_in};
use crate::lsp::backend::Backend;

/// The rules' documentation first (it explains the squiggle the mouse is on), then what the
/// element itself is; the range is the element's, which is the more precise one.
fn merge(element: Option<Hover>, rules: Option<Hover>) -> Option<Hover> {
    match (element, rules) {
        (Some(e), Some(r)) => Some(Hover {
            range: e.range,
            markdown: format!("{}\n\n---\n\n{}", r.markdown, e.markdown),
        }),
        (e, r) => e.or(r),
    }
}

pub async fn handle(server: &Backend, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
    let at = params.text_document_position_params;
    on_document(server, &at.text_document.uri, move |request| {
        let analysis = request.snapshot.analysis()?;
        // Hover does not wait for ShellCheck: its findings are explained once they are in.
        let diagnostics = request.snapshot.diagnostics_so_far()?;
        let offset = request.offset(at.position);
        let config = request.snapshot.config();
        let found = merge(
            hover_in(&analysis.model, request.text(), offset, config),
            diagnostic_hover_in(diagnostics, offset, config),
        );
        Ok(found.map(|h| lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: h.markdown,
            }),
            range: Some(request.range(h.range)),
        }))
    })
    .await
}
