//! Semantic tokens through the real binary: full, range and delta. Tokens must be sorted, never
//! overlap, stay within their line, use only types and modifiers of the legend, and a delta
//! applied to the previous result must equal a full request on the same version.

use crate::common;

use common::{Enc, Mirror, Server};
use serde_json::{Value, json};

const URI: &str = "file:///tokens/Dockerfile";

const TEXT: &str = "# syntax=docker/dockerfile:1\n# 注释 😀\nARG GO_VERSION=1.22\nFROM golang:${GO_VERSION} AS builder\nENV MSG=\"héllo 😀\" \\\n    OTHER=1\nRUN --mount=type=cache,target=/root/.cache go build\nCOPY --from=builder /out /app\nCMD [\"/app\", \"--name=é\"]\n";

/// A token decoded to absolute (line, start, length, type, modifiers).
type Decoded = (usize, usize, usize, usize, u64);

fn decode(data: &Value) -> Vec<Decoded> {
    let ints: Vec<u64> = data
        .as_array()
        .unwrap_or_else(|| panic!("data is not an array: {data}"))
        .iter()
        .map(|v| v.as_u64().unwrap_or_else(|| panic!("not a non-negative integer: {v}")))
        .collect();
    assert_eq!(ints.len() % 5, 0, "data is not made of 5-tuples");
    let (mut line, mut start) = (0, 0);
    ints.chunks(5)
        .map(|c| {
            let (dl, ds) = (c[0] as usize, c[1] as usize);
            line += dl;
            start = if dl == 0 { start + ds } else { ds };
            (line, start, c[2] as usize, c[3] as usize, c[4])
        })
        .collect()
}

/// The text of each line, as UTF-16 code units.
fn lines_utf16(text: &str) -> Vec<Vec<u16>> {
    text.split('\n')
        .map(|l| l.trim_end_matches('\r').encode_utf16().collect())
        .collect()
}

fn check_sound(text: &str, tokens: &[Decoded], legend_types: usize, legend_modifiers: usize) {
    let lines = lines_utf16(text);
    for pair in tokens.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        assert!(
            (a.0, a.1 + a.2) <= (b.0, b.1),
            "tokens out of order or overlapping: {a:?} then {b:?}"
        );
    }
    for t in tokens {
        assert!(t.2 > 0, "empty token {t:?}");
        let line = lines
            .get(t.0)
            .unwrap_or_else(|| panic!("token {t:?} past the last line"));
        assert!(t.1 + t.2 <= line.len(), "token {t:?} runs past its line");
        assert!(t.3 < legend_types, "token type {} not in the legend", t.3);
        assert!(
            t.4 >> legend_modifiers == 0,
            "modifier bits {:b} not in the legend",
            t.4
        );
    }
}

fn token_text(text: &str, t: Decoded) -> String {
    let line = &lines_utf16(text)[t.0];
    String::from_utf16_lossy(&line[t.1..t.1 + t.2])
}

/// Applies delta edits to the flat integer array the way a client does.
fn apply(old: &Value, edits: &Value) -> Value {
    let mut ints: Vec<Value> = old.as_array().cloned().unwrap_or_default();
    let mut edits: Vec<&Value> = edits.as_array().map(|a| a.iter().collect()).unwrap_or_default();
    edits.sort_by_key(|e| std::cmp::Reverse(e["start"].as_u64()));
    for e in edits {
        let start = e["start"].as_u64().unwrap_or_default() as usize;
        let count = e["deleteCount"].as_u64().unwrap_or_default() as usize;
        let data = e["data"].as_array().cloned().unwrap_or_default();
        ints.splice(start..start + count, data);
    }
    Value::Array(ints)
}

fn full(server: &mut Server) -> Value {
    let response = server.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": URI}}),
    );
    assert!(response.get("error").is_none(), "{response}");
    response["result"].clone()
}

