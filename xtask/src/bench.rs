//! The benchmark of docs/benchmarking.md: our server and `check` against docker-langserver
//! and hadolint, run side by side and alternating so that drift on a shared machine hits both
//! alike, reported as medians and their ratio. Peers are optional; without them only our own
//! figures (and the tree-sitter floor) are printed.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::lsp_client::Server;
use crate::peers::Peers;
use xtask::large;

pub struct Options {
    pub root: PathBuf,
    pub corpus: PathBuf,
    pub spawns: usize,
    pub opens: usize,
    pub edits: usize,
    pub peer_edits: usize,
    pub runs: usize,
    pub peers: bool,
    /// Whether our server runs ShellCheck on RUN scripts (its default when it is on PATH).
    pub shellcheck: bool,
    /// A smoke run for CI: the debug build, few iterations, the report in target/bench only.
    pub quick: bool,
    /// Only these groups of measures (`lsp`, `shellcheck`, `corpus`, `floor`); all when empty.
    /// A partial report goes to target/bench only.
    pub only: Vec<String>,
}

impl Options {
    fn wants(&self, group: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|g| g == group)
    }
}

const TIMEOUT: Duration = Duration::from_secs(60);

/// How one side of a measure went.
#[derive(Clone)]
enum Outcome {
    Times(Vec<Duration>),
    Bytes(u64),
    Failed(String),
    Skipped,
}

impl Outcome {
    fn value(&self, pct: usize) -> Option<f64> {
        match self {
            Outcome::Times(t) if !t.is_empty() => Some(percentile(t, pct)),
            Outcome::Bytes(b) => Some(*b as f64),
            _ => None,
        }
    }
}

fn percentile(times: &[Duration], p: usize) -> f64 {
    let mut s: Vec<f64> = times.iter().map(Duration::as_secs_f64).collect();
    s.sort_by(f64::total_cmp);
    let i = ((s.len() - 1) * p + 50) / 100;
    s[i]
}

/// A budget of docs/benchmarking.md, on the ratio of our median to the peer's.
#[derive(Clone, Copy, PartialEq)]
enum Budget {
    None,
    /// Ours at most 1/n of the peer's.
    Fraction(f64),
    /// Ours at most 1/n of the peer's and at most this many seconds.
    FractionAndAbsolute(f64, f64),
    /// Ours at most n times the peer's (the floor).
    Times(f64),
}

impl Budget {
    fn label(self) -> String {
        match self {
            Budget::None => String::new(),
            Budget::Fraction(n) => format!("≤ 1/{n:.0}"),
            Budget::FractionAndAbsolute(n, s) => format!("≤ 1/{n:.0} and ≤ {}", fmt_secs(s)),
            Budget::Times(n) => format!("≤ {n}x"),
        }
    }

    /// Whether the figures meet the budget; `None` when there is no budget or a figure is missing.
    fn met(self, ours: Option<f64>, peer: Option<f64>) -> Option<bool> {
        let (a, b) = (ours?, peer);
        match self {
            Budget::None => None,
            Budget::Fraction(n) => Some(a * n <= b?),
            Budget::FractionAndAbsolute(n, s) => Some(a * n <= b? && a <= s),
            Budget::Times(n) => Some(a <= b? * n),
        }
    }
}

struct Row {
    measure: String,
    ours: Outcome,
    peer: Outcome,
    budget: Budget,
    /// Whether the quantity is a size rather than a time.
    bytes: bool,
    /// Which percentile of the times is shown (50: the median).
    pct: usize,
    /// When the budget is missed: the cause found so far and the next step.
    next: &'static str,
}

const NO_NOTE: &str = "not investigated yet";

// What profiling found for each budgeted measure (perf record on the server, the criterion
// benches in xtask/benches/analysis.rs), shown in docs/benchmarks.md when the budget is missed.
const NOTE_START: &str = "the process itself is most of it: `dockerfile-lsp --version` takes ~1.5 ms to spawn and exit \
     here, answering `initialize` ~0.5 ms more (tokio runtime, reading the configuration). Next: a \
     statically linked binary without debug line tables to cut page faults at exec, and a \
     current-thread runtime until the first document opens";
const NOTE_PER_EDIT: &str = "profiled on 2026-12-07 (perf on the server, 5,000 lines, 200 spread edits, \
     ShellCheck off; docs/benchmarks.md has the figures): of one edit, the analysis is about 11 ms \
     (the rules, re-run over all 5,000 lines, about 6 ms; model and facts rebuilt from the \
     previous version's, with every instruction and script after the edit copied and shifted, \
     about 3 ms), converting ~370 diagnostics to LSP about 2 ms, tower-lsp-server's \
     serde_json::Value step 1.5 ms, and writing and reading the 108 KB message the rest. Done: \
     positions from one line index, old versions freed off the path, our findings published \
     before ShellCheck's, ShellCheck's second pass re-runs only its own rule, one text per \
     version. Tried and not kept: the rules on two threads (no gain: most rules wait for the \
     same per-analysis memo). Next: rules keyed by stage so that untouched stages keep their \
     findings, and instructions and scripts stored relative to their start so that an edit \
     does not copy the rest of the file. 1/500 of docker-langserver (~0.3 ms) is below the \
     cost of serialising this file's diagnostics once, so the absolute target is the one to aim for";
