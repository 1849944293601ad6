//! Completion, offline: instruction keywords with snippets for their forms, flags and their
//! values (`--mount` types, then the keys of the chosen type; for `--chown` the users the file
//! creates, for `--chmod` and a mount's `mode` the usual permission bits, for HEALTHCHECK's
//! timings durations with the default first), stage names, variables in scope,
//! parser directives, stop signals, HEALTHCHECK's `CMD`/`NONE` and a curated list of base images
//! with their usual tags. Nothing is offered inside a heredoc body or a comment.
//!
//! The text before the cursor is read directly (continuation lines joined with the file's escape
//! character), because what is being typed is usually not a complete instruction yet; the model
//! supplies the facts: stages, declarations, heredocs, comments, directives.

use crate::analysis::config::Locale;
use crate::analysis::docs::{self, Label};
use crate::analysis::facts::Facts;
use crate::analysis::hover::stage_display_name;
use crate::analysis::model::{Args, Base, InstructionKind, Model};
use crate::analysis::reference::{self, Predefined, Values};
use crate::analysis::scope::{self, Origin, line_number};
use crate::syntax::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Keyword,
    Flag,
    /// A value from a closed set (`none`, `true`, `cache`).
    Value,
    /// A `--mount` key.
    Property,
    Stage,
    Variable,
    Image,
    Directive,
    Signal,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// One line shown next to the label.
    pub detail: Option<String>,
    /// The documentation topic (see [`docs::topic`]), filled in lazily by the client's resolve
    /// request.
    pub topic: Option<String>,
    /// What replaces `range`.
    pub insert: String,
    /// `insert` uses snippet syntax (`${1:name}`, `${1|a,b|}`).
    pub snippet: bool,
    /// The text the item replaces (the part of the word before the cursor, and after it).
    pub range: TextRange,
    /// What the client matches typed text against, when it differs from the label.
    pub filter: Option<String>,
}

impl CompletionItem {
    /// [`CompletionItem::insert`] as plain text, for clients without snippet support: each
    /// placeholder becomes its default (the first choice), tab stops disappear.
    pub fn plain_insert(&self) -> String {
        if self.snippet {
            snippet_to_plain(&self.insert)
        } else {
            self.insert.clone()
        }
    }
}

/// Completions at `offset` (a byte offset into `text`, the text `model` was built from).
/// `facts` (the scripts of the file's RUNs), when the caller has them, let `--chown=` offer the
/// users the file creates.
pub fn completion(
    model: &Model,
    facts: Option<&Facts>,
    text: &str,
    offset: usize,
    locale: Locale,
) -> Vec<CompletionItem> {
    let offset = crate::syntax::char_floor(text, offset);
    let cx = Cx {
        model,
        facts,
        text,
        offset,
        locale,
    };
    if cx.in_heredoc_body() {
        return Vec::new();
    }
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_prefix = &text[line_start..offset];
    let in_comment = model.comments.iter().any(|c| c.range.contains_inclusive(offset))
        || model.directives.iter().any(|d| d.range.contains_inclusive(offset))
        || line_prefix.trim_start().starts_with('#');
    if let Some(index) = cx.instruction_at() {
        if in_comment && line_prefix.trim_start().starts_with('#') {
            // A comment line inside a continued instruction.
            return Vec::new();
        }
        return cx.in_instruction(index);
    }
    if in_comment {
        return if cx.directives_allowed(line_start) {
            cx.directive_line(line_prefix)
        } else {
            Vec::new()
        };
    }
    let word = line_prefix.trim_start();
    if word.contains(char::is_whitespace) {
        return Vec::new();
    }
    let range = cx.word_range(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut items = cx.keywords(line_start, range, false);
    if word.is_empty() && cx.directives_allowed(line_start) {
        items.extend(cx.directive_items(range, true));
    }
    items
}

/// The top-level instruction the cursor is in and the logical text from its keyword to the
/// cursor (continuations joined); `None` in a heredoc body, on a comment line or outside every
/// instruction. Signature help reads the same context.
pub(crate) fn instruction_prefix(model: &Model, text: &str, offset: usize) -> Option<(usize, String)> {
    let offset = crate::syntax::char_floor(text, offset);
    let cx = Cx {
        model,
        facts: None,
        text,
        offset,
        locale: Locale::En,
    };
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    if cx.in_heredoc_body() || text[line_start..offset].trim_start().starts_with('#') {
        return None;
    }
    let index = cx.instruction_at()?;
    let start = model.instructions[index].range.start;
    Some((index, logical(text, start, offset, model.escape)))
}

struct Cx<'a> {
    model: &'a Model,
    facts: Option<&'a Facts>,
    text: &'a str,
    offset: usize,
    locale: Locale,
}

