//! `heredoc-without-errexit`: a RUN heredoc script of several commands that a shell runs without
//! `set -e`, so that a failing command before the last one does not fail the build; the unsafe
//! fix adds `set -e` as the script's first line.

use std::collections::BTreeMap;

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::model::Heredoc;
use crate::analysis::rules::packages::{RunScript, run_scripts};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{BodyRunner, Command, Interpreter, Operator, Scope, Script, shell_options_set};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "heredoc-without-errexit",
    since: "0.2",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "RUN heredoc of several commands without `set -e`: only the last command can fail the build",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for run in run_scripts(cx) {
        let Some(runner) = &run.script.heredoc_body else {
            continue;
        };
        let Some(heredoc) = run.instruction.heredocs.first() else {
            continue;
        };
        if errexit_at_start(cx, run, runner) {
            continue;
        }
        let Some(ignored) = first_ignored_failure(run.script) else {
            continue;
        };
        let line = cx.line_number(ignored.range.start);
        let d = sink.report(
            heredoc.marker,
            format!(
                "Heredoc script without `set -e`: if `{}` (line {line}) fails, the build goes on; only the last command's status fails the `RUN`",
                ignored.effective_name().value
            ),
        );
        d.fix = Some(Fix::new(
            "Add `set -e` at the top of the script",
            Applicability::Unsafe,
            vec![set_e(cx, run.script, heredoc)],
        ));
    }
}

/// Whether the shell that runs the body exits on the first failure from its start: `-e` on the
/// shell named on the line (`RUN <<EOF bash -e`), on the `#!` line, or in the `SHELL` in force.
fn errexit_at_start(cx: &Context<'_>, run: &RunScript<'_>, runner: &BodyRunner) -> bool {
    match runner {
        BodyRunner::Interpreter(interpreter) => interpreter.sets_errexit(),
        BodyRunner::Shell => {
            // `#!/usr/bin/env -S bash -e`: the options after the program env runs.
            if run.script.text.starts_with("#!") {
                return Interpreter::of_shebang(&run.script.text).is_some_and(|i| i.sets_errexit());
            }
            if run.trigger {
                return false;
            }
            cx.shell_in_force(run.index).elements(cx.model).is_some_and(|elements| {
                let options: Vec<String> = elements.iter().skip(1).map(|w| w.value.clone()).collect();
                shell_options_set(&options, 'e', "errexit")
            })
        }
    }
}

/// The first command of a top-level statement, before the last one, whose failure the shell
/// would pass over: not a builtin that cannot fail, not handled with `||`, not in a compound
/// command (`if`, `for`), not in the background; `None` once a `set -e` (or a deliberate
/// `set +e`) runs before any such statement.
fn first_ignored_failure(script: &Script) -> Option<&Command> {
    let mut statements: BTreeMap<usize, Vec<&Command>> = BTreeMap::new();
    for command in script.commands.iter().filter(|c| c.scope != Scope::Function) {
        statements.entry(command.statement).or_default().push(command);
    }
    let last = *statements.keys().next_back()?;
    let mut iter = statements.iter().peekable();
    while let Some((&index, commands)) = iter.next() {
        if index == last {
            break;
        }
        if let Some(_on_or_off) = sets_errexit(commands) {
            return None;
        }
        let backgrounded = iter
            .peek()
            .and_then(|(_, next)| next.first())
            .is_some_and(|c| c.operator_before == Some(Operator::Background));
        let top: Vec<&Command> = commands
            .iter()
            .copied()
            .filter(|c| c.scope != Scope::Substitution)
            .collect();
        let compound = top.iter().any(|c| c.scope != Scope::Top);
        let handled = top.iter().any(|c| c.negated || c.operator_before == Some(Operator::Or));
        if backgrounded || compound || handled {
            continue;
        }
        // An assignment alone (`V=$(curl ...)`) fails with its substitution.
        if top.is_empty() {
            if let Some(first) = commands.first() {
                return Some(first);
            }
            continue;
        }
        if let Some(command) = top.iter().find(|c| !cannot_fail(c)) {
            return Some(command);
        }
    }
    None
}

