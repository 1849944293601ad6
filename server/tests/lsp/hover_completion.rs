//! Hover, completion (with resolve) and signature help through the real server, in English and
//! in Simplified Chinese: the language comes from `initialize`'s `locale`, and our own
//! `initializationOptions.locale` setting wins over it. Positions are UTF-16 on lines with CJK
//! text and emoji, so a wrong conversion shows.

use crate::common;

use common::{Enc, Server, position, slice};
use serde_json::{Value, json};

const URI: &str = "file:///project/Dockerfile";

const TEXT: &str = "FROM golang:1.22 AS builder\nLABEL desc=\"中文 😀\"\nRUN --mount=type=cache,target=/root/.cache go build\nFROM alpine\nCOPY --from=builder /app /app\nRUN --netwrk=none true\n";

/// Starts the server with these `initialize` parameters merged over a minimal request.
fn start(extra: Value, snippets: bool) -> Server {
    let mut server = Server::spawn(&["serve"]);
    let mut params = json!({
        "processId": null,
        "rootUri": null,
        "capabilities": {
            "textDocument": {"completion": {"completionItem": {"snippetSupport": snippets}}}
        },
        "clientInfo": {"name": "e2e-tests"}
    });
    if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            p.insert(k.clone(), v.clone());
        }
    }
    let response = server.request("initialize", params);
    let caps = &response["result"]["capabilities"];
    assert_eq!(caps["hoverProvider"], true, "{response}");
    assert_eq!(caps["completionProvider"]["resolveProvider"], true, "{response}");
    assert!(caps["signatureHelpProvider"].is_object(), "{response}");
    server.notify("initialized", json!({}));
    server.open(URI, 1, TEXT);
    server
}

/// The position (UTF-16) of the `nth` byte after the first occurrence of `find`.
fn at(find: &str, nth: usize) -> Value {
    let start = TEXT.find(find).expect("text contains the anchor") + nth;
    let (line, character) = position(TEXT, start, Enc::Utf16);
    json!({"line": line, "character": character})
}

fn end_of_text() -> Value {
    let (line, character) = position(TEXT, TEXT.len(), Enc::Utf16);
    json!({"line": line, "character": character})
}

fn request_at(server: &mut Server, method: &str, pos: Value) -> Value {
    let response = server.request(method, json!({"textDocument": {"uri": URI}, "position": pos}));
    assert!(response.get("error").is_none(), "{response}");
    response["result"].clone()
}

fn hover_text(result: &Value) -> String {
    assert_eq!(result["contents"]["kind"], "markdown", "{result}");
    result["contents"]["value"].as_str().unwrap_or_default().to_owned()
}

