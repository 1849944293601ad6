//! In-process tests of the whole server with an analysis that panics: the end-to-end tests spawn
//! the real binary, whose analysis cannot be made to fail on purpose.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf};

use crate::analysis::Host;
use crate::analysis::config::Config;
use crate::analysis::shellcheck::{Dialect, Finding};

/// A host whose ShellCheck panics when asked about a script: the analysis of a Dockerfile with a
/// `RUN` panics.
pub(super) fn exploding(_: Option<&Path>, _: &Config) -> Host {
    Host {
        shellcheck: Arc::new(|_: &str, _: Dialect| -> Option<Vec<Finding>> { panic!("analysis exploded") }),
        ..Host::none()
    }
}

struct Peer {
    reader: BufReader<ReadHalf<DuplexStream>>,
    writer: WriteHalf<DuplexStream>,
}

impl Peer {
    async fn send(&mut self, message: Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.writer.write_all(frame.as_bytes()).await.expect("server reads");
    }

    async fn recv(&mut self) -> Value {
        let read = async {
            let mut length = 0;
            loop {
                let mut line = String::new();
                self.reader.read_line(&mut line).await.expect("server writes");
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = n.parse().expect("numeric length");
                }
            }
            let mut body = vec![0; length];
            self.reader.read_exact(&mut body).await.expect("whole body");
            serde_json::from_slice(&body).expect("JSON body")
        };
        tokio::time::timeout(Duration::from_secs(10), read)
            .await
            .expect("server answers in time")
    }

    /// The next message that is not a `window/logMessage`, collecting those.
    async fn recv_skipping_logs(&mut self, logs: &mut Vec<Value>) -> Value {
        loop {
            let message = self.recv().await;
            if message["method"] == "window/logMessage" {
                logs.push(message);
            } else {
                return message;
            }
        }
    }
}

fn start() -> (Peer, tokio::task::JoinHandle<bool>) {
    let (client, server) = tokio::io::duplex(1 << 16);
    let (server_in, server_out) = tokio::io::split(server);
    let handle = tokio::spawn(super::run(server_in, server_out, exploding));
    let (reader, writer) = tokio::io::split(client);
    (
        Peer {
            reader: BufReader::new(reader),
            writer,
        },
        handle,
    )
}

fn open(uri: &str, text: &str) -> Value {
    json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_analysis_is_an_error_answer_and_the_server_lives_on() {
    let (mut peer, server) = start();
    peer.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "capabilities": {"textDocument": {"diagnostic": {}}}}}))
        .await;
    assert!(peer.recv().await["result"]["capabilities"]["diagnosticProvider"].is_object());
    peer.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        .await;
    peer.send(open("file:///a/Dockerfile", "FROM alpine\nRUN true\n")).await;
    let pull = |id| {
        json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/diagnostic", "params": {
            "textDocument": {"uri": "file:///a/Dockerfile"}}})
    };
    peer.send(pull(2)).await;
    let mut logs = Vec::new();
    let answer = peer.recv_skipping_logs(&mut logs).await;
    assert_eq!(answer["id"], 2);
    assert_eq!(answer["error"]["code"], -32603, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("analysis exploded")),
        "{answer}"
    );
    // Asked again, the same snapshot gives the same error rather than a second panic.
    peer.send(pull(3)).await;
    assert_eq!(peer.recv_skipping_logs(&mut logs).await["error"]["code"], -32603);
    peer.send(json!({"jsonrpc": "2.0", "id": 4, "method": "shutdown"}))
        .await;
    assert_eq!(
        peer.recv_skipping_logs(&mut logs).await,
        json!({"jsonrpc": "2.0", "id": 4, "result": null})
    );
    peer.send(json!({"jsonrpc": "2.0", "method": "exit"})).await;
    assert!(server.await.expect("server task ends normally"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_analysis_in_push_mode_is_logged_to_the_client() {
    let (mut peer, server) = start();
    peer.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}))
        .await;
    assert!(peer.recv().await["result"]["capabilities"]["diagnosticProvider"].is_null());
    peer.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        .await;
    peer.send(open("file:///b/Dockerfile", "FROM alpine\nRUN true\n")).await;
    // Our own findings do not wait for ShellCheck (whose answer the fake does not keep), so they
    // are published; the panic comes when ShellCheck is asked.
    let ours = peer.recv().await;
    assert_eq!(ours["method"], "textDocument/publishDiagnostics", "{ours}");
    assert_eq!(ours["params"]["version"], 1);
    let log = peer.recv().await;
    assert_eq!(log["method"], "window/logMessage", "{log}");
    assert_eq!(log["params"]["type"], 1);
    assert!(
        log["params"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("analysis exploded"))
    );
    peer.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        .await;
    // Nothing more was published for the failed version: the next message is the shutdown
    // answer.
    assert_eq!(peer.recv().await, json!({"jsonrpc": "2.0", "id": 2, "result": null}));
    peer.send(json!({"jsonrpc": "2.0", "method": "exit"})).await;
    assert!(server.await.expect("server task ends normally"));
}

#[tokio::test]
async fn end_of_input_without_shutdown_reports_no_shutdown() {
    let (peer, server) = start();
    drop(peer);
    assert!(!server.await.expect("server task ends normally"));
}
