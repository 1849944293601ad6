//! Quote removal for one shell word, best effort: what the word means before expansions run.
//! Expansions (`$X`, `${...}`, `$(...)`, backquotes) are kept as written and flagged, since their
//! value is only known when the script runs.

/// The unquoted value of a word as written, whether any part was quoted or escaped, and whether
/// it contains an expansion.
pub(crate) struct Unquoted {
    pub value: String,
    pub quoted: bool,
    pub has_expansion: bool,
}

pub(crate) fn unquote(raw: &str) -> Unquoted {
    let mut out = Unquoted {
        value: String::with_capacity(raw.len()),
        quoted: false,
        has_expansion: false,
    };
    let b = raw.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                out.quoted = true;
                i += 1;
                match next_char(raw, i) {
                    // A backslash-newline joins lines and leaves nothing.
                    Some('\n') => i += 1,
                    Some(c) => {
                        out.value.push(c);
                        i += c.len_utf8();
                    }
                    None => {}
                }
            }
            b'\'' => {
                out.quoted = true;
                let end = find_byte(b, i + 1, b'\'');
                out.value.push_str(&raw[i + 1..end]);
                i = (end + 1).min(b.len());
            }
            b'"' => {
                out.quoted = true;
                i = double_quoted(raw, i + 1, &mut out);
            }
            b'$' if b.get(i + 1) == Some(&b'\'') => {
                out.quoted = true;
                i = ansi_c(raw, i + 2, &mut out.value);
            }
            b'$' if b.get(i + 1) == Some(&b'"') => {
                out.quoted = true;
                i = double_quoted(raw, i + 2, &mut out);
            }
            b'$' | b'`' => i = expansion(raw, i, &mut out),
            _ => {
                let c = next_char(raw, i).unwrap_or('\u{FFFD}');
                out.value.push(c);
                i += c.len_utf8().max(1);
            }
        }
    }
    out
}

fn next_char(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|rest| rest.chars().next())
}

/// Index of the next `byte` at or after `from`, or the end.
fn find_byte(b: &[u8], from: usize, byte: u8) -> usize {
    b.get(from..)
        .and_then(|rest| rest.iter().position(|&c| c == byte))
        .map_or(b.len(), |p| from + p)
}

/// Inside `"..."` from `i`; returns the index after the closing quote.
fn double_quoted(raw: &str, mut i: usize, out: &mut Unquoted) -> usize {
    let b = raw.as_bytes();
    while i < b.len() {
        match b[i] {
            b'"' => return i + 1,
            b'\\' => match b.get(i + 1) {
                Some(b'$' | b'`' | b'"' | b'\\') => {
                    out.value.push(char::from(b[i + 1]));
                    i += 2;
                }
                Some(b'\n') => i += 2,
                _ => {
                    out.value.push('\\');
                    i += 1;
                }
            },
            b'$' | b'`' => i = expansion(raw, i, out),
            _ => {
                let c = next_char(raw, i).unwrap_or('\u{FFFD}');
                out.value.push(c);
                i += c.len_utf8().max(1);
            }
        }
    }
    i
}

/// `$name`, `${...}`, `$(...)`, `$((...))`, `` `...` `` at `i`: copied as written. A `$` that
/// starts none of them is a literal dollar.
fn expansion(raw: &str, i: usize, out: &mut Unquoted) -> usize {
    let b = raw.as_bytes();
    let end = if b[i] == b'`' {
        let mut j = i + 1;
        while j < b.len() && b[j] != b'`' {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        (j + 1).min(b.len())
    } else {
        match b.get(i + 1) {
            Some(b'{') => matching(b, i + 1, b'{', b'}'),
            Some(b'(') => matching(b, i + 1, b'(', b')'),
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                let mut j = i + 1;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                j
            }
            Some(c) if c.is_ascii_digit() || b"@*#?$!-".contains(c) => i + 2,
            _ => {
                out.value.push('$');
                return i + 1;
            }
        }
    };
    out.has_expansion = true;
    out.value.push_str(raw.get(i..end).unwrap_or(""));
    end
}

