//! Which shell runs the shell form of each top-level instruction: the last exec-form `SHELL`
//! before it in its stage, else the one in force at the end of the stage it is built `FROM`,
//! else the base image's default. The package rules, the shell rules and the exec-form rules all
//! ask, so it is found for every instruction in one pass, once per analysis
//! ([`super::Context::shells_in_force`]).
//!
//! A `SHELL` that is not in JSON form is an error BuildKit reports and changes nothing here.
//!
//! hadolint's `# hadolint shell=<name>` pragma (ours too: `# dockerfile-lsp shell=<name>`) names
//! the shell of a base image the file cannot show: before the first `FROM` it holds for every
//! stage built on an image, directly above a `FROM` for that stage, elsewhere for the rest of
//! its stage. A POSIX shell name keeps the default; any other (`powershell`, `pwsh`, `cmd`) is
//! taken like a Windows image's `cmd`: its scripts are not read as POSIX shell.

use crate::analysis::model::{Args, Base, InstructionKind, Model, Word};

/// The shell in force at a top-level instruction (set by the instructions before it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellInForce {
    /// The image's default, `/bin/sh -c`.
    Default,
    /// `cmd /S /C`: a Windows base image, or a file whose escape character is the backtick
    /// (how Windows Dockerfiles keep `\` for paths), even when the base is a variable; also a
    /// shell pragma naming a shell that is not POSIX (`# hadolint shell=powershell`).
    Windows,
    /// The exec-form `SHELL` instruction at this top-level index.
    Shell(usize),
}

impl ShellInForce {
    /// The JSON elements of the `SHELL` in force; `None` for a default shell.
    pub fn elements(self, model: &Model) -> Option<&[Word]> {
        let ShellInForce::Shell(index) = self else {
            return None;
        };
        match &model.instructions.get(index)?.args {
            Args::Json { elements, .. } => Some(elements),
            _ => None,
        }
    }
}

/// For each top-level instruction, the shell in force there.
pub fn compute(model: &Model) -> Vec<ShellInForce> {
    let mut out = Vec::with_capacity(model.instructions.len());
    let mut at_stage_end = vec![ShellInForce::Default; model.stages.len()];
    let mut current = None;
    let mut in_force = image_default(model, None);
    let mut pragmas = shell_pragmas(model).into_iter().peekable();
    // A pragma before the first `FROM`: the shell of every image.
    let mut file_default = None;
    for (index, instruction) in model.instructions.iter().enumerate() {
        let stage = model.stage_of(index);
        let mut pending = None;
        while let Some((_, shell)) = pragmas.next_if(|(at, _)| *at < instruction.range.start) {
            pending = Some(shell);
        }
        if current.is_none() && pending.is_some() {
            file_default = pending;
        }
        if stage != current {
            if let Some(done) = current {
                at_stage_end[done] = in_force;
            }
            in_force = match stage {
                Some(s) => match &model.stages[s].base {
                    Base::Stage(parent) if *parent < s => at_stage_end[*parent],
                    base => file_default.unwrap_or_else(|| image_default(model, Some(base))),
                },
                None => image_default(model, None),
            };
            current = stage;
        }
        if let Some(shell) = pending {
            in_force = shell;
        }
        out.push(in_force);
        if instruction.kind == InstructionKind::Shell && matches!(instruction.args, Args::Json { .. }) {
            in_force = ShellInForce::Shell(index);
        }
    }
    out
}

/// The shell pragmas of the file, in order: where each is, and the shell it names.
fn shell_pragmas(model: &Model) -> Vec<(usize, ShellInForce)> {
    model
        .comments
        .iter()
        .filter_map(|c| pragma_shell(&c.text).map(|shell| (c.range.start, shell)))
        .collect()
}

