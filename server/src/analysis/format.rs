//! The formatter: minimal edits that give every instruction keyword the file's majority casing,
//! one space after each keyword, continuation lines one indentation level deeper than their
//! instruction (nesting the user wrote is kept), JSON arrays spaced as `["a", "b"]`, and no
//! trailing whitespace. Line breaks are never added or removed; parser directives, heredoc bodies
//! and terminators are left byte for byte.
//!
//! Re-indenting a continuation line changes the whitespace BuildKit joins into the logical line,
//! so a line is only re-indented where that whitespace is a separator: never inside quotes,
//! never in an instruction that keeps its argument verbatim (`WORKDIR`, legacy `ENV k v`...), and
//! never where indentation would appear between two characters that were joined without it.

use crate::analysis::config::FormatConfig;
use crate::analysis::diagnostic::Edit;
use crate::analysis::model::{Args, Instruction, InstructionKind, Model};
use crate::syntax::TextRange;

/// How continuation lines are indented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatOptions {
    /// Columns per level; also the width of a tab when measuring existing indentation.
    pub indent_width: u32,
    pub use_tabs: bool,
}

impl Default for FormatOptions {
    fn default() -> Self {
        Self {
            indent_width: 4,
            use_tabs: false,
        }
    }
}

impl FormatOptions {
    /// The configuration's `[format]` keys over the editor's options.
    pub fn resolve(config: FormatConfig, editor: FormatOptions) -> Self {
        Self {
            indent_width: config.indent_width.unwrap_or(editor.indent_width),
            use_tabs: config.use_tabs.unwrap_or(editor.use_tabs),
        }
    }

    /// A zero width would join continuation lines to the line above; absurd widths are capped.
    fn width(self) -> usize {
        self.indent_width.clamp(1, 16) as usize
    }

    fn indentation(self, columns: usize) -> String {
        if self.use_tabs {
            let tab = self.width();
            let mut s = "\t".repeat(columns / tab);
            s.push_str(&" ".repeat(columns % tab));
            s
        } else {
            " ".repeat(columns)
        }
    }

    /// The columns `ws` (spaces and tabs) takes, tabs advancing to the next tab stop.
    fn columns(self, ws: &str) -> usize {
        let tab = self.width();
        ws.chars()
            .fold(0, |w, c| if c == '\t' { (w / tab + 1) * tab } else { w + 1 })
    }
}

/// One line of the text: `start..end` without its line break.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    end: usize,
}

/// Lines end at `\n` (a `\r` before it belongs to the break), as BuildKit reads them.
fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let next = start + piece.len();
        let body = piece.strip_suffix('\n').unwrap_or(piece);
        let body = if piece.ends_with('\n') {
            body.strip_suffix('\r').unwrap_or(body)
        } else {
            body
        };
        out.push(Line {
            start,
            end: start + body.len(),
        });
        start = next;
    }
    if text.is_empty() || text.ends_with('\n') {
        out.push(Line { start, end: start });
    }
    out
}

/// The text before the escape that continues `line` (trailing blanks already cut) on the next
/// line; an escaped escape does not continue it (BuildKit's `([^\\])\\[ \t]*$|^\\[ \t]*$`).
fn continued(line: &str, escape: char) -> Option<&str> {
    let before = line.strip_suffix(escape)?;
    (!before.ends_with(escape)).then_some(before)
}

fn line_of(lines: &[Line], offset: usize) -> usize {
    lines.partition_point(|l| l.start <= offset).saturating_sub(1)
}

/// Whether `text` ends in a blank that separates words: one that no escape character (the
/// file's, or the shell's `\`) makes part of a word. Both escapes count, so that in doubt the
/// next line is left where it is.
fn ends_with_separator(text: &str, escape: char) -> bool {
    let Some(last) = text.chars().last().filter(|&c| is_blank(c)) else {
        return false;
    };
    let before = &text[..text.len() - last.len_utf8()];
    let escapes = before.chars().rev().take_while(|&c| c == '\\' || c == escape).count();
    escapes % 2 == 0
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// A comment, a blank line, or anything outside an instruction.
    Other,
    /// Directives, heredoc bodies and terminators: never touched.
    Protected,
    /// The line of an instruction's keyword.
    First,
    /// A later line of an instruction (code, comment or blank).
    Continuation,
}

