//! `dockerfile-lsp fmt`: formats Dockerfiles in place (atomically, only when they change, line
//! breaks kept), or reports what would change (`--check`, `--diff`). Standard input (`-`) is
//! formatted to standard output. Exit codes: 0 done or nothing to change, 1 something would
//! change (`--check`, `--diff`), 2 a file could not be read or written.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::analysis::config::Config;
use crate::analysis::fixes::apply_edits;
use crate::analysis::format::{FormatOptions, format};
use crate::analysis::model;
use crate::cli::atomic;
use crate::cli::diff::unified;
use crate::cli::discover::{Input, discover};
use crate::workspace::{self, LoadedConfig};

#[derive(clap::Args, Debug)]
pub struct FmtArgs {
    /// Files or directories to format (directories are searched for Dockerfiles as `check` does);
    /// `-` formats standard input to standard output. Default: `.`
    pub paths: Vec<PathBuf>,
    /// Write nothing; name the files formatting would change and exit with 1 if there are any
    #[arg(long)]
    pub check: bool,
    /// Write nothing; print a unified diff of the changes and exit with 1 if there are any
    #[arg(long)]
    pub diff: bool,
    /// Use this configuration file (its `[format]` keys) for every input instead of the one
    /// found next to each Dockerfile or above it
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files and use the defaults (4 spaces)
    #[arg(long)]
    pub no_config: bool,
    /// Search folders without honouring .gitignore, .ignore and .git/info/exclude (.git,
    /// node_modules and target are still skipped)
    #[arg(long)]
    pub no_ignore: bool,
}

/// The text formatted with the configuration's `[format]` keys over the defaults.
pub fn format_text(text: &str, config: &Config) -> String {
    let options = FormatOptions::resolve(config.format, FormatOptions::default());
    apply_edits(text, &format(text, &model::parse(text), options))
}

struct Run<'a> {
    args: &'a FmtArgs,
    errors: usize,
    changed: usize,
    unchanged: usize,
    configs: HashMap<PathBuf, LoadedConfig>,
    fixed_config: Option<LoadedConfig>,
    out: io::BufWriter<io::StdoutLock<'static>>,
}

impl Run<'_> {
    fn error(&mut self, message: &str) {
        self.errors += 1;
        eprintln!("error: {message}");
    }

    fn config_for(&mut self, dir: &Path) -> Config {
        if let Some(fixed) = &self.fixed_config {
            return fixed.config.clone();
        }
        if !self.configs.contains_key(dir) {
            let loaded = workspace::load_config_for(dir);
            if let Some(e) = &loaded.error {
                let path = loaded.path.as_deref().unwrap_or(Path::new("?")).display().to_string();
                self.error(&format!("invalid configuration `{path}`: {e}; using the defaults"));
            }
            self.configs.insert(dir.to_path_buf(), loaded);
        }
        self.configs.get(dir).map(|l| l.config.clone()).unwrap_or_default()
    }

    fn one(&mut self, input: &Input, bytes: Vec<u8>) -> io::Result<()> {
        let name = input.display();
        let Ok(text) = String::from_utf8(bytes) else {
            self.error(&format!("`{name}` is not valid UTF-8; left as it is"));
            return Ok(());
        };
        let dir = match input {
            Input::File(path) => path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf(),
            Input::Stdin => PathBuf::from("."),
        };
        let config = self.config_for(&dir);
        let formatted = format_text(&text, &config);
        if formatted == text {
            self.unchanged += 1;
        } else {
            self.changed += 1;
        }
        if self.args.diff {
            return self
                .out
                .write_all(unified(&text, &formatted, &format!("a/{name}"), &format!("b/{name}")).as_bytes());
        }
        if self.args.check {
            if formatted != text {
                writeln!(self.out, "would reformat {name}")?;
            }
            return Ok(());
        }
        match input {
            Input::Stdin => self.out.write_all(formatted.as_bytes())?,
            Input::File(path) if formatted != text => {
                if let Err(e) = atomic::replace(path, formatted.as_bytes()) {
                    self.changed -= 1;
                    self.error(&format!("cannot write `{name}`: {e}"));
                }
            }
            Input::File(_) => {}
        }
        Ok(())
    }
}

pub fn run(args: FmtArgs) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let fixed_config = if args.no_config {
        Some(LoadedConfig::default())
    } else {
        args.config
            .as_ref()
            .map(|path| workspace::load(path, workspace::parser_for(path)))
    };
    let mut run = Run {
        args: &args,
        errors: 0,
        changed: 0,
        unchanged: 0,
        configs: HashMap::new(),
        fixed_config,
        out: io::BufWriter::new(io::stdout().lock()),
    };
    if let Some(e) = run.fixed_config.as_ref().and_then(|c| c.error.clone()) {
        let path = args.config.as_deref().unwrap_or(Path::new("?")).display().to_string();
        run.error(&format!("invalid configuration `{path}`: {e}; using the defaults"));
    }
    let found = discover(&paths, !args.no_ignore);
    for warning in &found.warnings {
        eprintln!("warning: {warning}");
    }
    let (inputs, missing) = (found.inputs, found.errors);
    for m in &missing {
        run.error(&format!("cannot read `{}`: {}", m.path.display(), m.error));
    }
    if inputs.is_empty() && missing.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        run.error(&format!("no Dockerfiles found in {}", shown.join(", ")));
    }
    for input in &inputs {
        let bytes = match input {
            Input::File(path) => std::fs::read(path),
            Input::Stdin => {
                let mut buf = Vec::new();
                io::stdin().lock().read_to_end(&mut buf).map(|_| buf)
            }
        };
        let done = match bytes {
            Ok(bytes) => run.one(input, bytes),
            Err(e) => {
                run.error(&format!("cannot read `{}`: {e}", input.display()));
                Ok(())
            }
        };
        if let Err(e) = done.and_then(|()| run.out.flush())
            && e.kind() != io::ErrorKind::BrokenPipe
        {
            run.error(&format!("cannot write the output: {e}"));
        }
    }
    let files = |n: usize| {
        if n == 1 {
            "1 file".to_owned()
        } else {
            format!("{n} files")
        }
    };
    if run.args.check || run.args.diff {
        eprintln!(
            "{} would be reformatted, {} already formatted",
            files(run.changed),
            files(run.unchanged)
        );
    } else if !inputs.contains(&Input::Stdin) {
        eprintln!(
            "{} reformatted, {} left unchanged",
            files(run.changed),
            files(run.unchanged)
        );
    }
    if run.errors > 0 {
        ExitCode::from(2)
    } else if (args.check || args.diff) && run.changed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_text_uses_the_configured_indentation() {
        let config = crate::workspace::parse_toml("[format]\nuse-tabs = true\n").unwrap_or_default();
        assert_eq!(format_text("run a \\\n b\n", &config), "run a \\\n\tb\n");
        assert_eq!(format_text("run a \\\n b\n", &Config::default()), "run a \\\n    b\n");
    }
}
