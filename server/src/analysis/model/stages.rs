//! Build stages: one per FROM, with its name, the instructions it owns and what it is built on.
//! The base is resolved the way BuildKit resolves it: the reference expanded with the global
//! `ARG` defaults (those before the first FROM), then looked up among the earlier stages by
//! case-insensitive name, `scratch`, or else read as an image reference.

use super::image;
use super::shlex::{self, Options};
use super::{Args, Base, Instruction, InstructionKind, Spanned, Stage, Word};

pub(crate) fn build(instructions: &[Instruction], escape: char) -> Vec<Stage> {
    let froms: Vec<usize> = instructions
        .iter()
        .enumerate()
        .filter(|(_, i)| i.kind == InstructionKind::From)
        .map(|(n, _)| n)
        .collect();
    let Some(&first) = froms.first() else { return Vec::new() };
    let opts = Options {
        skip_unset: false,
        ..Options::literal(escape)
    };
    // Declared global ARGs; `None` for one without a default.
    let mut env: Vec<(String, Option<String>)> = Vec::new();
    for ins in &instructions[..first] {
        if let (InstructionKind::Arg, Args::KeyValues(pairs)) = (ins.kind, &ins.args) {
            for kv in pairs {
                let value = kv.value.as_ref().map(|w| {
                    let lookup = |n: &str| lookup(&env, n);
                    shlex::lex(&w.raw, opts, &lookup).result
                });
                env.push((kv.key.value.clone(), value));
            }
        }
    }
    let lookup_env = |n: &str| lookup(&env, n);
    let mut stages: Vec<Stage> = Vec::new();
    // Earlier stages by lower-cased name; a later one of the same name replaces an earlier one.
    let mut named: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (index, &from) in froms.iter().enumerate() {
        let ins = &instructions[from];
        let end = froms.get(index + 1).copied().unwrap_or(instructions.len());
        let words: &[Word] = match &ins.args {
            Args::Words(w) => w,
            _ => &[],
        };
        let name = match words {
            [_, as_kw, name] if as_kw.raw.eq_ignore_ascii_case("as") => {
                Some(Spanned::new(name.raw.clone(), name.range))
            }
            _ => None,
        };
        let written = words.first().cloned().unwrap_or_else(|| Word {
            value: String::new(),
            raw: String::new(),
            range: super::TextRange::empty(ins.keyword.range.end),
        });
        let lexed = shlex::lex(&written.raw, opts, &lookup_env);
        let resolved = if lexed.error.is_some() {
            written.value.clone()
        } else {
            lexed.result.clone()
        };
        let earlier = named.get(&resolved.to_lowercase()).copied();
        let base = if let Some(s) = earlier {
            Base::Stage(s)
        } else if resolved == "scratch" {
            Base::Scratch
        } else {
            let image = if lexed.error.is_some() || lexed.unresolved {
                None
            } else {
                let exact = written.raw == resolved && written.range.len() == resolved.len();
                let at = exact.then_some(written.range.start);
                image::split(&resolved, at, written.range)
            };
            Base::Image {
                written,
                resolved,
                image,
            }
        };
        if let Some(n) = &name {
            named.insert(n.value.to_lowercase(), index);
        }
        stages.push(Stage {
            index,
            name,
            from,
            base,
            instructions: from..end,
        });
    }
    stages
}

fn lookup(env: &[(String, Option<String>)], name: &str) -> Option<String> {
    env.iter().rev().find(|(k, _)| k == name).and_then(|(_, v)| v.clone())
}
