//! The scanner that builds the [`Model`] from Dockerfile text, following BuildKit's `Parse`: lines
//! cut at `\n`, parser directives at the very top, comments, logical lines joined over
//! continuations (comment and blank lines inside them dropped), one instruction per logical
//! line, heredoc bodies after the instruction that opens them. It never fails: what BuildKit
//! rejects becomes a [`Problem`] and the scan goes on.

use super::directives::{self, CheckOptions};
use super::heredoc;
use super::instruction::Parser;
use super::shlex::{self, Options};
use super::source::{Line, Lines, Logical};
use super::stages;
use super::{
    Args, Comment, Directive, DirectiveKind, Heredoc, Instruction, InstructionKind, Model, Problem, Spanned, VarRef,
    rule,
};
use crate::analysis::shift::Shift;
use crate::syntax::TextRange;

/// BuildKit's scanner holds at most this many bytes of one line (`bufio.MaxScanTokenSize - 1`).
const MAX_LINE: usize = 65_535;

/// Builds the model of `text`.
pub fn parse(text: &str) -> Model {
    let mut b = Builder {
        text,
        lines: Lines::new(text),
        escape: '\\',
        directives: Vec::new(),
        directives_done: false,
        after_shebang: false,
        instructions: Vec::new(),
        comments: Vec::new(),
        empty_continuation_lines: Vec::new(),
        problems: Vec::new(),
    };
    while let Some(line) = b.next_line() {
        b.line(line);
    }
    b.finish()
}

/// Builds the model of `text`, an edited version of `old_text` whose model is `old`, equal to
/// [`parse`]`(text)` (a property test holds it so) for less work: the instructions before the
/// edit are taken from `old` as they are, the ones after it shifted by the edit's length, and
/// only the lines in between are scanned.
///
/// The scan is at the top level (not inside a continuation or a heredoc, the escape character
/// known) at the line of every instruction, and what it finds from such a line on depends on
/// the text from there on only. So it may start at the line of the last old instruction that
/// starts before the edit, and stop at the first instruction line after the edit that was an
/// instruction line of the old scan too.
pub fn parse_reusing(text: &str, old_text: &str, old: &Model) -> Model {
    let prefix = common_prefix(text.as_bytes(), old_text.as_bytes());
    if prefix == text.len() && prefix == old_text.len() {
        return old.clone();
    }
    let suffix = common_suffix(text.as_bytes(), old_text.as_bytes(), prefix);
    let line_of = |i: &Instruction| old_text[..i.keyword.range.start].rfind('\n').map_or(0, |n| n + 1);
    // Whether the old scan was at the top level at an instruction's keyword line: not when the
    // instruction began on a line of blanks and an escape above it.
    let anchor = |i: &Instruction| starts_on_its_line(old_text, line_of(i), old.escape);
    // The last old instruction whose line starts at or before the edit; the first one keeps the
    // directives' scan (and the byte-order mark) out of the way.
    let mut restart = old
        .instructions
        .partition_point(|i| line_of(i) <= prefix)
        .saturating_sub(1);
    while restart > 0 && !anchor(&old.instructions[restart]) {
        restart -= 1;
    }
    if restart == 0 {
        return parse(text);
    }
    let start = line_of(&old.instructions[restart]);
    let delta = text.len() as isize - old_text.len() as isize;
    let before = |r: TextRange| r.start < start;
    let mut b = Builder {
        text,
        lines: Lines::at(text, start),
        escape: old.escape,
        directives: old.directives.clone(),
        directives_done: true,
        after_shebang: false,
        instructions: old.instructions[..restart].to_vec(),
        comments: old.comments.iter().filter(|c| before(c.range)).cloned().collect(),
        empty_continuation_lines: old
            .empty_continuation_lines
            .iter()
            .copied()
            .filter(|r| before(*r))
            .collect(),
        problems: old.problems.iter().filter(|p| before(p.range)).cloned().collect(),
    };
    // Old instruction lines in the unchanged suffix, by their start in the new text.
    let unchanged_from = text.len() - suffix;
    let mut synced = false;
    loop {
        let at = b.lines.position();
        if at >= unchanged_from && at > start {
            let old_at = at.saturating_add_signed(-delta);
            let found = old.instructions[restart..].binary_search_by_key(&old_at, &line_of);
            if let Some(n) = found.ok().filter(|&n| anchor(&old.instructions[restart + n])) {
                let after = |r: TextRange| r.start >= old_at;
                b.instructions
                    .extend(moved(old.instructions[restart + n..].to_vec(), delta));
                b.comments.extend(moved(
                    old.comments.iter().filter(|c| after(c.range)).cloned().collect(),
                    delta,
                ));
                b.empty_continuation_lines.extend(moved(
                    old.empty_continuation_lines
                        .iter()
                        .copied()
                        .filter(|r| after(*r))
                        .collect(),
                    delta,
                ));
                b.problems.extend(moved(
                    old.problems.iter().filter(|p| after(p.range)).cloned().collect(),
                    delta,
                ));
                synced = true;
            }
        }
        if synced {
            break;
        }
        let Some(line) = b.next_line() else { break };
        b.line(line);
    }
    b.finish()
}