/// Every instruction with its ONBUILD trigger after it.
fn all_instructions(model: &Model) -> impl Iterator<Item = &Instruction> {
    model.instructions.iter().flat_map(|top| {
        std::iter::successors(Some(top), |i| match &i.args {
            Args::Onbuild(trigger) => Some(&**trigger),
            _ => None,
        })
    })
}

/// Upper case unless most keywords are written in lower case.
fn keywords_upper(model: &Model) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    for ins in all_instructions(model).filter(|i| i.kind != InstructionKind::Unknown) {
        let k = &ins.keyword.value;
        if *k == k.to_ascii_uppercase() {
            upper += 1;
        } else if *k == k.to_ascii_lowercase() {
            lower += 1;
        }
    }
    upper >= lower
}

/// The instruction whose arguments decide how its continuation lines may move: an ONBUILD's
/// trigger.
fn effective(ins: &Instruction) -> &Instruction {
    match &ins.args {
        Args::Onbuild(trigger) => effective(trigger),
        _ => ins,
    }
}

/// Instructions whose argument BuildKit keeps verbatim, so that whitespace joined from a
/// continuation line is part of the value.
fn verbatim(ins: &Instruction) -> bool {
    let ins = effective(ins);
    match ins.kind {
        InstructionKind::Workdir
        | InstructionKind::User
        | InstructionKind::Stopsignal
        | InstructionKind::Maintainer
        | InstructionKind::Unknown
        | InstructionKind::Onbuild => true,
        InstructionKind::Env | InstructionKind::Label => {
            matches!(&ins.args, Args::KeyValues(pairs) if pairs.iter().any(|kv| kv.legacy))
        }
        _ => false,
    }
}

/// How the arguments are read, for [`Quotes`]: by a shell (commands), as JSON, or by BuildKit's
/// lexer with the directive's escape character.
fn quotes_for(ins: &Instruction, directive_escape: char) -> (Quotes, char) {
    let (shell, escape) = match &effective(ins).args {
        Args::Shell { .. } => (true, '\\'),
        Args::Healthcheck { cmd: Some(cmd), .. } => (matches!(**cmd, Args::Shell { .. }), '\\'),
        Args::Json { .. } => (false, '\\'),
        _ => (false, directive_escape),
    };
    let quotes = Quotes {
        stack: Vec::new(),
        escaped: false,
        shell,
    };
    (quotes, escape)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Nest {
    Single,
    Double,
    /// `$(` or a `(` inside it.
    Paren,
    /// `${`.
    Brace,
    Backtick,
}

/// Follows quotes and substitutions across the lines of one instruction, to tell whether a line
/// starts where whitespace is a separator or part of a string.
struct Quotes {
    stack: Vec<Nest>,
    /// The previous line ended with an escape that applies to the next character.
    escaped: bool,
    /// A shell reads the text: `$(...)` and backticks nest, and quotes inside them are their own.
    /// BuildKit's own lexer knows neither.
    shell: bool,
}

impl Quotes {
    fn feed(&mut self, content: &str, escape: char) {
        let mut chars = content.chars().peekable();
        while let Some(c) = chars.next() {
            if self.escaped {
                self.escaped = false;
                continue;
            }
            let top = self.stack.last().copied();
            if top == Some(Nest::Single) {
                if c == '\'' {
                    self.stack.pop();
                }
                continue;
            }
            if c == escape {
                self.escaped = true;
                continue;
            }
            match (top, c) {
                (Some(Nest::Double), '"') | (Some(Nest::Backtick), '`') | (Some(Nest::Paren), ')') => {
                    self.stack.pop();
                }
                (Some(Nest::Brace), '}') => {
                    self.stack.pop();
                }
                (Some(Nest::Paren), '(') => self.stack.push(Nest::Paren),
                (_, '$') if self.shell && chars.peek() == Some(&'(') => {
                    chars.next();
                    self.stack.push(Nest::Paren);
                }
                (_, '$') if chars.peek() == Some(&'{') => {
                    chars.next();
                    self.stack.push(Nest::Brace);
                }
                (Some(Nest::Double), '\'') => {}
                (_, '\'') => self.stack.push(Nest::Single),
                (_, '"') => self.stack.push(Nest::Double),
                (_, '`') if self.shell => self.stack.push(Nest::Backtick),
                _ => {}
            }
        }
    }

    /// Whitespace here is part of a word (quoted, or inside `${...}`).
    fn in_string(&self) -> bool {
        self.escaped || matches!(self.stack.last(), Some(Nest::Single | Nest::Double | Nest::Brace))
    }
}

struct Formatter<'a> {
    text: &'a str,
    model: &'a Model,
    options: FormatOptions,
    lines: Vec<Line>,
    roles: Vec<Role>,
    edits: Vec<Edit>,
}

