//! `textDocument/semanticTokens/range`: the tokens of the visible part of a document, so that a
//! long file colours its first screen before the whole file is done.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::blocking;
use super::semantic_tokens_full::encode;
use crate::analysis::tokens;
use crate::lsp::convert;
use crate::lsp::server::Backend;
use crate::syntax::TextRange;

pub async fn handle(
    server: &Backend,
    params: lsp::SemanticTokensRangeParams,
) -> Result<Option<lsp::SemanticTokensRangeResult>> {
    let Some(snapshot) = server.state.get(&params.text_document.uri) else {
        return Ok(None);
    };
    let enc = server.state.negotiated().encoding;
    blocking(move || {
        let doc = &snapshot.document;
        let start = doc.position_to_offset(convert::line_col(params.range.start), enc);
        let end = doc.position_to_offset(convert::line_col(params.range.end), enc);
        let within = TextRange::new(start, end.max(start));
        let found = tokens::tokens(doc, Some(within));
        Ok(Some(lsp::SemanticTokensRangeResult::Tokens(lsp::SemanticTokens {
            result_id: None,
            data: encode(doc, &found, enc),
        })))
    })
    .await
}
