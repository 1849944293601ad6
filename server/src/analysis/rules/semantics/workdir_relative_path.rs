//! `workdir-relative-path`: the first `WORKDIR` of a stage chain is relative, so where it lands
//! depends on the base image's working directory.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, InstructionKind};
use crate::analysis::rules::semantics::{chain, is_absolute};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::scope::expand;

pub static RULE: Rule = Rule {
    id: "workdir-relative-path",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["DL3000", "WorkdirRelativePath"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Relative `WORKDIR` before any absolute one",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let model = cx.model;
    for (index, stage) in model.stages.iter().enumerate() {
        let is_workdir = |i: &usize| {
            model
                .instructions
                .get(*i)
                .is_some_and(|ins| ins.kind == InstructionKind::Workdir)
        };
        // A `WORKDIR` in a stage this one is built on already fixed the directory (and was
        // checked there).
        let inherited = chain(model, index)
            .into_iter()
            .skip(1)
            .any(|s| model.stages[s].instructions.clone().any(|i| is_workdir(&i)));
        if inherited {
            continue;
        }
        let Some(first) = stage.instructions.clone().find(is_workdir) else {
            continue;
        };
        let instruction = &model.instructions[first];
        let Args::Words(words) = &instruction.args else {
            continue;
        };
        let Some(word) = words.first() else { continue };
        let path = if word.raw.contains('$') {
            let scope = cx.scope_at(instruction.range.start);
            match expand(&word.raw, model.escape, |n| scope.get(n).and_then(|b| b.value)) {
                Some(p) => p,
                None => continue,
            }
        } else {
            word.value.clone()
        };
        if path.is_empty() || is_absolute(&path) {
            continue;
        }
        sink.report(
            word.range,
            format!(
                "`WORKDIR {}` is relative to the base image's working directory: use an absolute path",
                word.value
            ),
        );
    }
}

const EN: &str = r#"## What it does

Reports the first `WORKDIR` of a stage when its path is relative and no `WORKDIR` came before it
in the stage or in the stages it is built on (`FROM <stage>`). Later relative `WORKDIR`s build on
that first one and are fine once it is. Paths with variables are checked after expansion, and
skipped when the value is not known.

## Why is this bad?

A relative `WORKDIR` is resolved against the working directory of the base image, which the
Dockerfile does not show and a new base image version may change. `WORKDIR app` is `/app` on
`alpine`, `/usr/src/app` on an image that sets `WORKDIR /usr/src`. BuildKit warns
(`WorkdirRelativePath`).

## Example

```dockerfile
FROM node:22-alpine
WORKDIR app
COPY . .
```

## Use instead

```dockerfile
FROM node:22-alpine
WORKDIR /app
COPY . .
```

## Fix safety

There is no fix: the absolute path depends on the base image's working directory, which is not
in the file.

## References

- [Dockerfile reference: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
- [BuildKit check: WorkdirRelativePath](https://docs.docker.com/reference/build-checks/workdir-relative-path/)
- [hadolint DL3000](https://github.com/hadolint/hadolint/wiki/DL3000)
"#;

const ZH: &str = r#"## 作用

报告阶段中的第一条 `WORKDIR`:它的路径是相对路径,并且在该阶段以及它所基于的阶段(`FROM <stage>`)中都没有
更早的 `WORKDIR`。之后的相对 `WORKDIR` 以第一条为基础,第一条改好之后它们就没有问题。含变量的路径在展开后
判断,值未知时跳过。

## 为什么不好

相对的 `WORKDIR` 以基础镜像的工作目录为起点,而 Dockerfile 里看不到这个目录,基础镜像的新版本也可能改变它。
`WORKDIR app` 在 `alpine` 上是 `/app`,在设置了 `WORKDIR /usr/src` 的镜像上则是 `/usr/src/app`。
BuildKit 会给出 `WorkdirRelativePath` 警告。

## 示例

```dockerfile
FROM node:22-alpine
WORKDIR app
COPY . .
```

## 建议写法

```dockerfile
FROM node:22-alpine
WORKDIR /app
COPY . .
```

## 修复安全性

没有自动修复:绝对路径取决于基础镜像的工作目录,而它不在这个文件里。

## 参考

- [Dockerfile 参考文档:WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
- [BuildKit 检查:WorkdirRelativePath](https://docs.docker.com/reference/build-checks/workdir-relative-path/)
- [hadolint DL3000](https://github.com/hadolint/hadolint/wiki/DL3000)
"#;
