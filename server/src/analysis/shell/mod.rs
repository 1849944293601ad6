//! Shell facts of RUN (and shell-form CMD/ENTRYPOINT) scripts, read with tree-sitter-bash: the
//! commands in order with their words unquoted, how they are chained (`&&`, `||`, `;`, `&`,
//! pipes), redirections, env-prefix assignments, `set -o pipefail`, wrapper commands (`sudo`,
//! `env`, `xargs`...), syntax errors, and on top of them package installs and cache cleanups
//! ([`packages`]). Every range is a document range: the script is what BuildKit hands to the shell
//! (continuations joined, see [`source_map`]) and a [`SourceMap`] leads each byte back to where it
//! is written.
//!
//! Architecture invariant: reading a script never fails and never panics; what does not parse is
//! reported in [`Script::errors`] and the rest is still read.

pub mod kinds;
pub mod packages;
mod parse;
mod shift;
pub mod source_map;
mod words;
mod wrappers;

#[cfg(test)]
mod tests;

use crate::analysis::model::{self, Args, Instruction, InstructionKind};
use crate::syntax::TextRange;

pub use packages::{
    Action, Cleanup, CleanupKind, DependencyStep, Manager, OptionWord, Package, PackageCommand, PackageKind, Version,
};
pub use source_map::SourceMap;

/// One word of a command: its value after quote removal and its place in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Quotes removed and backslash escapes resolved; `$VAR`, `${...}`, `$(...)` and backquotes
    /// are kept as written (see [`Word::has_expansion`]).
    pub value: String,
    pub range: TextRange,
    /// Some part was quoted or escaped.
    pub quoted: bool,
    /// Contains a parameter expansion or command substitution: the value is not final.
    pub has_expansion: bool,
    /// Physical line, counted from the first line of the script in the document (0-based).
    pub line: u32,
    /// Document offset of the value's first byte when the value starts with text written as is
    /// (plain, or inside one pair of quotes), so that parts of it have exact ranges.
    pub value_start: Option<usize>,
    /// How many leading bytes of the value are written as is from [`Word::value_start`] (all of
    /// them for a plain word; `jenkins=` in `jenkins="$V"`).
    pub exact_len: usize,
}

impl Word {
    /// A word whose value is literally `s` (no expansion to resolve).
    pub fn is(&self, s: &str) -> bool {
        !self.has_expansion && self.value == s
    }

    /// The document range of `value[start..end]`: exact when that part is written as is; from
    /// its exact start to the end of the word when only the start is; the whole word otherwise.
    pub fn sub_range(&self, start: usize, end: usize) -> TextRange {
        match self.value_start {
            Some(at) if start <= end && end <= self.exact_len => TextRange::new(at + start, at + end),
            Some(at) if start <= self.exact_len && start <= end && at + start <= self.range.end => {
                TextRange::new(at + start, self.range.end)
            }
            _ => self.range,
        }
    }

    /// The value depends on an expansion in its first `len` bytes (`$deps`, `openjdk-${V}`):
    /// a package list or name that is only known when the script runs.
    pub fn is_dynamic_within(&self, len: usize) -> bool {
        self.has_expansion && self.value.get(..len).unwrap_or(&self.value).contains(['$', '`'])
    }

    /// A flag word: starts with `-` and is more than a lone `-` (stdin) or `--`.
    pub fn is_flag(&self) -> bool {
        self.value.starts_with('-') && self.value != "-" && self.value != "--"
    }
}

/// How a command is connected to the command before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `&&`: runs if the previous one succeeded.
    And,
    /// `||`: runs if the previous one failed.
    Or,
    /// `;` or a newline.
    Seq,
    /// `&`: the previous one runs in the background.
    Background,
    /// `|` or `|&`: reads the previous one's output.
    Pipe,
}

impl Operator {
    pub const fn as_str(self) -> &'static str {
        match self {
            Operator::And => "&&",
            Operator::Or => "||",
            Operator::Seq => ";",
            Operator::Background => "&",
            Operator::Pipe => "|",
        }
    }
}

