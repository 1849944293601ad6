//! `apt-get-update-alone`: `apt-get update` in a RUN that installs nothing; the fix moves the
//! update into the next RUN that installs with apt.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::rules::packages::{RunScript, clean_end, command_head, head_text, run_scripts};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{Action, Form, Operator, PackageCommand, Scope, Script};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "apt-get-update-alone",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "`apt-get update` in a RUN with no install: later installs use a stale cached list",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let runs = run_scripts(cx);
    for (i, run) in runs.iter().enumerate() {
        let script = run.script;
        let Some(update) = script
            .packages
            .iter()
            .find(|pc| pc.manager.is_apt() && pc.action == Action::Update)
        else {
            continue;
        };
        if reads_lists(script) {
            continue;
        }
        let command = &script.commands[update.command];
        let head = command_head(command, update.subcommand.as_ref());
        let d = sink.report(
            head,
            format!(
                "`{}` in a `RUN` that installs nothing: the cached lists go stale for later installs",
                head_text(update)
            ),
        );
        d.fix = merge_fix(cx, runs, i);
    }
}

/// Whether something in the script uses the package lists the update fetched: an install,
/// upgrade or other apt command (`build-dep`, `source`), `apt-cache`, or a command the lists
/// are for that apt does not run itself (`add-apt-repository` updates on its own, a script may
/// install anything).
pub(super) fn reads_lists(script: &Script) -> bool {
    let uses_apt = script.packages.iter().any(|pc| {
        pc.manager.is_apt()
            && match pc.action {
                Action::Install | Action::Upgrade => true,
                Action::Other => !pc
                    .subcommand
                    .as_ref()
                    .is_some_and(|s| s.is("dist-clean") || s.is("autoclean")),
                Action::Update | Action::Remove | Action::Clean => false,
            }
    });
    let update_at = script
        .packages
        .iter()
        .filter(|pc| pc.manager.is_apt() && pc.action == Action::Update)
        .map(|pc| pc.command)
        .min()
        .unwrap_or(0);
    // Anything after the update that is not known to leave the lists alone may read them.
    let unknown_after = script.commands.iter().enumerate().skip(update_at + 1).any(|(i, c)| {
        let is_package_command = script.packages.iter().any(|pc| pc.command == i);
        !is_package_command && !HARMLESS.contains(&c.effective_program())
    });
    uses_apt || unknown_after
}

/// Commands that never install packages, seen around a lone update.
const HARMLESS: &[&str] = &[
    "set", "echo", "printf", "true", ":", "rm", "mkdir", "ln", "cp", "mv", "chmod", "chown", "touch", "cat", "tee",
    "sed", "grep", "test", "[", "export", "cd", "ls",
];

/// Moves the update into the next RUN of the stage that installs with apt: the update's RUN is
/// deleted and its script goes in front of the install. Offered only for shell-form RUNs with
/// the same flags, no RUN in between that uses apt, and a script that ends with a plain
/// command (so nothing after it swallows the `&&`).
fn merge_fix(cx: &Context<'_>, runs: &[RunScript<'_>], i: usize) -> Option<Fix> {
    let run = &runs[i];
    if run.trigger || run.script.form != Form::Shell || !run.instruction.heredocs.is_empty() {
        return None;
    }
    clean_end(run.script)?;
    let stage = cx.model.stages.get(run.stage?)?;
    let mut target = None;
    for other in &runs[i + 1..] {
        if other.trigger {
            continue;
        }
        if !stage.instructions.contains(&other.index) {
            break;
        }
        let apt = || other.script.packages.iter().filter(|pc| pc.manager.is_apt());
        if apt().any(|pc| pc.action == Action::Install) {
            target = Some(other);
            break;
        }
        if apt().next().is_some() || other.script.runs("apt-cache") {
            return None;
        }
    }
    let target = target?;
    if target.script.form != Form::Shell || !target.instruction.heredocs.is_empty() {
        return None;
    }
    let same_flags = run.instruction.flags.len() == target.instruction.flags.len()
        && run
            .instruction
            .flags
            .iter()
            .zip(&target.instruction.flags)
            .all(|(a, b)| a.range.slice(cx.text) == b.range.slice(cx.text));
    if !same_flags {
        return None;
    }
    // The install the update goes in front of: the first apt install, run unconditionally.
    let install: &PackageCommand = target
        .script
        .packages
        .iter()
        .find(|pc| pc.manager.is_apt() && pc.action == Action::Install)?;
    let command = &target.script.commands[install.command];
    let attachable = matches!(
        command.operator_before,
        None | Some(Operator::And) | Some(Operator::Seq)
    ) && matches!(command.scope, Scope::Top | Scope::Compound)
        && !command.pipe_in;
    if !attachable {
        return None;
    }
    // Everything between the two RUNs stays; only the update's own lines go.
    let delete = whole_lines(cx.text, run.instruction.range);
    let insert_at = command.range.start;
    Some(Fix::new(
        "Move `apt-get update` into the next install `RUN`",
        Applicability::Unsafe,
        vec![
            Edit {
                range: delete,
                new_text: String::new(),
            },
            Edit {
                range: TextRange::empty(insert_at),
                new_text: format!("{} && ", run.script.text.trim()),
            },
        ],
    ))
}

