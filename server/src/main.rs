//! The `dockerfile-lsp` binary: `serve` (LSP on stdio), `check` (lint for terminals and CI),
//! `fmt` (format), `rule` (a rule's documentation) and `graph` (the stage graph).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use dockerfile_lsp::cli;

#[derive(Parser)]
#[command(
    name = "dockerfile-lsp",
    version,
    about = "A Dockerfile language server, linter and formatter"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Speak the Language Server Protocol on stdin/stdout
    Serve {
        /// Accepted for clients that append it (VS Code's language client does); stdio is the
        /// only transport
        #[arg(long)]
        stdio: bool,
    },
    /// Lint Dockerfiles and report findings
    Check(cli::check::CheckArgs),
    /// Format Dockerfiles in place, or check that they are formatted
    Fmt(cli::fmt::FmtArgs),
    /// Show a rule's documentation, or list every rule
    Rule(cli::rule::RuleArgs),
    /// Draw the stage graph of a Dockerfile as Mermaid or DOT
    Graph(cli::graph::GraphArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve { stdio: _ } => dockerfile_lsp::lsp::serve(),
        Command::Check(args) => cli::check::run(args),
        Command::Fmt(args) => cli::fmt::run(args),
        Command::Rule(args) => cli::rule::run(args),
        Command::Graph(args) => cli::graph::run(args),
    }
}