/// The innermost construct a command is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The script's own list of commands.
    Top,
    /// `if`, `for`, `while`, `case`, `{ ...; }`: same shell, run conditionally or repeatedly.
    Compound,
    /// A function body.
    Function,
    /// `( ... )`: a child shell; `cd` and `set` do not leak out.
    Subshell,
    /// `$( ... )`, backquotes, `<( ... )`: a child shell whose output is used as a word.
    Substitution,
}

/// `NAME=value` written before a command (`DEBIAN_FRONTEND=noninteractive apt-get ...`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    /// Empty for `NAME=`.
    pub value: Word,
    pub range: TextRange,
}

/// `>file`, `2>&1`, `<in`, `<<EOF`, `<<<word`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    /// `>`, `>>`, `<`, `>&`, `&>`, `&>>`, `<<`, `<<-`, `<<<`, ...
    pub operator: String,
    /// The explicit file descriptor (`2` in `2>err`).
    pub fd: Option<u32>,
    /// The file, descriptor or here-string word; the delimiter for a heredoc.
    pub target: Option<Word>,
    pub range: TextRange,
}

/// A simple command: `name args...` with what surrounds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    pub name: Word,
    pub args: Vec<Word>,
    pub assignments: Vec<Assignment>,
    pub redirects: Vec<Redirect>,
    /// From the first assignment (or the name) to the last argument or redirection.
    pub range: TextRange,
    /// The connector between this command and the one before it in the script; `None` for the
    /// first command of the script and of a command substitution.
    pub operator_before: Option<Operator>,
    pub scope: Scope,
    /// `! cmd`.
    pub negated: bool,
    /// Index in [`Script::pipelines`] when this command is a stage of a pipeline.
    pub pipeline: Option<usize>,
    /// Reads the output of the previous pipeline stage.
    pub pipe_in: bool,
    /// Its output goes to the next pipeline stage.
    pub pipe_out: bool,
    /// When the name is a wrapper (`sudo`, `env`, `xargs`, `nice`, ...): the index in
    /// [`Command::args`] of the command it runs.
    pub wrapped: Option<usize>,
    /// The top-level statement of the script this command is part of, counted from 0: the
    /// commands of one `&&`/`||` list or pipeline, and those inside a compound command, function
    /// or substitution written there, share it. Without `set -e`, only the last statement's
    /// status is the script's.
    pub statement: usize,
}

impl Command {
    /// The last path component of the name: `apt-get` for `/usr/bin/apt-get`.
    pub fn program(&self) -> &str {
        program_name(&self.name.value)
    }

    /// The command that actually runs once wrappers are looked through: `apt-get` in
    /// `sudo -E apt-get install`, `rm` in `xargs rm -f`.
    pub fn effective_name(&self) -> &Word {
        self.wrapped.and_then(|i| self.args.get(i)).unwrap_or(&self.name)
    }

    /// Last path component of [`Command::effective_name`].
    pub fn effective_program(&self) -> &str {
        program_name(&self.effective_name().value)
    }

    /// The arguments of [`Command::effective_name`].
    pub fn effective_args(&self) -> &[Word] {
        match self.wrapped {
            Some(i) => self.args.get(i + 1..).unwrap_or(&[]),
            None => &self.args,
        }
    }

    /// The wrapper words in front of the effective command (`sudo`, `-E`), empty when none.
    pub fn wrapper_words(&self) -> impl Iterator<Item = &Word> {
        let n = self.wrapped.map_or(0, |i| i + 1);
        let wrapped = self.wrapped.is_some();
        wrapped
            .then_some(&self.name)
            .into_iter()
            .chain(self.args.iter().take(n.saturating_sub(1)))
    }

    /// Whether the effective command is `program` (compared by last path component).
    pub fn runs(&self, program: &str) -> bool {
        self.effective_program() == program
    }

    /// The first effective argument that is the flag `-c` (also inside a cluster like `-xc`) or
    /// `--long` / `--long=value`, before a `--` that ends options.
    pub fn flag(&self, short: &[char], long: &[&str]) -> Option<&Word> {
        find_flag(self.effective_args(), short, long)
    }

