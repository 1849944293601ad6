//! §4 of the catalog: the shell inside RUN (syntax errors, ShellCheck), and what both rules ask
//! first: which scripts a POSIX shell runs, and in which dialect.

mod shell_syntax_error;
mod shellcheck;

use crate::analysis::model::{Args, Base, Instruction, InstructionKind, Model, Word};
use crate::analysis::rules::{Context, Rule};
use crate::analysis::shell::{Form, Script, program_name};
use crate::analysis::shellcheck::Dialect;

pub(super) static RULES: &[&Rule] = &[&shell_syntax_error::RULE, &shellcheck::RULE];

/// A script that a POSIX shell runs.
pub(super) struct ShellScript<'a> {
    pub instruction: &'a Instruction,
    pub script: &'a Script,
    pub dialect: Dialect,
}

/// Every script of the file that a POSIX shell runs, in file order (ONBUILD triggers after
/// their ONBUILD): shell form, `sh -c` strings and heredoc scripts; not exec form, not scripts
/// of a `cmd` or PowerShell `SHELL`, not zsh (which neither tree-sitter-bash nor ShellCheck
/// reads).
pub(super) fn shell_scripts<'a>(cx: &Context<'a>) -> Vec<ShellScript<'a>> {
    let mut out = Vec::new();
    let shells = ShellIndex::new(cx.model);
    for (index, top) in cx.model.instructions.iter().enumerate() {
        let chain = std::iter::successors(Some(top), |i| match &i.args {
            Args::Onbuild(trigger) => Some(&**trigger),
            _ => None,
        });
        for instruction in chain {
            let Some(script) = cx.facts.script(instruction) else {
                continue;
            };
            let dialect = match script.form {
                Form::Exec => None,
                Form::ExecShell => exec_elements(instruction)
                    .and_then(|e| e.first())
                    .and_then(|w| shell_program(std::slice::from_ref(w))),
                Form::Heredoc if script.text.starts_with("#!") => shebang_dialect(&script.text),
                Form::Shell | Form::Heredoc => stage_shell(cx.model, &shells, index),
            };
            if let Some(dialect) = dialect {
                out.push(ShellScript {
                    instruction,
                    script,
                    dialect,
                });
            }
        }
    }
    out
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

/// `#!/bin/bash -e`, `#!/usr/bin/env sh`.
fn shebang_dialect(text: &str) -> Option<Dialect> {
    let line = text.strip_prefix("#!")?.lines().next().unwrap_or("");
    let mut parts = line.split_whitespace().map(program_name);
    let mut program = parts.next()?;
    if program == "env" {
        program = parts.find(|p| !p.starts_with('-'))?;
    }
    Dialect::of_program(program)
}

/// For each top-level instruction, the last exec-form `SHELL` before it, found in one pass:
/// looking back from every RUN was quadratic in a long stage.
struct ShellIndex(Vec<Option<usize>>);

impl ShellIndex {
    fn new(model: &Model) -> Self {
        let mut last = None;
        let mut before = Vec::with_capacity(model.instructions.len() + 1);
        for (j, i) in model.instructions.iter().enumerate() {
            before.push(last);
            if i.kind == InstructionKind::Shell && matches!(i.args, Args::Json { .. }) {
                last = Some(j);
            }
        }
        before.push(last);
        Self(before)
    }

    /// The last exec-form `SHELL` among the instructions before `end`.
    fn last_before(&self, end: usize) -> Option<usize> {
        self.0.get(end).or(self.0.last()).copied().flatten()
    }
}

/// The shell in force for the top-level instruction `index`: the stage's last `SHELL` before
/// it, else the shell of the stage it is built `FROM`, else the image's default (`/bin/sh`, or
/// `cmd` on Windows). `None` when that shell is not a POSIX shell.
fn stage_shell(model: &Model, shells: &ShellIndex, index: usize) -> Option<Dialect> {
    let Some(stage) = model.stage_of(index) else {
        return default_shell(model, None);
    };
    // Each step goes to an earlier stage, so the walk ends; the bound guards a malformed model.
    let mut stage = stage;
    let mut end = index;
    for _ in 0..model.stages.len() {
        let current = &model.stages[stage];
        let start = current.instructions.start;
        let shell = shells.last_before(end).filter(|&j| j >= start);
        if let Some(Args::Json { elements, .. }) = shell.and_then(|j| model.instructions.get(j)).map(|i| &i.args) {
            return shell_program(elements);
        }
        match &current.base {
            Base::Stage(parent) if *parent < stage => {
                stage = *parent;
                end = model.stages[stage].instructions.end;
            }
            base => return default_shell(model, Some(base)),
        }
    }
    default_shell(model, None)
}

/// Windows images run `cmd /S /C` unless told otherwise; a backtick escape directive is how
/// Windows Dockerfiles keep `\` for paths, so it marks one even when the base is a variable.
fn default_shell(model: &Model, base: Option<&Base>) -> Option<Dialect> {
    let windows_image = match base {
        Some(Base::Image { resolved, .. }) => {
            let image = resolved.to_ascii_lowercase();
            ["mcr.microsoft.com/windows", "nanoserver", "servercore"]
                .iter()
                .any(|w| image.contains(w))
        }
        _ => false,
    };
    (!windows_image && model.escape != '`').then_some(Dialect::Sh)
}
