//! ShellCheck through the real server: its findings are pushed with the other diagnostics, at
//! the exact UTF-16 range on a continued line after emoji, with the SC code as the alias. Needs `shellcheck` (`.ci/run` installs it); without
//! it the tests print a note and check nothing.

use crate::common;

use crate::common::{has_shellcheck, scratch};
use common::{Enc, Mirror, Server, with_code};
use serde_json::json;

const TEXT: &str = "FROM alpine:3.20\nRUN echo \"😀 ok\" && \\\n    cp $src /opt/\n";

#[test]
fn findings_are_published_at_their_place() {
    if !has_shellcheck() {
        return;
    }
    let (mut server, _) = Server::initialized(json!({}));
    let uri = "file:///sc/Dockerfile";
    let doc = Mirror::new(TEXT, Enc::Utf16);
    server.open(uri, 1, &doc.text);
    // Our findings may come first, without ShellCheck's (when its answer is not cached yet).
    let whole = server.wait_for("the diagnostics of version 1 with ShellCheck's", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["version"] == 1
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| !with_code(d, "shellcheck").is_empty())
    });
    let diagnostics = whole["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
    let found = with_code(&diagnostics, "shellcheck");
    let aliases: Vec<_> = found
        .iter()
        .map(|d| d["data"]["alias"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(aliases, ["SC2154", "SC2086"], "{diagnostics:#?}");
    for d in &found {
        assert_eq!(doc.slice(&d["range"]), "$src", "{d}");
        assert_eq!(d["range"]["start"], json!({"line": 2, "character": 7}));
    }
    assert_eq!(found[1]["severity"], 3, "SC2086 is info");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

/// A stand-in ShellCheck that takes `seconds` to answer about a script (the probe with `true`
/// is answered at once) and reports SC2086 on the 6th and 7th characters of its first line:
/// `$a` in `echo $a`.
fn slow_shellcheck(dir: &std::path::Path, seconds: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("slow-shellcheck");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ninput=$(cat)\n[ \"$input\" = true ] || sleep {seconds}\n\
             echo '{{\"comments\":[{{\"file\":\"-\",\"line\":1,\"endLine\":1,\"column\":6,\"endColumn\":8,\
             \"level\":\"info\",\"code\":2086,\"message\":\"Double quote to prevent globbing\"}}]}}'\nexit 1\n"
        ),
    )
    .expect("write the stand-in");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    script
}

/// `initialize` with these capabilities and `stand_in` as ShellCheck, then `initialized`.
fn initialize(server: &mut Server, capabilities: serde_json::Value, stand_in: &std::path::Path) {
    let response = server.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": capabilities,
               "initializationOptions": {"shellcheck": {"path": stand_in}}}),
    );
    assert!(response["result"].is_object(), "{response}");
    server.notify("initialized", json!({}));
}

/// The `publishDiagnostics` for `uri` among `messages`, as (version, diagnostics).
fn publishes(messages: &[serde_json::Value], uri: &str) -> Vec<(i64, Vec<serde_json::Value>)> {
    messages
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .map(|m| {
            let version = m["params"]["version"].as_i64().expect("pushed with a version");
            (
                version,
                m["params"]["diagnostics"].as_array().cloned().unwrap_or_default(),
            )
        })
        .collect()
}

/// Our findings are pushed without waiting for a slow ShellCheck, then pushed again with the
/// same version carrying ShellCheck's as well. A version whose scripts ShellCheck has answered
/// before is pushed once, whole; a change while ShellCheck runs leaves the old version's whole
/// set unpublished.
#[test]
fn our_findings_come_first_and_shellchecks_follow_with_the_same_version() {
    let dir = scratch("first");
    let stand_in = slow_shellcheck(&dir, "1");
    let mut server = Server::spawn_with_env(
        &["serve"],
        &[("DOCKERFILE_LSP_CACHE_DIR", dir.join("cache").as_os_str())],
    );
    initialize(&mut server, json!({}), &stand_in);
    let uri = "file:///sc-first/Dockerfile";
    let mut doc = Mirror::new("FROM alpine\nRUN echo $a\n", Enc::Utf16);
    server.open(uri, 1, &doc.text);

    let first = server.published(uri, 1);
    assert_eq!(with_code(&first, "untagged-image").len(), 1, "{first:#?}");
    assert_eq!(
        with_code(&first, "shellcheck"),
        Vec::<&serde_json::Value>::new(),
        "{first:#?}"
    );
    let whole = server.published(uri, 1);
    let mut ours_again: Vec<_> = whole.iter().filter(|d| d["code"] != "shellcheck").cloned().collect();
    ours_again.sort_by_key(|d| d.to_string());
    let mut ours = first.clone();
    ours.sort_by_key(|d| d.to_string());
    assert_eq!(ours_again, ours, "the second push carries our findings too");
    let found = with_code(&whole, "shellcheck");
    assert_eq!(found.len(), 1, "{whole:#?}");
    assert_eq!(doc.slice(&found[0]["range"]), "$a");
    assert_eq!(found[0]["data"]["alias"], "SC2086");

    // An edit outside the script: ShellCheck's answer is at hand, so one push has everything.
    let change = doc.replace("alpine", "alpine:3.20");
    server.change(uri, 2, json!([change]));
    let second = server.published(uri, 2);
    assert_eq!(with_code(&second, "untagged-image").len(), 0, "{second:#?}");
    assert_eq!(with_code(&second, "shellcheck").len(), 1, "{second:#?}");
    let settled = server.received_within(std::time::Duration::from_millis(1500));
    assert_eq!(
        publishes(&settled, uri).len(),
        0,
        "version 2 was pushed once: {settled:#?}"
    );

    // A new script, then another edit before ShellCheck answers: version 3 gets our findings
    // only, version 4 both pushes, in that order.
    let change = doc.replace("$a", "$b");
    server.change(uri, 3, json!([change]));
    let third = server.published(uri, 3);
    assert_eq!(with_code(&third, "shellcheck").len(), 0, "{third:#?}");
    let change = doc.replace("alpine:3.20", "alpine:3.21");
    server.change(uri, 4, json!([change]));
    let settled = server.received_within(std::time::Duration::from_millis(3000));
    let rest = publishes(&settled, uri);
    let versions: Vec<i64> = rest.iter().map(|(v, _)| *v).collect();
    assert_eq!(versions, [4, 4], "{settled:#?}");
    assert_eq!(with_code(&rest[0].1, "shellcheck").len(), 0, "{rest:#?}");
    let found = with_code(&rest[1].1, "shellcheck");
    assert_eq!(found.len(), 1, "{rest:#?}");
    assert_eq!(doc.slice(&found[0]["range"]), "$b");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A client that pulls gets the whole set, ShellCheck's findings included.
#[test]
fn a_pull_gets_shellchecks_findings_too() {
    let dir = scratch("pull");
    let stand_in = slow_shellcheck(&dir, "0.3");
    let mut server = Server::spawn_with_env(
        &["serve"],
        &[("DOCKERFILE_LSP_CACHE_DIR", dir.join("cache").as_os_str())],
    );
    initialize(&mut server, json!({"textDocument": {"diagnostic": {}}}), &stand_in);
    let uri = "file:///sc-pull/Dockerfile";
    server.open(uri, 1, "FROM alpine\nRUN echo $a\n");
    let answer = server.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}));
    let items = answer["result"]["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(with_code(&items, "shellcheck").len(), 1, "{answer:#?}");
    assert_eq!(with_code(&items, "untagged-image").len(), 1, "{answer:#?}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