/// `hadolint shell=powershell` (the comment's text after `#`), hadolint's grammar: the tool, at
/// least one blank, `shell`, `=` with optional blanks around it, the name.
fn pragma_shell(comment: &str) -> Option<ShellInForce> {
    let rest = comment
        .strip_prefix("hadolint")
        .or_else(|| comment.strip_prefix("dockerfile-lsp"))?;
    let after_tool = rest.trim_start_matches([' ', '\t']);
    if after_tool.len() == rest.len() {
        return None;
    }
    let value = after_tool
        .strip_prefix("shell")?
        .trim_start_matches([' ', '\t'])
        .strip_prefix('=')?
        .trim_start_matches([' ', '\t']);
    let name = value.split([' ', '\t', '#']).next().filter(|n| !n.is_empty())?;
    let program = name.rsplit(['/', '\\']).next().unwrap_or(name).to_ascii_lowercase();
    let posix = ["sh", "bash", "ash", "dash", "ksh", "mksh", "zsh", "busybox"];
    Some(if posix.contains(&program.as_str()) {
        ShellInForce::Default
    } else {
        ShellInForce::Windows
    })
}

/// The shell a stage built on `base` starts with.
fn image_default(model: &Model, base: Option<&Base>) -> ShellInForce {
    let windows_image = matches!(base, Some(Base::Image { resolved, .. }) if is_windows_image(resolved));
    if windows_image || model.escape == '`' {
        ShellInForce::Windows
    } else {
        ShellInForce::Default
    }
}

fn is_windows_image(reference: &str) -> bool {
    let image = reference.to_ascii_lowercase();
    ["mcr.microsoft.com/windows", "nanoserver", "servercore"]
        .iter()
        .any(|w| image.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::model;

    fn shells(text: &str) -> Vec<ShellInForce> {
        compute(&model::parse(text))
    }

    #[test]
    fn a_shell_holds_for_the_rest_of_its_stage_and_the_stages_built_on_it() {
        use ShellInForce::*;
        let text = "ARG X\nFROM alpine AS a\nRUN one\nSHELL [\"bash\", \"-c\"]\nRUN two\n\
                    FROM a AS b\nRUN three\nFROM alpine\nRUN four\nSHELL bash -c\nRUN five\n";
        assert_eq!(
            shells(text),
            [
                Default,
                Default,
                Default,
                Default,
                Shell(3),
                Shell(3),
                Shell(3),
                Default,
                Default,
                Default,
                Default
            ]
        );
    }

    #[test]
    fn shell_pragmas_name_the_shell_of_a_stage_or_of_every_image() {
        use ShellInForce::*;
        let inside = shells(
            "FROM mcr.microsoft.com/powershell\n# hadolint shell=powershell\nRUN Get-Process\nFROM alpine\nRUN ls\n",
        );
        assert_eq!(inside, [Default, Windows, Default, Default]);
        let global = shells("# hadolint shell=pwsh\nFROM a\nRUN x\nFROM a AS b\nRUN y\nFROM b\nRUN z\n");
        assert_eq!(global, [Windows, Windows, Windows, Windows, Windows, Windows]);
        let above = shells("FROM a\nRUN x\n# dockerfile-lsp shell = cmd # a note\nFROM b\nRUN y\n");
        assert_eq!(above, [Default, Default, Windows, Windows]);
        let posix = shells("FROM mcr.microsoft.com/windows/servercore\n# hadolint shell=/bin/bash\nRUN ls\n");
        assert_eq!(posix, [Windows, Default]);
        for not_one in [
            "hadolintshell=powershell",
            "hadolint shell",
            "hadolint shell=",
            "see hadolint shell=x",
        ] {
            assert_eq!(pragma_shell(not_one), None, "{not_one}");
        }
    }

    #[test]
    fn windows_images_and_the_backtick_escape_default_to_cmd() {
        use ShellInForce::*;
        let windows = shells("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n");
        assert_eq!(windows, [Windows, Windows]);
        let backtick = shells("# escape=`\nFROM $BASE\nRUN dir\n");
        assert_eq!(backtick, [Windows, Windows]);
        let text = "FROM mcr.microsoft.com/windows/nanoserver\nSHELL [\"pwsh\", \"-c\"]\nRUN a\n";
        let model = model::parse(text);
        let found = compute(&model);
        assert_eq!(found, [Windows, Windows, Shell(1)]);
        let elements = found[2].elements(&model).map(|e| e.len());
        assert_eq!(elements, Some(2));
    }
}
