//! Code lenses on each `FROM`: how many layers the stage adds (each `RUN`, `COPY` and `ADD` makes
//! one) and which later stages use it (as their base, through `COPY --from` or through
//! `RUN --mount=from=`). A stage that no later stage uses and that is not the last one is only
//! built when it is the target, which the lens says too.
//!
//! And on each `COPY` or `ADD` of the whole build context: how many files and bytes the context
//! holds, and how many of them `.dockerignore` lets through. Measuring is IO, done by the front
//! end off the edit path; this module only says where the lenses go and what they read.

use crate::analysis::config::Locale;
use crate::analysis::docs::Label;
use crate::analysis::model::{Args, Instruction, InstructionKind, Model};
use crate::analysis::navigation;
use crate::analysis::symbols::stage_title;
use crate::syntax::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lens {
    /// The `FROM` keyword of the stage.
    pub range: TextRange,
    pub stage: usize,
    pub title: String,
}

/// For each stage, the later stages that use it, in order, each once.
pub fn stage_users(model: &Model, text: &str) -> Vec<Vec<usize>> {
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); model.stages.len()];
    for (user, stage) in model.stages.iter().enumerate() {
        for index in stage.instructions.clone() {
            let Some(instruction) = model.instructions.get(index) else {
                continue;
            };
            for (used, _, _) in navigation::stage_uses(model, text, index, instruction) {
                if used < user && !users[used].contains(&user) {
                    users[used].push(user);
                }
            }
        }
    }
    users
}

/// The layers a stage adds on top of its base.
pub fn layers(model: &Model, stage: usize) -> usize {
    model.stages.get(stage).map_or(0, |s| {
        s.instructions
            .clone()
            .filter_map(|i| model.instructions.get(i))
            .filter(|i| {
                matches!(
                    i.kind,
                    InstructionKind::Run | InstructionKind::Copy | InstructionKind::Add
                )
            })
            .count()
    })
}

pub fn code_lenses(model: &Model, text: &str, locale: Locale) -> Vec<Lens> {
    let users = stage_users(model, text);
    let last = model.stages.len().saturating_sub(1);
    let mut out = Vec::new();
    for stage in &model.stages {
        let Some(from) = model.instructions.get(stage.from) else {
            continue;
        };
        let count = layers(model, stage.index);
        let layers = if count == 1 {
            Label::LensLayer.text(locale).to_owned()
        } else {
            Label::LensLayers.fill(locale, &[("count", &count.to_string())])
        };
        let used = &users[stage.index];
        let use_text = if !used.is_empty() {
            let names: Vec<String> = used
                .iter()
                .filter_map(|u| model.stages.get(*u))
                .map(|s| format!("`{}`", stage_title(s, locale)))
                .collect();
            Label::LensUsedBy.fill(locale, &[("stages", &names.join(", "))])
        } else if stage.index == last {
            Label::LensFinal.text(locale).to_owned()
        } else {
            Label::LensUnused.text(locale).to_owned()
        };
        out.push(Lens {
            range: from.keyword.range,
            stage: stage.index,
            title: format!("{layers} · {use_text}"),
        });
    }
    out
}

/// Files and their total size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub files: u64,
    pub bytes: u64,
}

/// What a build context holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContextSize {
    /// Everything under the context folder.
    pub all: Tally,
    /// What the ignore file lets through, with the file's name; `None` when there is none.
    pub sent: Option<(String, Tally)>,
    /// The walk stopped at its bound: the real numbers are larger.
    pub truncated: bool,
}

/// What is known about a document's build context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextState {
    /// Being measured; the lens says so until the numbers come.
    Measuring,
    Measured(ContextSize),
}

/// The sources of a `COPY` or `ADD` (every argument but the destination), as written.
fn sources(instruction: &Instruction) -> Vec<&str> {
    let values: Vec<&str> = match &instruction.args {
        Args::Words(words) => words.iter().map(|w| w.value.as_str()).collect(),
        Args::Json { elements, .. } => elements.iter().map(|w| w.value.as_str()).collect(),
        _ => Vec::new(),
    };
    match values.split_last() {
        Some((_, sources)) => sources.to_vec(),
        None => Vec::new(),
    }
}

/// A source that names the context root itself: `.`, `./`, `/`, `./.`, `a/..`.
fn is_context_root(source: &str) -> bool {
    let mut depth: usize = 0;
    for part in source.split('/') {
        match part {
            "" | "." => {}
            ".." => depth = depth.saturating_sub(1),
            _ => depth += 1,
        }
    }
    depth == 0
}

/// The top-level `COPY` and `ADD` instructions that send the whole build context (not
/// `COPY --from`, whose sources are in another stage or image), by index.
pub fn whole_context_copies(model: &Model) -> Vec<usize> {
    model
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, i)| matches!(i.kind, InstructionKind::Copy | InstructionKind::Add))
        .filter(|(_, i)| i.flag("from").is_none() && i.heredocs.is_empty())
        .filter(|(_, i)| sources(i).iter().any(|s| !s.contains('$') && is_context_root(s)))
        .map(|(index, _)| index)
        .collect()
}

/// A size the way Docker prints it (decimal units, four significant digits): `96.57MB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 7] = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1000.0 && unit + 1 < UNITS.len() {
        size /= 1000.0;
        unit += 1;
    }
    let integer_digits = if size < 1.0 {
        1
    } else {
        size.log10().floor() as usize + 1
    };
    let decimals = 4usize.saturating_sub(integer_digits);
    let mut text = format!("{size:.decimals$}");
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_owned();
    }
    format!("{text}{}", UNITS[unit])
}

fn tally(t: Tally, truncated: bool, locale: Locale) -> String {
    let label = if truncated {
        Label::LensContextTruncated
    } else {
        Label::LensContextTally
    };
    label.fill(
        locale,
        &[("files", &t.files.to_string()), ("size", &human_size(t.bytes))],
    )
}

/// The lenses on the instructions that send the whole build context.
pub fn context_lenses(model: &Model, state: &ContextState, locale: Locale) -> Vec<Lens> {
    let title = match state {
        ContextState::Measuring => Label::LensContextMeasuring.text(locale).to_owned(),
        ContextState::Measured(size) => {
            let all = tally(size.all, size.truncated, locale);
            let sent = match &size.sent {
                Some((file, sent)) => Label::LensContextSent.fill(
                    locale,
                    &[("file", file), ("tally", &tally(*sent, size.truncated, locale))],
                ),
                None => Label::LensContextNoIgnore.text(locale).to_owned(),
            };
            format!("{} · {sent}", Label::LensContext.fill(locale, &[("tally", &all)]))
        }
    };
    whole_context_copies(model)
        .into_iter()
        .filter_map(|index| {
            let instruction = model.instructions.get(index)?;
            let stage = model.stages.iter().rposition(|s| s.from <= index).unwrap_or(0);
            Some(Lens {
                range: instruction.keyword.range,
                stage,
                title: title.clone(),
            })
        })
        .collect()
}
