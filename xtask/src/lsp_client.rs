//! A minimal LSP client over a child's stdio, enough to time a server: framed JSON-RPC, requests
//! with responses matched by id, notifications stamped with the instant they were read, and
//! server-to-client requests answered so that no server waits on us.

use std::io::{self, BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<(Instant, Value)>,
    next_id: i64,
}

fn read_message(reader: &mut impl BufRead) -> io::Result<Option<Value>> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let length = length.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "no Content-Length"))?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    serde_json::from_slice(&body).map(Some).map_err(io::Error::other)
}

impl Server {
    /// Starts `program args...` with its stderr discarded (servers log there).
    pub fn spawn(program: &str, args: &[&str]) -> io::Result<Server> {
        let mut child = Command::new(program)
            .args(args)
            // Our server keeps ShellCheck's answers on disk between runs; the LSP measures are
            // of a first run, so that one spawn does not warm the next (peers ignore this).
            .env("DOCKERFILE_LSP_CACHE_DIR", "off")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdin = child.stdin.take().ok_or_else(|| io::Error::other("no stdin"))?;
        let stdout = child.stdout.take().ok_or_else(|| io::Error::other("no stdout"))?;
        let (tx, messages) = channel();
        thread::spawn(move || {
            let mut reader = BufReader::with_capacity(1 << 16, stdout);
            while let Ok(Some(message)) = read_message(&mut reader) {
                if tx.send((Instant::now(), message)).is_err() {
                    break;
                }
            }
        });
        Ok(Server {
            child,
            stdin,
            messages,
            next_id: 1,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn send(&mut self, message: &Value) -> io::Result<()> {
        let body = serde_json::to_vec(message).map_err(io::Error::other)?;
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len())?;
        self.stdin.write_all(&body)?;
        self.stdin.flush()
    }

    pub fn notify(&mut self, method: &str, params: Value) -> io::Result<()> {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    /// Sends a request and waits for its response, returning the response and when it was read.
    pub fn request(&mut self, method: &str, params: Value, timeout: Duration) -> io::Result<(Instant, Value)> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))?;
        self.wait_for(timeout, |m| m.get("method").is_none() && m["id"] == id)
    }

    /// Reads messages until one satisfies `pred`, answering the server's own requests with an
    /// empty result on the way. Other messages are dropped.
    pub fn wait_for(&mut self, timeout: Duration, pred: impl Fn(&Value) -> bool) -> io::Result<(Instant, Value)> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (at, message) = match self.messages.recv_timeout(left) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => {
                    return Err(io::Error::new(io::ErrorKind::TimedOut, "no answer in time"));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the server closed its output",
                    ));
                }
            };
            if message.get("method").is_some() && message.get("id").is_some() {
                let id = message["id"].clone();
                // `workspace/configuration` wants one item per requested section.
                let result = match message["params"]["items"].as_array() {
                    Some(items) if message["method"] == "workspace/configuration" => {
                        Value::Array(vec![Value::Null; items.len()])
                    }
                    _ => Value::Null,
                };
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}))?;
                continue;
            }
            if pred(&message) {
                return Ok((at, message));
            }
        }
    }

    /// `initialize` as a plain editor would send it: UTF-16 positions, pushed diagnostics with
    /// versions, no pull diagnostics (so that the server pushes).
    pub fn initialize(&mut self, options: &Value, timeout: Duration) -> io::Result<(Instant, Value)> {
        let params = json!({
            "initializationOptions": options,
            "processId": std::process::id(),
            "clientInfo": {"name": "dockerfile-lsp-bench"},
            "rootUri": null,
            "capabilities": {
                "general": {"positionEncodings": ["utf-16"]},
                "textDocument": {
                    "synchronization": {"dynamicRegistration": false},
                    "publishDiagnostics": {"versionSupport": true, "relatedInformation": true},
                    "semanticTokens": {
                        "requests": {"full": true},
                        "tokenTypes": ["keyword", "variable", "string", "comment", "parameter", "property",
                                       "operator", "number", "namespace", "class", "function", "macro"],
                        "tokenModifiers": ["declaration", "deprecated", "readonly"],
                        "formats": ["relative"]
                    }
                }
            }
        });
        let answer = self.request("initialize", params, timeout)?;
        self.notify("initialized", json!({}))?;
        Ok(answer)
    }

    /// Peak resident set size of the server process, in bytes (Linux only).
    pub fn peak_rss(&self) -> Option<u64> {
        self.status_bytes("VmHWM:")
    }

    /// The server's resident memory now, in bytes (Linux only).
    pub fn rss(&self) -> Option<u64> {
        self.status_bytes("VmRSS:")
    }

    fn status_bytes(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }

    /// Asks the server to shut down and exit, and reaps it; kills it if it does not comply.
    pub fn shutdown(mut self) {
        let _ = self.request("shutdown", Value::Null, Duration::from_secs(5));
        let _ = self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
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
