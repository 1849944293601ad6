//! `unnecessary-tools`: commands that mean nothing in an image build (`vim`, `ssh`, `shutdown`,
//! `service`, `top`...).

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::packages::run_scripts;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{Command, Operator, Scope, Script};

pub static RULE: Rule = Rule {
    id: "unnecessary-tools",
    since: "0.1",
    severity: Severity::Info,
    aliases: &["DL3001"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Command that makes no sense in an image build (`ssh`, `vim`, `shutdown`, `service`...)",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Interactive programs, and programs about a running machine that a build step has no use for.
const TOOLS: &[&str] = &[
    "free",
    "ifconfig",
    "kill",
    "mount",
    "ps",
    "service",
    "shutdown",
    "ssh",
    "top",
    "vim",
    "nano",
    "reboot",
    "halt",
    "poweroff",
    "systemctl",
];

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for run in run_scripts(cx) {
        for command in &run.script.commands {
            let program = command.effective_program();
            if !TOOLS.contains(&program) || is_build_use(run.script, command) {
                continue;
            }
            sink.report(
                command.effective_name().range,
                format!("`{program}` makes no sense in an image build"),
            );
        }
    }
}

/// Uses that do serve a build step: `service` in a script that does more than start and stop
/// services (a daemon the script starts to configure it, then stops), `kill` after the script started a daemon, `systemctl enable`/`mask` (which
/// only write symlinks), `ps`, `free` or `mount` as a query piped on or in a condition, and `ssh
/// host command`.
fn is_build_use(script: &Script, command: &Command) -> bool {
    let args: Vec<&str> = command.effective_args().iter().map(|w| w.value.as_str()).collect();
    let position = script
        .commands
        .iter()
        .position(|c| std::ptr::eq(c, command))
        .unwrap_or(0);
    match command.effective_program() {
        "service" => script.commands.iter().any(|c| !c.runs("service")),
        "kill" => started_daemon(&script.commands[..position]),
        "systemctl" => args
            .iter()
            .any(|a| matches!(*a, "enable" | "disable" | "mask" | "unmask" | "set-default" | "preset")),
        "ssh" => args.iter().filter(|a| !a.starts_with('-')).count() >= 2,
        "ps" | "mount" | "free" => command.pipe_out || command.scope != Scope::Top,
        _ => false,
    }
}

/// Whether one of `commands` leaves a process running: `x &`, `service x start`,
/// `start-stop-daemon`, `--daemonize`.
fn started_daemon(commands: &[Command]) -> bool {
    commands.iter().enumerate().any(|(i, c)| {
        let backgrounded = commands
            .get(i + 1)
            .is_some_and(|next| next.operator_before == Some(Operator::Background));
        backgrounded
            || matches!(c.effective_program(), "service" | "start-stop-daemon" | "nohup")
            || c.effective_args()
                .iter()
                .any(|w| matches!(w.value.as_str(), "start" | "--daemonize" | "--daemon" | "--fork"))
    })
}

const EN: &str = r#"## What it does

Reports commands in a `RUN` script that have no use in an image build: interactive programs
(`vim`, `nano`, `top`, `ssh` without a remote command) and commands about a running machine
(`shutdown`, `reboot`, `halt`, `ps`, `free`, `ifconfig`, `mount`, `kill`, `systemctl`).

Uses that do serve the build are left alone: `service` in a script that does more than that (a
daemon started to be configured, then stopped), `kill` after the script started a daemon, `systemctl enable`/`mask` (which
only write symlinks), `ps`, `free` and `mount` piped into another command or used in a
condition, and `ssh host command`.

## Why is this bad?

A build step has no terminal and no running system: an interactive program hangs or fails, and
`shutdown` or `ps` act on the build container, not on the image. They usually come from a
script written for a virtual machine, and often the tool itself (an SSH server, an editor) was
installed only for them, growing the image for nothing.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends nginx \
    && rm -rf /var/lib/apt/lists/* \
    && shutdown -r now
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends nginx \
    && rm -rf /var/lib/apt/lists/*
```

## Fix safety

There is no fix: what the command was meant for has to be decided by hand.

## References

- [hadolint DL3001](https://github.com/hadolint/hadolint/wiki/DL3001)
- [Dockerfile best practices: don't install unnecessary packages](https://docs.docker.com/build/building/best-practices/#dont-install-unnecessary-packages)
"#;

const ZH: &str = r#"## 作用

报告 `RUN` 脚本中在镜像构建时毫无用处的命令:交互式程序(`vim`、`nano`、`top`、不带远程命令的
`ssh`),以及针对运行中机器的命令(`shutdown`、`reboot`、`halt`、`ps`、`free`、`ifconfig`、
`mount`、`kill`、`systemctl`)。

确实服务于构建的用法不报告:脚本中除 `service` 外还有其他命令时的 `service`(启动守护进程以便配置,
然后停止)、脚本启动守护进程后的
`kill`、只写符号链接的 `systemctl enable`/`mask`、通过管道交给其他命令或用在条件中的 `ps`、`free`、
`mount`,以及 `ssh 主机 命令`。

## 为什么不好

构建步骤没有终端,也没有运行中的系统:交互式程序会卡住或失败,`shutdown`、`ps` 作用于构建容器,
而不是镜像。它们通常来自为虚拟机编写的脚本,而且这些工具本身(SSH 服务器、编辑器)往往也只是为此
安装的,白白增大了镜像。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends nginx \
    && rm -rf /var/lib/apt/lists/* \
    && shutdown -r now
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends nginx \
    && rm -rf /var/lib/apt/lists/*
```

## 修复安全性

没有修复:需要由人判断这条命令原本的用意。

## 参考

- [hadolint DL3001](https://github.com/hadolint/hadolint/wiki/DL3001)
- [Dockerfile 最佳实践:不要安装不必要的软件包](https://docs.docker.com/build/building/best-practices/#dont-install-unnecessary-packages)
"#;
