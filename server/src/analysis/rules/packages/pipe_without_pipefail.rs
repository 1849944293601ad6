//! `pipe-without-pipefail`: a pipeline in RUN whose failing first stages cannot fail the build;
//! the fix sets a SHELL with `-o pipefail` before the RUN.

use std::collections::HashSet;

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::rules::packages::{RunScript, busybox_stage, run_scripts};
use crate::analysis::rules::suggest::match_case;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{Command, Form, Pipeline, Script};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "pipe-without-pipefail",
    severity: Severity::Warning,
    aliases: &["DL4006"],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "Pipe in RUN without `set -o pipefail`: a failing download cannot fail the build",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let runs = run_scripts(cx);
    // One SHELL per stage is enough: only the first report of a stage carries the fix.
    let mut fixed_stages = HashSet::new();
    for run in runs {
        if run.pipefail || matches!(run.script.form, Form::Exec) {
            continue;
        }
        for pipeline in run.script.pipelines_without_pipefail() {
            if !has_failing_producer(run.script, pipeline) {
                continue;
            }
            let Some(range) = first_pipe(cx.text, run.script, pipeline) else {
                continue;
            };
            let d = sink.report(
                range,
                "Pipe without `set -o pipefail`: only the last command's failure fails the `RUN`",
            );
            // A SHELL changes nothing for exec form (`["sh", "-c", "..."]` names its shell), so
            // such a RUN gets no fix and leaves the stage's fix to a RUN the SHELL does govern.
            if !run.trigger && run.is_shell_text() && run.stage.is_some_and(|s| fixed_stages.insert(s)) {
                d.fix = shell_fix(cx, runs, run);
            }
        }
    }
}

/// Commands whose failure in front of a pipe loses nothing: they cannot fail (`echo`), or they
/// read or filter text the next stage checks anyway (`dpkg --print-architecture | awk`,
/// `echo "$sum *file" | sha256sum -c -`, `find ... | xargs`).
const QUIET: &[&str] = &[
    "echo",
    "printf",
    "yes",
    "true",
    "cat",
    "tee",
    "grep",
    "egrep",
    "fgrep",
    "sort",
    "uniq",
    "tr",
    "cut",
    "awk",
    "gawk",
    "mawk",
    "sed",
    "head",
    "tail",
    "find",
    "ls",
    "wc",
    "xargs",
    "dpkg",
    "dpkg-query",
    "dpkg-architecture",
    "apt-mark",
    "apt-cache",
    "scanelf",
    "ldd",
    "readelf",
    "objdump",
    "nm",
    "locale",
    "stat",
    "md5sum",
    "sha1sum",
    "sha224sum",
    "sha256sum",
    "sha384sum",
    "sha512sum",
    "b2sum",
    "cksum",
    "basename",
    "dirname",
    "uname",
    "getconf",
    "nproc",
    "id",
    "env",
    "printenv",
    "jq",
    "column",
    "base64",
    "od",
    "xxd",
    "hexdump",
    "rev",
    "paste",
    "fold",
    "join",
    "comm",
    "seq",
    "date",
    "hostname",
    "whoami",
    "test",
    "[",
    "readlink",
    "realpath",
    "rpm",
    "file",
    "command",
    "which",
    "type",
];

/// Package managers asked a question rather than told to change anything.
fn is_query(command: &Command) -> bool {
    let first = command.operands().next().map(|w| w.value.as_str());
    match command.effective_program() {
        "apk" => matches!(first, Some("list" | "info" | "search" | "policy" | "version" | "dot")),
        "pip" | "pip3" => matches!(first, Some("list" | "freeze" | "show")),
        "npm" => matches!(first, Some("ls" | "list" | "view" | "bin" | "root" | "config")),
        _ => false,
    }
}

/// Whether a stage in front of the last one may fail without the pipeline noticing: one that is
/// not [`QUIET`] (a download, a build step, a package query through the network...). Stages
/// that are compound commands are not looked into.
fn has_failing_producer(script: &Script, pipeline: &Pipeline) -> bool {
    let all_simple = pipeline.stages == pipeline.commands.len();
    let producers = if all_simple {
        &pipeline.commands[..pipeline.commands.len().saturating_sub(1)]
    } else {
        &pipeline.commands[..]
    };
    producers
        .iter()
        .filter_map(|&i| script.commands.get(i))
        // A `{` read as a command name is the parser's view of `! { ...; }`, not a program.
        .any(|c| !QUIET.contains(&c.effective_program()) && !is_query(c) && c.name.value != "{")
}

