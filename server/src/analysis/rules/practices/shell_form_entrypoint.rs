//! `shell-form-entrypoint`: an `ENTRYPOINT` in shell form, which runs under `/bin/sh -c` so
//! that the shell, not the program, is PID 1.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, InstructionKind};
use crate::analysis::rules::practices::exec_form::{exec_form_fix, shell_form_entries, shell_in_effect, shell_of};
use crate::analysis::rules::shell_in_force::ShellInForce;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "shell-form-entrypoint",
    severity: Severity::Warning,
    aliases: &["DL3025", "JSONArgsRecommended"],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "`ENTRYPOINT` in shell form: the program does not receive signals",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for entry in shell_form_entries(cx.model, InstructionKind::Entrypoint) {
        // With a `SHELL` in effect the shell form is what the author chose (BuildKit does not
        // warn either).
        if !entry.trigger && shell_in_effect(cx, entry.index) {
            continue;
        }
        let Args::Shell { range, .. } = &entry.instruction.args else {
            continue;
        };
        let shell = shell_of(cx, &entry);
        let command_line = shell.command_line(cx.model);
        let message = if shell == ShellInForce::Windows {
            format!(
                "`ENTRYPOINT` in shell form runs under `{command_line}`: the program is its child, not the container's main process"
            )
        } else {
            format!("`ENTRYPOINT` in shell form runs under `{command_line}`, which does not pass `SIGTERM` on")
        };
        let fix = exec_form_fix(cx, entry.instruction, shell);
        let d = sink.report(*range, message);
        d.code = Some("DL3025");
        d.fix = fix;
    }
}

const EN: &str = r#"## What it does

Reports an `ENTRYPOINT` written in shell form (`ENTRYPOINT /app/server --port 80`) rather than
exec form (`ENTRYPOINT ["/app/server", "--port", "80"]`). A stage that sets its own `SHELL`
is not reported, as BuildKit's `JSONArgsRecommended` check does not report it either.

In a stage that builds a Windows image (a Server Core, Nano Server or other Windows base
image, a stage built on one, or `` # escape=` ``) the shell form runs under `cmd /S /C`, and the message names that shell instead of `/bin/sh -c`; no
fix is offered there, since a POSIX reading of the command would mangle Windows paths.

## Why is this bad?

Docker runs a shell-form entrypoint as `/bin/sh -c "<command>"`, so the shell is PID 1 and the
program is its child. `docker stop` and Kubernetes send `SIGTERM` to PID 1; most shells neither
handle nor forward it, so the program never hears it, cannot shut down cleanly, and is killed
with `SIGKILL` after the grace period. Shell form also ignores `CMD` and the arguments of
`docker run`, which is rarely what an entrypoint is for.

## Example

```dockerfile
FROM alpine:3.20
COPY server /usr/local/bin/server
ENTRYPOINT /usr/local/bin/server --port 8080
```

## Use instead

```dockerfile
FROM alpine:3.20
COPY server /usr/local/bin/server
ENTRYPOINT ["/usr/local/bin/server", "--port", "8080"]
```

When the command needs the shell (variables, `&&`, pipes), keep the shell but let the program
replace it: `ENTRYPOINT ["/bin/sh", "-c", "exec server --port \"$PORT\""]`.

## Fix safety

The fix writes the command in exec form: the words themselves for one plain command (a leading
`exec` is dropped), or `["/bin/sh", "-c", "<command>"]` when the command uses the shell. It is
unsafe: in exec form the `CMD` of the stage and the arguments of `docker run` are appended to
the entrypoint, where shell form ignored them, and a command that relied on the shell's `PATH`
lookup or environment may behave differently.

## References

- [hadolint DL3025](https://github.com/hadolint/hadolint/wiki/DL3025)
- [BuildKit check JSONArgsRecommended](https://docs.docker.com/reference/build-checks/json-args-recommended/)
- [Dockerfile reference: ENTRYPOINT](https://docs.docker.com/reference/dockerfile/#entrypoint)
"#;

const ZH: &str = r#"## 作用

报告以 shell 形式(`ENTRYPOINT /app/server --port 80`)而不是 exec 形式
(`ENTRYPOINT ["/app/server", "--port", "80"]`)书写的 `ENTRYPOINT`。如果阶段里用 `SHELL` 指定了
shell,则不报告,这与 BuildKit 的 `JSONArgsRecommended` 检查一致。

在构建 Windows 镜像的阶段(基于 Server Core、Nano Server 等 Windows 基础镜像,或基于这样的阶段,或使用
`` # escape=` ``)中,shell 形式由 `cmd /S /C` 运行,提示信息会写出这个
shell 而不是 `/bin/sh -c`;那里不提供修复,因为按 POSIX 方式解读命令会弄坏 Windows 路径。

## 为什么不好

shell 形式的入口点会以 `/bin/sh -c "<命令>"` 运行,于是 shell 成了 PID 1,程序只是它的子进程。
`docker stop` 和 Kubernetes 把 `SIGTERM` 发给 PID 1,而大多数 shell 既不处理也不转发这个信号,程序收不到,
无法优雅退出,宽限期过后被 `SIGKILL` 强行杀掉。shell 形式还会忽略 `CMD` 和 `docker run` 的参数,
这很少是入口点想要的行为。

## 示例

```dockerfile
FROM alpine:3.20
COPY server /usr/local/bin/server
ENTRYPOINT /usr/local/bin/server --port 8080
```

## 建议写法

```dockerfile
FROM alpine:3.20
COPY server /usr/local/bin/server
ENTRYPOINT ["/usr/local/bin/server", "--port", "8080"]
```

如果命令确实需要 shell(变量、`&&`、管道),保留 shell,但让程序替换掉它:
`ENTRYPOINT ["/bin/sh", "-c", "exec server --port \"$PORT\""]`。

## 修复安全性

修复会把命令改写为 exec 形式:单个普通命令直接用它的各个词(开头的 `exec` 会去掉),用到 shell 特性的命令
改写为 `["/bin/sh", "-c", "<命令>"]`。这个修复是不安全的:exec 形式会把阶段的 `CMD` 和 `docker run`
的参数追加到入口点后面,而 shell 形式会忽略它们;依赖 shell 的 `PATH` 查找或环境的命令也可能表现不同。

## 参考

- [hadolint DL3025](https://github.com/hadolint/hadolint/wiki/DL3025)
- [BuildKit 检查 JSONArgsRecommended](https://docs.docker.com/reference/build-checks/json-args-recommended/)
- [Dockerfile 参考文档:ENTRYPOINT](https://docs.docker.com/reference/dockerfile/#entrypoint)
"#;