    /// The value of an option of the effective command: `--uid=1000`, `--uid 1000`, `-u 1000`,
    /// `-u1000`. Which options take a value is the caller's knowledge, given by asking.
    pub fn flag_value(&self, short: &[char], long: &[&str]) -> Option<&str> {
        let args = self.effective_args();
        let at = args
            .iter()
            .take_while(|w| w.value != "--")
            .position(|w| flag_matches(&w.value, short, long))?;
        let flag = args[at].value.as_str();
        if let Some(rest) = flag.strip_prefix("--") {
            return match rest.split_once('=') {
                Some((_, value)) => Some(value),
                None => args.get(at + 1).map(|w| w.value.as_str()),
            };
        }
        let cluster = flag.get(1..).unwrap_or("");
        let letter = cluster.char_indices().find(|(_, c)| short.contains(c))?;
        let attached = &cluster[letter.0 + letter.1.len_utf8()..];
        if attached.is_empty() {
            args.get(at + 1).map(|w| w.value.as_str())
        } else {
            Some(attached.strip_prefix('=').unwrap_or(attached))
        }
    }

    /// An env-prefix assignment of `name`, or one passed through the `env` wrapper.
    pub fn env(&self, name: &str) -> Option<&str> {
        if let Some(a) = self.assignments.iter().find(|a| a.name == name) {
            return Some(&a.value.value);
        }
        let end = self.wrapped.unwrap_or(0);
        self.args[..end.min(self.args.len())]
            .iter()
            .filter_map(|w| w.value.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }

    /// The effective arguments that are not flags, in order (flag values are not told apart;
    /// see [`packages`] for commands whose options are known).
    pub fn operands(&self) -> impl Iterator<Item = &Word> {
        let args = self.effective_args();
        let end = args.iter().position(|w| w.value == "--").unwrap_or(args.len());
        args[..end]
            .iter()
            .filter(|w| !w.is_flag())
            .chain(args.get(end + 1..).unwrap_or(&[]))
    }
}

/// The last path component of a command name.
pub fn program_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// See [`Command::flag`].
pub fn find_flag<'w>(args: &'w [Word], short: &[char], long: &[&str]) -> Option<&'w Word> {
    args.iter()
        .take_while(|w| w.value != "--")
        .find(|w| flag_matches(&w.value, short, long))
}

/// Whether the option word `word` is `--long`, `--long=...`, or a short cluster holding one of
/// `short` (`-qy`). Only the letters before an `=` or a digit are flags (`-q=2`, `-j4`).
pub fn flag_matches(word: &str, short: &[char], long: &[&str]) -> bool {
    if let Some(rest) = word.strip_prefix("--") {
        let name = rest.split_once('=').map_or(rest, |(n, _)| n);
        long.contains(&name)
    } else if let Some(cluster) = word.strip_prefix('-') {
        cluster
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .any(|c| short.contains(&c))
    } else {
        false
    }
}

/// A pipeline of two or more stages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    pub range: TextRange,
    /// The stages that are simple commands, as indices into [`Script::commands`], in order
    /// (a compound stage such as `while read ...; done` has no entry).
    pub commands: Vec<usize>,
    /// Number of stages, compound ones included.
    pub stages: usize,
    /// `set -o pipefail` (or `set -euo pipefail`...) ran earlier in the same shell.
    pub pipefail: bool,
    pub scope: Scope,
    /// The pipeline's exit status can become the script's. Not inside a process substitution,
    /// nor inside a command substitution whose status the shell drops: an argument
    /// (`tar -C $(a | b)`), a word of `for` or `case`, a redirection target, an `export` or
    /// `local`; only the value of a bare assignment (`v=$(a | b)`) passes the status on.
    pub status_used: bool,
}

/// A place where the script does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    /// A short phrase: "unterminated double quote", "expected a command after `&&`".
    pub message: String,
}

/// How the script reached the shell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// Shell form: `/bin/sh -c` runs the joined instruction text.
    Shell,
    /// A heredoc body run as the script (`RUN <<EOF`, `RUN <<EOF bash`: see
    /// [`Script::heredoc_body`]), or an instruction line with its heredocs appended, as BuildKit
    /// reconstitutes it.
    Heredoc,
    /// Exec form: one command, no shell.
    Exec,
    /// Exec form that runs a shell on a string (`["sh", "-c", "..."]`): the string is the script.
    ExecShell,
}