/// The `|` between the first two stages of the pipeline; the whole pipeline when the first
/// stage is not a simple command.
fn first_pipe(text: &str, script: &Script, pipeline: &Pipeline) -> Option<TextRange> {
    let stages: Vec<&Command> = pipeline
        .commands
        .iter()
        .filter_map(|&i| script.commands.get(i))
        .collect();
    let (Some(a), Some(b)) = (stages.first(), stages.get(1)) else {
        return Some(pipeline.range);
    };
    if pipeline.range.start != a.range.start && !text.get(pipeline.range.start..a.range.start)?.trim().is_empty() {
        return Some(pipeline.range);
    }
    let between = text.get(a.range.end..b.range.start)?;
    let at = between.find('|')?;
    let len = if between[at..].starts_with("|&") { 2 } else { 1 };
    Some(TextRange::new(a.range.end + at, a.range.end + at + len))
}

/// `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` on the line before the RUN (`/bin/ash` where
/// the stage is Alpine or BusyBox, which have no bash).
fn shell_fix(cx: &Context<'_>, runs: &[RunScript<'_>], run: &RunScript<'_>) -> Option<Fix> {
    let keyword = &run.instruction.keyword;
    let line_start = cx
        .text
        .get(..keyword.range.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let indent = cx.text.get(line_start..keyword.range.start)?;
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let shell = if busybox_stage(cx.model, runs, run) {
        "/bin/ash"
    } else {
        "/bin/bash"
    };
    Some(Fix::new(
        format!("Add `SHELL [\"{shell}\", \"-o\", \"pipefail\", \"-c\"]`"),
        Applicability::Unsafe,
        vec![Edit {
            range: TextRange::empty(keyword.range.start),
            new_text: format!(
                "{} [\"{shell}\", \"-o\", \"pipefail\", \"-c\"]{}{indent}",
                match_case(&keyword.value, "SHELL"),
                cx.line_break()
            ),
        }],
    ))
}

const EN: &str = r#"## What it does

Reports a pipe (`|`) in a `RUN` script when `pipefail` is not in force: neither a `SHELL` with
`-o pipefail` for the stage (or the stage it is built `FROM`), nor `set -o pipefail` earlier in
the script, nor `-o pipefail` in an exec-form `["bash", "-o", "pipefail", "-c", ...]`. Scripts
run by a `cmd` or PowerShell `SHELL` are not shell scripts and are not checked.

Only pipes with a command in front that can fail unnoticed are reported: a download (`curl`,
`wget`), a build step, a script. Text tools and queries in front of a pipe (`echo "$sum *f" |
sha256sum -c -`, `dpkg --print-architecture | awk ...`, `find ... | xargs ...`) cannot fail or
feed a stage that checks their output, and `/bin/sh` on Debian has no `pipefail` to offer for
them. hadolint reports every pipe; on the official images of the corpus that was almost four files
out of five, nearly all of them such text pipelines.