const NOTE_RSS: &str = "about 10 MB is the mapped binary (its text and read-only data) and 2 MB the C \
     libraries; the live heap peaks at about 14 MB (dhat: RUN scripts 5.3 MB, model 3.8 MB, \
     trees 1.7 MB) while the new version is analysed next to the previous one. Done: two malloc \
     arenas and a trim once typing pauses (server/src/lsp/memory.rs): 49-76 MB before, see \
     the row measured 1 s after the last edit for the settled figure. Next: a compact model \
     (ranges as u32, shared strings) and scripts shared between versions instead of shifted copies";
const NOTE_CORPUS_SHELLCHECK: &str = "ShellCheck's own analysis of the ~2,900 RUN scripts is nearly all of \
     the time (hadolint links the same ShellCheck in, and spends the same there). Tried: one \
     ShellCheck process per batch of a document's scripts instead of one per script: half the \
     processes, the same wall time and 5% less CPU, so it was not kept. Done: ShellCheck's \
     answers are kept on disk between runs, so checking the same files again (the next row) \
     skips ShellCheck; this row is a first run, with an empty cache. Next: nothing on our side \
     for a first run: the time is ShellCheck's own";
const NOTE_FIRST_SHELLCHECK: &str = "our findings are published before ShellCheck answers (the \
     first publishDiagnostics of the version), ShellCheck's with them when it does";
const NOTE_CORPUS: &str = "one process, all files analysed on every core; reading and analysing are most of it";
const NOTE_FLOOR: &str = "the floor parses only the Dockerfile grammar, while the analysis also reads every RUN \
     script with tree-sitter-bash (the facts: about three quarters of a first analysis); the model \
     scan and the rules each cost about a third of the floor's parse. Only a first analysis pays \
     for the scripts: after an edit they are reused. Done: a first analysis with over 64 KiB of \
     scripts reads them on up to 4 threads (criterion, 2 idle cores: facts 19.9 → 10.9 ms, \
     analyze 24.1 → 15.4 ms); the CPU time is the same, and on one core the ratio stays about \
     3.6x. Next: the bash grammar's own parse is the floor of the facts";

fn fmt_secs(s: f64) -> String {
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 0.01 {
        format!("{:.1} ms", s * 1e3)
    } else if s >= 0.0001 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

fn fmt_value(o: &Outcome, bytes: bool, pct: usize) -> String {
    match o {
        Outcome::Times(t) if t.is_empty() => "n/a".into(),
        Outcome::Times(t) => format!("{} (n={})", fmt_secs(percentile(t, pct)), t.len()),
        Outcome::Bytes(b) if bytes => format!("{:.1} MB", *b as f64 / 1e6),
        Outcome::Bytes(b) => b.to_string(),
        Outcome::Failed(why) => format!("failed: {why}"),
        Outcome::Skipped => "-".into(),
    }
}

fn fmt_ratio(ours: &Outcome, peer: &Outcome, pct: usize) -> String {
    match (ours.value(pct), peer.value(pct)) {
        (Some(a), Some(b)) if a > 0.0 && b >= a => format!("1/{:.0}", b / a),
        (Some(a), Some(b)) if a > 0.0 => format!("{:.1}x", a / b),
        _ => "-".into(),
    }
}

fn verdict(row: &Row) -> &'static str {
    match row.budget.met(row.ours.value(row.pct), row.peer.value(row.pct)) {
        Some(true) => "met",
        Some(false) => "missed",
        None if row.budget == Budget::None => "",
        None => "no peer",
    }
}

/// One table of results as Markdown (which also reads well in a terminal).
fn table(title: &str, peer_name: &str, rows: &[Row]) -> String {
    let header = ["measure", "ours", peer_name, "ours/peer", "budget", "verdict"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.measure.clone(),
                fmt_value(&r.ours, r.bytes, r.pct),
                fmt_value(&r.peer, r.bytes, r.pct),
                fmt_ratio(&r.ours, &r.peer, r.pct),
                r.budget.label(),
                verdict(r).to_owned(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cols: &[String]| -> String {
        let padded: Vec<String> = cols
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        format!("| {} |\n", padded.join(" | "))
    };
    let mut out = format!("### {title}\n\n");
    out += &line(&header.map(String::from));
    out += &line(&widths.map(|w| "-".repeat(w)));
    for row in &cells {
        out += &line(row);
    }
    out
}

fn uri_for(tag: &str, name: &str) -> String {
    format!("file:///bench/{tag}/{name}")
}

fn did_open(server: &mut Server, uri: &str, text: &str) -> io::Result<()> {
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}),
    )
}

/// Waits for diagnostics on `uri`; with `version`, only for ones published for that version.
fn wait_diagnostics(server: &mut Server, uri: &str, version: Option<i64>) -> io::Result<Instant> {
    let (at, _) = server.wait_for(TIMEOUT, |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && version.is_none_or(|v| m["params"]["version"] == v)
    })?;
    Ok(at)
}

/// One language server under test.
struct Lsp {
    program: String,
    args: Vec<String>,
    /// Whether its diagnostics must carry the document version (ours must).
    versioned: bool,
    /// `initializationOptions`.
    options: Value,
}

impl Lsp {
    fn spawn(&self) -> io::Result<(Server, Value)> {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        let mut server = Server::spawn(&self.program, &args)?;
        let (_, init) = server.initialize(&self.options, TIMEOUT)?;
        Ok((server, init))
    }

    fn version(&self, v: i64) -> Option<i64> {
        self.versioned.then_some(v)
    }
}

