//! `multiple-processes-without-init`: a `CMD` or `ENTRYPOINT` that starts several processes
//! (`&`, `service x start`) with no init process to reap them and pass signals on.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, Instruction, InstructionKind, Model};
use crate::analysis::rules::practices::common::{chain_instructions, stage_of};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{Command, Operator, Script};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "multiple-processes-without-init",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Several processes started with no init",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Programs that run as PID 1 on purpose: they reap orphans and forward signals.
const INITS: &[&str] = &[
    "tini",
    "tini-static",
    "dumb-init",
    "catatonit",
    "docker-init",
    "init",
    "s6-svscan",
    "runsvdir",
    "runit",
    "my_init",
    "supervisord",
    "systemd",
    "pid1",
];

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let model = cx.model;
    for (index, top) in model.instructions.iter().enumerate() {
        let (instruction, trigger) = match &top.args {
            Args::Onbuild(inner) => (&**inner, true),
            _ => (top, false),
        };
        if !matches!(instruction.kind, InstructionKind::Cmd | InstructionKind::Entrypoint) {
            continue;
        }
        // `cmd` reads `&` as "then", not "in the background", and Windows stops containers its
        // own way: the rule is about Unix process semantics.
        if cx.is_windows_at(index) {
            continue;
        }
        let Some(script) = cx.facts.script(instruction) else {
            continue;
        };
        if waits_with_trap(script) {
            continue;
        }
        if starts_with_init(script) || (!trigger && init_entrypoint(cx, model, index, instruction)) {
            continue;
        }
        let keyword = instruction.kind.keyword();
        for (range, what) in extra_processes(script) {
            sink.report(
                range,
                format!("`{keyword}` {what}, with no init to reap zombies or forward signals"),
            );
        }
    }
}

/// The stage's `ENTRYPOINT` (for a `CMD`) runs an init that will start the command.
fn init_entrypoint(cx: &Context<'_>, model: &Model, index: usize, instruction: &Instruction) -> bool {
    if instruction.kind != InstructionKind::Cmd {
        return false;
    }
    let Some(stage) = stage_of(model, index) else {
        return false;
    };
    chain_instructions(model, stage.index)
        .into_iter()
        .rev()
        .map(|i| &model.instructions[i])
        .find(|i| i.kind == InstructionKind::Entrypoint)
        .and_then(|i| cx.facts.script(i))
        .is_some_and(starts_with_init)
}

fn is_init(command: &Command) -> bool {
    INITS.contains(&command.effective_program())
}

fn starts_with_init(script: &Script) -> bool {
    script.commands.first().is_some_and(is_init)
}

/// The shell stays as PID 1 on purpose and does an init's two jobs: it traps `SIGTERM` (`trap
/// 'exit 0' TERM`, `trap : TERM INT`, `trap cleanup SIGTERM`) and `wait`s for what it started in
/// the background, which reaps it. The documented way to keep a container alive and stoppable:
/// `trap 'exit 0' TERM; sleep infinity & wait`.
fn waits_with_trap(script: &Script) -> bool {
    let traps_term = script.commands.iter().any(|c| {
        if c.effective_program() != "trap" {
            return false;
        }
        let [action, signals @ ..] = c.effective_args() else {
            return false;
        };
        let handled = !action.value.is_empty() && action.value != "-" && !action.is_flag();
        handled
            && signals.iter().any(|s| {
                let name = s.value.to_ascii_uppercase();
                matches!(name.strip_prefix("SIG").unwrap_or(&name), "TERM" | "15")
            })
    });
    let last_background = script
        .commands
        .iter()
        .rposition(|c| c.operator_before == Some(Operator::Background))
        .map(|next| next.saturating_sub(1));
    let waits = |from: usize| {
        script
            .commands
            .iter()
            .skip(from + 1)
            .any(|c| c.effective_program() == "wait")
    };
    traps_term && last_background.is_some_and(waits)
}

/// The commands that start a second process: one sent to the background with `&`, or a
/// service started through its init script.
fn extra_processes(script: &Script) -> Vec<(TextRange, String)> {
    let mut out = Vec::new();
    for (i, command) in script.commands.iter().enumerate() {
        let backgrounded = script
            .commands
            .get(i + 1)
            .is_some_and(|next| next.operator_before == Some(Operator::Background));
        if backgrounded {
            out.push((
                command.range,
                format!("runs `{}` in the background", command.effective_program()),
            ));
        } else if let Some(service) = starts_service(command) {
            out.push((command.range, format!("starts the service `{service}`")));
        }
    }
    out
}

/// `service nginx start`, `/etc/init.d/nginx start`, `rc-service nginx start`,
/// `systemctl start nginx`: the service's name.
fn starts_service(command: &Command) -> Option<String> {
    let operands: Vec<&str> = command.operands().map(|w| w.value.as_str()).collect();
    let program = command.effective_program();
    let name = &command.effective_name().value;
    match (program, operands.as_slice()) {
        ("service" | "rc-service", [service, "start" | "restart", ..]) => Some((*service).to_string()),
        ("systemctl", ["start" | "restart", service, ..]) => Some((*service).to_string()),
        (_, ["start" | "restart", ..]) if name.starts_with("/etc/init.d/") => Some(program.to_string()),
        _ => None,
    }
}

