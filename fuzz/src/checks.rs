//! What the fuzz targets check, one public function per target taking the raw bytes libFuzzer
//! gives and panicking when an invariant breaks. The same file is compiled into
//! `server/tests/analysis/fuzz_replay.rs` (through `#[path]`), which replays `fuzz/corpus/<target>/` and
//! `fuzz/regressions/<target>/` in a plain `cargo test`.
//!
//! Input layouts (so that a Dockerfile can seed every target):
//! - `analyze`: the bytes are the text (invalid UTF-8 replaced, as the CLI reads files).
//! - `fixes_format`: one byte of format options, then the text.
//! - `edits`, `features`: two bytes (little endian) giving the length `n` of an operations part,
//!   `n` bytes decoded with `arbitrary` into edits or queries, then the text.

use std::collections::HashMap;
use std::collections::HashSet;

use arbitrary::{Arbitrary, Unstructured};
use dockerfile_lsp::analysis::config::{Config, Locale};
use dockerfile_lsp::analysis::diagnostic::{Diagnostic, Edit, Fix, Severity};
use dockerfile_lsp::analysis::fixes::{self, FixMode};
use dockerfile_lsp::analysis::format::{self, FormatOptions};
use dockerfile_lsp::analysis::model::{self, Model};
use dockerfile_lsp::analysis::shellcheck::{Dialect, Finding, Level, ShellChecker};
use dockerfile_lsp::analysis::{
    self as analysis, Analysis, Host, Previous, completion, graph, hover, ignore, inlay, lens, links, navigation,
    signature_help, symbols, tokens,
};
use dockerfile_lsp::cli::{finding, github, sarif, text as cli_text};
use dockerfile_lsp::syntax::{Document, LineCol, PositionEncoding, TextEdit, TextRange, parse_tree};

/// Texts the edits insert besides arbitrary strings: the pieces that change how a Dockerfile
/// reads (continuations, heredocs, escapes, line breaks of every kind, multi-byte characters).
const SNIPPETS: &[&str] = &[
    "FROM alpine:3.20 AS build\n",
    "RUN apt-get update && \\\n    apt-get install -y curl\n",
    "RUN echo 😀 \\\r\n  && echo 中文\r\n",
    "COPY --link <<EOF /etc/x\nhello é\nEOF\n",
    "RUN <<-EOT bash\n\techo hi\n\tEOT\n",
    "ENV A=1 B=\"x y\" \\\n    C=${A:-default}\n",
    "# escape=`\n",
    "# syntax=docker/dockerfile:1\n",
    "\\\n",
    "\\\r\n",
    "\r\n",
    "\n",
    "\r",
    "😀",
    "é",
    "`",
    "\"",
    "${",
    "<<EOF",
    "EOF\n",
    "--",
    "=",
    " ",
    "\t",
];

// ---------------------------------------------------------------------------------------------
// Shared helpers

/// Splits an `edits`/`features` input into its operations part and its text.
fn split(data: &[u8]) -> (&[u8], String) {
    let (len, rest) = match data {
        [a, b, rest @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), rest),
        _ => (0, &[][..]),
    };
    let (ops, text) = rest.split_at(len.min(rest.len()));
    (ops, String::from_utf8_lossy(text).into_owned())
}

fn assert_range(text: &str, range: TextRange, what: &dyn std::fmt::Display) {
    assert!(
        range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end),
        "{what}: range {range:?} is not inside the text ({} bytes) on character boundaries",
        text.len()
    );
}

