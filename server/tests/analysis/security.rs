//! What the server runs and reads, through the real binary: a configuration file that came with
//! the workspace cannot make the editor's server, nor `check`, run a program it names by path, a
//! Dockerfile's commands are never run, and the build context is not read through a link out of it. (The bounds on reads and on
//! ShellCheck's output are unit tests in `workspace/context.rs` and `workspace/shellcheck.rs`.)

use crate::common;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

use crate::common::scratch;
use common::Server;
use serde_json::json;

/// An executable that leaves `marker` behind when it runs, and otherwise answers like a
/// ShellCheck that finds nothing.
fn tattletale(dir: &Path, marker: &Path) -> PathBuf {
    let script = dir.join("fake-shellcheck");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ntouch '{}'\ncat >/dev/null\necho '{{\"comments\":[]}}'\n",
            marker.display()
        ),
    )
    .expect("write");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    script
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Waits for the document's whole set of findings: our own are published before ShellCheck has
/// run, a pull request answers once it has.
fn full_set(server: &mut Server, dockerfile: &Path) {
    let response = server.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri(dockerfile)}}),
    );
    assert!(response.get("result").is_some(), "{response}");
}

#[test]
fn a_workspace_configuration_file_cannot_choose_a_program_but_the_client_can() {
    let dir = scratch("binary");
    let marker = dir.join("ran");
    let script = tattletale(&dir, &marker);
    std::fs::write(
        dir.join("dockerfile-lsp.toml"),
        format!("[shellcheck]\npath = \"{}\"\n", script.display()),
    )
    .expect("write");
    let dockerfile = dir.join("Dockerfile");
    // The Dockerfile's own commands would leave a marker too if anything ran them.
    let text = format!(
        "FROM alpine:3.23\nRUN touch '{}' && echo $1\n",
        dir.join("run-marker").display()
    );
    std::fs::write(&dockerfile, &text).expect("write");

    let (mut server, _) = Server::initialized(json!({}));
    server.open(&uri(&dockerfile), 1, &text);
    server.published(&uri(&dockerfile), 1);
    full_set(&mut server, &dockerfile);
    assert!(!marker.exists(), "the file's shellcheck.path was run");
    assert!(
        server.stderr().contains("ignoring `shellcheck.path"),
        "{}",
        server.stderr()
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));

    // The same path from the client's settings is honoured: the check above can fail.
    let mut server = Server::spawn(&["serve"]);
    let response = server.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {},
               "initializationOptions": {"shellcheck": {"path": script.display().to_string()}}}),
    );
    assert!(response.get("result").is_some(), "{response}");
    server.notify("initialized", json!({}));
    server.open(&uri(&dockerfile), 1, &text);
    server.published(&uri(&dockerfile), 1);
    full_set(&mut server, &dockerfile);
    assert!(marker.exists(), "the client's shellcheck.path was not run");
    assert!(!dir.join("run-marker").exists(), "a RUN command was executed");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_runs_a_program_a_found_configuration_names_by_path_only_when_given_that_file() {
    let dir = scratch("check-binary");
    let marker = dir.join("ran");
    let script = tattletale(&dir, &marker);
    let config = dir.join("dockerfile-lsp.toml");
    std::fs::write(&config, format!("[shellcheck]\npath = \"{}\"\n", script.display())).expect("write");
    let dockerfile = dir.join("Dockerfile");
    std::fs::write(&dockerfile, "FROM alpine:3.23\nRUN echo hi\n").expect("write");
    let check = |extra: &[&Path]| {
        let mut cmd = crate::common::bin();
        cmd.args(["check", "--fail-on", "never", "--no-cache"]);
        for path in extra {
            cmd.arg("--config").arg(path);
        }
        cmd.arg(&dockerfile).output().expect("run dockerfile-lsp")
    };

    // Found next to the Dockerfile (it came with the files, as in a pull request): not run.
    let out = check(&[]);
    assert!(out.status.success(), "{out:?}");
    assert!(!marker.exists(), "the found file's shellcheck.path was run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ignoring `shellcheck.path") && stderr.contains("--config"),
        "{stderr}"
    );

    // Named with --config, the user's own choice: run (the check above can fail).
    let out = check(&[&config]);
    assert!(out.status.success(), "{out:?}");
    assert!(marker.exists(), "the given file's shellcheck.path was not run");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn copy_through_a_link_out_of_the_context_learns_nothing_about_the_outside() {
    let dir = scratch("context");
    let context = dir.join("ctx");
    let outside = dir.join("outside");
    std::fs::create_dir_all(&context).expect("mkdir");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(outside.join("present"), "").expect("write");
    std::fs::write(context.join(".dockerignore"), "").expect("write");
    symlink(&outside, context.join("escape")).expect("symlink");
    std::fs::create_dir_all(context.join("inside")).expect("mkdir");
    let dockerfile = context.join("Dockerfile");
    // Through the link, a file that exists outside and one that does not must look the same:
    // the link is a name in the context, not a folder (BuildKit resolves it inside the context
    // too), so both are "not in the build context", like a file missing inside. (The rule speaks
    // once a source is found, which shows it is the right context.)
    let text =
        "FROM alpine:3.23\nCOPY escape/present /a\nCOPY escape/absent /b\nCOPY inside/absent /c\nCOPY Dockerfile /d\n";
    std::fs::write(&dockerfile, text).expect("write");
    let out = crate::common::bin()
        .args(["check", "--no-config", "--format", "json"])
        .arg(&dockerfile)
        .output()
        .expect("run dockerfile-lsp");
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let lines: Vec<u64> = findings
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|f| f["range"]["start"]["line"].as_u64())
        .collect();
    assert_eq!(lines, [2, 3, 4], "{findings}");
    let rules: Vec<&serde_json::Value> = findings.as_array().expect("array").iter().map(|f| &f["rule"]).collect();
    assert!(rules.iter().all(|r| *r == "copy-source-not-found"), "{findings}");
    let _ = std::fs::remove_dir_all(&dir);
}
