//! `textDocument/publishDiagnostics`: push a snapshot's diagnostics with its version, unless the
//! client pulls them or the snapshot went stale while they were computed.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::lsp_diagnostics;
use crate::lsp::backend::Backend;
use crate::lsp::state::{Snapshot, State};

fn lock(set: &Mutex<HashSet<Uri>>) -> MutexGuard<'_, HashSet<Uri>> {
    // Every change is one insert or remove: a panic elsewhere cannot leave it half done.
    set.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Publishes the diagnostics of `uri`'s newest version from a background task, one task per
/// document: edits that arrive while it analyses are covered by its next round, which analyses
/// whatever is newest then, so a burst of edits costs a few analyses instead of one per edit,
/// and versions are published in order.
pub fn schedule(server: &Backend, uri: Uri) {
    if server.state.negotiated().pull_diagnostics {
        return;
    }
    if !lock(&server.publishing).insert(uri.clone()) {
        // The running task will see this version when it looks again.
        return;
    }
    let client = server.client.clone();
    let state = Arc::clone(&server.state);
    let publish_lock = Arc::clone(&server.publish_lock);
    let publishing = Arc::clone(&server.publishing);
    tokio::spawn(async move {
        loop {
            let Some(snapshot) = state.get(&uri) else {
                lock(&publishing).remove(&uri);
                return;
            };
            send(&client, &state, &publish_lock, Arc::clone(&snapshot)).await;
            // Under the same lock that `schedule` takes: an edit applied after this check finds
            // the task gone and starts another.
            let mut running = lock(&publishing);
            if state.get(&uri).is_none_or(|now| now.id == snapshot.id) {
                running.remove(&uri);
                return;
            }
        }
    });
}

async fn send(client: &Client, state: &State, publish_lock: &tokio::sync::Mutex<()>, snapshot: Arc<Snapshot>) {
    let negotiated = state.negotiated();
    if negotiated.pull_diagnostics {
        return;
    }
    // A newer change already arrived: its own publish will cover it, skip the work. Or this
    // version is out already.
    if !state.is_current(&snapshot) || snapshot.was_pushed() {
        return;
    }
    let diagnostics = match lsp_diagnostics(snapshot.clone(), negotiated).await {
        Ok(diagnostics) => diagnostics,
        Err(message) => {
            tracing::error!(
                "no diagnostics for {} version {}: {message}",
                snapshot.uri.as_str(),
                snapshot.version()
            );
            client
                .log_message(lsp::MessageType::ERROR, format!("dockerfile-lsp: {message}"))
                .await;
            return;
        }
    };
    let _guard = publish_lock.lock().await;
    if !state.is_current(&snapshot) {
        tracing::debug!(
            "dropping diagnostics of {} version {}: superseded",
            snapshot.uri.as_str(),
            snapshot.version()
        );
        return;
    }
    if !snapshot.mark_pushed() {
        return;
    }
    client
        .publish_diagnostics(snapshot.uri.clone(), diagnostics, Some(snapshot.version()))
        .await;
}
