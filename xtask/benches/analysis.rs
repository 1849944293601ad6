//! Micro-benchmarks of the analysis pipeline, stage by stage, on the example Dockerfile and the
//! generated 5,000-line file: the raw tree-sitter parse (our floor), the model, the facts, the
//! rules, the whole analysis, the per-keystroke path (an edit, then the analysis reusing the
//! previous version's facts) and the LSP diagnostics conversion.
//!
//! `cargo bench -p xtask --bench analysis` (criterion; reports in target/criterion). Under
//! `cargo test -p xtask --benches` each benchmark runs once, as a smoke test.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use dockerfile_lsp::analysis::config::Config;
use dockerfile_lsp::analysis::context::NoContext;
use dockerfile_lsp::analysis::facts::Facts;
use dockerfile_lsp::analysis::shellcheck::NoShellcheck;
use dockerfile_lsp::analysis::{Host, Previous, analyze, model, rules};
use dockerfile_lsp::syntax::{Document, LineCol, PositionEncoding, TextEdit};

fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The inputs: the example, and the 5,000-line file generated from the corpus (the example
/// repeated when the corpus is not beside the checkout).
fn inputs() -> Vec<(&'static str, String)> {
    let root = root();
    let small = std::fs::read_to_string(root.join("examples").join("Dockerfile")).unwrap_or_default();
    let corpus = xtask::large::default_corpus(&root);
    let large =
        xtask::large::generate(&corpus, 5000).unwrap_or_else(|_| small.repeat(5000 / small.lines().count().max(1)));
    vec![("example", small), ("5000 lines", large)]
}

fn pipeline(c: &mut Criterion) {
    let config = Config::default();
    let host = Host::none();
    let mut parser = tree_sitter::Parser::new();
    if parser.set_language(&arborium_dockerfile::language().into()).is_err() {
        return;
    }
    for (name, text) in inputs() {
        let mut group = c.benchmark_group(name);
        group.bench_function("tree-sitter parse (floor)", |b| {
            b.iter(|| parser.parse(black_box(&text), None))
        });
        group.bench_function("model", |b| b.iter(|| model::parse(black_box(&text))));
        let model = model::parse(&text);
        group.bench_function("facts", |b| b.iter(|| Facts::compute(black_box(&text), &model)));
        let facts = Facts::compute(&text, &model);
        group.bench_function("facts, reusing the previous version", |b| {
            b.iter(|| Facts::compute_reusing(black_box(&text), &model, Some(&facts)))
        });
        group.bench_function("rules", |b| {
            b.iter(|| {
                let cx = rules::Context::new(&text, &model, &facts, &config, &NoContext, &NoShellcheck);
                rules::run(&cx)
            })
        });
        group.bench_function("analyze", |b| {
            b.iter(|| analyze(black_box(&text), &config, &host, None))
        });
        group.finish();
    }
}

/// What one keystroke costs the server before it serialises: the edit applied to the document,
/// then the analysis of the new text reusing the previous version's model and facts.
fn keystroke(c: &mut Criterion) {
    let config = Config::default();
    let host = Host::none();
    for (name, text) in inputs() {
        let doc = Document::new(&text, 1);
        let before = analyze(&text, &config, &host, None);
        let before_text = text.clone();
        let line = (text.lines().count() / 2) as u32;
        let edit = TextEdit {
            range: Some((LineCol { line, col: 1 }, LineCol { line, col: 1 })),
            text: "x".into(),
        };
        c.bench_function(
            &format!("{name}/keystroke: edit + analyze reusing the previous version"),
            |b| {
                b.iter_batched(
                    || doc.clone(),
                    |mut doc| {
                        doc.apply_edits(std::slice::from_ref(&edit), 2, PositionEncoding::Utf16);
                        let text = doc.text();
                        let previous = Previous::of(&before_text, &before);
                        analyze(&text, &config, &host, Some(previous))
                    },
                    BatchSize::SmallInput,
                )
            },
        );
    }
}

criterion_group!(benches, pipeline, keystroke);
criterion_main!(benches);
