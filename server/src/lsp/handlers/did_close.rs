//! `textDocument/didClose`: forget the document and clear the diagnostics we pushed for it.

use tower_lsp_server::ls_types as lsp;

use crate::lsp::backend::Backend;

pub async fn handle(server: &Backend, params: lsp::DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    if server.state.close(&uri).is_none() {
        tracing::warn!("didClose for {} which is not open", uri.as_str());
        return;
    }
    server.semantic_tokens.forget(&uri);
    if !server.state.negotiated().pull_diagnostics {
        // Under the publish lock, so that a result computed before the close cannot land after
        // this and resurrect diagnostics for a closed file.
        let _guard = server.publish_lock.lock().await;
        server.client.publish_diagnostics(uri, Vec::new(), None).await;
    }
}
