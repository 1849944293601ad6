//! `copy-entire-filesystem`: `COPY --from=<stage> / /`, the whole root filesystem of another
//! stage copied over the current one.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, InstructionKind, Word};
use crate::analysis::rules::semantics::{chain_from_scratch, find_stage};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "copy-entire-filesystem",
    since: "0.1",
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
        // A stage that only names an image (`FROM tonistiigi/xx AS xx`) is a helper image made
        // to be copied whole.
        if let Some(source) = find_stage(model, &from.value).and_then(|s| model.stages.get(s))
            && source.instructions.len() == 1
        {
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
the current stage. Two uses of the pattern are left alone: squashing into an empty image
(`FROM scratch` then `COPY --from=build / /`), and copying a stage that only names a helper
image built to be copied whole (`FROM tonistiigi/xx AS xx` then `COPY --from=xx / /`).

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

报告 `COPY --from=<stage> / /`:把另一个阶段(或镜像)的根目录复制到当前阶段的根目录上。有两种用法不报告:
压缩进空镜像(`FROM scratch` 之后 `COPY --from=build / /`),以及复制一个只引用了辅助镜像、本来就是为了整体
复制而构建的阶段(`FROM tonistiigi/xx AS xx` 之后 `COPY --from=xx / /`)。

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
