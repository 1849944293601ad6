//! Completion tests. A fixture is Dockerfile text with `$0` at the cursor; `check` renders the
//! text each item replaces once, then one item per line (label, kind, detail when it carries
//! information of this file, insert text when it differs from the label).

use dockerfile_lsp::analysis::completion::{CompletionItem, CompletionKind, completion};
use dockerfile_lsp::analysis::config::Locale;
use dockerfile_lsp::analysis::facts::Facts;
use dockerfile_lsp::analysis::model;
use expect_test::{Expect, expect};

fn items(fixture: &str, locale: Locale) -> (String, Vec<CompletionItem>) {
    let offset = fixture.find("$0").expect("fixture has a $0 cursor");
    let text = fixture.replacen("$0", "", 1);
    let model = model::parse(&text);
    let items = completion(&model, Some(&Facts::compute(&text, &model)), &text, offset, locale);
    (text, items)
}

fn render(text: &str, items: &[CompletionItem]) -> String {
    if items.is_empty() {
        return "(nothing)".to_string();
    }
    let mut out = Vec::new();
    let mut last_range = None;
    for item in items {
        if last_range != Some(item.range) {
            out.push(format!("replace {:?}", item.range.slice(text)));
            last_range = Some(item.range);
        }
        let mut line = format!("  {} ({:?})", item.label, item.kind);
        // Docs summaries are checked by the docs tests; details computed from the file are not.
        if matches!(
            item.kind,
            CompletionKind::Stage | CompletionKind::Variable | CompletionKind::Signal
        ) && let Some(detail) = &item.detail
        {
            line.push_str(&format!(" {detail}"));
        }
        if item.insert != item.label {
            line.push_str(&format!(" => {}", item.insert));
        }
        out.push(line);
    }
    out.join("\n")
}

fn check(fixture: &str, expect: Expect) {
    let (text, items) = items(fixture, Locale::En);
    expect.assert_eq(&render(&text, &items));
}

fn labels(fixture: &str) -> Vec<String> {
    items(fixture, Locale::En).1.into_iter().map(|i| i.label).collect()
}

