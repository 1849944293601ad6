//! `completionItem/resolve`: fills in an item's documentation from the topic its `data` names,
//! in the language the item was made in.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use crate::analysis::config::Locale;
use crate::analysis::docs;

pub fn handle(mut item: lsp::CompletionItem) -> Result<lsp::CompletionItem> {
    let found = item.data.as_ref().and_then(|data| {
        let topic = data.get("topic")?.as_str()?;
        let locale = data
            .get("locale")
            .and_then(|l| l.as_str())
            .map_or(Locale::En, Locale::from_tag);
        docs::topic(topic, locale)
    });
    if let Some(markdown) = found {
        item.documentation = Some(lsp::Documentation::MarkupContent(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: markdown.trim_end().to_owned(),
        }));
    }
    Ok(item)
}
