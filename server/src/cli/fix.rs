//! `check --fix`: applies the fixes the diagnostics carry (safe ones; `--unsafe-fixes` adds the
//! rest) in rounds until nothing changes, and writes each changed file atomically with its own
//! line breaks, or prints a unified diff (`--diff`), or, for standard input, the fixed text.

use std::io::{self, Write};
use std::path::Path;

use crate::analysis;
use crate::analysis::config::Config;
use crate::analysis::fixes::{self, FixMode};
use crate::cli::atomic;
use crate::cli::diff::unified;
use crate::cli::discover::Input;
use crate::workspace::{self, FsContext};

#[derive(clap::Args, Debug, Default, Clone)]
pub struct FixArgs {
    /// Apply the safe fixes and report what is left; with standard input, print the fixed text
    /// instead of the report
    #[arg(long)]
    pub fix: bool,
    /// Apply unsafe fixes too (implies --fix)
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of the fixes instead of writing them (implies --fix); exits with 1
    /// when there is something to fix
    #[arg(long)]
    pub diff: bool,
}

impl FixArgs {
    pub fn enabled(&self) -> bool {
        self.fix || self.unsafe_fixes || self.diff
    }

    fn mode(&self) -> FixMode {
        if self.unsafe_fixes {
            FixMode::Unsafe
        } else {
            FixMode::Safe
        }
    }
}

/// What fixing one input did.
#[derive(Debug, Default)]
pub struct Fixed {
    /// Fixes applied (or, with `--diff`, that would be).
    pub applied: usize,
    pub changed: bool,
    /// The diff to print (`--diff`).
    pub diff: String,
    /// The fixed text of standard input, printed in place of the report.
    pub output: Option<String>,
    /// A problem to report as an error (a file that could not be written).
    pub errors: Vec<String>,
    /// Fixes that kept changing the text until the rounds ran out.
    pub warnings: Vec<String>,
}

/// Fixes one input read as `bytes`, writing the result unless `--diff` is given; returns the
/// bytes to check (the fixed ones) and what was done. Text that is not UTF-8 is left alone.
pub fn fix_input(input: &Input, bytes: Vec<u8>, config: &Config, args: &FixArgs) -> (Vec<u8>, Fixed) {
    let mut fixed = Fixed::default();
    if !args.enabled() {
        return (bytes, fixed);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return (e.into_bytes(), fixed),
    };
    let name = input.display();
    let path = input.path();
    // One host for every round: the build context's bounds count over all of them.
    let host = workspace::host_for(path, config);
    let mut analyze = |t: &str| analysis::analyze(t, config, &host, None).diagnostics;
    let outcome = fixes::fix_all(&text, args.mode(), fixes::MAX_ROUNDS, &mut analyze);
    if !outcome.converged {
        fixed.warnings.push(format!(
            "fixes of `{name}` did not settle after {} rounds; the last result is kept",
            outcome.rounds
        ));
    }
    fixed.applied = outcome.applied.len();
    fixed.changed = outcome.text != text || !outcome.new_files.is_empty();
    // Where new files go: the build context's root.
    let root = path.map(|p| {
        FsContext::for_dockerfile(p, config.context.as_deref())
            .root()
            .to_path_buf()
    });
    if args.diff {
        fixed.diff = unified(&text, &outcome.text, &format!("a/{name}"), &format!("b/{name}"));
        for file in &outcome.new_files {
            let shown = root.as_deref().unwrap_or(Path::new(".")).join(&file.path);
            let shown = shown.display();
            fixed
                .diff
                .push_str(&unified("", &file.contents, "/dev/null", &format!("b/{shown}")));
        }
    } else {
        match input {
            Input::Stdin => fixed.output = Some(outcome.text.clone()),
            Input::File(path) => {
                if outcome.text != text
                    && let Err(e) = atomic::replace(path, outcome.text.as_bytes())
                {
                    fixed.errors.push(format!("cannot write the fixes to `{name}`: {e}"));
                    return (text.into_bytes(), fixed);
                }
                for file in &outcome.new_files {
                    let target = root.as_deref().unwrap_or(Path::new(".")).join(&file.path);
                    if let Err(e) = atomic::create(&target, file.contents.as_bytes()) {
                        fixed.errors.push(format!("cannot create `{}`: {e}", target.display()));
                    }
                }
            }
        }
    }
    (outcome.text.into_bytes(), fixed)
}

/// One line on stderr saying what the fixes did, when fixing.
pub fn summarize(args: &FixArgs, fixed: &[&Fixed]) {
    if !args.enabled() {
        return;
    }
    let applied: usize = fixed.iter().map(|f| f.applied).sum();
    let files = fixed.iter().filter(|f| f.changed).count();
    let fixes = if applied == 1 { "fix" } else { "fixes" };
    let in_files = if files == 1 { "file" } else { "files" };
    let verb = if args.diff { "would apply" } else { "applied" };
    for warning in fixed.iter().flat_map(|f| &f.warnings) {
        eprintln!("warning: {warning}");
    }
    eprintln!("{verb} {applied} {fixes} in {files} {in_files}");
}

/// Problems to report as errors (exit code 2).
pub fn errors<'a>(fixed: &[&'a Fixed]) -> impl Iterator<Item = &'a String> {
    fixed.iter().flat_map(|f| &f.errors)
}

/// Whether fixing prints something in place of the findings: the diffs (`--diff`) or the fixed
/// standard input.
pub fn replaces_report(args: &FixArgs, fixed: &[&Fixed]) -> bool {
    args.diff || fixed.iter().any(|f| f.output.is_some())
}

/// Prints what [`replaces_report`] announced.
pub fn print_instead(args: &FixArgs, fixed: &[&Fixed]) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    for f in fixed {
        if args.diff {
            out.write_all(f.diff.as_bytes())?;
        } else if let Some(text) = &f.output {
            out.write_all(text.as_bytes())?;
        }
    }
    out.flush()
}

/// With `--diff`, whether anything would change (the exit code says so, as `fmt --check` does).
pub fn would_change(args: &FixArgs, fixed: &[&Fixed]) -> Option<bool> {
    args.diff.then(|| fixed.iter().any(|f| f.changed))
}
