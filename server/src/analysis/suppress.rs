//! Suppression comments: our own (`# dockerfile-lsp ignore=<id>,...` above an instruction,
//! `# dockerfile-lsp global ignore=...` anywhere), hadolint's (`# hadolint ignore=DL3008`,
//! `# hadolint global ignore=...`) and BuildKit's `# check=skip=<Rule,...|all>;error=true`
//! (the parser directive for the file, or the same text in a comment directly above an
//! instruction for that instruction). Names are rule ids or aliases.

use crate::analysis::diagnostic::{Diagnostic, Severity, Tag};
use crate::analysis::model::{DirectiveKind, Model};
use crate::analysis::rules;
use crate::syntax::TextRange;

/// Where a suppression applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    File,
    /// The instruction with this range.
    Instruction(TextRange),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Origin {
    Ours,
    Hadolint,
    BuildKit,
}

#[derive(Clone, Debug)]
struct Entry {
    /// A rule id, an alias, or `all` (BuildKit only).
    name: String,
    /// Where the name is written, for the unused-suppression hint.
    range: TextRange,
    scope: Scope,
    origin: Origin,
    used: bool,
}

/// One name list parsed out of a comment: the names with their byte ranges.
fn names_in(text: &str, list_start: usize, list: &str) -> Vec<(String, TextRange)> {
    let mut out = Vec::new();
    let mut offset = list_start;
    for part in list.split(',') {
        let lead = part.len() - part.trim_start().len();
        let name = part.trim();
        if !name.is_empty() {
            let start = offset + lead;
            out.push((name.to_string(), TextRange::new(start, start + name.len())));
        }
        offset += part.len() + 1;
    }
    debug_assert!(offset <= text.len() + 1);
    out
}

/// Parses `check=skip=A,B;error=true` starting at `start` (the offset of `check`): the skipped
/// names and whether `error=true` is set.
fn parse_check(text: &str, start: usize, value: &str) -> (Vec<(String, TextRange)>, bool) {
    let mut skip = Vec::new();
    let mut error = false;
    let mut offset = start;
    for part in value.split(';') {
        if let Some((key, val)) = part.split_once('=') {
            let key_trimmed = key.trim();
            let val_start = offset + key.len() + 1;
            if key_trimmed.eq_ignore_ascii_case("skip") {
                skip.extend(names_in(text, val_start, val));
            } else if key_trimmed.eq_ignore_ascii_case("error") {
                error = val.trim().eq_ignore_ascii_case("true");
            }
        }
        offset += part.len() + 1;
    }
    (skip, error)
}

/// The first instruction that starts after `offset` with nothing but comments and blank lines
/// in between.
fn instruction_below(text: &str, model: &Model, offset: usize) -> Option<TextRange> {
    let next = model.instructions.iter().find(|i| i.range.start >= offset)?;
    let between = text.get(offset..next.range.start)?;
    // The first piece is the rest of the comment's own line, the last the indentation before the
    // keyword; every line in between must be another comment (a blank line detaches, as in hadolint).
    let mut pieces = between.split('\n');
    pieces.next();
    let pieces: Vec<&str> = pieces.collect();
    let (last, middle) = pieces.split_last()?;
    let attached = last.trim().is_empty() && middle.iter().all(|l| l.trim_start().starts_with('#'));
    attached.then_some(next.range)
}

