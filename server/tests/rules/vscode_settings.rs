//! The VS Code extension's settings (`contributes.configuration` in editors/vscode/package.json)
//! are generated from the rule registry, so a rule added or changed here shows up in the editor's
//! settings UI. This test fails when the file is stale; `UPDATE=1 cargo test -p dockerfile-lsp
//! --test rules vscode_settings::` rewrites it.

use std::path::PathBuf;

use dockerfile_lsp::analysis::rules::{ALL, Rule};
use serde_json::{Value, json};

const LEVELS: [&str; 5] = ["off", "error", "warning", "info", "hint"];

fn package_json() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../editors/vscode/package.json")
}

/// The rule's level in the settings UI: its severity, or `off` for rules that only run when asked.
fn default_level(rule: &Rule) -> &'static str {
    if rule.default_enabled {
        rule.severity.as_str()
    } else {
        "off"
    }
}

fn rule_setting(rule: &Rule) -> Value {
    let aliases = if rule.aliases.is_empty() {
        String::new()
    } else {
        format!(" (also `{}`)", rule.aliases.join("`, `"))
    };
    json!({
        "type": "string",
        "enum": LEVELS,
        "enumDescriptions": [
            "Do not run this rule",
            "Report as an error",
            "Report as a warning",
            "Report as information",
            "Report as a hint",
        ],
        "default": default_level(rule),
        "markdownDescription": format!(
            "`{}`{}: {}. `off` turns the rule off; a level turns it on at that severity.",
            rule.id, aliases, rule.summary
        ),
    })
}

/// The whole `contributes.configuration` object: the extension's own settings, the server-wide
/// ones, and one setting per rule.
fn configuration() -> Value {
    let mut properties = serde_json::Map::new();
    properties.insert(
        "dockerfileLsp.server.path".into(),
        json!({
            "type": "string",
            "default": "",
            "scope": "machine-overridable",
            "markdownDescription": "Path to the `dockerfile-lsp` executable. When empty, the binary bundled with the extension is used, then `dockerfile-lsp` on `PATH`."
        }),
    );
    properties.insert(
        "dockerfileLsp.locale".into(),
        json!({
            "type": "string",
            "enum": ["auto", "en", "zh-CN"],
            "enumDescriptions": ["Follow VS Code's display language", "English", "Simplified Chinese"],
            "default": "auto",
            "markdownDescription": "Language of diagnostic messages and documentation."
        }),
    );
    properties.insert(
        "dockerfileLsp.trace.server".into(),
        json!({
            "type": "string",
            "enum": ["off", "messages", "verbose"],
            "default": "off",
            "scope": "window",
            "markdownDescription": "Log the messages between VS Code and the server to the output channel."
        }),
    );
    properties.insert(
        "dockerfileLsp.shellcheck.enabled".into(),
        json!({
            "type": "boolean",
            "default": true,
            "markdownDescription": "Check the shell in `RUN` instructions with ShellCheck when it is installed."
        }),
    );
    properties.insert(
        "dockerfileLsp.shellcheck.path".into(),
        json!({
            "type": "string",
            "default": "",
            "scope": "machine-overridable",
            "markdownDescription": "Path to the `shellcheck` executable. When empty, `shellcheck` on `PATH` is used."
        }),
    );
    // House policies and custom rules: the keys of dockerfile-lsp.toml (docs/policies.md), sent to
    // the server only when the user set them.
    let globs = |what: &str| json!({"type": "array", "items": {"type": "string"}, "markdownDescription": what});
    properties.insert(
        "dockerfileLsp.rulesVersion".into(),
        json!({
            "type": "string",
            "default": "",
            "pattern": "^([0-9]+\\.[0-9]+(\\.[0-9]+)?)?$",
            "markdownDescription": "Run only the rules of this dockerfile-lsp release and older (`rules-version`, such as `0.2`), so that an upgrade adds no findings until this changes. Empty: every rule."
        }),
    );
    properties.insert(
        "dockerfileLsp.policy".into(),
        json!({
            "type": "object",
            "default": {},
            "additionalProperties": false,
            "properties": {
                "allowed-images": globs("Globs of the only images `FROM`, `COPY --from` and `RUN --mount=from=` may use (`ghcr.io/acme/*`)."),
                "denied-images": globs("Globs of images they may not use (`*:latest`)."),
                "required-labels": {
                    "type": "object",
                    "additionalProperties": {"type": "string", "enum": ["text", "url", "email", "semver", "rfc3339", "spdx", "git-hash", "hash"]},
                    "markdownDescription": "Labels the image must carry, each with the kind of its value."
                },
                "strict-labels": {"type": "boolean", "markdownDescription": "Report labels that `required-labels` does not list."},
                "denied-packages": globs("Globs of packages no package manager may install (`telnet`, `netcat*`)."),
                "denied-commands": globs("Globs of commands RUN scripts may not run (`ssh-keygen`)."),
                "required-instructions": globs("Instructions the final stage must have (`HEALTHCHECK`, `USER`).")
            },
            "markdownDescription": "House policy, the `[policy]` table of `dockerfile-lsp.toml`: allowed and denied images, required labels, denied packages and commands, required instructions. When set, it replaces the configuration file's."
        }),
    );
    properties.insert(
        "dockerfileLsp.customRules".into(),
        json!({
            "type": "array",
            "default": [],
            "items": {
                "type": "object",
                "required": ["id", "message"],
                "additionalProperties": false,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*$", "markdownDescription": "`<namespace>/<name>`, such as `acme/no-apk-upgrade`."},
                    "severity": {"type": "string", "enum": ["error", "warning", "info", "hint"], "default": "warning"},
                    "message": {"type": "string"},
                    "shell-query": {"type": "string", "markdownDescription": "A tree-sitter-bash query over each RUN script; `@report` captures the findings."},
                    "query": {"type": "string", "markdownDescription": "A tree-sitter-dockerfile query over the Dockerfile; `@report` captures the findings."}
                }
            },
            "markdownDescription": "Rules of your own, the `[[custom-rules]]` of `dockerfile-lsp.toml`: each a tree-sitter query whose `@report` captures are findings. When set, they replace the configuration file's."
        }),
    );
    for rule in ALL.iter() {
        properties.insert(format!("dockerfileLsp.rules.{}", rule.id), rule_setting(rule));
    }
    json!({ "title": "Dockerfile LSP", "properties": properties })
}

