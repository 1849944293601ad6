//! `redundant-target-platform`: `FROM --platform=$TARGETPLATFORM`, which says what BuildKit does
//! by default.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity, Tag};
use crate::analysis::model::{self, Args, InstructionKind};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "redundant-target-platform",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["DL3065", "RedundantTargetPlatform"],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "`FROM --platform=$TARGETPLATFORM` is the default",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// `$TARGETPLATFORM`, `${TARGETPLATFORM}` or `${TARGETPLATFORM:-...}`, quoted or not, and nothing
/// else.
fn is_target_platform(value: &str, escape: char) -> bool {
    let inner = ['"', '\'']
        .iter()
        .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
        .unwrap_or(value);
    match model::var_refs(inner, escape).as_slice() {
        [r] => {
            r.name.value == "TARGETPLATFORM"
                && r.range == TextRange::new(0, inner.len())
                && r.modifier.as_ref().is_none_or(|(op, _)| op == ":-" || op == "-")
        }
        _ => false,
    }
}

/// A global `ARG TARGETPLATFORM=...` replaces the automatic value, and then the flag matters.
fn target_platform_overridden(cx: &Context<'_>) -> bool {
    cx.model
        .instructions
        .iter()
        .take_while(|i| i.kind != InstructionKind::From)
        .filter_map(|i| match &i.args {
            Args::KeyValues(kvs) if i.kind == InstructionKind::Arg => Some(kvs),
            _ => None,
        })
        .flatten()
        .any(|kv| kv.key.value == "TARGETPLATFORM" && kv.value.is_some())
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    if target_platform_overridden(cx) {
        return;
    }
    for instruction in &cx.model.instructions {
        if instruction.kind != InstructionKind::From {
            continue;
        }
        let Some(flag) = instruction.flag("platform") else {
            continue;
        };
        let Some(value) = &flag.value else { continue };
        if !is_target_platform(&value.value, cx.model.escape) {
            continue;
        }
        // The flag and the blanks after it, so the base moves up to where the flag was.
        let after = cx.text.get(flag.range.end..).unwrap_or("");
        let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
        let diagnostic = sink.report(
            flag.range,
            format!(
                "`--platform={}` is redundant: a stage is built for the target platform by default",
                value.value
            ),
        );
        diagnostic.tags.push(Tag::Unnecessary);
        diagnostic.fix = Some(Fix::new(
            "Remove the `--platform` flag",
            Applicability::Safe,
            vec![Edit {
                range: TextRange::new(flag.range.start, flag.range.end + blanks),
                new_text: String::new(),
            }],
        ));
    }
}

const EN: &str = r#"## What it does

Reports `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`).

## Why is this bad?

Every stage is built for the target platform unless told otherwise, so the flag changes
nothing; it suggests a cross-compilation setup that is not there, and hides the one stage that
really needs `--platform=$BUILDPLATFORM`. BuildKit warns (`RedundantTargetPlatform`).

## Example

```dockerfile
FROM --platform=$TARGETPLATFORM alpine:3.20
RUN apk add --no-cache ca-certificates
```

## Use instead

```dockerfile
FROM alpine:3.20
RUN apk add --no-cache ca-certificates
```

## Fix safety

The fix removes the flag. The stage is built for the same platform, so it is safe. It is not
offered when a global `ARG TARGETPLATFORM=...` replaces the automatic value.

## References

- [BuildKit check: RedundantTargetPlatform](https://docs.docker.com/reference/build-checks/redundant-target-platform/)
- [Multi-platform builds](https://docs.docker.com/build/building/multi-platform/)
"#;

const ZH: &str = r#"## 作用

报告 `FROM --platform=$TARGETPLATFORM`(或 `${TARGETPLATFORM}`)。

## 为什么不好

没有特别指定时,每个阶段本来就为目标平台构建,所以这个参数什么也没改变;它暗示有交叉编译的安排,实际上并没有,
还会掩盖真正需要 `--platform=$BUILDPLATFORM` 的那个阶段。BuildKit 会给出 `RedundantTargetPlatform` 警告。

## 示例

```dockerfile
FROM --platform=$TARGETPLATFORM alpine:3.20
RUN apk add --no-cache ca-certificates
```

## 建议写法

```dockerfile
FROM alpine:3.20
RUN apk add --no-cache ca-certificates
```

## 修复安全性

修复会删除这个参数。阶段仍为同一平台构建,所以是安全的。如果全局的 `ARG TARGETPLATFORM=...` 替换了自动设置的
值,则不报告。

## 参考

- [BuildKit 检查:RedundantTargetPlatform](https://docs.docker.com/reference/build-checks/redundant-target-platform/)
- [多平台构建](https://docs.docker.com/build/building/multi-platform/)
"#;

#[cfg(test)]
mod tests {
    use super::is_target_platform;

    #[test]
    fn only_the_target_platform_alone() {
        for yes in [
            "$TARGETPLATFORM",
            "${TARGETPLATFORM}",
            "\"$TARGETPLATFORM\"",
            "${TARGETPLATFORM:-linux/amd64}",
        ] {
            assert!(is_target_platform(yes, '\\'), "{yes}");
        }
        for no in [
            "$BUILDPLATFORM",
            "linux/amd64",
            "$TARGETPLATFORM/x",
            "${TARGETPLATFORM:+x}",
            "$TARGETOS/$TARGETARCH",
        ] {
            assert!(!is_target_platform(no, '\\'), "{no}");
        }
    }
}
