//! Hover: the documentation of what is under the cursor (an instruction, a flag or its value, a
//! `--mount` key, a parser directive, a suppressed rule), or what it means in this file (a
//! variable's value and origin, a stage, the parts of an image reference, an exposed port). The
//! rule documentation of diagnostics comes from [`diagnostic_hover`].

use crate::analysis::config::{Config, Locale};
use crate::analysis::diagnostic::Diagnostic;
use crate::analysis::docs::{self, Label};
use crate::analysis::model::{Args, Base, DirectiveKind, ImageRef, Instruction, InstructionKind, Model};
use crate::analysis::reference::{self, Predefined};
use crate::analysis::rules;
use crate::analysis::scope::{self, Binding, Origin, Scope, line_number};
use crate::syntax::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// What the hover is about; editors highlight it.
    pub range: TextRange,
    pub markdown: String,
}

/// The hover at `offset` (a byte offset into `text`, the text `model` was built from).
pub fn hover(model: &Model, text: &str, offset: usize, locale: Locale) -> Option<Hover> {
    hover_in(
        model,
        text,
        offset,
        &Config {
            locale,
            ..Config::default()
        },
    )
}

/// [`hover`] under `config`: in its locale, and knowing its custom rules (a suppression comment
/// may name one).
pub fn hover_in(model: &Model, text: &str, offset: usize, config: &Config) -> Option<Hover> {
    let offset = crate::syntax::char_floor(text, offset);
    let cx = Cx {
        model,
        text,
        locale: config.locale,
        config,
    };
    if let Some(h) = cx.directive(offset) {
        return Some(h);
    }
    if let Some(comment) = model.comments.iter().find(|c| c.range.contains_inclusive(offset)) {
        return cx.suppression(comment.range, offset);
    }
    let (index, top) = model
        .instructions
        .iter()
        .enumerate()
        .find(|(_, i)| i.range.contains_inclusive(offset))?;
    cx.instruction(index, top, offset)
}

/// The documentation of the rules whose diagnostics cover `offset`.
pub fn diagnostic_hover(diagnostics: &[Diagnostic], offset: usize, locale: Locale) -> Option<Hover> {
    diagnostic_hover_in(
        diagnostics,
        offset,
        &Config {
            locale,
            ..Config::default()
        },
    )
}

/// [`diagnostic_hover`] under `config`, whose custom rules' findings it documents too.
pub fn diagnostic_hover_in(diagnostics: &[Diagnostic], offset: usize, config: &Config) -> Option<Hover> {
    let locale = config.locale;
    let mut range: Option<TextRange> = None;
    let mut seen: Vec<&str> = Vec::new();
    let mut parts = Vec::new();
    for d in diagnostics.iter().filter(|d| d.range.contains_inclusive(offset)) {
        if seen.contains(&d.rule) {
            continue;
        }
        seen.push(d.rule);
        let Some(rule) = rules::find_in(config, d.rule) else {
            continue;
        };
        range = Some(range.map_or(d.range, |r| r.cover(d.range)));
        parts.push(rule_markdown(rule, locale));
    }
    Some(Hover {
        range: range?,
        markdown: parts.join("\n\n---\n\n"),
    })
}

fn rule_markdown(rule: &rules::Rule, locale: Locale) -> String {
    let docs = match locale {
        Locale::En => rule.docs.en,
        Locale::ZhHans => rule.docs.zh,
    };
    format!(
        "**{}**\n\n{}",
        Label::RuleTitle.fill(locale, &[("rule", rule.id)]),
        docs.trim()
    )
}

struct Cx<'a> {
    model: &'a Model,
    text: &'a str,
    locale: Locale,
    config: &'a Config,
}

