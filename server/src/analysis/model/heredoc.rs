//! Heredoc markers (`<<EOF`, `<<-EOF`, `<<"EOF"`) found the way BuildKit's `heredocsFromLine`
//! and `ParseHeredoc` find them: the logical line is cut into shell words with quotes and
//! escapes kept, and each word of the form `[n]<<[-]word` names a heredoc.

use super::shlex::{self, Options};

/// A heredoc marker in a logical line; spans are byte offsets into the lexed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Marker {
    /// The delimiter with quotes removed.
    pub name: String,
    pub name_span: (usize, usize),
    pub span: (usize, usize),
    /// `<<-`.
    pub chomp: bool,
    /// Part of the delimiter was quoted: the body is not expanded.
    pub quoted: bool,
}

fn none(_: &str) -> Option<String> {
    None
}

/// The markers of `text`, in order; an error is BuildKit's reason for rejecting a marker.
pub(crate) fn markers(text: &str) -> Result<Vec<Marker>, String> {
    if !text.contains("<<") {
        return Ok(Vec::new());
    }
    let raw = Options {
        raw_quotes: true,
        raw_escapes: true,
        ..Options::literal('\\')
    };
    // BuildKit ignores a lexing error here: the line then has no heredoc at all.
    let words = shlex::lex(text, raw, &none).words;
    let mut out = Vec::new();
    for word in words {
        if let Some(marker) = parse_marker(&word.text)? {
            let exact = text.get(word.start..word.end) == Some(word.text.as_str());
            let name_span = if exact {
                (word.start + marker.1, word.end)
            } else {
                (word.start, word.end)
            };
            out.push(Marker {
                name: marker.0.name,
                name_span,
                span: (word.start, word.end),
                chomp: marker.0.chomp,
                quoted: marker.0.quoted,
            });
        }
    }
    Ok(out)
}

pub(crate) struct Parsed {
    pub name: String,
    pub chomp: bool,
    pub quoted: bool,
}

/// `ParseHeredoc` on one word: `^(\d*)<<(-?)([^<]*)$`; the offset of the delimiter is returned
/// with it.
pub(crate) fn parse_marker(word: &str) -> Result<Option<(Parsed, usize)>, String> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let Some(after) = word[digits..].strip_prefix("<<") else {
        return Ok(None);
    };
    let chomp = after.starts_with('-');
    let rest = if chomp { &after[1..] } else { after };
    if rest.is_empty() || rest.contains('<') {
        return Ok(None);
    }
    let plain = shlex::lex(rest, Options::literal('\\'), &none);
    if let Some(e) = plain.error {
        return Err(e);
    }
    if plain.words.len() != 1 {
        return Ok(None);
    }
    let quoted_opts = Options {
        raw_quotes: true,
        ..Options::literal('\\')
    };
    let with_quotes = shlex::lex(rest, quoted_opts, &none);
    if let Some(e) = with_quotes.error {
        return Err(e);
    }
    if with_quotes.words.len() != 1 {
        return Err(format!(
            "internal lexing of heredoc produced inconsistent results: {rest}"
        ));
    }
    let count = |s: &str| s.matches(['\'', '"']).count();
    let name = plain.words[0].text.clone();
    let quoted = count(&name) != count(&with_quotes.words[0].text);
    Ok(Some((Parsed { name, chomp, quoted }, word.len() - rest.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, bool, bool)> {
        markers(line)
            .unwrap_or_default()
            .into_iter()
            .map(|m| (m.name, m.chomp, m.quoted))
            .collect()
    }

    #[test]
    fn finds_markers() {
        assert_eq!(names("RUN <<EOF"), vec![("EOF".into(), false, false)]);
        assert_eq!(
            names("RUN <<-EOF1 cat <<'EOF2' 3<<\"E\"OF"),
            vec![
                ("EOF1".into(), true, false),
                ("EOF2".into(), false, true),
                ("EOF".into(), false, true)
            ]
        );
        assert_eq!(names("COPY --chmod=755 <<EOF /x"), vec![("EOF".into(), false, false)]);
        assert!(names("RUN echo \"<<EOF\"").is_empty());
        assert!(names("RUN cat <<<EOF").is_empty());
        assert!(names("RUN a<<EOF").is_empty());
        // An unbalanced quote anywhere hides every marker, as in BuildKit.
        assert!(names("RUN cat <<EOF; echo 'x").is_empty());
    }

    #[test]
    fn single_words() {
        for word in [
            "<<EOF",
            "<<'EOF'",
            "<<\"EOF\"",
            "<<-EOF",
            "<<-'EOF'",
            "<<-E\"O\"F",
            "12<<EOF",
        ] {
            let parsed = parse_marker(word);
            assert!(matches!(&parsed, Ok(Some((p, _))) if p.name == "EOF"), "{word}");
        }
        for word in ["", "EOF", "<<", "<<-", "<EOF", "<<<EOF", "a<<EOF", "<<A B"] {
            assert!(matches!(parse_marker(word), Ok(None)), "{word}");
        }
        for word in ["<<'EOF", "<<\"EOF", "<<EOF'"] {
            assert!(parse_marker(word).is_err(), "{word}");
        }
    }

    #[test]
    fn marker_spans() {
        let line = "RUN cat <<-\"EOF\" >x";
        let m = markers(line).unwrap_or_default();
        assert_eq!(m[0].span, (8, 16));
        assert_eq!(&line[m[0].name_span.0..m[0].name_span.1], "\"EOF\"");
    }
}