impl<'a> Formatter<'a> {
    fn new(text: &'a str, model: &'a Model, options: FormatOptions) -> Self {
        let lines = lines(text);
        let mut roles = vec![Role::Other; lines.len()];
        for ins in &model.instructions {
            let first = line_of(&lines, ins.keyword.range.start);
            let last = line_of(&lines, ins.range.end.max(ins.keyword.range.start));
            roles[first] = Role::First;
            for role in &mut roles[first + 1..=last] {
                *role = Role::Continuation;
            }
        }
        for ins in all_instructions(model) {
            for heredoc in &ins.heredocs {
                let end = heredoc.end.map_or(text.len() + 1, |e| e.end.max(e.start + 1));
                for (i, line) in lines.iter().enumerate() {
                    if line.start >= heredoc.body.start && line.start < end && roles[i] != Role::First {
                        roles[i] = Role::Protected;
                    }
                }
            }
        }
        for directive in &model.directives {
            roles[line_of(&lines, directive.range.start)] = Role::Protected;
        }
        Self {
            text,
            model,
            options,
            lines,
            roles,
            edits: Vec::new(),
        }
    }

    fn replace(&mut self, start: usize, end: usize, new_text: impl Into<String>) {
        let new_text = new_text.into();
        if self.text.get(start..end) != Some(new_text.as_str()) {
            self.edits.push(Edit {
                range: TextRange::new(start, end),
                new_text,
            });
        }
    }

