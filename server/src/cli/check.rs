//! `dockerfile-lsp check`: placeholder until the real implementation lands.

use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or directories; `-` reads standard input
    pub paths: Vec<std::path::PathBuf>,
}

pub fn run(_args: CheckArgs) -> ExitCode {
    ExitCode::SUCCESS
}
