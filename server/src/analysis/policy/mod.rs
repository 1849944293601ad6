//! House policies and custom rules as data: what `[policy]` and `[[custom-rules]]` say, compiled
//! once per configuration (globs, label kinds, tree-sitter queries) so that a broken pattern or
//! query is an error when the configuration is read, not at every analysis. The `policy-*` rules
//! and the custom-rule runner (`rules/policy/`, `rules/custom.rs`) read it; the front ends build
//! it from their file formats (`workspace/config.rs`).

pub mod images;
pub mod labels;

use tree_sitter::Query;

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::InstructionKind;

pub use labels::LabelKind;

/// A glob (`*`, `?`, `[abc]`, `{a,b}`; `*` also crosses `/`), compiled once.
#[derive(Clone)]
pub struct Glob {
    pattern: String,
    matcher: globset::GlobMatcher,
}

impl Glob {
    /// `case_insensitive` for names that compare without case (package names).
    pub fn new(pattern: &str, case_insensitive: bool) -> Result<Glob, String> {
        if pattern.trim().is_empty() {
            return Err("an empty pattern matches nothing".to_owned());
        }
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(false)
            .backslash_escape(true)
            .case_insensitive(case_insensitive)
            .build()
            .map_err(|e| e.kind().to_string())?;
        Ok(Glob {
            pattern: pattern.to_owned(),
            matcher: glob.compile_matcher(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.matcher.is_match(text)
    }
}

impl std::fmt::Debug for Glob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Glob({:?})", self.pattern)
    }
}

/// A label `required-labels` asks for, with the kind of value it must hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequiredLabel {
    pub name: String,
    pub kind: LabelKind,
}

/// `[policy]`.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// Images `FROM`, `COPY --from` and `RUN --mount=from=` may use; empty allows any.
    pub allowed_images: Vec<Glob>,
    /// Images they may not use.
    pub denied_images: Vec<Glob>,
    /// Labels each image the file builds must carry, in the order written.
    pub required_labels: Vec<RequiredLabel>,
    /// Labels not in `required_labels` are reported.
    pub strict_labels: bool,
    /// Packages no package manager may install.
    pub denied_packages: Vec<Glob>,
    /// Commands RUN scripts may not run.
    pub denied_commands: Vec<Glob>,
    /// Instructions the final stage must have (itself or through the stages it is built on).
    pub required_instructions: Vec<InstructionKind>,
}

impl Policy {
    /// The kind of value `required-labels` asks of `label`, if it lists it.
    pub fn label_kind(&self, label: &str) -> Option<LabelKind> {
        self.required_labels.iter().find(|l| l.name == label).map(|l| l.kind)
    }

    /// The first pattern of `list` one of the spellings of `reference` matches, and that
    /// spelling.
    pub fn image_match<'p>(list: &'p [Glob], reference: &str) -> Option<(&'p Glob, String)> {
        let spellings = images::spellings(reference);
        list.iter()
            .find_map(|g| spellings.iter().find(|s| g.is_match(s)).map(|s| (g, s.clone())))
    }
}

/// What a custom rule's query reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryTarget {
    /// `shell-query`: the tree tree-sitter-bash built for each RUN script.
    Shell,
    /// `query`: the Dockerfile's tree (tree-sitter-dockerfile).
    Dockerfile,
}

impl QueryTarget {
    /// The configuration key that holds the query.
    pub const fn key(self) -> &'static str {
        match self {
            QueryTarget::Shell => "shell-query",
            QueryTarget::Dockerfile => "query",
        }
    }
}

/// The capture whose nodes a custom rule reports.
pub const REPORT_CAPTURE: &str = "report";

/// The predicates tree-sitter's query cursor evaluates; anything else would be silently true.
const PREDICATES: [&str; 6] = ["eq?", "not-eq?", "match?", "not-match?", "any-of?", "not-any-of?"];

/// A rule the configuration defines: a tree-sitter query whose `@report` captures are findings.
pub struct CustomRule {
    /// `<namespace>/<name>`: `acme/no-apk-upgrade`.
    pub id: String,
    pub severity: Severity,
    pub message: String,
    pub target: QueryTarget,
    /// The query as written.
    pub source: String,
    pub query: Query,
    /// The index of the `@report` capture.
    pub report: u32,
}

impl std::fmt::Debug for CustomRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CustomRule")
            .field("id", &self.id)
            .field("severity", &self.severity)
            .field("target", &self.target)
            .finish_non_exhaustive()
    }
}

/// Why a custom rule could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CustomRuleError {
    /// The id is not `<namespace>/<name>`.
    Id(String),
    /// The query does not compile; `offset` is the byte in the query where tree-sitter stopped.
    Query { offset: usize, message: String },
}

impl std::fmt::Display for CustomRuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CustomRuleError::Id(message) | CustomRuleError::Query { message, .. } => f.write_str(message),
        }
    }
}

/// Whether `id` is a valid custom rule id: `<namespace>/<name>`, each part of lower-case
/// letters, digits, `-`, `_` and `.`, starting with a letter or digit. The namespace keeps
/// custom ids apart from ours, which never hold a `/`, so a new release cannot take one.
pub fn valid_custom_id(id: &str) -> bool {
    let part = |p: &str| {
        p.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && p.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'))
    };
    matches!(id.split_once('/'), Some((namespace, name)) if part(namespace) && part(name))
}

