//! Outline, folding, selection, links, inlay hints, code lenses and the stage-graph command
//! through the real binary, in UTF-16 over text with multi-byte characters.

use crate::common;

use common::{Enc, Server, position, range, slice};
use serde_json::{Value, json};

const URI: &str = "file:///outline/Dockerfile";

const TEXT: &str = "# 构建 😀\n# 两行\nARG GO_VERSION=1.22\nFROM golang:${GO_VERSION} AS builder\nRUN echo \"😀\" && \\\n    go build\nFROM alpine:3.20\nCOPY --from=builder /out /app\nCMD [\"/app\"]\n";

fn request(server: &mut Server, method: &str, params: Value) -> Value {
    let response = server.request(method, params);
    assert!(response.get("error").is_none(), "{method}: {response}");
    response["result"].clone()
}

fn doc() -> Value {
    json!({"uri": URI})
}

fn started() -> Server {
    let (mut server, _) = Server::initialized(json!({}));
    server.open(URI, 1, TEXT);
    server
}

#[test]
fn document_symbols_are_stages_holding_instructions() {
    let mut server = started();
    let symbols = request(
        &mut server,
        "textDocument/documentSymbol",
        json!({"textDocument": doc()}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["ARG GO_VERSION=1.22", "builder", "Stage #1"]);
    let builder = &symbols[1];
    assert_eq!(builder["detail"], "golang:${GO_VERSION}");
    assert_eq!(slice(TEXT, &builder["selectionRange"], Enc::Utf16), "builder");
    assert_eq!(builder["children"][0]["name"], "RUN echo \"😀\" && go build");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn folding_ranges_by_line() {
    let mut server = started();
    let folds = request(&mut server, "textDocument/foldingRange", json!({"textDocument": doc()}));
    let lines: Vec<(u64, u64, &str)> = folds
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    (
                        f["startLine"].as_u64().unwrap_or(99),
                        f["endLine"].as_u64().unwrap_or(99),
                        f["kind"].as_str().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        lines,
        [(0, 1, "comment"), (3, 5, "region"), (4, 5, "region"), (6, 8, "region")]
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn selection_ranges_grow_to_the_stage() {
    let mut server = started();
    let at = TEXT.find("GO_VERSION}").unwrap_or_default() + 3;
    let (line, character) = position(TEXT, at, Enc::Utf16);
    let ranges = request(
        &mut server,
        "textDocument/selectionRange",
        json!({"textDocument": doc(), "positions": [{"line": line, "character": character}]}),
    );
    let mut steps = Vec::new();
    let mut current = &ranges[0];
    while current.is_object() {
        steps.push(slice(TEXT, &current["range"], Enc::Utf16));
        current = &current["parent"];
    }
    assert_eq!(
        steps,
        [
            "GO_VERSION",
            "${GO_VERSION}",
            "golang:${GO_VERSION}",
            "FROM golang:${GO_VERSION} AS builder",
            "FROM golang:${GO_VERSION} AS builder\nRUN echo \"😀\" && \\\n    go build",
        ]
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn links_hints_and_lenses() {
    let mut server = started();
    let links = request(&mut server, "textDocument/documentLink", json!({"textDocument": doc()}));
    let targets: Vec<(&str, &str)> = links
        .as_array()
        .map(|a| {
            a.iter()
                .map(|l| {
                    (
                        slice(TEXT, &l["range"], Enc::Utf16),
                        l["target"].as_str().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        targets,
        [
            ("golang:${GO_VERSION}", "https://hub.docker.com/_/golang"),
            ("alpine:3.20", "https://hub.docker.com/_/alpine")
        ]
    );

    let hints = request(
        &mut server,
        "textDocument/inlayHint",
        json!({"textDocument": doc(), "range": range((0, 0), (9, 0))}),
    );
    let end = TEXT.find("${GO_VERSION}").unwrap_or_default() + "${GO_VERSION}".len();
    let (line, character) = position(TEXT, end, Enc::Utf16);
    assert_eq!(hints[0]["position"], json!({"line": line, "character": character}));
    assert_eq!(hints[0]["label"], "= 1.22");

    let lenses = request(&mut server, "textDocument/codeLens", json!({"textDocument": doc()}));
    let titles: Vec<&str> = lenses
        .as_array()
        .map(|a| a.iter().filter_map(|l| l["command"]["title"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(titles, ["1 layer · used by `Stage #1`", "1 layer · final stage"]);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn the_graph_command() {
    let (mut server, init) = Server::initialized(json!({}));
    assert_eq!(
        init["capabilities"]["executeCommandProvider"]["commands"],
        json!(["dockerfile-lsp.graph"])
    );
    server.open(URI, 1, TEXT);
    let mermaid = request(
        &mut server,
        "workspace/executeCommand",
        json!({"command": "dockerfile-lsp.graph", "arguments": [URI]}),
    );
    assert_eq!(
        mermaid,
        "flowchart TD\n    stage0[\"builder\"]\n    stage1[\"stage 1\"]\n    image0{{\"golang:1.22\"}}\n    \
         image1{{\"alpine:3.20\"}}\n    image0 --> stage0\n    image1 --> stage1\n    \
         stage0 -- \"COPY --from\" --> stage1\n"
    );
    let dot = request(
        &mut server,
        "workspace/executeCommand",
        json!({"command": "dockerfile-lsp.graph", "arguments": [{"uri": URI, "format": "dot"}]}),
    );
    assert!(dot.as_str().is_some_and(|d| d.starts_with("digraph stages {")), "{dot}");
    // `{"format": "svg"}`: the drawing, for editors that show pictures.
    let svg = request(
        &mut server,
        "workspace/executeCommand",
        json!({"command": "dockerfile-lsp.graph", "arguments": [{"uri": URI, "format": "svg"}]}),
    );
    let svg = svg.as_str().unwrap_or_default();
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML ({e}): {svg}"));
    let node_texts = |id: &str| -> Vec<&str> {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .map(|n| {
                n.descendants()
                    .filter(|t| t.has_tag_name("text"))
                    .filter_map(|t| t.text())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(node_texts("dfl-stage0"), ["builder", "stage 0"]);
    assert_eq!(node_texts("dfl-stage1"), ["stage 1"]);
    assert_eq!(node_texts("dfl-image0"), ["golang:1.22"]);
    let edges: Vec<(&str, &str, &str)> = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("edge ")))
        .map(|n| {
            let class = n.attribute("class").unwrap_or_default();
            (
                n.attribute("data-from").unwrap_or_default(),
                n.attribute("data-to").unwrap_or_default(),
                class,
            )
        })
        .collect();
    assert_eq!(
        edges,
        [
            ("image0", "stage0", "edge from"),
            ("image1", "stage1", "edge from"),
            ("stage0", "stage1", "edge copy")
        ]
    );
    let bad_format = server.request(
        "workspace/executeCommand",
        json!({"command": "dockerfile-lsp.graph", "arguments": [URI, "png"]}),
    );
    assert_eq!(bad_format["error"]["code"], -32602, "{bad_format}");
    let closed = server.request(
        "workspace/executeCommand",
        json!({"command": "dockerfile-lsp.graph", "arguments": ["file:///not/open"]}),
    );
    assert_eq!(closed["error"]["code"], -32602, "{closed}");
    let unknown = server.request("workspace/executeCommand", json!({"command": "nope", "arguments": []}));
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}
