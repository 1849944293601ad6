//! `textDocument/semanticTokens/range`: the tokens of the visible part of a document, so that a
//! long file colours its first screen before the whole file is done.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use super::semantic_tokens_full::encode;
use crate::analysis::tokens;
use crate::lsp::backend::Backend;
use crate::syntax::TextRange;

pub async fn handle(
    server: &Backend,
    params: lsp::SemanticTokensRangeParams,
) -> Result<Option<lsp::SemanticTokensRangeResult>> {
    on_document(server, &params.text_document.uri, move |request| {
        let start = request.offset(params.range.start);
        let end = request.offset(params.range.end);
        let within = TextRange::new(start, end.max(start));
        let found = tokens::tokens(request.document(), Some(within));
        Ok(Some(lsp::SemanticTokensRangeResult::Tokens(lsp::SemanticTokens {
            result_id: None,
            data: encode(request.document(), &found, request.enc()),
        })))
    })
    .await
}
