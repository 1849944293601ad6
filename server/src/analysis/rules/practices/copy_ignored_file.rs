//! `copy-ignored-file`: a COPY/ADD source that the context's `.dockerignore` excludes, so the
//! builder never receives it.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::practices::common::{context_sources, ignorer, top_level_copies};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "copy-ignored-file",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["CopyIgnoredFile"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`COPY`/`ADD` source excluded by `.dockerignore`",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let Some((file, ignorer)) = ignorer(cx.fs) else {
        return;
    };
    for instruction in top_level_copies(cx.model) {
        for (word, path) in context_sources(cx.model, instruction) {
            // Copying the context root copies what the ignore file lets through, by design.
            if path.is_empty() {
                continue;
            }
            if let Some(pattern) = ignorer.excluded_by(&path) {
                sink.report(
                    word.range,
                    format!(
                        "`{}` source `{path}` is excluded by `{file}` (line {}: `{}`)",
                        instruction.kind.keyword(),
                        pattern.line + 1,
                        pattern.pattern
                    ),
                );
            }
        }
    }
}

const EN: &str = r#"## What it does

Reports a `COPY` or `ADD` source that the build context's ignore file excludes: the
`<Dockerfile>.dockerignore` next to the Dockerfile, or `.dockerignore` at the root of the context.
Patterns are matched as BuildKit matches them (Go `filepath.Match` with `**`, `!` exceptions,
the last matching line wins, a pattern that matches a folder excludes everything in it), against
the source as written, after its variables are expanded; the context root itself (`COPY . .`)
is not reported. Sources of `COPY --from`, URLs, heredocs and `ONBUILD` triggers are not in
this context and are not looked at.

The rule needs to know the build context: in an editor or with `check`, the Dockerfile's folder
(or the configured context); with no context, it stays quiet.

## Why is this bad?

Excluded files are never sent to the builder. The `COPY` then fails with "not found", or, for a
pattern or a folder, silently copies less than it says. Either the ignore file or the
instruction is wrong, and the one reading the Dockerfile cannot tell which.

## Example

With a `.dockerignore` containing `*.md`:

```dockerfile
FROM nginx:1.27-alpine
COPY README.md /usr/share/nginx/html/
```

## Use instead

```dockerfile
FROM nginx:1.27-alpine
COPY docs/index.html /usr/share/nginx/html/
```

or re-include the file in `.dockerignore` with `!README.md` after `*.md`.

## Fix safety

There is no fix: whether the ignore file or the Dockerfile should change is the author's call.

## References

- [BuildKit check CopyIgnoredFile](https://docs.docker.com/reference/build-checks/copy-ignored-file/)
- [.dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
"#;

const ZH: &str = r#"## 作用

报告被构建上下文的忽略文件排除的 `COPY` 或 `ADD` 来源。忽略文件是 Dockerfile 旁边的
`<Dockerfile>.dockerignore`,或者上下文根目录下的 `.dockerignore`。模式按 BuildKit 的方式匹配(带 `**`
的 Go `filepath.Match`、`!` 例外、最后一个匹配的行生效、匹配目录的模式会排除目录下的一切),匹配对象是写出的
来源在展开变量之后的路径;上下文根目录本身(`COPY . .`)不报告。`COPY --from` 的来源、URL、heredoc 和
`ONBUILD` 触发器都不属于这个上下文,不会检查。

这条规则需要知道构建上下文:在编辑器中或使用 `check` 时,就是 Dockerfile 所在目录(或配置的上下文);
没有上下文时不报告。

## 为什么不好

被排除的文件根本不会发送给构建器。于是 `COPY` 会以 "not found" 失败;如果来源是模式或目录,则会悄悄地少复制
一些文件。要么忽略文件错了,要么指令错了,读 Dockerfile 的人无从判断。

## 示例

`.dockerignore` 中有 `*.md` 时:

```dockerfile
FROM nginx:1.27-alpine
COPY README.md /usr/share/nginx/html/
```

## 建议写法

```dockerfile
FROM nginx:1.27-alpine
COPY docs/index.html /usr/share/nginx/html/
```

或者在 `.dockerignore` 中 `*.md` 之后用 `!README.md` 把这个文件重新包含进来。

## 修复安全性

没有自动修复:该改忽略文件还是改 Dockerfile,由作者决定。

## 参考

- [BuildKit 检查 CopyIgnoredFile](https://docs.docker.com/reference/build-checks/copy-ignored-file/)
- [.dockerignore 文件](https://docs.docker.com/build/concepts/context/#dockerignore-files)
"#;
