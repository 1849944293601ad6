//! Inlay hints: each hint is drawn into the text where it goes, as `⟨label⟩`.

use dockerfile_lsp::analysis::inlay;
use dockerfile_lsp::analysis::model;
use dockerfile_lsp::syntax::TextRange;
use expect_test::{Expect, expect};

fn draw(text: &str, within: TextRange) -> String {
    let model = model::parse(text);
    let mut out = text.to_owned();
    let mut hints = inlay::inlay_hints(&model, text, within);
    hints.sort_by_key(|h| std::cmp::Reverse(h.offset));
    for h in hints {
        out.insert_str(h.offset, &format!("⟨{}⟩", h.label));
    }
    out
}

fn check(text: &str, expect: Expect) {
    expect.assert_eq(&draw(text, TextRange::new(0, text.len())));
}

#[test]
fn values_known_from_the_file() {
    check(
        r#"ARG GO_VERSION=1.22
ARG DISTRO
FROM golang:${GO_VERSION}-alpine AS build
ARG GO_VERSION
ENV GOFLAGS="-trimpath" CGO=${CGO:-0}
RUN echo "$GO_VERSION $GOFLAGS ${GO_VERSION%.*}" $DISTRO $HOME
FROM alpine:${DISTRO:-3.20}
RUN echo $GO_VERSION
ENV LONG=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa EMPTY=
LABEL long=$LONG empty=$EMPTY
"#,
        expect![[r#"
            ARG GO_VERSION=1.22
            ARG DISTRO
            FROM golang:${GO_VERSION}⟨= 1.22⟩-alpine AS build
            ARG GO_VERSION
            ENV GOFLAGS="-trimpath" CGO=${CGO:-0}⟨= 0⟩
            RUN echo "$GO_VERSION⟨= 1.22⟩ $GOFLAGS⟨= -trimpath⟩ ${GO_VERSION%.*}⟨= 1⟩" $DISTRO $HOME
            FROM alpine:${DISTRO:-3.20}⟨= 3.20⟩
            RUN echo $GO_VERSION
            ENV LONG=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa EMPTY=
            LABEL long=$LONG⟨= aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…⟩ empty=$EMPTY⟨= ""⟩
        "#]],
    );
}

#[test]
fn run_time_commands_see_env_but_not_arg() {
    check(
        "FROM alpine\nARG A=1\nENV B=2\nCMD echo $A $B\nRUN echo $A $B\n",
        expect![[r#"
            FROM alpine
            ARG A=1
            ENV B=2
            CMD echo $A $B⟨= 2⟩
            RUN echo $A⟨= 1⟩ $B⟨= 2⟩
        "#]],
    );
}

#[test]
fn only_hints_in_the_range() {
    let text = "ARG V=1\nFROM a:$V\nFROM b:$V\n";
    let second = text.rfind("FROM").unwrap_or_default();
    expect![[r#"
        ARG V=1
        FROM a:$V
        FROM b:$V⟨= 1⟩
    "#]]
    .assert_eq(&draw(text, TextRange::new(second, text.len())));
}
