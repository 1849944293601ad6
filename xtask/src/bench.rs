//! The benchmark of ../shared/design/BENCH.md: our server and `check` against docker-langserver
//! and hadolint, run side by side and alternating so that drift on a shared machine hits both
//! alike, reported as medians and their ratio. Peers are optional; without them only our own
//! figures (and the tree-sitter floor) are printed.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::large;
use crate::lsp_client::Server;
use crate::peers::Peers;

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

struct Row {
    measure: String,
    ours: Outcome,
    peer: Outcome,
    budget: &'static str,
    /// Whether the quantity is a size rather than a time.
    bytes: bool,
    /// Which percentile of the times is shown (50: the median).
    pct: usize,
}

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

fn print_table(title: &str, peer_name: &str, rows: &[Row]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    let header = ["measure", "ours", peer_name, "ours/peer", "budget"];
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                r.measure.clone(),
                fmt_value(&r.ours, r.bytes, r.pct),
                fmt_value(&r.peer, r.bytes, r.pct),
                fmt_ratio(&r.ours, &r.peer, r.pct),
                r.budget.to_owned(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    writeln!(out, "\n{title}")?;
    let line = |out: &mut io::StdoutLock, cols: &[String]| -> io::Result<()> {
        let padded: Vec<String> = cols
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        writeln!(out, "| {} |", padded.join(" | "))
    };
    line(&mut out, &header.map(String::from))?;
    line(&mut out, &widths.map(|w| "-".repeat(w)))?;
    for row in &cells {
        line(&mut out, row)?;
    }
    Ok(())
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
        budget: "≤ 1/100",
        bytes: false,
        pct: 50,
    });
    rows.push(Row {
        measure: format!("first diagnostics after start: {} lines", files.small.lines().count()),
        ours: cold_a,
        peer: cold_b,
        budget: "",
        bytes: false,
        pct: 50,
    });

    let mut servers = match ours.spawn() {
        Ok((s, init)) => (s, init),
        Err(e) => {
            rows.push(Row {
                measure: "language server".into(),
                ours: Outcome::Failed(e.to_string()),
                peer: Outcome::Skipped,
                budget: "",
                bytes: false,
                pct: 50,
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
            budget: "",
            bytes: false,
            pct: 50,
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
    let (p95_a, p95_b) = (a.clone(), b.clone());
    rows.push(Row {
        measure: "per-edit diagnostics, 5,000 lines: median".into(),
        ours: a,
        peer: b,
        budget: "≤ 1/500, a few ms",
        bytes: false,
        pct: 50,
    });
    rows.push(Row {
        measure: "per-edit diagnostics, 5,000 lines: p95".into(),
        ours: p95_a,
        peer: p95_b,
        budget: "",
        bytes: false,
        pct: 95,
    });
    rows.push(Row {
        measure: "peak RSS, 5,000 lines open and edited".into(),
        ours: servers.0.peak_rss().map_or(Outcome::Skipped, Outcome::Bytes),
        peer: peer_server
            .as_ref()
            .and_then(Server::peak_rss)
            .map_or(Outcome::Skipped, Outcome::Bytes),
        budget: "≤ 1/8",
        bytes: true,
        pct: 50,
    });

    // Semantic tokens, when we serve them.
    if servers.1["capabilities"]["semanticTokensProvider"].is_object() {
        let uri = uri_for("tokens", "large-2800.Dockerfile");
        let (mut a, mut b) = (times(), skipped());
        let ok = did_open(&mut servers.0, &uri, &files.large2800)
            .and_then(|()| wait_diagnostics(&mut servers.0, &uri, ours.version(1)));
        let mut peer_ok = match (peer, peer_server.as_mut()) {
            (Some(p), Some(s)) => did_open(s, &uri, &files.large2800)
                .and_then(|()| wait_diagnostics(s, &uri, p.version(1)))
                .is_ok(),
            _ => false,
        };
        match ok {
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
            budget: "",
            bytes: false,
            pct: 50,
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
    let mut c = times();
    for i in 0..opts.runs {
        eprint!("\rcorpus lint {}/{}", i + 1, opts.runs);
        let mut ours = Command::new(binary);
        ours.args(["check", "--format", "json", "--fail-on", "never", "--no-config"])
            .arg(&opts.corpus);
        record(&mut a, timed(&mut ours));
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
    Ok(vec![
        Row {
            measure: format!("corpus lint: {} files, defaults (shellcheck {shellcheck})", files.len()),
            ours: a,
            peer: b,
            budget: "≥ 100x faster",
            bytes: false,
            pct: 50,
        },
        Row {
            measure: format!("corpus lint: {} files, shellcheck off", files.len()),
            ours: c,
            peer: b2,
            budget: "≥ 100x faster",
            bytes: false,
            pct: 50,
        },
    ])
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
        for _ in 0..reps {
            let t0 = Instant::now();
            for text in texts {
                std::hint::black_box(dockerfile_lsp::analysis::analyze(text, &config));
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
            budget: "≤ 3x",
            bytes: false,
            pct: 50,
        });
    }
    Ok(rows)
}

struct Files {
    small: String,
    large2800: String,
    large5000: String,
}

fn build_ours(root: &Path) -> io::Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["build", "--release", "-p", "dockerfile-lsp", "--bin", "dockerfile-lsp"])
        .status()?;
    if !status.success() {
        return Err(io::Error::other("cargo build --release failed"));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    Ok(target.join("release").join("dockerfile-lsp"))
}

pub fn run(opts: &Options) -> io::Result<()> {
    let binary = build_ours(&opts.root)?;
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
    };
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

    let lsp = lsp_rows(&ours, peer.as_ref(), opts, &files);
    let corpus = corpus_rows(&binary, peers.hadolint.as_deref(), opts, &bench_dir)?;
    let floor = floor_rows(opts, &files)?;

    let title = if opts.shellcheck {
        "Language server (medians; ours with its defaults, ShellCheck included when on PATH)"
    } else {
        "Language server (medians; ours with ShellCheck off)"
    };
    print_table(title, "docker-langserver 0.15.0", &lsp)?;
    print_table("Command line", "hadolint 2.15.1", &corpus)?;
    print_table("Floor (in process)", "tree-sitter parse", &floor)?;
    Ok(())
}
