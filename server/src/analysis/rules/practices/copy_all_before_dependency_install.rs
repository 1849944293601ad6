//! `copy-all-before-dependency-install`: the whole build context copied before a dependency
//! install (`npm ci`, `pip install -r`, `go mod download`...) in the same stage, so that every
//! source edit reinstalls the dependencies.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::model::{Instruction, InstructionKind, Word};
use crate::analysis::rules::practices::common::{
    Presence, chain_instructions, clean_absolute, copy_args, expanded_source, is_whole_context, presence, workdir,
};
use crate::analysis::rules::suggest::match_case;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{DependencyStep, Script};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "copy-all-before-dependency-install",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "Whole context copied before installing dependencies",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Tools whose install needs nothing but their manifest files, so the install can move before
/// the sources arrive.
const MOVABLE: &[&str] = &["npm", "yarn", "pnpm", "pip", "go", "bundle", "pipenv"];

/// Instructions that may sit between the copy and the install without changing what the install
/// sees.
const NEUTRAL: &[InstructionKind] = &[InstructionKind::Label, InstructionKind::Expose];

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let model = cx.model;
    for stage in &model.stages {
        let mut whole: Option<(usize, &Word)> = None;
        for index in stage.instructions.clone() {
            let instruction = &model.instructions[index];
            match instruction.kind {
                InstructionKind::Copy | InstructionKind::Add if whole.is_none() => {
                    whole = whole_context_source(cx, instruction).map(|w| (index, w));
                }
                InstructionKind::Run => {
                    let Some((copy_index, source)) = whole else { continue };
                    let Some(script) = cx.facts.script(instruction) else {
                        continue;
                    };
                    let steps = script.dependency_steps();
                    let Some(step) = steps.first() else { continue };
                    let command = &script.commands[step.command];
                    let what = std::iter::once(command.effective_name())
                        // `go mod download` takes two words to say what it does.
                        .chain(command.operands().take(if step.tool == "go" { 2 } else { 1 }))
                        .map(|w| w.value.as_str())
                        .collect::<Vec<_>>()
                        .join(" ");
                    let fix = movable_fix(cx, stage.index, copy_index, index, script, &steps);
                    let d = sink.report(
                        source.range,
                        format!(
                            "The whole context is copied before `{what}` (line {}): every source change reinstalls the dependencies",
                            cx.line_number(command.range.start)
                        ),
                    );
                    d.fix = fix;
                    // One finding per copy: the first install after it is the one to move.
                    whole = None;
                }
                _ => {}
            }
        }
    }
}

/// The `.` (or `./`, `/`) source of a context copy.
fn whole_context_source<'a>(cx: &Context<'_>, instruction: &'a Instruction) -> Option<&'a Word> {
    if instruction.flag("from").is_some() {
        return None;
    }
    let args = copy_args(instruction)?;
    args.sources
        .into_iter()
        .find(|w| expanded_source(cx.model, instruction, w).is_some_and(|v| is_whole_context(&v)))
}

/// Moves the install above the copy, after a `COPY` of its manifests: only when the `RUN` does
/// nothing but installs of one movable tool from plain file names, sits right after the copy,
/// and the manifests land where the install runs.
fn movable_fix(
    cx: &Context<'_>,
    stage: usize,
    copy_index: usize,
    run_index: usize,
    script: &Script,
    steps: &[DependencyStep],
) -> Option<Fix> {
    let model = cx.model;
    let copy = &model.instructions[copy_index];
    let run = &model.instructions[run_index];
    if steps.len() != script.commands.len() || !steps.iter().all(|s| MOVABLE.contains(&s.tool)) {
        return None;
    }
    if model.instructions[copy_index + 1..run_index]
        .iter()
        .any(|i| !NEUTRAL.contains(&i.kind))
    {
        return None;
    }
    let mut manifests: Vec<String> = Vec::new();
    for step in steps {
        for m in &step.manifests {
            if m.is_empty() || m.contains(['/', '$', '*', '?', '[', ' ']) {
                return None;
            }
            if !manifests.contains(m) {
                manifests.push(m.clone());
            }
        }
    }
    if manifests.is_empty() {
        return None;
    }
    // The install runs in WORKDIR; the manifests must be copied there.
    let dest = copy_args(copy)?.dest?;
    let dest_value = expanded_source(model, copy, dest)?;
    let lands_in_workdir = if dest_value.starts_with('/') {
        let earlier: Vec<usize> = chain_instructions(model, stage)
            .into_iter()
            .filter(|&i| i < copy_index)
            .collect();
        workdir(model, &earlier).is_some_and(|w| w == clean_absolute(&dest_value))
    } else {
        dest_value.trim_end_matches('/') == "."
    };
    if !lands_in_workdir {
        return None;
    }
    // With the context at hand copy exactly the files that exist; without it, the first file is
    // required and the others (lock files) are optional patterns, which BuildKit lets match
    // nothing.
    let sources: Vec<String> = match manifests
        .iter()
        .map(|m| presence(cx.fs, m))
        .collect::<Vec<_>>()
        .as_slice()
    {
        known if known.iter().all(|p| *p != Presence::Unknown) => manifests
            .iter()
            .zip(known)
            .filter(|(_, p)| **p == Presence::Found)
            .map(|(m, _)| m.clone())
            .collect(),
        _ => manifests
            .iter()
            .enumerate()
            .map(|(i, m)| if i == 0 { m.clone() } else { format!("{m}*") })
            .collect(),
    };
    if sources.is_empty() {
        return None;
    }

    let text = cx.text;
    let copy_line = line_start(text, copy.range.start);
    let indent = &text[copy_line..copy.range.start];
    let flags: Vec<&str> = copy
        .flags
        .iter()
        .filter(|f| f.dashes == 2 && matches!(f.name.value.as_str(), "chown" | "chmod" | "link"))
        .map(|f| f.range.slice(text))
        .collect();
    let mut line = vec![match_case(&copy.keyword.value, "COPY")];
    line.extend(flags.iter().map(|f| f.to_string()));
    line.extend(sources);
    line.push("./".to_string());
    let run_text = run.range.slice(text);
    let inserted = format!("{}\n{indent}{run_text}\n{indent}", line.join(" "));
    let run_line = line_start(text, run.range.start);
    let run_end = line_end_with_break(text, run.range.end);
    Some(Fix::new(
        "Copy the manifest files and install before copying the whole context",
        Applicability::Unsafe,
        vec![
            Edit {
                range: TextRange::empty(copy.range.start),
                new_text: inserted,
            },
            Edit {
                range: TextRange::new(run_line, run_end),
                new_text: String::new(),
            },
        ],
    ))
}

fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1)
}

fn line_end_with_break(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| offset + i + 1)
}

const EN: &str = r#"## What it does

Reports a stage that copies the whole build context (`COPY . .`, `ADD . /app`) before a `RUN`
that installs dependencies from manifest files: `npm ci`/`npm install`, `yarn`, `pnpm install`,
`pip install -r`, `go mod download`, `bundle install`, `pipenv install`, `poetry install`,
`composer install`, `cargo build`, `mvn`, `dotnet restore`. The diagnostic is on the `.` of the
copy and names the install.

## Why is this bad?

The layer cache reuses a `COPY` only when every copied file is unchanged, and reuses every later
instruction only when the ones before it were reused. After `COPY . .`, editing one source file
invalidates the copy, so the install runs again, downloading and building every dependency, on
every build. Copying the manifest files first and installing from them puts the install in a
layer that changes only when the dependencies do.

## Example

```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci
RUN npm run build
```

## Use instead

```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
```

## Fix safety

For `npm`, `yarn`, `pnpm`, `pip -r`, `go mod download`, `bundle` and `pipenv`, when the `RUN`
does nothing but the install and follows the copy directly, the fix inserts a `COPY` of the
manifest files into the working directory (keeping `--chown`, `--chmod` and `--link`) and moves
the `RUN` above the whole-context copy. With the build context known, only the manifest files
that exist are copied; otherwise the lock files are written as patterns (`package-lock.json*`)
that may match nothing. It is unsafe: an install that runs scripts of the project (`postinstall`,
local path dependencies, a `setup.py`) may need files that are no longer there when it runs.
Tools that build the project itself (`cargo build`, `mvn`, `poetry install`) get no fix: they
need a dependency-only step (cargo-chef, `mvn dependency:go-offline`, `--no-root`) that the
author has to choose.

## References

- [Docker build cache: order your layers](https://docs.docker.com/build/cache/optimize/#order-your-layers)
- [Dockerfile best practices: leverage build cache](https://docs.docker.com/build/building/best-practices/#leverage-build-cache)
"#;

const ZH: &str = r#"## 作用

当一个阶段在通过清单文件安装依赖的 `RUN` 之前复制了整个构建上下文(`COPY . .`、`ADD . /app`)时报告。
依赖安装包括:`npm ci`/`npm install`、`yarn`、`pnpm install`、`pip install -r`、`go mod download`、
`bundle install`、`pipenv install`、`poetry install`、`composer install`、`cargo build`、`mvn`、
`dotnet restore`。诊断位于复制指令的 `.` 上,并指出是哪条安装命令。

## 为什么不好

只有当复制的每个文件都没有变化时,构建缓存才会复用 `COPY` 层;而后面的每条指令,只有在它之前的指令都被复用时
才会被复用。`COPY . .` 之后,改动任何一个源文件都会让这次复制失效,于是每次构建都要重新运行安装,重新下载、
编译所有依赖。先复制清单文件并据此安装,安装就处在只有依赖变化时才会改变的那一层里。

## 示例

```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci
RUN npm run build
```

## 建议写法

```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
```

## 修复安全性

对于 `npm`、`yarn`、`pnpm`、`pip -r`、`go mod download`、`bundle` 和 `pipenv`,当 `RUN` 只做安装并且
紧跟在复制之后时,修复会插入一条把清单文件复制到工作目录的 `COPY`(保留 `--chown`、`--chmod` 和 `--link`),
并把这条 `RUN` 移到复制整个上下文之前。如果知道构建上下文,只复制实际存在的清单文件;否则锁文件写成可以
什么都不匹配的通配模式(`package-lock.json*`)。这个修复是不安全的:会运行项目脚本的安装(`postinstall`、
本地路径依赖、`setup.py`)可能需要在那时已经不存在的文件。会构建项目本身的工具(`cargo build`、`mvn`、
`poetry install`)不提供修复:它们需要一个只处理依赖的步骤(cargo-chef、`mvn dependency:go-offline`、
`--no-root`),这要由作者选择。

## 参考

- [Docker 构建缓存:安排好层的顺序](https://docs.docker.com/build/cache/optimize/#order-your-layers)
- [Dockerfile 最佳实践:利用构建缓存](https://docs.docker.com/build/building/best-practices/#leverage-build-cache)
"#;
