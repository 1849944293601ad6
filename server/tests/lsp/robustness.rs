//! Bad input does not end the session: malformed frames and bodies, messages that are not
//! JSON-RPC, unknown methods, bad parameters and changes to unknown documents each get the answer
//! JSON-RPC prescribes (or none, for notifications), and the server keeps serving.

use crate::common;

use common::Server;
use serde_json::{Value, json};

/// Proves the server still works: a document opened now gets its diagnostics.
fn still_serving(server: &mut Server, n: i64) {
    let uri = format!("file:///alive/{n}/Dockerfile");
    server.open(&uri, 1, "FROM alpine:3.20\n");
    server.published(&uri, 1);
}

#[test]
fn invalid_json_is_answered_with_a_parse_error_and_the_server_keeps_serving() {
    let (mut server, _) = Server::initialized(json!({}));
    server.send_raw(b"Content-Length: 13\r\n\r\n{\"jsonrpc\": 2");
    let error = server.wait_for("a parse error", |m| m.get("error").is_some());
    assert_eq!(error["id"], Value::Null, "{error}");
    assert_eq!(error["error"]["code"], -32700, "{error}");
    still_serving(&mut server, 1);

    // Valid JSON that is no JSON-RPC 2.0 message: an invalid request, answered with its id.
    server.send(&json!({"jsonrpc": "1.0", "id": 41, "method": "shutdown"}));
    let error = server.response(&json!(41));
    assert_eq!(error["error"]["code"], -32600, "{error}");
    server.send(&json!([1, 2, 3]));
    let error = server.wait_for("an invalid request", |m| m["error"]["code"] == -32600);
    assert_eq!(error["id"], Value::Null);
    still_serving(&mut server, 2);

    assert_eq!(server.shutdown_and_exit().code(), Some(0));
    assert_eq!(server.violations(), Vec::<String>::new());
}

#[test]
fn garbage_between_frames_is_reported_and_skipped() {
    let (mut server, _) = Server::initialized(json!({}));
    server.send_raw(b"this is not a header\r\n");
    let error = server.wait_for("a parse error", |m| m.get("error").is_some());
    assert_eq!(error["error"]["code"], -32700, "{error}");
    server.send_raw(b"Content-Length: twelve\r\n\r\n");
    let error = server.wait_for("a parse error", |m| m.get("error").is_some());
    assert_eq!(error["error"]["code"], -32700, "{error}");
    still_serving(&mut server, 3);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn unknown_methods_and_bad_params() {
    let (mut server, _) = Server::initialized(json!({}));
    let unknown = server.request("textDocument/teleport", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    // Unknown notifications are ignored, as LSP asks.
    server.notify("$/somethingNew", json!({"x": 1}));
    server.notify("workspace/unheardOf", json!({}));
    // Known notifications with bad parameters cannot be answered; they must not hurt either.
    server.notify("textDocument/didOpen", json!({"textDocument": 3}));
    server.notify("textDocument/didChange", json!({}));
    // A change to a document that was never opened is ignored.
    server.change(
        "file:///never/opened",
        2,
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}]),
    );
    still_serving(&mut server, 4);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
    assert_eq!(server.violations(), Vec::<String>::new());
}

#[test]
fn a_request_with_bad_params_gets_invalid_params() {
    let (mut server, _) = Server::initialized(json!({"textDocument": {"diagnostic": {}}}));
    let bad = server.request("textDocument/diagnostic", json!({"textDocument": {"uri": 17}}));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn positions_past_the_end_are_clamped_not_fatal() {
    let (mut server, _) = Server::initialized(json!({}));
    let uri = "file:///clamp/Dockerfile";
    server.open(uri, 1, "FROM alpine:3.20\n");
    server.published(uri, 1);
    server.change(
        uri,
        2,
        json!([{"range": {"start": {"line": 0, "character": 900}, "end": {"line": 40, "character": 3}},
                 "text": " AS base"}]),
    );
    server.published(uri, 2);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}
