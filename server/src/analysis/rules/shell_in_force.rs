//! Which shell runs the shell form of each top-level instruction, and which stages build a
//! Windows image: one fact every rule asks, found for the whole file in one pass, once per
//! analysis ([`super::Context::shells_in_force`]).
//!
//! A stage is Windows when its base image is a Windows image
//! ([`crate::analysis::reference::is_windows_image`]: `mcr.microsoft.com/windows/*`, Server Core,
//! Nano Server, `-windows` tags, .NET Framework), when it is built `FROM` a Windows stage, when
//! its `FROM --platform` names `windows`, when one of its `SHELL`s runs `cmd` or Windows
//! PowerShell (`powershell`; `pwsh` runs on Linux too), or when the file's escape character is
//! the backtick (how Windows Dockerfiles keep `\` for paths) and no `SHELL` of the stage names a
//! POSIX shell.
//!
//! The shell in force at an instruction is the last exec-form `SHELL` before it in its stage,
//! else the one in force at the end of the stage it is built `FROM`, else the image's default:
//! `cmd /S /C` on Windows, `/bin/sh -c` elsewhere. A `SHELL` that is not in JSON form is an error
//! BuildKit reports and changes nothing here.

use crate::analysis::model::{Args, Base, InstructionKind, Model, Word};
use crate::analysis::reference::is_windows_image;

/// The shell in force at a top-level instruction (set by the instructions before it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellInForce {
    /// The image's default, `/bin/sh -c`.
    Default,
    /// `cmd /S /C`, the default of a Windows stage.
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

    /// The command line that runs a shell-form command, for messages: `/bin/sh -c`,
    /// `cmd /S /C`, or the `SHELL`'s program and options (`powershell -Command`), its inline
    /// script (a string with blanks) left out.
    pub fn command_line(self, model: &Model) -> String {
        match self {
            ShellInForce::Default => "/bin/sh -c".to_owned(),
            ShellInForce::Windows => "cmd /S /C".to_owned(),
            ShellInForce::Shell(_) => {
                let elements = self.elements(model).unwrap_or_default();
                let words: Vec<&str> = elements
                    .iter()
                    .map(|w| w.value.as_str())
                    .take_while(|v| !v.contains(char::is_whitespace))
                    .collect();
                words.join(" ")
            }
        }
    }
}

/// The shell in force at each top-level instruction and whether each stage is Windows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shells {
    /// Per top-level instruction.
    pub at: Vec<ShellInForce>,
    /// Per stage.
    pub windows: Vec<bool>,
}

/// The shells in force and the Windows stages of `model`.
pub fn compute(model: &Model) -> Shells {
    let windows = windows_stages(model);
    let mut at = Vec::with_capacity(model.instructions.len());
    let mut at_stage_end = vec![ShellInForce::Default; model.stages.len()];
    let mut current = None;
    let mut in_force = ShellInForce::Default;
    for (index, instruction) in model.instructions.iter().enumerate() {
        let stage = model.stage_of(index);
        if stage != current {
            if let Some(done) = current {
                at_stage_end[done] = in_force;
            }
            in_force = match stage {
                Some(s) => match &model.stages[s].base {
                    Base::Stage(parent) if *parent < s => at_stage_end[*parent],
                    _ if windows[s] => ShellInForce::Windows,
                    _ => ShellInForce::Default,
                },
                None => ShellInForce::Default,
            };
            current = stage;
        }
        at.push(in_force);
        if instruction.kind == InstructionKind::Shell && matches!(instruction.args, Args::Json { .. }) {
            in_force = ShellInForce::Shell(index);
        }
    }
    Shells { at, windows }
}

