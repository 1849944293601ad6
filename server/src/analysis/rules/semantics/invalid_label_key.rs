//! `invalid-label-key`: a label key that does not follow Docker's key format (lower-case
//! reverse-DNS words of `a-z`, `0-9`, `.` and `-`), or uses a namespace Docker reserves. One
//! diagnostic per `LABEL`: on the key when one is wrong, else on the keyword with each key as a
//! related place.

use crate::analysis::diagnostic::{Related, Severity, code_list};
use crate::analysis::model::{Args, InstructionKind, KeyValue};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "invalid-label-key",
    severity: Severity::Hint,
    aliases: &["DL3048"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Label key not in lower-case reverse-DNS form",
    docs: Docs { en: EN, zh: ZH },
    check,
};

const RESERVED: &[&str] = &["com.docker.", "io.docker.", "org.dockerproject."];

/// What can be wrong with a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    /// In a namespace Docker reserves (`com.docker.`).
    Reserved(&'static str),
    /// Not lower-case reverse-DNS.
    Form,
}

impl Problem {
    /// The message of a finding about this key alone.
    fn message(self, key: &str) -> String {
        match self {
            Problem::Reserved(ns) => format!("Label key `{key}` is in the `{ns}` namespace, which Docker reserves"),
            Problem::Form => format!(
                "Label key `{key}` is not in the lower-case reverse-DNS form (`org.example.name`: `a-z`, `0-9`, single `.` and `-`)"
            ),
        }
    }

    /// The message of this key as a related place of a finding about several keys, which
    /// spells the form out already.
    fn short(self, key: &str) -> String {
        match self {
            Problem::Reserved(ns) => format!("`{key}` is in the `{ns}` namespace, which Docker reserves"),
            Problem::Form => format!("`{key}` is not in the lower-case reverse-DNS form"),
        }
    }
}

/// What is wrong with `key`, as hadolint's DL3048 judges it.
fn problem(key: &str) -> Option<Problem> {
    if let Some(ns) = RESERVED.iter().find(|ns| key.starts_with(*ns)) {
        return Some(Problem::Reserved(ns));
    }
    let valid_chars = key
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
    let starts = key.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
    let ends = key
        .bytes()
        .last()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if !valid_chars || !starts || !ends || key.contains("..") || key.contains("--") {
        return Some(Problem::Form);
    }
    None
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in cx.instructions() {
        if instruction.kind != InstructionKind::Label {
            continue;
        }
        let Args::KeyValues(pairs) = &instruction.args else {
            continue;
        };
        let bad: Vec<(&KeyValue, Problem)> = pairs
            .iter()
            // A key built from a variable is only known at build time.
            .filter(|kv| !kv.raw_key.contains('$'))
            .filter_map(|kv| problem(&kv.key.value).map(|p| (kv, p)))
            .collect();
        match bad.as_slice() {
            [] => {}
            [(kv, problem)] => {
                sink.report(kv.key.range, problem.message(&kv.key.value));
            }
            many => {
                let keys: Vec<&str> = many.iter().map(|(kv, _)| kv.key.value.as_str()).collect();
                let what = if many.iter().all(|(_, p)| *p == Problem::Form) {
                    "are not in the lower-case reverse-DNS form"
                } else if many.iter().all(|(_, p)| matches!(p, Problem::Reserved(_))) {
                    "are in namespaces Docker reserves"
                } else {
                    "do not follow Docker's recommendations for keys"
                };
                let d = sink.report(
                    instruction.keyword.range,
                    format!("{} label keys {what}: {}", many.len(), code_list(&keys)),
                );
                d.related = many
                    .iter()
                    .map(|(kv, problem)| Related::new(kv.key.range, problem.short(&kv.key.value)))
                    .collect();
            }
        }
    }
}

const EN: &str = r#"## What it does

Reports a `LABEL` key that is not made of lower-case letters, digits, `.` and `-` (starting with a
letter, ending with a letter or digit, no `..` or `--`), or that uses the `com.docker.`,
`io.docker.` or `org.dockerproject.` namespaces Docker reserves for itself. It is a hint: any
string is a valid key, the format is a convention. One `LABEL` gets one finding: on the key when
one is wrong, else on `LABEL` with the keys listed in the message and each one as a related
place. hadolint reports every key on its own, and so did this rule: a long `LABEL` made dozens of
findings about one instruction.

## Why is this bad?

Docker's guidelines ask for reverse-DNS keys (`org.opencontainers.image.source`,
`com.example.team`) so that labels from different tools do not collide, and tools that filter on
labels (`docker ps --filter label=...`, Kubernetes selectors, registries) handle lower-case keys
best. Keys such as `Version` or `build_date` read fine but sit outside every convention.

## Example

```dockerfile
FROM alpine:3.20
LABEL Version="1.4.2" build_date="2024-06-01" com.docker.extension.api="1"
```

## Use instead

```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.version="1.4.2" org.opencontainers.image.created="2024-06-01"
```

## Fix safety

There is no fix: whoever reads the label needs the new key too.

## References

- [Docker object labels: key format recommendations](https://docs.docker.com/engine/manage-resources/labels/#key-format-recommendations)
- [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
- [hadolint DL3048](https://github.com/hadolint/hadolint/wiki/DL3048)
"#;

const ZH: &str = r#"## 作用

报告不是由小写字母、数字、`.` 和 `-` 组成(以字母开头、以字母或数字结尾、没有 `..` 或 `--`)的 `LABEL` 键,
以及使用了 Docker 保留的 `com.docker.`、`io.docker.`、`org.dockerproject.` 命名空间的键。这只是提示:
任何字符串都是合法的键,格式只是约定。一条 `LABEL` 只报告一次:只有一个键有问题时标在该键上,否则标在
`LABEL` 上,消息中列出这些键,并把每个键作为相关位置。hadolint 逐个键报告,本规则以前也是如此:一条很长的
`LABEL` 会对同一条指令产生几十条结果。

## 为什么不好

Docker 的指南要求使用反向 DNS 形式的键(`org.opencontainers.image.source`、`com.example.team`),以免不同
工具的标签互相冲突;按标签筛选的工具(`docker ps --filter label=...`、Kubernetes 选择器、镜像仓库)对小写键的
处理也最好。`Version` 或 `build_date` 这样的键读起来没问题,但不符合任何约定。

## 示例

```dockerfile
FROM alpine:3.20
LABEL Version="1.4.2" build_date="2024-06-01" com.docker.extension.api="1"
```

## 建议写法

```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.version="1.4.2" org.opencontainers.image.created="2024-06-01"
```

## 修复安全性

没有自动修复:读取标签的一方也需要使用新的键。

## 参考

- [Docker 对象标签:键格式建议](https://docs.docker.com/engine/manage-resources/labels/#key-format-recommendations)
- [OCI 镜像注解](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
- [hadolint DL3048](https://github.com/hadolint/hadolint/wiki/DL3048)
"#;

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn keys() {
        for ok in [
            "maintainer",
            "org.opencontainers.image.source",
            "com.example.team-name",
            "version2",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in [
            "Version",
            "build_date",
            "1abc",
            "abc.",
            "a..b",
            "a--b",
            "com.docker.x",
            "",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}
