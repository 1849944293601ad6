//! `copy-from-own-stage`: `COPY --from=<stage>` (or `RUN --mount=from=<stage>`) naming the very
//! stage the instruction is in.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::semantics::{find_stage, stage_refs};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "copy-from-own-stage",
    since: "0.1",
    severity: Severity::Error,
    aliases: &["DL3023"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`COPY --from` names the stage it is in",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for r in stage_refs(cx) {
        let Some(current) = cx.model.stage_of(r.instruction) else {
            continue;
        };
        if find_stage(cx.model, r.value) != Some(current) {
            continue;
        }
        let flag = if r.mount { "from=" } else { "--from=" };
        sink.report(
            r.range,
            format!("`{flag}{}` names the stage this instruction is in", r.value),
        );
    }
}

const EN: &str = r#"## What it does

Reports a `COPY --from=<stage>` or `RUN --mount=...,from=<stage>` that names (or numbers) the
stage the instruction itself belongs to.

## Why is this bad?

A stage cannot read from itself while it is being built: its files are what the instruction is
producing. BuildKit fails with `circular dependency detected on stage`. The usual cause is a
stage renamed or copied from another Dockerfile without its `--from`s.

## Example

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .
COPY --from=build /out/app /usr/local/bin/app
```

## Use instead

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /usr/local/bin/app
```

## Fix safety

There is no fix: the missing stage boundary, or the stage that was meant, is the author's call.

## References

- [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
- [hadolint DL3023](https://github.com/hadolint/hadolint/wiki/DL3023)
"#;

const ZH: &str = r#"## 作用

报告 `COPY --from=<stage>` 或 `RUN --mount=...,from=<stage>` 用名字(或序号)指向了指令自身所在的阶段。

## 为什么不好

阶段在构建过程中不能读取自己:它的文件正是这条指令要生成的东西。BuildKit 会以 `circular dependency detected
on stage` 失败。常见原因是阶段被改名,或从别的 Dockerfile 复制过来时没有同步修改 `--from`。

## 示例

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .
COPY --from=build /out/app /usr/local/bin/app
```

## 建议写法

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /usr/local/bin/app
```

## 修复安全性

没有自动修复:缺少的阶段分隔,或者原本想指向的阶段,需要作者决定。

## 参考

- [Dockerfile 参考文档:COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
- [hadolint DL3023](https://github.com/hadolint/hadolint/wiki/DL3023)
"#;
