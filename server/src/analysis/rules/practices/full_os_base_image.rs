//! `full-os-base-image`: the final stage runs on a full distribution image (a hint).

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Base, InstructionKind};
use crate::analysis::rules::practices::common::{
    chain_instructions, display_image, image_name, is_interactive, name_range, root_image,
};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "full-os-base-image",
    since: "0.1",
    severity: Severity::Hint,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Final stage on a full distribution image",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Repository names (last path component) of general-purpose distributions, with what to
/// suggest instead.
const DISTRIBUTIONS: &[(&str, &str)] = &[
    ("ubuntu", "`debian:<release>-slim`, `alpine`, distroless or `scratch`"),
    ("debian", "a `-slim` tag, `alpine`, distroless or `scratch`"),
    ("centos", "`ubi-minimal`, `alpine`, distroless or `scratch`"),
    ("fedora", "`fedora-minimal`, `alpine`, distroless or `scratch`"),
    ("rockylinux", "a `-minimal` tag, `alpine`, distroless or `scratch`"),
    ("almalinux", "`almalinux/9-minimal`, `alpine`, distroless or `scratch`"),
    ("oraclelinux", "a `-slim` tag, `alpine`, distroless or `scratch`"),
    ("amazonlinux", "`alpine`, distroless or `scratch`"),
    ("archlinux", "`alpine`, distroless or `scratch`"),
    (
        "leap",
        "`registry.suse.com/bci/bci-micro`, `alpine`, distroless or `scratch`",
    ),
    ("tumbleweed", "`alpine`, distroless or `scratch`"),
    ("ubi", "`ubi-minimal` or `ubi-micro`"),
    ("ubi8", "`ubi8/ubi-minimal` or `ubi8/ubi-micro`"),
    ("ubi9", "`ubi9/ubi-minimal` or `ubi9/ubi-micro`"),
    ("buildpack-deps", "a slim runtime image and a multi-stage build"),
];

/// Tag words of the small variants.
const SMALL_VARIANTS: &[&str] = &["slim", "minimal", "micro", "tiny", "busybox"];

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let Some(stage) = cx.model.stages.last() else {
        return;
    };
    let Some((_, image)) = root_image(cx.model, stage.index) else {
        return;
    };
    let name = image_name(image);
    let Some((_, instead)) = DISTRIBUTIONS.iter().find(|(d, _)| *d == name) else {
        return;
    };
    // An image with no process of its own, or a shell or prompt, is a base for others or a
    // tool: its users choose what runs, and often want the full system.
    let chain = chain_instructions(cx.model, stage.index);
    let process = chain
        .iter()
        .rev()
        .map(|&i| &cx.model.instructions[i])
        .find(|i| matches!(i.kind, InstructionKind::Cmd | InstructionKind::Entrypoint))
        .and_then(|i| cx.facts.script(i));
    if process.is_none_or(is_interactive) {
        return;
    }
    let tag = image
        .tag
        .as_ref()
        .map(|t| t.value.to_ascii_lowercase())
        .unwrap_or_default();
    if SMALL_VARIANTS.iter().any(|v| tag.contains(v)) {
        return;
    }
    // Through `FROM <stage>` the image is written in another stage; point at this one's FROM.
    let range = if matches!(stage.base, Base::Image { .. }) {
        name_range(image)
    } else {
        cx.model.instructions[stage.from].keyword.range
    };
    sink.report(
        range,
        format!(
            "The final stage runs on the full distribution image `{}`: consider {instead}",
            display_image(image)
        ),
    );
}

const EN: &str = r#"## What it does

Points out, as a hint, a final stage whose image (directly or through `FROM <stage>`) is a
general-purpose distribution: `ubuntu`, `debian`, `centos`, `fedora`, `rockylinux`,
`almalinux`, `oraclelinux`, `amazonlinux`, `archlinux`, openSUSE, Red Hat's full `ubi`, or
`buildpack-deps`, unless the tag names a small variant (`-slim`, `-minimal`, `-micro`). Build
stages are free to use whatever they need; only what ships is looked at.

An image with no `CMD` or `ENTRYPOINT` of its own, or whose command is a shell, an interpreter's
prompt or a build tool waiting for arguments, is a base for other images or a tool, and is not
reported. On the development corpus this keeps the official language images quiet: their full
variants sit on `buildpack-deps` on purpose, next to their `-slim` ones.

## Why is this bad?

A full distribution brings a package manager, a shell, core utilities and many libraries the
application never uses. The image is larger to store, push and pull, starts slower on a fresh
node, and every one of those packages is a vulnerability that scanners report and someone has
to patch. Small bases (`debian:*-slim`, `alpine`), distroless images or `scratch` for static
binaries carry only what the program needs.

It is a hint because some images need the full system on purpose: development containers, CI
images, or software that expects a complete distribution.

## Example

```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .

FROM ubuntu:24.04
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
```

## Use instead

```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
```

## Fix safety

There is no fix: a smaller base lacks tools and libraries the image may rely on (a shell for
scripts, glibc for binaries that are not static), so the switch has to be tested.

## References

- [Dockerfile best practices: choose the right base image](https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image)
- [Distroless images](https://github.com/GoogleContainerTools/distroless)
"#;

const ZH: &str = r#"## 作用

以提示(hint)的形式指出:最终阶段的镜像(直接指定,或经由 `FROM <阶段>`)是一个通用的完整发行版:
`ubuntu`、`debian`、`centos`、`fedora`、`rockylinux`、`almalinux`、`oraclelinux`、`amazonlinux`、
`archlinux`、openSUSE、Red Hat 的完整版 `ubi`,或者 `buildpack-deps`;标签表明是精简变体
(`-slim`、`-minimal`、`-micro`)的除外。构建阶段需要什么都可以用,只看最终交付的镜像。

没有自己的 `CMD` 或 `ENTRYPOINT`,或者命令是 shell、解释器的交互提示符、等待参数的构建工具的镜像,是供其他
镜像使用的基础镜像或工具镜像,不报告。在开发语料上,这让官方语言镜像保持安静:它们的完整版有意基于
`buildpack-deps`,同时另有 `-slim` 版本。

## 为什么不好

完整的发行版带有包管理器、shell、核心工具和许多应用根本用不到的库。镜像存储、推送、拉取都更大,在新节点上
启动更慢,而且每一个这样的包都是扫描器会报告、有人得去修补的漏洞。精简基础镜像(`debian:*-slim`、
`alpine`)、distroless 镜像,或者静态二进制用的 `scratch`,只包含程序需要的东西。

之所以只是提示,是因为有些镜像确实需要完整的系统:开发容器、CI 镜像,或者依赖完整发行版的软件。

## 示例

```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .

FROM ubuntu:24.04
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
```

## 建议写法

```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
```

## 修复安全性

没有自动修复:更小的基础镜像缺少镜像可能依赖的工具和库(运行脚本的 shell、非静态二进制需要的 glibc),
更换后必须测试。

## 参考

- [Dockerfile 最佳实践:选择合适的基础镜像](https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image)
- [Distroless 镜像](https://github.com/GoogleContainerTools/distroless)
"#;
