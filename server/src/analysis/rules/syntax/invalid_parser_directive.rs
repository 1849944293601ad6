//! `invalid-parser-directive`: a parser directive BuildKit refuses (repeated, a bad `escape`
//! character, malformed `check` options).

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "invalid-parser-directive",
    since: "0.1",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Parser directive that is repeated or has an invalid value",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Directives are read by the scanner before anything else, because `escape` changes how the
/// rest of the file is split.
fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    sink.report_problems(cx.model);
}

const EN: &str = r#"## What it does

Reports a parser directive (`# syntax=`, `# escape=`, `# check=`) that BuildKit refuses: the
same directive twice, an `escape` character other than `\` or `` ` ``, or `check` options that
are not `skip=<checks>` and `error=<true|false>` separated by `;`.

## Why is this bad?

BuildKit stops with `only one escape parser directive can be used` or `invalid escape token`
before reading a single instruction. A bad `check=` value silently disables the checks the
author meant to configure, or fails the build.

## Example

```dockerfile
# escape=^
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
```

## Use instead

```dockerfile
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
```

## Fix safety

There is no automatic fix: which of two repeated directives is the intended one is up to the
author.

## References

- [Dockerfile reference: parser directives](https://docs.docker.com/reference/dockerfile/#parser-directives)
- [Build checks: `check` directive](https://docs.docker.com/build/checks/)
"#;

const ZH: &str = r#"## 作用

报告 BuildKit 拒绝的解析器指令(`# syntax=`、`# escape=`、`# check=`):同一个指令出现两次、
`escape` 的字符不是 `\` 或 `` ` ``,或者 `check` 的选项不是以 `;` 分隔的 `skip=<检查项>` 和 `error=<true|false>`。

## 为什么不好

BuildKit 在读取任何指令之前就会报错停止(`only one escape parser directive can be used`、
`invalid escape token`)。写错的 `check=` 会让作者想配置的检查悄悄失效,或者直接让构建失败。

## 示例

```dockerfile
# escape=^
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
```

## 建议写法

```dockerfile
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
```

## 修复安全性

没有自动修复:两个重复的指令中哪一个才是本意,只有作者能决定。

## 参考

- [Dockerfile 参考文档:解析器指令](https://docs.docker.com/reference/dockerfile/#parser-directives)
- [构建检查:`check` 指令](https://docs.docker.com/build/checks/)
"#;
