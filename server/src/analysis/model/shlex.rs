//! BuildKit's shell-word lexer (`frontend/dockerfile/shell`): quote removal, escapes and `$NAME` /
//! `${NAME...}` references, as BuildKit applies it to the arguments it expands itself, to heredoc
//! markers and to `FROM` references resolved through global `ARG` defaults.
//!
//! Offsets in the results are byte offsets into the lexed string.

/// How to lex (the switches of BuildKit's `shell.Lex`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Options {
    pub escape: char,
    /// Keep the quote characters in the result.
    pub raw_quotes: bool,
    /// Keep the escape characters in the result.
    pub raw_escapes: bool,
    /// Treat quotes as ordinary characters (heredoc bodies).
    pub skip_quotes: bool,
    /// Leave references to unset variables as written instead of expanding them to nothing.
    pub skip_unset: bool,
}

impl Options {
    /// Quote removal and escapes only: every variable stays as written.
    pub fn literal(escape: char) -> Self {
        Self {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_quotes: false,
            skip_unset: true,
        }
    }
}

/// A variable reference found while lexing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ref {
    pub name: String,
    pub name_start: usize,
    pub name_end: usize,
    /// Operator and its word as written.
    pub modifier: Option<(String, String)>,
    pub braced: bool,
    pub start: usize,
    pub end: usize,
}

/// A word of `ProcessWords`, with the span of input it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LexWord {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Lexed {
    /// `ProcessWord`: the whole input processed, spaces kept.
    pub result: String,
    /// `ProcessWords`: the result split at unquoted whitespace.
    pub words: Vec<LexWord>,
    pub refs: Vec<Ref>,
    /// A reference whose value was unknown decided part of the result.
    pub unresolved: bool,
    pub error: Option<String>,
}

/// Lexes `input`, looking variables up with `env` (`None`: unset).
pub(crate) fn lex(input: &str, opts: Options, env: &dyn Fn(&str) -> Option<String>) -> Lexed {
    if is_plain(input, opts) {
        return plain(input);
    }
    lex_chars(input, opts, env)
}

/// Text in which the lexer has nothing to do: no reference, escape or (unless skipped) quote.
/// Most arguments are such text.
fn is_plain(input: &str, opts: Options) -> bool {
    !input.contains(['$', opts.escape]) && (opts.skip_quotes || !input.contains(['\'', '"']))
}

/// What [`lex_chars`] gives for plain text, without walking it a character at a time: the
/// text itself, and its words split at whitespace.
fn plain(input: &str) -> Lexed {
    let mut words = Vec::new();
    let mut word: Option<(usize, usize)> = None;
    for (i, ch) in input.char_indices() {
        if ch.is_whitespace() {
            if let Some((start, end)) = word.take() {
                words.push(LexWord {
                    text: input[start..end].to_owned(),
                    start,
                    end,
                });
            }
        } else {
            word = Some((word.map_or(i, |(start, _)| start), i + ch.len_utf8()));
        }
    }
    if let Some((start, end)) = word {
        words.push(LexWord {
            text: input[start..end].to_owned(),
            start,
            end,
        });
    }
    Lexed {
        result: input.to_owned(),
        words,
        ..Lexed::default()
    }
}

/// The lexer proper, a character at a time as BuildKit's.
fn lex_chars(input: &str, opts: Options, env: &dyn Fn(&str) -> Option<String>) -> Lexed {
    let mut lx = Lexer {
        s: input,
        pos: 0,
        opts,
        raw_escapes: opts.raw_escapes,
        env,
        refs: Vec::new(),
        unresolved: false,
    };
    let outcome = lx.process_stop_on(None, opts.raw_escapes);
    lx.refs.sort_by_key(|r| r.start);
    match outcome {
        Ok((result, words)) => Lexed {
            result,
            words,
            refs: lx.refs,
            unresolved: lx.unresolved,
            error: None,
        },
        Err(e) => Lexed {
            result: String::new(),
            words: Vec::new(),
            refs: lx.refs,
            unresolved: lx.unresolved,
            error: Some(e),
        },
    }
}

/// Processes one word with quote removal and escapes, leaving variables as written; `None` when
/// BuildKit's lexer rejects it.
pub(crate) fn unquote(input: &str, escape: char) -> Option<String> {
    let lexed = lex(input, Options::literal(escape), &|_| None);
    match lexed.error {
        None => Some(lexed.result),
        Some(_) => None,
    }
}

