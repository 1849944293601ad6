//! The configuration files: finding the one for a Dockerfile (`dockerfile-lsp.toml` or
//! `.dockerfile-lsp.toml` in its folder or the nearest parent; failing that, hadolint's
//! `.hadolint.yaml` or `.yml`), and parsing them into the analysis' [`Config`]. Rule names are
//! checked against the registry here, where both are visible: the analysis' configuration keeps
//! names and knows no rule.
//!
//! Two kinds of error: one that makes the file unreadable (bad TOML, an unknown key, an unknown
//! rule name) falls back to the defaults; one inside `[policy]` or `[[custom-rules]]` (a glob or
//! a query that does not compile, an unknown label kind) drops only that entry, so the other
//! rules still run. Both are reported at their place in the file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::analysis::config::{Config, FailOn, FormatConfig, Locale, Release, ShellcheckConfig};
use crate::analysis::diagnostic::Severity;
use crate::analysis::model::InstructionKind;
use crate::analysis::policy::{CustomRule, CustomRuleError, Glob, LabelKind, Policy, QueryTarget, RequiredLabel};
use crate::analysis::rules;

pub const CONFIG_NAMES: [&str; 2] = ["dockerfile-lsp.toml", ".dockerfile-lsp.toml"];
pub const HADOLINT_NAMES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];

/// The configuration that applies, where it came from, and what was wrong with it.
#[derive(Debug, Default)]
pub struct LoadedConfig {
    pub config: Config,
    pub path: Option<PathBuf>,
    /// The error that made the file unreadable: the defaults apply.
    pub error: Option<ConfigError>,
    /// Entries that were dropped (a query that does not compile, a bad glob); the rest applies.
    pub problems: Vec<ConfigError>,
}

/// A configuration and the entries of it that were dropped.
#[derive(Debug, Default)]
pub struct Parsed {
    pub config: Config,
    pub problems: Vec<ConfigError>,
}

/// Reads a configuration file's text.
pub type Parser = fn(&str) -> Result<Parsed, ConfigError>;

/// Walks up from `start` (a Dockerfile's folder) to the filesystem root. Our own file wins over
/// a `.hadolint.yaml` found at any level.
pub fn load_config_for(start: &Path) -> LoadedConfig {
    let start = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
    let mut hadolint: Option<PathBuf> = None;
    for dir in start.ancestors() {
        for name in CONFIG_NAMES {
            let path = dir.join(name);
            if path.is_file() {
                return load(&path, read_toml);
            }
        }
        if hadolint.is_none() {
            hadolint = HADOLINT_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file());
        }
    }
    match hadolint {
        Some(path) => load(&path, read_hadolint_yaml),
        None => LoadedConfig::default(),
    }
}

/// Loads a specific file (`--config`); the format follows the file name.
pub fn load(path: &Path, parse: Parser) -> LoadedConfig {
    let result = std::fs::read_to_string(path)
        .map_err(|e| ConfigError::new(format!("cannot read {}: {e}", path.display())))
        .and_then(|text| parse(&text));
    match result {
        Ok(parsed) => LoadedConfig {
            config: parsed.config,
            path: Some(path.to_path_buf()),
            error: None,
            problems: parsed.problems,
        },
        Err(error) => LoadedConfig {
            config: Config::default(),
            path: Some(path.to_path_buf()),
            error: Some(error),
            problems: Vec::new(),
        },
    }
}

/// The parser for a configuration file, by its name.
pub fn parser_for(path: &Path) -> Parser {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with(".yaml") || name.ends_with(".yml") {
        read_hadolint_yaml
    } else {
        read_toml
    }
}

/// Reads our TOML configuration (`dockerfile-lsp.toml`); every error carries its place.
pub fn read_toml(text: &str) -> Result<Parsed, ConfigError> {
    let keys: ConfigKeys = toml::from_str(text).map_err(|e| ConfigError {
        message: e.message().to_string(),
        span: e.span(),
        ..ConfigError::default()
    })?;
    match keys.into_config() {
        Ok(mut parsed) => {
            for problem in &mut parsed.problems {
                problem.locate_in_toml(text);
            }
            Ok(parsed)
        }
        Err(mut error) => {
            error.locate_in_toml(text);
            Err(error)
        }
    }
}

