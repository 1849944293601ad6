//! Policies and custom rules through the real server, with the settings sent by the client
//! (`initializationOptions`, then `workspace/didChangeConfiguration`): every `[policy]` key and
//! label kind, both kinds of custom rule, hover on a custom rule's finding, suppression by its id,
//! `rules-version`, and a custom query that does not compile (in the settings, or in a
//! configuration file, where it is marked at its place) reported while the rest applies.

use crate::common;

use common::Server;
use serde_json::{Value, json};

const URI: &str = "untitled:policy-1";

/// One line per problem the settings below find, the final stage last.
const TEXT: &str = r#"FROM node:22 AS assets
RUN apt-get update && apt-get install -y --no-install-recommends telnet=0.17+2.4-2 && ssh-keygen -A
FROM ghcr.io/acme/base:latest AS base
ADD app.tar.gz /srv/
FROM ghcr.io/acme/base:1.4
LABEL org.opencontainers.image.title="" org.opencontainers.image.source="github.com/acme/app" org.opencontainers.image.authors="Platform Team" org.opencontainers.image.version="v1" org.opencontainers.image.created="yesterday" org.opencontainers.image.licenses="Apache 2" org.opencontainers.image.revision="main" com.acme.team="payments"
RUN apk upgrade
# dockerfile-lsp ignore=acme/no-apk-upgrade
RUN apk upgrade
USER nobody
"#;

fn settings(rules_version: &str, shell_query: &str) -> Value {
    // ShellCheck off: each version is published once (with ShellCheck, our findings come first
    // and a second publish of the same version adds its findings), so every wait below sees the
    // answer to the settings it follows.
    json!({
        "shellcheck": {"enabled": false},
        "rules-version": rules_version,
        "policy": {
            "allowed-images": ["ghcr.io/acme/*", "alpine:3.*"],
            "denied-images": ["*:latest"],
            "required-labels": {
                "org.opencontainers.image.title": "text",
                "org.opencontainers.image.source": "url",
                "org.opencontainers.image.authors": "email",
                "org.opencontainers.image.version": "semver",
                "org.opencontainers.image.created": "rfc3339",
                "org.opencontainers.image.licenses": "spdx",
                "org.opencontainers.image.revision": "git-hash"
            },
            "strict-labels": true,
            "denied-packages": ["telnet"],
            "denied-commands": ["ssh-keygen"],
            "required-instructions": ["HEALTHCHECK"]
        },
        "custom-rules": [
            {"id": "acme/no-add", "severity": "error", "message": "Use COPY: ADD is not allowed",
             "query": "(add_instruction) @report"},
            {"id": "acme/no-apk-upgrade", "message": "Do not upgrade packages in the image",
             "shell-query": shell_query}
        ]
    })
}

const APK_UPGRADE: &str =
    r#"((command name: (command_name) @n argument: (word) @a) @report (#eq? @n "apk") (#eq? @a "upgrade"))"#;

/// `(line, rule, message)` of each diagnostic of these tests' rules, in order.
fn found(diagnostics: &[Value]) -> Vec<(u64, String, String)> {
    let mut out: Vec<(u64, String, String)> = diagnostics
        .iter()
        .filter_map(|d| {
            let code = d["code"].as_str()?;
            (code.starts_with("policy-") || code.starts_with("acme/")).then(|| {
                (
                    d["range"]["start"]["line"].as_u64().unwrap_or(u64::MAX),
                    code.to_owned(),
                    d["message"].as_str().unwrap_or_default().to_owned(),
                )
            })
        })
        .collect();
    out.sort();
    out
}

fn count(found: &[(u64, String, String)], line: u64, rule: &str, part: &str) -> usize {
    found
        .iter()
        .filter(|(l, r, m)| *l == line && r == rule && m.contains(part))
        .count()
}

