//! §4 of the catalog: the shell inside RUN (syntax errors, ShellCheck), and what both rules ask
//! first: which scripts a POSIX shell runs, and in which dialect.

mod shell_syntax_error;
mod shellcheck;

use crate::analysis::model::{Args, Instruction, Word};
use crate::analysis::rules::shell_in_force::ShellInForce;
use crate::analysis::rules::{Context, Rule};
use crate::analysis::shell::{BodyRunner, Form, Interpreter, Script, program_name};
use crate::analysis::shellcheck::Dialect;

pub(super) static RULES: &[&Rule] = &[&shell_syntax_error::RULE, &shellcheck::RULE];

/// The rule that reports ShellCheck's findings, the only one that asks ShellCheck.
pub(super) use shellcheck::RULE as SHELLCHECK;

/// A script that a POSIX shell runs.
pub(super) struct ShellScript<'a> {
    pub instruction: &'a Instruction,
    pub script: &'a Script,
    pub dialect: Dialect,
    /// A top-level instruction, not an `ONBUILD` trigger (which runs in another build).
    pub top_level: bool,
}

/// Every script of the file that a POSIX shell runs, in file order (ONBUILD triggers after
/// their ONBUILD): shell form, `sh -c` strings and heredoc scripts (also a body handed to a
/// shell, `RUN <<EOF bash`, read in that shell's dialect); not exec form, not scripts
/// of a `cmd` or PowerShell `SHELL`, not zsh (which neither tree-sitter-bash nor ShellCheck
/// reads).
pub(super) fn shell_scripts<'a>(cx: &Context<'a>) -> Vec<ShellScript<'a>> {
    let mut out = Vec::new();
    for (index, top) in cx.model.instructions.iter().enumerate() {
        let chain = std::iter::successors(Some(top), |i| match &i.args {
            Args::Onbuild(trigger) => Some(&**trigger),
            _ => None,
        });
        for (depth, instruction) in chain.enumerate() {
            let Some(script) = cx.facts.script(instruction) else {
                continue;
            };
            let dialect = match script.form {
                Form::Exec => None,
                Form::ExecShell => exec_elements(instruction)
                    .and_then(|e| e.first())
                    .and_then(|w| shell_program(std::slice::from_ref(w))),
                // A shell named on the line (`RUN <<EOF bash`) reads the body whatever the
                // `SHELL` in force, as long as that one can run the line.
                Form::Heredoc if interpreter(script).is_some() => match cx.shell_in_force(index) {
                    ShellInForce::Windows => None,
                    shell if shell.elements(cx.model).is_some_and(|e| shell_program(e).is_none()) => None,
                    _ => interpreter(script).and_then(|i| Dialect::of_program(i.program_name())),
                },
                Form::Heredoc if script.text.starts_with("#!") => {
                    Interpreter::of_shebang(&script.text).and_then(|i| Dialect::of_program(i.program_name()))
                }
                Form::Shell | Form::Heredoc => match cx.shell_in_force(index) {
                    ShellInForce::Default => Some(Dialect::Sh),
                    ShellInForce::Windows => None,
                    shell => shell.elements(cx.model).and_then(shell_program),
                },
            };
            if let Some(dialect) = dialect {
                out.push(ShellScript {
                    instruction,
                    script,
                    dialect,
                    top_level: depth == 0,
                });
            }
        }
    }
    out
}

/// The shell a RUN line names to read its heredoc (`RUN <<EOF bash -e`).
fn interpreter(script: &Script) -> Option<&Interpreter> {
    match &script.heredoc_body {
        Some(BodyRunner::Interpreter(interpreter)) => Some(interpreter),
        _ => None,
    }
}

/// The JSON elements of an exec-form RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD.
fn exec_elements(instruction: &Instruction) -> Option<&[Word]> {
    let args = match &instruction.args {
        Args::Healthcheck { cmd: Some(cmd), .. } => &**cmd,
        args => args,
    };
    match args {
        Args::Json { elements, .. } => Some(elements),
        _ => None,
    }
}

/// The dialect of the shell a `SHELL` array (or `["sh", "-c", ...]`) starts with, looking
/// through `env`; `None` for `cmd`, PowerShell and anything else that is not a POSIX shell.
fn shell_program(elements: &[Word]) -> Option<Dialect> {
    let mut words = elements.iter().map(|w| program_name(&w.value));
    let mut program = words.next()?;
    if program == "env" {
        program = words.find(|w| !w.starts_with('-') && !w.contains('='))?;
    }
    Dialect::of_program(program)
}
