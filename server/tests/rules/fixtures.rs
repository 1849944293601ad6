//! Fixture tests for every rule: `tests/fixtures/rules/<rule-id>/*.Dockerfile` are Dockerfiles
//! annotated with the diagnostics they must produce, as comment lines under the line they
//! annotate:
//!
//! ```text
//! RUNN echo hi
//! #^^^ error[unknown-instruction]: did you mean `RUN`
//! COPY --form=build /a /b
//! #    ^^^^^^ error[unknown-flag]: Unknown flag
//! ```
//!
//! The carets sit under the columns (counted in characters) of the nearest line above that is
//! not itself an expectation. A `#` directly followed by carets is one of them, so a range that
//! starts in column 0 is written `#^^^`; a `#` with no carets marks one column, at the `#`. A
//! range that runs onto the next line is annotated on its first line, with its line break as one
//! column past the end of the line. `# @4..4` gives the columns explicitly, for what carets
//! cannot show (empty ranges, ranges starting in column 1). After the label comes a substring
//! of the message, which may be left out.
//!
//! The related places of a grouped finding (each unpinned package of one install command) are
//! annotated the same way with `related` in place of the severity, under the place, with a
//! substring of the place's own message:
//!
//! ```text
//! RUN apk add curl \
//!     git
//! #   ^^^ related[unpinned-package-versions]: `git`
//! ```
//!
//! Expectation lines are removed before analysis, so line numbers in the analysed text are
//! those of the file without them. Within the rules a file is about (its folder's rule and
//! every rule an expectation names) every diagnostic must be expected and every expectation
//! met. When `<name>.Dockerfile.fixed` exists, applying the fixes of the folder's rule to the
//! stripped text must give exactly its content. Fixtures about `shellcheck` run the real
//! `shellcheck` binary and are skipped, with a note, where it is not installed. When a folder
//! `<name>.context/` exists next to `<name>.Dockerfile`, its files are the build context the
//! fixture is analysed in (for the rules that read it); without one, the context is unknown.
//! Fixtures are analysed as if today were 2026-12-07 ([`FIXTURE_TODAY`]); a comment line
//! `# today: <YYYY-MM-DD>` (or `# today: none`) in a fixture sets another day (or none).
//! Every fix a fixture's analysis carries must be of a kind its rule declares (`fix:` in its
//! `pub static RULE`): no fix from a rule declaring none, no unsafe fix from a rule declaring
//! safe ones, and no safe fix from a rule declaring unsafe ones.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::common::annotations::{Span, annotation, label, parse, strip};
use crate::common::sorted_entries;
use dockerfile_lsp::analysis::config::Config;
use dockerfile_lsp::analysis::context::MemoryContext;
use dockerfile_lsp::analysis::date::Date;
use dockerfile_lsp::analysis::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use dockerfile_lsp::analysis::rules;
use dockerfile_lsp::analysis::{Host, analyze};
use dockerfile_lsp::workspace::shellcheck::Shellcheck;

/// The pseudo rule of `tests/fixtures/seed/`: the example Dockerfiles of the course notes
/// (`../shared/seed/`), each with every finding a careful reviewer would give it.
const SEED: &str = "seed";

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/rules")
}

/// Lines of `text` without their line breaks (`\n` or `\r\n`), with their byte offsets.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        out.push((offset, raw.trim_end_matches('\n').trim_end_matches('\r')));
        offset += raw.len();
    }
    if text.is_empty() || text.ends_with('\n') {
        out.push((offset, ""));
    }
    out
}

/// Where a diagnostic's range is, in the terms of an annotation: its first line, and its columns
/// on that line, the line break counting as one column when the range goes on past it.
fn span_of(text: &str, start: usize, end: usize) -> Span {
    let lines = lines(text);
    let line = lines.iter().rposition(|(o, _)| *o <= start).unwrap_or(0);
    let (offset, content) = lines[line];
    let column = |byte: usize| {
        content
            .get(..byte.saturating_sub(offset))
            .map_or(0, |s| s.chars().count())
    };
    let first = column(start.min(offset + content.len()));
    let last = if end <= offset + content.len() {
        column(end)
    } else {
        content.chars().count() + 1
    };
    Span {
        line,
        start: first,
        end: last,
    }
}

/// The annotation's word for a finding's severity, `related` for a related place.
fn kind(severity: Option<Severity>) -> &'static str {
    severity.map_or("related", Severity::as_str)
}

