//! `textDocument/documentSymbol`: the outline, stages holding their instructions.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use crate::analysis::model::InstructionKind;
use crate::analysis::symbols::{self, OutlineKind, OutlineSymbol};
use crate::lsp::backend::Backend;
use crate::lsp::convert;
use crate::syntax::{Document, PositionEncoding};

fn kind(kind: OutlineKind) -> lsp::SymbolKind {
    match kind {
        OutlineKind::Stage => lsp::SymbolKind::MODULE,
        OutlineKind::Instruction(InstructionKind::Arg | InstructionKind::Env | InstructionKind::Label) => {
            lsp::SymbolKind::NAMESPACE
        }
        OutlineKind::Instruction(_) => lsp::SymbolKind::FUNCTION,
        OutlineKind::BuildArg => lsp::SymbolKind::VARIABLE,
        OutlineKind::EnvVar => lsp::SymbolKind::CONSTANT,
        OutlineKind::Label => lsp::SymbolKind::PROPERTY,
    }
}

fn convert_symbol(doc: &Document, s: OutlineSymbol, enc: PositionEncoding) -> lsp::DocumentSymbol {
    let children: Vec<lsp::DocumentSymbol> = s.children.into_iter().map(|c| convert_symbol(doc, c, enc)).collect();
    #[allow(deprecated)] // `deprecated` is a required field of the struct, superseded by `tags`.
    lsp::DocumentSymbol {
        name: s.name,
        detail: s.detail,
        kind: kind(s.kind),
        tags: None,
        deprecated: None,
        range: convert::range(doc, s.range, enc),
        selection_range: convert::range(doc, s.selection, enc),
        children: (!children.is_empty()).then_some(children),
    }
}

pub async fn handle(
    server: &Backend,
    params: lsp::DocumentSymbolParams,
) -> Result<Option<lsp::DocumentSymbolResponse>> {
    on_document(server, &params.text_document.uri, move |request| {
        let analysis = request.snapshot.analysis()?;
        let outline = symbols::document_symbols(&analysis.model, request.locale());
        Ok(Some(lsp::DocumentSymbolResponse::Nested(
            outline
                .into_iter()
                .map(|s| convert_symbol(request.document(), s, request.enc()))
                .collect(),
        )))
    })
    .await
}
