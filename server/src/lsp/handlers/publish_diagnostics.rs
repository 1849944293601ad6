//! `textDocument/publishDiagnostics`: push a snapshot's diagnostics with its version, unless the
//! client pulls them or the snapshot went stale while they were computed.
//!
//! Our own findings do not wait for ShellCheck. A version is analysed with the ShellCheck answers
//! at hand (kept from earlier runs); when every script had one, that is the whole set and it is
//! pushed once. Otherwise our findings are pushed at once, and a second task per document runs
//! ShellCheck and pushes the whole set again with the same version, if the document has not
//! changed meanwhile. So a version is pushed at most twice, the whole set last, and versions
//! still reach the client in order (both pushes check, under `publish_lock`, that their
//! snapshot is the current one).

use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::{all_diagnostics, first_diagnostics};
use crate::lsp::backend::{Backend, Publishing};
use crate::lsp::state::{Pushed, Snapshot, State};

fn lock(set: &Mutex<HashSet<Uri>>) -> MutexGuard<'_, HashSet<Uri>> {
    // Every change is one insert or remove: a panic elsewhere cannot leave it half done.
    set.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What a publishing task needs of the server.
#[derive(Clone)]
struct Publisher {
    client: Client,
    state: Arc<State>,
    publish_lock: Arc<tokio::sync::Mutex<()>>,
    completing: Publishing,
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
    let publisher = Publisher {
        client: server.client.clone(),
        state: Arc::clone(&server.state),
        publish_lock: Arc::clone(&server.publish_lock),
        completing: Arc::clone(&server.completing),
    };
    let publishing = Arc::clone(&server.publishing);
    tokio::spawn(async move {
        let state = &publisher.state;
        loop {
            let Some(snapshot) = state.get(&uri) else {
                lock(&publishing).remove(&uri);
                return;
            };
            if publisher.send_first(Arc::clone(&snapshot)).await {
                schedule_completion(&publisher, uri.clone());
            }
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

/// Publishes the whole set of `uri`'s newest version once ShellCheck has answered, from a
/// background task, one per document (ShellCheck on a version the user has typed past is not
/// waited for; the task goes on with the newest version that awaits it).
fn schedule_completion(publisher: &Publisher, uri: Uri) {
    if !lock(&publisher.completing).insert(uri.clone()) {
        return;
    }
    let publisher = publisher.clone();
    tokio::spawn(async move {
        let state = &publisher.state;
        loop {
            if let Some(snapshot) = state.get(&uri).filter(|s| s.awaits_shellcheck()) {
                publisher.send_all(snapshot).await;
            }
            // Under the lock `schedule_completion` takes: a version whose own findings are
            // published after this check starts a new task.
            let mut running = lock(&publisher.completing);
            if !state.get(&uri).is_some_and(|now| now.awaits_shellcheck()) {
                running.remove(&uri);
                return;
            }
        }
    });
}

impl Publisher {
    /// Publishes the analysis of `snapshot` that did not wait for ShellCheck. `true` when that
    /// was not the whole set (ShellCheck has scripts to answer) and the whole set is still to be
    /// published.
    async fn send_first(&self, snapshot: Arc<Snapshot>) -> bool {
        let negotiated = self.state.negotiated();
        // A newer change already arrived: its own publish will cover it, skip the work. Or this
        // version is out already.
        if negotiated.pull_diagnostics || !self.state.is_current(&snapshot) || snapshot.was_pushed() {
            return false;
        }
        let (diagnostics, pending) = match first_diagnostics(snapshot.clone(), negotiated).await {
            Ok(first) => first,
            Err(message) => {
                self.failed(&snapshot, &message).await;
                return false;
            }
        };
        let what = if pending { Pushed::Ours } else { Pushed::All };
        self.publish(&snapshot, diagnostics, what).await && pending
    }

    /// Publishes every diagnostic of `snapshot`, ShellCheck's included (waiting for it).
    async fn send_all(&self, snapshot: Arc<Snapshot>) {
        let negotiated = self.state.negotiated();
        match all_diagnostics(snapshot.clone(), negotiated).await {
            Ok(diagnostics) => {
                self.publish(&snapshot, diagnostics, Pushed::All).await;
            }
            Err(message) => self.failed(&snapshot, &message).await,
        }
    }

    /// Sends `diagnostics` as `what` of `snapshot`'s, unless it went stale or that was sent
    /// already. `true` when they were sent.
    async fn publish(&self, snapshot: &Snapshot, diagnostics: Vec<lsp::Diagnostic>, what: Pushed) -> bool {
        let _guard = self.publish_lock.lock().await;
        if !self.state.is_current(snapshot) {
            tracing::debug!(
                "dropping diagnostics of {} version {}: superseded",
                snapshot.uri.as_str(),
                snapshot.version()
            );
            return false;
        }
        if !snapshot.mark_pushed(what) {
            return false;
        }
        self.client
            .publish_diagnostics(snapshot.uri.clone(), diagnostics, Some(snapshot.version()))
            .await;
        true
    }

    async fn failed(&self, snapshot: &Snapshot, message: &str) {
        tracing::error!(
            "no diagnostics for {} version {}: {message}",
            snapshot.uri.as_str(),
            snapshot.version()
        );
        self.client
            .log_message(lsp::MessageType::ERROR, format!("dockerfile-lsp: {message}"))
            .await;
    }
}
