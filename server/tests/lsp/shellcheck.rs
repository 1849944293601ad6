//! ShellCheck through the real server: its findings are pushed with the other diagnostics, at
//! the exact UTF-16 range on a continued line after emoji, with the SC code as the alias. Needs `shellcheck` (`.ci/run` installs it); without
//! it the tests print a note and check nothing.

use crate::common;

use std::process::{Command, Stdio};

use common::{Enc, Mirror, Server, with_code};
use serde_json::json;

fn has_shellcheck() -> bool {
    let found = Command::new("shellcheck")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        eprintln!("note: `shellcheck` is not installed; this test checks nothing here");
    }
    found
}

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
    let diagnostics = server.published(uri, 1);
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