/// `set -e`, `set -euxo pipefail`, `set -o errexit` (`Some(true)`), `set +e` (`Some(false)`) in
/// the statement's own shell.
fn sets_errexit(commands: &[&Command]) -> Option<bool> {
    let mut state = None;
    for set in commands.iter().filter(|c| c.scope == Scope::Top && c.runs("set")) {
        let mut words = set.effective_args().iter();
        while let Some(word) = words.next() {
            let v = word.value.as_str();
            let (on, cluster) = match (v.strip_prefix('-'), v.strip_prefix('+')) {
                (Some(c), _) => (true, c),
                (_, Some(c)) => (false, c),
                _ => break,
            };
            if cluster.is_empty() || cluster.starts_with('-') {
                break;
            }
            for c in cluster.chars() {
                if c == 'e' || (c == 'o' && words.next().is_some_and(|w| w.value == "errexit")) {
                    state = Some(on);
                }
            }
        }
    }
    state
}

/// Builtins whose failure says nothing (or that cannot fail), writing nowhere but the log.
fn cannot_fail(command: &Command) -> bool {
    const BUILTINS: &[&str] = &[
        "set", "echo", "printf", ":", "true", "export", "readonly", "declare", "typeset", "local", "shopt", "trap",
        "umask", "alias", "unset", "[", "[[", "test",
    ];
    let writes_a_file = command.redirects.iter().any(|r| {
        r.operator.starts_with('>')
            && r.target
                .as_ref()
                .is_some_and(|t| !t.value.starts_with('&') && !t.value.starts_with("/dev/"))
    });
    BUILTINS.contains(&command.effective_program()) && !writes_a_file
}

/// `set -e` and a line break at the top of the body (after its `#!` line).
fn set_e(cx: &Context<'_>, script: &Script, heredoc: &Heredoc) -> Edit {
    let body = heredoc.body;
    let mut at = body.start;
    if matches!(script.heredoc_body, Some(BodyRunner::Shell)) && script.text.starts_with("#!") {
        let text = cx.text.get(body.start..body.end).unwrap_or("");
        at = text.find('\n').map_or(body.end, |i| body.start + i + 1);
    }
    Edit {
        range: TextRange::empty(at),
        new_text: format!("set -e{}", cx.line_break()),
    }
}

const EN: &str = r#"## What it does

Reports a `RUN` heredoc whose body is a shell script of several commands run without errexit:
no `set -e` (`set -eux`, `set -o errexit`...) before the first command that may fail, no `-e`
on the shell named on the `RUN` line (`RUN <<EOF bash -e`, `RUN sh -e <<EOF`) or on the `#!`
line, and no `-e` in the `SHELL` in force (`SHELL ["/bin/bash", "-eo", "pipefail", "-c"]`).
A heredoc with no shell named runs with the `SHELL` in force, `/bin/sh -c` by default; a shell
named on the line is a new process that takes none of the `SHELL`'s options.

Commands whose failure does not matter are not counted: builtins that cannot fail or only
print (`set`, `echo`, `export`, `test`; `cd` does count), a command followed by `|| ...` (the
failure is handled), `! cmd`, `cmd &`, and compound commands (`if`, `for`, `while`, `case`),
whose failures the script may handle itself. A `set +e` before the first such command is taken
as deliberate. Shell form (`RUN a && b`) and a heredoc given to another program
(`RUN python3 <<EOF`, `RUN cat <<EOF > file`) are not reported.

## Why is this bad?

