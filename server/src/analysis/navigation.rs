//! Navigation: go to definition, references, document highlights and rename for the names a
//! Dockerfile declares: stage names (`FROM ... AS x`, used by `FROM x`, `COPY --from=x` and
//! `RUN --mount=from=x`), build arguments and environment variables (`ARG`, `ENV` and their
//! `$NAME` uses, resolved with BuildKit's scoping through [`crate::analysis::scope`]), and heredoc
//! delimiters (the marker and its terminator line).
//!
//! Every occurrence belongs to one [`Symbol`]. A variable's symbol joins the declarations that a
//! rename must change together: a declaration, every use that resolves to it, and the stage
//! redeclarations (`ARG X` in a stage) that take the default of the global `ARG X`. Two `ENV X` in
//! one stage stay two symbols, because renaming either keeps the build's meaning.

use std::collections::HashMap;

use crate::analysis::config::Locale;
use crate::analysis::diagnostic::Edit;
use crate::analysis::docs::Label;
use crate::analysis::model::{self, Args, Base, Instruction, InstructionKind, Model, VarRef};
use crate::analysis::reference;
use crate::analysis::scope::{self, Origin, Scope, line_number};
use crate::syntax::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Stage,
    Variable,
    Heredoc,
}

/// How an occurrence spells the symbol, which decides what a rename does with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// The name itself: a rename replaces it.
    Name,
    /// A stage by its number (`--from=0`): it stays valid after a rename and is left alone.
    Index,
    /// Through a variable (`FROM $BASE`) or in a spelling a rename cannot rewrite (quotes,
    /// escapes, a continuation inside the name): a rename is refused.
    Indirect,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub range: TextRange,
    pub declaration: bool,
    pub written: Written,
    /// Where "go to definition" leads from here.
    pub target: Option<TextRange>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub kind: SymbolKind,
    /// As declared (a stage's name as written after `AS`; its index when it has none).
    pub name: String,
    /// In source order.
    pub occurrences: Vec<Occurrence>,
    /// For a stage symbol, the stage's index.
    pub stage: Option<usize>,
}

/// Every symbol of a document.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    pub symbols: Vec<Symbol>,
}

impl Symbols {
    pub fn build(model: &Model, text: &str) -> Symbols {
        let mut symbols = stage_symbols(model, text);
        symbols.extend(variable_symbols(model, text));
        symbols.extend(heredoc_symbols(model, text));
        for s in &mut symbols {
            s.occurrences.sort_by_key(|o| (o.range.start, o.range.end));
            s.occurrences.dedup_by_key(|o| o.range);
        }
        Symbols { symbols }
    }

    /// The symbol and occurrence under `offset`; the narrowest occurrence wins (a variable inside
    /// a `--mount` value is more specific than the stage the value names).
    pub fn at(&self, offset: usize) -> Option<(&Symbol, &Occurrence)> {
        self.symbols
            .iter()
            .flat_map(|s| s.occurrences.iter().map(move |o| (s, o)))
            .filter(|(_, o)| o.range.contains_inclusive(offset))
            .min_by_key(|(_, o)| o.range.len())
    }
}

// ---------------------------------------------------------------------------------------------
// Stages

fn stage_symbols(model: &Model, text: &str) -> Vec<Symbol> {
    let mut symbols: Vec<Symbol> = model
        .stages
        .iter()
        .map(|stage| Symbol {
            kind: SymbolKind::Stage,
            name: stage
                .name
                .as_ref()
                .map_or_else(|| stage.index.to_string(), |n| n.value.clone()),
            occurrences: stage
                .name
                .iter()
                .map(|n| Occurrence {
                    range: n.range,
                    declaration: true,
                    written: if n.range.slice(text) == n.value {
                        Written::Name
                    } else {
                        Written::Indirect
                    },
                    target: Some(n.range),
                })
                .collect(),
            stage: Some(stage.index),
        })
        .collect();
    let target = |stage: usize| -> Option<TextRange> {
        let s = model.stages.get(stage)?;
        s.name
            .as_ref()
            .map(|n| n.range)
            .or_else(|| model.instructions.get(s.from).map(|i| i.range))
    };
    for (index, instruction) in model.instructions.iter().enumerate() {
        for (stage, range, written) in stage_uses(model, text, index, instruction) {
            if let Some(symbol) = symbols.get_mut(stage) {
                symbol.occurrences.push(Occurrence {
                    range,
                    declaration: false,
                    written,
                    target: target(stage),
                });
            }
        }
    }
    symbols
}

