//! Which build arguments and environment variables are visible at a point of a Dockerfile, and
//! their values, under BuildKit's scoping rules:
//!
//! - a global `ARG` (before the first `FROM`) is visible in every `FROM` line, and inside a stage
//!   only after the stage redeclares it with `ARG <name>`, which then takes the global default;
//! - an `ARG` or `ENV` inside a stage is visible after its instruction, to the end of the stage
//!   and in every stage built `FROM` that stage;
//! - an `ENV` wins over an `ARG` of the same name;
//! - the automatic platform arguments are set in the global scope; the proxy arguments are
//!   visible in every stage without a declaration.
//!
//! Values are expanded the way BuildKit expands `ARG` and `ENV` words (quotes, the escape
//! character, `$VAR`, `${VAR}`, `${VAR:-default}` and friends); a value that depends on
//! something unknown is `None`.

use std::collections::HashMap;

use crate::analysis::model::{self, Args, Base, Instruction, InstructionKind, KeyValue, Model};
use crate::analysis::reference::{self, Predefined};
use crate::syntax::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `ARG`, in a stage or in the global scope. `global_default` is the global `ARG` whose
    /// default a bare redeclaration takes.
    Arg {
        decl: TextRange,
        global: bool,
        global_default: Option<TextRange>,
    },
    Env {
        decl: TextRange,
    },
    Predefined(Predefined),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub name: String,
    /// The expanded value; `None` when there is none (an `ARG` without default) or it depends
    /// on something unknown.
    pub value: Option<String>,
    pub origin: Origin,
    /// The ancestor stage it was declared in, when it is inherited through `FROM <stage>`.
    pub inherited_from: Option<usize>,
}

/// The variables visible at one point.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    env: HashMap<String, Binding>,
    args: HashMap<String, Binding>,
    /// Inside a stage (not in the global scope or a `FROM` line).
    in_stage: bool,
}

impl Scope {
    /// The binding a reference to `name` sees: `ENV` first, then `ARG`, then the predefined
    /// arguments that need no declaration.
    pub fn get(&self, name: &str) -> Option<Binding> {
        if let Some(b) = self.env.get(name).or_else(|| self.args.get(name)) {
            return Some(b.clone());
        }
        match reference::predefined(name)? {
            Predefined::Proxy if self.in_stage => Some(predefined_binding(name, Predefined::Proxy)),
            Predefined::Platform if !self.in_stage => Some(predefined_binding(name, Predefined::Platform)),
            _ => None,
        }
    }

    /// Whether the point is inside a stage (rather than in the global scope or a `FROM` line).
    pub fn in_stage(&self) -> bool {
        self.in_stage
    }

    /// Every visible variable, each name once (as [`Scope::get`] resolves it), sorted by name.
    pub fn bindings(&self) -> Vec<Binding> {
        self.candidate_names().into_iter().filter_map(|n| self.get(n)).collect()
    }

    /// The names of [`Scope::bindings`], in the same order, without copying the bindings.
    pub fn names(&self) -> Vec<&str> {
        let mut names = self.candidate_names();
        names.retain(|n| self.env.contains_key(*n) || self.args.contains_key(*n) || self.get(n).is_some());
        names
    }

    /// The names a binding may stand under here, sorted, each once: the variables set and the
    /// predefined ARGs of this kind of place.
    fn candidate_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.env.keys().chain(self.args.keys()).map(String::as_str).collect();
        let predefined: &[&str] = if self.in_stage {
            reference::PROXY_ARGS
        } else {
            reference::PLATFORM_ARGS
        };
        names.extend(predefined.iter().copied());
        names.sort_unstable();
        names.dedup();
        names
    }

    fn lookup(&self, name: &str) -> Option<String> {
        match self.env.get(name).or_else(|| self.args.get(name)) {
            Some(b) => b.value.clone(),
            None => self.get(name).and_then(|b| b.value),
        }
    }
}

fn predefined_binding(name: &str, kind: Predefined) -> Binding {
    Binding {
        name: name.to_string(),
        value: None,
        origin: Origin::Predefined(kind),
        inherited_from: None,
    }
}

fn key_values(instruction: &Instruction) -> &[KeyValue] {
    match &instruction.args {
        Args::KeyValues(kvs) => kvs,
        _ => &[],
    }
}

/// Index of the first `FROM` (the end of the global scope).
fn first_from(model: &Model) -> usize {
    model
        .instructions
        .iter()
        .position(|i| i.kind == InstructionKind::From)
        .unwrap_or(model.instructions.len())
}

