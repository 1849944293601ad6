//! `unused-arg`: an `ARG` that has no effect on the build. A stage's `ARG` with no later `RUN` in
//! the stage (a `RUN` gets every `ARG` as an environment variable, which any program it starts
//! may read, and as part of its cache key) and no later `$NAME` in the stage; a global `ARG` that
//! no `FROM` (or later global `ARG`) refers to and no stage declares again.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, Instruction, InstructionKind, Model};
use crate::analysis::reference::predefined;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "unused-arg",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`ARG` that nothing after it uses: no `$NAME`, no `RUN` in its stage, no `FROM`",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let model = cx.model;
    for (index, instruction) in model.instructions.iter().enumerate() {
        let (InstructionKind::Arg, Args::KeyValues(declared)) = (&instruction.kind, &instruction.args) else {
            continue;
        };
        for (k, kv) in declared.iter().enumerate() {
            let name = kv.key.value.as_str();
            if name.is_empty() || predefined(name).is_some() || name.starts_with("BUILDKIT_") {
                continue;
            }
            // `ARG A=1 B=$A`: a later key of the same instruction.
            let rest = declared[k + 1..]
                .iter()
                .any(|other| mentions(other.range.slice(cx.text), name));
            if rest {
                continue;
            }
            let message = match model.stage_of(index) {
                Some(stage) => {
                    let uses =
                        |i: &Instruction| i.kind == InstructionKind::Run || mentions(i.range.slice(cx.text), name);
                    let after = model.stages[stage].instructions.end;
                    let later = model.instructions.get(index + 1..after).unwrap_or(&[]);
                    let in_heirs = heirs(cx, stage).into_iter().any(|heir| {
                        let range = model.stages[heir].instructions.clone();
                        let body = model.instructions.get(range.start + 1..range.end).unwrap_or(&[]);
                        body.iter().any(uses)
                    });
                    if later.iter().any(uses) || in_heirs {
                        continue;
                    }
                    format!(
                        "`ARG {name}` is not used: nothing after it in this stage (or a stage built on it) refers to `${name}`, and no `RUN` follows to read it from the environment"
                    )
                }
                None => {
                    if global_is_used(cx, model, index, name) {
                        continue;
                    }
                    let mut message = format!(
                        "Global `ARG {name}` is not used: no `FROM` refers to it and no stage declares `ARG {name}` to see it"
                    );
                    let seen = model
                        .instructions
                        .iter()
                        .skip(index + 1)
                        .find(|i| i.kind != InstructionKind::From && mentions(i.range.slice(cx.text), name));
                    if let Some(user) = seen {
                        let line = cx.line_number(user.range.start);
                        message.push_str(&format!(
                            " (line {line} uses `${name}`, but a stage sees a global `ARG` only after its own `ARG {name}`)"
                        ));
                    }
                    message
                }
            };
            sink.report(kv.key.range, message);
        }
    }
}

/// The later stages that inherit the `ARG`s of `stage`: those built on it through
/// `FROM <stage>`, directly or not, and, since a variable may name any stage, those with a
/// variable in the `FROM` of any stage they are built on.
fn heirs(cx: &Context<'_>, stage: usize) -> Vec<usize> {
    let model = cx.model;
    let from_has_variable = |s: usize| {
        model
            .stages
            .get(s)
            .and_then(|st| model.instructions.get(st.from))
            .is_some_and(|from| from.range.slice(cx.text).contains('$'))
    };
    (stage + 1..model.stages.len())
        .filter(|&later| {
            let chain = model.stage_chain(later);
            chain.contains(&stage) || chain.iter().any(|&s| from_has_variable(s))
        })
        .collect()
}

/// A global `ARG` is used by a later `FROM` or global `ARG` that refers to it, and by a stage
/// that declares it again (which takes its value as the default).
fn global_is_used(cx: &Context<'_>, model: &Model, index: usize, name: &str) -> bool {
    model
        .instructions
        .iter()
        .enumerate()
        .skip(index + 1)
        .any(|(i, instruction)| {
            let global = model.stage_of(i).is_none();
            match instruction.kind {
                InstructionKind::From => mentions(instruction.range.slice(cx.text), name),
                InstructionKind::Arg if global => mentions(instruction.range.slice(cx.text), name),
                InstructionKind::Arg => declares(instruction, name),
                _ => false,
            }
        })
}