/// Checks that `edits` are inside `text`, on character boundaries and pairwise free of
/// conflicts, and returns the text they give, computed here apart from `fixes::apply_edits`.
fn apply_checked(text: &str, edits: &[Edit], what: &dyn std::fmt::Display) -> String {
    for e in edits {
        assert_range(text, e.range, what);
    }
    for (i, a) in edits.iter().enumerate() {
        for b in &edits[i + 1..] {
            assert!(
                !fixes::conflict(a.range, b.range),
                "{what}: edits {:?} and {:?} conflict",
                a.range,
                b.range
            );
        }
    }
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::new();
    let mut copied = 0;
    for e in sorted {
        out.push_str(&text[copied..e.range.start]);
        out.push_str(&e.new_text);
        copied = e.range.end;
    }
    out.push_str(&text[copied..]);
    assert_eq!(
        out,
        fixes::apply_edits(text, edits),
        "{what}: apply_edits left out some of the edits"
    );
    out
}

fn check_fix(text: &str, fix: &Fix, what: &dyn std::fmt::Display) {
    assert!(!fix.title.is_empty(), "{what}: a fix without a title");
    apply_checked(text, &fix.edits, what);
}

fn check_diagnostics(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let what = format!("diagnostic `{}` ({})", d.rule, d.message);
        assert_range(text, d.range, &what);
        assert!(!d.message.is_empty(), "{what}: empty message");
        if let Some(fix) = &d.fix {
            check_fix(text, fix, &format!("fix of {what}"));
        }
    }
}

/// The rules of the errors in `diagnostics`, with how often each fires.
fn errors(diagnostics: &[Diagnostic]) -> HashMap<&'static str, usize> {
    let mut out = HashMap::new();
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        *out.entry(d.rule).or_insert(0) += 1;
    }
    out
}

/// The error rules that fire more often in `after` than in `before`.
fn new_errors(before: &[Diagnostic], after: &[Diagnostic]) -> Vec<&'static str> {
    let was = errors(before);
    let mut out: Vec<&'static str> = errors(after)
        .into_iter()
        .filter(|(rule, n)| *n > was.get(rule).copied().unwrap_or(0))
        .map(|(rule, _)| rule)
        .collect();
    out.sort_unstable();
    out
}

fn fatal_problems(model: &Model) -> usize {
    model.problems.iter().filter(|p| p.fatal).count()
}

fn locale(byte: u8) -> Locale {
    if byte % 2 == 0 { Locale::En } else { Locale::ZhHans }
}

// ---------------------------------------------------------------------------------------------
// analyze: parse and full analysis of arbitrary bytes, every whole-document feature, the CLI
// renderers.

/// Parse and analyse `data` as a Dockerfile; every range the analysis, the whole-document
/// features and the CLI's renderers produce lies on character boundaries of the text, and an
/// analysis that reuses the facts of the same text equals a fresh one.
pub fn analyze(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let config = Config {
        trusted_registries: vec!["docker.io".into(), "ghcr.io".into()],
        ..Config::default()
    };
    let analysis = analyze_with_config(&text, &config);
    let model = &analysis.model;
    check_model(&text, model);
    check_diagnostics(&text, &analysis.diagnostics);
    let again = analyze_reusing(&text, &config, Some(Previous::of(&text, &analysis)));
    assert!(
        again.model == analysis.model,
        "the model built from the same text differs"
    );
    assert_eq!(
        again.diagnostics, analysis.diagnostics,
        "reusing the facts of the same text changes the diagnostics"
    );

    for s in symbols::document_symbols(model, Locale::En) {
        check_outline(&text, &s);
    }
    for fold in symbols::folding_ranges(model, &text) {
        assert_range(&text, fold.range, &"folding range");
    }
    for hint in inlay::inlay_hints(model, &text, TextRange::new(0, text.len())) {
        assert!(
            hint.offset <= text.len() && text.is_char_boundary(hint.offset),
            "inlay hint at {}",
            hint.offset
        );
    }
    for l in lens::code_lenses(model, &text, Locale::ZhHans) {
        assert_range(&text, l.range, &"code lens");
    }
    for link in links::document_links(model, &text, Locale::En) {
        assert_range(&text, link.range, &"document link");
    }
    let g = graph::stage_graph(model, &text);
    let _ = (graph::mermaid(&g), graph::dot(&g));
    let doc = Document::new(&text, 0);
    let mut last = 0;
    for token in tokens::tokens(&doc, None) {
        assert_range(&text, token.range, &"semantic token");
        assert!(token.range.start >= last, "semantic tokens overlap or are out of order");
        last = token.range.end;
    }

    // The renderers of `check`: text, JSON, SARIF, GitHub annotations.
    let rope = doc.rope();
    let mut out = String::new();
    for d in &analysis.diagnostics {
        cli_text::render(&mut out, "Dockerfile", rope, d, cli_text::Style { color: true });
        let _ = github::annotation("Dockerfile", rope, d);
        let json = finding::json_finding("Dockerfile", rope, d);
        assert!(
            serde_json::to_string(&json).is_ok(),
            "a JSON finding does not serialise"
        );
    }
    let files = [sarif::FileFindings {
        name: "Dockerfile",
        rope,
        diagnostics: &analysis.diagnostics,
    }];
    let _ = sarif::log(&files, &[]);
}