    fn slice(&self, line: Line) -> &'a str {
        &self.text[line.start..line.end]
    }

    /// The columns of leading blanks and where the rest of the line starts.
    fn leading(&self, line: Line) -> (usize, usize) {
        let s = self.slice(line);
        let rest = s.trim_start_matches(is_blank);
        let ws = &s[..s.len() - rest.len()];
        (self.options.columns(ws), line.start + ws.len())
    }

    fn run(mut self, upper: bool) -> Vec<Edit> {
        for ins in &self.model.instructions {
            self.instruction(ins, upper);
            self.continuations(ins);
        }
        for (i, line) in self.lines.clone().into_iter().enumerate() {
            let role = self.roles[i];
            if role == Role::Protected {
                continue;
            }
            let s = self.slice(line);
            let trimmed = s.trim_end_matches(is_blank);
            let (_, first) = self.leading(line);
            if first >= line.start + trimmed.len() {
                // A blank line: nothing to keep.
                self.replace(line.start, line.end, "");
                continue;
            }
            self.replace(line.start + trimmed.len(), line.end, "");
            let top_level_comment = role == Role::Other && self.text[first..].starts_with('#');
            if role == Role::First || top_level_comment {
                self.replace(line.start, first, "");
            }
        }
        self.edits.sort_by_key(|e| (e.range.start, e.range.end));
        self.edits
    }

    /// Keyword casing, the space after it, and JSON spacing, for an instruction and its trigger.
    fn instruction(&mut self, ins: &Instruction, upper: bool) {
        if ins.kind != InstructionKind::Unknown {
            let keyword = if upper {
                ins.kind.keyword().to_string()
            } else {
                ins.kind.keyword().to_ascii_lowercase()
            };
            self.replace(ins.keyword.range.start, ins.keyword.range.end, keyword);
        }
        let after = ins.keyword.range.end;
        let rest = &self.text[after..];
        let gap = rest.len() - rest.trim_start_matches(is_blank).len();
        let next = rest[gap..].chars().next();
        if gap > 0 && next.is_some_and(|c| c != '\n' && c != '\r') {
            self.replace(after, after + gap, " ");
        }
        match &ins.args {
            Args::Json { elements, range } => self.json(elements.iter().map(|e| e.range), *range),
            Args::Healthcheck { cmd: Some(cmd), .. } => {
                if let Args::Json { elements, range } = &**cmd {
                    self.json(elements.iter().map(|e| e.range), *range);
                }
            }
            Args::Onbuild(trigger) => self.instruction(trigger, upper),
            _ => {}
        }
    }

    /// `["a", "b"]`: no space inside the brackets, one after each comma; gaps that hold a line
    /// break are the continuation's business.
    fn json(&mut self, elements: impl Iterator<Item = TextRange>, range: TextRange) {
        let text = self.text;
        let Some(inner) = text.get(range.start..range.end) else {
            return;
        };
        let open = range.start + (inner.len() - inner.trim_start().len());
        let close = range.start + inner.trim_end().len();
        if !text[open..].starts_with('[') || close == 0 || !text[..close].ends_with(']') || close <= open {
            return;
        }
        let mut bounds = vec![open + 1];
        for e in elements {
            bounds.push(e.start);
            bounds.push(e.end);
        }
        bounds.push(close - 1);
        let pairs: Vec<(usize, usize)> = bounds.chunks(2).map(|p| (p[0], p[1])).collect();
        let count = pairs.len();
        for (i, (from, to)) in pairs.into_iter().enumerate() {
            let Some(gap) = text.get(from..to) else { continue };
            if gap.contains(['\n', '\r']) {
                continue;
            }
            let inner_gap = i > 0 && i + 1 < count;
            if inner_gap && gap.trim_matches(is_blank) == "," {
                self.replace(from, to, ", ");
            } else if !inner_gap && gap.trim_matches(is_blank).is_empty() {
                self.replace(from, to, "");
            }
        }
    }

    /// Re-indents the continuation lines of one instruction: the shallowest movable code line
    /// goes one level in, the others keep their depth relative to it.
    fn continuations(&mut self, ins: &Instruction) {
        let escape = self.model.escape;
        let (mut quotes, arg_escape) = quotes_for(ins, escape);
        let verbatim = verbatim(ins);
        let first = line_of(&self.lines, ins.keyword.range.start);
        let last = line_of(&self.lines, ins.range.end.max(ins.keyword.range.start));
        // Whether the text joined before the next line ends in a blank, and whether it ends in
        // an escape that would apply to the next line's first character.
        let mut joined_blank = false;
        let mut joined_escape = false;
        let mut movable: Vec<(usize, usize, usize)> = Vec::new();
        let mut comments: Vec<(usize, usize, usize)> = Vec::new();
        for i in first..=last {
            let line = self.lines[i];
            if self.roles[i] == Role::Protected {
                continue;
            }
            let (width, content_start) = self.leading(line);
            let s = &self.text[content_start..line.end];
            let trimmed = s.trim_end_matches(is_blank);
            if i != first && (trimmed.is_empty() || trimmed.starts_with('#')) {
                if trimmed.starts_with('#') {
                    comments.push((i, width, content_start));
                }
                continue;
            }
            let content = continued(trimmed, escape).unwrap_or(trimmed);
            if i != first
                && !verbatim
                && !quotes.in_string()
                && !joined_escape
                && (width > 0 || joined_blank)
                && self.roles[i] == Role::Continuation
            {
                movable.push((i, width, content_start));
            }
            let from_keyword = if i == first {
                &self.text[ins.keyword.range.start.max(content_start)..content_start + content.len()]
            } else {
                content
            };
            quotes.feed(from_keyword, arg_escape);
            joined_blank =
                ends_with_separator(from_keyword, escape) || (from_keyword.is_empty() && (width > 0 || joined_blank));
            joined_escape = from_keyword.ends_with('\\') || from_keyword.ends_with(escape);
            if content.len() == trimmed.len() {
                // No continuation: the instruction ends here (a heredoc body may follow).
                joined_blank = false;
            }
        }
        let unit = self.options.width();
        let min = movable.iter().map(|(_, w, _)| *w).min();
        for (i, width, content_start) in movable {
            let base = min.unwrap_or(width);
            let start = self.lines[i].start;
            self.replace(start, content_start, self.options.indentation(unit + width - base));
        }
        for (i, width, content_start) in comments {
            let depth = match min {
                Some(base) if width > base => unit + width - base,
                _ => unit,
            };
            let start = self.lines[i].start;
            self.replace(start, content_start, self.options.indentation(depth));
        }
    }
}

