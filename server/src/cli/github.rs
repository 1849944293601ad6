//! `check --format github`: one GitHub Actions workflow command per finding
//! (`::warning file=...,line=...,col=...,endLine=...,endColumn=...,title=<rule>::<message>`), which
//! the Actions runner turns into annotations on the pull request.

use crate::analysis::diagnostic::{Diagnostic, Severity};
use crate::cli::finding::{message_with_code, span};
use crate::cli::sarif::FileFindings;

/// Workflow commands know `error`, `warning` and `notice`.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    }
}

/// The message part of a workflow command: line breaks and `%` escaped as the runner expects.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which separate the properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The line for one finding, with its line break.
pub fn annotation(name: &str, rope: &ropey::Rope, d: &Diagnostic) -> String {
    let at = span(rope, d.range);
    let message = message_with_code(d);
    format!(
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
        command(d.severity),
        escape_property(&super::finding::report_path(name, None)),
        at.start.line,
        at.start.column,
        at.end.line,
        at.end.column,
        escape_property(d.rule),
        escape_data(&message),
    )
}

/// Writes the annotations to standard output.
pub fn write(files: &[FileFindings<'_>]) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(annotations(files).as_bytes())?;
    out.flush()
}

/// Every finding of every file, in order.
pub fn annotations(files: &[FileFindings<'_>]) -> String {
    files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(|d| annotation(f.name, f.rope, d)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::TextRange;

    #[test]
    fn one_command_per_finding_with_escapes() {
        let rope = ropey::Rope::from_str("FROM a\nFROM b:c\n");
        let d = Diagnostic {
            range: TextRange::new(12, 15),
            rule: "untagged-image",
            code: Some("DL3006"),
            severity: Severity::Info,
            message: "100% of\nit".to_owned(),
            fix: None,
            tags: Vec::new(),
            related: Vec::new(),
        };
        assert_eq!(
            annotation("dir,a:b/Dockerfile", &rope, &d),
            "::notice file=dir%2Ca%3Ab/Dockerfile,line=2,col=6,endLine=2,endColumn=9,title=untagged-image::100%25 of%0Ait (DL3006)\n"
        );
    }
}