/// The facts of one script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    /// The text the shell runs (for [`Form::Exec`], the arguments joined by spaces).
    pub text: String,
    pub map: SourceMap,
    pub form: Form,
    /// Simple commands in source order; a command precedes the commands of its substitutions.
    pub commands: Vec<Command>,
    pub pipelines: Vec<Pipeline>,
    pub errors: Vec<SyntaxError>,
    /// Package-manager commands (installs, updates, removals, cache cleaning), in order.
    pub packages: Vec<PackageCommand>,
    /// Cache cleanups: package-manager `clean` commands and `rm` of cache folders, in order.
    pub cleanups: Vec<Cleanup>,
    /// How a RUN heredoc body that is the whole script runs; `None` for every other script
    /// (shell and exec form, and a RUN line that hands its heredocs to a command as data).
    pub heredoc_body: Option<BodyRunner>,
}

/// What runs a RUN heredoc body that is the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyRunner {
    /// `RUN <<EOF`: BuildKit runs the body with the `SHELL` in force, or with the interpreter
    /// its `#!` line names.
    Shell,
    /// `RUN <<EOF bash -e` or `RUN sh -e <<EOF`: the shell in force runs the line, and the shell
    /// it names reads the body on its standard input as its script.
    Interpreter(Interpreter),
}

/// A POSIX shell named on a RUN line to read a heredoc (`bash -eo pipefail` in
/// `RUN <<EOF bash -eo pipefail`): a new shell, which takes none of the options of the `SHELL`
/// that started it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interpreter {
    /// The program as written (`bash`, `/bin/sh`).
    pub program: String,
    /// The words after it, as written: its options (`-e`, `-o`, `pipefail`), and after `-s` or
    /// `--` the script's positional parameters.
    pub args: Vec<String>,
}

impl Interpreter {
    /// The interpreter a script's `#!` line names, looked up through `env`
    /// (`#!/usr/bin/env -S bash -e`: `bash`, with `-e`). `None` without a `#!` line or a program.
    pub fn of_shebang(text: &str) -> Option<Interpreter> {
        let line = text.strip_prefix("#!")?.lines().next().unwrap_or("");
        let mut words = line.split_whitespace();
        let mut program = words.next()?;
        if program_name(program) == "env" {
            program = words.find(|w| !w.starts_with('-'))?;
        }
        Some(Interpreter {
            program: program.to_owned(),
            args: words.map(str::to_owned).collect(),
        })
    }

    /// The last path component of the program: `sh` for `/bin/sh`.
    pub fn program_name(&self) -> &str {
        program_name(&self.program)
    }

    /// `-e`, `-eux`, `-o errexit`: the shell exits at the first command that fails.
    pub fn sets_errexit(&self) -> bool {
        shell_options_set(&self.args, 'e', "errexit")
    }

    /// `-o pipefail`, `-euxo pipefail`.
    pub fn sets_pipefail(&self) -> bool {
        shell_options_set(&self.args, '\0', "pipefail")
    }
}

/// Whether the option words of a shell (`-eux`, `-o pipefail`, `+e`) leave the option with the
/// one-letter name `letter` (`'\0'` for none) or the `set -o` name `long` turned on. Reading
/// stops at the first word that is not an option, and at `--`.
pub fn shell_options_set(words: &[String], letter: char, long: &str) -> bool {
    let mut on = false;
    let mut words = words.iter();
    while let Some(word) = words.next() {
        let (value, cluster) = match (word.strip_prefix('-'), word.strip_prefix('+')) {
            (Some(c), _) => (true, c),
            (_, Some(c)) => (false, c),
            _ => break,
        };
        if cluster.is_empty() || cluster == "-" {
            break;
        }
        if cluster.starts_with('-') {
            // `--login`, `--norc`: long options take no value.
            continue;
        }
        for c in cluster.chars() {
            if c == 'o' {
                if words.next().is_some_and(|name| name == long) {
                    on = value;
                }
            } else if c == letter {
                on = value;
            }
        }
    }
    on
}

