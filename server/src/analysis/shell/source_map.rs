//! From the script that the shell runs back to the Dockerfile: BuildKit joins continuation lines,
//! drops comment and blank lines inside them and trims the ends, so a byte of the script is not
//! at the same offset in the document. A [`SourceMap`] records where each run of script bytes was
//! written, and the constructors here build the script text exactly as BuildKit would, with its
//! map.

use crate::syntax::TextRange;

/// A run of script bytes copied verbatim from the document, or (when `doc_len != len`) a decoded
/// escape sequence that stands for `doc_len` document bytes as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    script: usize,
    doc: usize,
    len: usize,
    doc_len: usize,
    /// Physical lines between the first mapped document line and this segment's first line.
    line: u32,
}

impl Segment {
    const fn verbatim(script: usize, doc: usize, len: usize, line: u32) -> Segment {
        Segment {
            script,
            doc,
            len,
            doc_len: len,
            line,
        }
    }

    /// Document offset of a script offset inside `[script, script + len]`; inside an escape
    /// sequence, its start (or its end, for `at_end`).
    fn doc_at(&self, offset: usize, at_end: bool) -> usize {
        let delta = offset - self.script;
        if self.doc_len == self.len {
            self.doc + delta
        } else if delta == self.len || (at_end && delta > 0) {
            self.doc + self.doc_len
        } else {
            self.doc
        }
    }
}

/// Script offsets to document offsets. Script bytes that no segment covers (separators that
/// BuildKit inserts) map to the end of the segment before them.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SourceMap {
    segments: Vec<Segment>,
    /// Where an empty script (or a script byte before every segment) is in the document.
    origin: usize,
}

impl SourceMap {
    /// Moves every document offset by `delta` (the script itself is unchanged).
    pub(super) fn shift_doc(&mut self, delta: isize) {
        self.origin = self.origin.saturating_add_signed(delta);
        for segment in &mut self.segments {
            segment.doc = segment.doc.saturating_add_signed(delta);
        }
    }

    /// The script is the document text from `doc_start`, unchanged.
    pub fn identity(doc_start: usize, len: usize) -> SourceMap {
        let mut map = SourceMap {
            segments: Vec::new(),
            origin: doc_start,
        };
        if len > 0 {
            map.segments.push(Segment::verbatim(0, doc_start, len, 0));
        }
        map
    }

    /// Builds a map from `(script_offset, doc_offset, len)` runs, in script order.
    pub fn from_segments(runs: impl IntoIterator<Item = (usize, usize, usize)>) -> SourceMap {
        let mut map = SourceMap::default();
        for (script, doc, len) in runs {
            if len > 0 && map.segments.last().is_none_or(|s| s.script + s.len <= script) {
                map.segments.push(Segment::verbatim(script, doc, len, 0));
            }
        }
        map.origin = map.segments.first().map_or(0, |s| s.doc);
        map
    }

    /// The `(script_offset, doc_offset, len)` runs, in script order.
    pub fn segments(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        self.segments.iter().map(|s| (s.script, s.doc, s.len))
    }

    /// The document range of a script range. An empty range maps to the document position just
    /// after the script byte before it, so a "missing" token at the end of a line stays there.
    pub fn to_doc(&self, range: TextRange) -> TextRange {
        if range.is_empty() {
            return TextRange::empty(self.end_to_doc(range.start));
        }
        let start = self.start_to_doc(range.start);
        let end = self.end_to_doc(range.end).max(start);
        TextRange::new(start, end)
    }

    /// The document offset of the script byte at `offset`.
    pub fn offset_to_doc(&self, offset: usize) -> usize {
        self.start_to_doc(offset)
    }

    /// How many of the `len` script bytes from `offset` are one verbatim run in the document.
    pub fn contiguous_len(&self, offset: usize, len: usize) -> usize {
        if len == 0 {
            return 0;
        }
        let idx = self.segments.partition_point(|s| s.script <= offset);
        match idx.checked_sub(1).map(|i| self.segments[i]) {
            Some(s) if offset < s.script + s.len && s.doc_len == s.len => len.min(s.script + s.len - offset),
            _ => 0,
        }
    }

