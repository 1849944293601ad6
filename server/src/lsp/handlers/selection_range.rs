//! `textDocument/selectionRange`: for each position, the ranges a selection grows through (a
//! name, a word or flag value, the flag or argument, the instruction, the stage).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::blocking;
use crate::analysis::symbols;
use crate::lsp::convert;
use crate::lsp::server::Backend;
use crate::syntax::TextRange;

pub async fn handle(server: &Backend, params: lsp::SelectionRangeParams) -> Result<Option<Vec<lsp::SelectionRange>>> {
    let Some(snapshot) = server.state.get(&params.text_document.uri) else {
        return Ok(None);
    };
    let enc = server.state.negotiated().encoding;
    blocking(move || {
        let analysis = snapshot.analysis().map_err(|e| e.to_string())?;
        let text = snapshot.document.text();
        let doc = &snapshot.document;
        let ranges = params
            .positions
            .iter()
            .map(|position| {
                let offset = doc.position_to_offset(convert::line_col(*position), enc);
                let mut chain = symbols::selection_ranges(&analysis.model, &text, offset);
                // The protocol wants one answer per position; where there is nothing to grow
                // through, the empty range at the position.
                if chain.is_empty() {
                    chain.push(TextRange::empty(offset));
                }
                chain.into_iter().rev().fold(None, |parent, r| {
                    Some(lsp::SelectionRange {
                        range: convert::range(doc, r, enc),
                        parent: parent.map(Box::new),
                    })
                })
            })
            .collect::<Option<Vec<_>>>();
        Ok(ranges)
    })
    .await
}
