//! `textDocument/rangeFormatting`: the formatter's edits on the lines the range touches.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::blocking;
use super::formatting::options;
use crate::analysis::format::format_range;
use crate::lsp::convert;
use crate::lsp::server::Backend;
use crate::syntax::TextRange;

pub async fn handle(
    server: &Backend,
    params: lsp::DocumentRangeFormattingParams,
) -> Result<Option<Vec<lsp::TextEdit>>> {
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
        let range = TextRange::new(start.min(end), start.max(end));
        let edits = format_range(&text, &analysis.model, options(&snapshot, &params.options), range);
        Ok(Some(edits.iter().map(|e| convert::edit(doc, e, enc)).collect()))
    })
    .await
}