    /// The script offset of a document offset, when the byte there is part of the script.
    pub fn to_script(&self, doc_offset: usize) -> Option<usize> {
        self.segments
            .iter()
            .find(|s| s.doc <= doc_offset && doc_offset < s.doc + s.doc_len)
            .map(|s| s.script + (doc_offset - s.doc).min(s.len.saturating_sub(1)))
    }

    /// The physical line, counted from the first line of the mapped text, that the byte at
    /// `offset` of `script` (the text this map belongs to) was written on.
    pub fn line_of(&self, script: &str, offset: usize) -> u32 {
        let idx = self.segments.partition_point(|s| s.script <= offset);
        let Some(seg) = idx.checked_sub(1).map(|i| self.segments[i]) else {
            return 0;
        };
        // A verbatim segment holds the document's own line breaks.
        let within = if seg.doc_len == seg.len {
            let end = offset.min(seg.script + seg.len);
            script.as_bytes().get(seg.script..end).map_or(0, count_newlines)
        } else {
            0
        };
        seg.line.saturating_add(within)
    }

    /// The map of a text whose pieces are moved pieces of this map's text (`text`): each
    /// `(new_start, old_start, len)` says that `new[new_start..][..len]` is `text[old_start..][..len]`.
    /// Bytes no piece covers are synthetic. Escape sequences cut by a piece are left unmapped.
    pub(crate) fn rearranged(&self, text: &str, pieces: &[(usize, usize, usize)]) -> SourceMap {
        let mut segments = Vec::new();
        for &(new_start, old_start, len) in pieces {
            let old_end = old_start + len;
            for s in &self.segments {
                let (from, to) = (s.script.max(old_start), (s.script + s.len).min(old_end));
                if from >= to {
                    continue;
                }
                let skipped = text.as_bytes().get(s.script..from).map_or(0, count_newlines);
                let script = new_start + (from - old_start);
                if s.doc_len == s.len {
                    let line = s.line.saturating_add(skipped);
                    segments.push(Segment::verbatim(script, s.doc + (from - s.script), to - from, line));
                } else if from == s.script && to == s.script + s.len {
                    segments.push(Segment { script, ..*s });
                }
            }
        }
        segments.sort_by_key(|s| s.script);
        SourceMap {
            origin: segments.first().map_or(self.origin, |s| s.doc.min(self.origin)),
            segments,
        }
    }

    fn start_to_doc(&self, offset: usize) -> usize {
        let idx = self.segments.partition_point(|s| s.script <= offset);
        match idx.checked_sub(1).map(|i| self.segments[i]) {
            None => self.segments.first().map_or(self.origin, |s| s.doc),
            Some(s) if offset < s.script + s.len => s.doc_at(offset, false),
            // In a gap: the synthetic byte belongs where the next real one starts, if any.
            Some(s) => self.segments.get(idx).map_or(s.doc + s.doc_len, |next| next.doc),
        }
    }

    fn end_to_doc(&self, offset: usize) -> usize {
        let idx = self.segments.partition_point(|s| s.script < offset);
        match idx.checked_sub(1).map(|i| self.segments[i]) {
            None => self.segments.first().map_or(self.origin, |s| s.doc),
            Some(s) if offset <= s.script + s.len => s.doc_at(offset, true),
            Some(s) => s.doc + s.doc_len,
        }
    }
}

/// Accumulates a script from document slices and synthetic text.
#[derive(Debug)]
pub(crate) struct Builder<'d> {
    doc: &'d str,
    text: String,
    map: SourceMap,
    /// Document offset and line number of the last counted position, to count lines
    /// incrementally.
    line_pos: usize,
    line: u32,
}

impl<'d> Builder<'d> {
    pub(crate) fn new(doc: &'d str, origin: usize) -> Self {
        Builder {
            doc,
            text: String::new(),
            map: SourceMap {
                segments: Vec::new(),
                origin,
            },
            line_pos: origin,
            line: 0,
        }
    }

