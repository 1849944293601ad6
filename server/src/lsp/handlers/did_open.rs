//! `textDocument/didOpen`: store the first version and push its diagnostics.

use tower_lsp_server::ls_types as lsp;

use super::{configuration, publish_diagnostics};
use crate::lsp::backend::Backend;

pub async fn handle(server: &Backend, params: lsp::DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let snapshot = server.state.open(doc.uri, &doc.text, doc.version);
    // In the background, like edits: a handler that waited for the analysis would hold up the
    // messages behind it, and `exit` waits for the handlers in flight.
    publish_diagnostics::schedule(server, snapshot.uri.clone());
    // Opening reads the folder's configuration file the first time: report it if it is broken.
    configuration::report_config_files(server).await;
}
