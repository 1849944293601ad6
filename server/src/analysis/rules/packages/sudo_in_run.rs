//! `sudo-in-run`: `sudo` in a RUN script, where the build already runs as the user that USER
//! chose.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::packages::run_scripts;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::Command;

pub static RULE: Rule = Rule {
    id: "sudo-in-run",
    since: "0.1",
    severity: Severity::Error,
    aliases: &["DL3004"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`sudo` in RUN: switch users with USER instead",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for run in run_scripts(cx) {
        for command in run.script.commands.iter().filter(|c| c.program() == "sudo") {
            // `sudo -u app cmd` run as root drops privileges for one command, which USER cannot
            // do in the middle of a script.
            if drops_privileges(command) {
                continue;
            }
            sink.report(command.name.range, "`sudo` in `RUN`: use `USER` to run as another user");
        }
    }
}

/// `sudo -u user ...` / `sudo --user=user ...` to a user other than root.
fn drops_privileges(command: &Command) -> bool {
    let own = command.wrapped.unwrap_or(command.args.len()).min(command.args.len());
    let words: Vec<&str> = command.args[..own].iter().map(|w| w.value.as_str()).collect();
    let user = words.iter().enumerate().find_map(|(i, w)| {
        if *w == "-u" || *w == "--user" {
            words.get(i + 1).copied()
        } else {
            w.strip_prefix("--user=")
                .or_else(|| w.strip_prefix("-u").filter(|u| !u.is_empty()))
        }
    });
    user.is_some_and(|u| u != "root" && u != "0" && u != "#0")
}

const EN: &str = r#"## What it does

Reports a command run through `sudo` in a `RUN` script. `sudo -u <user>` (`--user`) to a user
other than root is not reported: run as root, it drops privileges for one command, which `USER`
cannot do in the middle of a script (hadolint reports it all the same).

## Why is this bad?

A build runs each `RUN` as the user the last `USER` set (root by default), with no terminal for a
password prompt. `sudo` then either does nothing (already root), hangs or fails on the prompt, or
works only because the image keeps a password-less sudo rule, which the running container
inherits as a way to become root. Its TTY and environment handling also differs from the plain
command in ways that break builds.

## Example

```dockerfile
FROM debian:bookworm-slim
USER app
RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
USER app
```

For a process that must drop privileges at run time, use `gosu` or `su-exec` in the entrypoint.

## Fix safety

There is no fix: the `USER` instructions have to be arranged by hand.

## References

- [hadolint DL3004](https://github.com/hadolint/hadolint/wiki/DL3004)
- [Dockerfile best practices: USER](https://docs.docker.com/build/building/best-practices/#user)
"#;

const ZH: &str = r#"## 作用

报告 `RUN` 脚本中通过 `sudo` 运行的命令。`sudo -u <用户>`(`--user`)切换到 root 以外的用户时不报告:
以 root 运行时,它只为一条命令降低权限,而 `USER` 无法在脚本中间做到这一点(hadolint 仍会报告这种情况)。

## 为什么不好

构建时每条 `RUN` 都以最近一条 `USER` 指定的用户(默认 root)运行,也没有终端可以输入密码。
于是 `sudo` 要么毫无作用(本来就是 root),要么卡在或失败于密码提示,要么只因镜像里保留了免密码的
sudo 规则才能成功,而运行中的容器也会继承这条变成 root 的途径。它对 TTY 和环境变量的处理也与直接
运行命令不同,会让构建出错。

## 示例

```dockerfile
FROM debian:bookworm-slim
USER app
RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
USER app
```

如果进程需要在运行时降低权限,请在入口脚本中使用 `gosu` 或 `su-exec`。

## 修复安全性

没有修复:`USER` 指令需要手动调整。

## 参考

- [hadolint DL3004](https://github.com/hadolint/hadolint/wiki/DL3004)
- [Dockerfile 最佳实践:USER](https://docs.docker.com/build/building/best-practices/#user)
"#;
