//! `dockerfile-lsp check` as a user runs it: the real binary on real files, its exit codes, its
//! text and JSON output, and how it finds Dockerfiles in directories.

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use crate::common::scratch;
use common::corpus;
use serde_json::Value;

/// A Dockerfile no rule should complain about.
const CLEAN: &str = "FROM alpine:3.23\nUSER nobody\nCMD [\"true\"]\n";
/// An error: `FORM` is no instruction.
const TYPO: &str = "FORM alpine:3.23\n";

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create parent dir");
    }
    std::fs::write(&path, text).expect("write file");
    path
}

fn check(args: &[&str], stdin: Option<&str>, cwd: Option<&Path>) -> Output {
    let mut cmd = crate::common::bin();
    cmd.arg("check").args(args).env_remove("NO_COLOR");
    if let Some(cwd) = cwd {
        cmd.current_dir(cwd);
    }
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn dockerfile-lsp");
    if let Some(mut pipe) = child.stdin.take() {
        pipe.write_all(stdin.unwrap_or_default().as_bytes())
            .expect("write stdin");
    }
    child.wait_with_output().expect("wait for dockerfile-lsp")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> Vec<Value> {
    match serde_json::from_slice(&out.stdout) {
        Ok(Value::Array(items)) => items,
        other => panic!("expected a JSON array, got {other:?} from {}", stdout(out)),
    }
}

fn rules(findings: &[Value]) -> Vec<&str> {
    findings.iter().filter_map(|f| f["rule"].as_str()).collect()
}

#[test]
fn clean_file_exits_zero() {
    let dir = scratch("clean");
    let file = write(&dir, "Dockerfile", CLEAN);
    let out = check(&[file.to_str().unwrap_or_default()], None, None);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(stdout(&out), "0 problems in 1 file\n");
    assert_eq!(stderr(&out), "");
}

#[test]
fn error_exits_one_and_fail_on_decides() {
    let dir = scratch("fail-on");
    let file = write(&dir, "Dockerfile", TYPO);
    let path = file.to_str().unwrap_or_default();
    assert_eq!(check(&[path], None, None).status.code(), Some(1));
    assert_eq!(check(&["--fail-on", "error", path], None, None).status.code(), Some(1));
    assert_eq!(check(&["--fail-on", "never", path], None, None).status.code(), Some(0));
}

#[test]
fn severity_below_fail_on_exits_zero() {
    // A warning (`empty-continuation-line`) fails the default `--fail-on warning` but not `error`.
    let dir = scratch("warning");
    let file = write(
        &dir,
        "Dockerfile",
        "FROM alpine:3.23\nUSER nobody\nRUN true \\\n\n  && true\n",
    );
    let path = file.to_str().unwrap_or_default();
    let out = check(&["--format", "json", path], None, None);
    let findings = json(&out);
    assert!(rules(&findings).contains(&"empty-continuation-line"), "{findings:?}");
    assert!(findings.iter().all(|f| f["severity"] != "error"), "{findings:?}");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(check(&["--fail-on", "error", path], None, None).status.code(), Some(0));
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(check(&["--format", "xml", "."], None, None).status.code(), Some(2));
    assert_eq!(
        check(&["--fail-on", "sometimes", "."], None, None).status.code(),
        Some(2)
    );
}

#[test]
fn missing_file_is_named_and_the_others_are_still_checked() {
    let dir = scratch("missing");
    let good = write(&dir, "Dockerfile", TYPO);
    let missing = dir.join("nope").join("Dockerfile");
    let out = check(
        &[missing.to_str().unwrap_or_default(), good.to_str().unwrap_or_default()],
        None,
        None,
    );
    assert_eq!(out.status.code(), Some(2), "IO errors win over findings");
    let err = stderr(&out);
    assert!(err.contains(&format!("`{}`", missing.display())), "{err}");
    assert!(err.starts_with("error: cannot read"), "{err}");
    let text = stdout(&out);
    assert!(
        text.contains(&format!("{}:1:1: error[unknown-instruction]", good.display())),
        "{text}"
    );
    assert!(text.ends_with("in 1 file; 1 file could not be read\n"), "{text}");
}

#[test]
fn stdin_is_read_for_dash() {
    let out = check(&["-"], Some(TYPO), None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.starts_with("<stdin>:1:1: error[unknown-instruction]: "), "{text}");

    let out = check(&["--format", "json", "-"], Some("# only a comment\n"), None);
    let findings = json(&out);
    assert_eq!(rules(&findings), ["empty-dockerfile"]);
    assert_eq!(findings[0]["path"], "<stdin>");
}

#[test]
fn json_findings_have_the_documented_shape() {
    let dir = scratch("json");
    let file = write(
        &dir,
        "Dockerfile",
        "RUN true\nFROM alpine:3.23\nFORM 中文\nCOPY requirements.txt\nUSER nobody\n",
    );
    let out = check(
        &["--format", "json", "--fail-on", "never", "Dockerfile"],
        None,
        Some(&dir),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let findings = json(&out);
    assert!(file.exists());

    let typo = findings
        .iter()
        .find(|f| f["rule"] == "unknown-instruction")
        .unwrap_or_else(|| panic!("no unknown-instruction in {findings:?}"));
    let keys: Vec<&str> = typo
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        ["code", "fix", "message", "path", "range", "related", "rule", "severity"]
    );
    assert_eq!(
        typo["related"],
        serde_json::json!([]),
        "a finding about one place has none"
    );
    assert_eq!(typo["path"], "Dockerfile");
    assert_eq!(typo["severity"], "error");
    assert!(typo["code"].is_null() || typo["code"].is_string());
    assert!(
        typo["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty() && !m.ends_with('.'))
    );
    assert_eq!(typo["range"]["start"]["line"], 3);
    assert_eq!(typo["range"]["start"]["column"], 1);
    assert_eq!(typo["range"]["end"]["line"], 3);
    if !typo["fix"].is_null() {
        let fix = &typo["fix"];
        assert!(fix["title"].is_string());
        assert!(fix["applicability"] == "safe" || fix["applicability"] == "unsafe");
        for edit in fix["edits"].as_array().into_iter().flatten() {
            assert!(edit["newText"].is_string());
            assert!(edit["range"]["start"]["line"].is_u64() && edit["range"]["end"]["column"].is_u64());
        }
    }

    let copy = findings
        .iter()
        .find(|f| f["rule"] == "missing-arguments")
        .unwrap_or_else(|| panic!("no missing-arguments in {findings:?}"));
    assert_eq!(copy["range"]["start"]["line"], 4);
    assert_eq!(copy["severity"], "error");

    // The alias that matched travels with the finding.
    let early = findings
        .iter()
        .find(|f| f["rule"] == "instruction-before-from")
        .unwrap_or_else(|| panic!("no instruction-before-from in {findings:?}"));
    assert_eq!(early["code"], "DL3061");
    assert_eq!(early["range"]["start"], serde_json::json!({"line": 1, "column": 1}));
}

#[test]
fn text_output_points_a_caret_at_the_range() {
    let dir = scratch("caret");
    write(&dir, "Dockerfile", "FROM alpine:3.23\nUSER nobody\nFORM alpine\n");
    let out = check(&["Dockerfile"], None, Some(&dir));
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("Dockerfile:3:1: error[unknown-instruction]: "))
        .unwrap_or_else(|| panic!("no header in {text}"));
    assert_eq!(lines[header + 1], "  |");
    assert_eq!(lines[header + 2], "3 | FORM alpine");
    assert!(lines[header + 3].starts_with("  | ^^^^"), "{text}");
    assert!(
        !lines[header + 3].contains("^^^^^"),
        "the caret covers `FORM` only: {text}"
    );
    assert!(
        lines
            .last()
            .is_some_and(|l| l.contains("error") && l.ends_with("in 1 file")),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "no colour when stdout is not a terminal");
}

#[test]
fn color_always_paints_and_never_does_not() {
    let out = check(&["--color", "always", "-"], Some(TYPO), None);
    assert!(
        stdout(&out).contains("\x1b[1;31merror[unknown-instruction]\x1b[0m"),
        "{}",
        stdout(&out)
    );
    let out = check(&["--color", "never", "-"], Some(TYPO), None);
    assert!(!stdout(&out).contains('\x1b'));
}

#[test]
fn directories_are_searched_for_dockerfiles() {
    let dir = scratch("discover");
    for rel in [
        "Dockerfile",
        "app/api.Dockerfile",
        "app/Dockerfile.dev",
        "app/deep/er/Containerfile",
        "app/tool.containerfile",
        "Containerfile.debug",
    ] {
        write(&dir, rel, TYPO);
    }
    for rel in [
        "README.md",
        "Dockerfile.dockerignore",
        "node_modules/pkg/Dockerfile",
        ".git/Dockerfile",
        "target/Dockerfile",
    ] {
        write(&dir, rel, TYPO);
    }
    let out = check(&["--format", "json", "."], None, Some(&dir));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let mut paths: Vec<String> = json(&out)
        .iter()
        .filter(|f| f["rule"] == "unknown-instruction")
        .filter_map(|f| f["path"].as_str().map(|p| p.replace('\\', "/")))
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "./Containerfile.debug",
            "./Dockerfile",
            "./app/Dockerfile.dev",
            "./app/api.Dockerfile",
            "./app/deep/er/Containerfile",
            "./app/tool.containerfile",
        ]
    );

    // With no path, the current directory is searched.
    let out = check(&[], None, Some(&dir.join("app")));
    assert!(stdout(&out).ends_with("in 4 files\n"), "{}", stdout(&out));
}

