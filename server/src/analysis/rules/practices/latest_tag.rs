//! `latest-tag`: a `FROM` image pinned to the moving `latest` tag.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::Base;
use crate::analysis::rules::practices::common::display_image;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "latest-tag",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["DL3007"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Base image on the `latest` tag",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for stage in &cx.model.stages {
        let Base::Image {
            written,
            image: Some(image),
            ..
        } = &stage.base
        else {
            continue;
        };
        // A digest fixes the image whatever the tag says.
        if image.digest.is_some() {
            continue;
        }
        let Some(tag) = &image.tag else { continue };
        if tag.value != "latest" {
            continue;
        }
        let shown = display_image(image);
        let message = if written.value.contains('$') {
            format!("Image `{shown}` (from `{}`) uses the `latest` tag", written.value)
        } else {
            format!("Image `{shown}` uses the `latest` tag")
        };
        sink.report(tag.range, message);
    }
}

const EN: &str = r#"## What it does

Reports a `FROM` image on the `latest` tag, written out or coming from a build argument's
default. An image that also carries a digest (`alpine:latest@sha256:...`) is not reported: the
digest decides.

## Why is this bad?

`latest` is not "the newest release": it is whatever the publisher last pushed under that name,
and it moves. Builds stop being reproducible, a rebuild can silently switch to a new major
version, and nobody can tell from the Dockerfile which version an image was made from. Writing
`latest` explicitly is no better than writing no tag.

## Example

```dockerfile
FROM golang:1.22 AS build
FROM alpine:latest
COPY --from=build /out/app /app
```

## Use instead

```dockerfile
FROM golang:1.22 AS build
FROM alpine:3.20
COPY --from=build /out/app /app
```

## Fix safety

There is no fix: the version to pin is the author's choice.

## References

- [hadolint DL3007](https://github.com/hadolint/hadolint/wiki/DL3007)
- [Dockerfile best practices: pin base image versions](https://docs.docker.com/build/building/best-practices/#pin-base-image-versions)
"#;

const ZH: &str = r#"## 作用

报告使用 `latest` 标签的 `FROM` 镜像,无论是直接写出的,还是来自构建参数默认值的。同时带有摘要的镜像
(`alpine:latest@sha256:...`)不报告:以摘要为准。

## 为什么不好

`latest` 并不是"最新发布版",而是发布者最近一次以这个名字推送的镜像,它会变。构建因此不可复现,重新构建
可能悄悄换成新的大版本,也没人能从 Dockerfile 看出镜像是基于哪个版本做的。显式写 `latest` 和不写标签一样。

## 示例

```dockerfile
FROM golang:1.22 AS build
FROM alpine:latest
COPY --from=build /out/app /app
```

## 建议写法

```dockerfile
FROM golang:1.22 AS build
FROM alpine:3.20
COPY --from=build /out/app /app
```

## 修复安全性

没有自动修复:固定哪个版本由作者决定。

## 参考

- [hadolint DL3007](https://github.com/hadolint/hadolint/wiki/DL3007)
- [Dockerfile 最佳实践:固定基础镜像版本](https://docs.docker.com/build/building/best-practices/#pin-base-image-versions)
"#;