fn analyze_with_config(text: &str, config: &Config) -> Analysis {
    analyze_reusing(text, config, None)
}

/// A stand-in ShellCheck that reports on each `$` of a script's first line and keeps the
/// scripts it answered, whose answers are then at hand ([`ShellChecker::cached`]).
#[derive(Default)]
struct Keeping {
    answered: std::sync::Mutex<HashSet<String>>,
}

impl Keeping {
    fn answer(script: &str) -> Vec<Finding> {
        let first = script.lines().next().unwrap_or_default();
        first
            .char_indices()
            .filter(|(_, c)| *c == '$')
            .map(|(at, _)| {
                let column = u32::try_from(first[..at].chars().count() + 1).unwrap_or(u32::MAX);
                Finding {
                    line: 1,
                    column,
                    end_line: 1,
                    end_column: column.saturating_add(1),
                    tab_stop: 1,
                    level: Level::Warning,
                    code: 2086,
                    message: "Double quote to prevent globbing".into(),
                }
            })
            .collect()
    }
}

impl ShellChecker for Keeping {
    fn check(&self, script: &str, _dialect: Dialect) -> Option<Vec<Finding>> {
        if let Ok(mut answered) = self.answered.lock() {
            answered.insert(script.to_owned());
        }
        Some(Keeping::answer(script))
    }

    fn cached(&self, script: &str, _dialect: Dialect) -> Option<Option<Vec<Finding>>> {
        let kept = self.answered.lock().is_ok_and(|a| a.contains(script));
        kept.then(|| Some(Keeping::answer(script)))
    }
}

/// The analysis with no build context and no ShellCheck, reusing `previous`.
fn analyze_reusing(text: &str, config: &Config, previous: Option<Previous<'_>>) -> Analysis {
    dockerfile_lsp::analysis::analyze(text, config, &Host::none(), previous)
}

fn check_model(text: &str, model: &Model) {
    for ins in &model.instructions {
        assert_range(text, ins.range, &"instruction");
        for h in &ins.heredocs {
            assert_range(text, h.body, &"heredoc body");
        }
    }
    for c in &model.comments {
        assert_range(text, c.range, &"comment");
    }
    for p in &model.problems {
        assert_range(text, p.range, &format!("problem `{}`", p.rule));
    }
    for r in &model.empty_continuation_lines {
        assert_range(text, *r, &"empty continuation line");
    }
    let _ = model::dump(model);
}

fn check_outline(text: &str, s: &symbols::OutlineSymbol) {
    assert_range(text, s.range, &"outline symbol");
    assert_range(text, s.selection, &"outline selection");
    assert!(
        s.range.contains_range(s.selection),
        "outline symbol {:?}: selection outside its range",
        s.name
    );
    for child in &s.children {
        check_outline(text, child);
    }
}

// ---------------------------------------------------------------------------------------------
// edits: a document edited incrementally, as the server edits it.