fn declares(instruction: &Instruction, name: &str) -> bool {
    matches!(&instruction.args, Args::KeyValues(kvs) if kvs.iter().any(|kv| kv.key.value == name))
}

/// Whether `text` refers to the variable: `$NAME` not followed by a name character, or `${NAME`
/// followed by `}` or a modifier. Read in the text as written, so that shell-form and exec-form
/// commands, heredoc bodies and ONBUILD triggers count alike; an escaped `\$NAME` counts too,
/// which can only keep a finding away.
fn mentions(text: &str, name: &str) -> bool {
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices('$').any(|(at, _)| {
        let rest = &text[at + 1..];
        if let Some(braced) = rest.strip_prefix('{') {
            braced
                .strip_prefix(name)
                .is_some_and(|after| after.starts_with(|c: char| !is_name_char(c)))
        } else {
            rest.strip_prefix(name)
                .is_some_and(|after| !after.starts_with(is_name_char))
        }
    })
}

const EN: &str = r#"## What it does

Reports an `ARG` that has no effect on the build:

- in a stage, an `ARG` that no later instruction of the stage refers to (`$NAME`, `${NAME}`,
  in any instruction, shell scripts and heredoc bodies included) and that no `RUN` of the stage
  follows; the stages built on it (`FROM <stage>`) inherit its `ARG`s, so their instructions
  count too, and so do those of a stage whose `FROM` is a variable, which may name it;
- before the first `FROM`, a global `ARG` that no `FROM` (nor a later global `ARG`) refers to
  and that no stage declares again with `ARG NAME`. When a stage uses `$NAME` without declaring
  it, the message points there: a global `ARG` is not visible inside a stage until the stage
  declares it.

The predefined arguments are left out: the platform ones (`TARGETPLATFORM`, `BUILDARCH`...),
the proxy ones (`HTTP_PROXY`...), and those BuildKit reads itself (`BUILDKIT_*`,
`SOURCE_DATE_EPOCH`).

