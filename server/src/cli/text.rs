//! The human-readable output of `check`, shaped like rustc's: a `path:line:col: severity[rule]`
//! header, the source line under a numbered gutter, and a caret underline beneath the range; the
//! related places of a grouped finding are underlined with `-` and labelled with their message.

use std::fmt::Write as _;

use ropey::Rope;

use crate::analysis::diagnostic::{Applicability, Diagnostic, Severity};
use crate::cli::finding::{Position, span};

/// ANSI styling, or none when the output is not a terminal or NO_COLOR is set.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, sgr: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    pub fn severity(self, severity: Severity, text: &str) -> String {
        self.paint(severity_sgr(severity), text)
    }

    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    fn gutter(self, text: &str) -> String {
        self.paint("1;34", text)
    }
}

fn severity_sgr(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
        Severity::Hint => "1;32",
    }
}

/// Columns a character takes in a terminal. East Asian wide characters and most emoji take two,
/// combining marks and zero-width characters none; an approximation of Unicode's width tables
/// that is right for the text Dockerfiles hold.
fn char_width(c: char) -> usize {
    let u = c as u32;
    let zero = matches!(u, 0x0300..=0x036F | 0x200B..=0x200F | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F);
    let wide = matches!(
        u,
        0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x1F900..=0x1F9FF
            | 0x20000..=0x3FFFD
    );
    if zero {
        0
    } else if wide {
        2
    } else {
        1
    }
}

/// How a source character is printed: tabs become spaces so that the underline lines up, other
/// control characters a replacement mark so that they cannot drive the terminal.
fn shown(c: char) -> (String, usize) {
    match c {
        '\t' => ("    ".to_owned(), 4),
        c if c.is_control() => ("\u{FFFD}".to_owned(), 1),
        c => (c.to_string(), char_width(c)),
    }
}

/// The text of a 0-based line without its terminator.
fn line_text(rope: &Rope, line: usize) -> String {
    if line >= rope.len_lines() {
        return String::new();
    }
    let mut text = rope.line(line).to_string();
    if text.ends_with('\n') {
        text.pop();
    }
    if text.ends_with('\r') {
        text.pop();
    }
    text
}

/// One source line, printed, and the underline beneath the character columns `from..to` (1-based,
/// `to` exclusive; `None` runs to the end of the line). At least one caret is drawn.
fn underline(text: &str, from: u32, to: Option<u32>) -> (String, String) {
    let mut printed = String::new();
    let mut before = 0;
    let mut under = 0;
    for (i, c) in text.chars().enumerate() {
        let column = i as u32 + 1;
        let (s, width) = shown(c);
        printed.push_str(&s);
        if column < from {
            before += width;
        } else if to.is_none_or(|to| column < to) {
            under += width;
        }
    }
    (printed, format!("{}{}", " ".repeat(before), "^".repeat(under.max(1))))
}

/// A 1-based source line as printed (tabs expanded, control characters replaced).
fn underline_source(rope: &Rope, line: u32) -> String {
    underline(&line_text(rope, line as usize - 1), 1, Some(1)).0
}

