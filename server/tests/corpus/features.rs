//! Hover, completion and signature help over the real Dockerfiles of `shared/corpus/dev`: asked
//! where an editor asks (after a trigger character, after the space that ends a keyword), they
//! never panic, every range they return lies on character boundaries and covers the cursor, and
//! completion offers nothing inside heredoc bodies. A debug build asks in every other file; with
//! `FEATURES_CORPUS_ALL=1` (use `--release`) every file is asked at every character.

use crate::common;

use common::corpus;
use dockerfile_lsp::analysis::completion::completion;
use dockerfile_lsp::analysis::config::Locale;
use dockerfile_lsp::analysis::hover::hover;
use dockerfile_lsp::analysis::model;
use dockerfile_lsp::analysis::signature_help::signature_help;
use dockerfile_lsp::syntax::TextRange;

fn check_range(path: &str, text: &str, offset: usize, range: TextRange, what: &str) {
    assert!(
        range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end),
        "{path}@{offset}: {what} range {range:?} is not on character boundaries"
    );
}

#[test]
fn features_never_panic_and_return_sound_ranges() {
    let Some(corpus) = corpus::dev("features_never_panic_and_return_sound_ranges") else {
        return;
    };
    let files = corpus.files();
    let every = std::env::var_os("FEATURES_CORPUS_ALL").is_some();
    for (path, text) in files.iter().step_by(if every { 1 } else { 2 }) {
        let model = model::parse(text);
        let heredoc_bodies: Vec<TextRange> = model
            .instructions
            .iter()
            .flat_map(|i| i.heredocs.iter().map(|h| h.body))
            .filter(|b| !b.is_empty())
            .collect();
        let asked = text.char_indices().chain([(text.len(), ' ')]).filter(|&(offset, _)| {
            let mut before = text[..offset].chars().rev();
            let (b, bb) = (before.next(), before.next());
            every
                || b.is_none_or(|b| "=,$:{#".contains(b))
                || (b == Some('-') && bb == Some('-'))
                || (b == Some(' ') && bb.is_some_and(|c| c.is_ascii_uppercase()))
        });
        for (offset, _) in asked {
            if let Some(h) = hover(&model, text, offset, Locale::En) {
                check_range(path, text, offset, h.range, "hover");
                assert!(
                    h.range.contains_inclusive(offset),
                    "{path}@{offset}: hover range misses the cursor"
                );
                assert!(!h.markdown.is_empty(), "{path}@{offset}: empty hover");
            }
            let items = completion(&model, None, text, offset, Locale::ZhHans);
            for item in &items {
                check_range(path, text, offset, item.range, "completion");
                assert!(
                    item.range.contains_inclusive(offset),
                    "{path}@{offset}: completion range of {} misses the cursor",
                    item.label
                );
            }
            if heredoc_bodies.iter().any(|b| b.start < offset && offset < b.end) {
                assert!(items.is_empty(), "{path}@{offset}: completion inside a heredoc body");
            }
            if let Some(help) = signature_help(&model, text, offset, Locale::En) {
                assert!(help.active_signature < help.signatures.len(), "{path}@{offset}");
                let active = &help.signatures[help.active_signature];
                if let Some(p) = help.active_parameter {
                    assert!(
                        p < active.parameters.len(),
                        "{path}@{offset}: active parameter out of range"
                    );
                }
            }
        }
    }
}