**Precision.** Inside `RUN`, every `ARG` declared before it is an environment variable, and a
program started by the script can read any of them without the Dockerfile ever writing `$NAME`:
`make` reads the whole environment as variables, MSBuild as properties, a build script or a
package's install script reads what it wants (`ACCEPT_EULA` for Microsoft's ODBC packages).
An `ARG` also takes part in the cache key of every `RUN` after it, which is how
`ARG CACHEBUST=1` deliberately invalidates the layers below it. Which variables a program
reads cannot be seen from the Dockerfile, so an `ARG` followed by any `RUN` of its stage counts
as used, whatever its name. The rule therefore misses an `ARG` that is unused in fact but
followed by a `RUN` (an `ARG BUILD_DATE` meant for a `LABEL` that was never written, above the
stage's `RUN` lines); it reports only `ARG`s that certainly change nothing. On the dev corpus
of 954 real Dockerfiles this keeps every finding sound.

## Why is this bad?

An unused `ARG` usually means something was meant and not done: a version declared for a
download URL that still hard-codes the old one, a `LABEL` that was never written, a global
`ARG` that a stage uses without redeclaring it (so `$VERSION` is empty there). Otherwise it is
noise that invites `--build-arg` values which change nothing. Neither hadolint nor BuildKit
reports it.

## Example

```dockerfile
ARG ALPINE_VERSION=3.20
ARG APP_VERSION=1.4.2
FROM alpine:${ALPINE_VERSION}
ARG VCS_REF
COPY app /usr/local/bin/app
LABEL org.opencontainers.image.version="1.4.2"
```

## Use instead

```dockerfile
ARG ALPINE_VERSION=3.20
FROM alpine:${ALPINE_VERSION}
ARG APP_VERSION=1.4.2
ARG VCS_REF
COPY app /usr/local/bin/app
LABEL org.opencontainers.image.version="${APP_VERSION}" \
      org.opencontainers.image.revision="${VCS_REF}"
```

## Fix safety

There is no fix: whether the `ARG` should go or be used where it was meant is the author's
choice.

## References

- [Dockerfile reference: ARG](https://docs.docker.com/reference/dockerfile/#arg)
- [Dockerfile reference: how ARG and FROM interact](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
- [Dockerfile reference: impact on build caching](https://docs.docker.com/reference/dockerfile/#impact-on-build-caching)
"#;

const ZH: &str = r#"## 作用

报告对构建没有任何作用的 `ARG`:

- 在阶段内,没有被该阶段中后续任何指令引用(`$NAME`、`${NAME}`,包括 shell 脚本和 heredoc 内容),且
  其后该阶段再没有 `RUN` 的 `ARG`;基于该阶段构建的阶段(`FROM <stage>`)会继承它的 `ARG`,因此这些阶段的
  指令也算在内,`FROM` 为变量的阶段(变量可能指向它)同样如此;
- 在第一个 `FROM` 之前,没有被任何 `FROM`(或后续全局 `ARG`)引用,也没有被任何阶段用 `ARG NAME`
  再次声明的全局 `ARG`。如果某个阶段未声明就使用了 `$NAME`,消息会指出那里:全局 `ARG` 在阶段声明它之前,
  在阶段内是不可见的。

预定义参数不予报告:平台参数(`TARGETPLATFORM`、`BUILDARCH` 等)、代理参数(`HTTP_PROXY` 等),以及
BuildKit 自己读取的参数(`BUILDKIT_*`、`SOURCE_DATE_EPOCH`)。

**精确度。** 在 `RUN` 中,之前声明的每个 `ARG` 都是环境变量,脚本启动的程序无需 Dockerfile 写出 `$NAME`
就能读取它们:`make` 把整个环境当作变量读取,MSBuild 当作属性,构建脚本或软件包的安装脚本想读什么就读什么
(微软 ODBC 软件包读取 `ACCEPT_EULA`)。`ARG` 还参与其后每个 `RUN` 的缓存键,`ARG CACHEBUST=1` 正是借此
有意让下面的层失效。程序读取哪些变量无法从 Dockerfile 看出,因此只要 `ARG` 之后在本阶段还有 `RUN`,无论
名字是什么都算作已使用。所以本规则会漏掉事实上未使用、但后面还有 `RUN` 的 `ARG`(例如本打算用于 `LABEL`
却忘了写、位于阶段 `RUN` 之上的 `ARG BUILD_DATE`);它只报告肯定不起任何作用的 `ARG`。在包含 954 个真实
Dockerfile 的开发语料库上,这样得到的每条结果都是正确的。

## 为什么不好

未使用的 `ARG` 往往意味着有件事打算做却没做:为下载 URL 声明的版本号而 URL 仍写死旧版本、一直没写的
`LABEL`、阶段未重新声明就使用的全局 `ARG`(于是 `$VERSION` 在那里是空的)。否则它就是噪音,引人传入毫无
作用的 `--build-arg`。hadolint 和 BuildKit 都不报告这种情况。

## 示例

```dockerfile
ARG ALPINE_VERSION=3.20
ARG APP_VERSION=1.4.2
FROM alpine:${ALPINE_VERSION}
ARG VCS_REF
COPY app /usr/local/bin/app
LABEL org.opencontainers.image.version="1.4.2"
```

## 建议写法

```dockerfile
ARG ALPINE_VERSION=3.20
FROM alpine:${ALPINE_VERSION}
ARG APP_VERSION=1.4.2
ARG VCS_REF
COPY app /usr/local/bin/app
LABEL org.opencontainers.image.version="${APP_VERSION}" \
      org.opencontainers.image.revision="${VCS_REF}"
```

## 修复安全性

没有修复:该删除这个 `ARG`,还是在原本打算的地方使用它,由作者决定。

## 参考

- [Dockerfile 参考:ARG](https://docs.docker.com/reference/dockerfile/#arg)
- [Dockerfile 参考:ARG 与 FROM 的交互](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
- [Dockerfile 参考:对构建缓存的影响](https://docs.docker.com/reference/dockerfile/#impact-on-build-caching)
"#;
