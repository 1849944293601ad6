//! `textDocument/documentLink`: image references linked to their registry pages.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use crate::analysis::links;
use crate::lsp::backend::Backend;

pub async fn handle(server: &Backend, params: lsp::DocumentLinkParams) -> Result<Option<Vec<lsp::DocumentLink>>> {
    on_document(server, &params.text_document.uri, move |request| {
        let analysis = request.snapshot.analysis()?;
        let found = links::document_links(&analysis.model, request.text(), request.locale());
        Ok(Some(
            found
                .into_iter()
                .filter_map(|l| {
                    Some(lsp::DocumentLink {
                        range: request.range(l.range),
                        target: Some(l.target.parse().ok()?),
                        tooltip: Some(l.tooltip),
                        data: None,
                    })
                })
                .collect(),
        ))
    })
    .await
}
