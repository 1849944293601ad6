//! The walk over tree-sitter-bash's tree that turns a script into [`Command`]s, [`Pipeline`]s and
//! [`SyntaxError`]s.

use std::cell::RefCell;

use tree_sitter::{Node, Parser, Tree};

use super::kinds as k;
use super::words::unquote;
use super::{Assignment, Command, Operator, Pipeline, Redirect, Scope, SourceMap, SyntaxError, Word, wrappers};
use crate::syntax::TextRange;

thread_local! {
    // A parser allocates its tables once; scripts are parsed per RUN per keystroke.
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

fn parse_tree(text: &str) -> Option<Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        if slot.is_none() {
            let mut parser = Parser::new();
            parser.set_language(&tree_sitter_bash::LANGUAGE.into()).ok()?;
            *slot = Some(parser);
        }
        slot.as_mut()?.parse(text, None)
    })
}

pub(crate) struct Parsed {
    pub commands: Vec<Command>,
    pub pipelines: Vec<Pipeline>,
    pub errors: Vec<SyntaxError>,
}

pub(crate) fn parse(text: &str, map: &SourceMap) -> Parsed {
    // tree-sitter-bash reads a heredoc redirection only when its line goes on with `&&`, `||`,
    // a pipe, more redirections or nothing, and reads an unquoted delimiter up to the next
    // blank: `cat <<EOF >/x; chmod +x /x` and `tee /x <<'EOF' >/dev/null &` are errors to it
    // (or, unquoted, the rest of the line becomes the delimiter), though every shell runs them.
    // Scripts that write a script or a config file with a heredoc (often inside a `RUN <<EOF`
    // heredoc) do this. Such a separator is read as ` && ` (the bytes around it keep their
    // place in the document through the map) and the command after it keeps its real operator;
    // one that ends the line is read as a blank. The reading is kept only when it parses.
    let separators = heredoc_separators(text);
    if separators.is_empty() {
        return parse_with(text, map, &Rewrites::default());
    }
    let mut rewritten = String::with_capacity(text.len() + 4 * separators.len());
    let mut pieces = Vec::new();
    let mut rewrites = Rewrites::default();
    let mut copied = 0;
    for separator in &separators {
        pieces.push((rewritten.len(), copied, separator.at - copied));
        rewritten.push_str(&text[copied..separator.at]);
        match separator.operator {
            Some(op) => {
                rewrites.operators.push((rewritten.len() + 1, op));
                rewritten.push_str(" && ");
            }
            None => {
                if text.as_bytes().get(separator.at) == Some(&b'&') {
                    rewrites.backgrounded.push(rewritten.len());
                }
                rewritten.push(' ');
            }
        }
        copied = separator.at + 1;
    }
    pieces.push((rewritten.len(), copied, text.len() - copied));
    rewritten.push_str(&text[copied..]);
    let retry = parse_with(&rewritten, &map.rearranged(text, &pieces), &rewrites);
    if retry.errors.is_empty() {
        return retry;
    }
    // Both readings have errors: the shell's reading has the real ones. An error-free reading
    // of the script as written (an unquoted delimiter running to the end of its line hides the
    // rest of the script in the heredoc) is kept: it reports nothing wrong.
    let parsed = parse_with(text, map, &Rewrites::default());
    if parsed.errors.is_empty() { parsed } else { retry }
}

/// How a script was rewritten for tree-sitter (see [`heredoc_separators`]), in offsets of the
/// rewritten script.
#[derive(Default)]
struct Rewrites {
    /// An operator token written as `&&` and the operator it stands for.
    operators: Vec<(usize, Operator)>,
    /// A `&` that ended its line, written as a blank: the next command (after the heredoc's
    /// body) follows a command sent to the background.
    backgrounded: Vec<usize>,
}

fn parse_with(text: &str, map: &SourceMap, rewrites: &Rewrites) -> Parsed {
    let mut walker = Walker {
        text,
        map,
        commands: Vec::new(),
        pipelines: Vec::new(),
        errors: Vec::new(),
        pending: None,
        pipefail: false,
        stages: Vec::new(),
        outer_redirects: Vec::new(),
        statement: 0,
        overrides: &rewrites.operators,
        backgrounded: rewrites.backgrounded.iter().rev().copied().collect(),
    };
    if let Some(tree) = parse_tree(text) {
        let root = tree.root_node();
        walker.walk(root, Scope::Top);
        if root.has_error() {
            walker.collect_errors(root);
        }
    }
    Parsed {
        commands: walker.commands,
        pipelines: walker.pipelines,
        errors: walker.errors,
    }
}

