//! `invalid-onbuild-trigger`: `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`, which
//! BuildKit refuses to parse.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, InstructionKind};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "invalid-onbuild-trigger",
    since: "0.1",
    severity: Severity::Error,
    aliases: &["DL3043"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`ONBUILD` trigger that BuildKit rejects (`ONBUILD`, `FROM`, `MAINTAINER`)",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    // Only the first level: a trigger nested deeper is already inside a refused `ONBUILD ONBUILD`.
    for instruction in &cx.model.instructions {
        let Args::Onbuild(trigger) = &instruction.args else {
            continue;
        };
        if !matches!(
            trigger.kind,
            InstructionKind::Onbuild | InstructionKind::From | InstructionKind::Maintainer
        ) {
            continue;
        }
        sink.report(
            trigger.keyword.range,
            format!("`{}` is not allowed as an `ONBUILD` trigger", trigger.keyword.value),
        );
    }
}

const EN: &str = r#"## What it does

Reports an `ONBUILD` whose trigger is `ONBUILD`, `FROM` or `MAINTAINER`.

## Why is this bad?

A trigger runs as the first step of a child build, inside the child's stage. A stage cannot
start a new stage (`FROM`), a trigger cannot register more triggers (`ONBUILD`), and `MAINTAINER`
is image metadata that a child build must not rewrite. BuildKit refuses the Dockerfile with
`ONBUILD ONBUILD isn't allowed` (or the `FROM`/`MAINTAINER` equivalent), so nothing is built.

## Example

```dockerfile
FROM node:22-alpine
ONBUILD FROM node:22-alpine
ONBUILD MAINTAINER team@example.com
```

## Use instead

```dockerfile
FROM node:22-alpine
LABEL org.opencontainers.image.authors="team@example.com"
ONBUILD COPY package.json package-lock.json ./
ONBUILD RUN npm ci
```

## Fix safety

There is no fix: what the trigger was meant to do needs a different instruction.

## References

- [Dockerfile reference: ONBUILD](https://docs.docker.com/reference/dockerfile/#onbuild)
- [hadolint DL3043](https://github.com/hadolint/hadolint/wiki/DL3043)
"#;

const ZH: &str = r#"## 作用

报告触发指令为 `ONBUILD`、`FROM` 或 `MAINTAINER` 的 `ONBUILD`。

## 为什么不好

触发指令会作为子镜像构建的第一步,在子镜像的构建阶段里执行。一个阶段不能再开启新阶段(`FROM`),触发指令不能
再注册触发指令(`ONBUILD`),`MAINTAINER` 是镜像元数据,不应由子镜像构建改写。BuildKit 会直接拒绝这个
Dockerfile(报错 `ONBUILD ONBUILD isn't allowed`,`FROM`/`MAINTAINER` 同理),什么都构建不出来。

## 示例

```dockerfile
FROM node:22-alpine
ONBUILD FROM node:22-alpine
ONBUILD MAINTAINER team@example.com
```

## 建议写法

```dockerfile
FROM node:22-alpine
LABEL org.opencontainers.image.authors="team@example.com"
ONBUILD COPY package.json package-lock.json ./
ONBUILD RUN npm ci
```

## 修复安全性

没有自动修复:触发指令原本想做的事需要换一条指令来完成。

## 参考

- [Dockerfile 参考文档:ONBUILD](https://docs.docker.com/reference/dockerfile/#onbuild)
- [hadolint DL3043](https://github.com/hadolint/hadolint/wiki/DL3043)
"#;
