//! `untagged-image`: a `FROM` image with neither tag nor digest, which means `latest`.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::Base;
use crate::analysis::rules::practices::common::{display_image, name_range};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "untagged-image",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["DL3006"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Base image without a tag or digest",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for stage in &cx.model.stages {
        // Stage names and `scratch` resolve to other bases; an unresolvable reference (a build
        // argument without default) is not known to lack a tag.
        let Base::Image {
            written,
            image: Some(image),
            ..
        } = &stage.base
        else {
            continue;
        };
        if image.tag.is_some() || image.digest.is_some() {
            continue;
        }
        let shown = display_image(image);
        let message = if written.value.contains('$') {
            format!("Image `{shown}` (from `{}`) has no tag", written.value)
        } else {
            format!("Image `{shown}` has no tag")
        };
        sink.report(name_range(image), message);
    }
}

const EN: &str = r#"## What it does

Reports a `FROM` image written without a tag or digest. A reference built from build arguments
(`FROM ${BASE}`) is checked through the arguments' defaults, since that is what a plain
`docker build` uses; a reference that names an earlier stage, `scratch`, or an argument without
a default is not reported.

## Why is this bad?

An image without a tag is `latest`, which moves whenever its publisher pushes. The same
Dockerfile then builds different images on different days and machines: a rebuild that was
meant to change one line can bring a new major version of the distribution or the runtime, and
a bug cannot be reproduced from the Dockerfile alone.

## Example

```dockerfile
ARG BASE=python
FROM ubuntu
FROM ${BASE}
```

## Use instead

```dockerfile
ARG BASE=python:3.12-slim
FROM ubuntu:24.04
FROM ${BASE}
```

A digest (`ubuntu:24.04@sha256:...`) pins the exact image; a tool such as Renovate or
Dependabot can keep it up to date.

## Fix safety

There is no fix: only the author knows which version the image was written for.

## References

- [hadolint DL3006](https://github.com/hadolint/hadolint/wiki/DL3006)
- [Dockerfile best practices: FROM](https://docs.docker.com/build/building/best-practices/#from)
"#;

const ZH: &str = r#"## 作用

报告没有写标签(tag)也没有写摘要(digest)的 `FROM` 镜像。由构建参数拼出的引用(`FROM ${BASE}`)
按参数的默认值检查,因为普通的 `docker build` 用的就是默认值;引用前面阶段名、`scratch`,或者引用
没有默认值的参数时不报告。

## 为什么不好

没有标签的镜像就是 `latest`,发布者每推送一次它就变一次。同一个 Dockerfile 在不同日子、不同机器上会构建
出不同的镜像:本想只改一行的重新构建可能带来发行版或运行时的新大版本,出了问题也无法只凭 Dockerfile 复现。

## 示例

```dockerfile
ARG BASE=python
FROM ubuntu
FROM ${BASE}
```

## 建议写法

```dockerfile
ARG BASE=python:3.12-slim
FROM ubuntu:24.04
FROM ${BASE}
```

写上摘要(`ubuntu:24.04@sha256:...`)可以固定到确切的镜像,再用 Renovate 或 Dependabot 之类的工具保持更新。

## 修复安全性

没有自动修复:只有作者知道这个镜像是按哪个版本写的。

## 参考

- [hadolint DL3006](https://github.com/hadolint/hadolint/wiki/DL3006)
- [Dockerfile 最佳实践:FROM](https://docs.docker.com/build/building/best-practices/#from)
"#;
