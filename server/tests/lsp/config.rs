//! Configuration through the real server: `dockerfile-lsp.toml` and `.hadolint.yaml` found per
//! document by walking up from its folder, the client's settings from `initializationOptions`,
//! `workspace/didChangeConfiguration` (pushed, or pulled with `workspace/configuration`), a
//! configuration file changing on disk (`workspace/didChangeWatchedFiles`), and a malformed
//! file reported on that file while the server carries on with the defaults.

use crate::common;

use std::path::{Path, PathBuf};

use crate::common::scratch;
use common::{Server, with_code};
use serde_json::{Value, json};

/// A typo (`unknown-instruction`) and an upper-case protocol (`expose-protocol-casing`).
const TEXT: &str = "FROM alpine:3.20\nRUNN echo hi\nEXPOSE 80/TCP\n";

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create parent");
    std::fs::write(&path, text).expect("write file");
    path
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The two rules these tests switch on and off, among the diagnostics (other rules that fire
/// on [`TEXT`] are none of these tests' business).
fn rules(diagnostics: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .filter(|code| ["expose-protocol-casing", "unknown-instruction"].contains(code))
        .map(str::to_owned)
        .collect();
    out.sort();
    out
}

/// Waits for a publication of `uri` at `version` with these rules, skipping earlier ones.
fn eventually(server: &mut Server, uri: &str, version: i64, want: &[&str]) {
    loop {
        if rules(&server.published(uri, version)) == want {
            return;
        }
    }
}

fn start(capabilities: Value, options: Value) -> Server {
    let mut server = Server::spawn(&["serve"]);
    let response = server.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": capabilities,
               "initializationOptions": options, "clientInfo": {"name": "e2e-tests"}}),
    );
    assert!(response.get("result").is_some(), "initialize failed: {response}");
    server.notify("initialized", json!({}));
    server
}

