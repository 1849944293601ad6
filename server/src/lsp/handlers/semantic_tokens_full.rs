//! `textDocument/semanticTokens/full`: the highlight query's captures as LSP tokens. Also the
//! legend, the encoding in relative positions, and the cache of the last result per document
//! that `semanticTokens/full/delta` diffs against.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::blocking;
use crate::analysis::tokens::{self, MODIFIERS, Token, TokenType};
use crate::lsp::server::Backend;
use crate::syntax::{Document, PositionEncoding};

pub fn legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TokenType::ALL
            .iter()
            .map(|t| lsp::SemanticTokenType::new(t.name()))
            .collect(),
        token_modifiers: MODIFIERS.iter().map(|m| lsp::SemanticTokenModifier::new(m)).collect(),
    }
}

/// Tokens in LSP's relative encoding: each token's line and start relative to the previous one,
/// lengths in the negotiated encoding. Tokens never span lines (the analysis cuts them).
pub fn encode(doc: &Document, tokens: &[Token], enc: PositionEncoding) -> Vec<lsp::SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut line, mut start) = (0, 0);
    for t in tokens {
        let (from, to) = doc.range_to_positions(t.range, enc);
        if to.line != from.line || to.col <= from.col {
            continue;
        }
        let delta_line = from.line - line;
        let delta_start = if delta_line == 0 { from.col - start } else { from.col };
        out.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length: to.col - from.col,
            token_type: t.ty.index(),
            token_modifiers_bitset: t.modifiers,
        });
        line = from.line;
        start = from.col;
    }
    out
}

/// How many documents keep their last tokens for deltas; beyond it the oldest are dropped and
/// their next delta request gets full tokens.
const CACHED_DOCUMENTS: usize = 32;

/// A result id (as a number) and the tokens sent under it.
type Sent = (u64, Arc<Vec<lsp::SemanticToken>>);

/// The last full result sent for each document, by URI.
#[derive(Default)]
pub struct Cache {
    entries: Mutex<HashMap<lsp::Uri, Sent>>,
    next_id: AtomicU64,
}

impl Cache {
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

/// The document's tokens, encoded, computed on a blocking thread.
pub async fn compute(server: &Backend, uri: &lsp::Uri) -> Result<Option<Vec<lsp::SemanticToken>>> {
    let Some(snapshot) = server.state.get(uri) else {
        return Ok(None);
    };
    let enc = server.state.negotiated().encoding;
    blocking(move || {
        let found = tokens::tokens(&snapshot.document, None);
        Ok(Some(encode(&snapshot.document, &found, enc)))
    })
    .await
}

pub async fn handle(server: &Backend, params: lsp::SemanticTokensParams) -> Result<Option<lsp::SemanticTokensResult>> {
    let uri = params.text_document.uri;
    let Some(data) = compute(server, &uri).await? else {
        return Ok(None);
    };
    let data = Arc::new(data);
    let result_id = server.semantic_tokens.store(&uri, data.clone());
    Ok(Some(lsp::SemanticTokensResult::Tokens(lsp::SemanticTokens {
        result_id: Some(result_id),
        data: Arc::unwrap_or_clone(data),
    })))
}
