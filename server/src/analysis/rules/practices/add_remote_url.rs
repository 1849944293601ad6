//! `add-remote-url`: `ADD https://...` without `--checksum`, a download nobody verifies.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::InstructionKind;
use crate::analysis::rules::practices::common::{copy_args, expanded_source, is_git, is_url};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "add-remote-url",
    since: "0.1",
    severity: Severity::Info,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`ADD` of a URL without `--checksum`",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in cx.instructions() {
        if instruction.kind != InstructionKind::Add || instruction.flag("checksum").is_some() {
            continue;
        }
        let Some(args) = copy_args(instruction) else {
            continue;
        };
        for word in args.sources {
            let value = expanded_source(cx.model, instruction, word).unwrap_or_else(|| word.value.clone());
            // A git source is pinned by its ref, not by a checksum of a download.
            if is_url(&value) && !is_git(&value) {
                sink.report(
                    word.range,
                    format!("`ADD` downloads `{value}` without `--checksum`: its content is not verified"),
                );
            }
        }
    }
}

const EN: &str = r#"## What it does

Reports a URL source of `ADD` when the instruction has no `--checksum`. Git sources
(`https://.../repo.git#v1.2`) are not reported: a tag or commit pins them.

## Why is this bad?

`ADD https://...` downloads whatever the server returns at build time, with no check that it is
the file the author meant. A compromised or changed download ends up in the image unnoticed, and
the layer cache may keep serving an old download, or refetch a new one, depending on the server's
headers. Downloading in `RUN` with `curl` or `wget` and checking a hash is explicit; so is
`ADD --checksum=sha256:...`, which BuildKit verifies.

## Example

```dockerfile
FROM alpine:3.20
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /tini
```

## Use instead

```dockerfile
FROM alpine:3.20
ARG TINI_SHA256=<the SHA-256 published with the release>
ADD --checksum=sha256:${TINI_SHA256} \
    https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /tini
```

## Fix safety

There is no fix: the checksum has to come from the publisher or from a download you trust.

## References

- [Dockerfile reference: ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
- [Dockerfile best practices: ADD or COPY](https://docs.docker.com/build/building/best-practices/#add-or-copy)
"#;

const ZH: &str = r#"## 作用

当 `ADD` 的来源是 URL 而指令没有 `--checksum` 时报告。git 来源(`https://.../repo.git#v1.2`)不报告:
标签或提交已经固定了它。

## 为什么不好

`ADD https://...` 在构建时下载服务器返回的任何内容,并不检查它是不是作者想要的文件。被篡改或被替换的下载
会悄无声息地进入镜像;构建缓存是继续用旧的下载还是重新获取,还取决于服务器返回的头信息。在 `RUN` 里用
`curl` 或 `wget` 下载并校验哈希是明确的做法;`ADD --checksum=sha256:...` 也是,BuildKit 会校验它。

## 示例

```dockerfile
FROM alpine:3.20
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /tini
```

## 建议写法

```dockerfile
FROM alpine:3.20
ARG TINI_SHA256=<发布页公布的 SHA-256>
ADD --checksum=sha256:${TINI_SHA256} \
    https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /tini
```

## 修复安全性

没有自动修复:校验和必须来自发布者,或来自你信任的一次下载。

## 参考

- [Dockerfile 参考文档:ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
- [Dockerfile 最佳实践:ADD 还是 COPY](https://docs.docker.com/build/building/best-practices/#add-or-copy)
"#;
