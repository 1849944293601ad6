//! Conversions between byte offsets and (line, column) positions in the encoding the client and
//! server agreed on. The only place that counts UTF-16 code units.

use ropey::Rope;

/// How columns are counted. LSP's default is UTF-16; UTF-8 and UTF-32 are used when the client
/// offers them at initialize.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PositionEncoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

/// A zero-based line and a zero-based column counted in some [`PositionEncoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Byte length of the line's terminator (`\n`, `\r\n` or `\r`), 0 on the last line.
fn line_content_end_byte(rope: &Rope, line: usize) -> usize {
    let start = rope.line_to_byte(line);
    let slice = rope.line(line);
    let mut end = start + slice.len_bytes();
    let bytes = slice.bytes_at(slice.len_bytes());
    let mut rev = bytes.reversed();
    match rev.next() {
        Some(b'\n') => {
            end -= 1;
            if rev.next() == Some(b'\r') {
                end -= 1;
            }
        }
        Some(b'\r') => end -= 1,
        _ => {}
    }
    end
}

/// The position of a byte offset. An offset past the end is clamped to the end; an offset inside a
/// multi-byte character is moved back to the character's start.
pub fn offset_to_position(rope: &Rope, offset: usize, enc: PositionEncoding) -> LineCol {
    let offset = offset.min(rope.len_bytes());
    let line = rope.byte_to_line(offset);
    let line_start_byte = rope.line_to_byte(line);
    let char_idx = rope.byte_to_char(offset);
    let line_start_char = rope.byte_to_char(line_start_byte);
    let col = match enc {
        PositionEncoding::Utf8 => rope.char_to_byte(char_idx) - line_start_byte,
        PositionEncoding::Utf32 => char_idx - line_start_char,
        PositionEncoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_start_char),
    };
    LineCol {
        line: line as u32,
        col: col as u32,
    }
}

/// Where each line of a text starts, to convert many offsets of one version without walking the
/// rope for each: what publishing hundreds of diagnostics needs. Lines break where the rope's do
/// (`\n`, `\r\n`, a lone `\r`), and [`LineIndex::position`] gives exactly what
/// [`offset_to_position`] gives.
pub struct LineIndex<'a> {
    text: &'a str,
    /// The byte offset where each line after the first starts.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::new();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        Self { text, starts }
    }

    /// The 0-based line of a byte offset (past the end: the last line).
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.starts.partition_point(|&start| start <= offset)
    }

    /// The position of a byte offset, as [`offset_to_position`] finds it in a rope of the same
    /// text: past the end clamps to the end, inside a character moves back to its start.
    pub fn position(&self, offset: usize, enc: PositionEncoding) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line(offset);
        let start = if line == 0 { 0 } else { self.starts[line - 1] };
        let before = &self.text[start..offset];
        let col = match enc {
            PositionEncoding::Utf8 => before.len(),
            PositionEncoding::Utf32 => before.chars().count(),
            PositionEncoding::Utf16 => before.chars().map(char::len_utf16).sum(),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }
}

/// The byte offset of a position. A line past the end gives the end of the text; a column past the
/// end of its line gives the end of the line (before its terminator), as LSP asks; a column in the
/// middle of a character (half a surrogate pair, part of a UTF-8 sequence) rounds down to its start.
pub fn position_to_offset(rope: &Rope, pos: LineCol, enc: PositionEncoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start = rope.line_to_byte(line);
    let end = line_content_end_byte(rope, line);
    let col = pos.col as usize;
    let target = match enc {
        PositionEncoding::Utf8 => {
            let mut b = (start + col).min(end);
            while b > start && !is_char_boundary(rope, b) {
                b -= 1;
            }
            b
        }
        PositionEncoding::Utf32 => {
            let start_char = rope.byte_to_char(start);
            let end_char = rope.byte_to_char(end);
            rope.char_to_byte((start_char + col).min(end_char))
        }
        PositionEncoding::Utf16 => {
            let start_char = rope.byte_to_char(start);
            let end_char = rope.byte_to_char(end);
            let start_cu = rope.char_to_utf16_cu(start_char);
            let end_cu = rope.char_to_utf16_cu(end_char);
            let cu = (start_cu + col).min(end_cu);
            rope.char_to_byte(rope.utf16_cu_to_char(cu))
        }
    };
    target.clamp(start, end)
}

fn is_char_boundary(rope: &Rope, byte: usize) -> bool {
    rope.char_to_byte(rope.byte_to_char(byte)) == byte
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(text: &str, enc: PositionEncoding) {
        let rope = Rope::from_str(text);
        for (offset, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            let pos = offset_to_position(&rope, offset, enc);
            let back = position_to_offset(&rope, pos, enc);
            // Offsets on a line terminator's second byte cannot be addressed; everything else can.
            if !(text[..offset].ends_with('\r') && text[offset..].starts_with('\n')) {
                assert_eq!(back, offset, "{text:?} at {offset} via {pos:?} ({enc:?})");
            }
        }
    }

    #[test]
    fn roundtrips_in_every_encoding() {
        for text in [
            "",
            "FROM a\nRUN b",
            "a\r\nb\r\n",
            "RUN echo 😀 é 中文\r\nCMD x",
            "x\ry",
            "a\u{2028}b\n",
        ] {
            for enc in [PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32] {
                roundtrip(text, enc);
            }
        }
    }

    #[test]
    fn the_line_index_finds_what_the_rope_finds_at_every_byte() {
        for text in [
            "",
            "\n",
            "\r",
            "\r\n\r\n",
            "FROM a\nRUN b",
            "a\r\nb\r\n",
            "RUN echo 😀 é 中文\r\nCMD x",
            "x\ry\n\rz",
            "a\u{2028}b\n\u{85}c\u{c}d",
            "😀\r😀\n\n中",
        ] {
            let rope = Rope::from_str(text);
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                for enc in [PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32] {
                    assert_eq!(
                        index.position(offset, enc),
                        offset_to_position(&rope, offset, enc),
                        "{text:?} at {offset} ({enc:?})"
                    );
                }
            }
        }
    }

    #[test]
    fn surrogate_pairs_count_twice_in_utf16() {
        let rope = Rope::from_str("RUN 😀x\n");
        let x = "RUN 😀".len();
        assert_eq!(
            offset_to_position(&rope, x, PositionEncoding::Utf16),
            LineCol { line: 0, col: 6 }
        );
        assert_eq!(
            offset_to_position(&rope, x, PositionEncoding::Utf32),
            LineCol { line: 0, col: 5 }
        );
        assert_eq!(
            offset_to_position(&rope, x, PositionEncoding::Utf8),
            LineCol { line: 0, col: 8 }
        );
        // Half a surrogate pair rounds down to the character's start.
        assert_eq!(
            position_to_offset(&rope, LineCol { line: 0, col: 5 }, PositionEncoding::Utf16),
            4
        );
    }

    #[test]
    fn u2028_is_not_a_line_break_and_crlf_is_one() {
        let rope = Rope::from_str("a\u{2028}b\r\nc");
        assert_eq!(rope.len_lines(), 2);
        assert_eq!(
            position_to_offset(&rope, LineCol { line: 1, col: 0 }, PositionEncoding::Utf16),
            "a\u{2028}b\r\n".len()
        );
        // Past the end of a line clamps before its terminator.
        assert_eq!(
            position_to_offset(&rope, LineCol { line: 0, col: 99 }, PositionEncoding::Utf16),
            "a\u{2028}b".len()
        );
        assert_eq!(
            position_to_offset(&rope, LineCol { line: 7, col: 0 }, PositionEncoding::Utf16),
            rope.len_bytes()
        );
    }
}