/// Renders one diagnostic: header, source excerpt with its related places, and the fix it offers.
pub fn render(out: &mut String, path: &str, rope: &Rope, diagnostic: &Diagnostic, style: Style) {
    let own = span(rope, diagnostic.range);
    let Position { line, column } = own.start;
    let label = match diagnostic.code {
        Some(code) => format!("{}[{}/{code}]", diagnostic.severity.as_str(), diagnostic.rule),
        None => format!("{}[{}]", diagnostic.severity.as_str(), diagnostic.rule),
    };
    let _ = writeln!(
        out,
        "{}: {}{}",
        style.bold(&format!("{path}:{line}:{column}")),
        style.severity(diagnostic.severity, &label),
        style.bold(&format!(": {}", diagnostic.message)),
    );

    // A range that ends at the start of a line ends, for the reader, on the line before it.
    let mut end = own.end;
    if end.line > line && end.column == 1 {
        end.line -= 1;
        end.column = line_text(rope, end.line as usize - 1).chars().count() as u32 + 1;
    }
    // Each mark: the line it is under, the underline, and the label after it (related places).
    let mut marks: Vec<(u32, String, Option<&str>)> = Vec::new();
    if end.line == line {
        marks.push((
            line,
            underline(&line_text(rope, line as usize - 1), column, Some(end.column)).1,
            None,
        ));
    } else {
        marks.push((
            line,
            underline(&line_text(rope, line as usize - 1), column, None).1,
            None,
        ));
        let last = line_text(rope, end.line as usize - 1);
        let indent = last.chars().take_while(|c| c.is_whitespace()).count() as u32 + 1;
        marks.push((
            end.line,
            underline(&last, indent.min(end.column), Some(end.column)).1,
            None,
        ));
    }
    // Related places, rustc's secondary labels: `-` under the place, its message after it, on the
    // place's first line.
    for related in &diagnostic.related {
        let at = span(rope, related.range);
        let to = (at.end.line == at.start.line).then_some(at.end.column);
        let marks_line = underline(&line_text(rope, at.start.line as usize - 1), at.start.column, to)
            .1
            .replace('^', "-");
        marks.push((at.start.line, marks_line, Some(&related.message)));
    }
    // By line, the diagnostic's own marks before related ones on the same line.
    marks.sort_by_key(|(number, _, label)| (*number, label.is_some()));
    let width = marks.iter().map(|(n, _, _)| *n).max().unwrap_or(line).to_string().len();
    let blank = " ".repeat(width);
    let bar = style.gutter("|");
    let _ = writeln!(out, "{blank} {bar}");
    let mut previous = None;
    for (number, underline, label) in marks {
        if previous != Some(number) {
            if previous.is_some_and(|p: u32| number > p + 1) {
                let _ = writeln!(out, "{}", style.gutter("..."));
            }
            let source = underline_source(rope, number);
            let _ = writeln!(out, "{} {bar} {source}", style.gutter(&format!("{number:>width$}")));
        }
        previous = Some(number);
        match label {
            None => {
                let _ = writeln!(out, "{blank} {bar} {}", style.severity(diagnostic.severity, &underline));
            }
            Some(label) => {
                let _ = writeln!(out, "{blank} {bar} {}", style.gutter(&format!("{underline} {label}")));
            }
        }
    }
    if let Some(fix) = &diagnostic.fix {
        let kind = match fix.applicability {
            Applicability::Safe => "",
            Applicability::Unsafe => " (unsafe)",
        };
        let _ = writeln!(
            out,
            "{blank} {} {}{kind}",
            style.gutter("="),
            style.bold(&format!("help: {}", fix.title))
        );
    }
    out.push('\n');
}

/// Counts of findings per severity, for the closing summary and the exit code.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
}

