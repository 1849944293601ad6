//! Semantic tokens: the captures of `queries/dockerfile/highlights.scm` run over the document's
//! tree-sitter tree, each capture name mapped to one LSP token type, overlaps resolved (the inner
//! node wins) and tokens cut at line breaks, because clients need not accept multi-line tokens.

use tree_sitter::{Node, QueryCursor, StreamingIterator};

use crate::analysis::queries;
use crate::syntax::{Document, TextRange, kinds};

/// The token types the server uses, named as LSP names its standard types. The order is the
/// legend's: a token's type is sent as its index here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenType {
    Comment,
    Macro,
    Keyword,
    Type,
    EnumMember,
    Label,
    Decorator,
    Variable,
    Property,
    String,
    Number,
    Operator,
}

impl TokenType {
    pub const ALL: [TokenType; 12] = [
        TokenType::Comment,
        TokenType::Macro,
        TokenType::Keyword,
        TokenType::Type,
        TokenType::EnumMember,
        TokenType::Label,
        TokenType::Decorator,
        TokenType::Variable,
        TokenType::Property,
        TokenType::String,
        TokenType::Number,
        TokenType::Operator,
    ];

    /// The LSP name of the type.
    pub const fn name(self) -> &'static str {
        match self {
            TokenType::Comment => "comment",
            TokenType::Macro => "macro",
            TokenType::Keyword => "keyword",
            TokenType::Type => "type",
            TokenType::EnumMember => "enumMember",
            TokenType::Label => "label",
            TokenType::Decorator => "decorator",
            TokenType::Variable => "variable",
            TokenType::Property => "property",
            TokenType::String => "string",
            TokenType::Number => "number",
            TokenType::Operator => "operator",
        }
    }

    /// The position in the legend.
    pub fn index(self) -> u32 {
        Self::ALL.iter().position(|t| *t == self).unwrap_or_default() as u32
    }
}

/// Token modifiers, in legend order; a token's modifiers are a bit set over this list.
pub const MODIFIERS: [&str; 1] = ["declaration"];
/// Bit of the `declaration` modifier: the name an `ARG`, `ENV` or `AS` introduces.
pub const DECLARATION: u32 = 1;

/// The token type of a highlight capture: the longest prefix of its dotted name that has one
/// (`string.special.path` is a `string`), as editors fall back along the dots.
pub fn token_type(capture: &str) -> Option<TokenType> {
    let mut name = capture;
    loop {
        if let Some(t) = exact_type(name) {
            return Some(t);
        }
        name = name.rsplit_once('.')?.0;
    }
}

fn exact_type(capture: &str) -> Option<TokenType> {
    Some(match capture {
        "comment" => TokenType::Comment,
        "keyword.directive" => TokenType::Macro,
        "keyword" => TokenType::Keyword,
        "type" => TokenType::Type,
        "constant.numeric" => TokenType::Number,
        "constant" => TokenType::EnumMember,
        "label" => TokenType::Label,
        "attribute" => TokenType::Decorator,
        "variable" => TokenType::Variable,
        "property" => TokenType::Property,
        "string" => TokenType::String,
        "operator" | "punctuation" => TokenType::Operator,
        _ => return None,
    })
}

/// One token: a range within one line (line break excluded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: TextRange,
    pub ty: TokenType,
    /// Bits over [`MODIFIERS`].
    pub modifiers: u32,
}

/// Whether a captured node is a name being declared: an `ARG` or `ENV` name, a stage name.
fn declares(node: Node) -> bool {
    if node.kind() == kinds::IMAGE_ALIAS {
        return true;
    }
    node.parent().is_some_and(|parent| {
        matches!(parent.kind(), kinds::ARG_INSTRUCTION | kinds::ENV_PAIR)
            && parent
                .child_by_field_name("name")
                .is_some_and(|name| name.id() == node.id())
    })
}

