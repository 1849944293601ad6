//! `empty-continuation-line`: a blank line inside an instruction continued with the escape
//! character; the fix deletes it.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "empty-continuation-line",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["NoEmptyContinuation"],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "Blank line inside a continued instruction",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Heredoc bodies are not continuations, and the scanner does not record their blank lines.
fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for &blank in &cx.model.empty_continuation_lines {
        let line = whole_line(cx.text, blank);
        let owner = cx
            .model
            .instructions
            .iter()
            .find(|i| i.range.contains_range(TextRange::empty(blank.start)));
        let message = match owner {
            Some(i) => format!("Empty line inside the continued `{}` instruction", i.keyword.value),
            None => "Empty line inside a continued instruction".to_string(),
        };
        let diagnostic = sink.report(line, message);
        diagnostic.fix = Some(Fix::new(
            "Remove the empty line",
            Applicability::Safe,
            vec![Edit {
                range: line,
                new_text: String::new(),
            }],
        ));
    }
}

/// The whole physical line `range` starts on, with its line break, whatever part of the line
/// the model recorded: the diagnostic covers the line so that an editor highlights it even when
/// it is empty, and the fix deletes exactly that.
fn whole_line(text: &str, range: TextRange) -> TextRange {
    let start = text.get(..range.start).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let end = text
        .get(range.start..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| range.start + i + 1);
    TextRange::new(start, end)
}

const EN: &str = r#"## What it does

Reports a blank line (empty or only whitespace) inside an instruction that is continued with the
escape character (`\`, or `` ` `` after `# escape=`). Comment lines inside a continuation are
fine, and so are blank lines in a heredoc body, which is not a continuation.

## Why is this bad?

BuildKit skips the blank line today, but prints `Empty continuation lines will become errors in a
future release`. A blank line also reads like the end of the instruction, so the next lines look
like separate instructions when they are not.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl && \

    rm -rf /var/lib/apt/lists/*
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl && \
    rm -rf /var/lib/apt/lists/*
```

## Fix safety

The fix deletes the blank line. It is safe: BuildKit already ignores the line, so the
instruction it builds is the same.

## References

- [Build checks: NoEmptyContinuation](https://docs.docker.com/reference/build-checks/no-empty-continuation/)
- [Dockerfile reference: escape](https://docs.docker.com/reference/dockerfile/#escape)
"#;

const ZH: &str = r#"## 作用

报告用转义字符(`\`,或在 `# escape=` 之后的 `` ` ``)续行的指令中间出现的空行(空行或只有空白的行)。
续行中的注释行没有问题;heredoc 正文不是续行,其中的空行也不会报告。

## 为什么不好

BuildKit 目前会跳过这样的空行,但会提示 `Empty continuation lines will become errors in a future release`。
空行看起来像是指令的结尾,让后面的行看上去像是独立的指令,实际上并不是。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl && \

    rm -rf /var/lib/apt/lists/*
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl && \
    rm -rf /var/lib/apt/lists/*
```

## 修复安全性

修复会删除这个空行。它是安全的:BuildKit 本来就忽略这一行,构建出的指令完全相同。

## 参考

- [构建检查:NoEmptyContinuation](https://docs.docker.com/reference/build-checks/no-empty-continuation/)
- [Dockerfile 参考文档:escape](https://docs.docker.com/reference/dockerfile/#escape)
"#;
