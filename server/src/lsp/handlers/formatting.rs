//! `textDocument/formatting`: the formatter's edits for the whole document, indented with the
//! editor's options unless the configuration's `[format]` says otherwise.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::blocking;
use crate::analysis::format::{FormatOptions, format};
use crate::lsp::convert;
use crate::lsp::server::Backend;
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
    let Some(snapshot) = server.state.get(&params.text_document.uri) else {
        return Ok(None);
    };
    let enc = server.state.negotiated().encoding;
    blocking(move || {
        let analysis = snapshot.analysis().map_err(|e| e.to_string())?;
        let text = snapshot.document.text();
        let edits = format(&text, &analysis.model, options(&snapshot, &params.options));
        Ok(Some(
            edits
                .iter()
                .map(|e| convert::edit(&snapshot.document, e, enc))
                .collect(),
        ))
    })
    .await
}
