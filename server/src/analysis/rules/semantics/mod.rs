//! §2 of the catalog: stages, variables and instruction semantics. The helpers here answer the
//! stage questions several rules ask (which stage an instruction is in, what a stage is built
//! on, what a `--from` names), from the model's stages.

use crate::analysis::model::{Args, Base, Instruction, InstructionKind, Model, Stage, Word};
use crate::analysis::reference::mount_fields;
use crate::analysis::rules::{Context, Rule};
use crate::syntax::TextRange;

mod copy_entire_filesystem;
mod copy_from_later_stage;
mod copy_from_own_stage;
mod copy_from_unknown_stage;
mod copy_relative_dest_without_workdir;
mod duplicate_stage_name;
mod env_self_reference;
mod from_as_casing;
mod from_platform_constant;
mod inconsistent_instruction_casing;
mod invalid_default_arg_in_from;
mod invalid_label_key;
mod legacy_key_value_format;
mod maintainer_deprecated;
mod multiple_instructions;
mod redundant_target_platform;
mod reserved_stage_name;
mod secrets_in_arg_or_env;
mod stage_name_casing;
mod undefined_arg_in_from;
mod undefined_variable;
mod unused_arg;
mod workdir_relative_path;

pub(super) static RULES: &[&Rule] = &[
    &copy_entire_filesystem::RULE,
    &copy_from_later_stage::RULE,
    &copy_from_own_stage::RULE,
    &copy_from_unknown_stage::RULE,
    &copy_relative_dest_without_workdir::RULE,
    &duplicate_stage_name::RULE,
    &env_self_reference::RULE,
    &from_as_casing::RULE,
    &from_platform_constant::RULE,
    &inconsistent_instruction_casing::RULE,
    &invalid_default_arg_in_from::RULE,
    &invalid_label_key::RULE,
    &legacy_key_value_format::RULE,
    &maintainer_deprecated::RULE,
    &multiple_instructions::RULE,
    &redundant_target_platform::RULE,
    &reserved_stage_name::RULE,
    &secrets_in_arg_or_env::RULE,
    &stage_name_casing::RULE,
    &undefined_arg_in_from::RULE,
    &undefined_variable::RULE,
    &unused_arg::RULE,
    &workdir_relative_path::RULE,
];

/// Stage `stage` and the stages it is built on through `FROM <stage>`, nearest first.
pub(super) fn chain(model: &Model, stage: usize) -> Vec<usize> {
    model.stage_chain(stage)
}

/// Whether everything `stage` is built on is known: its chain of stages starts from `scratch`,
/// so no image configuration (environment, working directory) comes in unseen.
pub(super) fn chain_from_scratch(model: &Model, stage: usize) -> bool {
    chain(model, stage)
        .last()
        .and_then(|&root| model.stages.get(root))
        .is_some_and(|s| s.base == Base::Scratch)
}

/// The first argument of a `FROM` (the base), one-dash flag typos skipped.
pub(super) fn from_base_word(instruction: &Instruction) -> Option<&Word> {
    let Args::Words(words) = &instruction.args else {
        return None;
    };
    words
        .iter()
        .find(|w| !instruction.flags.iter().any(|f| f.dashes == 1 && f.range == w.range))
}

/// The `AS` word and the name of `FROM <base> AS <name>`.
pub(super) fn from_as_words(instruction: &Instruction) -> Option<(&Word, &Word)> {
    let Args::Words(words) = &instruction.args else {
        return None;
    };
    match words.as_slice() {
        [.., _, as_kw, name] if as_kw.raw.eq_ignore_ascii_case("as") => Some((as_kw, name)),
        _ => None,
    }
}

/// The stage a `--from` value names, as BuildKit looks it up: a stage name (case-insensitive;
/// the last stage of that name, as BuildKit's name table keeps it), or a stage index.
pub(super) fn find_stage(model: &Model, value: &str) -> Option<usize> {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<usize>().ok().filter(|&i| i < model.stages.len());
    }
    model
        .stages
        .iter()
        .rposition(|s: &Stage| s.name.as_ref().is_some_and(|n| n.value.eq_ignore_ascii_case(value)))
}

/// Where a stage is named by another instruction: `COPY --from=<x>` or `RUN --mount=from=<x>`.
pub(super) struct StageRef<'a> {
    /// Index of the top-level instruction.
    pub instruction: usize,
    pub value: &'a str,
    /// The value in the source (the whole flag value when it is not written as is).
    pub range: TextRange,
    /// `exact`: `range` covers exactly `value`, so it can be replaced.
    pub exact: bool,
    pub mount: bool,
}

/// Every `--from` of the top-level `COPY`s and every `from=` of `RUN --mount`, in file order. A
/// trigger's `--from` names a stage of the child build and is left out.
pub(super) fn stage_refs<'a>(cx: &Context<'a>) -> Vec<StageRef<'a>> {
    let mut out = Vec::new();
    for (index, instruction) in cx.model.instructions.iter().enumerate() {
        match instruction.kind {
            InstructionKind::Copy => {
                if let Some(value) = instruction.flag("from").and_then(|f| f.value.as_ref()) {
                    let exact = value.range.slice(cx.text) == value.value;
                    out.push(StageRef {
                        instruction: index,
                        value: &value.value,
                        range: value.range,
                        exact,
                        mount: false,
                    });
                }
            }
            InstructionKind::Run => {
                let mounts = instruction
                    .flags
                    .iter()
                    .filter(|f| f.dashes == 2 && f.name.value.eq_ignore_ascii_case("mount"));
                for value in mounts.filter_map(|f| f.value.as_ref()) {
                    let as_written = value.range.slice(cx.text) == value.value;
                    for field in mount_fields(&value.value) {
                        let Some((v, at)) = field.value.filter(|_| field.key.eq_ignore_ascii_case("from")) else {
                            continue;
                        };
                        let range = if as_written {
                            TextRange::new(value.range.start + at, value.range.start + at + v.len())
                        } else {
                            value.range
                        };
                        out.push(StageRef {
                            instruction: index,
                            value: v,
                            range,
                            exact: as_written,
                            mount: true,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A path BuildKit takes as absolute: `/x`, or on Windows `C:\x`, `C:/x`, `\x`.
pub(super) fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with(['/', '\\'])
        || (b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'/' | b'\\'))
}
