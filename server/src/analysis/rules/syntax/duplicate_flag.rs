//! `duplicate-flag`: a flag given twice where BuildKit accepts it only once.

use crate::analysis::diagnostic::Severity;
use crate::analysis::reference::parsed_flag;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "duplicate-flag",
    since: "0.1",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Flag given more than once",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Reported on the repetitions, not on the first occurrence. Unknown flags are left to
/// `unknown-flag`; `--mount`, `--exclude` and `--device` may repeat.
fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in cx.instructions() {
        for (i, flag) in instruction.flags.iter().enumerate() {
            let Some(spec) = parsed_flag(instruction, flag) else {
                continue;
            };
            if spec.repeatable {
                continue;
            }
            let first = instruction.flags[..i]
                .iter()
                .find(|f| f.dashes == 2 && f.name.value == flag.name.value);
            if first.is_some() {
                sink.report(
                    flag.range,
                    format!(
                        "Flag `--{}` is given more than once in this `{}`",
                        spec.name,
                        instruction.kind.keyword()
                    ),
                );
            }
        }
    }
}

const EN: &str = r#"## What it does

Reports a flag that appears more than once in one instruction, for the flags that BuildKit
accepts only once: `--from`, `--chown`, `--chmod`, `--link`, `--platform`, `--network`,
`HEALTHCHECK --interval` and the like. `--mount`, `--exclude` and `--device` may repeat and are
not reported.

## Why is this bad?

BuildKit fails with `duplicate flag specified`. Even if it did not, one of the two values would
be silently lost, and a reader cannot tell which one the author meant.

## Example

```dockerfile
FROM node:22-alpine
COPY --chown=node:node --chmod=644 --chown=root:root package.json /app/
```

## Use instead

```dockerfile
FROM node:22-alpine
COPY --chown=node:node --chmod=644 package.json /app/
```

## Fix safety

There is no automatic fix: which of the values is right is for the author to decide.

## References

- [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
"#;

const ZH: &str = r#"## 作用

报告同一条指令中出现多次、而 BuildKit 只接受一次的选项:`--from`、`--chown`、`--chmod`、`--link`、
`--platform`、`--network`、`HEALTHCHECK --interval` 等。`--mount`、`--exclude` 和 `--device` 可以重复,不会报告。

## 为什么不好

BuildKit 会报错 `duplicate flag specified`。即便不报错,两个值中也会有一个被悄悄丢掉,读者无法判断作者想要的是哪一个。

## 示例

```dockerfile
FROM node:22-alpine
COPY --chown=node:node --chmod=644 --chown=root:root package.json /app/
```

## 建议写法

```dockerfile
FROM node:22-alpine
COPY --chown=node:node --chmod=644 package.json /app/
```

## 修复安全性

没有自动修复:哪个值才正确,需要作者决定。

## 参考

- [Dockerfile 参考文档](https://docs.docker.com/reference/dockerfile/)
"#;
