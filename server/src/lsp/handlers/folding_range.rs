//! `textDocument/foldingRange`: stages, instructions written over several lines, heredocs and
//! comment blocks, as whole lines.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use crate::analysis::symbols::{self, FoldKind};
use crate::lsp::backend::Backend;

pub async fn handle(server: &Backend, params: lsp::FoldingRangeParams) -> Result<Option<Vec<lsp::FoldingRange>>> {
    on_document(server, &params.text_document.uri, move |request| {
        let analysis = request.snapshot.analysis()?;
        let mut out: Vec<lsp::FoldingRange> = Vec::new();
        for fold in symbols::folding_ranges(&analysis.model, request.text()) {
            let (start, end) = request.document().range_to_positions(fold.range, request.enc());
            // Folds are by line: one that stays on its line folds nothing, and two that cover
            // the same lines (a RUN that is one heredoc) are one fold.
            if start.line >= end.line || out.iter().any(|f| f.start_line == start.line && f.end_line == end.line) {
                continue;
            }
            out.push(lsp::FoldingRange {
                start_line: start.line,
                start_character: None,
                end_line: end.line,
                end_character: None,
                kind: Some(match fold.kind {
                    FoldKind::Region => lsp::FoldingRangeKind::Region,
                    FoldKind::Comment => lsp::FoldingRangeKind::Comment,
                }),
                collapsed_text: None,
            });
        }
        Ok(Some(out))
    })
    .await
}
