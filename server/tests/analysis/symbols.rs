//! Outline, folding and selection tests. Document symbols are drawn as an indented tree,
//! folding ranges as the lines they join, and the selection ranges at a `$0` cursor as the text of
//! each step, innermost first.

use dockerfile_lsp::analysis::config::Locale;
use dockerfile_lsp::analysis::model;
use dockerfile_lsp::analysis::symbols::{self, FoldKind, OutlineSymbol};
use expect_test::{Expect, expect};

fn cursor(fixture: &str) -> (String, usize) {
    let offset = fixture.find("$0").expect("fixture has a $0 cursor");
    (fixture.replacen("$0", "", 1), offset)
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

fn draw(text: &str, symbols: &[OutlineSymbol], depth: usize, out: &mut String) {
    for s in symbols {
        assert!(
            s.range.contains_range(s.selection),
            "{s:?}: selection outside the range"
        );
        let detail = s.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
        out.push_str(&format!(
            "{}{:?} {:?}{detail} lines {}-{} [{}]\n",
            "  ".repeat(depth),
            s.kind,
            s.name,
            line_of(text, s.range.start),
            line_of(text, s.range.end),
            s.selection.slice(text),
        ));
        draw(text, &s.children, depth + 1, out);
    }
}

fn check_outline(text: &str, expect: Expect) {
    let model = model::parse(text);
    let mut out = String::new();
    draw(text, &symbols::document_symbols(&model, Locale::En), 0, &mut out);
    expect.assert_eq(&out);
}

fn check_folds(text: &str, expect: Expect) {
    let model = model::parse(text);
    let out: Vec<String> = symbols::folding_ranges(&model, text)
        .into_iter()
        .map(|f| {
            let kind = if f.kind == FoldKind::Comment { " comment" } else { "" };
            format!(
                "{}-{}{kind}: {:?}",
                line_of(text, f.range.start),
                line_of(text, f.range.end),
                f.range.slice(text).lines().next().unwrap_or_default()
            )
        })
        .collect();
    expect.assert_eq(&out.join("\n"));
}

fn check_selection(fixture: &str, expect: Expect) {
    let (text, offset) = cursor(fixture);
    let model = model::parse(&text);
    let chain = symbols::selection_ranges(&model, &text, offset);
    for pair in chain.windows(2) {
        assert!(
            pair[1].contains_range(pair[0]) && pair[1] != pair[0],
            "{chain:?} does not grow"
        );
    }
    let out: Vec<String> = chain.iter().map(|r| format!("{:?}", r.slice(&text))).collect();
    expect.assert_eq(&out.join("\n"));
}

const MULTI: &str = r#"# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
FROM golang:${GO_VERSION} AS builder
# Build it.
# Twice if need be.
RUN --mount=type=cache,target=/root/.cache \
    go build -o /out/app ./...
ENV CGO_ENABLED=0 GOOS=linux
FROM builder AS test
RUN go test ./...
FROM alpine:3.20
LABEL org.opencontainers.image.title=app
COPY --from=builder /out/app /app
RUN <<EOF
set -e
echo done
EOF
CMD ["/app"]
"#;

#[test]
fn outline_of_a_multi_stage_file() {
    check_outline(
        MULTI,
        expect![[r#"
            Instruction(Arg) "ARG GO_VERSION=1.22" lines 2-2 [ARG]
              BuildArg "GO_VERSION" (1.22) lines 2-2 [GO_VERSION]
            Stage "builder" (golang:${GO_VERSION}) lines 3-8 [builder]
              Instruction(Run) "RUN --mount=type=cache,target=/root/.cache go build -o /out/…" lines 6-7 [RUN]
              Instruction(Env) "ENV CGO_ENABLED=0 GOOS=linux" lines 8-8 [ENV]
                EnvVar "CGO_ENABLED" (0) lines 8-8 [CGO_ENABLED]
                EnvVar "GOOS" (linux) lines 8-8 [GOOS]
            Stage "test" (builder) lines 9-10 [test]
              Instruction(Run) "RUN go test ./..." lines 10-10 [RUN]
            Stage "Stage #2" (alpine:3.20) lines 11-18 [FROM]
              Instruction(Label) "LABEL org.opencontainers.image.title=app" lines 12-12 [LABEL]
                Label "org.opencontainers.image.title" (app) lines 12-12 [org.opencontainers.image.title]
              Instruction(Copy) "COPY --from=builder /out/app /app" lines 13-13 [COPY]
              Instruction(Run) "RUN <<EOF" lines 14-17 [RUN]
              Instruction(Cmd) "CMD [\"/app\"]" lines 18-18 [CMD]
        "#]],
    );
}

#[test]
fn folds_of_a_multi_stage_file() {
    check_folds(
        MULTI,
        expect![[r##"
            3-8: "FROM golang:${GO_VERSION} AS builder"
            4-5 comment: "# Build it."
            6-7: "RUN --mount=type=cache,target=/root/.cache \\"
            9-10: "FROM builder AS test"
            11-18: "FROM alpine:3.20"
            14-17: "RUN <<EOF"
            14-17: "<<EOF""##]],
    );
}

#[test]
fn selection_grows_from_a_mount_field_to_the_stage() {
    check_selection(
        &MULTI.replacen("target=/root", "target=/ro$0ot", 1),
        expect![[r#"
            "root"
            "/root/.cache"
            "target=/root/.cache"
            "type=cache,target=/root/.cache"
            "--mount=type=cache,target=/root/.cache"
            "RUN --mount=type=cache,target=/root/.cache \\\n    go build -o /out/app ./..."
            "FROM golang:${GO_VERSION} AS builder\n# Build it.\n# Twice if need be.\nRUN --mount=type=cache,target=/root/.cache \\\n    go build -o /out/app ./...\nENV CGO_ENABLED=0 GOOS=linux""#]],
    );
}

#[test]
fn selection_grows_from_a_variable_to_the_stage() {
    check_selection(
        &MULTI.replacen("${GO_VERSION}", "${GO_$0VERSION}", 1),
        expect![[r#"
        "GO_VERSION"
        "${GO_VERSION}"
        "golang:${GO_VERSION}"
        "FROM golang:${GO_VERSION} AS builder"
        "FROM golang:${GO_VERSION} AS builder\n# Build it.\n# Twice if need be.\nRUN --mount=type=cache,target=/root/.cache \\\n    go build -o /out/app ./...\nENV CGO_ENABLED=0 GOOS=linux""#]],
    );
}

#[test]
fn selection_in_shell_form_and_heredocs() {
    check_selection(
        &MULTI.replacen("go test", "go te$0st", 1),
        expect![[r#"
        "test"
        "go test ./..."
        "RUN go test ./..."
        "FROM builder AS test\nRUN go test ./...""#]],
    );
    check_selection(
        &MULTI.replacen("echo done", "echo do$0ne", 1),
        expect![[r#"
        "done"
        "echo done"
        "set -e\necho done\n"
        "RUN <<EOF\nset -e\necho done\nEOF"
        "FROM alpine:3.20\nLABEL org.opencontainers.image.title=app\nCOPY --from=builder /out/app /app\nRUN <<EOF\nset -e\necho done\nEOF\nCMD [\"/app\"]""#]],
    );
    check_selection(
        &MULTI.replacen("\"/app\"", "\"/a$0pp\"", 1),
        expect![[r#"
        "app"
        "\"/app\""
        "[\"/app\"]"
        "CMD [\"/app\"]"
        "FROM alpine:3.20\nLABEL org.opencontainers.image.title=app\nCOPY --from=builder /out/app /app\nRUN <<EOF\nset -e\necho done\nEOF\nCMD [\"/app\"]""#]],
    );
}

#[test]
fn selection_in_key_values_and_comments() {
    check_selection(
        &MULTI.replacen("GOOS=linux", "GOOS=li$0nux", 1),
        expect![[r#"
        "linux"
        "GOOS=linux"
        "ENV CGO_ENABLED=0 GOOS=linux"
        "FROM golang:${GO_VERSION} AS builder\n# Build it.\n# Twice if need be.\nRUN --mount=type=cache,target=/root/.cache \\\n    go build -o /out/app ./...\nENV CGO_ENABLED=0 GOOS=linux""#]],
    );
    check_selection(
        &MULTI.replacen("Twice", "Tw$0ice", 1),
        expect![[r##"
        "Twice"
        "# Twice if need be."
        "FROM golang:${GO_VERSION} AS builder\n# Build it.\n# Twice if need be.\nRUN --mount=type=cache,target=/root/.cache \\\n    go build -o /out/app ./...\nENV CGO_ENABLED=0 GOOS=linux""##]],
    );
}
