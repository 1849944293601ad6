//! Physical lines as BuildKit's scanner cuts them (at `\n` only; trailing `\r`s dropped), and
//! logical lines: the text BuildKit parses once continuations are joined, with a map from every
//! byte of it back to the document.

use crate::syntax::TextRange;

/// One physical line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    /// First byte (after the byte-order mark on the first line).
    pub start: usize,
    /// End of the content: trailing `\r` and `\n` excluded.
    pub end: usize,
    /// Start of the next line (after the `\n`), or the end of the text.
    pub next: usize,
    /// Bytes BuildKit's scanner must hold for this line (the `\n` excluded).
    pub scanned_len: usize,
}

/// Iterates over the physical lines of a text.
pub(crate) struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        Self { text, pos: 0 }
    }

    /// The lines from `pos`, the start of a line after the first.
    pub fn at(text: &'a str, pos: usize) -> Self {
        Self { text, pos }
    }

    /// Where the next line starts.
    pub fn position(&self) -> usize {
        self.pos
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.pos >= self.text.len() {
            return None;
        }
        let raw_start = self.pos;
        let mut start = raw_start;
        if raw_start == 0 && self.text.starts_with('\u{feff}') {
            start = '\u{feff}'.len_utf8();
        }
        let (content_end, next) = match self.text[raw_start..].find('\n') {
            Some(i) => (raw_start + i, raw_start + i + 1),
            None => (self.text.len(), self.text.len()),
        };
        let end = start.max(raw_start + self.text[raw_start..content_end].trim_end_matches(['\r', '\n']).len());
        self.pos = next;
        Some(Line {
            start,
            end,
            next,
            scanned_len: content_end - raw_start,
        })
    }
}

/// A contiguous run of the logical text copied from the document.
#[derive(Clone, Copy, Debug)]
struct Segment {
    at: usize,
    src: usize,
    len: usize,
}

/// A logical line: continuation lines joined as BuildKit joins them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Logical {
    pub text: String,
    segments: Vec<Segment>,
}

impl Logical {
    /// Appends `source[range]`.
    pub fn push(&mut self, source: &str, start: usize, end: usize) {
        if start >= end {
            return;
        }
        let piece = source.get(start..end).unwrap_or("");
        self.segments.push(Segment {
            at: self.text.len(),
            src: start,
            len: piece.len(),
        });
        self.text.push_str(piece);
    }

    /// The document offset of the byte at `offset` (or just after the text).
    pub fn src_start(&self, offset: usize) -> usize {
        let i = self.segments.partition_point(|s| s.at + s.len <= offset);
        match self.segments.get(i) {
            Some(s) => s.src + offset.saturating_sub(s.at),
            None => self.segments.last().map_or(0, |s| s.src + s.len),
        }
    }

    /// The document offset just after the byte before `offset`.
    pub fn src_end(&self, offset: usize) -> usize {
        if offset == 0 {
            return self.src_start(0);
        }
        let i = self.segments.partition_point(|s| s.at + s.len < offset);
        match self.segments.get(i) {
            Some(s) => s.src + (offset - s.at).min(s.len),
            None => self.segments.last().map_or(0, |s| s.src + s.len),
        }
    }

    /// The document range of `text[start..end]`.
    pub fn range(&self, start: usize, end: usize) -> TextRange {
        if start >= end {
            let at = self.src_start(start);
            return TextRange::empty(at);
        }
        let s = self.src_start(start);
        TextRange::new(s, self.src_end(end).max(s))
    }
}

/// Go's `unicode.IsSpace`, which matches Rust's `char::is_whitespace`.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// BuildKit's `reWhitespace`: `[\t\v\f\r ]`.
pub(crate) fn is_ascii_blank(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// Splits `text[start..end]` at runs of [`is_ascii_blank`] (`reWhitespace.Split(s, -1)`), as
/// spans of `text`; an empty input gives no span.
pub(crate) fn split_blank(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if start >= end {
        return out;
    }
    let mut word_start = start;
    let mut in_sep = false;
    // By bytes: the blanks are ASCII, and no byte of a multi-byte character is.
    for (i, &b) in text.as_bytes()[start..end].iter().enumerate() {
        let at = start + i;
        if is_ascii_blank(char::from(b)) {
            if !in_sep {
                out.push((word_start, at));
                in_sep = true;
            }
        } else if in_sep {
            word_start = at;
            in_sep = false;
        }
    }
    out.push((if in_sep { end } else { word_start }, end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_crlf_and_bom_out_of_content() {
        let text = "\u{feff}A\r\nB\r\r\n\nC";
        let lines: Vec<(usize, usize, usize)> = Lines::new(text).map(|l| (l.start, l.end, l.next)).collect();
        assert_eq!(lines, vec![(3, 4, 6), (6, 7, 10), (10, 10, 11), (11, 12, 12)]);
        assert_eq!(Lines::new("").count(), 0);
        assert_eq!(
            Lines::new("\r").map(|l| (l.start, l.end)).collect::<Vec<_>>(),
            vec![(0, 0)]
        );
    }

    #[test]
    fn logical_offsets_map_back() {
        let src = "RUN a \\\n  b";
        let mut lg = Logical::default();
        lg.push(src, 0, 6);
        lg.push(src, 8, 11);
        assert_eq!(lg.text, "RUN a   b");
        assert_eq!(lg.range(4, 5), TextRange::new(4, 5));
        assert_eq!(lg.range(8, 9), TextRange::new(10, 11));
        assert_eq!(lg.range(4, 9), TextRange::new(4, 11));
        assert_eq!(lg.range(6, 6), TextRange::empty(8));
        assert_eq!(lg.range(9, 9), TextRange::empty(11));
    }

    #[test]
    fn blank_split_matches_go_regexp_split() {
        let t = "a  b\tc";
        assert_eq!(split_blank(t, 0, t.len()), vec![(0, 1), (3, 4), (5, 6)]);
        assert_eq!(split_blank("", 0, 0), vec![]);
        let u = "a\u{a0}b";
        assert_eq!(split_blank(u, 0, u.len()), vec![(0, u.len())]);
    }
}