enum Rest {
    Nothing,
    Closing,
    Command,
}

/// A `;` or `&` after a heredoc redirection on its line (byte offset `at`).
#[derive(Debug, PartialEq, Eq)]
struct Separator {
    at: usize,
    /// The operator the command after it has; `None` for a `;` or `&` that ends the line, where
    /// the line break separates the commands anyway.
    operator: Option<Operator>,
}

/// The separators that follow a heredoc redirection (`<<WORD`, `<<-'WORD'`) on the same line,
/// outside quotes and comments (not `;;`, `&&`, `>&` or `&>`, nor one before a word that closes
/// a compound command, such as `; fi` or `; done`: those stay as they are).
fn heredoc_separators(text: &str) -> Vec<Separator> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let bytes = line.trim_end_matches(['\n', '\r']).as_bytes();
        let blank = |i: usize| bytes.get(i).is_some_and(|b| matches!(b, b' ' | b'\t'));
        // What follows a separator: nothing (or a comment), a word that closes a compound
        // command (which cannot follow `&&`), or a command.
        let rest = |i: usize| {
            let r = bytes.get(i..).unwrap_or_default();
            let r = &r[r.iter().take_while(|b| matches!(b, b' ' | b'\t')).count()..];
            let word = &r[..r
                .iter()
                .take_while(|b| !matches!(b, b' ' | b'\t' | b';' | b'&' | b'|'))
                .count()];
            if r.is_empty() || r[0] == b'#' {
                Rest::Nothing
            } else if matches!(
                word,
                b"then" | b"do" | b"done" | b"fi" | b"esac" | b"else" | b"elif" | b"}"
            ) || r[0] == b')'
            {
                Rest::Closing
            } else {
                Rest::Command
            }
        };
        let mut quote = None;
        let mut after_heredoc = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match (quote, b) {
                (Some(q), _) if b == q => quote = None,
                (Some(b'"'), b'\\') => i += 1,
                (Some(_), _) => {}
                (None, b'\\') => i += 1,
                (None, b'\'' | b'"') => quote = Some(b),
                (None, b'#') if i == 0 || blank(i - 1) => break,
                (None, b'<')
                    if bytes.get(i + 1) == Some(&b'<')
                        && bytes.get(i + 2) != Some(&b'<')
                        && (i == 0 || bytes[i - 1] != b'<') =>
                {
                    i = heredoc_word_end(bytes, i + 2);
                    after_heredoc = true;
                    continue;
                }
                (None, b'|') => after_heredoc = false,
                (None, b';' | b'&') if after_heredoc => {
                    if bytes.get(i + 1) == Some(&b) {
                        // `;;` ends a case item, `&&` is read as it is.
                        after_heredoc = false;
                        i += 2;
                        continue;
                    }
                    let redirect = b == b'&'
                        && ((i > 0 && matches!(bytes[i - 1], b'>' | b'<')) || bytes.get(i + 1) == Some(&b'>'));
                    if !redirect {
                        let operator = match (rest(i + 1), b) {
                            (Rest::Closing, _) => break,
                            (Rest::Nothing, _) => None,
                            (Rest::Command, b';') => Some(Operator::Seq),
                            (Rest::Command, _) => Some(Operator::Background),
                        };
                        out.push(Separator {
                            at: line_start + i,
                            operator,
                        });
                        after_heredoc = false;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        line_start += line.len();
    }
    out
}

/// Where the delimiter word of a heredoc redirection ends: `start` is just after `<<`; an
/// optional `-` and blanks come first, then a word of quoted and unquoted parts up to a blank or
/// an operator.
fn heredoc_word_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    while bytes.get(i).is_some_and(|b| matches!(b, b' ' | b'\t')) {
        i += 1;
    }
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\'' | b'"' => {
                i += 1;
                while bytes.get(i).is_some_and(|&c| c != b) {
                    i += 1;
                }
                i += 1;
            }
            b'\\' => i += 2,
            b' ' | b'\t' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')' => break,
            _ => i += 1,
        }
    }
    i.min(bytes.len())
}