#[test]
fn full_range_and_delta_are_sound_and_agree() {
    let (mut server, init) = Server::initialized(json!({}));
    let provider = &init["capabilities"]["semanticTokensProvider"];
    assert_eq!(provider["full"], json!({"delta": true}));
    assert_eq!(provider["range"], true);
    let types = provider["legend"]["tokenTypes"].as_array().map_or(0, Vec::len);
    let modifiers = provider["legend"]["tokenModifiers"].as_array().map_or(0, Vec::len);
    let type_name = |i: usize| {
        provider["legend"]["tokenTypes"][i]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };

    server.open(URI, 1, TEXT);
    let first = full(&mut server);
    let tokens = decode(&first["data"]);
    check_sound(TEXT, &tokens, types, modifiers);
    let named: Vec<(String, String)> = tokens.iter().map(|t| (token_text(TEXT, *t), type_name(t.3))).collect();
    for expected in [
        ("# syntax=docker/dockerfile:1", "macro"),
        ("# 注释 😀", "comment"),
        ("FROM", "keyword"),
        ("golang", "type"),
        ("GO_VERSION", "variable"),
        ("builder", "label"),
        ("\"héllo 😀\"", "string"),
        ("--mount", "decorator"),
        ("\"--name=é\"", "string"),
    ] {
        assert!(
            named.iter().any(|(t, n)| (t.as_str(), n.as_str()) == expected),
            "no token {expected:?} in {named:?}"
        );
    }

    // A range request gives the full result's tokens on those lines.
    let response = server.request(
        "textDocument/semanticTokens/range",
        json!({"textDocument": {"uri": URI}, "range": common::range((3, 0), (5, 0))}),
    );
    let ranged = decode(&response["result"]["data"]);
    check_sound(TEXT, &ranged, types, modifiers);
    let expected: Vec<Decoded> = tokens.iter().copied().filter(|t| (3..5).contains(&t.0)).collect();
    assert_eq!(ranged, expected);

    // Edits, then deltas: each applied to the previous data equals a fresh full result.
    let mut mirror = Mirror::new(TEXT, Enc::Utf16);
    let mut previous = first;
    let edits: [fn(&mut Mirror) -> Value; 4] = [
        |m| m.insert_after("héllo 😀", " wörld"),
        |m| m.replace("FROM golang", "FROM rust"),
        |m| m.insert_after("--name=é\"]\n", "LABEL a=\"b\"\n"),
        |m| m.replace("# 注释 😀\n", ""),
    ];
    for (i, edit) in edits.into_iter().enumerate() {
        let change = edit(&mut mirror);
        let version = i as i64 + 2;
        server.change(URI, version, json!([change]));
        let response = server.request(
            "textDocument/semanticTokens/full/delta",
            json!({"textDocument": {"uri": URI}, "previousResultId": previous["resultId"]}),
        );
        assert!(response.get("error").is_none(), "{response}");
        let delta = &response["result"];
        assert!(delta.get("edits").is_some(), "a known result id gets a delta: {delta}");
        let patched = apply(&previous["data"], &delta["edits"]);
        let fresh = full(&mut server);
        assert_eq!(patched, fresh["data"], "delta after edit {i} disagrees with full");
        check_sound(&mirror.text, &decode(&fresh["data"]), types, modifiers);
        previous = fresh;
    }

    // An unknown result id gets full tokens.
    let response = server.request(
        "textDocument/semanticTokens/full/delta",
        json!({"textDocument": {"uri": URI}, "previousResultId": "nope"}),
    );
    assert_eq!(response["result"]["data"], previous["data"]);
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn utf8_clients_get_byte_lengths() {
    let (mut server, init) = Server::initialized(json!({"general": {"positionEncodings": ["utf-8"]}}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    server.open(URI, 1, "# 😀\nFROM alpine\n");
    let tokens = decode(&full(&mut server)["data"]);
    assert_eq!(
        tokens.first().map(|t| (t.0, t.1, t.2)),
        Some((0, 0, 6)),
        "`# 😀` is 6 bytes"
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}
