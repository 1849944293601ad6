//! `legacy-key-value-format`: `ENV key value` and `LABEL key value`, the form without `=` that
//! takes the whole rest of the line as one value.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::model::{Args, InstructionKind, KeyValue};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "legacy-key-value-format",
    since: "0.1",
    severity: Severity::Info,
    aliases: &["LegacyKeyValueFormat"],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "`ENV`/`LABEL` in the legacy `key value` form",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// How many words the `key=value` form would make of `raw`.
#[derive(Debug, PartialEq, Eq)]
enum Words {
    One,
    Several,
    /// A quote is left open: BuildKit cannot read the value either way.
    Unbalanced,
}

fn words(raw: &str, escape: char) -> Words {
    let mut quote: Option<char> = None;
    let mut several = false;
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some('"') if c == escape => {
                chars.next();
            }
            Some(_) => {}
            None if c == escape => {
                chars.next();
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            // Every blank the lexer splits words on, not only space and tab (a vertical tab or
            // a form feed would make `key=v<VT>1` two words, the second without `=`).
            None if c.is_whitespace() => several = true,
            None => {}
        }
    }
    match (quote, several) {
        (Some(_), _) => Words::Unbalanced,
        (None, true) => Words::Several,
        (None, false) => Words::One,
    }
}

/// The edits that turn `key value` into `key=value` with the same value, when there is a way
/// to write it that is sure to mean the same: one word as is, several plain words in double
/// quotes (nothing in them that double quotes would read differently).
fn rewrite(text: &str, kv: &KeyValue, escape: char) -> Option<Vec<Edit>> {
    let value = kv.value.as_ref()?;
    let separator = TextRange::new(kv.key.range.end, value.range.start);
    if separator.is_empty() || !separator.slice(text).chars().all(char::is_whitespace) {
        return None;
    }
    // The legacy form takes the key as written; `key=value` would read quotes and escapes in it
    // (`ENV " s n` would become `"="s n`, an open quote).
    if kv.key.range.slice(text).contains(['"', '\'', '`', '\\', escape]) {
        return None;
    }
    let equals = Edit {
        range: separator,
        new_text: "=".into(),
    };
    match words(&value.raw, escape) {
        Words::One => return Some(vec![equals]),
        Words::Unbalanced => return None,
        Words::Several => {}
    }
    let plain = !value.raw.contains(['"', '\'', '`', '\\', escape, '\n', '\r']);
    plain.then(|| {
        vec![
            equals,
            Edit {
                range: value.range,
                new_text: format!("\"{}\"", value.raw),
            },
        ]
    })
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in cx.instructions() {
        if !matches!(instruction.kind, InstructionKind::Env | InstructionKind::Label) {
            continue;
        }
        let Args::KeyValues(pairs) = &instruction.args else {
            continue;
        };
        for kv in pairs.iter().filter(|kv| kv.legacy) {
            let several_words = kv
                .value
                .as_ref()
                .is_some_and(|v| words(&v.raw, cx.model.escape) == Words::Several);
            let diagnostic = sink.report(
                kv.range,
                format!(
                    "`{} {} <value>` is the legacy form: write `{}=<value>`",
                    instruction.keyword.value, kv.key.value, kv.key.value
                ),
            );
            // Where the two forms would read the value differently, it is worth a warning.
            if several_words {
                diagnostic.severity = Severity::Warning;
            }
            if let Some(edits) = rewrite(cx.text, kv, cx.model.escape) {
                diagnostic.fix = Some(Fix::new("Write `key=value`", Applicability::Safe, edits));
            }
        }
    }
}

const EN: &str = r#"## What it does

Reports `ENV key value` and `LABEL key value`: the old form without `=`, where everything after
the key is one value.

## Why is this bad?

The two forms read alike but split differently: `ENV A b c` sets `A` to `b c`, while
`ENV A=b c` is an error. The legacy form allows only one pair per instruction, and the Docker
documentation marks it as deprecated. BuildKit warns (`LegacyKeyValueFormat`).

The catalog has this rule as a warning, like BuildKit. On the corpus it fired on half of the
files (1,700 times in 482 of 954, most of them official images written as `ENV NAME value` long
ago), nearly always with a one-word value where both forms mean the same. It is therefore an
info, raised to a warning for a value of several words, where the legacy form is the one that
surprises.

## Example

