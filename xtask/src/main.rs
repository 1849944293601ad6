//! Project tasks that are not part of the product: the benchmark, the generator of large
//! Dockerfiles it uses, installing the peers it compares against, the generated docs, the
//! scaffold of a new rule, and refreshing the end-of-life table.
//!
//! `cargo run -p xtask --release -- bench` (see README.md).

mod bench;
mod lsp_client;
mod peers;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::large;

#[derive(Parser)]
#[command(name = "xtask", about = "dockerfile-lsp project tasks")]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Measure start, diagnostics latency, memory and corpus lint against the peers (docs/benchmarking.md)
    Bench {
        /// The corpus to lint and to take large files from
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Spawns for the start measure
        #[arg(long, default_value_t = 15)]
        spawns: usize,
        /// didOpen repetitions per file
        #[arg(long, default_value_t = 20)]
        opens: usize,
        /// Single-character edits on the 5,000-line file
        #[arg(long, default_value_t = 200)]
        edits: usize,
        /// How many of those edits the peer gets (it takes seconds per edit)
        #[arg(long, default_value_t = 20)]
        peer_edits: usize,
        /// Runs of the corpus lint
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Measure ours only, even when peers are installed
        #[arg(long)]
        no_peers: bool,
        /// Tell our server not to run ShellCheck (docker-langserver runs none)
        #[arg(long)]
        no_shellcheck: bool,
        /// A smoke run for CI: debug build, no peers, few iterations, report in target/bench only
        #[arg(long)]
        quick: bool,
        /// Only these groups of measures (lsp, shellcheck, corpus, floor); the report of a
        /// partial run goes to target/bench only
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
    },
    /// Write the generated 2,800- and 5,000-line Dockerfiles
    GenLarge {
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Output folder
        #[arg(long, default_value = "target/bench")]
        out: PathBuf,
    },
    /// Install docker-langserver and hadolint at pinned versions into the bench cache folder
    InstallPeers,
    /// Write docs/rules/*.md from the rules' source files and docs/rule-counts.md from a run
    /// over the corpus (a test fails when the checked-in copies are stale)
    GenDocs {
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Only report stale files, and fail when there are any
        #[arg(long)]
        check: bool,
    },
    /// Add a rule: its file from a template (the parts only its author can write are marked, and
    /// tests fail until they are written), its registration, its fixtures, then the regenerated
    /// docs and VS Code settings (CONTRIBUTING.md)
    NewRule {
        /// The catalog section, a folder under server/src/analysis/rules/
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(xtask::new_rule::SECTIONS))]
        section: String,
        /// The rule id: kebab-case, naming the bad pattern (`copy-from-own-stage`)
        id: String,
        /// Only write the files; do not format them or regenerate the docs and settings
        #[arg(long)]
        no_regenerate: bool,
    },
    /// Rewrite the end-of-life table of the `end-of-life-base-image` rule from endoflife.date:
    /// its API (needs a network and `curl`), or with --checkout a clone of its repository
    EolRefresh {
        /// A checkout of github.com/endoflife-date/endoflife.date (a work tree, or a git
        /// directory whose HEAD is read) instead of the API
        #[arg(long)]
        checkout: Option<PathBuf>,
        /// Write here instead of the table in the repository
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Regenerates the rule docs and the corpus count table (or, with `check`, lists what is stale).
fn gen_docs(root: &Path, corpus: &Path, check: bool) -> std::io::Result<()> {
    use dockerfile_lsp::cli::gen_docs;
    let mut files = gen_docs::rule_docs();
    files.push(
        gen_docs::corpus_counts(corpus)
            .map_err(|e| std::io::Error::other(format!("cannot count over {}: {e}", corpus.display())))?,
    );
    let mut stdout = std::io::stdout().lock();
    if check {
        let stale = gen_docs::stale(root, &files);
        for path in &stale {
            writeln!(stdout, "stale: {}", path.display())?;
        }
        return if stale.is_empty() {
            Ok(())
        } else {
            Err(std::io::Error::other(format!(
                "{} stale files; run `{}`",
                stale.len(),
                gen_docs::COMMAND
            )))
        };
    }
    let changed = gen_docs::write(root, &files)?;
    for path in &changed {
        writeln!(stdout, "wrote {}", path.display())?;
    }
    writeln!(stdout, "{} files generated, {} changed", files.len(), changed.len())?;
    Ok(())
}

/// Runs a command in `root`, failing unless it succeeds.
fn run(root: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> std::io::Result<()> {
    let shown = std::iter::once(program)
        .chain(args.iter().copied())
        .collect::<Vec<_>>()
        .join(" ");
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "$ {shown}")?;
    drop(stdout);
    let status = std::process::Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .status()
        .map_err(|e| std::io::Error::other(format!("cannot run `{shown}`: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other(format!("`{shown}` failed ({status})")))
    }
}

/// `new-rule`: the scaffold, then (unless told not to) rustfmt on the two Rust files it wrote or
/// edited, the generated docs and the VS Code settings, each by the command a contributor would
/// type, so that they are built with the new rule in the registry.
fn new_rule(root: &Path, section: &str, id: &str, regenerate: bool) -> std::io::Result<()> {
    let made = xtask::new_rule::scaffold(root, section, id).map_err(std::io::Error::other)?;
    let mut stdout = std::io::stdout().lock();
    for path in std::iter::once(&made.rule).chain(&made.fixtures) {
        writeln!(stdout, "created {}", path.display())?;
    }
    writeln!(stdout, "edited  {}", made.section.display())?;
    drop(stdout);
    if regenerate {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let files = [made.rule.to_string_lossy(), made.section.to_string_lossy()];
        run(root, "rustfmt", &["--edition", "2024", &files[0], &files[1]], &[])?;
        run(root, &cargo, &["run", "-q", "-p", "xtask", "--", "gen-docs"], &[])?;
        run(
            root,
            &cargo,
            &["test", "-q", "-p", "dockerfile-lsp", "--test", "vscode_settings"],
            &[("UPDATE", "1")],
        )?;
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "\nNow write what is marked {mark} (CONTRIBUTING.md says how):
  {rule}: the summary, severity, aliases and fix kind, the check, and the docs in English and Chinese
  tests/fixtures/rules/{id}/: where it fires (annotated) and where it stays quiet
Until then these fail, as they should:
  RULE_FIXTURES={id} cargo test -p dockerfile-lsp --test rules fixtures::
  cargo test -p dockerfile-lsp --lib every_rule_is_documented
When they pass, regenerate: cargo run -p xtask -- gen-docs
  and UPDATE=1 cargo test -p dockerfile-lsp --test rules vscode_settings::",
        mark = dockerfile_lsp::analysis::rules::UNFINISHED,
        rule = made.rule.display(),
    )?;
    Ok(())
}

/// `eol-refresh`: the table from endoflife.date, written where the rule reads it (or to `out`).
fn eol_refresh(root: &Path, checkout: Option<PathBuf>, out: Option<PathBuf>) -> std::io::Result<()> {
    use xtask::eol_refresh::{Origin, TABLE, refresh};
    let origin = match checkout {
        Some(path) => Origin::Checkout(path),
        None => Origin::Api,
    };
    let table = refresh(&origin).map_err(std::io::Error::other)?;
    let path = out.unwrap_or_else(|| root.join(TABLE));
    let changed = std::fs::read_to_string(&path).ok().as_deref() != Some(table.as_str());
    if changed {
        std::fs::write(&path, &table)?;
    }
    let rows = table.lines().filter(|l| !l.starts_with('#')).count().saturating_sub(1);
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "{} {} ({rows} releases)",
        if changed { "wrote" } else { "unchanged" },
        path.display()
    )?;
    Ok(())
}

fn main() -> ExitCode {
    let root = root();
    let result = match Cli::parse().command {
        Task::Bench {
            corpus,
            spawns,
            opens,
            edits,
            peer_edits,
            runs,
            no_peers,
            no_shellcheck,
            quick,
            only,
        } => bench::run(&bench::Options {
            corpus: corpus.unwrap_or_else(|| large::default_corpus(&root)),
            root,
            spawns: if quick { 2 } else { spawns.max(1) },
            opens: if quick { 2 } else { opens.max(1) },
            edits: if quick { 6 } else { edits.max(2) },
            peer_edits,
            runs: if quick { 1 } else { runs.max(1) },
            peers: !no_peers && !quick,
            shellcheck: !no_shellcheck && !quick,
            quick,
            only,
        }),
        Task::GenLarge { corpus, out } => (|| {
            let corpus = corpus.unwrap_or_else(|| large::default_corpus(&root));
            std::fs::create_dir_all(&out)?;
            let mut stdout = std::io::stdout().lock();
            for lines in [2800, 5000] {
                let path = out.join(format!("large-{lines}.Dockerfile"));
                std::fs::write(&path, large::generate(&corpus, lines)?)?;
                writeln!(stdout, "{}", path.display())?;
            }
            Ok(())
        })(),
        Task::InstallPeers => peers::install(),
        Task::GenDocs { corpus, check } => {
            gen_docs(&root, &corpus.unwrap_or_else(|| large::default_corpus(&root)), check)
        }
        Task::NewRule {
            section,
            id,
            no_regenerate,
        } => new_rule(&root, &section, &id, !no_regenerate),
        Task::EolRefresh { checkout, out } => eol_refresh(&root, checkout, out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
