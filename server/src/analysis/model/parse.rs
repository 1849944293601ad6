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
        instructions: Vec::new(),
        comments: Vec::new(),
        empty_continuation_lines: Vec::new(),
        problems: Vec::new(),
    };
    while let Some(line) = b.next_line() {
        b.line(line);
    }
    if b.instructions.is_empty() {
        b.problems.push(Problem {
            rule: rule::EMPTY_DOCKERFILE,
            range: TextRange::empty(0),
            message: "File with no instructions".into(),
            fatal: true,
        });
    }
    let stages = stages::build(&b.instructions, b.escape);
    b.problems.sort_by_key(|p| (p.range.start, p.range.end));
    Model {
        directives: b.directives,
        escape: b.escape,
        instructions: b.instructions,
        comments: b.comments,
        stages,
        empty_continuation_lines: b.empty_continuation_lines,
        problems: b.problems,
    }
}

struct Builder<'a> {
    text: &'a str,
    lines: Lines<'a>,
    escape: char,
    directives: Vec<Directive>,
    directives_done: bool,
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
            match directives::shape(content) {
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
