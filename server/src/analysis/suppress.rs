//! Suppression comments: our own (`# dockerfile-lsp ignore=<id>,...` above an instruction,
//! `# dockerfile-lsp global ignore=...` anywhere), hadolint's (`# hadolint ignore=DL3008`,
//! `# hadolint global ignore=...`) and BuildKit's `# check=skip=<Rule,...|all>;error=true`
//! (the parser directive for the file, or the same text in a comment directly above an
//! instruction for that instruction). Names are rule ids or aliases.
//!
//! Precision follows the alias that matched: a diagnostic that carries `DL3018` (apk) is not
//! suppressed by `DL3008` (apt) although one rule answers to both. BuildKit check names are
//! compared as BuildKit compares them, case and all.

use crate::analysis::config::Config;
use crate::analysis::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity, Tag};
use crate::analysis::model::{DirectiveKind, Model};
use crate::analysis::rules::{self, Rule, UNUSED_SUPPRESSION};
use crate::syntax::TextRange;

/// Where a suppression applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    File,
    /// The instruction with this range.
    Instruction(TextRange),
    /// A line suppression with no instruction right below it (a blank line in between, or the
    /// end of the file): it cannot suppress anything.
    Detached,
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
    /// What removing this name alone deletes: the name with one neighbouring separator, or the
    /// whole comment line when it is the only name; `None` when removing it would leave a
    /// broken directive.
    removal: Option<TextRange>,
    scope: Scope,
    origin: Origin,
    used: bool,
}

/// A name in a list, with its range.
type Name = (String, TextRange);

/// Reads `name (spaces , spaces name)*` at `at` in `text`, hadolint's list grammar (spaces and
/// tabs around the commas). Names end at whitespace, `,`, `;` or `#`; the list ends at the first
/// name not followed by a comma, so a trailing explanation is allowed.
fn name_list(text: &str, mut at: usize, end: usize) -> Vec<Name> {
    let bytes = text.as_bytes();
    let is_space = |b: u8| b == b' ' || b == b'\t';
    let mut out = Vec::new();
    loop {
        while at < end && is_space(bytes[at]) {
            at += 1;
        }
        let start = at;
        while at < end && !(bytes[at].is_ascii_whitespace() || matches!(bytes[at], b',' | b';' | b'#')) {
            at += 1;
        }
        if at > start {
            out.push((text[start..at].to_owned(), TextRange::new(start, at)));
        }
        let mut look = at;
        while look < end && is_space(bytes[look]) {
            look += 1;
        }
        if look < end && bytes[look] == b',' {
            at = look + 1;
        } else {
            return out;
        }
    }
}

/// Parses `skip=A,B;error=true` in `text[start..end]`: the skipped names and whether
/// `error=true` is set.
fn parse_check(text: &str, start: usize, end: usize) -> (Vec<Name>, bool) {
    let mut skip = Vec::new();
    let mut error = false;
    let mut offset = start;
    for part in text[start..end].split(';') {
        if let Some((key, val)) = part.split_once('=') {
            let val_start = offset + key.len() + 1;
            let key = key.trim();
            if key.eq_ignore_ascii_case("skip") {
                skip.extend(name_list(text, val_start, val_start + val.len()));
            } else if key.eq_ignore_ascii_case("error") {
                error = val.trim().eq_ignore_ascii_case("true");
            }
        }
        offset += part.len() + 1;
    }
    (skip, error)
}

/// The first instruction that starts after `offset` with nothing but comments in between (a
/// blank line detaches, as in hadolint).
fn instruction_below(text: &str, model: &Model, offset: usize) -> Option<TextRange> {
    let next = model.instructions.iter().find(|i| i.range.start >= offset)?;
    let between = text.get(offset..next.range.start)?;
    // The first piece is the rest of the comment's own line, the last the indentation before the
    // keyword; every line in between must be another comment.
    let mut pieces = between.split('\n');
    pieces.next();
    let pieces: Vec<&str> = pieces.collect();
    let (last, middle) = pieces.split_last()?;
    let attached = last.trim().is_empty() && middle.iter().all(|l| l.trim_start().starts_with('#'));
    attached.then_some(next.range)
}

/// The whole line holding `range`, with its line break.
fn whole_line(text: &str, range: TextRange) -> TextRange {
    let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[range.end..].find('\n').map_or(text.len(), |i| range.end + i + 1);
    TextRange::new(start, end)
}