/// A finding or one of its related places, as the annotations see them.
struct Found<'a> {
    /// `None` for a related place.
    severity: Option<Severity>,
    rule: &'a str,
    message: &'a str,
    span: Span,
}

/// The findings and their related places, each place right after its finding.
fn found<'a>(text: &str, diagnostics: &[&'a Diagnostic]) -> Vec<Found<'a>> {
    let mut out = Vec::new();
    for d in diagnostics {
        out.push(Found {
            severity: Some(d.severity),
            rule: d.rule,
            message: &d.message,
            span: span_of(text, d.range.start, d.range.end),
        });
        for r in &d.related {
            out.push(Found {
                severity: None,
                rule: d.rule,
                message: &r.message,
                span: span_of(text, r.range.start, r.range.end),
            });
        }
    }
    out
}

/// Applies the fixes, first come first served, skipping any that overlap an earlier one.
fn apply_fixes(text: &str, diagnostics: &[&Diagnostic]) -> String {
    let mut taken: Vec<&Edit> = Vec::new();
    for d in diagnostics {
        let Some(fix) = &d.fix else { continue };
        let overlaps = fix.edits.iter().any(|e| {
            taken
                .iter()
                .any(|t| e.range.start < t.range.end && t.range.start < e.range.end)
        });
        if !overlaps {
            taken.extend(fix.edits.iter());
        }
    }
    taken.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = text.to_string();
    for e in taken.iter().rev() {
        out.replace_range(e.range.as_range(), &e.new_text);
    }
    out
}

/// The fixes among `diagnostics` that their rule's declared fix kind does not allow, one line
/// each for the report.
fn fix_kind_mismatches(text: &str, diagnostics: &[Diagnostic], file_lines: &[usize]) -> Vec<String> {
    let mut out = Vec::new();
    for d in diagnostics {
        let (Some(fix), Some(rule)) = (&d.fix, rules::find(d.rule)) else {
            continue;
        };
        if !rule.fix.allows(fix.applicability) {
            let line = span_of(text, d.range.start, d.range.end).line;
            out.push(format!(
                "  line {}: `{}` declares `fix: FixKind::{:?}` but offers a{} fix (\"{}\"); declare the kind \
                 its fixes have (`SafeOrUnsafe` when it depends on the case, saying which in Fix safety)",
                file_lines.get(line).copied().unwrap_or(0),
                rule.id,
                rule.fix,
                match fix.applicability {
                    Applicability::Safe => " safe",
                    Applicability::Unsafe => "n unsafe",
                },
                fix.title,
            ));
        }
    }
    out
}