#[test]
fn empty_file_offers_from_arg_and_directives() {
    check(
        "$0",
        expect![[r#"
        replace ""
          ARG (Keyword) => ARG ${1:NAME}
          FROM (Keyword) => FROM ${1:image}
          FROM [--platform=<platform>] <image>[:<tag>] [AS <name>] (Keyword) => FROM ${1:image}:${2:tag} AS ${3:name}
          FROM [--platform=<platform>] <image>[@<digest>] [AS <name>] (Keyword) => FROM ${1:image}@${2:digest}
          # syntax (Directive) => # syntax=${1|docker/dockerfile:1,docker/dockerfile:1-labs|}
          # escape (Directive) => # escape=${1|\\,`|}
          # check (Directive) => # check=${1|skip=,error=true|}"#]],
    );
}

#[test]
fn keywords_after_the_first_from_without_maintainer() {
    let got = labels("FROM alpine\n$0");
    for keyword in ["RUN", "COPY", "ENTRYPOINT", "HEALTHCHECK", "ONBUILD", "FROM", "ARG"] {
        assert!(got.iter().any(|l| l == keyword), "{keyword} missing: {got:?}");
    }
    assert!(!got.iter().any(|l| l == "MAINTAINER"), "MAINTAINER is deprecated");
    assert!(!got.iter().any(|l| l.starts_with('#')), "directives only at the top");
}

#[test]
fn keyword_forms_and_replace_range() {
    check(
        "FROM alpine\nCM$0\n",
        expect![[r#"
        replace "CM"
          ADD (Keyword) => ADD ${1:src} ${2:dest}
          ADD [OPTIONS] ["<src>", ... "<dest>"] (Keyword) => ADD ["${1:src}", "${2:dest}"]
          ARG (Keyword) => ARG ${1:NAME}
          CMD (Keyword) => CMD ["${1:executable}", "${2:param}"]
          CMD ["<param>", ...] (Keyword) => CMD ["${1:param}"]
          CMD <command> <param> ... (Keyword) => CMD ${1:command}
          COPY (Keyword) => COPY ${1:src} ${2:dest}
          COPY [OPTIONS] ["<src>", ... "<dest>"] (Keyword) => COPY ["${1:src}", "${2:dest}"]
          ENTRYPOINT (Keyword) => ENTRYPOINT ["${1:executable}", "${2:param}"]
          ENTRYPOINT <command> <param> ... (Keyword) => ENTRYPOINT ${1:command}
          ENV (Keyword) => ENV ${1:NAME}=${2:value}
          EXPOSE (Keyword) => EXPOSE ${1:80}
          FROM (Keyword) => FROM ${1:image}
          FROM [--platform=<platform>] <image>[:<tag>] [AS <name>] (Keyword) => FROM ${1:image}:${2:tag} AS ${3:name}
          FROM [--platform=<platform>] <image>[@<digest>] [AS <name>] (Keyword) => FROM ${1:image}@${2:digest}
          HEALTHCHECK (Keyword) => HEALTHCHECK CMD ${1:command}
          HEALTHCHECK NONE (Keyword)
          LABEL (Keyword) => LABEL ${1:key}="${2:value}"
          ONBUILD (Keyword) => ONBUILD ${1:INSTRUCTION}
          RUN (Keyword) => RUN ${1:command}
          RUN [OPTIONS] ["<executable>", "<param>", ...] (Keyword) => RUN ["${1:executable}", "${2:param}"]
          SHELL (Keyword) => SHELL ["${1:/bin/sh}", "${2:-c}"]
          STOPSIGNAL (Keyword) => STOPSIGNAL ${1:SIGTERM}
          USER (Keyword) => USER ${1:user}
          USER <UID>[:<GID>] (Keyword) => USER ${1:uid}:${2:gid}
          VOLUME (Keyword) => VOLUME ["${1:/data}"]
          VOLUME <path> [<path> ...] (Keyword) => VOLUME ${1:/data}
          WORKDIR (Keyword) => WORKDIR ${1:/app}"#]],
    );
}

#[test]
fn keywords_follow_the_files_casing() {
    check(
        "from alpine\nrun true\nexp$0",
        expect![[r#"
            replace "exp"
              add (Keyword) => add ${1:src} ${2:dest}
              add [OPTIONS] ["<src>", ... "<dest>"] (Keyword) => add ["${1:src}", "${2:dest}"]
              arg (Keyword) => arg ${1:NAME}
              cmd (Keyword) => cmd ["${1:executable}", "${2:param}"]
              cmd ["<param>", ...] (Keyword) => cmd ["${1:param}"]
              cmd <command> <param> ... (Keyword) => cmd ${1:command}
              copy (Keyword) => copy ${1:src} ${2:dest}
              copy [OPTIONS] ["<src>", ... "<dest>"] (Keyword) => copy ["${1:src}", "${2:dest}"]
              entrypoint (Keyword) => entrypoint ["${1:executable}", "${2:param}"]
              entrypoint <command> <param> ... (Keyword) => entrypoint ${1:command}
              env (Keyword) => env ${1:NAME}=${2:value}
              expose (Keyword) => expose ${1:80}
              from (Keyword) => from ${1:image}
              from [--platform=<platform>] <image>[:<tag>] [AS <name>] (Keyword) => from ${1:image}:${2:tag} as ${3:name}
              from [--platform=<platform>] <image>[@<digest>] [AS <name>] (Keyword) => from ${1:image}@${2:digest}
              healthcheck (Keyword) => healthcheck cmd ${1:command}
              healthcheck none (Keyword)
              label (Keyword) => label ${1:key}="${2:value}"
              onbuild (Keyword) => onbuild ${1:INSTRUCTION}
              run (Keyword) => run ${1:command}
              run [OPTIONS] ["<executable>", "<param>", ...] (Keyword) => run ["${1:executable}", "${2:param}"]
              shell (Keyword) => shell ["${1:/bin/sh}", "${2:-c}"]
              stopsignal (Keyword) => stopsignal ${1:SIGTERM}
              user (Keyword) => user ${1:user}
              user <UID>[:<GID>] (Keyword) => user ${1:uid}:${2:gid}
              volume (Keyword) => volume ["${1:/data}"]
              volume <path> [<path> ...] (Keyword) => volume ${1:/data}
              workdir (Keyword) => workdir ${1:/app}"#]],
    );
}

#[test]
fn only_from_and_arg_before_the_first_from() {
    check(
        "ARG BASE=alpine\n$0\nFROM $BASE\n",
        expect![[r#"
        replace ""
          ARG (Keyword) => ARG ${1:NAME}
          FROM (Keyword) => FROM ${1:image}
          FROM [--platform=<platform>] <image>[:<tag>] [AS <name>] (Keyword) => FROM ${1:image}:${2:tag} AS ${3:name}
          FROM [--platform=<platform>] <image>[@<digest>] [AS <name>] (Keyword) => FROM ${1:image}@${2:digest}"#]],
    );
}

#[test]
fn flags_of_run() {
    check(
        "FROM alpine\nRUN --$0",
        expect![[r#"
        replace "--"
          --mount (Flag) => --mount=type=${1|cache,bind,tmpfs,secret,ssh|},target=${2:path}
          --network (Flag) => --network=${1|default,none,host|}
          --security (Flag) => --security=${1|sandbox,insecure|}
          --device (Flag) => --device=${1:name}"#]],
    );
}

#[test]
fn flags_already_present_are_not_offered_again() {
    check(
        "FROM alpine\nCOPY --link --chown=app:app --$0 . /app\n",
        expect![[r#"
        replace "--"
          --from (Flag) => --from=${1:stage}
          --chmod (Flag) => --chmod=${1:0755}
          --parents (Flag)
          --exclude (Flag) => --exclude=${1:pattern}"#]],
    );
}

#[test]
fn flags_only_before_the_arguments() {
    check("FROM alpine\nCOPY . --$0", expect![[r#"(nothing)"#]]);
}

#[test]
fn flags_and_first_argument_after_a_space() {
    check(
        "FROM alpine\nHEALTHCHECK --interval=5s $0",
        expect![[r#"
        replace ""
          --timeout (Flag) => --timeout=${1:30s}
          --start-period (Flag) => --start-period=${1:0s}
          --start-interval (Flag) => --start-interval=${1:5s}
          --retries (Flag) => --retries=${1:3}
          CMD (Keyword) => CMD ${1:command}
          NONE (Keyword)"#]],
    );
}

#[test]
fn mount_types_first() {
    check(
        "FROM alpine\nRUN --mount=$0",
        expect![[r#"
        replace ""
          type=bind (Value)
          type=cache (Value)
          type=tmpfs (Value)
          type=secret (Value)
          type=ssh (Value)"#]],
    );
}

#[test]
fn mount_keys_of_the_chosen_type() {
    check(
        "FROM alpine\nRUN --mount=type=cache,target=/root/.cache,$0",
        expect![[r#"
        replace ""
          id (Property) => id=
          ro (Property)
          sharing (Property) => sharing=${1|shared,private,locked|}
          from (Property) => from=
          source (Property) => source=
          mode (Property) => mode=
          uid (Property) => uid=
          gid (Property) => gid="#]],
    );
    check(
        "FROM alpine\nRUN --mount=type=secret,id=npmrc,$0",
        expect![[r#"
        replace ""
          target (Property) => target=
          env (Property) => env=
          required (Property)
          mode (Property) => mode=
          uid (Property) => uid=
          gid (Property) => gid="#]],
    );
}

#[test]
fn mount_keys_default_to_bind() {
    let got = labels("FROM alpine\nRUN --mount=target=/src,$0");
    assert!(
        got.contains(&"rw".to_string()) && got.contains(&"type=cache".to_string()),
        "{got:?}"
    );
    assert!(!got.contains(&"target".to_string()), "{got:?}");
}

#[test]
fn finite_values() {
    check(
        "FROM alpine\nRUN --network=$0",
        expect![[r#"
        replace ""
          default (Value)
          none (Value)
          host (Value)"#]],
    );
    check(
        "FROM alpine\nRUN --security=ins$0",
        expect![[r#"
        replace "ins"
          sandbox (Value)
          insecure (Value)"#]],
    );
    check(
        "FROM alpine\nRUN --mount=type=$0",
        expect![[r#"
        replace ""
          bind (Value)
          cache (Value)
          tmpfs (Value)
          secret (Value)
          ssh (Value)"#]],
    );
    check(
        "FROM alpine\nRUN --mount=type=cache,sharing=$0",
        expect![[r#"
        replace ""
          shared (Value)
          private (Value)
          locked (Value)"#]],
    );
    check(
        "FROM alpine\nRUN --mount=type=secret,required=$0",
        expect![[r#"
        replace ""
          true (Value)
          false (Value)"#]],
    );
    check(
        "FROM alpine\nCOPY --link=$0",
        expect![[r#"
        replace ""
          true (Value)
          false (Value)"#]],
    );
    check(
        "FROM --platform=$0",
        expect![[r#"
        replace ""
          $BUILDPLATFORM (Value)
          $TARGETPLATFORM (Value)
          linux/amd64 (Value)
          linux/arm64 (Value)
          linux/arm/v7 (Value)
          linux/arm/v6 (Value)
          linux/386 (Value)
          linux/ppc64le (Value)
          linux/s390x (Value)
          linux/riscv64 (Value)
          windows/amd64 (Value)"#]],
    );
}

#[test]
fn stages_after_from_flag() {
    check(
        "FROM golang:1.22 AS builder\nFROM node:22 AS web\nFROM alpine\nCOPY --from=$0",
        expect![[r#"
            replace ""
              builder (Stage) stage, line 1 · golang:1.22
              web (Stage) stage, line 2 · node:22"#]],
    );
}

#[test]
fn own_and_later_stages_are_not_offered() {
    check(
        "FROM golang:1.22 AS builder\nCOPY --from=$0 . .\nFROM alpine AS later\n",
        expect![[r#"(nothing)"#]],
    );
}

#[test]
fn stages_after_mount_from() {
    check(
        "FROM node:22 AS deps\nFROM alpine\nRUN --mount=type=bind,from=$0",
        expect![[r#"
            replace ""
              deps (Stage) stage, line 1 · node:22"#]],
    );
}

#[test]
fn stages_and_images_after_from() {
    check(
        "FROM golang:1.22 AS builder\nFROM $0",
        expect![[r#"
        replace ""
          --platform (Flag) => --platform=${1:linux/amd64}
          builder (Stage) stage, line 1 · golang:1.22
          alpine (Image)
          debian (Image)
          ubuntu (Image)
          golang (Image)
          node (Image)
          python (Image)
          rust (Image)
          eclipse-temurin (Image)
          nginx (Image)
          redis (Image)
          postgres (Image)
          gcr.io/distroless/static-debian12 (Image)
          gcr.io/distroless/base-debian12 (Image)
          gcr.io/distroless/cc-debian12 (Image)
          gcr.io/distroless/java21-debian12 (Image)
          gcr.io/distroless/python3-debian12 (Image)
          gcr.io/distroless/nodejs22-debian12 (Image)
          scratch (Image)"#]],
    );
}

#[test]
fn tags_of_a_base_image() {
    check(
        "FROM python:3.1$0",
        expect![[r#"
        replace "3.1"
          3.13-slim (Value)
          3.13 (Value)
          3.12-slim (Value)
          3.12 (Value)
          3.12-alpine (Value)"#]],
    );
    check("FROM example.com/app:$0", expect![[r#"(nothing)"#]]);
}

#[test]
fn as_after_the_image() {
    check(
        "FROM alpine $0",
        expect![[r#"
        replace ""
          AS (Keyword) => AS ${1:name}"#]],
    );
}

#[test]
fn variables_after_dollar() {
    check(
        "ARG VERSION=1.0\nFROM alpine\nARG VERSION\nENV APP_HOME=/app\nRUN echo $$0",
        expect![[r#"
            replace ""
              APP_HOME (Variable) = /app
              VERSION (Variable) = 1.0
              ALL_PROXY (Variable) Set only when passed with `--build-arg`
              FTP_PROXY (Variable) Set only when passed with `--build-arg`
              HTTPS_PROXY (Variable) Set only when passed with `--build-arg`
              HTTP_PROXY (Variable) Set only when passed with `--build-arg`
              NO_PROXY (Variable) Set only when passed with `--build-arg`
              all_proxy (Variable) Set only when passed with `--build-arg`
              ftp_proxy (Variable) Set only when passed with `--build-arg`
              http_proxy (Variable) Set only when passed with `--build-arg`
              https_proxy (Variable) Set only when passed with `--build-arg`
              no_proxy (Variable) Set only when passed with `--build-arg`"#]],
    );
}

#[test]
fn variables_after_brace_close_the_brace() {
    check(
        "ARG TAG=3.20\nFROM alpine:${T$0",
        expect![[r#"
            replace "T"
              TAG (Variable) = 3.20 => TAG}
              BUILDARCH (Variable) Set by the builder for every build => BUILDARCH}
              BUILDOS (Variable) Set by the builder for every build => BUILDOS}
              BUILDPLATFORM (Variable) Set by the builder for every build => BUILDPLATFORM}
              BUILDVARIANT (Variable) Set by the builder for every build => BUILDVARIANT}
              TARGETARCH (Variable) Set by the builder for every build => TARGETARCH}
              TARGETOS (Variable) Set by the builder for every build => TARGETOS}
              TARGETPLATFORM (Variable) Set by the builder for every build => TARGETPLATFORM}
              TARGETVARIANT (Variable) Set by the builder for every build => TARGETVARIANT}"#]],
    );
    check(
        "ARG TAG=3.20\nFROM alpine:${T$0}",
        expect![[r#"
            replace "T"
              TAG (Variable) = 3.20
              BUILDARCH (Variable) Set by the builder for every build
              BUILDOS (Variable) Set by the builder for every build
              BUILDPLATFORM (Variable) Set by the builder for every build
              BUILDVARIANT (Variable) Set by the builder for every build
              TARGETARCH (Variable) Set by the builder for every build
              TARGETOS (Variable) Set by the builder for every build
              TARGETPLATFORM (Variable) Set by the builder for every build
              TARGETVARIANT (Variable) Set by the builder for every build"#]],
    );
}

#[test]
fn directives_at_the_top() {
    check(
        "# $0",
        expect![[r#"
        replace ""
          syntax (Directive) => syntax=${1|docker/dockerfile:1,docker/dockerfile:1-labs|}
          escape (Directive) => escape=${1|\\,`|}
          check (Directive) => check=${1|skip=,error=true|}"#]],
    );
    check(
        "# syntax=$0",
        expect![[r#"
        replace ""
          docker/dockerfile:1 (Value)
          docker/dockerfile:1-labs (Value)"#]],
    );
    check(
        "# syntax=docker/dockerfile:1\n# es$0",
        expect![[r#"
        replace "es"
          escape (Directive) => escape=${1|\\,`|}
          check (Directive) => check=${1|skip=,error=true|}"#]],
    );
}

#[test]
fn no_directives_after_an_instruction_or_comment() {
    check("FROM alpine\n# $0", expect![[r#"(nothing)"#]]);
    check("# a comment\n# $0", expect![[r#"(nothing)"#]]);
}

#[test]
fn signals_after_stopsignal() {
    check(
        "FROM nginx\nSTOPSIGNAL $0",
        expect![[r#"
        replace ""
          SIGTERM (Signal) signal 15
          SIGQUIT (Signal) signal 3
          SIGINT (Signal) signal 2
          SIGHUP (Signal) signal 1
          SIGUSR1 (Signal) signal 10
          SIGUSR2 (Signal) signal 12
          SIGWINCH (Signal) signal 28
          SIGKILL (Signal) signal 9
          SIGABRT (Signal) signal 6
          SIGALRM (Signal) signal 14
          SIGCONT (Signal) signal 18
          SIGPWR (Signal) signal 30
          SIGSTOP (Signal) signal 19"#]],
    );
}

#[test]
fn nothing_in_a_heredoc_body_or_a_comment() {
    check("FROM alpine\nRUN <<EOF\n  apt-get $0\nEOF\n", expect![[r#"(nothing)"#]]);
    check("FROM alpine\nRUN <<EOF\n  echo --$0\nEOF\n", expect![[r#"(nothing)"#]]);
    check("FROM alpine\n# RUN --$0\n", expect![[r#"(nothing)"#]]);
    check(
        "FROM alpine\nRUN true \\\n# --$0\n  && false\n",
        expect![[r#"(nothing)"#]],
    );
}

#[test]
fn continuation_lines() {
    check(
        "FROM alpine\nRUN --mount=type=cache,target=/var/cache/apt \\\n    --$0",
        expect![[r#"
            replace "--"
              --mount (Flag) => --mount=type=${1|cache,bind,tmpfs,secret,ssh|},target=${2:path}
              --network (Flag) => --network=${1|default,none,host|}
              --security (Flag) => --security=${1|sandbox,insecure|}
              --device (Flag) => --device=${1:name}"#]],
    );
    // A continuation inside the flag's value: the logical value is `type=cache,sharing=`, the
    // range is what is on this line.
    check(
        "FROM alpine\nRUN --mount=type=cache,\\\nsharing=pri$0",
        expect![[r#"
        replace "pri"
          shared (Value)
          private (Value)
          locked (Value)"#]],
    );
}

#[test]
fn onbuild_triggers() {
    check(
        "FROM alpine\nONBUILD $0",
        expect![[r#"
        replace ""
          ADD (Keyword) => ADD ${1:src} ${2:dest}
          ADD [OPTIONS] ["<src>", ... "<dest>"] (Keyword) => ADD ["${1:src}", "${2:dest}"]
          ARG (Keyword) => ARG ${1:NAME}
          CMD (Keyword) => CMD ["${1:executable}", "${2:param}"]
          CMD ["<param>", ...] (Keyword) => CMD ["${1:param}"]
          CMD <command> <param> ... (Keyword) => CMD ${1:command}
          COPY (Keyword) => COPY ${1:src} ${2:dest}
          COPY [OPTIONS] ["<src>", ... "<dest>"] (Keyword) => COPY ["${1:src}", "${2:dest}"]
          ENTRYPOINT (Keyword) => ENTRYPOINT ["${1:executable}", "${2:param}"]
          ENTRYPOINT <command> <param> ... (Keyword) => ENTRYPOINT ${1:command}
          ENV (Keyword) => ENV ${1:NAME}=${2:value}
          EXPOSE (Keyword) => EXPOSE ${1:80}
          HEALTHCHECK (Keyword) => HEALTHCHECK CMD ${1:command}
          HEALTHCHECK NONE (Keyword)
          LABEL (Keyword) => LABEL ${1:key}="${2:value}"
          RUN (Keyword) => RUN ${1:command}
          RUN [OPTIONS] ["<executable>", "<param>", ...] (Keyword) => RUN ["${1:executable}", "${2:param}"]
          SHELL (Keyword) => SHELL ["${1:/bin/sh}", "${2:-c}"]
          STOPSIGNAL (Keyword) => STOPSIGNAL ${1:SIGTERM}
          USER (Keyword) => USER ${1:user}
          USER <UID>[:<GID>] (Keyword) => USER ${1:uid}:${2:gid}
          VOLUME (Keyword) => VOLUME ["${1:/data}"]
          VOLUME <path> [<path> ...] (Keyword) => VOLUME ${1:/data}
          WORKDIR (Keyword) => WORKDIR ${1:/app}"#]],
    );
    check(
        "FROM alpine\nONBUILD COPY --$0",
        expect![[r#"
        replace "--"
          --from (Flag) => --from=${1:stage}
          --chown (Flag) => --chown=${1:user}:${2:group}
          --chmod (Flag) => --chmod=${1:0755}
          --link (Flag)
          --parents (Flag)
          --exclude (Flag) => --exclude=${1:pattern}"#]],
    );
}

#[test]
fn backtick_escape() {
    check(
        "# escape=`\nFROM alpine AS base\nFROM alpine\nCOPY `\n  --from=$0",
        expect![[r#"
            replace ""
              base (Stage) stage, line 2 · alpine"#]],
    );
}

#[test]
fn details_are_localized() {
    let (_, zh) = items("FROM alpine\nRUN --$0", Locale::ZhHans);
    let mount = zh.iter().find(|i| i.label == "--mount").expect("--mount offered");
    expect!["只为这一个 `RUN` 挂载文件系统；挂载的内容不会进入镜像层。"]
        .assert_eq(mount.detail.as_deref().unwrap_or(""));
    let (_, zh) = items("FROM nginx\nSTOPSIGNAL $0", Locale::ZhHans);
    expect!["信号 15"].assert_eq(zh[0].detail.as_deref().unwrap_or(""));
}

#[test]
fn every_item_has_docs_or_a_detail() {
    for fixture in [
        "$0",
        "FROM alpine\n$0",
        "FROM alpine\nRUN --$0",
        "FROM alpine\nRUN --mount=$0",
        "FROM alpine\nRUN --mount=type=cache,$0",
        "FROM $0",
    ] {
        for item in items(fixture, Locale::En).1 {
            assert!(
                item.topic.is_some() || item.detail.is_some(),
                "{fixture:?}: {} has neither docs nor a detail",
                item.label
            );
        }
    }
}

#[test]
fn plain_text_for_clients_without_snippets() {
    let (_, items) = items("FROM alpine\nRUN --$0", Locale::En);
    let network = items
        .iter()
        .find(|i| i.label == "--network")
        .expect("--network offered");
    assert_eq!(network.plain_insert(), "--network=default");
}

#[test]
fn retyping_a_keyword_or_a_flag_name_keeps_what_follows() {
    let (text, items) = items("FROM alpine\nCO$0PY . /app\n", Locale::En);
    let copy = items.iter().find(|i| i.label == "COPY").expect("COPY offered");
    assert_eq!(
        (copy.range.slice(&text), copy.insert.as_str(), copy.snippet),
        ("COPY", "COPY", false)
    );
    assert_eq!(items.iter().filter(|i| i.filter.as_deref() == Some("COPY")).count(), 0);
    check(
        "FROM alpine\nRUN --net$0work=none true\n",
        expect![[r#"
        replace "--network"
          --mount (Flag)
          --network (Flag)
          --security (Flag)
          --device (Flag)"#]],
    );
}

#[test]
fn chown_offers_the_users_the_stage_creates_chmod_modes_and_healthcheck_durations() {
    // Users created in this stage's chain (useradd, adduser with its options, groupadd), and
    // the one an earlier USER names; not the user of an unrelated stage.
    check(
        "FROM alpine AS other\nRUN adduser -D stranger\n\
         FROM debian AS base\nRUN useradd -u 1000 -m app && groupadd -g 2000 web\n\
         FROM base\nUSER nobody\nCOPY --chown=$0 . /app\n",
        expect![[r#"
            replace ""
              app (Value)
              app:app (Value)
              root:web (Value)
              nobody (Value)
              root (Value)
              root:root (Value)"#]],
    );
    check(
        "FROM alpine\nCOPY --chmod=07$0 run.sh /usr/local/bin/\n",
        expect![[r#"
            replace "07"
              0755 (Value)
              0644 (Value)
              0700 (Value)
              0600 (Value)
              0555 (Value)
              0444 (Value)"#]],
    );
    // A mount's `mode` offers the same.
    assert_eq!(
        labels("FROM alpine\nRUN --mount=type=cache,target=/c,mode=$0 true\n"),
        labels("FROM alpine\nCOPY --chmod=$0 run.sh /usr/local/bin/\n")
    );
    check(
        "FROM alpine\nHEALTHCHECK --interval=$0 CMD true\n",
        expect![[r#"
            replace ""
              30s (Value)
              5s (Value)
              10s (Value)
              1m (Value)
              5m (Value)"#]],
    );
    assert_eq!(labels("FROM alpine\nHEALTHCHECK --start-period=$0 CMD true\n")[0], "0s");
}
