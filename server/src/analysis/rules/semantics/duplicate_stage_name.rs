//! `duplicate-stage-name`: two stages with the same name, compared without case as BuildKit
//! compares them.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "duplicate-stage-name",
    since: "0.1",
    severity: Severity::Error,
    aliases: &["DL3024", "DuplicateStageName"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Two stages with the same name",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let named: Vec<_> = cx.model.stages.iter().filter_map(|s| s.name.as_ref()).collect();
    for (i, name) in named.iter().enumerate() {
        let Some(first) = named[..i].iter().find(|n| n.value.eq_ignore_ascii_case(&name.value)) else {
            continue;
        };
        sink.report(
            name.range,
            format!(
                "Stage name `{}` is already used on line {}",
                name.value,
                cx.line_number(first.range.start)
            ),
        );
    }
}

const EN: &str = r#"## What it does

Reports a stage whose name (`FROM image AS name`) an earlier stage already has. Names are
compared without case, as BuildKit compares them: `Build` and `build` are the same stage name.

## Why is this bad?

Only one of the two can be reached by name: BuildKit keeps the last stage under the name, so
`COPY --from=build` in between suddenly copies from a stage defined further down, and
`docker build --target build` builds the last one. BuildKit warns (`DuplicateStageName`), the
classic builder refuses the file.

## Example

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/server ./cmd/server

FROM node:22 AS build
RUN npm ci && npm run build
```

## Use instead

```dockerfile
FROM golang:1.23 AS build-server
RUN go build -o /out/server ./cmd/server

FROM node:22 AS build-web
RUN npm ci && npm run build
```

## Fix safety

There is no fix: which stage keeps the name, and what every reference meant, is the author's call.

## References

- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [BuildKit check: DuplicateStageName](https://docs.docker.com/reference/build-checks/duplicate-stage-name/)
- [hadolint DL3024](https://github.com/hadolint/hadolint/wiki/DL3024)
"#;

const ZH: &str = r#"## 作用

报告名字(`FROM image AS name`)已被前面某个阶段使用过的构建阶段。名字比较不区分大小写,与 BuildKit 一致:
`Build` 和 `build` 是同一个阶段名。

## 为什么不好

按名字只能找到其中一个:BuildKit 只把最后一个阶段记在这个名字下,于是两者之间的 `COPY --from=build`
会突然从后面定义的阶段复制,`docker build --target build` 构建的也是最后一个。BuildKit 会给出警告
(`DuplicateStageName`),经典构建器则直接拒绝这个文件。

## 示例

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/server ./cmd/server

FROM node:22 AS build
RUN npm ci && npm run build
```

## 建议写法

```dockerfile
FROM golang:1.23 AS build-server
RUN go build -o /out/server ./cmd/server

FROM node:22 AS build-web
RUN npm ci && npm run build
```

## 修复安全性

没有自动修复:哪个阶段保留这个名字、各处引用原本指向哪个阶段,都需要作者决定。

## 参考

- [Dockerfile 参考文档:FROM](https://docs.docker.com/reference/dockerfile/#from)
- [BuildKit 检查:DuplicateStageName](https://docs.docker.com/reference/build-checks/duplicate-stage-name/)
- [hadolint DL3024](https://github.com/hadolint/hadolint/wiki/DL3024)
"#;
