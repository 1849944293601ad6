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