fn record(outcome: &mut Outcome, result: io::Result<Duration>) {
    match (result, &mut *outcome) {
        (Ok(d), Outcome::Times(t)) => t.push(d),
        (Err(e), Outcome::Times(_)) => *outcome = Outcome::Failed(e.to_string()),
        _ => {}
    }
}

/// Spawns a server and times its `initialize` response, then the diagnostics of the first file
/// it is given, which is what someone opening a Dockerfile in a fresh editor waits for.
fn start_once(lsp: &Lsp, small: &str) -> io::Result<(Duration, Duration)> {
    let t0 = Instant::now();
    let args: Vec<&str> = lsp.args.iter().map(String::as_str).collect();
    let mut server = Server::spawn(&lsp.program, &args)?;
    let (at, _) = server.initialize(&lsp.options, TIMEOUT)?;
    let cold = open_once(&mut server, lsp, "cold", "Dockerfile", small)?;
    server.shutdown();
    Ok((at - t0, cold))
}

fn record_pair(first: &mut Outcome, second: &mut Outcome, result: io::Result<(Duration, Duration)>) {
    match result {
        Ok((a, b)) => {
            record(first, Ok(a));
            record(second, Ok(b));
        }
        Err(e) => {
            let text = e.to_string();
            record(first, Err(e));
            record(second, Err(io::Error::other(text)));
        }
    }
}

fn open_once(server: &mut Server, lsp: &Lsp, tag: &str, name: &str, text: &str) -> io::Result<Duration> {
    let uri = uri_for(tag, name);
    let t0 = Instant::now();
    did_open(server, &uri, text)?;
    let at = wait_diagnostics(server, &uri, lsp.version(1))?;
    server.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}))?;
    Ok(at - t0)
}

/// The single-character edits of the per-edit measure: type `x` after the first character of a
/// line, then delete it, on lines spread over the whole file. Columns are UTF-16 code units.
fn edits(text: &str, count: usize) -> Vec<(u32, u32, &'static str, bool)> {
    let lines: Vec<(u32, u32)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let first = l.chars().next()?;
            (l.chars().count() >= 2).then_some((i as u32, first.len_utf16() as u32))
        })
        .collect();
    (0..count)
        .map(|k| {
            let (line, col) = lines[(k / 2 * 7919) % lines.len()];
            if k % 2 == 0 {
                (line, col, "x", true)
            } else {
                (line, col, "", false)
            }
        })
        .collect()
}

fn change_once(
    server: &mut Server,
    lsp: &Lsp,
    uri: &str,
    version: i64,
    edit: (u32, u32, &str, bool),
) -> io::Result<Duration> {
    let (line, col, text, insert) = edit;
    let end = if insert { col } else { col + 1 };
    let change = json!({
        "range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": end}},
        "text": text
    });
    let t0 = Instant::now();
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
    )?;
    let at = wait_diagnostics(server, uri, lsp.version(version))?;
    Ok(at - t0)
}

fn semantic_tokens_once(server: &mut Server, uri: &str) -> io::Result<Duration> {
    let t0 = Instant::now();
    let (at, response) = server.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
        TIMEOUT,
    )?;
    if response.get("error").is_some() {
        return Err(io::Error::other(response["error"]["message"].to_string()));
    }
    Ok(at - t0)
}

/// How long the memory measure waits after the last edit for the RSS once typing paused.
const SETTLE: Duration = Duration::from_secs(1);

fn times() -> Outcome {
    Outcome::Times(Vec::new())
}

