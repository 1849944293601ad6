//! Navigation through the real binary: definition, references, highlights, prepareRename and
//! rename (applied by the client's rules, versioned or not, refused with a message), with
//! positions in UTF-16 across multi-byte text.

use crate::common;

use common::{Enc, Mirror, Server, position};
use serde_json::{Value, json};

const URI: &str = "file:///nav/Dockerfile";

/// A multi-stage file with characters of 3 and 4 UTF-8 bytes (1 and 2 UTF-16 units) before
/// names on their line, so a byte or code-point column would land elsewhere.
const TEXT: &str = "# 构建 😀\nARG VERSION=1.22\nFROM golang:${VERSION} AS builder\nARG VERSION\nRUN echo \"😀 中 $VERSION\"\nFROM alpine\nCOPY --from=builder /out /app\n";

fn at(text: &str, needle: &str, plus: usize) -> Value {
    let offset = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in text")) + plus;
    let (line, character) = position(text, offset, Enc::Utf16);
    json!({"line": line, "character": character})
}

fn open(text: &str, capabilities: Value) -> Server {
    let (mut server, _) = Server::initialized(capabilities);
    server.open(URI, 1, text);
    server
}

fn result(response: &Value) -> &Value {
    assert!(response.get("error").is_none(), "{response}");
    &response["result"]
}

/// The text each location (or highlight, or edit) covers.
fn covered<'a>(text: &'a str, items: &Value) -> Vec<&'a str> {
    items
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {items}"))
        .iter()
        .map(|i| common::slice(text, &i["range"], Enc::Utf16))
        .collect()
}

/// Applies LSP text edits (non-overlapping, any order) to `text`.
fn apply(text: &str, edits: &Value) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {edits}"))
        .iter()
        .map(|e| {
            let pos = |p: &Value| {
                let n = |k: &str| p[k].as_u64().unwrap_or_else(|| panic!("bad position {p}")) as usize;
                common::offset(text, n("line"), n("character"), Enc::Utf16)
            };
            let new = e["newText"].as_str().unwrap_or_default().to_owned();
            (pos(&e["range"]["start"]), pos(&e["range"]["end"]), new)
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (start, end, new) in spans {
        out.replace_range(start..end, &new);
    }
    out
}

#[test]
fn definition_references_and_highlights() {
    let mut server = open(TEXT, json!({}));
    let doc = json!({"uri": URI});

    let definition = server.request(
        "textDocument/definition",
        json!({"textDocument": doc, "position": at(TEXT, "--from=builder", 9)}),
    );
    let targets = result(&definition);
    assert_eq!(covered(TEXT, targets), ["builder"]);
    assert_eq!(targets[0]["uri"], URI);
    assert_eq!(targets[0]["range"]["start"], at(TEXT, "builder\n", 0));

    let references = server.request(
        "textDocument/references",
        json!({"textDocument": doc, "position": at(TEXT, "$VERSION\"", 3),
               "context": {"includeDeclaration": true}}),
    );
    // The stage's redeclaration joins the global ARG: both are one variable.
    assert_eq!(
        covered(TEXT, result(&references)),
        ["VERSION", "VERSION", "VERSION", "VERSION"]
    );

    let highlights = server.request(
        "textDocument/documentHighlight",
        json!({"textDocument": doc, "position": at(TEXT, "AS builder", 5)}),
    );
    let kinds: Vec<(i64, &str)> = result(&highlights)
        .as_array()
        .map(|a| {
            a.iter()
                .map(|h| {
                    (
                        h["kind"].as_i64().unwrap_or(0),
                        common::slice(TEXT, &h["range"], Enc::Utf16),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(kinds, [(3, "builder"), (2, "builder")], "write, then read");

    let nothing = server.request(
        "textDocument/definition",
        json!({"textDocument": doc, "position": at(TEXT, "alpine", 2)}),
    );
    assert_eq!(result(&nothing), &Value::Null);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn rename_a_stage_and_a_variable() {
    let mut server = open(TEXT, json!({}));
    let doc = json!({"uri": URI});

    let prepared = server.request(
        "textDocument/prepareRename",
        json!({"textDocument": doc, "position": at(TEXT, "--from=builder", 9)}),
    );
    assert_eq!(result(&prepared)["placeholder"], "builder");
    assert_eq!(common::slice(TEXT, &result(&prepared)["range"], Enc::Utf16), "builder");

    let renamed = server.request(
        "textDocument/rename",
        json!({"textDocument": doc, "position": at(TEXT, "--from=builder", 9), "newName": "compile"}),
    );
    let edits = &result(&renamed)["changes"][URI];
    assert_eq!(
        apply(TEXT, edits),
        TEXT.replace("AS builder", "AS compile")
            .replace("--from=builder", "--from=compile")
    );

    let renamed = server.request(
        "textDocument/rename",
        json!({"textDocument": doc, "position": at(TEXT, "ARG VERSION\n", 5), "newName": "GO_VERSION"}),
    );
    let edits = &result(&renamed)["changes"][URI];
    assert_eq!(apply(TEXT, edits), TEXT.replace("VERSION", "GO_VERSION"));
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn rename_is_versioned_when_the_client_takes_document_changes() {
    let mut server = open(TEXT, json!({"workspace": {"workspaceEdit": {"documentChanges": true}}}));
    let mut mirror = Mirror::new(TEXT, Enc::Utf16);
    let change = mirror.insert_after("RUN echo \"😀 中 $VERSION", " ${VERSION}");
    server.change(URI, 2, json!([change]));
    let renamed = server.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": at(&mirror.text, "${VERSION}\"", 3), "newName": "V"}),
    );
    let change = &result(&renamed)["documentChanges"][0];
    assert_eq!(change["textDocument"], json!({"uri": URI, "version": 2}));
    assert_eq!(
        apply(&mirror.text, &change["edits"]),
        mirror.text.replace("VERSION", "V")
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn refusals_come_back_as_errors_with_the_reason() {
    let text = "FROM alpine AS a\nFROM alpine AS b\nCOPY --from=0 /x /y\n";
    let mut server = open(text, json!({}));
    let doc = json!({"uri": URI});

    let taken = server.request(
        "textDocument/rename",
        json!({"textDocument": doc, "position": at(text, "AS b", 3), "newName": "a"}),
    );
    assert_eq!(taken["error"]["code"], -32803, "{taken}");
    assert_eq!(taken["error"]["message"], "A stage named `a` already exists on line 1");

    let by_index = server.request(
        "textDocument/prepareRename",
        json!({"textDocument": doc, "position": at(text, "=0", 1)}),
    );
    assert_eq!(by_index["error"]["code"], -32803, "{by_index}");

    let nothing = server.request(
        "textDocument/prepareRename",
        json!({"textDocument": doc, "position": at(text, "alpine", 1)}),
    );
    assert_eq!(result(&nothing), &Value::Null);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}
