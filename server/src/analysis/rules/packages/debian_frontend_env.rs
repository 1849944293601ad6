//! `debian-frontend-env`: `ENV DEBIAN_FRONTEND=noninteractive`, a build-time setting that stays
//! in the image's environment; the fix makes it an ARG.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::model::{Args, Base, Instruction, InstructionKind, KeyValue};
use crate::analysis::rules::packages::{remove_word, shipped_stages};
use crate::analysis::rules::suggest::match_case;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "debian-frontend-env",
    since: "0.1",
    severity: Severity::Info,
    aliases: &[],
    fix: FixKind::SafeOrUnsafe,
    default_enabled: true,
    summary: "`ENV DEBIAN_FRONTEND=noninteractive` leaks into the running container: use ARG",
    docs: Docs { en: EN, zh: ZH },
    check,
};

const NAME: &str = "DEBIAN_FRONTEND";

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let shipped = shipped_stages(cx.model);
    for (index, top) in cx.model.instructions.iter().enumerate() {
        let (instruction, trigger) = match &top.args {
            Args::Onbuild(inner) => (&**inner, true),
            _ => (top, false),
        };
        let Some(kv) = frontend(instruction) else { continue };
        let stage = cx.model.stage_of(index);
        if !trigger {
            if stage.is_some_and(|s| !shipped.get(s).copied().unwrap_or(true)) {
                continue;
            }
            // Set back later in the stage: the image does not keep it.
            let later = stage
                .and_then(|s| cx.model.stages.get(s))
                .map_or(index + 1..index + 1, |s| index + 1..s.instructions.end);
            if cx.model.instructions[later.start.min(later.end)..later.end.min(cx.model.instructions.len())]
                .iter()
                .any(env_resets)
            {
                continue;
            }
        }
        let d = sink.report(
            kv.range,
            "`DEBIAN_FRONTEND=noninteractive` in `ENV` stays set in the running container: use `ARG`",
        );
        if !trigger {
            d.fix = arg_fix(cx, instruction, kv, stage);
        }
    }
}

/// The `DEBIAN_FRONTEND=noninteractive` pair of an ENV.
fn frontend(instruction: &Instruction) -> Option<&KeyValue> {
    if instruction.kind != InstructionKind::Env {
        return None;
    }
    let Args::KeyValues(pairs) = &instruction.args else {
        return None;
    };
    pairs.iter().find(|kv| {
        kv.key.value == NAME
            && kv
                .value
                .as_ref()
                .is_some_and(|v| v.value.eq_ignore_ascii_case("noninteractive"))
    })
}

/// An ENV that sets `DEBIAN_FRONTEND` to something else (or to nothing).
fn env_resets(instruction: &Instruction) -> bool {
    instruction.kind == InstructionKind::Env
        && matches!(&instruction.args, Args::KeyValues(pairs) if pairs.iter().any(|kv| {
            kv.key.value == NAME && !kv.value.as_ref().is_some_and(|v| v.value.eq_ignore_ascii_case("noninteractive"))
        }))
}