/// The global build arguments, expanded in order.
fn globals(model: &Model, escape: char) -> HashMap<String, Binding> {
    let mut scope = Scope::default();
    for instruction in &model.instructions[..first_from(model)] {
        if instruction.kind != InstructionKind::Arg {
            continue;
        }
        for kv in key_values(instruction) {
            let value = match &kv.value {
                Some(word) => expand(&word.raw, escape, |n| scope.lookup(n)),
                None => None,
            };
            let binding = Binding {
                name: kv.key.value.clone(),
                value,
                origin: Origin::Arg {
                    decl: kv.key.range,
                    global: true,
                    global_default: None,
                },
                inherited_from: None,
            };
            scope.args.insert(kv.key.value.clone(), binding);
        }
    }
    scope.args
}

/// The variables visible at `offset`: declarations in instructions that end before it.
pub fn scope_at(model: &Model, offset: usize) -> Scope {
    // The instruction the offset is in, or the one that follows it.
    // Instructions are in file order and do not overlap, so their ends are sorted.
    let current = model.instructions.partition_point(|i| i.range.end < offset);
    let in_from_line = model
        .instructions
        .get(current)
        .is_some_and(|i| i.kind == InstructionKind::From && i.range.start <= offset);
    scope_before(model, current, in_from_line)
}

/// Scopes asked for in file order, as the rules ask: each built from the one asked for before
/// (the declarations in between added to it) instead of from the top of its stage, so that a
/// pass over a long stage costs one walk, not one walk per instruction.
pub struct Scopes<'m> {
    model: &'m Model,
    last: std::sync::Mutex<Option<Cursor>>,
}

struct Cursor {
    /// The instruction the scope was asked for (its declarations are not in it).
    current: usize,
    stage: usize,
    scope: std::sync::Arc<Scope>,
}

impl<'m> Scopes<'m> {
    pub fn new(model: &'m Model) -> Self {
        Self {
            model,
            last: std::sync::Mutex::new(None),
        }
    }

    /// What [`scope_at`] gives.
    pub fn at(&self, offset: usize) -> std::sync::Arc<Scope> {
        let model = self.model;
        let current = model.instructions.partition_point(|i| i.range.end < offset);
        let in_from_line = model
            .instructions
            .get(current)
            .is_some_and(|i| i.kind == InstructionKind::From && i.range.start <= offset);
        let stage = model.stages.partition_point(|s| s.from < current).checked_sub(1);
        let (false, Some(stage)) = (in_from_line, stage) else {
            return std::sync::Arc::new(scope_before(model, current, in_from_line));
        };
        let mut last = self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let scope = match last.take() {
            Some(c) if c.stage == stage && c.current <= current => {
                let mut scope = c.scope;
                let between = model.instructions.get(c.current..current).unwrap_or_default();
                if between.iter().any(declares) {
                    let globals = globals(model, model.escape);
                    let scope = std::sync::Arc::make_mut(&mut scope);
                    for instruction in between {
                        declare(scope, instruction, &globals, model.escape, None);
                    }
                }
                scope
            }
            _ => std::sync::Arc::new(scope_before(model, current, false)),
        };
        *last = Some(Cursor {
            current,
            stage,
            scope: std::sync::Arc::clone(&scope),
        });
        scope
    }
}

fn declares(instruction: &Instruction) -> bool {
    matches!(instruction.kind, InstructionKind::Arg | InstructionKind::Env)
}

/// The variables visible right after the top-level instruction `index`, its own declarations
/// included.
pub fn scope_after(model: &Model, index: usize) -> Scope {
    scope_before(model, index + 1, false)
}

/// The variables visible to instruction `current` (or, with `in_from_line`, inside that `FROM`).
fn scope_before(model: &Model, current: usize, in_from_line: bool) -> Scope {
    let escape = model.escape;
    let globals = globals(model, escape);
    if in_from_line {
        return global_scope(model, globals, current);
    }
    // Stages are in file order.
    let Some(stage) = model.stages.partition_point(|s| s.from < current).checked_sub(1) else {
        return global_scope(model, globals, current);
    };
    let mut chain = vec![stage];
    while let Some(&last) = chain.last() {
        match model.stages[last].base {
            Base::Stage(parent) if parent < last && !chain.contains(&parent) => chain.push(parent),
            _ => break,
        }
    }
    let mut scope = Scope {
        in_stage: true,
        ..Scope::default()
    };
    for &s in chain.iter().rev() {
        let range = &model.stages[s].instructions;
        let end = if s == stage { current.min(range.end) } else { range.end };
        let inherited = (s != stage).then_some(s);
        for instruction in model.instructions.get(range.start..end).unwrap_or_default() {
            declare(&mut scope, instruction, &globals, escape, inherited);
        }
    }
    scope
}

