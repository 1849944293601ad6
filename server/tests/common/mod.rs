//! A small LSP client for the end-to-end tests: spawns the real `dockerfile-lsp serve`, speaks
//! Content-Length framed JSON-RPC over its stdio, and waits with timeouts so that a hung server
//! fails a test instead of hanging CI. Also a mirror of the document text that applies the same
//! edits the client sends, so tests can read what a diagnostic's range covers.

#![allow(dead_code)] // Each test binary uses a different part of this module.

pub mod annotations;
pub mod corpus;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Long enough for a debug build on a busy 2-core machine; short enough that a hang is a failure.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The day the binary under test takes for today (`DOCKERFILE_LSP_TODAY`): what depends on the
/// date (end-of-life base images) must not change with the real one.
pub const TODAY: &str = "2026-12-07";

/// `dockerfile-lsp`, the binary under test, with today pinned to [`TODAY`].
pub fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dockerfile-lsp"));
    command.env("DOCKERFILE_LSP_TODAY", TODAY);
    command
}

pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Received but not yet asked for.
    stash: VecDeque<Value>,
    stderr: Arc<Mutex<Vec<u8>>>,
    /// What the stdout reader found that is not an LSP frame.
    violations: Arc<Mutex<Vec<String>>>,
    next_id: i64,
}

/// Reads frames from the server's stdout. Anything but `Content-Length` (and `Content-Type`)
/// headers, a blank line and a JSON body is a protocol violation: stdout is the transport.
fn read_frames(stdout: impl Read, sink: std::sync::mpsc::Sender<Value>, violations: Arc<Mutex<Vec<String>>>) {
    let mut reader = BufReader::new(stdout);
    let violation = |what: String| violations.lock().expect("lock").push(what);
    loop {
        let mut length = None;
        let mut first = true;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) => {
                    if !first || length.is_some() {
                        violation("stdout ended inside a header".into());
                    }
                    return;
                }
                Ok(_) => {}
                Err(err) => return violation(format!("stdout is not UTF-8 text: {err}")),
            }
            first = false;
            if line == "\r\n" {
                break;
            }
            let Some(header) = line.strip_suffix("\r\n") else {
                return violation(format!("header line not ended by CRLF: {line:?}"));
            };
            if let Some(n) = header.strip_prefix("Content-Length: ") {
                match n.parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => return violation(format!("bad Content-Length: {header:?}")),
                }
            } else if !header.starts_with("Content-Type: ") {
                return violation(format!("not an LSP header: {header:?}"));
            }
        }
        let Some(length) = length else {
            return violation("header block without Content-Length".into());
        };
        let mut body = vec![0; length];
        if let Err(err) = reader.read_exact(&mut body) {
            return violation(format!("stdout ended inside a body: {err}"));
        }
        match serde_json::from_slice::<Value>(&body) {
            Ok(message) => {
                if sink.send(message).is_err() {
                    return;
                }
            }
            Err(err) => return violation(format!("body is not JSON ({err}): {}", String::from_utf8_lossy(&body))),
        }
    }
}

impl Server {
    /// Starts `dockerfile-lsp` with `args` (such as `["serve"]`), logging at `debug`.
    pub fn spawn(args: &[&str]) -> Self {
        Self::spawn_with_env(args, &[])
    }

    /// [`Server::spawn`] with more environment variables.
    pub fn spawn_with_env(args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Self {
        let mut child = bin()
            .args(args)
            .env("DOCKERFILE_LSP_LOG", "debug")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the dockerfile-lsp binary starts");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr_pipe = child.stderr.take().expect("piped stderr");
        let (tx, messages) = channel();
        let violations = Arc::new(Mutex::new(Vec::new()));
        let v = violations.clone();
        thread::spawn(move || read_frames(stdout, tx, v));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let e = stderr.clone();
        thread::spawn(move || {
            let mut buf = [0; 4096];
            while let Ok(n) = stderr_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                e.lock().expect("lock").extend_from_slice(&buf[..n]);
            }
        });
        Self {
            child,
            stdin,
            messages,
            stash: VecDeque::new(),
            stderr,
            violations,
            next_id: 1,
        }
    }

