//! `cd-in-run`: `cd dir && ...` in a RUN where a WORKDIR says the same for good; the fix turns a
//! leading `cd dir &&` into a WORKDIR instruction.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::model::InstructionKind;
use crate::analysis::rules::packages::{RunScript, final_command, run_scripts, stage_chain};
use crate::analysis::rules::suggest::match_case;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{Command, Form, Operator, Scope, Script};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "cd-in-run",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["DL3003"],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "`cd` in RUN to set the directory for what follows: use WORKDIR",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for run in run_scripts(cx) {
        let script = run.script;
        // The command that opens the script, `set -eux` aside: a `cd` there sets the directory
        // for the whole RUN, which is what WORKDIR is for. A `cd` further in is a step of a
        // longer script (build from source, then clean up) and is left alone.
        let opening = script
            .commands
            .iter()
            .position(|c| c.scope != Scope::Substitution && !c.runs("set"));
        let last = final_command(script).map(|c| c.range);
        // After a WORKDIR the author knows the instruction: a `cd` then is a detour on purpose
        // (editing a config folder without moving the image's working directory).
        let workdir_set = !run.trigger && workdir_before(cx, run);
        for (position, cd) in script.commands.iter().enumerate() {
            if !cd.runs("cd") || cd.scope != Scope::Top {
                continue;
            }
            let Some(target) = cd.operands().next() else { continue };
            let range = cd.effective_name().range.cover(target.range);
            if last == Some(cd.range) && position > 0 {
                sink.report(
                    range,
                    format!(
                        "`cd {}` at the end of `RUN` has no effect on later instructions",
                        target.value
                    ),
                );
                continue;
            }
            if opening != Some(position) || is_scratch_dir(script, position, &target.value) || workdir_set {
                continue;
            }
            let d = sink.report(
                range,
                format!("`cd {}` in `RUN`: use `WORKDIR` to change directory", target.value),
            );
            d.fix = workdir_fix(cx, run, position);
        }
    }
}

/// Whether a WORKDIR comes before the RUN in its stage or the stages it is built `FROM`.
fn workdir_before(cx: &Context<'_>, run: &RunScript<'_>) -> bool {
    stage_chain(cx.model, run.stage).iter().any(|&s| {
        cx.model.stages.get(s).is_some_and(|stage| {
            let end = stage.instructions.end.min(run.index).max(stage.instructions.start);
            cx.model.instructions[stage.instructions.start..end.min(cx.model.instructions.len())]
                .iter()
                .any(|i| i.kind == InstructionKind::Workdir)
        })
    })
}

/// Directories a script builds in and leaves: the parent (`..`), back (`-`, `/`, `~`), a
/// temporary folder (`/tmp/...`, `$(mktemp -d)`, a variable set in the script), or one the
/// script removes or created itself (`mkdir x && cd x`, `git clone ... x && cd x`, `tar -C`).
/// WORKDIR would leave the image in a folder that is gone or meaningless.
fn is_scratch_dir(script: &Script, position: usize, dir: &str) -> bool {
    if matches!(dir, ".." | "-" | "/" | "~" | "$HOME" | "${HOME}" | ".") || dir.starts_with("../") {
        return true;
    }
    if dir.starts_with("/tmp") || dir.starts_with("/var/tmp") || dir.contains("$(") || dir.contains('`') {
        return true;
    }
    // `cd "$tmp"`, `cd "$GNUPGHOME"`: a variable the script made for the occasion.
    let lower = dir.to_ascii_lowercase();
    if dir.starts_with('$') && (lower.contains("tmp") || lower.contains("temp") || lower.contains("gnupghome")) {
        return true;
    }
    let trimmed = dir.trim_end_matches('/');
    let names = |c: &Command| {
        c.operands().any(|w| {
            w.value.trim_end_matches('/') == trimmed || w.value.trim_end_matches('/').ends_with(&format!("/{trimmed}"))
        })
    };
    let after = script.commands.iter().skip(position + 1);
    let before = script.commands.iter().take(position);
    let removed = after.clone().any(|c| c.runs("rm") && names(c));
    let created = before.clone().any(|c| {
        (c.runs("mkdir") || c.runs("git") || c.runs("tar") || c.runs("unzip") || c.runs("mv") || c.runs("cp"))
            && (names(c) || c.args.iter().any(|w| w.value.trim_end_matches('/') == trimmed))
    });
    // Going back out (`cd ..`, `cd /`) means the folder was a stop on the way.
    let leaves = after.clone().any(|c| {
        c.runs("cd")
            && c.scope == Scope::Top
            && c.operands()
                .next()
                .is_some_and(|w| matches!(w.value.as_str(), "/" | ".." | "-" | "~"))
    });
    removed || created || leaves
}