/// Which stages build a Windows image (see the module's documentation).
fn windows_stages(model: &Model) -> Vec<bool> {
    let mut windows = vec![false; model.stages.len()];
    for (s, stage) in model.stages.iter().enumerate() {
        let shells: Vec<&[Word]> = stage
            .instructions
            .clone()
            .filter_map(|i| model.instructions.get(i))
            .filter(|i| i.kind == InstructionKind::Shell)
            .filter_map(|i| match &i.args {
                Args::Json { elements, .. } => Some(elements.as_slice()),
                _ => None,
            })
            .collect();
        let program = |elements: &[Word]| {
            elements
                .first()
                .and_then(|w| w.value.rsplit(['/', '\\']).next())
                .map(str::to_ascii_lowercase)
                .unwrap_or_default()
        };
        let windows_shell = shells
            .iter()
            .any(|e| matches!(program(e).trim_end_matches(".exe"), "cmd" | "powershell"));
        let posix_shell = shells.iter().any(|e| {
            matches!(
                program(e).as_str(),
                "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "busybox" | "env"
            )
        });
        let from = model.instructions.get(stage.from);
        let windows_platform = from
            .and_then(|f| f.flag("platform"))
            .and_then(|f| f.value.as_ref())
            .is_some_and(|v| v.value.to_ascii_lowercase().starts_with("windows"));
        let base = match &stage.base {
            Base::Stage(parent) if *parent < s => windows[*parent],
            Base::Image { resolved, .. } => is_windows_image(resolved),
            _ => false,
        };
        let backtick = model.escape == '`' && !posix_shell;
        windows[s] = base || windows_platform || windows_shell || backtick;
    }
    windows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::model;

    fn shells(text: &str) -> Vec<ShellInForce> {
        compute(&model::parse(text)).at
    }

    fn windows(text: &str) -> Vec<bool> {
        compute(&model::parse(text)).windows
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
        assert_eq!(windows(text), [false, false, false]);
    }

    #[test]
    fn windows_images_and_the_backtick_escape_default_to_cmd() {
        use ShellInForce::*;
        let windows_image = shells("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n");
        assert_eq!(windows_image, [Windows, Windows]);
        let backtick = shells("# escape=`\nFROM $BASE\nRUN dir\n");
        assert_eq!(backtick, [Windows, Windows]);
        let text = "FROM mcr.microsoft.com/windows/nanoserver\nSHELL [\"pwsh\", \"-c\"]\nRUN a\n";
        let model = model::parse(text);
        let found = compute(&model).at;
        assert_eq!(found, [Windows, Windows, Shell(1)]);
        let elements = found[2].elements(&model).map(|e| e.len());
        assert_eq!(elements, Some(2));
    }

    #[test]
    fn a_stage_is_windows_by_its_image_its_parent_its_platform_or_its_shell() {
        let text = "FROM mcr.microsoft.com/dotnet/framework/sdk:4.8.1 AS build\n\
                    FROM build AS final\n\
                    FROM --platform=windows/amd64 $BASE AS platform\n\
                    FROM $BASE AS powershell\nRUN Write-Host hi\nSHELL [\"powershell\", \"-Command\"]\n\
                    FROM $BASE AS cmd\nSHELL [\"C:\\\\Windows\\\\System32\\\\cmd.exe\", \"/S\", \"/C\"]\n\
                    FROM mcr.microsoft.com/powershell:7.4-ubuntu-22.04 AS pwsh\nSHELL [\"pwsh\", \"-Command\"]\n\
                    FROM debian:bookworm-slim\n";
        assert_eq!(windows(text), [true, true, true, true, true, false, false]);
        // A SHELL that makes a stage Windows counts from the stage's start: the RUN before it
        // runs under `cmd`, not `/bin/sh`.
        let at = shells(text);
        assert_eq!(at[4], ShellInForce::Windows);
    }

    #[test]
    fn the_backtick_escape_makes_a_stage_windows_unless_it_names_a_posix_shell() {
        let text = "# escape=`\nFROM $BASE AS win\nFROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-c\"]\n";
        assert_eq!(windows(text), [true, false]);
    }

    #[test]
    fn the_command_line_of_each_shell() {
        let text = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD a\n\
                    SHELL [\"powershell\", \"-Command\", \"$ErrorActionPreference = 'Stop';\"]\nCMD b\n\
                    FROM alpine\nCMD c\n";
        let model = model::parse(text);
        let found = compute(&model).at;
        let lines: Vec<String> = found.iter().map(|s| s.command_line(&model)).collect();
        assert_eq!(lines[1], "cmd /S /C");
        assert_eq!(lines[3], "powershell -Command");
        assert_eq!(lines[5], "/bin/sh -c");
    }
}
