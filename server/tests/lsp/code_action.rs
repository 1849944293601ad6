//! Quick fixes, ignore actions, fix-all and formatting through the real binary: the edits the
//! server returns, applied the way a client applies them, give exactly the expected text.

use crate::common;

use common::{Enc, Server, offset, range};
use serde_json::{Value, json};

const URI: &str = "file:///work/project/Dockerfile";

/// A client that takes versioned document changes and can create files.
fn capable() -> Value {
    json!({
        "workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}},
        "general": {"positionEncodings": ["utf-16"]}
    })
}

/// Applies LSP text edits (non-overlapping, as the protocol demands) to `text`.
fn apply(text: &str, edits: &[Value], enc: Enc) -> String {
    let pos = |p: &Value| {
        let n = |k: &str| p[k].as_u64().unwrap_or_else(|| panic!("bad position {p}")) as usize;
        offset(text, n("line"), n("character"), enc)
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            let new_text = e["newText"].as_str().unwrap_or_else(|| panic!("no newText in {e}"));
            (pos(&e["range"]["start"]), pos(&e["range"]["end"]), new_text)
        })
        .collect();
    spans.sort_by_key(|s| (s.0, s.1));
    for pair in spans.windows(2) {
        assert!(pair[0].1 <= pair[1].0, "overlapping edits {edits:?}");
        assert!(
            !(pair[0].0 == pair[0].1 && pair[1].0 == pair[1].1 && pair[0].0 == pair[1].0),
            "two insertions at one place {edits:?}"
        );
    }
    let mut out = text.to_string();
    for (start, end, new_text) in spans.into_iter().rev() {
        out.replace_range(start..end, new_text);
    }
    out
}

/// The edits of a workspace edit for `URI`, checking the version when the edit names one.
fn edits_for_document(edit: &Value, version: i64) -> Vec<Value> {
    if let Some(changes) = edit.get("changes") {
        return changes[URI].as_array().cloned().unwrap_or_default();
    }
    let mut out = Vec::new();
    for change in edit["documentChanges"].as_array().expect("documentChanges is an array") {
        if change["textDocument"]["uri"] == URI {
            assert_eq!(change["textDocument"]["version"], version, "{change}");
            out.extend(change["edits"].as_array().cloned().unwrap_or_default());
        }
    }
    out
}

fn code_actions(server: &mut Server, range_json: Value, diagnostics: Value, only: Option<Value>) -> Vec<Value> {
    let mut context = json!({"diagnostics": diagnostics});
    if let Some(only) = only {
        context["only"] = only;
    }
    let response = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range_json, "context": context}),
    );
    response["result"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("no actions: {response}"))
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action `{title}` in {actions:#?}"))
}

fn with_rule(diagnostics: &[Value], rule: &str) -> Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == rule)
        .cloned()
        .unwrap_or_else(|| panic!("no {rule} in {diagnostics:#?}"))
}

