//! `misplaced-parser-directive`: a directive written where BuildKit reads it as a plain comment.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "misplaced-parser-directive",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Parser directive after the top of the file, silently ignored",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Only the scanner knows where the directive block ended, so it records these.
fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    sink.report_problems(cx.model);
}

const EN: &str = r#"## What it does

Reports a `# syntax=`, `# escape=` or `# check=` comment that comes after the first ordinary
comment, blank line or instruction. BuildKit only looks for directives at the very top of the
file; anywhere else they are ordinary comments.

## Why is this bad?

The directive does nothing, without any error: a Windows Dockerfile keeps `\` as its escape
character, so a path ending in `C:\` continues onto the next line; the requested frontend
version is not used; the configured checks do not apply.

## Example

```dockerfile
# Build the Windows image
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
COPY setup.ps1 C:\
RUN dir C:\
```

## Use instead

```dockerfile
# escape=`
# Build the Windows image
FROM mcr.microsoft.com/windows/servercore:ltsc2022
COPY setup.ps1 C:\
RUN dir C:\
```

## Fix safety

There is no automatic fix: moving the directive changes how the whole file is read, so it is
left to the author.

## References

- [Dockerfile reference: parser directives](https://docs.docker.com/reference/dockerfile/#parser-directives)
"#;

const ZH: &str = r#"## 作用

报告出现在第一条普通注释、空行或指令之后的 `# syntax=`、`# escape=` 或 `# check=`。
BuildKit 只在文件最开头查找解析器指令,其他位置的同样写法只是普通注释。

## 为什么不好

指令不会生效,也不会有任何报错:Windows 的 Dockerfile 仍然以 `\` 为转义字符,以 `C:\` 结尾的路径
会被当作续行;指定的前端版本没有被使用;配置的检查也不会生效。

## 示例

```dockerfile
# Build the Windows image
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
COPY setup.ps1 C:\
RUN dir C:\
```

## 建议写法

```dockerfile
# escape=`
# Build the Windows image
FROM mcr.microsoft.com/windows/servercore:ltsc2022
COPY setup.ps1 C:\
RUN dir C:\
```

## 修复安全性

没有自动修复:移动指令会改变整个文件的解析方式,因此交给作者处理。

## 参考

- [Dockerfile 参考文档:解析器指令](https://docs.docker.com/reference/dockerfile/#parser-directives)
"#;