/// The LSP measures, ours and the peer alternating.
fn lsp_rows(ours: &Lsp, peer: Option<&Lsp>, opts: &Options, files: &Files) -> Vec<Row> {
    let mut rows = Vec::new();
    let skipped = || if peer.is_some() { times() } else { Outcome::Skipped };

    // Start: a fresh process each time.
    let (mut a, mut b) = (times(), skipped());
    let (mut cold_a, mut cold_b) = (times(), skipped());
    for i in 0..opts.spawns {
        eprint!("\rstart {}/{}", i + 1, opts.spawns);
        record_pair(&mut a, &mut cold_a, start_once(ours, &files.small));
        if let Some(p) = peer.filter(|_| i < 10) {
            record_pair(&mut b, &mut cold_b, start_once(p, &files.small));
        }
    }
    eprintln!();
    rows.push(Row {
        measure: "start: spawn → initialize".into(),
        ours: a,
        peer: b,
        budget: Budget::Fraction(100.0),
        bytes: false,
        pct: 50,
        next: NOTE_START,
    });
    rows.push(Row {
        measure: format!("first diagnostics after start: {} lines", files.small.lines().count()),
        ours: cold_a,
        peer: cold_b,
        budget: Budget::None,
        bytes: false,
        pct: 50,
        next: NO_NOTE,
    });

    let mut servers = match ours.spawn() {
        Ok((s, init)) => (s, init),
        Err(e) => {
            rows.push(Row {
                measure: "language server".into(),
                ours: Outcome::Failed(e.to_string()),
                peer: Outcome::Skipped,
                budget: Budget::None,
                bytes: false,
                pct: 50,
                next: NO_NOTE,
            });
            return rows;
        }
    };
    let mut peer_server = peer.and_then(|p| p.spawn().ok()).map(|(s, _)| s);

    // First diagnostics, on distinct URIs so that no state carries over.
    let small = format!("first diagnostics, warm server: {} lines", files.small.lines().count());
    for (label, name, text, peer_runs) in [
        (small.as_str(), "Dockerfile", &files.small, opts.opens),
        (
            "first diagnostics, warm server: 5,000 lines",
            "large-5000.Dockerfile",
            &files.large5000,
            3,
        ),
    ] {
        let (mut a, mut b) = (times(), skipped());
        for i in 0..opts.opens {
            eprint!("\r{label} {}/{}", i + 1, opts.opens);
            record(&mut a, open_once(&mut servers.0, ours, &format!("o{i}"), name, text));
            if let (Some(p), Some(s)) = (peer, peer_server.as_mut())
                && i < peer_runs
            {
                record(&mut b, open_once(s, p, &format!("p{i}"), name, text));
            }
        }
        eprintln!();
        rows.push(Row {
            measure: label.to_owned(),
            ours: a,
            peer: b,
            budget: Budget::None,
            bytes: false,
            pct: 50,
            next: NO_NOTE,
        });
    }

    // Per-edit diagnostics on the 5,000-line file.
    let plan = edits(&files.large5000, opts.edits);
    let uri = uri_for("edit", "large-5000.Dockerfile");
    let (mut a, mut b) = (times(), skipped());
    let opened_ours = did_open(&mut servers.0, &uri, &files.large5000)
        .and_then(|()| wait_diagnostics(&mut servers.0, &uri, ours.version(1)));
    let mut peer_ready = match (peer, peer_server.as_mut()) {
        (Some(p), Some(s)) => did_open(s, &uri, &files.large5000)
            .and_then(|()| wait_diagnostics(s, &uri, p.version(1)))
            .is_ok(),
        _ => false,
    };
    if let Err(e) = opened_ours {
        a = Outcome::Failed(e.to_string());
    } else {
        for (k, edit) in plan.iter().enumerate() {
            eprint!("\rper-edit {}/{}", k + 1, plan.len());
            let version = k as i64 + 2;
            record(&mut a, change_once(&mut servers.0, ours, &uri, version, *edit));
            if let (Some(p), Some(s)) = (peer, peer_server.as_mut())
                && peer_ready
                && k < opts.peer_edits
            {
                let r = change_once(s, p, &uri, version, *edit);
                peer_ready = r.is_ok();
                record(&mut b, r);
            }
        }
        eprintln!();
    }
    let (p90_a, p90_b) = (a.clone(), b.clone());
    let (p95_a, p95_b) = (a.clone(), b.clone());
    rows.push(Row {
        measure: "per-edit diagnostics, 5,000 lines: median".into(),
        ours: a,
        peer: b,
        budget: Budget::FractionAndAbsolute(500.0, 0.005),
        bytes: false,
        pct: 50,
        next: NOTE_PER_EDIT,
    });
    rows.push(Row {
        measure: "per-edit diagnostics, 5,000 lines: p90".into(),
        ours: p90_a,
        peer: p90_b,
        budget: Budget::None,
        bytes: false,
        pct: 90,
        next: NO_NOTE,
    });
    rows.push(Row {
        measure: "per-edit diagnostics, 5,000 lines: p95".into(),
        ours: p95_a,
        peer: p95_b,
        budget: Budget::None,
        bytes: false,
        pct: 95,
        next: NO_NOTE,
    });
    let rss_row = |measure: String, read: fn(&Server) -> Option<u64>, budget: Budget, next: &'static str| Row {
        measure,
        ours: read(&servers.0).map_or(Outcome::Skipped, Outcome::Bytes),
        peer: peer_server
            .as_ref()
            .and_then(read)
            .map_or(Outcome::Skipped, Outcome::Bytes),
        budget,
        bytes: true,
        pct: 50,
        next,
    };
    rows.push(rss_row(
        format!("RSS after {} edits, 5,000 lines open", opts.edits),
        Server::rss,
        Budget::None,
        NO_NOTE,
    ));
    // The same, once typing has paused: our server gives freed memory back after a pause
    // (server/src/lsp/memory.rs).
    std::thread::sleep(SETTLE);
    rows.push(rss_row(
        format!(
            "RSS {} s after the last of {} edits, 5,000 lines open",
            SETTLE.as_secs(),
            opts.edits
        ),
        Server::rss,
        Budget::None,
        NO_NOTE,
    ));
    rows.push(rss_row(
        "peak RSS, 5,000 lines open and edited".into(),
        Server::peak_rss,
        Budget::Fraction(8.0),
        NOTE_RSS,
    ));

    // Semantic tokens (a server that does not offer them fails the measure).
    {
        let uri = uri_for("tokens", "large-2800.Dockerfile");
        let (mut a, mut b) = (times(), skipped());
        let offered = servers.1["result"]["capabilities"]["semanticTokensProvider"].is_object();
        let ok = did_open(&mut servers.0, &uri, &files.large2800)
            .and_then(|()| wait_diagnostics(&mut servers.0, &uri, ours.version(1)));
        let mut peer_ok = match (peer, peer_server.as_mut()) {
            (Some(p), Some(s)) => did_open(s, &uri, &files.large2800)
                .and_then(|()| wait_diagnostics(s, &uri, p.version(1)))
                .is_ok(),
            _ => false,
        };
        match ok {
            _ if !offered => a = Outcome::Failed("no semanticTokensProvider in the capabilities".into()),
            Err(e) => a = Outcome::Failed(e.to_string()),
            Ok(_) => {
                for i in 0..opts.opens {
                    eprint!("\rsemantic tokens {}/{}", i + 1, opts.opens);
                    record(&mut a, semantic_tokens_once(&mut servers.0, &uri));
                    if let Some(s) = peer_server.as_mut().filter(|_| peer_ok && i < 3) {
                        let r = semantic_tokens_once(s, &uri);
                        peer_ok = r.is_ok();
                        record(&mut b, r);
                    }
                }
                eprintln!();
            }
        }
        rows.push(Row {
            measure: "semantic tokens, 2,800 lines".into(),
            ours: a,
            peer: b,
            budget: Budget::None,
            bytes: false,
            pct: 50,
            next: NO_NOTE,
        });
    }

    servers.0.shutdown();
    if let Some(s) = peer_server {
        s.shutdown();
    }
    rows
}

