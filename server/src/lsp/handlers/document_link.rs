//! `textDocument/documentLink`: image references linked to their registry pages.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::blocking;
use crate::analysis::links;
use crate::lsp::convert;
use crate::lsp::server::Backend;

pub async fn handle(server: &Backend, params: lsp::DocumentLinkParams) -> Result<Option<Vec<lsp::DocumentLink>>> {
    let Some(snapshot) = server.state.get(&params.text_document.uri) else {
        return Ok(None);
    };
    let enc = server.state.negotiated().encoding;
    blocking(move || {
        let analysis = snapshot.analysis().map_err(|e| e.to_string())?;
        let text = snapshot.document.text();
        let found = links::document_links(&analysis.model, &text, snapshot.config().locale);
        Ok(Some(
            found
                .into_iter()
                .filter_map(|l| {
                    Some(lsp::DocumentLink {
                        range: convert::range(&snapshot.document, l.range, enc),
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
