//! `from-as-casing`: `FROM x as y` or `from x AS y`, the `AS` keyword in another casing than
//! `FROM`.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::model::InstructionKind;
use crate::analysis::rules::semantics::from_as_words;
use crate::analysis::rules::semantics::inconsistent_instruction_casing::majority_lower;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "from-as-casing",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["FromAsCasing"],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "`AS` not in the casing of its `FROM`",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let majority_lower = majority_lower(cx);
    for instruction in &cx.model.instructions {
        if instruction.kind != InstructionKind::From {
            continue;
        }
        let Some((as_word, _)) = from_as_words(instruction) else {
            continue;
        };
        let from = &instruction.keyword.value;
        // A `FROM` out of the file's casing (`From`, or `from` among upper-case keywords) is
        // `inconsistent-instruction-casing`'s to report; `AS` is judged once `FROM` is fixed.
        let wanted = if *from == from.to_ascii_uppercase() && !majority_lower {
            "AS"
        } else if *from == from.to_ascii_lowercase() && majority_lower {
            "as"
        } else {
            continue;
        };
        if as_word.raw == wanted {
            continue;
        }
        let diagnostic = sink.report(
            as_word.range,
            format!("`{}` does not match the casing of `{from}`", as_word.raw),
        );
        diagnostic.fix = Some(Fix::new(
            format!("Write `{wanted}`"),
            Applicability::Safe,
            vec![Edit {
                range: as_word.range,
                new_text: wanted.into(),
            }],
        ));
    }
}

const EN: &str = r#"## What it does

Reports a `FROM ... AS name` whose `AS` is written in another casing than its `FROM`
(`FROM node:22 as build`, `from node:22 AS build`). A `FROM` that is itself out of the file's
casing is left to `inconsistent-instruction-casing`, so that the two fixes agree.

## Why is this bad?

Keywords are case-insensitive, so it builds, but the line reads as two styles glued together.
BuildKit warns (`FromAsCasing`).

## Example

```dockerfile
FROM node:22-alpine as build
RUN npm ci && npm run build
```

## Use instead

```dockerfile
FROM node:22-alpine AS build
RUN npm ci && npm run build
```

## Fix safety

The fix rewrites `AS` in the casing of `FROM`; keywords are case-insensitive, so the build is
the same: safe.

## References

- [BuildKit check: FromAsCasing](https://docs.docker.com/reference/build-checks/from-as-casing/)
"#;

const ZH: &str = r#"## 作用

报告 `AS` 与其 `FROM` 大小写不一致的 `FROM ... AS name`(`FROM node:22 as build`、`from node:22 AS build`)。
`FROM` 本身就不符合文件大小写写法时交给 `inconsistent-instruction-casing`,以免两个修复互相冲突。

## 为什么不好

关键字不区分大小写,所以能构建,但这一行读起来像两种风格拼在一起。BuildKit 会给出 `FromAsCasing` 警告。

## 示例

```dockerfile
FROM node:22-alpine as build
RUN npm ci && npm run build
```

## 建议写法

```dockerfile
FROM node:22-alpine AS build
RUN npm ci && npm run build
```

## 修复安全性

修复把 `AS` 改写成与 `FROM` 相同的大小写;关键字不区分大小写,构建结果不变:安全。

## 参考

- [BuildKit 检查:FromAsCasing](https://docs.docker.com/reference/build-checks/from-as-casing/)
"#;