fn timed(cmd: &mut Command) -> io::Result<Duration> {
    let t0 = Instant::now();
    let status = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    let elapsed = t0.elapsed();
    // hadolint and `check` exit 1 when they find something; anything else is a failure.
    match status.code() {
        Some(0 | 1) => Ok(elapsed),
        other => Err(io::Error::other(format!("exit status {other:?}"))),
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// `check` over the corpus, with the defaults (ShellCheck runs on RUN scripts when it is on PATH,
/// as hadolint always runs its built-in copy) and with ShellCheck off, against hadolint.
fn corpus_rows(binary: &Path, hadolint: Option<&Path>, opts: &Options, bench_dir: &Path) -> io::Result<Vec<Row>> {
    let files = large::corpus_files(&opts.corpus)?;
    let no_shellcheck = bench_dir.join("no-shellcheck.toml");
    std::fs::write(&no_shellcheck, "[shellcheck]\nenabled = false\n")?;
    let peer_times = || if hadolint.is_some() { times() } else { Outcome::Skipped };
    let (mut a, mut b) = (times(), peer_times());
    let (mut c, mut warm) = (times(), times());
    for i in 0..opts.runs {
        eprint!("\rcorpus lint {}/{}", i + 1, opts.runs);
        if opts.shellcheck {
            // A new, empty folder for ShellCheck's answers on disk: the first run is cold, the
            // second finds every answer there (a CI job or hook that checks the same files again).
            let cache = bench_dir.join(format!("shellcheck-cache-{i}"));
            let _ = std::fs::remove_dir_all(&cache);
            for outcome in [&mut a, &mut warm] {
                let mut ours = Command::new(binary);
                ours.args(["check", "--format", "json", "--fail-on", "never", "--no-config"])
                    .arg(&opts.corpus)
                    .env("DOCKERFILE_LSP_CACHE_DIR", &cache);
                record(outcome, timed(&mut ours));
            }
            let _ = std::fs::remove_dir_all(&cache);
        } else {
            a = Outcome::Skipped;
            warm = Outcome::Skipped;
        }
        let mut ours = Command::new(binary);
        ours.args(["check", "--format", "json", "--fail-on", "never", "--config"])
            .arg(&no_shellcheck)
            .arg(&opts.corpus);
        record(&mut c, timed(&mut ours));
        if let Some(h) = hadolint {
            let mut peer = Command::new(h);
            peer.args(["-f", "json", "--no-fail"]).args(&files);
            record(&mut b, timed(&mut peer));
        }
    }
    eprintln!();
    let shellcheck = if on_path("shellcheck") {
        "on PATH"
    } else {
        "not installed"
    };
    let b2 = b.clone();
    let b3 = b.clone();
    Ok(vec![
        Row {
            measure: format!("corpus lint: {} files, defaults (shellcheck {shellcheck})", files.len()),
            ours: a,
            peer: b,
            budget: Budget::Fraction(100.0),
            bytes: false,
            pct: 50,
            next: NOTE_CORPUS_SHELLCHECK,
        },
        Row {
            measure: format!(
                "corpus lint: {} files, defaults, again (ShellCheck's answers on disk)",
                files.len()
            ),
            ours: warm,
            peer: b3,
            budget: Budget::None,
            bytes: false,
            pct: 50,
            next: NO_NOTE,
        },
        Row {
            measure: format!("corpus lint: {} files, shellcheck off", files.len()),
            ours: c,
            peer: b2,
            budget: Budget::Fraction(100.0),
            bytes: false,
            pct: 50,
            next: NOTE_CORPUS,
        },
    ])
}

/// RUN instructions in the ShellCheck measures.
const RUNS: usize = 40;

/// A Dockerfile of one stage with the first `count` distinct shell-form RUN instructions of
/// `text` (none with a heredoc), each on its own.
fn runs_file(text: &str, count: usize) -> String {
    use dockerfile_lsp::analysis::model::{self, InstructionKind};
    let parsed = model::parse(text);
    let mut seen = std::collections::HashSet::new();
    let mut out = String::from("FROM debian:12\n");
    for i in parsed.instructions.iter().filter(|i| i.kind == InstructionKind::Run) {
        let source = i.range.slice(text).trim_end();
        if seen.len() == count {
            break;
        }
        if source.contains("<<") || source.trim_start_matches("RUN").trim_start().starts_with('[') {
            continue;
        }
        if seen.insert(source) {
            out.push_str(source);
            out.push('\n');
        }
    }
    out
}

/// The scripts ShellCheck is given for `text`: each RUN's shell script, as our analysis reads it.
fn run_scripts(text: &str) -> Vec<String> {
    use dockerfile_lsp::analysis::model::{self, InstructionKind};
    let parsed = model::parse(text);
    let facts = dockerfile_lsp::analysis::facts::Facts::compute(text, &parsed);
    parsed
        .instructions
        .iter()
        .filter(|i| i.kind == InstructionKind::Run)
        .filter_map(|i| facts.script(i).map(|s| s.text.clone()))
        .collect()
}

/// ShellCheck's measures on `runs40`: the first diagnostics of a fresh server with ShellCheck
/// and without it (each `didOpen` → the first `publishDiagnostics`, which is ours alone when
/// ShellCheck is still running), and a cold `check` of the file against ShellCheck alone on the
/// same scripts (one process per script, 4 at a time, as our server and `check` run it).
fn shellcheck_rows(binary: &Path, opts: &Options, runs40: &str, bench_dir: &Path) -> io::Result<(Vec<Row>, Vec<Row>)> {
    let lsp = |options: Value| Lsp {
        program: binary.display().to_string(),
        args: vec!["serve".into()],
        versioned: true,
        options,
    };
    let with = lsp(Value::Null);
    let without = lsp(json!({"dockerfile-lsp": {"shellcheck": {"enabled": false}}}));
    // The first publication of version 1, and with ShellCheck the one that carries its findings
    // (what the first publication was before our findings went first).
    let first = |l: &Lsp, whole: bool| -> io::Result<(Duration, Duration)> {
        let (mut server, _) = l.spawn()?;
        let uri = uri_for("runs", "Dockerfile");
        let t0 = Instant::now();
        did_open(&mut server, &uri, runs40)?;
        let at = wait_diagnostics(&mut server, &uri, Some(1))?;
        let all = if whole {
            let (all, _) = server.wait_for(TIMEOUT, |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri.as_str()
                    && m["params"]["diagnostics"]
                        .as_array()
                        .is_some_and(|d| d.iter().any(|d| d["code"] == "shellcheck"))
            })?;
            all
        } else {
            at
        };
        server.shutdown();
        Ok((at - t0, all - t0))
    };
    let (mut a, mut b, mut whole) = (times(), times(), times());
    let samples = opts.spawns.max(3);
    for i in 0..samples {
        eprint!("\rfirst diagnostics, {RUNS} RUN scripts {}/{samples}", i + 1);
        record_pair(&mut a, &mut whole, first(&with, true));
        record(&mut b, first(&without, false).map(|(at, _)| at));
    }
    eprintln!();
    let b2 = b.clone();
    let first_rows = vec![
        Row {
            measure: format!("first diagnostics after start: {RUNS} RUN scripts"),
            ours: a,
            peer: b,
            budget: Budget::Times(1.5),
            bytes: false,
            pct: 50,
            next: NOTE_FIRST_SHELLCHECK,
        },
        Row {
            measure: format!("ShellCheck's findings after start: {RUNS} RUN scripts"),
            ours: whole,
            peer: b2,
            budget: Budget::None,
            bytes: false,
            pct: 50,
            next: NO_NOTE,
        },
    ];

    let file = bench_dir.join("runs-40.Dockerfile");
    let scripts_dir = bench_dir.join("runs-40-scripts");
    let _ = std::fs::remove_dir_all(&scripts_dir);
    std::fs::create_dir_all(&scripts_dir)?;
    let mut scripts = Vec::new();
    for (i, script) in run_scripts(runs40).iter().enumerate() {
        let path = scripts_dir.join(format!("{i:02}.sh"));
        std::fs::write(&path, script)?;
        scripts.push(path);
    }
    let (mut c, mut d) = (times(), times());
    for i in 0..opts.runs.max(3) {
        eprint!("\rcold check against ShellCheck alone {}/{}", i + 1, opts.runs.max(3));
        let mut ours = Command::new(binary);
        ours.args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--no-config",
            "--no-cache",
        ])
        .arg(&file);
        record(&mut c, timed(&mut ours));
        record(&mut d, shellcheck_alone(&scripts));
    }
    eprintln!();
    let alone_rows = vec![Row {
        measure: format!("cold check, {RUNS} RUN scripts"),
        ours: c,
        peer: d,
        budget: Budget::None,
        bytes: false,
        pct: 50,
        next: NO_NOTE,
    }];
    Ok((first_rows, alone_rows))
}

