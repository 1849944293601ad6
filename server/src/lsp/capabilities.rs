//! What we ask of the client and what we promise it, decided once at `initialize`. Only features
//! that are implemented are advertised: an advertised but missing method makes VS Code pop errors.
//!
//! The promises the handlers keep (the code action kinds, the commands, the on-type trigger, the
//! semantic token legend) are constants here, which the handlers read: this module sits below
//! them, with the document store.

use tower_lsp_server::ls_types as lsp;

use super::convert;
use crate::analysis::tokens::{MODIFIERS, TokenType};
use crate::syntax::PositionEncoding;

/// What the client and the server agreed on at `initialize`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Negotiated {
    pub encoding: PositionEncoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`); we must then never push them, or
    /// every diagnostic shows twice.
    pub pull_diagnostics: bool,
    /// The client expands snippets in completion items; otherwise it gets plain text.
    pub snippets: bool,
    /// The client takes versioned `documentChanges` in workspace edits.
    pub document_changes: bool,
    /// ... and `create` operations among them (fixes that add a `.dockerignore`).
    pub create_files: bool,
    /// The client shows a diagnostic's `relatedInformation`; otherwise the related places are
    /// folded into the message.
    pub related_information: bool,
}

/// Our fix-all kind, under `source.fixAll` so that `editor.codeActionsOnSave` finds it.
pub const FIX_ALL: &str = "source.fixAll.dockerfile-lsp";

/// The code action kinds we return.
pub fn code_action_kinds() -> Vec<lsp::CodeActionKind> {
    vec![lsp::CodeActionKind::QUICKFIX, lsp::CodeActionKind::new(FIX_ALL)]
}

/// The command that returns a document's stage graph.
pub const GRAPH: &str = "dockerfile-lsp.graph";

/// Every command the server executes.
pub const COMMANDS: &[&str] = &[GRAPH];

/// The character after which on-type formatting indents: a line break.
pub const ON_TYPE_TRIGGER: &str = "\n";

/// The semantic token types and modifiers, in the order of their indices in the tokens we send.
pub fn semantic_tokens_legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TokenType::ALL
            .iter()
            .map(|t| lsp::SemanticTokenType::new(t.name()))
            .collect(),
        token_modifiers: MODIFIERS.iter().map(|m| lsp::SemanticTokenModifier::new(m)).collect(),
    }
}

/// Typed characters after which completion has something new to offer: a space (after a
/// keyword), `-` (flags), `=` and `,` (flag values, `--mount` keys), `$` and `{` (variables), `:`
/// (image tags) and `#` (parser directives).
const COMPLETION_TRIGGERS: &[&str] = &[" ", "-", "=", ",", "$", "{", ":", "#"];

/// UTF-8 first (our offsets are bytes, so it costs nothing), then UTF-32, and UTF-16, which every
/// client must support, when the client offers neither.
pub fn negotiate(caps: &lsp::ClientCapabilities) -> Negotiated {
    let offered: Vec<PositionEncoding> = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .map(|kinds| kinds.iter().filter_map(convert::encoding_from_kind).collect())
        .unwrap_or_default();
    let encoding = [PositionEncoding::Utf8, PositionEncoding::Utf32]
        .into_iter()
        .find(|e| offered.contains(e))
        .unwrap_or(PositionEncoding::Utf16);
    let pull_diagnostics = caps
        .text_document
        .as_ref()
        .and_then(|t| t.diagnostic.as_ref())
        .is_some();
    let snippets = caps
        .text_document
        .as_ref()
        .and_then(|t| t.completion.as_ref())
        .and_then(|c| c.completion_item.as_ref())
        .and_then(|i| i.snippet_support)
        .unwrap_or(false);
    let workspace_edit = caps.workspace.as_ref().and_then(|w| w.workspace_edit.as_ref());
    let document_changes = workspace_edit.and_then(|w| w.document_changes).unwrap_or(false);
    let create_files = document_changes
        && workspace_edit
            .and_then(|w| w.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&lsp::ResourceOperationKind::Create));
    // `textDocument.publishDiagnostics.relatedInformation`, or for a client that pulls, the same
    // flag of `textDocument.diagnostic` (LSP 3.18). A client that pulls but declares it only for
    // pushed diagnostics (3.17 had no such flag for pulls) shows it all the same.
    let text_document = caps.text_document.as_ref();
    let related_information = text_document
        .and_then(|t| t.publish_diagnostics.as_ref())
        .and_then(|p| p.related_information)
        .unwrap_or(false)
        || text_document
            .and_then(|t| t.diagnostic.as_ref())
            .and_then(|d| d.related_information)
            .unwrap_or(false);
    Negotiated {
        encoding,
        pull_diagnostics,
        snippets,
        document_changes,
        create_files,
        related_information,
    }
}

