//! `textDocument/selectionRange`: for each position, the ranges a selection grows through (a
//! name, a word or flag value, the flag or argument, the instruction, the stage).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use crate::analysis::symbols;
use crate::lsp::backend::Backend;
use crate::syntax::TextRange;

pub async fn handle(server: &Backend, params: lsp::SelectionRangeParams) -> Result<Option<Vec<lsp::SelectionRange>>> {
    on_document(server, &params.text_document.uri, move |request| {
        let analysis = request.snapshot.analysis()?;
        let ranges = params
            .positions
            .iter()
            .map(|position| {
                let offset = request.offset(*position);
                let mut chain = symbols::selection_ranges(&analysis.model, request.text(), offset);
                // The protocol wants one answer per position; where there is nothing to grow
                // through, the empty range at the position.
                if chain.is_empty() {
                    chain.push(TextRange::empty(offset));
                }
                chain.into_iter().rev().fold(None, |parent, r| {
                    Some(lsp::SelectionRange {
                        range: request.range(r),
                        parent: parent.map(Box::new),
                    })
                })
            })
            .collect::<Option<Vec<_>>>();
        Ok(ranges)
    })
    .await
}