#[test]
fn a_directory_without_dockerfiles_is_an_error() {
    let dir = scratch("empty-dir");
    write(&dir, "README.md", "nothing here\n");
    let out = check(&["."], None, Some(&dir));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no Dockerfiles found in `.`"), "{}", stderr(&out));
}

/// The files `check` reports on, in the order it reports them, with `/` separators.
fn found_files(args: &[&str], cwd: &Path) -> Vec<String> {
    let mut all = vec!["--format", "json", "--select", "unknown-instruction", "--no-config"];
    all.extend_from_slice(args);
    let out = check(&all, None, Some(cwd));
    assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
    let mut paths: Vec<String> = json(&out)
        .iter()
        .filter_map(|f| f["path"].as_str().map(|p| p.replace('\\', "/")))
        .collect();
    paths.dedup();
    paths
}

#[test]
fn ignore_files_leave_files_out_of_folder_searches() {
    let dir = scratch("ignore-files");
    write(
        &dir,
        ".gitignore",
        "generated/\n*.Dockerfile\n!keep.Dockerfile\n/build\n",
    );
    write(&dir, ".ignore", "vendor/\n");
    write(&dir, "sub/.gitignore", "Dockerfile.dev\n");
    // A nested `.gitignore` takes back what the one above it ignored.
    write(&dir, "deep/er/.gitignore", "!x.Dockerfile\n");
    // `.git/info/exclude` counts too (and makes the folder a repository's root).
    write(&dir, ".git/info/exclude", "excluded/\n");
    for rel in [
        "Dockerfile",
        "keep.Dockerfile",
        ".devcontainer/Dockerfile",
        "deep/er/x.Dockerfile",
        "sub/Dockerfile",
        "sub/build/Dockerfile",
        "sub/keep.Dockerfile",
    ] {
        write(&dir, rel, TYPO);
    }
    for rel in [
        "a.Dockerfile",
        "build/Dockerfile",
        "excluded/Dockerfile",
        "generated/Dockerfile",
        "generated/deeper/Containerfile",
        "sub/Dockerfile.dev",
        "sub/x.Dockerfile",
        "vendor/Dockerfile",
        "node_modules/pkg/Dockerfile",
        "target/Dockerfile",
        ".git/Dockerfile",
    ] {
        write(&dir, rel, TYPO);
    }
    // Sorted, folder by folder, as before ignore files were read.
    let kept = [
        "./.devcontainer/Dockerfile",
        "./Dockerfile",
        "./deep/er/x.Dockerfile",
        "./keep.Dockerfile",
        "./sub/Dockerfile",
        "./sub/build/Dockerfile",
        "./sub/keep.Dockerfile",
    ];
    assert_eq!(found_files(&["."], &dir), kept);
    assert_eq!(found_files(&[], &dir), kept);

    // `--no-ignore` reads no ignore file, but `.git`, `node_modules` and `target` stay skipped.
    assert_eq!(
        found_files(&["--no-ignore", "."], &dir),
        [
            "./.devcontainer/Dockerfile",
            "./Dockerfile",
            "./a.Dockerfile",
            "./build/Dockerfile",
            "./deep/er/x.Dockerfile",
            "./excluded/Dockerfile",
            "./generated/Dockerfile",
            "./generated/deeper/Containerfile",
            "./keep.Dockerfile",
            "./sub/Dockerfile",
            "./sub/Dockerfile.dev",
            "./sub/build/Dockerfile",
            "./sub/keep.Dockerfile",
            "./sub/x.Dockerfile",
            "./vendor/Dockerfile",
        ]
    );

    // A file named on the command line is checked even when ignored; so is a named folder,
    // and the rules of the ignore files above it still apply inside it.
    assert_eq!(
        found_files(&["sub/x.Dockerfile", "a.Dockerfile", "sub"], &dir),
        [
            "sub/x.Dockerfile",
            "a.Dockerfile",
            "sub/Dockerfile",
            "sub/build/Dockerfile",
            "sub/keep.Dockerfile"
        ]
    );
    assert_eq!(
        found_files(&["generated"], &dir),
        ["generated/Dockerfile", "generated/deeper/Containerfile"]
    );
    // Searching from inside a folder, the ignore files of its parents still count.
    assert_eq!(
        found_files(&["."], &dir.join("sub")),
        ["./Dockerfile", "./build/Dockerfile", "./keep.Dockerfile"]
    );
}