/// Whether the line at `line_start` begins a logical line: the nearest line above it that is
/// neither blank nor a comment does not end with the escape character (which would continue onto
/// it). Errs on the side of "no" (an escaped escape also counts as continuing).
fn starts_on_its_line(text: &str, line_start: usize, escape: char) -> bool {
    let mut cursor = line_start;
    while cursor > 0 {
        let above = &text[..cursor - 1];
        let start = above.rfind('\n').map_or(0, |n| n + 1);
        let content = above[start..].trim_matches([' ', '\t', '\r']);
        if !content.is_empty() && !content.starts_with('#') {
            return !content.ends_with(escape);
        }
        cursor = start;
    }
    true
}

fn moved<T: Shift>(mut values: Vec<T>, delta: isize) -> Vec<T> {
    values.shift(delta);
    values
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// The common suffix, not reaching into the first `prefix` bytes of either.
fn common_suffix(a: &[u8], b: &[u8], prefix: usize) -> usize {
    let limit = a.len().min(b.len()) - prefix;
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take(limit)
        .take_while(|(x, y)| x == y)
        .count()
}

impl Builder<'_> {
    fn finish(mut self) -> Model {
        let b = &mut self;
        if b.instructions.is_empty() {
            b.problems.push(Problem {
                rule: rule::EMPTY_DOCKERFILE,
                range: TextRange::empty(0),
                message: "File with no instructions".into(),
                fatal: true,
            });
        }
        let stages = stages::build(&self.instructions, self.escape);
        self.problems.sort_by_key(|p| (p.range.start, p.range.end));
        Model {
            directives: self.directives,
            escape: self.escape,
            instructions: self.instructions,
            comments: self.comments,
            stages,
            empty_continuation_lines: self.empty_continuation_lines,
            problems: self.problems,
        }
    }
}

struct Builder<'a> {
    text: &'a str,
    lines: Lines<'a>,
    escape: char,
    directives: Vec<Directive>,
    directives_done: bool,
    /// The file starts with `#!`: BuildKit's parser then takes no directive, but its `syntax`
    /// and `check` lookups skip that line and still find them.
    after_shebang: bool,
    instructions: Vec<Instruction>,
    comments: Vec<Comment>,
    empty_continuation_lines: Vec<TextRange>,
    problems: Vec<Problem>,
}

