//! The semantic model of a Dockerfile, built by a BuildKit-faithful scanner over the source text:
//! parser directives, instructions (keyword, flags, arguments split the way BuildKit splits them,
//! heredocs), stages with their base images, and variable references. Every feature asks its
//! questions here; nothing else re-reads the text.
//!
//! Architecture invariant: building the model never fails. Whatever BuildKit would reject is
//! recorded in [`Model::problems`] with the exact range, and everything else is still modelled.
//!
//! The scanner follows BuildKit's `frontend/dockerfile/parser` (`parser.go`, `split_command.go`,
//! `line_parsers.go`, `directives.go`), its shell lexer for quotes and `$VAR` references, and the
//! per-instruction checks of `instructions/parse.go`; [`dump`] prints the model in the format of
//! BuildKit's `Node.Dump()` so the two can be compared on BuildKit's own test files.

mod types;
pub use types::*;

mod directives;
mod dump;
mod heredoc;
mod image;
mod instruction;
mod json;
mod parse;
mod shlex;
mod source;
mod split;
mod stages;

pub use directives::CheckOptions;
pub use dump::{dump, dump_instruction, go_quote};
pub use image::parse_image_ref;
pub use parse::parse;

/// Rule ids under which the scanner records [`Problem`]s (see the rule catalog, §1).
pub mod rule {
    pub const SYNTAX_ERROR: &str = "syntax-error";
    pub const MISSING_ARGUMENTS: &str = "missing-arguments";
    pub const EMPTY_DOCKERFILE: &str = "empty-dockerfile";
    /// Fatal (`Problem::fatal`) for valid JSON that is not an array of strings, which BuildKit
    /// rejects; not fatal for invalid JSON that BuildKit silently reads another way.
    pub const INVALID_JSON_FORM: &str = "invalid-json-form";
    pub const INVALID_PARSER_DIRECTIVE: &str = "invalid-parser-directive";
    pub const MISPLACED_PARSER_DIRECTIVE: &str = "misplaced-parser-directive";
    pub const SHELL_REQUIRES_JSON: &str = "shell-requires-json";
}

/// The variable references BuildKit's lexer finds in `text` (quotes and `escape` respected);
/// ranges are byte offsets into `text`.
pub fn var_refs(text: &str, escape: char) -> Vec<VarRef> {
    shlex::refs(text, shlex::Options::literal(escape))
        .into_iter()
        .map(|r| VarRef {
            name: Spanned::new(r.name, TextRange::new(r.name_start, r.name_end)),
            modifier: r.modifier,
            braced: r.braced,
            range: TextRange::new(r.start, r.end),
        })
        .collect()
}

/// `text` with quotes removed and escapes applied the way BuildKit processes a word it expands,
/// variables left as written; `None` when BuildKit's lexer rejects it (an unterminated quote, a
/// malformed `${...}`).
pub fn unquote(text: &str, escape: char) -> Option<String> {
    shlex::unquote(text, escape)
}

use crate::syntax::TextRange;
