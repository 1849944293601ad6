//! Fix-all: fixtures (`tests/fixtures/fix-all/<name>.Dockerfile`, whose first comment lines say
//! `# select: <rules>` and optionally `# mode: unsafe`, fix to exactly `<name>.Dockerfile.fixed`)
//! and the 954 real Dockerfiles of `shared/corpus/dev`: applying every safe fix, analysing again
//! and applying what is left settles within 3 rounds; the result has no error the original did
//! not have; every rule that was fixed fires less than before, or not at all; and BuildKit's
//! view of each instruction (the model's dump) is unchanged, except for the instructions that
//! the fixes of [`DUMP_CHANGING`] edit, which they mean to change.

use crate::common;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::corpus;
use dockerfile_lsp::analysis::config::Config;
use dockerfile_lsp::analysis::diagnostic::{Diagnostic, Fix, Severity};
use dockerfile_lsp::analysis::fixes::{self, FixMode};
use dockerfile_lsp::analysis::model::{self, Model};
use dockerfile_lsp::analysis::{Analysis, Host, analyze};
use dockerfile_lsp::syntax::TextRange;

/// Rules whose fixes change what BuildKit reads from the instructions they edit: merged RUNs,
/// exec form, ADD to COPY, MAINTAINER to LABEL, `k=v`, flags and packages added or sorted,
/// casing of words BuildKit keeps as written (`AS`, stage names, protocols). The fixes of any
/// other rule (instruction casing, removing empty continuation lines or suppression names) must
/// leave the dump as it was.
const DUMP_CHANGING: &[&str] = &[
    "add-instead-of-copy",
    "apt-get-missing-no-install-recommends",
    "apt-get-update-alone",
    "apt-usage",
    "cd-in-run",
    "consecutive-run",
    "copy-multiple-sources-dest-not-dir",
    "debian-frontend-env",
    "duplicate-packages",
    "expose-host-mapping",
    "expose-protocol-casing",
    "from-as-casing",
    "invalid-json-form",
    "legacy-key-value-format",
    "maintainer-deprecated",
    "package-cache-not-cleaned",
    "package-install-missing-yes",
    "redundant-target-platform",
    "shell-form-cmd",
    "shell-form-entrypoint",
    "stage-name-casing",
    "unknown-flag",
    "unknown-instruction",
    "unsorted-packages",
    "useradd-without-l",
    "wget-without-progress",
];

const MAX_ROUNDS: usize = 3;

fn counts(diagnostics: &[Diagnostic], only_errors: bool) -> HashMap<&'static str, usize> {
    let mut out = HashMap::new();
    for d in diagnostics
        .iter()
        .filter(|d| !only_errors || d.severity == Severity::Error)
    {
        *out.entry(d.rule).or_insert(0) += 1;
    }
    out
}