/// The variable references in `input` as BuildKit's lexer finds them.
pub(crate) fn refs(input: &str, opts: Options) -> Vec<Ref> {
    lex(input, opts, &|_| None).refs
}

struct Words {
    words: Vec<LexWord>,
    buf: String,
    start: usize,
    end: usize,
    in_word: bool,
}

impl Words {
    fn new() -> Self {
        Self {
            words: Vec::new(),
            buf: String::new(),
            start: 0,
            end: 0,
            in_word: false,
        }
    }

    fn add_char(&mut self, ch: char, start: usize, end: usize) {
        if ch.is_whitespace() {
            if self.in_word && !self.buf.is_empty() {
                self.flush();
            }
        } else {
            self.add_raw_char(ch, start, end);
        }
    }

    fn add_raw_char(&mut self, ch: char, start: usize, end: usize) {
        self.touch(start, end);
        self.buf.push(ch);
    }

    fn add_raw_str(&mut self, s: &str, start: usize, end: usize) {
        self.touch(start, end);
        self.buf.push_str(s);
    }

    fn touch(&mut self, start: usize, end: usize) {
        if self.buf.is_empty() {
            self.start = start;
        }
        self.in_word = true;
        self.end = end;
    }

    fn flush(&mut self) {
        self.words.push(LexWord {
            text: std::mem::take(&mut self.buf),
            start: self.start,
            end: self.end,
        });
        self.in_word = false;
    }

    fn finish(mut self) -> Vec<LexWord> {
        if !self.buf.is_empty() {
            self.flush();
        }
        self.words
    }
}

struct Lexer<'a, 'e> {
    s: &'a str,
    pos: usize,
    opts: Options,
    raw_escapes: bool,
    env: &'e dyn Fn(&str) -> Option<String>,
    refs: Vec<Ref>,
    unresolved: bool,
}

const MISSING_BRACE: &str = "syntax error: missing '}'";

