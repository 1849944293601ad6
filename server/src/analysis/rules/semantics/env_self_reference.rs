//! `env-self-reference`: `ENV A=1 B=$A`, a value that uses a variable the same `ENV` sets. BuildKit
//! expands every value of one `ENV` with the variables from before it, so `B` does not get `1`.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, InstructionKind};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::scope::expand;

pub static RULE: Rule = Rule {
    id: "env-self-reference",
    since: "0.1",
    severity: Severity::Error,
    aliases: &["DL3044"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`ENV` value uses a variable set by the same `ENV`",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let top_level: Vec<usize> = cx.model.instructions.iter().map(|i| i.range.start).collect();
    for instruction in cx.instructions() {
        if instruction.kind != InstructionKind::Env {
            continue;
        }
        let Args::KeyValues(pairs) = &instruction.args else {
            continue;
        };
        if pairs.len() < 2 {
            continue;
        }
        // A trigger's `ENV` runs in a child build whose variables are unknown here.
        let scope = top_level
            .contains(&instruction.range.start)
            .then(|| cx.scope_at(instruction.range.start));
        for (i, kv) in pairs.iter().enumerate() {
            let Some(value) = &kv.value else { continue };
            let refs = instruction.vars.iter().filter(|v| value.range.contains_range(v.range));
            for var in refs {
                let name = &var.name.value;
                if *name == kv.key.value {
                    continue;
                }
                let Some(j) = pairs.iter().position(|p| p.key.value == *name) else {
                    continue;
                };
                let text = &cx.text[var.range.as_range()];
                let message = match (j < i, &scope) {
                    // Set before: the old value is what the reference gets, which only matters
                    // when the pair in this `ENV` changes it (`ENV A=$A B=$A` is fine).
                    (true, Some(scope)) if scope.get(name).is_some() => {
                        let old = scope.get(name).and_then(|b| b.value);
                        let new = pairs[j]
                            .value
                            .as_ref()
                            .and_then(|w| expand(&w.raw, cx.model.escape, |n| scope.get(n).and_then(|b| b.value)));
                        match (old, new) {
                            (Some(old), Some(new)) if old != new => format!(
                                "`{text}` expands to the value `{name}` had before this `ENV` (`{old}`), not `{new}` set here: move `{name}` to an earlier `ENV`"
                            ),
                            _ => continue,
                        }
                    }
                    (true, _) => format!(
                        "`{text}` does not see the `{name}` set by this same `ENV`, which expands every value first: move `{name}` to an earlier `ENV`"
                    ),
                    (false, Some(scope)) if scope.get(name).is_none() => {
                        format!("`{text}` does not see the `{name}` set further along this `ENV`")
                    }
                    (false, _) => continue,
                };
                sink.report(var.range, message);
            }
        }
    }
}

const EN: &str = r#"## What it does

Reports a variable reference in an `ENV` value to a variable that the same `ENV` instruction sets
in another pair (`ENV A=1 B=$A`). A pair that refers to its own variable (`ENV PATH=/opt/bin:$PATH`)
is fine. When the variable was already set before the instruction (often `ARG A` then
`ENV A=$A B=$A`), the reference gets that earlier value, and it is only reported when the pair in
this `ENV` changes it to a different known value; a reference to a pair further along the
instruction is only reported when the variable was not set before (as hadolint's DL3044 does).

## Why is this bad?

BuildKit expands all the values of one `ENV` with the variables as they were before the
instruction, then sets them. `ENV A=1 B=$A` gives `B` the old value of `A` (usually nothing), not
`1`; the line reads as if it did the opposite.

## Example

```dockerfile
FROM eclipse-temurin:21-jre
ENV APP_HOME=/opt/app \
    APP_CONFIG=$APP_HOME/config
```

## Use instead

```dockerfile
FROM eclipse-temurin:21-jre
ENV APP_HOME=/opt/app
ENV APP_CONFIG=$APP_HOME/config
```

## Fix safety

There is no fix: splitting the instruction is simple, but the author may have relied on the old
value.

## References

- [Dockerfile reference: ENV](https://docs.docker.com/reference/dockerfile/#env)
- [hadolint DL3044](https://github.com/hadolint/hadolint/wiki/DL3044)
"#;

const ZH: &str = r#"## 作用

报告 `ENV` 值中引用了同一条 `ENV` 指令在另一对键值中设置的变量(`ENV A=1 B=$A`)。引用自身变量的键值
(`ENV PATH=/opt/bin:$PATH`)没有问题。如果变量在这条指令之前已经设置过(常见写法是先 `ARG A`,再
`ENV A=$A B=$A`),引用得到的是之前的值,只有当本条 `ENV` 中的键值把它改成另一个已知的值时才报告;引用本指令
后面才设置的变量,只有在之前没有设置过时才报告(与 hadolint 的 DL3044 一致)。

## 为什么不好

BuildKit 先用指令之前的变量展开同一条 `ENV` 的所有值,然后再设置它们。`ENV A=1 B=$A` 让 `B` 得到 `A` 的旧值
(通常为空),而不是 `1`;这一行读起来的意思恰恰相反。

## 示例

```dockerfile
FROM eclipse-temurin:21-jre
ENV APP_HOME=/opt/app \
    APP_CONFIG=$APP_HOME/config
```

## 建议写法

```dockerfile
FROM eclipse-temurin:21-jre
ENV APP_HOME=/opt/app
ENV APP_CONFIG=$APP_HOME/config
```

## 修复安全性

没有自动修复:拆分指令很简单,但作者可能依赖的正是旧值。

## 参考

- [Dockerfile 参考文档:ENV](https://docs.docker.com/reference/dockerfile/#env)
- [hadolint DL3044](https://github.com/hadolint/hadolint/wiki/DL3044)
"#;