impl Counts {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
            Severity::Hint => self.hints += 1,
        }
    }

    pub fn total(self) -> usize {
        self.errors + self.warnings + self.infos + self.hints
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `3 problems (1 error, 2 warnings) in 2 files`, plus the files that could not be read.
pub fn summary(counts: Counts, files: usize, unreadable: usize) -> String {
    let mut line = plural(counts.total(), "problem", "problems");
    let parts: Vec<String> = [
        (counts.errors, "error", "errors"),
        (counts.warnings, "warning", "warnings"),
        (counts.infos, "info", "infos"),
        (counts.hints, "hint", "hints"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| plural(n, one, many))
    .collect();
    if !parts.is_empty() {
        let _ = write!(line, " ({})", parts.join(", "));
    }
    let _ = write!(line, " in {}", plural(files, "file", "files"));
    if unreadable > 0 {
        let _ = write!(line, "; {} could not be read", plural(unreadable, "file", "files"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::diagnostic::{Fix, Related};
    use crate::syntax::TextRange;

    fn diagnostic(text: &str, needle: &str, len: usize) -> Diagnostic {
        let start = text.find(needle).unwrap_or_default();
        Diagnostic {
            range: TextRange::new(start, start + len),
            rule: "untagged-image",
            code: Some("DL3006"),
            severity: Severity::Warning,
            message: "Image `ubuntu` has no tag".into(),
            fix: None,
            tags: Vec::new(),
            related: Vec::new(),
        }
    }

    fn rendered(text: &str, d: &Diagnostic) -> String {
        let mut out = String::new();
        render(&mut out, "Dockerfile", &Rope::from_str(text), d, Style { color: false });
        out
    }

    #[test]
    fn caret_under_the_range() {
        let text = "FROM ubuntu\nRUN x\n";
        let out = rendered(text, &diagnostic(text, "ubuntu", 6));
        assert_eq!(
            out,
            "Dockerfile:1:6: warning[untagged-image/DL3006]: Image `ubuntu` has no tag\n  |\n1 | FROM ubuntu\n  |      ^^^^^^\n\n"
        );
    }

    #[test]
    fn wide_characters_and_tabs_shift_the_caret() {
        let text = "RUN\techo 中文 ubuntu\n";
        let out = rendered(text, &diagnostic(text, "ubuntu", 6));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[2], "1 | RUN    echo 中文 ubuntu");
        assert_eq!(lines[3], "  |                  ^^^^^^");
    }

    #[test]
    fn multi_line_ranges_show_first_and_last_line() {
        let text = "FROM a\nRUN a \\\n  b \\\n  c\nCMD d\n";
        let start = text.find("RUN").unwrap_or_default();
        let end = text.find("CMD").unwrap_or_default();
        let mut d = diagnostic(text, "RUN", 0);
        d.range = TextRange::new(start, end);
        d.code = None;
        d.fix = Some(Fix::new("Split the command", Applicability::Unsafe, Vec::new()));
        let out = rendered(text, &d);
        assert_eq!(
            out,
            "Dockerfile:2:1: warning[untagged-image]: Image `ubuntu` has no tag\n  |\n2 | RUN a \\\n  | ^^^^^^^\n...\n4 |   c\n  |   ^\n  = help: Split the command (unsafe)\n\n"
        );
    }

    #[test]
    fn related_places_get_their_own_labelled_underline() {
        let text = "FROM a\nRUN apt-get install -y \\\n    gcc \\\n    libc6-dev curl\n";
        let place = |needle: &str| {
            let start = text.find(needle).unwrap_or_default();
            TextRange::new(start, start + needle.len())
        };
        let mut d = diagnostic(text, "apt-get install", "apt-get install".len());
        d.code = None;
        d.related = ["gcc", "libc6-dev", "curl"]
            .into_iter()
            .map(|p| Related::new(place(p), format!("`{p}` has no version")))
            .collect();
        let out = rendered(text, &d);
        assert_eq!(
            out,
            "Dockerfile:2:5: warning[untagged-image]: Image `ubuntu` has no tag\n  |\n\
             2 | RUN apt-get install -y \\\n  |     ^^^^^^^^^^^^^^^\n\
             3 |     gcc \\\n  |     --- `gcc` has no version\n\
             4 |     libc6-dev curl\n  |     --------- `libc6-dev` has no version\n\
             \x20 |               ---- `curl` has no version\n\n"
        );
    }

    #[test]
    fn empty_range_at_end_of_file_gets_one_caret() {
        let text = "FROM a";
        let mut d = diagnostic(text, "a", 0);
        d.range = TextRange::empty(text.len());
        let out = rendered(text, &d);
        assert!(out.contains("1 | FROM a\n  |       ^\n"), "{out}");
    }

    #[test]
    fn summary_counts_and_plurals() {
        let mut counts = Counts::default();
        counts.add(Severity::Error);
        counts.add(Severity::Warning);
        counts.add(Severity::Warning);
        assert_eq!(summary(counts, 2, 0), "3 problems (1 error, 2 warnings) in 2 files");
        assert_eq!(
            summary(Counts::default(), 1, 1),
            "0 problems in 1 file; 1 file could not be read"
        );
    }
}
