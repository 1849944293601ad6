//! `wget-and-curl`: one stage downloads with both `wget` and `curl`; reported on the uses of the
//! tool that came second.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::packages::run_scripts;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "wget-and-curl",
    since: "0.1",
    severity: Severity::Info,
    aliases: &["DL4001"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Both `wget` and `curl` used in one stage",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// A download tool and where it is invoked.
type Use = (&'static str, TextRange);

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let runs = run_scripts(cx);
    // Per stage (ONBUILD triggers run in another image), each use in file order.
    let mut stages: Vec<(Option<usize>, Vec<Use>)> = Vec::new();
    for run in runs.iter().filter(|r| !r.trigger) {
        for command in &run.script.commands {
            let tool = match command.effective_program() {
                "wget" => "wget",
                "curl" => "curl",
                _ => continue,
            };
            let use_ = (tool, command.effective_name().range);
            match stages.iter_mut().find(|(s, _)| *s == run.stage) {
                Some((_, uses)) => uses.push(use_),
                None => stages.push((run.stage, vec![use_])),
            }
        }
    }
    for (_, uses) in stages {
        let Some(&(first, _)) = uses.first() else { continue };
        let Some(&(second, _)) = uses.iter().find(|(t, _)| *t != first) else {
            continue;
        };
        for (_, range) in uses.iter().filter(|(t, _)| *t == second) {
            sink.report(
                *range,
                format!("`{second}` in a stage that already downloads with `{first}`: use one of them"),
            );
        }
    }
}

const EN: &str = r#"## What it does

Reports a stage whose `RUN` scripts download with both `wget` and `curl`, on each use of the tool
that appears second.

## Why is this bad?

Both tools do the same job here. Needing both means installing both (or keeping both from the
base image), and the scripts handle errors, redirects and retries in two different ways.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL -o /tmp/a.tgz https://example.com/a.tgz
RUN wget -q -O /tmp/b.tgz https://example.com/b.tgz
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL -o /tmp/a.tgz https://example.com/a.tgz
RUN curl -fsSL -o /tmp/b.tgz https://example.com/b.tgz
```

## Fix safety

There is no fix: the two tools take different options.

## References

- [hadolint DL4001](https://github.com/hadolint/hadolint/wiki/DL4001)
"#;

const ZH: &str = r#"## 作用

报告在 `RUN` 脚本中同时用 `wget` 和 `curl` 下载的阶段,在后出现的那个工具的每次使用处报告。

## 为什么不好

两个工具在这里做的是同一件事。同时需要它们就得安装两者(或从基础镜像保留两者),而且脚本会用两种
不同的方式处理错误、重定向和重试。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL -o /tmp/a.tgz https://example.com/a.tgz
RUN wget -q -O /tmp/b.tgz https://example.com/b.tgz
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL -o /tmp/a.tgz https://example.com/a.tgz
RUN curl -fsSL -o /tmp/b.tgz https://example.com/b.tgz
```

## 修复安全性

没有修复:两个工具的选项各不相同。

## 参考

- [hadolint DL4001](https://github.com/hadolint/hadolint/wiki/DL4001)
"#;
