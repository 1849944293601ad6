//! The server's life as a client sees it: `initialize` (what is advertised), `shutdown` and
//! `exit` with their exit statuses, the `--stdio` flag, and stdout carrying nothing but frames.

mod common;

use common::Server;
use serde_json::{Value, json};

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn initialize_shutdown_exit_ends_with_status_zero() {
    let (mut server, result) = Server::initialized(json!({}));
    let caps = &result["capabilities"];
    // Only what is implemented: text sync and (for this push client) nothing else.
    assert_eq!(keys(caps), ["positionEncoding", "textDocumentSync"], "{caps}");
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(result["serverInfo"]["name"], "dockerfile-lsp");
    assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));

    // stdin stays open: the server must leave on `exit` alone.
    let status = server.shutdown_and_exit();
    assert_eq!(status.code(), Some(0), "stderr:\n{}", server.stderr());
    assert_eq!(server.violations(), Vec::<String>::new());
}

#[test]
fn the_stdio_flag_that_vscode_appends_is_accepted() {
    let mut server = Server::spawn(&["serve", "--stdio"]);
    let result = server.initialize(json!({}));
    assert!(result["capabilities"].is_object());
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn exit_without_shutdown_ends_with_status_one() {
    let (mut server, _) = Server::initialized(json!({}));
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit().code(), Some(1));
}

#[test]
fn closing_stdin_ends_the_server() {
    let (mut server, _) = Server::initialized(json!({}));
    server.close_stdin();
    assert_eq!(server.wait_exit().code(), Some(1));
}

#[test]
fn requests_before_initialize_are_refused_then_initialize_works() {
    let mut server = Server::spawn(&["serve"]);
    let early = server.request("textDocument/diagnostic", json!({"textDocument": {"uri": "file:///x"}}));
    assert_eq!(early["error"]["code"], -32002, "server not initialized: {early}");
    let result = server.initialize(json!({}));
    assert!(result["capabilities"].is_object());
    let again = server.request("initialize", json!({"capabilities": {}}));
    assert!(again["error"].is_object(), "a second initialize is an error: {again}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn logs_go_to_stderr_and_stdout_carries_only_lsp_frames() {
    let (mut server, _) = Server::initialized(json!({}));
    let uri = "file:///logs/Dockerfile";
    server.open(uri, 1, "FROM alpine:3.20\nRUN echo 日本語 😀\n");
    server.published(uri, 1);
    server.change(
        uri,
        2,
        json!([{"range": {"start": {"line": 1, "character": 4}, "end": {"line": 1, "character": 8}},
                 "text": "printf"}]),
    );
    server.published(uri, 2);
    // A malformed message makes the server log a warning: it must go to stderr too.
    server.send_raw(b"Content-Length: 5\r\n\r\n{oops");
    server.wait_for("the parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));

    assert_eq!(server.violations(), Vec::<String>::new());
    let stderr = server.stderr();
    assert!(stderr.contains("serving on stdio"), "stderr:\n{stderr}");
    assert!(stderr.contains("WARN"), "the malformed message is logged:\n{stderr}");
    assert!(!stderr.contains("Content-Length"), "no frames on stderr:\n{stderr}");
}