fn global_scope(model: &Model, globals: HashMap<String, Binding>, current: usize) -> Scope {
    // Before the first FROM only the global ARGs declared so far are visible; in FROM lines, all.
    let limit = current.min(first_from(model));
    let declared_before: Vec<TextRange> = model.instructions[..limit]
        .iter()
        .flat_map(|i| key_values(i).iter().map(|kv| kv.key.range))
        .collect();
    let visible_all = current >= first_from(model);
    Scope {
        args: globals
            .into_iter()
            .filter(|(_, b)| match b.origin {
                Origin::Arg { decl, .. } => visible_all || declared_before.contains(&decl),
                _ => true,
            })
            .collect(),
        ..Scope::default()
    }
}

fn declare(
    scope: &mut Scope,
    instruction: &Instruction,
    globals: &HashMap<String, Binding>,
    escape: char,
    inherited: Option<usize>,
) {
    match instruction.kind {
        InstructionKind::Arg => {
            for kv in key_values(instruction) {
                let name = kv.key.value.clone();
                let binding = match &kv.value {
                    Some(word) => Binding {
                        name: name.clone(),
                        value: expand(&word.raw, escape, |n| scope.lookup(n)),
                        origin: Origin::Arg {
                            decl: kv.key.range,
                            global: false,
                            global_default: None,
                        },
                        inherited_from: inherited,
                    },
                    None => match globals.get(&name) {
                        Some(global) => Binding {
                            name: name.clone(),
                            value: global.value.clone(),
                            origin: Origin::Arg {
                                decl: kv.key.range,
                                global: false,
                                global_default: match global.origin {
                                    Origin::Arg { decl, .. } => Some(decl),
                                    _ => None,
                                },
                            },
                            inherited_from: inherited,
                        },
                        None if reference::predefined(&name) == Some(Predefined::Platform) => Binding {
                            inherited_from: inherited,
                            ..predefined_binding(&name, Predefined::Platform)
                        },
                        None => Binding {
                            name: name.clone(),
                            value: None,
                            origin: Origin::Arg {
                                decl: kv.key.range,
                                global: false,
                                global_default: None,
                            },
                            inherited_from: inherited,
                        },
                    },
                };
                scope.args.insert(name, binding);
            }
        }
        InstructionKind::Env => {
            // BuildKit expands every pair of one ENV with the environment from before it.
            let values: Vec<Option<String>> = key_values(instruction)
                .iter()
                .map(|kv| {
                    kv.value
                        .as_ref()
                        .and_then(|w| expand(&w.raw, escape, |n| scope.lookup(n)))
                })
                .collect();
            for (kv, value) in key_values(instruction).iter().zip(values) {
                let binding = Binding {
                    name: kv.key.value.clone(),
                    value: Some(value.unwrap_or_default()).filter(|_| kv.value.is_some()),
                    origin: Origin::Env { decl: kv.key.range },
                    inherited_from: inherited,
                };
                scope.env.insert(kv.key.value.clone(), binding);
            }
        }
        _ => {}
    }
}

/// Expands a word as BuildKit does for `ARG`/`ENV` values and `FROM` references (the model's
/// lexer: quotes, the escape character, every `${...}` modifier). Where BuildKit would expand a
/// variable without a known value to nothing, this gives `None`: the value then depends on a
/// build argument or the base image, and showing an empty string would mislead. A default
/// (`${A:-x}`) or an alternative (`${A:+x}`) makes the variable's own value unnecessary.
pub fn expand(raw: &str, escape: char, lookup: impl Fn(&str) -> Option<String>) -> Option<String> {
    let unknown = model::var_refs(raw, escape).iter().any(|r| {
        let covered = matches!(
            r.modifier.as_ref().map(|(op, _)| op.as_str()),
            Some(":-" | "-" | ":+" | "+")
        );
        !covered && lookup(&r.name.value).is_none()
    });
    if unknown {
        return None;
    }
    // A value this long is not shown, and `ENV PATH=/x:$PATH` on every line would otherwise
    // make each value longer than the last and every scope quadratic to build.
    model::expand(raw, escape, &lookup).filter(|v| v.len() <= MAX_VALUE)
}

/// The longest expanded value kept; a longer one is unknown.
pub const MAX_VALUE: usize = 4096;

