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
pub(crate) mod heredoc;
mod image;
mod instruction;
mod json;
mod parse;
mod shift;
mod shlex;
mod source;
mod split;
mod stages;

pub use directives::CheckOptions;
pub use dump::{dump, dump_instruction, go_quote};
pub use image::{DOCKER_HUB, is_docker_hub, parse_image_ref};
pub use parse::{parse, parse_reusing};

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

/// `text` expanded the way BuildKit expands a word (quotes removed, escapes applied, `$A`,
/// `${A:-x}`, `${A#p}`, `${A/p/r}`... substituted) with `lookup` giving the variables that are
/// set; unset ones expand to nothing. `None` when BuildKit would fail (an open quote, a
/// malformed `${...}`, `${A?msg}` with `A` unset or empty as the modifier demands).
pub fn expand(text: &str, escape: char, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let opts = shlex::Options {
        skip_unset: false,
        ..shlex::Options::literal(escape)
    };
    let lexed = shlex::lex(text, opts, lookup);
    let fails_on_unset = lexed
        .refs
        .iter()
        .any(|r| matches!(&r.modifier, Some((op, _)) if op.ends_with('?')) && lookup(&r.name).is_none());
    match lexed.error {
        None if !fails_on_unset => Some(lexed.result),
        _ => None,
    }
}

use crate::syntax::TextRange;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expand_like_buildkit() {
        let env = |n: &str| (n == "V").then(|| "1.2".to_string());
        assert_eq!(expand("img:$V", '\\', &env).as_deref(), Some("img:1.2"));
        assert_eq!(expand("'$V'-\"$V\"-\\$V", '\\', &env).as_deref(), Some("$V-1.2-$V"));
        assert_eq!(expand("${U:-d}/$U", '\\', &env).as_deref(), Some("d/"));
        assert_eq!(expand("${V%.*}", '\\', &env).as_deref(), Some("1"));
        assert_eq!(expand("${U?required}", '\\', &env), None);
        assert_eq!(expand("${V:?required}", '\\', &env).as_deref(), Some("1.2"));
        assert_eq!(expand("\"open", '\\', &env), None);
    }

    #[test]
    fn var_refs_and_unquote() {
        let refs = var_refs("a=$A b=${B:+x}", '\\');
        let names: Vec<(&str, TextRange)> = refs.iter().map(|r| (r.name.value.as_str(), r.range)).collect();
        assert_eq!(names, [("A", TextRange::new(2, 4)), ("B", TextRange::new(7, 14))]);
        assert_eq!(unquote("\"a b\"c", '\\').as_deref(), Some("a bc"));
    }
}