/// `shellcheck --format=json1 --shell=sh` on each script, in batches of four processes.
fn shellcheck_alone(scripts: &[PathBuf]) -> io::Result<Duration> {
    let t0 = Instant::now();
    for batch in scripts.chunks(4) {
        let children: Vec<_> = batch
            .iter()
            .map(|s| {
                Command::new("shellcheck")
                    .args(["--format=json1", "--norc", "--shell=sh"])
                    .arg(s)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
            })
            .collect::<io::Result<_>>()?;
        for mut child in children {
            child.wait()?;
        }
    }
    Ok(t0.elapsed())
}

/// Our analysis against a bare tree-sitter parse of the same bytes, in this process.
fn floor_rows(opts: &Options, files: &Files) -> io::Result<Vec<Row>> {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&arborium_dockerfile::language().into())
        .map_err(io::Error::other)?;
    let config = dockerfile_lsp::analysis::config::Config::default();
    let corpus: Vec<String> = large::corpus_files(&opts.corpus)?
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let mut rows = Vec::new();
    for (label, texts, reps) in [
        ("5,000-line file", std::slice::from_ref(&files.large5000), 21),
        ("corpus, all files", &corpus[..], 5),
    ] {
        let (mut lint, mut parse) = (Vec::new(), Vec::new());
        let reps = if opts.quick { 1 } else { reps };
        for _ in 0..reps {
            let t0 = Instant::now();
            for text in texts {
                std::hint::black_box(dockerfile_lsp::analysis::analyze(
                    text,
                    &config,
                    &dockerfile_lsp::analysis::Host::none(),
                    None,
                ));
            }
            lint.push(t0.elapsed());
            let t0 = Instant::now();
            for text in texts {
                std::hint::black_box(parser.parse(text, None));
            }
            parse.push(t0.elapsed());
        }
        rows.push(Row {
            measure: format!("analyze vs tree-sitter parse: {label}"),
            ours: Outcome::Times(lint),
            peer: Outcome::Times(parse),
            budget: Budget::Times(3.0),
            bytes: false,
            pct: 50,
            next: NOTE_FLOOR,
        });
    }
    Ok(rows)
}

