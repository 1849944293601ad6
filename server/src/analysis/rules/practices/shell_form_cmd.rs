//! `shell-form-cmd`: a `CMD` in shell form; quiet under a `SHELL`, a hint under an exec-form
//! `ENTRYPOINT`, silent under a shell-form one (which ignores `CMD`).

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, InstructionKind};
use crate::analysis::rules::practices::exec_form::{
    entrypoint_in_effect, exec_form_fix, shell_form_entries, shell_in_effect, shell_of,
};
use crate::analysis::rules::shell_in_force::ShellInForce;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "shell-form-cmd",
    severity: Severity::Warning,
    aliases: &["DL3025", "JSONArgsRecommended"],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "`CMD` in shell form: the program does not receive signals",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for entry in shell_form_entries(cx.model, InstructionKind::Cmd) {
        let Args::Shell { range, .. } = &entry.instruction.args else {
            continue;
        };
        let entrypoint = if entry.trigger {
            None
        } else {
            if shell_in_effect(cx, entry.index) {
                continue;
            }
            entrypoint_in_effect(cx.model, entry.index)
        };
        let shell = shell_of(cx, &entry);
        let command_line = shell.command_line(cx.model);
        let (severity, message) = match entrypoint.map(|e| &e.args) {
            // A shell-form entrypoint never looks at `CMD`: that one is reported instead.
            Some(Args::Shell { .. }) => continue,
            Some(_) => (
                Severity::Hint,
                format!("`CMD` in shell form reaches the `ENTRYPOINT` as `{command_line} \"...\"`"),
            ),
            None if shell == ShellInForce::Windows => (
                Severity::Warning,
                format!(
                    "`CMD` in shell form runs under `{command_line}`: the program is its child, not the container's main process"
                ),
            ),
            None => (
                Severity::Warning,
                format!("`CMD` in shell form runs under `{command_line}`, which does not pass `SIGTERM` on"),
            ),
        };
        let fix = exec_form_fix(cx, entry.instruction, shell);
        let d = sink.report(*range, message);
        d.code = Some("DL3025");
        d.severity = severity;
        d.fix = fix;
    }
}

const EN: &str = r#"## What it does

Reports a `CMD` written in shell form (`CMD node server.js`) rather than exec form
(`CMD ["node", "server.js"]`). It follows BuildKit's `JSONArgsRecommended` check, and is
quieter where the shell form is likely intended:

- a stage that sets its own `SHELL` is not reported (BuildKit does not report it either);
- under a shell-form `ENTRYPOINT`, `CMD` is never used, so only the entrypoint is reported;
- under an exec-form `ENTRYPOINT` the diagnostic is a hint: the entrypoint receives
  `/bin/sh -c "<command>"` as its arguments, which entrypoint scripts ending in `exec "$@"`
  run as intended, with the shell as the final process.

In a stage that builds a Windows image (a Server Core, Nano Server or other Windows base
image, a stage built on one, or `` # escape=` ``) the shell form runs under `cmd /S /C`, and the message names that shell instead of `/bin/sh -c`; no
fix is offered there, since a POSIX reading of the command would mangle Windows paths.

## Why is this bad?

Docker runs a shell-form command as `/bin/sh -c "<command>"`, so the shell is PID 1 and the
program is its child. `docker stop` and Kubernetes send `SIGTERM` to PID 1; most shells neither
handle nor forward it, so the program is killed with `SIGKILL` after the grace period instead of
shutting down cleanly.

## Example

```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD node server.js
```

## Use instead

```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```

## Fix safety

The fix writes the command in exec form: the words themselves for one plain command (a leading
`exec` is dropped), or `["/bin/sh", "-c", "<command>"]` when the command uses the shell
(`&&`, pipes, variables, redirections, globs). It is unsafe: without the shell, a command that
relied on the shell's `PATH` lookup, environment or word splitting may behave differently.

## References

- [hadolint DL3025](https://github.com/hadolint/hadolint/wiki/DL3025)
- [BuildKit check JSONArgsRecommended](https://docs.docker.com/reference/build-checks/json-args-recommended/)
- [Dockerfile reference: CMD](https://docs.docker.com/reference/dockerfile/#cmd)
"#;

const ZH: &str = r#"## 作用

报告以 shell 形式(`CMD node server.js`)而不是 exec 形式(`CMD ["node", "server.js"]`)书写的
`CMD`。规则遵循 BuildKit 的 `JSONArgsRecommended` 检查,在 shell 形式很可能是有意为之时会更安静:

- 阶段里用 `SHELL` 指定了 shell 时不报告(BuildKit 也不报告);
- 在 shell 形式的 `ENTRYPOINT` 之下,`CMD` 根本不会被使用,所以只报告入口点;
- 在 exec 形式的 `ENTRYPOINT` 之下只给出提示(hint):入口点收到的参数是 `/bin/sh -c "<命令>"`,
  以 `exec "$@"` 结尾的入口脚本会按预期运行它,只是最终进程是 shell。

在构建 Windows 镜像的阶段(基于 Server Core、Nano Server 等 Windows 基础镜像,或基于这样的阶段,或使用
`` # escape=` ``)中,shell 形式由 `cmd /S /C` 运行,提示信息会写出这个
shell 而不是 `/bin/sh -c`;那里不提供修复,因为按 POSIX 方式解读命令会弄坏 Windows 路径。

## 为什么不好

shell 形式的命令会以 `/bin/sh -c "<命令>"` 运行,于是 shell 成了 PID 1,程序只是它的子进程。
`docker stop` 和 Kubernetes 把 `SIGTERM` 发给 PID 1,而大多数 shell 既不处理也不转发这个信号,
程序在宽限期过后被 `SIGKILL` 强行杀掉,无法优雅退出。

## 示例

```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD node server.js
```

## 建议写法

```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```

## 修复安全性

修复会把命令改写为 exec 形式:单个普通命令直接用它的各个词(开头的 `exec` 会去掉),用到 shell 特性
(`&&`、管道、变量、重定向、通配符)的命令改写为 `["/bin/sh", "-c", "<命令>"]`。这个修复是不安全的:
没有了 shell,依赖 shell 的 `PATH` 查找、环境或分词的命令可能表现不同。

## 参考

- [hadolint DL3025](https://github.com/hadolint/hadolint/wiki/DL3025)
- [BuildKit 检查 JSONArgsRecommended](https://docs.docker.com/reference/build-checks/json-args-recommended/)
- [Dockerfile 参考文档:CMD](https://docs.docker.com/reference/dockerfile/#cmd)
"#;
