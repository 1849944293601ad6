//! `textDocument/formatting`: the formatter's edits for the whole document, indented with the
//! editor's options unless the configuration's `[format]` says otherwise.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use crate::analysis::format::{FormatOptions, format};
use crate::lsp::backend::Backend;
use crate::lsp::state::Snapshot;

/// The editor's indentation options with the configuration's `[format]` keys over them.
pub(super) fn options(snapshot: &Snapshot, editor: &lsp::FormattingOptions) -> FormatOptions {
    let editor = FormatOptions {
        indent_width: editor.tab_size,
        use_tabs: !editor.insert_spaces,
    };
    FormatOptions::resolve(snapshot.config().format, editor)
}

pub async fn handle(server: &Backend, params: lsp::DocumentFormattingParams) -> Result<Option<Vec<lsp::TextEdit>>> {
    on_document(server, &params.text_document.uri, move |request| {
        let analysis = request.snapshot.analysis()?;
        let edits = format(
            request.text(),
            &analysis.model,
            options(&request.snapshot, &params.options),
        );
        Ok(Some(edits.iter().map(|e| request.edit(e)).collect()))
    })
    .await
}
