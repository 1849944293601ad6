//! The server's state as every handler sees it: the client to talk to, the document store, and
//! what the handlers keep between requests. The methods themselves are dispatched in
//! `server.rs`, above the handlers.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::Uri;

use super::sent_tokens::SentTokens;
use super::state::State;

/// The documents that have a publishing task running.
pub type Publishing = Arc<Mutex<HashSet<Uri>>>;

pub struct Backend {
    pub(super) client: Client,
    pub(super) state: Arc<State>,
    /// Held while checking that diagnostics are current and sending them, so that a result for an
    /// older version can never overtake the result for a newer one on its way to the client.
    pub(super) publish_lock: Arc<tokio::sync::Mutex<()>>,
    /// The documents whose edits a background task is publishing diagnostics for.
    pub(super) publishing: Publishing,
    /// The documents for which a background task is waiting for ShellCheck, to publish the
    /// whole set after our own findings.
    pub(super) completing: Publishing,
    /// The last semantic tokens sent per document, for `semanticTokens/full/delta`.
    pub(super) semantic_tokens: SentTokens,
    /// The measured build contexts, for the code lens on `COPY . .`.
    pub(super) context_sizes: Arc<crate::workspace::context_size::ContextSizes>,
    /// Set by `shutdown`; an `exit` without it ends the process with status 1, as LSP asks.
    shutdown_requested: Arc<AtomicBool>,
}

impl Backend {
    pub fn new(client: Client, state: State, shutdown_requested: Arc<AtomicBool>) -> Self {
        Self {
            client,
            state: Arc::new(state),
            publish_lock: Arc::default(),
            publishing: Arc::default(),
            completing: Arc::default(),
            semantic_tokens: SentTokens::default(),
            context_sizes: Arc::default(),
            shutdown_requested,
        }
    }

    /// Notes that the client asked for `shutdown`.
    pub fn request_shutdown(&self) {
        self.shutdown_requested.store(true, Ordering::SeqCst);
    }
}
