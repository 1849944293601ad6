//! `syntax-error`: text that BuildKit's parser rejects, one diagnostic per broken region.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "syntax-error",
    since: "0.1",
    severity: Severity::Error,
    aliases: &["DL1000"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Text that the Dockerfile parser cannot read",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// The scanner finds these while reading the file, and already merges a broken region into one
/// problem so that one mistake never produces a cascade.
fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    sink.report_problems(cx.model);
}

const EN: &str = r#"## What it does

Reports text that BuildKit's Dockerfile parser cannot read: an unterminated heredoc, a flag
without its instruction, a continuation that runs off the end of the file, a line longer than
the parser accepts. Each broken region gets one diagnostic; the instructions around it are still
checked.

## Why is this bad?

`docker build` stops at the first parse error, before any step runs. Finding it in the editor is
cheaper than finding it in CI.

## Example

```dockerfile
FROM alpine:3.20
RUN <<EOF
apk add --no-cache curl
```

The heredoc opened with `<<EOF` is never closed, so everything up to the end of the file would be
swallowed by it.

## Use instead

```dockerfile
FROM alpine:3.20
RUN <<EOF
apk add --no-cache curl
EOF
```

## Fix safety

There is no automatic fix: what the author meant cannot be known from broken text.

## References

- [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
- [hadolint DL1000](https://github.com/hadolint/hadolint/wiki/DL1000)
"#;

const ZH: &str = r#"## 作用

报告 BuildKit 的 Dockerfile 解析器无法读取的文本:没有结束的 heredoc、缺少指令的参数、续行一直延续到文件末尾、
超过解析器长度上限的行等。每个出错的区域只报告一次,其余指令照常检查。

## 为什么不好

`docker build` 会在第一个解析错误处停止,任何构建步骤都不会执行。在编辑器里发现问题,比在 CI 中才发现要省事得多。

## 示例

```dockerfile
FROM alpine:3.20
RUN <<EOF
apk add --no-cache curl
```

`<<EOF` 打开的 heredoc 没有结束行,文件后面的所有内容都会被当作它的正文。

## 建议写法

```dockerfile
FROM alpine:3.20
RUN <<EOF
apk add --no-cache curl
EOF
```

## 修复安全性

没有自动修复:从出错的文本无法判断作者的本意。

## 参考

- [Dockerfile 参考文档](https://docs.docker.com/reference/dockerfile/)
- [hadolint DL1000](https://github.com/hadolint/hadolint/wiki/DL1000)
"#;
