//! `changes-after-volume`: `RUN`, `COPY` or `ADD` writing below a path that an earlier `VOLUME`
//! of the stage (or of a stage it is built on) declared.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, Instruction, InstructionKind, Word};
use crate::analysis::rules::practices::common::{chain_instructions, clean_absolute, copy_args, expand_word, workdir};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{self, Command};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "changes-after-volume",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Change to a path declared as `VOLUME` earlier",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// A declared volume: its clean absolute path and the line of its `VOLUME`.
struct Volume {
    path: String,
    line: usize,
    /// The VOLUME instruction's index in the model.
    index: usize,
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let model = cx.model;
    for stage in &model.stages {
        let chain = chain_instructions(model, stage.index);
        // Gathered once per stage; most stages declare no VOLUME anywhere in their chain.
        let declared = volumes(cx, &chain);
        if declared.is_empty() {
            continue;
        }
        for index in stage.instructions.clone() {
            let instruction = &model.instructions[index];
            if !matches!(
                instruction.kind,
                InstructionKind::Run | InstructionKind::Copy | InstructionKind::Add
            ) {
                continue;
            }
            let volumes: Vec<&Volume> = declared.iter().filter(|v| v.index < index).collect();
            if volumes.is_empty() {
                continue;
            }
            let earlier: Vec<usize> = chain.iter().copied().filter(|&i| i < index).collect();
            for (range, path) in written_paths(cx, instruction, &earlier) {
                if let Some(volume) = volumes.iter().find(|v| is_under(&path, &v.path)) {
                    sink.report(
                        range,
                        format!(
                            "`{}` writes to `{path}`, under `VOLUME {}` (line {}): the legacy builder discards this change",
                            instruction.kind.keyword(),
                            volume.path,
                            volume.line
                        ),
                    );
                }
            }
        }
    }
}

fn is_under(path: &str, volume: &str) -> bool {
    path == volume || path.strip_prefix(volume).is_some_and(|rest| rest.starts_with('/'))
}

/// The volumes declared by the given instructions, as absolute paths (`/` itself left out: it
/// would make every write a finding, and nobody means it).
fn volumes(cx: &Context<'_>, instructions: &[usize]) -> Vec<Volume> {
    let mut out = Vec::new();
    for &i in instructions {
        let instruction = &cx.model.instructions[i];
        if instruction.kind != InstructionKind::Volume {
            continue;
        }
        let words: &[Word] = match &instruction.args {
            Args::Words(words) => words,
            Args::Json { elements, .. } => elements,
            _ => continue,
        };
        for word in words {
            let raw = if matches!(instruction.args, Args::Json { .. }) {
                word.value.as_str()
            } else {
                word.raw.as_str()
            };
            let Some(value) = expand_word(cx.model, instruction.range.start, raw) else {
                continue;
            };
            if value.starts_with('/') {
                let path = clean_absolute(&value);
                if path != "/" {
                    out.push(Volume {
                        path,
                        line: cx.line_number(instruction.range.start),
                        index: i,
                    });
                }
            }
        }
    }
    out
}

