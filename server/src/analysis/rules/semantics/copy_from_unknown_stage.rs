//! `copy-from-unknown-stage`: `COPY --from=<x>` (or `RUN --mount=from=<x>`) where `x` is no stage
//! of the file and does not look like an image reference either.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::rules::semantics::{find_stage, stage_refs};
use crate::analysis::rules::suggest::closest;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "copy-from-unknown-stage",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["DL3022"],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "`COPY --from` names no earlier stage and no image",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// `name:tag`, `registry/name`, `name@digest`, `host.domain/...`: an image, not a stage name
/// (stage names allow `.` too, but a name with a dot that is no stage is far likelier an image).
fn looks_like_image(value: &str) -> bool {
    value.contains(['/', ':', '@', '.'])
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for r in stage_refs(cx) {
        // A variable is refused by BuildKit for `--from` (a different problem); an empty value
        // is `invalid-flag-value`'s.
        if r.value.is_empty() || r.value.contains('$') || find_stage(cx.model, r.value).is_some() {
            continue;
        }
        let current = cx.model.stage_of(r.instruction).unwrap_or(0);
        if r.value.bytes().all(|b| b.is_ascii_digit()) {
            sink.report(
                r.range,
                format!(
                    "There is no stage number {} (stages are numbered from 0 to {})",
                    r.value,
                    cx.model.stages.len().saturating_sub(1)
                ),
            );
            continue;
        }
        if looks_like_image(r.value) {
            continue;
        }
        let earlier = cx.model.stages[..current.min(cx.model.stages.len())]
            .iter()
            .filter_map(|s| s.name.as_ref().map(|n| n.value.as_str()));
        let suggestion = closest(r.value, earlier).map(str::to_lowercase);
        let mut message = format!("No stage is named `{}`", r.value);
        match &suggestion {
            Some(s) => message.push_str(&format!(" (did you mean `{s}`?)")),
            None => message.push_str("; an image needs a tag (`name:tag`) to be told from a stage"),
        }
        let diagnostic = sink.report(r.range, message);
        if let Some(s) = suggestion.filter(|_| r.exact) {
            diagnostic.fix = Some(Fix::new(
                format!("Use stage `{s}`"),
                Applicability::Unsafe,
                vec![Edit {
                    range: r.range,
                    new_text: s,
                }],
            ));
        }
    }
}

const EN: &str = r#"## What it does

Reports a `COPY --from=<x>` or `RUN --mount=...,from=<x>` where `x` is no stage of the file
(by name or number) and does not look like an image reference (no `:`, `/`, `@` or `.`). When an
earlier stage has a close name, it is suggested.

## Why is this bad?

BuildKit takes a `--from` that names no stage for an image, and tries to pull
`docker.io/library/x:latest`: a typo in a stage name (`buidler`) becomes a failed pull, or worse
a successful pull of an unrelated public image. A named build context
(`docker build --build-context x=...`) is also reached this way, which is why this is a warning.

## Example

```dockerfile
FROM golang:1.23 AS builder
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=buidler /out/app /app
```

## Use instead

```dockerfile
FROM golang:1.23 AS builder
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=builder /out/app /app
```

## Fix safety

The fix replaces the value with the closest earlier stage name. It is unsafe: the name may be
a named build context or an image on purpose.

## References

- [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
- [hadolint DL3022](https://github.com/hadolint/hadolint/wiki/DL3022)
"#;

const ZH: &str = r#"## 作用

报告 `COPY --from=<x>` 或 `RUN --mount=...,from=<x>` 中的 `x` 既不是本文件的阶段(按名字或序号),也不像
镜像引用(不含 `:`、`/`、`@` 或 `.`)。如果前面有名字相近的阶段,会给出建议。

## 为什么不好

BuildKit 会把不是阶段名的 `--from` 当作镜像,尝试拉取 `docker.io/library/x:latest`:阶段名的拼写错误
(`buidler`)会变成拉取失败,更糟的是拉到一个毫不相干的公共镜像。命名构建上下文
(`docker build --build-context x=...`)也是这样引用的,所以这里只是警告。

## 示例

```dockerfile
FROM golang:1.23 AS builder
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=buidler /out/app /app
```

## 建议写法

```dockerfile
FROM golang:1.23 AS builder
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=builder /out/app /app
```

## 修复安全性

修复会把值替换为最接近的前面阶段名。它是不安全的修复:这个名字可能有意指向命名构建上下文或镜像。

## 参考

- [Dockerfile 参考文档:COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
- [hadolint DL3022](https://github.com/hadolint/hadolint/wiki/DL3022)
"#;
