//! `check`'s machine formats and rule selection through the real binary: the JSON output of a
//! fixture as a snapshot, SARIF 2.1.0 with every property its schema requires, GitHub workflow
//! commands, `--select`/`--ignore` merged into the configuration, and no progress bar when
//! stderr is not a terminal.
//!
//! The fixture's findings come from a fixed `--select`, so that rules added later do not change
//! the snapshot. `UPDATE_EXPECT=1 cargo test --test cli_formats` rewrites it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use expect_test::expect_file;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_dockerfile-lsp");
const SELECT: &str = "unknown-instruction,unknown-flag,expose-protocol-casing,empty-continuation-line";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/cli")
}

/// Runs `check` from the fixtures folder, so that paths in the output are relative.
fn check(args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("check")
        .args(args)
        .current_dir(fixtures())
        .env_remove("CI")
        .output()
        .expect("the dockerfile-lsp binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn json_output_snapshot() {
    let out = check(&[
        "--format",
        "json",
        "--select",
        SELECT,
        "--no-config",
        "formats.Dockerfile",
    ]);
    assert_eq!(out.status.code(), Some(1), "errors found: {out:?}");
    expect_file!["../../tests/fixtures/cli/formats.json"].assert_eq(&stdout(&out));
}

/// The `required` properties of the SARIF 2.1.0 schema's definitions that our log uses
/// (`sarif-schema-2.1.0.json`), and `anyOf` alternatives where the schema has them.
const REQUIRED: &[(&str, &[&str])] = &[
    ("sarifLog", &["version", "runs"]),
    ("run", &["tool"]),
    ("tool", &["driver"]),
    ("toolComponent", &["name"]),
    ("reportingDescriptor", &["id"]),
    ("multiformatMessageString", &["text"]),
    ("result", &["message"]),
    ("artifactChange", &["artifactLocation", "replacements"]),
    ("replacement", &["deletedRegion"]),
    ("fix", &["artifactChanges"]),
];

fn require(errors: &mut Vec<String>, at: &str, value: &Value, definition: &str) {
    let Some(object) = value.as_object() else {
        errors.push(format!("{at}: a {definition} must be an object"));
        return;
    };
    let required = REQUIRED
        .iter()
        .find(|(d, _)| *d == definition)
        .map_or(&[][..], |(_, r)| r);
    for key in required {
        if !object.contains_key(*key) {
            errors.push(format!("{at}: {definition} lacks `{key}`"));
        }
    }
}

fn array<'a>(errors: &mut Vec<String>, at: &str, value: &'a Value) -> &'a [Value] {
    match value.as_array() {
        Some(items) => items,
        None => {
            errors.push(format!("{at}: not an array"));
            &[]
        }
    }
}

fn region(errors: &mut Vec<String>, at: &str, region: &Value) {
    for key in ["startLine", "startColumn", "endLine", "endColumn"] {
        if region[key].as_u64().is_none_or(|n| n < 1) {
            errors.push(format!("{at}: `{key}` is not a positive integer"));
        }
    }
}