/// The edits that format the whole text.
pub fn format(text: &str, model: &Model, options: FormatOptions) -> Vec<Edit> {
    Formatter::new(text, model, options).run(keywords_upper(model))
}

/// The edits that format the lines `range` touches (casing still follows the whole file).
pub fn format_range(text: &str, model: &Model, options: FormatOptions, range: TextRange) -> Vec<Edit> {
    let lines = lines(text);
    let from = lines[line_of(&lines, range.start)].start;
    let to = lines[line_of(&lines, range.end)].end;
    format(text, model, options)
        .into_iter()
        .filter(|e| e.range.start >= from && e.range.end <= to)
        .collect()
}

/// After a line break typed at `offset`: when the line above continues an instruction, indent
/// the new line one level in from the instruction, or as deep as the continuation line above.
pub fn on_type_newline(text: &str, model: &Model, options: FormatOptions, offset: usize) -> Vec<Edit> {
    let formatter = Formatter::new(text, model, options);
    let here = line_of(&formatter.lines, offset.min(text.len()));
    if here == 0 || formatter.roles[here] == Role::Protected {
        return Vec::new();
    }
    let above = formatter.lines[here - 1];
    let above_role = formatter.roles[here - 1];
    let above_text = formatter.slice(above).trim_end_matches(is_blank);
    let (above_width, above_content) = formatter.leading(above);
    if continued(above_text, model.escape).is_none() || text[above_content..].starts_with('#') {
        return Vec::new();
    }
    let unit = options.width();
    let depth = match above_role {
        Role::First => unit,
        Role::Continuation if above_width > 0 => above_width,
        Role::Continuation => unit,
        Role::Other | Role::Protected => return Vec::new(),
    };
    let line = formatter.lines[here];
    let (_, content_start) = formatter.leading(line);
    let indentation = options.indentation(depth);
    if text[line.start..content_start] == indentation {
        return Vec::new();
    }
    vec![Edit {
        range: TextRange::new(line.start, content_start),
        new_text: indentation,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixes::apply_edits;
    use crate::analysis::model::parse;

    fn fmt_with(text: &str, options: FormatOptions) -> String {
        apply_edits(text, &format(text, &parse(text), options))
    }

    fn fmt(text: &str) -> String {
        fmt_with(text, FormatOptions::default())
    }

    #[test]
    fn the_configuration_overrides_the_editor() {
        let format = crate::analysis::config::FormatConfig {
            indent_width: Some(2),
            use_tabs: Some(true),
        };
        let editor = FormatOptions {
            indent_width: 8,
            use_tabs: false,
        };
        let both = FormatOptions {
            indent_width: 2,
            use_tabs: true,
        };
        assert_eq!(FormatOptions::resolve(format, editor), both);
        assert_eq!(FormatOptions::resolve(Default::default(), editor), editor);
        assert_eq!(fmt_with("RUN a \\\n b\n", both), "RUN a \\\n\tb\n");
    }

    #[test]
    fn keywords_take_the_majority_casing_and_one_space() {
        assert_eq!(
            fmt("FROM alpine\nrun  echo hi\nCOPY\ta b\n"),
            "FROM alpine\nRUN echo hi\nCOPY a b\n"
        );
        assert_eq!(
            fmt("from alpine\nrun echo\nCOPY a b\n"),
            "from alpine\nrun echo\ncopy a b\n"
        );
        assert_eq!(
            fmt("FROM a\nRUN b\nonbuild   run   echo\n"),
            "FROM a\nRUN b\nONBUILD RUN echo\n"
        );
    }

    #[test]
    fn trailing_whitespace_and_leading_indentation_of_top_level_lines_go() {
        assert_eq!(
            fmt("FROM a  \n  # note \n\t\n   RUN x \t\n"),
            "FROM a\n# note\n\nRUN x\n"
        );
    }

    #[test]
    fn a_line_after_an_escaped_blank_stays_where_it_is() {
        // `\ ` is part of the word, which the next line continues: indenting it would split
        // the word in two.
        let glued = "FROM a\nARG A=x\\ \\\nmore\n";
        assert_eq!(fmt(glued), glued);
        // An escaped backslash before the blank leaves the blank a separator.
        assert_eq!(
            fmt("FROM a\nRUN echo x\\\\ \\\nmore\n"),
            "FROM a\nRUN echo x\\\\ \\\n    more\n"
        );
    }

    #[test]
    fn crlf_line_breaks_stay() {
        assert_eq!(
            fmt("FROM a  \r\nrun x \\ \r\n  y\r\n"),
            "FROM a\r\nRUN x \\\r\n    y\r\n"
        );
    }

    #[test]
    fn continuation_lines_move_one_level_in_keeping_their_nesting() {
        let text = "RUN set -eux; \\\n  if true; then \\\n      echo a; \\\n  fi\n";
        assert_eq!(
            fmt(text),
            "RUN set -eux; \\\n    if true; then \\\n        echo a; \\\n    fi\n"
        );
        let tabs = FormatOptions {
            indent_width: 4,
            use_tabs: true,
        };
        assert_eq!(
            fmt_with(text, tabs),
            "RUN set -eux; \\\n\tif true; then \\\n\t\techo a; \\\n\tfi\n"
        );
        let two = FormatOptions {
            indent_width: 2,
            use_tabs: false,
        };
        assert_eq!(
            fmt_with("RUN a \\\n\t\tb \\\n\t\t\t\tc\n", two),
            "RUN a \\\n  b \\\n      c\n"
        );
    }

    #[test]
    fn comments_and_blank_lines_inside_a_continuation() {
        assert_eq!(
            fmt("RUN a \\\n# about b\n        b \\\n   \n        c\n"),
            "RUN a \\\n    # about b\n    b \\\n\n    c\n"
        );
    }

    #[test]
    fn whitespace_that_belongs_to_a_value_stays() {
        // Inside quotes the indentation is part of the string.
        let quoted = "RUN echo \"a \\\n      b\" && \\\n      c\n";
        assert_eq!(fmt(quoted), "RUN echo \"a \\\n      b\" && \\\n    c\n");
        let single = "ENV A='x \\\n   y' B=1\n";
        assert_eq!(fmt(single), single);
        // WORKDIR and legacy ENV keep their argument verbatim.
        let workdir = "WORKDIR /a \\\n  b\n";
        assert_eq!(fmt(workdir), workdir);
        let legacy = "ENV A b \\\n  c\n";
        assert_eq!(fmt(legacy), legacy);
        // No indentation where the two lines were joined without a blank.
        let glued = "RUN --mount=type=cache,\\\ntarget=/x make\n";
        assert_eq!(fmt(glued), glued);
        // A backslash before the continuation: the blank after it is part of the word.
        let escaped = "# escape=`\nRUN echo a\\`\n  b\n";
        assert_eq!(fmt(escaped), escaped);
    }

    #[test]
    fn json_arrays_are_spaced_consistently() {
        assert_eq!(fmt("CMD [ \"a\",\"b\" ,  \"c\" ]\n"), "CMD [\"a\", \"b\", \"c\"]\n");
        assert_eq!(fmt("CMD [  ]\n"), "CMD []\n");
        assert_eq!(
            fmt("HEALTHCHECK CMD [\"a\",\"b\"]\n"),
            "HEALTHCHECK CMD [\"a\", \"b\"]\n"
        );
        assert_eq!(
            fmt("ENTRYPOINT [\"a\", \\\n  \"b\"]\n"),
            "ENTRYPOINT [\"a\", \\\n    \"b\"]\n"
        );
        // Not JSON for BuildKit: left as written.
        assert_eq!(fmt("CMD [ 'a' ]\n"), "CMD [ 'a' ]\n");
    }

    #[test]
    fn directives_and_heredocs_are_untouched() {
        let text =
            "# syntax=docker/dockerfile:1  \n#escape=\\ \nFROM a\nRUN <<EOF  \n  echo hi   \n\tEOF \nEOF\n  run  x\n";
        assert_eq!(
            fmt(text),
            "# syntax=docker/dockerfile:1  \n#escape=\\ \nFROM a\nRUN <<EOF\n  echo hi   \n\tEOF \nEOF\nRUN x\n"
        );
    }

    #[test]
    fn backtick_escape() {
        assert_eq!(
            fmt("# escape=`\nFROM a\nRUN dir `\n c:\\ `\n  d\n"),
            "# escape=`\nFROM a\nRUN dir `\n    c:\\ `\n     d\n"
        );
    }

    #[test]
    fn range_formatting_touches_only_the_lines_in_range() {
        let text = "from a  \nrun x  \nrun y  \n";
        let model = parse(text);
        let second = text.find("run x").unwrap_or_default();
        let edits = format_range(
            text,
            &model,
            FormatOptions::default(),
            TextRange::new(second, second + 2),
        );
        assert_eq!(apply_edits(text, &edits), "from a  \nrun x\nrun y  \n");
    }

    #[test]
    fn a_new_continuation_line_is_indented() {
        let check = |text: &str, want: &str| {
            let at = text.find('|').unwrap_or_default();
            let text = text.replacen('|', "", 1);
            let edits = on_type_newline(&text, &parse(&text), FormatOptions::default(), at);
            assert_eq!(apply_edits(&text, &edits), want, "{text:?}");
        };
        check("RUN a \\\n|\n", "RUN a \\\n    \n");
        check("RUN a \\\n      b \\\n  |c\n", "RUN a \\\n      b \\\n      c\n");
        check("RUN a\n|\n", "RUN a\n\n");
        check("# c \\\n|\n", "# c \\\n\n");
        check("RUN <<EOF\nx \\\n|\nEOF\n", "RUN <<EOF\nx \\\n\nEOF\n");
    }

    #[test]
    fn formatting_twice_changes_nothing_more() {
        for text in [
            "from a\nRUN  a \\\n\t  b \\\n  # c\n c\n",
            "RUN \"a \\\n b\" \\\n  c\n",
            "CMD [ \"a\" ,\"b\" ]  \n",
        ] {
            let once = fmt(text);
            assert_eq!(fmt(&once), once, "{text:?}");
        }
    }
}