struct Files {
    small: String,
    large2800: String,
    large5000: String,
    /// One stage of 40 RUN instructions (shell form, no heredocs) taken from the 5,000-line
    /// file: what ShellCheck is timed on.
    runs40: String,
}

fn build_ours(root: &Path, quick: bool) -> io::Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let profile = if quick { "dev" } else { "release" };
    let status = Command::new(cargo)
        .current_dir(root)
        .args([
            "build",
            "--profile",
            profile,
            "-p",
            "dockerfile-lsp",
            "--bin",
            "dockerfile-lsp",
        ])
        .status()?;
    if !status.success() {
        return Err(io::Error::other(format!("cargo build --profile {profile} failed")));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    Ok(target
        .join(if quick { "debug" } else { "release" })
        .join("dockerfile-lsp"))
}

pub fn run(opts: &Options) -> io::Result<()> {
    let binary = build_ours(&opts.root, opts.quick)?;
    let bench_dir = opts.root.join("target").join("bench");
    std::fs::create_dir_all(&bench_dir)?;
    let mut texts = Vec::new();
    for lines in [2800, 5000] {
        let text = large::generate(&opts.corpus, lines)?;
        std::fs::write(bench_dir.join(format!("large-{lines}.Dockerfile")), &text)?;
        texts.push(text);
    }
    let files = Files {
        small: std::fs::read_to_string(opts.root.join("examples").join("Dockerfile"))?,
        large5000: texts.pop().unwrap_or_default(),
        large2800: texts.pop().unwrap_or_default(),
        runs40: String::new(),
    };
    let files = Files {
        runs40: runs_file(&files.large5000, RUNS),
        ..files
    };
    std::fs::write(bench_dir.join("runs-40.Dockerfile"), &files.runs40)?;
    eprintln!("generated {}/large-{{2800,5000}}.Dockerfile", bench_dir.display());

    let peers = if opts.peers { Peers::locate() } else { Peers::default() };
    let ours = Lsp {
        program: binary.display().to_string(),
        args: vec!["serve".into()],
        versioned: true,
        // Like-for-like with docker-langserver, which runs no ShellCheck, when asked.
        options: if opts.shellcheck {
            Value::Null
        } else {
            json!({"dockerfile-lsp": {"shellcheck": {"enabled": false}}})
        },
    };
    let peer = peers.docker_langserver.as_ref().map(|p| Lsp {
        program: p.display().to_string(),
        args: vec!["--stdio".into()],
        versioned: false,
        options: Value::Null,
    });
    if opts.peers && peer.is_none() {
        eprintln!("docker-langserver not installed (cargo run -p xtask -- install-peers); ours only");
    }
    if opts.peers && peers.hadolint.is_none() {
        eprintln!("hadolint not installed (cargo run -p xtask -- install-peers); ours only");
    }

    let lsp = if opts.wants("lsp") {
        lsp_rows(&ours, peer.as_ref(), opts, &files)
    } else {
        Vec::new()
    };
    let (first_shellcheck, alone) = if opts.wants("shellcheck") && opts.shellcheck && on_path("shellcheck") {
        shellcheck_rows(&binary, opts, &files.runs40, &bench_dir)?
    } else {
        (Vec::new(), Vec::new())
    };
    let corpus = if opts.wants("corpus") {
        corpus_rows(&binary, peers.hadolint.as_deref(), opts, &bench_dir)?
    } else {
        Vec::new()
    };
    let floor = if opts.wants("floor") {
        floor_rows(opts, &files)?
    } else {
        Vec::new()
    };

    let title = if opts.shellcheck {
        "Language server (medians; ours with its defaults, ShellCheck included when on PATH)"
    } else {
        "Language server (medians; ours with ShellCheck off)"
    };
    let tables = [
        table(title, "docker-langserver 0.15.0", &lsp),
        table(
            "ShellCheck: first diagnostics, ours with it against ours without it (fresh process, no cache)",
            "ShellCheck off",
            &first_shellcheck,
        ),
        table(
            "ShellCheck: cold `check` against ShellCheck alone on the same scripts",
            "shellcheck alone",
            &alone,
        ),
        table("Command line", "hadolint 2.15.1", &corpus),
        table("Floor (in process)", "tree-sitter parse", &floor),
    ];
    let all: Vec<&Row> = lsp
        .iter()
        .chain(&first_shellcheck)
        .chain(&alone)
        .chain(&corpus)
        .chain(&floor)
        .collect();
    // A measure of ours that failed is a broken suite, not a figure: say so with the exit status
    // (after the report is written), which is what keeps `bench --quick` in CI meaningful.
    let failed: Vec<String> = all
        .iter()
        .filter_map(|r| match &r.ours {
            Outcome::Failed(why) => Some(format!("{}: {why}", r.measure)),
            _ => None,
        })
        .collect();
    let report = report(opts, &peers, &all, &tables);
    let mut stdout = io::stdout().lock();
    for t in &tables {
        writeln!(stdout, "\n{t}")?;
    }
    drop(stdout);
    let partial = opts.quick || !opts.only.is_empty();
    let out = if partial {
        bench_dir.join("benchmarks.md")
    } else {
        opts.root.join("docs").join("benchmarks.md")
    };
    std::fs::write(&out, report)?;
    eprintln!("wrote {}", out.display());
    if !partial {
        let readme = opts.root.join("README.md");
        let text = std::fs::read_to_string(&readme)?;
        match replace_block(&text, &headline(&all)) {
            Some(new) => {
                std::fs::write(&readme, new)?;
                eprintln!("updated the headline figures in {}", readme.display());
            }
            None => eprintln!("README.md has no {README_BEGIN} … {README_END} block; not updated"),
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "measures of ours failed: {}",
            failed.join("; ")
        )))
    }
}