/// Everything the schema requires, the properties the brief promises, and their consistency.
fn validate(log: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let e = &mut errors;
    require(e, "$", log, "sarifLog");
    if log["version"] != "2.1.0" {
        e.push("$.version is not 2.1.0".into());
    }
    if !log["$schema"].as_str().is_some_and(|s| s.contains("2.1.0")) {
        e.push("$.$schema does not name SARIF 2.1.0".into());
    }
    for (r, run) in array(e, "$.runs", &log["runs"]).iter().enumerate() {
        let at = format!("$.runs[{r}]");
        require(e, &at, run, "run");
        require(e, &format!("{at}.tool"), &run["tool"], "tool");
        let driver = &run["tool"]["driver"];
        require(e, &format!("{at}.tool.driver"), driver, "toolComponent");
        for key in ["version", "informationUri"] {
            if !driver[key].is_string() {
                e.push(format!("{at}.tool.driver lacks `{key}`"));
            }
        }
        let rules = array(e, &format!("{at}.tool.driver.rules"), &driver["rules"]);
        for (i, rule) in rules.iter().enumerate() {
            let at = format!("{at}.tool.driver.rules[{i}]");
            require(e, &at, rule, "reportingDescriptor");
            for key in ["shortDescription", "fullDescription", "help"] {
                require(e, &format!("{at}.{key}"), &rule[key], "multiformatMessageString");
            }
            if !rule["help"]["markdown"].is_string() {
                e.push(format!("{at}.help lacks `markdown`"));
            }
            if !["none", "note", "warning", "error"]
                .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap_or(""))
            {
                e.push(format!("{at}.defaultConfiguration.level is not a SARIF level"));
            }
            if !rule["properties"]["aliases"].is_array() {
                e.push(format!("{at}.properties.aliases is not an array"));
            }
        }
        for (i, result) in array(e, &format!("{at}.results"), &run["results"]).iter().enumerate() {
            let at = format!("{at}.results[{i}]");
            require(e, &at, result, "result");
            // `message` needs `text` or `id` (anyOf); ours always has text.
            if !result["message"]["text"].is_string() {
                e.push(format!("{at}.message has no text"));
            }
            let index = result["ruleIndex"].as_u64().map(|i| i as usize);
            let named = index.and_then(|i| rules.get(i)).map(|r| &r["id"]);
            if named != Some(&result["ruleId"]) {
                e.push(format!("{at}: ruleIndex does not point at ruleId"));
            }
            if !["none", "note", "warning", "error"].contains(&result["level"].as_str().unwrap_or("")) {
                e.push(format!("{at}.level is not a SARIF level"));
            }
            for (l, location) in array(e, &format!("{at}.locations"), &result["locations"])
                .iter()
                .enumerate()
            {
                let physical = &location["physicalLocation"];
                // A physicalLocation needs `address` or `artifactLocation` (anyOf).
                if !physical["artifactLocation"]["uri"].is_string() {
                    e.push(format!(
                        "{at}.locations[{l}].physicalLocation has no artifactLocation.uri"
                    ));
                }
                region(
                    e,
                    &format!("{at}.locations[{l}].physicalLocation.region"),
                    &physical["region"],
                );
            }
            if let Some(fixes) = result.get("fixes") {
                for (f, fix) in array(e, &format!("{at}.fixes"), fixes).iter().enumerate() {
                    let at = format!("{at}.fixes[{f}]");
                    require(e, &at, fix, "fix");
                    for (c, change) in array(e, &format!("{at}.artifactChanges"), &fix["artifactChanges"])
                        .iter()
                        .enumerate()
                    {
                        let at = format!("{at}.artifactChanges[{c}]");
                        require(e, &at, change, "artifactChange");
                        let replacements = array(e, &format!("{at}.replacements"), &change["replacements"]);
                        if replacements.is_empty() {
                            e.push(format!("{at}.replacements is empty (minItems 1)"));
                        }
                        for (p, replacement) in replacements.iter().enumerate() {
                            require(e, &format!("{at}.replacements[{p}]"), replacement, "replacement");
                        }
                    }
                }
            }
        }
    }
    errors
}

