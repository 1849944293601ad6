//! No two rules report the same problem at the same place, over every fixture (rules, seed and
//! CLI fixtures, in their build context when they have one, with ShellCheck when it is
//! installed) and the 954 files of the dev corpus, with every rule enabled.
//!
//! Two diagnostics report the same problem at the same place when their ranges are equal and
//! they say the same thing in one of the ways a duplicate shows:
//!
//! - they carry the same alias code (two rules answering to `DL3025` at one range),
//! - their rules share an alias (two halves of one hadolint or BuildKit check),
//! - they offer the same fix (the same non-empty edits), or
//! - their messages are equal.
//!
//! One rule reporting the same message twice at one range is a duplicate too. Different
//! problems may share a range (an untagged image that is also a full distribution), so equal
//! ranges alone are not the criterion.
//!
//! The same walk checks that every fix is of a kind its rule declares (`FixKind::allows`), so
//! that the fix kind the docs, `rule --list` and SARIF show holds beyond the rule fixtures.

use crate::common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::corpus;
use dockerfile_lsp::analysis::config::Config;
use dockerfile_lsp::analysis::context::{BuildContext, MemoryContext, NoContext};
use dockerfile_lsp::analysis::date::Date;
use dockerfile_lsp::analysis::diagnostic::Diagnostic;
use dockerfile_lsp::analysis::rules;
use dockerfile_lsp::analysis::shellcheck::{NoShellcheck, ShellChecker};
use dockerfile_lsp::analysis::{Host, analyze};
use dockerfile_lsp::workspace::shellcheck::Shellcheck;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every rule, including those off by default.
fn everything() -> Config {
    Config {
        select: rules::ALL.iter().map(|r| r.id.to_owned()).collect(),
        ..Config::default()
    }
}

/// Why `a` and `b` are the same finding, if they are.
fn same_problem(a: &Diagnostic, b: &Diagnostic) -> Option<&'static str> {
    if a.range != b.range {
        return None;
    }
    if a.rule == b.rule {
        return (a.message == b.message).then_some("the same rule reports the same message twice");
    }
    if a.code.is_some() && a.code == b.code {
        return Some("the same alias code");
    }
    let aliases = |id: &str| rules::find(id).map_or(&[][..], |r| r.aliases);
    if aliases(a.rule).iter().any(|x| aliases(b.rule).contains(x)) {
        return Some("rules that share an alias");
    }
    if let (Some(fa), Some(fb)) = (&a.fix, &b.fix)
        && !fa.edits.is_empty()
        && fa.edits == fb.edits
    {
        return Some("the same fix");
    }
    (a.message == b.message).then_some("the same message")
}

fn duplicates(name: &str, text: &str, diagnostics: &[Diagnostic], out: &mut String) {
    for (i, a) in diagnostics.iter().enumerate() {
        for b in &diagnostics[i + 1..] {
            if let Some(why) = same_problem(a, b) {
                let line = text[..a.range.start.min(text.len())].matches('\n').count() + 1;
                let _ = writeln!(
                    out,
                    "{name}:{line}: {why}: [{}] {} / [{}] {}",
                    a.rule, a.message, b.rule, b.message
                );
            }
        }
    }
}

/// Fixes their rule's declared kind does not allow.
fn wrong_fix_kinds(name: &str, text: &str, diagnostics: &[Diagnostic], out: &mut String) {
    for d in diagnostics {
        let (Some(fix), Some(rule)) = (&d.fix, rules::find(d.rule)) else {
            continue;
        };
        if !rule.fix.allows(fix.applicability) {
            let line = text[..d.range.start.min(text.len())].matches('\n').count() + 1;
            let _ = writeln!(
                out,
                "{name}:{line}: [{}] declares fix kind {:?} but offers a {:?} fix ({})",
                d.rule, rule.fix, fix.applicability, fix.title
            );
        }
    }
}

fn dockerfiles(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            // A fixture's build context holds files to copy, not fixtures.
            if !path.to_string_lossy().ends_with(".context") {
                dockerfiles(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "Dockerfile") {
            out.push(path);
        }
    }
}

/// The files under `<name>.context/` next to `<name>.Dockerfile`.
fn context_of(path: &Path) -> Option<MemoryContext> {
    let stem = path.file_name()?.to_str()?.strip_suffix(".Dockerfile")?;
    let root = path.with_file_name(format!("{stem}.context"));
    if !root.is_dir() {
        return None;
    }
    let mut files = Vec::new();
    let mut pending = vec![root.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(&root) {
                let contents = std::fs::read_to_string(&path).unwrap_or_default();
                files.push((relative.to_string_lossy().replace('\\', "/"), contents));
            }
        }
    }
    Some(MemoryContext::new(files.iter().map(|(p, c)| (p.as_str(), c.as_str()))))
}

