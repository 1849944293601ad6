//! `textDocument/publishDiagnostics`: push a snapshot's diagnostics with its version, unless the
//! client pulls them or the snapshot went stale while they were computed.

use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;

use super::lsp_diagnostics;
use crate::lsp::server::Backend;
use crate::lsp::state::Snapshot;

pub async fn publish(server: &Backend, snapshot: Arc<Snapshot>) {
    let negotiated = server.state.negotiated();
    if negotiated.pull_diagnostics {
        return;
    }
    // A newer change already arrived: its own publish will cover it, skip the work.
    if !server.state.is_current(&snapshot) {
        return;
    }
    let diagnostics = match lsp_diagnostics(snapshot.clone(), negotiated.encoding).await {
        Ok(diagnostics) => diagnostics,
        Err(message) => {
            tracing::error!(
                "no diagnostics for {} version {}: {message}",
                snapshot.uri.as_str(),
                snapshot.version()
            );
            server
                .client
                .log_message(lsp::MessageType::ERROR, format!("dockerfile-lsp: {message}"))
                .await;
            return;
        }
    };
    let _guard = server.publish_lock.lock().await;
    if !server.state.is_current(&snapshot) {
        tracing::debug!(
            "dropping diagnostics of {} version {}: superseded",
            snapshot.uri.as_str(),
            snapshot.version()
        );
        return;
    }
    server
        .client
        .publish_diagnostics(snapshot.uri.clone(), diagnostics, Some(snapshot.version()))
        .await;
}