/// The lines `range` is on, with the line break after them.
fn whole_lines(text: &str, range: TextRange) -> TextRange {
    let start = text.get(..range.start).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let end = text
        .get(range.end..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| range.end + i + 1);
    TextRange::new(start, end)
}

const EN: &str = r#"## What it does

Reports `apt-get update` (or `apt update`) in a `RUN` that does not install, upgrade or
otherwise use the package lists it fetched. A `RUN` that runs other commands after the update
(a script, `add-apt-repository`...) is left alone, since they may install.

## Why is this bad?

The build cache keys a `RUN` on its text. `RUN apt-get update` never changes, so after the first
build its layer comes from the cache with the lists of that day, and a later
`RUN apt-get install ...` installs old versions, or fails with `404 Not Found` once the mirror
dropped them. Updating and installing in one `RUN` refreshes the lists whenever the install
line changes.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```

## Fix safety

The fix deletes the update's `RUN` and puts its script, followed by `&&`, in front of the first
apt install of the next `RUN` in the stage that installs with apt. It is offered only when both
are shell form with the same flags and no `RUN` in between uses apt. It is unsafe: the update
now runs after the instructions in between (a `COPY` of a sources list, an `ENV`), which is
usually what was meant but changes what the update sees.

## References

- [Dockerfile best practices: apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
- [Build cache invalidation](https://docs.docker.com/build/cache/invalidation/)
"#;

const ZH: &str = r#"## 作用

报告出现在某条 `RUN` 中、但同一条 `RUN` 没有安装、升级或以其他方式使用所获取软件包列表的
`apt-get update`(或 `apt update`)。如果 update 之后还运行了其他命令(脚本、`add-apt-repository`
等),由于它们可能会安装软件包,不予报告。

## 为什么不好

构建缓存以 `RUN` 的文本为键。`RUN apt-get update` 的文本永远不变,第一次构建后这一层总是
直接取自缓存,带着当天的软件包列表;后面的 `RUN apt-get install ...` 会安装旧版本,或在镜像源
删除旧版本后因 `404 Not Found` 失败。把 update 和 install 写在同一条 `RUN` 中,安装行一变,
列表就会随之刷新。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```

## 修复安全性

修复会删除 update 所在的 `RUN`,并把它的脚本加上 `&&` 放到本阶段下一条用 apt 安装的 `RUN`
中第一个 apt 安装命令之前。只有两条 `RUN` 都是 shell 形式、标志相同、且中间没有其他使用 apt 的
`RUN` 时才提供。修复不安全:update 改为在中间的指令(复制软件源列表的 `COPY`、`ENV` 等)之后
执行,这通常正是本意,但会改变 update 看到的内容。

## 参考

- [Dockerfile 最佳实践:apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
- [构建缓存失效](https://docs.docker.com/build/cache/invalidation/)
"#;