/// Where the top-level instruction `index` names a stage: its `FROM` base, `COPY --from`, and
/// `RUN --mount=from=`; as (stage, range, spelling).
pub(crate) fn stage_uses(
    model: &Model,
    text: &str,
    index: usize,
    instruction: &Instruction,
) -> Vec<(usize, TextRange, Written)> {
    let mut out = Vec::new();
    if instruction.kind == InstructionKind::From {
        let stage = model.stages.iter().find(|s| s.from == index);
        if let (Some(stage), Args::Words(words)) = (stage, &instruction.args)
            && let Base::Stage(parent) = stage.base
            && let Some(word) = words.first()
        {
            let name = model.stages[parent].name.as_ref().map(|n| n.value.as_str());
            let literal = name.is_some_and(|n| word.range.slice(text).eq_ignore_ascii_case(n));
            let written = if literal { Written::Name } else { Written::Indirect };
            out.push((parent, word.range, written));
        }
        return out;
    }
    for flag in instruction.flags.iter().filter(|f| f.dashes == 2) {
        let Some(value) = &flag.value else { continue };
        let exact = value.range.slice(text) == value.value;
        if instruction.kind == InstructionKind::Copy && flag.name.value.eq_ignore_ascii_case("from") {
            if let Some((stage, written)) = resolve_stage(model, index, &value.value) {
                let written = if exact { written } else { Written::Indirect };
                out.push((stage, value.range, written));
            }
        } else if instruction.kind == InstructionKind::Run && flag.name.value.eq_ignore_ascii_case("mount") {
            for field in reference::mount_fields(&value.value) {
                let Some((from, at)) = field.value.filter(|_| field.key.eq_ignore_ascii_case("from")) else {
                    continue;
                };
                let Some((stage, written)) = resolve_stage(model, index, from) else {
                    continue;
                };
                if exact {
                    let start = value.range.start + at;
                    out.push((stage, TextRange::new(start, start + from.len()), written));
                } else {
                    out.push((stage, value.range, Written::Indirect));
                }
            }
        }
    }
    out
}

/// The stage a `--from` value names, as BuildKit looks it up: by name (case-insensitively,
/// after expanding variables), else by index. A name defined before the instruction wins over
/// one defined later.
fn resolve_stage(model: &Model, index: usize, value: &str) -> Option<(usize, Written)> {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let n: usize = value.parse().ok()?;
        return model.stages.get(n).map(|s| (s.index, Written::Index));
    }
    let by_name = |name: &str| {
        let named = |s: &&model::Stage| s.name.as_ref().is_some_and(|n| n.value.eq_ignore_ascii_case(name));
        model
            .stages
            .iter()
            .filter(|s| s.from < index)
            .rfind(named)
            .or_else(|| model.stages.iter().find(named))
            .map(|s| s.index)
    };
    if let Some(stage) = by_name(value) {
        return Some((stage, Written::Name));
    }
    if value.contains('$') {
        let offset = model.instructions.get(index)?.range.start;
        let scope = scope::scope_at(model, offset);
        let expanded = scope::expand(value, model.escape, |n| scope.get(n).and_then(|b| b.value))?;
        return by_name(&expanded).map(|s| (s, Written::Indirect));
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Variables

/// A `$NAME` use and what it may resolve to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Use {
    pub name: String,
    pub name_range: TextRange,
    /// From `$` to the end of the name or the closing `}`.
    pub whole: TextRange,
    /// Runtime commands (CMD, ENTRYPOINT, HEALTHCHECK) see `ENV` but not `ARG`.
    pub env_only: bool,
}

