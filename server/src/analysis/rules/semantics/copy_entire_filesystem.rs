//! `copy-entire-filesystem`: `COPY --from=<stage> / /`, the whole root filesystem of another
//! stage copied over the current one.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, Base, InstructionKind, Model, Word, parse_image_ref};
use crate::analysis::reference::is_os_image;
use crate::analysis::rules::semantics::{chain, chain_from_scratch, find_stage};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "copy-entire-filesystem",
    severity: Severity::Warning,
    aliases: &["DL3067"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`COPY --from=<stage> / /` copies a whole filesystem",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn is_root(path: &str) -> bool {
    !path.is_empty() && path.trim_end_matches(['/', '.']).is_empty() && path.starts_with('/')
}

/// Whether `--from=<from>` names a whole operating system: a stage built on an image with
/// instructions of its own, or (directly, or through stages that only name it) an image that is
/// an operating system ([`is_os_image`]). A stage built `FROM scratch` holds only what was put
/// there to be copied; so does a helper image published to be copied whole (`tonistiigi/xx`,
/// `docker/buildx-bin`).
fn copies_an_os(model: &Model, from: &str) -> bool {
    let image = match find_stage(model, from) {
        Some(stage) => {
            let chain = chain(model, stage);
            if chain_from_scratch(model, stage) {
                return false;
            }
            let aliases_only = chain
                .iter()
                .filter_map(|&s| model.stages.get(s))
                .all(|s| s.instructions.len() == 1);
            if !aliases_only {
                return true;
            }
            match chain.last().and_then(|&s| model.stages.get(s)).map(|s| &s.base) {
                Some(Base::Image { image: Some(image), .. }) => image.clone(),
                // An image named through an unknown variable: nothing to judge it by.
                _ => return false,
            }
        }
        None => match parse_image_ref(from) {
            Some(image) => image,
            None => return false,
        },
    };
    is_os_image(&image)
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let model = cx.model;
    for (index, instruction) in model.instructions.iter().enumerate() {
        if instruction.kind != InstructionKind::Copy {
            continue;
        }
        let Some(from) = instruction.flag("from").and_then(|f| f.value.as_ref()) else {
            continue;
        };
        let words: &[Word] = match &instruction.args {
            Args::Words(w) | Args::Json { elements: w, .. } => w,
            _ => continue,
        };
        let Some((dest, sources)) = words.split_last() else {
            continue;
        };
        let Some(root) = sources.iter().find(|s| is_root(&s.value)) else {
            continue;
        };
        if !is_root(&dest.value) {
            continue;
        }
        // Squashing a build into an empty image (`FROM scratch` then `COPY --from=build / /`)
        // is what this pattern is for.
        if model.stage_of(index).is_some_and(|s| chain_from_scratch(model, s)) {
            continue;
        }
        if !copies_an_os(model, &from.value) {
            continue;
        }
        sink.report(
            root.range,
            format!(
                "This copies the whole filesystem of `{}` over this stage's: copy only the paths it needs",
                from.value
            ),
        );
    }
}

const EN: &str = r#"## What it does

Reports `COPY --from=<stage> / /`: the root of another stage (or image) copied onto the root of
the current stage, when what is copied is a whole operating system:

- a stage built on an image with instructions of its own (`FROM golang:1.23 AS build` then
  `RUN ...`);
- an image that is an operating system, named directly or through a stage that only names it:
  a Docker Official Image (`debian`, `nginx`, `python`: each is built on a distribution), a
  distribution published elsewhere (`ubi9/ubi-minimal`, `quay.io/centos/centos`), distroless, or
  Microsoft's Azure Linux bases.

Left alone, because the pattern is what they are for:

- squashing into an empty image: the current stage is built `FROM scratch`
  (`FROM scratch` then `COPY --from=build / /`);
- copying a stage built `FROM scratch`, which holds only what was put there to be copied;
- copying a helper image published to be copied whole, named directly
  (`COPY --from=tonistiigi/xx / /`, `COPY --from=docker/buildx-bin / /`, small tool images on
  `ghcr.io`) or through a stage that only names it (`FROM tonistiigi/xx AS xx`). Any image that
  is not known to be an operating system counts as such a helper.

This differs from hadolint's DL3067, which reports every `COPY --from=<x> / /`: on real
Dockerfiles the scratch stages and helper images were most of its findings, and each was
intended (projects suppress DL3067 on exactly these lines).

## Why is this bad?

Everything comes along: the other stage's package database, caches, `/etc/passwd`, its
toolchain and whatever the build left behind, written over the files of the current stage's
base image. The image grows, files of the base image are silently replaced, and which file wins
depends on both stages.

## Example

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /usr/local/bin/app .

FROM debian:bookworm-slim
COPY --from=build / /
```

## Use instead

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /usr/local/bin/app .

FROM debian:bookworm-slim
COPY --from=build /usr/local/bin/app /usr/local/bin/app
```

## Fix safety

There is no fix: which paths the stage needs is the author's call.

## References

- [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
- [hadolint DL3067](https://github.com/hadolint/hadolint/wiki/DL3067)
"#;

const ZH: &str = r#"## 作用

报告 `COPY --from=<stage> / /`:把另一个阶段(或镜像)的根目录复制到当前阶段的根目录上,且被复制的是一整个
操作系统:

- 一个基于镜像、并且有自己指令的阶段(`FROM golang:1.23 AS build` 之后 `RUN ...`);
- 一个本身是操作系统的镜像,直接引用或通过只引用了它的阶段引用:Docker 官方镜像(`debian`、`nginx`、
  `python`:每一个都基于某个发行版)、在别处发布的发行版(`ubi9/ubi-minimal`、`quay.io/centos/centos`)、
  distroless,或微软的 Azure Linux 基础镜像。

以下情况不报告,因为这种写法正是为它们准备的:

- 压缩进空镜像:当前阶段基于 `FROM scratch`(`FROM scratch` 之后 `COPY --from=build / /`);
- 复制一个基于 `FROM scratch` 的阶段,其中只有为了被复制而放进去的东西;
- 复制一个发布出来就是为了整体复制的辅助镜像,直接引用(`COPY --from=tonistiigi/xx / /`、
  `COPY --from=docker/buildx-bin / /`、`ghcr.io` 上的小工具镜像)或通过只引用了它的阶段引用
  (`FROM tonistiigi/xx AS xx`)。凡是不知道是操作系统的镜像,都当作这样的辅助镜像。

这与 hadolint 的 DL3067 不同,后者报告每一个 `COPY --from=<x> / /`:在真实的 Dockerfile 中,scratch 阶段
和辅助镜像占了它的大部分报告,而且每一处都是有意为之(项目恰恰在这些行上抑制 DL3067)。

## 为什么不好

所有东西都会被带过来:另一个阶段的软件包数据库、缓存、`/etc/passwd`、工具链以及构建留下的一切,并覆盖当前
阶段基础镜像的文件。镜像变大,基础镜像的文件被悄悄替换,哪个文件最终生效取决于两个阶段的内容。

## 示例

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /usr/local/bin/app .

FROM debian:bookworm-slim
COPY --from=build / /
```

## 建议写法

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /usr/local/bin/app .

FROM debian:bookworm-slim
COPY --from=build /usr/local/bin/app /usr/local/bin/app
```

## 修复安全性

没有自动修复:这个阶段需要哪些路径由作者决定。

## 参考

- [Dockerfile 参考文档:COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
- [hadolint DL3067](https://github.com/hadolint/hadolint/wiki/DL3067)
"#;
