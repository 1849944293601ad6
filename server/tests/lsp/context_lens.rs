//! The build-context code lens through the real binary: on `COPY . .` of a Dockerfile on disk,
//! "measuring" first, then (after the server asks the client to refresh) the files and size of
//! the context with and without `.dockerignore`; a file change reported through
//! `workspace/didChangeWatchedFiles` makes it measure again.

use crate::common;

use std::path::{Path, PathBuf};

use common::Server;
use dockerfile_lsp::analysis::lens::human_size;
use serde_json::{Value, json};

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write(root: &Path, path: &str, bytes: usize) {
    let file = root.join(path);
    std::fs::create_dir_all(file.parent().expect("a parent folder")).expect("create folders");
    std::fs::write(file, vec![b'x'; bytes]).expect("write file");
}

fn context(name: &str) -> TempDir {
    let root = std::env::temp_dir().join(format!("dockerfile-lsp-lens-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    write(&root, "src/main.go", 1_000);
    write(&root, "node_modules/big.bin", 96_000);
    std::fs::write(root.join(".dockerignore"), "node_modules\n").expect("write .dockerignore");
    TempDir(root)
}

const TEXT: &str = "FROM golang:1.22 AS build\nCOPY . .\nRUN go build\nFROM alpine\nCOPY --from=build /app /app\n";

fn uri(root: &Path) -> String {
    format!("file://{}/Dockerfile", root.display())
}

/// Answers the server's request with `method` (which it awaits) with `null`.
fn answer(server: &mut Server, method: &str) {
    let request = server.wait_for(method, |m| m["method"] == method && m.get("id").is_some());
    server.send(&json!({"jsonrpc": "2.0", "id": request["id"], "result": null}));
}

fn titles(server: &mut Server, uri: &str) -> Vec<String> {
    let response = server.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}}));
    assert!(response.get("error").is_none(), "{response}");
    response["result"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|l| l["command"]["title"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn client() -> Value {
    json!({"workspace": {"codeLens": {"refreshSupport": true},
                          "didChangeWatchedFiles": {"dynamicRegistration": true}}})
}

#[test]
fn measures_the_context_then_again_after_files_change() {
    let dir = context("measure");
    let root = dir.0.clone();
    write(&root, "Dockerfile", TEXT.len());
    let uri = uri(&root);
    let mut server = Server::spawn(&["serve"]);
    server.initialize(client());
    // Configuration files and context files are watched.
    answer(&mut server, "client/registerCapability");
    answer(&mut server, "client/registerCapability");
    server.open(&uri, 1, TEXT);

    let first = titles(&mut server, &uri);
    assert_eq!(first[1], "Build context: measuring…", "{first:?}");
    answer(&mut server, "workspace/codeLens/refresh");
    let measured = titles(&mut server, &uri);
    // The Dockerfile, `.dockerignore` (13 bytes) and the two files written above.
    let small = (TEXT.len() + 13 + 1_000) as u64;
    assert_eq!(
        measured[1],
        format!(
            "Build context: 4 files, {} · sent after `.dockerignore`: 3 files, {}",
            human_size(small + 96_000),
            human_size(small)
        ),
        "{measured:?}"
    );
    assert_eq!(
        measured.len(),
        3,
        "two stages and one copy of the context: {measured:?}"
    );

    write(&root, "src/extra.go", 2_000);
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}/src/extra.go", root.display()), "type": 1}]}),
    );
    answer(&mut server, "workspace/codeLens/refresh");
    assert_eq!(titles(&mut server, &uri)[1], "Build context: measuring…");
    answer(&mut server, "workspace/codeLens/refresh");
    let again = titles(&mut server, &uri);
    assert!(again[1].starts_with("Build context: 5 files"), "{again:?}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn no_context_lens_for_an_unsaved_document() {
    let (mut server, _) = Server::initialized(json!({}));
    server.open("untitled:Dockerfile-1", 1, TEXT);
    let found = titles(&mut server, "untitled:Dockerfile-1");
    assert_eq!(found.len(), 2, "only the stage lenses: {found:?}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}
