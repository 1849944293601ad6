//! `copy-relative-dest-without-workdir`: `COPY` to a relative destination while no `WORKDIR` has
//! been set in the stage or the stages it is built on, so the base image decides where it lands.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, InstructionKind, Word};
use crate::analysis::rules::semantics::{chain, chain_from_scratch, is_absolute};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::scope::expand;

pub static RULE: Rule = Rule {
    id: "copy-relative-dest-without-workdir",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["DL3045"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`COPY` to a relative destination with no `WORKDIR` set",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let model = cx.model;
    let is_workdir = |i: usize| {
        model
            .instructions
            .get(i)
            .is_some_and(|ins| ins.kind == InstructionKind::Workdir)
    };
    for (index, instruction) in model.instructions.iter().enumerate() {
        if instruction.kind != InstructionKind::Copy {
            continue;
        }
        let Some(stage) = model.stage_of(index) else { continue };
        // From `scratch` the working directory is `/`: nothing unseen decides it.
        if chain_from_scratch(model, stage) {
            continue;
        }
        let workdir_set = chain(model, stage).into_iter().any(|s| {
            let range = model.stages[s].instructions.clone();
            let end = if s == stage { index } else { range.end };
            (range.start..end).any(is_workdir)
        });
        if workdir_set {
            continue;
        }
        let dest: Option<&Word> = match &instruction.args {
            Args::Words(w) | Args::Json { elements: w, .. } if w.len() >= 2 => w.last(),
            _ => None,
        };
        let Some(dest) = dest else { continue };
        let path = if dest.raw.contains('$') {
            let scope = cx.scope_at(instruction.range.start);
            match expand(&dest.raw, model.escape, |n| scope.get(n).and_then(|b| b.value)) {
                Some(p) => p,
                None => continue,
            }
        } else {
            dest.value.clone()
        };
        if path.is_empty() || is_absolute(&path) {
            continue;
        }
        sink.report(
            dest.range,
            format!(
                "`{}` lands relative to the base image's working directory: set `WORKDIR` or use an absolute path",
                dest.value
            ),
        );
    }
}

const EN: &str = r#"## What it does

Reports a `COPY` whose destination is a relative path (`.`, `app/`) when no `WORKDIR` was set
before it, in the stage or in the stages it is built on. Stages built from `scratch` start in `/`
and are not reported; destinations with variables are checked after expansion and skipped when
the value is not known.

## Why is this bad?

A relative destination is resolved against the working directory, which then comes from the base
image: `/` for `debian`, `/usr/src/app` for images that set one, and it can change with the next
version of the base image. The files end up somewhere the Dockerfile does not say.

## Example

```dockerfile
FROM python:3.13-slim
COPY requirements.txt .
RUN pip install -r requirements.txt
```

## Use instead

```dockerfile
FROM python:3.13-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
```

## Fix safety

There is no fix: which directory the files belong in is the author's call.

## References

- [Dockerfile reference: COPY](https://docs.docker.com/reference/dockerfile/#copy)
- [hadolint DL3045](https://github.com/hadolint/hadolint/wiki/DL3045)
"#;

const ZH: &str = r#"## 作用

报告目标路径为相对路径(`.`、`app/`)、且此前在该阶段及其所基于的阶段中都没有设置 `WORKDIR` 的 `COPY`。
基于 `scratch` 的阶段从 `/` 开始,不报告;含变量的目标路径在展开后判断,值未知时跳过。

## 为什么不好

相对目标路径以工作目录为起点,而此时工作目录来自基础镜像:`debian` 是 `/`,设置过工作目录的镜像则是
`/usr/src/app` 之类,而且基础镜像的下一个版本可能会改变它。文件最终落在 Dockerfile 没有写明的地方。

## 示例

```dockerfile
FROM python:3.13-slim
COPY requirements.txt .
RUN pip install -r requirements.txt
```

## 建议写法

```dockerfile
FROM python:3.13-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
```

## 修复安全性

没有自动修复:文件应该放在哪个目录由作者决定。

## 参考

- [Dockerfile 参考文档:COPY](https://docs.docker.com/reference/dockerfile/#copy)
- [hadolint DL3045](https://github.com/hadolint/hadolint/wiki/DL3045)
"#;