/// Checks one fixture; the error is a report for humans.
fn check_fixture(rule_id: &str, path: &Path) -> Result<(), String> {
    let source = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let fixture = strip(&source);
    let mut report = String::new();

    let mut considered: BTreeSet<&str> = BTreeSet::new();
    considered.insert(rule_id);
    // A seed fixture is about every rule that runs by default, except ShellCheck, whose findings
    // depend on the installed version.
    if rule_id == SEED {
        considered.extend(
            rules::ALL
                .iter()
                .filter(|r| r.default_enabled && r.id != "shellcheck")
                .map(|r| r.id),
        );
    }
    for e in &fixture.expectations {
        match rules::find(&e.rule) {
            Some(rule) if rule.id == e.rule => {
                considered.insert(rule.id);
            }
            _ => {
                let _ = writeln!(report, "  line {}: no rule has the id `{}`", e.file_line, e.rule);
            }
        }
    }

    let config = Config {
        select: rules::ALL
            .iter()
            .filter(|r| r.default_enabled || considered.contains(r.id))
            .map(|r| r.id.to_string())
            .collect(),
        ..Config::default()
    };
    let today = match fixture_today(&fixture.text) {
        Ok(today) => today,
        Err(e) => return Err(format!("  {e}\n")),
    };
    let host = Host { today, ..Host::none() };
    // ShellCheck runs only for fixtures about it, so that the others do not depend on it.
    let analysis = if considered.contains("shellcheck") {
        let Some(shellcheck) = Shellcheck::for_config(&config.shellcheck) else {
            eprintln!("note: no `shellcheck` installed; {} is not checked", path.display());
            return Ok(());
        };
        analyze(&fixture.text, &config, &Host { shellcheck, ..host }, None)
    } else if let Some(fs) = fixture_context(path) {
        let context = Arc::new(fs);
        analyze(&fixture.text, &config, &Host { context, ..host }, None)
    } else {
        analyze(&fixture.text, &config, &host, None)
    };
    for line in fix_kind_mismatches(&fixture.text, &analysis.diagnostics, &fixture.file_lines) {
        let _ = writeln!(report, "{line}");
    }
    let actual: Vec<&Diagnostic> = analysis
        .diagnostics
        .iter()
        .filter(|d| considered.contains(d.rule))
        .collect();

    let places = found(&fixture.text, &actual);
    let mut matched = vec![false; places.len()];
    let mut unmet = Vec::new();
    for e in &fixture.expectations {
        let hit = places.iter().enumerate().position(|(i, d)| {
            !matched[i]
                && d.rule == e.rule
                && kind(d.severity) == e.kind
                && d.message.contains(&e.message)
                && d.span == e.span
        });
        match hit {
            Some(i) => matched[i] = true,
            None => unmet.push(e),
        }
    }

    let source_lines = lines(&fixture.text);
    let file_line = |line: usize| fixture.file_lines.get(line).copied().unwrap_or(0);
    let code_line = |line: usize| source_lines.get(line).map_or("", |(_, l)| *l);
    for e in &unmet {
        let _ = writeln!(
            report,
            "  expected, not reported (annotation on line {}, under line {}):\n      {}\n      {}",
            e.file_line,
            file_line(e.span.line),
            code_line(e.span.line),
            annotation(e.span, &label(&e.kind, &e.rule, &e.message)),
        );
    }
    for (d, _) in places.iter().zip(&matched).filter(|(_, m)| !**m) {
        let _ = writeln!(
            report,
            "  reported, not expected (line {}), annotate it as:\n      {}\n      {}",
            file_line(d.span.line),
            code_line(d.span.line),
            annotation(d.span, &label(kind(d.severity), d.rule, d.message)),
        );
    }

    let fixed_path = PathBuf::from(format!("{}.fixed", path.display()));
    if fixed_path.exists() {
        let want = std::fs::read_to_string(&fixed_path).map_err(|e| format!("cannot read .fixed: {e}"))?;
        let own: Vec<&Diagnostic> = actual.iter().copied().filter(|d| d.rule == rule_id).collect();
        let got = apply_fixes(&fixture.text, &own);
        if got != want {
            let _ = writeln!(
                report,
                "  applying the fixes does not give the content of its .fixed file:\n--- want\n{want}--- got\n{got}---"
            );
        }
    }

    if report.is_empty() { Ok(()) } else { Err(report) }
}

/// Today's date for every fixture, so that findings that depend on it (end-of-life base images)
/// do not change as time passes. A fixture sets another with a comment line `# today: <date>`,
/// or none with `# today: none`.
const FIXTURE_TODAY: &str = "2026-12-07";

/// The date a fixture is analysed on: its `# today:` line, else [`FIXTURE_TODAY`].
fn fixture_today(text: &str) -> Result<Option<Date>, String> {
    let written = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix('#')?.trim().strip_prefix("today:"))
        .map(str::trim)
        .next_back();
    match written.unwrap_or(FIXTURE_TODAY) {
        "none" => Ok(None),
        date => Date::parse(date)
            .map(Some)
            .ok_or_else(|| format!("`# today: {date}` is not a date (YYYY-MM-DD) nor `none`")),
    }
}

/// The files under `<name>.context/` next to `<name>.Dockerfile`, as a build context.
fn fixture_context(path: &Path) -> Option<MemoryContext> {
    let stem = path.file_name()?.to_str()?.strip_suffix(".Dockerfile")?;
    let root = path.with_file_name(format!("{stem}.context"));
    if !root.is_dir() {
        return None;
    }
    let mut files: Vec<(String, String)> = Vec::new();
    let mut pending = vec![root.clone()];
    while let Some(dir) = pending.pop() {
        for entry in sorted_entries(&dir) {
            if entry.is_dir() {
                pending.push(entry);
            } else if let Ok(relative) = entry.strip_prefix(&root) {
                let contents = std::fs::read_to_string(&entry).unwrap_or_default();
                files.push((relative.to_string_lossy().replace('\\', "/"), contents));
            }
        }
    }
    Some(MemoryContext::new(files.iter().map(|(p, c)| (p.as_str(), c.as_str()))))
}

