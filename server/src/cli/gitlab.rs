//! `check --format gitlab`: GitLab's Code Quality report (`artifacts:reports:codequality`), a
//! JSON array of issues, each with `description`, `check_name`, `fingerprint`, `severity` and
//! `location` (`path`, `lines.begin`, `lines.end`), the subset of the Code Climate format GitLab
//! reads.
//!
//! - `severity`, on GitLab's scale (info < minor < major < critical < blocker): error is
//!   `blocker` (a BuildKit error fails the build; hadolint maps its errors the same way),
//!   warning `major`, info `minor`, hint `info`. `critical` is not used.
//! - `location.path` is relative to the working directory, with `/` and no leading `./`, so
//!   that GitLab finds the file in the merge request: run `check` from the repository root.
//! - `fingerprint` is what GitLab compares between the merge request and its target branch to
//!   tell new findings from old ones, so it leaves out the line and column: it is FNV-1a (64
//!   bits, in hex) of the path, the rule, the message and the text the finding covers
//!   (whitespace runs folded), so that a finding keeps its fingerprint when lines are added
//!   above it. Identical findings on identical text in one file are told apart by their order
//!   (the second has occurrence 1, and so on), which keeps every fingerprint in a report unique:
//!   GitLab shows only the first issue with a given fingerprint.

use std::collections::HashSet;
use std::hash::Hasher;
use std::path::Path;

use serde_json::{Value, json};

use crate::analysis::diagnostic::{Diagnostic, Severity};
use crate::cli::finding::{last_line, message_with_code, report_path, span};
use crate::cli::sarif::FileFindings;

/// GitLab's severity for ours.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "blocker",
        Severity::Warning => "major",
        Severity::Info => "minor",
        Severity::Hint => "info",
    }
}

/// The fingerprint of one finding: see the module documentation.
fn fingerprint(path: &str, d: &Diagnostic, covered: &str, occurrence: usize) -> String {
    let mut hasher = fnv::FnvHasher::default();
    for part in [
        "dockerfile-lsp code quality 1",
        path,
        d.rule,
        &d.message,
        covered,
        &occurrence.to_string(),
    ] {
        hasher.write(part.as_bytes());
        // A separator no part holds, so that ("ab", "c") and ("a", "bc") differ.
        hasher.write(&[0]);
    }
    format!("{:016x}", hasher.finish())
}

/// The report, every finding of every file in order.
pub fn report(files: &[FileFindings<'_>], cwd: Option<&Path>) -> Value {
    let mut used = HashSet::new();
    let mut issues = Vec::new();
    for file in files {
        let path = report_path(file.name, cwd);
        for d in file.diagnostics {
            let at = span(file.rope, d.range);
            let start = file.rope.byte_to_char(d.range.start.min(file.rope.len_bytes()));
            let end = file.rope.byte_to_char(d.range.end.min(file.rope.len_bytes()));
            let covered = file.rope.slice(start..end.max(start)).to_string();
            let covered = covered.split_whitespace().collect::<Vec<_>>().join(" ");
            let fingerprint = (0..)
                .map(|occurrence| fingerprint(&path, d, &covered, occurrence))
                .find(|f| !used.contains(f))
                .unwrap_or_default();
            used.insert(fingerprint.clone());
            issues.push(json!({
                "description": message_with_code(d),
                "check_name": d.rule,
                "fingerprint": fingerprint,
                "severity": severity(d.severity),
                "location": {
                    "path": path,
                    "lines": {"begin": at.start.line, "end": last_line(at)},
                },
            }));
        }
    }
    Value::Array(issues)
}

/// Writes the report to standard output.
pub fn write(files: &[FileFindings<'_>]) -> std::io::Result<()> {
    use std::io::Write;
    let cwd = std::env::current_dir().ok();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, &report(files, cwd.as_deref()))?;
    writeln!(out)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_as_gitlab_expects_them() {
        assert_eq!(report_path("./app/Dockerfile", None), "app/Dockerfile");
        assert_eq!(report_path("app\\Dockerfile", None), "app/Dockerfile");
        assert_eq!(report_path("Dockerfile", None), "Dockerfile");
        if cfg!(unix) {
            let cwd = Path::new("/builds/group/project");
            assert_eq!(
                report_path("/builds/group/project/x/Dockerfile", Some(cwd)),
                "x/Dockerfile"
            );
            assert_eq!(report_path("/elsewhere/Dockerfile", Some(cwd)), "/elsewhere/Dockerfile");
        }
    }

    #[test]
    fn severities_keep_their_order() {
        let scale = ["info", "minor", "major", "critical", "blocker"];
        let rank = |s| scale.iter().position(|x| *x == severity(s));
        let ours = [Severity::Hint, Severity::Info, Severity::Warning, Severity::Error];
        assert!(ours.windows(2).all(|w| rank(w[0]) < rank(w[1])));
    }
}