/// The byte span of the JSON value that starts at `start` (an object), honouring strings.
fn object_span(text: &str, start: usize) -> usize {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, c) in text[start..].char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return start + i + 1;
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced braces in package.json");
}

#[test]
fn vscode_settings_match_the_rule_registry() {
    let path = package_json();
    let text = std::fs::read_to_string(&path).expect("editors/vscode/package.json is readable");
    let key = "\n    \"configuration\": ";
    let at = text
        .find(key)
        .expect("package.json has contributes.configuration at its usual indent")
        + key.len();
    let end = object_span(&text, at);
    let rendered = serde_json::to_string_pretty(&configuration())
        .expect("configuration renders")
        .replace('\n', "\n    ");
    let wanted = format!("{}{}{}", &text[..at], rendered, &text[end..]);
    // The result must still be the package.json it was, apart from the configuration.
    let parsed: Value = serde_json::from_str(&wanted).expect("generated package.json is JSON");
    assert_eq!(parsed["contributes"]["configuration"], configuration());
    if wanted == text {
        return;
    }
    if std::env::var_os("UPDATE").is_some() {
        std::fs::write(&path, wanted).expect("package.json is writable");
        return;
    }
    panic!(
        "editors/vscode/package.json's contributes.configuration is stale for the rule registry; run \
         `UPDATE=1 cargo test -p dockerfile-lsp --test rules vscode_settings::`"
    );
}

#[test]
fn every_rule_has_a_setting_with_its_default() {
    let config = configuration();
    for rule in ALL.iter() {
        let setting = &config["properties"][format!("dockerfileLsp.rules.{}", rule.id)];
        assert_eq!(setting["default"], default_level(rule), "{}", rule.id);
        assert!(LEVELS.contains(&default_level(rule)));
    }
}