fn leading_space(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

/// Where a line's text stops once a trailing escape (and the blanks after it) is cut, and whether
/// the instruction continues on the next line: BuildKit's `([^\\])\\[ \t]*$|^\\[ \t]*$`.
fn continuation(text: &str, start: usize, end: usize, escape: char) -> (usize, bool) {
    let content = &text[start..end];
    let t = content.trim_end_matches([' ', '\t']);
    if !t.ends_with(escape) {
        return (end, false);
    }
    let e_pos = start + t.len() - escape.len_utf8();
    match text[start..e_pos].chars().next_back() {
        Some(c) if c == escape => (end, false),
        _ => (e_pos, true),
    }
}

impl Builder<'_> {
    fn problem(&mut self, rule: &'static str, range: TextRange, message: String, fatal: bool) {
        self.problems.push(Problem {
            rule,
            range,
            message,
            fatal,
        });
    }

    fn next_line(&mut self) -> Option<Line> {
        let line = self.lines.next()?;
        if line.scanned_len > MAX_LINE {
            self.problem(
                rule::SYNTAX_ERROR,
                TextRange::new(line.start, line.end),
                format!("Line longer than the {MAX_LINE} bytes BuildKit accepts"),
                true,
            );
        }
        Some(line)
    }

    fn line(&mut self, line: Line) {
        let text = self.text;
        let start = line.start + leading_space(&text[line.start..line.end]);
        let content = &text[start..line.end];
        if !self.directives_done {
            if line.start == 0 && content.starts_with("#!") {
                self.after_shebang = true;
                self.comments.push(Comment {
                    text: content[1..].trim().to_string(),
                    range: TextRange::new(start, line.end),
                });
                return;
            }
            match directives::shape(content) {
                Some(shape) if self.after_shebang && shape.kind == DirectiveKind::Escape => {
                    self.comment(start, line.end);
                    return;
                }
                Some(shape) => {
                    self.directive(shape, start, line.end);
                    return;
                }
                None => self.directives_done = true,
            }
        }
        if content.starts_with('#') {
            self.comment(start, line.end);
        } else if !content.is_empty() {
            self.instruction(line, start);
        }
    }

    fn directive(&mut self, shape: directives::Shape, start: usize, end: usize) {
        let text = self.text;
        let name = Spanned::new(
            text[start + shape.name.0..start + shape.name.1].to_string(),
            TextRange::new(start + shape.name.0, start + shape.name.1),
        );
        let value_range = TextRange::new(start + shape.value.0, start + shape.value.1);
        let value = value_range.slice(text).to_string();
        let kind_name = directives::kind_name(shape.kind);
        if self.directives.iter().any(|d| d.kind == shape.kind) {
            self.problem(
                rule::INVALID_PARSER_DIRECTIVE,
                TextRange::new(start, end),
                format!("Only one `{kind_name}` parser directive can be used"),
                true,
            );
        } else {
            match shape.kind {
                DirectiveKind::Escape => match value.as_str() {
                    "\\" => self.escape = '\\',
                    "`" => self.escape = '`',
                    _ => self.problem(
                        rule::INVALID_PARSER_DIRECTIVE,
                        value_range,
                        format!("Invalid escape token `{value}`: it must be `` ` `` or `\\`"),
                        true,
                    ),
                },
                DirectiveKind::Check => {
                    if let Err(message) = CheckOptions::parse(&value) {
                        self.problem(rule::INVALID_PARSER_DIRECTIVE, value_range, message, true);
                    }
                }
                DirectiveKind::Syntax => {}
            }
        }
        self.directives.push(Directive {
            kind: shape.kind,
            name,
            value: Spanned::new(value, value_range),
            range: TextRange::new(start, end),
        });
    }

    /// A comment line from its `#` to the end of its content.
    fn comment(&mut self, start: usize, end: usize) {
        let content = &self.text[start..end];
        if let Some(shape) = directives::shape(content) {
            self.problem(
                rule::MISPLACED_PARSER_DIRECTIVE,
                TextRange::new(start, end),
                format!(
                    "Parser directive `{}` after a comment, blank line or instruction is only a comment",
                    directives::kind_name(shape.kind)
                ),
                false,
            );
        }
        self.comments.push(Comment {
            text: content[1..].trim().to_string(),
            range: TextRange::new(start, end),
        });
    }

    fn instruction(&mut self, first: Line, start: usize) {
        let text = self.text;
        let escape = self.escape;
        let mut lg = Logical::default();
        let (piece_end, mut more) = continuation(text, start, first.end, escape);
        lg.push(text, start, piece_end);
        let mut last_end = first.end;
        while more {
            let Some(line) = self.next_line() else { break };
            let content = &text[line.start..line.end];
            let lead = leading_space(content);
            if content[lead..].starts_with('#') {
                self.comment(line.start + lead, line.end);
                continue;
            }
            if lead == content.len() {
                self.empty_continuation_lines
                    .push(TextRange::new(line.start, line.next));
                continue;
            }
            let (piece_end, again) = continuation(text, line.start, line.end, escape);
            lg.push(text, line.start, piece_end);
            more = again;
            last_end = line.end;
        }
        if lg.text.trim().is_empty() {
            return;
        }
        let mut problems = Vec::new();
        let mut ins = Parser::new(&lg, escape, &mut problems).instruction(0, lg.text.len());
        self.problems.append(&mut problems);
        ins.range = TextRange::new(ins.keyword.range.start, last_end.max(ins.keyword.range.end));
        if can_contain_heredoc(&ins) {
            self.heredocs(&lg, &mut ins);
        }
        self.instructions.push(ins);
    }

    fn heredocs(&mut self, lg: &Logical, ins: &mut Instruction) {
        let markers = match heredoc::markers(&lg.text) {
            Ok(m) => m,
            Err(e) => {
                self.problem(rule::SYNTAX_ERROR, ins.range, format!("Invalid heredoc: {e}"), true);
                return;
            }
        };
        let text = self.text;
        let mut docs = Vec::new();
        for m in markers {
            let body_start = self.lines_pos();
            let mut content = String::new();
            let mut end = None;
            let mut body_end = body_start;
            while let Some(line) = self.next_line() {
                let raw = &text[line.start..line.end];
                let candidate = if m.chomp { raw.trim_start_matches('\t') } else { raw };
                if candidate == m.name {
                    end = Some(TextRange::new(line.start, line.end));
                    break;
                }
                content.push_str(&text[line.start..line.next]);
                body_end = line.next;
            }
            let marker = lg.range(m.span.0, m.span.1);
            match end {
                Some(e) => ins.range.end = ins.range.end.max(e.end),
                None => {
                    ins.range.end = ins.range.end.max(text[..body_end].trim_end_matches(['\r', '\n']).len());
                    self.problem(
                        rule::SYNTAX_ERROR,
                        marker,
                        format!("Unterminated heredoc: no line `{}` ends it", m.name),
                        true,
                    );
                }
            }
            if m.chomp {
                content = content
                    .split_inclusive('\n')
                    .map(|l| l.trim_start_matches('\t'))
                    .collect();
            }
            docs.push(Heredoc {
                name: Spanned::new(m.name, lg.range(m.name_span.0, m.name_span.1)),
                marker,
                strip_tabs: m.chomp,
                quoted: m.quoted,
                content,
                body: TextRange::new(body_start, body_end.max(body_start)),
                end,
            });
        }
        let target_kind = match &ins.args {
            Args::Onbuild(inner) => inner.kind,
            _ => ins.kind,
        };
        if matches!(target_kind, InstructionKind::Copy | InstructionKind::Add) {
            let mut vars = Vec::new();
            for doc in docs.iter().filter(|d| !d.quoted) {
                body_vars(text, doc.body, self.escape, &mut vars);
            }
            let dest = match &mut ins.args {
                Args::Onbuild(inner) => &mut inner.vars,
                _ => &mut ins.vars,
            };
            dest.extend(vars);
            dest.sort_by_key(|v| v.range.start);
        }
        if let Args::Onbuild(inner) = &mut ins.args {
            inner.heredocs = docs.clone();
            inner.range.end = inner.range.end.max(ins.range.end);
        }
        ins.heredocs = docs;
    }

    fn lines_pos(&self) -> usize {
        self.lines.position()
    }
}