/// A node that becomes a pipeline stage when the walk reaches it.
struct Stage {
    node_id: usize,
    pipeline: usize,
    pipe_in: bool,
    pipe_out: bool,
}

struct Walker<'a> {
    text: &'a str,
    map: &'a SourceMap,
    commands: Vec<Command>,
    pipelines: Vec<Pipeline>,
    errors: Vec<SyntaxError>,
    /// The connector seen since the last command, for the next one.
    pending: Option<Operator>,
    /// `set -o pipefail` has run in the script's shell.
    pipefail: bool,
    stages: Vec<Stage>,
    /// Redirections of a `redirected_statement` waiting for its command: (command node id, ...).
    outer_redirects: Vec<(usize, Vec<Redirect>)>,
    /// The top-level statement being walked.
    statement: usize,
    /// Operators written differently for tree-sitter (see [`heredoc_separators`]): the byte
    /// offset of the token and the operator it stands for.
    overrides: &'a [(usize, Operator)],
    /// Offsets of `&`s that ended their line and were written as a blank, last first.
    backgrounded: Vec<usize>,
}

impl<'a> Walker<'a> {
    fn script_range(node: Node<'_>) -> TextRange {
        TextRange::new(node.start_byte(), node.end_byte().max(node.start_byte()))
    }

    fn doc_range(&self, node: Node<'_>) -> TextRange {
        self.map.to_doc(Self::script_range(node))
    }

    fn word(&self, node: Node<'_>) -> Word {
        let range = Self::script_range(node);
        let raw = self.text.get(range.as_range()).unwrap_or("");
        let u = unquote(raw);
        let doc = self.map.to_doc(range);
        // Which leading part of the value is written as is: all of a plain word, all of a word
        // in one pair of quotes, else the text before the first quote or backslash.
        let (start, len) = if raw == u.value {
            (range.start, u.value.len())
        } else if raw.len() == u.value.len() + 2 && raw.get(1..raw.len() - 1) == Some(u.value.as_str()) {
            (range.start + 1, u.value.len())
        } else {
            let quote = raw.find(['\\', '\'', '"']).unwrap_or(raw.len());
            let common = raw.bytes().zip(u.value.bytes()).take_while(|(a, b)| a == b).count();
            let mut n = quote.min(common);
            while !raw.is_char_boundary(n) {
                n -= 1;
            }
            (range.start, n)
        };
        // A continuation inside the word ends the part that is written as is.
        let exact_len = self.map.contiguous_len(start, len);
        // An empty range maps to the end of the segment before it: after a continuation that is
        // before the word, so keep the start inside the word.
        let value_start = Some(
            self.map
                .to_doc(TextRange::new(start, start + exact_len))
                .start
                .clamp(doc.start, doc.end),
        )
        .filter(|_| exact_len > 0 || len == 0);
        Word {
            value: u.value,
            range: doc,
            quoted: u.quoted,
            has_expansion: u.has_expansion,
            line: self.map.line_of(self.text, range.start),
            value_start,
            exact_len,
        }
    }