/// The tokens of the document, or of the part of it that intersects `within`, in order.
pub fn tokens(doc: &Document, within: Option<TextRange>) -> Vec<Token> {
    let text = doc.text();
    let len = text.len();
    // Tokens start and end where the span does: on character boundaries, inside the text.
    let floor = |at: usize| (0..=at.min(len)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let span = within.map_or(TextRange::new(0, len), |r| {
        TextRange::new(floor(r.start), floor(r.end).max(floor(r.start)))
    });
    let query = queries::highlights();
    let names = query.capture_names();
    let mut cursor = QueryCursor::new();
    cursor.set_byte_range(span.as_range());

    // (start, end, pattern, type, modifiers) of every capture that has a token type.
    let mut found: Vec<(usize, usize, usize, TokenType, u32)> = Vec::new();
    let mut captures = cursor.captures(query, doc.tree().root_node(), text.as_bytes());
    while let Some((m, index)) = captures.next() {
        let capture = m.captures[*index];
        let Some(ty) = names.get(capture.index as usize).and_then(|n| token_type(n)) else {
            continue;
        };
        let node = capture.node;
        let modifiers = if declares(node) { DECLARATION } else { 0 };
        found.push((node.start_byte(), node.end_byte(), m.pattern_index, ty, modifiers));
    }
    // Outer nodes first so that inner ones paint over them; for one node, the later pattern wins.
    found.sort_by_key(|&(start, end, pattern, _, _)| (std::cmp::Reverse(end - start), pattern));
    let mut paint: Vec<Option<(TokenType, u32)>> = vec![None; span.len()];
    for (start, end, _, ty, modifiers) in found {
        let from = start.clamp(span.start, span.end) - span.start;
        let to = end.clamp(span.start, span.end) - span.start;
        paint[from..to].fill(Some((ty, modifiers)));
    }

    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut run: Option<(usize, (TokenType, u32))> = None;
    let painted = paint.iter().enumerate().map(|(i, p)| (span.start + i, *p));
    for (at, painted) in painted.chain(std::iter::once((span.end, None))) {
        let here = if matches!(bytes.get(at), Some(b'\n' | b'\r')) {
            None
        } else {
            painted
        };
        if run.map(|(_, kind)| Some(kind)) == Some(here) {
            continue;
        }
        if let Some((start, (ty, modifiers))) = run.take() {
            out.push(Token {
                range: TextRange::new(start, at),
                ty,
                modifiers,
            });
        }
        run = here.map(|kind| (at, kind));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_inside_a_character_gives_tokens_on_character_boundaries() {
        // Found by fuzzing: a range starting inside `é` gave a token starting there.
        let text = "CMD [\"/aééé/run\"]\n";
        let doc = Document::new(text, 0);
        for (start, end) in [(8, 14), (9, 30), (13, 9)] {
            let found = tokens(&doc, Some(TextRange { start, end }));
            assert!(!found.is_empty() || start > end);
            for t in found {
                assert!(
                    text.is_char_boundary(t.range.start) && text.is_char_boundary(t.range.end),
                    "{t:?}"
                );
                assert!(t.range.end <= text.len());
            }
        }
    }

    #[test]
    fn every_capture_of_the_highlights_query_has_a_token_type() {
        for name in queries::highlights().capture_names() {
            assert!(token_type(name).is_some(), "capture @{name} maps to no token type");
        }
    }

    #[test]
    fn every_token_type_comes_from_some_capture() {
        let used: Vec<TokenType> = queries::highlights()
            .capture_names()
            .iter()
            .filter_map(|n| token_type(n))
            .collect();
        for ty in TokenType::ALL {
            assert!(used.contains(&ty), "{ty:?} is in the legend but no capture gives it");
        }
    }

    #[test]
    fn fallback_follows_the_dots() {
        assert_eq!(token_type("string.special.path"), Some(TokenType::String));
        assert_eq!(token_type("punctuation.bracket"), Some(TokenType::Operator));
        assert_eq!(token_type("constant.numeric"), Some(TokenType::Number));
        assert_eq!(token_type("nonsense"), None);
    }

    #[test]
    fn tokens_stop_at_line_breaks_and_the_range() {
        let text = "ENV A=\"x \\\n y\"\r\nRUN echo\n";
        let doc = Document::new(text, 1);
        let all = tokens(&doc, None);
        for t in &all {
            let s = t.range.slice(text);
            assert!(!s.contains(['\n', '\r']), "token {s:?} spans a line break");
        }
        let strings: Vec<&str> = all
            .iter()
            .filter(|t| t.ty == TokenType::String)
            .map(|t| t.range.slice(text))
            .collect();
        // The continuation inside the string is punctuation, not part of the string.
        assert_eq!(strings, ["\"x ", " y\""]);
        let run = text.find("RUN").unwrap_or_default();
        let part = tokens(&doc, Some(TextRange::new(run, text.len())));
        assert_eq!(part.first().map(|t| t.range.slice(text)), Some("RUN"));
    }
}