/// Where `offset` of the text before the edits is in the text after them.
fn shifted(offset: usize, fixes: &[(&'static str, Fix)]) -> usize {
    let mut delta: isize = 0;
    for (_, fix) in fixes {
        for e in &fix.edits {
            if e.range.end <= offset {
                delta += e.new_text.len() as isize - e.range.len() as isize;
            }
        }
    }
    offset.saturating_add_signed(delta)
}

fn touches(edit: TextRange, ins: TextRange) -> bool {
    edit.start <= ins.end && ins.start <= edit.end
}

/// One round's effect on BuildKit's view: every instruction no dump-changing fix touched must be
/// found, moved by the edits before it, with the same dump.
fn check_round(before: &Model, after: &Model, applied: &[(&'static str, Fix)]) -> Result<(), String> {
    let mut changing = false;
    for ins in &before.instructions {
        let touched_by: Vec<&str> = applied
            .iter()
            .filter(|(_, fix)| fix.edits.iter().any(|e| touches(e.range, ins.range)))
            .map(|(rule, _)| *rule)
            .collect();
        if touched_by.iter().any(|r| DUMP_CHANGING.contains(r)) {
            changing = true;
            continue;
        }
        let start = shifted(ins.range.start, applied);
        let Some(moved) = after.instructions.iter().find(|i| i.range.start == start) else {
            return Err(format!(
                "`{}` (touched by {touched_by:?}) is no longer an instruction at {start}",
                model::dump_instruction(ins)
            ));
        };
        let (was, is) = (model::dump_instruction(ins), model::dump_instruction(moved));
        if was != is {
            return Err(format!("fixes of {touched_by:?} changed `{was}` into `{is}`"));
        }
    }
    if !changing && before.instructions.len() != after.instructions.len() {
        return Err(format!(
            "{} instructions became {}",
            before.instructions.len(),
            after.instructions.len()
        ));
    }
    Ok(())
}

fn fix_file(text: &str, config: &Config) -> Result<usize, String> {
    let first: Analysis = analyze(text, config, &Host::none(), None);
    let mut current = text.to_string();
    let mut analysis = analyze(&current, config, &Host::none(), None);
    let mut applied_rules: HashSet<&'static str> = HashSet::new();
    let mut applied = 0;
    let created = HashSet::new();
    for round in 1..=MAX_ROUNDS + 1 {
        let next = fixes::round(&current, &analysis.diagnostics, FixMode::Safe, &created);
        if next.fixes.is_empty() {
            break;
        }
        if round > MAX_ROUNDS {
            let left: Vec<&str> = next.fixes.iter().map(|(r, _)| *r).collect();
            return Err(format!("still fixing after {MAX_ROUNDS} rounds: {left:?}\n{current}"));
        }
        let after = analyze(&next.text, config, &Host::none(), None);
        check_round(&analysis.model, &after.model, &next.fixes).map_err(|e| format!("round {round}: {e}"))?;
        applied += next.fixes.len();
        applied_rules.extend(next.fixes.iter().map(|(r, _)| *r));
        current = next.text;
        analysis = after;
    }
    let (errors_before, errors_after) = (counts(&first.diagnostics, true), counts(&analysis.diagnostics, true));
    for (rule, n) in &errors_after {
        let was = errors_before.get(rule).copied().unwrap_or(0);
        if *n > was {
            return Err(format!("{n} `{rule}` errors after fixing, {was} before\n{current}"));
        }
    }
    let (before, after) = (counts(&first.diagnostics, false), counts(&analysis.diagnostics, false));
    for rule in applied_rules {
        let (was, is) = (
            before.get(rule).copied().unwrap_or(0),
            after.get(rule).copied().unwrap_or(0),
        );
        // A rule may first fire on what another fix made (merged RUNs) and be fixed there.
        if is > 0 && is >= was {
            return Err(format!(
                "`{rule}` fired {was} times before its fixes and {is} after\n{current}"
            ));
        }
    }
    Ok(applied)
}

#[test]
fn safe_fixes_converge_and_change_only_what_they_mean_to() {
    let Some(corpus) = corpus::dev("safe_fixes_converge_and_change_only_what_they_mean_to") else {
        return;
    };
    let config = Config::default();
    let mut failures = Vec::new();
    let mut applied = 0;
    for path in &corpus.paths {
        let text = corpus.read(path);
        match fix_file(&text, &config) {
            Ok(n) => applied += n,
            Err(e) => failures.push(format!("{path}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} files:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    // Real Dockerfiles have fixable problems: a run that applies none tests nothing.
    assert!(applied > 100, "only {applied} fixes applied over the corpus");
}

#[test]
fn the_dump_check_notices_a_change() {
    // A fix of a rule not listed as dump-changing that changes an instruction is caught.
    let before = model::parse("FROM a\nRUN x\n");
    let after = model::parse("FROM a\nRUN y\n");
    let edit = dockerfile_lsp::analysis::diagnostic::Edit {
        range: TextRange::new(11, 12),
        new_text: "y".into(),
    };
    let fix = Fix::new(
        "x",
        dockerfile_lsp::analysis::diagnostic::Applicability::Safe,
        vec![edit],
    );
    assert!(check_round(&before, &after, &[("inconsistent-instruction-casing", fix.clone())]).is_err());
    assert!(check_round(&before, &after, &[("consecutive-run", fix)]).is_ok());
}

/// The fixture's `# select:` rules and whether `# mode: unsafe` is set.
fn fixture_config(text: &str) -> (Config, FixMode) {
    let mut config = Config::default();
    let mut mode = FixMode::Safe;
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some(list) = line.strip_prefix("# select:") {
            config.select = list.split(',').map(|r| r.trim().to_owned()).collect();
        } else if line.trim() == "# mode: unsafe" {
            mode = FixMode::Unsafe;
        }
    }
    assert!(
        !config.select.is_empty(),
        "a fix-all fixture names its rules with `# select:`"
    );
    (config, mode)
}

#[test]
fn fixtures_fix_to_their_fixed_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/fix-all");
    let mut inputs: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 2, "fixtures missing in {}", dir.display());
    let mut failures = Vec::new();
    for input in inputs {
        let text = fs::read_to_string(&input).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
        let fixed_path = PathBuf::from(format!("{}.fixed", input.display()));
        let want = fs::read_to_string(&fixed_path).unwrap_or_else(|e| panic!("{}: {e}", fixed_path.display()));
        let (config, mode) = fixture_config(&text);
        let outcome = fixes::fix_all(&text, mode, fixes::MAX_ROUNDS, &mut |t| {
            analyze(t, &config, &Host::none(), None).diagnostics
        });
        if !outcome.converged || outcome.text != want {
            failures.push(format!(
                "{} (converged: {}):\n--- want\n{want}--- got\n{}---",
                input.display(),
                outcome.converged,
                outcome.text
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
