//! Code lenses on `FROM`: each is listed with the line it sits on and its title.

use dockerfile_lsp::analysis::config::Locale;
use dockerfile_lsp::analysis::lens;
use dockerfile_lsp::analysis::model;
use expect_test::{Expect, expect};

fn check_in(locale: Locale, text: &str, expect: Expect) {
    let model = model::parse(text);
    let out: Vec<String> = lens::code_lenses(&model, text, locale)
        .into_iter()
        .map(|l| {
            let line = text[..l.range.start].matches('\n').count() + 1;
            format!("line {line} [{}]: {}", l.range.slice(text), l.title)
        })
        .collect();
    expect.assert_eq(&out.join("\n"));
}

const MULTI: &str = include_str!("../../../tests/fixtures/graph/multi-stage.Dockerfile");

#[test]
fn layers_and_users_of_each_stage() {
    check_in(
        Locale::En,
        MULTI,
        expect![[r#"
        line 5 [FROM]: 2 layers · used by `build`, `test`
        line 10 [FROM]: 2 layers · used by `test`, `Stage #4`
        line 16 [FROM]: 1 layer · not used by a later stage
        line 19 [FROM]: 1 layer · used by `Stage #4`
        line 22 [FROM]: 3 layers · final stage"#]],
    );
}

#[test]
fn in_chinese() {
    check_in(
        Locale::ZhHans,
        "FROM alpine AS base\nRUN true\nFROM base\nFROM alpine AS unused\n",
        expect![[r#"
            line 1 [FROM]: 1 层 · 被 `阶段 #1` 使用
            line 3 [FROM]: 0 层 · 未被后续阶段使用
            line 4 [FROM]: 0 层 · 最终阶段"#]],
    );
}

#[test]
fn sizes_read_like_docker() {
    let shown: Vec<String> = [0, 512, 1000, 1500, 7_228_000, 96_570_000, 1_234_567_890]
        .into_iter()
        .map(lens::human_size)
        .collect();
    assert_eq!(shown, ["0B", "512B", "1kB", "1.5kB", "7.228MB", "96.57MB", "1.235GB"]);
}

#[test]
fn context_lenses_go_on_copies_of_the_whole_context() {
    let text = "FROM alpine AS a\nCOPY . .\nCOPY ./ /app/\nADD [\".\", \"/x\"]\nCOPY src/ /src/\nCOPY $DIR /d\nFROM a\nCOPY --from=a . .\nCOPY <<EOF /f\nx\nEOF\n";
    let model = model::parse(text);
    let size = lens::ContextSize {
        all: lens::Tally {
            files: 1204,
            bytes: 96_570_000,
        },
        sent: Some((
            ".dockerignore".to_owned(),
            lens::Tally {
                files: 37,
                bytes: 7_228_000,
            },
        )),
        truncated: false,
    };
    let render = |state: &lens::ContextState, locale: Locale| -> Vec<String> {
        lens::context_lenses(&model, state, locale)
            .into_iter()
            .map(|l| {
                let line = text[..l.range.start].matches('\n').count() + 1;
                format!("line {line} (stage {}): {}", l.stage, l.title)
            })
            .collect()
    };
    expect![[r#"
        line 2 (stage 0): Build context: 1204 files, 96.57MB · sent after `.dockerignore`: 37 files, 7.228MB
        line 3 (stage 0): Build context: 1204 files, 96.57MB · sent after `.dockerignore`: 37 files, 7.228MB
        line 4 (stage 0): Build context: 1204 files, 96.57MB · sent after `.dockerignore`: 37 files, 7.228MB"#]]
    .assert_eq(&render(&lens::ContextState::Measured(size.clone()), Locale::En).join("\n"));
    let without = lens::ContextSize {
        sent: None,
        truncated: true,
        ..size
    };
    expect![[r#"
        line 2 (stage 0): 构建上下文：超过 1204 个文件，超过 96.57MB · 没有 `.dockerignore`：全部发送
        line 3 (stage 0): 构建上下文：超过 1204 个文件，超过 96.57MB · 没有 `.dockerignore`：全部发送
        line 4 (stage 0): 构建上下文：超过 1204 个文件，超过 96.57MB · 没有 `.dockerignore`：全部发送"#]]
    .assert_eq(&render(&lens::ContextState::Measured(without), Locale::ZhHans).join("\n"));
    expect![[r#"
        line 2 (stage 0): Build context: measuring…
        line 3 (stage 0): Build context: measuring…
        line 4 (stage 0): Build context: measuring…"#]]
    .assert_eq(&render(&lens::ContextState::Measuring, Locale::En).join("\n"));
}
