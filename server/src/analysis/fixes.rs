//! Applying the fixes diagnostics carry: choosing fixes whose edits do not overlap, applying
//! edits to a text, and fixing in rounds (apply, analyse again, apply what is left) until
//! nothing changes. Used by fix-all in the editor and by `check --fix`.

use std::collections::HashSet;

use crate::analysis::diagnostic::{Applicability, Diagnostic, Edit, Fix, NewFile};
use crate::syntax::TextRange;

/// Enough for fixes that make room for one another; a fix that keeps re-firing stops here.
pub const MAX_ROUNDS: usize = 10;

/// Which fixes may be applied without a human looking at each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixMode {
    /// Safe fixes only.
    Safe,
    /// Safe and unsafe fixes.
    Unsafe,
}

impl FixMode {
    pub fn admits(self, applicability: Applicability) -> bool {
        self == FixMode::Unsafe || applicability == Applicability::Safe
    }
}

/// Whether two edits cannot both be applied: their ranges overlap, or they insert at the same
/// place (which order would be a guess). Ranges that only touch are fine.
pub fn conflict(a: TextRange, b: TextRange) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => a.start == b.start,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
        (false, false) => a.start < b.end && b.start < a.end,
    }
}

/// `text` with `edits` applied. Edits may come in any order; one that conflicts with an earlier
/// (in text order) edit, or does not fall on character boundaries, is skipped.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut last: Option<TextRange> = None;
    for edit in sorted {
        let r = edit.range;
        let valid = r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end);
        if !valid || r.start < copied || last.is_some_and(|l| conflict(l, r)) {
            continue;
        }
        out.push_str(&text[copied..r.start]);
        out.push_str(&edit.new_text);
        copied = r.end;
        last = Some(r);
    }
    out.push_str(&text[copied..]);
    out
}

/// The line break a text uses: CRLF when its first line ends with one.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// `new_text` with its line breaks written as `eol`, so that a fix keeps a CRLF file CRLF.
pub fn with_line_ending(new_text: &str, eol: &str) -> String {
    if eol != "\r\n" || !new_text.contains('\n') {
        return new_text.to_string();
    }
    let mut out = String::with_capacity(new_text.len() + 8);
    let mut prev = '\0';
    for c in new_text.chars() {
        if c == '\n' && prev != '\r' {
            out.push('\r');
        }
        out.push(c);
        prev = c;
    }
    out
}

/// The fixable diagnostics whose fixes can be applied together: in order, each fix admitted by
/// `mode` whose edits conflict with no fix taken before it. A fix that only creates files
/// already in `created` has nothing left to do and is left out.
pub fn select<'a>(diagnostics: &'a [Diagnostic], mode: FixMode, created: &HashSet<String>) -> Vec<&'a Diagnostic> {
    let mut taken: Vec<TextRange> = Vec::new();
    let mut chosen = Vec::new();
    for d in diagnostics {
        let Some(fix) = &d.fix else { continue };
        if !mode.admits(fix.applicability) {
            continue;
        }
        if fix.edits.is_empty() && fix.new_files.iter().all(|f| created.contains(&f.path)) {
            continue;
        }
        let ranges: Vec<TextRange> = fix.edits.iter().map(|e| e.range).collect();
        let clashes_within = ranges
            .iter()
            .enumerate()
            .any(|(i, a)| ranges[i + 1..].iter().any(|b| conflict(*a, *b)));
        let clashes = ranges.iter().any(|a| taken.iter().any(|b| conflict(*a, *b)));
        if clashes_within || clashes {
            continue;
        }
        taken.extend(ranges);
        chosen.push(d);
    }
    chosen
}

/// The edits of `fixes`, written with `text`'s line breaks.
pub fn edits_of<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> Vec<Edit> {
    let eol = line_ending(text);
    fixes
        .into_iter()
        .flat_map(|f| &f.edits)
        .map(|e| Edit {
            range: e.range,
            new_text: with_line_ending(&e.new_text, eol),
        })
        .collect()
}

/// A fix that was applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub rule: &'static str,
    pub title: String,
}