#[test]
fn gitignore_applies_without_git_but_not_above_a_repository() {
    // Outside any repository (a checked-out tarball): `.gitignore` counts all the same.
    let dir = std::env::temp_dir().join(format!("dockerfile-lsp-cli_check-no-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    write(&dir, ".gitignore", "skipped/\n");
    write(&dir, "Dockerfile", TYPO);
    write(&dir, "skipped/Dockerfile", TYPO);
    assert_eq!(found_files(&["."], &dir), ["./Dockerfile"]);
    assert_eq!(
        found_files(&["--no-ignore", "."], &dir),
        ["./Dockerfile", "./skipped/Dockerfile"]
    );
    let _ = std::fs::remove_dir_all(&dir);

    // As in Git, a `.gitignore` above a repository's root does not apply inside it.
    let dir = scratch("above-repo");
    write(&dir, ".gitignore", "Dockerfile\n");
    std::fs::create_dir_all(dir.join("repo/.git")).expect("create .git");
    write(&dir, "repo/Dockerfile", TYPO);
    assert_eq!(found_files(&["repo"], &dir), ["repo/Dockerfile"]);
    assert_eq!(found_files(&["."], &dir.join("repo")), ["./Dockerfile"]);
}

#[test]
fn a_bad_pattern_in_an_ignore_file_is_a_warning() {
    let dir = scratch("bad-pattern");
    write(&dir, ".gitignore", "[z-a]\nskipped/\n");
    write(&dir, "Dockerfile", CLEAN);
    write(&dir, "skipped/Dockerfile", TYPO);
    let out = check(&["--color", "never", "."], None, Some(&dir));
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(stdout(&out), "0 problems in 1 file\n");
    assert!(
        stderr(&out).starts_with("warning: skipped an invalid ignore pattern: ")
            && stderr(&out).contains("line 1")
            && stderr(&out).contains("[z-a]"),
        "{}",
        stderr(&out)
    );
    // The same when the ignore file is in a parent of the folder searched.
    write(&dir, "sub/Dockerfile", CLEAN);
    let out = check(&["--color", "never", "."], None, Some(&dir.join("sub")));
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stderr(&out).starts_with("warning: skipped an invalid ignore pattern: ") && stderr(&out).contains("[z-a]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn configuration_next_to_the_dockerfile_applies() {
    let dir = scratch("config");
    write(&dir, "dockerfile-lsp.toml", "ignore = [\"unknown-instruction\"]\n");
    write(&dir, "sub/Dockerfile", TYPO);
    write(&dir, "hadolint/.hadolint.yaml", "override:\n  warning:\n    - DL3061\n");
    write(&dir, "hadolint/Dockerfile", "RUN true\nFROM alpine:3.23\nUSER nobody\n");

    // Found by walking up from `sub/`.
    let out = check(&["sub/Dockerfile"], None, Some(&dir));
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    // Ignored on request.
    assert_eq!(
        check(&["--no-config", "sub/Dockerfile"], None, Some(&dir))
            .status
            .code(),
        Some(1)
    );

    // Our file wins over hadolint's at any level: here ours (one level up) ignores nothing that
    // fires, and hadolint's override is not read.
    let out = check(&["--format", "json", "hadolint/Dockerfile"], None, Some(&dir));
    let findings = json(&out);
    assert_eq!(rules(&findings), ["instruction-before-from"]);
    assert_eq!(findings[0]["severity"], "error");
    // Named explicitly, hadolint's file lowers the error to a warning.
    let out = check(
        &[
            "--format",
            "json",
            "--config",
            "hadolint/.hadolint.yaml",
            "hadolint/Dockerfile",
        ],
        None,
        Some(&dir),
    );
    assert_eq!(json(&out)[0]["severity"], "warning");
}

#[test]
fn broken_configuration_is_an_error_and_the_defaults_are_used() {
    let dir = scratch("bad-config");
    write(&dir, "dockerfile-lsp.toml", "ignore = [\"no-such-rule\"]\n");
    write(&dir, "Dockerfile", TYPO);
    let out = check(&["Dockerfile"], None, Some(&dir));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        // The error names its place in the file: line 1, column 11 is the quoted id.
        stderr(&out).contains("dockerfile-lsp.toml:1:11`: unknown rule `no-such-rule`"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("no-such-rule"), "{}", stderr(&out));
    assert!(stdout(&out).contains("error[unknown-instruction]"), "{}", stdout(&out));
}

#[test]
fn the_whole_dev_corpus_is_found_and_checked() {
    let Some(corpus) = corpus::dev("the_whole_dev_corpus_is_found_and_checked") else {
        return;
    };
    let listed = corpus.paths.len();
    // Discovery is what this test is about; ShellCheck on every RUN of the corpus would only make
    // it slow.
    let dir = scratch("corpus");
    let config = write(&dir, "dockerfile-lsp.toml", "[shellcheck]\nenabled = false\n");
    let out = check(
        &[
            "--fail-on",
            "never",
            "--config",
            config.to_str().unwrap_or_default(),
            corpus.root.to_str().unwrap_or_default(),
        ],
        None,
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let summary = text.lines().last().unwrap_or_default();
    assert!(summary.ends_with(&format!(" in {listed} files")), "{summary}");
}

#[test]
fn the_readme_configuration_example_is_valid() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md")).expect("README");
    let block: String = readme
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a toml block in README.md")
        .lines()
        .map(|l| format!("{}\n", l.trim_start()))
        .collect();
    let dir = scratch("readme-config");
    write(&dir, "dockerfile-lsp.toml", &block);
    // DL3061 (`instruction-before-from`) is ignored by the example.
    write(&dir, "Dockerfile", "RUN true\nFROM alpine:3.23\nUSER nobody\n");
    let out = check(&["Dockerfile"], None, Some(&dir));
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
}

/// The README's first command: the sample with typical mistakes gets findings with carets and the
/// fixes on offer, the good sample beside it gets none, and the house-rules sample in
/// `examples/policy/` gets the findings of the policy and custom rules its configuration defines.
#[test]
fn the_readme_example_shows_findings_and_fixes() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = check(&["--no-cache", "--color", "never", "examples"], None, Some(&repo));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        !text.contains("examples/Dockerfile:"),
        "the good example has findings:\n{text}"
    );
    assert!(text.contains("examples/before.Dockerfile:5:6: "), "{text}");
    for rule in [
        "untagged-image",
        "maintainer-deprecated",
        "apt-get-update-alone",
        "consecutive-run",
        "pipe-without-pipefail",
        "secrets-in-arg-or-env",
        "root-user",
        "shell-form-cmd",
    ] {
        assert!(
            text.contains(&format!("[{rule}")),
            "`{rule}` missing from the example's findings:\n{text}"
        );
    }
    assert!(text.contains("  |      ^^^^^^\n"), "no caret under `ubuntu`:\n{text}");
    assert!(
        text.contains("= help: Convert to exec form (unsafe)"),
        "no fix on offer:\n{text}"
    );
    // The house-rules example: Acme's policy and custom rules, from the configuration beside it.
    for rule in [
        "acme/no-apk-upgrade",
        "acme/no-ssh-port",
        "policy-image/DL3026",
        "policy-label/DL3049",
        "policy-label/DL3056",
        "policy-instruction",
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with("examples/policy/Dockerfile:") && l.contains(&format!("[{rule}]"))),
            "`{rule}` missing from the policy example's findings:\n{text}"
        );
    }
    assert!(text.trim_end().ends_with(" in 3 files"), "{text}");
}

