//! `textDocument/completion`: the analysis' items with their replace ranges; documentation is
//! left to `completionItem/resolve`, which reads the topic stored in `data`.

use serde_json::json;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use crate::analysis::completion::{CompletionItem, CompletionKind, completion};
use crate::analysis::config::Locale;
use crate::lsp::backend::Backend;
use crate::lsp::convert;
use crate::syntax::{Document, PositionEncoding};

fn kind(kind: CompletionKind) -> lsp::CompletionItemKind {
    match kind {
        CompletionKind::Keyword => lsp::CompletionItemKind::KEYWORD,
        CompletionKind::Flag => lsp::CompletionItemKind::PROPERTY,
        CompletionKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Property => lsp::CompletionItemKind::FIELD,
        CompletionKind::Stage => lsp::CompletionItemKind::REFERENCE,
        CompletionKind::Variable => lsp::CompletionItemKind::VARIABLE,
        CompletionKind::Image => lsp::CompletionItemKind::MODULE,
        CompletionKind::Directive => lsp::CompletionItemKind::KEYWORD,
        CompletionKind::Signal => lsp::CompletionItemKind::CONSTANT,
    }
}

/// The tag `completionItem/resolve` reads back to pick the language.
fn locale_tag(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "en",
        Locale::ZhHans => "zh-CN",
    }
}

fn item(
    doc: &Document,
    enc: PositionEncoding,
    index: usize,
    item: CompletionItem,
    snippets: bool,
    locale: Locale,
) -> lsp::CompletionItem {
    let snippet = item.snippet && snippets;
    let new_text = if snippet {
        item.insert.clone()
    } else {
        item.plain_insert()
    };
    lsp::CompletionItem {
        kind: Some(kind(item.kind)),
        detail: item.detail,
        // Our order is deliberate (the default or most useful first); keep it.
        sort_text: Some(format!("{index:04}")),
        filter_text: item.filter,
        insert_text_format: Some(if snippet {
            lsp::InsertTextFormat::SNIPPET
        } else {
            lsp::InsertTextFormat::PLAIN_TEXT
        }),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range: convert::range(doc, item.range, enc),
            new_text,
        })),
        data: item
            .topic
            .map(|topic| json!({ "topic": topic, "locale": locale_tag(locale) })),
        label: item.label,
        ..Default::default()
    }
}

pub async fn handle(server: &Backend, params: lsp::CompletionParams) -> Result<Option<lsp::CompletionResponse>> {
    let at = params.text_document_position;
    on_document(server, &at.text_document.uri, move |request| {
        let analysis = request.snapshot.analysis()?;
        let offset = request.offset(at.position);
        let locale = request.locale();
        let snippets = request.negotiated.snippets;
        let items = completion(&analysis.model, Some(&analysis.facts), request.text(), offset, locale)
            .into_iter()
            .enumerate()
            .map(|(i, c)| item(request.document(), request.enc(), i, c, snippets, locale))
            .collect();
        Ok(Some(lsp::CompletionResponse::List(lsp::CompletionList {
            is_incomplete: false,
            items,
        })))
    })
    .await
}