#[test]
fn rule_fixtures() {
    let root = fixtures_root();
    // `RULE_FIXTURES=unknown-flag cargo test --test rules fixtures::` runs only matching fixtures.
    let only = std::env::var("RULE_FIXTURES").ok();
    let mut failures = String::new();
    let mut checked = 0;
    let mut with_fixtures = BTreeSet::new();
    for dir in sorted_entries(&root).into_iter().filter(|p| p.is_dir()) {
        let id = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let Some(rule) = rules::ALL.iter().find(|r| r.id == id) else {
            let _ = writeln!(failures, "{}: no rule has the id `{id}`\n", dir.display());
            continue;
        };
        for file in sorted_entries(&dir) {
            if file.extension().and_then(|e| e.to_str()) != Some("Dockerfile") {
                continue;
            }
            if only
                .as_ref()
                .is_some_and(|o| !file.to_string_lossy().contains(o.as_str()))
            {
                continue;
            }
            checked += 1;
            with_fixtures.insert(rule.id);
            if let Err(report) = check_fixture(rule.id, &file) {
                let shown = file.strip_prefix(&root).unwrap_or(&file);
                let _ = writeln!(failures, "tests/fixtures/rules/{}:\n{report}", shown.display());
            }
        }
    }
    for rule in rules::ALL.iter().filter(|_| only.is_none()) {
        if !with_fixtures.contains(rule.id) {
            let _ = writeln!(
                failures,
                "rule `{}` has no fixtures: add tests/fixtures/rules/{}/*.Dockerfile\n",
                rule.id, rule.id
            );
        }
    }
    assert!(failures.is_empty(), "rule fixtures failed:\n\n{failures}");
    assert!(checked > 0, "no fixtures found under {}", root.display());
}

/// The files under `dir` (recursively) that contain `needle`, sorted.
fn files_containing(dir: &Path, needle: &str, out: &mut Vec<PathBuf>) {
    for entry in sorted_entries(dir) {
        if entry.is_dir() {
            files_containing(&entry, needle, out);
        } else if std::fs::read_to_string(&entry).is_ok_and(|text| text.contains(needle)) {
            out.push(entry);
        }
    }
}

/// `xtask new-rule` marks every place a new rule's author must fill in; none may be left in a
/// rule's source or its fixtures.
#[test]
fn no_rule_is_left_unfinished() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    for dir in ["server/src/analysis/rules", "tests/fixtures/rules"] {
        files_containing(&repo.join(dir), rules::UNFINISHED, &mut found);
    }
    let listed: Vec<String> = found
        .iter()
        .map(|p| p.strip_prefix(&repo).unwrap_or(p).display().to_string())
        .collect();
    assert!(
        listed.is_empty(),
        "still marked {} by `xtask new-rule`: write what each mark asks for, then regenerate the docs \
         (`cargo run -p xtask -- gen-docs`) and the VS Code settings (`UPDATE=1 cargo test -p dockerfile-lsp \
         --test rules vscode_settings::`):\n  {}",
        rules::UNFINISHED,
        listed.join("\n  ")
    );
}

#[test]
fn expectation_lines_parse() {
    let parsed = |line: &str| parse(line).map(|a| (a.start, a.end, a.kind, a.rule, a.message));
    let owned = |start, end, kind: &str, rule: &str, message: &str| {
        Some((start, end, kind.to_owned(), rule.to_owned(), message.to_owned()))
    };
    assert_eq!(
        parsed("#    ^^^^^^ warning[untagged-image]: has no tag"),
        owned(5, 11, "warning", "untagged-image", "has no tag")
    );
    assert_eq!(
        parsed("#^^^ error[unknown-instruction]"),
        owned(0, 4, "error", "unknown-instruction", "")
    );
    assert_eq!(
        parsed("# warning[empty-continuation-line]: Empty line"),
        owned(0, 1, "warning", "empty-continuation-line", "Empty line")
    );
    assert_eq!(
        parsed("# @0..0 error[empty-dockerfile]"),
        owned(0, 0, "error", "empty-dockerfile", "")
    );
    assert_eq!(
        parsed("#   ^^^ related[unpinned-package-versions]: `git`"),
        owned(4, 7, "related", "unpinned-package-versions", "`git`")
    );
    assert_eq!(
        parsed("#  ^^ error[acme/no-add]: Use COPY"),
        owned(3, 5, "error", "acme/no-add", "Use COPY")
    );
    assert_eq!(parsed("# an ordinary comment [with brackets]"), None);
    assert_eq!(parsed("RUN echo error[x]"), None);
    assert_eq!(parsed("# syntax=docker/dockerfile:1"), None);
    assert_eq!(parsed("# note[x]: not a kind"), None);
}

