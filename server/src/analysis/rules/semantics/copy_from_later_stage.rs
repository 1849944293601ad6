//! `copy-from-later-stage`: `COPY --from=<stage>` (or `RUN --mount=from=<stage>`) naming a stage
//! defined further down the file.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::semantics::{find_stage, stage_refs};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "copy-from-later-stage",
    since: "0.1",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`COPY --from` names a stage defined further down",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for r in stage_refs(cx) {
        let Some(current) = cx.model.stage_of(r.instruction) else {
            continue;
        };
        let Some(target) = find_stage(cx.model, r.value).filter(|&t| t > current) else {
            continue;
        };
        let line = cx
            .model
            .instructions
            .get(cx.model.stages[target].from)
            .map_or(0, |i| cx.line_number(i.range.start));
        sink.report(
            r.range,
            format!(
                "Stage `{}` is defined further down, on line {line}: a stage can only use earlier ones",
                r.value
            ),
        );
    }
}

const EN: &str = r#"## What it does

Reports a `COPY --from=<stage>` or `RUN --mount=...,from=<stage>` that names (or numbers) a
stage defined below the instruction.

## Why is this bad?

Stages are read top to bottom, and a stage can only use the ones before it. BuildKit finds the
stage by name, then fails with `cannot copy from stage "x", it needs to be defined before
current stage "y"`. The usual cause is stages reordered during a refactoring.

## Example

```dockerfile
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app

FROM golang:1.23 AS build
RUN go build -o /out/app .
```

## Use instead

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
```

## Fix safety

There is no fix: moving stages around is the author's call.

## References

- [Dockerfile reference: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
"#;

const ZH: &str = r#"## 作用

报告 `COPY --from=<stage>` 或 `RUN --mount=...,from=<stage>` 用名字(或序号)指向了定义在这条指令下方的阶段。

## 为什么不好

阶段从上到下读取,一个阶段只能使用它之前的阶段。BuildKit 按名字找到这个阶段后会失败:`cannot copy from
stage "x", it needs to be defined before current stage "y"`。常见原因是重构时调整了阶段顺序。

## 示例

```dockerfile
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app

FROM golang:1.23 AS build
RUN go build -o /out/app .
```

## 建议写法

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
```

## 修复安全性

没有自动修复:如何调整阶段顺序由作者决定。

## 参考

- [Dockerfile 参考文档:多阶段构建](https://docs.docker.com/build/building/multi-stage/)
"#;
