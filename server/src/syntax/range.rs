//! Byte ranges into the source text, the one currency every layer below LSP speaks.

use std::fmt;
use std::ops::Range;

/// A half-open range of byte offsets into a document's text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub const fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Self { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Self { start: at, end: at }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `offset` lies inside the range; the end is included so that a cursor just after a
    /// word still counts as on it.
    pub const fn contains_inclusive(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    pub const fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub const fn intersects(self, other: TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn slice(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }

    pub const fn as_range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// `offset` as a position in `text`: at most its length, and moved back to the start of the
/// character it falls inside. The front ends pass character boundaries; this keeps a feature
/// asked about any other offset from slicing inside a character.
pub fn char_floor(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The run of characters around `offset`, within `within`, that `is_break` does not stop: from
/// just after the last break before `offset` to the first break at or after it. `None` when the
/// run is empty or `offset` is outside `within` or inside a character. Breaks may be any width.
pub fn run_around(text: &str, within: TextRange, offset: usize, is_break: impl Fn(char) -> bool) -> Option<TextRange> {
    if !within.contains_inclusive(offset) || !text.is_char_boundary(offset) || within.end > text.len() {
        return None;
    }
    let before = text.get(within.start..offset)?;
    let after = text.get(offset..within.end)?;
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| is_break(c))
        .map_or(within.start, |(i, c)| within.start + i + c.len_utf8());
    let end = after.find(&is_break).map_or(within.end, |i| offset + i);
    (start < end).then(|| TextRange::new(start, end))
}

impl From<Range<usize>> for TextRange {
    fn from(r: Range<usize>) -> Self {
        TextRange::new(r.start, r.end)
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_stops_after_a_multi_byte_break() {
        let text = "# ignore=é\u{fffd}DL3008,x";
        let all = TextRange::new(0, text.len());
        let is_break = |c: char| !(c.is_ascii_alphanumeric() || c == '-');
        let at = text.find("L30").expect("anchor");
        let run = run_around(text, all, at, is_break).map(|r| r.slice(text));
        assert_eq!(run, Some("DL3008"));
        // Inside a character, outside `within`, or on an empty run: nothing.
        assert_eq!(run_around(text, all, text.find('é').expect("é") + 1, is_break), None);
        assert_eq!(run_around(text, TextRange::new(0, 2), at, is_break), None);
        assert_eq!(run_around(text, all, 1, is_break), None);
    }
}
