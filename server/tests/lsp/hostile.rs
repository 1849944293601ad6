//! A hostile client, through the real binary: broken frames, messages out of order, documents
//! that are not there, positions and edits that make no sense, huge and binary documents, a
//! flood of edits and cancelled requests. Each gets the answer JSON-RPC and LSP prescribe (an
//! error response for a request, silence for a notification), the server stays responsive, and
//! it ends cleanly. `lsp_robustness.rs` has the simpler cases.

use crate::common;

use common::{Enc, Mirror, Server, TIMEOUT, range};
use serde_json::{Value, json};
use std::time::Duration;

/// Proves the server still works: a document opened now gets its diagnostics.
fn still_serving(server: &mut Server, n: i64) {
    still_serving_within(server, n, TIMEOUT);
}

/// [`still_serving`] with another bound: behind a document of megabytes, the reader first has to
/// take in and decode its message, which takes seconds in a debug build on a busy machine.
fn still_serving_within(server: &mut Server, n: i64, timeout: Duration) {
    let uri = format!("file:///alive/{n}/Dockerfile");
    server.open(&uri, 1, "FROM alpine\n");
    let diagnostics = server.published_within(timeout, &uri, 1);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "untagged-image"),
        "{diagnostics:?}"
    );
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn request_text(id: i64, method: &str) -> String {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": {}}).to_string()
}

fn assert_clean_exit(server: &mut Server) {
    assert_eq!(server.shutdown_and_exit().code(), Some(0), "{}", server.stderr());
    assert_eq!(server.violations(), Vec::<String>::new());
    assert!(!server.stderr().contains("panicked"), "{}", server.stderr());
}