/// A position as a client may send it: usually near the text, sometimes far past its end.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Pos {
    Near { line: u8, col: u8 },
    Far { line: u32, col: u32 },
}

impl Pos {
    fn line_col(self) -> LineCol {
        match self {
            Pos::Near { line, col } => LineCol {
                line: u32::from(line % 32),
                col: u32::from(col),
            },
            Pos::Far { line, col } => LineCol { line, col },
        }
    }
}

#[derive(Arbitrary, Debug, Clone)]
enum Piece {
    Snippet(u8),
    Raw(String),
}

impl Piece {
    fn text(&self) -> &str {
        match self {
            Piece::Snippet(i) => SNIPPETS[usize::from(*i) % SNIPPETS.len()],
            Piece::Raw(s) => s,
        }
    }
}

#[derive(Arbitrary, Debug, Clone)]
struct Change {
    /// `None` replaces the whole text. Start and end may be reversed or out of range.
    range: Option<(Pos, Pos)>,
    text: Piece,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

#[derive(Arbitrary, Debug, Clone)]
struct Batch {
    encoding: Encoding,
    changes: Vec<Change>,
    /// Ask for the tree after this batch (reparsing then), as semantic tokens would.
    parse: bool,
}

/// The byte offset of a position in `text` as LSP reads it, written apart from
/// `syntax::position`: lines end at `\n`, `\r\n` or `\r`; a line past the end is the end of
/// the text; a column past the end of its line is the end of the line (before the break); a
/// column inside a character is that character's start.
fn model_offset(text: &str, pos: LineCol, enc: PositionEncoding) -> usize {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    let line = pos.line as usize;
    let Some(&start) = starts.get(line) else {
        return text.len();
    };
    let next = starts.get(line + 1).copied().unwrap_or(text.len());
    let content = text[start..next].trim_end_matches(['\n', '\r']);
    let mut used = 0usize;
    for (i, c) in content.char_indices() {
        let units = match enc {
            PositionEncoding::Utf8 => c.len_utf8(),
            PositionEncoding::Utf16 => c.len_utf16(),
            PositionEncoding::Utf32 => 1,
        };
        if used + units > pos.col as usize {
            return start + i;
        }
        used += units;
    }
    start + content.len()
}

/// Every node in pre-order with its depth, kind, byte range and whether it is missing.
fn nodes(root: tree_sitter::Node<'_>) -> Vec<(usize, &'static str, usize, usize, bool)> {
    let mut out = Vec::new();
    let mut stack = vec![(root, 0)];
    while let Some((node, depth)) = stack.pop() {
        out.push((
            depth,
            node.kind(),
            node.start_byte(),
            node.end_byte(),
            node.is_missing(),
        ));
        let mut cursor = node.walk();
        let children: Vec<tree_sitter::Node<'_>> = node.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev().map(|child| (child, depth + 1)));
    }
    out
}

/// Apply batches of LSP-style changes (UTF-8, UTF-16 or UTF-32 positions, out of range and
/// reversed ranges included) to a `Document`: its rope holds what a `String` given the same
/// changes holds, its incrementally reparsed tree equals a fresh parse, and the analysis that
/// reuses the previous version (its model and facts) equals a fresh analysis.
pub fn edits(data: &[u8]) {
    let (ops, mut text) = split(data);
    let batches = Vec::<Batch>::arbitrary_take_rest(Unstructured::new(ops)).unwrap_or_default();
    let config = Config::default();
    let mut doc = Document::new(&text, 0);
    let mut previous = analyze_with_config(&text, &config);
    let mut previous_text = text.clone();
    let keeping = Host {
        shellcheck: std::sync::Arc::new(Keeping::default()),
        ..Host::none()
    };
    for (i, batch) in batches.iter().take(16).enumerate() {
        let enc = match batch.encoding {
            Encoding::Utf8 => PositionEncoding::Utf8,
            Encoding::Utf16 => PositionEncoding::Utf16,
            Encoding::Utf32 => PositionEncoding::Utf32,
        };
        let mut changes = Vec::new();
        for change in batch.changes.iter().take(8) {
            let new = change.text.text();
            let range = change.range.map(|(a, b)| (a.line_col(), b.line_col()));
            match range {
                None => text = new.to_owned(),
                Some((a, b)) => {
                    let start = model_offset(&text, a, enc);
                    let end = model_offset(&text, b, enc).max(start);
                    text.replace_range(start..end, new);
                }
            }
            changes.push(TextEdit {
                range,
                text: new.to_owned(),
            });
        }
        let version = i32::try_from(i).unwrap_or(i32::MAX).saturating_add(1);
        doc.apply_edits(&changes, version, enc);
        assert_eq!(
            doc.text(),
            text,
            "the rope differs from the text after batch {i}: {changes:?}"
        );
        assert_eq!(doc.version(), version);
        if batch.parse {
            let _ = doc.tree();
        }
        let reused = analyze_reusing(&text, &config, Some(Previous::of(&previous_text, &previous)));
        let fresh = analyze_with_config(&text, &config);
        assert!(
            reused.model == fresh.model,
            "the model built from the previous version's differs from a fresh one for {previous_text:?} -> {text:?}"
        );
        assert_eq!(
            reused.diagnostics, fresh.diagnostics,
            "reusing the facts of the previous version changes the diagnostics of {text:?}"
        );
        // Our findings first, ShellCheck's when it answers: with a ShellCheck that keeps the
        // answers it gave, the analysis that takes only those, completed, is the analysis that
        // waits for every answer.
        let at_hand =
            analysis::analyze_at_hand(&text, &config, &keeping, Some(Previous::of(&previous_text, &previous)));
        let whole = analysis::analyze(&text, &config, &keeping, None);
        assert_eq!(
            analysis::complete(&text, &config, &keeping, &at_hand),
            whole.diagnostics,
            "our findings completed with ShellCheck's differ from a whole analysis of {text:?}"
        );
        previous = reused;
        previous_text.clone_from(&text);
    }
    let fresh = parse_tree(&text);
    assert_eq!(
        doc.tree().root_node().to_sexp(),
        fresh.root_node().to_sexp(),
        "the incremental tree differs from a fresh parse of {text:?}"
    );
    assert_eq!(
        nodes(doc.tree().root_node()),
        nodes(fresh.root_node()),
        "the incremental tree's ranges differ from a fresh parse of {text:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// features: requests at random offsets.

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Feature {
    Hover,
    Completion,
    SignatureHelp,
    CodeActions { to: u16 },
    Selection,
    Navigation,
    Rename { name: u8 },
    FormatRange { to: u16, options: u8 },
    OnTypeNewline { options: u8 },
    Tokens { to: u16 },
    Inlay { to: u16 },
}

#[derive(Arbitrary, Debug, Clone, Copy)]
struct Query {
    at: u16,
    locale: u8,
    feature: Feature,
}

const NEW_NAMES: &[&str] = &["build", "B", "x-y", "", "a b", "FOO", "😀", "0", "$X", "base", "VAR_1"];

/// An offset from a fuzzed number: mostly inside the text (character boundary or not), a few
/// bytes past its end.
fn offset_in(text: &str, at: u16) -> usize {
    usize::from(at) % (text.len() + 3)
}

/// The offset the server would pass for `offset`: on a character boundary, inside the text.
fn addressable(text: &str, offset: usize) -> bool {
    offset <= text.len() && text.is_char_boundary(offset)
}

fn format_options(byte: u8) -> FormatOptions {
    FormatOptions {
        indent_width: u32::from(byte & 0x1f),
        use_tabs: byte & 0x20 != 0,
    }
}

/// Hover, diagnostic hover, completion, signature help, code actions (the fixes of the
/// diagnostics in range and the "Ignore" edits), selection ranges, navigation, rename, range
/// and on-type formatting, semantic tokens and inlay hints at random offsets (character
/// boundaries or not, a little past the end): no panic, every returned range inside the text on
/// character boundaries, and where the server could have asked, the ranges cover the cursor.
pub fn features(data: &[u8]) {
    let (ops, text) = split(data);
    let queries = Vec::<Query>::arbitrary_take_rest(Unstructured::new(ops)).unwrap_or_default();
    let config = Config::default();
    let analysis = analyze_with_config(&text, &config);
    let model = &analysis.model;
    // Built on the first navigation query and shared by the rest, as the server does.
    let symbols = std::cell::OnceCell::new();
    let symbols = || symbols.get_or_init(|| navigation::Symbols::build(model, &text));
    for q in queries.iter().take(64) {
        let offset = offset_in(&text, q.at);
        let locale = locale(q.locale);
        let reachable = addressable(&text, offset);
        let what = format!("{:?} at {offset}", q.feature);
        match q.feature {
            Feature::Hover => {
                for h in [
                    hover::hover(model, &text, offset, locale),
                    hover::diagnostic_hover(&analysis.diagnostics, offset, locale),
                ]
                .into_iter()
                .flatten()
                {
                    assert_range(&text, h.range, &what);
                    assert!(!h.markdown.is_empty(), "{what}: empty hover");
                    if reachable {
                        assert!(
                            h.range.contains_inclusive(offset),
                            "{what}: hover {:?} misses the cursor",
                            h.range
                        );
                    }
                }
            }
            Feature::Completion => {
                for item in completion::completion(model, Some(&analysis.facts), &text, offset, locale) {
                    assert_range(&text, item.range, &what);
                    let _ = item.plain_insert();
                    if reachable {
                        assert!(
                            item.range.contains_inclusive(offset),
                            "{what}: completion {:?} {:?} misses the cursor",
                            item.label,
                            item.range
                        );
                    }
                }
            }
            Feature::SignatureHelp => {
                if let Some(help) = signature_help::signature_help(model, &text, offset, locale) {
                    assert!(
                        help.active_signature < help.signatures.len(),
                        "{what}: no active signature"
                    );
                    for s in &help.signatures {
                        for p in &s.parameters {
                            assert_range(&s.label, *p, &format!("{what}: parameter of {:?}", s.label));
                        }
                    }
                    if let Some(p) = help.active_parameter {
                        assert!(
                            p < help.signatures[help.active_signature].parameters.len(),
                            "{what}: active parameter out of range"
                        );
                    }
                }
            }
            Feature::CodeActions { to } => {
                let end = offset_in(&text, to);
                let range = TextRange::new(offset.min(end), offset.max(end));
                code_actions(&text, &analysis, range, &config, &what);
            }
            Feature::Selection => {
                let ranges = symbols::selection_ranges(model, &text, offset);
                for (i, r) in ranges.iter().enumerate() {
                    assert_range(&text, *r, &what);
                    if let Some(outer) = ranges.get(i + 1) {
                        assert!(
                            outer.contains_range(*r),
                            "{what}: selection ranges do not nest: {ranges:?}"
                        );
                    }
                }
            }
            Feature::Navigation => {
                if let Some((range, targets)) = navigation::definition(symbols(), offset) {
                    assert_range(&text, range, &what);
                    for t in targets {
                        assert_range(&text, t, &what);
                    }
                }
                for r in navigation::references(symbols(), offset, true) {
                    assert_range(&text, r, &what);
                }
                for (r, _) in navigation::highlights(symbols(), offset) {
                    assert_range(&text, r, &what);
                }
            }
            Feature::Rename { name } => {
                if let Ok(Some((range, _))) = navigation::prepare_rename(model, &text, symbols(), offset, locale) {
                    assert_range(&text, range, &what);
                }
                let new_name = NEW_NAMES[usize::from(name) % NEW_NAMES.len()];
                if let Ok(Some(edits)) = navigation::rename(model, &text, symbols(), offset, new_name, locale) {
                    apply_checked(&text, &edits, &format!("{what} to {new_name:?}"));
                }
            }
            Feature::FormatRange { to, options } => {
                let end = offset_in(&text, to);
                let range = TextRange::new(offset.min(end), offset.max(end));
                let edits = format::format_range(&text, model, format_options(options), range);
                apply_checked(&text, &edits, &what);
            }
            Feature::OnTypeNewline { options } => {
                let edits = format::on_type_newline(&text, model, format_options(options), offset);
                apply_checked(&text, &edits, &what);
            }
            Feature::Tokens { to } => {
                let end = offset_in(&text, to);
                let doc = Document::new(&text, 0);
                for t in tokens::tokens(&doc, Some(TextRange::new(offset.min(end), offset.max(end)))) {
                    assert_range(&text, t.range, &what);
                }
            }
            Feature::Inlay { to } => {
                let end = offset_in(&text, to);
                for hint in inlay::inlay_hints(model, &text, TextRange::new(offset.min(end), offset.max(end))) {
                    assert!(
                        hint.offset <= text.len() && text.is_char_boundary(hint.offset),
                        "{what}: inlay hint at {}",
                        hint.offset
                    );
                }
            }
        }
    }
}

/// What `textDocument/codeAction` computes for `range`: the fixes of the diagnostics touching
/// it and the edits that ignore their rules. Each is a sound set of edits; an "Ignore" edit
/// silences the diagnostic's rule at that place and adds no error.
fn code_actions(
    text: &str,
    analysis: &dockerfile_lsp::analysis::Analysis,
    range: TextRange,
    config: &Config,
    what: &str,
) {
    let model = &analysis.model;
    let touching = analysis
        .diagnostics
        .iter()
        .filter(|d| d.range.start <= range.end && range.start <= d.range.end);
    for d in touching.take(4) {
        if let Some(fix) = &d.fix {
            check_fix(text, fix, &format!("{what}: fix of `{}`", d.rule));
        }
        let edits = [
            ("instruction", ignore::for_instruction(text, model, d.rule, d.range)),
            ("file", ignore::for_file(text, model, d.rule)),
        ];
        for (scope, edit) in edits {
            let Some(edit) = edit else { continue };
            let context = format!("{what}: ignore `{}` for this {scope}", d.rule);
            let ignored = apply_checked(text, std::slice::from_ref(&edit), &context);
            let after = analyze_with_config(&ignored, config);
            let added = new_errors(&analysis.diagnostics, &after.diagnostics);
            assert!(added.is_empty(), "{context}: new errors {added:?} in\n{ignored}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// fixes_format: fix-all and the formatter.

/// Fix-all, safe and unsafe, and the formatter: every fix's edits are sound; each round of
/// fix-all changes the text only inside the edit ranges of the fixes it applied; fixing reaches a
/// fixpoint within `fixes::MAX_ROUNDS` rounds and fixing the result again changes nothing; safe
/// fixes add no error; the formatter's edits are sound, keep every line break, add no
/// problem, leave BuildKit's view of each instruction unchanged up to blank runs, and a second
/// format changes nothing.
pub fn fixes_format(data: &[u8]) {
    let (options, text) = match data {
        [first, rest @ ..] => (format_options(*first), String::from_utf8_lossy(rest).into_owned()),
        [] => (FormatOptions::default(), String::new()),
    };
    let config = Config::default();
    let first = analyze_with_config(&text, &config);
    check_diagnostics(&text, &first.diagnostics);
    for mode in [FixMode::Safe, FixMode::Unsafe] {
        check_fix_all(&text, &first.diagnostics, mode, &config);
    }
    check_format(&text, &first.model, options);
}

fn check_fix_all(text: &str, diagnostics: &[Diagnostic], mode: FixMode, config: &Config) {
    let created = HashSet::new();
    let mut current = text.to_owned();
    let mut current_diagnostics = diagnostics.to_vec();
    let mut rounds = 0;
    loop {
        let round = fixes::round(&current, &current_diagnostics, mode, &created);
        if round.fixes.is_empty() {
            break;
        }
        rounds += 1;
        assert!(
            rounds <= fixes::MAX_ROUNDS,
            "{mode:?} fixes do not converge in {} rounds; still fixing {:?} in\n{current}",
            fixes::MAX_ROUNDS,
            round.fixes.iter().map(|(r, _)| *r).collect::<Vec<_>>()
        );
        let edits = fixes::edits_of(&current, round.fixes.iter().map(|(_, f)| f));
        let what = format!(
            "{mode:?} round {rounds} ({:?})",
            round.fixes.iter().map(|(r, _)| *r).collect::<Vec<_>>()
        );
        let expected = apply_checked(&current, &edits, &what);
        assert_eq!(round.text, expected, "{what}: the round changed text outside its edits");
        if round.text == current {
            // Edits that change nothing: `fix_all` stops here.
            break;
        }
        current = round.text;
        current_diagnostics = analyze_with_config(&current, config).diagnostics;
        check_diagnostics(&current, &current_diagnostics);
    }
    let outcome = fixes::fix_all(text, mode, fixes::MAX_ROUNDS, &mut |t| {
        analyze_with_config(t, config).diagnostics
    });
    assert!(outcome.converged, "{mode:?} fix-all did not converge");
    assert_eq!(outcome.text, current, "{mode:?} fix-all differs from its rounds");
    let again = fixes::fix_all(&outcome.text, mode, fixes::MAX_ROUNDS, &mut |t| {
        analyze_with_config(t, config).diagnostics
    });
    assert_eq!(again.text, outcome.text, "{mode:?} fixing the fixed text changes it");
    // The editor gets the rounds' result as line edits from the original text.
    let edits = dockerfile_lsp::analysis::diff::edits(text, &outcome.text);
    let applied = apply_checked(text, &edits, &format!("{mode:?} fix-all as line edits"));
    assert_eq!(applied, outcome.text, "{mode:?} fix-all's line edits give another text");
    if mode == FixMode::Safe {
        let added = new_errors(diagnostics, &current_diagnostics);
        assert!(added.is_empty(), "safe fixes add errors {added:?}:\n{current}");
    }
}

/// A quoted dump with runs of blanks (spaces, and tabs, which the dump writes as `\t`) as one
/// space, so that views differing only in blank runs compare equal.
fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        let escaped = if c == '\\' { chars.next() } else { None };
        if c == ' ' || escaped == Some('t') {
            if !blank {
                out.push(' ');
            }
            blank = true;
            continue;
        }
        blank = false;
        out.push(c);
        out.extend(escaped);
    }
    out
}

fn view(model: &Model) -> Vec<String> {
    model
        .instructions
        .iter()
        .map(|ins| {
            let heredocs: Vec<&str> = ins.heredocs.iter().map(|h| h.content.as_str()).collect();
            squeeze(&format!("{} {heredocs:?}", model::dump_instruction(ins)))
        })
        .collect()
}

fn check_format(text: &str, model: &Model, options: FormatOptions) {
    let edits = format::format(text, model, options);
    let once = apply_checked(text, &edits, &format!("format {options:?}"));
    let count = |s: &str, c: char| s.matches(c).count();
    assert!(
        count(&once, '\n') == count(text, '\n') && count(&once, '\r') == count(text, '\r'),
        "formatting changed the line breaks:\n{once}"
    );
    let after = model::parse(&once);
    assert!(
        fatal_problems(&after) <= fatal_problems(model),
        "formatting adds errors: {:?}\n{once}",
        after.problems
    );
    assert_eq!(
        view(model),
        view(&after),
        "formatting changes BuildKit's view of\n{text:?}\ninto\n{once:?}"
    );
    let again = format::format(&once, &after, options);
    assert!(again.is_empty(), "formatting again changes {again:?} in\n{once:?}");
}
