//! `invalid-default-arg-in-from`: a `FROM` reference built from global `ARG`s that is empty or
//! invalid when every argument keeps its default (BuildKit's `InvalidDefaultArgInFrom`).

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{self, Args, Base, InstructionKind, KeyValue};
use crate::analysis::rules::syntax::invalid_image_reference::check_reference;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "invalid-default-arg-in-from",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["InvalidDefaultArgInFrom"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Global `ARG` defaults make a `FROM` reference empty or invalid",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// What the automatic platform arguments hold in a plain `docker build` on an amd64 Linux host.
const PLATFORM_DEFAULTS: &[(&str, &str)] = &[
    ("TARGETPLATFORM", "linux/amd64"),
    ("TARGETOS", "linux"),
    ("TARGETARCH", "amd64"),
    ("TARGETVARIANT", ""),
    ("BUILDPLATFORM", "linux/amd64"),
    ("BUILDOS", "linux"),
    ("BUILDARCH", "amd64"),
    ("BUILDVARIANT", ""),
];

/// The global arguments as they are when no `--build-arg` is given: the platform ones, then
/// every global `ARG` with a default, in order. `None` when a default cannot be expanded (BuildKit
/// gives up on the check then).
fn default_args(cx: &Context<'_>) -> Option<Vec<(String, String)>> {
    let mut env: Vec<(String, String)> = PLATFORM_DEFAULTS
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let globals = cx
        .model
        .instructions
        .iter()
        .take_while(|i| i.kind != InstructionKind::From)
        .filter(|i| i.kind == InstructionKind::Arg);
    for instruction in globals {
        let Args::KeyValues(pairs) = &instruction.args else {
            continue;
        };
        for KeyValue { key, value, .. } in pairs {
            let Some(word) = value else { continue };
            let lookup = |n: &str| env.iter().rev().find(|(k, _)| k == n).map(|(_, v)| v.clone());
            let expanded = model::expand(&word.raw, cx.model.escape, &lookup)?;
            env.push((key.value.clone(), expanded));
        }
    }
    Some(env)
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let Some(env) = default_args(cx) else { return };
    let lookup = |n: &str| env.iter().rev().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    for stage in &cx.model.stages {
        let Base::Image { written, .. } = &stage.base else {
            continue;
        };
        if !written.raw.contains('$') {
            continue;
        }
        let Some(instruction) = cx.model.instructions.get(stage.from) else {
            continue;
        };
        if instruction.kind != InstructionKind::From {
            continue;
        }
        let Some(resolved) = model::expand(&written.raw, cx.model.escape, &lookup) else {
            continue;
        };
        // A reference that names an earlier stage is valid whatever its spelling.
        if cx.model.stages[..stage.index]
            .iter()
            .any(|s| s.name.as_ref().is_some_and(|n| n.value.eq_ignore_ascii_case(&resolved)))
        {
            continue;
        }
        let Err(problem) = check_reference(&resolved) else {
            continue;
        };
        let message = if resolved.is_empty() {
            "With the default `ARG` values this base image is empty: give the `ARG` a default".to_string()
        } else {
            format!(
                "With the default `ARG` values this base image is `{resolved}`: {}",
                lower_first(&problem.message)
            )
        };
        sink.report(written.range, message);
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

const EN: &str = r#"## What it does

Expands each `FROM` reference that uses variables with the defaults of the global `ARG`s (and
the platform arguments of an amd64 Linux build), as if no `--build-arg` were given, and reports
the reference when the result is empty or not a valid image reference.

## Why is this bad?

A Dockerfile that only builds with the right `--build-arg` fails for everyone who runs a plain
`docker build`, and in every tool that reads the file without arguments (IDEs, scanners,
`docker build --check`). `ARG TAG` without a default, then `FROM alpine:$TAG`, asks for
`alpine:`. BuildKit warns (`InvalidDefaultArgInFrom`).

## Example

```dockerfile
ARG ALPINE_VERSION
FROM alpine:${ALPINE_VERSION}
```

## Use instead

```dockerfile
ARG ALPINE_VERSION=3.20
FROM alpine:${ALPINE_VERSION}
```

## Fix safety

There is no fix: the right default is the author's choice.

## References

- [Dockerfile reference: how ARG and FROM interact](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
- [BuildKit check: InvalidDefaultArgInFrom](https://docs.docker.com/reference/build-checks/invalid-default-arg-in-from/)
"#;

const ZH: &str = r#"## 作用

对每个使用了变量的 `FROM` 引用,用全局 `ARG` 的默认值(以及 amd64 Linux 构建的平台参数)展开,就像没有传入任何
`--build-arg` 一样;如果结果为空或不是合法的镜像引用,就报告这个引用。

## 为什么不好

只有传入正确的 `--build-arg` 才能构建的 Dockerfile,对每一个直接运行 `docker build` 的人都会失败,在所有不带
参数读取文件的工具里(IDE、扫描工具、`docker build --check`)也一样。先写没有默认值的 `ARG TAG`,再写
`FROM alpine:$TAG`,请求的就是 `alpine:`。BuildKit 会给出 `InvalidDefaultArgInFrom` 警告。

## 示例

```dockerfile
ARG ALPINE_VERSION
FROM alpine:${ALPINE_VERSION}
```

## 建议写法

```dockerfile
ARG ALPINE_VERSION=3.20
FROM alpine:${ALPINE_VERSION}
```

## 修复安全性

没有自动修复:合适的默认值由作者决定。

## 参考

- [Dockerfile 参考文档:ARG 与 FROM 的关系](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
- [BuildKit 检查:InvalidDefaultArgInFrom](https://docs.docker.com/reference/build-checks/invalid-default-arg-in-from/)
"#;