#[test]
fn sarif_has_every_field_sarif_requires() {
    let out = check(&["--format", "sarif", "--no-config", "formats.Dockerfile"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let log: Value = serde_json::from_str(&stdout(&out)).expect("SARIF is JSON");
    let errors = validate(&log);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let results = log["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    assert!(results.len() >= 4, "{results:?}");
    let flag = results
        .iter()
        .find(|r| r["ruleId"] == "unknown-flag")
        .expect("the unknown flag is reported");
    let region = &flag["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        region["startColumn"], 19,
        "columns count characters, like `columnKind` says"
    );
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
    assert_eq!(
        flag["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "formats.Dockerfile"
    );
    assert!(flag["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "--from");

    // The validator itself catches what is missing.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .map(|r| r.remove("message"));
    broken["runs"][0]["tool"]["driver"]
        .as_object_mut()
        .map(|d| d.remove("name"));
    let found = validate(&broken);
    assert!(
        found.iter().any(|e| e.contains("lacks `message`")) && found.iter().any(|e| e.contains("lacks `name`")),
        "{found:?}"
    );

    // No findings: still a valid log, with an empty result list.
    let clean = check(&[
        "--format",
        "sarif",
        "--select",
        "unknown-instruction",
        "--no-config",
        "clean.Dockerfile",
    ]);
    let log: Value = serde_json::from_str(&stdout(&clean)).expect("SARIF is JSON");
    assert!(validate(&log).is_empty());
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn github_annotations() {
    let out = check(&[
        "--format",
        "github",
        "--select",
        SELECT,
        "--no-config",
        "formats.Dockerfile",
    ]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "::error file=formats.Dockerfile,line=4,col=1,endLine=4,endColumn=5,title=unknown-instruction::Unknown instruction `RUNN` (did you mean `RUN`?)",
            "::error file=formats.Dockerfile,line=5,col=19,endLine=5,endColumn=25,title=unknown-flag::Unknown flag `--form` for `COPY` (did you mean `--from`?)",
            "::warning file=formats.Dockerfile,line=6,col=13,endLine=6,endColumn=16,title=expose-protocol-casing::Protocol `TCP` should be written `tcp` (ExposeProtoCasing)",
            "::warning file=formats.Dockerfile,line=8,col=1,endLine=9,endColumn=1,title=empty-continuation-line::Empty line inside the continued `RUN` instruction (NoEmptyContinuation)",
        ]
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn select_and_ignore_merge_into_the_configuration() {
    let rules_of = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--format", "json", "--no-config"];
        all.extend_from_slice(args);
        all.push("formats.Dockerfile");
        let out = check(&all);
        let findings: Vec<Value> = serde_json::from_str(&stdout(&out)).expect("JSON output");
        let mut rules: Vec<String> = findings
            .iter()
            .filter_map(|f| f["rule"].as_str().map(str::to_owned))
            .collect();
        rules.dedup();
        rules
    };
    assert_eq!(rules_of(&["--select", "unknown-flag"]), ["unknown-flag"]);
    assert_eq!(
        rules_of(&["--select", "ExposeProtoCasing,unknown-flag"]),
        ["unknown-flag", "expose-protocol-casing"]
    );
    assert_eq!(
        rules_of(&[
            "--select",
            SELECT,
            "--ignore",
            "NoEmptyContinuation",
            "--ignore",
            "unknown-flag"
        ]),
        ["unknown-instruction", "expose-protocol-casing"]
    );

    // `--ignore` adds to the file's `ignore`; `--select` replaces its `select`.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_formats-merge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let config = dir.join("dockerfile-lsp.toml");
    std::fs::write(
        &config,
        "select = [\"unknown-flag\", \"unknown-instruction\"]\nignore = [\"unknown-flag\"]\n",
    )
    .expect("write config");
    let config = config.to_string_lossy().into_owned();
    let with_config = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--format", "json", "--config", config.as_str()];
        all.extend_from_slice(args);
        all.push("formats.Dockerfile");
        let out = check(&all);
        let findings: Vec<Value> = serde_json::from_str(&stdout(&out)).expect("JSON output");
        findings
            .iter()
            .filter_map(|f| f["rule"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(with_config(&[]), ["unknown-instruction"]);
    assert!(with_config(&["--ignore", "unknown-instruction"]).is_empty());
    assert_eq!(
        with_config(&["--select", "unknown-flag,ExposeProtoCasing"]),
        ["expose-protocol-casing"]
    );

    let typo = check(&["--select", "unknown-flagg", "formats.Dockerfile"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("`unknown-flagg`"));
    assert!(typo.stdout.is_empty());
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_formats-many-{}", std::process::id()));
    for i in 0..30 {
        let sub = dir.join(format!("s{i}"));
        std::fs::create_dir_all(&sub).expect("scratch dir");
        std::fs::write(
            sub.join("Dockerfile"),
            "FROM alpine:3.20\nUSER nobody\nCMD [\"true\"]\n",
        )
        .expect("write");
    }
    let out = Command::new(BIN)
        .args(["check", "--color", "never", "--fail-on", "never"])
        .arg(&dir)
        .env_remove("CI")
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains('\r') && !stderr.contains("checking ["), "{stderr:?}");
}
