//! Conformance with BuildKit's own parser tests (`frontend/dockerfile/parser/testfiles*`, copied
//! into `tests/buildkit-parser` with BuildKit's license and the commit they came from): our model, dumped in `Node.Dump()` format, equals
//! BuildKit's expected `result` byte for byte; the negative cases are rejected for BuildKit's
//! reasons; instruction line spans match `TestParseIncludesLineNumbers`.

use std::fs;
use std::path::PathBuf;

use dockerfile_lsp::analysis::model::{self, Model, Problem, rule};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/buildkit-parser")
}

fn read(path: &PathBuf) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn cases(dir: &str) -> Vec<(String, PathBuf)> {
    let root = corpus().join(dir);
    let mut out: Vec<(String, PathBuf)> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", root.display()))
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    out.sort();
    out
}

/// Problems that make BuildKit's `parser.Parse` itself fail (as opposed to the later
/// instruction parsing, which the parser test cases do not run).
fn parse_failures(model: &Model) -> Vec<&Problem> {
    model
        .problems
        .iter()
        .filter(|p| {
            p.rule == rule::EMPTY_DOCKERFILE
                || p.rule == rule::INVALID_PARSER_DIRECTIVE
                || (p.rule == rule::INVALID_JSON_FORM && p.fatal)
                || p.message.contains("must have two arguments")
                || p.message.contains("Can't find `=`")
                || p.message.starts_with("Unterminated heredoc")
        })
        .collect()
}

#[test]
fn dumps_equal_buildkit_results() {
    let cases = cases("testfiles");
    assert_eq!(cases.len(), 33, "expected the 33 BuildKit test cases");
    let mut failures = Vec::new();
    for (name, dir) in &cases {
        let text = read(&dir.join("Dockerfile"));
        let expected = read(&dir.join("result"));
        let model = model::parse(&text);
        let actual = model::dump(&model);
        if actual != expected {
            failures.push(format!("--- {name}\nexpected:\n{expected}actual:\n{actual}"));
        }
        let rejected = parse_failures(&model);
        if !rejected.is_empty() {
            failures.push(format!("--- {name}: BuildKit parses it, we reject it: {rejected:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn negative_cases_are_rejected_for_buildkits_reason() {
    let cases = cases("testfiles-negative");
    let names: Vec<&str> = cases.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "empty_dockerfile",
            "env_no_value",
            "only_comments",
            "shykes-nested-json"
        ]
    );
    for (name, dir) in &cases {
        let model = model::parse(&read(&dir.join("Dockerfile")));
        let (rule_id, reason) = match name.as_str() {
            "empty_dockerfile" | "only_comments" => (rule::EMPTY_DOCKERFILE, "File with no instructions"),
            "env_no_value" => (rule::MISSING_ARGUMENTS, "`ENV` must have two arguments"),
            _ => (rule::INVALID_JSON_FORM, "must contain only strings"),
        };
        let found = model
            .problems
            .iter()
            .any(|p| p.rule == rule_id && p.fatal && p.message.contains(reason));
        assert!(found, "{name}: expected {rule_id} `{reason}`, got {:?}", model.problems);
    }
}

#[test]
fn instruction_line_spans() {
    let text = read(&corpus().join("testfile-line/Dockerfile"));
    let model = model::parse(&text);
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let spans: Vec<(usize, usize)> = model
        .instructions
        .iter()
        .map(|i| (line_of(i.range.start), line_of(i.range.end)))
        .collect();
    assert_eq!(spans, [(5, 5), (11, 12), (17, 31)]);
    // `# ESCAPE=\` on line 1 is a directive, not a comment.
    assert_eq!(model.directives.len(), 1);
    assert!(model.problems.is_empty(), "{:?}", model.problems);
}