impl Use {
    fn new(r: &VarRef, shift: usize, env_only: bool) -> Use {
        let moved = |t: TextRange| TextRange::new(t.start + shift, t.end + shift);
        Use {
            name: r.name.value.clone(),
            name_range: moved(r.name.range),
            whole: moved(r.range),
            env_only,
        }
    }
}

/// The variable uses of a top-level instruction, in source order: those BuildKit expands (the
/// model's [`Instruction::vars`]) and those the shell expands at build or run time (shell-form
/// commands, the bodies of RUN heredocs the shell reads).
pub fn uses(instruction: &Instruction, text: &str, escape: char) -> Vec<Use> {
    let mut out: Vec<Use> = instruction.vars.iter().map(|v| Use::new(v, 0, false)).collect();
    let shell_refs = |range: TextRange, env_only: bool, out: &mut Vec<Use>| {
        for r in model::var_refs(range.slice(text), escape) {
            out.push(Use::new(&r, range.start, env_only));
        }
    };
    match (&instruction.kind, &instruction.args) {
        (InstructionKind::Run, Args::Shell { range, text: command }) => {
            shell_refs(*range, false, &mut out);
            for h in &instruction.heredocs {
                // The shell expands an unquoted heredoc; a heredoc that is the whole command, or
                // that the command hands to a shell (`<<EOF bash`), is the script itself, which
                // the shell reads whatever the quoting.
                let marker = h.marker.slice(text);
                let is_script = command.trim() == marker
                    || (instruction.heredocs.len() == 1
                        && crate::analysis::shell::heredoc_interpreter(command, marker).is_some());
                if !h.quoted || is_script {
                    shell_refs(h.body, false, &mut out);
                }
            }
        }
        (InstructionKind::Cmd | InstructionKind::Entrypoint, Args::Shell { range, .. }) => {
            shell_refs(*range, true, &mut out);
        }
        (InstructionKind::Healthcheck, Args::Healthcheck { cmd: Some(cmd), .. }) => {
            if let Args::Shell { range, .. } = &**cmd {
                shell_refs(*range, true, &mut out);
            }
        }
        _ => {}
    }
    out.sort_by_key(|u| (u.name_range.start, u.name_range.end));
    out.dedup_by_key(|u| u.name_range);
    out
}

fn key_values(instruction: &Instruction) -> &[model::KeyValue] {
    match (&instruction.kind, &instruction.args) {
        (InstructionKind::Arg | InstructionKind::Env, Args::KeyValues(kvs)) => kvs,
        _ => &[],
    }
}

/// A small union-find over declaration nodes.
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn add(&mut self) -> usize {
        self.parent.push(self.parent.len());
        self.parent.len() - 1
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent[b.max(a)] = a.min(b);
        }
    }
}