#[test]
fn quick_fix_and_ignore_actions_give_the_expected_text() {
    let (mut server, _) = Server::initialized(capable());
    // Multi-byte text before the fix on the same line checks the UTF-16 columns.
    let text = "FROM alpine:3.20\nLABEL x=\"é😀\"\nRUNN echo hi\n";
    server.open(URI, 1, text);
    let diagnostics = server.published(URI, 1);
    let unknown = with_rule(&diagnostics, "unknown-instruction");
    let actions = code_actions(&mut server, unknown["range"].clone(), json!([unknown.clone()]), None);

    let fix = titled(&actions, "Replace with `RUN`");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], false, "an unsafe fix is never preferred");
    assert_eq!(fix["diagnostics"][0]["code"], "unknown-instruction");
    let fixed = apply(text, &edits_for_document(&fix["edit"], 1), Enc::Utf16);
    assert_eq!(fixed, "FROM alpine:3.20\nLABEL x=\"é😀\"\nRUN echo hi\n");

    let ignore = titled(&actions, "Ignore `unknown-instruction` for this instruction");
    let ignored = apply(text, &edits_for_document(&ignore["edit"], 1), Enc::Utf16);
    assert_eq!(
        ignored,
        "FROM alpine:3.20\nLABEL x=\"é😀\"\n# dockerfile-lsp ignore=unknown-instruction\nRUNN echo hi\n"
    );
    let file = titled(&actions, "Ignore `unknown-instruction` for this file");
    let ignored = apply(text, &edits_for_document(&file["edit"], 1), Enc::Utf16);
    assert_eq!(
        ignored,
        "# dockerfile-lsp global ignore=unknown-instruction\nFROM alpine:3.20\nLABEL x=\"é😀\"\nRUNN echo hi\n"
    );

    // The suppression really silences the diagnostic.
    server.change(URI, 2, json!([{"text": ignored}]));
    let after = server.published(URI, 2);
    assert!(after.iter().all(|d| d["code"] != "unknown-instruction"), "{after:#?}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn safe_fix_is_preferred_and_found_without_the_client_sending_diagnostics() {
    let (mut server, _) = Server::initialized(capable());
    let text = "FROM alpine:3.20\nRUN echo a \\\n\n    b\n";
    server.open(URI, 1, text);
    server.published(URI, 1);
    // Some clients send no diagnostics: the server looks at what touches the range.
    let actions = code_actions(&mut server, range((2, 0), (2, 0)), json!([]), None);
    let fix = titled(&actions, "Remove the empty line");
    assert_eq!(fix["isPreferred"], true);
    let fixed = apply(text, &edits_for_document(&fix["edit"], 1), Enc::Utf16);
    assert_eq!(fixed, "FROM alpine:3.20\nRUN echo a \\\n    b\n");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn fix_all_applies_every_safe_fix_at_once() {
    let (mut server, result) = Server::initialized(capable());
    let kinds = &result["capabilities"]["codeActionProvider"]["codeActionKinds"];
    assert_eq!(kinds, &json!(["quickfix", "source.fixAll.dockerfile-lsp"]));
    let text = "FROM alpine:3.20\r\nEXPOSE 80/TCP 443/UDP\r\nRUNN a\r\nRUN echo a \\\r\n\r\n    b\r\n";
    server.open(URI, 1, text);
    server.published(URI, 1);
    let actions = code_actions(
        &mut server,
        range((0, 0), (0, 0)),
        json!([]),
        Some(json!(["source.fixAll"])),
    );
    assert_eq!(actions.len(), 1, "{actions:#?}");
    let all = &actions[0];
    assert_eq!(all["kind"], "source.fixAll.dockerfile-lsp");
    let fixed = apply(text, &edits_for_document(&all["edit"], 1), Enc::Utf16);
    // The unsafe `RUNN` fix is left for a human.
    assert_eq!(
        fixed,
        "FROM alpine:3.20\r\nEXPOSE 80/tcp 443/udp\r\nRUNN a\r\nRUN echo a \\\r\n    b\r\n"
    );
    // Asking for quick fixes only leaves fix-all out.
    let quick = code_actions(&mut server, range((0, 0), (9, 0)), json!([]), Some(json!(["quickfix"])));
    assert!(quick.iter().all(|a| a["kind"] == "quickfix"), "{quick:#?}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn clients_without_document_changes_get_plain_changes() {
    let (mut server, _) = Server::initialized(json!({}));
    let text = "FROM alpine:3.20\nEXPOSE 80/TCP\n";
    server.open(URI, 1, text);
    let diagnostics = server.published(URI, 1);
    let casing = with_rule(&diagnostics, "expose-protocol-casing");
    let actions = code_actions(&mut server, casing["range"].clone(), json!([casing]), None);
    let fix = titled(&actions, "Write `tcp`");
    assert!(fix["edit"].get("documentChanges").is_none(), "{fix}");
    let fixed = apply(text, &edits_for_document(&fix["edit"], 1), Enc::Utf16);
    assert_eq!(fixed, "FROM alpine:3.20\nEXPOSE 80/tcp\n");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn formatting_range_formatting_and_on_type_formatting() {
    let (mut server, _) = Server::initialized(capable());
    let text = "from alpine\nrun  echo 😀 \\  \n\t  && echo b   \nCMD [ \"a\",\"b\" ]\n";
    server.open(URI, 1, text);
    let options = json!({"tabSize": 2, "insertSpaces": true});
    let response = server.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": options}),
    );
    let edits = response["result"].as_array().cloned().expect("edits");
    assert_eq!(
        apply(text, &edits, Enc::Utf16),
        "from alpine\nrun echo 😀 \\\n  && echo b\ncmd [\"a\", \"b\"]\n"
    );

    let response = server.request(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": URI}, "options": options, "range": range((1, 0), (1, 3))}),
    );
    let edits = response["result"].as_array().cloned().expect("edits");
    assert_eq!(
        apply(text, &edits, Enc::Utf16),
        "from alpine\nrun echo 😀 \\\n\t  && echo b   \nCMD [ \"a\",\"b\" ]\n"
    );

    // A line break typed after a continuation: the new line is indented.
    let typed = "FROM alpine\nRUN echo 😀 \\\n\n";
    server.change(URI, 2, json!([{"text": typed}]));
    let response = server.request(
        "textDocument/onTypeFormatting",
        json!({"textDocument": {"uri": URI}, "position": {"line": 2, "character": 0}, "ch": "\n",
               "options": {"tabSize": 4, "insertSpaces": false}}),
    );
    let edits = response["result"].as_array().cloned().expect("edits");
    assert_eq!(apply(typed, &edits, Enc::Utf16), "FROM alpine\nRUN echo 😀 \\\n\t\n");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn consecutive_runs_merge_through_the_quick_fix_and_fix_all() {
    let (mut server, _) = Server::initialized(capable());
    let text =
        "FROM alpine:3.20\nRUN apk add --no-cache curl\n# fetch it\nRUN curl -fsSL https://example.com/é -o /x\n";
    let merged =
        "FROM alpine:3.20\nRUN apk add --no-cache curl && \\\n# fetch it\n    curl -fsSL https://example.com/é -o /x\n";
    server.open(URI, 1, text);
    let diagnostics = server.published(URI, 1);
    let second = with_rule(&diagnostics, "consecutive-run");
    let actions = code_actions(&mut server, second["range"].clone(), json!([second]), None);
    let fix = titled(&actions, "Merge with the previous `RUN`");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(apply(text, &edits_for_document(&fix["edit"], 1), Enc::Utf16), merged);

    let actions = code_actions(&mut server, range((0, 0), (0, 0)), json!([]), Some(json!(["source"])));
    let all = titled(&actions, "Apply every safe fix");
    assert_eq!(apply(text, &edits_for_document(&all["edit"], 1), Enc::Utf16), merged);

    // RUNs with different flags or a heredoc are left alone.
    let apart = "FROM alpine:3.20\nRUN apk add curl\nRUN --network=none make\nRUN <<EOF\necho hi\nEOF\n";
    server.change(URI, 2, json!([{"text": apart}]));
    let diagnostics = server.published(URI, 2);
    assert!(
        diagnostics.iter().all(|d| d["code"] != "consecutive-run"),
        "{diagnostics:#?}"
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

/// What `check --fix` makes of `text` (read on standard input): the rounds the CLI runs.
fn cli_fixed(text: &str) -> String {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = crate::common::bin()
        .args(["check", "--fix", "--no-config", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(text.as_bytes())
        .expect("the text is written");
    let out = child.wait_with_output().expect("the binary ends");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn fix_all_asked_for_by_kind_runs_every_round_like_check_fix() {
    let (mut server, _) = Server::initialized(capable());
    // Merging the RUNs (round 1) makes the install RUN the one that must clean the apt lists
    // (round 2).
    let text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n";
    let merged = "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl\n";
    server.open(URI, 1, text);
    server.published(URI, 1);

    let by_kind = code_actions(
        &mut server,
        range((0, 0), (0, 0)),
        json!([]),
        Some(json!(["source.fixAll"])),
    );
    let all = titled(&by_kind, "Apply every safe fix");
    let edits = edits_for_document(&all["edit"], 1);
    let fixed = apply(text, &edits, Enc::Utf16);
    assert_eq!(fixed, cli_fixed(text), "the same as `check --fix`");
    assert!(
        fixed.contains("rm -rf /var/lib/apt/lists/*"),
        "the second round ran: {fixed}"
    );
    assert!(
        edits.iter().all(|e| e["range"]["start"]["line"].as_u64() >= Some(1)),
        "the untouched FROM line is not rewritten: {edits:#?}"
    );

    // The light bulb lists fix-all with everything else, on every cursor move: one round.
    let listed = code_actions(&mut server, range((0, 0), (0, 0)), json!([]), None);
    let one = titled(&listed, "Apply every safe fix");
    assert_eq!(apply(text, &edits_for_document(&one["edit"], 1), Enc::Utf16), merged);

    // The result has no safe fix left.
    server.change(URI, 2, json!([{"text": fixed}]));
    server.published(URI, 2);
    let again = code_actions(
        &mut server,
        range((0, 0), (0, 0)),
        json!([]),
        Some(json!(["source.fixAll"])),
    );
    assert!(again.is_empty(), "{again:#?}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}