/// `RUN cd /app && make` becomes `WORKDIR /app` and `RUN make`: offered when the `cd` opens the
/// script with one literal folder and `&&` after it, in shell form, outside ONBUILD, with no
/// comment in the text it deletes.
fn workdir_fix(cx: &Context<'_>, run: &RunScript<'_>, position: usize) -> Option<Fix> {
    if run.trigger || run.script.form != Form::Shell || !run.instruction.heredocs.is_empty() {
        return None;
    }
    let cd = run.script.commands.get(position)?;
    let mut operands = cd.operands();
    let target = operands.next()?;
    if operands.next().is_some() || target.has_expansion || cd.args.len() != 1 {
        return None;
    }
    let next = run.script.commands.get(position + 1)?;
    if !matches!(next.operator_before, Some(Operator::And | Operator::Seq)) || next.scope != Scope::Top {
        return None;
    }
    let deleted = TextRange::new(cd.range.start, next.range.start);
    if cx.model.comments.iter().any(|c| deleted.intersects(c.range)) {
        return None;
    }
    let keyword = &run.instruction.keyword;
    let line_start = cx
        .text
        .get(..keyword.range.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let indent = cx.text.get(line_start..keyword.range.start).unwrap_or("");
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let workdir = match_case(&keyword.value, "WORKDIR");
    let value = target.range.slice(cx.text);
    Some(Fix::new(
        format!("Use `WORKDIR {}`", target.value),
        Applicability::Unsafe,
        vec![
            Edit {
                range: TextRange::empty(keyword.range.start),
                new_text: format!("{workdir} {value}{}{indent}", cx.line_break()),
            },
            Edit {
                range: deleted,
                new_text: String::new(),
            },
        ],
    ))
}

const EN: &str = r#"## What it does

Reports a `cd` that opens a `RUN` script (after `set -eux` and the like), where it sets the
directory for the whole `RUN`, which is what `WORKDIR` is for; and a `cd` that ends a script,
where it has no effect at all. A `cd` further into a script is a step of a longer job (download,
build from source in a folder, clean up) and is left alone, and so are folders a script only
passes through: `..`, `-`, `/`, temporary folders (`/tmp`, `$(mktemp -d)`, `$tmpdir`), a folder
the script created (`mkdir`, `git clone`, `tar`) or removes later, or leaves again with `cd /` or
`cd ..`. An opening `cd` after a `WORKDIR` of the stage is left alone too: the author knows the
instruction and keeps the image's working directory on purpose (the official PHP images `cd` into
their configuration folder right after `WORKDIR /var/www/html`). hadolint reports every `cd`; on
the official images of the corpus those are nearly all builds from source, which are fine.

## Why is this bad?

`cd` lasts only until the end of its `RUN`, so the next `RUN` starts in the old directory again,
a frequent surprise. `WORKDIR` states the directory once, for every later instruction, and
creates it when needed.

## Example

```dockerfile
FROM node:20-slim
COPY . /app
RUN cd /app && npm ci
```

## Use instead

```dockerfile
FROM node:20-slim
WORKDIR /app
COPY . .
RUN npm ci
```

## Fix safety

When the script opens with `cd <folder> &&` (or `;`), the fix puts `WORKDIR <folder>` before the `RUN`
and removes the `cd`. It is unsafe: the `WORKDIR` also applies to every later instruction of the
stage (`COPY` with relative destinations, `CMD`), which the `cd` did not.

## References

- [hadolint DL3003](https://github.com/hadolint/hadolint/wiki/DL3003)
- [Dockerfile best practices: WORKDIR](https://docs.docker.com/build/building/best-practices/#workdir)
"#;

const ZH: &str = r#"## 作用

报告位于 `RUN` 脚本开头(`set -eux` 之类之后)的 `cd`,它为整条 `RUN` 设置目录,而这正是 `WORKDIR`
的用途;以及位于脚本末尾、毫无作用的 `cd`。脚本中间的 `cd` 是较长任务(下载、在某个目录中从源码
构建、清理)的一个步骤,不予报告;只是途经的目录也不报告:`..`、`-`、`/`、临时目录(`/tmp`、
`$(mktemp -d)`、`$tmpdir`)、脚本自己创建(`mkdir`、`git clone`、`tar`)或之后删除的目录,以及之后又用
`cd /`、`cd ..` 离开的目录。本阶段已有 `WORKDIR` 之后位于开头的 `cd` 也不报告:作者了解这条指令,
是有意保留镜像的工作目录(官方 PHP 镜像在 `WORKDIR /var/www/html` 之后 `cd` 到配置目录)。hadolint
会报告所有 `cd`;在语料库的官方镜像中,这些几乎都是从源码构建的写法,并没有问题。

## 为什么不好

`cd` 只在所在的 `RUN` 内有效,下一条 `RUN` 又回到原来的目录,这经常出乎意料。`WORKDIR` 一次性
为之后所有指令指定目录,并在需要时创建它。

## 示例

```dockerfile
FROM node:20-slim
COPY . /app
RUN cd /app && npm ci
```

## 建议写法

```dockerfile
FROM node:20-slim
WORKDIR /app
COPY . .
RUN npm ci
```

## 修复安全性

当脚本以 `cd <目录> &&`(或 `;`)开头时,修复会在 `RUN` 前加入 `WORKDIR <目录>` 并删除 `cd`。修复不安全:
`WORKDIR` 还会作用于本阶段之后的所有指令(使用相对目标路径的 `COPY`、`CMD` 等),而 `cd` 不会。

## 参考

- [hadolint DL3003](https://github.com/hadolint/hadolint/wiki/DL3003)
- [Dockerfile 最佳实践:WORKDIR](https://docs.docker.com/build/building/best-practices/#workdir)
"#;