/// A script's tree-sitter-bash tree and the text it was read from.
pub struct Syntax {
    pub tree: tree_sitter::Tree,
    /// The text the tree was read from and its map to the document, when that is not the
    /// script's own: a script opening with `<<EOF bash` is read as `bash <<EOF`
    /// (see [`heredoc_first`]).
    reordered: Option<(String, SourceMap)>,
}

impl Syntax {
    /// The text the tree's byte offsets index, and the map from it to the document.
    pub fn source<'s>(&'s self, script: &'s Script) -> (&'s str, &'s SourceMap) {
        match &self.reordered {
            Some((text, map)) => (text, map),
            None => (&script.text, &script.map),
        }
    }
}

impl Script {
    /// Reads `text` as a shell script; `map` leads it back to the document.
    pub fn parse(text: String, map: SourceMap) -> Script {
        Script::parse_as(text, map, Form::Shell)
    }

    fn parse_as(text: String, map: SourceMap, form: Form) -> Script {
        let parsed = match heredoc_first(&text) {
            Some((reordered, pieces)) => parse::parse(&reordered, &map.rearranged(&text, &pieces)),
            None => parse::parse(&text, &map),
        };
        let mut script = Script {
            text,
            map,
            form,
            commands: parsed.commands,
            pipelines: parsed.pipelines,
            errors: parsed.errors,
            packages: Vec::new(),
            cleanups: Vec::new(),
            heredoc_body: None,
        };
        packages::analyze(&mut script);
        script
    }

    /// The script read by tree-sitter-bash again, as the facts read it, for the configuration's
    /// `shell-query` rules. Scripts do not keep their trees: every document would pay the memory
    /// of trees that only those rules read. `None` for exec form, which is no script, or when
    /// tree-sitter gives up.
    pub fn syntax(&self) -> Option<Syntax> {
        if self.form == Form::Exec {
            return None;
        }
        let reordered = heredoc_first(&self.text).map(|(text, pieces)| {
            let map = self.map.rearranged(&self.text, &pieces);
            (text, map)
        });
        let text = reordered.as_ref().map_or(self.text.as_str(), |(text, _)| text.as_str());
        let tree = parse::parse_tree(text)?;
        Some(Syntax { tree, reordered })
    }

    /// The shell-form part of an instruction: `range` from the first byte after the keyword and
    /// flags to the end of the last continuation line (see [`source_map::shell_form`]).
    pub fn shell_form(doc: &str, range: TextRange, escape: char) -> Script {
        let (text, map) = source_map::shell_form(doc, range, escape);
        Script::parse(text, map)
    }

    /// Exec form: the elements are one command run without a shell, unless they are
    /// `[shell, "-c", script, ...]` with a POSIX shell, whose script is then read.
    pub fn exec_form(elements: &[model::Word]) -> Script {
        if let Some((text, map)) = shell_c_script(elements) {
            return Script::parse_as(text, map, Form::ExecShell);
        }
        let mut script = Script {
            text: elements.iter().map(|e| e.value.as_str()).collect::<Vec<_>>().join(" "),
            map: SourceMap::from_segments(std::iter::empty()),
            form: Form::Exec,
            commands: Vec::new(),
            pipelines: Vec::new(),
            errors: Vec::new(),
            packages: Vec::new(),
            cleanups: Vec::new(),
            heredoc_body: None,
        };
        let mut words = elements.iter().map(|e| Word {
            value: e.value.clone(),
            range: e.range,
            quoted: true,
            has_expansion: false,
            line: 0,
            value_start: (e.raw.len() == e.value.len() + 2 && e.range.len() == e.raw.len())
                .then_some(e.range.start + 1),
            exact_len: e.value.len(),
        });
        if let Some(name) = words.next() {
            let args: Vec<Word> = words.collect();
            let range = args.last().map_or(name.range, |w| name.range.cover(w.range));
            let mut command = Command {
                name,
                args,
                assignments: Vec::new(),
                redirects: Vec::new(),
                range,
                operator_before: None,
                scope: Scope::Top,
                negated: false,
                pipeline: None,
                pipe_in: false,
                pipe_out: false,
                wrapped: None,
                statement: 0,
            };
            command.wrapped = wrappers::wrapped_command(&command);
            script.commands.push(command);
        }
        packages::analyze(&mut script);
        script
    }

