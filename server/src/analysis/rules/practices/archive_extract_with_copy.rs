//! `archive-extract-with-copy`: a tar archive copied in with `COPY`, then unpacked with `tar` in
//! a later `RUN`, which leaves the archive itself in a layer.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::InstructionKind;
use crate::analysis::rules::practices::common::{copy_args, expanded_source, is_tar_name};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{Command, Script};

pub static RULE: Rule = Rule {
    id: "archive-extract-with-copy",
    severity: Severity::Info,
    aliases: &["DL3010"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Archive copied with `COPY`, then extracted in `RUN`",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let model = cx.model;
    for stage in &model.stages {
        for index in stage.instructions.clone() {
            let instruction = &model.instructions[index];
            if instruction.kind != InstructionKind::Copy || instruction.flag("from").is_some() {
                continue;
            }
            let Some(args) = copy_args(instruction) else { continue };
            // `COPY dist/app.tar.gz /tmp/app.tgz`: copied to a file, the archive has the
            // destination's name in the image.
            let renamed = args
                .dest
                .and_then(|dest| expanded_source(model, instruction, dest))
                .filter(|dest| !dest.ends_with(['/', '\\']))
                .map(|dest| file_name(&dest).to_owned())
                .filter(|name| is_tar_name(name) && !name.contains(['*', '?', '[']));
            for word in args.sources {
                let Some(value) = expanded_source(model, instruction, word) else {
                    continue;
                };
                let name = file_name(&value);
                if !is_tar_name(name) || name.contains(['*', '?', '[']) {
                    continue;
                }
                let names: Vec<&str> = std::iter::once(name).chain(renamed.as_deref()).collect();
                let later = model.instructions[index + 1..stage.instructions.end]
                    .iter()
                    .filter(|i| i.kind == InstructionKind::Run);
                let extraction = later.filter_map(|run| cx.facts.script(run)).find_map(|script| {
                    script
                        .commands
                        .iter()
                        .find(|c| c.runs("tar") && extracts(c) && reads_archive(script, c, &names))
                });
                if let Some(tar) = extraction {
                    sink.report(
                        word.range,
                        format!(
                            "Archive `{name}` is copied, then extracted by `tar` on line {}: the archive stays in a layer",
                            cx.line_number(tar.range.start)
                        ),
                    );
                }
            }
        }
    }
}

/// `tar -x...`, `tar --extract`, or the old style `tar xzf`.
fn extracts(tar: &Command) -> bool {
    if tar.flag(&['x'], &["extract", "get"]).is_some() {
        return true;
    }
    tar.effective_args()
        .first()
        .is_some_and(|w| !w.has_expansion && w.value.chars().all(|c| c.is_ascii_alphabetic()) && w.value.contains('x'))
}

/// The last component of a path, with `/` or `\` (Windows) between folders.
fn file_name(path: &str) -> &str {
    let path = path.trim_end_matches(['/', '\\']);
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// `tar` reads one of the archive's names: as an argument (under whatever folder it was copied
/// to), or from a pipe whose earlier stage decompresses or prints it (`zcat app.tar.gz | tar -x`).
fn reads_archive(script: &Script, tar: &Command, names: &[&str]) -> bool {
    if names_archive(tar, names) {
        return true;
    }
    if !tar.pipe_in {
        return false;
    }
    let Some(pipeline) = script.pipeline_of(tar) else {
        return false;
    };
    pipeline
        .commands
        .iter()
        .filter_map(|&i| script.commands.get(i))
        .take_while(|c| c.range.start < tar.range.start)
        .any(|c| STREAMERS.contains(&c.effective_program()) && names_archive(c, names))
}

/// Programs that write an archive's (decompressed) bytes to a pipe.
const STREAMERS: &[&str] = &[
    "cat", "zcat", "gzcat", "gzip", "gunzip", "pigz", "bzcat", "bzip2", "bunzip2", "xzcat", "xz", "unxz", "zstd",
    "zstdcat", "unzstd", "lzcat", "lzma", "unlzma",
];

/// An argument that is one of the archive's names, under whatever folder it was copied to.
fn names_archive(command: &Command, names: &[&str]) -> bool {
    command.effective_args().iter().any(|w| {
        let value = w.value.strip_prefix("--file=").unwrap_or(&w.value);
        !value.starts_with('-') && names.contains(&file_name(value))
    })
}

const EN: &str = r#"## What it does

Reports a `COPY` of a tar archive (`.tar`, `.tar.gz`, `.tgz`, `.tar.xz`...) from the build
context when a later `RUN` in the same stage extracts that archive with `tar`: named as an
argument under any folder (`tar -xzf /tmp/app.tar.gz`, or `tar -xf app.tar` after a `WORKDIR`),
under the name it was copied to (`COPY dist/app.tar.gz /tmp/bundle.tgz`, then
`tar -xzf /tmp/bundle.tgz`), or read from a pipe (`zcat /tmp/app.tar.gz | tar -x`). A `COPY`
path may separate folders with `\`, as Windows Dockerfiles written with `` # escape=` `` do.

Unlike hadolint's DL3010, only tar archives count, not a `.zip` unpacked by `unzip` or a bare
`.gz` by `gunzip`: `ADD` extracts tar archives only and copies the others as they are, so it is
no replacement for those.

## Why is this bad?

Every instruction is a layer. The `COPY` layer holds the archive, the `RUN` layer holds its
extracted content, and deleting the archive afterwards only hides it: the image carries the
data twice. `ADD` unpacks a local tar archive in one step, and a bind mount lets `RUN` read the
archive without ever storing it.

## Example

```dockerfile
FROM debian:bookworm-slim
COPY app.tar.gz /tmp/
RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
ADD app.tar.gz /opt/
```

or, when extraction needs options:

```dockerfile
FROM debian:bookworm-slim
RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz \
    tar -xzf /tmp/app.tar.gz -C /opt --strip-components=1
```

## Fix safety

There is no fix: `ADD` and `tar` differ in options (`--strip-components`, ownership), so the
rewrite is a choice.

## References

- [hadolint DL3010](https://github.com/hadolint/hadolint/wiki/DL3010)
- [Dockerfile reference: ADD](https://docs.docker.com/reference/dockerfile/#add)
- [Dockerfile reference: RUN --mount=type=bind](https://docs.docker.com/reference/dockerfile/#run---mounttypebind)
"#;

const ZH: &str = r#"## 作用

当从构建上下文 `COPY` 进来的 tar 归档(`.tar`、`.tar.gz`、`.tgz`、`.tar.xz` 等)在同一阶段后面的
`RUN` 中被 `tar` 解压时报告:归档可以作为参数出现在任意目录下(`tar -xzf /tmp/app.tar.gz`,或在
`WORKDIR` 之后 `tar -xf app.tar`),可以使用复制时的新文件名(`COPY dist/app.tar.gz /tmp/bundle.tgz`
之后 `tar -xzf /tmp/bundle.tgz`),也可以从管道读入(`zcat /tmp/app.tar.gz | tar -x`)。`COPY` 的路径
可以像使用 `` # escape=` `` 的 Windows Dockerfile 那样用 `\` 分隔目录。

与 hadolint 的 DL3010 不同,只有 tar 归档才算,用 `unzip` 解压的 `.zip` 或用 `gunzip` 解压的单独
`.gz` 文件不算:`ADD` 只会解压 tar 归档,其他文件按原样复制,因此不能用它替代这些解压。

## 为什么不好

每条指令都是一层。`COPY` 层保存了归档,`RUN` 层保存了解压出的内容,之后再删除归档只是把它隐藏起来:镜像里
这份数据存了两次。`ADD` 可以一步解压本地 tar 归档;用绑定挂载(bind mount)则可以让 `RUN` 读取归档而
根本不把它存进镜像。

## 示例

```dockerfile
FROM debian:bookworm-slim
COPY app.tar.gz /tmp/
RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
ADD app.tar.gz /opt/
```

或者在解压需要选项时:

```dockerfile
FROM debian:bookworm-slim
RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz \
    tar -xzf /tmp/app.tar.gz -C /opt --strip-components=1
```

## 修复安全性

没有自动修复:`ADD` 和 `tar` 的选项不同(`--strip-components`、属主等),怎么改写需要作者决定。

## 参考

- [hadolint DL3010](https://github.com/hadolint/hadolint/wiki/DL3010)
- [Dockerfile 参考文档:ADD](https://docs.docker.com/reference/dockerfile/#add)
- [Dockerfile 参考文档:RUN --mount=type=bind](https://docs.docker.com/reference/dockerfile/#run---mounttypebind)
"#;
