//! The JSON (exec) form of arguments, read the way BuildKit's `parseJSON` reads it with Go's
//! `encoding/json`: the whole text must be one JSON array, and only an array of strings is an
//! exec form. Element offsets are kept so every string points back at the source.

/// One string of a JSON array: its decoded value and the byte span of its quoted source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Element {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// Does not start with `[`: not meant as JSON.
    NotArray,
    /// Starts with `[` but is not valid JSON: BuildKit silently reads it as shell form.
    Invalid,
    /// Valid JSON, but some element is not a string: BuildKit rejects the instruction.
    NotStrings,
}

/// Go's `encoding/json` nesting limit.
const MAX_DEPTH: usize = 10_000;

/// Parses `text` (offsets are relative to it) as a JSON array of strings.
pub(crate) fn parse_array(text: &str) -> Result<Vec<Element>, JsonError> {
    let lead = text.len() - text.trim_start().len();
    if !text[lead..].starts_with('[') {
        return Err(JsonError::NotArray);
    }
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        pos: lead + 1,
    };
    let mut elements = Vec::new();
    let mut all_strings = true;
    p.ws();
    if p.eat(b']') {
        return p.finish().map(|()| elements);
    }
    loop {
        p.ws();
        if p.peek() == Some(b'"') {
            let start = p.pos;
            let value = p.string().ok_or(JsonError::Invalid)?;
            elements.push(Element {
                value,
                start,
                end: p.pos,
            });
        } else {
            p.value().ok_or(JsonError::Invalid)?;
            all_strings = false;
        }
        p.ws();
        if p.eat(b',') {
            continue;
        }
        if p.eat(b']') {
            break;
        }
        return Err(JsonError::Invalid);
    }
    p.finish()?;
    if all_strings {
        Ok(elements)
    } else {
        Err(JsonError::NotStrings)
    }
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn finish(&mut self) -> Result<(), JsonError> {
        self.ws();
        if self.pos == self.s.len() {
            Ok(())
        } else {
            Err(JsonError::Invalid)
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        if self.s[self.pos..].starts_with(word) {
            self.pos += word.len();
            Some(())
        } else {
            None
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Option<()> {
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return None,
        }
        if self.eat(b'.') && self.digits() == 0 {
            return None;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return None;
            }
        }
        Some(())
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.text.get(self.pos..self.pos + 4)?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        u32::from_str_radix(h, 16).ok()
    }

    /// A string starting at the opening quote, decoded as Go does (lone surrogates become U+FFFD).
    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = self.text.get(self.pos..)?;
            let ch = rest.chars().next()?;
            self.pos += ch.len_utf8();
            match ch {
                '"' => return Some(out),
                '\u{0}'..='\u{1f}' => return None,
                '\\' => {
                    let esc = self.peek()?;
                    self.pos += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            if (0xD800..0xDC00).contains(&hi) {
                                let save = self.pos;
                                if self.s.get(self.pos..self.pos + 2) == Some(b"\\u")
                                    && let Some(lo) = {
                                        self.pos += 2;
                                        self.hex4()
                                    }
                                    && (0xDC00..0xE000).contains(&lo)
                                {
                                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                    out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                                } else {
                                    self.pos = save;
                                    out.push('\u{FFFD}');
                                }
                            } else {
                                out.push(char::from_u32(hi).unwrap_or('\u{FFFD}'));
                            }
                        }
                        _ => return None,
                    }
                }
                c => out.push(c),
            }
        }
    }

    /// Skips any JSON value, without recursion (nesting is bounded like Go's decoder).
    fn value(&mut self) -> Option<()> {
        #[derive(Clone, Copy, PartialEq)]
        enum Frame {
            Array,
            Object,
        }
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            self.ws();
            // One scalar or the opening of a container.
            match self.peek()? {
                b'[' => {
                    self.pos += 1;
                    stack.push(Frame::Array);
                    if stack.len() > MAX_DEPTH {
                        return None;
                    }
                    self.ws();
                    if self.eat(b']') {
                        stack.pop();
                    } else {
                        continue;
                    }
                }
                b'{' => {
                    self.pos += 1;
                    stack.push(Frame::Object);
                    if stack.len() > MAX_DEPTH {
                        return None;
                    }
                    self.ws();
                    if self.eat(b'}') {
                        stack.pop();
                    } else {
                        self.key()?;
                        continue;
                    }
                }
                b'"' => {
                    self.string()?;
                }
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                _ => self.number()?,
            }
            // After a complete value: close containers or move to the next member.
            loop {
                let Some(top) = stack.last().copied() else {
                    return Some(());
                };
                self.ws();
                if self.eat(b',') {
                    if top == Frame::Object {
                        self.ws();
                        self.key()?;
                    }
                    break;
                }
                let close = if top == Frame::Array { b']' } else { b'}' };
                if self.eat(close) {
                    stack.pop();
                } else {
                    return None;
                }
            }
        }
    }

    fn key(&mut self) -> Option<()> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.string()?;
        self.ws();
        self.eat(b':').then_some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &str) -> Result<Vec<String>, JsonError> {
        parse_array(s).map(|v| v.into_iter().map(|e| e.value).collect())
    }

    #[test]
    fn arrays_of_strings() {
        assert_eq!(values("[]"), Ok(vec![]));
        assert_eq!(values(r#"[ "a", "b" ]"#), Ok(vec!["a".into(), "b".into()]));
        assert_eq!(
            values(r#"["\" \\ \/ \b \f \n \r \t \u0000 \u2665 \ud83d\ude00 \ud800"]"#),
            Ok(vec!["\" \\ / \u{8} \u{c} \n \r \t \u{0} ♥ 😀 \u{FFFD}".into()])
        );
        let e = parse_array(r#"  ["ab", "c"]"#).unwrap_or_default();
        assert_eq!((e[0].start, e[0].end, e[1].start, e[1].end), (3, 7, 9, 12));
    }

    #[test]
    fn invalid_json_falls_back() {
        for s in [
            "['a','b']",
            r#"["a""#,
            r#"["a", "b"#,
            r#"["a"] x"#,
            "[\"a\tb\"]",
            r#"["a",]"#,
            "[\u{b}\"a\"]",
            r#"[01]"#,
            r#"["\x"]"#,
        ] {
            assert_eq!(values(s), Err(JsonError::Invalid), "{s}");
        }
        assert_eq!(values("echo"), Err(JsonError::NotArray));
    }

    #[test]
    fn non_string_elements_are_rejected() {
        for s in [
            r#"[ "echo", [ "nested json" ] ]"#,
            "[1]",
            r#"["a", null]"#,
            r#"[{"a": [1, {"b": true}]}, "x"]"#,
            "[-1.5e+3]",
        ] {
            assert_eq!(values(s), Err(JsonError::NotStrings), "{s}");
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!("[{}{}]", "[".repeat(20_000), "]".repeat(20_000));
        assert_eq!(values(&deep), Err(JsonError::Invalid));
        let ok = format!("[{}{}]", "[".repeat(100), "]".repeat(100));
        assert_eq!(values(&ok), Err(JsonError::NotStrings));
    }
}
