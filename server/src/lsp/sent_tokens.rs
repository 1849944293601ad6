//! The semantic tokens last sent for each document, which `semanticTokens/full/delta` diffs
//! against (the server holds one [`SentTokens`]; the handlers fill and read it).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tower_lsp_server::ls_types as lsp;

/// How many documents keep their last tokens for deltas; beyond it the oldest are dropped and
/// their next delta request gets full tokens.
const CACHED_DOCUMENTS: usize = 32;

/// A result id (as a number) and the tokens sent under it.
type Sent = (u64, Arc<Vec<lsp::SemanticToken>>);

/// The last full result sent for each document, by URI.
#[derive(Default)]
pub struct SentTokens {
    entries: Mutex<HashMap<lsp::Uri, Sent>>,
    next_id: AtomicU64,
}

impl SentTokens {
    /// Remembers `data` as the latest result for `uri` and returns its result id.
    pub fn store(&self, uri: &lsp::Uri, data: Arc<Vec<lsp::SemanticToken>>) -> String {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.insert(uri.clone(), (id, data));
        while entries.len() > CACHED_DOCUMENTS {
            let Some(oldest) = entries.iter().min_by_key(|(_, (id, _))| *id).map(|(u, _)| u.clone()) else {
                break;
            };
            entries.remove(&oldest);
        }
        id.to_string()
    }

    /// Drops what was kept for a document that was closed.
    pub fn forget(&self, uri: &lsp::Uri) {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner).remove(uri);
    }

    /// The tokens sent for `uri` under `result_id`, if they are still the latest.
    pub fn get(&self, uri: &lsp::Uri, result_id: &str) -> Option<Arc<Vec<lsp::SemanticToken>>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let (id, data) = entries.get(uri)?;
        (id.to_string() == result_id).then(|| data.clone())
    }
}