/// What deleting each name of a list deletes: the name and the comma after it (or, for the
/// last name, the comma before it), with the spaces in between. A list of one name has none:
/// `line` (the comment's whole line) when deleting the line is right, else `None`.
fn removals(text: &str, names: &[Name], line: Option<TextRange>) -> Vec<Option<TextRange>> {
    if names.len() == 1 {
        return vec![line];
    }
    (0..names.len())
        .map(|i| {
            let range = names[i].1;
            Some(match names.get(i + 1) {
                Some(next) => TextRange::new(range.start, next.1.start),
                None => {
                    let before = text[..range.start].trim_end_matches([' ', '\t']);
                    let comma = before.strip_suffix(',').map_or(range.start, str::len);
                    let start = text[..comma].trim_end_matches([' ', '\t']).len();
                    TextRange::new(start.max(names[i - 1].1.end), range.end)
                }
            })
        })
        .collect()
}

/// `# <tool> [global] ignore = a, b`: whether it is global, and the names. `body` is the comment
/// after `#`, starting at `body_start`.
fn pragma(text: &str, body_start: usize, body_end: usize) -> Option<(Origin, bool, Vec<Name>)> {
    let body = &text[body_start..body_end];
    let lead = body.len() - body.trim_start().len();
    let trimmed = &body[lead..];
    let (origin, rest) = if let Some(rest) = trimmed.strip_prefix("dockerfile-lsp") {
        (Origin::Ours, rest)
    } else if let Some(rest) = trimmed.strip_prefix("hadolint") {
        (Origin::Hadolint, rest)
    } else {
        return None;
    };
    let spaces = |s: &str| s.len() - s.trim_start_matches([' ', '\t']).len();
    if spaces(rest) == 0 {
        return None;
    }
    let mut at = body_end - rest.len() + spaces(rest);
    let mut global = false;
    if let Some(after) = text[at..body_end].strip_prefix("global")
        && spaces(after) > 0
    {
        global = true;
        at += "global".len() + spaces(after);
    }
    text[at..body_end].strip_prefix("ignore")?;
    at += "ignore".len();
    at += spaces(&text[at..body_end]);
    text[at..body_end].strip_prefix('=')?;
    let names = name_list(text, at + 1, body_end);
    (!names.is_empty()).then_some((origin, global, names))
}

/// Where the value of a `check = <value>` comment starts (BuildKit's directive shape: the name
/// in any case, spaces around `=`).
fn check_value(text: &str, body_start: usize, body_end: usize) -> Option<usize> {
    let body = &text[body_start..body_end];
    let trimmed = body.trim_start();
    let name = trimmed.get(..5).filter(|n| n.eq_ignore_ascii_case("check"))?;
    let after = trimmed[name.len()..].trim_start();
    let value = after.strip_prefix('=')?.trim_start();
    Some(body_end - value.len())
}

fn collect(text: &str, model: &Model) -> (Vec<Entry>, bool) {
    let mut entries = Vec::new();
    let mut checks_are_errors = false;
    let mut push = |names: Vec<Name>, line: Option<TextRange>, scope: Scope, origin: Origin| {
        let removals = removals(text, &names, line);
        for ((name, range), removal) in names.into_iter().zip(removals) {
            entries.push(Entry {
                name,
                range,
                removal,
                scope,
                origin,
                used: false,
            });
        }
    };
    for directive in model.directives.iter().filter(|d| d.kind == DirectiveKind::Check) {
        let value = directive.value.range;
        let (skip, error) = parse_check(text, value.start, value.end);
        checks_are_errors |= error;
        // Deleting the only skipped name would leave `skip=` behind, which BuildKit rejects.
        push(skip, None, Scope::File, Origin::BuildKit);
    }
    for comment in &model.comments {
        let source = comment.range.slice(text);
        let Some(hash) = source.find('#') else { continue };
        let body_start = comment.range.start + hash + 1;
        let body_end = comment.range.end;
        if let Some(value_start) = check_value(text, body_start, body_end) {
            let Some(target) = instruction_below(text, model, comment.range.end) else {
                continue;
            };
            let (skip, _) = parse_check(text, value_start, body_end);
            // A comment holding nothing but `check=skip=<one name>` goes as a whole.
            let only_skip = !text[value_start..body_end].contains(';');
            let line = only_skip.then(|| whole_line(text, comment.range));
            push(skip, line, Scope::Instruction(target), Origin::BuildKit);
            continue;
        }
        let Some((origin, global, names)) = pragma(text, body_start, body_end) else {
            continue;
        };
        let scope = if global {
            Scope::File
        } else {
            instruction_below(text, model, comment.range.end).map_or(Scope::Detached, Scope::Instruction)
        };
        push(names, Some(whole_line(text, comment.range)), scope, origin);
    }
    (entries, checks_are_errors)
}

/// The family of a name: hadolint's `DLnnnn`, ShellCheck's `SCnnnn`, BuildKit's PascalCase, or
/// anything else (our ids).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Hadolint,
    ShellCheck,
    BuildKit,
    Other,
}

