//! `dockerfile-lsp check` reads the build context from disk: the real binary on a temporary
//! project finds a missing `.dockerignore` and a `COPY` of a file that is not there, creates the
//! ignore file with `--unsafe-fixes`, and knows no context for standard input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

const NODE_APP: &str = "FROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\nCOPY . .\nUSER node\nCMD [\"node\", \"index.js\"]\n";

/// A fresh project folder for one test, under Cargo's scratch folder for integration tests.
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "cli_context-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create project folder");
        }
        std::fs::write(&path, text).expect("write project file");
    }
    dir
}

fn check(args: &[&str], stdin: Option<&str>, cwd: &Path) -> Output {
    let mut cmd = crate::common::bin();
    cmd.arg("check")
        .args(["--format", "json", "--no-config"])
        .args(args)
        .current_dir(cwd)
        .env("CI", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn dockerfile-lsp");
    if let Some(mut pipe) = child.stdin.take() {
        pipe.write_all(stdin.unwrap_or_default().as_bytes())
            .expect("write stdin");
    }
    child.wait_with_output().expect("wait for dockerfile-lsp")
}

/// The findings of a JSON report.
fn findings(out: &Output) -> Vec<Value> {
    let text = String::from_utf8_lossy(&out.stdout);
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(items)) => items,
        Ok(Value::Object(map)) => map
            .get("findings")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => panic!(
            "not a JSON report: {text}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

fn of_rule<'a>(findings: &'a [Value], rule: &str) -> Vec<&'a Value> {
    findings.iter().filter(|f| f["rule"] == rule).collect()
}

#[test]
fn missing_dockerignore_is_found_in_the_dockerfile_folder() {
    let dir = project(
        "missing",
        &[("Dockerfile", NODE_APP), ("package.json", "{}"), ("index.js", "")],
    );
    let out = check(&["Dockerfile"], None, &dir);
    let all = findings(&out);
    let missing = of_rule(&all, "missing-dockerignore");
    assert_eq!(missing.len(), 1, "{all:#?}");
    // On the `.` of `COPY . .` (line 5, columns 6..7).
    assert_eq!(missing[0]["range"]["start"]["line"], 5, "{all:#?}");
    assert_eq!(missing[0]["range"]["start"]["column"], 6, "{all:#?}");
    assert_eq!(missing[0]["fix"]["applicability"], "unsafe", "{all:#?}");
    assert!(of_rule(&all, "copy-source-not-found").is_empty(), "{all:#?}");
}

#[test]
fn an_ignore_file_in_the_folder_silences_it() {
    let dir = project(
        "present",
        &[
            ("Dockerfile", NODE_APP),
            ("package.json", "{}"),
            (".dockerignore", "node_modules\n"),
        ],
    );
    let all = findings(&check(&["Dockerfile"], None, &dir));
    assert!(of_rule(&all, "missing-dockerignore").is_empty(), "{all:#?}");
}

#[test]
fn unsafe_fixes_create_the_ignore_file_for_the_project() {
    let dir = project(
        "fix",
        &[("Dockerfile", NODE_APP), ("package.json", "{}"), ("index.js", "")],
    );
    let out = check(&["--unsafe-fixes", "Dockerfile"], None, &dir);
    let created = std::fs::read_to_string(dir.join(".dockerignore")).unwrap_or_else(|e| {
        panic!(
            "no .dockerignore created ({e}); stdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(created.lines().any(|l| l == "node_modules"), "{created}");
    assert!(created.lines().any(|l| l == ".git"), "{created}");
    let after = findings(&check(&["Dockerfile"], None, &dir));
    assert!(of_rule(&after, "missing-dockerignore").is_empty(), "{after:#?}");
}

#[test]
fn a_copied_file_that_is_not_there_is_an_error() {
    let dir = project(
        "not-found",
        &[
            (
                "Dockerfile",
                "FROM alpine:3.23\nCOPY app.conf /etc/\nCOPY app.sh /usr/local/bin/\nUSER nobody\n",
            ),
            ("app.conf", ""),
            (".dockerignore", ".git\n"),
        ],
    );
    let all = findings(&check(&["Dockerfile"], None, &dir));
    let missing = of_rule(&all, "copy-source-not-found");
    assert_eq!(missing.len(), 1, "{all:#?}");
    assert_eq!(missing[0]["range"]["start"]["line"], 3, "{all:#?}");
    assert_eq!(missing[0]["severity"], "error", "{all:#?}");
}

#[test]
fn standard_input_has_no_context() {
    let dir = project("stdin", &[("package.json", "{}"), ("index.js", "")]);
    let all = findings(&check(&["-"], Some(NODE_APP), &dir));
    assert!(of_rule(&all, "missing-dockerignore").is_empty(), "{all:#?}");
    assert!(of_rule(&all, "copy-source-not-found").is_empty(), "{all:#?}");
}
