//! `single-stage-build-toolchain`: the final stage runs on a compiler or SDK image and builds
//! there, so the toolchain and the sources ship with the program.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{ImageRef, InstructionKind};
use crate::analysis::rules::practices::common::{
    chain_instructions, display_image, image_name, is_interactive, root_image,
};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{Command, Script};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "single-stage-build-toolchain",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Final stage compiles on a toolchain image",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// The toolchain an image is (from the last path component of its repository), if any.
fn toolchain(image: &ImageRef) -> Option<&'static str> {
    let tag = image
        .tag
        .as_ref()
        .map(|t| t.value.to_ascii_lowercase())
        .unwrap_or_default();
    Some(match image_name(image).as_str() {
        "golang" => "go",
        "rust" => "rust",
        "maven" | "gradle" => "java",
        // Java images come as JDK and JRE; only the JDK compiles.
        "openjdk" | "eclipse-temurin" | "amazoncorretto" if !tag.contains("jre") => "java",
        "sdk" if image.repository.value.to_ascii_lowercase().contains("dotnet") => "dotnet",
        "gcc" => "c",
        "swift" => "swift",
        "haskell" => "haskell",
        "elixir" => "elixir",
        "node" => "node",
        // Compilers and headers for everything.
        "buildpack-deps" => "any",
        _ => return None,
    })
}

/// The command compiles or bundles with `toolchain`: `go build`, `cargo build`, `mvn package`,
/// `gradle build`, `make`, `gcc main.c`, `dotnet publish`, `npm run build`...
fn compiles(command: &Command, toolchain: &str) -> bool {
    let mut operands = command.operands().map(|w| w.value.as_str());
    let first = operands.next();
    let any = toolchain == "any";
    let family = match command.effective_program() {
        "go" if matches!(first, Some("build" | "install")) => "go",
        "cargo" if matches!(first, Some("build" | "install")) => "rust",
        "rustc" if first.is_some() => "rust",
        "javac" if first.is_some() => "java",
        "mvn" | "mvnw"
            if command
                .operands()
                .any(|w| matches!(w.value.as_str(), "package" | "install" | "verify" | "compile")) =>
        {
            "java"
        }
        "gradle" | "gradlew"
            if command.operands().any(|w| {
                matches!(
                    w.value.as_str(),
                    "build" | "assemble" | "jar" | "bootJar" | "shadowJar" | "installDist"
                )
            }) =>
        {
            "java"
        }
        "gcc" | "g++" | "cc" | "c++" | "clang" | "clang++" if first.is_some() => "c",
        "make" | "cmake" | "ninja" if command.flag(&[], &["version", "help"]).is_none() => "c",
        "dotnet" if matches!(first, Some("build" | "publish")) => "dotnet",
        "swift" if matches!(first, Some("build")) => "swift",
        "stack" | "cabal" if matches!(first, Some("build" | "install")) => "haskell",
        "ghc" if first.is_some() => "haskell",
        "mix" if matches!(first, Some("compile" | "release")) => "elixir",
        "npm" | "pnpm" | "yarn" | "bun" => {
            let script = if first == Some("run") { operands.next() } else { first };
            if matches!(script, Some("build" | "compile" | "bundle")) {
                "node"
            } else {
                return false;
            }
        }
        "tsc" | "webpack" => "node",
        _ => return false,
    };
    any || family == toolchain
}