fn variable_symbols(model: &Model, text: &str) -> Vec<Symbol> {
    let first_from = model
        .instructions
        .iter()
        .position(|i| i.kind == InstructionKind::From)
        .unwrap_or(model.instructions.len());
    let mut groups = Groups { parent: Vec::new() };
    // Declarations: (node, name, key range, written, instruction index).
    let mut decls: Vec<(usize, String, TextRange, Written, usize)> = Vec::new();
    let mut by_range: HashMap<TextRange, usize> = HashMap::new();
    // The nodes of names the builder predefines: every declaration and use of one is grouped by
    // name, since the builder, not the file, gives it its value.
    let mut predefined: HashMap<String, usize> = HashMap::new();
    let mut globals: HashMap<String, usize> = HashMap::new();

    for (index, instruction) in model.instructions.iter().enumerate() {
        for kv in key_values(instruction) {
            let node = groups.add();
            let name = kv.key.value.clone();
            let written = if kv.key.range.slice(text) == name {
                Written::Name
            } else {
                Written::Indirect
            };
            by_range.insert(kv.key.range, node);
            decls.push((node, name.clone(), kv.key.range, written, index));
            if instruction.kind == InstructionKind::Arg && index < first_from {
                globals.insert(name.clone(), node);
            } else if instruction.kind == InstructionKind::Arg
                && kv.value.is_none()
                && let Some(&global) = globals.get(&name)
            {
                groups.union(node, global);
            }
            if reference::predefined(&name).is_some() {
                let group = *predefined.entry(name).or_insert_with(|| groups.add());
                groups.union(node, group);
            }
        }
    }

    // Uses: (node, name, range, target).
    let mut found: Vec<(usize, String, TextRange, Option<TextRange>)> = Vec::new();
    for (index, instruction) in model.instructions.iter().enumerate() {
        let uses = uses(instruction, text, model.escape);
        if uses.is_empty() {
            continue;
        }
        let scope: Scope = scope::scope_at(model, instruction.range.start);
        for u in uses {
            let Some(binding) = scope.get(&u.name) else { continue };
            let (node, target) = match binding.origin {
                Origin::Arg { .. } if u.env_only => continue,
                Origin::Arg { decl, .. } | Origin::Env { decl } => match by_range.get(&decl) {
                    Some(&node) => (node, Some(decl)),
                    None => continue,
                },
                Origin::Predefined(_) if u.env_only => continue,
                Origin::Predefined(_) => {
                    let node = *predefined.entry(u.name.clone()).or_insert_with(|| groups.add());
                    (node, latest_decl_in_stage(model, &decls, index, &u.name))
                }
            };
            found.push((node, u.name, u.name_range, target));
        }
    }

    // One symbol per group, in order of first appearance.
    let mut symbols: Vec<Symbol> = Vec::new();
    let mut symbol_of: HashMap<usize, usize> = HashMap::new();
    let mut symbol_for = |groups: &mut Groups, node: usize, name: &str, symbols: &mut Vec<Symbol>| -> usize {
        let root = groups.find(node);
        *symbol_of.entry(root).or_insert_with(|| {
            symbols.push(Symbol {
                kind: SymbolKind::Variable,
                name: name.to_owned(),
                occurrences: Vec::new(),
                stage: None,
            });
            symbols.len() - 1
        })
    };
    for (node, name, range, written, index) in &decls {
        let s = symbol_for(&mut groups, *node, name, &mut symbols);
        let instruction = &model.instructions[*index];
        let bare = instruction.kind == InstructionKind::Arg
            && key_values(instruction)
                .iter()
                .any(|kv| kv.key.range == *range && kv.value.is_none());
        // A bare redeclaration in a stage leads to the global default it takes.
        let target = if bare && *index > first_from {
            decls
                .iter()
                .filter(|d| d.4 < first_from && d.1 == *name)
                .map(|d| d.2)
                .next_back()
                .or(Some(*range))
        } else {
            Some(*range)
        };
        symbols[s].occurrences.push(Occurrence {
            range: *range,
            declaration: true,
            written: *written,
            target,
        });
    }
    for (node, name, range, target) in found {
        let s = symbol_for(&mut groups, node, &name, &mut symbols);
        let written = if range.slice(text) == name {
            Written::Name
        } else {
            Written::Indirect
        };
        symbols[s].occurrences.push(Occurrence {
            range,
            declaration: false,
            written,
            target,
        });
    }
    symbols
}

/// The last `ARG name` of the stage that instruction `index` is in, before it.
fn latest_decl_in_stage(
    model: &Model,
    decls: &[(usize, String, TextRange, Written, usize)],
    index: usize,
    name: &str,
) -> Option<TextRange> {
    let stage = model.stages.iter().rfind(|s| s.from < index)?;
    decls
        .iter()
        .filter(|d| d.1 == name && stage.from < d.4 && d.4 < index)
        .map(|d| d.2)
        .next_back()
}