/// The lone pair: `ENV` becomes `ARG` (a legacy `ENV NAME value` also gets its `=`). One pair
/// among others: an `ARG` line goes before the `ENV`, and the pair leaves it. Unsafe when a
/// later stage is built `FROM` this one, because an `ARG` does not carry over into it.
fn arg_fix(cx: &Context<'_>, env: &Instruction, kv: &KeyValue, stage: Option<usize>) -> Option<Fix> {
    let Args::KeyValues(pairs) = &env.args else {
        return None;
    };
    let value = kv.value.as_ref()?;
    let arg = match_case(&env.keyword.value, "ARG");
    let edits = if pairs.len() == 1 {
        let mut edits = vec![Edit {
            range: env.keyword.range,
            new_text: arg,
        }];
        if kv.legacy {
            edits.push(Edit {
                range: TextRange::new(kv.key.range.end, value.range.start),
                new_text: "=".to_owned(),
            });
        }
        edits
    } else {
        let line_start = cx
            .text
            .get(..env.keyword.range.start)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        let indent = cx.text.get(line_start..env.keyword.range.start)?;
        if !indent.chars().all(|c| c == ' ' || c == '\t') {
            return None;
        }
        vec![
            Edit {
                range: TextRange::empty(env.keyword.range.start),
                new_text: format!("{arg} {NAME}={}{}{indent}", value.range.slice(cx.text), cx.line_break()),
            },
            Edit {
                range: remove_word(cx.text, kv.range, cx.model.escape)?,
                new_text: String::new(),
            },
        ]
    };
    let inherited = stage.is_some_and(|s| cx.model.stages.iter().any(|st| st.base == Base::Stage(s)));
    let applicability = if inherited {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    Some(Fix::new("Make it an `ARG`", applicability, edits))
}

const EN: &str = r#"## What it does

Reports `ENV DEBIAN_FRONTEND=noninteractive` in a stage that ends up in the built image (the
last stage, or a stage it is built `FROM`), unless a later `ENV` of the stage sets `DEBIAN_FRONTEND` back to another value.
Builder stages thrown away after `COPY --from` are not reported.

## Why is this bad?

The setting is meant for the build, so that `apt-get` does not try to ask questions. As an
`ENV` it stays in the image's configuration: every container started from it, and every image
built on it, runs with debconf silenced, and someone who runs `apt-get install` in a container to
debug gets no prompts and default answers without knowing why. An `ARG` gives the `RUN`s of the
stage the same variable and leaves nothing behind.

## Example

```dockerfile
FROM ubuntu:24.04
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/*
```

## Use instead

```dockerfile
FROM ubuntu:24.04
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/*
```

or `RUN DEBIAN_FRONTEND=noninteractive apt-get install ...` for one command.

## Fix safety

The fix turns the `ENV` into an `ARG` (when the pair has other pairs with it, it moves into an
`ARG` line before the `ENV`). It is safe: the `RUN`s of the stage see the same variable, and only
the running container loses it. When a later stage is built `FROM` this one it is only offered,
because an `ARG` does not carry over into that stage.

## References

- [debconf(7): frontends and `DEBIAN_FRONTEND`](https://manpages.debian.org/bookworm/debconf-doc/debconf.7.en.html)
- [Dockerfile reference: ARG](https://docs.docker.com/reference/dockerfile/#arg)
"#;

const ZH: &str = r#"## 作用

报告会进入最终镜像的阶段(最后一个阶段,或它 `FROM` 的阶段)中的 `ENV DEBIAN_FRONTEND=noninteractive`,
除非本阶段后面的 `ENV` 又把 `DEBIAN_FRONTEND` 改回了其他值。只为 `COPY --from` 服务、随后被丢弃的构建阶段不报告。

## 为什么不好

这个设置是给构建用的,让 `apt-get` 不去提问。写成 `ENV` 它就留在了镜像配置里:从镜像启动的每个容器、
以它为基础构建的每个镜像,都会在 debconf 被静默的情况下运行;有人在容器里用 `apt-get install` 排查
问题时,得不到任何提示、只得到默认答案,却不知道原因。`ARG` 能让本阶段的 `RUN` 看到同样的变量,
而不会留下任何东西。

## 示例

```dockerfile
FROM ubuntu:24.04
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/*
```

## 建议写法

```dockerfile
FROM ubuntu:24.04
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/*
```

或者只对一条命令使用 `RUN DEBIAN_FRONTEND=noninteractive apt-get install ...`。

## 修复安全性

修复会把 `ENV` 改为 `ARG`(如果这一对键值与其他键值写在一起,则把它移到 `ENV` 之前的一行 `ARG` 中)。
修复是安全的:本阶段的 `RUN` 看到的变量相同,只有运行中的容器不再有它。如果后面有阶段 `FROM` 本阶段,
修复只作为建议提供,因为 `ARG` 不会延续到那个阶段。

## 参考

- [debconf(7):前端与 `DEBIAN_FRONTEND`](https://manpages.debian.org/bookworm/debconf-doc/debconf.7.en.html)
- [Dockerfile 参考文档:ARG](https://docs.docker.com/reference/dockerfile/#arg)
"#;