const README_BEGIN: &str = "<!-- benchmark headline: written by `cargo run -p xtask --release -- bench` -->";
const README_END: &str = "<!-- end of benchmark headline -->";

/// The README's block of headline figures: the budgeted measures.
fn headline(rows: &[&Row]) -> String {
    let mut out = String::from("| measure | ours | peer | ratio | budget | verdict |\n|---|---|---|---|---|---|\n");
    for r in rows.iter().filter(|r| r.budget != Budget::None) {
        out += &format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            r.measure,
            fmt_value(&r.ours, r.bytes, r.pct),
            fmt_value(&r.peer, r.bytes, r.pct),
            fmt_ratio(&r.ours, &r.peer, r.pct),
            r.budget.label(),
            verdict(r),
        );
    }
    out
}

fn replace_block(text: &str, block: &str) -> Option<String> {
    let start = text.find(README_BEGIN)? + README_BEGIN.len();
    let end = start + text[start..].find(README_END)?;
    Some(format!("{}\n{block}{}", &text[..start], &text[end..]))
}

/// Reads a one-line answer from a command, or `unknown`.
fn command_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU", |(_, v)| v.trim())
        .to_owned();
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gb = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or_else(|| "?".into(), |kb| format!("{:.0}", kb / 1024.0 / 1024.0));
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!("{cpu}, {cores} cores, {mem_gb} GiB, Linux {}", kernel.trim())
}

fn report(opts: &Options, peers: &Peers, rows: &[&Row], tables: &[String]) -> String {
    let date = command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]);
    let commit = command_line(
        "git",
        &[
            "-C",
            &opts.root.display().to_string(),
            "describe",
            "--always",
            "--dirty",
        ],
    );
    let command = if opts.quick {
        "cargo run -p xtask -- bench --quick"
    } else {
        "cargo run -p xtask --release -- bench"
    };
    let mut out = String::from("# Benchmarks\n\n");
    out += &format!(
        "Written by `{command}`; do not edit by hand. What is measured, and why, is in README.md \
         (Benchmark) and docs/benchmarking.md.\n\n"
    );
    if opts.quick {
        out += "**Quick mode**: a debug build and a few iterations, to show the suite runs; the figures mean \
                nothing.\n\n";
    }
    out += &format!("- Date: {date}\n- Commit: {commit}\n- Machine: {}\n", machine());
    out += &format!("- Rust: {}\n", command_line("rustc", &["--version"]));
    // A shared machine's figures drift with its load: say what it was.
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    if let Some(avg) = load.split_whitespace().next() {
        out += &format!("- Load average when the report was written (1 min): {avg}\n");
    }
    let node = command_line("node", &["--version"]);
    out += &match &peers.docker_langserver {
        Some(_) => format!("- docker-langserver 0.15.0 on Node {node}\n"),
        None => "- docker-langserver: not measured\n".into(),
    };
    out += match &peers.hadolint {
        Some(_) => "- hadolint 2.15.1\n",
        None => "- hadolint: not measured\n",
    };
    out += &format!(
        "- Iterations: {} spawns, {} opens, {} edits ({} for the peer), {} corpus runs; ShellCheck in our \
         server: {}\n\n",
        opts.spawns,
        opts.opens,
        opts.edits,
        opts.peer_edits,
        opts.runs,
        if opts.shellcheck {
            "default (on when installed)"
        } else {
            "off"
        }
    );
    out += "## Budgets\n\n";
    out += &headline(rows);
    let missed: Vec<&&Row> = rows.iter().filter(|r| verdict(r) == "missed").collect();
    if !missed.is_empty() {
        out += "\nWhere a budget is missed, the cause found so far and the next step:\n\n";
        for r in missed {
            out += &format!("- **{}**: {}\n", r.measure, r.next);
        }
    }
    out += "\n## All measures\n";
    for t in tables {
        out += &format!("\n{t}");
    }
    // The profiles and notes written by hand below the generated part survive a new run.
    let existing = std::fs::read_to_string(opts.root.join("docs").join("benchmarks.md")).unwrap_or_default();
    if let Some(at) = existing.find(KEPT) {
        out += "\n";
        out += &existing[at..];
    }
    out
}

/// Where the hand-written part of docs/benchmarks.md starts: everything from this line on is
/// kept when the report is written again.
const KEPT: &str = "<!-- Written by hand from here on; `xtask bench` keeps it. -->";
