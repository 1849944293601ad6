//! `textDocument/signatureHelp`: the forms of the instruction being written and the parameter
//! the cursor is on.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use crate::analysis::signature_help::signature_help;
use crate::lsp::backend::Backend;

/// A byte offset into a label as the UTF-16 offset LSP counts parameter labels in.
fn utf16(label: &str, byte: usize) -> u32 {
    let units: usize = label.get(..byte).unwrap_or(label).chars().map(char::len_utf16).sum();
    u32::try_from(units).unwrap_or(u32::MAX)
}

pub async fn handle(server: &Backend, params: lsp::SignatureHelpParams) -> Result<Option<lsp::SignatureHelp>> {
    let at = params.text_document_position_params;
    on_document(server, &at.text_document.uri, move |request| {
        let analysis = request.snapshot.analysis()?;
        let offset = request.offset(at.position);
        let Some(help) = signature_help(&analysis.model, request.text(), offset, request.locale()) else {
            return Ok(None);
        };
        let signatures = help
            .signatures
            .into_iter()
            .map(|s| lsp::SignatureInformation {
                parameters: Some(
                    s.parameters
                        .iter()
                        .map(|p| lsp::ParameterInformation {
                            label: lsp::ParameterLabel::LabelOffsets([
                                utf16(&s.label, p.start),
                                utf16(&s.label, p.end),
                            ]),
                            documentation: None,
                        })
                        .collect(),
                ),
                documentation: s.documentation.map(|d| {
                    lsp::Documentation::MarkupContent(lsp::MarkupContent {
                        kind: lsp::MarkupKind::Markdown,
                        value: d,
                    })
                }),
                label: s.label,
                active_parameter: None,
            })
            .collect();
        Ok(Some(lsp::SignatureHelp {
            signatures,
            active_signature: u32::try_from(help.active_signature).ok(),
            active_parameter: help.active_parameter.and_then(|p| u32::try_from(p).ok()),
        }))
    })
    .await
}
