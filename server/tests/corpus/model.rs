//! The model over the 954 real Dockerfiles of `shared/corpus/dev`: parsing never panics, and a
//! file BuildKit builds gets no `syntax-error`, `missing-arguments` or fatal `invalid-json-form`
//! problem. Files that really are invalid for BuildKit are named below with the reason.

use crate::common;

use common::corpus;
use dockerfile_lsp::analysis::model::{self, rule};

/// Files of the corpus that BuildKit itself rejects, with the problem we must report.
const INVALID: &[(&str, &str, &str)] = &[];

#[test]
fn corpus_files_parse_without_buildkit_errors() {
    let Some(corpus) = corpus::dev("corpus_files_parse_without_buildkit_errors") else {
        return;
    };
    let mut unexpected = Vec::new();
    let mut seen_invalid = Vec::new();
    for path in corpus.paths.iter().map(String::as_str) {
        let text = corpus.read(path);
        let model = model::parse(&text);
        let errors: Vec<_> = model
            .problems
            .iter()
            .filter(|p| {
                p.rule == rule::SYNTAX_ERROR
                    || p.rule == rule::MISSING_ARGUMENTS
                    || (p.rule == rule::INVALID_JSON_FORM && p.fatal)
            })
            .collect();
        match INVALID.iter().find(|(p, ..)| *p == path) {
            Some((_, rule_id, reason)) => {
                let found = errors.iter().any(|p| p.rule == *rule_id && p.message.contains(reason));
                assert!(found, "{path}: expected {rule_id} `{reason}`, got {errors:?}");
                seen_invalid.push(path);
            }
            None => {
                for p in errors {
                    let line = text[..p.range.start.min(text.len())].matches('\n').count() + 1;
                    unexpected.push(format!("{path}:{line}: {} {}", p.rule, p.message));
                }
            }
        }
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
    assert_eq!(
        seen_invalid.len(),
        INVALID.len(),
        "allow-listed files missing from the corpus"
    );
}

/// The model an edit builds from the previous version's equals a fresh parse, on every corpus
/// file and edits of the shapes typing makes: a character typed and removed, a line broken and
/// joined, a continuation and a heredoc opened, a line deleted.
#[test]
fn models_built_from_the_previous_version_equal_fresh_ones_on_the_corpus() {
    let Some(corpus) = corpus::dev("models_built_from_the_previous_version_equal_fresh_ones_on_the_corpus") else {
        return;
    };
    let mut compared = 0;
    for path in &corpus.paths {
        let mut text = corpus.read(path);
        let mut model = model::parse(&text);
        let lines: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&i| i < text.len())
            .collect();
        // Edits at a few lines spread over the file, each applied to the result of the last.
        for (k, &at) in lines.iter().step_by(lines.len() / 4 + 1).enumerate() {
            let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
            let (range, insert) = match k % 5 {
                0 => (at..at, "x"),
                1 => (at..at, " \\\n"),
                2 => (line_end..line_end, " <<EOF\nEOF"),
                3 => (at..(line_end + 1).min(text.len()), ""),
                _ => (line_end..line_end, "\n\nRUN a \\"),
            };
            let new = format!("{}{insert}{}", &text[..range.start], &text[range.end..]);
            let reused = model::parse_reusing(&new, &text, &model);
            assert!(
                reused == model::parse(&new),
                "{path}: edit {k} at {range:?} inserting {insert:?}"
            );
            compared += 1;
            text = new;
            model = reused;
        }
    }
    assert!(compared > corpus::FILES, "{compared} edits compared");
}