/// The snippets of an instruction's forms, in the order of the syntax lines of its docs; `None`
/// skips a form not worth offering (the deprecated `ENV key value`).
fn form_snippets(kind: InstructionKind) -> &'static [Option<&'static str>] {
    match kind {
        InstructionKind::Add => &[Some("${1:src} ${2:dest}"), Some("[\"${1:src}\", \"${2:dest}\"]")],
        InstructionKind::Arg => &[Some("${1:NAME}")],
        InstructionKind::Cmd => &[
            Some("[\"${1:executable}\", \"${2:param}\"]"),
            Some("[\"${1:param}\"]"),
            Some("${1:command}"),
        ],
        InstructionKind::Copy => &[Some("${1:src} ${2:dest}"), Some("[\"${1:src}\", \"${2:dest}\"]")],
        InstructionKind::Entrypoint => &[Some("[\"${1:executable}\", \"${2:param}\"]"), Some("${1:command}")],
        InstructionKind::Env => &[Some("${1:NAME}=${2:value}"), None],
        InstructionKind::Expose => &[Some("${1:80}")],
        InstructionKind::From => &[
            Some("${1:image}"),
            Some("${1:image}:${2:tag} AS ${3:name}"),
            Some("${1:image}@${2:digest}"),
        ],
        InstructionKind::Healthcheck => &[Some("CMD ${1:command}"), Some("NONE")],
        InstructionKind::Label => &[Some("${1:key}=\"${2:value}\"")],
        InstructionKind::Maintainer => &[None],
        InstructionKind::Onbuild => &[Some("${1:INSTRUCTION}")],
        InstructionKind::Run => &[Some("${1:command}"), Some("[\"${1:executable}\", \"${2:param}\"]")],
        InstructionKind::Shell => &[Some("[\"${1:/bin/sh}\", \"${2:-c}\"]")],
        InstructionKind::Stopsignal => &[Some("${1:SIGTERM}")],
        InstructionKind::User => &[Some("${1:user}"), Some("${1:uid}:${2:gid}")],
        InstructionKind::Volume => &[Some("[\"${1:/data}\"]"), Some("${1:/data}")],
        InstructionKind::Workdir => &[Some("${1:/app}")],
        InstructionKind::Unknown => &[],
    }
}

