//! One instruction read from its logical line: keyword, flags, arguments split per instruction as
//! BuildKit's line parsers split them (`parseMaybeJSON`, `parseMaybeJSONToList`, `parseNameVal`,
//! `parseNameOrNameVal`, `parseStringsWhitespaceDelimited`, `parseString`, `parseHealthConfig`,
//! `parseSubCommand`), the variable references BuildKit expands, and the problems that BuildKit's
//! parser or its instruction parsing (`instructions/parse.go`) would reject.

use super::heredoc;
use super::json::{self, JsonError};
use super::shlex::{self, Options};
use super::source::{Logical, is_space, split_blank};
use super::split::{self, RawFlag};
use super::{Args, Flag, Instruction, InstructionKind, KeyValue, Problem, Spanned, VarRef, Word, rule};
use crate::analysis::reference;
use crate::syntax::TextRange;

/// Text whose variable references BuildKit expands.
enum Expand {
    /// A span of the logical line, lexed as written.
    Span(usize, usize),
    /// A decoded JSON string and the span of its quoted source.
    Decoded(String, usize, usize),
}

pub(crate) struct Parser<'a> {
    pub lg: &'a Logical,
    pub escape: char,
    pub problems: &'a mut Vec<Problem>,
    expand: Vec<Expand>,
}

impl<'a> Parser<'a> {
    pub fn new(lg: &'a Logical, escape: char, problems: &'a mut Vec<Problem>) -> Self {
        Self {
            lg,
            escape,
            problems,
            expand: Vec::new(),
        }
    }