// ---------------------------------------------------------------------------------------------
// Heredocs

fn heredoc_symbols(model: &Model, text: &str) -> Vec<Symbol> {
    let mut out = Vec::new();
    for instruction in &model.instructions {
        for h in &instruction.heredocs {
            let name = &h.name.value;
            let written_range = h.name.range.slice(text);
            let (range, written) = if written_range == name {
                (h.name.range, Written::Name)
            } else if written_range.len() == name.len() + 2
                && (written_range == format!("\"{name}\"") || written_range == format!("'{name}'"))
            {
                (
                    TextRange::new(h.name.range.start + 1, h.name.range.end - 1),
                    Written::Name,
                )
            } else {
                (h.name.range, Written::Indirect)
            };
            let mut occurrences = vec![Occurrence {
                range,
                declaration: true,
                written,
                target: Some(range),
            }];
            if let Some(end) = h.end {
                let line = end.slice(text);
                let trimmed = if h.strip_tabs {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                if trimmed == name {
                    occurrences.push(Occurrence {
                        range: TextRange::new(end.end - name.len(), end.end),
                        declaration: false,
                        written: Written::Name,
                        target: Some(range),
                    });
                }
            }
            out.push(Symbol {
                kind: SymbolKind::Heredoc,
                name: name.clone(),
                occurrences,
                stage: None,
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Requests

/// The declaration(s) "go to definition" leads to from `offset`, with the range of what was
/// clicked. Like every request here, it reads the document's [`Symbols`], built once per version.
pub fn definition(symbols: &Symbols, offset: usize) -> Option<(TextRange, Vec<TextRange>)> {
    let (_, occurrence) = symbols.at(offset)?;
    let target = occurrence.target?;
    Some((occurrence.range, vec![target]))
}

/// Every occurrence of the symbol at `offset`, declarations included or not.
pub fn references(symbols: &Symbols, offset: usize, include_declaration: bool) -> Vec<TextRange> {
    let Some((symbol, _)) = symbols.at(offset) else {
        return Vec::new();
    };
    symbol
        .occurrences
        .iter()
        .filter(|o| include_declaration || !o.declaration)
        .map(|o| o.range)
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightKind {
    /// A heredoc delimiter, which is neither read nor written.
    Text,
    Read,
    Write,
}

/// The occurrences of the symbol at `offset`, each marked as declaration (write) or use (read).
pub fn highlights(symbols: &Symbols, offset: usize) -> Vec<(TextRange, HighlightKind)> {
    let Some((symbol, _)) = symbols.at(offset) else {
        return Vec::new();
    };
    symbol
        .occurrences
        .iter()
        .map(|o| {
            let kind = match (symbol.kind, o.declaration) {
                (SymbolKind::Heredoc, _) => HighlightKind::Text,
                (_, true) => HighlightKind::Write,
                (_, false) => HighlightKind::Read,
            };
            (o.range, kind)
        })
        .collect()
}

/// Why a rename cannot be done, in the user's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameError(pub String);

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

struct Renaming<'a> {
    model: &'a Model,
    text: &'a str,
    locale: Locale,
    symbols: &'a Symbols,
}

impl Renaming<'_> {
    fn error(&self, label: Label, args: &[(&str, &str)]) -> RenameError {
        RenameError(label.fill(self.locale, args))
    }

    fn line(&self, offset: usize) -> String {
        line_number(self.text, offset).to_string()
    }

    /// The symbol at `offset` if a rename may change it, with the occurrence under the cursor.
    fn renamable(&self, offset: usize) -> Result<Option<(&Symbol, &Occurrence)>, RenameError> {
        let Some((symbol, occurrence)) = self.symbols.at(offset) else {
            return Ok(None);
        };
        if symbol.kind == SymbolKind::Variable && reference::predefined(&symbol.name).is_some() {
            return Err(self.error(Label::RenamePredefined, &[("name", &symbol.name)]));
        }
        if symbol.kind == SymbolKind::Stage && !symbol.occurrences.iter().any(|o| o.declaration) {
            let index = symbol.stage.unwrap_or_default().to_string();
            return Err(self.error(Label::RenameUnnamedStage, &[("index", &index)]));
        }
        if occurrence.written == Written::Index {
            return Err(self.error(Label::RenameStageIndex, &[("name", &symbol.name)]));
        }
        if let Some(o) = symbol.occurrences.iter().find(|o| o.written == Written::Indirect) {
            let line = self.line(o.range.start);
            return Err(self.error(Label::RenameIndirect, &[("name", &symbol.name), ("line", &line)]));
        }
        Ok(Some((symbol, occurrence)))
    }

    fn check_new_name(&self, symbol: &Symbol, new: &str) -> Result<(), RenameError> {
        match symbol.kind {
            SymbolKind::Stage => self.check_stage_name(symbol, new),
            SymbolKind::Variable => self.check_variable_name(symbol, new),
            SymbolKind::Heredoc => self.check_heredoc_name(symbol, new),
        }
    }

    fn check_stage_name(&self, symbol: &Symbol, new: &str) -> Result<(), RenameError> {
        // BuildKit's rule for stage names, applied to the lower-cased name.
        let lower = new.to_ascii_lowercase();
        let valid = lower.starts_with(|c: char| c.is_ascii_lowercase())
            && lower
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
        if !valid {
            return Err(self.error(Label::RenameInvalidStage, &[("new", new)]));
        }
        if lower == "scratch" {
            return Err(self.error(Label::RenameReserved, &[("new", new)]));
        }
        for stage in &self.model.stages {
            if Some(stage.index) == symbol.stage {
                continue;
            }
            if let Some(name) = stage.name.as_ref().filter(|n| n.value.eq_ignore_ascii_case(new)) {
                let line = self.line(name.range.start);
                return Err(self.error(Label::RenameStageExists, &[("new", new), ("line", &line)]));
            }
        }
        // An image of that name would turn into a reference to the stage.
        for (index, instruction) in self.model.instructions.iter().enumerate() {
            for (name, range) in image_names(self.model, index, instruction) {
                if name.eq_ignore_ascii_case(new) {
                    let line = self.line(range.start);
                    return Err(self.error(Label::RenameImageExists, &[("new", new), ("line", &line)]));
                }
            }
        }
        Ok(())
    }

    fn check_variable_name(&self, symbol: &Symbol, new: &str) -> Result<(), RenameError> {
        let valid = new.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && new.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(self.error(Label::RenameInvalidVariable, &[("new", new)]));
        }
        if reference::predefined(new).is_some() {
            return Err(self.error(Label::RenameVariablePredefined, &[("new", new)]));
        }
        for other in &self.symbols.symbols {
            if other.kind != SymbolKind::Variable || std::ptr::eq(other, symbol) || other.name != new {
                continue;
            }
            if let Some(o) = other.occurrences.first() {
                let line = self.line(o.range.start);
                return Err(self.error(Label::RenameVariableExists, &[("new", new), ("line", &line)]));
            }
        }
        // A use of that name that resolves to nothing declared here (a variable of the base
        // image or the shell) would be captured by the renamed declaration.
        for instruction in &self.model.instructions {
            for u in uses(instruction, self.text, self.model.escape) {
                if u.name == new {
                    let line = self.line(u.name_range.start);
                    return Err(self.error(Label::RenameVariableUsed, &[("new", new), ("line", &line)]));
                }
            }
        }
        Ok(())
    }

    fn check_heredoc_name(&self, symbol: &Symbol, new: &str) -> Result<(), RenameError> {
        let valid = !new.is_empty()
            && !new.starts_with('-')
            && new
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !valid {
            return Err(self.error(Label::RenameInvalidHeredoc, &[("new", new)]));
        }
        let Some(marker) = symbol.occurrences.first().map(|o| o.range) else {
            return Ok(());
        };
        let Some(instruction) = self.model.instructions.iter().find(|i| i.range.contains_range(marker)) else {
            return Ok(());
        };
        for h in &instruction.heredocs {
            if h.name.range.contains_range(marker) {
                // A body line equal to the new delimiter would end the heredoc there.
                let mut at = h.body.start;
                for line in h.body.slice(self.text).split_inclusive('\n') {
                    let content = line.trim_end_matches(['\n', '\r']);
                    let content = if h.strip_tabs {
                        content.trim_start_matches('\t')
                    } else {
                        content
                    };
                    if content == new {
                        let line = self.line(at);
                        return Err(self.error(Label::RenameHeredocBody, &[("new", new), ("line", &line)]));
                    }
                    at += line.len();
                }
            } else if h.name.value == new {
                return Err(self.error(Label::RenameHeredocExists, &[("new", new)]));
            }
        }
        Ok(())
    }
}

/// The image names written where a stage name could stand: a `FROM` base that is not a stage,
/// `COPY --from` and `RUN --mount=from` values that name no stage.
fn image_names(model: &Model, index: usize, instruction: &Instruction) -> Vec<(String, TextRange)> {
    let mut out = Vec::new();
    if instruction.kind == InstructionKind::From {
        if let Some(stage) = model.stages.iter().find(|s| s.from == index)
            && let Base::Image { written, resolved, .. } = &stage.base
        {
            out.push((resolved.clone(), written.range));
        }
        return out;
    }
    for flag in instruction.flags.iter().filter(|f| f.dashes == 2) {
        let Some(value) = &flag.value else { continue };
        if instruction.kind == InstructionKind::Copy && flag.name.value.eq_ignore_ascii_case("from") {
            out.push((value.value.clone(), value.range));
        } else if instruction.kind == InstructionKind::Run && flag.name.value.eq_ignore_ascii_case("mount") {
            for field in reference::mount_fields(&value.value) {
                if let Some((from, _)) = field.value.filter(|_| field.key.eq_ignore_ascii_case("from")) {
                    out.push((from.to_owned(), value.range));
                }
            }
        }
    }
    out
}

/// `prepareRename`: the range to rename and the current name, `None` when nothing renamable is
/// at `offset`, or why the name there cannot be renamed. `symbols` is the index of `model`.
pub fn prepare_rename(
    model: &Model,
    text: &str,
    symbols: &Symbols,
    offset: usize,
    locale: Locale,
) -> Result<Option<(TextRange, String)>, RenameError> {
    let renaming = Renaming {
        model,
        text,
        locale,
        symbols,
    };
    Ok(renaming
        .renamable(offset)?
        .map(|(_, o)| (o.range, o.range.slice(text).to_owned())))
}

/// The edits that rename the symbol at `offset` to `new_name`; `None` when nothing renamable is
/// there. Refused, with the reason, when the new name is invalid or already taken. `symbols` is
/// the index of `model`.
pub fn rename(
    model: &Model,
    text: &str,
    symbols: &Symbols,
    offset: usize,
    new_name: &str,
    locale: Locale,
) -> Result<Option<Vec<Edit>>, RenameError> {
    let renaming = Renaming {
        model,
        text,
        locale,
        symbols,
    };
    let Some((symbol, _)) = renaming.renamable(offset)? else {
        return Ok(None);
    };
    renaming.check_new_name(symbol, new_name)?;
    Ok(Some(
        symbol
            .occurrences
            .iter()
            .filter(|o| o.written == Written::Name && o.range.slice(text) != new_name)
            .map(|o| Edit {
                range: o.range,
                new_text: new_name.to_owned(),
            })
            .collect(),
    ))
}
