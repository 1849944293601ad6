//! `dockerfile-lsp graph` through the real binary: the multi-stage fixture's graph in both
//! formats (the same snapshots the analysis test checks), standard input, and errors.

use std::io::Write;
use std::process::{Command, Stdio};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/graph/multi-stage.Dockerfile"
);

fn graph(args: &[&str], stdin: Option<&str>) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dockerfile-lsp"))
        .arg("graph")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    if let Some(text) = stdin
        && let Some(mut input) = child.stdin.take()
    {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    let out = child.wait_with_output().expect("the binary ends");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn mermaid_by_default_and_dot_on_request() {
    let (code, stdout, stderr) = graph(&[FIXTURE], None);
    assert_eq!(code, Some(0), "{stderr}");
    expect_test::expect_file!["../../tests/fixtures/graph/multi-stage.mmd"].assert_eq(&stdout);
    let (code, stdout, stderr) = graph(&[FIXTURE, "--format", "dot"], None);
    assert_eq!(code, Some(0), "{stderr}");
    expect_test::expect_file!["../../tests/fixtures/graph/multi-stage.dot"].assert_eq(&stdout);
}

#[test]
fn reads_standard_input() {
    let (code, stdout, _) = graph(&["-"], Some("FROM alpine AS a\nFROM a\n"));
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        "flowchart TD\n    stage0[\"a\"]\n    stage1[\"stage 1\"]\n    image0{{\"alpine\"}}\n    image0 --> stage0\n    stage0 --> stage1\n"
    );
}

#[test]
fn a_missing_file_or_format_is_a_usage_error() {
    let (code, stdout, stderr) = graph(&["/no/such/Dockerfile"], None);
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty());
    assert!(stderr.contains("cannot read /no/such/Dockerfile"), "{stderr}");
    let (code, _, stderr) = graph(&[FIXTURE, "--format", "svg"], None);
    assert_eq!(code, Some(2), "{stderr}");
}
