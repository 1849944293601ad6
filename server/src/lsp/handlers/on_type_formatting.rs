//! `textDocument/onTypeFormatting` after a line break: a new line that continues an instruction
//! (the line above ends with the escape character) is indented as a continuation line.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::formatting::options;
use super::on_document;
use crate::analysis::format::on_type_newline;
use crate::lsp::backend::Backend;
use crate::lsp::capabilities::ON_TYPE_TRIGGER;

pub async fn handle(
    server: &Backend,
    params: lsp::DocumentOnTypeFormattingParams,
) -> Result<Option<Vec<lsp::TextEdit>>> {
    let at = params.text_document_position;
    if params.ch != ON_TYPE_TRIGGER {
        return Ok(None);
    }
    on_document(server, &at.text_document.uri, move |request| {
        let analysis = request.snapshot.analysis()?;
        let offset = request.offset(at.position);
        let options = options(&request.snapshot, &params.options);
        let edits = on_type_newline(request.text(), &analysis.model, options, offset);
        Ok(Some(edits.iter().map(|e| request.edit(e)).collect()))
    })
    .await
}
