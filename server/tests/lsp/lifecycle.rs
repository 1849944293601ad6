//! The server's life as a client sees it: `initialize` (what is advertised), `shutdown` and
//! `exit` with their exit statuses, the `--stdio` flag, and stdout carrying nothing but frames.

use crate::common;

use common::Server;
use serde_json::{Value, json};

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// The request that proves an advertised provider is implemented, by capability name.
fn probe(capability: &str, uri: &str) -> Option<(&'static str, Value)> {
    let doc = json!({"uri": uri});
    let at = json!({"textDocument": doc, "position": {"line": 0, "character": 5}});
    Some(match capability {
        "hoverProvider" => ("textDocument/hover", at),
        "completionProvider" => ("textDocument/completion", at),
        "signatureHelpProvider" => ("textDocument/signatureHelp", at),
        "diagnosticProvider" => ("textDocument/diagnostic", json!({"textDocument": doc})),
        "definitionProvider" => ("textDocument/definition", at),
        "referencesProvider" => (
            "textDocument/references",
            json!({"textDocument": doc, "position": {"line": 0, "character": 5}, "context": {"includeDeclaration": true}}),
        ),
        "documentHighlightProvider" => ("textDocument/documentHighlight", at),
        "documentSymbolProvider" => ("textDocument/documentSymbol", json!({"textDocument": doc})),
        "foldingRangeProvider" => ("textDocument/foldingRange", json!({"textDocument": doc})),
        "selectionRangeProvider" => (
            "textDocument/selectionRange",
            json!({"textDocument": doc, "positions": [{"line": 0, "character": 5}]}),
        ),
        "documentFormattingProvider" => (
            "textDocument/formatting",
            json!({"textDocument": doc, "options": {"tabSize": 4, "insertSpaces": true}}),
        ),
        "documentRangeFormattingProvider" => (
            "textDocument/rangeFormatting",
            json!({"textDocument": doc, "options": {"tabSize": 4, "insertSpaces": true},
                   "range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}}),
        ),
        "documentOnTypeFormattingProvider" => (
            "textDocument/onTypeFormatting",
            json!({"textDocument": doc, "position": {"line": 1, "character": 0}, "ch": "\n",
                   "options": {"tabSize": 4, "insertSpaces": true}}),
        ),
        "renameProvider" => (
            "textDocument/rename",
            json!({"textDocument": doc, "position": {"line": 0, "character": 5}, "newName": "x"}),
        ),
        "codeActionProvider" => (
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 4}},
                   "context": {"diagnostics": []}}),
        ),
        "semanticTokensProvider" => ("textDocument/semanticTokens/full", json!({"textDocument": doc})),
        "inlayHintProvider" => (
            "textDocument/inlayHint",
            json!({"textDocument": doc, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}}),
        ),
        "documentLinkProvider" => ("textDocument/documentLink", json!({"textDocument": doc})),
        "codeLensProvider" => ("textDocument/codeLens", json!({"textDocument": doc})),
        "executeCommandProvider" => (
            "workspace/executeCommand",
            json!({"command": "dockerfile-lsp.graph", "arguments": [uri]}),
        ),
        _ => return None,
    })
}

#[test]
fn initialize_advertises_only_what_answers_and_shutdown_exit_ends_with_status_zero() {
    // A client that declares everything, so that every optional provider is advertised.
    let (mut server, result) = Server::initialized(json!({
        "textDocument": {"diagnostic": {}, "completion": {"completionItem": {"snippetSupport": true}}}
    }));
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(result["serverInfo"]["name"], "dockerfile-lsp");
    assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));

    // Every advertised provider must answer its method: advertising one that is not implemented
    // makes VS Code pop an error each time it is used.
    let uri = "file:///caps/Dockerfile";
    server.open(uri, 1, "FROM alpine:3.20\nRUN echo hi\n");
    for capability in keys(caps) {
        if matches!(capability, "positionEncoding" | "textDocumentSync") {
            continue;
        }
        let (method, params) =
            probe(capability, uri).unwrap_or_else(|| panic!("no probe for the advertised `{capability}`: add one"));
        let answer = server.request(method, params);
        assert!(
            answer.get("result").is_some(),
            "`{capability}` advertised but `{method}` fails: {answer}"
        );
    }

    // stdin stays open: the server must leave on `exit` alone.
    let status = server.shutdown_and_exit();
    assert_eq!(status.code(), Some(0), "stderr:\n{}", server.stderr());
    assert_eq!(server.violations(), Vec::<String>::new());
}

#[test]
fn push_clients_are_not_offered_pull_diagnostics() {
    let (mut server, result) = Server::initialized(json!({}));
    assert!(result["capabilities"].get("diagnosticProvider").is_none(), "{result}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
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
