//! `missing-arguments`: an instruction without the arguments BuildKit requires of it.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "missing-arguments",
    since: "0.1",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Instruction without the arguments it requires",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Argument counts are checked by the scanner, which knows how BuildKit split each instruction.
fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    sink.report_problems(cx.model);
}

const EN: &str = r#"## What it does

Reports an instruction that lacks the arguments BuildKit requires: `FROM` without an image,
`ENV PATH` without a value, `COPY a` without a destination, `WORKDIR` or `USER` with nothing
after it, `HEALTHCHECK CMD` without a command.

## Why is this bad?

BuildKit rejects the whole Dockerfile (`ENV must have two arguments`, `COPY requires at least two
arguments`), so nothing gets built. Often the missing part was lost in an edit or a merge.

## Example

```dockerfile
FROM python:3.12-slim
ENV PYTHONUNBUFFERED
COPY requirements.txt
```

## Use instead

```dockerfile
FROM python:3.12-slim
ENV PYTHONUNBUFFERED=1
COPY requirements.txt /app/
```

## Fix safety

There is no automatic fix: only the author knows the missing value or destination.

## References

- [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
"#;

const ZH: &str = r#"## 作用

报告缺少 BuildKit 所要求参数的指令:没有镜像的 `FROM`、没有值的 `ENV PATH`、没有目标路径的 `COPY a`、
后面什么都没有的 `WORKDIR` 或 `USER`、没有命令的 `HEALTHCHECK CMD`。

## 为什么不好

BuildKit 会拒绝整个 Dockerfile(`ENV must have two arguments`、`COPY requires at least two arguments`),
什么都构建不出来。缺失的部分往往是在编辑或合并时丢掉的。

## 示例

```dockerfile
FROM python:3.12-slim
ENV PYTHONUNBUFFERED
COPY requirements.txt
```

## 建议写法

```dockerfile
FROM python:3.12-slim
ENV PYTHONUNBUFFERED=1
COPY requirements.txt /app/
```

## 修复安全性

没有自动修复:缺失的值或目标路径只有作者知道。

## 参考

- [Dockerfile 参考文档](https://docs.docker.com/reference/dockerfile/)
"#;
