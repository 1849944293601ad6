//! `dockerfile-lsp graph <Dockerfile>`: the stage graph (stages, their bases, `COPY --from` and
//! `RUN --mount=from=` edges, external images) as Mermaid or Graphviz DOT text, or drawn as SVG,
//! on stdout.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::analysis::{graph, model};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Mermaid flowchart (renders in GitHub and GitLab Markdown)
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg`)
    Dot,
    /// An SVG picture, laid out in-process (no Graphviz needed); styled with classes and VS Code's
    /// theme variables
    Svg,
}

#[derive(clap::Args, Debug)]
pub struct GraphArgs {
    /// The Dockerfile; `-` reads standard input
    pub dockerfile: PathBuf,
    /// The output format
    #[arg(long, value_enum, default_value_t = Format::Mermaid)]
    pub format: Format,
}

fn read(path: &PathBuf) -> io::Result<String> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text)?;
        return Ok(text);
    }
    std::fs::read_to_string(path)
}

pub fn run(args: GraphArgs) -> ExitCode {
    let text = match read(&args.dockerfile) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", args.dockerfile.display());
            return ExitCode::from(2);
        }
    };
    let model = model::parse(&text);
    let g = graph::stage_graph(&model, &text);
    let rendered = match args.format {
        Format::Mermaid => graph::mermaid(&g),
        Format::Dot => graph::dot(&g),
        Format::Svg => graph::svg(&g),
    };
    let mut out = io::stdout().lock();
    match out.write_all(rendered.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write: {e}");
            ExitCode::from(2)
        }
    }
}