    fn walk(&mut self, node: Node<'_>, scope: Scope) {
        match node.kind() {
            k::PROGRAM => {
                let mut cursor = node.walk();
                let mut statements = 0;
                for child in node.children(&mut cursor) {
                    if !child.is_named() {
                        self.operator(child);
                        continue;
                    }
                    if !matches!(child.kind(), k::COMMENT | k::HEREDOC_BODY) {
                        self.statement = statements;
                        statements += 1;
                    }
                    self.walk(child, scope);
                }
            }
            k::COMMAND | k::DECLARATION_COMMAND | k::UNSET_COMMAND => self.command(node, scope, false),
            k::NEGATED_COMMAND => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    if child.kind() == k::COMMAND {
                        self.command(child, scope, true);
                    } else {
                        self.walk(child, scope);
                    }
                }
            }
            k::PIPELINE => self.pipeline(node, scope),
            k::REDIRECTED_STATEMENT => self.redirected(node, scope),
            k::SUBSHELL => self.children(node, Scope::Subshell),
            k::COMMAND_SUBSTITUTION | k::PROCESS_SUBSTITUTION => {
                let saved = self.pending.take();
                self.children(node, Scope::Substitution);
                self.pending = saved;
            }
            k::FUNCTION_DEFINITION => {
                // The body runs when the function is called, not here: its commands are listed
                // but do not take part in the surrounding chain.
                let saved = self.pending.take();
                self.children(node, Scope::Function);
                self.pending = saved;
            }
            k::IF_STATEMENT
            | k::ELIF_CLAUSE
            | k::ELSE_CLAUSE
            | k::FOR_STATEMENT
            | k::C_STYLE_FOR_STATEMENT
            | k::WHILE_STATEMENT
            | k::DO_GROUP
            | k::CASE_STATEMENT
            | k::CASE_ITEM
            | k::COMPOUND_STATEMENT => {
                let inner = if scope == Scope::Top { Scope::Compound } else { scope };
                self.children(node, inner);
            }
            k::HEREDOC_REDIRECT => {
                // Its `pipeline` child is the rest of a pipeline that `redirected` registered.
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    match (child.is_named(), child.kind()) {
                        (true, k::PIPELINE) => self.children(child, scope),
                        (true, _) => self.walk(child, scope),
                        (false, _) => self.operator(child),
                    }
                }
            }
            k::HEREDOC_BODY | k::COMMENT => {}
            _ => self.children(node, scope),
        }
    }

    fn children(&mut self, node: Node<'_>, scope: Scope) {
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.is_named() {
                self.walk(child, scope);
            } else {
                self.operator(child);
            }
        }
    }

    fn operator(&mut self, token: Node<'_>) {
        let op = match token.kind() {
            k::AND => Operator::And,
            k::OR => Operator::Or,
            k::SEMICOLON | k::CASE_END => Operator::Seq,
            k::BACKGROUND => Operator::Background,
            k::PIPE | k::PIPE_BOTH => Operator::Pipe,
            _ => return,
        };
        let op = self
            .overrides
            .iter()
            .find(|(at, _)| *at == token.start_byte())
            .map_or(op, |&(_, real)| real);
        self.pending = Some(op);
    }

    /// `Background` for the first command after a line-ending `&` that was written as a blank.
    fn backgrounded_before(&mut self, start: usize) -> Option<Operator> {
        let mut found = None;
        while self.backgrounded.last().is_some_and(|&at| at < start) {
            self.backgrounded.pop();
            found = Some(Operator::Background);
        }
        found
    }

    /// The simple command a pipeline stage or redirected statement stands for, if it is one.
    fn direct_command(node: Node<'_>) -> Option<Node<'_>> {
        match node.kind() {
            k::COMMAND | k::DECLARATION_COMMAND | k::UNSET_COMMAND => Some(node),
            k::REDIRECTED_STATEMENT => node.child_by_field_name("body").and_then(Self::direct_command),
            k::NEGATED_COMMAND => node.named_child(0).and_then(Self::direct_command),
            _ => None,
        }
    }

    /// The first simple command of a statement: the one reading the pipe in
    /// `cat <<EOF | sh && echo`, where the statement after the pipe is `sh && echo`.
    fn first_command(node: Node<'_>) -> Option<Node<'_>> {
        match node.kind() {
            k::LIST | k::PIPELINE => node.named_child(0).and_then(Self::first_command),
            _ => Self::direct_command(node),
        }
    }

    /// The simple command that trailing redirections belong to. tree-sitter-bash attaches
    /// `a && b >log` to the whole list, but the shell applies it to `b` only.
    fn last_command(node: Node<'_>) -> Option<Node<'_>> {
        match node.kind() {
            k::LIST | k::PIPELINE => node
                .named_child(node.named_child_count().saturating_sub(1))
                .and_then(Self::last_command),
            _ => Self::direct_command(node),
        }
    }

    fn new_pipeline(&mut self, node: Node<'_>, stages: usize, scope: Scope) -> usize {
        self.pipelines.push(Pipeline {
            range: self.doc_range(node),
            commands: Vec::new(),
            stages,
            pipefail: self.pipefail,
            scope,
            status_used: scope != Scope::Substitution || Self::status_reaches_script(node),
        });
        self.pipelines.len() - 1
    }

    /// Whether the status of `node`, inside substitutions, can become the script's: every
    /// command substitution around it is the value of a bare assignment (`v=$(a | b)` has the
    /// substitution's status), and no process substitution is.
    fn status_reaches_script(node: Node<'_>) -> bool {
        let mut at = node;
        while let Some(parent) = at.parent() {
            match parent.kind() {
                k::PROCESS_SUBSTITUTION => return false,
                k::COMMAND_SUBSTITUTION if !Self::is_assigned_alone(parent) => return false,
                _ => {}
            }
            at = parent;
        }
        true
    }

    /// A command substitution that is (part of) the value of an assignment standing alone, not
    /// in front of a command (`V=$(x) cmd`) nor in `export`/`local`/`readonly`, which return
    /// their own status.
    fn is_assigned_alone(substitution: Node<'_>) -> bool {
        let mut at = substitution;
        while let Some(parent) = at.parent() {
            match parent.kind() {
                k::STRING | k::CONCATENATION => at = parent,
                k::VARIABLE_ASSIGNMENT => {
                    let mut owner = parent.parent();
                    if owner.is_some_and(|o| o.kind() == k::VARIABLE_ASSIGNMENTS) {
                        owner = owner.and_then(|o| o.parent());
                    }
                    return owner.is_none_or(|o| !matches!(o.kind(), k::COMMAND | k::DECLARATION_COMMAND));
                }
                _ => return false,
            }
        }
        false
    }

    fn pipeline(&mut self, node: Node<'_>, scope: Scope) {
        let mut cursor = node.walk();
        let members: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
        let index = self.new_pipeline(node, members.len(), scope);
        for (i, member) in members.iter().enumerate() {
            if let Some(direct) = Self::direct_command(*member) {
                self.stages.push(Stage {
                    node_id: direct.id(),
                    pipeline: index,
                    pipe_in: i > 0,
                    pipe_out: i + 1 < members.len(),
                });
            }
        }
        self.children(node, scope);
    }

    fn redirected(&mut self, node: Node<'_>, scope: Scope) {
        let body = node.child_by_field_name("body");
        let direct = body.and_then(Self::direct_command);
        let owner = body.and_then(Self::last_command);
        let mut redirects = Vec::new();
        let mut cursor = node.walk();
        for child in node.children_by_field_name("redirect", &mut cursor) {
            redirects.push(self.redirect(child));
            // `cat <<EOF | sh`: the heredoc redirect holds the rest of the pipeline.
            if child.kind() == k::HEREDOC_REDIRECT {
                let mut inner = child.walk();
                let piped = child.named_children(&mut inner).find(|c| c.kind() == k::PIPELINE);
                if let Some(piped) = piped {
                    let target = piped.named_child(0).and_then(Self::first_command);
                    let index = self.new_pipeline(node, 2, scope);
                    if let Some(direct) = direct {
                        self.stages.push(Stage {
                            node_id: direct.id(),
                            pipeline: index,
                            pipe_in: false,
                            pipe_out: true,
                        });
                    }
                    if let Some(target) = target {
                        self.stages.push(Stage {
                            node_id: target.id(),
                            pipeline: index,
                            pipe_in: true,
                            pipe_out: false,
                        });
                    }
                }
            }
        }
        if let Some(owner) = owner {
            self.outer_redirects.push((owner.id(), redirects));
        }
        self.children(node, scope);
    }

    fn redirect(&self, node: Node<'_>) -> Redirect {
        let mut operator = String::new();
        let mut fd = None;
        let mut target = None;
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            let kind = child.kind();
            if kind == k::FILE_DESCRIPTOR {
                fd = self.text.get(child.byte_range()).and_then(|s| s.parse().ok());
            } else if !child.is_named() {
                if operator.is_empty() {
                    operator = kind.to_owned();
                }
            } else if target.is_none() && kind != k::PIPELINE && kind != k::HEREDOC_BODY {
                target = Some(self.word(child));
            }
        }
        Redirect {
            operator,
            fd,
            target,
            range: self.doc_range(node),
        }
    }

    fn command(&mut self, node: Node<'_>, scope: Scope, negated: bool) {
        let mut name = None;
        let mut args = Vec::new();
        let mut assignments = Vec::new();
        let mut redirects = Vec::new();
        let mut nested = Vec::new();
        let mut cursor = node.walk();
        for (i, child) in node.children(&mut cursor).enumerate() {
            let field = u32::try_from(i).ok().and_then(|i| node.field_name_for_child(i));
            let kind = child.kind();
            if child.is_missing() {
                continue;
            }
            if field == Some("name") || (name.is_none() && !child.is_named() && node.kind() != k::COMMAND) {
                // `export`, `declare`, `unset`: the keyword is the name.
                name = Some(self.word(child));
            } else if field == Some("redirect") {
                redirects.push(self.redirect(child));
            } else if kind == k::VARIABLE_ASSIGNMENT && name.is_none() {
                assignments.push(self.assignment(child));
            } else if kind == k::SUBSHELL {
                nested.push(child);
                continue;
            } else if field == Some("argument") || (child.is_named() && kind != k::COMMENT) {
                args.push(self.word(child));
            } else {
                continue;
            }
            if child.named_child_count() > 0 || kind == k::COMMAND_SUBSTITUTION {
                nested.push(child);
            }
        }
        let Some(name) = name.filter(|n| !n.value.is_empty() || n.quoted || n.has_expansion) else {
            // Only assignments (or a missing name after `&&`): not a command, but substitutions
            // inside still run.
            for child in nested {
                self.walk(child, scope);
            }
            return;
        };
        // Inner redirections first: `{ a >x; } 2>y` gives `a` both, in source order.
        while let Some(at) = self.outer_redirects.iter().rposition(|(id, _)| *id == node.id()) {
            let (_, mut outer) = self.outer_redirects.remove(at);
            redirects.append(&mut outer);
        }
        let mut command = Command {
            name,
            args,
            assignments,
            redirects,
            range: self.doc_range(node),
            operator_before: self
                .pending
                .take()
                .or_else(|| self.backgrounded_before(node.start_byte())),
            scope,
            negated,
            pipeline: None,
            pipe_in: false,
            pipe_out: false,
            wrapped: None,
            statement: self.statement,
        };
        if let Some(at) = self.stages.iter().position(|s| s.node_id == node.id()) {
            let stage = self.stages.swap_remove(at);
            command.pipeline = Some(stage.pipeline);
            command.pipe_in = stage.pipe_in;
            command.pipe_out = stage.pipe_out;
            if let Some(p) = self.pipelines.get_mut(stage.pipeline) {
                p.commands.push(self.commands.len());
            }
        }
        command.wrapped = wrappers::wrapped_command(&command);
        if matches!(scope, Scope::Top | Scope::Compound) && command.runs("set") {
            self.note_set(&command);
        }
        self.commands.push(command);
        let saved = self.pending.take();
        for child in nested {
            self.walk(child, Scope::Substitution);
        }
        self.pending = saved;
    }

    fn assignment(&self, node: Node<'_>) -> Assignment {
        let name = node
            .child_by_field_name("name")
            .and_then(|n| self.text.get(n.byte_range()))
            .unwrap_or("")
            .to_owned();
        let value = match node.child_by_field_name("value") {
            Some(v) => self.word(v),
            None => {
                let end = Self::script_range(node).end;
                let at = self.map.to_doc(TextRange::empty(end));
                Word {
                    value: String::new(),
                    range: at,
                    quoted: false,
                    has_expansion: false,
                    line: self.map.line_of(self.text, end),
                    value_start: Some(at.start),
                    exact_len: 0,
                }
            }
        };
        Assignment {
            name,
            value,
            range: self.doc_range(node),
        }
    }

    /// `set -o pipefail`, `set -euo pipefail`, `set -eo pipefail -x`; `set +o pipefail` undoes.
    fn note_set(&mut self, set: &Command) {
        let args = set.effective_args();
        for (i, word) in args.iter().enumerate() {
            let v = word.value.as_str();
            let (on, cluster) = match (v.strip_prefix('-'), v.strip_prefix('+')) {
                (Some(c), _) => (true, c),
                (_, Some(c)) => (false, c),
                _ => continue,
            };
            if cluster.ends_with('o') && !cluster.starts_with('-') {
                if args.get(i + 1).is_some_and(|w| w.value == "pipefail") {
                    self.pipefail = on;
                }
            } else if cluster == "-" {
                break;
            }
        }
    }

    fn collect_errors(&mut self, node: Node<'_>) {
        if node.is_error() {
            let error = self.error_message(node);
            self.errors.push(error);
            return;
        }
        if node.is_missing() {
            let error = self.missing_message(node);
            self.errors.push(error);
            return;
        }
        if !node.has_error() {
            return;
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            self.collect_errors(child);
        }
    }

    fn error(&self, node: Node<'_>, message: String) -> SyntaxError {
        SyntaxError {
            range: self.doc_range(node),
            message,
        }
    }

    fn error_message(&self, node: Node<'_>) -> SyntaxError {
        let first = first_leaf(node);
        let first_text = self.text.get(first.byte_range()).unwrap_or("");
        if first.kind() == k::DOUBLE_QUOTE || first_text.starts_with('"') {
            return self.error(first, "unterminated double quote".to_owned());
        }
        if first_text.starts_with('\'') && (first_text.len() == 1 || !first_text[1..].contains('\'')) {
            let quote = TextRange::new(first.start_byte(), first.start_byte() + 1);
            return SyntaxError {
                range: self.map.to_doc(quote),
                message: "unterminated single quote".to_owned(),
            };
        }
        if first_text.starts_with('`') {
            return self.error(first, "unterminated backquote".to_owned());
        }
        if let Some(close) = closer_of(first.kind()) {
            let text = self.text.get(node.byte_range()).unwrap_or("");
            if !contains_token(node, close) && !text.is_empty() {
                return self.error(first, format!("`{}` without `{close}`", first.kind()));
            }
        }
        let last = last_leaf(node);
        let token = self.text.get(last.byte_range()).unwrap_or("").trim();
        let token: String = token.chars().take(20).collect();
        self.error(last, format!("unexpected `{token}`"))
    }

    fn missing_message(&self, node: Node<'_>) -> SyntaxError {
        let kind = node.kind();
        let opener = node.parent().and_then(|p| p.child(0));
        match kind {
            k::WORD => {
                // A command with no name: what came before it is an operator waiting for one.
                let command = node.parent().and_then(|p| p.parent());
                let before = command.and_then(|c| c.prev_sibling());
                match before.filter(|b| !b.is_named()) {
                    Some(op) => self.error(op, format!("expected a command after `{}`", op.kind())),
                    None => self.error(node, "expected a command".to_owned()),
                }
            }
            k::DOUBLE_QUOTE => match opener {
                Some(open) => self.error(open, "unterminated double quote".to_owned()),
                None => self.error(node, "unterminated double quote".to_owned()),
            },
            _ => match opener.filter(|o| !o.is_named() && o.id() != node.id()) {
                Some(open) => self.error(open, format!("`{}` without `{kind}`", open.kind())),
                None => self.error(node, format!("missing `{kind}`")),
            },
        }
    }
}

/// The keyword that closes a construct opened by `kind`.
fn closer_of(kind: &str) -> Option<&'static str> {
    Some(match kind {
        k::IF => k::FI,
        k::FOR | k::WHILE | k::UNTIL | k::SELECT => k::DONE,
        k::CASE => k::ESAC,
        k::OPEN_BRACE | k::DOLLAR_BRACE => k::CLOSE_BRACE,
        k::OPEN_PAREN | k::DOLLAR_PAREN | k::DOUBLE_PAREN => k::CLOSE_PAREN,
        k::DOLLAR_DOUBLE_PAREN => k::CLOSE_DOUBLE_PAREN,
        k::OPEN_EXTENDED_TEST => k::CLOSE_EXTENDED_TEST,
        k::OPEN_TEST => k::CLOSE_TEST,
        _ => return None,
    })
}