const EN: &str = r#"## What it does

Reports a `CMD` or `ENTRYPOINT` whose shell script starts more than one long-running process:
a command sent to the background with `&`, or a service started through its init script
(`service nginx start`, `/etc/init.d/cron start`, `rc-service`, `systemctl start`), when no init
process runs as PID 1: neither the command itself nor the stage's `ENTRYPOINT` starts with
`tini`, `dumb-init`, `catatonit`, s6's `/init` or `s6-svscan`, runit, `my_init` or
`supervisord`.

`supervisord` run as the main process is not reported: it reaps the processes it starts and
stops them on `SIGTERM`, which is what an init is for. Neither is a shell that does both jobs
itself: it traps `SIGTERM` and `wait`s for what it sent to the background, as in the documented
way to keep a container alive and stoppable, `trap 'exit 0' TERM; sleep infinity & wait` (or
`trap : TERM INT; ... & wait`).

Windows stages are not checked: `cmd` reads `&` as "then run", not "in the background", and
Windows stops a container's processes its own way.

## Why is this bad?

PID 1 in a container has two jobs a shell does not do. It must reap orphaned processes, or they
stay as zombies until the process table is full. And it must handle `SIGTERM`: the kernel gives
PID 1 no default action for it, so unless PID 1 forwards it, the services never learn that the
container is stopping and are killed with `SIGKILL` after the grace period. One process per
container avoids the problem; when several are really needed, a small init does both jobs.

## Example

```dockerfile
FROM php:8.3-fpm
RUN apt-get update && apt-get install -y --no-install-recommends nginx
CMD php-fpm -D && nginx -g 'daemon off;' & wait
```

## Use instead

```dockerfile
FROM php:8.3-fpm
RUN apt-get update && apt-get install -y --no-install-recommends nginx tini
ENTRYPOINT ["tini", "--"]
CMD ["sh", "-c", "php-fpm -D && exec nginx -g 'daemon off;'"]
```

or run `php-fpm` and `nginx` in two containers.

## Fix safety

There is no fix: choosing between an init, a process manager and separate containers is a design
decision.

## References

- [Run multiple processes in a container](https://docs.docker.com/engine/containers/multi-service_container/)
- [tini](https://github.com/krallin/tini)
- [docker run --init](https://docs.docker.com/reference/cli/docker/container/run/#init)
"#;

const ZH: &str = r#"## 作用

当 `CMD` 或 `ENTRYPOINT` 的 shell 脚本启动了不止一个长期运行的进程,而又没有 init 进程作为 PID 1 时报告:
用 `&` 放到后台的命令,或者通过 init 脚本启动的服务(`service nginx start`、`/etc/init.d/cron start`、
`rc-service`、`systemctl start`)。所谓有 init,是指命令本身或阶段的 `ENTRYPOINT` 以 `tini`、`dumb-init`、
`catatonit`、s6 的 `/init` 或 `s6-svscan`、runit、`my_init` 或 `supervisord` 开头。

作为主进程运行的 `supervisord` 不报告:它会回收自己启动的进程,并在收到 `SIGTERM` 时停止它们,这正是
init 的职责。自己完成这两项工作的 shell 也不报告:它用 `trap` 捕获 `SIGTERM`,并用 `wait` 等待放到后台的
进程,例如文档中让容器保持运行又能被停止的写法 `trap 'exit 0' TERM; sleep infinity & wait`(或
`trap : TERM INT; ... & wait`)。

Windows 阶段不检查:`cmd` 把 `&` 理解为"接着运行"而不是"放到后台",而且 Windows 以自己的方式停止容器中的进程。

## 为什么不好

容器里的 PID 1 有两项 shell 不会做的工作。它必须回收孤儿进程,否则这些进程会一直作为僵尸进程存在,直到进程表
被占满。它还必须处理 `SIGTERM`:内核不会为 PID 1 提供这个信号的默认动作,除非 PID 1 转发它,否则各个服务
根本不知道容器正在停止,只能在宽限期过后被 `SIGKILL` 杀掉。每个容器一个进程可以避免这个问题;确实需要多个
进程时,一个小小的 init 就能完成这两项工作。

## 示例

```dockerfile
FROM php:8.3-fpm
RUN apt-get update && apt-get install -y --no-install-recommends nginx
CMD php-fpm -D && nginx -g 'daemon off;' & wait
```

## 建议写法

```dockerfile
FROM php:8.3-fpm
RUN apt-get update && apt-get install -y --no-install-recommends nginx tini
ENTRYPOINT ["tini", "--"]
CMD ["sh", "-c", "php-fpm -D && exec nginx -g 'daemon off;'"]
```

或者把 `php-fpm` 和 `nginx` 放到两个容器里运行。

## 修复安全性

没有自动修复:在 init、进程管理器和拆分容器之间如何选择,是设计上的决定。

## 参考

- [在一个容器中运行多个进程](https://docs.docker.com/engine/containers/multi-service_container/)
- [tini](https://github.com/krallin/tini)
- [docker run --init](https://docs.docker.com/reference/cli/docker/container/run/#init)
"#;