impl Cx<'_> {
    fn topic(&self, key: &str, range: TextRange) -> Option<Hover> {
        docs::topic(key, self.locale).map(|md| Hover {
            range,
            markdown: md.trim_end().to_string(),
        })
    }

    fn line(&self, offset: usize) -> String {
        line_number(self.text, offset).to_string()
    }

    fn directive(&self, offset: usize) -> Option<Hover> {
        let d = self
            .model
            .directives
            .iter()
            .find(|d| d.range.contains_inclusive(offset))?;
        if d.kind == DirectiveKind::Check
            && d.value.range.contains_inclusive(offset)
            && let Some(h) = self.suppression(d.value.range, offset)
        {
            return Some(h);
        }
        self.topic(reference::directive_topic(d.kind), d.range)
    }

    /// A rule named in a suppression comment (`# dockerfile-lsp ignore=...`, `# hadolint
    /// ignore=...`, `# check=skip=...`).
    fn suppression(&self, within: TextRange, offset: usize) -> Option<Hover> {
        let line = within.slice(self.text);
        if !(line.contains("ignore=") || line.contains("skip=")) {
            return None;
        }
        // Custom rule ids are `namespace/name`.
        let is_name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.');
        let name = crate::syntax::run_around(self.text, within, offset, |c| !is_name(c))?;
        let rule = rules::find_in(self.config, name.slice(self.text))?;
        Some(Hover {
            range: name,
            markdown: rule_markdown(rule, self.locale),
        })
    }

    fn instruction(&self, index: usize, instruction: &Instruction, offset: usize) -> Option<Hover> {
        if instruction.keyword.range.contains_inclusive(offset) {
            return self.topic(
                &reference::instruction_topic(instruction.kind)?,
                instruction.keyword.range,
            );
        }
        if let Args::Onbuild(trigger) = &instruction.args
            && trigger.range.contains_inclusive(offset)
        {
            return self.instruction(index, trigger, offset);
        }
        // A variable is more specific than the flag or word it is written in.
        if let Some(h) = self.variable(index, instruction, offset) {
            return Some(h);
        }
        if let Some(flag) = instruction.flags.iter().find(|f| f.range.contains_inclusive(offset)) {
            return self.flag(instruction, flag, offset);
        }
        if let Args::Healthcheck { keyword, .. } = &instruction.args
            && keyword.range.contains_inclusive(offset)
        {
            return self.topic("instructions/healthcheck", keyword.range);
        }
        match instruction.kind {
            InstructionKind::From => self.base_or_stage_name(instruction, offset),
            InstructionKind::Expose => self.port(index, instruction, offset),
            _ => None,
        }
    }

    fn flag(&self, instruction: &Instruction, flag: &crate::analysis::model::Flag, offset: usize) -> Option<Hover> {
        let name = flag.name.value.as_str();
        let topic = reference::flag_topic(instruction.kind, name)?;
        if let Some(value) = flag.value.as_ref().filter(|v| v.range.contains_inclusive(offset)) {
            let info = reference::flag_info(instruction.kind, name)?;
            match info.values {
                reference::Values::Mount => {
                    if let Some(h) = self.mount_field(&value.value, value.range, offset) {
                        return Some(h);
                    }
                }
                reference::Values::Stage => {
                    if let Some(h) = self.stage_or_image_ref(&value.value, value.range, instruction.range.start) {
                        return Some(h);
                    }
                }
                _ => {}
            }
        }
        self.topic(&topic, flag.range)
    }

    /// A key or value inside `--mount=...`. Offsets into the value are only exact when the
    /// value is written as one piece; a value with quotes or continuations gets the flag's docs.
    fn mount_field(&self, value: &str, range: TextRange, offset: usize) -> Option<Hover> {
        if range.slice(self.text) != value {
            return None;
        }
        let mount_type = reference::mount_type_of(value);
        let rel = offset - range.start;
        for field in reference::mount_fields(value) {
            let key_range = TextRange::new(
                range.start + field.key_start,
                range.start + field.key_start + field.key.len(),
            );
            let value_range = field
                .value
                .map(|(v, at)| TextRange::new(range.start + at, range.start + at + v.len()));
            let field_end = value_range.map_or(key_range.end, |r| r.end);
            if !(field.key_start <= rel && range.start + rel <= field_end) {
                continue;
            }
            let key = field.key.to_ascii_lowercase();
            if key == "type" {
                return self.topic(&reference::mount_type_topic(mount_type)?, key_range.cover(value_range?));
            }
            if key == "from"
                && let Some((v, _)) = field.value
                && let Some(vr) = value_range.filter(|r| r.contains_inclusive(offset))
                && let Some(h) = self.stage_or_image_ref(v, vr, range.start)
            {
                return Some(h);
            }
            let whole = value_range.map_or(key_range, |r| key_range.cover(r));
            return self.topic(&reference::mount_key_topic(mount_type, &key)?, whole);
        }
        None
    }

    /// `--from=<stage|image>`: the stage it names, else the image reference.
    fn stage_or_image_ref(&self, value: &str, range: TextRange, before: usize) -> Option<Hover> {
        if let Some(stage) = find_stage(self.model, value, before) {
            return Some(self.stage(stage, range));
        }
        if value.contains('$') || value.is_empty() {
            return None;
        }
        let parts = Parts::split(value)?;
        Some(Hover {
            range,
            markdown: self.image_markdown(value, &parts, None),
        })
    }

    fn base_or_stage_name(&self, instruction: &Instruction, offset: usize) -> Option<Hover> {
        let stage_index = self.model.stages.iter().position(|s| {
            self.model
                .instructions
                .get(s.from)
                .is_some_and(|i| i.range == instruction.range)
        })?;
        let stage = &self.model.stages[stage_index];
        if let Some(name) = stage.name.as_ref().filter(|n| n.range.contains_inclusive(offset)) {
            return Some(self.stage(stage_index, name.range));
        }
        let Args::Words(words) = &instruction.args else {
            return None;
        };
        let word = words.first().filter(|w| w.range.contains_inclusive(offset))?;
        match &stage.base {
            Base::Stage(parent) => Some(self.stage(*parent, word.range)),
            Base::Scratch => self.topic("images/scratch", word.range),
            Base::Image {
                written,
                resolved,
                image,
            } => {
                let parts = match image {
                    Some(image) => Parts::from_ref(image),
                    None => Parts::split(resolved)?,
                };
                let shown_resolved = (written.value != *resolved).then_some(resolved.as_str());
                Some(Hover {
                    range: word.range,
                    markdown: self.image_markdown(&written.value, &parts, shown_resolved),
                })
            }
        }
    }

    fn stage(&self, index: usize, range: TextRange) -> Hover {
        let locale = self.locale;
        let stage = &self.model.stages[index];
        let index_text = index.to_string();
        let title = match &stage.name {
            Some(name) => Label::StageTitle.fill(locale, &[("name", &name.value)]),
            None => Label::StageTitleUnnamed.fill(locale, &[("index", &index_text)]),
        };
        let from_offset = self.model.instructions.get(stage.from).map_or(0, |i| i.range.start);
        let mut md = format!(
            "**{title}**\n\n{}",
            Label::StageDefined.fill(locale, &[("line", &self.line(from_offset)), ("index", &index_text)])
        );
        let base = match &stage.base {
            Base::Stage(parent) => {
                let parent_name = stage_display_name(self.model, *parent);
                Label::StageBaseStage.fill(locale, &[("name", &parent_name)])
            }
            Base::Scratch => Label::StageBaseScratch.text(locale).to_string(),
            Base::Image { resolved, .. } => Label::StageBaseImage.fill(locale, &[("image", resolved)]),
        };
        md.push_str("\n\n");
        md.push_str(&base);
        Hover { range, markdown: md }
    }

    fn image_markdown(&self, written: &str, parts: &Parts, resolved: Option<&str>) -> String {
        let locale = self.locale;
        let implicit = |label: Label| format!(" *({})*", label.text(locale));
        let mut md = format!("**{}**\n\n", Label::ImageTitle.fill(locale, &[("reference", written)]));
        let mut item = |label: Label, value: &str, note: String| {
            md.push_str(&format!("- **{}** `{value}`{note}\n", label.text(locale)));
        };
        match &parts.registry {
            Some(r) => item(Label::ImageRegistry, r, String::new()),
            None => item(
                Label::ImageRegistry,
                "docker.io",
                implicit(Label::ImageImplicitRegistry),
            ),
        }
        match (&parts.namespace, parts.registry_is_docker_hub()) {
            (Some(ns), _) => item(Label::ImageNamespace, ns, String::new()),
            (None, true) => item(
                Label::ImageNamespace,
                "library",
                implicit(Label::ImageImplicitNamespace),
            ),
            (None, false) => {}
        }
        item(Label::ImageRepository, &parts.repository, String::new());
        match (&parts.tag, &parts.digest) {
            (Some(tag), _) => item(Label::ImageTag, tag, String::new()),
            (None, None) => item(Label::ImageTag, "latest", implicit(Label::ImageImplicitTag)),
            (None, Some(_)) => {}
        }
        if let Some(digest) = &parts.digest {
            item(Label::ImageDigest, digest, String::new());
        }
        item(Label::ImageFull, &parts.full(), String::new());
        if parts.digest.is_some() && parts.tag.is_some() {
            md.push_str(&format!("\n{}\n", Label::ImageDigestPins.text(locale)));
        }
        if let Some(resolved) = resolved {
            md.push_str(&format!(
                "\n{}\n",
                Label::ImageResolved.fill(locale, &[("resolved", resolved)])
            ));
        }
        let name = match &parts.registry {
            Some(r) => format!("{r}/{}", parts.path()),
            None => parts.path(),
        };
        if let Some(summary) =
            reference::base_image(&name).and_then(|i| docs::summary(&format!("images/{}", i.topic), locale))
        {
            md.push_str(&format!("\n---\n\n{summary}\n"));
        }
        md.trim_end().to_string()
    }

    fn port(&self, index: usize, instruction: &Instruction, offset: usize) -> Option<Hover> {
        let Args::Words(words) = &instruction.args else {
            return None;
        };
        let word = words.iter().find(|w| w.range.contains_inclusive(offset))?;
        let value = if word.value.contains('$') {
            let scope = scope::scope_at(self.model, index_start(self.model, index));
            scope::expand(&word.raw, self.model.escape, |n| scope.get(n).and_then(|b| b.value))?
        } else {
            word.value.clone()
        };
        let (ports, protocol) = match value.split_once('/') {
            Some((p, proto)) => (p, Some(proto)),
            None => (value.as_str(), None),
        };
        let locale = self.locale;
        let (first, last) = match ports.split_once('-') {
            Some((a, b)) => (a.parse::<u16>().ok()?, Some(b.parse::<u16>().ok()?)),
            None => (ports.parse::<u16>().ok()?, None),
        };
        let title = match last {
            Some(last) => {
                Label::PortRangeTitle.fill(locale, &[("start", &first.to_string()), ("end", &last.to_string())])
            }
            None => Label::PortTitle.fill(locale, &[("port", &first.to_string())]),
        };
        let mut md = format!("**{title}**\n\n");
        md.push_str(&match protocol {
            Some(p) => Label::PortProtocol.fill(locale, &[("protocol", &p.to_ascii_lowercase())]),
            None => Label::PortProtocolDefault.text(locale).to_string(),
        });
        if last.is_none()
            && let Some((_, service)) = reference::WELL_KNOWN_PORTS.iter().find(|(p, _)| *p == first)
        {
            md.push_str("\n\n");
            md.push_str(&Label::PortService.fill(locale, &[("service", service)]));
        }
        md.push_str("\n\n");
        md.push_str(&Label::PortNote.fill(locale, &[("port", ports)]));
        Some(Hover {
            range: word.range,
            markdown: md,
        })
    }

    fn variable(&self, index: usize, instruction: &Instruction, offset: usize) -> Option<Hover> {
        // A declaration: `ARG NAME=...`, `ENV NAME=...`.
        if matches!(instruction.kind, InstructionKind::Arg | InstructionKind::Env)
            && let Args::KeyValues(kvs) = &instruction.args
            && let Some(kv) = kvs.iter().find(|kv| kv.key.range.contains_inclusive(offset))
            && self
                .model
                .instructions
                .get(index)
                .is_some_and(|i| i.range == instruction.range)
        {
            let scope = scope::scope_after(self.model, index);
            let binding = scope.get(&kv.key.value).filter(|b| match &b.origin {
                Origin::Arg { decl, .. } | Origin::Env { decl } => *decl == kv.key.range,
                Origin::Predefined(_) => true,
            });
            return Some(match binding {
                Some(b) => self.binding_hover(&b, kv.key.range),
                // Shadowed by an ENV of the same name, or a platform argument: describe the
                // declaration itself.
                None => self.unbound_hover(&kv.key.value, kv.key.range, &scope),
            });
        }
        let (name, range) = instruction
            .vars
            .iter()
            .find(|v| v.range.contains_inclusive(offset))
            .map(|v| (v.name.value.clone(), v.range))
            .or_else(|| var_ref_at(self.text, instruction.range, offset))?;
        let scope = scope::scope_at(self.model, index_start(self.model, index));
        Some(match scope.get(&name) {
            Some(b) => self.binding_hover(&b, range),
            None => self.unbound_hover(&name, range, &scope),
        })
    }

    fn binding_hover(&self, b: &Binding, range: TextRange) -> Hover {
        let locale = self.locale;
        let name = b.name.as_str();
        let title = match &b.origin {
            Origin::Arg { .. } => Label::VarArg,
            Origin::Env { .. } => Label::VarEnv,
            Origin::Predefined(_) => Label::VarPredefined,
        }
        .fill(locale, &[("name", name)]);
        let mut lines = vec![format!("**{title}**")];
        match (&b.value, &b.origin) {
            (Some(v), _) if v.is_empty() => lines.push(Label::VarEmpty.text(locale).to_string()),
            (Some(v), _) => lines.push(Label::VarValue.fill(locale, &[("value", v)])),
            (None, Origin::Predefined(Predefined::Platform)) => {
                lines.push(Label::VarSetByBuilder.text(locale).to_string())
            }
            (None, Origin::Predefined(Predefined::Proxy)) => lines.push(Label::VarProxy.text(locale).to_string()),
            (None, Origin::Arg { .. }) => lines.push(Label::VarNoValue.fill(locale, &[("name", name)])),
            (None, _) => {}
        }
        match &b.origin {
            Origin::Arg {
                decl, global_default, ..
            } => {
                lines.push(Label::VarFromArg.fill(locale, &[("line", &self.line(decl.start))]));
                if let Some(global) = global_default {
                    lines.push(Label::VarFromGlobalArg.fill(locale, &[("line", &self.line(global.start))]));
                }
            }
            Origin::Env { decl } => lines.push(Label::VarFromEnv.fill(locale, &[("line", &self.line(decl.start))])),
            Origin::Predefined(_) => {}
        }
        if let Some(stage) = b.inherited_from {
            lines.push(Label::VarInherited.fill(locale, &[("stage", &stage_display_name(self.model, stage))]));
        }
        let mut md = lines.join("\n\n");
        if let Some(topic) = reference::arg_topic(name).and_then(|t| docs::topic(&t, locale)) {
            md.push_str("\n\n---\n\n");
            md.push_str(topic.trim_end());
        }
        Hover { range, markdown: md }
    }

    fn unbound_hover(&self, name: &str, range: TextRange, scope: &Scope) -> Hover {
        let locale = self.locale;
        let mut md = match reference::predefined(name) {
            Some(Predefined::Platform) if scope.in_stage() => format!(
                "**{}**\n\n{}",
                Label::VarPredefined.fill(locale, &[("name", name)]),
                Label::VarUndeclaredPlatform.fill(locale, &[("name", name)])
            ),
            Some(_) => format!("**{}**", Label::VarPredefined.fill(locale, &[("name", name)])),
            None => format!(
                "**{}**\n\n{}",
                Label::VarUnknown.fill(locale, &[("name", name)]),
                Label::VarUnknownBody.text(locale)
            ),
        };
        if let Some(topic) = reference::arg_topic(name).and_then(|t| docs::topic(&t, locale)) {
            md.push_str("\n\n---\n\n");
            md.push_str(topic.trim_end());
        }
        Hover { range, markdown: md }
    }
}

