//! Parser directives (`# syntax=`, `# escape=`, `# check=`) as BuildKit's `DirectiveParser` reads
//! them, and the options of `# check=` as BuildKit's linter reads them.

use super::DirectiveKind;

/// A comment line that has the shape of a directive with a known name: byte spans into the
/// line, which starts with `#`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Shape {
    pub kind: DirectiveKind,
    pub name: (usize, usize),
    pub value: (usize, usize),
}

/// Go's regexp `\s`: `[\t\n\f\r ]`.
fn is_re_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{c}' | '\r' | ' ')
}

/// Matches `#\s*name\s*=\s*value\s*` (BuildKit's directive regexp) with a known name.
pub(crate) fn shape(line: &str) -> Option<Shape> {
    let body = line.strip_prefix('#')?;
    let lead = body.len() - body.trim_start().len();
    let name_start = 1 + lead;
    let rest = &line[name_start..];
    let mut chars = rest.char_indices();
    match chars.next() {
        Some((_, c)) if c.is_ascii_alphabetic() => {}
        _ => return None,
    }
    let name_len = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
    let name_end = name_start + name_len;
    let after_name = &line[name_end..];
    let eq = after_name.len() - after_name.trim_start_matches(is_re_space).len();
    if !after_name[eq..].starts_with('=') {
        return None;
    }
    let value_area_start = name_end + eq + 1;
    let value_area = &line[value_area_start..];
    let trimmed_end = value_area.trim_end_matches(is_re_space).len();
    let lead_ws = value_area.len() - value_area.trim_start_matches(is_re_space).len();
    let (vs, ve) = if lead_ws < trimmed_end {
        (lead_ws, trimmed_end)
    } else {
        // All blank: the lazy `(.+?)` still takes the last blank character.
        let last = value_area.chars().next_back()?;
        (value_area.len() - last.len_utf8(), value_area.len())
    };
    let kind = match line[name_start..name_end].to_ascii_lowercase().as_str() {
        "syntax" => DirectiveKind::Syntax,
        "escape" => DirectiveKind::Escape,
        "check" => DirectiveKind::Check,
        _ => return None,
    };
    Some(Shape {
        kind,
        name: (name_start, name_end),
        value: (value_area_start + vs, value_area_start + ve),
    })
}

pub(crate) fn kind_name(kind: DirectiveKind) -> &'static str {
    match kind {
        DirectiveKind::Syntax => "syntax",
        DirectiveKind::Escape => "escape",
        DirectiveKind::Check => "check",
    }
}

/// The options of a `# check=` directive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// `skip=all`.
    pub skip_all: bool,
    /// `skip=A,B`: BuildKit check names.
    pub skip: Vec<String>,
    /// `error=true`: warnings fail the build.
    pub error: bool,
    /// `experimental=all`.
    pub experimental_all: bool,
    /// `experimental=A,B`.
    pub experimental: Vec<String>,
}

fn split_list(v: &str) -> Vec<String> {
    v.split(',').map(|s| s.trim().to_string()).collect()
}

/// Go's `strconv.ParseBool`.
fn parse_go_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

impl CheckOptions {
    /// Parses the value of `# check=` as BuildKit does: only the text before the first space
    /// counts (`skip=A, B` skips `A` alone), read by `linter.ParseLintOptions`; the error is a
    /// message for `invalid-parser-directive`.
    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.split(' ').next().unwrap_or("").trim();
        let mut out = CheckOptions::default();
        if value.is_empty() {
            return Ok(out);
        }
        for part in value.splitn(3, ';') {
            let Some((k, v)) = part.split_once('=') else {
                return Err(format!("Invalid `check` option `{part}`"));
            };
            match k.trim() {
                "skip" => match v.trim() {
                    "all" => out.skip_all = true,
                    v => out.skip = split_list(v),
                },
                "experimental" => match v.trim() {
                    "all" => out.experimental_all = true,
                    v => out.experimental = split_list(v),
                },
                "error" => match parse_go_bool(v.trim()) {
                    Some(b) => out.error = b,
                    None => return Err(format!("Failed to parse `check` option `{part}`: not a boolean")),
                },
                k => return Err(format!("Invalid `check` option `{k}`")),
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(line: &str) -> Option<(DirectiveKind, &str, &str)> {
        shape(line).map(|s| (s.kind, &line[s.name.0..s.name.1], &line[s.value.0..s.value.1]))
    }

    #[test]
    fn directive_shapes() {
        assert_eq!(parts("# escape=`"), Some((DirectiveKind::Escape, "escape", "`")));
        assert_eq!(parts("#ESCAPE = \\ "), Some((DirectiveKind::Escape, "ESCAPE", "\\")));
        assert_eq!(
            parts("# syntax=docker/dockerfile:1"),
            Some((DirectiveKind::Syntax, "syntax", "docker/dockerfile:1"))
        );
        assert_eq!(
            parts("#  check = skip=all;error=true"),
            Some((DirectiveKind::Check, "check", "skip=all;error=true"))
        );
        assert_eq!(parts("# escape= "), Some((DirectiveKind::Escape, "escape", " ")));
        assert_eq!(parts("# escape="), None);
        assert_eq!(parts("# foo=bar"), None);
        assert_eq!(parts("# escape is `"), None);
        assert_eq!(parts("# 1escape=`"), None);
        assert_eq!(parts("escape=`"), None);
    }

    #[test]
    fn check_options() {
        assert_eq!(
            CheckOptions::parse("skip=JSONArgsRecommended,StageNameCasing;error=true"),
            Ok(CheckOptions {
                skip: vec!["JSONArgsRecommended".into(), "StageNameCasing".into()],
                error: true,
                ..Default::default()
            })
        );
        // BuildKit stops at the first space.
        assert_eq!(
            CheckOptions::parse("skip=A, B;error=true"),
            Ok(CheckOptions {
                skip: vec!["A".into(), String::new()],
                ..Default::default()
            })
        );
        assert!(CheckOptions::parse("skip=all").is_ok_and(|o| o.skip_all));
        assert!(CheckOptions::parse("").is_ok());
        assert!(CheckOptions::parse("skip").is_err());
        assert!(CheckOptions::parse("error=maybe").is_err());
        assert!(CheckOptions::parse("ignore=x").is_err());
    }
}