/// The index after the bracket that closes the one at `open_at`, skipping quoted text.
fn matching(b: &[u8], open_at: usize, open: u8, close: u8) -> usize {
    let mut depth = 0usize;
    let mut j = open_at;
    while j < b.len() {
        match b[j] {
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            b'\\' => j += 1,
            b'\'' => j = find_byte(b, j + 1, b'\''),
            _ => {}
        }
        j += 1;
    }
    b.len()
}

/// `$'...'` from `i` (after the opening quote); returns the index after the closing quote.
fn ansi_c(raw: &str, mut i: usize, value: &mut String) -> usize {
    let b = raw.as_bytes();
    while i < b.len() {
        match b[i] {
            b'\'' => return i + 1,
            b'\\' => {
                let (c, used) = match b.get(i + 1) {
                    Some(b'n') => (Some('\n'), 2),
                    Some(b't') => (Some('\t'), 2),
                    Some(b'r') => (Some('\r'), 2),
                    Some(b'a') => (Some('\u{7}'), 2),
                    Some(b'b') => (Some('\u{8}'), 2),
                    Some(b'e' | b'E') => (Some('\u{1b}'), 2),
                    Some(b'f') => (Some('\u{c}'), 2),
                    Some(b'v') => (Some('\u{b}'), 2),
                    Some(b'\\') => (Some('\\'), 2),
                    Some(b'\'') => (Some('\''), 2),
                    Some(b'"') => (Some('"'), 2),
                    Some(b'x') => {
                        let digits = b
                            .get(i + 2..)
                            .unwrap_or(&[])
                            .iter()
                            .take(2)
                            .take_while(|c| c.is_ascii_hexdigit())
                            .count();
                        let code = raw
                            .get(i + 2..i + 2 + digits)
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32);
                        (code, 2 + digits)
                    }
                    _ => (Some('\\'), 1),
                };
                if let Some(c) = c {
                    value.push(c);
                }
                i += used;
            }
            _ => {
                let c = next_char(raw, i).unwrap_or('\u{FFFD}');
                value.push(c);
                i += c.len_utf8().max(1);
            }
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::unquote;

    fn v(raw: &str) -> (String, bool, bool) {
        let u = unquote(raw);
        (u.value, u.quoted, u.has_expansion)
    }

    #[test]
    fn plain_and_quoted() {
        assert_eq!(v("curl"), ("curl".into(), false, false));
        assert_eq!(v("\"curl=7.*\""), ("curl=7.*".into(), true, false));
        assert_eq!(v("'a b'"), ("a b".into(), true, false));
        assert_eq!(v("c\\ d"), ("c d".into(), true, false));
        assert_eq!(v("c\"d\"'e'"), ("cde".into(), true, false));
        assert_eq!(v("\"a\\\"b\\\\c\\d\""), ("a\"b\\c\\d".into(), true, false));
        assert_eq!(v("a\\\nb"), ("ab".into(), true, false));
    }

    #[test]
    fn expansions_kept() {
        assert_eq!(v("$HOME/x"), ("$HOME/x".into(), false, true));
        assert_eq!(v("\"${A:-b c}\"d"), ("${A:-b c}d".into(), true, true));
        assert_eq!(v("$(echo \"(\")x"), ("$(echo \"(\")x".into(), false, true));
        assert_eq!(v("`date`"), ("`date`".into(), false, true));
        assert_eq!(v("pkg=$V"), ("pkg=$V".into(), false, true));
        assert_eq!(v("a$"), ("a$".into(), false, false));
        assert_eq!(v("$1$@"), ("$1$@".into(), false, true));
    }

    #[test]
    fn ansi_c_and_locale_strings() {
        assert_eq!(v("$'a\\tb\\x41\\''"), ("a\tbA'".into(), true, false));
        assert_eq!(v("$\"hi\""), ("hi".into(), true, false));
    }

    #[test]
    fn unterminated_and_multibyte_do_not_panic() {
        assert_eq!(v("'abc").0, "abc");
        assert_eq!(v("\"ab").0, "ab");
        assert_eq!(v("${ab").0, "${ab");
        assert_eq!(v("\\").0, "");
        assert_eq!(v("é\\ü'ö'").0, "éüö");
        assert_eq!(v("$'\\x").0, "");
        assert_eq!(v("`a\\").0, "`a\\");
    }
}
