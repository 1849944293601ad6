//! `dockerfile-lsp check` with ShellCheck: the real binaries end to end. ShellCheck's findings
//! must land on the exact character of the Dockerfile (through continuations, tabs, multi-byte
//! text and heredocs), and a missing or disabled ShellCheck must mean no findings and no error.
//! The tests that need `shellcheck` print a note and check nothing when it is not installed
//! (`.ci/run` installs it).

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::{has_shellcheck, scratch};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_dockerfile-lsp");

/// `check --format json` on `text` given as standard input, in `cwd` (where a configuration
/// may be), with `path` as `PATH` when given.
fn check(text: &str, cwd: &Path, path: Option<&str>) -> Output {
    let env: Vec<(&str, &OsStr)> = path.map(|p| ("PATH", OsStr::new(p))).into_iter().collect();
    check_with(text, cwd, &[], &env)
}

/// [`check`] with more options (before the `-` that names standard input) and environment.
fn check_with(text: &str, cwd: &Path, options: &[&OsStr], env: &[(&str, &OsStr)]) -> Output {
    let mut cmd = crate::common::bin();
    cmd.args(["check", "--format", "json", "--fail-on", "never"])
        .args(options)
        .arg("-")
        .envs(env.iter().copied())
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn dockerfile-lsp");
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(text.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("wait for dockerfile-lsp")
}

/// `(code, start, end, message)` of each `shellcheck` finding, positions as `[line, column]`.
fn shellcheck_findings(out: &Output) -> Vec<(String, Value, Value, String)> {
    assert!(
        out.status.success(),
        "check failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON output");
    findings
        .iter()
        .filter(|f| f["rule"] == "shellcheck")
        .map(|f| {
            let at = |p: &Value| json!([p["line"], p["column"]]);
            (
                f["code"].as_str().unwrap_or("").to_owned(),
                at(&f["range"]["start"]),
                at(&f["range"]["end"]),
                f["message"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

const SCRIPT: &str = "\
FROM debian:bookworm-slim
ARG version
RUN echo \"日本語\" && \\
\t# a comment line BuildKit drops
\tcp $files /opt/ && \\
    echo \"$version\"
RUN <<EOF
#!/bin/bash
[[ -n \"é\" ]] && rm -rf $dir
EOF
";

#[test]
fn findings_at_the_exact_column() {
    if !has_shellcheck() {
        return;
    }
    let dir = scratch("exact");
    let found = shellcheck_findings(&check(SCRIPT, &dir, None));
    let sc2086: Vec<_> = found.iter().filter(|f| f.0 == "SC2086").collect();
    // `$files` on line 5 after a tab (column 5, counted in characters), `$dir` in the heredoc
    // on line 9 after a multi-byte character.
    assert_eq!(
        sc2086.iter().map(|f| (&f.1, &f.2)).collect::<Vec<_>>(),
        [(&json!([5, 5]), &json!([5, 11])), (&json!([9, 24]), &json!([9, 28]))],
        "{found:#?}"
    );
    assert!(sc2086.iter().all(|f| !f.3.ends_with('.')), "{found:#?}");
    // `$files` and `$dir` are nobody's; `$version` is an ARG in scope; `[[` is fine in bash.
    let codes: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert!(codes.contains(&"SC2154"), "{codes:?}");
    assert!(!codes.contains(&"SC3010"), "{codes:?}");
    let unassigned: Vec<&str> = found.iter().filter(|f| f.0 == "SC2154").map(|f| f.3.as_str()).collect();
    assert_eq!(
        unassigned,
        [
            "files is referenced but not assigned",
            "dir is referenced but not assigned"
        ]
    );
}

#[test]
fn text_output_names_the_code() {
    if !has_shellcheck() {
        return;
    }
    let dir = scratch("text");
    let mut child = crate::common::bin()
        .args(["check", "--color", "never", "-"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dockerfile-lsp");
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(b"FROM alpine:3.23\nRUN cp $src /opt/\n")
            .expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("<stdin>:2:8: info[shellcheck/SC2086]: Double quote to prevent globbing and word splitting\n"),
        "{text}"
    );
    assert!(text.contains("2 | RUN cp $src /opt/\n  |        ^^^^\n"), "{text}");
}

#[test]
fn disabled_in_the_configuration() {
    if !has_shellcheck() {
        return;
    }
    let dir = scratch("disabled");
    std::fs::write(dir.join("dockerfile-lsp.toml"), "[shellcheck]\nenabled = false\n").expect("write config");
    assert_eq!(shellcheck_findings(&check(SCRIPT, &dir, None)), []);
}

#[test]
fn missing_shellcheck_is_no_findings_and_no_error() {
    let dir = scratch("missing");
    // Nothing on PATH, then a configured path that does not exist.
    assert_eq!(shellcheck_findings(&check(SCRIPT, &dir, Some(""))), []);
    let config = dir.join("given.toml");
    std::fs::write(&config, "[shellcheck]\npath = \"/nonexistent/shellcheck\"\n").expect("write config");
    let out = check_with(SCRIPT, &dir, &["--config".as_ref(), config.as_os_str()], &[]);
    assert_eq!(shellcheck_findings(&out), []);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// A stand-in ShellCheck that counts its runs in `count` and reports SC2086 on the first line
/// of whatever it is given.
fn counting_shellcheck(dir: &Path, count: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("counting-shellcheck");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho run >> '{}'\ncat >/dev/null\n\
             echo '{{\"comments\":[{{\"file\":\"-\",\"line\":1,\"endLine\":1,\"column\":1,\"endColumn\":3,\
             \"level\":\"info\",\"code\":2086,\"message\":\"Double quote to prevent globbing\"}}]}}'\nexit 1\n",
            count.display()
        ),
    )
    .expect("write the stand-in");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    script
}

fn runs(count: &Path) -> usize {
    std::fs::read_to_string(count).map_or(0, |t| t.lines().count())
}

#[test]
fn answers_are_kept_on_disk_between_runs() {
    let dir = scratch("disk-cache");
    let count = dir.join("count");
    let stand_in = counting_shellcheck(&dir, &count);
    let config = dir.join("given.toml");
    std::fs::write(&config, format!("[shellcheck]\npath = \"{}\"\n", stand_in.display())).expect("write config");
    let text = "FROM alpine:3.23\nRUN echo $a\nRUN echo $b\n";
    let cache = dir.join("cache");
    let run = |extra: &[&str]| {
        let mut options = vec!["--config".as_ref(), config.as_os_str()];
        options.extend(extra.iter().map(OsStr::new));
        shellcheck_findings(&check_with(
            text,
            &dir,
            &options,
            &[("DOCKERFILE_LSP_CACHE_DIR", cache.as_os_str())],
        ))
    };

    // The first run asks about both scripts (after the probe that picks the output format).
    let first = run(&[]);
    assert_eq!(first.len(), 2, "{first:?}");
    assert_eq!(runs(&count), 3);
    // The next run only probes: the answers come from the disk, the same as before.
    assert_eq!(run(&[]), first);
    assert_eq!(runs(&count), 4);
    // --no-cache asks again.
    assert_eq!(run(&["--no-cache"]), first);
    assert_eq!(runs(&count), 7);
    // Another ShellCheck (here: the same path, rewritten) is asked afresh.
    let longer = std::fs::read_to_string(&stand_in).expect("read") + "# upgraded\n";
    std::fs::write(&stand_in, longer).expect("rewrite the stand-in");
    assert_eq!(run(&[]), first);
    assert_eq!(runs(&count), 10);
    // Only ShellCheck's output is kept, never the scripts.
    for entry in std::fs::read_dir(dir.join("cache").join("shellcheck-v1")).expect("the cache folder") {
        let kept = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        assert!(!kept.contains("echo $"), "{kept}");
    }
}

/// `pip install dockerfile-lsp[shellcheck]` puts `shellcheck` beside `dockerfile-lsp` in the
/// venv's bin folder, which need not be on `PATH` (pipx, or the venv's binary called by path).
#[test]
fn a_shellcheck_beside_the_binary_is_found_without_path() {
    let dir = scratch("beside");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("mkdir");
    let ours = bin.join("dockerfile-lsp");
    // A hard link, not a symbolic one: the executable's own path is where it looks.
    if std::fs::hard_link(BIN, &ours).is_err() {
        std::fs::copy(BIN, &ours).expect("copy the binary");
    }
    let count = dir.join("count");
    std::fs::rename(counting_shellcheck(&dir, &count), bin.join("shellcheck")).expect("move the stand-in");
    let mut child = Command::new(&ours)
        .env("DOCKERFILE_LSP_TODAY", crate::common::TODAY)
        .args(["check", "--format", "json", "--fail-on", "never", "--no-cache", "-"])
        .env("PATH", "")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the linked binary");
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(b"FROM alpine:3.23\nRUN echo $a\n")
            .expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait");
    let findings = shellcheck_findings(&out);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(runs(&count) >= 2, "the stand-in beside the binary was not run");
}
