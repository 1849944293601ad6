//! `invalid-json-form`: arguments that look like a JSON array but are not one BuildKit accepts.
//! Valid JSON that is not an array of strings fails the build (error); anything else that is not
//! valid JSON silently becomes shell form (warning), with a fix for single-quoted arrays.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "invalid-json-form",
    since: "0.1",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "Arguments that look like a JSON array but are not valid exec form",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// The scanner decides what is JSON, as BuildKit does, and marks as fatal the arrays BuildKit
/// refuses; the others it silently reads another way, which is worth a warning.
fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for problem in cx.model.problems.iter().filter(|p| p.rule == RULE.id) {
        let diagnostic = sink.report(problem.range, problem.message.clone());
        if problem.fatal {
            continue;
        }
        diagnostic.severity = Severity::Warning;
        if let Some(edits) = single_quotes_to_double(cx.text, problem.range) {
            diagnostic.fix = Some(Fix::new("Use double quotes", Applicability::Unsafe, edits));
        }
    }
}

/// `['a', 'b']` → `["a", "b"]`, quote by quote so the layout stays. Only for arrays whose
/// elements are all plain single-quoted strings: a `"` or `\` inside one would need an escaping
/// decision that is the author's.
fn single_quotes_to_double(text: &str, range: TextRange) -> Option<Vec<Edit>> {
    let source = range.slice(text);
    let lead = source.len() - source.trim_start().len();
    let body = source.trim();
    let inner = body.strip_prefix('[')?.strip_suffix(']')?;
    let base = range.start + lead + 1;
    let mut edits = Vec::new();
    let mut rest = inner;
    let mut expect_element = true;
    loop {
        let trimmed = rest.trim_start();
        let offset = base + (inner.len() - trimmed.len());
        if trimmed.is_empty() {
            break;
        }
        if expect_element {
            let after_open = trimmed.strip_prefix('\'')?;
            let close = after_open.find('\'')?;
            let content = &after_open[..close];
            if content.contains(['"', '\\']) {
                return None;
            }
            edits.push(quote_at(offset));
            edits.push(quote_at(offset + 1 + close));
            rest = &after_open[close + 1..];
            expect_element = false;
        } else {
            rest = trimmed.strip_prefix(',')?;
            expect_element = true;
        }
    }
    (!edits.is_empty() && !expect_element).then_some(edits)
}

fn quote_at(offset: usize) -> Edit {
    Edit {
        range: TextRange::new(offset, offset + 1),
        new_text: "\"".to_string(),
    }
}

const EN: &str = r#"## What it does

Reports arguments of `RUN`, `CMD`, `ENTRYPOINT`, `SHELL`, `HEALTHCHECK CMD`, `COPY`, `ADD` and
`VOLUME` that start with `[` but are not a JSON array of strings:

- **error**: valid JSON that is not an array of strings (`CMD ["sleep", 10]`, nested arrays).
  BuildKit fails the build.
- **warning**: text that is not valid JSON at all: single quotes (`['nginx', '-g']`), a missing
  comma, a trailing comma, an unterminated string. BuildKit silently treats it as shell form.

## Why is this bad?

The warning case is the dangerous one: the build succeeds, but `CMD ['nginx', '-g', 'daemon
off;']` runs `/bin/sh -c "['nginx', '-g', 'daemon off;']"`, which fails when the container
starts, far from the line that caused it. JSON strings need double quotes.

## Example

```dockerfile
FROM nginx:1.27-alpine
CMD ['nginx', '-g', 'daemon off;']
HEALTHCHECK CMD ["curl", "-f", "http://localhost/", 5]
```

## Use instead

```dockerfile
FROM nginx:1.27-alpine
CMD ["nginx", "-g", "daemon off;"]
HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]
```

## Fix safety

For arrays of single-quoted strings, the fix turns each `'` into `"`. It is unsafe: it changes
the instruction from shell form to exec form, which is what was meant but not what BuildKit
currently runs.

## References

- [Dockerfile reference: shell and exec form](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)
"#;

const ZH: &str = r#"## 作用

报告 `RUN`、`CMD`、`ENTRYPOINT`、`SHELL`、`HEALTHCHECK CMD`、`COPY`、`ADD`、`VOLUME` 中以 `[` 开头、
却不是 JSON 字符串数组的参数:

- **错误**:合法的 JSON,但不是字符串数组(`CMD ["sleep", 10]`、嵌套数组)。BuildKit 会让构建失败。
- **警告**:根本不是合法 JSON 的文本:单引号(`['nginx', '-g']`)、缺少逗号、多余的尾逗号、未闭合的字符串。
  BuildKit 会悄悄把它当作 shell 形式。

## 为什么不好

警告的情况更危险:构建能够成功,但 `CMD ['nginx', '-g', 'daemon off;']` 实际执行的是
`/bin/sh -c "['nginx', '-g', 'daemon off;']"`,容器启动时才失败,离出错的那一行很远。JSON 字符串必须使用双引号。

## 示例

```dockerfile
FROM nginx:1.27-alpine
CMD ['nginx', '-g', 'daemon off;']
HEALTHCHECK CMD ["curl", "-f", "http://localhost/", 5]
```

## 建议写法

```dockerfile
FROM nginx:1.27-alpine
CMD ["nginx", "-g", "daemon off;"]
HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]
```

## 修复安全性

对于由单引号字符串组成的数组,修复会把每个 `'` 换成 `"`。它是不安全的修复:指令会从 shell 形式变为 exec 形式——
这正是作者的本意,但并不是 BuildKit 目前实际执行的方式。

## 参考

- [Dockerfile 参考文档:shell 形式与 exec 形式](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edits: &[Edit]) -> String {
        let mut out = text.to_string();
        for e in edits.iter().rev() {
            out.replace_range(e.range.as_range(), &e.new_text);
        }
        out
    }

    #[test]
    fn single_quoted_arrays_get_double_quotes() {
        let text = "CMD [ 'nginx', '-g',  'daemon off;' ]\n";
        let range = TextRange::new(4, text.len() - 1);
        let edits = single_quotes_to_double(text, range).unwrap_or_default();
        assert_eq!(apply(text, &edits), "CMD [ \"nginx\", \"-g\",  \"daemon off;\" ]\n");
    }

    #[test]
    fn other_shapes_get_no_fix() {
        for args in [
            "['a' 'b']",
            "['a',]",
            "['a\"b']",
            "['C:\\x']",
            "[]",
            "['a', \"b\"]",
            "'a'",
        ] {
            let text = format!("CMD {args}");
            assert!(
                single_quotes_to_double(&text, TextRange::new(4, text.len())).is_none(),
                "{args}"
            );
        }
    }
}
