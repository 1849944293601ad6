//! Inlay hints: the value a variable reference expands to, shown right after it, wherever the
//! file alone decides that value (`${GO_VERSION}` = `1.22`). References whose value depends on a
//! build argument without default, the base image or the builder get no hint.

use crate::analysis::model::Model;
use crate::analysis::navigation;
use crate::analysis::scope::{self, Origin};
use crate::syntax::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint goes: right after the reference.
    pub offset: usize,
    pub label: String,
}

/// How much of a value a hint shows.
const MAX_CHARS: usize = 40;

fn label(value: &str) -> String {
    let shown: String = if value.chars().count() > MAX_CHARS {
        let mut cut: String = value.chars().take(MAX_CHARS).collect();
        cut.push('…');
        cut
    } else {
        value.to_owned()
    };
    if shown.is_empty() {
        "= \"\"".to_owned()
    } else {
        format!("= {shown}")
    }
}

/// The hints for the references that lie in `within`.
pub fn inlay_hints(model: &Model, text: &str, within: TextRange) -> Vec<InlayHint> {
    let mut out = Vec::new();
    for instruction in &model.instructions {
        if !instruction.range.intersects(within) && !within.contains_range(instruction.range) {
            continue;
        }
        let uses = navigation::uses(instruction, text, model.escape);
        if uses.is_empty() {
            continue;
        }
        let scope = scope::scope_at(model, instruction.range.start);
        for u in &uses {
            // `${A:-$B}`: one hint for the whole reference, none for the `$B` inside it.
            let nested = uses
                .iter()
                .any(|other| other.whole != u.whole && other.whole.contains_range(u.whole));
            if nested || !within.contains_inclusive(u.whole.end) {
                continue;
            }
            let lookup = |name: &str| {
                let binding = scope.get(name)?;
                // A command that runs in the container sees its environment, not the build's.
                if u.env_only && !matches!(binding.origin, Origin::Env { .. }) {
                    return None;
                }
                binding.value
            };
            if let Some(value) = scope::expand(u.whole.slice(text), model.escape, lookup) {
                out.push(InlayHint {
                    offset: u.whole.end,
                    label: label(&value),
                });
            }
        }
    }
    out
}
