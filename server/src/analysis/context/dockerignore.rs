//! `.dockerignore` with BuildKit's semantics (moby/patternmatcher), which are not gitignore's:
//! patterns are cleaned paths relative to the context root, `*` and `?` never cross `/`, `**`
//! crosses any number of directories, `!` re-includes, the last matching pattern wins, and a
//! pattern that matches a parent directory matches everything below it.

/// Go's `filepath.Clean` on a slash-separated path: no `.` segments, `..` resolved where it can
/// be, no doubled or trailing slashes; `""` becomes `"."`.
pub fn clean_path(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Literal(char),
    /// `*`: any run of characters but `/`.
    Star,
    /// `?`: one character but `/`.
    Question,
    /// `[...]`: a character class (ranges as pairs), possibly negated; never matches `/`.
    Class {
        negated: bool,
        items: Vec<(char, char)>,
    },
    /// `**` followed by more pattern: any run of whole directories, `(.*/)?`.
    AnyDirs,
    /// `**` at the end: anything at all.
    AnyTail,
}

/// One line of a `.dockerignore`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnorePattern {
    /// The cleaned pattern, without `!`.
    pub pattern: String,
    /// `!pattern`: re-include what earlier patterns excluded.
    pub exclusion: bool,
    /// 0-based line in the ignore file.
    pub line: usize,
    tokens: Vec<Token>,
}

fn compile(pattern: &str) -> Vec<Token> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                // `**/` is read as `**`: the slash is part of what it may match.
                if chars.get(i) == Some(&'/') {
                    i += 1;
                }
                out.push(if i >= chars.len() {
                    Token::AnyTail
                } else {
                    Token::AnyDirs
                });
                continue;
            }
            '*' => out.push(Token::Star),
            '?' => out.push(Token::Question),
            '\\' if i + 1 < chars.len() => {
                i += 1;
                out.push(Token::Literal(chars[i]));
            }
            '[' => {
                if let Some((token, next)) = compile_class(&chars, i) {
                    out.push(token);
                    i = next;
                    continue;
                }
                out.push(Token::Literal('['));
            }
            c => out.push(Token::Literal(c)),
        }
        i += 1;
    }
    out
}

/// Parses `[...]` starting at `start`; returns the token and the index after `]`.
fn compile_class(chars: &[char], start: usize) -> Option<(Token, usize)> {
    let mut i = start + 1;
    let negated = chars.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        if c == ']' && !first {
            return Some((Token::Class { negated, items }, i + 1));
        }
        first = false;
        let lo = if c == '\\' {
            i += 1;
            *chars.get(i)?
        } else {
            c
        };
        i += 1;
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|c| *c != ']') {
            let mut hi = chars[i + 1];
            i += 2;
            if hi == '\\' {
                hi = *chars.get(i)?;
                i += 1;
            }
            items.push((lo, hi));
        } else {
            items.push((lo, lo));
        }
    }
}

fn matches_tokens(tokens: &[Token], path: &[char]) -> bool {
    let Some((first, rest)) = tokens.split_first() else {
        return path.is_empty();
    };
    match first {
        Token::Literal(c) => path.first() == Some(c) && matches_tokens(rest, &path[1..]),
        Token::Question => path.first().is_some_and(|c| *c != '/') && matches_tokens(rest, &path[1..]),
        Token::Class { negated, items } => path.first().is_some_and(|c| {
            *c != '/'
                && (items.iter().any(|(lo, hi)| lo <= c && c <= hi) != *negated)
                && matches_tokens(rest, &path[1..])
        }),
        Token::Star => {
            for n in 0..=path.len() {
                if matches_tokens(rest, &path[n..]) {
                    return true;
                }
                if path.get(n) == Some(&'/') {
                    break;
                }
            }
            false
        }
        Token::AnyTail => true,
        Token::AnyDirs => {
            // `(.*/)?`: nothing, or anything ending in `/`.
            if matches_tokens(rest, path) {
                return true;
            }
            (0..path.len()).any(|n| path[n] == '/' && matches_tokens(rest, &path[n + 1..]))
        }
    }
}

impl IgnorePattern {
    pub fn new(line_text: &str, line: usize) -> Option<Self> {
        let trimmed = line_text.trim();
        if trimmed.is_empty() {
            return None;
        }
        let (exclusion, rest) = match trimmed.strip_prefix('!') {
            Some(rest) => (true, rest.trim()),
            None => (false, trimmed),
        };
        if rest.is_empty() {
            return None;
        }
        let mut pattern = clean_path(rest);
        if pattern.len() > 1 && pattern.starts_with('/') {
            pattern.remove(0);
        }
        let tokens = compile(&pattern);
        Some(Self {
            pattern,
            exclusion,
            line,
            tokens,
        })
    }

