//! `consecutive-run`: two short RUN instructions in a row that could be one layer; the fix
//! joins the second onto the first with ` && \`.

use std::collections::HashMap;

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::model::{Args, Instruction, InstructionKind};
use crate::analysis::rules::packages::{RunScript, clean_end, run_scripts};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{Form, Scope, Script};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "consecutive-run",
    since: "0.1",
    severity: Severity::Info,
    aliases: &["DL3059"],
    fix: FixKind::SafeOrUnsafe,
    default_enabled: true,
    summary: "Consecutive short RUN instructions that could be one layer",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// A RUN with more commands than this was split on purpose (hadolint's DL3059 reads it so).
const SHORT: usize = 2;

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let runs = run_scripts(cx);
    let by_index: HashMap<usize, &RunScript<'_>> = runs.iter().filter(|r| !r.trigger).map(|r| (r.index, r)).collect();
    for stage in &cx.model.stages {
        let mut previous: Option<&RunScript<'_>> = None;
        for index in stage.instructions.clone() {
            let Some(instruction) = cx.model.instructions.get(index) else {
                break;
            };
            let current = (instruction.kind == InstructionKind::Run)
                .then(|| by_index.get(&index).copied())
                .flatten()
                .filter(|r| mergeable_form(r));
            if let (Some(prev), Some(cur)) = (previous, current)
                && same_flags(cx.text, prev.instruction, cur.instruction)
                && command_count(prev.script) <= SHORT
                && command_count(cur.script) <= SHORT
            {
                let d = sink.report(
                    cur.instruction.keyword.range,
                    "`RUN` right after another short `RUN`: merge them into one layer",
                );
                d.fix = merge(cx, prev, cur);
            }
            previous = current;
        }
    }
}

/// Shell form without heredocs: the forms `&&` can join.
fn mergeable_form(run: &RunScript<'_>) -> bool {
    run.script.form == Form::Shell && run.instruction.heredocs.is_empty()
}

fn same_flags(text: &str, a: &Instruction, b: &Instruction) -> bool {
    a.flags.len() == b.flags.len()
        && a.flags
            .iter()
            .zip(&b.flags)
            .all(|(x, y)| x.range.slice(text) == y.range.slice(text))
}

/// The commands the script runs itself (not those inside `$(...)`).
fn command_count(script: &Script) -> usize {
    script
        .commands
        .iter()
        .filter(|c| c.scope != Scope::Substitution)
        .count()
}

/// Joins `cur` onto `prev`: the text from the end of `prev` to the start of `cur`'s script
/// becomes ` && \`, a line break, the comment lines that were between them, and indentation.
/// Offered when `prev` ends with a plain command (nothing after it could capture the `&&`).
/// Safe unless `prev` changes the state of its shell (directory, variables, options), which the
/// joined script would carry into `cur`'s commands.
fn merge(cx: &Context<'_>, prev: &RunScript<'_>, cur: &RunScript<'_>) -> Option<Fix> {
    let last = clean_end(prev.script)?;
    let Args::Shell { range: args, .. } = &cur.instruction.args else {
        return None;
    };
    let script_start = skip_blanks(cx.text, args.start);
    if script_start <= last.range.end {
        return None;
    }
    let gap = TextRange::new(last.range.end, script_start);
    let lb = cx.line_break();
    let mut new_text = format!(" && {}{lb}", cx.model.escape);
    for comment in cx.model.comments.iter().filter(|c| gap.contains_range(c.range)) {
        new_text.push_str(comment.range.slice(cx.text));
        new_text.push_str(lb);
    }
    new_text.push_str(&indentation(cx.text, prev.instruction));
    let applicability = if changes_shell_state(cx.text, prev.script) {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    Some(Fix::new(
        "Merge with the previous `RUN`",
        applicability,
        vec![Edit { range: gap, new_text }],
    ))
}

fn skip_blanks(text: &str, from: usize) -> usize {
    let rest = text.get(from..).unwrap_or("");
    from + (rest.len() - rest.trim_start_matches([' ', '\t']).len())
}

/// The indentation of `prev`'s continuation lines, or four spaces when it has none.
fn indentation(text: &str, prev: &Instruction) -> String {
    let first_line_end = text
        .get(prev.range.start..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| prev.range.start + i);
    if prev.range.end <= first_line_end {
        return "    ".to_owned();
    }
    let line_start = text
        .get(..prev.range.end)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line = text.get(line_start..prev.range.end).unwrap_or("");
    let indent: String = line.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    if indent.is_empty() { "    ".to_owned() } else { indent }
}

/// Builtins whose effect lasts for the rest of the shell: in separate RUNs it ends with the
/// first; joined, it reaches the second.
const STATEFUL: &[&str] = &[
    "cd", "pushd", "popd", "export", "set", "source", ".", "umask", "unset", "alias", "shopt", "trap", "exec", "exit",
    "ulimit", "declare", "typeset", "readonly", "local", "eval", "shift",
];

fn changes_shell_state(text: &str, script: &Script) -> bool {
    let own: Vec<_> = script
        .commands
        .iter()
        .filter(|c| matches!(c.scope, Scope::Top | Scope::Compound | Scope::Function))
        .collect();
    if own.iter().any(|c| STATEFUL.contains(&c.effective_program())) {
        return true;
    }
    // A bare `NAME=value` is no command in the facts: look for one between the commands.
    let mut from = script.map.offset_to_doc(0);
    for c in &own {
        if TextRange::new(from.min(c.range.start), c.range.start)
            .slice(text)
            .contains('=')
        {
            return true;
        }
        from = from.max(c.range.end);
    }
    false
}

const EN: &str = r#"## What it does

Reports a `RUN` that directly follows another `RUN` (comments and blank lines between them
allowed) in the same stage, when both are short: at most two commands each, not counting those
inside `$(...)`. As in hadolint's DL3059, a longer `RUN` is taken as split on purpose (to cache
an expensive step apart, or for readability), and `RUN`s with different flags (`--mount`,
`--network`), heredoc `RUN`s and exec-form `RUN`s are left alone, since they cannot simply be
joined. With these limits the rule fires on about one official image in seven of the corpus,
mostly the PHP images' one-line `RUN docker-php-ext-enable ...` steps, which could be one layer.

