//! `textDocument/didChange`: apply the changes incrementally and push the new diagnostics.
//!
//! The handler returns as soon as the change is applied: the transport runs only a few handlers
//! at once, so one that waited for the analysis would hold up the changes behind it, and a burst
//! of edits would be analysed version by version. A background task per document publishes the
//! newest version instead (see [`publish_diagnostics::schedule`]).

use tower_lsp_server::ls_types as lsp;

use super::publish_diagnostics;
use crate::lsp::backend::Backend;
use crate::lsp::convert;
use crate::lsp::state::ChangeError;
use crate::syntax::TextEdit;

pub async fn handle(server: &Backend, params: lsp::DidChangeTextDocumentParams) {
    // Applied before the first `.await`: the transport starts handlers in arrival order, so
    // changes reach the store in the order the client sent them.
    let edits: Vec<TextEdit> = params.content_changes.into_iter().map(convert::text_edit).collect();
    let doc = params.text_document;
    match server.state.change(&doc.uri, &edits, doc.version) {
        Ok(snapshot) => publish_diagnostics::schedule(server, snapshot.uri.clone()),
        Err(ChangeError::NotOpen) => {
            tracing::warn!("didChange for {} which is not open, ignored", doc.uri.as_str());
        }
    }
}