fn family(name: &str) -> Family {
    // Bytes, not `str` slices: a name is whatever follows `ignore=`, multi-byte characters included.
    let coded = |prefix: &str| match name.as_bytes().split_at_checked(2) {
        Some((head, digits)) => {
            !digits.is_empty() && head.eq_ignore_ascii_case(prefix.as_bytes()) && digits.iter().all(u8::is_ascii_digit)
        }
        None => false,
    };
    if coded("DL") {
        Family::Hadolint
    } else if coded("SC") {
        Family::ShellCheck
    } else if name.starts_with(|c: char| c.is_ascii_uppercase()) && name.bytes().any(|b| b.is_ascii_lowercase()) {
        Family::BuildKit
    } else {
        Family::Other
    }
}

fn has_buildkit_alias(rule: &Rule) -> bool {
    rule.aliases.iter().any(|a| family(a) == Family::BuildKit)
}

/// Whether `name` (from a comment of `origin`) names what `diagnostic` of `rule` found.
fn names_diagnostic(name: &str, origin: Origin, rule: &Rule, diagnostic: &Diagnostic) -> bool {
    if origin == Origin::BuildKit {
        // BuildKit knows only its own check names, compared exactly.
        return (name == "all" && has_buildkit_alias(rule))
            || rule.aliases.iter().any(|a| family(a) == Family::BuildKit && *a == name);
    }
    if name.eq_ignore_ascii_case(rule.id) {
        return true;
    }
    let named_family = family(name);
    // A diagnostic that names the alias it matched is suppressed by exactly that alias among the
    // aliases of the same family (`DL3008` does not suppress an apk finding coded `DL3018`); an
    // alias of another family (the BuildKit name of a rule whose finding carries a DL code)
    // still names the rule as a whole.
    match diagnostic.code {
        Some(code) if family(code) == named_family => code.eq_ignore_ascii_case(name),
        _ => rule.aliases.iter().any(|a| a.eq_ignore_ascii_case(name)),
    }
}

fn in_scope(scope: Scope, diagnostic: &Diagnostic) -> bool {
    match scope {
        Scope::File => true,
        Scope::Instruction(range) => range.contains_range(diagnostic.range) || range.start == diagnostic.range.start,
        Scope::Detached => false,
    }
}

/// What an unused entry should say, or `None` when we cannot know it is unused: a rule that did
/// not run, a ShellCheck code (ShellCheck may be absent, or another version), a hadolint code or
/// BuildKit check we do not implement.
fn unused_message(entry: &Entry, config: &Config) -> Option<String> {
    let name = entry.name.as_str();
    if entry.origin == Origin::BuildKit && name == "all" {
        return Some("`check=skip=all` suppresses nothing".to_owned());
    }
    let is_buildkit_alias = |rule: &Rule| rule.aliases.iter().any(|a| family(a) == Family::BuildKit && *a == name);
    if entry.scope == Scope::Detached {
        return Some(format!(
            "Suppression of `{name}` suppresses nothing: no instruction directly below the comment"
        ));
    }
    match rules::find(name) {
        Some(rule) if entry.origin == Origin::BuildKit && !is_buildkit_alias(rule) => {
            let misspelt = rule
                .aliases
                .iter()
                .find(|a| family(a) == Family::BuildKit && a.eq_ignore_ascii_case(name));
            match misspelt {
                Some(exact) => Some(format!(
                    "BuildKit check names are case-sensitive: `{name}` suppresses nothing, write `{exact}`"
                )),
                None => Some(format!(
                    "`{name}` is not a BuildKit check name: use `# dockerfile-lsp ignore={name}`"
                )),
            }
        }
        Some(rule) => rule.is_enabled(config).then(|| match entry.origin {
            Origin::Ours => format!("Suppression of `{name}` suppresses nothing"),
            // The other tool's rule does not fire exactly where ours does: say whose view this is.
            Origin::Hadolint => format!("`{name}` suppresses nothing here (hadolint's own rule may still need it)"),
            Origin::BuildKit => format!("`{name}` suppresses nothing here (BuildKit's own check may still need it)"),
        }),
        None => match family(name) {
            Family::ShellCheck => None,
            Family::Hadolint | Family::BuildKit if entry.origin != Origin::Ours => None,
            _ => Some(format!("Unknown rule `{name}` in suppression")),
        },
    }
}