pub fn server_capabilities(negotiated: Negotiated) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(convert::encoding_kind(negotiated.encoding)),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(lsp::TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
            ..Default::default()
        })),
        diagnostic_provider: negotiated.pull_diagnostics.then(|| {
            lsp::DiagnosticServerCapabilities::Options(lsp::DiagnosticOptions {
                identifier: Some(convert::SOURCE.to_owned()),
                // A Dockerfile's diagnostics depend on that file alone.
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
            })
        }),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        completion_provider: Some(lsp::CompletionOptions {
            resolve_provider: Some(true),
            trigger_characters: Some(COMPLETION_TRIGGERS.iter().map(|c| (*c).to_owned()).collect()),
            ..Default::default()
        }),
        signature_help_provider: Some(lsp::SignatureHelpOptions {
            trigger_characters: Some(vec![" ".to_owned()]),
            retrigger_characters: Some(vec![",".to_owned()]),
            work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
        }),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(lsp::CodeActionOptions {
            code_action_kinds: Some(code_action_kinds()),
            ..Default::default()
        })),
        document_formatting_provider: Some(lsp::OneOf::Left(true)),
        document_range_formatting_provider: Some(lsp::OneOf::Left(true)),
        document_on_type_formatting_provider: Some(lsp::DocumentOnTypeFormattingOptions {
            first_trigger_character: ON_TYPE_TRIGGER.to_owned(),
            more_trigger_character: None,
        }),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        document_highlight_provider: Some(lsp::OneOf::Left(true)),
        rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
        })),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        folding_range_provider: Some(lsp::FoldingRangeProviderCapability::Simple(true)),
        selection_range_provider: Some(lsp::SelectionRangeProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(lsp::SemanticTokensServerCapabilities::SemanticTokensOptions(
            lsp::SemanticTokensOptions {
                legend: semantic_tokens_legend(),
                range: Some(true),
                full: Some(lsp::SemanticTokensFullOptions::Delta { delta: Some(true) }),
                work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
            },
        )),
        document_link_provider: Some(lsp::DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
        }),
        inlay_hint_provider: Some(lsp::OneOf::Left(true)),
        code_lens_provider: Some(lsp::CodeLensOptions {
            resolve_provider: Some(false),
        }),
        execute_command_provider: Some(lsp::ExecuteCommandOptions {
            commands: COMMANDS.iter().map(|c| (*c).to_owned()).collect(),
            work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
        }),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(encodings: Option<Vec<&'static str>>, pull: bool) -> lsp::ClientCapabilities {
        lsp::ClientCapabilities {
            general: encodings.map(|list| lsp::GeneralClientCapabilities {
                position_encodings: Some(list.into_iter().map(lsp::PositionEncodingKind::new).collect()),
                ..Default::default()
            }),
            text_document: pull.then(|| lsp::TextDocumentClientCapabilities {
                diagnostic: Some(lsp::DiagnosticClientCapabilities::default()),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn prefers_utf8_then_utf32_else_utf16() {
        let enc = |list| negotiate(&client(list, false)).encoding;
        assert_eq!(enc(None), PositionEncoding::Utf16);
        assert_eq!(enc(Some(vec!["utf-16"])), PositionEncoding::Utf16);
        assert_eq!(enc(Some(vec!["utf-16", "utf-8"])), PositionEncoding::Utf8);
        assert_eq!(enc(Some(vec!["utf-32", "utf-16"])), PositionEncoding::Utf32);
        assert_eq!(enc(Some(vec!["utf-32", "utf-8"])), PositionEncoding::Utf8);
        assert_eq!(enc(Some(vec!["latin-1"])), PositionEncoding::Utf16);
    }

    #[test]
    fn pull_diagnostics_only_for_clients_that_declare_them() {
        let push = server_capabilities(negotiate(&client(None, false)));
        assert!(push.diagnostic_provider.is_none());
        let pull = server_capabilities(negotiate(&client(None, true)));
        assert!(pull.diagnostic_provider.is_some());
    }

    #[test]
    fn advertises_only_what_is_implemented() {
        let caps = server_capabilities(Negotiated::default());
        let json = serde_json::to_value(&caps).expect("capabilities serialize");
        let keys: Vec<&str> = json
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "codeActionProvider",
                "codeLensProvider",
                "completionProvider",
                "definitionProvider",
                "documentFormattingProvider",
                "documentHighlightProvider",
                "documentLinkProvider",
                "documentOnTypeFormattingProvider",
                "documentRangeFormattingProvider",
                "documentSymbolProvider",
                "executeCommandProvider",
                "foldingRangeProvider",
                "hoverProvider",
                "inlayHintProvider",
                "positionEncoding",
                "referencesProvider",
                "renameProvider",
                "selectionRangeProvider",
                "semanticTokensProvider",
                "signatureHelpProvider",
                "textDocumentSync"
            ]
        );
    }
}
