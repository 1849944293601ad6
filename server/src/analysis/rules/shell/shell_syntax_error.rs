//! `shell-syntax-error`: a script the shell runs (shell-form RUN, CMD, ENTRYPOINT and
//! HEALTHCHECK, `sh -c` strings, heredoc scripts) that does not parse as a POSIX/bash script.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::shell::shell_scripts;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "shell-syntax-error",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Shell script that does not parse",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// The facts read every script with tree-sitter-bash and kept where it failed; only scripts
/// that a POSIX shell runs are reported (not those of a `cmd` or PowerShell `SHELL`). A JSON
/// array that is not valid JSON also runs as a shell script, but that mistake is
/// `invalid-json-form`'s to report.
fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for run in shell_scripts(cx) {
        let broken_json = cx
            .model
            .problems
            .iter()
            .any(|p| p.rule == INVALID_JSON_FORM && run.instruction.range.contains_range(p.range));
        if broken_json {
            continue;
        }
        for error in &run.script.errors {
            sink.report(error.range, capitalized(&error.message));
        }
    }
}

const INVALID_JSON_FORM: &str = "invalid-json-form";

fn capitalized(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

const EN: &str = r#"## What it does

Reports a script that the shell cannot parse: an unterminated quote or backquote, an `if`
without `fi`, an operator (`&&`, `|`) with no command after it, a stray `)` or `done`. It reads
the scripts that a POSIX shell runs: shell-form `RUN`, `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD`
(`ONBUILD` triggers included), the string of an exec-form `["sh", "-c", "..."]`, and heredoc
scripts (`RUN <<EOF`). The script is read as BuildKit hands it to the shell, with continuation
lines joined, and the error is shown where it is written.

Scripts run by a shell that is not POSIX are skipped:

- after `SHELL ["powershell", ...]`, `SHELL ["pwsh", ...]` or `SHELL ["cmd", ...]` (also as
  `powershell.exe` or a full path), in its stage and the stages built on it;
- in a Windows stage, whose default shell is `cmd /S /C`: one built on a Windows image
  (`mcr.microsoft.com/windows/*`, a name or tag with `nanoserver`, `servercore` or
  `windowsserver`, a `-windows` or `ltsc20..` tag, .NET Framework images), on another Windows
  stage, or `FROM --platform=windows/...`, also when the image name comes from an `ARG` default;
- in a file with `` # escape=` `` (the Windows convention) unless a `SHELL` names a POSIX shell.

`pwsh` alone does not make a stage Windows (PowerShell runs on Linux images too): a
`SHELL ["/bin/bash", "-c"]` after it is checked again. A heredoc whose `#!` line names another
interpreter (`#!/usr/bin/env python3`) is not a shell script either.

A script that writes a file with a heredoc and goes on on the same line
(`cat > /entry.sh <<'EOF'; chmod +x /entry.sh`, `tee /x <<EOF >/dev/null &`), also inside a
`RUN <<EOF` heredoc, is read as the shell reads it.

## Why is this bad?

The build fails at this step with `/bin/sh: syntax error`, often after minutes of earlier
steps, and the shell's message points at a line of the joined script, not at the Dockerfile.
A continuation line with a missing `\` or an `&&` at the end of the last line is the usual cause.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && \
    apt-get install -y curl &&
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && \
    apt-get install -y curl
```

## Fix safety

There is no automatic fix: what the script was meant to say is not known.

## References

- [Dockerfile reference: RUN](https://docs.docker.com/reference/dockerfile/#run)
- [Dockerfile reference: SHELL](https://docs.docker.com/reference/dockerfile/#shell)
- [POSIX Shell Command Language](https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html)
"#;

const ZH: &str = r#"## 作用

报告 shell 无法解析的脚本:未闭合的引号或反引号、缺少 `fi` 的 `if`、后面没有命令的运算符
(`&&`、`|`)、多余的 `)` 或 `done`。检查由 POSIX shell 运行的脚本:shell 形式的 `RUN`、`CMD`、
`ENTRYPOINT` 与 `HEALTHCHECK CMD`(包括 `ONBUILD` 触发器)、exec 形式 `["sh", "-c", "..."]`
中的字符串,以及 heredoc 脚本(`RUN <<EOF`)。脚本按 BuildKit 交给 shell 的样子读取(续行已拼接),
错误显示在它在 Dockerfile 中书写的位置。

由非 POSIX shell 运行的脚本会被跳过:

- `SHELL ["powershell", ...]`、`SHELL ["pwsh", ...]` 或 `SHELL ["cmd", ...]`(也包括
  `powershell.exe` 或完整路径)之后,在该阶段以及基于它构建的阶段中;
- 在 Windows 阶段中(默认 shell 为 `cmd /S /C`):基于 Windows 镜像(`mcr.microsoft.com/windows/*`、
  名称或标签含 `nanoserver`、`servercore` 或 `windowsserver`、`-windows` 或 `ltsc20..` 标签、
  .NET Framework 镜像)、基于另一个 Windows 阶段,或 `FROM --platform=windows/...` 的阶段,
  镜像名来自 `ARG` 默认值时也一样;
- 在写有 `` # escape=` `` 的文件中(Windows 的惯例),除非某条 `SHELL` 指定了 POSIX shell。

单独的 `pwsh` 不会让阶段成为 Windows 阶段(PowerShell 也能在 Linux 镜像上运行):其后的
`SHELL ["/bin/bash", "-c"]` 会重新开启检查。`#!` 行指定其他解释器的 heredoc
(如 `#!/usr/bin/env python3`)也不是 shell 脚本。

用 heredoc 写文件并在同一行继续的脚本(`cat > /entry.sh <<'EOF'; chmod +x /entry.sh`、
`tee /x <<EOF >/dev/null &`),包括写在 `RUN <<EOF` heredoc 里的,会按 shell 的方式读取。

## 为什么不好

构建会在这一步失败并报 `/bin/sh: syntax error`,往往是在前面的步骤花了几分钟之后;而 shell
的报错指向拼接后脚本的某一行,而不是 Dockerfile。常见原因是续行漏了 `\`,或最后一行以 `&&` 结尾。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && \
    apt-get install -y curl &&
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && \
    apt-get install -y curl
```

## 修复安全性

没有自动修复:无法知道脚本原本想表达什么。

## 参考

- [Dockerfile 参考文档:RUN](https://docs.docker.com/reference/dockerfile/#run)
- [Dockerfile 参考文档:SHELL](https://docs.docker.com/reference/dockerfile/#shell)
- [POSIX Shell 命令语言](https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html)
"#;