/// No process of its own, or a shell, a prompt or a build tool waiting for arguments: an image
/// meant to build with or to build on, not a program built by it.
fn is_tool_image(process: Option<&Script>) -> bool {
    process.is_none_or(is_interactive)
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let model = cx.model;
    let Some(stage) = model.stages.last() else { return };
    let Some((_, image)) = root_image(model, stage.index) else {
        return;
    };
    let Some(toolchain) = toolchain(image) else { return };
    let chain = chain_instructions(model, stage.index);
    let process = chain
        .iter()
        .rev()
        .map(|&i| &model.instructions[i])
        .find(|i| matches!(i.kind, InstructionKind::Cmd | InstructionKind::Entrypoint))
        .and_then(|i| cx.facts.script(i));
    if is_tool_image(process) {
        return;
    }
    let build = chain
        .iter()
        .map(|&i| &model.instructions[i])
        .filter(|i| i.kind == InstructionKind::Run)
        .filter_map(|i| cx.facts.script(i))
        .find_map(|s| s.commands.iter().find(|c| compiles(c, toolchain)));
    if let Some(command) = build {
        let name = std::iter::once(command.effective_name())
            .chain(command.operands().take(1))
            .map(|w| w.value.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        // From the program on: `CGO_ENABLED=0` in front is not the build.
        let range = TextRange::new(command.effective_name().range.start, command.range.end);
        sink.report(
            range,
            format!(
                "`{name}` builds in the final stage, on the toolchain image `{}`: build in an earlier stage and copy only the result",
                display_image(image)
            ),
        );
    }
}

const EN: &str = r#"## What it does

Reports a final stage that runs on a compiler or SDK image (`golang`, `rust`, `maven`,
`gradle`, `gcc`, a JDK, `mcr.microsoft.com/dotnet/sdk`, `node`, `swift`, `haskell`,
`elixir`, `buildpack-deps`...), directly or through `FROM <stage>`, and compiles there: `go
build`, `cargo build`, `mvn package`, `gradle build`, `make`, `gcc`, `dotnet publish`,
`npm run build` and the like. The diagnostic points at the first build command.

Only builds with the image's own toolchain count (`make` on a JDK image that compiles a native
library for the runtime does not; on `buildpack-deps`, which carries every compiler, any build
does). Images meant to be built on or built with are not reported: when the stage has no
`CMD`/`ENTRYPOINT` of its own, or its command is a shell, an interpreter's prompt or a build tool
waiting for arguments (`CMD ["python3"]`, `ENTRYPOINT ["mvn"]`). On the development corpus this
keeps the official language images quiet, which compile their runtime from source on purpose.

## Why is this bad?

The image that runs in production then carries the compiler, the package caches, the build
dependencies and the source code: often ten times the size of the program, with a long list of
packages to patch, and tools an attacker can use. A multi-stage build compiles in one stage and
copies only the result into a small runtime stage.

## Example

```dockerfile
FROM golang:1.22
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /app .
CMD ["/app"]
```

## Use instead

```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /app /app
CMD ["/app"]
```

## Fix safety

There is no fix: what the program needs at run time (libraries, assets, configuration) is for
the author to copy into the runtime stage.

## References

- [Multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
- [Dockerfile best practices: use multi-stage builds](https://docs.docker.com/build/building/best-practices/#use-multi-stage-builds)
"#;

const ZH: &str = r#"## 作用

当最终阶段(直接或经由 `FROM <阶段>`)运行在编译器或 SDK 镜像上(`golang`、`rust`、`maven`、`gradle`、
`gcc`、JDK、`mcr.microsoft.com/dotnet/sdk`、`node`、`swift`、`haskell`、`elixir`、`buildpack-deps`
等),并且在那里编译时报告:`go build`、`cargo build`、`mvn package`、`gradle build`、`make`、`gcc`、
`dotnet publish`、`npm run build` 之类。诊断指向第一条构建命令。

只统计用镜像自身工具链进行的构建(在 JDK 镜像上用 `make` 编译运行时所需的本地库不算;`buildpack-deps`
带有所有编译器,任何构建都算)。供其他镜像构建于其上、或用来构建东西的镜像不报告:阶段没有自己的
`CMD`/`ENTRYPOINT`,或者命令是 shell、解释器的交互提示符、等待参数的构建工具(`CMD ["python3"]`、
`ENTRYPOINT ["mvn"]`)。在开发语料上,这让有意从源码编译运行时的官方语言镜像保持安静。

## 为什么不好

这样在生产环境运行的镜像会带着编译器、包缓存、构建依赖和源代码:体积常常是程序本身的十倍,要打补丁的包
一大串,还有可供攻击者利用的工具。多阶段构建在一个阶段编译,只把结果复制到一个小的运行阶段。

## 示例

```dockerfile
FROM golang:1.22
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /app .
CMD ["/app"]
```

## 建议写法

```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /app /app
CMD ["/app"]
```

## 修复安全性

没有自动修复:程序运行时需要什么(库、资源文件、配置)要由作者复制到运行阶段。

## 参考

- [多阶段构建](https://docs.docker.com/build/building/multi-stage/)
- [Dockerfile 最佳实践:使用多阶段构建](https://docs.docker.com/build/building/best-practices/#use-multi-stage-builds)
"#;