#[test]
fn config_files_apply_per_folder() {
    let root = scratch("folders");
    write(
        &root,
        "with/dockerfile-lsp.toml",
        "ignore = [\"expose-protocol-casing\"]\n",
    );
    write(&root, "yaml/.hadolint.yaml", "ignored:\n  - ExposeProtoCasing\n");
    let nested = write(&root, "with/deeper/Dockerfile", TEXT);
    let from_yaml = write(&root, "yaml/Dockerfile", TEXT);
    let plain = write(&root, "without/Dockerfile", TEXT);
    let mut server = start(json!({}), json!({}));

    server.open(&uri(&nested), 1, TEXT);
    assert_eq!(rules(&server.published(&uri(&nested), 1)), ["unknown-instruction"]);
    server.open(&uri(&from_yaml), 1, TEXT);
    assert_eq!(rules(&server.published(&uri(&from_yaml), 1)), ["unknown-instruction"]);
    server.open(&uri(&plain), 1, TEXT);
    let defaults = server.published(&uri(&plain), 1);
    assert_eq!(rules(&defaults), ["expose-protocol-casing", "unknown-instruction"]);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn client_settings_apply_over_the_files_and_follow_changes() {
    let root = scratch("settings");
    write(&root, "dockerfile-lsp.toml", "ignore = [\"expose-protocol-casing\"]\n");
    let path = write(&root, "Dockerfile", TEXT);
    let doc = uri(&path);
    let untitled = "untitled:Untitled-1";
    let mut server = start(json!({}), json!({"severity": {"unknown-instruction": "warning"}}));

    server.open(&doc, 1, TEXT);
    let first = server.published(&doc, 1);
    assert_eq!(rules(&first), ["unknown-instruction"], "the file's ignore");
    assert_eq!(
        with_code(&first, "unknown-instruction")[0]["severity"],
        2,
        "the option's severity"
    );
    server.open(untitled, 1, TEXT);
    assert_eq!(
        rules(&server.published(untitled, 1)),
        ["expose-protocol-casing", "unknown-instruction"]
    );

    // New settings replace the options: the severity override is gone, an ignore is added,
    // and every open document is published again.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"dockerfileLsp": {"ignore": ["unknown-instruction"], "server": {"path": ""}}}}),
    );
    assert!(rules(&server.published(&doc, 1)).is_empty(), "both ignored now");
    assert_eq!(rules(&server.published(untitled, 1)), ["expose-protocol-casing"]);

    // Settings that are not valid are shown and ignored.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"dockerfile-lsp": {"selct": ["x"]}}}),
    );
    let shown = server.wait_for("a message about the settings", |m| m["method"] == "window/showMessage");
    let text = shown["params"]["message"].as_str().unwrap_or("");
    assert!(text.contains("selct"), "{shown}");

    // The configuration file changes on disk; the client says so.
    write(&root, "dockerfile-lsp.toml", "select = [\"expose-protocol-casing\"]\n");
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&root.join("dockerfile-lsp.toml")), "type": 2}]}),
    );
    assert_eq!(
        rules(&server.published(&doc, 1)),
        ["expose-protocol-casing"],
        "the file's new select"
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn settings_are_pulled_from_clients_that_answer_configuration() {
    let root = scratch("pull");
    let path = write(&root, "Dockerfile", TEXT);
    let doc = uri(&path);
    let mut server = start(json!({"workspace": {"configuration": true}}), json!(null));
    let answer = |server: &mut Server, value: Value| {
        let request = server.wait_for("workspace/configuration", |m| m["method"] == "workspace/configuration");
        let sections: Vec<&str> = request["params"]["items"]
            .as_array()
            .map(|items| items.iter().filter_map(|i| i["section"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(sections, ["dockerfile-lsp", "dockerfileLsp"]);
        server.send(&json!({"jsonrpc": "2.0", "id": request["id"], "result": [null, value]}));
    };
    server.open(&doc, 1, TEXT);
    answer(&mut server, json!({"ignore": ["expose-protocol-casing"]}));
    // Whether the open was handled before the answer or after, the document ends up checked
    // with the pulled settings.
    eventually(&mut server, &doc, 1, &["unknown-instruction"]);

    server.notify("workspace/didChangeConfiguration", json!({"settings": null}));
    answer(&mut server, json!({"ignore": ["unknown-instruction"]}));
    eventually(&mut server, &doc, 1, &["expose-protocol-casing"]);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn a_malformed_config_file_is_reported_on_itself_and_the_defaults_apply() {
    let root = scratch("malformed");
    let config = write(
        &root,
        "dockerfile-lsp.toml",
        "ignore = [\"expose-protocol-casing\"]\nselct = 1\n",
    );
    let path = write(&root, "Dockerfile", TEXT);
    let doc = uri(&path);
    let mut server = start(json!({}), json!({}));

    server.open(&doc, 1, TEXT);
    assert_eq!(
        rules(&server.published(&doc, 1)),
        ["expose-protocol-casing", "unknown-instruction"],
        "the defaults, not half of the file"
    );
    let on_file = server.wait_for("diagnostics on the configuration file", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri(&config)
    });
    let d = &on_file["params"]["diagnostics"][0];
    assert_eq!(d["severity"], 1);
    assert!(d["message"].as_str().is_some_and(|m| m.contains("selct")), "{d}");
    assert_eq!(d["range"]["start"]["line"], 1, "at the unknown key: {d}");
    let shown = server.wait_for("a message", |m| m["method"] == "window/showMessage");
    assert!(
        shown["params"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("dockerfile-lsp.toml"))
    );

    // Fixed on disk: the diagnostic on the file is cleared and the file applies.
    write(&root, "dockerfile-lsp.toml", "ignore = [\"expose-protocol-casing\"]\n");
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 2}]}),
    );
    assert_eq!(rules(&server.published(&doc, 1)), ["unknown-instruction"]);
    let cleared = server.wait_for("the cleared diagnostics of the configuration file", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri(&config)
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));

    // Broken again, then deleted: reported, then cleared, and the defaults apply.
    write(&root, "dockerfile-lsp.toml", "ignore = 3\n");
    let changed = json!({"changes": [{"uri": uri(&config), "type": 2}]});
    server.notify("workspace/didChangeWatchedFiles", changed.clone());
    assert_eq!(
        rules(&server.published(&doc, 1)),
        ["expose-protocol-casing", "unknown-instruction"]
    );
    let broken = server.wait_for("the configuration file broken again", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri(&config)
    });
    assert_eq!(broken["params"]["diagnostics"][0]["severity"], 1);
    std::fs::remove_file(&config).expect("delete the configuration file");
    server.notify("workspace/didChangeWatchedFiles", changed);
    let cleared = server.wait_for("the diagnostics of the deleted file cleared", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri(&config)
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}