#[test]
fn hover_in_english_by_default() {
    let mut server = start(json!({}), true);
    let result = request_at(&mut server, "textDocument/hover", at("RUN --mount", 1));
    assert_eq!(slice(TEXT, &result["range"], Enc::Utf16), "RUN");
    assert!(
        hover_text(&result).contains("Runs commands on top of the current image"),
        "{result}"
    );

    // After the CJK and emoji line: the range must still land on the stage name.
    let result = request_at(&mut server, "textDocument/hover", at("--from=builder", 9));
    assert_eq!(slice(TEXT, &result["range"], Enc::Utf16), "builder");
    let text = hover_text(&result);
    assert!(
        text.contains("**Stage `builder`**") && text.contains("Base image: `golang:1.22`"),
        "{text}"
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn hover_in_chinese_from_the_client_locale() {
    let mut server = start(json!({"locale": "zh-CN"}), true);
    let result = request_at(&mut server, "textDocument/hover", at("golang:1.22", 2));
    assert_eq!(slice(TEXT, &result["range"], Enc::Utf16), "golang:1.22");
    let text = hover_text(&result);
    assert!(text.contains("**镜像 `golang:1.22`**"), "{text}");
    assert!(text.contains("`docker.io/library/golang:1.22`"), "{text}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn initialization_option_wins_over_the_client_locale() {
    let mut server = start(
        json!({"locale": "en-US", "initializationOptions": {"locale": "zh-Hans"}}),
        true,
    );
    let result = request_at(&mut server, "textDocument/hover", at("FROM alpine", 1));
    assert!(
        hover_text(&result).contains("以一个基础镜像为起点，开始一个新的构建阶段。"),
        "{result}"
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn hover_on_a_diagnostic_shows_the_rule_docs_first() {
    let mut server = start(json!({}), true);
    server.published(URI, 1);
    let result = request_at(&mut server, "textDocument/hover", at("--netwrk", 3));
    let text = hover_text(&result);
    assert!(text.starts_with("**Rule `unknown-flag`**"), "{text}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

fn completion_items(server: &mut Server, pos: Value) -> Vec<Value> {
    let result = request_at(server, "textDocument/completion", pos);
    assert_eq!(result["isIncomplete"], false, "{result}");
    result["items"].as_array().cloned().unwrap_or_default()
}

fn find<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["label"] == label)
        .unwrap_or_else(|| panic!("no {label} in {items:#?}"))
}

#[test]
fn completion_and_resolve_in_english() {
    let mut server = start(json!({}), true);
    // Cursor right after `--` of `--mount`: flags of RUN replacing the word.
    let items = completion_items(&mut server, at("--mount", 2));
    let mount = find(&items, "--mount");
    // Only the name is replaced, and the value already written is kept.
    assert_eq!(slice(TEXT, &mount["textEdit"]["range"], Enc::Utf16), "--mount");
    assert_eq!(mount["textEdit"]["newText"], "--mount");
    assert_eq!(mount["data"]["locale"], "en");
    let resolved = server.request("completionItem/resolve", mount.clone());
    let docs = resolved["result"]["documentation"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(docs.contains("Mounts a file system into this `RUN` only"), "{resolved}");

    // A keyword on the empty last line, as a snippet.
    let items = completion_items(&mut server, end_of_text());
    let run = find(&items, "RUN");
    assert_eq!(run["textEdit"]["newText"], "RUN ${1:command}");
    assert_eq!(run["insertTextFormat"], 2, "a snippet: {run}");

    // Stages after `--from=`.
    let items = completion_items(&mut server, at("--from=builder", 7));
    let stage = find(&items, "builder");
    assert!(
        stage["detail"].as_str().is_some_and(|d| d.starts_with("stage, line 1")),
        "{stage}"
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn completion_and_resolve_in_chinese_without_snippets() {
    let mut server = start(json!({"locale": "zh-TW"}), false);
    let items = completion_items(&mut server, at("--netwrk", 2));
    let network = find(&items, "--network");
    assert_eq!(
        network["textEdit"]["newText"], "--network",
        "the value is already written"
    );
    assert_eq!(network["detail"], "选择这个 `RUN` 使用的网络。");
    let resolved = server.request("completionItem/resolve", network.clone());
    let docs = resolved["result"]["documentation"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(docs.contains("`none`：没有网络"), "{resolved}");
    // The client cannot expand snippets: placeholders become their defaults.
    let items = completion_items(&mut server, end_of_text());
    let run = find(&items, "RUN");
    assert_eq!(run["textEdit"]["newText"], "RUN command");
    assert_eq!(run["insertTextFormat"], 1, "plain text: {run}");
    assert_eq!(run["detail"], "在当前镜像之上执行命令，并把结果提交为新的一层。");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn signature_help_with_the_active_parameter() {
    let mut server = start(json!({}), true);
    let pos = at("/app /app", 5);
    let result = request_at(&mut server, "textDocument/signatureHelp", pos);
    let active = result["activeSignature"].as_u64().unwrap_or(99) as usize;
    let signature = &result["signatures"][active];
    assert_eq!(signature["label"], "COPY [OPTIONS] <src> ... <dest>", "{result}");
    let param = result["activeParameter"].as_u64().unwrap_or(99) as usize;
    let offsets = &signature["parameters"][param]["label"];
    let label = signature["label"].as_str().unwrap_or_default();
    let (start, end) = (
        offsets[0].as_u64().unwrap_or(0) as usize,
        offsets[1].as_u64().unwrap_or(0) as usize,
    );
    assert_eq!(&label[start..end], "<dest>", "{result}");
    // Nothing while the keyword itself is under the cursor.
    let nothing = request_at(
        &mut server,
        "textDocument/signatureHelp",
        json!({"line": 0, "character": 2}),
    );
    assert!(nothing.is_null(), "{nothing}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn chown_completion_offers_a_user_a_run_creates() {
    let mut server = start(json!({}), true);
    let text = "FROM alpine\nRUN adduser -D -u 1000 app\nCOPY --chown= . /app\n";
    server.change(URI, 2, json!([{"text": text}]));
    let offset = text.find("--chown=").expect("anchor") + "--chown=".len();
    let (line, character) = position(text, offset, Enc::Utf16);
    let items = completion_items(&mut server, json!({"line": line, "character": character}));
    let user = find(&items, "app:app");
    assert_eq!(user["textEdit"]["newText"], "app:app", "{user}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}