    /// Appends `doc[start..start + len]` (both ends on char boundaries, checked).
    pub(crate) fn push_doc(&mut self, start: usize, len: usize) {
        let Some(slice) = self.doc.get(start..start + len) else {
            return;
        };
        if slice.is_empty() {
            return;
        }
        if start >= self.line_pos {
            self.line += count_newlines(&self.doc.as_bytes()[self.line_pos..start]);
        } else {
            self.line = count_newlines(&self.doc.as_bytes()[self.map.origin.min(start)..start]);
        }
        self.line_pos = start;
        let script = self.text.len();
        self.text.push_str(slice);
        match self.map.segments.last_mut() {
            // Adjacent in both texts: one segment is enough.
            Some(last)
                if last.doc_len == last.len && last.script + last.len == script && last.doc + last.len == start =>
            {
                last.len += len;
                last.doc_len += len;
            }
            _ => self.map.segments.push(Segment::verbatim(script, start, len, self.line)),
        }
    }

    /// Appends text that is not written in the document.
    pub(crate) fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    pub(crate) fn finish(self) -> (String, SourceMap) {
        (self.text, self.map)
    }

    /// Finishes after removing leading and trailing whitespace, as Go's `strings.TrimSpace`.
    pub(crate) fn finish_trimmed(self) -> (String, SourceMap) {
        let (text, mut map) = self.finish();
        let lead = text.len() - text.trim_start().len();
        let trimmed = text.trim();
        let keep_end = lead + trimmed.len();
        if lead == 0 && keep_end == text.len() {
            return (text, map);
        }
        let mut segments = Vec::with_capacity(map.segments.len());
        for s in map.segments.drain(..) {
            let start = s.script.max(lead);
            let end = (s.script + s.len).min(keep_end);
            // Whitespace is never an escape sequence, so trimmed segments are verbatim.
            if start < end {
                segments.push(Segment::verbatim(
                    start - lead,
                    s.doc + (start - s.script),
                    end - start,
                    s.line,
                ));
            }
        }
        if let Some(first) = segments.first() {
            map.origin = first.doc;
        }
        map.segments = segments;
        (trimmed.to_owned(), map)
    }
}