/// The 1-based line of `offset`, counting `\n`, `\r\n` and a lone `\r` as LSP does.
pub fn line_number(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut line = 1;
    for (i, &b) in bytes[..end].iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_the_names_of_the_bindings() {
        let text = "ARG TARGETOS\nARG G=1\nFROM a\nARG G\nENV E=2 HTTP_PROXY=x\nARG A\nRUN echo\n";
        let model = crate::analysis::model::parse(text);
        for at in [0, text.find("FROM").unwrap_or(0), text.find("RUN").unwrap_or(0)] {
            let scope = scope_at(&model, at);
            let names: Vec<String> = scope.bindings().into_iter().map(|b| b.name).collect();
            assert_eq!(scope.names(), names, "at {at}");
        }
    }

    use super::*;

    #[test]
    fn scopes_asked_in_any_order_equal_scopes_built_from_the_top() {
        let text = "ARG BASE=alpine\nARG V=1\nFROM $BASE AS a\nARG V\nENV P=/a\nRUN echo $V\nENV P=/b:$P\n\
                    ARG W=$P\nFROM a\nENV Q=$P\nRUN x\nFROM scratch\nARG V\nENV P=$V\nCOPY a b\n";
        let model = model::parse(text);
        let view = |s: &Scope| (s.in_stage(), s.bindings());
        let offsets: Vec<usize> = (0..=text.len()).collect();
        // In file order (the cursor extends), backwards (it starts over) and jumping about.
        let mut orders = vec![offsets.clone(), offsets.iter().rev().copied().collect()];
        orders.push(offsets.iter().map(|&o| (o * 7919) % (text.len() + 1)).collect());
        for order in orders {
            let scopes = Scopes::new(&model);
            for offset in order {
                assert_eq!(view(&scopes.at(offset)), view(&scope_at(&model, offset)), "at {offset}");
            }
        }
    }

    #[test]
    fn very_long_values_are_unknown() {
        let mut text = String::from("FROM a\n");
        for n in 0..400 {
            text.push_str(&format!("ENV PATH=/opt/tool{n}/bin:$PATH\n"));
        }
        text.push_str("RUN x\n");
        let model = model::parse(&text);
        // 400 tools make a value of about 6,800 bytes: it is dropped once it passes the limit
        // (and grows again from there), so no value is ever longer.
        for n in [100, 250, 399] {
            let at = text.find(&format!("ENV PATH=/opt/tool{n}/")).unwrap_or(0);
            let value = scope_after(&model, model.instructions.partition_point(|i| i.range.end < at)).get("PATH");
            assert!(
                value.and_then(|b| b.value).is_none_or(|v| v.len() <= MAX_VALUE),
                "tool {n}"
            );
        }
        let early = scope_at(&model, text.find("ENV PATH=/opt/tool3/").unwrap_or(0)).get("PATH");
        assert!(
            early
                .and_then(|b| b.value)
                .is_some_and(|v| v.starts_with("/opt/tool2/bin:"))
        );
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |n| map.get(n).cloned()
    }

    #[test]
    fn expands_like_buildkit_words() {
        let vars = env(&[("A", "1"), ("EMPTY", "")]);
        assert_eq!(expand("x$A", '\\', &vars).as_deref(), Some("x1"));
        assert_eq!(expand("${A}y", '\\', &vars).as_deref(), Some("1y"));
        assert_eq!(expand("'$A'", '\\', &vars).as_deref(), Some("$A"));
        assert_eq!(expand("\"$A b\"", '\\', &vars).as_deref(), Some("1 b"));
        assert_eq!(expand("\\$A", '\\', &vars).as_deref(), Some("$A"));
        assert_eq!(expand("`$A", '`', &vars).as_deref(), Some("$A"));
        assert_eq!(expand("${EMPTY:-d}", '\\', &vars).as_deref(), Some("d"));
        assert_eq!(expand("${EMPTY-d}", '\\', &vars).as_deref(), Some(""));
        assert_eq!(expand("\"open", '\\', &vars), None);
        assert_eq!(expand("${NOPE:-$A}", '\\', &vars).as_deref(), Some("1"));
        assert_eq!(expand("${A:+set}", '\\', &vars).as_deref(), Some("set"));
        assert_eq!(expand("${NOPE}", '\\', &vars), None);
        assert_eq!(expand("v${A%%.*}", '\\', &vars).as_deref(), Some("v1"));
        assert_eq!(expand("cost: $", '\\', &vars).as_deref(), Some("cost: $"));
    }

    #[test]
    fn counts_lines_like_lsp() {
        assert_eq!(line_number("a\nb\r\nc\rd", 0), 1);
        assert_eq!(line_number("a\nb\r\nc\rd", 2), 2);
        assert_eq!(line_number("a\nb\r\nc\rd", 5), 3);
        assert_eq!(line_number("a\nb\r\nc\rd", 7), 4);
    }
}
