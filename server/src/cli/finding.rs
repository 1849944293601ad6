//! A diagnostic placed in its file: 1-based lines and columns counted in characters, the form
//! both the text and the JSON output speak.

use std::path::Path;

use ropey::Rope;
use serde::Serialize;

use crate::analysis::diagnostic::{Applicability, Diagnostic, Fix};
use crate::syntax::{PositionEncoding, TextRange, offset_to_position};

/// A 1-based line and a 1-based column counted in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A range between two positions; `end` is exclusive, as in LSP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

pub fn span(rope: &Rope, range: TextRange) -> Span {
    let at = |offset| {
        let p = offset_to_position(rope, offset, PositionEncoding::Utf32);
        Position {
            line: p.line + 1,
            column: p.col + 1,
        }
    };
    Span {
        start: at(range.start),
        end: at(range.end),
    }
}

/// The last line a reader sees the range on: a range that ends at the start of a line (a whole
/// line with its line break) ends on the line before it.
pub fn last_line(span: Span) -> u32 {
    if span.end.line > span.start.line && span.end.column == 1 {
        span.end.line - 1
    } else {
        span.end.line
    }
}

/// The message with the alias that matched, as the one-line formats write it:
/// ``Protocol `TCP` should be written `tcp` (ExposeProtoCasing)``.
pub fn message_with_code(diagnostic: &Diagnostic) -> String {
    match diagnostic.code {
        Some(code) => format!("{} ({code})", diagnostic.message),
        None => diagnostic.message.clone(),
    }
}

#[derive(Debug, Serialize)]
pub struct JsonEdit {
    pub range: Span,
    #[serde(rename = "newText")]
    pub new_text: String,
}

#[derive(Debug, Serialize)]
pub struct JsonNewFile {
    pub path: String,
    pub contents: String,
}

#[derive(Debug, Serialize)]
pub struct JsonFix {
    pub title: String,
    pub applicability: &'static str,
    pub edits: Vec<JsonEdit>,
    /// Files the fix creates next to the Dockerfile (such as `.dockerignore`).
    #[serde(rename = "newFiles")]
    pub new_files: Vec<JsonNewFile>,
}

/// A related place of a finding, as the JSON output writes it.
#[derive(Debug, Serialize)]
pub struct JsonRelated<'a> {
    pub range: Span,
    pub message: &'a str,
}

/// One finding as the JSON output writes it.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    pub path: &'a str,
    pub rule: &'static str,
    pub code: Option<&'static str>,
    pub severity: &'static str,
    pub message: &'a str,
    pub range: Span,
    pub fix: Option<JsonFix>,
    /// The places a grouped finding is made of (each unpinned package of one install command);
    /// empty for a finding about one place.
    pub related: Vec<JsonRelated<'a>>,
}

fn json_fix(rope: &Rope, fix: &Fix) -> JsonFix {
    JsonFix {
        title: fix.title.clone(),
        applicability: match fix.applicability {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        },
        edits: fix
            .edits
            .iter()
            .map(|edit| JsonEdit {
                range: span(rope, edit.range),
                new_text: edit.new_text.clone(),
            })
            .collect(),
        new_files: fix
            .new_files
            .iter()
            .map(|file| JsonNewFile {
                path: file.path.clone(),
                contents: file.contents.clone(),
            })
            .collect(),
    }
}

pub fn json_finding<'a>(path: &'a str, rope: &Rope, diagnostic: &'a Diagnostic) -> JsonFinding<'a> {
    JsonFinding {
        path,
        rule: diagnostic.rule,
        code: diagnostic.code,
        severity: diagnostic.severity.as_str(),
        message: &diagnostic.message,
        range: span(rope, diagnostic.range),
        fix: diagnostic.fix.as_ref().map(|fix| json_fix(rope, fix)),
        related: diagnostic
            .related
            .iter()
            .map(|r| JsonRelated {
                range: span(rope, r.range),
                message: &r.message,
            })
            .collect(),
    }
}

/// A file's path as the CI reports give it (GitLab, GitHub annotations, SARIF): relative to `cwd` when it lies under it, `/` between
/// components, no leading `./`. GitHub annotations and SARIF locations take paths from the
/// repository root the same way (without `cwd`: `check .` names `./app/Dockerfile`).
pub fn report_path(name: &str, cwd: Option<&Path>) -> String {
    let path = Path::new(name);
    let relative = cwd
        .filter(|_| path.is_absolute())
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .map_or_else(|| name.to_owned(), |p| p.to_string_lossy().into_owned());
    let mut path = relative.replace('\\', "/");
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.trim_start_matches('/').to_owned();
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_from_one() {
        let text = "FROM a\nRUN echo 中文 😀 x\r\nCMD y";
        let rope = Rope::from_str(text);
        let x = text.find(" x").map(|i| i + 1).unwrap_or_default();
        let s = span(&rope, TextRange::new(x, x + 1));
        assert_eq!(s.start, Position { line: 2, column: 15 });
        assert_eq!(s.end, Position { line: 2, column: 16 });
        let c = text.find("CMD").unwrap_or_default();
        assert_eq!(span(&rope, TextRange::empty(c)).start, Position { line: 3, column: 1 });
    }
}