/// Where top-level instruction `index` starts (for scope queries from nested triggers too).
fn index_start(model: &Model, index: usize) -> usize {
    model.instructions.get(index).map_or(0, |i| i.range.start)
}

/// A stage named (case-insensitively, as BuildKit compares them) or numbered `value`, defined
/// before `before`.
pub(crate) fn find_stage(model: &Model, value: &str, before: usize) -> Option<usize> {
    let defined_before =
        |s: &crate::analysis::model::Stage| model.instructions.get(s.from).is_some_and(|i| i.range.start < before);
    if let Some(i) = model
        .stages
        .iter()
        .position(|s| defined_before(s) && s.name.as_ref().is_some_and(|n| n.value.eq_ignore_ascii_case(value)))
    {
        return Some(i);
    }
    let index: usize = value.parse().ok()?;
    model.stages.get(index).filter(|s| defined_before(s)).map(|s| s.index)
}

pub(crate) fn stage_display_name(model: &Model, index: usize) -> String {
    match model.stages.get(index).and_then(|s| s.name.as_ref()) {
        Some(name) => name.value.clone(),
        None => format!("#{index}"),
    }
}

/// A `$NAME` or `${NAME...}` written at `offset`, found in the text itself: shell-form
/// arguments and heredoc bodies are expanded by the shell, so the model does not list them.
fn var_ref_at(text: &str, within: TextRange, offset: usize) -> Option<(String, TextRange)> {
    let line_start = text[..offset.min(text.len())]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1)
        .max(within.start);
    let line_end = text[offset.min(text.len())..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i)
        .min(within.end);
    let line = text.get(line_start..line_end)?;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        let braced = bytes.get(i + 1) == Some(&b'{');
        let name_start = i + 1 + usize::from(braced);
        let name_len = line[name_start..]
            .find(|c: char| c != '_' && !c.is_ascii_alphanumeric())
            .unwrap_or(line.len() - name_start);
        if name_len == 0 || bytes[name_start].is_ascii_digit() {
            i += 1;
            continue;
        }
        let end = if braced {
            line[name_start..]
                .find('}')
                .map_or(name_start + name_len, |j| name_start + j + 1)
        } else {
            name_start + name_len
        };
        let range = TextRange::new(line_start + i, line_start + end);
        if range.contains_inclusive(offset) {
            return Some((line[name_start..name_start + name_len].to_string(), range));
        }
        i = end;
    }
    None
}

