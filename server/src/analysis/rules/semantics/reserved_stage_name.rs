//! `reserved-stage-name`: a stage called `scratch` or `context`, names BuildKit gives a meaning
//! of their own.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "reserved-stage-name",
    since: "0.1",
    severity: Severity::Error,
    aliases: &["DL3063", "ReservedStageName"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Stage named `scratch` or `context`",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for name in cx.model.stages.iter().filter_map(|s| s.name.as_ref()) {
        let lower = name.value.to_ascii_lowercase();
        let meaning = match lower.as_str() {
            "scratch" => "the empty image",
            "context" => "the build context",
            _ => continue,
        };
        sink.report(
            name.range,
            format!("Stage name `{}` is reserved: `{lower}` means {meaning}", name.value),
        );
    }
}

const EN: &str = r#"## What it does

Reports a stage named `scratch` or `context` (in any case).

## Why is this bad?

Both names already mean something to BuildKit: `FROM scratch` is the empty image, and
`context` names the build context in `--build-context` and `COPY --from=context`. A stage with
one of these names makes every reference ambiguous; BuildKit warns (`ReservedStageName`).

## Example

```dockerfile
FROM alpine:3.20 AS scratch
RUN apk add --no-cache ca-certificates

FROM scratch
COPY --from=scratch /etc/ssl/certs /etc/ssl/certs
```

## Use instead

```dockerfile
FROM alpine:3.20 AS certs
RUN apk add --no-cache ca-certificates

FROM scratch
COPY --from=certs /etc/ssl/certs /etc/ssl/certs
```

## Fix safety

There is no fix: the new name, and which references should follow it, are the author's choice.

## References

- [BuildKit check: ReservedStageName](https://docs.docker.com/reference/build-checks/reserved-stage-name/)
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
"#;

const ZH: &str = r#"## 作用

报告名为 `scratch` 或 `context`(任意大小写)的构建阶段。

## 为什么不好

这两个名字对 BuildKit 已有含义:`FROM scratch` 表示空镜像,`context` 在 `--build-context` 和
`COPY --from=context` 中表示构建上下文。用它们给阶段命名会让每一处引用都产生歧义;BuildKit 会给出
`ReservedStageName` 警告。

## 示例

```dockerfile
FROM alpine:3.20 AS scratch
RUN apk add --no-cache ca-certificates

FROM scratch
COPY --from=scratch /etc/ssl/certs /etc/ssl/certs
```

## 建议写法

```dockerfile
FROM alpine:3.20 AS certs
RUN apk add --no-cache ca-certificates

FROM scratch
COPY --from=certs /etc/ssl/certs /etc/ssl/certs
```

## 修复安全性

没有自动修复:新名字以及哪些引用要跟着改,由作者决定。

## 参考

- [BuildKit 检查:ReservedStageName](https://docs.docker.com/reference/build-checks/reserved-stage-name/)
- [Dockerfile 参考文档:FROM](https://docs.docker.com/reference/dockerfile/#from)
"#;
