//! Policies, custom rules, the pinned rule set and hadolint's configuration, through the real
//! binary as a user runs it: `tests/fixtures/policy/<case>/` is a small project, a configuration
//! file (`dockerfile-lsp.toml` or `.hadolint.yaml`) and Dockerfiles annotated the way rule
//! fixtures are (`server/tests/common/annotations.rs`; rule ids may hold the `/` of a custom rule). Each
//! case is copied to a scratch folder without its annotation lines and checked there with
//! `dockerfile-lsp check --format json`, which finds the configuration as it would in a
//! repository. Within the rules a file is about (the policy rules, the configuration's custom
//! rules and every rule an annotation names) every finding must be annotated and every annotation
//! met. The other tests here are about what a configuration does to the run itself: `fail-on`,
//! errors in the file, `rule --list`, SARIF.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::common::annotations::{Expectation, Span, annotation, label, strip};
use crate::common::{scratch, sorted_entries};

fn cases_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/policy")
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    crate::common::bin()
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env("DOCKERFILE_LSP_CACHE_DIR", cwd.join(".cache"))
        .output()
        .expect("run dockerfile-lsp")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn findings(out: &Output) -> Vec<Value> {
    match serde_json::from_slice(&out.stdout) {
        Ok(Value::Array(items)) => items,
        _ => panic!(
            "expected a JSON array, got {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            stderr(out)
        ),
    }
}

/// Where a JSON finding is, as an annotation would say it.
fn span_of(text: &str, finding: &Value) -> Span {
    let at = |key: &str, part: &str| finding["range"][key][part].as_u64().unwrap_or(0) as usize;
    let line = at("start", "line").saturating_sub(1);
    let start = at("start", "column").saturating_sub(1);
    let end = if at("end", "line") == at("start", "line") {
        at("end", "column").saturating_sub(1)
    } else {
        let content = text.split('\n').nth(line).unwrap_or("").trim_end_matches('\r');
        content.chars().count() + 1
    };
    Span { line, start, end }
}

/// Checks one case; the report of what went wrong, if anything did.
fn check_case(case: &Path) -> Result<(), String> {
    let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case");
    let dir = scratch(name);
    let mut files: Vec<(String, String, Vec<Expectation>)> = Vec::new();
    for entry in sorted_entries(case) {
        let Some(file) = entry.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        let source = std::fs::read_to_string(&entry).map_err(|e| format!("{file}: {e}"))?;
        if file.ends_with(".Dockerfile") {
            let annotated = strip(&source);
            std::fs::write(dir.join(&file), &annotated.text).map_err(|e| e.to_string())?;
            files.push((file, annotated.text, annotated.expectations));
        } else {
            std::fs::write(dir.join(&file), &source).map_err(|e| e.to_string())?;
        }
    }
    let out = run(
        &dir,
        &["check", "--format", "json", "--fail-on", "never", "--no-cache", "."],
    );
    let mut report = String::new();
    if out.status.code() != Some(0) {
        let _ = writeln!(report, "  exit code {:?}; stderr:\n{}", out.status.code(), stderr(&out));
    }
    let all = findings(&out);
    for (file, text, expectations) in &files {
        let mine: Vec<&Value> = all
            .iter()
            .filter(|f| f["path"].as_str().is_some_and(|p| p.trim_start_matches("./") == file))
            .collect();
        let mut considered: BTreeSet<&str> = expectations.iter().map(|e| e.rule.as_str()).collect();
        for f in &mine {
            let rule = f["rule"].as_str().unwrap_or("");
            if rule.starts_with("policy-") || rule.contains('/') {
                considered.insert(rule);
            }
        }
        let actual: Vec<&&Value> = mine
            .iter()
            .filter(|f| considered.contains(f["rule"].as_str().unwrap_or("")))
            .collect();
        let mut matched = vec![false; actual.len()];
        let code_line = |line: usize| {
            text.split('\n')
                .nth(line)
                .unwrap_or("")
                .trim_end_matches('\r')
                .to_owned()
        };
        for e in expectations {
            let hit = actual.iter().enumerate().position(|(i, f)| {
                !matched[i]
                    && f["rule"] == e.rule.as_str()
                    && f["severity"] == e.kind.as_str()
                    && f["message"].as_str().is_some_and(|m| m.contains(&e.message))
                    && span_of(text, f) == e.span
            });
            match hit {
                Some(i) => matched[i] = true,
                None => {
                    let _ = writeln!(
                        report,
                        "  {file}: expected, not reported (annotation on line {}):\n      {}\n      {}",
                        e.file_line,
                        code_line(e.span.line),
                        annotation(e.span, &label(&e.kind, &e.rule, &e.message))
                    );
                }
            }
        }
        for (f, _) in actual.iter().zip(&matched).filter(|(_, m)| !**m) {
            let span = span_of(text, f);
            let _ = writeln!(
                report,
                "  {file}: reported, not expected, annotate it as:\n      {}\n      {}",
                code_line(span.line),
                annotation(
                    span,
                    &label(
                        f["severity"].as_str().unwrap_or(""),
                        f["rule"].as_str().unwrap_or(""),
                        f["message"].as_str().unwrap_or("")
                    )
                )
            );
        }
    }
    if files.is_empty() {
        let _ = writeln!(report, "  no *.Dockerfile in the case");
    }
    if report.is_empty() { Ok(()) } else { Err(report) }
}