#[test]
fn fixes_must_be_of_the_kind_their_rule_declares() {
    use dockerfile_lsp::analysis::rules::FixKind;
    use dockerfile_lsp::syntax::TextRange;
    let text = "FROM a\nRUN b\n";
    let finding = |rule: &'static str, applicability: Applicability| Diagnostic {
        range: TextRange::new(7, 12),
        rule,
        code: None,
        severity: Severity::Warning,
        message: String::new(),
        fix: Some(Fix::new("Do it", applicability, Vec::new())),
        tags: Vec::new(),
        related: Vec::new(),
    };
    // One rule of each kind, looked up so that the test follows the registry.
    let of_kind = |kind: FixKind| {
        rules::ALL
            .iter()
            .find(|r| r.fix == kind)
            .map(|r| r.id)
            .unwrap_or_else(|| panic!("no rule declares {kind:?}"))
    };
    let (none, safe, unsafe_, both) = (
        of_kind(FixKind::None),
        of_kind(FixKind::Safe),
        of_kind(FixKind::Unsafe),
        of_kind(FixKind::SafeOrUnsafe),
    );
    let lines = [1, 2, 3];
    let wrong = [
        finding(none, Applicability::Safe),
        finding(safe, Applicability::Unsafe),
        finding(unsafe_, Applicability::Safe),
    ];
    let found = fix_kind_mismatches(text, &wrong, &lines);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found[1].contains(&format!(
            "line 2: `{safe}` declares `fix: FixKind::Safe` but offers an unsafe fix"
        )),
        "{found:?}"
    );
    let right = [
        finding(safe, Applicability::Safe),
        finding(unsafe_, Applicability::Unsafe),
        finding(both, Applicability::Safe),
        finding(both, Applicability::Unsafe),
    ];
    assert!(fix_kind_mismatches(text, &right, &lines).is_empty());
}

#[test]
fn annotations_round_trip() {
    for (start, end) in [(0, 1), (0, 4), (2, 5), (7, 8), (1, 3), (0, 0), (5, 5)] {
        let span = Span { line: 0, start, end };
        let line = annotation(span, "error[syntax-error]: x");
        let parsed = parse(&line).map(|a| (a.start, a.end));
        assert_eq!(parsed, Some((start, end)), "{line}");
    }
}

#[test]
fn spans_count_characters_and_line_breaks() {
    let text = "FROM a\r\nRUN é \\\n  x\n";
    // `é` is two bytes but one column.
    let e = text.find('é').unwrap_or(0);
    assert_eq!(
        span_of(text, e, e + 2),
        Span {
            line: 1,
            start: 4,
            end: 5
        }
    );
    // A range running onto the next line ends one past the line's last column.
    assert_eq!(
        span_of(text, 8, text.len()),
        Span {
            line: 1,
            start: 0,
            end: 8
        }
    );
    // A CRLF line break is one column too.
    assert_eq!(
        span_of(text, 0, 8),
        Span {
            line: 0,
            start: 0,
            end: 7
        }
    );
    assert_eq!(
        span_of("", 0, 0),
        Span {
            line: 0,
            start: 0,
            end: 0
        }
    );
}

#[test]
fn seed_fixtures() {
    let root = fixtures_root().join("../seed");
    let mut failures = String::new();
    let mut checked = 0;
    for file in sorted_entries(&root) {
        if file.extension().and_then(|e| e.to_str()) != Some("Dockerfile") {
            continue;
        }
        checked += 1;
        if let Err(report) = check_fixture(SEED, &file) {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let _ = writeln!(failures, "tests/fixtures/seed/{name}:\n{report}");
        }
    }
    assert!(failures.is_empty(), "seed fixtures failed:\n\n{failures}");
    assert!(
        checked >= 7,
        "expected the course notes' examples under {}",
        root.display()
    );
}