#[test]
fn policies_and_custom_rules_from_the_client_settings() {
    let mut server = Server::spawn(&["serve"]);
    let response = server.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {},
               "initializationOptions": {"dockerfileLsp": settings("0.2", APK_UPGRADE)}}),
    );
    assert!(response.get("result").is_some(), "initialize failed: {response}");
    server.notify("initialized", json!({}));

    server.open(URI, 1, TEXT);
    let diagnostics = server.published(URI, 1);
    let f = found(&diagnostics);
    let expected = [
        (0, "policy-image", "`node:22` is not allowed: the policy allows only"),
        (1, "policy-package", "Package `telnet` is denied"),
        (1, "policy-command", "Command `ssh-keygen` is denied"),
        (2, "policy-image", "`denied-images`: `*:latest`"),
        (3, "acme/no-add", "Use COPY: ADD is not allowed"),
        (4, "policy-instruction", "no `HEALTHCHECK`"),
        (5, "policy-label", "`org.opencontainers.image.title` is empty"),
        (5, "policy-label", "should be an absolute URL"),
        (5, "policy-label", "should be an e-mail address"),
        (5, "policy-label", "should be a semantic version"),
        (5, "policy-label", "should be an RFC 3339 date and time"),
        (5, "policy-label", "should be an SPDX license expression"),
        (5, "policy-label", "should be a Git commit hash"),
        (5, "policy-label", "`com.acme.team` is not allowed"),
        (6, "acme/no-apk-upgrade", "Do not upgrade packages in the image"),
    ];
    for (line, rule, part) in expected {
        assert_eq!(
            count(&f, line, rule, part),
            1,
            "line {line}: one {rule} with {part:?} in {f:#?}"
        );
    }
    assert_eq!(
        f.len(),
        expected.len(),
        "nothing else, and the suppressed one (line 8) is gone: {f:#?}"
    );
    let custom = diagnostics
        .iter()
        .find(|d| d["code"] == "acme/no-add")
        .expect("a finding of acme/no-add");
    assert_eq!(custom["severity"], 1, "the custom rule's own severity (error)");

    // Hover on the custom rule's finding documents it, query included.
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 6, "character": 6}}),
    );
    let markdown = hover["result"]["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        markdown.contains("acme/no-apk-upgrade")
            && markdown.contains("custom-rules")
            && markdown.contains("(#eq? @n \"apk\")"),
        "{hover}"
    );

    // Pinned to release 0.1: the policy rules (0.2) stop, the custom rules stay.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"dockerfileLsp": settings("0.1", APK_UPGRADE)}}),
    );
    let pinned = found(&server.published(URI, 1));
    let rules: Vec<&str> = pinned.iter().map(|(_, r, _)| r.as_str()).collect();
    assert_eq!(rules, ["acme/no-add", "acme/no-apk-upgrade"], "{pinned:#?}");

    // A shell query that does not compile: the client hears about it, and everything else applies.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"dockerfileLsp": settings("0.2", "(command name: (no_such_node) @report)")}}),
    );
    let shown = server.wait_for("a message about the query", |m| m["method"] == "window/showMessage");
    let text = shown["params"]["message"].as_str().unwrap_or_default();
    assert!(
        text.contains("acme/no-apk-upgrade") && text.contains("no_such_node"),
        "{shown}"
    );
    let rest = found(&server.published(URI, 1));
    assert_eq!(count(&rest, 6, "acme/no-apk-upgrade", ""), 0, "{rest:#?}");
    assert_eq!(rest.len(), expected.len() - 1, "the other rules still run: {rest:#?}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

/// A configuration file with a custom query that does not compile: the error is a diagnostic on
/// the file, at the query's place, and the Dockerfile still gets the findings of every other rule.
#[test]
fn a_broken_query_in_the_file_is_marked_at_its_place_and_the_rest_applies() {
    let root = std::env::temp_dir().join(format!("lsp_policy-broken-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("create scratch dir");
    let root = root.canonicalize().expect("scratch dir exists");
    let config = root.join("dockerfile-lsp.toml");
    let toml = format!(
        "[policy]\ndenied-packages = [\"telnet\"]\n\n[[custom-rules]]\nid = \"acme/no-apk-upgrade\"\n\
         message = \"Do not upgrade packages in the image\"\nshell-query = '{APK_UPGRADE}'\n\n\
         [[custom-rules]]\nid = \"acme/broken\"\nmessage = \"Never reported\"\n\
         shell-query = '(command name: (no_such_node) @report)'\n"
    );
    std::fs::write(&config, &toml).expect("write the configuration");
    let dockerfile = root.join("Dockerfile");
    let text = "FROM alpine:3.22\nRUN apk upgrade && apk add --no-cache telnet\nUSER nobody\n";
    std::fs::write(&dockerfile, text).expect("write the Dockerfile");
    let doc = format!("file://{}", dockerfile.display());
    let config_uri = format!("file://{}", config.display());

    let mut server = Server::spawn(&["serve"]);
    let response = server.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert!(response.get("result").is_some(), "initialize failed: {response}");
    server.notify("initialized", json!({}));
    server.open(&doc, 1, text);
    let f = found(&server.published(&doc, 1));
    assert_eq!(count(&f, 1, "acme/no-apk-upgrade", ""), 1, "{f:#?}");
    assert_eq!(count(&f, 1, "policy-package", "`telnet`"), 1, "{f:#?}");
    assert_eq!(f.len(), 2, "{f:#?}");

    let on_file = server.wait_for("diagnostics on the configuration file", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == config_uri
    });
    let diagnostics = on_file["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
    assert_eq!(diagnostics.len(), 1, "{on_file}");
    let d = &diagnostics[0];
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains("acme/broken") && m.contains("no_such_node")),
        "{d}"
    );
    // At `no_such_node`: the last `shell-query` line, 31 characters in (`shell-query = '(command name: (`).
    let line = toml
        .lines()
        .position(|l| l.starts_with("shell-query = '(command name: (no_such_node)"))
        .expect("the broken query's line");
    assert_eq!(d["range"]["start"], json!({"line": line, "character": 31}), "{d}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
    let _ = std::fs::remove_dir_all(&root);
}