```dockerfile
FROM python:3.13-slim
ENV PYTHONUNBUFFERED 1
ENV APP_HOME /srv/app
LABEL description A small web service
```

## Use instead

```dockerfile
FROM python:3.13-slim
ENV PYTHONUNBUFFERED=1
ENV APP_HOME=/srv/app
LABEL description="A small web service"
```

## Fix safety

The fix writes `=` between key and value, and puts a value of several words in double quotes.
The value stays exactly the same, so it is safe; when the value holds quotes or escapes that
double quotes would read differently, no fix is offered.

## References

- [Dockerfile reference: ENV](https://docs.docker.com/reference/dockerfile/#env)
- [BuildKit check: LegacyKeyValueFormat](https://docs.docker.com/reference/build-checks/legacy-key-value-format/)
"#;

const ZH: &str = r#"## 作用

报告 `ENV key value` 和 `LABEL key value`:不带 `=` 的旧写法,键后面的所有内容都是一个值。

## 为什么不好

两种写法看起来相似,拆分方式却不同:`ENV A b c` 把 `A` 设为 `b c`,而 `ENV A=b c` 会报错。旧写法每条指令
只能有一对键值,Docker 文档已将其标为弃用。BuildKit 会给出 `LegacyKeyValueFormat` 警告。

规则目录中它和 BuildKit 一样是警告。但在语料库上,它在一半的文件中触发(954 个文件中的 482 个,共 1,700 次,
大多是很早以前写成 `ENV NAME value` 的官方镜像),而且几乎都是单个单词的值,两种写法含义相同。因此它的级别是
信息;只有值由多个单词组成、旧写法真正容易让人误解时,才升为警告。

## 示例

```dockerfile
FROM python:3.13-slim
ENV PYTHONUNBUFFERED 1
ENV APP_HOME /srv/app
LABEL description A small web service
```

## 建议写法

```dockerfile
FROM python:3.13-slim
ENV PYTHONUNBUFFERED=1
ENV APP_HOME=/srv/app
LABEL description="A small web service"
```

## 修复安全性

修复在键和值之间写上 `=`,多个单词的值用双引号括起来。值完全不变,所以是安全的;如果值里有双引号会改变
含义的引号或转义字符,则不提供修复。

## 参考

- [Dockerfile 参考文档:ENV](https://docs.docker.com/reference/dockerfile/#env)
- [BuildKit 检查:LegacyKeyValueFormat](https://docs.docker.com/reference/build-checks/legacy-key-value-format/)
"#;

#[cfg(test)]
mod tests {
    use super::{Words, words};
    use crate::analysis::config::Config;
    use crate::analysis::{Host, analyze};

    #[test]
    fn a_key_with_quotes_or_escapes_gets_no_fix() {
        // Found by fuzzing: `ENV " s n` was fixed into `ENV "="s n`, a new syntax error.
        for (text, fixable) in [
            ("FROM a\nENV \" s n\n", false),
            ("FROM a\nLABEL 'k' v\n", false),
            ("FROM a\nENV k v\n", true),
        ] {
            let fixes: Vec<bool> = analyze(text, &Config::default(), &Host::none(), None)
                .diagnostics
                .iter()
                .filter(|d| d.rule == super::RULE.id)
                .map(|d| d.fix.is_some())
                .collect();
            assert_eq!(fixes, [fixable], "{text:?}");
        }
    }

    #[test]
    fn every_blank_the_lexer_splits_on_counts() {
        assert_eq!(words("v\u{b}0.10.0", '\\'), Words::Several);
        assert_eq!(words("a\u{c}b", '\\'), Words::Several);
        assert_eq!(words("a\u{3000}b", '\\'), Words::Several);
        assert_eq!(words("\"a\u{b}b\"", '\\'), Words::One);
    }

    #[test]
    fn blanks_outside_quotes() {
        assert_eq!(words("a b", '\\'), Words::Several);
        assert_eq!(words("\"a b\"", '\\'), Words::One);
        assert_eq!(words("'a b'", '\\'), Words::One);
        assert_eq!(words("a\\ b", '\\'), Words::One);
        assert_eq!(words("a` b c", '\\'), Words::Several);
        assert_eq!(words("a` b", '`'), Words::One);
        assert_eq!(words("it's complicated", '\\'), Words::Unbalanced);
    }
}
