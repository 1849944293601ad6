//! `dockerfile-lsp check`: lints files, directories and standard input with the same analysis the
//! server runs, and reports in rustc-like text, JSON or a CI format (SARIF, GitHub, GitLab,
//! Checkstyle, JUnit). The exit code tells CI whether anything reached `--fail-on` (1) or an
//! input or configuration could not be read (2).

use std::collections::HashMap;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use ropey::Rope;

use crate::analysis;
use crate::analysis::config::{self, Config};
use crate::analysis::diagnostic::{Diagnostic, Severity};
use crate::cli::discover::{Input, discover};
use crate::cli::finding::json_finding;
use crate::cli::fix;
use crate::cli::progress::{self, Progress};
use crate::cli::rule_filter::RuleFilter;
use crate::cli::sarif::{self, FileFindings};
use crate::cli::text::{self, Counts, Style};
use crate::cli::{checkstyle, github, gitlab, junit};
use crate::workspace::{self, LoadedConfig};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-like findings with the source line and a caret under the range
    Text,
    /// one JSON array of findings
    Json,
    /// SARIF 2.1.0, for code-scanning services
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request)
    Github,
    /// GitLab Code Quality JSON (artifacts:reports:codequality)
    Gitlab,
    /// Checkstyle XML (Jenkins Warnings NG, SonarQube, reviewdog)
    Checkstyle,
    /// JUnit XML: a test suite per file, a failing test case per finding
    Junit,
}

/// The lowest severity that makes `check` exit with 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
    Never,
}

impl FailOn {
    fn threshold(self) -> config::FailOn {
        match self {
            FailOn::Error => config::FailOn::At(Severity::Error),
            FailOn::Warning => config::FailOn::At(Severity::Warning),
            FailOn::Info => config::FailOn::At(Severity::Info),
            FailOn::Hint => config::FailOn::At(Severity::Hint),
            FailOn::Never => config::FailOn::Never,
        }
    }
}

/// Without `--fail-on` and without `fail-on` in the configuration, warnings fail.
const DEFAULT_FAIL_ON: config::FailOn = config::FailOn::At(Severity::Warning);

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    /// colour when writing to a terminal and NO_COLOR is unset
    Auto,
    /// colour even when writing to a pipe or a file
    Always,
    /// never colour
    Never,
}

