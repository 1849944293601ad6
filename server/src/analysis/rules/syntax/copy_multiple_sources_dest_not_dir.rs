//! `copy-multiple-sources-dest-not-dir`: `COPY a b dest` (or `ADD`) whose destination does not
//! end in `/`, which the classic builder refuses and hadolint reports as DL3021.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::model::{Args, InstructionKind, Word, heredoc};
use crate::analysis::reference::parsed_flags;
use crate::analysis::rules::suggest::closest;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::scope::expand;
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "copy-multiple-sources-dest-not-dir",
    since: "0.1",
    severity: Severity::Error,
    aliases: &["DL3021"],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "`COPY`/`ADD` of several sources to a destination that does not end in `/`",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// A path that names a directory whatever follows it: `dir/`, `.`, `..`, `dir/.`, and the
/// Windows separator.
fn is_directory(path: &str) -> bool {
    path.ends_with(['/', '\\']) || path == "." || path == ".." || path.ends_with("/.") || path.ends_with("/..")
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in cx.instructions() {
        if !matches!(instruction.kind, InstructionKind::Copy | InstructionKind::Add) {
            continue;
        }
        let (words, json): (&[Word], bool) = match &instruction.args {
            Args::Words(w) => (w, false),
            Args::Json { elements, .. } => (elements, true),
            _ => continue,
        };
        let Some((dest, sources)) = words.split_last() else {
            continue;
        };
        // A one-dash typo of a flag (`COPY -from=build a b`) is a source for BuildKit, but
        // `unknown-flag` reports the typo as the problem; counting it here would report its
        // consequence a second time.
        let typos: Vec<TextRange> = instruction
            .flags
            .iter()
            .filter(|f| f.dashes == 1)
            .filter(|f| {
                let names = parsed_flags(instruction).unwrap_or_default().iter().map(|s| s.name);
                closest(&f.name.value, names).is_some()
            })
            .map(|f| f.range)
            .collect();
        let counted = sources
            .iter()
            .filter(|w| !typos.iter().any(|t| t.contains_range(w.range)))
            .count();
        // A heredoc as the destination is a syntax error BuildKit reports first; a slash would
        // only make it another heredoc, never terminated.
        let heredoc = !json && matches!(heredoc::parse_marker(&dest.raw), Ok(Some(_)));
        if counted < 2 || is_directory(&dest.value) || heredoc {
            continue;
        }
        if dest.raw.contains('$') {
            let scope = cx.scope_at(instruction.range.start);
            let value = expand(&dest.raw, cx.model.escape, |n| scope.get(n).and_then(|b| b.value));
            // Unknown until the build: only a known value can be judged.
            if value.as_deref().is_none_or(is_directory) {
                continue;
            }
        }
        // The slash goes inside the closing quote of a quoted or JSON word.
        let quoted = json || ends_with_closing_quote(&dest.raw);
        let at = if quoted { dest.range.end - 1 } else { dest.range.end };
        let diagnostic = sink.report(
            dest.range,
            format!(
                "`{}` copies {} sources, so its destination `{}` must be a directory ending in `/`",
                instruction.keyword.value, counted, dest.value
            ),
        );
        diagnostic.fix = Some(Fix::new(
            "Add a trailing `/` to the destination",
            Applicability::Safe,
            vec![Edit {
                range: TextRange::empty(at),
                new_text: "/".into(),
            }],
        ));
    }
}

/// Whether the word's last character closes a quote it opened; an unmatched quote (`8"`) is a
/// literal character, and a slash before it would not end the destination.
fn ends_with_closing_quote(raw: &str) -> bool {
    let mut open: Option<char> = None;
    let mut closed_last = false;
    for c in raw.chars() {
        closed_last = false;
        match open {
            Some(q) if c == q => {
                open = None;
                closed_last = true;
            }
            Some(_) => {}
            None if c == '"' || c == '\'' => open = Some(c),
            None => {}
        }
    }
    closed_last
}

