//! `check` over inputs that cannot be read as asked: unreadable files and folders, files that
//! are not UTF-8, symbolic link loops, and a Dockerfile of several megabytes. Each problem names
//! its path on stderr, and the other inputs are still checked.
//!
//! CI runs as root, which reads anything whatever its permissions: the permission cases notice
//! that and use a file even root cannot read (`/proc/self/mem` at offset 0), or say on stderr
//! which sub-case they skip and why.

use crate::common::scratch;
use std::path::{Path, PathBuf};
use std::process::Output;

fn check(cwd: &Path, args: &[&str]) -> Output {
    crate::common::bin()
        .arg("check")
        .arg("--no-config")
        .args(["--format", "json"])
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dockerfile-lsp")
}

/// The paths with findings in a JSON report.
fn reported(out: &Output) -> Vec<String> {
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("JSON report ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    let mut paths: Vec<String> = findings
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|f| f["path"].as_str().map(str::to_owned))
        .collect();
    paths.dedup();
    paths
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Whether this process reads files whatever their permissions (root, or CAP_DAC_OVERRIDE).
fn privileged(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::write(&probe, "x").expect("write");
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let readable = std::fs::read(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    readable
}

#[test]
fn unreadable_files_and_folders_are_named_and_the_others_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("perm");
    std::fs::write(dir.join("Dockerfile"), "FROM alpine\n").expect("write");
    let unreadable = if privileged(&dir) {
        eprintln!(
            "note: running with permission to read anything; using /proc/self/mem, which no one reads at offset 0"
        );
        PathBuf::from("/proc/self/mem")
    } else {
        let file = dir.join("locked.Dockerfile");
        std::fs::write(&file, "FROM alpine\n").expect("write");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        file
    };
    let unreadable = unreadable.to_string_lossy().into_owned();
    let out = check(&dir, &[&unreadable, "Dockerfile"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("cannot read `{unreadable}`")),
        "{}",
        stderr(&out)
    );
    assert_eq!(reported(&out), ["Dockerfile"]);

    if privileged(&dir) {
        eprintln!("note: skipping the unreadable folder: with permission to read anything no folder is unreadable");
    } else {
        let locked = dir.join("locked");
        std::fs::create_dir_all(&locked).expect("mkdir");
        std::fs::write(locked.join("Dockerfile"), "FROM alpine\n").expect("write");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        let out = check(&dir, &["locked", "Dockerfile"]);
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("locked"), "{}", stderr(&out));
        assert_eq!(reported(&out), ["Dockerfile"]);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_that_is_not_utf8_is_named_and_the_others_checked() {
    let dir = scratch("utf8");
    std::fs::write(dir.join("Dockerfile.latin1"), b"FROM alpine\nLABEL caf\xe9=1\n").expect("write");
    std::fs::write(dir.join("Dockerfile"), "FROM alpine\n").expect("write");
    let out = check(&dir, &["Dockerfile.latin1", "Dockerfile"]);
    assert!(
        stderr(&out).contains("`Dockerfile.latin1` is not valid UTF-8"),
        "{}",
        stderr(&out)
    );
    // Both are checked: the invalid bytes are replaced, the rest of the file is linted.
    assert_eq!(reported(&out), ["Dockerfile.latin1", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn symbolic_link_loops_end_and_are_named() {
    use std::os::unix::fs::symlink;
    let dir = scratch("loops");
    let tree = dir.join("tree");
    std::fs::create_dir_all(tree.join("sub")).expect("mkdir");
    std::fs::write(tree.join("sub/Dockerfile"), "FROM alpine\n").expect("write");
    // A folder link back up, and two file links that point at each other.
    symlink("..", tree.join("sub/up")).expect("symlink");
    symlink("Dockerfile.b", tree.join("Dockerfile.a")).expect("symlink");
    symlink("Dockerfile.a", tree.join("Dockerfile.b")).expect("symlink");
    let out = check(&dir, &["tree"]);
    assert_eq!(reported(&out), ["tree/sub/Dockerfile"], "{}", stderr(&out));
    // Named directly, a loop is an error naming it.
    let out = check(&dir, &["tree/Dockerfile.a", "tree/sub/Dockerfile"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("tree/Dockerfile.a"), "{}", stderr(&out));
    assert_eq!(reported(&out), ["tree/sub/Dockerfile"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_dockerfile_of_several_megabytes_is_checked() {
    let dir = scratch("large");
    let block = "# step\nLABEL org.opencontainers.image.title=\"thing\"\nEXPOSE 8080/tcp\nWORKDIR /app\n";
    let mut text = String::from("FROM debian:12\n");
    let mut n = 0;
    while text.len() < 3 << 20 {
        text.push_str(block);
        if n % 100 == 0 {
            text.push_str("FROM alpine\n");
        }
        n += 1;
    }
    std::fs::write(dir.join("Dockerfile"), &text).expect("write");
    let out = check(&dir, &["Dockerfile"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let untagged = findings
        .as_array()
        .expect("array")
        .iter()
        .filter(|f| f["rule"] == "untagged-image")
        .count();
    assert_eq!(untagged, text.matches("FROM alpine\n").count());
    let _ = std::fs::remove_dir_all(&dir);
}