/// Paths an instruction writes to, with where each is written.
fn written_paths(cx: &Context<'_>, instruction: &Instruction, earlier: &[usize]) -> Vec<(TextRange, String)> {
    match instruction.kind {
        InstructionKind::Copy | InstructionKind::Add => {
            let Some(dest) = copy_args(instruction).and_then(|a| a.dest) else {
                return Vec::new();
            };
            let raw = if matches!(instruction.args, Args::Json { .. }) {
                &dest.value
            } else {
                &dest.raw
            };
            let Some(value) = expand_word(cx.model, instruction.range.start, raw) else {
                return Vec::new();
            };
            let path = if value.starts_with('/') {
                clean_absolute(&value)
            } else {
                match workdir(cx.model, earlier) {
                    Some(dir) => clean_absolute(&format!("{dir}/{value}")),
                    None => return Vec::new(),
                }
            };
            vec![(dest.range, path)]
        }
        InstructionKind::Run => {
            let Some(script) = cx.facts.script(instruction) else {
                return Vec::new();
            };
            let mut out = Vec::new();
            for command in &script.commands {
                for word in written_words(command) {
                    if let Some(path) = absolute_value(cx, instruction, word) {
                        out.push((word.range, path));
                    }
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// A shell word's value as an absolute path, its variables taken from the `ARG`s and `ENV`s in
/// scope. Relative paths are left out: `cd` may have moved the shell anywhere.
fn absolute_value(cx: &Context<'_>, instruction: &Instruction, word: &shell::Word) -> Option<String> {
    let value = if word.has_expansion {
        expand_word(cx.model, instruction.range.start, &word.value)?
    } else {
        word.value.clone()
    };
    let value = value.strip_prefix("of=").unwrap_or(&value);
    value.starts_with('/').then(|| clean_absolute(value))
}

/// The words of a command that name what it creates or changes: every operand of `mkdir`,
/// `touch`, `rm`, `chown`..., the destination of `cp`, `mv`, `ln`, `install`, `git clone`, the
/// directory or output of `tar -C`, `unzip -d`, `wget -O/-P`, `curl -o`, and the targets of
/// output redirections.
fn written_words(command: &Command) -> Vec<&shell::Word> {
    let mut out: Vec<&shell::Word> = command
        .redirects
        .iter()
        .filter(|r| r.operator.contains('>'))
        .filter_map(|r| r.target.as_ref())
        .collect();
    let operands: Vec<&shell::Word> = command.operands().collect();
    match command.effective_program() {
        "mkdir" | "touch" | "rm" | "rmdir" | "chown" | "chmod" | "chgrp" | "tee" | "mkfifo" | "truncate"
        | "setfacl" | "mv" => out.extend(operands),
        "cp" | "ln" | "install" | "rsync" => out.extend(operands.last()),
        "git" if operands.first().is_some_and(|w| w.value == "clone") && operands.len() >= 3 => {
            out.extend(operands.last());
        }
        "dd" => out.extend(operands.into_iter().filter(|w| w.value.starts_with("of="))),
        "tar" => out.extend(value_of(command, 'C', "directory")),
        "unzip" => out.extend(value_of(command, 'd', "")),
        "wget" => {
            out.extend(value_of(command, 'O', "output-document"));
            out.extend(value_of(command, 'P', "directory-prefix"));
        }
        "curl" => out.extend(value_of(command, 'o', "output")),
        _ => {}
    }
    out
}

/// The word after `-x` (or after `--long`), for options written apart from their value.
fn value_of<'c>(command: &'c Command, short: char, long: &str) -> Option<&'c shell::Word> {
    let args = command.effective_args();
    let at = args
        .iter()
        .position(|w| w.value == format!("-{short}") || (!long.is_empty() && w.value == format!("--{long}")))?;
    args.get(at + 1)
}

const EN: &str = r#"## What it does

Reports a `RUN`, `COPY` or `ADD` that writes below a path declared by an earlier `VOLUME` in the
same stage or in a stage it is built on: `COPY` and `ADD` destinations (relative ones resolved
against `WORKDIR`), and in `RUN` the absolute paths that commands create or change (`mkdir`,
`touch`, `chown`, `chmod`, `rm`, the destination of `cp`/`mv`/`ln`, `tar -C`, `curl -o`,
`wget -O`, output redirections...). Variables are resolved from the `ARG`s and `ENV`s in scope;
relative paths in `RUN` are not followed, since `cd` may have moved the shell.

## Why is this bad?

The classic builder discards changes made to a volume path after the `VOLUME` instruction: the
`chown`, the configuration file, the seed data simply are not in the image. BuildKit keeps them,
so the same Dockerfile gives different images depending on the builder. Even when the data is in
the image, a bind mount or an existing named volume hides it when the container runs. Preparing
the directory before declaring it works everywhere.

## Example

```dockerfile
FROM debian:bookworm-slim
VOLUME /var/lib/app
RUN mkdir -p /var/lib/app/cache && chown -R 1000:1000 /var/lib/app
COPY seed.db /var/lib/app/
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN mkdir -p /var/lib/app/cache && chown -R 1000:1000 /var/lib/app
COPY seed.db /var/lib/app/
VOLUME /var/lib/app
```

## Fix safety

There is no fix: moving the `VOLUME` below the changes is usually right, but it also changes
which later instructions see a volume, which the author has to judge.

## References

- [Dockerfile reference: VOLUME, notes about specifying volumes](https://docs.docker.com/reference/dockerfile/#notes-about-specifying-volumes)
"#;

const ZH: &str = r#"## 作用

报告在同一阶段(或它所基于的阶段)中,对前面 `VOLUME` 已声明路径之下进行写入的 `RUN`、`COPY` 或 `ADD`:
`COPY` 和 `ADD` 的目标路径(相对路径按 `WORKDIR` 解析),以及 `RUN` 中命令创建或修改的绝对路径
(`mkdir`、`touch`、`chown`、`chmod`、`rm`、`cp`/`mv`/`ln` 的目标、`tar -C`、`curl -o`、`wget -O`、
输出重定向等)。变量按作用域内的 `ARG` 和 `ENV` 解析;`RUN` 中的相对路径不跟踪,因为 `cd` 可能已经改变了
当前目录。

## 为什么不好

旧版构建器会丢弃 `VOLUME` 指令之后对卷路径所做的修改:`chown`、配置文件、初始数据都不会出现在镜像中。
BuildKit 会保留这些修改,于是同一个 Dockerfile 因构建器不同而得到不同的镜像。即使数据在镜像里,容器运行时
绑定挂载或已存在的命名卷也会把它遮住。先准备好目录再声明卷,在任何地方都行得通。

## 示例

```dockerfile
FROM debian:bookworm-slim
VOLUME /var/lib/app
RUN mkdir -p /var/lib/app/cache && chown -R 1000:1000 /var/lib/app
COPY seed.db /var/lib/app/
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN mkdir -p /var/lib/app/cache && chown -R 1000:1000 /var/lib/app
COPY seed.db /var/lib/app/
VOLUME /var/lib/app
```

## 修复安全性

没有自动修复:把 `VOLUME` 移到修改之后通常是对的,但这也会改变后续哪些指令看到的是卷,需要作者判断。

## 参考

- [Dockerfile 参考文档:VOLUME 的注意事项](https://docs.docker.com/reference/dockerfile/#notes-about-specifying-volumes)
"#;