const EN: &str = r#"## What it does

Reports a `COPY` or `ADD` with more than one source whose destination does not end in `/` (a
destination of `.` or `..` is a directory by name and is accepted).

## Why is this bad?

Several sources can only go into a directory. The classic builder refuses the instruction
(`When using COPY with more than one source file, the destination must be a directory and end
with a /`). BuildKit accepts it but copies each source in turn onto the same path, so the last
file overwrites the others and `app` ends up a single file
([moby/buildkit#1853](https://github.com/moby/buildkit/issues/1853)).

## Example

```dockerfile
FROM node:22-alpine
WORKDIR /usr/src
COPY package.json package-lock.json app
```

## Use instead

```dockerfile
FROM node:22-alpine
WORKDIR /usr/src
COPY package.json package-lock.json app/
```

## Fix safety

The fix appends `/` to the destination (inside its quotes). It is marked safe because the line
cannot have meant anything else: several sources into one file only ever keeps the last. Note
that BuildKit's result changes (from one overwritten file to all the sources in a directory).

## References

- [Dockerfile reference: COPY](https://docs.docker.com/reference/dockerfile/#copy)
- [hadolint DL3021](https://github.com/hadolint/hadolint/wiki/DL3021)
"#;

const ZH: &str = r#"## 作用

报告有多个源、但目标路径不以 `/` 结尾的 `COPY` 或 `ADD`(目标为 `.` 或 `..` 时按名字就是目录,不报告)。

## 为什么不好

多个源只能复制进一个目录。经典构建器会直接拒绝这条指令(`When using COPY with more than one source
file, the destination must be a directory and end with a /`)。BuildKit 虽然接受,但会把各个源依次复制到
同一个路径上,后一个文件覆盖前一个,`app` 最后只是一个文件
([moby/buildkit#1853](https://github.com/moby/buildkit/issues/1853))。

## 示例

```dockerfile
FROM node:22-alpine
WORKDIR /usr/src
COPY package.json package-lock.json app
```

## 建议写法

```dockerfile
FROM node:22-alpine
WORKDIR /usr/src
COPY package.json package-lock.json app/
```

## 修复安全性

修复会在目标路径末尾(引号内)加上 `/`。它被标为安全,因为这一行不可能有别的含义:多个源复制成一个文件只会
留下最后一个。注意 BuildKit 的构建结果会改变(从一个被覆盖的文件变成目录里的全部源文件)。

## 参考

- [Dockerfile 参考文档:COPY](https://docs.docker.com/reference/dockerfile/#copy)
- [hadolint DL3021](https://github.com/hadolint/hadolint/wiki/DL3021)
"#;

#[cfg(test)]
mod tests {
    use crate::analysis::config::Config;
    use crate::analysis::fixes::{self, FixMode};
    use crate::analysis::{Host, analyze};

    #[test]
    fn a_literal_quote_at_the_end_is_not_a_closing_quote() {
        // Found by fuzzing: `8"` got its slash before the `"`, giving `8/"`, still not a
        // directory, so every round added a slash.
        for (text, fixed) in [
            ("FROM a\nCOPY c 8 8\"\n", "FROM a\nCOPY c 8 8\"/\n"),
            // BuildKit splits COPY on blanks: the destination is `e"`, its quote a literal.
            ("FROM a\nCOPY c 8 \"d e\"\n", "FROM a\nCOPY c 8 \"d e\"/\n"),
            ("FROM a\nCOPY c 8 \"d\"\n", "FROM a\nCOPY c 8 \"d/\"\n"),
        ] {
            let outcome = fixes::fix_all(text, FixMode::Safe, fixes::MAX_ROUNDS, &mut |t| {
                analyze(t, &Config::default(), &Host::none(), None)
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.rule == super::RULE.id)
                    .collect()
            });
            assert!(outcome.converged, "{text:?}");
            assert_eq!(outcome.text, fixed);
        }
    }
}
