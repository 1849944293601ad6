//! `textDocument/codeLens`: on each `FROM`, the layers the stage adds and the later stages that
//! use it. The lenses only inform: their command is empty, which clients show as plain text.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::blocking;
use crate::analysis::lens;
use crate::lsp::convert;
use crate::lsp::server::Backend;

pub async fn handle(server: &Backend, params: lsp::CodeLensParams) -> Result<Option<Vec<lsp::CodeLens>>> {
    let Some(snapshot) = server.state.get(&params.text_document.uri) else {
        return Ok(None);
    };
    let enc = server.state.negotiated().encoding;
    blocking(move || {
        let analysis = snapshot.analysis().map_err(|e| e.to_string())?;
        let text = snapshot.document.text();
        let found = lens::code_lenses(&analysis.model, &text, snapshot.config().locale);
        Ok(Some(
            found
                .into_iter()
                .map(|l| lsp::CodeLens {
                    range: convert::range(&snapshot.document, l.range, enc),
                    command: Some(lsp::Command {
                        title: l.title,
                        command: String::new(),
                        arguments: None,
                    }),
                    data: None,
                })
                .collect(),
        ))
    })
    .await
}