#[test]
fn before_initialize_requests_are_refused_notifications_ignored_and_parse_errors_still_reported() {
    let mut server = Server::spawn(&["serve"]);
    server.send_raw(b"Content-Length: 6\r\n\r\n{oops}");
    let error = server.wait_for("a parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(error["id"], Value::Null, "{error}");
    server.send(&json!([1]));
    let error = server.wait_for("an invalid request", |m| m["error"]["code"] == -32600);
    assert_eq!(error["id"], Value::Null, "{error}");

    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x/Dockerfile"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover["error"]["code"], -32002, "{hover}");
    let shutdown = server.request("shutdown", Value::Null);
    assert_eq!(shutdown["error"]["code"], -32002, "{shutdown}");
    // A notification before initialize is dropped: this document is never analysed.
    server.open("file:///early/Dockerfile", 1, "FROM alpine\n");

    server.initialize(json!({}));
    let again = server.request("initialize", json!({"capabilities": {}}));
    assert_eq!(again["error"]["code"], -32600, "{again}");
    still_serving(&mut server, 1);
    let early: Vec<Value> = server
        .received_within(std::time::Duration::from_millis(200))
        .into_iter()
        .filter(|m| m["params"]["uri"] == "file:///early/Dockerfile")
        .collect();
    assert_eq!(early, Vec::<Value>::new());
    assert_clean_exit(&mut server);
}

#[test]
fn unknown_methods_get_method_not_found_and_unknown_notifications_nothing() {
    let (mut server, _) = Server::initialized(json!({}));
    for method in ["$/unheardOf", "custom/thing", "textDocument/teleport"] {
        let answer = server.request(method, json!({}));
        assert_eq!(answer["error"]["code"], -32601, "{method}: {answer}");
    }
    // Notifications, known (`$/setTrace`, a cancel for nothing) or not, are never answered.
    server.notify("$/unheardOf", json!({}));
    server.notify("custom/thing", json!({"a": 1}));
    server.notify("$/cancelRequest", json!({"id": 999}));
    server.notify("$/setTrace", json!({"value": "off"}));
    still_serving(&mut server, 2);
    let unasked: Vec<Value> = server
        .received_within(std::time::Duration::from_millis(200))
        .into_iter()
        .filter(|m| m.get("id").is_some() && m.get("method").is_none())
        .collect();
    assert_eq!(unasked, Vec::<Value>::new(), "responses nobody asked for");
    assert_clean_exit(&mut server);
}

#[test]
fn wrong_lengths_and_headers_lose_only_the_broken_message() {
    let (mut server, _) = Server::initialized(json!({}));
    // Too short: the rest of the body runs into the next header line.
    let broken = request_text(100, "shutdown");
    let mut bytes = format!("Content-Length: {}\r\n\r\n{broken}", broken.len() - 10).into_bytes();
    bytes.extend(frame(&request_text(101, "custom/next")));
    server.send_raw(&bytes);
    let next = server.response(&json!(101));
    assert_eq!(next["error"]["code"], -32601, "{next}");
    let error = server.wait_for("a parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(error["id"], Value::Null);

    // Too long: the body swallows the start of the next message, which is lost; the one after
    // it is answered.
    let mut bytes = format!("Content-Length: {}\r\n\r\n{broken}", broken.len() + 20).into_bytes();
    bytes.extend(frame(&request_text(102, "custom/swallowed")));
    bytes.extend(frame(&request_text(103, "custom/after")));
    server.send_raw(&bytes);
    let after = server.response(&json!(103));
    assert_eq!(after["error"]["code"], -32601, "{after}");

    // Headers without a length, and a length that is not a number or is absurd.
    for headers in [
        "Content-Type: application/vscode-jsonrpc\r\n\r\n",
        "Content-Length: -4\r\n\r\n",
        "Content-Length: 99999999999999999999\r\n\r\n",
    ] {
        server.send_raw(headers.as_bytes());
        let error = server.wait_for("a parse error", |m| m["error"]["code"] == -32700);
        assert_eq!(error["id"], Value::Null, "{headers:?}: {error}");
    }
    // A body that is not UTF-8, and one with a lone surrogate escape.
    server.send_raw(b"Content-Length: 10\r\n\r\n{\"a\":\"\xff\xfe\"}");
    server.wait_for("a parse error", |m| m["error"]["code"] == -32700);
    let lone = r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///s","languageId":"dockerfile","version":1,"text":"\ud800"}}}"#;
    server.send_raw(&frame(lone));
    server.wait_for("a parse error", |m| m["error"]["code"] == -32700);
    still_serving(&mut server, 3);
    assert_clean_exit(&mut server);
}

#[test]
fn a_frame_cut_short_by_the_end_of_input_ends_the_server_cleanly() {
    let (mut server, _) = Server::initialized(json!({}));
    still_serving(&mut server, 4);
    server.send_raw(b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,");
    server.close_stdin();
    // No shutdown was asked for: status 1, as LSP specifies, and no panic.
    assert_eq!(server.wait_exit().code(), Some(1));
    assert!(!server.stderr().contains("panicked"), "{}", server.stderr());

    let (mut server, _) = Server::initialized(json!({}));
    server.send_raw(b"Content-Len");
    server.close_stdin();
    assert_eq!(server.wait_exit().code(), Some(1));
    assert_eq!(server.violations(), Vec::<String>::new());
}

/// Every request that takes a document, with the parameters it needs.
fn document_requests(uri: &str) -> Vec<(&'static str, Value)> {
    let doc = json!({"uri": uri});
    let at = json!({"line": 0, "character": 2});
    let whole = range((0, 0), (0, 4));
    vec![
        ("textDocument/hover", json!({"textDocument": doc, "position": at})),
        (
            "textDocument/completion",
            json!({"textDocument": doc, "position": at, "context": {"triggerKind": 1}}),
        ),
        (
            "textDocument/signatureHelp",
            json!({"textDocument": doc, "position": at}),
        ),
        ("textDocument/definition", json!({"textDocument": doc, "position": at})),
        (
            "textDocument/references",
            json!({"textDocument": doc, "position": at, "context": {"includeDeclaration": true}}),
        ),
        (
            "textDocument/documentHighlight",
            json!({"textDocument": doc, "position": at}),
        ),
        (
            "textDocument/prepareRename",
            json!({"textDocument": doc, "position": at}),
        ),
        (
            "textDocument/rename",
            json!({"textDocument": doc, "position": at, "newName": "x"}),
        ),
        ("textDocument/documentSymbol", json!({"textDocument": doc})),
        ("textDocument/foldingRange", json!({"textDocument": doc})),
        (
            "textDocument/selectionRange",
            json!({"textDocument": doc, "positions": [at]}),
        ),
        ("textDocument/semanticTokens/full", json!({"textDocument": doc})),
        (
            "textDocument/semanticTokens/range",
            json!({"textDocument": doc, "range": whole}),
        ),
        ("textDocument/documentLink", json!({"textDocument": doc})),
        ("textDocument/inlayHint", json!({"textDocument": doc, "range": whole})),
        ("textDocument/codeLens", json!({"textDocument": doc})),
        (
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": whole, "context": {"diagnostics": []}}),
        ),
        (
            "textDocument/formatting",
            json!({"textDocument": doc, "options": {"tabSize": 4, "insertSpaces": true}}),
        ),
        (
            "textDocument/rangeFormatting",
            json!({"textDocument": doc, "range": whole, "options": {"tabSize": 4, "insertSpaces": true}}),
        ),
        (
            "textDocument/onTypeFormatting",
            json!({"textDocument": doc, "position": at, "ch": "\n", "options": {"tabSize": 4, "insertSpaces": true}}),
        ),
    ]
}

#[test]
fn requests_for_documents_never_opened_or_already_closed_answer_null() {
    let (mut server, _) = Server::initialized(json!({}));
    let closed = "file:///closed/Dockerfile";
    server.open(closed, 1, "FROM alpine:3.23\n");
    server.published(closed, 1);
    server.notify("textDocument/didClose", json!({"textDocument": {"uri": closed}}));
    // A second close and a change after the close are ignored.
    server.notify("textDocument/didClose", json!({"textDocument": {"uri": closed}}));
    server.change(closed, 2, json!([{"text": "FROM b\n"}]));
    for uri in [
        "file:///never/Dockerfile",
        closed,
        "untitled:Untitled-1",
        "not a uri at all",
    ] {
        for (method, params) in document_requests(uri) {
            let answer = server.request(method, params);
            // Nothing to say about a document we do not have: no result, and no error that an
            // editor would show to the user.
            assert_eq!(answer["result"], Value::Null, "{method} on {uri}: {answer}");
            if let Some(error) = answer.get("error") {
                assert_eq!(error["code"], -32602, "{method} on {uri}: {answer}");
            }
        }
    }
    still_serving(&mut server, 5);
    assert_clean_exit(&mut server);
}

#[test]
fn positions_past_the_end_or_inside_a_surrogate_pair_and_reversed_or_wild_edits() {
    let (mut server, _) = Server::initialized(json!({"general": {"positionEncodings": ["utf-16"]}}));
    let uri = "file:///wild/Dockerfile";
    let text = "FROM alpine:3.23\nRUN echo 😀 done\n";
    server.open(uri, 1, text);
    server.published(uri, 1);
    // Column 10 of line 1 is between the two halves of 😀; line 99 does not exist.
    for (line, character) in [(1, 10), (99, 0), (0, 9999), (u32::MAX, u32::MAX)] {
        for (method, mut params) in document_requests(uri) {
            if params.get("position").is_some() {
                params["position"] = json!({"line": line, "character": character});
            }
            let answer = server.request(method, params);
            assert!(
                answer.get("error").is_none(),
                "{method} at {line}:{character}: {answer}"
            );
        }
    }

    // Edits: one starting inside the surrogate pair (rounded down to its start), one past the
    // end (clamped to the end), one with its ends reversed (an insertion at the start).
    let edits = [
        json!([{"range": range((1, 10), (1, 10)), "text": "x"}]),
        json!([{"range": range((40, 0), (50, 7)), "text": "USER nobody\n"}]),
        json!([{"range": range((1, 4), (0, 2)), "text": "Q"}]),
    ];
    for (i, changes) in edits.into_iter().enumerate() {
        let version = 2 + i as i64;
        server.change(uri, version, changes);
        server.published(uri, version);
    }
    // The server's copy is still consistent: replace it and see exactly the new text's findings.
    server.change(uri, 10, json!([{"text": "FROM alpine\n"}]));
    let diagnostics = server.published(uri, 10);
    let codes: Vec<&str> = diagnostics.iter().map(common::code).collect();
    assert_eq!(codes, ["untagged-image"], "{diagnostics:?}");
    assert_clean_exit(&mut server);
}

#[test]
fn stale_and_repeated_versions_still_apply_in_arrival_order() {
    let (mut server, _) = Server::initialized(json!({}));
    let uri = "file:///stale/Dockerfile";
    let mut mirror = Mirror::new("FROM alpine:3.23\n", Enc::Utf16);
    server.open(uri, 5, &mirror.text);
    server.published(uri, 5);
    // Versions going backwards, then repeating: the client numbered them badly, but the edits
    // are what keeps the text in step, so they apply in the order they arrive.
    let change = mirror.replace("alpine:3.23", "alpine");
    server.change(uri, 3, json!([change]));
    let diagnostics = server.published(uri, 3);
    assert_eq!(
        common::with_code(&diagnostics, "untagged-image").len(),
        1,
        "{diagnostics:?}"
    );
    let change = mirror.replace("alpine", "alpine:3.22");
    server.change(uri, 3, json!([change]));
    server.wait_for("diagnostics without the untagged image", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["diagnostics"].as_array().is_some_and(|d| d.is_empty())
    });
    assert_clean_exit(&mut server);
}

#[test]
fn binary_garbage_as_text_is_analysed_without_harm() {
    let (mut server, _) = Server::initialized(json!({}));
    // Every kind of character JSON can carry: controls, NUL, lone CRs, BOMs, noncharacters,
    // astral planes, drawn from a fixed linear congruential sequence.
    let mut seed: u32 = 0x2545_f491;
    let mut text = String::new();
    while text.len() < 200_000 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let pick = seed >> 8;
        let c = match pick % 4 {
            0 => char::from_u32(pick % 0x80),
            1 => char::from_u32(0x80 + pick % 0xd780),
            2 => char::from_u32(0xe000 + pick % 0x10_2000),
            _ => Some(['\r', '\n', '\u{feff}', '\u{fffe}', '\\', '`', '$', '\0'][(pick % 8) as usize]),
        };
        text.extend(c);
    }
    let uri = "file:///garbage/Dockerfile";
    server.open(uri, 1, &text);
    server.published(uri, 1);
    for (method, params) in document_requests(uri) {
        let answer = server.request(method, params);
        assert!(answer.get("error").is_none(), "{method}: {answer}");
    }
    still_serving(&mut server, 6);
    assert_clean_exit(&mut server);
}

/// Bound for the analysis of a document of megabytes: seconds in a debug build, more on a busy
/// machine running other tests.
const SLOW: Duration = Duration::from_secs(180);

/// A document of about `bytes` bytes: comments and instructions, with a RUN now and then. (Few
/// ENV, ARG or COPY: looking up the variables in scope at each instruction still costs time
/// quadratic in their number.)
fn big_dockerfile(bytes: usize) -> String {
    let block = "# build the thing, step by step\n\
                 LABEL org.opencontainers.image.title=\"thing\" org.opencontainers.image.version=\"1.0\"\n\
                 EXPOSE 8080/tcp 8443/tcp\nWORKDIR /app\n";
    let mut text = String::from("FROM debian:12 AS base\n");
    let mut n = 0;
    while text.len() < bytes {
        text.push_str(block);
        if n % 64 == 0 {
            text.push_str("RUN apt-get update && apt-get install -y --no-install-recommends curl\n");
        }
        n += 1;
    }
    text
}

#[test]
fn a_ten_megabyte_document_is_served_and_does_not_block_the_others() {
    let (mut server, _) = Server::initialized(json!({}));
    let big = "file:///big/Dockerfile";
    let text = big_dockerfile(10 << 20);
    server.open(big, 1, &text);
    // While it is analysed, a small document is served.
    still_serving_within(&mut server, 7, SLOW);
    let diagnostics = server.published_within(SLOW, big, 1);
    assert!(!diagnostics.is_empty());
    let lines = text.lines().count();
    server.send(&json!({"jsonrpc": "2.0", "id": 7000, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": big}, "position": {"line": lines - 2, "character": 2}}}));
    let hover = server.wait_for_within(SLOW, "a hover", |m| m["id"] == 7000);
    assert!(hover["result"]["contents"].is_object(), "{hover}");
    // An edit at the very end is seen.
    server.change(
        big,
        2,
        json!([{"range": range((lines, 0), (lines, 0)), "text": "FROM alpine\n"}]),
    );
    let diagnostics = server.published_within(SLOW, big, 2);
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "untagged-image" && d["range"]["start"]["line"] == lines),
        "the untagged image on the last line"
    );
    assert_clean_exit(&mut server);
}

#[test]
fn a_flood_of_ten_thousand_changes_ends_on_the_last_version_and_stays_responsive() {
    let (mut server, _) = Server::initialized(json!({}));
    let uri = "file:///flood/Dockerfile";
    let mut mirror = Mirror::new("FROM alpine:3.23\nRUN echo start\n", Enc::Utf16);
    server.open(uri, 1, &mirror.text);
    server.published(uri, 1);
    let mut bytes = Vec::new();
    let last = 10_001;
    for version in 2..=last {
        // Grow a RUN line by one character each time, and every 1,000th edit swap the tag.
        let change = if version % 1000 == 0 {
            if mirror.text.contains("alpine:3.23") {
                mirror.replace("alpine:3.23", "alpine")
            } else {
                mirror.replace("FROM alpine\n", "FROM alpine:3.23\n")
            }
        } else {
            mirror.insert_after("echo start", "x")
        };
        let message = json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}});
        bytes.extend(frame(&message.to_string()));
    }
    server.send_raw(&bytes);
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}),
    );
    assert!(hover["result"]["contents"].is_object(), "{hover}");
    let diagnostics = server.published(uri, last);
    // Ten swaps: the tag is back, so no untagged image; and the text is the mirror's.
    assert!(mirror.text.contains("alpine:3.23"));
    assert_eq!(
        common::with_code(&diagnostics, "untagged-image").len(),
        0,
        "{diagnostics:?}"
    );
    let tokens = server.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(tokens["result"]["data"].is_array(), "{tokens}");
    // Diagnostics came in version order, and none for a version after the last.
    let versions: Vec<i64> = server
        .received_within(std::time::Duration::from_millis(200))
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    assert!(versions.iter().all(|&v| v < last), "{versions:?}");
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert_clean_exit(&mut server);
}