impl CustomRule {
    /// Compiles the query against its grammar; it must capture `@report` and use only the
    /// predicates the query cursor evaluates.
    pub fn compile(
        id: &str,
        severity: Severity,
        message: &str,
        target: QueryTarget,
        source: &str,
    ) -> Result<CustomRule, CustomRuleError> {
        if !valid_custom_id(id) {
            return Err(CustomRuleError::Id(format!(
                "custom rule id `{id}` must be `<namespace>/<name>` in lower case (`acme/no-apk-upgrade`)"
            )));
        }
        let language: tree_sitter::Language = match target {
            QueryTarget::Shell => tree_sitter_bash::LANGUAGE.into(),
            QueryTarget::Dockerfile => crate::analysis::queries::language(),
        };
        let query = Query::new(&language, source).map_err(|e| CustomRuleError::Query {
            offset: e.offset,
            message: format!(
                "`{}` of `{id}` does not compile: {} (line {}, column {})",
                target.key(),
                query_error_text(&e),
                e.row + 1,
                e.column + 1
            ),
        })?;
        let Some(report) = query.capture_index_for_name(REPORT_CAPTURE) else {
            return Err(CustomRuleError::Query {
                offset: 0,
                message: format!(
                    "`{}` of `{id}` captures no `@{REPORT_CAPTURE}`: name the node to report `@{REPORT_CAPTURE}`",
                    target.key()
                ),
            });
        };
        for pattern in 0..query.pattern_count() {
            if let Some(unknown) = query.general_predicates(pattern).first() {
                return Err(CustomRuleError::Query {
                    offset: query.start_byte_for_pattern(pattern),
                    message: format!(
                        "`{}` of `{id}` uses the predicate `#{}`, which is not evaluated: use {}",
                        target.key(),
                        unknown.operator,
                        PREDICATES.map(|p| format!("`#{p}`")).join(", ")
                    ),
                });
            }
        }
        Ok(CustomRule {
            id: id.to_owned(),
            severity,
            message: message.to_owned(),
            target,
            source: source.to_owned(),
            query,
            report,
        })
    }
}

/// tree-sitter's error, in words.
fn query_error_text(e: &tree_sitter::QueryError) -> String {
    use tree_sitter::QueryErrorKind as K;
    let what = match e.kind {
        K::Syntax => "syntax error",
        K::NodeType => "no node type is called",
        K::Field => "no field is called",
        K::Capture => "no capture is called",
        K::Predicate => "invalid predicate",
        K::Structure => "impossible pattern",
        K::Language => "language mismatch",
    };
    let detail = e.message.lines().next().unwrap_or("").trim();
    if detail.is_empty() || matches!(e.kind, K::Syntax | K::Structure) {
        what.to_owned()
    } else {
        format!("{what} `{detail}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_need_a_namespace() {
        for good in ["acme/no-apk-upgrade", "a/b", "team.x/rule_1"] {
            assert!(valid_custom_id(good), "{good}");
        }
        for bad in [
            "no-apk-upgrade",
            "Acme/x",
            "acme/",
            "/x",
            "a/b/c",
            "acme/no apk",
            "acme/-x",
            "",
        ] {
            assert!(!valid_custom_id(bad), "{bad}");
        }
    }

    #[test]
    fn queries_compile_against_their_grammar() {
        let shell = CustomRule::compile(
            "acme/x",
            Severity::Warning,
            "m",
            QueryTarget::Shell,
            r#"((command name: (command_name) @n) @report (#eq? @n "apk"))"#,
        );
        assert!(shell.is_ok_and(|r| r.report == 1));
        let dockerfile = CustomRule::compile(
            "acme/y",
            Severity::Warning,
            "m",
            QueryTarget::Dockerfile,
            "(maintainer_instruction) @report",
        );
        assert!(dockerfile.is_ok());
        // A Dockerfile node in a shell query.
        let wrong = CustomRule::compile(
            "acme/x",
            Severity::Warning,
            "m",
            QueryTarget::Shell,
            "(maintainer_instruction) @report",
        );
        match wrong {
            Err(CustomRuleError::Query { offset, message }) => {
                assert_eq!(offset, 1);
                assert!(message.contains("maintainer_instruction"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        let unreported = CustomRule::compile("acme/x", Severity::Warning, "m", QueryTarget::Shell, "(command) @c");
        assert!(matches!(unreported, Err(CustomRuleError::Query { message, .. }) if message.contains("@report")));
        let lua = CustomRule::compile(
            "acme/x",
            Severity::Warning,
            "m",
            QueryTarget::Shell,
            r#"((command) @report (#lua-match? @report "x"))"#,
        );
        assert!(matches!(lua, Err(CustomRuleError::Query { message, .. }) if message.contains("#lua-match?")));
    }

    #[test]
    fn globs_cross_slashes_and_fold_case_on_request() {
        let glob = Glob::new("ghcr.io/acme/*", false).unwrap_or_else(|e| panic!("{e}"));
        assert!(glob.is_match("ghcr.io/acme/team/app:1"));
        assert!(!glob.is_match("ghcr.io/other/app"));
        let package = Glob::new("netcat*", true).unwrap_or_else(|e| panic!("{e}"));
        assert!(package.is_match("NetCat-openbsd"));
        assert!(Glob::new("[", false).is_err());
        assert!(Glob::new(" ", false).is_err());
    }
}