    /// The script of a RUN, CMD or ENTRYPOINT (also inside ONBUILD, and HEALTHCHECK CMD), as
    /// BuildKit runs it: shell form, exec form, or RUN with heredocs. `None` for other
    /// instructions, for an empty one, and for a single heredoc whose `#!` line names an
    /// interpreter that is not a POSIX shell.
    pub fn from_instruction(doc: &str, instruction: &Instruction, escape: char) -> Option<Script> {
        match (&instruction.kind, &instruction.args) {
            (InstructionKind::Onbuild, Args::Onbuild(inner)) => Script::from_instruction(doc, inner, escape),
            (InstructionKind::Healthcheck, Args::Healthcheck { cmd: Some(cmd), .. }) => from_args(doc, cmd, escape),
            (InstructionKind::Run, Args::Shell { range, .. }) if !instruction.heredocs.is_empty() => {
                heredoc_script(doc, *range, &instruction.heredocs, escape)
            }
            (InstructionKind::Run | InstructionKind::Cmd | InstructionKind::Entrypoint, args) => {
                from_args(doc, args, escape)
            }
            _ => None,
        }
    }

    /// Commands whose effective program (wrappers looked through) is `program`.
    pub fn commands_running<'s>(&'s self, program: &'s str) -> impl Iterator<Item = &'s Command> + 's {
        self.commands.iter().filter(move |c| c.runs(program))
    }

    /// The package installs, in order.
    pub fn installs(&self) -> impl Iterator<Item = &PackageCommand> {
        self.packages.iter().filter(|p| p.action == Action::Install)
    }

    /// Whether a cleanup of `kind` appears anywhere in the script.
    pub fn has_cleanup(&self, kind: CleanupKind) -> bool {
        self.cleanups.iter().any(|c| c.kind == kind)
    }

    /// Commands that install dependencies from manifest files (`npm ci`, `pip install -r`,
    /// `go mod download`, `bundle install`, `cargo build`...).
    pub fn dependency_steps(&self) -> Vec<DependencyStep> {
        packages::dependency_steps(self)
    }

    /// Whether any command runs `program`.
    pub fn runs(&self, program: &str) -> bool {
        self.commands.iter().any(|c| c.runs(program))
    }

    /// `cd` commands that change the directory of the script's own shell (not in a subshell or
    /// substitution).
    pub fn cd_commands(&self) -> impl Iterator<Item = &Command> {
        self.commands
            .iter()
            .filter(|c| c.runs("cd") && !matches!(c.scope, Scope::Subshell | Scope::Substitution))
    }

    /// Pipelines that run without `set -o pipefail` in effect and whose status can become the
    /// script's: the script's status ignores a failing stage, which pipefail would change.
    pub fn pipelines_without_pipefail(&self) -> impl Iterator<Item = &Pipeline> {
        self.pipelines.iter().filter(|p| !p.pipefail && p.status_used)
    }

    /// The pipeline a command is a stage of.
    pub fn pipeline_of(&self, command: &Command) -> Option<&Pipeline> {
        command.pipeline.and_then(|i| self.pipelines.get(i))
    }
}

fn from_args(doc: &str, args: &Args, escape: char) -> Option<Script> {
    match args {
        Args::Shell { range, .. } => Some(Script::shell_form(doc, *range, escape)).filter(|s| !s.text.is_empty()),
        Args::Json { elements, .. } if !elements.is_empty() => Some(Script::exec_form(elements)),
        _ => None,
    }
}

/// Shells whose `-c` string is a POSIX-like script that tree-sitter-bash reads.
const POSIX_SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"];