impl Lexer<'_, '_> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.pos += ch.len_utf8();
        Some(ch)
    }

    fn process_stop_on(&mut self, stop: Option<char>, raw_escapes: bool) -> Result<(String, Vec<LexWord>), String> {
        let saved = self.raw_escapes;
        self.raw_escapes = raw_escapes;
        let out = self.stop_on_inner(stop);
        self.raw_escapes = saved;
        out
    }

    fn stop_on_inner(&mut self, stop: Option<char>) -> Result<(String, Vec<LexWord>), String> {
        let mut result = String::new();
        let mut words = Words::new();
        while let Some(ch) = self.peek() {
            let start = self.pos;
            if stop == Some(ch) {
                self.next();
                return Ok((result, words.finish()));
            }
            let special = ch == '$' || (!self.opts.skip_quotes && (ch == '\'' || ch == '"'));
            if special {
                let tmp = match ch {
                    '$' => self.process_dollar()?,
                    '\'' => self.process_single_quote()?,
                    _ => self.process_double_quote()?,
                };
                result.push_str(&tmp);
                if ch == '$' {
                    for c in tmp.chars() {
                        words.add_char(c, start, self.pos);
                    }
                } else {
                    words.add_raw_str(&tmp, start, self.pos);
                }
                continue;
            }
            let mut ch = ch;
            self.next();
            if ch == self.opts.escape {
                if self.raw_escapes {
                    words.add_raw_char(ch, start, self.pos);
                    result.push(ch);
                }
                match self.next() {
                    None => break,
                    Some(c) => {
                        ch = c;
                        words.add_raw_char(ch, start, self.pos);
                    }
                }
            } else {
                words.add_char(ch, start, self.pos);
            }
            result.push(ch);
        }
        if let Some(stop) = stop {
            return Err(format!("unexpected end of statement while looking for matching {stop}"));
        }
        Ok((result, words.finish()))
    }

    fn process_single_quote(&mut self) -> Result<String, String> {
        let mut result = String::new();
        if let Some(q) = self.next()
            && self.opts.raw_quotes
        {
            result.push(q);
        }
        loop {
            match self.next() {
                None => return Err("unexpected end of statement while looking for matching single-quote".into()),
                Some('\'') => {
                    if self.opts.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(c) => result.push(c),
            }
        }
    }

    fn process_double_quote(&mut self) -> Result<String, String> {
        let mut result = String::new();
        if let Some(q) = self.next()
            && self.opts.raw_quotes
        {
            result.push(q);
        }
        loop {
            match self.peek() {
                None => return Err("unexpected end of statement while looking for matching double-quote".into()),
                Some('"') => {
                    self.next();
                    if self.opts.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                }
                Some(_) => {
                    let Some(mut ch) = self.next() else { continue };
                    if ch == self.opts.escape {
                        if self.raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            None => continue,
                            Some(p) if p == '"' || p == '$' || p == self.opts.escape => {
                                self.next();
                                ch = p;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    fn lookup(&mut self, name: &str) -> Option<String> {
        (self.env)(name)
    }

    fn process_dollar(&mut self) -> Result<String, String> {
        let start = self.pos;
        self.next();
        if self.peek() != Some('{') {
            let name_start = self.pos;
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".into());
            }
            self.refs.push(Ref {
                name: name.clone(),
                name_start,
                name_end: self.pos,
                modifier: None,
                braced: false,
                start,
                end: self.pos,
            });
            return Ok(match self.lookup(&name) {
                Some(v) => v,
                None if self.opts.skip_unset => format!("${name}"),
                None => {
                    self.unresolved = true;
                    String::new()
                }
            });
        }
        self.next();
        match self.peek() {
            None => return Err(MISSING_BRACE.into()),
            Some('{' | '}' | ':') => return Err("syntax error: bad substitution".into()),
            Some(_) => {}
        }
        let name_start = self.pos;
        let name = self.process_name();
        let name_end = self.pos;
        let ch = self.next();
        let push_ref = |lx: &mut Self, modifier: Option<(String, String)>| {
            lx.refs.push(Ref {
                name: name.clone(),
                name_start,
                name_end,
                modifier,
                braced: true,
                start,
                end: lx.pos,
            });
        };
        match ch {
            Some('}') => {
                push_ref(self, None);
                Ok(match self.lookup(&name) {
                    Some(v) => v,
                    None if self.opts.skip_unset => format!("${{{name}}}"),
                    None => {
                        self.unresolved = true;
                        String::new()
                    }
                })
            }
            Some(c @ (':' | '+' | '-' | '?' | '#' | '%')) => {
                let mut op = String::from(c);
                let mut ch = Some(c);
                let null_is_unset = c == ':';
                if null_is_unset {
                    ch = self.next();
                    if let Some(c2) = ch {
                        op.push(c2);
                    }
                }
                let raw = matches!(ch, Some('#' | '%'));
                if null_is_unset && raw {
                    return Err(format!("unsupported modifier ({op}) in substitution"));
                }
                let word_start = self.pos;
                let word = match self.process_stop_on(Some('}'), raw) {
                    Ok((w, _)) => w,
                    Err(e) => return Err(if self.peek().is_none() { MISSING_BRACE.into() } else { e }),
                };
                let mut word_raw = self.s[word_start..self.pos.saturating_sub(1).max(word_start)].to_string();
                let value = self.lookup(&name);
                let greedy = raw && word.starts_with(ch.unwrap_or(' '));
                if greedy {
                    // `${A##p}` reads as operator `#` with the word `#p`; report it as `##`.
                    if let Some(c2) = ch {
                        op.push(c2);
                        word_raw = word_raw.get(c2.len_utf8()..).unwrap_or("").to_string();
                    }
                }
                push_ref(self, Some((op.clone(), word_raw)));
                let Some(value) = value else {
                    if self.opts.skip_unset {
                        return Ok(format!(
                            "${{{name}{}{word}}}",
                            if greedy { &op[..op.len() / 2] } else { &op }
                        ));
                    }
                    return Ok(match ch {
                        Some('-') => word,
                        Some('+') => String::new(),
                        _ => {
                            self.unresolved = true;
                            String::new()
                        }
                    });
                };
                match ch {
                    Some('-') => Ok(if null_is_unset && value.is_empty() { word } else { value }),
                    Some('+') => Ok(if null_is_unset && value.is_empty() {
                        String::new()
                    } else {
                        word
                    }),
                    Some('?') => {
                        if null_is_unset && value.is_empty() {
                            let msg = if word.is_empty() {
                                "is not allowed to be empty"
                            } else {
                                &word
                            };
                            Err(format!("{name}: {msg}"))
                        } else {
                            Ok(value)
                        }
                    }
                    Some(c @ ('%' | '#')) => {
                        let pattern = if greedy { &word[c.len_utf8()..] } else { &word[..] };
                        let pattern = glob::compile(pattern)
                            .map_err(|e| format!("invalid pattern ({pattern}) in substitution: {e}"))?;
                        Ok(if c == '#' {
                            glob::trim_prefix(&pattern, &value, greedy)
                        } else {
                            glob::trim_suffix(&pattern, &value, greedy)
                        })
                    }
                    _ => Err(format!("unsupported modifier ({op}) in substitution")),
                }
            }
            Some('/') => {
                let mut op = String::from("/");
                if self.peek() == Some('/') {
                    self.next();
                    op.push('/');
                }
                let word_start = self.pos;
                let pattern = match self.process_stop_on(Some('/'), true) {
                    Ok((w, _)) => w,
                    Err(e) => {
                        return Err(if self.peek().is_none() {
                            "syntax error: missing '/' in ${}".into()
                        } else {
                            e
                        });
                    }
                };
                let replacement = match self.process_stop_on(Some('}'), true) {
                    Ok((w, _)) => w,
                    Err(e) => return Err(if self.peek().is_none() { MISSING_BRACE.into() } else { e }),
                };
                let word_raw = self.s[word_start..self.pos.saturating_sub(1).max(word_start)].to_string();
                push_ref(self, Some((op.clone(), word_raw)));
                let Some(value) = self.lookup(&name) else {
                    if self.opts.skip_unset {
                        return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
                    }
                    self.unresolved = true;
                    return Ok(String::new());
                };
                let compiled =
                    glob::compile(&pattern).map_err(|e| format!("invalid pattern ({pattern}) in substitution: {e}"))?;
                Ok(glob::replace(&compiled, &value, &replacement, op == "//"))
            }
            other => {
                let shown = other.map(String::from).unwrap_or_default();
                Err(format!("unsupported modifier ({shown}) in substitution"))
            }
        }
    }

    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && is_go_digit(ch) {
                while let Some(d) = self.peek() {
                    if !is_go_digit(d) {
                        break;
                    }
                    self.next();
                    name.push(d);
                }
                return name;
            }
            if name.is_empty() && matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.next();
                return ch.to_string();
            }
            if !ch.is_alphabetic() && !is_go_digit(ch) && ch != '_' {
                break;
            }
            self.next();
            name.push(ch);
        }
        name
    }
}

/// Go's `unicode.IsDigit`: decimal digits of any script.
fn is_go_digit(ch: char) -> bool {
    ch.is_ascii_digit() || (!ch.is_ascii() && is_decimal_like(ch))
}

/// Non-ASCII decimal digits (Nd) are rare in Dockerfiles; the common ones are covered: the
/// digit blocks of the major scripts and the full-width digits.
fn is_decimal_like(ch: char) -> bool {
    let c = ch as u32;
    const STARTS: [u32; 12] = [
        0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0E50, 0xFF10,
    ];
    STARTS.iter().any(|&s| (s..s + 10).contains(&c))
}

/// Shell patterns of `${A#p}`, `${A%p}` and `${A/p/r}`: `*`, `?` and `\` escapes, no brackets.
pub(crate) mod glob {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Tok {
        Star,
        Any,
        Lit(char),
    }

    pub fn compile(pattern: &str) -> Result<Vec<Tok>, String> {
        let mut out = Vec::new();
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' => out.push(Tok::Star),
                '?' => out.push(Tok::Any),
                '\\' => match chars.peek().copied() {
                    Some('}' | '/') => {}
                    Some(n @ ('*' | '?' | '\\')) => {
                        chars.next();
                        out.push(Tok::Lit(n));
                    }
                    Some(n) => return Err(format!("invalid escape '\\{n}'")),
                    None => return Err("invalid escape '\\'".into()),
                },
                c => out.push(Tok::Lit(c)),
            }
        }
        Ok(out)
    }

    /// Whether `pat` matches all of `s`.
    pub fn matches(pat: &[Tok], s: &[char]) -> bool {
        // Iterative wildcard matching with one backtrack point, linear in practice.
        let (mut p, mut i) = (0, 0);
        let mut star: Option<(usize, usize)> = None;
        while i < s.len() {
            match pat.get(p) {
                Some(Tok::Star) => {
                    star = Some((p, i));
                    p += 1;
                }
                Some(Tok::Any) => {
                    p += 1;
                    i += 1;
                }
                Some(Tok::Lit(c)) if *c == s[i] => {
                    p += 1;
                    i += 1;
                }
                _ => match star {
                    Some((sp, si)) => {
                        p = sp + 1;
                        i = si + 1;
                        star = Some((sp, si + 1));
                    }
                    None => return false,
                },
            }
        }
        pat[p.min(pat.len())..].iter().all(|t| *t == Tok::Star)
    }

    pub fn trim_prefix(pat: &[Tok], value: &str, greedy: bool) -> String {
        let chars: Vec<char> = value.chars().collect();
        let lens: Vec<usize> = if greedy {
            (0..=chars.len()).rev().collect()
        } else {
            (0..=chars.len()).collect()
        };
        for n in lens {
            if matches(pat, &chars[..n]) {
                return chars[n..].iter().collect();
            }
        }
        value.to_string()
    }

    pub fn trim_suffix(pat: &[Tok], value: &str, greedy: bool) -> String {
        let chars: Vec<char> = value.chars().collect();
        let starts: Vec<usize> = if greedy {
            (0..=chars.len()).collect()
        } else {
            (0..=chars.len()).rev().collect()
        };
        for s in starts {
            if matches(pat, &chars[s..]) {
                return chars[..s].iter().collect();
            }
        }
        value.to_string()
    }

    /// Replaces the first (or every) leftmost-longest match of `pat` in `value`.
    pub fn replace(pat: &[Tok], value: &str, replacement: &str, all: bool) -> String {
        let chars: Vec<char> = value.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        let mut replaced = false;
        while i <= chars.len() {
            if replaced && !all {
                out.extend(&chars[i..]);
                return out;
            }
            let found = (i..=chars.len()).rev().find(|&e| matches(pat, &chars[i..e]));
            match found {
                Some(e) => {
                    out.push_str(replacement);
                    replaced = true;
                    if e == i {
                        if let Some(c) = chars.get(i) {
                            out.push(*c);
                        }
                        i += 1;
                    } else {
                        i = e;
                    }
                }
                None => {
                    if let Some(c) = chars.get(i) {
                        out.push(*c);
                    }
                    i += 1;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn quotes_and_escapes_are_removed() {
        assert_eq!(unquote(r#""a b"'c'\d"#, '\\').as_deref(), Some("a bcd"));
        assert_eq!(unquote(r#""a\"b""#, '\\').as_deref(), Some("a\"b"));
        assert_eq!(unquote(r#""a\nb""#, '\\').as_deref(), Some("a\\nb"));
        assert_eq!(unquote("'unterminated", '\\'), None);
        assert_eq!(unquote("a`b", '`').as_deref(), Some("ab"));
    }

    #[test]
    fn unset_variables_stay_literal() {
        assert_eq!(unquote("${A:-x}/$B/${C}", '\\').as_deref(), Some("${A:-x}/$B/${C}"));
    }

    #[test]
    fn expansion_with_values() {
        let env = |n: &str| match n {
            "V" => Some("1.2.3".to_string()),
            "E" => Some(String::new()),
            _ => None,
        };
        let opts = Options {
            skip_unset: false,
            ..Options::literal('\\')
        };
        let r = |s: &str| lex(s, opts, &env).result;
        assert_eq!(r("a:$V"), "a:1.2.3");
        assert_eq!(r("${U:-x}"), "x");
        assert_eq!(r("${E:-x}"), "x");
        assert_eq!(r("${E-x}"), "");
        assert_eq!(r("${V:+y}"), "y");
        assert_eq!(r("${V%.*}"), "1.2");
        assert_eq!(r("${V%%.*}"), "1");
        assert_eq!(r("${V#*.}"), "2.3");
        assert_eq!(r("${V##*.}"), "3");
        assert_eq!(r("${V/./-}"), "1-2.3");
        assert_eq!(r("${V//./-}"), "1-2-3");
        assert!(lex("$U", opts, &env).unresolved);
        assert!(!lex("${U:-d}", opts, &env).unresolved);
    }

    #[test]
    fn references_have_exact_offsets() {
        let found = refs(r#"a $A ${B:-x$C} '$D' \$E "$F""#, Options::literal('\\'));
        let names: Vec<(&str, usize, usize)> = found.iter().map(|r| (r.name.as_str(), r.start, r.end)).collect();
        assert_eq!(names, vec![("A", 2, 4), ("B", 5, 14), ("C", 11, 13), ("F", 25, 27)]);
        let b = &found[1];
        assert_eq!(b.modifier, Some((":-".to_string(), "x$C".to_string())));
        assert!(b.braced);
        assert_eq!((b.name_start, b.name_end), (7, 8));
    }

    #[test]
    fn modifier_operators() {
        let ops = |s: &str| -> Vec<Option<(String, String)>> {
            refs(s, Options::literal('\\'))
                .into_iter()
                .map(|r| r.modifier)
                .collect()
        };
        let m = |op: &str, w: &str| Some((op.to_string(), w.to_string()));
        assert_eq!(ops("${A-x}"), vec![m("-", "x")]);
        assert_eq!(ops("${A:+x}"), vec![m(":+", "x")]);
        assert_eq!(ops("${A?err}"), vec![m("?", "err")]);
        assert_eq!(ops("${A#p}"), vec![m("#", "p")]);
        assert_eq!(ops("${A##p}"), vec![m("##", "p")]);
        assert_eq!(ops("${A%%p}"), vec![m("%%", "p")]);
        assert_eq!(ops("${A/x/y}"), vec![m("/", "x/y")]);
        assert_eq!(ops("${A//x/y}"), vec![m("//", "x/y")]);
    }

    #[test]
    fn words_split_outside_quotes() {
        let opts = Options {
            raw_quotes: true,
            raw_escapes: true,
            ..Options::literal('\\')
        };
        let lexed = lex(r#"RUN  cat "a b" <<EOF"#, opts, &none);
        let words: Vec<(&str, usize, usize)> = lexed.words.iter().map(|w| (w.text.as_str(), w.start, w.end)).collect();
        assert_eq!(
            words,
            vec![("RUN", 0, 3), ("cat", 5, 8), ("\"a b\"", 9, 14), ("<<EOF", 15, 20)]
        );
    }

    #[test]
    fn malformed_substitutions_are_errors() {
        for bad in ["${", "${}", "${:a}", "${A", "${A:#x}", "${A!x}", "'a", "\"a"] {
            assert!(lex(bad, Options::literal('\\'), &none).error.is_some(), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_input_lexes_without_panic(input in "[$a-c{}:#%/?+\\-'\" é😀\\\\`]{0,24}") {
            for escape in ['\\', '`'] {
                let opts = Options { raw_quotes: true, raw_escapes: true, ..Options::literal(escape) };
                let lexed = lex(&input, opts, &|n| (n == "a").then(|| "x.y".to_string()));
                for r in &lexed.refs {
                    proptest::prop_assert!(input.is_char_boundary(r.start) && input.is_char_boundary(r.end));
                    proptest::prop_assert!(r.start <= r.name_start && r.name_end <= r.end && r.end <= input.len());
                }
                for w in &lexed.words {
                    proptest::prop_assert!(w.start <= w.end && w.end <= input.len());
                }
                let _ = lex(&input, Options { skip_unset: false, ..Options::literal(escape) }, &|n| (n == "a").then(String::new));
            }
        }

        #[test]
        fn the_plain_text_shortcut_gives_what_the_lexer_gives(
            input in "[a-c=:/.\\-'\" \t\n\u{a0}\u{3000}é😀`$]{0,24}",
            skip_quotes in proptest::bool::ANY,
        ) {
            for escape in ['\\', '`'] {
                let opts = Options { skip_quotes, ..Options::literal(escape) };
                if !is_plain(&input, opts) {
                    continue;
                }
                let (fast, slow) = (plain(&input), lex_chars(&input, opts, &none));
                proptest::prop_assert_eq!(&fast.result, &slow.result);
                proptest::prop_assert_eq!(&fast.words, &slow.words);
                proptest::prop_assert_eq!(&fast.refs, &slow.refs);
                proptest::prop_assert_eq!((fast.unresolved, &fast.error), (slow.unresolved, &slow.error));
            }
        }
    }

    #[test]
    fn multibyte_never_panics() {
        for s in ["é$é", "${é}", "${A:-é}", "\\", "$", "${A/é", "日本\\"] {
            let _ = lex(s, Options::literal('\\'), &none);
        }
    }
}
