//! `inconsistent-instruction-casing`: keywords not in the casing most of the file's keywords use
//! (BuildKit's `ConsistentInstructionCasing`).

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::model::InstructionKind;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "inconsistent-instruction-casing",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["ConsistentInstructionCasing"],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "Instruction keyword not in the file's majority casing",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Whether most keywords of the file are in lower case (upper case wins a tie, as in BuildKit).
pub(super) fn majority_lower(cx: &Context<'_>) -> bool {
    let (mut lower, mut upper) = (0, 0);
    for keyword in cx
        .instructions()
        .filter(|i| i.kind != InstructionKind::Unknown)
        .map(|i| &i.keyword.value)
    {
        if *keyword == keyword.to_ascii_lowercase() {
            lower += 1;
        } else if *keyword == keyword.to_ascii_uppercase() {
            upper += 1;
        }
    }
    lower > upper
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let majority_lower = majority_lower(cx);
    let keywords = cx
        .instructions()
        .filter(|i| i.kind != InstructionKind::Unknown)
        .map(|i| &i.keyword);
    for keyword in keywords {
        let wanted = if majority_lower {
            keyword.value.to_ascii_lowercase()
        } else {
            keyword.value.to_ascii_uppercase()
        };
        if keyword.value == wanted {
            continue;
        }
        let casing = if majority_lower { "lower" } else { "upper" };
        let diagnostic = sink.report(
            keyword.range,
            format!(
                "`{}` does not match the {casing} case most instructions in this file use",
                keyword.value
            ),
        );
        diagnostic.fix = Some(Fix::new(
            format!("Write `{wanted}`"),
            Applicability::Safe,
            vec![Edit {
                range: keyword.range,
                new_text: wanted,
            }],
        ));
    }
}

const EN: &str = r#"## What it does

Counts the instruction keywords written all in upper case and all in lower case, and reports
every keyword that is not in the majority's casing (upper case wins a tie, as in BuildKit). A
keyword in mixed case (`Run`) is always reported. Unlike BuildKit, the global `ARG`s before the
first `FROM` and the triggers of `ONBUILD` are counted and checked too.

## Why is this bad?

Keywords are case-insensitive, so the file builds, but a mix of `RUN` and `run` reads as
copy-pasted from different places and makes the keywords harder to spot. BuildKit warns
(`ConsistentInstructionCasing`).

## Example

```dockerfile
FROM alpine:3.20
run apk add --no-cache curl
COPY app /app
```

## Use instead

```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
COPY app /app
```

## Fix safety

The fix rewrites the keyword in the majority's casing; keywords are case-insensitive, so the
build is the same: safe.

## References

- [BuildKit check: ConsistentInstructionCasing](https://docs.docker.com/reference/build-checks/consistent-instruction-casing/)
"#;

const ZH: &str = r#"## 作用

统计全大写和全小写的指令关键字,报告所有不符合多数写法的关键字(数量相同时以大写为准,与 BuildKit 一致)。
大小写混写的关键字(`Run`)总会被报告。与 BuildKit 不同,第一个 `FROM` 之前的全局 `ARG` 以及 `ONBUILD`
的触发指令也参与统计和检查。

## 为什么不好

关键字不区分大小写,所以能构建,但 `RUN` 和 `run` 混用读起来像是从不同地方拼凑而来,也让关键字更难一眼
认出。BuildKit 会给出 `ConsistentInstructionCasing` 警告。

## 示例

```dockerfile
FROM alpine:3.20
run apk add --no-cache curl
COPY app /app
```

## 建议写法

```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
COPY app /app
```

## 修复安全性

修复把关键字改写为多数写法;关键字不区分大小写,构建结果不变:安全。

## 参考

- [BuildKit 检查:ConsistentInstructionCasing](https://docs.docker.com/reference/build-checks/consistent-instruction-casing/)
"#;