    /// Whether the pattern matches this clean, slash-separated path itself.
    pub fn matches(&self, path: &str) -> bool {
        let chars: Vec<char> = path.chars().collect();
        matches_tokens(&self.tokens, &chars)
    }

    /// Whether the pattern matches the path or one of its parent directories.
    fn matches_or_parent(&self, path: &str) -> bool {
        if self.matches(path) {
            return true;
        }
        path.match_indices('/').any(|(i, _)| self.matches(&path[..i]))
    }
}

/// The patterns of one ignore file, in order.
#[derive(Clone, Debug, Default)]
pub struct Ignorer {
    pub patterns: Vec<IgnorePattern>,
}

impl Ignorer {
    /// Reads an ignore file: a UTF-8 BOM is dropped, lines starting with `#` are comments,
    /// whitespace around patterns is trimmed.
    pub fn parse(contents: &str) -> Self {
        let contents = contents.strip_prefix('\u{feff}').unwrap_or(contents);
        let patterns = contents
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#'))
            .filter_map(|(i, l)| IgnorePattern::new(l, i))
            .collect();
        Self { patterns }
    }

    /// The pattern that decides whether `path` (relative to the context root) is excluded, when
    /// the last matching pattern excludes it; `None` when the path is sent to the builder.
    pub fn excluded_by(&self, path: &str) -> Option<&IgnorePattern> {
        let path = clean_path(path.trim_start_matches('/'));
        let mut decided: Option<&IgnorePattern> = None;
        for pattern in &self.patterns {
            let currently_excluded = decided.is_some();
            // An exclusion can only change an excluded path, an inclusion only an included one.
            if pattern.exclusion != currently_excluded {
                continue;
            }
            if pattern.matches_or_parent(&path) {
                decided = if pattern.exclusion { None } else { Some(pattern) };
            }
        }
        decided
    }

    pub fn is_excluded(&self, path: &str) -> bool {
        self.excluded_by(path).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ig(text: &str) -> Ignorer {
        Ignorer::parse(text)
    }

    #[test]
    fn cleans_like_go() {
        assert_eq!(clean_path("./a//b/../c/"), "a/c");
        assert_eq!(clean_path(""), ".");
        assert_eq!(clean_path("/../x"), "/x");
        assert_eq!(clean_path("../x"), "../x");
    }

    #[test]
    fn star_does_not_cross_directories() {
        let i = ig("*.md\n");
        assert!(i.is_excluded("README.md"));
        assert!(!i.is_excluded("docs/README.md"));
        let i = ig("*/*.md\n");
        assert!(i.is_excluded("docs/README.md"));
    }

    #[test]
    fn double_star_crosses_any_number_of_directories() {
        let i = ig("**/*.go\n");
        assert!(i.is_excluded("main.go"));
        assert!(i.is_excluded("a/b/c.go"));
        let i = ig("a/**/z\n");
        assert!(i.is_excluded("a/z"));
        assert!(i.is_excluded("a/b/c/z"));
        assert!(!i.is_excluded("b/z"));
        assert!(ig("a/**\n").is_excluded("a/b/c"));
    }

    #[test]
    fn parent_match_excludes_children() {
        let i = ig("node_modules\n");
        assert!(i.is_excluded("node_modules/x/index.js"));
        // Unlike gitignore, a bare name is anchored at the context root.
        assert!(!i.is_excluded("web/node_modules/x.js"));
    }

    #[test]
    fn last_match_wins_with_exceptions() {
        let i = ig("*.md\n!README.md\n");
        assert!(i.is_excluded("CHANGES.md"));
        assert!(!i.is_excluded("README.md"));
        let i = ig("!README.md\n*.md\n");
        assert!(i.is_excluded("README.md"));
    }

    #[test]
    fn comments_blank_lines_leading_slash_and_bom() {
        let i = ig("\u{feff}# comment\n\n  /target/  \n #not-a-comment\n");
        assert_eq!(i.patterns.len(), 2);
        assert_eq!(i.patterns[0].pattern, "target");
        assert!(i.is_excluded("target/debug/x"));
        assert!(i.is_excluded("#not-a-comment"));
    }

    #[test]
    fn classes_and_question_marks() {
        let i = ig("file[0-9].txt\nlog?\n[^a]b\n");
        assert!(i.is_excluded("file7.txt"));
        assert!(!i.is_excluded("filex.txt"));
        assert!(i.is_excluded("log1"));
        assert!(!i.is_excluded("log/"));
        assert!(i.is_excluded("cb"));
        assert!(!i.is_excluded("ab"));
    }

    #[test]
    fn excluded_by_names_the_deciding_line() {
        let i = ig("a\n*.log\n");
        assert_eq!(i.excluded_by("x.log").map(|p| p.line), Some(1));
    }
}
