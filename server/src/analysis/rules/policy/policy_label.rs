//! `policy-label`: the labels `required-labels` asks for (hadolint's `label-schema`) missing from
//! the image, empty, or not of their kind; with `strict-labels`, labels it does not list.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, InstructionKind, KeyValue};
use crate::analysis::policy::LabelKind;
use crate::analysis::rules::policy::final_chain;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::scope;

pub static RULE: Rule = Rule {
    id: "policy-label",
    since: "0.2",
    severity: Severity::Warning,
    aliases: &[
        "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3058",
    ],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Label the policy requires missing, empty or malformed, or not allowed (required-labels, strict-labels)",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// hadolint's codes for the findings that are not about a value's kind.
const MISSING: &str = "DL3049";
const NOT_ALLOWED: &str = "DL3050";
const EMPTY: &str = "DL3051";

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let policy = &cx.config.policy;
    if policy.required_labels.is_empty() && !policy.strict_labels {
        return;
    }
    // Labels of every stage (not of ONBUILD triggers, which label the child images).
    for (index, instruction) in cx.model.instructions.iter().enumerate() {
        if instruction.kind != InstructionKind::Label || cx.model.stage_of(index).is_none() {
            continue;
        }
        let Args::KeyValues(pairs) = &instruction.args else {
            continue;
        };
        for kv in pairs {
            // A key built from a variable is only known at build time.
            if kv.raw_key.contains('$') {
                continue;
            }
            match policy.label_kind(&kv.key.value) {
                Some(kind) => check_value(cx, sink, kv, kind),
                None if policy.strict_labels => {
                    let listed: Vec<String> = policy.required_labels.iter().map(|l| format!("`{}`", l.name)).collect();
                    let allowed = if listed.is_empty() {
                        "no labels".to_owned()
                    } else {
                        listed.join(", ")
                    };
                    sink.report(
                        kv.key.range,
                        format!(
                            "Label `{}` is not allowed: with `strict-labels` the policy allows {allowed}",
                            kv.key.value
                        ),
                    )
                    .code = Some(NOT_ALLOWED);
                }
                None => {}
            }
        }
    }
    // The final stage's image carries the labels of its own stage and of the stages it is built on.
    let chain = final_chain(cx.model);
    let Some(&last) = chain.first() else { return };
    let mut present: Vec<&str> = Vec::new();
    for &stage in &chain {
        for instruction in &cx.model.instructions[cx.model.stages[stage].instructions.clone()] {
            if let (InstructionKind::Label, Args::KeyValues(pairs)) = (instruction.kind, &instruction.args) {
                present.extend(pairs.iter().map(|kv| kv.key.value.as_str()));
            }
        }
    }
    let from = &cx.model.instructions[cx.model.stages[last].from];
    for required in &policy.required_labels {
        if !present.contains(&required.name.as_str()) {
            sink.report(
                from.range,
                format!(
                    "Label `{}` ({}) is missing from the image this stage builds",
                    required.name,
                    required.kind.name()
                ),
            )
            .code = Some(MISSING);
        }
    }
}

/// An empty value, or one not of `kind`. A value that depends on a build argument without a
/// default is only known at build time and is not judged.
fn check_value(cx: &Context<'_>, sink: &mut Sink<'_>, kv: &KeyValue, kind: LabelKind) {
    let Some(word) = &kv.value else { return };
    let value = if word.raw.contains('$') {
        let scope = cx.scope_at(word.range.start);
        match scope::expand(&word.raw, cx.model.escape, |name| scope.get(name).and_then(|b| b.value)) {
            Some(value) => value,
            None => return,
        }
    } else {
        word.value.clone()
    };
    let range = if word.range.is_empty() { kv.range } else { word.range };
    if value.is_empty() {
        sink.report(range, format!("Label `{}` is empty", kv.key.value)).code = Some(EMPTY);
    } else if !kind.accepts(&value) {
        sink.report(
            range,
            format!("Label `{}` should be {}, not `{value}`", kv.key.value, kind.expected()),
        )
        .code = kind.code();
    }
}

const EN: &str = r#"## What it does

