//! Navigation tests: go to definition, references, highlights and rename. A fixture is Dockerfile
//! text with `$0` at the cursor; the result is drawn into the text and compared with a snapshot:
//! `{x}` is a declaration (written), `[x]` a use (read), `<x>` a heredoc delimiter, `=>x<=` a
//! definition target.

use dockerfile_lsp::analysis::config::Locale;
use dockerfile_lsp::analysis::model;
use dockerfile_lsp::analysis::navigation::{self, HighlightKind, Symbols};
use dockerfile_lsp::syntax::TextRange;
use expect_test::{Expect, expect};

fn cursor(fixture: &str) -> (String, usize) {
    let offset = fixture.find("$0").expect("fixture has a $0 cursor");
    (fixture.replacen("$0", "", 1), offset)
}

/// `text` with each range wrapped in its pair of markers.
fn draw(text: &str, marks: &[(TextRange, &str, &str)]) -> String {
    let mut inserts: Vec<(usize, usize, &str)> = Vec::new();
    for (i, (range, open, close)) in marks.iter().enumerate() {
        inserts.push((range.start, 2 * i + 1, open));
        inserts.push((range.end, 2 * i, close));
    }
    // At one offset, closing markers go before opening ones.
    inserts.sort_by_key(|&(at, order, _)| (at, order % 2, order));
    let mut out = String::new();
    let mut last = 0;
    for (at, _, marker) in inserts {
        out.push_str(&text[last..at]);
        out.push_str(marker);
        last = at;
    }
    out.push_str(&text[last..]);
    out
}

fn check_highlights(fixture: &str, expect: Expect) {
    let (text, offset) = cursor(fixture);
    let model = model::parse(&text);
    let marks: Vec<(TextRange, &str, &str)> = navigation::highlights(&Symbols::build(&model, &text), offset)
        .into_iter()
        .map(|(range, kind)| match kind {
            HighlightKind::Write => (range, "{", "}"),
            HighlightKind::Read => (range, "[", "]"),
            HighlightKind::Text => (range, "<", ">"),
        })
        .collect();
    expect.assert_eq(&draw(&text, &marks));
}

fn check_definition(fixture: &str, expect: Expect) {
    let (text, offset) = cursor(fixture);
    let model = model::parse(&text);
    let out = match navigation::definition(&Symbols::build(&model, &text), offset) {
        Some((origin, targets)) => {
            let mut marks: Vec<(TextRange, &str, &str)> = targets.into_iter().map(|t| (t, "=>", "<=")).collect();
            marks.push((origin, "[", "]"));
            draw(&text, &marks)
        }
        None => "(no definition)".to_owned(),
    };
    expect.assert_eq(&out);
}

fn check_references(fixture: &str, include_declaration: bool, expect: Expect) {
    let (text, offset) = cursor(fixture);
    let model = model::parse(&text);
    let marks: Vec<(TextRange, &str, &str)> =
        navigation::references(&Symbols::build(&model, &text), offset, include_declaration)
            .into_iter()
            .map(|r| (r, "[", "]"))
            .collect();
    expect.assert_eq(&draw(&text, &marks));
}

fn rename_result(fixture: &str, new_name: &str) -> String {
    let (text, offset) = cursor(fixture);
    let model = model::parse(&text);
    match navigation::rename(
        &model,
        &text,
        &Symbols::build(&model, &text),
        offset,
        new_name,
        Locale::En,
    ) {
        Ok(Some(edits)) => {
            let mut out = text.clone();
            let mut edits = edits;
            edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
            for e in edits {
                out.replace_range(e.range.as_range(), &e.new_text);
            }
            out
        }
        Ok(None) => "(nothing to rename)".to_owned(),
        Err(e) => format!("refused: {e}"),
    }
}

fn check_rename(fixture: &str, new_name: &str, expect: Expect) {
    expect.assert_eq(&rename_result(fixture, new_name));
}

fn check_prepare(fixture: &str, expect: Expect) {
    let (text, offset) = cursor(fixture);
    let model = model::parse(&text);
    let out = match navigation::prepare_rename(&model, &text, &Symbols::build(&model, &text), offset, Locale::En) {
        Ok(Some((range, placeholder))) => format!("{} ({placeholder})", draw(&text, &[(range, "[", "]")])),
        Ok(None) => "(nothing to rename)".to_owned(),
        Err(e) => format!("refused: {e}"),
    };
    expect.assert_eq(&out);
}

