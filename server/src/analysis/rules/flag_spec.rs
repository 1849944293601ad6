//! The flags each instruction accepts, as BuildKit's Dockerfile frontend declares them (stable
//! and labs channels together, so that a file written for `docker/dockerfile:1-labs` is not
//! flagged). Shared by `unknown-flag`, `duplicate-flag` and `invalid-flag-value`.

use crate::analysis::model::{Args, Flag, Instruction, InstructionKind};

/// How BuildKit reads a flag's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagType {
    /// `--link`, `--link=true`, `--link=false`.
    Bool,
    /// `--from=value`, at most once.
    String,
    /// `--mount=value`, any number of times.
    Strings,
}

#[derive(Clone, Copy, Debug)]
pub struct FlagSpec {
    pub name: &'static str,
    pub ty: FlagType,
}

const fn flag(name: &'static str, ty: FlagType) -> FlagSpec {
    FlagSpec { name, ty }
}

const FROM: &[FlagSpec] = &[flag("platform", FlagType::String)];

const RUN: &[FlagSpec] = &[
    flag("mount", FlagType::Strings),
    flag("network", FlagType::String),
    flag("security", FlagType::String),
    flag("device", FlagType::Strings),
];

const COPY: &[FlagSpec] = &[
    flag("from", FlagType::String),
    flag("chown", FlagType::String),
    flag("chmod", FlagType::String),
    flag("link", FlagType::Bool),
    flag("parents", FlagType::Bool),
    flag("exclude", FlagType::Strings),
];

const ADD: &[FlagSpec] = &[
    flag("chown", FlagType::String),
    flag("chmod", FlagType::String),
    flag("link", FlagType::Bool),
    flag("checksum", FlagType::String),
    flag("keep-git-dir", FlagType::Bool),
    flag("unpack", FlagType::Bool),
    flag("exclude", FlagType::Strings),
];

const HEALTHCHECK: &[FlagSpec] = &[
    flag("interval", FlagType::String),
    flag("timeout", FlagType::String),
    flag("start-period", FlagType::String),
    flag("start-interval", FlagType::String),
    flag("retries", FlagType::String),
];

/// The flags `instruction` accepts, or `None` when BuildKit never looks at its flags (ARG,
/// STOPSIGNAL and `HEALTHCHECK NONE` skip flag parsing, so anything there is silently
/// ignored) or the keyword is unknown.
pub fn accepted(instruction: &Instruction) -> Option<&'static [FlagSpec]> {
    Some(match instruction.kind {
        InstructionKind::From => FROM,
        InstructionKind::Run => RUN,
        InstructionKind::Copy => COPY,
        InstructionKind::Add => ADD,
        InstructionKind::Healthcheck => match &instruction.args {
            Args::Healthcheck { keyword, .. } if keyword.value.eq_ignore_ascii_case("NONE") => return None,
            _ => HEALTHCHECK,
        },
        InstructionKind::Arg | InstructionKind::Stopsignal | InstructionKind::Unknown => return None,
        InstructionKind::Cmd
        | InstructionKind::Entrypoint
        | InstructionKind::Env
        | InstructionKind::Expose
        | InstructionKind::Label
        | InstructionKind::Maintainer
        | InstructionKind::Onbuild
        | InstructionKind::Shell
        | InstructionKind::User
        | InstructionKind::Volume
        | InstructionKind::Workdir => &[],
    })
}

/// The spec of a real (`--`) flag, matched exactly: BuildKit's flag names are case-sensitive.
pub fn spec_of(instruction: &Instruction, flag: &Flag) -> Option<FlagSpec> {
    if flag.dashes != 2 {
        return None;
    }
    accepted(instruction)?
        .iter()
        .copied()
        .find(|s| s.name == flag.name.value)
}
