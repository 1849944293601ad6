//! `check --format checkstyle`: Checkstyle's XML report (version 4.3), which Jenkins' Warnings
//! Next Generation plugin, SonarQube, reviewdog and many CI dashboards read. One `<file>` per
//! checked file, listed even when clean, as Checkstyle does; one `<error>` per finding with its
//! line, column, severity, message and the rule id as `source`.

use crate::analysis::diagnostic::Severity;
use crate::cli::finding::{message_with_code, span};
use crate::cli::sarif::FileFindings;
use crate::cli::xml::attribute;

/// Checkstyle knows `error`, `warning`, `info` and `ignore`; hints are `info`.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "info",
    }
}

/// The whole report.
pub fn report(files: &[FileFindings<'_>]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for file in files {
        if file.diagnostics.is_empty() {
            out.push_str(&format!("  <file name=\"{}\"/>\n", attribute(file.name)));
            continue;
        }
        out.push_str(&format!("  <file name=\"{}\">\n", attribute(file.name)));
        for d in file.diagnostics {
            let at = span(file.rope, d.range).start;
            out.push_str(&format!(
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"{}\"/>\n",
                at.line,
                at.column,
                severity(d.severity),
                attribute(&message_with_code(d)),
                attribute(d.rule),
            ));
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}

/// Writes the report to standard output.
pub fn write(files: &[FileFindings<'_>]) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(report(files).as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::diagnostic::Diagnostic;
    use crate::syntax::TextRange;

    #[test]
    fn one_error_per_finding_and_clean_files_listed() {
        let rope = ropey::Rope::from_str("FROM a\nFROM b:c\n");
        let d = Diagnostic {
            range: TextRange::new(12, 15),
            rule: "untagged-image",
            code: Some("DL3006"),
            severity: Severity::Hint,
            message: "a <b> & \"c\"".to_owned(),
            fix: None,
            tags: Vec::new(),
            related: Vec::new(),
        };
        let report = report(&[
            FileFindings {
                name: "a&b/Dockerfile",
                rope: &rope,
                diagnostics: std::slice::from_ref(&d),
            },
            FileFindings {
                name: "clean",
                rope: &rope,
                diagnostics: &[],
            },
        ]);
        assert_eq!(
            report,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n  <file name=\"a&amp;b/Dockerfile\">\n    <error line=\"2\" column=\"6\" severity=\"info\" message=\"a &lt;b&gt; &amp; &quot;c&quot; (DL3006)\" source=\"untagged-image\"/>\n  </file>\n  <file name=\"clean\"/>\n</checkstyle>\n"
        );
    }
}
