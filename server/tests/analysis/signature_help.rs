//! Signature help tests. A fixture is Dockerfile text with `$0` at the cursor; `check` renders
//! every form, marks the active one with `>` and the active parameter with `[[...]]`.

use dockerfile_lsp::analysis::config::Locale;
use dockerfile_lsp::analysis::model;
use dockerfile_lsp::analysis::signature_help::signature_help;
use expect_test::{Expect, expect};

fn render(fixture: &str, locale: Locale) -> String {
    let offset = fixture.find("$0").expect("fixture has a $0 cursor");
    let text = fixture.replacen("$0", "", 1);
    let model = model::parse(&text);
    let Some(help) = signature_help(&model, &text, offset, locale) else {
        return "(none)".to_string();
    };
    let mut out = Vec::new();
    for (i, sig) in help.signatures.iter().enumerate() {
        let active = i == help.active_signature;
        let mut label = sig.label.clone();
        if active && let Some(p) = help.active_parameter.and_then(|p| sig.parameters.get(p)) {
            label = format!("{}[[{}]]{}", &label[..p.start], &label[p.start..p.end], &label[p.end..]);
        }
        out.push(format!("{} {label}", if active { ">" } else { " " }));
    }
    if let Some(doc) = help.signatures.first().and_then(|s| s.documentation.as_ref()) {
        out.push(doc.clone());
    }
    out.join("\n")
}

fn check(fixture: &str, expect: Expect) {
    expect.assert_eq(&render(fixture, Locale::En));
}

#[test]
fn copy_source_then_destination() {
    check(
        "FROM alpine\nCOPY $0",
        expect![[r#"
        > COPY [OPTIONS] [[<src> ...]] <dest>
          COPY [OPTIONS] ["<src>", ... "<dest>"]
        Copies files and directories from the build context, or from another stage, image or named context with `--from`, into the image."#]],
    );
    check(
        "FROM alpine\nCOPY a.txt $0",
        expect![[r#"
        > COPY [OPTIONS] <src> ... [[<dest>]]
          COPY [OPTIONS] ["<src>", ... "<dest>"]
        Copies files and directories from the build context, or from another stage, image or named context with `--from`, into the image."#]],
    );
    check(
        "FROM alpine\nCOPY --chown=app:app$0",
        expect![[r#"
        > COPY [[[OPTIONS]]] <src> ... <dest>
          COPY [OPTIONS] ["<src>", ... "<dest>"]
        Copies files and directories from the build context, or from another stage, image or named context with `--from`, into the image."#]],
    );
}

#[test]
fn json_form_is_chosen_and_counted() {
    check(
        "FROM alpine\nCOPY [\"a b.txt\", $0",
        expect![[r#"
          COPY [OPTIONS] <src> ... <dest>
        > COPY [OPTIONS] ["<src>", ... [["<dest>"]]]
        Copies files and directories from the build context, or from another stage, image or named context with `--from`, into the image."#]],
    );
    check(
        "FROM alpine\nCMD [\"nginx\", \"-g\", $0",
        expect![[r#"
        > CMD ["<executable>", [["<param>", ...]]]
          CMD ["<param>", ...]
          CMD <command> <param> ...
        Sets the default command of a container, or the default arguments of the `ENTRYPOINT`."#]],
    );
}

#[test]
fn from_forms_follow_the_reference() {
    check(
        "FROM alpine:3.20 $0",
        expect![[r#"
          FROM [--platform=<platform>] <image> [AS <name>]
        > FROM [--platform=<platform>] <image>[:<tag>] [[[AS <name>]]]
          FROM [--platform=<platform>] <image>[@<digest>] [AS <name>]
        Starts a new build stage on top of a base image."#]],
    );
    check(
        "FROM alpine@sha256:abc$0",
        expect![[r#"
          FROM [--platform=<platform>] <image> [AS <name>]
          FROM [--platform=<platform>] <image>[:<tag>] [AS <name>]
        > FROM [--platform=<platform>] [[<image>[@<digest>]]] [AS <name>]
        Starts a new build stage on top of a base image."#]],
    );
    check(
        "FROM --platform=linux/amd64$0",
        expect![[r#"
        > FROM [[[--platform=<platform>]]] <image> [AS <name>]
          FROM [--platform=<platform>] <image>[:<tag>] [AS <name>]
          FROM [--platform=<platform>] <image>[@<digest>] [AS <name>]
        Starts a new build stage on top of a base image."#]],
    );
}

#[test]
fn healthcheck_none_and_cmd() {
    check(
        "FROM alpine\nHEALTHCHECK --interval=5s CMD $0",
        expect![[r#"
        > HEALTHCHECK [OPTIONS] CMD [[<command>]]
          HEALTHCHECK NONE
        Tells the container runtime how to test that the container is still working."#]],
    );
    check(
        "FROM alpine\nHEALTHCHECK NONE$0",
        expect![[r#"
          HEALTHCHECK [OPTIONS] CMD <command>
        > HEALTHCHECK [[NONE]]
        Tells the container runtime how to test that the container is still working."#]],
    );
}

#[test]
fn variadic_words() {
    check(
        "FROM alpine\nEXPOSE 80 443 $0",
        expect![[r#"
        > EXPOSE <port>[/<protocol>] [[[<port>[/<protocol>] ...]]]
        Declares the network ports the container listens on; it does not publish them."#]],
    );
    check(
        "FROM alpine\nRUN apt-get install -y $0",
        expect![[r#"
        > RUN [OPTIONS] [[<command> ...]]
          RUN [OPTIONS] ["<executable>", "<param>", ...]
        Runs commands on top of the current image and commits the result as a new layer."#]],
    );
}

#[test]
fn onbuild_trigger_and_continuation() {
    check(
        "FROM alpine\nONBUILD COPY . $0",
        expect![[r#"
        > COPY [OPTIONS] <src> ... [[<dest>]]
          COPY [OPTIONS] ["<src>", ... "<dest>"]
        Copies files and directories from the build context, or from another stage, image or named context with `--from`, into the image."#]],
    );
    check(
        "FROM alpine\nCOPY --link \\\n    src/ $0",
        expect![[r#"
        > COPY [OPTIONS] <src> ... [[<dest>]]
          COPY [OPTIONS] ["<src>", ... "<dest>"]
        Copies files and directories from the build context, or from another stage, image or named context with `--from`, into the image."#]],
    );
}

#[test]
fn chinese_documentation() {
    expect![[r#"
          USER <user>[:<group>]
        > USER [[<UID>[:<GID>]]]
        设置之后的 `RUN`、`CMD`、`ENTRYPOINT` 指令以及容器运行时使用的用户（以及可选的用户组）。"#]]
    .assert_eq(&render("FROM alpine\nUSER 1000:$0", Locale::ZhHans));
}

#[test]
fn nothing_while_typing_the_keyword_or_in_a_heredoc() {
    check("FROM alpine\nCOP$0", expect![[r#"(none)"#]]);
    check("FROM alpine\nRUN <<EOF\necho $0\nEOF\n", expect![[r#"(none)"#]]);
    check("FROM alpine\n# COPY $0\n", expect![[r#"(none)"#]]);
}
