//! A soak through the real binary: a scripted session of edits and requests over many documents,
//! opened, edited and closed again and again. Every request gets its response, the diagnostics of
//! every document match its latest text, and the server's memory stays flat: after all documents
//! are closed, its resident set is within a generous bound of what it was after a warm-up round.
//!
//! `cargo test` runs a short session (CI runs it through `.ci/run`). A long one:
//!
//! ```sh
//! SOAK_ITERATIONS=100000 cargo test --release --test lsp soak:: -- --nocapture
//! ```
//!
//! An iteration is one edit; about one request goes with every four edits.

use crate::common;

use common::{Enc, Mirror, Server};
use serde_json::{Value, json};

/// Edits in the short session.
const SHORT_ITERATIONS: usize = 3_000;
/// Documents edited side by side.
const DOCUMENTS: usize = 24;
/// Edits per document between two checks of its diagnostics.
const EDITS_PER_VISIT: usize = 5;
/// Growth of the resident set allowed between the warm-up plateau and the end: allocators keep
/// freed memory, so this bounds leaks of whole documents over many rounds, not bytes.
const ALLOWED_GROWTH_KB: u64 = 48 * 1024;

fn iterations() -> usize {
    std::env::var("SOAK_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(SHORT_ITERATIONS)
}

/// A fixed pseudo-random sequence, so that a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

/// `VmRSS` and `VmHWM` of a process, in kB.
fn memory_kb(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc/<pid>/status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} in {status}"))
    };
    (field("VmRSS:"), field("VmHWM:"))
}

struct Doc {
    uri: String,
    mirror: Mirror,
    version: i64,
    open: bool,
}

const START: &str = "FROM debian:12 AS build\nRUN apt-get update\nWORKDIR /src\n";

impl Doc {
    /// One edit, chosen so that the untagged images are easy to count in the mirror: add a
    /// stage without a tag, tag one, add a RUN, or remove the last line.
    fn edit(&mut self, rng: &mut Lcg) -> Value {
        let text = &self.mirror.text;
        match rng.below(4) {
            0 => {
                let end = text.len();
                self.mirror.replace_range(end, end, "FROM alpine\nRUN echo hi\n")
            }
            1 if text.contains("FROM alpine\n") => self.mirror.replace("FROM alpine\n", "FROM alpine:3.20\n"),
            2 if text.lines().count() > 3 => {
                let body = text.trim_end_matches('\n');
                let start = body.rfind('\n').map_or(0, |i| i + 1);
                let end = text.len();
                self.mirror.replace_range(start, end, "")
            }
            _ => {
                let end = text.len();
                self.mirror
                    .replace_range(end, end, "RUN cd /tmp && curl -fsSL https://example.com/x | sh\n")
            }
        }
    }

    fn untagged(&self) -> usize {
        self.mirror.text.matches("FROM alpine\n").count()
    }
}

fn request_for(uri: &str, rng: &mut Lcg) -> (&'static str, Value) {
    let doc = json!({"uri": uri});
    let at = json!({"line": rng.below(6), "character": rng.below(12)});
    match rng.below(5) {
        0 => ("textDocument/hover", json!({"textDocument": doc, "position": at})),
        1 => ("textDocument/documentSymbol", json!({"textDocument": doc})),
        2 => (
            "textDocument/completion",
            json!({"textDocument": doc, "position": at, "context": {"triggerKind": 1}}),
        ),
        3 => ("textDocument/semanticTokens/full", json!({"textDocument": doc})),
        _ => (
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": common::range((0, 0), (2, 0)), "context": {"diagnostics": []}}),
        ),
    }
}

/// Runs `edits` edits over the documents (opening closed ones, closing some as it goes), then
/// closes every document. Returns the number of requests answered.
fn session(server: &mut Server, docs: &mut [Doc], rng: &mut Lcg, edits: usize, next_id: &mut i64) -> usize {
    let mut done = 0;
    let mut answered = 0;
    while done < edits {
        let d = rng.below(docs.len());
        let doc = &mut docs[d];
        if !doc.open {
            doc.mirror = Mirror::new(START, Enc::Utf16);
            doc.version = 1;
            server.open(&doc.uri, 1, START);
            doc.open = true;
        }
        let mut pending = Vec::new();
        for _ in 0..EDITS_PER_VISIT {
            let change = doc.edit(rng);
            doc.version += 1;
            server.change(&doc.uri, doc.version, json!([change]));
            done += 1;
            if rng.below(4) == 0 {
                let (method, params) = request_for(&doc.uri, rng);
                let id = *next_id;
                *next_id += 1;
                server.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
                pending.push((id, method));
            }
        }
        for (id, method) in pending {
            let answer = server.response(&json!(id));
            assert!(answer.get("error").is_none(), "{method}: {answer}");
            answered += 1;
        }
        let diagnostics = server.published(&doc.uri, doc.version);
        let untagged = common::with_code(&diagnostics, "untagged-image").len();
        assert_eq!(
            untagged,
            doc.untagged(),
            "{} version {}:\n{}",
            doc.uri,
            doc.version,
            doc.mirror.text
        );
        if rng.below(6) == 0 {
            server.notify("textDocument/didClose", json!({"textDocument": {"uri": doc.uri}}));
            doc.open = false;
        }
        // Diagnostics of versions already superseded pile up otherwise.
        server.take_received();
    }
    for doc in docs.iter_mut().filter(|d| d.open) {
        server.notify("textDocument/didClose", json!({"textDocument": {"uri": doc.uri}}));
        doc.open = false;
    }
    answered
}

#[test]
fn a_long_session_keeps_every_answer_current_and_memory_flat() {
    let total = iterations();
    let (mut server, _) = Server::initialized(json!({}));
    let pid = server.pid();
    let mut rng = Lcg(20_261_128);
    let mut docs: Vec<Doc> = (0..DOCUMENTS)
        .map(|i| Doc {
            uri: format!("file:///soak/{i}/Dockerfile"),
            mirror: Mirror::new(START, Enc::Utf16),
            version: 1,
            open: false,
        })
        .collect();
    let mut next_id = 1_000;
    let warm_up = (total / 5).max(DOCUMENTS * EDITS_PER_VISIT);
    let mut answered = session(&mut server, &mut docs, &mut rng, warm_up, &mut next_id);
    // A request after the closes is answered after them: everything is closed by then.
    assert!(server.request("shutdown/not-yet", json!({}))["error"].is_object());
    let (plateau, _) = memory_kb(pid);
    answered += session(
        &mut server,
        &mut docs,
        &mut rng,
        total - warm_up.min(total),
        &mut next_id,
    );
    assert!(server.request("shutdown/not-yet", json!({}))["error"].is_object());
    let (after, peak) = memory_kb(pid);
    eprintln!(
        "soak: {total} edits and {answered} requests over {DOCUMENTS} documents; \
         RSS {plateau} kB after warm-up, {after} kB at the end, peak {peak} kB"
    );
    assert!(
        after <= plateau + ALLOWED_GROWTH_KB,
        "resident set grew from {plateau} kB to {after} kB with every document closed"
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
    assert_eq!(server.violations(), Vec::<String>::new());
}
