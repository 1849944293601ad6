//! What analysis reports: a diagnostic with its exact range, rule, alias code, severity, message
//! and the fix it carries. The LSP and CLI layers only convert these; they never recompute them.

use crate::syntax::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_lowercase().as_str() {
            "hint" | "style" => Severity::Hint,
            "info" | "information" => Severity::Info,
            "warning" | "warn" => Severity::Warning,
            "error" => Severity::Error,
            _ => return None,
        })
    }
}

/// Whether a fix may be applied without a human looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applicability {
    /// Keeps the meaning of the Dockerfile; applied by fix-all and `check --fix`.
    Safe,
    /// May change behaviour; offered in the editor and by `check --unsafe-fixes`.
    Unsafe,
}

/// One replacement in the Dockerfile being analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub new_text: String,
}

/// A file a fix creates next to the Dockerfile (for example `.dockerignore`), relative to the
/// build context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFile {
    pub path: String,
    pub contents: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Imperative: "Merge with the next `RUN`".
    pub title: String,
    pub applicability: Applicability,
    /// Non-overlapping edits to the Dockerfile.
    pub edits: Vec<Edit>,
    pub new_files: Vec<NewFile>,
}

impl Fix {
    pub fn new(title: impl Into<String>, applicability: Applicability, edits: Vec<Edit>) -> Self {
        Self {
            title: title.into(),
            applicability,
            edits,
            new_files: Vec::new(),
        }
    }
}

/// Another place that belongs to a diagnostic: one of the items a grouped finding lists (each
/// unpinned package of one install command), with what is wrong there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub range: TextRange,
    /// A phrase about this place, code in backticks, no trailing period.
    pub message: String,
}

impl Related {
    pub fn new(range: TextRange, message: impl Into<String>) -> Self {
        Self {
            range,
            message: message.into(),
        }
    }
}

/// Extra meaning an editor can show (faded or struck through text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    Unnecessary,
    Deprecated,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub range: TextRange,
    /// Our rule id, kebab-case (`untagged-image`).
    pub rule: &'static str,
    /// The alias that matched what was found (`DL3008` for apt, `DL3018` for apk), if any.
    pub code: Option<&'static str>,
    pub severity: Severity,
    /// A phrase stating the problem, code in backticks, no trailing period.
    pub message: String,
    pub fix: Option<Fix>,
    pub tags: Vec<Tag>,
    /// The places the finding is made of, in document order, when it groups several (the
    /// message lists them too, for outputs that show no related places). Empty for a finding
    /// about one place.
    pub related: Vec<Related>,
}

/// How many names a message lists before it says how many more there are.
const LISTED: usize = 5;

/// Names for a message, each in backticks: "`gcc`, `libc6-dev`, `curl`". A long list shows its
/// first names and how many follow ("`a`, `b`, `c`, `d`, `e` and 37 more"); the related places
/// carry every one.
pub fn code_list<S: AsRef<str>>(names: &[S]) -> String {
    // "and 1 more" takes the room of the name it hides.
    let shown = if names.len() > LISTED + 1 { LISTED } else { names.len() };
    let mut out = names[..shown]
        .iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ");
    if shown < names.len() {
        out.push_str(&format!(" and {} more", names.len() - shown));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::code_list;

    #[test]
    fn long_lists_are_cut_after_five_names() {
        assert_eq!(code_list(&["gcc"]), "`gcc`");
        assert_eq!(code_list(&["gcc", "curl"]), "`gcc`, `curl`");
        let six: Vec<String> = (1..=6).map(|i| format!("p{i}")).collect();
        assert_eq!(code_list(&six), "`p1`, `p2`, `p3`, `p4`, `p5`, `p6`");
        let many: Vec<String> = (1..=42).map(|i| format!("p{i}")).collect();
        assert_eq!(code_list(&many), "`p1`, `p2`, `p3`, `p4`, `p5` and 37 more");
    }
}