/// `["sh", "-c", "script", ...]` (also `-ec`, `-xc`, `-o pipefail -c`): the script and its map.
fn shell_c_script(elements: &[model::Word]) -> Option<(String, SourceMap)> {
    let shell = program_name(&elements.first()?.value);
    if !POSIX_SHELLS.contains(&shell) {
        return None;
    }
    let mut rest = elements.get(1..)?.iter();
    if shell == "busybox" && rest.next().map(|w| program_name(&w.value)) != Some("sh") {
        return None;
    }
    let mut saw_c = false;
    while let Some(word) = rest.next() {
        let v = word.value.as_str();
        if v == "-o" || v == "+o" {
            rest.next();
            continue;
        }
        if let Some(cluster) = v.strip_prefix('-').filter(|c| !c.starts_with('-')) {
            saw_c |= cluster.contains('c');
            if saw_c {
                break;
            }
            continue;
        }
        return None;
    }
    let script = rest.next().filter(|_| saw_c)?;
    source_map::json_string(&script.raw, script.range.start)
        .filter(|(text, _)| *text == script.value)
        .or_else(|| {
            // Not written as a plain JSON string: map the value onto the word from its start.
            let len = script.value.len().min(script.range.len());
            Some((script.value.clone(), SourceMap::identity(script.range.start, len)))
        })
}

/// RUN with heredocs, as BuildKit's dispatcher runs it: a lone heredoc marker runs its body as
/// the script (tabs stripped for `<<-`); otherwise the instruction line is followed by each
/// heredoc's raw body and terminator, for the shell to read. When that line only hands the one
/// heredoc to a POSIX shell (`<<EOF bash -e`, see [`heredoc_interpreter`]), the body is that
/// shell's script and is read as the script, like a lone marker's; a heredoc given to any other
/// program (`python3 <<EOF`) is data on its standard input, not shell.
fn heredoc_script(doc: &str, range: TextRange, heredocs: &[model::Heredoc], escape: char) -> Option<Script> {
    let (line, line_map) = source_map::shell_form(doc, range, escape);
    let first = heredocs.first()?;
    if is_lone_heredoc_marker(&line) {
        let (text, map) = source_map::heredoc_body(doc, first.body, first.strip_tabs);
        if text.starts_with("#!")
            && !Interpreter::of_shebang(&text).is_some_and(|i| POSIX_SHELLS.contains(&i.program_name()))
        {
            return None;
        }
        let mut script = Script::parse_as(text, map, Form::Heredoc);
        script.heredoc_body = Some(BodyRunner::Shell);
        return Some(script);
    }
    if let [only] = heredocs
        && let Some(interpreter) = heredoc_interpreter(&line, only.marker.slice(doc))
    {
        let (text, map) = source_map::heredoc_body(doc, only.body, only.strip_tabs);
        let mut script = Script::parse_as(text, map, Form::Heredoc);
        script.heredoc_body = Some(BodyRunner::Interpreter(interpreter));
        return Some(script);
    }
    let mut builder = source_map::Builder::new(doc, range.start);
    // The joined line's segments are contiguous in the script, so pushing them rebuilds it.
    for (_, doc_start, len) in line_map.segments() {
        builder.push_doc(doc_start, len);
    }
    for heredoc in heredocs {
        builder.push_str("\n");
        let (start, end) = (heredoc.body.start.min(doc.len()), heredoc.body.end.min(doc.len()));
        source_map::push_heredoc_body(&mut builder, start, end.max(start), false);
        match heredoc.end {
            Some(end) if end.slice(doc).trim_start_matches('\t').trim_end() == heredoc.name.value => {
                let name_start = end.start + (end.slice(doc).len() - end.slice(doc).trim_start_matches('\t').len());
                builder.push_doc(name_start, heredoc.name.value.len());
            }
            _ => builder.push_str(&heredoc.name.value),
        }
    }
    let (text, map) = builder.finish();
    Some(Script::parse_as(text, map, Form::Heredoc))
}

