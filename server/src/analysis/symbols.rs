//! The outline of a Dockerfile and the structure editors select and fold by: document symbols
//! (stages containing their instructions, the names `ARG`, `ENV` and `LABEL` declare), folding
//! ranges (stages, instructions written over several lines, heredocs, comment blocks) and
//! selection ranges (word, flag or argument, instruction, stage).

use crate::analysis::config::Locale;
use crate::analysis::docs::Label;
use crate::analysis::model::{Args, Base, Instruction, InstructionKind, Model, Stage};
use crate::analysis::navigation;
use crate::analysis::reference;
use crate::syntax::{TextRange, run_around};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutlineKind {
    Stage,
    Instruction(InstructionKind),
    /// A name an `ARG` declares.
    BuildArg,
    /// A name an `ENV` sets.
    EnvVar,
    /// A key a `LABEL` sets.
    Label,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlineSymbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: OutlineKind,
    /// Everything the symbol covers.
    pub range: TextRange,
    /// What to reveal when the symbol is picked (a name, a keyword); inside `range`.
    pub selection: TextRange,
    pub children: Vec<OutlineSymbol>,
}

/// How much of an instruction's text an outline entry shows.
const SUMMARY_CHARS: usize = 60;

/// The instruction as one line: its logical line with runs of blanks collapsed, cut at
/// [`SUMMARY_CHARS`].
fn summary(instruction: &Instruction) -> String {
    let line = instruction.original.lines().next().unwrap_or_default();
    let collapsed = line.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = collapsed.chars().take(SUMMARY_CHARS).collect();
    if collapsed.chars().count() > SUMMARY_CHARS || instruction.original.lines().nth(1).is_some() {
        out.push('…');
    }
    if out.is_empty() {
        instruction.keyword.value.clone()
    } else {
        out
    }
}

fn declared_names(instruction: &Instruction) -> Vec<OutlineSymbol> {
    let kind = match instruction.kind {
        InstructionKind::Arg => OutlineKind::BuildArg,
        InstructionKind::Env => OutlineKind::EnvVar,
        InstructionKind::Label => OutlineKind::Label,
        _ => return Vec::new(),
    };
    let Args::KeyValues(kvs) = &instruction.args else {
        return Vec::new();
    };
    kvs.iter()
        .filter(|kv| !kv.key.value.is_empty())
        .map(|kv| OutlineSymbol {
            name: kv.key.value.clone(),
            detail: kv.value.as_ref().map(|v| v.raw.clone()),
            kind,
            range: kv.range,
            selection: kv.key.range,
            children: Vec::new(),
        })
        .collect()
}

fn instruction_symbol(instruction: &Instruction) -> OutlineSymbol {
    OutlineSymbol {
        name: summary(instruction),
        detail: None,
        kind: OutlineKind::Instruction(instruction.kind),
        range: instruction.range,
        selection: instruction.keyword.range,
        children: declared_names(instruction),
    }
}

/// From the stage's `FROM` to the end of its last instruction.
pub fn stage_range(model: &Model, stage: &Stage) -> TextRange {
    let start = model.instructions.get(stage.from).map_or(0, |i| i.range.start);
    let end = stage
        .instructions
        .clone()
        .filter_map(|i| model.instructions.get(i))
        .map(|i| i.range.end)
        .max()
        .unwrap_or(start);
    TextRange::new(start, end.max(start))
}

/// The stage's name as the outline shows it: its `AS` name, or its number.
pub fn stage_title(stage: &Stage, locale: Locale) -> String {
    match &stage.name {
        Some(name) => name.value.clone(),
        None => Label::StageTitleUnnamed.fill(locale, &[("index", &stage.index.to_string())]),
    }
}

/// What the stage is built on, as written.
pub fn base_text(model: &Model, stage: &Stage) -> String {
    match &stage.base {
        Base::Image { written, .. } => written.raw.clone(),
        Base::Scratch => "scratch".to_owned(),
        Base::Stage(parent) => model
            .stages
            .get(*parent)
            .and_then(|p| p.name.as_ref())
            .map_or_else(|| parent.to_string(), |n| n.value.clone()),
    }
}

