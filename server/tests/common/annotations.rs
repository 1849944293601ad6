//! The caret annotations of fixture Dockerfiles, read and written: the rule fixtures
//! (`rules/fixtures.rs`) and the policy cases (`cli/policy.rs`) share them.
//!
//! `#    ^^^^ warning[rule-id]: part of the message` under a line expects a finding of that rule
//! and severity on those columns; `#^^^` starts at column 0, `# @4..9` names columns that carets
//! cannot show (an empty range, or one starting at column 1), and `related[rule-id]` in place of
//! the severity expects a related place of the finding before it. A comment with none of these
//! is an ordinary comment.

/// A half-open column span, in characters, on one line of the stripped text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// What an annotation line says.
#[derive(Debug, PartialEq, Eq)]
pub struct Annotation {
    pub start: usize,
    pub end: usize,
    /// `error`, `warning`, `info`, `hint`, or `related` for a related place.
    pub kind: String,
    pub rule: String,
    pub message: String,
}

/// An annotation with its place.
#[derive(Debug)]
pub struct Expectation {
    pub span: Span,
    pub kind: String,
    pub rule: String,
    pub message: String,
    /// 1-based line of the annotation in the fixture file.
    pub file_line: usize,
}

/// A fixture file read: the text to analyse and what it expects.
pub struct Annotated {
    /// The file without its annotation lines.
    pub text: String,
    pub expectations: Vec<Expectation>,
    /// For each line of `text`, its 1-based line in the file.
    pub file_lines: Vec<usize>,
}

/// The annotation a line holds, or `None` for an ordinary comment or code line.
pub fn parse(line: &str) -> Option<Annotation> {
    let chars: Vec<char> = line.chars().collect();
    let hash = chars.iter().position(|c| !c.is_whitespace())?;
    if chars[hash] != '#' {
        return None;
    }
    let carets = |from: usize| chars[from..].iter().take_while(|&&c| c == '^').count();
    let mut i = hash + 1;
    let (start, end) = if chars.get(i) == Some(&'^') {
        i += carets(i);
        (hash, i)
    } else {
        while chars.get(i).is_some_and(|c| *c == ' ' || *c == '\t') {
            i += 1;
        }
        match chars.get(i) {
            Some('^') => {
                let start = i;
                i += carets(i);
                (start, i)
            }
            Some('@') => {
                let spec: String = chars[i + 1..].iter().take_while(|c| !c.is_whitespace()).collect();
                i += 1 + spec.chars().count();
                let (a, b) = spec.split_once("..")?;
                (a.parse().ok()?, b.parse().ok()?)
            }
            _ => (hash, hash + 1),
        }
    };
    let rest: String = chars[i..].iter().collect();
    let (kind, rest) = rest.trim_start().split_once('[')?;
    if !["error", "warning", "info", "hint", "related"].contains(&kind) {
        return None;
    }
    let (rule, rest) = rest.split_once(']')?;
    // A custom rule's id holds `/` (`acme/no-add`) and may hold `.` and `_`.
    let valid = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '_');
    if rule.is_empty() || !rule.chars().all(valid) {
        return None;
    }
    let message = match rest.strip_prefix(':') {
        Some(m) => m.trim().to_owned(),
        None if rest.trim().is_empty() => String::new(),
        None => return None,
    };
    Some(Annotation {
        start,
        end,
        kind: kind.to_owned(),
        rule: rule.to_owned(),
        message,
    })
}

/// Splits a fixture file into the text to analyse and its annotations.
pub fn strip(source: &str) -> Annotated {
    let mut text = String::new();
    let mut expectations = Vec::new();
    let mut file_lines = Vec::new();
    for (index, raw) in source.split_inclusive('\n').enumerate() {
        let content = raw.trim_end_matches('\n').trim_end_matches('\r');
        match parse(content) {
            Some(a) => expectations.push(Expectation {
                span: Span {
                    line: file_lines.len().saturating_sub(1),
                    start: a.start,
                    end: a.end,
                },
                kind: a.kind,
                rule: a.rule,
                message: a.message,
                file_line: index + 1,
            }),
            None => {
                text.push_str(raw);
                file_lines.push(index + 1);
            }
        }
    }
    Annotated {
        text,
        expectations,
        file_lines,
    }
}

/// `kind[rule]: message`, what follows the carets.
pub fn label(kind: &str, rule: &str, message: &str) -> String {
    format!("{kind}[{rule}]: {message}")
}

/// The annotation line that would expect `span` with `label`.
pub fn annotation(span: Span, label: &str) -> String {
    if span.end > span.start && span.start == 0 {
        format!("#{} {label}", "^".repeat(span.end - 1))
    } else if span.end > span.start && span.start >= 2 {
        format!(
            "#{}{} {label}",
            " ".repeat(span.start - 1),
            "^".repeat(span.end - span.start)
        )
    } else {
        format!("# @{}..{} {label}", span.start, span.end)
    }
}