/// `end-of-life-base-image` through the binary: `DOCKERFILE_LSP_TODAY` says what day it is, so the
/// same file is fine the day before Python 3.9's end and reported from that day on (with the day
/// and the release to move to); `none` turns the rule off, and a value that is no date is named
/// on stderr and gives no date rather than the clock's.
#[test]
fn today_comes_from_the_environment() {
    let text = "FROM python:3.9-slim\nUSER nobody\nCMD [\"python\"]\n";
    let on = |today: &str| {
        let mut cmd = crate::common::bin();
        cmd.args(["check", "--format", "json", "--no-config", "--no-cache", "-"])
            .env("DOCKERFILE_LSP_TODAY", today)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn dockerfile-lsp");
        if let Some(mut pipe) = child.stdin.take() {
            pipe.write_all(text.as_bytes()).expect("write stdin");
        }
        child.wait_with_output().expect("wait for dockerfile-lsp")
    };
    let before = on("2025-10-30");
    assert_eq!(rules(&json(&before)), Vec::<&str>::new(), "{}", stderr(&before));
    let after = on("2025-10-31");
    let findings = json(&after);
    assert_eq!(rules(&findings), ["end-of-life-base-image"], "{}", stdout(&after));
    assert_eq!(
        findings[0]["message"],
        "`python:3.9-slim` is past its end of life and gets no security fixes: support for Python 3.9 \
         ended on 2025-10-31; move to a supported release such as `python:3.14-slim`"
    );
    assert_eq!(after.status.code(), Some(1));
    let off = on("none");
    assert_eq!(rules(&json(&off)), Vec::<&str>::new());
    assert_eq!(stderr(&off), "");
    let bad = on("next tuesday");
    assert_eq!(rules(&json(&bad)), Vec::<&str>::new());
    assert!(
        stderr(&bad).contains("DOCKERFILE_LSP_TODAY=\"next tuesday\" is not a date"),
        "{}",
        stderr(&bad)
    );
}