impl Color {
    fn enabled(self, is_terminal: bool) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check (directories are searched for Dockerfile, *.Dockerfile,
    /// Dockerfile.*, Containerfile and the like, skipping what .gitignore, .ignore and
    /// .git/info/exclude ignore); `-` reads standard input. Default: `.`
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit with 1 when a finding has this severity or a higher one [default: the configuration's
    /// `fail-on`, else warning]
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// When to colour the text output
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Use this configuration file (TOML, or hadolint's YAML) for every input instead of the
    /// `dockerfile-lsp.toml` or `.hadolint.yaml` found next to each Dockerfile or above it
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files and use the defaults
    #[arg(long)]
    pub no_config: bool,
    /// Search folders without honouring .gitignore, .ignore and .git/info/exclude (.git,
    /// node_modules and target are still skipped)
    #[arg(long)]
    pub no_ignore: bool,
    /// Neither read nor keep ShellCheck's answers on disk (by default they are kept in
    /// $DOCKERFILE_LSP_CACHE_DIR, else ~/.cache/dockerfile-lsp, so that a script ShellCheck has
    /// seen is not checked again)
    #[arg(long)]
    pub no_cache: bool,
    #[command(flatten)]
    pub fixes: fix::FixArgs,
    #[command(flatten)]
    pub rules: RuleFilter,
}

/// The configurations in force, one per folder that holds an input, each loaded once.
struct Configs {
    loaded: Vec<LoadedConfig>,
    /// Which of `loaded` applies to each input.
    of_input: Vec<usize>,
}

impl Configs {
    fn load(args: &CheckArgs, inputs: &[Input], errors: &mut Errors) -> Self {
        let mut loaded = Vec::new();
        let mut of_input = Vec::new();
        if args.no_config || args.config.is_some() {
            loaded.push(match &args.config {
                Some(path) => workspace::load(path, workspace::parser_for(path)),
                None => LoadedConfig::default(),
            });
            of_input = vec![0; inputs.len()];
        } else {
            let mut by_dir: HashMap<PathBuf, usize> = HashMap::new();
            for input in inputs {
                // Standard input has no folder of its own; the working directory stands in.
                let dir = match input {
                    Input::File(path) => path
                        .parent()
                        .filter(|p| !p.as_os_str().is_empty())
                        .unwrap_or(Path::new(".")),
                    Input::Stdin => Path::new("."),
                };
                let index = *by_dir.entry(dir.to_path_buf()).or_insert_with(|| {
                    loaded.push(workspace::load_config_for(dir));
                    loaded.len() - 1
                });
                of_input.push(index);
            }
        }
        let mut reported = Vec::new();
        for l in &loaded {
            let path = l.path.as_deref().unwrap_or(Path::new("?"));
            if reported.contains(&path) || (l.error.is_none() && l.problems.is_empty()) {
                continue;
            }
            reported.push(path);
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let place = |error: &workspace::ConfigError| match error.line_column(&text) {
                Some((line, column)) => format!("{}:{line}:{column}", path.display()),
                None => path.display().to_string(),
            };
            if let Some(error) = &l.error {
                errors.report(&format!(
                    "invalid configuration `{}`: {error}; using the defaults",
                    place(error)
                ));
            }
            // A dropped entry fails the run too, though the rest of the file applies.
            for problem in &l.problems {
                errors.report(&format!(
                    "invalid configuration `{}`: {problem}; this entry is ignored",
                    place(problem)
                ));
            }
        }
        // A configuration file found next to the Dockerfiles came with them (a pull request can
        // add one), so it may name a program only by name, looked up on PATH; `--config FILE`
        // is the user's own choice and is taken as it is.
        let discovered = args.config.is_none();
        for l in &mut loaded {
            if discovered {
                refuse_program_path(l, errors);
            }
            args.rules.apply(&mut l.config);
        }
        Configs { loaded, of_input }
    }

    fn for_input(&self, i: usize) -> &Config {
        &self.loaded[self.of_input[i]].config
    }

    /// The custom rules of every configuration in force, each id once.
    fn custom_rules(&self) -> Vec<&'static crate::analysis::rules::Rule> {
        let mut out: Vec<&'static crate::analysis::rules::Rule> = Vec::new();
        for l in &self.loaded {
            for rule in crate::analysis::rules::custom_in(&l.config) {
                if !out.iter().any(|r| r.id == rule.id) {
                    out.push(rule);
                }
            }
        }
        out
    }
}

/// Drops a `shellcheck.path` that names a program by path (`./tools/shellcheck`,
/// `/abs/path`) from a configuration file that was found, not given, with a warning that says
/// how to allow it. A bare name (`shellcheck-0.10`) is looked up on PATH, which the user set.
fn refuse_program_path(loaded: &mut LoadedConfig, errors: &Errors) {
    let Some(path) = loaded.config.shellcheck.path.as_deref() else {
        return;
    };
    if Path::new(path).components().count() <= 1 {
        return;
    }
    let file = loaded.path.as_deref().unwrap_or(Path::new("?"));
    errors.warn(&format!(
        "ignoring `shellcheck.path = {path:?}` in `{}`: a configuration found next to the files          checked may only name a program on PATH; pass `--config {}` to trust it",
        file.display(),
        file.display()
    ));
    loaded.config.shellcheck.path = None;
}

/// A checked input: its text (as a rope, for positions and excerpts) and what the analysis found.
struct Checked {
    name: String,
    rope: Rope,
    diagnostics: Vec<Diagnostic>,
    /// What `--fix` did to it.
    fixed: fix::Fixed,
    /// When its findings fail the run: `--fail-on`, else its configuration's `fail-on`.
    fail_on: config::FailOn,
}

/// Reports problems that stop a file from being checked, on stderr.
struct Errors {
    style: Style,
    count: usize,
}

impl Errors {
    fn report(&mut self, message: &str) {
        self.count += 1;
        eprintln!("{}: {message}", self.style.severity(Severity::Error, "error"));
    }

    fn warn(&self, message: &str) {
        eprintln!("{}: {message}", self.style.severity(Severity::Warning, "warning"));
    }
}

fn read_input(input: &Input, stdin: Option<&[u8]>) -> io::Result<Vec<u8>> {
    match input {
        Input::File(path) => std::fs::read(path),
        Input::Stdin => Ok(stdin.unwrap_or_default().to_vec()),
    }
}

fn check_bytes(input: &Input, bytes: Vec<u8>, config: &Config, fail_on: config::FailOn) -> (Checked, bool) {
    let (text, lossy) = match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    };
    // A file is checked in its build context (its folder, or the configured one); stdin has none.
    let host = workspace::host_for(input.path(), config);
    let diagnostics = analysis::analyze(&text, config, &host, None).diagnostics;
    let checked = Checked {
        name: input.display(),
        rope: Rope::from_str(&text),
        diagnostics,
        fixed: fix::Fixed::default(),
        fail_on,
    };
    (checked, lossy)
}

type Outcome = io::Result<(Checked, bool)>;

/// Reads and analyses every input, spreading the files over the available cores; results come
/// back in input order so that the output does not depend on scheduling.
fn check_all(
    inputs: &[Input],
    stdin: Option<&[u8]>,
    configs: &Configs,
    args: &CheckArgs,
    progress: &Progress,
) -> Vec<Outcome> {
    let fixes = &args.fixes;
    let run = |i: usize| -> Outcome {
        let input = &inputs[i];
        let config = configs.for_input(i);
        // The command line wins over the configuration.
        let fail_on = args
            .fail_on
            .map(FailOn::threshold)
            .or(config.fail_on)
            .unwrap_or(DEFAULT_FAIL_ON);
        let outcome = read_input(input, stdin).map(|bytes| {
            // With `--fix` the findings are those left after fixing.
            let (bytes, fixed) = fix::fix_input(input, bytes, config, fixes);
            let (mut checked, lossy) = check_bytes(input, bytes, config, fail_on);
            checked.fixed = fixed;
            (checked, lossy)
        });
        progress.tick();
        outcome
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(inputs.len())
        .min(8);
    if workers <= 1 {
        return (0..inputs.len()).map(run).collect();
    }
    let next = AtomicUsize::new(0);
    let mut indexed: Vec<(usize, Outcome)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= inputs.len() {
                            break;
                        }
                        done.push((i, run(i)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    indexed.sort_by_key(|(i, _)| *i);
    indexed.into_iter().map(|(_, outcome)| outcome).collect()
}

pub fn run(args: CheckArgs) -> ExitCode {
    if args.no_cache {
        workspace::shellcheck::disable_disk_cache();
    }
    let err_style = Style {
        color: args.color.enabled(io::stderr().is_terminal()),
    };
    let out_style = Style {
        color: args.format == Format::Text && args.color.enabled(io::stdout().is_terminal()),
    };
    let mut errors = Errors {
        style: err_style,
        count: 0,
    };

    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let found = discover(&paths, !args.no_ignore);
    for warning in &found.warnings {
        errors.warn(warning);
    }
    let missing = found.errors;
    for m in &missing {
        errors.report(&format!("cannot read `{}`: {}", m.path.display(), m.error));
    }
    let inputs = found.inputs;

    let stdin = if inputs.contains(&Input::Stdin) {
        let mut buf = Vec::new();
        match io::stdin().lock().read_to_end(&mut buf) {
            Ok(_) => Some(buf),
            Err(e) => {
                errors.report(&format!("cannot read `<stdin>`: {e}"));
                None
            }
        }
    } else {
        None
    };
    let inputs: Vec<Input> = inputs
        .into_iter()
        .filter(|i| *i != Input::Stdin || stdin.is_some())
        .collect();

    let configs = Configs::load(&args, &inputs, &mut errors);
    // A custom rule of any configuration in force may be named.
    let custom = configs.custom_rules();
    let unknown: Vec<&str> = args
        .rules
        .unknown()
        .into_iter()
        .filter(|n| !custom.iter().any(|r| r.id.eq_ignore_ascii_case(n)))
        .collect();
    if !unknown.is_empty() {
        let shown: Vec<String> = unknown.iter().map(|n| format!("`{n}`")).collect();
        errors.report(&format!(
            "unknown rule {} in --select/--ignore; `dockerfile-lsp rule --list` lists them",
            shown.join(", ")
        ));
        return ExitCode::from(2);
    }
    let progress = Progress::new(inputs.len(), progress::wanted());
    let outcomes = check_all(&inputs, stdin.as_deref(), &configs, &args, &progress);
    progress.finish();

    let mut checked = Vec::new();
    let mut unreadable = missing.len();
    for (input, outcome) in inputs.iter().zip(outcomes) {
        match outcome {
            Ok((c, lossy)) => {
                if lossy {
                    errors.warn(&format!("`{}` is not valid UTF-8; invalid bytes were replaced", c.name));
                }
                checked.push(c);
            }
            Err(e) => {
                unreadable += 1;
                errors.report(&format!("cannot read `{}`: {e}", input.display()));
            }
        }
    }
    if checked.is_empty() && errors.count == 0 {
        let shown: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        errors.report(&format!("no Dockerfiles found in {}", shown.join(", ")));
    }

    let mut counts = Counts::default();
    for d in checked.iter().flat_map(|c| &c.diagnostics) {
        counts.add(d.severity);
    }
    let fixed: Vec<&fix::Fixed> = checked.iter().map(|c| &c.fixed).collect();
    for message in fix::errors(&fixed) {
        errors.report(message);
    }
    fix::summarize(&args.fixes, &fixed);
    let written = match args.format {
        _ if fix::replaces_report(&args.fixes, &fixed) => fix::print_instead(&args.fixes, &fixed),
        Format::Text => write_text(&checked, counts, unreadable, out_style),
        Format::Json => write_json(&checked),
        Format::Sarif => sarif::write(&file_findings(&checked), &custom),
        Format::Github => github::write(&file_findings(&checked)),
        Format::Gitlab => gitlab::write(&file_findings(&checked)),
        Format::Checkstyle => checkstyle::write(&file_findings(&checked)),
        Format::Junit => junit::write(&file_findings(&checked)),
    };
    if let Err(e) = written
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        errors.report(&format!("cannot write the report: {e}"));
    }

    let failed = checked
        .iter()
        .any(|c| c.diagnostics.iter().any(|d| c.fail_on.fails(d.severity)));
    let failed = fix::would_change(&args.fixes, &fixed).unwrap_or(failed);
    if errors.count > 0 {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn write_text(checked: &[Checked], counts: Counts, unreadable: usize, style: Style) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut buf = String::new();
    for c in checked {
        for d in &c.diagnostics {
            buf.clear();
            text::render(&mut buf, &c.name, &c.rope, d, style);
            out.write_all(buf.as_bytes())?;
        }
    }
    writeln!(out, "{}", style.bold(&text::summary(counts, checked.len(), unreadable)))?;
    out.flush()
}

fn file_findings(checked: &[Checked]) -> Vec<FileFindings<'_>> {
    checked
        .iter()
        .map(|c| FileFindings {
            name: &c.name,
            rope: &c.rope,
            diagnostics: &c.diagnostics,
        })
        .collect()
}

fn write_json(checked: &[Checked]) -> io::Result<()> {
    let findings: Vec<_> = checked
        .iter()
        .flat_map(|c| c.diagnostics.iter().map(|d| json_finding(&c.name, &c.rope, d)))
        .collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, &findings)?;
    writeln!(out)?;
    out.flush()
}