#[test]
fn cancelled_requests_in_flight_get_request_cancelled_and_the_rest_their_answers() {
    let (mut server, _) = Server::initialized(json!({}));
    let uri = "file:///cancel/Dockerfile";
    // A document whose first analysis takes a while, so that the requests are still in flight
    // when their cancellations arrive right behind them.
    server.open(uri, 1, &big_dockerfile(2 << 20));
    let mut bytes = Vec::new();
    let ids: Vec<i64> = (1000..1008).collect();
    for &id in &ids {
        let request = json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}});
        bytes.extend(frame(&request.to_string()));
        if id % 2 == 0 {
            let cancel = json!({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": id}});
            bytes.extend(frame(&cancel.to_string()));
        }
    }
    server.send_raw(&bytes);
    let mut cancelled = 0;
    for &id in &ids {
        // Every request gets exactly one response, cancelled or not.
        let answer = server.wait_for_within(SLOW, "a response", |m| m["id"] == id && m.get("method").is_none());
        if id % 2 == 0 && answer["error"]["code"] == -32800 {
            cancelled += 1;
        } else {
            assert!(answer["result"]["contents"].is_object(), "{id}: {answer}");
        }
    }
    // All of them wait for the same first analysis, long in a debug build; a cancellation that
    // arrives after its request was answered is allowed, so this is reported rather than
    // demanded unless none at all was cancelled.
    assert!(cancelled > 0, "no request was cancelled in flight");
    eprintln!("{cancelled} of 4 cancellations arrived in flight");
    still_serving(&mut server, 8);
    assert_clean_exit(&mut server);
}

#[test]
fn exit_does_not_wait_for_an_analysis_in_flight() {
    let (mut server, _) = Server::initialized(json!({}));
    server.open("file:///slow/Dockerfile", 1, &big_dockerfile(8 << 20));
    // Once a small document is served, the reader has taken in the big one's message.
    still_serving_within(&mut server, 8, SLOW);
    // Shutdown and exit while the document is analysed: the process ends at once (the harness
    // allows it its usual generous bound), with status 0.
    assert_clean_exit(&mut server);
}