#[test]
fn policy_cases() {
    // `POLICY_CASES=labels cargo test --test cli policy::` runs only the cases whose name holds it.
    let only = std::env::var("POLICY_CASES").ok();
    let mut failures = String::new();
    let mut checked = 0;
    for case in sorted_entries(&cases_root()).into_iter().filter(|p| p.is_dir()) {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
            continue;
        }
        checked += 1;
        if let Err(report) = check_case(&case) {
            let _ = writeln!(failures, "tests/fixtures/policy/{name}:\n{report}");
        }
    }
    assert!(failures.is_empty(), "policy cases failed:\n\n{failures}");
    assert!(checked > 0, "no cases under {}", cases_root().display());
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write file");
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A project with two custom rules, one of whose queries does not compile.
const BROKEN_QUERY: &str = r#"[[custom-rules]]
id = "acme/no-apk-upgrade"
message = "Do not upgrade packages in the image"
shell-query = '((command name: (command_name) @n argument: (word) @a) @report (#eq? @n "apk") (#eq? @a "upgrade"))'

[[custom-rules]]
id = "acme/broken"
message = "Never reported"
shell-query = '(command name: (no_such_node) @report)'
"#;

#[test]
fn a_query_that_does_not_compile_is_an_error_at_its_place_and_the_other_rules_run() {
    let dir = scratch("broken-query");
    write(&dir, "dockerfile-lsp.toml", BROKEN_QUERY);
    write(&dir, "Dockerfile", "FROM alpine\nRUN apk upgrade\n");
    let out = run(&dir, &["check", "--format", "json", "--no-cache", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(2), "a configuration error: {}", stderr(&out));
    let err = stderr(&out);
    // Line 9, column 32 is `no_such_node` inside the quoted query.
    assert!(err.contains("dockerfile-lsp.toml:9:32`"), "{err}");
    assert!(err.contains("`acme/broken`") && err.contains("no_such_node"), "{err}");
    let rules: BTreeSet<String> = findings(&out)
        .iter()
        .filter_map(|f| f["rule"].as_str().map(str::to_owned))
        .collect();
    assert!(
        rules.contains("acme/no-apk-upgrade"),
        "the other custom rule runs: {rules:?}"
    );
    assert!(rules.contains("untagged-image"), "our rules run: {rules:?}");
    assert!(!rules.contains("acme/broken"), "{rules:?}");
}

#[test]
fn custom_rules_are_listed_documented_and_in_sarif() {
    let dir = scratch("first-class");
    let toml = BROKEN_QUERY
        .split("[[custom-rules]]\nid = \"acme/broken\"")
        .next()
        .unwrap_or_default();
    write(&dir, "dockerfile-lsp.toml", toml);
    write(&dir, "Dockerfile", "FROM alpine:3.22\nRUN apk upgrade\nUSER nobody\n");

    // `rule --list` reads the configuration of the current folder: ours with their release, then
    // the custom rule.
    let list = stdout(&run(&dir, &["rule", "--list"]));
    let header = list.lines().next().unwrap_or_default();
    assert!(header.contains("SINCE"), "{header}");
    let row = |id: &str| {
        list.lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .unwrap_or_else(|| panic!("no row for {id}:\n{list}"))
    };
    assert_eq!(row("untagged-image")[4], "0.1");
    assert_eq!(row("policy-label")[4], "0.2");
    let custom = row("acme/no-apk-upgrade");
    assert_eq!(custom[1..5], ["warning", "-", "none", "custom"], "{custom:?}");

    let doc = stdout(&run(&dir, &["rule", "acme/no-apk-upgrade"]));
    assert!(doc.starts_with("# acme/no-apk-upgrade\n"), "{doc}");
    assert!(
        doc.contains("Do not upgrade packages in the image") && doc.contains("(#eq? @n \"apk\")"),
        "{doc}"
    );
    let zh = stdout(&run(&dir, &["rule", "acme/no-apk-upgrade", "--lang", "zh"]));
    assert!(zh.contains("## 作用"), "{zh}");

    let sarif: Value = serde_json::from_slice(
        &run(
            &dir,
            &[
                "check",
                "--format",
                "sarif",
                "--fail-on",
                "never",
                "--no-cache",
                "Dockerfile",
            ],
        )
        .stdout,
    )
    .expect("SARIF is JSON");
    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().cloned().unwrap_or_default();
    let index = rules
        .iter()
        .position(|r| r["id"] == "acme/no-apk-upgrade")
        .expect("the custom rule in tool.driver.rules");
    let results = run0["results"].as_array().cloned().unwrap_or_default();
    let result = results
        .iter()
        .find(|r| r["ruleId"] == "acme/no-apk-upgrade")
        .expect("a result of the custom rule");
    assert_eq!(result["ruleIndex"], index);
    assert_eq!(result["level"], "warning");

    // The other formats name it as they name ours.
    let github = stdout(&run(
        &dir,
        &[
            "check",
            "--format",
            "github",
            "--fail-on",
            "never",
            "--no-cache",
            "Dockerfile",
        ],
    ));
    assert!(
        github.contains("line=2,") && github.contains("title=acme/no-apk-upgrade::"),
        "{github}"
    );
    let checkstyle = stdout(&run(
        &dir,
        &[
            "check",
            "--format",
            "checkstyle",
            "--fail-on",
            "never",
            "--no-cache",
            "Dockerfile",
        ],
    ));
    assert!(checkstyle.contains("source=\"acme/no-apk-upgrade\""), "{checkstyle}");
}

#[test]
fn fail_on_comes_from_the_configuration_and_the_command_line_wins() {
    // One warning: `other` is not allowed under strict-labels.
    let dir = scratch("fail-on");
    let policy = "[policy]\nrequired-labels = { \"com.acme.team\" = \"text\" }\nstrict-labels = true\n";
    write(&dir, "dockerfile-lsp.toml", &format!("fail-on = \"error\"\n{policy}"));
    let status = |args: &[&str]| run(&dir, args).status.code();
    write(
        &dir,
        "Dockerfile",
        "FROM alpine:3.22\nLABEL com.acme.team=payments other=1\nUSER nobody\n",
    );
    assert_eq!(
        status(&["check", "--no-cache", "Dockerfile"]),
        Some(0),
        "a warning under fail-on = error"
    );
    assert_eq!(
        status(&["check", "--no-cache", "--fail-on", "warning", "Dockerfile"]),
        Some(1)
    );

    // hadolint's failure-threshold and no-fail, from .hadolint.yaml.
    std::fs::remove_file(dir.join("dockerfile-lsp.toml")).expect("remove the toml");
    let yaml = "label-schema:\n  com.acme.team: text\nstrict-labels: true\n";
    write(&dir, ".hadolint.yaml", &format!("failure-threshold: error\n{yaml}"));
    assert_eq!(status(&["check", "--no-cache", "Dockerfile"]), Some(0));
    write(&dir, ".hadolint.yaml", &format!("failure-threshold: warning\n{yaml}"));
    assert_eq!(status(&["check", "--no-cache", "Dockerfile"]), Some(1));
    write(
        &dir,
        ".hadolint.yaml",
        &format!("failure-threshold: warning\nno-fail: true\n{yaml}"),
    );
    assert_eq!(status(&["check", "--no-cache", "Dockerfile"]), Some(0));
}

#[test]
fn hadolint_ignored_and_override_apply_to_our_rules_by_alias() {
    let dir = scratch("hadolint-ignored");
    write(
        &dir,
        ".hadolint.yaml",
        "ignored:\n  - DL3013\noverride:\n  error:\n    - DL3015\n",
    );
    write(
        &dir,
        "Dockerfile",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*\n\
         FROM python:3.12-slim\nRUN pip install --no-cache-dir requests\nUSER nobody\n",
    );
    let rules = |extra: &[&str]| -> Vec<(String, String)> {
        let mut args = vec!["check", "--format", "json", "--fail-on", "never", "--no-cache"];
        args.extend_from_slice(extra);
        args.push("Dockerfile");
        findings(&run(&dir, &args))
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap_or("").to_owned(),
                    f["severity"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect()
    };
    let unpinned = ("unpinned-package-versions".to_owned(), "info".to_owned());
    let recommends = |severity: &str| ("apt-get-missing-no-install-recommends".to_owned(), severity.to_owned());
    let defaults = rules(&["--no-config"]);
    assert!(
        defaults.contains(&unpinned) && defaults.contains(&recommends("info")),
        "{defaults:?}"
    );
    let configured = rules(&[]);
    assert!(
        !configured.iter().any(|(r, _)| r == &unpinned.0),
        "DL3013 is ignored: {configured:?}"
    );
    assert!(
        configured.contains(&recommends("error")),
        "DL3015 is overridden to error: {configured:?}"
    );
}

/// docs/policies.md's worked example is `examples/policy/` as it is, and what `check` says of it
/// there is what `check` says.
#[test]
fn the_worked_example_of_the_policy_docs_is_the_example_and_its_output() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |rel: &str| std::fs::read_to_string(repo.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let doc = read("docs/policies.md");
    for (fence, rel) in [
        ("toml", "examples/policy/dockerfile-lsp.toml"),
        ("dockerfile", "examples/policy/Dockerfile"),
    ] {
        let block = format!("```{fence}\n{}```\n", read(rel));
        assert!(doc.contains(&block), "docs/policies.md does not show {rel} as it is");
    }
    let out = crate::common::bin()
        .args(["check", "--color", "never", "--no-cache", "examples/policy/"])
        .current_dir(&repo)
        .output()
        .expect("run dockerfile-lsp");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let block = format!("```text\n{}```\n", stdout(&out));
    assert!(
        doc.contains(&block),
        "docs/policies.md does not show what check says of examples/policy/:\n{}",
        stdout(&out)
    );
}
