//! `check --format junit`: a JUnit XML report, for CI systems that show test results (Jenkins'
//! `junit` step, GitLab's `artifacts:reports:junit`, Azure Pipelines, CircleCI).
//!
//! Shaped like hadolint's: `<testsuites>` holding one `<testsuite>` per checked file, one
//! `<testcase>` per finding with a `<failure>` whose `type` is the severity and whose `message`
//! is the finding's. Unlike hadolint, a clean file gets one passing test case, so that a run
//! over clean files still reports its tests (Jenkins fails a build whose reports hold none), and
//! test cases are named (`<rule>[/<alias>] at <line>:<column>`, the file as `classname`).
//! The failure's text is the finding as the text output renders it, source line included.
//! No times are written: nothing was timed.

use crate::analysis::diagnostic::Diagnostic;
use crate::cli::finding::{message_with_code, span};
use crate::cli::sarif::FileFindings;
use crate::cli::text::{self, Style};
use crate::cli::xml::{attribute, text};

/// The name of the test case a clean file passes.
pub const CLEAN_CASE: &str = env!("CARGO_PKG_NAME");

fn case_name(d: &Diagnostic, line: u32, column: u32) -> String {
    match d.code {
        Some(code) => format!("{}/{code} at {line}:{column}", d.rule),
        None => format!("{} at {line}:{column}", d.rule),
    }
}

fn suite(out: &mut String, file: &FileFindings<'_>) {
    let name = attribute(file.name);
    let failures = file.diagnostics.len();
    out.push_str(&format!(
        "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n",
        failures.max(1)
    ));
    if file.diagnostics.is_empty() {
        out.push_str(&format!(
            "    <testcase name=\"{CLEAN_CASE}\" classname=\"{name}\" file=\"{name}\"/>\n"
        ));
    }
    for d in file.diagnostics {
        let at = span(file.rope, d.range).start;
        let mut rendered = String::new();
        text::render(&mut rendered, file.name, file.rope, d, Style { color: false });
        out.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"{name}\" file=\"{name}\" line=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
            attribute(&case_name(d, at.line, at.column)),
            at.line,
            d.severity.as_str(),
            attribute(&message_with_code(d)),
            text(rendered.trim_end()),
        ));
    }
    out.push_str("  </testsuite>\n");
}

/// The whole report.
pub fn report(files: &[FileFindings<'_>]) -> String {
    let failures: usize = files.iter().map(|f| f.diagnostics.len()).sum();
    let tests: usize = files.iter().map(|f| f.diagnostics.len().max(1)).sum();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n",
        env!("CARGO_PKG_NAME")
    );
    for file in files {
        suite(&mut out, file);
    }
    out.push_str("</testsuites>\n");
    out
}

/// Writes the report to standard output.
pub fn write(files: &[FileFindings<'_>]) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(report(files).as_bytes())?;
    out.flush()
}
