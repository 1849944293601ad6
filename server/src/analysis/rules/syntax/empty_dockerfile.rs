//! `empty-dockerfile`: a file with no instructions at all.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "empty-dockerfile",
    since: "0.1",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Dockerfile without any instruction",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    sink.report_problems(cx.model);
}

const EN: &str = r#"## What it does

Reports a Dockerfile that contains no instruction: an empty file, or one with only comments,
parser directives and blank lines.

## Why is this bad?

BuildKit refuses it with `file with no instructions`. An empty Dockerfile is usually a file that
was created and never written, or whose content was commented out by mistake.

## Example

```dockerfile
# syntax=docker/dockerfile:1
# FROM node:22-alpine
# RUN npm ci
```

## Use instead

```dockerfile
# syntax=docker/dockerfile:1
FROM node:22-alpine
RUN npm ci
```

## Fix safety

There is no automatic fix.

## References

- [Dockerfile reference: format](https://docs.docker.com/reference/dockerfile/#format)
"#;

const ZH: &str = r#"## 作用

报告不包含任何指令的 Dockerfile:空文件,或者只有注释、解析器指令和空行的文件。

## 为什么不好

BuildKit 会以 `file with no instructions` 拒绝构建。空的 Dockerfile 通常是创建后忘了写内容,
或者内容被误注释掉了。

## 示例

```dockerfile
# syntax=docker/dockerfile:1
# FROM node:22-alpine
# RUN npm ci
```

## 建议写法

```dockerfile
# syntax=docker/dockerfile:1
FROM node:22-alpine
RUN npm ci
```

## 修复安全性

没有自动修复。

## 参考

- [Dockerfile 参考文档:格式](https://docs.docker.com/reference/dockerfile/#format)
"#;
