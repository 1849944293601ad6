//! `textDocument/onTypeFormatting` after a line break: a new line that continues an instruction
//! (the line above ends with the escape character) is indented as a continuation line.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::blocking;
use super::formatting::options;
use crate::analysis::format::on_type_newline;
use crate::lsp::convert;
use crate::lsp::server::Backend;

/// The character that triggers it; advertised in the capabilities.
pub const TRIGGER: &str = "\n";

pub async fn handle(
    server: &Backend,
    params: lsp::DocumentOnTypeFormattingParams,
) -> Result<Option<Vec<lsp::TextEdit>>> {
    let at = params.text_document_position;
    if params.ch != TRIGGER {
        return Ok(None);
    }
    let Some(snapshot) = server.state.get(&at.text_document.uri) else {
        return Ok(None);
    };
    let enc = server.state.negotiated().encoding;
    blocking(move || {
        let analysis = snapshot.analysis().map_err(|e| e.to_string())?;
        let text = snapshot.document.text();
        let doc = &snapshot.document;
        let offset = doc.position_to_offset(convert::line_col(at.position), enc);
        let edits = on_type_newline(&text, &analysis.model, options(&snapshot, &params.options), offset);
        Ok(Some(edits.iter().map(|e| convert::edit(doc, e, enc)).collect()))
    })
    .await
}