A shell without errexit runs every line of the script whatever the one before returned, and
exits with the status of the last one. `apt-get update` failing on line 1 does not stop
`apt-get install` on line 2 from running against stale lists; a failed download is followed by
an extraction of nothing; the `RUN` succeeds as long as its last command does. A shell-form
`RUN` chained with `&&` stops at the first failure; a heredoc written one command per line
needs `set -e` for the same. Neither hadolint nor BuildKit has this check.

## Example

```dockerfile
# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
RUN <<EOF
apt-get update
apt-get install -y --no-install-recommends curl
rm -rf /var/lib/apt/lists/*
EOF
```

## Use instead

```dockerfile
# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
RUN <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends curl
rm -rf /var/lib/apt/lists/*
EOF
```

Or once for the stage: `SHELL ["/bin/bash", "-eo", "pipefail", "-c"]`.

## Fix safety

The fix adds a `set -e` line at the top of the script (after its `#!` line). It is unsafe: a
command that used to fail unnoticed now fails the build, and a script that relies on going on
after a failing command (`grep` finding nothing, a `test` as a statement) needs `|| true` there.

## References

- [Dockerfile reference: here-documents](https://docs.docker.com/reference/dockerfile/#here-documents)
- [POSIX: set -e](https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#set)
"#;

const ZH: &str = r#"## 作用

当 `RUN` heredoc 的内容是由多个命令组成、却在没有 errexit 的情况下运行的 shell 脚本时报告:第一个可能失败
的命令之前没有 `set -e`(`set -eux`、`set -o errexit` 等),`RUN` 行上指定的 shell(`RUN <<EOF bash -e`、
`RUN sh -e <<EOF`)或 `#!` 行没有 `-e`,生效的 `SHELL` 也没有 `-e`
(`SHELL ["/bin/bash", "-eo", "pipefail", "-c"]`)。没有指定 shell 的 heredoc 由生效的 `SHELL` 运行,默认是
`/bin/sh -c`;在行上指定的 shell 是一个新进程,不继承 `SHELL` 的任何选项。

失败无关紧要的命令不计入:不会失败或只是输出的内置命令(`set`、`echo`、`export`、`test`;`cd` 计入)、后跟
`|| ...` 的命令(失败已被处理)、`! cmd`、`cmd &`,以及复合命令(`if`、`for`、`while`、`case`),脚本可能
自行处理其中的失败。第一个这样的命令之前出现的 `set +e` 视为有意为之。shell 形式(`RUN a && b`)以及交给
其他程序的 heredoc(`RUN python3 <<EOF`、`RUN cat <<EOF > file`)不报告。

## 为什么不好

没有 errexit 的 shell 会运行脚本的每一行,不管上一行返回什么,并以最后一行的状态退出。第 1 行的
`apt-get update` 失败,不会阻止第 2 行的 `apt-get install` 使用过期的列表运行;下载失败后接着解压的是空;
只要最后一个命令成功,`RUN` 就成功。用 `&&` 串起来的 shell 形式 `RUN` 会在第一次失败时停下;每行一个命令的
heredoc 需要 `set -e` 才能做到同样的事。hadolint 和 BuildKit 都没有这项检查。

## 示例

```dockerfile
# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
RUN <<EOF
apt-get update
apt-get install -y --no-install-recommends curl
rm -rf /var/lib/apt/lists/*
EOF
```

## 建议写法

```dockerfile
# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
RUN <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends curl
rm -rf /var/lib/apt/lists/*
EOF
```

或者为整个阶段设置一次:`SHELL ["/bin/bash", "-eo", "pipefail", "-c"]`。

## 修复安全性

修复会在脚本顶部(`#!` 行之后)加一行 `set -e`。它不安全:原先悄悄失败的命令现在会让构建失败;依赖在命令
失败后继续执行的脚本(`grep` 没有找到内容、作为语句的 `test`)需要在那里加上 `|| true`。

## 参考

- [Dockerfile 参考:here-documents](https://docs.docker.com/reference/dockerfile/#here-documents)
- [POSIX:set -e](https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#set)
"#;
