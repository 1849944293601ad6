//! The formatter: fixtures (`tests/fixtures/format/<name>.Dockerfile` formats to exactly
//! `<name>.Dockerfile.expected`), the dev corpus (formatting is idempotent, keeps every line
//! break, and leaves BuildKit's view of every instruction as it was, up to the amount of
//! whitespace between words), BuildKit's parser cases likewise, and a property test over
//! generated Dockerfiles.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use common::corpus;
use dockerfile_lsp::analysis::fixes::apply_edits;
use dockerfile_lsp::analysis::format::{FormatOptions, format};
use dockerfile_lsp::analysis::model::{self, Args, Instruction, Model};
use proptest::prelude::*;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn formatted(text: &str) -> String {
    apply_edits(text, &format(text, &model::parse(text), FormatOptions::default()))
}

#[test]
fn fixtures_format_to_their_expected_text() {
    let dir = repo().join("tests/fixtures/format");
    let mut inputs: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 5, "fixtures missing in {}", dir.display());
    let mut failures = Vec::new();
    for input in inputs {
        let text = fs::read_to_string(&input).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
        let expected_path = PathBuf::from(format!("{}.expected", input.display()));
        let expected =
            fs::read_to_string(&expected_path).unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let got = formatted(&text);
        if got != expected {
            failures.push(format!("{}:\n--- want\n{expected}--- got\n{got}---", input.display()));
        }
        if formatted(&expected) != expected {
            failures.push(format!("{}: the expected text is not stable", expected_path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs of blanks in a shell command as one space where they separate words (outside quotes, or
/// inside a `$(...)` even within double quotes): the only change re-indenting a continuation
/// line may make to what BuildKit passes to the shell. Written apart from the formatter's own
/// reading of quotes, so that the two check each other.
fn collapse(s: &str) -> String {
    #[derive(PartialEq)]
    enum In {
        Single,
        Double,
        Subst,
    }
    let mut out = String::with_capacity(s.len());
    let mut stack: Vec<In> = Vec::new();
    let mut blank = false;
    let mut escaped = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let separating = matches!(stack.last(), None | Some(In::Subst));
        if (c == ' ' || c == '\t') && separating && !escaped {
            if !blank {
                out.push(' ');
            }
            blank = true;
            continue;
        }
        blank = false;
        out.push(c);
        if escaped {
            escaped = false;
            continue;
        }
        match (stack.last(), c) {
            (Some(In::Single), '\'') => {
                stack.pop();
            }
            (Some(In::Single), _) => {}
            (_, '\\') => escaped = true,
            (Some(In::Double), '"') | (Some(In::Subst), ')') => {
                stack.pop();
            }
            (_, '$') if chars.peek() == Some(&'(') => {
                out.push('(');
                chars.next();
                stack.push(In::Subst);
            }
            (Some(In::Double), _) => {}
            (_, '\'') => stack.push(In::Single),
            (_, '"') => stack.push(In::Double),
            _ => {}
        }
    }
    out
}

fn normalize_args(args: &mut Args) {
    match args {
        Args::Shell { text, .. } => *text = collapse(text),
        Args::Healthcheck { cmd: Some(cmd), .. } => normalize_args(cmd),
        Args::Onbuild(trigger) => normalize_args(&mut trigger.args),
        _ => {}
    }
}

/// BuildKit's view of each instruction, shell commands' blanks collapsed.
fn view(model: &Model) -> Vec<String> {
    model
        .instructions
        .iter()
        .map(|ins| {
            let mut ins: Instruction = ins.clone();
            normalize_args(&mut ins.args);
            let heredocs: Vec<&str> = ins.heredocs.iter().map(|h| h.content.as_str()).collect();
            format!("{} {heredocs:?}", model::dump_instruction(&ins))
        })
        .collect()
}

/// What must hold for any text: idempotence, the same lines, the same BuildKit view, the same
/// problems, the same directives.
fn check_invariants(name: &str, text: &str) -> Result<(), String> {
    let before = model::parse(text);
    let once = apply_edits(text, &format(text, &before, FormatOptions::default()));
    let after = model::parse(&once);
    let again = format(&once, &after, FormatOptions::default());
    if !again.is_empty() {
        return Err(format!("{name}: formatting again changes {again:?}\n{once}"));
    }
    if once.matches('\n').count() != text.matches('\n').count() {
        return Err(format!("{name}: line count changed\n{once}"));
    }
    if view(&before) != view(&after) {
        let diff: Vec<String> = view(&before)
            .into_iter()
            .zip(view(&after))
            .filter(|(a, b)| a != b)
            .map(|(a, b)| format!("  before {a}\n  after  {b}"))
            .collect();
        return Err(format!("{name}: BuildKit's view changed:\n{}", diff.join("\n")));
    }
    let problems = |m: &Model| -> Vec<(&str, bool)> { m.problems.iter().map(|p| (p.rule, p.fatal)).collect() };
    if problems(&before) != problems(&after) {
        return Err(format!(
            "{name}: problems changed: {:?} -> {:?}",
            problems(&before),
            problems(&after)
        ));
    }
    let directives = |m: &Model| -> Vec<String> { m.directives.iter().map(|d| d.value.value.clone()).collect() };
    if directives(&before) != directives(&after) {
        return Err(format!("{name}: directives changed"));
    }
    Ok(())
}

#[test]
fn corpus_formatting_is_idempotent_and_keeps_what_buildkit_sees() {
    let Some(corpus) = corpus::dev("corpus_formatting_is_idempotent_and_keeps_what_buildkit_sees") else {
        return;
    };
    let mut failures = Vec::new();
    let mut changed = 0;
    for path in &corpus.paths {
        let text = corpus.read(path);
        if formatted(&text) != text {
            changed += 1;
        }
        if let Err(e) = check_invariants(path, &text) {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "{} files:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The corpus is real-world text: a formatter that changes none of it is not running.
    assert!(changed > 50, "only {changed} corpus files changed");
}

#[test]
fn buildkit_parser_cases_keep_the_invariants() {
    // BuildKit's own parser tests: odd escapes, continuations, comments and JSON on purpose.
    let root = repo().join("tests/buildkit-parser");
    let mut stack = vec![root.clone()];
    let mut failures = Vec::new();
    let mut files = 0;
    while let Some(dir) = stack.pop() {
        let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "Dockerfile") {
                files += 1;
                let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let name = path.strip_prefix(&root).unwrap_or(&path).display().to_string();
                if let Err(e) = check_invariants(&name, &String::from_utf8_lossy(&bytes)) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(files >= 30, "only {files} BuildKit cases found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Lines Dockerfiles are made of, including the awkward ones: continuations inside quotes and
/// flags, comments and blank lines inside continuations, heredocs, JSON arrays, tabs, CRLF.
fn fragment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "FROM alpine:3.20 AS build",
        "from  debian",
        "  RUN\techo hi  ",
        "run apt-get update && \\",
        "    apt-get install -y curl \\",
        "\t\tgit \\",
        "  # a comment inside",
        "",
        "   ",
        "  && echo \"a   \\",
        "b\" 'c \\",
        "  d'",
        "ENV A=1 \\",
        "  B=\"x  y\"",
        "ENV LEGACY value with \\",
        "  spaces",
        "CMD [ \"a\",\"b\" ]",
        "ENTRYPOINT [\"x\", \\",
        "  \"y\" ]",
        "RUN <<EOF",
        "  body   ",
        "EOF",
        "COPY --from=build \\",
        "--chown=1:1 a b",
        "WORKDIR /a \\",
        "  b",
        "onbuild  run  x",
        "HEALTHCHECK CMD [\"a\",\"b\"]",
        "# syntax=docker/dockerfile:1",
        "# escape=`",
        "RUN a `",
        "RUN x=$( \\",
        "  echo y )",
        "\\",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn generated_files_keep_the_invariants(
        lines in prop::collection::vec(fragment(), 0..14),
        crlf in any::<bool>(),
        final_break in any::<bool>(),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = lines.join(eol);
        if final_break {
            text.push_str(eol);
        }
        if let Err(e) = check_invariants("generated", &text) {
            prop_assert!(false, "{}\n--- input\n{:?}", e, text);
        }
    }
}
