//! Property: after any sequence of edits applied incrementally (UTF-16 positions, as most clients
//! send them), a `Document` holds exactly the text a client would have, and a tree equal to a
//! fresh parse of that text: same S-expression, and every node with the same kind and byte range.
//! The edits mix Dockerfile snippets, continuations, CRLF, heredocs, emoji, CJK and accents.

use crate::common;

use common::{Enc, position};
use dockerfile_lsp::syntax::{Document, LineCol, PositionEncoding, TextEdit};
use proptest::prelude::*;
use tree_sitter::Node;

const SNIPPETS: &[&str] = &[
    "FROM alpine:3.20 AS build\n",
    "FROM --platform=$BUILDPLATFORM golang:1.22@sha256:abc AS b\r\n",
    "RUN apt-get update && \\\n    apt-get install -y curl\n",
    "RUN echo 😀 \\\r\n  && echo 中文\r\n",
    "COPY --from=build --chown=1000:1000 /a /b\n",
    "COPY --link <<EOF /etc/x\nhello é\nEOF\n",
    "RUN <<-EOT bash\n\techo hi\n\tEOT\n",
    "ENV A=1 B=\"x y\" \\\n    C=${A:-default}\n",
    "ARG V=1\n",
    "LABEL k=v \"a b\"=\"c d\"\n",
    "CMD [\"sh\", \"-c\", \"echo $HOME\"]\n",
    "ENTRYPOINT [\"/bin/é\"]\n",
    "HEALTHCHECK --interval=5s CMD curl -f http://x/ || exit 1\n",
    "ONBUILD RUN make\n",
    "SHELL [\"pwsh\", \"-c\"]\n",
    "# escape=`\n",
    "# comment 中文 😀\n",
    "WORKDIR \"a b\"\n",
    "\\\n",
    "\\\r\n",
    "\r\n",
    "\n",
    "\r",
    "😀",
    "中文",
    "é",
    "`",
    "\"",
    "${",
    "}",
    " ",
    "\t",
    "<<EOF",
    "EOF\n",
    "[",
    "]",
    "--",
    "=",
];

fn text_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(SNIPPETS).prop_map(str::to_owned),
        1 => "[a-zA-Z0-9 =:/.$\\-\\\\\"'{}\\[\\]`<#😀中é\r\n]{0,10}",
    ]
}

/// One edit, chosen without knowing the text: the range is picked from `at` and `len`
/// (fractions of the text in 1/65536) once the text is known.
#[derive(Clone, Debug)]
struct RawEdit {
    at: u16,
    len: u16,
    text: String,
}

fn raw_edit() -> impl Strategy<Value = RawEdit> {
    (
        any::<u16>(),
        prop_oneof![2 => Just(0u16), 2 => 0u16..600, 1 => any::<u16>()],
        prop_oneof![1 => Just(String::new()), 4 => text_piece()],
    )
        .prop_map(|(at, len, text)| RawEdit { at, len, text })
}

/// The nearest offset at or before `offset` that a client can address: on a character boundary
/// and not between the `\r` and `\n` of a CRLF.
fn addressable(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    if offset > 0 && text.as_bytes()[offset - 1] == b'\r' && text.as_bytes().get(offset) == Some(&b'\n') {
        offset -= 1;
    }
    offset
}

fn line_col((line, col): (usize, usize)) -> LineCol {
    LineCol {
        line: line as u32,
        col: col as u32,
    }
}

/// Applies `raw` to the client's copy and returns the LSP-style edit in UTF-16 positions.
fn apply(text: &mut String, raw: &RawEdit) -> TextEdit {
    let start = addressable(text, text.len() * usize::from(raw.at) / 65536);
    let end = addressable(text, start + usize::from(raw.len) * text.len() / 65536).max(start);
    let edit = TextEdit {
        range: Some((
            line_col(position(text, start, Enc::Utf16)),
            line_col(position(text, end, Enc::Utf16)),
        )),
        text: raw.text.clone(),
    };
    text.replace_range(start..end, &raw.text);
    edit
}

/// Every node in pre-order with its depth, kind, byte range and whether it is missing.
fn nodes(root: Node<'_>) -> Vec<(usize, &'static str, usize, usize, bool)> {
    let mut out = Vec::new();
    let mut stack = vec![(root, 0)];
    while let Some((node, depth)) = stack.pop() {
        out.push((
            depth,
            node.kind(),
            node.start_byte(),
            node.end_byte(),
            node.is_missing(),
        ));
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev().map(|child| (child, depth + 1)));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn incremental_edits_equal_a_fresh_parse(
        start in proptest::collection::vec(proptest::sample::select(SNIPPETS), 0..12),
        batches in proptest::collection::vec(proptest::collection::vec(raw_edit(), 1..4), 1..8),
    ) {
        let mut text: String = start.concat();
        let mut doc = Document::new(&text, 0);
        for (i, batch) in batches.iter().enumerate() {
            let edits: Vec<TextEdit> = batch.iter().map(|raw| apply(&mut text, raw)).collect();
            let version = i as i32 + 1;
            doc.apply_edits(&edits, version, PositionEncoding::Utf16);
            prop_assert_eq!(doc.text(), text.clone());
            prop_assert_eq!(doc.version(), version);
        }
        let fresh = Document::new(&text, 0);
        prop_assert_eq!(
            doc.tree().root_node().to_sexp(),
            fresh.tree().root_node().to_sexp(),
            "text: {:?}", text
        );
        prop_assert_eq!(nodes(doc.tree().root_node()), nodes(fresh.tree().root_node()), "text: {:?}", text);
    }
}

#[test]
fn addressable_offsets_avoid_split_characters_and_crlf_middles() {
    let text = "a😀\r\nb";
    assert_eq!(addressable(text, 2), 1);
    assert_eq!(addressable(text, 6), 5);
    assert_eq!(addressable(text, 99), text.len());
}
