//! Code lenses on each `FROM`: how many layers the stage adds (each `RUN`, `COPY` and `ADD` makes
//! one) and which later stages use it (as their base, through `COPY --from` or through
//! `RUN --mount=from=`). A stage that no later stage uses and that is not the last one is only
//! built when it is the target, which the lens says too.

use crate::analysis::config::Locale;
use crate::analysis::docs::Label;
use crate::analysis::model::{InstructionKind, Model};
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