## Why is this bad?

Each `RUN` adds a layer. Layers cost pull time and metadata, and a file created in one `RUN` and
deleted in the next still ships in the first layer. Short steps in a row are usually one step.

## Example

```dockerfile
FROM alpine:3.20
RUN mkdir -p /app
RUN chown nobody /app
```

## Use instead

```dockerfile
FROM alpine:3.20
RUN mkdir -p /app && \
    chown nobody /app
```

## Fix safety

The fix replaces what lies between the end of the first script and the start of the second with
` && \`, a line break, the comment lines that were between them, and the first `RUN`'s
indentation. It is offered when the first script ends with a plain command. It is safe unless
the first script changes its shell's state (`cd`, `export`, `set`, a variable assignment...):
joined, that change reaches the second script's commands, so the fix is then only offered.

## References

- [hadolint DL3059](https://github.com/hadolint/hadolint/wiki/DL3059)
- [Dockerfile best practices: minimize the number of layers](https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers)
"#;

const ZH: &str = r#"## 作用

报告同一阶段中紧跟在另一条 `RUN` 后面的 `RUN`(中间可以有注释和空行),前提是两者都很短:
各自最多两条命令(不计 `$(...)` 中的命令)。与 hadolint 的 DL3059 一样,更长的 `RUN` 被视为
有意拆分(为了单独缓存耗时的步骤或便于阅读);标志不同(`--mount`、`--network`)的 `RUN`、
heredoc 形式和 exec 形式的 `RUN` 无法直接合并,不予报告。在这些限制下,本规则命中语料库中约七分之一
的官方镜像,多数是 PHP 镜像中单行的 `RUN docker-php-ext-enable ...` 步骤,它们本可以合成一层。

## 为什么不好

每条 `RUN` 都会增加一层。层数会增加拉取时间和元数据;在一条 `RUN` 中创建、在下一条中删除的文件
仍然留在前一层里。连续的短步骤通常本就是一个步骤。

## 示例

```dockerfile
FROM alpine:3.20
RUN mkdir -p /app
RUN chown nobody /app
```

## 建议写法

```dockerfile
FROM alpine:3.20
RUN mkdir -p /app && \
    chown nobody /app
```

## 修复安全性

修复把第一段脚本结尾到第二段脚本开头之间的内容替换为 ` && \`、换行、原来位于两者之间的注释行,
以及第一条 `RUN` 的缩进。只有第一段脚本以普通命令结尾时才提供。除非第一段脚本改变了 shell 的
状态(`cd`、`export`、`set`、变量赋值等),修复是安全的;否则合并后这些改变会影响第二段脚本中的
命令,此时修复只作为建议提供。

## 参考

- [hadolint DL3059](https://github.com/hadolint/hadolint/wiki/DL3059)
- [Dockerfile 最佳实践:减少层数](https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers)
"#;
