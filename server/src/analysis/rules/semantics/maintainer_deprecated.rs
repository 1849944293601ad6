//! `maintainer-deprecated`: `MAINTAINER`, replaced by the `org.opencontainers.image.authors`
//! label.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity, Tag};
use crate::analysis::model::{Args, InstructionKind};
use crate::analysis::rules::suggest::match_case;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "maintainer-deprecated",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["DL4000", "MaintainerDeprecated"],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "`MAINTAINER` is deprecated",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// `value` as a double-quoted `LABEL` value that BuildKit reads back as `value`: the escape
/// character, `"` and `$` escaped.
fn quoted(value: &str, escape: char) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '$' || c == escape {
            out.push(escape);
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    // A `MAINTAINER` trigger is `invalid-onbuild-trigger`'s to report.
    for instruction in &cx.model.instructions {
        if instruction.kind != InstructionKind::Maintainer {
            continue;
        }
        let diagnostic = sink.report(
            instruction.keyword.range,
            "`MAINTAINER` is deprecated: use `LABEL org.opencontainers.image.authors=...`",
        );
        diagnostic.tags.push(Tag::Deprecated);
        let Args::Words(words) = &instruction.args else {
            continue;
        };
        let Some(author) = words.first().filter(|w| !w.value.is_empty()) else {
            continue;
        };
        let label = match_case(&instruction.keyword.value, "LABEL");
        diagnostic.fix = Some(Fix::new(
            "Replace with the `org.opencontainers.image.authors` label",
            Applicability::Safe,
            vec![Edit {
                range: instruction.range,
                new_text: format!(
                    "{label} org.opencontainers.image.authors={}",
                    quoted(&author.value, cx.model.escape)
                ),
            }],
        ));
    }
}

const EN: &str = r#"## What it does

Reports the `MAINTAINER` instruction.

## Why is this bad?

`MAINTAINER` has been deprecated since Docker 1.13. It fills the image's `Author` field, which
few tools read; the OCI annotation `org.opencontainers.image.authors`, set with `LABEL`, is what
registries and scanners show. BuildKit warns (`MaintainerDeprecated`).

## Example

```dockerfile
FROM debian:bookworm-slim
MAINTAINER Jane Doe <jane@example.com>
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
```

## Fix safety

The fix replaces the instruction with the label, the author text quoted so that it stays the
same (`MAINTAINER` never expands variables, so `$` is escaped). It is safe for the image
metadata users see; only the legacy `Author` field is no longer set.

## References

- [Dockerfile reference: MAINTAINER (deprecated)](https://docs.docker.com/reference/dockerfile/#maintainer-deprecated)
- [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
- [hadolint DL4000](https://github.com/hadolint/hadolint/wiki/DL4000)
"#;

const ZH: &str = r#"## 作用

报告 `MAINTAINER` 指令。

## 为什么不好

`MAINTAINER` 从 Docker 1.13 起就已弃用。它填写的是镜像的 `Author` 字段,很少有工具会读取;镜像仓库和扫描
工具展示的是用 `LABEL` 设置的 OCI 注解 `org.opencontainers.image.authors`。BuildKit 会给出
`MaintainerDeprecated` 警告。

## 示例

```dockerfile
FROM debian:bookworm-slim
MAINTAINER Jane Doe <jane@example.com>
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
```

## 修复安全性

修复把这条指令替换为该标签,作者信息加引号以保持原样(`MAINTAINER` 从不展开变量,所以 `$` 会被转义)。
对用户看到的镜像元数据来说是安全的;只是旧的 `Author` 字段不再被设置。

## 参考

- [Dockerfile 参考文档:MAINTAINER(已弃用)](https://docs.docker.com/reference/dockerfile/#maintainer-deprecated)
- [OCI 镜像注解](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
- [hadolint DL4000](https://github.com/hadolint/hadolint/wiki/DL4000)
"#;

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn quotes_keep_the_value() {
        assert_eq!(quoted("Jane <j@x>", '\\'), "\"Jane <j@x>\"");
        assert_eq!(quoted("say \"hi\" $USER \\o/", '\\'), r#""say \"hi\" \$USER \\o/""#);
        assert_eq!(quoted("a\"b", '`'), "\"a`\"b\"");
    }
}
