//! Pull diagnostics (`textDocument/diagnostic`) for a client that declares them: full reports,
//! unchanged reports for an unchanged document, and never a push (which would show every
//! diagnostic twice).

use crate::common;

use std::time::Duration;

use common::{Enc, Mirror, Server, with_code};
use serde_json::{Value, json};

fn pull(server: &mut Server, uri: &str, previous: Option<&Value>) -> Value {
    let mut params = json!({"textDocument": {"uri": uri}});
    if let Some(id) = previous {
        params["previousResultId"] = id.clone();
    }
    let response = server.request("textDocument/diagnostic", params);
    response
        .get("result")
        .cloned()
        .unwrap_or_else(|| panic!("pull failed: {response}"))
}

#[test]
fn pull_diagnostics_and_no_push() {
    let (mut server, result) =
        Server::initialized(json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}));
    let provider = &result["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["interFileDependencies"], false, "{provider}");
    assert_eq!(provider["workspaceDiagnostics"], false, "{provider}");

    let uri = "file:///pull/Dockerfile";
    let mut doc = Mirror::new("FORM alpine:3.20\nRUN echo 😀\n", Enc::Utf16);
    server.open(uri, 1, &doc.text);
    let report = pull(&mut server, uri, None);
    assert_eq!(report["kind"], "full", "{report}");
    let items = report["items"].as_array().cloned().expect("items");
    let form = with_code(&items, "unknown-instruction");
    assert_eq!(form.len(), 1, "{items:#?}");
    assert_eq!(doc.slice(&form[0]["range"]), "FORM");
    let first_id = report["resultId"].clone();
    assert!(first_id.is_string(), "{report}");

    // Nothing changed: the client may keep what it has.
    let again = pull(&mut server, uri, Some(&first_id));
    assert_eq!(again["kind"], "unchanged", "{again}");
    assert_eq!(again["resultId"], first_id);

    // After an edit the report is full again, with a new id and the new text's diagnostics.
    let change = doc.replace("FORM", "FROM");
    server.change(uri, 2, json!([change]));
    let report = pull(&mut server, uri, Some(&first_id));
    assert_eq!(report["kind"], "full", "{report}");
    assert_ne!(report["resultId"], first_id);
    let items = report["items"].as_array().cloned().expect("items");
    assert!(with_code(&items, "unknown-instruction").is_empty(), "{items:#?}");

    // A document that is not open has no diagnostics.
    let unknown = pull(&mut server, "file:///pull/not-open/Dockerfile", None);
    assert_eq!(unknown["kind"], "full");
    assert_eq!(unknown["items"], json!([]));

    server.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    let pushed: Vec<Value> = server
        .received_within(Duration::from_millis(500))
        .into_iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert_eq!(
        pushed,
        Vec::<Value>::new(),
        "a pull client must never get pushed diagnostics"
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

/// A client that pulls and declares `relatedInformation` for pulled diagnostics (LSP 3.18) gets
/// the places of a grouped finding as related information, in its encoding.
#[test]
fn pulled_diagnostics_carry_related_information() {
    let (mut server, _) = Server::initialized(json!({
        "general": {"positionEncodings": ["utf-32"]},
        "textDocument": {"diagnostic": {"relatedInformation": true}}
    }));
    let uri = "file:///pull/related/Dockerfile";
    let doc = Mirror::new(
        "FROM debian\nRUN echo 😀 && apt-get install -y --no-install-recommends gcc curl\n",
        Enc::Utf32,
    );
    server.open(uri, 1, &doc.text);
    let report = pull(&mut server, uri, None);
    let items = report["items"].as_array().cloned().expect("items");
    let found = with_code(&items, "unpinned-package-versions");
    assert_eq!(found.len(), 1, "{items:#?}");
    assert_eq!(doc.slice(&found[0]["range"]), "apt-get install");
    let related = found[0]["relatedInformation"].as_array().cloned().unwrap_or_default();
    let places: Vec<&str> = related.iter().map(|r| doc.slice(&r["location"]["range"])).collect();
    assert_eq!(places, ["gcc", "curl"]);
    assert!(related.iter().all(|r| r["location"]["uri"] == uri));
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}