A pipe inside `$(...)` is reported only where the substitution's status can fail the `RUN`: as
the value of an assignment standing alone (`VERSION=$(curl -fsSL $URL | jq -r .tag)`, whose
status is the substitution's). Used as an argument (`tar -C "$(curl ... | head -n1)"`), as the
words of `for x in $(a | b)` or `case`, in `export`/`local`, as a redirection target or in a
process substitution `<(a | b)`, its status is dropped by the shell, and `pipefail` would change
nothing there; hadolint reports those too.

## Why is this bad?

A pipeline's status is the status of its last command. In `curl -fsSL $URL | tar -xz`, a failed
download gives `tar` an empty input; depending on the tool the step fails with a confusing
message or succeeds, and the image is built without the software.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt
```

or `RUN set -o pipefail && curl ... | tar ...` where `/bin/sh` supports it (BusyBox ash does;
older releases of dash, Debian's `/bin/sh`, reject the option).

## Fix safety

The fix inserts `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the first reported `RUN` of
the stage (`/bin/ash` in Alpine and BusyBox stages). It is unsafe: every later `RUN` of the
stage then runs under bash, which must exist in the image, and a pipeline that used to hide a
failure now fails the build.

## References

- [hadolint DL4006](https://github.com/hadolint/hadolint/wiki/DL4006)
- [Dockerfile best practices: using pipes](https://docs.docker.com/build/building/best-practices/#using-pipes)
"#;

const ZH: &str = r#"## 作用

在 `pipefail` 未生效时报告 `RUN` 脚本中的管道(`|`):本阶段(或它 `FROM` 的阶段)没有带
`-o pipefail` 的 `SHELL`,脚本前面没有 `set -o pipefail`,exec 形式 `["bash", "-o", "pipefail", "-c", ...]`
中也没有 `-o pipefail`。由 `cmd` 或 PowerShell `SHELL` 运行的脚本不是 shell 脚本,不予检查。

只报告管道前面有可能悄悄失败的命令的情况:下载(`curl`、`wget`)、构建步骤、脚本。管道前面的文本
工具和查询(`echo "$sum *f" | sha256sum -c -`、`dpkg --print-architecture | awk ...`、
`find ... | xargs ...`)不会失败,或者其输出会被下一步检查;而且 Debian 的 `/bin/sh` 也无法为它们
提供 `pipefail`。hadolint 会报告所有管道;在语料库的官方镜像中,这会命中将近五分之四的文件,几乎全是
这类文本管道。

`$(...)` 中的管道只在命令替换的状态能让 `RUN` 失败时报告:即单独一条赋值的值
(`VERSION=$(curl -fsSL $URL | jq -r .tag)`,其状态就是命令替换的状态)。作为参数
(`tar -C "$(curl ... | head -n1)"`)、作为 `for x in $(a | b)` 或 `case` 的单词、在 `export`/`local` 中、
作为重定向目标或在进程替换 `<(a | b)` 中时,shell 会丢弃它的状态,`pipefail` 在那里不起任何作用;
hadolint 对这些也会报告。

## 为什么不好

管道的退出状态是最后一条命令的状态。在 `curl -fsSL $URL | tar -xz` 中,下载失败时 `tar` 得到空输入;
视工具不同,这一步要么带着令人困惑的信息失败,要么直接成功,镜像就在缺少软件的情况下构建完成了。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt
```

或者在 `/bin/sh` 支持时写成 `RUN set -o pipefail && curl ... | tar ...`(BusyBox ash 支持;
Debian 的 `/bin/sh` 即 dash,较旧的版本不接受这个选项)。

## 修复安全性

修复会在本阶段第一条被报告的 `RUN` 之前插入 `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`(在 Alpine
和 BusyBox 阶段中使用 `/bin/ash`)。修复不安全:本阶段之后的所有 `RUN` 都将由 bash 运行,镜像中必须有
bash;原本被掩盖的管道失败也会让构建失败。

## 参考

- [hadolint DL4006](https://github.com/hadolint/hadolint/wiki/DL4006)
- [Dockerfile 最佳实践:使用管道](https://docs.docker.com/build/building/best-practices/#using-pipes)
"#;

#[cfg(test)]
mod tests {
    use crate::analysis::config::Config;
    use crate::analysis::fixes::{self, FixMode};
    use crate::analysis::{Host, analyze};

    fn fixes(text: &str) -> Vec<(usize, bool)> {
        analyze(text, &Config::default(), &Host::none(), None)
            .diagnostics
            .iter()
            .filter(|d| d.rule == super::RULE.id)
            .map(|d| (d.range.start, d.fix.is_some()))
            .collect()
    }

    #[test]
    fn exec_form_gets_no_shell_fix_and_leaves_it_to_a_shell_form_run() {
        let exec = "FROM debian\nRUN [\"sh\", \"-c\", \"curl -fsSL x | sh\"]\n";
        assert_eq!(fixes(exec), [(exec.find('|').unwrap_or(0), false)]);
        let both = format!("{exec}RUN curl -fsSL y | sh\n");
        assert_eq!(
            fixes(&both),
            [
                (exec.find('|').unwrap_or(0), false),
                (both.rfind('|').unwrap_or(0), true)
            ]
        );
        // Fixing settles: the SHELL is added once, and the exec-form RUN is left as it is.
        let outcome = fixes::fix_all(&both, FixMode::Unsafe, fixes::MAX_ROUNDS, &mut |t| {
            analyze(t, &Config::default(), &Host::none(), None).diagnostics
        });
        assert!(outcome.converged);
        assert_eq!(outcome.text.matches("SHELL").count(), 1, "{}", outcome.text);
    }
}