/// Variable references in a heredoc body that COPY or ADD expands (quotes are not special there).
fn body_vars(text: &str, body: TextRange, escape: char, out: &mut Vec<VarRef>) {
    let opts = Options {
        skip_quotes: true,
        ..Options::literal(escape)
    };
    let at = body.start;
    for r in shlex::refs(body.slice(text), opts) {
        out.push(VarRef {
            name: Spanned::new(r.name, TextRange::new(at + r.name_start, at + r.name_end)),
            modifier: r.modifier,
            braced: r.braced,
            range: TextRange::new(at + r.start, at + r.end),
        });
    }
}

/// BuildKit's `canContainHeredoc`: RUN, COPY and ADD (also as an ONBUILD trigger) not in JSON
/// form.
fn can_contain_heredoc(ins: &Instruction) -> bool {
    let target = match &ins.args {
        Args::Onbuild(inner) if ins.kind == InstructionKind::Onbuild => inner,
        _ => ins,
    };
    matches!(
        target.kind,
        InstructionKind::Run | InstructionKind::Copy | InstructionKind::Add
    ) && !matches!(target.args, Args::Json { .. })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::model::dump;
    use proptest::prelude::*;

    fn dumped(text: &str) -> String {
        dump(&parse(text))
    }

    #[test]
    fn continuation_rules() {
        // An escaped escape at the end is not a continuation.
        assert_eq!(
            dumped("FROM a\nRUN a\\\\\nRUN b\n"),
            "(from \"a\")\n(run \"a\\\\\\\\\")\n(run \"b\")\n"
        );
        // A continuation at the end of the file, then a comment as the last line.
        assert_eq!(dumped("FROM a\nRUN a \\\n# c\n"), "(from \"a\")\n(run \"a\")\n");
        // A line holding only the escape character starts an instruction.
        let m = parse("\\\nFROM a\n");
        assert_eq!(m.instructions.len(), 1);
        assert_eq!(m.instructions[0].keyword.range, TextRange::new(2, 6));
        // Leading whitespace of the first line is dropped, of continuation lines kept.
        assert_eq!(
            dumped("  FROM a\n\tRUN x \\\n\ty\n"),
            "(from \"a\")\n(run \"x \\ty\")\n"
        );
    }

    #[test]
    fn degenerate_texts() {
        for text in [
            "",
            "\\",
            "`",
            "\r",
            "\n\n",
            "#",
            "# escape=`",
            "\u{feff}",
            "\\\n\\\n",
            "FROM a \\",
        ] {
            let m = parse(text);
            assert!(m.instructions.len() <= 1, "{text:?}");
        }
        let m = parse("");
        assert_eq!(m.problems.len(), 1);
        assert_eq!(m.problems[0].rule, rule::EMPTY_DOCKERFILE);
        // A lone CR is not a line break for BuildKit.
        assert_eq!(parse("FROM a\rRUN b").instructions.len(), 1);
    }

    #[test]
    fn line_length_limit() {
        let ok = format!("FROM a\nRUN {}\n", "x".repeat(MAX_LINE - 4));
        assert!(parse(&ok).problems.is_empty());
        let long = format!("FROM a\nRUN {}\n", "x".repeat(MAX_LINE - 3));
        let m = parse(&long);
        assert_eq!(m.problems.len(), 1);
        assert_eq!((m.problems[0].rule, m.problems[0].range.start), (rule::SYNTAX_ERROR, 7));
        assert_eq!(m.instructions.len(), 2);
    }

    #[test]
    fn variable_references_per_instruction() {
        let text = "ARG V=1\nFROM img:$V\nENV A=${V:-x} B='$NO'\nRUN echo $V\nCOPY --chown=$U [\"$S\", \"/d\"]\nWORKDIR \\$NO/$W\n";
        let m = parse(text);
        let names: Vec<Vec<&str>> = m
            .instructions
            .iter()
            .map(|i| i.vars.iter().map(|v| v.name.range.slice(text)).collect())
            .collect();
        assert_eq!(names, [vec![], vec!["V"], vec!["V"], vec![], vec!["U", "S"], vec!["W"]]);
        let env = &m.instructions[2].vars[0];
        assert_eq!(env.range.slice(text), "${V:-x}");
        assert_eq!(env.modifier, Some((":-".to_string(), "x".to_string())));
    }

    #[test]
    fn escaped_variables_follow_the_escape_directive() {
        let text = "# escape=`\nFROM a\nENV P=`$HOME\\$USER\n";
        let m = parse(text);
        let names: Vec<&str> = m.instructions[1].vars.iter().map(|v| v.name.value.as_str()).collect();
        assert_eq!(names, ["USER"]);
    }

    #[test]
    fn one_dash_flags_cause_no_cascade() {
        for text in [
            "FROM -platform=linux/amd64 alpine\n",
            "FROM a\nHEALTHCHECK -interval=5s CMD true\n",
        ] {
            let m = parse(text);
            assert!(m.problems.is_empty(), "{text}: {:?}", m.problems);
            let last = m.instructions.last().map(|i| i.flags.as_slice()).unwrap_or_default();
            assert!(matches!(last, [f] if f.dashes == 1), "{text}");
        }
        // Not a flag of COPY: stays an argument only.
        let m = parse("FROM a\nCOPY -v a b\n");
        assert!(m.instructions[1].flags.is_empty());
    }

    #[test]
    fn words_buildkit_cannot_expand() {
        let text =
            "FROM a\nCOPY \"a b\" /c\nLABEL x=It's\nENV A=${B\nRUN echo \"unbalanced\nENV OK=\"it's\" P=${Q:-x}\n";
        let m = parse(text);
        let found: Vec<(&str, &str)> = m.problems.iter().map(|p| (p.rule, p.range.slice(text))).collect();
        assert_eq!(
            found,
            [
                (rule::SYNTAX_ERROR, "\"a"),
                (rule::SYNTAX_ERROR, "It's"),
                (rule::SYNTAX_ERROR, "${B")
            ]
        );
        assert!(
            m.problems[0]
                .message
                .starts_with("Cannot expand `\"a`: unexpected end of statement")
        );
    }

    #[test]
    fn shebang_keeps_syntax_and_check() {
        let m =
            parse("#!/usr/bin/env docker-build\n# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=all\nFROM a\n");
        let kinds: Vec<DirectiveKind> = m.directives.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, [DirectiveKind::Syntax, DirectiveKind::Check]);
        assert_eq!(m.escape, '\\');
        assert_eq!(m.comments.len(), 2);
        assert_eq!(m.problems.len(), 1);
        assert_eq!(m.problems[0].rule, rule::MISPLACED_PARSER_DIRECTIVE);
    }

    #[test]
    fn heredoc_bodies() {
        let text = "FROM a\nUSER <<NOPE\nNOPE\nRUN <<E1\nE1\nRUN 7<<E2\n# not a comment\n\tkept\nE2\n\
                    RUN <<-E3\n\tx\n\t\ty\n\t\tE3\nRUN --mount=type=cache,target=/c <<E4\nhi\nE4\n\
                    COPY <<P <<Q /d\nQ\nP\nP\nQ\nRUN [\"<<E5\"]\n";
        let m = parse(text);
        assert!(m.problems.is_empty(), "{:?}", m.problems);
        let docs: Vec<Vec<(&str, &str)>> = m
            .instructions
            .iter()
            .map(|i| {
                i.heredocs
                    .iter()
                    .map(|h| (h.name.value.as_str(), h.content.as_str()))
                    .collect()
            })
            .collect();
        assert_eq!(
            docs,
            [
                vec![],
                vec![],
                // Only RUN, COPY and ADD take heredocs: `NOPE` is an instruction.
                vec![],
                vec![("E1", "")],
                vec![("E2", "# not a comment\n\tkept\n")],
                vec![("E3", "x\ny\n")],
                vec![("E4", "hi\n")],
                vec![("P", "Q\n"), ("Q", "P\n")],
                vec![],
            ]
        );
        assert_eq!(m.instructions[2].keyword.value, "NOPE");
        assert!(m.comments.is_empty());
    }

    fn fragment() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "FROM ",
            "RUN ",
            "COPY ",
            "ENV ",
            "ARG ",
            "ONBUILD ",
            "HEALTHCHECK ",
            "SHELL ",
            "LABEL ",
            "CMD ",
            "a",
            "=",
            " ",
            "\t",
            "\n",
            "\r\n",
            "\r",
            "\\",
            "`",
            "#",
            "# escape=`\n",
            "\"",
            "'",
            "[",
            "]",
            ",",
            "$",
            "${",
            "}",
            ":-",
            "<<",
            "<<-",
            "EOF",
            "\nEOF\n",
            "--",
            "--from=",
            "-",
            "é",
            "日本",
            "😀",
            "\u{a0}",
            "\u{feff}",
            "/",
            "%",
            "?",
            "+",
            "0<<",
            "-EOF",
        ])
    }

    fn on_boundary(text: &str, r: TextRange) -> bool {
        r.start <= r.end && r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
    }

    fn instruction_ranges(i: &Instruction, out: &mut Vec<TextRange>) {
        out.push(i.range);
        out.push(i.keyword.range);
        for f in &i.flags {
            out.push(f.range);
            out.push(f.name.range);
            out.extend(f.value.as_ref().map(|v| v.range));
        }
        for v in &i.vars {
            out.push(v.range);
            out.push(v.name.range);
        }
        for h in &i.heredocs {
            out.extend([h.name.range, h.marker, h.body]);
            out.extend(h.end);
        }
        match &i.args {
            Args::Json { elements, range } => {
                out.push(*range);
                out.extend(elements.iter().map(|w| w.range));
            }
            Args::Shell { range, .. } => out.push(*range),
            Args::Words(w) => out.extend(w.iter().map(|w| w.range)),
            Args::KeyValues(kv) => {
                for kv in kv {
                    out.extend([kv.range, kv.key.range]);
                    out.extend(kv.value.as_ref().map(|v| v.range));
                }
            }
            Args::Healthcheck { keyword, .. } => out.push(keyword.range),
            Args::Onbuild(inner) => instruction_ranges(inner, out),
            Args::None => {}
        }
    }

    /// Whole lines, so that documents have many instructions, continuations and heredocs.
    fn line() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "FROM alpine AS a\n",
            "FROM a\r\n",
            "RUN echo a \\\n",
            "  && echo b\n",
            "RUN <<EOF\n",
            "COPY <<-X /a\n",
            "echo hi\n",
            "EOF\n",
            "\tX\n",
            "# comment\n",
            "\n",
            "   \n",
            "ENV A=$B C=${D:-e}\n",
            "ONBUILD RUN x \\\n",
            "ARG V=1\n",
            "# escape=`\n",
            "RUN a `\n",
            "CMD [\"a\", \"b\"]\n",
            "HEALTHCHECK CMD curl x\n",
            "é日 \\\n",
        ])
    }

    /// Applies random edits one after another, each time building the model from the previous
    /// one, and compares with a fresh parse.
    fn check_reuse(mut text: String, edits: Vec<(prop::sample::Index, usize, String)>) -> Result<(), TestCaseError> {
        let mut model = parse(&text);
        for (at, removed, inserted) in edits {
            let mut start = at.index(text.len() + 1);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + removed).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let new = format!("{}{inserted}{}", &text[..start], &text[end..]);
            let reused = parse_reusing(&new, &text, &model);
            prop_assert_eq!(&reused, &parse(&new), "{:?} -> {:?}", text, new);
            text = new;
            model = reused;
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn reusing_the_old_model_gives_the_fresh_one(
            lines in prop::collection::vec(line(), 0..30),
            edits in prop::collection::vec(
                (any::<prop::sample::Index>(), 0usize..12, prop::collection::vec(prop_oneof![fragment(), line()], 0..3)),
                1..5,
            ),
        ) {
            let edits = edits.into_iter().map(|(at, removed, parts)| (at, removed, parts.concat())).collect();
            check_reuse(lines.concat(), edits)?;
        }

        #[test]
        fn reusing_the_old_model_gives_the_fresh_one_on_any_text(
            parts in prop::collection::vec(fragment(), 0..60),
            edits in prop::collection::vec(
                (any::<prop::sample::Index>(), 0usize..12, prop::collection::vec(fragment(), 0..4)),
                1..5,
            ),
        ) {
            let edits = edits.into_iter().map(|(at, removed, parts)| (at, removed, parts.concat())).collect();
            check_reuse(parts.concat(), edits)?;
        }

        #[test]
        fn never_panics_and_ranges_stay_on_char_boundaries(parts in prop::collection::vec(fragment(), 0..40)) {
            let text: String = parts.concat();
            let m = parse(&text);
            let _ = dump(&m);
            let mut ranges = Vec::new();
            for i in &m.instructions {
                instruction_ranges(i, &mut ranges);
            }
            ranges.extend(m.problems.iter().map(|p| p.range));
            ranges.extend(m.comments.iter().map(|c| c.range));
            ranges.extend(m.empty_continuation_lines.iter().copied());
            for d in &m.directives {
                ranges.extend([d.range, d.name.range, d.value.range]);
            }
            for r in ranges {
                prop_assert!(on_boundary(&text, r), "{r:?} in {text:?}");
            }
            for pair in m.instructions.windows(2) {
                prop_assert!(pair[0].range.end <= pair[1].range.start, "{text:?}");
            }
        }
    }
}