    /// Starts the server and completes `initialize`/`initialized` with these client capabilities;
    /// returns the `initialize` result.
    pub fn initialized(capabilities: Value) -> (Self, Value) {
        let mut server = Self::spawn(&["serve"]);
        let result = server.initialize(capabilities);
        (server, result)
    }

    pub fn initialize(&mut self, capabilities: Value) -> Value {
        let response = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities,
                   "clientInfo": {"name": "e2e-tests"}}),
        );
        let result = response
            .get("result")
            .cloned()
            .unwrap_or_else(|| panic!("initialize failed: {response}"));
        self.notify("initialized", json!({}));
        result
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("server reads its stdin");
        stdin.flush().expect("server reads its stdin");
    }

    pub fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns the whole response message (with `result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response(&json!(id))
    }

    /// The response with this id.
    pub fn response(&mut self, id: &Value) -> Value {
        self.wait_for(&format!("the response to request {id}"), |m| {
            &m["id"] == id && m.get("method").is_none()
        })
    }

    /// The first message, received or still to come, for which `pred` holds; the others stay
    /// stashed for later calls. Panics after [`TIMEOUT`].
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_for_within(TIMEOUT, what, pred)
    }

    /// [`Server::wait_for`] with another bound, for work that is slow in a debug build (a
    /// document of megabytes).
    pub fn wait_for_within(&mut self, timeout: Duration, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.stash.iter().position(&pred) {
            return self.stash.remove(i).expect("index from position");
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if pred(&message) => return message,
                Ok(message) => self.stash.push_back(message),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "timed out waiting for {what}; received meanwhile: {:?}\nstderr:\n{}",
                    self.stash,
                    self.stderr()
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "server closed stdout while we waited for {what}; violations: {:?}\nstderr:\n{}",
                    self.violations(),
                    self.stderr()
                ),
            }
        }
    }

    /// The `publishDiagnostics` for `uri` at `version`.
    pub fn published(&mut self, uri: &str, version: i64) -> Vec<Value> {
        self.published_within(TIMEOUT, uri, version)
    }

    pub fn published_within(&mut self, timeout: Duration, uri: &str, version: i64) -> Vec<Value> {
        let message = self.wait_for_within(timeout, &format!("diagnostics of {uri} version {version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .expect("diagnostics is an array")
    }

    /// Every message received so far (and within `settle`), leaving them stashed.
    pub fn received_within(&mut self, settle: Duration) -> Vec<Value> {
        let deadline = Instant::now() + settle;
        while let Ok(message) = self
            .messages
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            self.stash.push_back(message);
        }
        self.stash.iter().cloned().collect()
    }

    /// Every message received so far that no call asked for, removed from the stash.
    pub fn take_received(&mut self) -> Vec<Value> {
        while let Ok(message) = self.messages.try_recv() {
            self.stash.push_back(message);
        }
        self.stash.drain(..).collect()
    }

    /// The server's process id, to read its memory use from `/proc`.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "dockerfile", "version": version, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().expect("lock")).into_owned()
    }

    pub fn violations(&self) -> Vec<String> {
        self.violations.lock().expect("lock").clone()
    }

    /// Waits for the process to end on its own.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait on the server") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "server did not exit in time; stderr:\n{}",
                self.stderr()
            );
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// `shutdown` then `exit`, keeping stdin open (some clients never close it); returns the exit
    /// status.
    pub fn shutdown_and_exit(&mut self) -> ExitStatus {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A position in an encoding the test negotiated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
    Utf32,
}

impl Enc {
    fn units(self, c: char) -> usize {
        match self {
            Enc::Utf8 => c.len_utf8(),
            Enc::Utf16 => c.len_utf16(),
            Enc::Utf32 => 1,
        }
    }
}

/// The byte offset of an LSP position in `text`, computed independently of the server's code
/// (lines end at `\n`, `\r\n` or `\r`). Panics on positions that are not on a character
/// boundary: tests only send exact ones.
pub fn offset(text: &str, line: usize, col: usize, enc: Enc) -> usize {
    let mut start = 0;
    for _ in 0..line {
        let rest = &text[start..];
        let nl = rest
            .find(['\n', '\r'])
            .unwrap_or_else(|| panic!("line {line} is past the end"));
        start += nl + if rest[nl..].starts_with("\r\n") { 2 } else { 1 };
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units == col {
            return start + i;
        }
        assert!(units < col, "column {col} splits a character on line {line}");
        assert!(c != '\n' && c != '\r', "column {col} is past the end of line {line}");
        units += enc.units(c);
    }
    assert_eq!(units, col, "column {col} is past the end of the text");
    text.len()
}

/// The LSP position of a byte offset in `text` in `enc`.
pub fn position(text: &str, at: usize, enc: Enc) -> (usize, usize) {
    let before = &text[..at];
    let mut line = 0;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                i += 1;
                line += 1;
                line_start = i + 1;
            }
            b'\n' | b'\r' => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    (line, before[line_start..].chars().map(|c| enc.units(c)).sum())
}

/// An LSP range as JSON.
pub fn range(start: (usize, usize), end: (usize, usize)) -> Value {
    json!({"start": {"line": start.0, "character": start.1}, "end": {"line": end.0, "character": end.1}})
}

/// The text a JSON LSP range covers in `text`.
pub fn slice<'a>(text: &'a str, range: &Value, enc: Enc) -> &'a str {
    let pos = |p: &Value| {
        let n = |k: &str| p[k].as_u64().unwrap_or_else(|| panic!("bad position {p}")) as usize;
        offset(text, n("line"), n("character"), enc)
    };
    &text[pos(&range["start"])..pos(&range["end"])]
}

/// A client-side copy of a document, edited the way the client tells the server to edit it.
pub struct Mirror {
    pub text: String,
    pub enc: Enc,
}

impl Mirror {
    pub fn new(text: &str, enc: Enc) -> Self {
        Self {
            text: text.to_owned(),
            enc,
        }
    }

    /// Replaces the first occurrence of `find` with `with`, and returns the LSP change that does
    /// the same.
    pub fn replace(&mut self, find: &str, with: &str) -> Value {
        let start = self
            .text
            .find(find)
            .unwrap_or_else(|| panic!("{find:?} not in {:?}", self.text));
        self.replace_range(start, start + find.len(), with)
    }

    /// Inserts `text` right after the first occurrence of `anchor`.
    pub fn insert_after(&mut self, anchor: &str, text: &str) -> Value {
        let at = self
            .text
            .find(anchor)
            .unwrap_or_else(|| panic!("{anchor:?} not in {:?}", self.text))
            + anchor.len();
        self.replace_range(at, at, text)
    }

    pub fn replace_range(&mut self, start: usize, end: usize, with: &str) -> Value {
        let change = json!({
            "range": range(position(&self.text, start, self.enc), position(&self.text, end, self.enc)),
            "text": with,
        });
        self.text.replace_range(start..end, with);
        change
    }

    pub fn slice(&self, range: &Value) -> &str {
        slice(&self.text, range, self.enc)
    }
}

/// The rule id (`code`) of an LSP diagnostic.
pub fn code(diagnostic: &Value) -> &str {
    diagnostic["code"].as_str().unwrap_or_default()
}

/// The diagnostics with this rule id.
pub fn with_code<'a>(diagnostics: &'a [Value], rule: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| code(d) == rule).collect()
}

/// A fresh, empty folder for one test under Cargo's scratch folder for integration tests (never
/// /tmp: configuration files are discovered upward from a file). The process id and a counter
/// keep every call's folder apart; `name` is for whoever reads the folder.
pub fn scratch(name: &str) -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the scratch folder");
    dir.canonicalize().expect("the scratch folder exists")
}

/// Whether a `shellcheck` runs here; when not, says on stderr that the calling test checks
/// nothing.
pub fn has_shellcheck() -> bool {
    let found = Command::new("shellcheck")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        eprintln!("note: `shellcheck` is not installed; this test checks nothing here");
    }
    found
}

/// The entries of a folder, sorted by path (none when it cannot be read).
pub fn sorted_entries(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}
