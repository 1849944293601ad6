//! `textDocument/semanticTokens/full`: the highlight query's captures as LSP tokens, in the
//! relative encoding, remembered for `semanticTokens/full/delta` (`lsp/sent_tokens.rs`).

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use crate::analysis::tokens::{self, Token};
use crate::lsp::backend::Backend;
use crate::syntax::{Document, PositionEncoding};

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

/// The document's tokens, encoded, computed on a blocking thread.
pub async fn compute(server: &Backend, uri: &lsp::Uri) -> Result<Option<Vec<lsp::SemanticToken>>> {
    on_document(server, uri, |request| {
        let found = tokens::tokens(request.document(), None);
        Ok(Some(encode(request.document(), &found, request.enc())))
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
