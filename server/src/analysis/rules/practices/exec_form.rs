//! Shared by `shell-form-entrypoint` and `shell-form-cmd`: whether a `SHELL` or an
//! `ENTRYPOINT` is in effect where a shell-form command is written (BuildKit's
//! `JSONArgsRecommended` only warns when the image has no `SHELL`), and the fix that rewrites the
//! command in exec form.

use crate::analysis::diagnostic::{Applicability, Edit, Fix};
use crate::analysis::model::{Args, Instruction, InstructionKind, Model};
use crate::analysis::rules::Context;
use crate::analysis::rules::practices::common::{chain_instructions, json_array, stage_of};
use crate::analysis::rules::shell_in_force::ShellInForce;
use crate::analysis::shell::{Scope, Script};

/// A shell-form CMD or ENTRYPOINT with where it sits: `index` is the top-level instruction
/// (the ONBUILD for a trigger, which runs in a child image whose stage we cannot see).
pub struct ShellForm<'a> {
    pub instruction: &'a Instruction,
    pub index: usize,
    pub trigger: bool,
}

/// The shell-form instructions of `kind`, ONBUILD triggers included. Text that starts like a
/// JSON array is left to `invalid-json-form`, which reports it already.
pub fn shell_form_entries(model: &Model, kind: InstructionKind) -> Vec<ShellForm<'_>> {
    let mut out = Vec::new();
    for (index, top) in model.instructions.iter().enumerate() {
        let (instruction, trigger) = match &top.args {
            Args::Onbuild(inner) => (&**inner, true),
            _ => (top, false),
        };
        if instruction.kind != kind {
            continue;
        }
        if let Args::Shell { text, .. } = &instruction.args
            && !text.trim_start().starts_with('[')
            && !text.trim().is_empty()
        {
            out.push(ShellForm {
                instruction,
                index,
                trigger,
            });
        }
    }
    out
}

/// The shell that runs a shell-form entry: the one in force at its instruction; for an ONBUILD
/// trigger, which runs under the child's `SHELL`, the default of an image like this one (`cmd`
/// on Windows).
pub fn shell_of(cx: &Context<'_>, entry: &ShellForm<'_>) -> ShellInForce {
    match (entry.trigger, cx.is_windows_at(entry.index)) {
        (false, _) => cx.shell_in_force(entry.index),
        (true, true) => ShellInForce::Windows,
        (true, false) => ShellInForce::Default,
    }
}

/// Whether a `SHELL` earlier in the stage, or in a stage it is built on, is in effect at the
/// top-level instruction `index`.
pub fn shell_in_effect(cx: &Context<'_>, index: usize) -> bool {
    matches!(cx.shell_in_force(index), ShellInForce::Shell(_))
}

/// The `ENTRYPOINT` the stage's image ends up with (the last one of the stage chain).
pub fn entrypoint_in_effect(model: &Model, index: usize) -> Option<&Instruction> {
    let stage = stage_of(model, index)?;
    chain_instructions(model, stage.index)
        .into_iter()
        .rev()
        .map(|i| &model.instructions[i])
        .find(|i| i.kind == InstructionKind::Entrypoint)
}

/// The fix that writes a shell-form command in exec form: the words themselves when the command
/// is one plain command (a leading `exec` dropped), `["/bin/sh", "-c", "..."]` when it uses
/// the shell (operators, pipes, variables, redirections, globs). No fix when a comment sits
/// inside the continued command (the rewrite would drop it), nor for Windows (`shell` is
/// `cmd /S /C` there), whose paths and quoting a POSIX reading would mangle.
pub fn exec_form_fix(cx: &Context<'_>, instruction: &Instruction, shell: ShellInForce) -> Option<Fix> {
    let Args::Shell { text, range } = &instruction.args else {
        return None;
    };
    if shell == ShellInForce::Windows
        || cx.model.escape != '\\'
        || !instruction.heredocs.is_empty()
        || cx
            .model
            .comments
            .iter()
            .any(|c| range.start <= c.range.start && c.range.start < range.end)
    {
        return None;
    }
    let script = cx.facts.script(instruction)?;
    let (title, json) = match plain_argv(cx.text, script, range.start, range.end, cx.model.escape) {
        Some(argv) => ("Convert to exec form", json_array(argv.iter().map(String::as_str))),
        None => (
            "Convert to exec form running `/bin/sh -c`",
            json_array(["/bin/sh", "-c", text.trim()]),
        ),
    };
    Some(Fix::new(
        title,
        Applicability::Unsafe,
        vec![Edit {
            range: *range,
            new_text: json,
        }],
    ))
}

/// The argument vector of a script that is exactly one plain command: no operators, pipes,
/// redirections, assignments, expansions, globs, tilde or brace expansion, nothing around it.
fn plain_argv(doc: &str, script: &Script, start: usize, end: usize, escape: char) -> Option<Vec<String>> {
    if !script.errors.is_empty() || !script.pipelines.is_empty() {
        return None;
    }
    let [command] = script.commands.as_slice() else {
        return None;
    };
    if !command.assignments.is_empty()
        || !command.redirects.is_empty()
        || command.scope != Scope::Top
        || command.negated
        || command.operator_before.is_some()
    {
        return None;
    }
    // Only blanks (and line continuations) around the command: a trailing `&`, `;` or comment
    // would be lost.
    let outside = |s: &str| s.chars().all(|c| c.is_whitespace() || c == escape);
    if !outside(doc.get(start..command.range.start)?) || !outside(doc.get(command.range.end..end)?) {
        return None;
    }
    let words: Vec<_> = std::iter::once(&command.name).chain(&command.args).collect();
    if words
        .iter()
        .any(|w| w.has_expansion || has_unquoted_special(w.range.slice(doc), escape))
    {
        return None;
    }
    let mut argv: Vec<String> = words.iter().map(|w| w.value.clone()).collect();
    // `exec` only replaces the shell, which exec form does not start.
    if argv.first().is_some_and(|w| w == "exec") {
        argv.remove(0);
        if argv.first().is_none_or(|w| w.starts_with('-')) {
            return None;
        }
    }
    Some(argv)
}

/// A character the shell gives a meaning to outside quotes, beyond word splitting: globs,
/// a leading `~`, braces, expansions. The escape character before a line break is a
/// continuation, not an escape the shell sees.
fn has_unquoted_special(raw: &str, escape: char) -> bool {
    let mut chars = raw.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                }
            }
            '"' => {
                while let Some(q) = chars.next() {
                    match q {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        '$' | '`' => return true,
                        _ => {}
                    }
                }
            }
            c if c == escape && chars.peek().is_some_and(|n| *n == '\n' || *n == '\r') => {
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
                continue;
            }
            '\\' => {
                chars.next();
            }
            '*' | '?' | '[' | '{' | '$' | '`' => return true,
            '~' if first => return true,
            _ => {}
        }
        first = false;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::has_unquoted_special;

    #[test]
    fn finds_globs_and_expansions_outside_quotes() {
        assert!(has_unquoted_special("*.txt", '\\'));
        assert!(has_unquoted_special("~/bin", '\\'));
        assert!(has_unquoted_special("{a,b}", '\\'));
        assert!(has_unquoted_special("\"$HOME\"", '\\'));
        assert!(!has_unquoted_special("'*.txt'", '\\'));
        assert!(!has_unquoted_special("\"a b*\"", '\\'));
        assert!(!has_unquoted_special("\\*", '\\'));
        assert!(!has_unquoted_special("a~b", '\\'));
        assert!(!has_unquoted_special("-g", '\\'));
    }
}
