//! `instruction-before-from`: an instruction other than ARG before the first FROM.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::InstructionKind;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "instruction-before-from",
    since: "0.1",
    severity: Severity::Error,
    aliases: &["DL3061"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Instruction other than `ARG` before the first `FROM`",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Only the first offender is reported: BuildKit stops there, and a file that lost its `FROM`
/// would otherwise light up on every line for one mistake. Unknown keywords are left to
/// `unknown-instruction`.
fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let has_from = cx.model.instructions.iter().any(|i| i.kind == InstructionKind::From);
    let first = cx
        .model
        .instructions
        .iter()
        .take_while(|i| i.kind != InstructionKind::From)
        .find(|i| !matches!(i.kind, InstructionKind::Arg | InstructionKind::Unknown));
    let Some(instruction) = first else {
        return;
    };
    let keyword = &instruction.keyword.value;
    let message = if has_from {
        format!("`{keyword}` before the first `FROM`: only `ARG` may come before it")
    } else {
        format!("`{keyword}` without a `FROM`: the file has no build stage")
    };
    sink.report(instruction.keyword.range, message);
}

const EN: &str = r#"## What it does

Reports the first instruction other than `ARG` that comes before the first `FROM`. Only
parser directives, comments and `ARG` (whose values can then be used in `FROM`) may precede it.

## Why is this bad?

Every instruction except `ARG` runs inside a build stage, and a stage starts with `FROM`.
BuildKit fails with `no build stage in current context`. A file without any `FROM` is usually a
fragment meant to be included elsewhere, or one whose first line was lost.

## Example

```dockerfile
ENV APP_HOME=/app
FROM python:3.12-slim
WORKDIR $APP_HOME
```

## Use instead

```dockerfile
FROM python:3.12-slim
ENV APP_HOME=/app
WORKDIR $APP_HOME
```

Or, for a value that `FROM` itself needs:

```dockerfile
ARG PYTHON_VERSION=3.12
FROM python:${PYTHON_VERSION}-slim
```

## Fix safety

There is no automatic fix: moving an instruction into a stage changes which stage it applies to.

## References

- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Understand how ARG and FROM interact](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
- [hadolint DL3061](https://github.com/hadolint/hadolint/wiki/DL3061)
"#;

const ZH: &str = r#"## 作用

报告出现在第一条 `FROM` 之前、且不是 `ARG` 的第一条指令。`FROM` 之前只能有解析器指令、注释和 `ARG`
(`ARG` 的值可以在 `FROM` 中使用)。

## 为什么不好

除 `ARG` 外,所有指令都在某个构建阶段中执行,而构建阶段从 `FROM` 开始。BuildKit 会报错
`no build stage in current context`。完全没有 `FROM` 的文件,通常是打算被拼接到别处的片段,或者丢了第一行。

## 示例

```dockerfile
ENV APP_HOME=/app
FROM python:3.12-slim
WORKDIR $APP_HOME
```

## 建议写法

```dockerfile
FROM python:3.12-slim
ENV APP_HOME=/app
WORKDIR $APP_HOME
```

如果是 `FROM` 本身需要的值,用 `ARG`:

```dockerfile
ARG PYTHON_VERSION=3.12
FROM python:${PYTHON_VERSION}-slim
```

## 修复安全性

没有自动修复:把指令移进某个阶段,会改变它作用于哪个阶段。

## 参考

- [Dockerfile 参考文档:FROM](https://docs.docker.com/reference/dockerfile/#from)
- [ARG 与 FROM 的交互](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
- [hadolint DL3061](https://github.com/hadolint/hadolint/wiki/DL3061)
"#;