/// The logical text from `start` to `end`: continuation lines joined (the escape character and
/// the line break removed) and comment lines inside the continuation dropped, as BuildKit reads it.
fn logical(text: &str, start: usize, end: usize, escape: char) -> String {
    let mut out = String::new();
    let mut first = true;
    let mut rest = &text[start..end];
    while !rest.is_empty() {
        let (line, after, broke) = match rest.find(['\n', '\r']) {
            Some(i) => {
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                (&rest[..i], &rest[i + skip..], true)
            }
            None => (rest, "", false),
        };
        rest = after;
        let is_comment = !first && line.trim_start().starts_with('#');
        first = false;
        if is_comment {
            continue;
        }
        if broke {
            let trimmed = line.trim_end();
            match trimmed.strip_suffix(escape) {
                Some(joined) => out.push_str(joined),
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    !c.is_whitespace()
}

impl Cx<'_> {
    fn in_heredoc_body(&self) -> bool {
        let inside = |h: &crate::analysis::model::Heredoc| {
            let end = h.end.map_or(usize::MAX, |e| e.end);
            h.body.start <= self.offset && self.offset <= end
        };
        self.model.instructions.iter().any(|i| {
            let trigger = match &i.args {
                crate::analysis::model::Args::Onbuild(trigger) => trigger.heredocs.as_slice(),
                _ => &[],
            };
            i.heredocs.iter().chain(trigger).any(inside)
        })
    }

    /// The top-level instruction whose logical line the cursor is on: inside its range, after
    /// it on its last line (trailing spaces), or on a line its escape character continues to.
    fn instruction_at(&self) -> Option<usize> {
        self.model.instructions.iter().position(|i| {
            if i.range.start >= self.offset {
                return false;
            }
            let between = self.text.get(i.range.end.min(self.offset)..self.offset).unwrap_or("");
            if !between.contains(['\n', '\r']) {
                return true;
            }
            let continued = i.range.slice(self.text).trim_end().ends_with(self.model.escape);
            continued && between.trim().is_empty()
        })
    }

    /// The range of the word around the cursor, made of `is_part` characters.
    fn word_range(&self, is_part: impl Fn(char) -> bool) -> TextRange {
        let before = &self.text[..self.offset];
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_part(*c))
            .last()
            .map_or(self.offset, |(i, _)| i);
        let after = &self.text[self.offset..];
        let end = self.offset + after.find(|c: char| !is_part(c)).unwrap_or(after.len());
        TextRange::new(start, end)
    }

    /// From the last `stops` character (or whitespace) before the cursor to the cursor: the part
    /// of a value being typed, found in the source text (the logical line the context was read
    /// from may have joined a continuation inside it).
    fn back_to(&self, stops: &[char]) -> TextRange {
        let start = self.text[..self.offset]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace() || stops.contains(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        TextRange::new(start, self.offset)
    }

    /// Whether the file's keywords are mostly lower case.
    fn lower_case(&self, exclude: TextRange) -> bool {
        let (mut lower, mut upper) = (0, 0);
        for i in &self.model.instructions {
            if i.keyword.range == exclude || i.kind == InstructionKind::Unknown {
                continue;
            }
            if i.keyword.value.chars().all(|c| !c.is_ascii_uppercase()) {
                lower += 1;
            } else {
                upper += 1;
            }
        }
        lower > upper
    }

    fn case(&self, keyword: &str, lower: bool) -> String {
        if lower {
            keyword.to_ascii_lowercase()
        } else {
            keyword.to_string()
        }
    }

    /// A snippet or syntax line with its fixed keywords (`AS`, `CMD`, `NONE`) in the file's
    /// casing; placeholders and `[OPTIONS]` stay as they are.
    fn case_words(&self, text: &str, lower: bool) -> String {
        if !lower {
            return text.to_string();
        }
        text.split(' ')
            .map(|w| {
                if matches!(w, "AS" | "CMD" | "NONE") {
                    w.to_ascii_lowercase()
                } else {
                    w.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Keyword items. `trigger` restricts them to what ONBUILD accepts.
    fn keywords(&self, line_start: usize, range: TextRange, trigger: bool) -> Vec<CompletionItem> {
        let typed = range.slice(self.text);
        let others = self
            .model
            .instructions
            .iter()
            .any(|i| !i.keyword.range.contains_inclusive(self.offset) && i.kind != InstructionKind::Unknown);
        let lower = if others {
            self.lower_case(range)
        } else {
            !typed.is_empty() && typed.chars().all(|c| c.is_ascii_lowercase())
        };
        let before_from = !self
            .model
            .instructions
            .iter()
            .any(|i| i.kind == InstructionKind::From && i.range.start < line_start);
        // Retyping the keyword of an existing instruction keeps its arguments: insert only the
        // keyword, and offer one item per keyword.
        let rest_of_line = &self.text[range.end..];
        let arguments_follow = !rest_of_line[..rest_of_line.find(['\n', '\r']).unwrap_or(rest_of_line.len())]
            .trim()
            .is_empty();
        let mut items = Vec::new();
        for kind in InstructionKind::ALL {
            let allowed = match kind {
                InstructionKind::Maintainer => false,
                InstructionKind::Onbuild | InstructionKind::From if trigger => false,
                InstructionKind::From | InstructionKind::Arg => true,
                _ => !before_from || trigger,
            };
            if !allowed {
                continue;
            }
            let Some(topic) = reference::instruction_topic(kind) else {
                continue;
            };
            let keyword = self.case(kind.keyword(), lower);
            let summary = docs::summary(&topic, self.locale);
            let forms = docs::forms(&topic);
            for (i, snippet) in form_snippets(kind).iter().enumerate() {
                let Some(snippet) = snippet else { continue };
                if arguments_follow && i > 0 {
                    break;
                }
                let label = if i == 0 {
                    keyword.clone()
                } else {
                    forms
                        .get(i)
                        .map_or_else(|| keyword.clone(), |f| self.case_form(f, kind, lower))
                };
                items.push(CompletionItem {
                    label,
                    kind: CompletionKind::Keyword,
                    detail: summary.clone(),
                    topic: Some(topic.clone()),
                    insert: if arguments_follow {
                        keyword.clone()
                    } else {
                        format!("{keyword} {}", self.case_words(snippet, lower))
                    },
                    snippet: !arguments_follow,
                    range,
                    filter: (i > 0).then(|| keyword.clone()),
                });
            }
        }
        items
    }

    /// A syntax line of the docs with its keyword in the file's casing.
    fn case_form(&self, form: &str, kind: InstructionKind, lower: bool) -> String {
        match form.strip_prefix(kind.keyword()) {
            Some(rest) => format!("{}{}", self.case(kind.keyword(), lower), self.case_words(rest, lower)),
            None => form.to_string(),
        }
    }

    /// Parser directives are read only before the first instruction, comment or blank line.
    fn directives_allowed(&self, line_start: usize) -> bool {
        let before = &self.text[..line_start];
        before.lines().all(|l| {
            let t = l.trim();
            t.starts_with('#')
                && self
                    .model
                    .directives
                    .iter()
                    .any(|d| d.range.slice(self.text).trim() == t)
        })
    }

    fn directive_items(&self, range: TextRange, with_hash: bool) -> Vec<CompletionItem> {
        let present: Vec<_> = self.model.directives.iter().map(|d| d.kind).collect();
        reference::DIRECTIVES
            .iter()
            .filter(|(kind, _, _)| !present.contains(kind))
            .map(|(kind, name, value)| {
                let prefix = if with_hash { "# " } else { "" };
                CompletionItem {
                    label: format!("{prefix}{name}"),
                    kind: CompletionKind::Directive,
                    detail: Some(Label::DetailDirective.text(self.locale).to_string()),
                    topic: Some(reference::directive_topic(*kind).to_string()),
                    insert: format!("{prefix}{name}={value}"),
                    snippet: true,
                    range,
                    filter: None,
                }
            })
            .collect()
    }

    /// A `#` line at the top of the file: directive names, or the value of one.
    fn directive_line(&self, line_prefix: &str) -> Vec<CompletionItem> {
        let body = line_prefix.trim_start().trim_start_matches('#').trim_start();
        match body.split_once('=') {
            None if body.chars().all(|c| c.is_ascii_alphabetic()) => {
                let range = self.word_range(|c| c.is_ascii_alphabetic());
                self.directive_items(range, false)
            }
            None => Vec::new(),
            Some((name, value)) => {
                let values: &[&str] = match name.trim().to_ascii_lowercase().as_str() {
                    "syntax" => &["docker/dockerfile:1", "docker/dockerfile:1-labs"],
                    "escape" => &["\\", "`"],
                    "check" => &["skip=all", "error=true"],
                    _ => &[],
                };
                let range = TextRange::new(self.offset - value.len(), self.offset);
                values
                    .iter()
                    .map(|v| self.value_item(v, CompletionKind::Value, range, None))
                    .collect()
            }
        }
    }

    fn value_item(&self, value: &str, kind: CompletionKind, range: TextRange, topic: Option<String>) -> CompletionItem {
        CompletionItem {
            label: value.to_string(),
            kind,
            detail: None,
            topic,
            insert: value.to_string(),
            snippet: false,
            range,
            filter: None,
        }
    }

    fn in_instruction(&self, index: usize) -> Vec<CompletionItem> {
        let instruction = &self.model.instructions[index];
        let prefix = logical(self.text, instruction.range.start, self.offset, self.model.escape);
        let line_start = self.text[..instruction.range.start]
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1);
        self.after_keyword(index, &prefix, line_start, false)
    }

    /// `prefix` starts with a keyword (the instruction's, or an ONBUILD trigger's).
    fn after_keyword(&self, index: usize, prefix: &str, line_start: usize, trigger: bool) -> Vec<CompletionItem> {
        let Some(split) = prefix.find(char::is_whitespace) else {
            let range = self.word_range(|c| c.is_ascii_alphanumeric() || c == '_');
            return self.keywords(line_start, range, trigger);
        };
        let kind = InstructionKind::from_keyword(&prefix[..split]);
        let rest = prefix[split..].trim_start();
        if kind == InstructionKind::Onbuild && !trigger {
            return self.after_keyword(index, rest, line_start, true);
        }
        let mut tokens: Vec<&str> = rest.split_whitespace().collect();
        let current = if rest.is_empty() || rest.ends_with(char::is_whitespace) {
            ""
        } else {
            tokens.pop().unwrap_or("")
        };
        if let Some(items) = self.variables(index, current) {
            return items;
        }
        let flags_so_far: Vec<&str> = tokens
            .iter()
            .take_while(|t| t.starts_with("--"))
            .map(|t| t.trim_start_matches('-').split('=').next().unwrap_or(""))
            .collect();
        let positional = &tokens[flags_so_far.len()..];
        let in_flag_zone = positional.is_empty();
        let mut items = Vec::new();
        if in_flag_zone && current.starts_with('-') {
            if let Some((name, value)) = current.trim_start_matches('-').split_once('=') {
                return self.flag_value(index, kind, name, value);
            }
            return self.flag_names(index, kind, &flags_so_far);
        }
        if in_flag_zone && current.is_empty() {
            items.extend(self.flag_names(index, kind, &flags_so_far));
        }
        items.extend(self.positional(index, kind, positional, current));
        items
    }

    fn flag_names(&self, index: usize, kind: InstructionKind, so_far: &[&str]) -> Vec<CompletionItem> {
        let instruction = &self.model.instructions[index];
        let present = |name: &str| {
            so_far.contains(&name)
                || instruction
                    .flags
                    .iter()
                    .any(|f| f.name.value == name && !f.range.contains_inclusive(self.offset))
        };
        // Only the name is replaced; when a value already follows, only the name is inserted.
        let start = self.word_range(is_word_char).start;
        let end = self.word_range(|c| c == '-' || c.is_ascii_alphanumeric()).end;
        let range = TextRange::new(start.min(self.offset), end);
        let has_value = self.text[end..].starts_with('=');
        reference::flags(kind)
            .iter()
            .filter(|f| f.repeatable || !present(f.name))
            .map(|f| {
                let topic = format!("flags/{}", f.name);
                let snippet = f.snippet().filter(|_| !has_value);
                let bare = snippet.is_none();
                let insert = match snippet {
                    Some(snippet) => format!("--{}={snippet}", f.name),
                    None => format!("--{}", f.name),
                };
                CompletionItem {
                    label: format!("--{}", f.name),
                    kind: CompletionKind::Flag,
                    detail: docs::summary(&topic, self.locale),
                    topic: Some(topic),
                    insert,
                    snippet: !bare,
                    range,
                    filter: None,
                }
            })
            .collect()
    }

    fn flag_value(&self, index: usize, kind: InstructionKind, name: &str, value: &str) -> Vec<CompletionItem> {
        let Some(info) = reference::flag_info(kind, name) else {
            return Vec::new();
        };
        let range = self.back_to(&['=']);
        match info.values {
            Values::Bool => self.choices(reference::BOOL, range, None),
            Values::Choice(choices) => self.choices(choices, range, Some(format!("flags/{name}"))),
            Values::Platform => reference::PLATFORMS
                .iter()
                .map(|p| {
                    let topic = p.strip_prefix('$').and_then(reference::arg_topic);
                    CompletionItem {
                        detail: topic.as_deref().and_then(|t| docs::summary(t, self.locale)),
                        ..self.value_item(p, CompletionKind::Value, range, topic)
                    }
                })
                .collect(),
            Values::Stage => self.stages(index, range, true),
            Values::Mount => self.mount(index, value),
            Values::User => self.users(index, range),
            Values::Mode => self.modes(range),
            Values::Duration => {
                // The flag's default first: it is what an unset flag means.
                let default = info.placeholder.trim_start_matches("${1:").trim_end_matches('}');
                std::iter::once(default)
                    .chain(reference::DURATIONS.iter().copied().filter(|d| *d != default))
                    .map(|d| self.value_item(d, CompletionKind::Value, range, Some(format!("flags/{name}"))))
                    .collect()
            }
            Values::Number | Values::Free => Vec::new(),
        }
    }

    fn modes(&self, range: TextRange) -> Vec<CompletionItem> {
        reference::MODES
            .iter()
            .map(|(mode, reads)| CompletionItem {
                detail: Some((*reads).to_owned()),
                ..self.value_item(mode, CompletionKind::Value, range, None)
            })
            .collect()
    }

    /// For `--chown=`: the users an earlier `RUN` of this stage (or a stage it is built on)
    /// creates (`useradd`, `adduser`) as `name` and `name:name` (both create the user's own
    /// group by default), the groups it creates, the users an earlier `USER` names, then `root`.
    fn users(&self, index: usize, range: TextRange) -> Vec<CompletionItem> {
        let mut created: Vec<String> = Vec::new();
        let mut groups: Vec<String> = Vec::new();
        let mut named: Vec<String> = Vec::new();
        let chain = self
            .model
            .stage_of(index)
            .map(|s| self.model.stage_chain(s))
            .unwrap_or_default();
        let earlier = self.model.instructions[..index.min(self.model.instructions.len())]
            .iter()
            .enumerate()
            .filter(|(i, _)| self.model.stage_of(*i).is_some_and(|s| chain.contains(&s)));
        for (_, instruction) in earlier {
            match instruction.kind {
                InstructionKind::User => {
                    if let Args::Words(words) = &instruction.args
                        && let Some(user) = words.first()
                    {
                        named.push(user.raw.clone());
                    }
                }
                InstructionKind::Run => {
                    let Some(script) = self.facts.and_then(|f| f.script(instruction)) else {
                        continue;
                    };
                    for (programs, into) in [
                        (&["useradd", "adduser"][..], &mut created),
                        (&["groupadd", "addgroup"][..], &mut groups),
                    ] {
                        for program in programs {
                            for command in script.commands_running(program) {
                                // The name is the last operand (`useradd -u 1000 app`).
                                if let Some(name) = command.operands().last().map(|w| w.value.as_str())
                                    && !name.is_empty()
                                    && !name.starts_with('-')
                                {
                                    into.push(name.to_owned());
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        let mut labels: Vec<String> = Vec::new();
        for user in &created {
            labels.push(user.clone());
            labels.push(format!("{user}:{user}"));
        }
        labels.extend(groups.iter().map(|g| format!("root:{g}")));
        labels.extend(named);
        labels.extend(["root".to_owned(), "root:root".to_owned()]);
        let mut seen = std::collections::HashSet::new();
        labels
            .into_iter()
            .filter(|l| seen.insert(l.clone()))
            .map(|l| self.value_item(&l, CompletionKind::Value, range, Some("flags/chown".to_owned())))
            .collect()
    }

    fn choices(&self, choices: &[&str], range: TextRange, topic: Option<String>) -> Vec<CompletionItem> {
        choices
            .iter()
            .map(|c| self.value_item(c, CompletionKind::Value, range, topic.clone()))
            .collect()
    }

    /// Inside `--mount=<value>`: the types first, then the keys of the chosen type, and values of
    /// the key being written.
    fn mount(&self, index: usize, value: &str) -> Vec<CompletionItem> {
        let fields = reference::mount_fields(value);
        let Some((current, earlier)) = fields.split_last() else {
            return Vec::new();
        };
        let chosen = earlier
            .iter()
            .rev()
            .find(|f| f.key.eq_ignore_ascii_case("type"))
            .and_then(|f| f.value)
            .map(|(v, _)| v);
        if current.value.is_some() {
            let range = self.back_to(&['=']);
            let key = current.key.to_ascii_lowercase();
            if key == "type" {
                return reference::MOUNT_TYPES
                    .iter()
                    .map(|t| {
                        let topic = reference::mount_type_topic(t.name);
                        CompletionItem {
                            detail: topic.as_deref().and_then(|k| docs::summary(k, self.locale)),
                            ..self.value_item(t.name, CompletionKind::Value, range, topic)
                        }
                    })
                    .collect();
            }
            let mount_type = chosen.unwrap_or("bind");
            return match reference::mount_key(mount_type, &key).map(|k| k.values) {
                Some(Values::Choice(choices)) => {
                    self.choices(choices, range, reference::mount_key_topic(mount_type, &key))
                }
                Some(Values::Stage) => self.stages(index, range, true),
                Some(Values::Mode) => self.modes(range),
                _ => Vec::new(),
            };
        }
        let range = self.back_to(&['=', ',']);
        // Without `type=` the mount is a bind mount; offer the types until something is written.
        let mount_type = match chosen {
            Some(t) => t,
            None if !earlier.is_empty() => "bind",
            None => {
                return self.mount_types(range);
            }
        };
        let Some(keys) = reference::mount_keys(mount_type) else {
            return Vec::new();
        };
        let present = |k: &reference::MountKey| {
            earlier.iter().any(|f| {
                let name = f.key.to_ascii_lowercase();
                k.name == name || k.aliases.contains(&name.as_str())
            })
        };
        let mut items = if chosen.is_none() {
            self.mount_types(range)
        } else {
            Vec::new()
        };
        items.extend(keys.iter().filter(|k| !present(k)).map(|k| {
            let topic = reference::mount_key_topic(mount_type, k.name);
            let (insert, snippet) = match k.values {
                _ if k.flag_like => (k.name.to_string(), false),
                Values::Choice(choices) => (format!("{}=${{1|{}|}}", k.name, choices.join(",")), true),
                _ => (format!("{}=", k.name), false),
            };
            CompletionItem {
                label: k.name.to_string(),
                kind: CompletionKind::Property,
                detail: topic.as_deref().and_then(|t| docs::summary(t, self.locale)),
                topic,
                insert,
                snippet,
                range,
                filter: None,
            }
        }));
        items
    }

    fn mount_types(&self, range: TextRange) -> Vec<CompletionItem> {
        reference::MOUNT_TYPES
            .iter()
            .map(|t| {
                let topic = reference::mount_type_topic(t.name);
                CompletionItem {
                    label: format!("type={}", t.name),
                    insert: format!("type={}", t.name),
                    detail: topic.as_deref().and_then(|k| docs::summary(k, self.locale)),
                    ..self.value_item(t.name, CompletionKind::Value, range, topic)
                }
            })
            .collect()
    }

    /// Stages defined before instruction `index`; `exclude_own` leaves out the stage the
    /// instruction belongs to (a stage cannot copy from itself).
    fn stages(&self, index: usize, range: TextRange, exclude_own: bool) -> Vec<CompletionItem> {
        let own = self.model.stages.iter().rposition(|s| s.from <= index);
        self.model
            .stages
            .iter()
            .enumerate()
            .filter(|(i, s)| s.from < index && !(exclude_own && Some(*i) == own))
            .map(|(i, s)| {
                let label = s.name.as_ref().map_or_else(|| i.to_string(), |n| n.value.clone());
                let line = self
                    .model
                    .instructions
                    .get(s.from)
                    .map_or(0, |f| line_number(self.text, f.range.start));
                let base = match &s.base {
                    Base::Image { resolved, .. } => resolved.clone(),
                    Base::Stage(parent) => stage_display_name(self.model, *parent),
                    Base::Scratch => "scratch".to_string(),
                };
                let detail = format!(
                    "{} · {base}",
                    Label::DetailStage.fill(self.locale, &[("line", &line.to_string())])
                );
                CompletionItem {
                    detail: Some(detail),
                    ..self.value_item(&label, CompletionKind::Stage, range, None)
                }
            })
            .collect()
    }

    fn positional(&self, index: usize, kind: InstructionKind, before: &[&str], current: &str) -> Vec<CompletionItem> {
        let range = self.word_range(is_word_char);
        match (kind, before.len()) {
            (InstructionKind::From, 0) => self.images(index, current),
            (InstructionKind::From, 1) => {
                let lower = self.lower_case(TextRange::empty(usize::MAX));
                let keyword = if lower { "as" } else { "AS" };
                vec![CompletionItem {
                    detail: Some(Label::DetailStageAlias.text(self.locale).to_string()),
                    insert: format!("{keyword} ${{1:name}}"),
                    snippet: true,
                    ..self.value_item(keyword, CompletionKind::Keyword, range, None)
                }]
            }
            (InstructionKind::Stopsignal, 0) => reference::SIGNALS
                .iter()
                .map(|(name, number)| CompletionItem {
                    detail: Some(Label::DetailSignal.fill(self.locale, &[("number", &number.to_string())])),
                    ..self.value_item(
                        name,
                        CompletionKind::Signal,
                        range,
                        Some("instructions/stopsignal".to_string()),
                    )
                })
                .collect(),
            (InstructionKind::Healthcheck, 0) => {
                let lower = self.lower_case(TextRange::empty(usize::MAX));
                [
                    ("CMD", Label::DetailHealthcheckCmd, " ${1:command}"),
                    ("NONE", Label::DetailHealthcheckNone, ""),
                ]
                .into_iter()
                .map(|(word, label, rest)| {
                    let word = self.case(word, lower);
                    CompletionItem {
                        detail: Some(label.text(self.locale).to_string()),
                        insert: format!("{word}{rest}"),
                        snippet: !rest.is_empty(),
                        ..self.value_item(
                            &word,
                            CompletionKind::Keyword,
                            range,
                            Some("instructions/healthcheck".to_string()),
                        )
                    }
                })
                .collect()
            }
            _ => Vec::new(),
        }
    }

    /// After `FROM `: earlier stages, then the curated base images; after `image:`, its tags.
    fn images(&self, index: usize, current: &str) -> Vec<CompletionItem> {
        let range = self.word_range(is_word_char);
        if let Some((name, tag)) = current.rsplit_once(':')
            && !tag.contains('/')
        {
            let tag_range = self.back_to(&[':']);
            let Some(image) = reference::base_image(name) else {
                return Vec::new();
            };
            return image
                .tags
                .iter()
                .map(|t| CompletionItem {
                    detail: Some(Label::DetailTag.fill(self.locale, &[("image", image.name)])),
                    ..self.value_item(
                        t,
                        CompletionKind::Value,
                        tag_range,
                        Some(format!("images/{}", image.topic)),
                    )
                })
                .collect();
        }
        let mut items = self.stages(index, range, false);
        items.extend(reference::BASE_IMAGES.iter().map(|image| CompletionItem {
            detail: Some(Label::DetailBaseImage.text(self.locale).to_string()),
            ..self.value_item(
                image.name,
                CompletionKind::Image,
                range,
                Some(format!("images/{}", image.topic)),
            )
        }));
        items
    }

    /// After `$` or `${`: the variables in scope, with their values.
    fn variables(&self, index: usize, current: &str) -> Option<Vec<CompletionItem>> {
        let dollar = current.rfind('$')?;
        let after = &current[dollar + 1..];
        let (braced, name) = match after.strip_prefix('{') {
            Some(name) => (true, name),
            None => (false, after),
        };
        if !name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) {
            return None;
        }
        let start = self.back_to(&['$', '{']).start;
        let after_cursor = &self.text[self.offset..];
        let end = self.offset
            + after_cursor
                .find(|c: char| c != '_' && !c.is_ascii_alphanumeric())
                .unwrap_or(after_cursor.len());
        let close = braced && !self.text[end..].starts_with('}');
        let instruction_start = self.model.instructions[index].range.start;
        let scope = scope::scope_at(self.model, instruction_start);
        let mut bindings = scope.bindings();
        // What this file declares first, then what the builder predefines.
        bindings.sort_by_key(|b| matches!(b.origin, Origin::Predefined(_)));
        Some(
            bindings
                .into_iter()
                .map(|b| {
                    let detail = match (&b.value, &b.origin) {
                        (Some(v), _) => format!("= {v}"),
                        (None, Origin::Predefined(Predefined::Proxy)) => Label::VarProxy.text(self.locale).to_string(),
                        (None, Origin::Predefined(_)) => Label::VarSetByBuilder.text(self.locale).to_string(),
                        (None, _) => Label::VarNoDefault.text(self.locale).to_string(),
                    };
                    CompletionItem {
                        label: b.name.clone(),
                        kind: CompletionKind::Variable,
                        detail: Some(detail),
                        topic: reference::arg_topic(&b.name),
                        insert: if close { format!("{}}}", b.name) } else { b.name.clone() },
                        snippet: false,
                        range: TextRange::new(start, end),
                        filter: None,
                    }
                })
                .collect(),
        )
    }
}

/// Replaces snippet placeholders with their defaults: `${1:x}` → `x`, `${1|a,b|}` → `a`, `$1` →
/// nothing, `\$` → `$`.
fn snippet_to_plain(snippet: &str) -> String {
    let mut out = String::new();
    plain(&mut snippet.chars().peekable(), &mut out, false);
    out
}

/// Copies snippet text to `out` with placeholders replaced by their defaults; inside a
/// placeholder (`nested`), stops after its closing brace.
fn plain(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, out: &mut String, nested: bool) {
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '}' if nested => return,
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                while chars.next_if(char::is_ascii_digit).is_some() {}
                match chars.next() {
                    Some(':') => plain(chars, out, true),
                    Some('|') => {
                        // The first choice is the default; the others are skipped.
                        let mut first = true;
                        while let Some(n) = chars.next() {
                            match n {
                                '\\' => {
                                    let escaped = chars.next();
                                    if first {
                                        out.extend(escaped);
                                    }
                                }
                                ',' => first = false,
                                '|' if chars.peek() == Some(&'}') => {
                                    chars.next();
                                    break;
                                }
                                _ if first => out.push(n),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            '$' if chars.peek().is_some_and(char::is_ascii_digit) => {
                while chars.next_if(char::is_ascii_digit).is_some() {}
            }
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(snippet_to_plain("RUN ${1:command}"), "RUN command");
        assert_eq!(
            snippet_to_plain("--network=${1|default,none,host|}"),
            "--network=default"
        );
        assert_eq!(snippet_to_plain("CMD [\"${1:executable}\"]$0"), "CMD [\"executable\"]");
        assert_eq!(snippet_to_plain("escape=${1|\\\\,`|}"), "escape=\\");
        assert_eq!(snippet_to_plain("${1|a\\,b,c|} ${2:x ${3:y}} \\$5"), "a,b x y $5");
    }

    #[test]
    fn logical_lines_join_continuations_and_drop_comments() {
        let text = "RUN --mount=type=cache \\\n# note\n    --net";
        assert_eq!(logical(text, 0, text.len(), '\\'), "RUN --mount=type=cache     --net");
        let text = "RUN a `\r\n  b";
        assert_eq!(logical(text, 0, text.len(), '`'), "RUN a   b");
    }
}
