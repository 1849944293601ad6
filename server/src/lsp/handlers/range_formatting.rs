//! `textDocument/rangeFormatting`: the formatter's edits on the lines the range touches.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::formatting::options;
use super::on_document;
use crate::analysis::format::format_range;
use crate::lsp::backend::Backend;
use crate::syntax::TextRange;

pub async fn handle(
    server: &Backend,
    params: lsp::DocumentRangeFormattingParams,
) -> Result<Option<Vec<lsp::TextEdit>>> {
    on_document(server, &params.text_document.uri, move |request| {
        let analysis = request.snapshot.analysis()?;
        let start = request.offset(params.range.start);
        let end = request.offset(params.range.end);
        let range = TextRange::new(start.min(end), start.max(end));
        let options = options(&request.snapshot, &params.options);
        let edits = format_range(request.text(), &analysis.model, options, range);
        Ok(Some(edits.iter().map(|e| request.edit(e)).collect()))
    })
    .await
}
