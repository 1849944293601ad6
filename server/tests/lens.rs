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

const MULTI: &str = include_str!("../../tests/fixtures/graph/multi-stage.Dockerfile");

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