fn collect(text: &str, model: &Model) -> (Vec<Entry>, bool) {
    let mut entries = Vec::new();
    let mut checks_are_errors = false;
    for directive in model.directives.iter().filter(|d| d.kind == DirectiveKind::Check) {
        let (skip, error) = parse_check(text, directive.value.range.start, &directive.value.value);
        checks_are_errors |= error;
        for (name, range) in skip {
            entries.push(Entry {
                name,
                range,
                scope: Scope::File,
                origin: Origin::BuildKit,
                used: false,
            });
        }
    }
    for comment in &model.comments {
        let source = comment.range.slice(text);
        let Some(hash) = source.find('#') else { continue };
        let body_start = comment.range.start + hash + 1;
        let body = &source[hash + 1..];
        let lead = body.len() - body.trim_start().len();
        let body_start = body_start + lead;
        let body = body.trim();
        let (origin, rest) = if let Some(rest) = body.strip_prefix("dockerfile-lsp") {
            (Origin::Ours, rest)
        } else if let Some(rest) = body.strip_prefix("hadolint") {
            (Origin::Hadolint, rest)
        } else if body.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("check=")) {
            let (skip, _) = parse_check(text, body_start + 6, &body[6..]);
            if let Some(target) = instruction_below(text, model, comment.range.end) {
                for (name, range) in skip {
                    entries.push(Entry {
                        name,
                        range,
                        scope: Scope::Instruction(target),
                        origin: Origin::BuildKit,
                        used: false,
                    });
                }
            }
            continue;
        } else {
            continue;
        };
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let rest_start = body_start + (body.len() - rest.len());
        let trimmed = rest.trim_start();
        let mut at = rest_start + (rest.len() - trimmed.len());
        let (global, after) = match trimmed.strip_prefix("global") {
            Some(after) if after.starts_with(char::is_whitespace) => {
                let t = after.trim_start();
                at += "global".len() + (after.len() - t.len());
                (true, t)
            }
            _ => (false, trimmed),
        };
        let Some(list) = after.strip_prefix("ignore=") else {
            continue;
        };
        let list_start = at + "ignore=".len();
        // hadolint allows a trailing explanation after whitespace: `ignore=DL3008 pinned upstream`.
        let list = list.split_whitespace().next().unwrap_or("");
        let scope = if global {
            Scope::File
        } else {
            match instruction_below(text, model, comment.range.end) {
                Some(target) => Scope::Instruction(target),
                None => continue,
            }
        };
        for (name, range) in names_in(text, list_start, list) {
            entries.push(Entry {
                name,
                range,
                scope,
                origin,
                used: false,
            });
        }
    }
    (entries, checks_are_errors)
}

fn matches(entry: &Entry, diagnostic: &Diagnostic) -> bool {
    let in_scope = match entry.scope {
        Scope::File => true,
        Scope::Instruction(range) => range.contains_range(diagnostic.range) || range.start == diagnostic.range.start,
    };
    if !in_scope {
        return false;
    }
    let name = entry.name.as_str();
    let Some(rule) = rules::find(diagnostic.rule) else {
        return false;
    };
    match entry.origin {
        Origin::BuildKit => {
            name.eq_ignore_ascii_case("all") && has_buildkit_alias(rule)
                || rule
                    .aliases
                    .iter()
                    .any(|a| is_buildkit_name(a) && a.eq_ignore_ascii_case(name))
        }
        Origin::Ours | Origin::Hadolint => {
            if name.eq_ignore_ascii_case(rule.id) {
                return true;
            }
            // A diagnostic that names the alias it matched is suppressed by exactly that alias.
            match diagnostic.code {
                Some(code) => code.eq_ignore_ascii_case(name),
                None => rule.aliases.iter().any(|a| a.eq_ignore_ascii_case(name)),
            }
        }
    }
}

/// Drops suppressed diagnostics, raises BuildKit-aliased ones to errors under `error=true`, and
/// adds an `unused-suppression` hint for every name that suppressed nothing.
pub fn apply(text: &str, model: &Model, diagnostics: Vec<Diagnostic>, report_unused: bool) -> Vec<Diagnostic> {
    let (mut entries, checks_are_errors) = collect(text, model);
    let mut kept = Vec::with_capacity(diagnostics.len());
    for mut d in diagnostics {
        let mut suppressed = false;
        for entry in entries.iter_mut() {
            if matches(entry, &d) {
                entry.used = true;
                suppressed = true;
            }
        }
        if suppressed {
            continue;
        }
        if checks_are_errors && rules::find(d.rule).is_some_and(has_buildkit_alias) {
            d.severity = Severity::Error;
        }
        kept.push(d);
    }
    if report_unused {
        for entry in entries.iter().filter(|e| !e.used) {
            let known = entry.name.eq_ignore_ascii_case("all") || rules::find(&entry.name).is_some();
            let message = if known {
                format!("Suppression of `{}` suppresses nothing", entry.name)
            } else {
                format!("Unknown rule `{}` in suppression", entry.name)
            };
            kept.push(Diagnostic {
                range: entry.range,
                rule: UNUSED_SUPPRESSION,
                code: None,
                severity: Severity::Hint,
                message,
                fix: None,
                tags: vec![Tag::Unnecessary],
            });
        }
    }
    kept.sort_by(|a, b| (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule)));
    kept
}

pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

/// BuildKit check names are PascalCase; hadolint's are `DLnnnn`, ShellCheck's `SCnnnn`.
fn has_buildkit_alias(rule: &rules::Rule) -> bool {
    rule.aliases.iter().any(|a| is_buildkit_name(a))
}

fn is_buildkit_name(alias: &str) -> bool {
    alias.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && !(alias.starts_with("DL") || alias.starts_with("SC"))
        && alias.chars().any(|c| c.is_ascii_lowercase())
}