/// The shell a RUN line hands its one heredoc to as its script: the line is the heredoc's
/// `marker` and a POSIX shell with options, in either order (`<<EOF bash -e`, `sh -ex <<EOF`,
/// `<<-EOF /bin/bash -o pipefail`, `bash -s -- arg <<EOF`). `None` when the line does anything
/// else: a script file or `-c` for the shell (the heredoc is then its input, not its script),
/// another program (`python3 <<EOF`), or shell syntax (quotes, expansions, redirections,
/// operators) around them.
///
/// The shell reads the body as written except that, when the delimiter is not quoted, the shell
/// running the line first expands `$`, backquotes and backslashes in it (`\$x` reaches the
/// inner shell as `$x`); the body is read as the inner shell's script all the same.
pub fn heredoc_interpreter(line: &str, marker: &str) -> Option<Interpreter> {
    let mut words = line.split_whitespace();
    let mut seen_marker = false;
    let mut program = None;
    let mut args = Vec::new();
    for word in words.by_ref() {
        if !seen_marker && word == marker {
            seen_marker = true;
            continue;
        }
        if word.contains(|c: char| "\\'\"$`;&|<>()#*?[]{}".contains(c)) {
            return None;
        }
        if program.is_none() {
            program = Some(word);
        } else {
            args.push(word.to_owned());
        }
    }
    let program = program.filter(|_| seen_marker)?;
    let name = program_name(program);
    if name == "busybox" || !POSIX_SHELLS.contains(&name) {
        return None;
    }
    // The options, then (after `-s` or `--`) positional parameters; an operand before them is
    // a script file, and `-c` a script string.
    let mut options = args.iter();
    while let Some(word) = options.next() {
        if word == "--" {
            break;
        }
        let cluster = word.strip_prefix(['-', '+'])?;
        if cluster.starts_with('-') {
            continue;
        }
        if cluster.contains('c') {
            return None;
        }
        if cluster.contains('o') {
            options.next();
        }
        if cluster.contains('s') {
            break;
        }
    }
    Some(Interpreter {
        program: program.to_owned(),
        args,
    })
}

/// `(new_start, old_start, len)`: a run of bytes moved from `old_start` to `new_start`.
type Piece = (usize, usize, usize);

/// `<<EOF bash` (BuildKit's documented way to pick a heredoc's interpreter) is a valid command
/// that tree-sitter-bash cannot read: its grammar takes no heredoc before the command name. The
/// first line is read as `bash <<EOF` instead: the same length, so the rest keeps its offsets,
/// with the pieces that moved for [`SourceMap::rearranged`]. `None` when the script does not
/// start that way, or when a comment on the line would swallow the moved marker.
fn heredoc_first(text: &str) -> Option<(String, [Piece; 4])> {
    let line_end = text.find('\n').unwrap_or(text.len());
    let line = &text[..line_end];
    let after_fd = line.trim_start_matches(|c: char| c.is_ascii_digit());
    let word = after_fd.strip_prefix("<<")?;
    let word = word.strip_prefix('-').unwrap_or(word);
    if word.starts_with('<') {
        return None;
    }
    let marker_len = line.len() - word.len() + word.find([' ', '\t'])?;
    let rest_start = marker_len + line[marker_len..].len() - line[marker_len..].trim_start().len();
    let rest = &line[rest_start..];
    if rest.is_empty() || rest.starts_with("<<") || rest.contains('#') {
        return None;
    }
    let blanks = rest_start - marker_len;
    let mut reordered = String::with_capacity(text.len());
    reordered.push_str(rest);
    reordered.push_str(&line[marker_len..rest_start]);
    reordered.push_str(&line[..marker_len]);
    reordered.push_str(&text[line_end..]);
    let pieces = [
        (0, rest_start, rest.len()),
        (rest.len(), marker_len, blanks),
        (rest.len() + blanks, 0, marker_len),
        (line_end, line_end, text.len() - line_end),
    ];
    Some((reordered, pieces))
}

/// BuildKit's test for "the command is just a heredoc": `[fd]<<[-]WORD` with one word after.
fn is_lone_heredoc_marker(line: &str) -> bool {
    let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
    let Some(rest) = rest.strip_prefix("<<") else {
        return false;
    };
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    if rest.is_empty() || rest.contains('<') {
        return false;
    }
    let mut quote = None;
    for c in rest.chars() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => return false,
            _ => {}
        }
    }
    true
}