/// One round: the fixes applied and the text they gave.
#[derive(Clone, Debug)]
pub struct Round {
    pub text: String,
    /// The applied fixes with their edits as given (in the coordinates of the text before).
    pub fixes: Vec<(&'static str, Fix)>,
}

/// Applies every fix `select` chooses among `diagnostics` (computed for `text`).
pub fn round(text: &str, diagnostics: &[Diagnostic], mode: FixMode, created: &HashSet<String>) -> Round {
    let chosen = select(diagnostics, mode, created);
    let fixes: Vec<(&'static str, Fix)> = chosen
        .into_iter()
        .filter_map(|d| d.fix.clone().map(|f| (d.rule, f)))
        .collect();
    let edits = edits_of(text, fixes.iter().map(|(_, f)| f));
    Round {
        text: apply_edits(text, &edits),
        fixes,
    }
}

/// What fixing a text in rounds gave.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub text: String,
    pub applied: Vec<Applied>,
    /// Files the fixes create, the first fix for a path winning.
    pub new_files: Vec<NewFile>,
    /// Rounds that applied something.
    pub rounds: usize,
    /// A last analysis found nothing more to apply (false when `max_rounds` ran out first).
    pub converged: bool,
}

/// Fixes `text` in rounds: analyse, apply every fix that fits, and again, until a round has
/// nothing to apply or `max_rounds` rounds have run.
pub fn fix_all(
    text: &str,
    mode: FixMode,
    max_rounds: usize,
    analyze: &mut dyn FnMut(&str) -> Vec<Diagnostic>,
) -> Outcome {
    let mut current = text.to_string();
    let mut applied = Vec::new();
    let mut new_files: Vec<NewFile> = Vec::new();
    let mut created: HashSet<String> = HashSet::new();
    let mut rounds = 0;
    loop {
        let diagnostics = analyze(&current);
        let next = round(&current, &diagnostics, mode, &created);
        if next.fixes.is_empty() {
            return Outcome {
                text: current,
                applied,
                new_files,
                rounds,
                converged: true,
            };
        }
        if rounds == max_rounds {
            return Outcome {
                text: current,
                applied,
                new_files,
                rounds,
                converged: false,
            };
        }
        rounds += 1;
        for (rule, fix) in &next.fixes {
            for file in &fix.new_files {
                if created.insert(file.path.clone()) {
                    new_files.push(file.clone());
                }
            }
            applied.push(Applied {
                rule,
                title: fix.title.clone(),
            });
        }
        let unchanged = next.text == current;
        current = next.text;
        if unchanged && next.fixes.iter().all(|(_, f)| f.edits.is_empty()) {
            continue;
        }
        if unchanged {
            // Edits that change nothing would be chosen again forever.
            return Outcome {
                text: current,
                applied,
                new_files,
                rounds,
                converged: true,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::diagnostic::Severity;

    fn edit(start: usize, end: usize, new_text: &str) -> Edit {
        Edit {
            range: TextRange::new(start, end),
            new_text: new_text.to_string(),
        }
    }

    fn diag(rule: &'static str, applicability: Applicability, edits: Vec<Edit>) -> Diagnostic {
        Diagnostic {
            range: edits.first().map_or(TextRange::empty(0), |e| e.range),
            rule,
            code: None,
            severity: Severity::Warning,
            message: String::new(),
            fix: Some(Fix::new(format!("Fix {rule}"), applicability, edits)),
            tags: Vec::new(),
            related: Vec::new(),
        }
    }

    #[test]
    fn edits_apply_in_text_order_and_conflicts_are_skipped() {
        let text = "FROM a\nRUN b\n";
        let edits = [
            edit(7, 10, "run"),
            edit(0, 4, "from"),
            edit(8, 9, "X"),
            edit(6, 6, "\n"),
        ];
        assert_eq!(apply_edits(text, &edits), "from a\n\nrun b\n");
        // Two insertions at one place conflict; touching ranges do not.
        assert_eq!(apply_edits("ab", &[edit(1, 1, "x"), edit(1, 1, "y")]), "axb");
        assert_eq!(apply_edits("ab", &[edit(0, 1, "x"), edit(1, 2, "y")]), "xy");
        // Out of range or inside a character: skipped, never a panic.
        assert_eq!(apply_edits("é", &[edit(1, 2, "x"), edit(0, 9, "y")]), "é");
    }

    #[test]
    fn conflicts() {
        let r = TextRange::new;
        assert!(conflict(r(0, 4), r(3, 5)));
        assert!(!conflict(r(0, 4), r(4, 5)));
        assert!(conflict(r(2, 2), r(0, 4)));
        assert!(!conflict(r(0, 0), r(0, 4)));
        assert!(!conflict(r(4, 4), r(0, 4)));
        assert!(conflict(r(4, 4), r(4, 4)));
    }

    #[test]
    fn crlf_texts_get_crlf_edits() {
        assert_eq!(line_ending("a\r\nb\n"), "\r\n");
        assert_eq!(line_ending("a\nb\r\n"), "\n");
        assert_eq!(with_line_ending("a\nb\r\nc", "\r\n"), "a\r\nb\r\nc");
        let fix = Fix::new("x", Applicability::Safe, vec![edit(3, 3, " && \\\n    b")]);
        assert_eq!(edits_of("RUN\r\n", [&fix])[0].new_text, " && \\\r\n    b");
    }

    #[test]
    fn selection_keeps_the_first_of_overlapping_fixes_and_respects_the_mode() {
        let diagnostics = vec![
            diag("a", Applicability::Safe, vec![edit(0, 4, "x")]),
            diag("b", Applicability::Safe, vec![edit(2, 6, "y")]),
            diag("c", Applicability::Unsafe, vec![edit(8, 9, "z")]),
            diag("d", Applicability::Safe, vec![edit(6, 7, "w"), edit(6, 8, "v")]),
        ];
        let none = HashSet::new();
        let rules = |mode| -> Vec<&str> { select(&diagnostics, mode, &none).iter().map(|d| d.rule).collect() };
        assert_eq!(rules(FixMode::Safe), ["a"]);
        assert_eq!(rules(FixMode::Unsafe), ["a", "c"]);
    }

    #[test]
    fn rounds_continue_until_nothing_is_left() {
        // A stand-in analysis: every `aa` is a problem whose fix turns it into `a`, and fixes of
        // neighbouring pairs overlap, so that several rounds are needed.
        let mut analyze = |text: &str| -> Vec<Diagnostic> {
            (0..text.len().saturating_sub(1))
                .filter(|&i| &text[i..i + 2] == "aa")
                .map(|i| diag("pair", Applicability::Safe, vec![edit(i, i + 2, "a")]))
                .collect()
        };
        let outcome = fix_all("aaaaaaaa-aa", FixMode::Safe, MAX_ROUNDS, &mut analyze);
        assert_eq!(outcome.text, "a-a");
        assert!(outcome.converged);
        assert_eq!(outcome.rounds, 3);
        assert_eq!(outcome.applied.len(), 8);
        let stopped = fix_all("aaaaaaaa", FixMode::Safe, 1, &mut analyze);
        assert_eq!(stopped.text, "aaaa");
        assert!(!stopped.converged);
    }

    #[test]
    fn a_fix_that_only_creates_a_file_is_applied_once() {
        let mut analyze = |_: &str| -> Vec<Diagnostic> {
            let mut d = diag("missing-file", Applicability::Safe, Vec::new());
            if let Some(fix) = d.fix.as_mut() {
                fix.new_files.push(NewFile {
                    path: ".dockerignore".into(),
                    contents: ".git\n".into(),
                });
            }
            vec![d]
        };
        let outcome = fix_all("FROM a\n", FixMode::Safe, MAX_ROUNDS, &mut analyze);
        assert!(outcome.converged);
        assert_eq!(outcome.new_files.len(), 1);
        assert_eq!(outcome.applied.len(), 1);
        assert_eq!(outcome.text, "FROM a\n");
    }
}