fn count_newlines(bytes: &[u8]) -> u32 {
    let n = bytes.iter().filter(|&&b| b == b'\n').count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Clamps `range` to `doc` and to char boundaries.
fn clamp(doc: &str, range: TextRange) -> (usize, usize) {
    let mut end = range.end.min(doc.len());
    while end > 0 && !doc.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = range.start.min(end);
    while start < end && !doc.is_char_boundary(start) {
        start += 1;
    }
    (start, end)
}

/// The shell-form text of an instruction as BuildKit passes it to the shell, and its map.
///
/// `range` runs from the first byte of the shell part (after the keyword and flags) to the end of
/// the instruction's last continuation line. BuildKit's joining: a line whose last non-blank
/// character (spaces and tabs) is the escape character, not itself escaped, continues on the next
/// line; the escape character and the blanks after it are removed and the next line is appended
/// as written (its indentation kept). Lines inside the continuation that are blank or whose
/// first non-blank character is `#` are dropped. Line ends (`\n`, `\r\n`) are removed and the
/// result is trimmed of whitespace at both ends.
pub fn shell_form(doc: &str, range: TextRange, escape: char) -> (String, SourceMap) {
    let (start, end) = clamp(doc, range);
    let bytes = doc.as_bytes();
    let escape = u8::try_from(escape).ok().filter(u8::is_ascii);
    let mut builder = Builder::new(doc, start);
    let mut pos = start;
    let mut first = true;
    while pos < end {
        let newline = bytes[pos..end].iter().position(|&b| b == b'\n').map(|i| pos + i);
        let next = newline.map_or(end, |i| i + 1);
        let mut content_end = newline.unwrap_or(end);
        while content_end > pos && matches!(bytes[content_end - 1], b'\r' | b'\n') {
            content_end -= 1;
        }
        let content = &doc[pos..content_end];
        if !first {
            let rest = content.trim_start();
            if rest.is_empty() || rest.starts_with('#') {
                pos = next;
                continue;
            }
        }
        let line_start = if first { line_start_of(bytes, pos) } else { pos };
        first = false;
        let blank_end = pos + content.trim_end_matches([' ', '\t']).len();
        let continues = escape.is_some_and(|e| {
            blank_end > pos && bytes[blank_end - 1] == e && (blank_end - 1 == line_start || bytes[blank_end - 2] != e)
        });
        if continues {
            builder.push_doc(pos, blank_end - 1 - pos);
        } else {
            builder.push_doc(pos, content_end - pos);
            break;
        }
        pos = next;
    }
    builder.finish_trimmed()
}

fn line_start_of(bytes: &[u8], pos: usize) -> usize {
    bytes[..pos].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
}

/// A heredoc body as BuildKit passes it: the lines as written (line ends kept), with leading tabs
/// removed from every line for `<<-`.
pub fn heredoc_body(doc: &str, body: TextRange, strip_tabs: bool) -> (String, SourceMap) {
    let (start, end) = clamp(doc, body);
    let mut builder = Builder::new(doc, start);
    push_heredoc_body(&mut builder, start, end, strip_tabs);
    builder.finish()
}

pub(crate) fn push_heredoc_body(builder: &mut Builder<'_>, start: usize, end: usize, strip_tabs: bool) {
    if !strip_tabs {
        builder.push_doc(start, end - start);
        return;
    }
    let bytes = builder.doc.as_bytes();
    let mut pos = start;
    while pos < end {
        let line_end = bytes[pos..end]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(end, |i| pos + i + 1);
        let mut text_start = pos;
        while text_start < line_end && bytes[text_start] == b'\t' {
            text_start += 1;
        }
        builder.push_doc(text_start, line_end - text_start);
        pos = line_end;
    }
}

/// A JSON string literal (with its quotes) decoded, and the map from the decoded text to the
/// literal in the document; `None` when `raw` is not a well-formed JSON string.
pub fn json_string(raw: &str, doc_start: usize) -> Option<(String, SourceMap)> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let base = doc_start + 1;
    let mut text = String::with_capacity(inner.len());
    let mut segments: Vec<Segment> = Vec::new();
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < inner.len() {
        let c = inner[i..].chars().next()?;
        if c != '\\' {
            let script = text.len();
            text.push(c);
            match segments.last_mut() {
                Some(last)
                    if last.doc_len == last.len
                        && last.script + last.len == script
                        && last.doc + last.len == base + i =>
                {
                    last.len += c.len_utf8();
                    last.doc_len += c.len_utf8();
                }
                _ => segments.push(Segment::verbatim(script, base + i, c.len_utf8(), 0)),
            }
            i += c.len_utf8();
            continue;
        }
        let (decoded, used) = match *bytes.get(i + 1)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'/' => ('/', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => decode_unicode_escape(inner, i)?,
            _ => return None,
        };
        // The decoded character stands for its whole escape sequence.
        let script = text.len();
        text.push(decoded);
        segments.push(Segment {
            script,
            doc: base + i,
            len: decoded.len_utf8(),
            doc_len: used,
            line: 0,
        });
        i += used;
    }
    Some((text, SourceMap { segments, origin: base }))
}

/// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`, at `inner[i..]`: the character and the bytes
/// used. Lone surrogates become U+FFFD, as Go's decoder does.
fn decode_unicode_escape(inner: &str, i: usize) -> Option<(char, usize)> {
    let hex = |at: usize| -> Option<u32> { u32::from_str_radix(inner.get(at..at + 4)?, 16).ok() };
    let first = hex(i + 2)?;
    if (0xD800..0xDC00).contains(&first) {
        let second = if inner.get(i + 6..i + 8) == Some("\\u") {
            hex(i + 8)
        } else {
            None
        };
        if let Some(second) = second.filter(|s| (0xDC00..0xE000).contains(s)) {
            let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
            return Some((char::from_u32(c).unwrap_or('\u{FFFD}'), 12));
        }
        return Some(('\u{FFFD}', 6));
    }
    Some((char::from_u32(first).unwrap_or('\u{FFFD}'), 6))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shell part of the first instruction of `doc`: from after `RUN ` to the end of `doc`.
    fn run(doc: &str) -> (String, SourceMap) {
        let start = doc.find("RUN ").map_or(0, |i| i + 4);
        shell_form(doc, TextRange::new(start, doc.len()), '\\')
    }

    fn doc_slice<'a>(doc: &'a str, map: &SourceMap, script: TextRange) -> &'a str {
        map.to_doc(script).slice(doc)
    }

    #[test]
    fn single_line_is_trimmed() {
        let doc = "RUN   echo hi  \n";
        let (text, map) = run(doc);
        assert_eq!(text, "echo hi");
        assert_eq!(doc_slice(doc, &map, TextRange::new(5, 7)), "hi");
    }

    #[test]
    fn continuation_keeps_indentation_of_next_line() {
        // BuildKit's testfiles/continueIndent: the next line is appended with its leading blanks.
        let doc = "RUN apt-get install -yq \\\n\tapt-utils\n";
        let (text, map) = run(doc);
        assert_eq!(text, "apt-get install -yq \tapt-utils");
        let at = text.find("apt-utils").unwrap_or(0);
        let r = map.to_doc(TextRange::new(at, at + 9));
        assert_eq!(r.slice(doc), "apt-utils");
        assert_eq!(map.line_of(&text, at), 1);
        assert_eq!(map.line_of(&text, 0), 0);
    }

    #[test]
    fn blanks_after_escape_are_removed_and_crlf_handled() {
        let doc = "RUN a \\  \t\r\n  b \\\r\n  c\r\n";
        let (text, map) = run(doc);
        assert_eq!(text, "a   b   c");
        let c = text.rfind('c').unwrap_or(0);
        assert_eq!(doc_slice(doc, &map, TextRange::new(c, c + 1)), "c");
        assert_eq!(map.line_of(&text, c), 2);
    }

    #[test]
    fn comment_and_blank_lines_inside_continuation_are_dropped() {
        let doc = "RUN apt-get install \\\n  # the tools\n\n    curl \\\n# also a comment \\\n    wget\n";
        let (text, map) = run(doc);
        assert_eq!(text, "apt-get install     curl     wget");
        let w = text.find("wget").unwrap_or(0);
        let r = map.to_doc(TextRange::new(w, w + 4));
        assert_eq!(r.slice(doc), "wget");
        assert_eq!(map.line_of(&text, w), 5);
        let c = text.find("curl").unwrap_or(0);
        assert_eq!(map.line_of(&text, c), 3);
    }

    #[test]
    fn escaped_escape_is_not_a_continuation() {
        let doc = "RUN echo a\\\\\nRUN echo b\n";
        let first_line_end = doc.find('\n').unwrap_or(0);
        let (text, _) = shell_form(doc, TextRange::new(4, first_line_end), '\\');
        assert_eq!(text, "echo a\\\\");
    }

    #[test]
    fn lone_escape_on_a_line_continues() {
        let doc = "RUN a \\\n\\\n b\n";
        let (text, _) = run(doc);
        assert_eq!(text, "a  b");
        let doc = "RUN a \\\n   \\\n b\n";
        let (text, _) = run(doc);
        assert_eq!(text, "a     b");
    }

    #[test]
    fn backslash_inside_quotes_is_still_a_continuation() {
        // BuildKit joins lines before any quoting is considered.
        let doc = "RUN echo \"a \\\n  b\"\n";
        let (text, map) = run(doc);
        assert_eq!(text, "echo \"a   b\"");
        let b = text.find('b').unwrap_or(0);
        assert_eq!(doc_slice(doc, &map, TextRange::new(b, b + 1)), "b");
        // A backslash that is not last on the line stays for the shell.
        let doc = "RUN echo \"a\\\"b\"\n";
        assert_eq!(run(doc).0, "echo \"a\\\"b\"");
    }

    #[test]
    fn backtick_escape() {
        let doc = "# escape=`\nRUN echo a `\n  b\\c `\n  d\n";
        let start = doc.find("RUN ").map_or(0, |i| i + 4);
        let (text, map) = shell_form(doc, TextRange::new(start, doc.len()), '`');
        assert_eq!(text, "echo a   b\\c   d");
        let d = text.rfind('d').unwrap_or(0);
        assert_eq!(doc_slice(doc, &map, TextRange::new(d, d + 1)), "d");
        // With backtick as escape, a trailing backslash ends the instruction.
        let doc = "RUN echo a \\\n";
        let (text, _) = shell_form(doc, TextRange::new(4, doc.len()), '`');
        assert_eq!(text, "echo a \\");
    }

    #[test]
    fn continuation_at_end_of_file_and_trailing_space_trimmed() {
        let doc = "RUN echo a \\";
        assert_eq!(run(doc).0, "echo a");
        let doc = "RUN echo a \\\n";
        assert_eq!(run(doc).0, "echo a");
        let doc = "RUN echo a \\\n\n\n";
        assert_eq!(run(doc).0, "echo a");
    }

    #[test]
    fn multi_byte_text_maps_exactly() {
        let doc = "RUN echo \"héllo wörld\" \\\n  && echo 日本語\n";
        let (text, map) = run(doc);
        assert_eq!(text, "echo \"héllo wörld\"   && echo 日本語");
        let j = text.find("日本語").unwrap_or(0);
        let r = map.to_doc(TextRange::new(j, j + "日本語".len()));
        assert_eq!(r.slice(doc), "日本語");
    }

    #[test]
    fn range_clamped_and_not_on_char_boundary() {
        let doc = "RUN é";
        let (text, _) = shell_form(doc, TextRange::new(5, 100), '\\');
        assert_eq!(text, "");
        let (text, _) = shell_form(doc, TextRange::new(4, 100), '\\');
        assert_eq!(text, "é");
    }

    #[test]
    fn empty_ranges_map_after_the_previous_byte() {
        let doc = "RUN echo \"abc \\\n  def\n";
        let (text, map) = run(doc);
        assert_eq!(text, "echo \"abc   def");
        let r = map.to_doc(TextRange::empty(text.len()));
        assert_eq!(&doc[..r.start], "RUN echo \"abc \\\n  def");
        // Script offset 10 is the first byte of the second line's text.
        let eleven = text.find("  def").unwrap_or(0);
        assert_eq!(
            map.to_doc(TextRange::new(eleven, eleven + 1)).start,
            doc.find("  def").unwrap_or(0)
        );
    }

    #[test]
    fn to_script_inverts_to_doc() {
        let doc = "RUN a \\\n  b\n";
        let (text, map) = run(doc);
        let b_doc = doc.find('b').unwrap_or(0);
        assert_eq!(map.to_script(b_doc), text.find('b'));
        assert_eq!(map.to_script(doc.find('\\').unwrap_or(0)), None);
    }

    #[test]
    fn heredoc_body_strips_tabs_per_line() {
        let doc = "RUN <<-EOF\n\techo a\n\t\techo b\nc\n\tEOF\n";
        let start = doc.find('\t').unwrap_or(0);
        let end = doc.rfind("\tEOF").unwrap_or(0);
        let (text, map) = heredoc_body(doc, TextRange::new(start, end), true);
        assert_eq!(text, "echo a\necho b\nc\n");
        let b = text.find('b').unwrap_or(0);
        assert_eq!(doc_slice(doc, &map, TextRange::new(b, b + 1)), "b");
        assert_eq!(map.line_of(&text, b), 1);
        let (text, _) = heredoc_body(doc, TextRange::new(start, end), false);
        assert_eq!(text, "\techo a\n\t\techo b\nc\n");
    }

    #[test]
    fn json_strings_decode_with_map() {
        let doc = r#"CMD ["sh", "-c", "echo \"a\" \u00e9 b"]"#;
        let at = doc.find(r#""echo"#).unwrap_or(0);
        let raw = &doc[at..doc.len() - 1];
        let (text, map) = json_string(raw, at).unwrap_or_default();
        assert_eq!(text, "echo \"a\" é b");
        let b = text.rfind('b').unwrap_or(0);
        assert_eq!(doc_slice(doc, &map, TextRange::new(b, b + 1)), "b");
        let a = text.find('a').unwrap_or(0);
        assert_eq!(doc_slice(doc, &map, TextRange::new(a, a + 1)), "a");
        assert_eq!(json_string(r#""\x""#, 0), None);
        assert_eq!(
            json_string(r#""\ud83d\ude00""#, 0).map(|(t, _)| t),
            Some("😀".to_owned())
        );
    }
}