/// The outline: the instructions before the first `FROM`, then one entry per stage holding the
/// stage's other instructions.
pub fn document_symbols(model: &Model, locale: Locale) -> Vec<OutlineSymbol> {
    let first_from = model.stages.first().map_or(model.instructions.len(), |s| s.from);
    let mut out: Vec<OutlineSymbol> = model.instructions[..first_from]
        .iter()
        .map(instruction_symbol)
        .collect();
    for stage in &model.stages {
        let Some(from) = model.instructions.get(stage.from) else {
            continue;
        };
        let selection = stage.name.as_ref().map_or(from.keyword.range, |n| n.range);
        out.push(OutlineSymbol {
            name: stage_title(stage, locale),
            detail: Some(base_text(model, stage)),
            kind: OutlineKind::Stage,
            range: stage_range(model, stage),
            selection,
            children: stage
                .instructions
                .clone()
                .skip(1)
                .filter_map(|i| model.instructions.get(i))
                .map(instruction_symbol)
                .collect(),
        });
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Region,
    Comment,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub range: TextRange,
    pub kind: FoldKind,
}

/// The foldable regions, in order of their start. Ranges on one line are left in: whether two
/// offsets are on different lines is the front end's question, which counts lines its way.
pub fn folding_ranges(model: &Model, text: &str) -> Vec<Fold> {
    let mut out = Vec::new();
    let multi_line = |r: TextRange| r.slice(text).contains(['\n', '\r']);
    for stage in &model.stages {
        let range = stage_range(model, stage);
        if multi_line(range) {
            out.push(Fold {
                range,
                kind: FoldKind::Region,
            });
        }
    }
    for instruction in &model.instructions {
        if multi_line(instruction.range) {
            out.push(Fold {
                range: instruction.range,
                kind: FoldKind::Region,
            });
        }
        let heredocs = match &instruction.args {
            Args::Onbuild(trigger) => &trigger.heredocs,
            _ => &instruction.heredocs,
        };
        for h in heredocs {
            let range = TextRange::new(h.marker.start, h.end.map_or(h.body.end, |e| e.end).max(h.marker.end));
            if multi_line(range) {
                out.push(Fold {
                    range,
                    kind: FoldKind::Region,
                });
            }
        }
    }
    // Runs of comment lines with nothing but a line break between them.
    let mut block: Option<TextRange> = None;
    for comment in &model.comments {
        block = match block {
            Some(b) if is_line_break(&text[b.end..comment.range.start]) => Some(b.cover(comment.range)),
            Some(b) => {
                if multi_line(b) {
                    out.push(Fold {
                        range: b,
                        kind: FoldKind::Comment,
                    });
                }
                Some(comment.range)
            }
            None => Some(comment.range),
        };
    }
    if let Some(b) = block.filter(|b| multi_line(*b)) {
        out.push(Fold {
            range: b,
            kind: FoldKind::Comment,
        });
    }
    out.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    out.dedup();
    out
}

fn is_line_break(between: &str) -> bool {
    let rest = between.trim_start_matches([' ', '\t']);
    matches!(rest, "\n" | "\r\n" | "\r")
}

/// The ranges to grow a selection through from `offset`, innermost first, each containing the
/// one before: a name, the word or flag value, the flag or argument, the instruction, the stage.
pub fn selection_ranges(model: &Model, text: &str, offset: usize) -> Vec<TextRange> {
    let offset = crate::syntax::char_floor(text, offset);
    let mut candidates: Vec<TextRange> = Vec::new();
    if let Some(stage) = model
        .stages
        .iter()
        .find(|s| stage_range(model, s).contains_inclusive(offset))
    {
        candidates.push(stage_range(model, stage));
    }
    if let Some(instruction) = model.instructions.iter().find(|i| i.range.contains_inclusive(offset)) {
        candidates.push(instruction.range);
        instruction_parts(instruction, text, model.escape, offset, &mut candidates);
        if let Args::Onbuild(trigger) = &instruction.args
            && trigger.range.contains_inclusive(offset)
        {
            candidates.push(trigger.range);
            instruction_parts(trigger, text, model.escape, offset, &mut candidates);
        }
    } else if let Some(comment) = model.comments.iter().find(|c| c.range.contains_inclusive(offset)) {
        candidates.push(comment.range);
    } else if let Some(directive) = model.directives.iter().find(|d| d.range.contains_inclusive(offset)) {
        candidates.push(directive.range);
        candidates.push(directive.name.range);
        candidates.push(directive.value.range);
    }
    if let Some(word) = identifier_at(text, offset) {
        candidates.push(word);
    }
    candidates.retain(|r| r.contains_inclusive(offset));
    candidates.sort_by_key(|r| (r.len(), r.start));
    candidates.dedup();
    let mut chain: Vec<TextRange> = Vec::new();
    for r in candidates {
        if chain.last().is_none_or(|last| r.contains_range(*last) && r != *last) {
            chain.push(r);
        }
    }
    chain
}

/// The parts of an instruction around `offset`: its keyword, flags and their values (and the
/// fields of a `--mount`), arguments, key-value pairs, heredocs and variable references.
fn instruction_parts(instruction: &Instruction, text: &str, escape: char, offset: usize, out: &mut Vec<TextRange>) {
    out.push(instruction.keyword.range);
    for flag in &instruction.flags {
        out.push(flag.range);
        if let Some(value) = &flag.value {
            out.push(value.range);
            if value.range.slice(text) == value.value && value.value.contains([',', '=']) {
                for field in reference::mount_fields(&value.value) {
                    let key = TextRange::new(
                        value.range.start + field.key_start,
                        value.range.start + field.key_start + field.key.len(),
                    );
                    out.push(key);
                    if let Some((v, at)) = field.value {
                        let v = TextRange::new(value.range.start + at, value.range.start + at + v.len());
                        out.push(v);
                        out.push(key.cover(v));
                    }
                }
            }
        }
    }
    match &instruction.args {
        Args::Words(words) => out.extend(words.iter().map(|w| w.range)),
        Args::Json { elements, range } => {
            out.push(*range);
            out.extend(elements.iter().map(|w| w.range));
        }
        Args::KeyValues(kvs) => {
            for kv in kvs {
                out.push(kv.range);
                out.push(kv.key.range);
                if let Some(v) = &kv.value {
                    out.push(v.range);
                }
            }
        }
        Args::Shell { range, .. } => {
            out.push(*range);
            if let Some(word) = blank_delimited_at(text, *range, offset) {
                out.push(word);
            }
        }
        Args::Healthcheck { cmd, keyword } => {
            out.push(keyword.range);
            match cmd.as_deref() {
                Some(Args::Shell { range, .. }) => {
                    out.push(*range);
                    out.push(keyword.range.cover(*range));
                    if let Some(word) = blank_delimited_at(text, *range, offset) {
                        out.push(word);
                    }
                }
                Some(Args::Json { elements, range }) => {
                    out.push(*range);
                    out.push(keyword.range.cover(*range));
                    out.extend(elements.iter().map(|w| w.range));
                }
                _ => {}
            }
        }
        Args::None | Args::Onbuild(_) => {}
    }
    for h in &instruction.heredocs {
        out.push(h.marker);
        out.push(h.name.range);
        out.push(h.body);
        if let Some(end) = h.end {
            out.push(end);
        }
        if h.body.contains_inclusive(offset) {
            out.push(line_at(text, h.body, offset));
        }
    }
    for u in navigation::uses(instruction, text, escape) {
        out.push(u.whole);
        out.push(u.name_range);
    }
}

/// The run of non-blank characters around `offset` on its line, within `within`.
fn blank_delimited_at(text: &str, within: TextRange, offset: usize) -> Option<TextRange> {
    let is_blank = |c: char| c.is_whitespace();
    run_around(text, within, offset, is_blank)
}

/// The run of identifier characters (letters, digits, `_`) around `offset`.
fn identifier_at(text: &str, offset: usize) -> Option<TextRange> {
    let is_break = |c: char| !(c.is_alphanumeric() || c == '_');
    run_around(text, TextRange::new(0, text.len()), offset, is_break)
}

/// The line of `within` that holds `offset` (line break excluded).
fn line_at(text: &str, within: TextRange, offset: usize) -> TextRange {
    let is_break = |c: char| c == '\n' || c == '\r';
    run_around(text, within, offset, is_break).unwrap_or(TextRange::empty(offset))
}