const STAGES: &str = r#"FROM golang:1.22 AS builder
RUN go build -o /out/app
FROM builder AS test
RUN go test ./...
FROM alpine:3.20
COPY --from=builder /out/app /app
COPY --from=0 /out/app /app2
RUN --mount=type=cache,from=builder,source=/go,target=/go true
"#;

#[test]
fn stage_names_everywhere_they_are_used() {
    let fixture = STAGES.replacen("AS builder", "AS bui$0lder", 1);
    check_highlights(
        &fixture,
        expect![[r#"
            FROM golang:1.22 AS {builder}
            RUN go build -o /out/app
            FROM [builder] AS test
            RUN go test ./...
            FROM alpine:3.20
            COPY --from=[builder] /out/app /app
            COPY --from=[0] /out/app /app2
            RUN --mount=type=cache,from=[builder],source=/go,target=/go true
        "#]],
    );
    check_references(
        &STAGES.replacen("--from=builder", "--from=buil$0der", 1),
        false,
        expect![[r#"
            FROM golang:1.22 AS builder
            RUN go build -o /out/app
            FROM [builder] AS test
            RUN go test ./...
            FROM alpine:3.20
            COPY --from=[builder] /out/app /app
            COPY --from=[0] /out/app /app2
            RUN --mount=type=cache,from=[builder],source=/go,target=/go true
        "#]],
    );
}

#[test]
fn definition_of_stage_uses() {
    check_definition(
        &STAGES.replacen("from=builder,", "from=b$0uilder,", 1),
        expect![[r#"
            FROM golang:1.22 AS =>builder<=
            RUN go build -o /out/app
            FROM builder AS test
            RUN go test ./...
            FROM alpine:3.20
            COPY --from=builder /out/app /app
            COPY --from=0 /out/app /app2
            RUN --mount=type=cache,from=[builder],source=/go,target=/go true
        "#]],
    );
    check_definition(
        "FROM alpine AS a\nFROM a\nCOPY --from=$01 /x /y\n",
        expect![[r#"
            FROM alpine AS a
            =>FROM a<=
            COPY --from=[1] /x /y
        "#]],
    );
    check_definition("FROM alp$0ine\n", expect!["(no definition)"]);
}

#[test]
fn stage_names_match_case_insensitively() {
    check_highlights(
        "FROM alpine AS Build\nFROM bu$0ild\nCOPY --from=BUILD /a /b\n",
        expect![[r#"
            FROM alpine AS {Build}
            FROM [build]
            COPY --from=[BUILD] /a /b
        "#]],
    );
}

const ARGS: &str = r#"ARG VERSION=1.22
ARG OTHER=x
FROM golang:${VERSION} AS build
ARG VERSION
RUN echo $VERSION $OTHER
FROM alpine
RUN echo $VERSION
FROM build
RUN echo "${VERSION:-none}"
"#;

#[test]
fn a_global_arg_is_seen_in_from_lines_and_stages_that_redeclare_it() {
    // The stage without `ARG VERSION` does not see it; the one built on `build` inherits it.
    check_highlights(
        &ARGS.replacen("ARG VERSION=", "ARG VER$0SION=", 1),
        expect![[r#"
            ARG {VERSION}=1.22
            ARG OTHER=x
            FROM golang:${[VERSION]} AS build
            ARG {VERSION}
            RUN echo $[VERSION] $OTHER
            FROM alpine
            RUN echo $VERSION
            FROM build
            RUN echo "${[VERSION]:-none}"
        "#]],
    );
    // `OTHER` is never redeclared: its use in the stage is not the global.
    check_highlights(
        &ARGS.replacen("ARG OTHER", "ARG OTH$0ER", 1),
        expect![[r#"
            ARG VERSION=1.22
            ARG {OTHER}=x
            FROM golang:${VERSION} AS build
            ARG VERSION
            RUN echo $VERSION $OTHER
            FROM alpine
            RUN echo $VERSION
            FROM build
            RUN echo "${VERSION:-none}"
        "#]],
    );
}

#[test]
fn definition_of_variables() {
    // A use in a stage leads to the stage's declaration; that one leads to the global default.
    check_definition(
        &ARGS.replacen("echo $VERSION $OTHER", "echo $VER$0SION $OTHER", 1),
        expect![[r#"
            ARG VERSION=1.22
            ARG OTHER=x
            FROM golang:${VERSION} AS build
            ARG =>VERSION<=
            RUN echo $[VERSION] $OTHER
            FROM alpine
            RUN echo $VERSION
            FROM build
            RUN echo "${VERSION:-none}"
        "#]],
    );
    check_definition(
        &ARGS.replacen("ARG VERSION\n", "ARG VERS$0ION\n", 1),
        expect![[r#"
            ARG =>VERSION<==1.22
            ARG OTHER=x
            FROM golang:${VERSION} AS build
            ARG [VERSION]
            RUN echo $VERSION $OTHER
            FROM alpine
            RUN echo $VERSION
            FROM build
            RUN echo "${VERSION:-none}"
        "#]],
    );
    check_definition(&ARGS.replacen("$OTHER", "$OT$0HER", 1), expect!["(no definition)"]);
}

#[test]
fn env_is_inherited_and_shadows_arg() {
    check_highlights(
        "FROM alpine AS base\nARG MODE=dev\nENV MO$0DE=prod\nRUN echo $MODE\nFROM base\nCMD echo ${MODE}\nFROM alpine\nCMD echo $MODE\n",
        expect![[r#"
            FROM alpine AS base
            ARG MODE=dev
            ENV {MODE}=prod
            RUN echo $[MODE]
            FROM base
            CMD echo ${[MODE]}
            FROM alpine
            CMD echo $MODE
        "#]],
    );
    // A build argument is not in the environment of CMD at run time.
    check_highlights(
        "FROM alpine\nARG M$0ODE=dev\nRUN echo $MODE\nCMD echo $MODE\n",
        expect![[r#"
            FROM alpine
            ARG {MODE}=dev
            RUN echo $[MODE]
            CMD echo $MODE
        "#]],
    );
}

#[test]
fn env_values_see_the_environment_before_their_instruction() {
    check_highlights(
        "FROM alpine\nENV A=1\nENV A=2 B=$A$0\nRUN echo $A\n",
        expect![[r#"
            FROM alpine
            ENV {A}=1
            ENV A=2 B=$[A]
            RUN echo $A
        "#]],
    );
}

#[test]
fn predefined_arguments_group_by_name() {
    check_references(
        "FROM --platform=$BUILDPLATFORM alpine\nARG TARGETARCH\nRUN echo $TARGET$0ARCH $BUILDPLATFORM\n",
        true,
        expect![[r#"
            FROM --platform=$BUILDPLATFORM alpine
            ARG [TARGETARCH]
            RUN echo $[TARGETARCH] $BUILDPLATFORM
        "#]],
    );
}

#[test]
fn heredoc_delimiters() {
    check_highlights(
        "FROM alpine\nRUN <<E$0OF\necho EOF is not the end\nEOF\n",
        expect![[r#"
            FROM alpine
            RUN <<<EOF>
            echo EOF is not the end
            <EOF>
        "#]],
    );
    check_definition(
        "FROM alpine\nCOPY <<-\"CONF\" /etc/app.conf\n\tkey=value\n\tCO$0NF\n",
        expect![[r#"
            FROM alpine
            COPY <<-"=>CONF<=" /etc/app.conf
            	key=value
            	[CONF]
        "#]],
    );
}

#[test]
fn rename_stage() {
    check_rename(
        &STAGES.replacen("FROM builder", "FROM build$0er", 1),
        "compile",
        expect![[r#"
            FROM golang:1.22 AS compile
            RUN go build -o /out/app
            FROM compile AS test
            RUN go test ./...
            FROM alpine:3.20
            COPY --from=compile /out/app /app
            COPY --from=0 /out/app /app2
            RUN --mount=type=cache,from=compile,source=/go,target=/go true
        "#]],
    );
}

#[test]
fn rename_stage_refusals() {
    let on_builder = STAGES.replacen("AS builder", "AS b$0uilder", 1);
    check_rename(
        &on_builder,
        "Test",
        expect!["refused: A stage named `Test` already exists on line 3"],
    );
    check_rename(
        "FROM alpine AS b$0\nFROM ubuntu\nCOPY --from=debian /a /b\n",
        "debian",
        expect!["refused: `debian` already names an image on line 3, which would then refer to this stage"],
    );
    // A tagged reference is not a stage name, whatever the stages are called.
    check_rename(
        &on_builder,
        "alpine",
        expect![[r#"
            FROM golang:1.22 AS alpine
            RUN go build -o /out/app
            FROM alpine AS test
            RUN go test ./...
            FROM alpine:3.20
            COPY --from=alpine /out/app /app
            COPY --from=0 /out/app /app2
            RUN --mount=type=cache,from=alpine,source=/go,target=/go true
        "#]],
    );
    check_rename(
        &on_builder,
        "1st",
        expect![
            "refused: `1st` is not a valid stage name: start with a letter and use only letters, digits, `-`, `_` and `.`"
        ],
    );
    check_rename(
        &on_builder,
        "scratch",
        expect!["refused: `scratch` is reserved for the empty image and cannot name a stage"],
    );
    check_prepare(
        &STAGES.replacen("--from=0", "--from=$00", 1),
        expect![
            "refused: A stage referred to by its index keeps working after a rename: rename `builder` where it is named"
        ],
    );
    check_prepare(
        "FROM alpine\nFROM scratch\nCOPY --from=$00 / /\n",
        expect!["refused: Stage #0 has no name to rename: give it one with `AS <name>` on its `FROM`"],
    );
    check_prepare(
        "ARG BASE=build\nFROM alpine AS bu$0ild\nFROM $BASE\n",
        expect![
            "refused: `build` is also written through a variable or quoted on line 3, which a rename cannot follow"
        ],
    );
    check_prepare("FROM al$0pine\n", expect!["(nothing to rename)"]);
    check_prepare(
        "FROM alpine AS bu$0ild\n",
        expect![[r#"
            FROM alpine AS [build]
             (build)"#]],
    );
}

#[test]
fn rename_variable() {
    check_rename(
        &ARGS.replacen("ARG VERSION\n", "ARG VERS$0ION\n", 1),
        "GO_VERSION",
        expect![[r#"
            ARG GO_VERSION=1.22
            ARG OTHER=x
            FROM golang:${GO_VERSION} AS build
            ARG GO_VERSION
            RUN echo $GO_VERSION $OTHER
            FROM alpine
            RUN echo $VERSION
            FROM build
            RUN echo "${GO_VERSION:-none}"
        "#]],
    );
}

#[test]
fn rename_variable_refusals() {
    let on_version = ARGS.replacen("ARG VERSION=", "ARG VER$0SION=", 1);
    check_rename(
        &on_version,
        "OTHER",
        expect!["refused: A variable named `OTHER` is already declared on line 2"],
    );
    check_rename(
        "FROM alpine\nARG A$0=1\nRUN echo $A $HOME\n",
        "HOME",
        expect!["refused: `HOME` is already used on line 3"],
    );
    check_rename(
        &on_version,
        "2X",
        expect!["refused: `2X` is not a valid variable name: use letters, digits and `_`, not starting with a digit"],
    );
    check_rename(
        &on_version,
        "TARGETOS",
        expect!["refused: `TARGETOS` is a build argument the builder predefines"],
    );
    check_prepare(
        "FROM alpine\nARG TARGETOS\nRUN echo $TARGET$0OS\n",
        expect!["refused: `TARGETOS` is set by the builder and cannot be renamed"],
    );
}

#[test]
fn rename_heredoc() {
    check_rename(
        "FROM alpine\nRUN <<E$0OF\necho hi\nEOF\n",
        "SCRIPT",
        expect![[r#"
            FROM alpine
            RUN <<SCRIPT
            echo hi
            SCRIPT
        "#]],
    );
    check_rename(
        "FROM alpine\nRUN <<E$0OF\necho hi\nEND\nEOF\n",
        "END",
        expect!["refused: The heredoc's body has a line `END` (line 4), which would end it early"],
    );
    check_rename(
        "FROM alpine\nRUN <<E$0OF\necho hi\nEOF\n",
        "has space",
        expect![
            "refused: `has space` is not a valid heredoc delimiter: use letters, digits, `_`, `-` and `.`, not starting with `-`"
        ],
    );
}

#[test]
fn rename_in_chinese() {
    let (text, offset) = cursor("FROM alpine AS a\nFROM alpine AS b$0\n");
    let model = model::parse(&text);
    let refused = navigation::rename(
        &model,
        &text,
        &Symbols::build(&model, &text),
        offset,
        "a",
        Locale::ZhHans,
    );
    assert_eq!(
        refused,
        Err(navigation::RenameError("第 1 行已有名为 `a` 的阶段".into()))
    );
}
