//! `check`'s machine formats and rule selection through the real binary: the JSON output of a
//! fixture as a snapshot, SARIF 2.1.0 with every property its schema requires, GitHub workflow
//! commands, Checkstyle and JUnit XML parsed with a real XML parser and GitLab Code Quality JSON
//! (all three held to the JSON output's findings), `--select`/`--ignore` merged into the
//! configuration, and no progress bar when stderr is not a terminal.
//!
//! The fixture's findings come from a fixed `--select`, so that rules added later do not change
//! the snapshot. `UPDATE_EXPECT=1 cargo test --test cli formats::` rewrites it.

use std::path::{Path, PathBuf};
use std::process::Output;

use expect_test::expect_file;
use serde_json::Value;

const SELECT: &str = "unknown-instruction,unknown-flag,expose-protocol-casing,empty-continuation-line";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/cli")
}

/// Runs `check` from the fixtures folder, so that paths in the output are relative.
fn check(args: &[&str]) -> Output {
    crate::common::bin()
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
    expect_file!["../../../tests/fixtures/cli/formats.json"].assert_eq(&stdout(&out));
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
            if !["none", "safe", "unsafe", "safe-or-unsafe"].contains(&rule["properties"]["fix"].as_str().unwrap_or(""))
            {
                e.push(format!("{at}.properties.fix is not a fix kind"));
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
            if let Some(related) = result.get("relatedLocations") {
                for (l, location) in array(e, &format!("{at}.relatedLocations"), related).iter().enumerate() {
                    let at = format!("{at}.relatedLocations[{l}]");
                    if !location["physicalLocation"]["artifactLocation"]["uri"].is_string() {
                        e.push(format!("{at}.physicalLocation has no artifactLocation.uri"));
                    }
                    region(
                        e,
                        &format!("{at}.physicalLocation.region"),
                        &location["physicalLocation"]["region"],
                    );
                    // A related location's message is a message object, and its id (unique in
                    // the result) a non-negative integer.
                    if !location["message"]["text"].is_string() {
                        e.push(format!("{at}.message has no text"));
                    }
                    if location["id"].as_u64() != Some(l as u64) {
                        e.push(format!("{at}.id is not its index"));
                    }
                }
            }
            if let Some(fixes) = result.get("fixes") {
                for (f, fix) in array(e, &format!("{at}.fixes"), fixes).iter().enumerate() {
                    let at = format!("{at}.fixes[{f}]");
                    require(e, &at, fix, "fix");
                    // The rule's declared fix kind must allow the fix it carries.
                    let kind = index
                        .and_then(|i| rules.get(i))
                        .and_then(|r| r["properties"]["fix"].as_str())
                        .unwrap_or("");
                    let applicability = fix["properties"]["applicability"].as_str().unwrap_or("");
                    if !(kind == "safe-or-unsafe" || kind == applicability) {
                        e.push(format!(
                            "{at}: fix of applicability `{applicability}` from a rule whose fix kind is `{kind}`"
                        ));
                    }
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
    // A rule that says its fixes are safe while its finding carries an unsafe one.
    let flag_rule = flag["ruleIndex"].as_u64().unwrap_or_default() as usize;
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"][flag_rule]["properties"]["fix"],
        "unsafe"
    );
    broken["runs"][0]["tool"]["driver"]["rules"][flag_rule]["properties"]["fix"] = "safe".into();
    let found = validate(&broken);
    assert!(
        found.iter().any(|e| e.contains("lacks `message`")) && found.iter().any(|e| e.contains("lacks `name`")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|e| e.contains("applicability `unsafe` from a rule whose fix kind is `safe`")),
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

const RELATED: &str = "unpinned-package-versions,invalid-label-key";

#[test]
fn json_output_of_related_places_snapshot() {
    let out = check(&[
        "--format",
        "json",
        "--select",
        RELATED,
        "--no-config",
        "--fail-on",
        "never",
        "related.Dockerfile",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    expect_file!["../../../tests/fixtures/cli/related.json"].assert_eq(&stdout(&out));
}

/// One finding per install command and per LABEL; the text output underlines each related place
/// with `-` and its message, as rustc labels secondary spans.
#[test]
fn text_output_labels_related_places() {
    let out = check(&[
        "--select",
        RELATED,
        "--no-config",
        "--color",
        "never",
        "--fail-on",
        "never",
        "related.Dockerfile",
    ]);
    let text = stdout(&out);
    let want = "\
related.Dockerfile:4:23: info[unpinned-package-versions/DL3008]: 3 packages are installed without a version: `gcc`, `libc6-dev`, `curl`
  |
4 | RUN apt-get update && apt-get install -y --no-install-recommends \\
  |                       ^^^^^^^^^^^^^^^
5 |         gcc \\
  |         --- `gcc` is installed without a version
6 |         libc6-dev curl \\
  |         --------- `libc6-dev` is installed without a version
  |                   ---- `curl` is installed without a version

related.Dockerfile:8:1: hint[invalid-label-key/DL3048]: 3 label keys do not follow Docker's recommendations for keys: `Version`, `build_date`, `com.docker.extension.api`
  |
8 | LABEL Version=\"1.4.2\" build_date=\"2024-06-01\" \\
  | ^^^^^
  |       ------- `Version` is not in the lower-case reverse-DNS form
  |                       ---------- `build_date` is not in the lower-case reverse-DNS form
9 |       com.docker.extension.api=\"1\" org.opencontainers.image.title=\"x\"
  |       ------------------------ `com.docker.extension.api` is in the `com.docker.` namespace, which Docker reserves

2 problems (1 info, 1 hint) in 1 file
";
    assert_eq!(text, want);
}

/// SARIF carries the places as `relatedLocations`; the one-line formats list them in the message.
#[test]
fn related_places_in_sarif_and_the_one_line_formats() {
    let sarif = check(&[
        "--format",
        "sarif",
        "--select",
        RELATED,
        "--no-config",
        "related.Dockerfile",
    ]);
    let log: Value = serde_json::from_str(&stdout(&sarif)).expect("SARIF is JSON");
    let errors = validate(&log);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let results = log["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 2, "{results:?}");
    let packages = &results[0]["relatedLocations"];
    let places: Vec<(u64, u64, &str)> = packages
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| {
            let region = &l["physicalLocation"]["region"];
            (
                region["startLine"].as_u64().unwrap_or_default(),
                region["startColumn"].as_u64().unwrap_or_default(),
                l["message"]["text"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            (5, 9, "`gcc` is installed without a version"),
            (6, 9, "`libc6-dev` is installed without a version"),
            (6, 19, "`curl` is installed without a version"),
        ]
    );
    assert_eq!(
        packages[0]["physicalLocation"]["artifactLocation"]["uri"],
        "related.Dockerfile"
    );
    assert_eq!(results[1]["relatedLocations"].as_array().map(Vec::len), Some(3));

    // The validator catches a related location without a message.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["relatedLocations"][1]
        .as_object_mut()
        .map(|l| l.remove("message"));
    assert!(
        validate(&broken)
            .iter()
            .any(|e| e.contains("relatedLocations[1].message has no text"))
    );

    let github = stdout(&check(&[
        "--format",
        "github",
        "--select",
        RELATED,
        "--no-config",
        "related.Dockerfile",
    ]));
    assert_eq!(
        github.lines().collect::<Vec<_>>(),
        [
            "::notice file=related.Dockerfile,line=4,col=23,endLine=4,endColumn=38,title=unpinned-package-versions::3 packages are installed without a version: `gcc`, `libc6-dev`, `curl` (DL3008)",
            "::notice file=related.Dockerfile,line=8,col=1,endLine=8,endColumn=6,title=invalid-label-key::3 label keys do not follow Docker's recommendations for keys: `Version`, `build_date`, `com.docker.extension.api` (DL3048)",
        ]
    );
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
            "FROM alpine:3.23\nUSER nobody\nCMD [\"true\"]\n",
        )
        .expect("write");
    }
    let out = crate::common::bin()
        .args(["check", "--color", "never", "--fail-on", "never"])
        .arg(&dir)
        .env_remove("CI")
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains('\r') && !stderr.contains("checking ["), "{stderr:?}");
}

/// A scratch folder holding the fixture, the clean file and a file whose finding's message
/// holds markup characters, quotes, Chinese and control characters XML 1.0 forbids, under a
/// name with `&`, a space and Chinese. `check` runs from it so that names stay relative.
fn ci_tree(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_formats-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    for file in ["formats.Dockerfile", "clean.Dockerfile"] {
        std::fs::copy(fixtures().join(file), dir.join(file)).expect("copy fixture");
    }
    std::fs::write(dir.join(SPECIAL), "FROM alpine:3.23\nRUNN<&\"中文\u{1}\u{1b}' x\n").expect("write");
    dir
}

const SPECIAL: &str = "中文 & co.Dockerfile";
/// The message of the finding in [`SPECIAL`], as the JSON output has it, and as an XML report
/// can carry it: the two control characters, which no XML 1.0 document may hold, replaced.
const SPECIAL_MESSAGE: &str = "Unknown instruction `RUNN<&\"中文\u{1}\u{1b}'`";
const SPECIAL_IN_XML: &str = "Unknown instruction `RUNN<&\"中文\u{FFFD}\u{FFFD}'`";

fn check_in(dir: &Path, args: &[&str]) -> Output {
    crate::common::bin()
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .output()
        .expect("the dockerfile-lsp binary runs")
}

/// `check` over the tree in one format; the exit code must be that of the text output.
fn ci_report(dir: &Path, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["--format", format, "--select", SELECT, "--no-config"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["formats.Dockerfile", "clean.Dockerfile", SPECIAL]);
    let out = check_in(dir, &args);
    let mut text_args = args.clone();
    text_args[1] = "text";
    assert_eq!(out.status.code(), check_in(dir, &text_args).status.code(), "{out:?}");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    stdout(&out)
}

/// One finding as the JSON output reports it: the reference the other formats are held to.
#[derive(Debug, PartialEq)]
struct Expected {
    path: String,
    line: u64,
    column: u64,
    severity: String,
    rule: String,
    /// The message with the alias that matched, as the one-line formats write it.
    message: String,
}

fn expected(dir: &Path) -> Vec<Expected> {
    let json: Vec<Value> = serde_json::from_str(&ci_report(dir, "json", &[])).expect("JSON output");
    json.iter()
        .map(|f| {
            let message = f["message"].as_str().unwrap_or_default();
            Expected {
                path: f["path"].as_str().unwrap_or_default().to_owned(),
                line: f["range"]["start"]["line"].as_u64().unwrap_or_default(),
                column: f["range"]["start"]["column"].as_u64().unwrap_or_default(),
                severity: f["severity"].as_str().unwrap_or_default().to_owned(),
                rule: f["rule"].as_str().unwrap_or_default().to_owned(),
                message: match f["code"].as_str() {
                    Some(code) => format!("{message} ({code})"),
                    None => message.to_owned(),
                },
            }
        })
        .collect()
}

/// The JSON reference with the forbidden characters replaced, as XML reports carry it.
fn expected_in_xml(dir: &Path) -> Vec<Expected> {
    let mut all = expected(dir);
    let special = all
        .iter_mut()
        .find(|e| e.path == SPECIAL)
        .expect("the special file has a finding");
    assert_eq!(special.message, SPECIAL_MESSAGE);
    special.message = SPECIAL_IN_XML.to_owned();
    all
}

fn elements<'a, 'input>(node: roxmltree::Node<'a, 'input>, tag: &str) -> Vec<roxmltree::Node<'a, 'input>> {
    node.children()
        .filter(|n| n.is_element() && n.tag_name().name() == tag)
        .collect()
}

fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    node.attribute(name)
        .unwrap_or_else(|| panic!("<{}> has no `{name}`", node.tag_name().name()))
}

#[test]
fn checkstyle_report() {
    let dir = ci_tree("checkstyle");
    let xml = ci_report(&dir, "checkstyle", &[]);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}:\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "checkstyle");
    assert_eq!(attr(root, "version"), "4.3");
    let files = elements(root, "file");
    let names: Vec<&str> = files.iter().map(|f| attr(*f, "name")).collect();
    assert_eq!(names, ["formats.Dockerfile", "clean.Dockerfile", SPECIAL]);
    // The clean file is listed, with nothing in it.
    assert_eq!(files[1].children().filter(|n| n.is_element()).count(), 0);

    let mut found = Vec::new();
    for file in &files {
        for error in elements(*file, "error") {
            found.push(Expected {
                path: attr(*file, "name").to_owned(),
                line: attr(error, "line").parse().expect("a line number"),
                column: attr(error, "column").parse().expect("a column number"),
                // Checkstyle has no hint; ours are info (none in this run).
                severity: attr(error, "severity").to_owned(),
                rule: attr(error, "source").to_owned(),
                message: attr(error, "message").to_owned(),
            });
        }
    }
    assert_eq!(found, expected_in_xml(&dir));
    assert_eq!(
        found[1],
        Expected {
            path: "formats.Dockerfile".into(),
            line: 5,
            column: 19,
            severity: "error".into(),
            rule: "unknown-flag".into(),
            message: "Unknown flag `--form` for `COPY` (did you mean `--from`?)".into(),
        }
    );
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{1b}'));

    // No findings: a valid report that lists the file, and exit code 0.
    let clean = check_in(&dir, &["--format", "checkstyle", "--no-config", "clean.Dockerfile"]);
    assert_eq!(clean.status.code(), Some(0), "{clean:?}");
    let xml = stdout(&clean);
    let doc = roxmltree::Document::parse(&xml).expect("valid XML");
    let files = elements(doc.root_element(), "file");
    assert_eq!(files.len(), 1);
    assert!(elements(files[0], "error").is_empty());
}

#[test]
fn junit_report() {
    let dir = ci_tree("junit");
    let xml = ci_report(&dir, "junit", &[]);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}:\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites = elements(root, "testsuite");
    let names: Vec<&str> = suites.iter().map(|s| attr(*s, "name")).collect();
    assert_eq!(names, ["formats.Dockerfile", "clean.Dockerfile", SPECIAL]);

    let mut found = Vec::new();
    let (mut tests, mut failures) = (0, 0);
    for suite in &suites {
        let cases = elements(*suite, "testcase");
        let failed = cases.iter().filter(|c| !elements(**c, "failure").is_empty()).count();
        assert_eq!(attr(*suite, "tests"), cases.len().to_string());
        assert_eq!(attr(*suite, "failures"), failed.to_string());
        assert_eq!(attr(*suite, "errors"), "0");
        tests += cases.len();
        failures += failed;
        for case in cases {
            assert_eq!(attr(case, "classname"), attr(*suite, "name"));
            assert_eq!(attr(case, "file"), attr(*suite, "name"));
            for failure in elements(case, "failure") {
                let line: u64 = attr(case, "line").parse().expect("a line number");
                // `<rule>[/<alias>] at <line>:<column>`
                let name = attr(case, "name");
                let (label, at) = name.split_once(" at ").expect("`rule at line:column`");
                let (l, column) = at.split_once(':').expect("line:column");
                assert_eq!(l, line.to_string());
                let body = failure.text().unwrap_or_default();
                found.push(Expected {
                    path: attr(*suite, "name").to_owned(),
                    line,
                    column: column.parse().expect("a column number"),
                    severity: attr(failure, "type").to_owned(),
                    rule: label.split('/').next().unwrap_or_default().to_owned(),
                    message: attr(failure, "message").to_owned(),
                });
                // The text is the finding as the text output shows it, source line included.
                assert!(
                    body.starts_with(&format!("{}:{line}:{column}: ", attr(*suite, "name"))),
                    "{body}"
                );
                assert!(body.contains(&format!("{line} | ")), "{body}");
            }
        }
    }
    assert_eq!(found, expected_in_xml(&dir));
    assert_eq!(attr(root, "tests"), tests.to_string());
    assert_eq!(attr(root, "failures"), failures.to_string());
    assert_eq!(failures, found.len());

    // The clean file passes one test case; the special one's source line comes through with
    // its Chinese and markup, control characters replaced.
    let clean = elements(suites[1], "testcase");
    assert_eq!(clean.len(), 1);
    assert!(elements(clean[0], "failure").is_empty());
    let special = elements(suites[2], "testcase");
    let body = elements(special[0], "failure")[0].text().unwrap_or_default();
    assert!(body.contains("2 | RUNN<&\"中文\u{FFFD}\u{FFFD}' x"), "{body}");
    assert!(xml.contains("&lt;&amp;&quot;中文") && !xml.contains('\u{1b}'));

    // Only clean files: the report still holds a passing test, and the exit code is 0.
    let out = check_in(&dir, &["--format", "junit", "--no-config", "clean.Dockerfile"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let xml = stdout(&out);
    let doc = roxmltree::Document::parse(&xml).expect("valid XML");
    assert_eq!(attr(doc.root_element(), "tests"), "1");
    assert_eq!(attr(doc.root_element(), "failures"), "0");
}

#[test]
fn gitlab_code_quality_report() {
    let dir = ci_tree("gitlab");
    let parse = |text: &str| -> Vec<Value> {
        match serde_json::from_str(text) {
            Ok(Value::Array(issues)) => issues,
            other => panic!("expected a JSON array, got {other:?}"),
        }
    };
    let issues = parse(&ci_report(&dir, "gitlab", &[]));
    let reference = expected(&dir);
    assert_eq!(issues.len(), reference.len());
    let scale = ["info", "minor", "major", "critical", "blocker"];
    for (issue, want) in issues.iter().zip(&reference) {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(issue[key].as_str().is_some_and(|s| !s.is_empty()), "`{key}` in {issue}");
        }
        assert!(
            scale.contains(&issue["severity"].as_str().unwrap_or_default()),
            "{issue}"
        );
        assert_eq!(issue["location"]["path"], want.path.as_str());
        assert_eq!(issue["location"]["lines"]["begin"], want.line);
        assert!(issue["location"]["lines"]["end"].as_u64() >= Some(want.line), "{issue}");
        assert_eq!(issue["check_name"], want.rule.as_str());
        // JSON carries every character, control characters included.
        assert_eq!(issue["description"], want.message.as_str());
        let severity = match want.severity.as_str() {
            "error" => "blocker",
            "warning" => "major",
            "info" => "minor",
            _ => "info",
        };
        assert_eq!(issue["severity"], severity);
    }
    assert!(issues.iter().any(|i| i["description"] == SPECIAL_MESSAGE));
    let fingerprints = |issues: &[Value]| -> Vec<String> {
        issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let first = fingerprints(&issues);
    let unique: std::collections::HashSet<&String> = first.iter().collect();
    assert_eq!(unique.len(), first.len(), "{first:?}");
    // Stable from run to run, and the same however the file is named on the command line.
    assert_eq!(fingerprints(&parse(&ci_report(&dir, "gitlab", &[]))), first);
    let dotted = check_in(
        &dir,
        &[
            "--format",
            "gitlab",
            "--select",
            SELECT,
            "--no-config",
            "./formats.Dockerfile",
        ],
    );
    let dotted = parse(&stdout(&dotted));
    assert_eq!(dotted[0]["location"]["path"], "formats.Dockerfile");
    assert_eq!(fingerprints(&dotted), first[..dotted.len()]);

    // Lines added above a finding move it but keep its fingerprint; identical findings on
    // identical lines still get fingerprints of their own.
    let twice = "FROM alpine:3.23\nRUNN a\nRUNN a\nEXPOSE 80/TCP\n";
    std::fs::write(dir.join("Dockerfile"), twice).expect("write");
    let run = || {
        let out = check_in(
            &dir,
            &["--format", "gitlab", "--select", SELECT, "--no-config", "Dockerfile"],
        );
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        parse(&stdout(&out))
    };
    let before = run();
    std::fs::write(dir.join("Dockerfile"), format!("# a comment\n\n{twice}")).expect("write");
    let after = run();
    assert_eq!(before.len(), 3, "{before:?}");
    assert_eq!(fingerprints(&before), fingerprints(&after));
    let lines = |issues: &[Value]| -> Vec<u64> {
        issues
            .iter()
            .filter_map(|i| i["location"]["lines"]["begin"].as_u64())
            .collect()
    };
    assert_eq!((lines(&before), lines(&after)), (vec![2, 3, 4], vec![4, 5, 6]));
    let repeated = fingerprints(&before);
    assert_ne!(repeated[0], repeated[1]);

    // No findings: an empty array, and exit code 0.
    let clean = check_in(&dir, &["--format", "gitlab", "--no-config", "clean.Dockerfile"]);
    assert_eq!(clean.status.code(), Some(0), "{clean:?}");
    assert!(parse(&stdout(&clean)).is_empty());
}

#[test]
fn ci_formats_follow_fail_on() {
    let dir = ci_tree("fail-on");
    for format in ["checkstyle", "junit", "gitlab"] {
        let code = |fail_on: &str| {
            check_in(
                &dir,
                &[
                    "--format",
                    format,
                    "--select",
                    SELECT,
                    "--no-config",
                    "--fail-on",
                    fail_on,
                    "formats.Dockerfile",
                ],
            )
            .status
            .code()
        };
        assert_eq!((code("error"), code("never")), (Some(1), Some(0)), "{format}");
    }
    let missing = check_in(&dir, &["--format", "junit", "--no-config", "missing.Dockerfile"]);
    assert_eq!(missing.status.code(), Some(2));
}

/// `check .` finds `./app/Dockerfile`; GitHub annotations and SARIF name it from the repository
/// root, as GitHub matches them to files, without the `./`.
#[test]
fn github_and_sarif_paths_have_no_leading_dot() {
    let dir = ci_tree("dot-paths");
    std::fs::create_dir_all(dir.join("app")).expect("mkdir");
    std::fs::write(dir.join("app/Dockerfile"), "FROM alpine\n").expect("write");
    let github = stdout(&check_in(&dir, &["--format", "github", "--no-config", "."]));
    assert!(github.contains(" file=app/Dockerfile,"), "{github}");
    assert!(!github.contains("./"), "{github}");
    let sarif: Value =
        serde_json::from_str(&stdout(&check_in(&dir, &["--format", "sarif", "--no-config", "."]))).expect("SARIF JSON");
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(
        uris.contains(&"app/Dockerfile") && uris.iter().all(|u| !u.starts_with('.')),
        "{uris:?}"
    );
}
