//! `textDocument/semanticTokens/full/delta`: the edit that turns the tokens last sent into the
//! current ones, or the full tokens when the last result is not known any more.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::semantic_tokens_full::compute;
use crate::lsp::backend::Backend;

/// One edit replacing what differs between the common prefix and the common suffix, in the
/// protocol's units (integers, five per token).
pub fn diff(old: &[lsp::SemanticToken], new: &[lsp::SemanticToken]) -> Vec<lsp::SemanticTokensEdit> {
    let (prefix, suffix) = crate::analysis::diff::common_ends(old, new);
    let deleted = old.len() - prefix - suffix;
    let inserted = &new[prefix..new.len() - suffix];
    if deleted == 0 && inserted.is_empty() {
        return Vec::new();
    }
    let units = |tokens: usize| u32::try_from(tokens * 5).unwrap_or(u32::MAX);
    vec![lsp::SemanticTokensEdit {
        start: units(prefix),
        delete_count: units(deleted),
        data: (!inserted.is_empty()).then(|| inserted.to_vec()),
    }]
}

pub async fn handle(
    server: &Backend,
    params: lsp::SemanticTokensDeltaParams,
) -> Result<Option<lsp::SemanticTokensFullDeltaResult>> {
    let uri = params.text_document.uri;
    let previous = server.semantic_tokens.get(&uri, &params.previous_result_id);
    let Some(data) = compute(server, &uri).await? else {
        return Ok(None);
    };
    let data = Arc::new(data);
    let result_id = server.semantic_tokens.store(&uri, data.clone());
    Ok(Some(match previous {
        Some(old) => lsp::SemanticTokensFullDeltaResult::TokensDelta(lsp::SemanticTokensDelta {
            result_id: Some(result_id),
            edits: diff(&old, &data),
        }),
        None => lsp::SemanticTokensFullDeltaResult::Tokens(lsp::SemanticTokens {
            result_id: Some(result_id),
            data: Arc::unwrap_or_clone(data),
        }),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(n: u32) -> lsp::SemanticToken {
        lsp::SemanticToken {
            delta_line: n,
            delta_start: 0,
            length: 1,
            token_type: 0,
            token_modifiers_bitset: 0,
        }
    }

    /// Applies edits the way a client does (on the flat integer array).
    fn apply(old: &[lsp::SemanticToken], edits: &[lsp::SemanticTokensEdit]) -> Vec<lsp::SemanticToken> {
        let mut out = old.to_vec();
        for e in edits.iter().rev() {
            let start = e.start as usize / 5;
            let end = start + e.delete_count as usize / 5;
            out.splice(start..end, e.data.clone().unwrap_or_default());
        }
        out
    }

    #[test]
    fn the_delta_applied_to_the_old_tokens_gives_the_new_ones() {
        let cases: [(&[u32], &[u32]); 6] = [
            (&[1, 2, 3], &[1, 2, 3]),
            (&[1, 2, 3], &[1, 9, 3]),
            (&[1, 2, 3], &[1, 3]),
            (&[1, 3], &[1, 2, 2, 3]),
            (&[], &[4, 5]),
            (&[4, 5], &[]),
        ];
        for (old, new) in cases {
            let old: Vec<_> = old.iter().copied().map(token).collect();
            let new: Vec<_> = new.iter().copied().map(token).collect();
            let edits = diff(&old, &new);
            assert!(edits.len() <= 1);
            assert_eq!(apply(&old, &edits), new, "{old:?} -> {new:?}");
        }
    }
}