/// An image reference split into the parts a person reads.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Parts {
    registry: Option<String>,
    namespace: Option<String>,
    repository: String,
    tag: Option<String>,
    digest: Option<String>,
}

impl Parts {
    fn from_ref(image: &ImageRef) -> Self {
        let path = image.repository.value.as_str();
        let (namespace, repository) = match path.rsplit_once('/') {
            Some((ns, repo)) => (Some(ns.to_string()), repo.to_string()),
            None => (None, path.to_string()),
        };
        Parts {
            registry: image.registry.as_ref().map(|r| r.value.clone()),
            namespace,
            repository,
            tag: image.tag.as_ref().map(|t| t.value.clone()),
            digest: image.digest.as_ref().map(|d| d.value.clone()),
        }
    }

    /// Splits `[registry/][namespace/]repository[:tag][@digest]` the way the Docker reference
    /// grammar does: the first path component is a registry when it has a `.` or a `:` or is
    /// `localhost`.
    fn split(reference: &str) -> Option<Self> {
        if reference.is_empty() || reference.contains(char::is_whitespace) {
            return None;
        }
        let (name, digest) = match reference.split_once('@') {
            Some((n, d)) => (n, Some(d.to_string())),
            None => (reference, None),
        };
        let last_slash = name.rfind('/').map_or(0, |i| i + 1);
        let (path, tag) = match name[last_slash..].rfind(':') {
            Some(j) => (&name[..last_slash + j], Some(name[last_slash + j + 1..].to_string())),
            None => (name, None),
        };
        let (registry, path) = match path.split_once('/') {
            Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" => {
                (Some(first.to_string()), rest)
            }
            _ => (None, path),
        };
        if path.is_empty() {
            return None;
        }
        let (namespace, repository) = match path.rsplit_once('/') {
            Some((ns, repo)) => (Some(ns.to_string()), repo.to_string()),
            None => (None, path.to_string()),
        };
        Some(Parts {
            registry,
            namespace,
            repository,
            tag,
            digest,
        })
    }

    fn registry_is_docker_hub(&self) -> bool {
        self.registry
            .as_deref()
            .is_none_or(|r| r == "docker.io" || r == "index.docker.io")
    }

    /// `namespace/repository` as written.
    fn path(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{ns}/{}", self.repository),
            None => self.repository.clone(),
        }
    }

    /// The fully qualified reference, with Docker Hub's implicit parts spelled out.
    fn full(&self) -> String {
        let registry = self.registry.as_deref().unwrap_or("docker.io");
        let namespace = match (&self.namespace, self.registry_is_docker_hub()) {
            (Some(ns), _) => format!("{ns}/"),
            (None, true) => "library/".to_string(),
            (None, false) => String::new(),
        };
        let mut out = format!("{registry}/{namespace}{}", self.repository);
        match (&self.tag, &self.digest) {
            (Some(tag), _) => out.push_str(&format!(":{tag}")),
            (None, None) => out.push_str(":latest"),
            (None, Some(_)) => {}
        }
        if let Some(digest) = &self.digest {
            out.push_str(&format!("@{digest}"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_byte_offset_gives_a_hover_on_character_boundaries() {
        // Found by fuzzing: an offset inside `é` on a line with a variable sliced the text there.
        let text = "FROM debian\nARG NAME=é\nRUN echo \"é $NAME ü\" # ü\nCOPY --chown=é:é a b\n";
        let model = crate::analysis::model::parse(text);
        for offset in 0..=text.len() + 2 {
            if let Some(h) = hover(&model, text, offset, Locale::En) {
                assert!(text.get(h.range.as_range()).is_some(), "{offset}: {:?}", h.range);
            }
        }
    }

    #[test]
    fn splits_image_references_with_docker_hub_defaults() {
        let p = Parts::split("alpine").expect("parses");
        assert_eq!(p.full(), "docker.io/library/alpine:latest");
        let p = Parts::split("ghcr.io/org/team/app:1.2@sha256:abc").expect("parses");
        assert_eq!(p.registry.as_deref(), Some("ghcr.io"));
        assert_eq!(p.namespace.as_deref(), Some("org/team"));
        assert_eq!(p.repository, "app");
        assert_eq!(p.full(), "ghcr.io/org/team/app:1.2@sha256:abc");
        let p = Parts::split("localhost:5000/app").expect("parses");
        assert_eq!(p.full(), "localhost:5000/app:latest");
        let p = Parts::split("myuser/app@sha256:abc").expect("parses");
        assert_eq!(p.full(), "docker.io/myuser/app@sha256:abc");
        assert!(Parts::split("").is_none());
    }

    #[test]
    fn finds_shell_variable_references_in_text() {
        let text = "RUN echo $HOME ${USER:-x} $1 $";
        let within = TextRange::new(0, text.len());
        assert_eq!(
            var_ref_at(text, within, 11),
            Some(("HOME".to_string(), TextRange::new(9, 14)))
        );
        assert_eq!(
            var_ref_at(text, within, 16),
            Some(("USER".to_string(), TextRange::new(15, 25)))
        );
        assert_eq!(var_ref_at(text, within, 27), None);
        assert_eq!(var_ref_at(text, within, 5), None);
    }
}
