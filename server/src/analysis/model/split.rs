//! Cutting a logical line the way BuildKit's `splitCommand`, `extractBuilderFlags` and
//! `parseWords` do: keyword, leading `--flags`, and quote-aware words for `ENV`, `LABEL`, `ARG`.
//! Everything works on spans of the logical text.

use super::source::{is_ascii_blank, is_space};

/// A leading `--name[=value]` word, with quotes and escapes processed.
#[derive(Clone, Debug)]
pub(crate) struct RawFlag {
    /// The processed characters and the span each was read from.
    pub chars: Vec<(char, usize, usize)>,
    pub start: usize,
    pub end: usize,
}

#[cfg(test)]
impl RawFlag {
    pub fn text(&self) -> String {
        self.chars.iter().map(|c| c.0).collect()
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Split {
    pub keyword: (usize, usize),
    pub flags: Vec<RawFlag>,
    /// The arguments after the flags, trimmed (`strings.TrimSpace`).
    pub args: (usize, usize),
    /// The instruction's text trimmed: from the keyword to the last non-space character.
    pub end: usize,
}

/// `splitCommand` over `text[start..end]`.
pub(crate) fn split_command(text: &str, start: usize, end: usize, escape: char) -> Split {
    let slice = &text[start..end];
    let s0 = start + (slice.len() - slice.trim_start_matches(is_space).len());
    let e0 = start + slice.trim_end_matches(is_space).len();
    let e0 = e0.max(s0);
    let kw_end = text[s0..e0].find(is_ascii_blank).map_or(e0, |i| s0 + i);
    let rest = kw_end + (text[kw_end..e0].len() - text[kw_end..e0].trim_start_matches(is_ascii_blank).len());
    let (flags, args_start) = if kw_end < e0 {
        extract_flags(text, rest, e0, escape)
    } else {
        (Vec::new(), e0)
    };
    let a = &text[args_start..e0];
    let a0 = args_start + (a.len() - a.trim_start_matches(is_space).len());
    Split {
        keyword: (s0, kw_end),
        flags,
        args: (a0.min(e0), e0),
        end: e0,
    }
}

#[derive(PartialEq)]
enum Phase {
    Spaces,
    Word,
    Quote,
}

/// `extractBuilderFlags`: the flags and where the arguments start.
fn extract_flags(text: &str, start: usize, end: usize, escape: char) -> (Vec<RawFlag>, usize) {
    let mut flags = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word: Vec<(char, usize, usize)> = Vec::new();
    let mut word_start = start;
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut it = text[start..end].char_indices().map(|(i, c)| (start + i, c)).peekable();
    let is_dashdash = |w: &[(char, usize, usize)]| w.len() == 2 && w[0].0 == '-' && w[1].0 == '-';
    loop {
        let Some((pos, ch)) = it.next() else {
            if phase != Phase::Spaces && !is_dashdash(&word) && (blank_ok || !word.is_empty()) {
                flags.push(RawFlag {
                    chars: std::mem::take(&mut word),
                    start: word_start,
                    end,
                });
            }
            return (flags, end);
        };
        if phase == Phase::Spaces {
            if is_space(ch) {
                continue;
            }
            let next_is_dash = it.peek().is_some_and(|&(_, c)| c == '-');
            if ch != '-' || !next_is_dash {
                return (flags, pos);
            }
            phase = Phase::Word;
            word_start = pos;
        }
        let mut ch = ch;
        let mut span = (pos, pos + ch.len_utf8());
        if phase == Phase::Word {
            if is_space(ch) {
                phase = Phase::Spaces;
                if is_dashdash(&word) {
                    return (flags, pos);
                }
                if blank_ok || !word.is_empty() {
                    flags.push(RawFlag {
                        chars: std::mem::take(&mut word),
                        start: word_start,
                        end: pos,
                    });
                }
                word.clear();
                blank_ok = false;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                continue;
            }
            if ch == escape {
                match it.next() {
                    None => continue,
                    Some((p, c)) => {
                        ch = c;
                        span = (p, p + c.len_utf8());
                    }
                }
            }
            word.push((ch, span.0, span.1));
            continue;
        }
        // Phase::Quote
        if ch == quote {
            phase = Phase::Word;
            continue;
        }
        if ch == escape {
            match it.next() {
                None => {
                    phase = Phase::Word;
                    continue;
                }
                Some((p, c)) => {
                    ch = c;
                    span = (p, p + c.len_utf8());
                }
            }
        }
        word.push((ch, span.0, span.1));
    }
}

/// A word of `parseWords`: the text BuildKit keeps (quotes and escapes included) and its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawWord {
    pub raw: String,
    pub start: usize,
    pub end: usize,
}

/// `parseWords`: whitespace-separated words where quotes (and the escape character outside
/// single quotes) protect whitespace; quotes and escapes stay in the words.
pub(crate) fn parse_words(text: &str, start: usize, end: usize, escape: char) -> Vec<RawWord> {
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut word = String::new();
    let mut word_start = start;
    let mut word_end = start;
    let mut it = text[start..end].char_indices().map(|(i, c)| (start + i, c)).peekable();
    loop {
        let Some((pos, ch)) = it.next() else {
            if phase != Phase::Spaces && (blank_ok || !word.is_empty()) {
                words.push(RawWord {
                    raw: word,
                    start: word_start,
                    end: word_end,
                });
            }
            return words;
        };
        if phase == Phase::Spaces {
            if is_space(ch) {
                continue;
            }
            phase = Phase::Word;
            word_start = pos;
        }
        let mut ch = ch;
        let mut ch_end = pos + ch.len_utf8();
        if phase == Phase::Word {
            if is_space(ch) {
                phase = Phase::Spaces;
                if blank_ok || !word.is_empty() {
                    words.push(RawWord {
                        raw: std::mem::take(&mut word),
                        start: word_start,
                        end: word_end,
                    });
                }
                word.clear();
                blank_ok = false;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == escape {
                if it.peek().is_none() {
                    continue;
                }
                word.push(ch);
                if let Some((p, c)) = it.next() {
                    ch = c;
                    ch_end = p + c.len_utf8();
                }
            }
            word.push(ch);
            word_end = ch_end;
            continue;
        }
        // Phase::Quote
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == escape && quote != '\'' {
            if it.peek().is_none() {
                phase = Phase::Word;
                continue;
            }
            word.push(ch);
            if let Some((p, c)) = it.next() {
                ch = c;
                ch_end = p + c.len_utf8();
            }
        }
        word.push(ch);
        word_end = ch_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags_of(line: &str) -> (Vec<String>, &str) {
        let s = split_command(line, 0, line.len(), '\\');
        (s.flags.iter().map(RawFlag::text).collect(), &line[s.args.0..s.args.1])
    }

    #[test]
    fn flags_are_leading_double_dash_words() {
        assert_eq!(
            flags_of("COPY --from=a --chown=1:1 x y"),
            (vec!["--from=a".into(), "--chown=1:1".into()], "x y")
        );
        assert_eq!(flags_of("COPY --link a b"), (vec!["--link".into()], "a b"));
        assert_eq!(flags_of("COPY -- foo /tmp/"), (vec![], "foo /tmp/"));
        assert_eq!(flags_of("CMD --doit -- [ ]"), (vec!["--doit".into()], "[ ]"));
        assert_eq!(flags_of("RUN make --jobs=4"), (vec![], "make --jobs=4"));
        assert_eq!(
            flags_of("RUN --mount=type=bind,source=\"a b\" ls"),
            (vec!["--mount=type=bind,source=a b".into()], "ls")
        );
        assert_eq!(flags_of("COPY --parents"), (vec!["--parents".into()], ""));
        assert_eq!(flags_of("FROM"), (vec![], ""));
        assert_eq!(flags_of("  RUN   echo hi  "), (vec![], "echo hi"));
    }

    #[test]
    fn flag_spans_point_at_source() {
        let line = "COPY --from=\"b c\" x y";
        let s = split_command(line, 0, line.len(), '\\');
        let f = &s.flags[0];
        assert_eq!((f.start, f.end), (5, 17));
        let v: Vec<usize> = f.chars.iter().map(|c| c.1).collect();
        assert_eq!(v, vec![5, 6, 7, 8, 9, 10, 11, 13, 14, 15]);
    }

    #[test]
    fn words_keep_quotes() {
        let line = r#"abc="123 456" def 'x y'\ z a\"b"#;
        let words: Vec<String> = parse_words(line, 0, line.len(), '\\')
            .into_iter()
            .map(|w| w.raw)
            .collect();
        assert_eq!(words, vec![r#"abc="123 456""#, "def", r"'x y'\ z", r#"a\"b"#]);
        let w = parse_words("a\\", 0, 2, '\\');
        assert_eq!(
            w,
            vec![RawWord {
                raw: "a".into(),
                start: 0,
                end: 1
            }]
        );
    }
}
