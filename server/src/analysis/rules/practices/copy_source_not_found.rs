//! `copy-source-not-found`: a COPY/ADD source that is not in the build context, which BuildKit
//! fails on.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Instruction, Word};
use crate::analysis::rules::practices::common::{
    Presence, context_sources, has_wildcard, ignorer, presence, top_level_copies,
};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "copy-source-not-found",
    since: "0.1",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`COPY`/`ADD` source not in the build context",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let ignore = ignorer(cx.fs).map(|(_, i)| i);
    let mut sources: Vec<(&Instruction, &Word, String, Presence)> = Vec::new();
    for instruction in top_level_copies(cx.model) {
        for (word, path) in context_sources(cx.model, instruction) {
            // A build argument can point the source elsewhere at build time.
            if path.is_empty() || word.raw.contains('$') {
                continue;
            }
            let found = presence(cx.fs, &path);
            sources.push((instruction, word, path, found));
        }
    }
    // A Dockerfile is often built with another folder as its context (`docker build -f
    // docker/Dockerfile .`). Unless the context is configured, trust the folder only when it
    // holds at least one of the files the Dockerfile names.
    let trusted = cx.config.context.is_some()
        || sources
            .iter()
            .any(|(_, _, path, found)| *found == Presence::Found && !path.split('/').any(has_wildcard));
    if !trusted {
        return;
    }
    for (instruction, word, path, found) in sources {
        let Presence::Missing(len) = found else { continue };
        // An excluded file is `copy-ignored-file`'s finding.
        if ignore.as_ref().is_some_and(|i| i.is_excluded(&path)) {
            continue;
        }
        let missing = &path[..len.min(path.len())];
        let message = if missing == path {
            format!(
                "`{}` source `{path}` is not in the build context",
                instruction.kind.keyword()
            )
        } else {
            format!(
                "`{}` source `{path}` is not in the build context: there is no `{missing}`",
                instruction.kind.keyword()
            )
        };
        sink.report(word.range, message);
    }
}

const EN: &str = r#"## What it does

Reports a `COPY` or `ADD` source that does not exist in the build context. Sources are resolved
as BuildKit resolves them: relative to the context root (a leading `/` and `..` cannot leave
it), variables expanded, and patterns read like Go's `filepath.Match` (`*`, `?`, `[...]`, none of
them crossing `/`). The path up to the first pattern must exist; a pattern that matches nothing
is allowed, since BuildKit copies nothing then (`COPY package.json yarn.lock* ./` is the usual
way to copy an optional file). Sources of `COPY --from`, URLs, git repositories, heredocs,
`ONBUILD` triggers and sources written with variables are not looked at; a source that
`.dockerignore` excludes is reported by `copy-ignored-file` instead.

The rule needs the build context: the Dockerfile's folder, or the context configured with
`context` in `dockerfile-lsp.toml`. Because Dockerfiles are often built with another folder as
their context (`docker build -f docker/Dockerfile .`), the Dockerfile's folder is only trusted
when at least one source the Dockerfile names is found in it; a configured context is always
trusted. With no context at all the rule stays quiet.

## Why is this bad?

BuildKit stops the build with `failed to compute cache key: "/app.jar": not found`, after it has
pulled the base image and run every instruction before the copy.

## Example

```dockerfile
FROM eclipse-temurin:21-jre
COPY target/app.jar /app/app.jar
COPY config/application.yml /app/
```

(with `config/` present but `target/app.jar` not built yet)

## Use instead

Build the file first, copy it from a build stage, or fix the path:

```dockerfile
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -q package

FROM eclipse-temurin:21-jre
COPY --from=build /src/target/app.jar /app/app.jar
COPY config/application.yml /app/
```

## Fix safety

There is no fix: the missing file may be a build output, a typo or a path from another context.

## References

- [Dockerfile reference: COPY](https://docs.docker.com/reference/dockerfile/#copy)
- [Build context](https://docs.docker.com/build/concepts/context/)
"#;

const ZH: &str = r#"## 作用

报告在构建上下文中不存在的 `COPY` 或 `ADD` 来源。来源按 BuildKit 的方式解析:相对于上下文根目录(开头的
`/` 和 `..` 都不能离开根目录),变量会展开,模式按 Go 的 `filepath.Match` 理解(`*`、`?`、`[...]`,都不跨越
`/`)。第一个模式之前的路径必须存在;模式什么都不匹配是允许的,因为这时 BuildKit 什么都不复制
(`COPY package.json yarn.lock* ./` 就是复制可选文件的惯用写法)。`COPY --from` 的来源、URL、git 仓库、
heredoc、`ONBUILD` 触发器以及用变量写的来源不检查;被 `.dockerignore` 排除的来源由 `copy-ignored-file` 报告。

这条规则需要构建上下文:Dockerfile 所在目录,或者在 `dockerfile-lsp.toml` 中用 `context` 配置的上下文。
由于 Dockerfile 常常以别的目录作为上下文构建(`docker build -f docker/Dockerfile .`),只有当 Dockerfile
提到的来源中至少有一个能在该目录中找到时,才信任 Dockerfile 所在目录;配置的上下文总是被信任。完全没有
上下文时不报告。

## 为什么不好

BuildKit 会以 `failed to compute cache key: "/app.jar": not found` 中止构建,而这时它已经拉取了基础镜像,
并执行了复制之前的每一条指令。

## 示例

```dockerfile
FROM eclipse-temurin:21-jre
COPY target/app.jar /app/app.jar
COPY config/application.yml /app/
```

(`config/` 存在,但 `target/app.jar` 还没有构建出来)

## 建议写法

先构建出文件、从构建阶段复制,或者改正路径:

```dockerfile
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -q package

FROM eclipse-temurin:21-jre
COPY --from=build /src/target/app.jar /app/app.jar
COPY config/application.yml /app/
```

## 修复安全性

没有自动修复:缺失的文件可能是构建产物、拼写错误,或者属于另一个上下文的路径。

## 参考

- [Dockerfile 参考文档:COPY](https://docs.docker.com/reference/dockerfile/#copy)
- [构建上下文](https://docs.docker.com/build/concepts/context/)
"#;
