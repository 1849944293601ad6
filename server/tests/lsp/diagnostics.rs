//! Diagnostics through the real server: pushed with the document version after `didOpen` and
//! after incremental edits, with positions in each negotiated encoding on lines holding emoji,
//! CJK text and accents, CRLF line ends, and cleared on `didClose`. Every check reads the text a
//! diagnostic's range covers in a client-side copy of the document, so a wrongly applied edit or
//! a wrongly converted position shows.

use crate::common;

use common::{Enc, Mirror, Server, code, with_code};
use serde_json::{Value, json};

fn one<'a>(diagnostics: &'a [Value], rule: &str) -> &'a Value {
    let found = with_code(diagnostics, rule);
    assert_eq!(found.len(), 1, "expected one `{rule}` in {diagnostics:#?}");
    found[0]
}

#[test]
fn did_open_pushes_diagnostics_with_the_version() {
    let (mut server, _) = Server::initialized(json!({}));
    let uri = "file:///open/Dockerfile";
    let doc = Mirror::new("FORM alpine:3.20\n", Enc::Utf16);
    server.open(uri, 7, &doc.text);
    let diagnostics = server.published(uri, 7);
    let d = one(&diagnostics, "unknown-instruction");
    assert_eq!(doc.slice(&d["range"]), "FORM");
    assert_eq!(d["severity"], 1, "an error");
    assert_eq!(d["source"], "dockerfile-lsp");
    assert!(d["message"].as_str().is_some_and(|m| m.contains("`FORM`")), "{d}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn empty_comment_only_and_argument_less_documents() {
    let (mut server, _) = Server::initialized(json!({}));
    server.open("file:///empty/Dockerfile", 1, "");
    one(&server.published("file:///empty/Dockerfile", 1), "empty-dockerfile");
    server.open("file:///comment/Dockerfile", 1, "# nothing here 😀\n\n");
    one(&server.published("file:///comment/Dockerfile", 1), "empty-dockerfile");

    let bare = Mirror::new("FROM\n", Enc::Utf16);
    server.open("file:///bare/Dockerfile", 3, &bare.text);
    let diagnostics = server.published("file:///bare/Dockerfile", 3);
    let d = one(&diagnostics, "missing-arguments");
    assert!(bare.slice(&d["range"]).starts_with("FROM"), "{d}");
    assert!(with_code(&diagnostics, "empty-dockerfile").is_empty());
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

/// Edits on lines with multi-byte text, sent in `enc`; `eol` is the line end of the document.
fn edit_scenario(server: &mut Server, enc: Enc, eol: &str) {
    let uri = format!("file:///edits/{enc:?}/Dockerfile");
    let uri = uri.as_str();
    let mut doc = Mirror::new(
        &format!("FROM alpine:3.20{eol}COPY --chown=😀中 a b /dst/{eol}RUN echo \"é 中文 😀\"{eol}"),
        enc,
    );
    server.open(uri, 1, &doc.text);
    let diagnostics = server.published(uri, 1);
    assert!(with_code(&diagnostics, "unknown-flag").is_empty(), "{diagnostics:#?}");
    assert!(
        with_code(&diagnostics, "unknown-instruction").is_empty(),
        "{diagnostics:#?}"
    );

    // v2: a flag inserted after the emoji and the CJK character of line 1.
    let change = doc.insert_after("😀中", " --bogus");
    let expected_col = match enc {
        Enc::Utf8 => "COPY --chown=😀中 ".len(),
        Enc::Utf16 => "COPY --chown=😀中 ".encode_utf16().count(),
        Enc::Utf32 => "COPY --chown=😀中 ".chars().count(),
    };
    server.change(uri, 2, json!([change]));
    let diagnostics = server.published(uri, 2);
    let flag = one(&diagnostics, "unknown-flag");
    assert!(doc.slice(&flag["range"]).starts_with("--bogus"), "{flag}");
    assert_eq!(flag["range"]["start"], json!({"line": 1, "character": expected_col}));

    // v3: two changes in one notification, applied in order: the emoji goes, the CJK character
    // becomes accented Latin and CJK text.
    let first = doc.replace("😀", "");
    let second = doc.replace("--chown=中", "--chown=é中文");
    server.change(uri, 3, json!([first, second]));
    let diagnostics = server.published(uri, 3);
    let flag = one(&diagnostics, "unknown-flag");
    assert!(doc.slice(&flag["range"]).starts_with("--bogus"), "{flag}\n{}", doc.text);

    // v4: one change spanning lines, from after the flag into the RUN line after `é`: the rest of
    // that line becomes an unknown instruction on its own line.
    let start = doc.text.find("--bogus").expect("flag present") + "--bogus".len();
    let end = doc.text.find("é 中文 😀").expect("RUN text present") + "é".len();
    let change = doc.replace_range(start, end, &format!(" x /d/{eol}FORM"));
    server.change(uri, 4, json!([change]));
    let diagnostics = server.published(uri, 4);
    let form = one(&diagnostics, "unknown-instruction");
    assert_eq!(doc.slice(&form["range"]), "FORM", "{}", doc.text);
    assert_eq!(form["range"]["start"], json!({"line": 2, "character": 0}));
    let flag = one(&diagnostics, "unknown-flag");
    assert!(doc.slice(&flag["range"]).starts_with("--bogus"), "{flag}");

    // v5: a whole-document replacement resets everything.
    doc = Mirror::new(&format!("FROM alpine:3.20{eol}"), enc);
    server.change(uri, 5, json!([{"text": doc.text}]));
    let diagnostics = server.published(uri, 5);
    assert!(
        diagnostics
            .iter()
            .all(|d| !matches!(code(d), "unknown-flag" | "unknown-instruction")),
        "{diagnostics:#?}"
    );
}

#[test]
fn incremental_edits_in_utf16_on_emoji_and_cjk_lines() {
    let (mut server, result) = Server::initialized(json!({}));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    edit_scenario(&mut server, Enc::Utf16, "\n");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn incremental_edits_in_utf16_with_crlf_line_ends() {
    let (mut server, _) = Server::initialized(json!({"general": {"positionEncodings": ["utf-16"]}}));
    edit_scenario(&mut server, Enc::Utf16, "\r\n");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn utf8_is_negotiated_when_offered() {
    let (mut server, result) = Server::initialized(json!({"general": {"positionEncodings": ["utf-16", "utf-8"]}}));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    edit_scenario(&mut server, Enc::Utf8, "\r\n");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn utf32_is_negotiated_when_offered_without_utf8() {
    let (mut server, result) = Server::initialized(json!({"general": {"positionEncodings": ["utf-32", "utf-16"]}}));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-32");
    edit_scenario(&mut server, Enc::Utf32, "\n");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn a_burst_of_edits_publishes_in_version_order_and_ends_on_the_last_version() {
    let (mut server, _) = Server::initialized(json!({}));
    let uri = "file:///burst/Dockerfile";
    let mut doc = Mirror::new("FROM alpine:3.20\nRUN echo 中\n", Enc::Utf16);
    server.open(uri, 1, &doc.text);
    let mut texts = vec![(1, doc.text.clone())];
    // Typing `FORM x` one character at a time on a new line, after text with a CJK character.
    for (i, c) in "\nFORM x".chars().enumerate() {
        let version = i as i64 + 2;
        // Always just before the final line end.
        let at = doc.text.len() - 1;
        let change = doc.replace_range(at, at, &c.to_string());
        server.change(uri, version, json!([change]));
        texts.push((version, doc.text.clone()));
    }
    let last = texts.last().map(|(v, _)| *v).expect("edits were made");
    let diagnostics = server.published(uri, last);
    let form = one(&diagnostics, "unknown-instruction");
    assert_eq!(doc.slice(&form["range"]), "FORM");

    // Whatever was published before the last version came in order, each for its own text.
    let messages = server.received_within(std::time::Duration::from_millis(300));
    let mut published = Vec::new();
    for m in messages
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
    {
        let version = m["params"]["version"].as_i64().expect("pushed with a version");
        let text = &texts.iter().find(|(v, _)| *v == version).expect("a version we sent").1;
        let diagnostics = m["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
        // The word being typed (`F`, `FO`, ...) is what the diagnostic both covers and names.
        for unknown in with_code(&diagnostics, "unknown-instruction") {
            let word = common::slice(text, &unknown["range"], Enc::Utf16);
            assert!(
                !word.is_empty() && "FORM".starts_with(word),
                "version {version}: {word:?}"
            );
            let message = unknown["message"].as_str().unwrap_or_default();
            assert!(message.contains(&format!("`{word}`")), "version {version}: {message}");
        }
        published.push(version);
    }
    // A version is pushed at most twice (our findings, then ShellCheck's with them).
    assert!(published.windows(2).all(|w| w[0] <= w[1]), "{published:?}");
    assert!(
        published.windows(3).all(|w| w[0] != w[2]),
        "no version three times: {published:?}"
    );
    assert!(
        published.iter().all(|v| *v <= last),
        "nothing after the last version: {published:?}"
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn did_close_clears_pushed_diagnostics() {
    let (mut server, _) = Server::initialized(json!({}));
    let uri = "file:///close/Dockerfile";
    server.open(uri, 1, "FORM alpine\n");
    one(&server.published(uri, 1), "unknown-instruction");
    server.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    let cleared = server.wait_for("the diagnostics cleared", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["version"].is_null()
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

/// A grouped finding (one `LABEL`, several keys outside Docker's format) with a key after an
/// emoji, so that the related ranges must be converted in the negotiated encoding.
const GROUPED: &str = "FROM alpine:3.20\nLABEL 😀=\"x\" \\\n      Version=\"1.2\" org.example.ok=1\n";

#[test]
fn related_places_go_to_related_information_for_a_client_that_shows_them() {
    let (mut server, _) = Server::initialized(json!({
        "textDocument": {"publishDiagnostics": {"relatedInformation": true}}
    }));
    let uri = "file:///related/Dockerfile";
    let doc = Mirror::new(GROUPED, Enc::Utf16);
    server.open(uri, 1, &doc.text);
    let diagnostics = server.published(uri, 1);
    let d = one(&diagnostics, "invalid-label-key");
    assert_eq!(doc.slice(&d["range"]), "LABEL");
    assert_eq!(
        d["message"],
        "2 label keys are not in the lower-case reverse-DNS form: `😀`, `Version`"
    );
    let related = d["relatedInformation"].as_array().cloned().unwrap_or_default();
    assert_eq!(related.len(), 2, "{d:#}");
    for (place, key) in related.iter().zip(["😀", "Version"]) {
        assert_eq!(place["location"]["uri"], uri);
        assert_eq!(doc.slice(&place["location"]["range"]), key, "{place}");
        assert!(
            place["message"]
                .as_str()
                .is_some_and(|m| m.starts_with(&format!("`{key}` is not"))),
            "{place}"
        );
    }
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn related_places_are_folded_into_the_message_for_other_clients() {
    let (mut server, _) = Server::initialized(json!({}));
    let uri = "file:///folded/Dockerfile";
    server.open(uri, 1, GROUPED);
    let diagnostics = server.published(uri, 1);
    let d = one(&diagnostics, "invalid-label-key");
    assert!(d.get("relatedInformation").is_none(), "{d:#}");
    assert_eq!(
        d["message"],
        "2 label keys are not in the lower-case reverse-DNS form: `😀`, `Version`\n\
         2:7: `😀` is not in the lower-case reverse-DNS form\n\
         3:7: `Version` is not in the lower-case reverse-DNS form"
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}