/// Drops suppressed diagnostics, raises BuildKit-aliased ones to errors under `error=true`, and
/// adds an `unused-suppression` diagnostic for every name that suppressed nothing (when that
/// rule is enabled).
pub fn apply(text: &str, model: &Model, diagnostics: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    let (mut entries, checks_are_errors) = collect(text, model);
    let mut kept = Vec::with_capacity(diagnostics.len());
    for mut d in diagnostics {
        let Some(rule) = rules::find(d.rule) else {
            kept.push(d);
            continue;
        };
        let mut suppressed = false;
        for entry in entries.iter_mut() {
            if in_scope(entry.scope, &d) && names_diagnostic(&entry.name, entry.origin, rule, &d) {
                entry.used = true;
                suppressed = true;
            }
        }
        if suppressed {
            continue;
        }
        if checks_are_errors && has_buildkit_alias(rule) {
            d.severity = Severity::Error;
        }
        kept.push(d);
    }
    if rules::is_enabled(config, UNUSED_SUPPRESSION) {
        let severity = config.severity_override(UNUSED_SUPPRESSION).unwrap_or(Severity::Hint);
        for entry in entries.iter().filter(|e| !e.used) {
            let Some(message) = unused_message(entry, config) else {
                continue;
            };
            let fix = entry.removal.map(|range| {
                Fix::new(
                    "Remove the unused suppression",
                    Applicability::Unsafe,
                    vec![Edit {
                        range,
                        new_text: String::new(),
                    }],
                )
            });
            kept.push(Diagnostic {
                range: entry.range,
                rule: UNUSED_SUPPRESSION,
                code: None,
                severity,
                message,
                fix,
                tags: vec![Tag::Unnecessary],
                related: Vec::new(),
            });
        }
    }
    kept.sort_by(|a, b| (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule)));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_of_names_with_multibyte_characters() {
        // Found by fuzzing: `D\u{fffd}L3008` sliced inside the replacement character.
        assert_eq!(family("D\u{fffd}L3008"), Family::Other);
        assert_eq!(family("\u{fffd}5"), Family::Other);
        assert_eq!(family("é"), Family::Other);
        assert_eq!(family("dl3008"), Family::Hadolint);
        assert_eq!(family("SC2086"), Family::ShellCheck);
        assert_eq!(family("DL"), Family::Other);
        assert_eq!(family("JSONArgsRecommended"), Family::BuildKit);
    }

    fn names(text: &str) -> Vec<&str> {
        name_list(text, 0, text.len())
            .into_iter()
            .map(|(n, r)| {
                assert_eq!(&text[r.as_range()], n);
                &text[r.as_range()]
            })
            .collect()
    }

    #[test]
    fn lists_follow_hadolints_grammar() {
        assert_eq!(names("DL3008,DL3009"), ["DL3008", "DL3009"]);
        assert_eq!(names(" DL3008 , DL3009\t,SC2086 # why"), ["DL3008", "DL3009", "SC2086"]);
        assert_eq!(names("DL3008 pinned upstream"), ["DL3008"]);
        assert_eq!(names("untagged-image;error=true"), ["untagged-image"]);
        assert!(names("").is_empty());
    }

    #[test]
    fn pragmas() {
        let text = "# hadolint global ignore = DL3008, DL3009";
        let (origin, global, names) = pragma(text, 1, text.len()).unwrap_or((Origin::Ours, false, Vec::new()));
        assert_eq!((origin, global), (Origin::Hadolint, true));
        assert_eq!(
            names.iter().map(|n| n.0.as_str()).collect::<Vec<_>>(),
            ["DL3008", "DL3009"]
        );
        for not_one in [
            "# hadolintignore=DL3008",
            "# hadolint ignored=DL3008",
            "# hadolint ignore=",
            "# dockerfile-lsp",
            "# see hadolint ignore=DL3008",
        ] {
            assert!(pragma(not_one, 1, not_one.len()).is_none(), "{not_one}");
        }
    }

    #[test]
    fn removals_take_one_separator() {
        let text = "# hadolint ignore=A, B ,C";
        let list = name_list(text, 18, text.len());
        let cut: Vec<String> = removals(text, &list, None)
            .into_iter()
            .map(|r| {
                let r = r.unwrap_or_default();
                format!("{}{}", &text[..r.start], &text[r.end..])
            })
            .collect();
        assert_eq!(
            cut,
            [
                "# hadolint ignore=B ,C",
                "# hadolint ignore=A, C",
                "# hadolint ignore=A, B"
            ]
        );
    }

    #[test]
    fn families() {
        assert_eq!(family("DL3008"), Family::Hadolint);
        assert_eq!(family("dl3008"), Family::Hadolint);
        assert_eq!(family("SC2086"), Family::ShellCheck);
        assert_eq!(family("JSONArgsRecommended"), Family::BuildKit);
        assert_eq!(family("untagged-image"), Family::Other);
        assert_eq!(family("DL"), Family::Other);
    }
}