    fn text(&self) -> &'a str {
        &self.lg.text
    }

    fn problem(&mut self, rule: &'static str, range: TextRange, message: String, fatal: bool) {
        self.problems.push(Problem {
            rule,
            range,
            message,
            fatal,
        });
    }

    /// The instruction written in `text[start..end]` of the logical line.
    pub fn instruction(&mut self, start: usize, end: usize) -> Instruction {
        let saved = std::mem::take(&mut self.expand);
        let text = self.text();
        let sp = split::split_command(text, start, end, self.escape);
        let (k0, k1) = sp.keyword;
        let keyword = &text[k0..k1];
        let kind = InstructionKind::from_keyword(keyword);
        let whole = self.lg.range(k0, sp.end);
        let mut flags: Vec<Flag> = sp.flags.iter().map(|f| self.flag(f)).collect();
        let (a0, a1) = sp.args;
        let name = kind.keyword();
        let args = match kind {
            InstructionKind::Run | InstructionKind::Cmd | InstructionKind::Entrypoint | InstructionKind::Shell => {
                self.maybe_json(name, a0, a1)
            }
            InstructionKind::Add | InstructionKind::Copy | InstructionKind::Volume => {
                self.maybe_json_list(name, a0, a1)
            }
            InstructionKind::From => {
                let words = self.blank_words(a0, a1, true);
                // Only the base image is expanded, not `AS name`.
                self.expand.truncate(1);
                words_or_none(words)
            }
            InstructionKind::Expose => {
                let words = self.blank_words(a0, a1, true);
                words_or_none(words)
            }
            InstructionKind::Maintainer => self.string_arg(a0, a1, false),
            InstructionKind::Stopsignal | InstructionKind::User | InstructionKind::Workdir => {
                self.string_arg(a0, a1, true)
            }
            InstructionKind::Env | InstructionKind::Label => self.name_val(name, a0, a1),
            InstructionKind::Arg => self.name_or_name_val(a0, a1),
            InstructionKind::Healthcheck => self.health(a0, a1),
            InstructionKind::Onbuild => {
                if a0 < a1 {
                    Args::Onbuild(Box::new(self.instruction(a0, a1)))
                } else {
                    Args::None
                }
            }
            InstructionKind::Unknown => Args::None,
        };
        flags.extend(self.typo_flags(kind, a0, a1));
        let expands = matches!(
            kind,
            InstructionKind::Add
                | InstructionKind::Arg
                | InstructionKind::Copy
                | InstructionKind::Env
                | InstructionKind::Expose
                | InstructionKind::From
                | InstructionKind::Label
                | InstructionKind::Stopsignal
                | InstructionKind::User
                | InstructionKind::Volume
                | InstructionKind::Workdir
        );
        let flags_expand = matches!(
            kind,
            InstructionKind::Add | InstructionKind::Copy | InstructionKind::From | InstructionKind::Run
        );
        let mut vars = Vec::new();
        if flags_expand {
            for f in &sp.flags {
                if let Some(eq) = f.chars.iter().skip(2).find(|c| c.0 == '=') {
                    self.scan_span(eq.2, f.end, &mut vars);
                }
            }
        }
        let pending = std::mem::replace(&mut self.expand, saved);
        if expands {
            let mut reported = false;
            for e in pending {
                let failed = match e {
                    Expand::Span(s, e) => self.scan_span(s, e, &mut vars).map(|err| (err, s, e)),
                    Expand::Decoded(value, s, e) => self.scan_decoded(&value, s, e, &mut vars).map(|err| (err, s, e)),
                };
                // BuildKit fails the build when it cannot expand a word; a quote left open in
                // one word usually breaks the next too, so one report per instruction.
                if let Some((err, s, e)) = failed
                    && !reported
                {
                    reported = true;
                    let word = &self.text()[s..e];
                    self.problem(
                        rule::SYNTAX_ERROR,
                        self.lg.range(s, e),
                        format!("Cannot expand `{word}`: {err}"),
                        true,
                    );
                }
            }
        }
        vars.sort_by_key(|v| v.range.start);
        let instruction = Instruction {
            kind,
            keyword: Spanned::new(keyword.to_string(), self.lg.range(k0, k1)),
            flags,
            args,
            heredocs: Vec::new(),
            vars,
            range: whole,
            original: text[start..end].to_string(),
        };
        self.check(&instruction, a0, a1);
        instruction
    }

    fn flag(&self, f: &RawFlag) -> Flag {
        let chars = &f.chars;
        let body = chars.get(2..).unwrap_or(&[]);
        let eq = body.iter().position(|c| c.0 == '=');
        let name_chars = &body[..eq.unwrap_or(body.len())];
        let after_dashes = chars.get(1).map_or(f.start, |c| c.2);
        let span_of = |cs: &[(char, usize, usize)], empty_at: usize| -> Spanned<String> {
            let value: String = cs.iter().map(|c| c.0).collect();
            let range = match (cs.first(), cs.last()) {
                (Some(a), Some(b)) => self.lg.range(a.1, b.2),
                _ => self.lg.range(empty_at, empty_at),
            };
            Spanned::new(value, range)
        };
        let name = span_of(name_chars, after_dashes);
        let value = eq.map(|i| span_of(&body[i + 1..], body[i].2));
        Flag {
            name,
            value,
            dashes: 2,
            range: self.lg.range(f.start, f.end),
        }
    }

    /// `-from=x` and friends: words right after the flags that BuildKit takes as arguments but
    /// that are clearly a flag of this instruction with one dash missing.
    fn typo_flags(&self, kind: InstructionKind, a0: usize, a1: usize) -> Vec<Flag> {
        let known = reference::flags(kind);
        if known.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (s, e) in split_blank(self.text(), a0, a1) {
            let word = &self.text()[s..e];
            let Some(body) = word.strip_prefix('-') else { break };
            if body.starts_with('-') {
                break;
            }
            let (name, value) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (body, None),
            };
            let lower = name.to_ascii_lowercase();
            let Some(known) = known.iter().find(|f| f.name == lower) else {
                break;
            };
            if value.is_none() && !known.is_bool() {
                break;
            }
            let name_start = s + 1;
            let name_end = name_start + name.len();
            out.push(Flag {
                name: Spanned::new(name.to_string(), self.lg.range(name_start, name_end)),
                value: value.map(|v| Spanned::new(v.to_string(), self.lg.range(name_end + 1, e))),
                dashes: 1,
                range: self.lg.range(s, e),
            });
        }
        out
    }

    fn word(&self, s: usize, e: usize, process: bool) -> Word {
        let raw = &self.text()[s..e];
        let value = if process {
            shlex::unquote(raw, self.escape).unwrap_or_else(|| raw.to_string())
        } else {
            raw.to_string()
        };
        Word {
            value,
            raw: raw.to_string(),
            range: self.lg.range(s, e),
        }
    }

    /// `parseStringsWhitespaceDelimited`: words split at ASCII blanks, quotes not special.
    fn blank_words(&mut self, a0: usize, a1: usize, process: bool) -> Vec<Word> {
        split_blank(self.text(), a0, a1)
            .into_iter()
            .map(|(s, e)| {
                self.expand.push(Expand::Span(s, e));
                self.word(s, e, process)
            })
            .collect()
    }

    fn json_words(&mut self, elements: Vec<json::Element>, a0: usize) -> Vec<Word> {
        elements
            .into_iter()
            .map(|el| {
                let (s, e) = (a0 + el.start, a0 + el.end);
                self.expand.push(Expand::Decoded(el.value.clone(), s, e));
                Word {
                    value: el.value,
                    raw: self.text()[s..e].to_string(),
                    range: self.lg.range(s, e),
                }
            })
            .collect()
    }

    /// `parseMaybeJSON`: RUN, CMD, ENTRYPOINT, SHELL and the command of HEALTHCHECK.
    fn maybe_json(&mut self, name: &str, a0: usize, a1: usize) -> Args {
        if a0 >= a1 {
            return Args::None;
        }
        let text = &self.text()[a0..a1];
        let range = self.lg.range(a0, a1);
        match json::parse_array(text) {
            Ok(elements) => {
                let elements = self.json_words(elements, a0);
                return Args::Json { elements, range };
            }
            Err(JsonError::NotStrings) => self.not_strings(name, range),
            // For SHELL the missing JSON form is the one problem worth reporting.
            Err(JsonError::Invalid) if name != "SHELL" && looks_like_json(text) => self.problem(
                rule::INVALID_JSON_FORM,
                range,
                format!("Invalid JSON array: `{name}` runs it in shell form"),
                false,
            ),
            Err(_) => {}
        }
        Args::Shell {
            text: text.to_string(),
            range,
        }
    }

    fn not_strings(&mut self, name: &str, range: TextRange) {
        self.problem(
            rule::INVALID_JSON_FORM,
            range,
            format!("JSON array of `{name}` must contain only strings"),
            true,
        );
    }

    /// `parseMaybeJSONToList`: COPY, ADD, VOLUME.
    fn maybe_json_list(&mut self, name: &str, a0: usize, a1: usize) -> Args {
        let text = &self.text()[a0..a1];
        let range = self.lg.range(a0, a1);
        match json::parse_array(text) {
            Ok(elements) => {
                let elements = self.json_words(elements, a0);
                return Args::Json { elements, range };
            }
            Err(JsonError::NotStrings) => self.not_strings(name, range),
            Err(JsonError::Invalid) if looks_like_json(text) && text.trim_end().ends_with(']') => self.problem(
                rule::INVALID_JSON_FORM,
                range,
                format!("Invalid JSON array: `{name}` reads it as space-separated words"),
                false,
            ),
            Err(_) => {}
        }
        let words = self.blank_words(a0, a1, true);
        if words.is_empty() {
            Args::None
        } else {
            Args::Words(words)
        }
    }

    /// `parseString`: the whole rest as one word.
    fn string_arg(&mut self, a0: usize, a1: usize, process: bool) -> Args {
        if a0 >= a1 {
            return Args::None;
        }
        self.expand.push(Expand::Span(a0, a1));
        Args::Words(vec![self.word(a0, a1, process)])
    }

    fn key_value(&mut self, key: (usize, usize), value: Option<(usize, usize)>, legacy: bool) -> KeyValue {
        let text = self.text();
        let raw_key = &text[key.0..key.1];
        self.expand.push(Expand::Span(key.0, key.1));
        if let Some((s, e)) = value {
            self.expand.push(Expand::Span(s, e));
        }
        let end = value.map_or(key.1, |v| v.1);
        KeyValue {
            key: Spanned::new(
                shlex::unquote(raw_key, self.escape).unwrap_or_else(|| raw_key.to_string()),
                self.lg.range(key.0, key.1),
            ),
            raw_key: raw_key.to_string(),
            value: value.map(|(s, e)| self.word(s, e, true)),
            legacy,
            range: self.lg.range(key.0, end),
        }
    }

    /// `parseNameVal`: ENV and LABEL, `k=v ...` or the legacy `k v w`.
    fn name_val(&mut self, name: &str, a0: usize, a1: usize) -> Args {
        let text = self.text();
        let words = split::parse_words(text, a0, a1, self.escape);
        let Some(first) = words.first() else { return Args::None };
        if !first.raw.contains('=') {
            let pieces = split_blank(text, a0, a1);
            let Some(&key) = pieces.first() else { return Args::None };
            let kv = if pieces.len() < 2 {
                self.problem(
                    rule::MISSING_ARGUMENTS,
                    self.lg.range(a0, a1),
                    format!("`{name}` must have two arguments"),
                    true,
                );
                self.key_value(key, None, true)
            } else {
                self.key_value(key, Some((pieces[1].0, a1)), true)
            };
            return Args::KeyValues(vec![kv]);
        }
        let mut pairs = Vec::new();
        for w in words {
            let Some(eq) = w.raw.find('=') else {
                self.problem(
                    rule::SYNTAX_ERROR,
                    self.lg.range(w.start, w.end),
                    format!("Can't find `=` in `{}`: must be of the form `name=value`", w.raw),
                    true,
                );
                continue;
            };
            let eq = w.start + eq;
            if eq == w.start {
                self.blank_name(name, w.start, w.end);
            }
            pairs.push(self.key_value((w.start, eq), Some((eq + 1, w.end)), false));
        }
        Args::KeyValues(pairs)
    }

    fn blank_name(&mut self, name: &str, s: usize, e: usize) {
        self.problem(
            rule::SYNTAX_ERROR,
            self.lg.range(s, e),
            format!("`{name}` names can not be blank"),
            true,
        );
    }

    /// `parseNameOrNameVal`: ARG `A B=1`.
    fn name_or_name_val(&mut self, a0: usize, a1: usize) -> Args {
        let words = split::parse_words(self.text(), a0, a1, self.escape);
        if words.is_empty() {
            return Args::None;
        }
        let mut pairs = Vec::new();
        for w in words {
            let kv = match w.raw.find('=') {
                Some(eq) => {
                    let eq = w.start + eq;
                    if eq == w.start {
                        self.blank_name("ARG", w.start, w.end);
                    }
                    self.key_value((w.start, eq), Some((eq + 1, w.end)), false)
                }
                None => self.key_value((w.start, w.end), None, false),
            };
            pairs.push(kv);
        }
        Args::KeyValues(pairs)
    }

    /// `parseHealthConfig`: the type word, then the command like CMD.
    fn health(&mut self, a0: usize, a1: usize) -> Args {
        let text = self.text();
        let sep = text[a0..a1].find(is_space).map_or(a1, |i| a0 + i);
        if sep == a0 {
            return Args::None;
        }
        let next = sep + (text[sep..a1].len() - text[sep..a1].trim_start_matches(is_space).len());
        let keyword = Spanned::new(text[a0..sep].to_string(), self.lg.range(a0, sep));
        let cmd = if next < a1 {
            Some(Box::new(self.maybe_json("HEALTHCHECK", next, a1)))
        } else {
            None
        };
        Args::Healthcheck { cmd, keyword }
    }

    /// Collects the references of `text[s..e]`; the lexer's error when BuildKit could not
    /// expand it.
    fn scan_span(&self, s: usize, e: usize, out: &mut Vec<VarRef>) -> Option<String> {
        let lg = self.lg;
        let lexed = shlex::lex(&self.text()[s..e], Options::literal(self.escape), &|_| None);
        for r in lexed.refs {
            out.push(VarRef {
                name: Spanned::new(r.name, lg.range(s + r.name_start, s + r.name_end)),
                modifier: r.modifier,
                braced: r.braced,
                range: lg.range(s + r.start, s + r.end),
            });
        }
        lexed.error
    }

    fn scan_decoded(&self, value: &str, s: usize, e: usize, out: &mut Vec<VarRef>) -> Option<String> {
        let raw = &self.text()[s..e];
        let exact = raw.len() >= 2 && &raw[1..raw.len() - 1] == value;
        let lexed = shlex::lex(value, Options::literal(self.escape), &|_| None);
        for r in lexed.refs {
            let at = |a: usize, b: usize| {
                if exact {
                    self.lg.range(s + 1 + a, s + 1 + b)
                } else {
                    self.lg.range(s, e)
                }
            };
            out.push(VarRef {
                name: Spanned::new(r.name, at(r.name_start, r.name_end)),
                modifier: r.modifier,
                braced: r.braced,
                range: at(r.start, r.end),
            });
        }
        lexed.error
    }

    /// What BuildKit's instruction parsing rejects (`instructions/parse.go`).
    fn check(&mut self, ins: &Instruction, a0: usize, a1: usize) {
        let name = ins.kind.keyword();
        let whole = ins.range;
        let missing = |p: &mut Self, message: String| p.problem(rule::MISSING_ARGUMENTS, whole, message, true);
        let count = match &ins.args {
            Args::None => 0,
            Args::Json { elements, .. } => elements.len(),
            Args::Words(w) => w.len(),
            Args::KeyValues(kv) => kv.len(),
            Args::Shell { .. } | Args::Healthcheck { .. } | Args::Onbuild(_) => 1,
        };
        match ins.kind {
            InstructionKind::Env
            | InstructionKind::Label
            | InstructionKind::Arg
            | InstructionKind::Expose
            | InstructionKind::Volume
            | InstructionKind::Onbuild
            | InstructionKind::Healthcheck
            | InstructionKind::Run
                if count == 0 =>
            {
                missing(self, format!("`{name}` requires at least one argument"));
            }
            InstructionKind::Maintainer
            | InstructionKind::Workdir
            | InstructionKind::User
            | InstructionKind::Stopsignal
                if count == 0 =>
            {
                missing(self, format!("`{name}` requires exactly one argument"));
            }
            InstructionKind::Add | InstructionKind::Copy => {
                if count < 2 {
                    missing(
                        self,
                        format!(
                            "`{name}` requires at least two arguments, but only one was provided: the destination could not be determined"
                        ),
                    );
                } else if let Args::Words(words) = &ins.args
                    && let Some(dest) = words.last()
                    && matches!(heredoc::parse_marker(&dest.raw), Ok(Some(_)))
                {
                    self.problem(
                        rule::SYNTAX_ERROR,
                        dest.range,
                        format!("`{name}` cannot accept a heredoc as a destination"),
                        true,
                    );
                }
            }
            InstructionKind::From => self.check_from(ins, a0, a1),
            InstructionKind::Volume => {
                if let Args::Json { elements, .. } = &ins.args {
                    for el in elements.iter().filter(|e| e.value.trim().is_empty()) {
                        self.problem(
                            rule::SYNTAX_ERROR,
                            el.range,
                            "`VOLUME` specified can not be an empty string".into(),
                            true,
                        );
                    }
                }
            }
            InstructionKind::Healthcheck => {
                if let Args::Healthcheck { cmd, keyword } = &ins.args {
                    let typ = keyword.value.to_uppercase();
                    let empty_cmd = match cmd.as_deref() {
                        None | Some(Args::None) => true,
                        Some(Args::Json { elements, .. }) => elements.is_empty(),
                        Some(_) => false,
                    };
                    if typ == "NONE" {
                        if cmd.is_some() {
                            self.problem(
                                rule::SYNTAX_ERROR,
                                whole,
                                "`HEALTHCHECK NONE` takes no arguments".into(),
                                true,
                            );
                        }
                    } else if typ == "CMD" {
                        if empty_cmd {
                            missing(self, "Missing command after `HEALTHCHECK CMD`".into());
                        }
                    } else if !ins.flags.iter().any(|f| f.dashes == 1 && f.range == keyword.range) {
                        self.problem(
                            rule::SYNTAX_ERROR,
                            keyword.range,
                            format!("Unknown type `{}` in `HEALTHCHECK` (try `CMD`)", keyword.value),
                            true,
                        );
                    }
                }
            }
            InstructionKind::Shell => match &ins.args {
                Args::None => missing(self, "`SHELL` requires at least one argument".into()),
                Args::Json { elements, .. } if elements.is_empty() => {
                    missing(self, "`SHELL` requires at least one argument".into());
                }
                Args::Shell { range, .. } => {
                    let fatal_json = self
                        .problems
                        .iter()
                        .any(|p| p.rule == rule::INVALID_JSON_FORM && p.fatal && p.range == *range);
                    if !fatal_json {
                        self.problem(
                            rule::SHELL_REQUIRES_JSON,
                            *range,
                            "`SHELL` requires the arguments to be in JSON form".into(),
                            true,
                        );
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }

    fn check_from(&mut self, ins: &Instruction, a0: usize, a1: usize) {
        let Args::Words(all) = &ins.args else {
            self.problem(
                rule::MISSING_ARGUMENTS,
                ins.range,
                "`FROM` requires either one or three arguments".into(),
                true,
            );
            return;
        };
        // A one-dash flag already has its own diagnostic: count the words after it.
        let words: Vec<&Word> = all.iter().filter(|w| !is_typo_flag(ins, w)).collect();
        if words.is_empty() {
            return;
        }
        if words.len() == 3 && words[1].raw.eq_ignore_ascii_case("as") {
            let name = words[2].raw.to_lowercase();
            if !valid_stage_name(&name) {
                self.problem(
                    rule::SYNTAX_ERROR,
                    words[2].range,
                    format!(
                        "Invalid name for build stage `{}`: it can't start with a number or contain symbols",
                        words[2].raw
                    ),
                    true,
                );
            }
        } else if words.len() != 1 {
            self.problem(
                rule::SYNTAX_ERROR,
                self.lg.range(a0, a1),
                "`FROM` requires either one or three arguments".into(),
                true,
            );
        }
    }
}

fn is_typo_flag(ins: &Instruction, w: &Word) -> bool {
    ins.flags.iter().any(|f| f.dashes == 1 && f.range == w.range)
}

fn words_or_none(words: Vec<Word>) -> Args {
    if words.is_empty() {
        Args::None
    } else {
        Args::Words(words)
    }
}

/// `^[a-z][a-z0-9-_.]*$`, BuildKit's stage name pattern (after lower-casing).
pub(crate) fn valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// Invalid JSON that was probably meant as an exec form rather than a shell command that starts
/// with `[` (`[ -f x ] && ...`): the first element is quoted and followed by `,`, `]` or nothing.
fn looks_like_json(text: &str) -> bool {
    let Some(rest) = text.trim_start().strip_prefix('[') else {
        return false;
    };
    let rest = rest.trim_start();
    let mut chars = rest.char_indices();
    let quote = match chars.next() {
        Some((_, q @ ('"' | '\''))) => q,
        _ => return false,
    };
    let mut escaped = false;
    for (i, c) in chars {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == quote {
            let after = rest[i + 1..].trim_start();
            return after.is_empty() || after.starts_with([',', ']']);
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_intent() {
        assert!(looks_like_json(r#"["echo", "look ma, no quote!]"#));
        assert!(looks_like_json("['echo','single quotes']"));
        assert!(looks_like_json(r#"["a"] && b"#));
        assert!(!looks_like_json(r#"[ "$X" = "y" ] && echo"#));
        assert!(!looks_like_json("[ -f /x ] && echo"));
        assert!(!looks_like_json("echo ["));
    }

    #[test]
    fn stage_names() {
        assert!(valid_stage_name("build-env_1.x"));
        assert!(!valid_stage_name("1build"));
        assert!(!valid_stage_name("bu$ild"));
        assert!(!valid_stage_name(""));
    }
}
