//! `unknown-instruction`: a keyword that is none of the Dockerfile instructions, with the
//! closest one offered as a fix.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::model::InstructionKind;
use crate::analysis::rules::suggest::{closest, match_case};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "unknown-instruction",
    since: "0.1",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "Keyword that is not a Dockerfile instruction",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in cx.instructions() {
        if instruction.kind != InstructionKind::Unknown {
            continue;
        }
        let keyword = &instruction.keyword;
        let suggestion = closest(&keyword.value, InstructionKind::ALL.iter().map(|k| k.keyword()))
            .map(|canonical| match_case(&keyword.value, canonical));
        let mut message = format!("Unknown instruction `{}`", keyword.value);
        if let Some(s) = &suggestion {
            message.push_str(&format!(" (did you mean `{s}`?)"));
        } else if previous_line_expects_more(cx.text, keyword.range.start) {
            message.push_str(&format!(
                " (is a `{}` missing at the end of the previous line?)",
                cx.model.escape
            ));
        }
        let diagnostic = sink.report(keyword.range, message);
        if let Some(s) = suggestion {
            diagnostic.fix = Some(Fix::new(
                format!("Replace with `{s}`"),
                Applicability::Unsafe,
                vec![Edit {
                    range: keyword.range,
                    new_text: s,
                }],
            ));
        }
    }
}

/// A shell line that ends in `&&`, `||` or `|` was meant to go on: the usual way a shell
/// command turns into an "instruction" is a forgotten line continuation above it.
fn previous_line_expects_more(text: &str, offset: usize) -> bool {
    let before = text.get(..offset).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let previous = before[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'));
    previous.is_some_and(|l| l.ends_with("&&") || l.ends_with("||") || l.ends_with('|'))
}

const EN: &str = r#"## What it does

Reports an instruction keyword that is none of the eighteen Dockerfile instructions, such as a
typo (`RUNN`, `WROKDIR`) or a shell command that ended up on its own line because the line above
it lost its continuation character. When a known instruction is close enough, it is suggested.

## Why is this bad?

BuildKit parses the file, then fails with `unknown instruction: RUNN`, so nothing is built.
Inside `ONBUILD` the mistake is worse: the image builds, and every image built `FROM` it fails.

## Example

```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl &&
    curl -fsSL https://example.com/install.sh -o /tmp/install.sh
WROKDIR /app
```

## Use instead

```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl && \
    curl -fsSL https://example.com/install.sh -o /tmp/install.sh
WORKDIR /app
```

## Fix safety

The fix replaces the keyword with the closest instruction, in the casing the file uses. It is
unsafe: the closest instruction is not always the one that was meant, and a shell command that
lost its continuation needs a different repair.

## References

- [Dockerfile reference: instructions](https://docs.docker.com/reference/dockerfile/#overview)
"#;

const ZH: &str = r#"## 作用

报告不属于 18 条 Dockerfile 指令的关键字,例如拼写错误(`RUNN`、`WROKDIR`),或者因为上一行丢了续行符
而单独成行的 shell 命令。如果有足够接近的已知指令,会给出建议。

## 为什么不好

BuildKit 会在解析之后报错 `unknown instruction: RUNN`,什么都构建不出来。写在 `ONBUILD` 里更糟:
当前镜像能构建成功,但之后每一个以它为基础镜像的构建都会失败。

## 示例

```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl &&
    curl -fsSL https://example.com/install.sh -o /tmp/install.sh
WROKDIR /app
```

## 建议写法

```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl && \
    curl -fsSL https://example.com/install.sh -o /tmp/install.sh
WORKDIR /app
```

## 修复安全性

修复会把关键字替换为最接近的指令,并沿用文件中的大小写风格。它是不安全的修复:最接近的指令不一定是作者想要的,
而丢了续行符的 shell 命令需要的是另一种修改。

## 参考

- [Dockerfile 参考文档:指令概览](https://docs.docker.com/reference/dockerfile/#overview)
"#;
