//! `check --fix` and `fmt` through the real binary: files are written only when they change,
//! keep their line breaks, and `--diff`/`--check` write nothing and say so in the exit code.
//! Each scratch folder holds a `dockerfile-lsp.toml` selecting the rules a test is about, so
//! that rules added later do not change what these tests expect.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

const SELECT: &str = "select = [\"expose-protocol-casing\", \"empty-continuation-line\", \"unknown-instruction\"]\n";

fn scratch(name: &str, config: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "cli_fix_fmt-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create scratch dir");
    fs::write(dir.join("dockerfile-lsp.toml"), config).expect("write config");
    dir
}

fn run(args: &[&str], stdin: &str, cwd: &Path) -> Output {
    let mut child = crate::common::bin()
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dockerfile-lsp");
    if let Some(mut pipe) = child.stdin.take() {
        pipe.write_all(stdin.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("wait for dockerfile-lsp")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Sets a file's modification time far in the past, so that a rewrite shows.
fn age(path: &Path) -> SystemTime {
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
    let file = fs::File::options().write(true).open(path).expect("open");
    file.set_modified(old).expect("set mtime");
    old
}

fn modified(path: &Path) -> SystemTime {
    fs::metadata(path).and_then(|m| m.modified()).expect("mtime")
}

const BROKEN_CRLF: &str = "FROM alpine:3.23\r\nEXPOSE 80/TCP\r\nRUN echo a \\\r\n\r\n    b\r\nRUNN x\r\n";

#[test]
fn check_fix_applies_safe_fixes_keeps_crlf_and_reports_what_is_left() {
    let dir = scratch("fix", SELECT);
    let file = dir.join("Dockerfile");
    fs::write(&file, BROKEN_CRLF).expect("write");
    let out = run(&["check", "--fix", "Dockerfile"], "", &dir);
    assert_eq!(
        read(&file),
        "FROM alpine:3.23\r\nEXPOSE 80/tcp\r\nRUN echo a \\\r\n    b\r\nRUNN x\r\n"
    );
    // The unsafe `RUNN` -> `RUN` is not applied, and is what the report shows.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("unknown-instruction"), "{report}");
    assert!(!report.contains("expose-protocol-casing"), "{report}");
    assert!(stderr(&out).contains("applied 2 fixes in 1 file"), "{}", stderr(&out));

    let out = run(&["check", "--unsafe-fixes", "Dockerfile"], "", &dir);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(
        read(&file),
        "FROM alpine:3.23\r\nEXPOSE 80/tcp\r\nRUN echo a \\\r\n    b\r\nRUN x\r\n"
    );

    // Nothing left to fix: the file is not written again.
    let old = age(&file);
    let out = run(&["check", "--unsafe-fixes", "Dockerfile"], "", &dir);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(modified(&file), old);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn check_diff_prints_the_fixes_and_writes_nothing() {
    let dir = scratch("diff", SELECT);
    let file = dir.join("Dockerfile");
    let text = "FROM alpine:3.23\nEXPOSE 80/TCP\nRUNN x\n";
    fs::write(&file, text).expect("write");
    let out = run(&["check", "--diff", "Dockerfile"], "", &dir);
    assert_eq!(read(&file), text);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,3 @@\n FROM alpine:3.23\n-EXPOSE 80/TCP\n+EXPOSE 80/tcp\n RUNN x\n"
    );
    let out = run(&["check", "--diff", "--unsafe-fixes", "Dockerfile"], "", &dir);
    assert!(
        stdout(&out).ends_with("-EXPOSE 80/TCP\n-RUNN x\n+EXPOSE 80/tcp\n+RUN x\n"),
        "{}",
        stdout(&out)
    );

    fs::write(&file, "FROM alpine:3.23\n").expect("write");
    let out = run(&["check", "--diff", "Dockerfile"], "", &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn check_fix_on_standard_input_prints_the_fixed_text() {
    let dir = scratch("stdin", SELECT);
    let out = run(&["check", "--fix", "-"], "FROM alpine:3.23\nEXPOSE 53/UDP\n", &dir);
    assert_eq!(stdout(&out), "FROM alpine:3.23\nEXPOSE 53/udp\n");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn fmt_check_diff_and_write() {
    let dir = scratch("fmt", "");
    let file = dir.join("Dockerfile");
    let text = "from alpine\r\nrun  echo a \\  \r\n\t&& echo b\r\n";
    let want = "from alpine\r\nrun echo a \\\r\n    && echo b\r\n";
    fs::write(&file, text).expect("write");

    let out = run(&["fmt", "--check"], "", &dir);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("would reformat {}\n", Path::new(".").join("Dockerfile").display())
    );
    assert_eq!(read(&file), text);

    let out = run(&["fmt", "--diff", "Dockerfile"], "", &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,3 @@\n from alpine\r\n-run  echo a \\  \r\n-\t&& echo b\r\n+run echo a \\\r\n+    && echo b\r\n"
    );
    assert_eq!(read(&file), text);

    let out = run(&["fmt", "Dockerfile"], "", &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&file), want, "CRLF line breaks are kept");
    assert!(stderr(&out).contains("1 file reformatted"), "{}", stderr(&out));

    let old = age(&file);
    let out = run(&["fmt", "--check", "Dockerfile"], "", &dir);
    assert_eq!(out.status.code(), Some(0));
    let out2 = run(&["fmt", "Dockerfile"], "", &dir);
    assert_eq!(out2.status.code(), Some(0));
    assert_eq!(modified(&file), old, "a formatted file is not written again");
    assert_eq!(stdout(&out), "");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn fmt_reads_standard_input_and_the_format_configuration() {
    let dir = scratch("fmt-config", "[format]\nuse-tabs = true\n");
    let out = run(&["fmt", "-"], "RUN a \\\n  b\n", &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "RUN a \\\n\tb\n");
    let out = run(&["fmt", "--no-config", "-"], "RUN a \\\n  b\n", &dir);
    assert_eq!(stdout(&out), "RUN a \\\n    b\n");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn fmt_finds_files_as_check_does_and_honours_ignore_files() {
    let dir = scratch("fmt-ignore", "");
    let unformatted = "from alpine\nrun  echo a \\\n\t&& echo b\n";
    fs::write(dir.join(".gitignore"), "vendor/\n").expect("write");
    fs::create_dir_all(dir.join("vendor")).expect("mkdir");
    fs::write(dir.join("vendor/Dockerfile"), unformatted).expect("write");
    fs::write(dir.join("Dockerfile"), "FROM alpine\n").expect("write");

    let out = run(&["fmt", "--check"], "", &dir);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let out = run(&["fmt", "--check", "--no-ignore"], "", &dir);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "would reformat {}\n",
            Path::new(".").join("vendor/Dockerfile").display()
        )
    );
    // Named, an ignored file is formatted.
    let out = run(&["fmt", "--check", "vendor/Dockerfile"], "", &dir);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let _ = fs::remove_dir_all(&dir);
}
