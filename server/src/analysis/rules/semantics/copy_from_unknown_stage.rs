//! `copy-from-unknown-stage`: `COPY --from=<x>` (or `RUN --mount=from=<x>`) where `x` is no stage
//! of the file and does not look like an image reference either.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::rules::semantics::{find_stage, stage_refs};
use crate::analysis::rules::suggest::closest;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "copy-from-unknown-stage",
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

/// The one stage name that has `value` as its first or last `-`/`_`/`.`-separated part: `set`
/// was meant for `license-set`, `deps` for `deps-builder`. `None` when no name or several do.
fn named_part<'n>(value: &str, names: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    let mut found = names.filter(|name| {
        let parts: Vec<&str> = name.split(['-', '_', '.']).collect();
        parts.len() > 1
            && [parts.first(), parts.last()]
                .into_iter()
                .flatten()
                .any(|p| p.eq_ignore_ascii_case(value))
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
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
        let suggestion = closest(r.value, earlier.clone())
            .or_else(|| named_part(r.value, earlier))
            .map(str::to_lowercase);
        let value = r.value;
        let message = match &suggestion {
            Some(s) => format!(
                "No stage is named `{value}` (did you mean `{s}`?); unless the build passes a named context (`--build-context {value}=...`), BuildKit pulls the image `{value}`"
            ),
            None => format!(
                "No stage is named `{value}`: pass it as a named context (`--build-context {value}=...`), or give an image a tag (`name:tag`) to tell it from a stage"
            ),
        };
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
earlier stage has a close name (a typo away, or the only one that starts or ends with the value
as a part of its own: `set` for `license-set`), it is suggested.

## Why is this bad?

BuildKit takes a `--from` that names no stage for an image, and tries to pull
`docker.io/library/x:latest`: a typo in a stage name (`buidler`) becomes a failed pull, or worse
a successful pull of an unrelated public image.

A named build context is reached the same way: `docker buildx build --build-context x=../other`
(or `x=docker-image://...`, `x=https://...`, a `contexts` entry of a Bake file or a Compose
`additional_contexts`) provides `--from=x` without any stage or image of that name. The
Dockerfile alone cannot tell, which is why this is a warning and the message names the
`--build-context` flag that would provide it.

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
- [docker buildx build --build-context](https://docs.docker.com/reference/cli/docker/buildx/build/#build-context)
- [hadolint DL3022](https://github.com/hadolint/hadolint/wiki/DL3022)
"#;

const ZH: &str = r#"## 作用

报告 `COPY --from=<x>` 或 `RUN --mount=...,from=<x>` 中的 `x` 既不是本文件的阶段(按名字或序号),也不像
镜像引用(不含 `:`、`/`、`@` 或 `.`)。如果前面有名字相近的阶段(只差一处拼写,或者是唯一一个以这个值作为
开头或结尾部分的名字:`set` 对应 `license-set`),会给出建议。

## 为什么不好

BuildKit 会把不是阶段名的 `--from` 当作镜像,尝试拉取 `docker.io/library/x:latest`:阶段名的拼写错误
(`buidler`)会变成拉取失败,更糟的是拉到一个毫不相干的公共镜像。

命名构建上下文也是这样引用的:`docker buildx build --build-context x=../other`(或
`x=docker-image://...`、`x=https://...`、Bake 文件的 `contexts` 条目、Compose 的 `additional_contexts`)
会提供 `--from=x`,而文件里既没有这个名字的阶段也没有这个镜像。仅凭 Dockerfile 无法判断,所以这里只是警告,
提示信息也会写出能提供它的 `--build-context` 参数。

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
- [docker buildx build --build-context](https://docs.docker.com/reference/cli/docker/buildx/build/#build-context)
- [hadolint DL3022](https://github.com/hadolint/hadolint/wiki/DL3022)
"#;