fn contains_token(node: Node<'_>, token: &str) -> bool {
    let mut cursor = node.walk();
    node.children(&mut cursor)
        .any(|c| (!c.is_named() && c.kind() == token) || (c.child_count() > 0 && contains_token(c, token)))
}

fn first_leaf(node: Node<'_>) -> Node<'_> {
    let mut n = node;
    while let Some(c) = n.child(0) {
        n = c;
    }
    n
}

fn last_leaf(node: Node<'_>) -> Node<'_> {
    let mut n = node;
    while let Some(c) = n.child(n.child_count().saturating_sub(1)) {
        n = c;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Parsed {
        parse(text, &SourceMap::identity(0, text.len()))
    }

    fn names(parsed: &Parsed) -> Vec<&str> {
        parsed.commands.iter().map(|c| c.name.value.as_str()).collect()
    }

    #[test]
    fn a_heredoc_then_a_semicolon_is_read_as_the_shell_reads_it() {
        // A script written by a heredoc inside a `RUN <<EOF` heredoc.
        let text = "set -e\ncat > /x.sh <<'INNER'; chmod +x /x.sh\n#!/bin/sh\necho \"it's $1\"\nINNER\n/x.sh\n";
        let parsed = read(text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(names(&parsed), ["set", "cat", "chmod", "/x.sh"]);
        let chmod = &parsed.commands[2];
        assert_eq!(chmod.operator_before, Some(Operator::Seq));
        assert_eq!(chmod.range.slice(text), "chmod +x /x.sh");
        assert_eq!(chmod.args[1].range.slice(text), "/x.sh");
        // An unquoted delimiter ends at the `;` for the shell, not at the next blank.
        let unquoted = read("cat > /x <<INNER; chmod 600 /x\nkey=$HOME\nINNER\n");
        assert!(unquoted.errors.is_empty(), "{:?}", unquoted.errors);
        assert_eq!(names(&unquoted), ["cat", "chmod"]);
        // A `;` that ends the line.
        let last = read("cat > /x <<'INNER';\na\nINNER\necho done\n");
        assert!(last.errors.is_empty(), "{:?}", last.errors);
        assert_eq!(names(&last), ["cat", "echo"]);
    }

    #[test]
    fn a_heredoc_sent_to_the_background_keeps_its_operator() {
        let text = "cat <<'EOF' > /tmp/x & wait\na\nEOF\n";
        let parsed = read(text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(names(&parsed), ["cat", "wait"]);
        assert_eq!(parsed.commands[1].operator_before, Some(Operator::Background));
        let at_end = read("tee /x <<EOF >/dev/null &\nline\nEOF\nwait\n");
        assert!(at_end.errors.is_empty(), "{:?}", at_end.errors);
        assert_eq!(names(&at_end), ["tee", "wait"]);
        assert_eq!(at_end.commands[1].operator_before, Some(Operator::Background));
    }

    #[test]
    fn separators_after_heredocs_only() {
        let found = |text: &str| -> Vec<(usize, Option<Operator>)> {
            heredoc_separators(text)
                .into_iter()
                .map(|s| (s.at, s.operator))
                .collect()
        };
        assert_eq!(found("cat <<A; b\n"), [(7, Some(Operator::Seq))]);
        assert_eq!(found("cat <<'A B'; b"), [(11, Some(Operator::Seq))]);
        assert_eq!(found("cat <<A >/x 2>&1 & b"), [(17, Some(Operator::Background))]);
        assert_eq!(found("cat <<A;\n"), [(7, None)]);
        assert_eq!(found("cat <<A >/x & \n"), [(12, None)]);
        assert_eq!(found("cat <<A; # then b\n"), [(7, None)]);
        // Not after a heredoc, inside quotes or a comment, or an operator tree-sitter reads.
        assert_eq!(found("a; b & c"), []);
        assert_eq!(found("echo '<<A; b'"), []);
        assert_eq!(found("echo x # <<A; b"), []);
        assert_eq!(found("cat <<A && b; c"), []);
        assert_eq!(found("cat <<A | sh; c"), []);
        assert_eq!(found("cat <<<\"$x\"; b"), []);
        assert_eq!(found("case x in a) cat <<A;; esac"), []);
        assert_eq!(found("if true; then cat <<A; fi"), []);
        assert_eq!(found("while read -r l; do cat <<A >>/x; done"), []);
        assert_eq!(found("(cat <<A; )"), []);
    }

    #[test]
    fn a_script_that_still_does_not_parse_keeps_its_errors() {
        // The errors are the shell's reading's: the `if` has no `fi`, the `;` is fine.
        let text = "cat <<'A' >/x; chmod +x /x\na\nA\nif true; then\n  echo\n";
        let parsed = read(text);
        assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
        assert_eq!(parsed.errors[0].range.slice(text), "if");
    }
}
