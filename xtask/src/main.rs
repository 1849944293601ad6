//! Project tasks that are not part of the product: the benchmark, the generator of large
//! Dockerfiles it uses, installing the peers it compares against, and the generated docs.
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