Checks the labels of the image against `[policy] required-labels`, a table of label names and
the kind of value each must hold (hadolint's `label-schema` in a `.hadolint.yaml` says the same):

| kind | a valid value | code |
| --- | --- | --- |
| `text` | anything not empty | |
| `url` | an absolute URL (RFC 3986) | DL3052 |
| `email` | an e-mail address (RFC 5322) | DL3058 |
| `semver` | a semantic version (SemVer 2.0.0) | DL3056 |
| `rfc3339` | a date and time (RFC 3339) | DL3053 |
| `spdx` | an SPDX license expression | DL3054 |
| `git-hash` (or hadolint's `hash`) | a Git commit hash | DL3055 |

It reports a required label missing from the image the file builds (DL3049), a required label
whose value is empty, whatever its kind (DL3051), and a value not of its kind. With
`strict-labels = true` it also reports every label the table does not list (DL3050).

The image is the final stage's: its labels and those of the stages it is built `FROM` count.
hadolint checks every stage that is not copied from; a build stage's labels never reach an
image, so they are not asked for here. A value built from a build argument without a default is
only known at build time and is not judged (hadolint asks for `text` there); one whose argument
has a default is judged by that default, as the build uses it unless told otherwise. An `spdx` value may
be a whole expression (`MIT OR Apache-2.0`), as the OCI `licenses` label holds; a `git-hash` may
be abbreviated to 7 to 40 digits, as `git rev-parse --short` gives on large repositories.

## Why is this bad?

Labels are how registries, scanners and people find out where an image comes from: the OCI
annotations `org.opencontainers.image.source`, `.revision`, `.version` and `.licenses` link an
image to its code and its license. A missing or malformed value breaks that link without anyone
noticing until it is needed.

## Example

```toml
[policy]
required-labels = { "org.opencontainers.image.source" = "url", "org.opencontainers.image.version" = "semver" }
```

```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.version="v1.4"
```

## Use instead

```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.source="https://github.com/acme/app" \
      org.opencontainers.image.version="1.4.0"
```

## Fix safety

There is no fix: only the author knows the values.

## References

- [Policies](https://github.com/dockerfile-lsp/dockerfile-lsp/blob/main/docs/policies.md)
- [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
- [hadolint: linting labels](https://github.com/hadolint/hadolint#linting-labels)
"#;

const ZH: &str = r#"## 作用

按 `[policy] required-labels` 检查镜像的标签。该表列出标签名以及每个标签必须具有的值的类型
(`.hadolint.yaml` 中 hadolint 的 `label-schema` 含义相同):

| 类型 | 合法的值 | 代码 |
| --- | --- | --- |
| `text` | 任意非空值 | |
| `url` | 绝对 URL(RFC 3986) | DL3052 |
| `email` | 电子邮件地址(RFC 5322) | DL3058 |
| `semver` | 语义化版本(SemVer 2.0.0) | DL3056 |
| `rfc3339` | 日期时间(RFC 3339) | DL3053 |
| `spdx` | SPDX 许可证表达式 | DL3054 |
| `git-hash`(或 hadolint 的 `hash`) | Git 提交哈希 | DL3055 |

它会报告:文件构建出的镜像缺少必需的标签(DL3049);必需标签的值为空,无论何种类型
(DL3051);值不符合其类型。设置 `strict-labels = true` 时,还会报告表中未列出的每个标签
(DL3050)。

所检查的镜像是最终阶段的镜像:它自身以及它 `FROM` 的各阶段的标签都计算在内。hadolint
检查每个未被复制的阶段;而构建阶段的标签永远不会进入镜像,因此这里不要求它们。由没有默认值的
构建参数拼出的值要到构建时才知道,不作判断(hadolint 要求此时使用 `text`);参数有默认值时按默认值
判断,因为除非另行指定,构建就使用该值。`spdx` 值可以是
完整的表达式(`MIT OR Apache-2.0`),正如 OCI 的 `licenses` 标签所用;`git-hash` 可以缩写为
7 到 40 位,与大型仓库中 `git rev-parse --short` 给出的一致。

## 为什么不好

标签是镜像仓库、扫描工具和人了解镜像来源的方式:OCI 注解 `org.opencontainers.image.source`、
`.revision`、`.version` 和 `.licenses` 把镜像与其代码和许可证联系起来。缺失或格式错误的值会
悄悄切断这种联系,直到需要时才被发现。

## 示例

```toml
[policy]
required-labels = { "org.opencontainers.image.source" = "url", "org.opencontainers.image.version" = "semver" }
```

```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.version="v1.4"
```

## 建议写法

```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.source="https://github.com/acme/app" \
      org.opencontainers.image.version="1.4.0"
```

## 修复安全性

没有修复:只有作者知道这些值。

## 参考

- [策略](https://github.com/dockerfile-lsp/dockerfile-lsp/blob/main/docs/policies.zh-CN.md)
- [OCI 镜像注解](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
- [hadolint:检查标签](https://github.com/hadolint/hadolint#linting-labels)
"#;