/// [`read_toml`] where any dropped entry is an error too.
pub fn parse_toml(text: &str) -> Result<Config, ConfigError> {
    strict(read_toml(text))
}

/// [`read_hadolint_yaml`] where any dropped entry is an error too.
pub fn parse_hadolint_yaml(text: &str) -> Result<Config, ConfigError> {
    strict(read_hadolint_yaml(text))
}

fn strict(parsed: Result<Parsed, ConfigError>) -> Result<Config, ConfigError> {
    let mut parsed = parsed?;
    if parsed.problems.is_empty() {
        Ok(parsed.config)
    } else {
        Err(parsed.problems.swap_remove(0))
    }
}

/// Reads a `.hadolint.yaml`: `ignored`, `override`, `trustedRegistries`, `label-schema`,
/// `strict-labels`, `disable-ignore-pragma`, `failure-threshold` and `no-fail`. hadolint's own
/// output options (`format`, `no-color`, `verbose`) are accepted and have no meaning here.
pub fn read_hadolint_yaml(text: &str) -> Result<Parsed, ConfigError> {
    let raw: HadolintConfig = serde_yaml_ng::from_str(text).map_err(|e| {
        let span = e.location().map(|l| l.index()..l.index());
        ConfigError {
            message: e.to_string(),
            span,
            ..ConfigError::default()
        }
    })?;
    let mut problems = Vec::new();
    let mut config = Config {
        ignore: raw.ignored.into_iter().collect(),
        trusted_registries: raw.trusted_registries.into_vec(),
        disable_ignore_pragma: raw.disable_ignore_pragma.unwrap_or(false),
        ..Config::default()
    };
    let levels = [
        (raw.r#override.error, Severity::Error),
        (raw.r#override.warning, Severity::Warning),
        (raw.r#override.info, Severity::Info),
        (raw.r#override.style, Severity::Hint),
    ];
    for (codes, severity) in levels {
        for code in codes {
            if let Some(rule) = rules::find(&code) {
                config.severity.insert(rule.id.to_string(), severity);
            }
        }
    }
    if let Some(threshold) = raw.failure_threshold {
        match FailOn::parse(&threshold) {
            Some(fail_on) => config.fail_on = Some(fail_on),
            None => problems.push(
                ConfigError::new(format!(
                    "unknown `failure-threshold` `{threshold}` (use error, warning, info, style or none)"
                ))
                .at(&[Key::name("failure-threshold")]),
            ),
        }
    }
    if raw.no_fail == Some(true) {
        config.fail_on = Some(FailOn::Never);
    }
    let mut policy = Policy {
        strict_labels: raw.strict_labels.unwrap_or(false),
        ..Policy::default()
    };
    for (name, kind) in raw.label_schema {
        let kind = kind.unwrap_or_default();
        // hadolint takes an empty kind as `text`.
        let kind_name = if kind.is_empty() { "text" } else { kind.as_str() };
        match LabelKind::parse(kind_name) {
            Some(kind) => policy.required_labels.push(RequiredLabel { name, kind }),
            None => problems.push(unknown_label_kind(
                &kind,
                &[Key::name("label-schema"), Key::name(&name)],
            )),
        }
    }
    config.policy = Arc::new(policy);
    for problem in &mut problems {
        problem.locate_in_yaml(text);
    }
    Ok(Parsed { config, problems })
}

fn unknown_label_kind(kind: &str, at: &[Key]) -> ConfigError {
    let kinds: Vec<&str> = LabelKind::ALL.iter().map(|k| k.name()).collect();
    ConfigError::new(format!("unknown label kind `{kind}` (use {})", kinds.join(", "))).at(at)
}

/// One step of a path into the configuration's keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Name(String),
    Index(usize),
}

impl Key {
    fn name(name: &str) -> Key {
        Key::Name(name.to_owned())
    }
}

/// A configuration that could not be read, or an entry of it that was dropped: the message and
/// where.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    /// Byte range in the file, when known.
    pub span: Option<std::ops::Range<usize>>,
    /// The keys that lead to the value at fault (`custom-rules[0].shell-query`), for formats
    /// that give no span (the client's JSON settings) and to find the span in a file.
    pub at: Vec<Key>,
    /// A byte offset inside the string value at fault (where a query stops compiling).
    pub inner: Option<usize>,
}

impl ConfigError {
    pub fn new(message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
            ..ConfigError::default()
        }
    }

    fn at(mut self, at: &[Key]) -> Self {
        self.at = at.to_vec();
        self
    }

    fn inner(mut self, offset: usize) -> Self {
        self.inner = Some(offset);
        self
    }

    /// The 1-based line and column (in characters) where [`ConfigError::span`] starts in `text`.
    pub fn line_column(&self, text: &str) -> Option<(usize, usize)> {
        let start = self.span.as_ref()?.start;
        let before = text.get(..start)?;
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Some((line, column))
    }

    /// The keys as written in a file: `policy.allowed-images[2]`.
    pub fn key_path(&self) -> String {
        let mut out = String::new();
        for key in &self.at {
            match key {
                Key::Name(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Key::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    /// Sets [`ConfigError::span`] from [`ConfigError::at`] in the TOML `text`: the value at
    /// fault, or the byte inside it a query error names.
    fn locate_in_toml(&mut self, text: &str) {
        if self.span.is_some() || self.at.is_empty() {
            return;
        }
        let Ok(root) = toml::de::DeTable::parse(text) else {
            return;
        };
        let mut span = root.span();
        let mut value: Option<&toml::Spanned<toml::de::DeValue<'_>>> = None;
        for key in &self.at {
            let next = match (key, value.map(|v| v.get_ref())) {
                (Key::Name(name), None) => root.get_ref().iter().find(|(k, _)| k.get_ref() == name).map(|(_, v)| v),
                (Key::Name(name), Some(toml::de::DeValue::Table(t))) => {
                    t.iter().find(|(k, _)| k.get_ref() == name).map(|(_, v)| v)
                }
                (Key::Index(i), Some(toml::de::DeValue::Array(a))) => a.get(*i),
                _ => None,
            };
            let Some(next) = next else { break };
            span = next.span();
            value = Some(next);
        }
        if let (Some(offset), Some(raw)) = (self.inner, text.get(span.clone())) {
            // Offsets inside a string map onto the file while nothing in it is escaped.
            let (open, content) = if let Some(rest) = raw.strip_prefix("'''").or_else(|| raw.strip_prefix("\"\"\"")) {
                let newline = if rest.starts_with("\r\n") {
                    2
                } else {
                    usize::from(rest.starts_with('\n'))
                };
                (3 + newline, &rest[newline..])
            } else {
                (1, raw.get(1..).unwrap_or(""))
            };
            let escaped = raw.starts_with('"') && content.contains('\\');
            if !escaped && offset < content.len() {
                let mut at = span.start + open + offset;
                while at < text.len() && !text.is_char_boundary(at) {
                    at += 1;
                }
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                span = at..end;
            }
        }
        self.span = Some(span);
    }

    /// A best effort for YAML, whose parser gives no spans of values: the first line that holds
    /// the last key of [`ConfigError::at`] followed by a colon.
    fn locate_in_yaml(&mut self, text: &str) {
        let Some(Key::Name(name)) = self.at.iter().rev().find(|k| matches!(k, Key::Name(_))) else {
            return;
        };
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let key = trimmed.trim_start_matches(['"', '\'']);
            if key.starts_with(name.as_str())
                && key[name.len()..]
                    .trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
            {
                let start = offset + (line.len() - trimmed.len());
                self.span = Some(start..start + trimmed.trim_end().len());
                return;
            }
            offset += line.len();
        }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.span.is_none() && !self.at.is_empty() {
            write!(f, "`{}`: ", self.key_path())?;
        }
        f.write_str(self.message.trim_end())
    }
}

/// The keys of `dockerfile-lsp.toml`, in whatever format spells them: the TOML file here, and the
/// client's settings, which send the same keys as JSON (`lsp::settings`). The camel-case aliases
/// are for clients with VS Code-style settings; a file may use them too.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigKeys {
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: HashMap<String, String>,
    #[serde(default, alias = "trustedRegistries")]
    trusted_registries: Vec<String>,
    #[serde(default)]
    shellcheck: Option<RawShellcheck>,
    #[serde(default)]
    locale: Option<String>,
    #[serde(default)]
    context: Option<String>,
    #[serde(default)]
    format: Option<RawFormat>,
    #[serde(default, alias = "rulesVersion")]
    rules_version: Option<String>,
    #[serde(default)]
    policy: Option<RawPolicy>,
    #[serde(default, alias = "customRules")]
    custom_rules: Vec<RawCustomRule>,
    #[serde(default, alias = "disableIgnorePragma")]
    disable_ignore_pragma: Option<bool>,
    #[serde(default, alias = "failOn")]
    fail_on: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFormat {
    #[serde(default, alias = "indentWidth")]
    indent_width: Option<u32>,
    #[serde(default, alias = "useTabs")]
    use_tabs: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShellcheck {
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default)]
    path: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPolicy {
    #[serde(default, alias = "allowedImages")]
    allowed_images: Vec<String>,
    #[serde(default, alias = "deniedImages")]
    denied_images: Vec<String>,
    #[serde(default, alias = "requiredLabels")]
    required_labels: BTreeMap<String, String>,
    #[serde(default, alias = "strictLabels")]
    strict_labels: bool,
    #[serde(default, alias = "deniedPackages")]
    denied_packages: Vec<String>,
    #[serde(default, alias = "deniedCommands")]
    denied_commands: Vec<String>,
    #[serde(default, alias = "requiredInstructions")]
    required_instructions: Vec<String>,
}

/// One `[[custom-rules]]` table. Every key is optional here so that a missing one drops this rule
/// alone, reported at its place.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCustomRule {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default, alias = "shellQuery")]
    shell_query: Option<String>,
    #[serde(default)]
    query: Option<String>,
}

/// Whether `name` is a rule name configuration may use: a rule's id or alias, a ShellCheck code,
/// or one of `custom` ids.
fn known_name(name: &str, custom: &[CustomRule]) -> bool {
    rules::find(name).is_some() || name.starts_with("SC") || custom.iter().any(|c| c.id.eq_ignore_ascii_case(name))
}

impl ConfigKeys {
    /// The configuration these keys give. An unknown rule or severity is an error; a broken
    /// `[policy]` entry or custom rule is a problem that drops that entry alone.
    pub fn into_config(self) -> Result<Parsed, ConfigError> {
        let mut problems = Vec::new();
        let custom_rules = custom_rules(self.custom_rules, &mut problems);
        let mut severity = HashMap::new();
        let mut ignore: HashSet<String> = self.ignore.iter().cloned().collect();
        let mut levels: Vec<(String, String)> = self.severity.into_iter().collect();
        levels.sort();
        for (name, level) in levels {
            let at = [Key::name("severity"), Key::Name(name.clone())];
            let id = match rules::find(&name) {
                Some(rule) => rule.id.to_string(),
                None => match custom_rules.iter().find(|c| c.id.eq_ignore_ascii_case(&name)) {
                    Some(custom) => custom.id.clone(),
                    None => return Err(ConfigError::new(format!("unknown rule `{name}` in `severity`")).at(&at)),
                },
            };
            if level.eq_ignore_ascii_case("off") {
                ignore.insert(id);
                continue;
            }
            let Some(level) = Severity::parse(&level) else {
                return Err(ConfigError::new(format!(
                    "unknown severity `{level}` for `{name}` (use error, warning, info, hint or off)"
                ))
                .at(&at));
            };
            severity.insert(id, level);
        }
        for (key, list) in [("ignore", &self.ignore), ("select", &self.select)] {
            for (i, name) in list.iter().enumerate() {
                if !known_name(name, &custom_rules) {
                    return Err(ConfigError::new(format!("unknown rule `{name}`")).at(&[Key::name(key), Key::Index(i)]));
                }
            }
        }
        let rules_version = self.rules_version.and_then(|v| match Release::parse(&v) {
            Some(release) => Some(release),
            None => {
                problems.push(
                    ConfigError::new(format!(
                        "`rules-version` `{v}` is not a release such as `{}`",
                        rules::current_release()
                    ))
                    .at(&[Key::name("rules-version")]),
                );
                None
            }
        });
        let fail_on = self.fail_on.and_then(|v| match FailOn::parse(&v) {
            Some(fail_on) => Some(fail_on),
            None => {
                problems.push(
                    ConfigError::new(format!(
                        "unknown `fail-on` `{v}` (use error, warning, info, hint or never)"
                    ))
                    .at(&[Key::name("fail-on")]),
                );
                None
            }
        });
        let policy = self.policy.map(|p| policy(p, &mut problems)).unwrap_or_default();
        let config = Config {
            locale: self.locale.as_deref().map(Locale::from_tag).unwrap_or_default(),
            select: self.select.into_iter().collect(),
            ignore,
            severity,
            trusted_registries: self.trusted_registries,
            shellcheck: self
                .shellcheck
                .map(|s| ShellcheckConfig {
                    enabled: s.enabled,
                    path: s.path,
                })
                .unwrap_or_default(),
            context: self.context,
            format: self
                .format
                .map(|f| FormatConfig {
                    indent_width: f.indent_width,
                    use_tabs: f.use_tabs,
                })
                .unwrap_or_default(),
            rules_version,
            policy: Arc::new(policy),
            custom_rules: custom_rules.into(),
            disable_ignore_pragma: self.disable_ignore_pragma.unwrap_or(false),
            fail_on,
        };
        Ok(Parsed { config, problems })
    }
}

/// `[policy]`, each glob, label kind and instruction checked; a bad one is a problem and left out.
fn policy(raw: RawPolicy, problems: &mut Vec<ConfigError>) -> Policy {
    let mut globs = |key: &str, list: Vec<String>, case_insensitive: bool| -> Vec<Glob> {
        let mut out = Vec::new();
        for (i, pattern) in list.into_iter().enumerate() {
            match Glob::new(&pattern, case_insensitive) {
                Ok(glob) => out.push(glob),
                Err(e) => problems.push(ConfigError::new(format!("invalid pattern `{pattern}`: {e}")).at(&[
                    Key::name("policy"),
                    Key::name(key),
                    Key::Index(i),
                ])),
            }
        }
        out
    };
    let allowed_images = globs("allowed-images", raw.allowed_images, false);
    let denied_images = globs("denied-images", raw.denied_images, false);
    let denied_packages = globs("denied-packages", raw.denied_packages, true);
    let denied_commands = globs("denied-commands", raw.denied_commands, false);
    let mut required_labels = Vec::new();
    for (name, kind) in raw.required_labels {
        match LabelKind::parse(&kind) {
            Some(kind) => required_labels.push(RequiredLabel { name, kind }),
            None => problems.push(unknown_label_kind(
                &kind,
                &[Key::name("policy"), Key::name("required-labels"), Key::Name(name)],
            )),
        }
    }
    let mut required_instructions = Vec::new();
    for (i, name) in raw.required_instructions.iter().enumerate() {
        match InstructionKind::from_keyword(name) {
            InstructionKind::Unknown => problems.push(
                ConfigError::new(format!("`{name}` is not a Dockerfile instruction")).at(&[
                    Key::name("policy"),
                    Key::name("required-instructions"),
                    Key::Index(i),
                ]),
            ),
            kind => required_instructions.push(kind),
        }
    }
    Policy {
        allowed_images,
        denied_images,
        required_labels,
        strict_labels: raw.strict_labels,
        denied_packages,
        denied_commands,
        required_instructions,
    }
}

/// `[[custom-rules]]`, each compiled; a broken one is a problem and left out.
fn custom_rules(raw: Vec<RawCustomRule>, problems: &mut Vec<ConfigError>) -> Vec<CustomRule> {
    let mut out: Vec<CustomRule> = Vec::new();
    for (i, rule) in raw.into_iter().enumerate() {
        let at = |key: &str| vec![Key::name("custom-rules"), Key::Index(i), Key::name(key)];
        let Some(id) = rule.id else {
            problems
                .push(ConfigError::new("a custom rule needs an `id`").at(&[Key::name("custom-rules"), Key::Index(i)]));
            continue;
        };
        if rules::find(&id).is_some() {
            problems.push(ConfigError::new(format!("`{id}` is already the name of a rule")).at(&at("id")));
            continue;
        }
        if out.iter().any(|c| c.id == id) {
            problems.push(ConfigError::new(format!("two custom rules are called `{id}`")).at(&at("id")));
            continue;
        }
        let severity = match rule.severity.as_deref() {
            None => Severity::Warning,
            Some(level) => match Severity::parse(level) {
                Some(severity) => severity,
                None => {
                    problems.push(
                        ConfigError::new(format!(
                            "unknown severity `{level}` for `{id}` (use error, warning, info or hint)"
                        ))
                        .at(&at("severity")),
                    );
                    continue;
                }
            },
        };
        let Some(message) = rule.message.filter(|m| !m.trim().is_empty()) else {
            problems.push(ConfigError::new(format!("custom rule `{id}` needs a `message`")).at(&at("id")));
            continue;
        };
        let (target, source) = match (rule.shell_query, rule.query) {
            (Some(source), None) => (QueryTarget::Shell, source),
            (None, Some(source)) => (QueryTarget::Dockerfile, source),
            (Some(_), Some(_)) => {
                problems.push(
                    ConfigError::new(format!(
                        "custom rule `{id}` has both `shell-query` and `query`: give one"
                    ))
                    .at(&at("query")),
                );
                continue;
            }
            (None, None) => {
                problems.push(
                    ConfigError::new(format!(
                        "custom rule `{id}` needs a `shell-query` (over RUN scripts) or a `query` (over the Dockerfile)"
                    ))
                    .at(&at("id")),
                );
                continue;
            }
        };
        match CustomRule::compile(&id, severity, message.trim(), target, &source) {
            Ok(compiled) => out.push(compiled),
            Err(CustomRuleError::Id(message)) => problems.push(ConfigError::new(message).at(&at("id"))),
            Err(CustomRuleError::Query { offset, message }) => {
                problems.push(ConfigError::new(message).at(&at(target.key())).inner(offset));
            }
        }
    }
    out
}

#[derive(Deserialize, Default)]
struct HadolintConfig {
    #[serde(default)]
    ignored: Vec<String>,
    #[serde(default)]
    r#override: HadolintOverride,
    #[serde(default, rename = "trustedRegistries")]
    trusted_registries: OneOrMany,
    #[serde(default, rename = "label-schema")]
    label_schema: BTreeMap<String, Option<String>>,
    #[serde(default, rename = "strict-labels")]
    strict_labels: Option<bool>,
    #[serde(default, rename = "disable-ignore-pragma")]
    disable_ignore_pragma: Option<bool>,
    #[serde(default, rename = "failure-threshold")]
    failure_threshold: Option<String>,
    #[serde(default, rename = "no-fail")]
    no_fail: Option<bool>,
}

/// hadolint takes `trustedRegistries: docker.io` as well as a list.
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }
}

#[derive(Deserialize, Default)]
struct HadolintOverride {
    #[serde(default)]
    error: Vec<String>,
    #[serde(default)]
    warning: Vec<String>,
    #[serde(default)]
    info: Vec<String>,
    #[serde(default)]
    style: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::config::Locale;

    #[test]
    fn toml_errors_name_the_problem() {
        let err = parse_toml("selct = []\n").err().map(|e| e.message).unwrap_or_default();
        assert!(err.contains("selct"), "{err}");
        let err = parse_toml("locale = 3\n").err().map(|e| e.message).unwrap_or_default();
        assert!(err.contains("string"), "{err}");
    }

    #[test]
    fn toml_reads_every_key() {
        let config = parse_toml(
            "locale = \"zh-CN\"\ntrusted-registries = [\"ghcr.io\"]\ncontext = \"..\"\n[shellcheck]\nenabled = false\n\
             [format]\nindent-width = 2\nuse-tabs = true\n",
        );
        let config = config.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.locale, Locale::ZhHans);
        assert_eq!(config.trusted_registries, ["ghcr.io"]);
        assert_eq!(config.context.as_deref(), Some(".."));
        assert!(!config.shellcheck.enabled);
        assert_eq!(config.format.indent_width, Some(2));
        assert_eq!(config.format.use_tabs, Some(true));
    }

    #[test]
    fn hadolint_yaml_flow_and_block_lists() {
        let config = parse_hadolint_yaml("ignored: [DL3008, DL3009]\ntrustedRegistries:\n  - docker.io\n");
        let config = config.unwrap_or_else(|e| panic!("{e}"));
        assert!(config.ignore.contains("DL3008") && config.ignore.contains("DL3009"));
        assert_eq!(config.trusted_registries, ["docker.io"]);
        assert!(parse_hadolint_yaml("ignored: [").is_err());
        let one = parse_hadolint_yaml("trustedRegistries: my-company.com:5000\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(one.trusted_registries, ["my-company.com:5000"]);
    }

    #[test]
    fn hadolint_yaml_policies_and_thresholds() {
        let config = parse_hadolint_yaml(
            "label-schema:\n  author: text\n  git-revision: hash\n  created: rfc3339\n  other: \"\"\nstrict-labels: true\n\
             disable-ignore-pragma: true\nfailure-threshold: style\nno-color: true\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let labels: Vec<(&str, LabelKind)> = config
            .policy
            .required_labels
            .iter()
            .map(|l| (l.name.as_str(), l.kind))
            .collect();
        assert_eq!(
            labels,
            [
                ("author", LabelKind::Text),
                ("created", LabelKind::Rfc3339),
                ("git-revision", LabelKind::GitHash),
                ("other", LabelKind::Text)
            ]
        );
        assert!(config.policy.strict_labels && config.disable_ignore_pragma);
        assert_eq!(config.fail_on, Some(FailOn::At(Severity::Hint)));
        let no_fail =
            parse_hadolint_yaml("failure-threshold: error\nno-fail: true\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(no_fail.fail_on, Some(FailOn::Never));
        let text = "ignored: [DL3008]\nlabel-schema:\n  version: semverr\n";
        let parsed = read_hadolint_yaml(text).unwrap_or_else(|e| panic!("{e}"));
        assert!(parsed.config.ignore.contains("DL3008"), "the rest still applies");
        let problem = &parsed.problems[0];
        assert!(problem.message.contains("semverr"), "{}", problem.message);
        assert_eq!(problem.span.clone().map(|s| &text[s]), Some("version: semverr"));
    }

    #[test]
    fn policy_problems_drop_one_entry_at_its_place() {
        let text = "select = [\"policy-image\", \"acme/x\"]\n[policy]\nallowed-images = [\"alpine:*\", \"[oops\"]\n\
                    required-labels = { \"org.opencontainers.image.source\" = \"uri\", version = \"semver\" }\n\
                    required-instructions = [\"HEALTHCHECK\", \"HEALTHCEHCK\"]\n\
                    [[custom-rules]]\nid = \"acme/x\"\nmessage = \"m\"\nshell-query = '(command) @report'\n\
                    [[custom-rules]]\nid = \"acme/broken\"\nmessage = \"m\"\nshell-query = '(commandd) @report'\n";
        let parsed = read_toml(text).unwrap_or_else(|e| panic!("{e}"));
        let policy = &parsed.config.policy;
        assert_eq!(policy.allowed_images.len(), 1);
        assert_eq!(policy.required_labels.len(), 1);
        assert_eq!(policy.required_instructions, [InstructionKind::Healthcheck]);
        assert_eq!(parsed.config.custom_rules.len(), 1);
        let found: Vec<(String, &str)> = parsed
            .problems
            .iter()
            .map(|p| (p.key_path(), p.span.clone().map_or("", |s| &text[s])))
            .collect();
        assert_eq!(
            found,
            [
                ("custom-rules[1].shell-query".to_owned(), "c"),
                ("policy.allowed-images[1]".to_owned(), "\"[oops\""),
                (
                    "policy.required-labels.org.opencontainers.image.source".to_owned(),
                    "\"uri\""
                ),
                ("policy.required-instructions[1]".to_owned(), "\"HEALTHCEHCK\""),
            ]
        );
        assert!(
            parsed.problems[0].message.contains("commandd"),
            "{}",
            parsed.problems[0].message
        );
    }

    #[test]
    fn custom_rules_need_an_id_a_message_and_one_query() {
        let text = "[[custom-rules]]\nmessage = \"m\"\nquery = '(comment) @report'\n\
                    [[custom-rules]]\nid = \"untagged-image\"\nmessage = \"m\"\nquery = '(comment) @report'\n\
                    [[custom-rules]]\nid = \"acme/a\"\nquery = '(comment) @report'\n\
                    [[custom-rules]]\nid = \"acme/b\"\nmessage = \"m\"\n\
                    [[custom-rules]]\nid = \"acme/c\"\nmessage = \"m\"\nquery = '(comment) @report'\nshell-query = '(command) @report'\n\
                    [[custom-rules]]\nid = \"acme/d\"\nmessage = \"m\"\nseverity = \"loud\"\nquery = '(comment) @report'\n\
                    [[custom-rules]]\nid = \"Acme\"\nmessage = \"m\"\nquery = '(comment) @report'\n\
                    [[custom-rules]]\nid = \"acme/e\"\nmessage = \"m\"\nseverity = \"error\"\nquery = '(comment) @report'\n\
                    [[custom-rules]]\nid = \"acme/e\"\nmessage = \"m\"\nquery = '(comment) @report'\n";
        let parsed = read_toml(text).unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<&str> = parsed.config.custom_rules.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["acme/e"]);
        assert_eq!(parsed.config.custom_rules[0].severity, Severity::Error);
        assert_eq!(parsed.problems.len(), 8, "{:?}", parsed.problems);
        assert!(parsed.problems.iter().all(|p| p.span.is_some()));
    }

    #[test]
    fn names_in_severity_select_and_ignore_may_be_custom_rules() {
        let text = "select = [\"acme/x\"]\nignore = [\"ACME/X\"]\n[severity]\n\"acme/x\" = \"error\"\n\
                    [[custom-rules]]\nid = \"acme/x\"\nmessage = \"m\"\nshell-query = '(command) @report'\n";
        let config = parse_toml(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.severity_override("acme/x"), Some(Severity::Error));
        let err = parse_toml("ignore = [\"DL3008\", \"acme/none\"]\n").err();
        let err = err.unwrap_or_default();
        assert_eq!(err.key_path(), "ignore[1]");
        assert_eq!(err.span, Some(20..31));
    }

    #[test]
    fn rules_version_and_fail_on() {
        let config = parse_toml("rules-version = \"0.1\"\nfail-on = \"error\"\ndisable-ignore-pragma = true\n")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.rules_version, Release::parse("0.1"));
        assert_eq!(config.fail_on, Some(FailOn::At(Severity::Error)));
        assert!(config.disable_ignore_pragma);
        let parsed = read_toml("rules-version = \"latest\"\nfail-on = \"loud\"\n").unwrap_or_else(|e| panic!("{e}"));
        assert!(parsed.config.rules_version.is_none() && parsed.config.fail_on.is_none());
        assert_eq!(parsed.problems.len(), 2);
    }
}