#[test]
fn no_two_rules_report_the_same_problem_in_the_fixtures() {
    let mut files = Vec::new();
    dockerfiles(&repo().join("tests/fixtures"), &mut files);
    assert!(
        files.len() > 50,
        "expected the fixtures under tests/fixtures, found {}",
        files.len()
    );
    let config = everything();
    let shellcheck: Arc<dyn ShellChecker> = match Shellcheck::for_config(&config.shellcheck) {
        Some(s) => s,
        None => Arc::new(NoShellcheck),
    };
    let mut found = String::new();
    let mut wrong = String::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let context: Arc<dyn BuildContext> = match context_of(path) {
            Some(c) => Arc::new(c),
            None => Arc::new(NoContext),
        };
        // A fixed day, so that the rules that depend on it (end-of-life base images) run too.
        let host = Host {
            context,
            shellcheck: shellcheck.clone(),
            today: Date::parse("2026-12-07"),
        };
        let analysis = analyze(&text, &config, &host, None);
        let name = path.strip_prefix(repo()).unwrap_or(path).display().to_string();
        duplicates(&name, &text, &analysis.diagnostics, &mut found);
        wrong_fix_kinds(&name, &text, &analysis.diagnostics, &mut wrong);
    }
    assert!(found.is_empty(), "the same problem reported twice:\n{found}");
    assert!(
        wrong.is_empty(),
        "fixes of a kind their rule does not declare:\n{wrong}"
    );
}

#[test]
fn no_two_rules_report_the_same_problem_in_the_corpus() {
    let Some(corpus) = corpus::dev("no_two_rules_report_the_same_problem_in_the_corpus") else {
        return;
    };
    let config = everything();
    let mut found = String::new();
    let mut wrong = String::new();
    for path in &corpus.paths {
        let text = corpus.read(path);
        let host = Host {
            today: Date::parse("2026-12-07"),
            ..Host::none()
        };
        let analysis = analyze(&text, &config, &host, None);
        duplicates(path, &text, &analysis.diagnostics, &mut found);
        wrong_fix_kinds(path, &text, &analysis.diagnostics, &mut wrong);
    }
    assert!(found.is_empty(), "the same problem reported twice:\n{found}");
    assert!(
        wrong.is_empty(),
        "fixes of a kind their rule does not declare:\n{wrong}"
    );
}

#[test]
fn the_criterion_catches_what_it_should() {
    use dockerfile_lsp::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
    use dockerfile_lsp::syntax::TextRange;
    let d = |rule: &'static str, code, start, message: &str| Diagnostic {
        range: TextRange::new(start, start + 4),
        rule,
        code,
        severity: Severity::Warning,
        message: message.to_owned(),
        fix: None,
        tags: Vec::new(),
        related: Vec::new(),
    };
    let cmd = d("shell-form-cmd", Some("DL3025"), 0, "a");
    assert!(
        same_problem(&cmd, &d("shell-form-entrypoint", None, 0, "b")).is_some(),
        "shared alias"
    );
    assert!(
        same_problem(&cmd, &d("shell-form-entrypoint", None, 1, "b")).is_none(),
        "other place"
    );
    assert!(
        same_problem(&cmd, &d("untagged-image", Some("DL3025"), 0, "b")).is_some(),
        "same code"
    );
    assert!(
        same_problem(&cmd, &d("untagged-image", None, 0, "a")).is_some(),
        "same message"
    );
    assert!(
        same_problem(&cmd, &d("shell-form-cmd", Some("DL3025"), 0, "a")).is_some(),
        "twice"
    );
    assert!(
        same_problem(&cmd, &d("untagged-image", None, 0, "b")).is_none(),
        "another problem"
    );
    let fix = Fix::new(
        "x",
        Applicability::Safe,
        vec![Edit {
            range: TextRange::new(0, 1),
            new_text: "y".into(),
        }],
    );
    let mut a = d("latest-tag", None, 0, "a");
    let mut b = d("untagged-image", None, 0, "b");
    a.fix = Some(fix.clone());
    b.fix = Some(fix);
    assert!(same_problem(&a, &b).is_some(), "same fix");

    // `latest-tag` offers no fix, so one carrying a fix breaks its declared kind.
    let mut wrong = String::new();
    wrong_fix_kinds("x", "FROM a:latest\n", &[a], &mut wrong);
    assert!(
        wrong.contains("x:1: [latest-tag] declares fix kind None but offers a Safe fix"),
        "{wrong}"
    );
}
