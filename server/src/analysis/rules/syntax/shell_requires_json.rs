//! `shell-requires-json`: a SHELL instruction not written as a JSON array.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "shell-requires-json",
    since: "0.1",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`SHELL` not written in JSON form",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Whether the arguments are a JSON array is the scanner's call, the same one that decides
/// exec form for RUN and CMD.
fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    sink.report_problems(cx.model);
}

const EN: &str = r#"## What it does

Reports a `SHELL` instruction whose argument is not a JSON array of strings.

## Why is this bad?

Unlike `RUN` or `CMD`, `SHELL` has no shell form: BuildKit fails with `SHELL requires the
arguments to be in JSON form`. A single-quoted array (`['bash', '-c']`) is not JSON either.

## Example

```dockerfile
FROM debian:bookworm-slim
SHELL /bin/bash -o pipefail -c
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
```

## Fix safety

There is no automatic fix: how the words split is not always clear.

## References

- [Dockerfile reference: SHELL](https://docs.docker.com/reference/dockerfile/#shell)
"#;

const ZH: &str = r#"## 作用

报告参数不是 JSON 字符串数组的 `SHELL` 指令。

## 为什么不好

与 `RUN`、`CMD` 不同,`SHELL` 没有 shell 形式:BuildKit 会报错 `SHELL requires the arguments to be
in JSON form`。用单引号写的数组(`['bash', '-c']`)也不是 JSON。

## 示例

```dockerfile
FROM debian:bookworm-slim
SHELL /bin/bash -o pipefail -c
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
```

## 修复安全性

没有自动修复:参数应当如何拆分并不总是清楚的。

## 参考

- [Dockerfile 参考文档:SHELL](https://docs.docker.com/reference/dockerfile/#shell)
"#;
