//! `wget-without-progress`: `wget` printing its progress bar into the build log; the fix adds
//! `--progress=dot:giga` (or `-q` where wget is BusyBox's).

use crate::analysis::diagnostic::{Applicability, Fix, Severity};
use crate::analysis::rules::packages::{busybox_stage, insert_word_after, run_scripts};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::Command;

pub static RULE: Rule = Rule {
    id: "wget-without-progress",
    since: "0.1",
    severity: Severity::Info,
    aliases: &["DL3047"],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "`wget` without `--progress`, `-q` or `-nv` floods the build log",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let runs = run_scripts(cx);
    for run in runs {
        for command in run.script.commands.iter().filter(|c| c.runs("wget")) {
            if is_quiet(command) || fetches_small_files(command) {
                continue;
            }
            let name = command.effective_name();
            let d = sink.report(
                name.range,
                "`wget` without `--progress` fills the build log with its progress bar",
            );
            let option = if busybox_stage(cx.model, runs, run) {
                "-q"
            } else {
                "--progress=dot:giga"
            };
            d.fix = Some(Fix::new(
                format!("Add `{option}`"),
                Applicability::Safe,
                vec![insert_word_after(run.script, name, option)],
            ));
        }
    }
}

/// Signatures, checksums and keys are a few hundred bytes: their progress is one line. Told by
/// the file written (`-O x.asc`) or by the URLs.
fn fetches_small_files(command: &Command) -> bool {
    const SMALL: &[&str] = &[
        ".asc",
        ".sig",
        ".sign",
        ".gpg",
        ".pgp",
        ".key",
        ".pem",
        ".sha1",
        ".sha256",
        ".sha512",
        ".sha256sum",
        ".sha512sum",
        ".md5",
        ".txt",
        ".json",
    ];
    let small = |name: &str| {
        let path = name.split(['?', '#']).next().unwrap_or("");
        SMALL.iter().any(|ext| path.ends_with(ext))
    };
    if command
        .flag_value(&['O'], &["output-document"])
        .is_some_and(|output| output != "-" && small(output))
    {
        return true;
    }
    let mut urls = command.operands().filter(|w| w.value.contains("://")).peekable();
    urls.peek().is_some() && urls.all(|w| small(&w.value))
}

/// `--progress=...`, `-q`/`--quiet`, `-nv`/`--no-verbose`, or a log file (`-o`, `-a`).
fn is_quiet(command: &Command) -> bool {
    command
        .flag(
            &['q', 'o', 'a'],
            &["progress", "quiet", "no-verbose", "output-file", "append-output"],
        )
        .is_some()
        || command
            .effective_args()
            .iter()
            .take_while(|w| w.value != "--")
            .any(|w| w.value == "-nv")
}

const EN: &str = r#"## What it does

Reports `wget` without `--progress=...`, `-q` (`--quiet`), `-nv` (`--no-verbose`) or a log file
(`-o`, `-a`). Downloads of signatures, checksums and keys (`.asc`, `.sig`, `.sha256`, `.pem`...),
whose progress is a single line, are not reported. On the corpus the rule still fires on about a
third of the official images, which fetch their sources with a plain `wget -O`: that is the
finding (a Python tarball is hundreds of lines of dots in a plain build log), so it stays, as
info.

## Why is this bad?

Without a terminal, GNU wget prints its progress as rows of dots, a line per few kilobytes: a
large download adds thousands of lines to the build log and buries the output that matters.
`--progress=dot:giga` prints a line per 32 MB instead; `-nv` prints one line per file.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN wget https://example.com/app.tar.gz
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN wget --progress=dot:giga https://example.com/app.tar.gz
```

## Fix safety

The fix adds `--progress=dot:giga` after `wget`, or `-q` in stages built on Alpine or BusyBox
(or that use `apk`), whose BusyBox wget does not know `--progress`. It is safe: only what wget
prints changes, not what it downloads.

## References

- [hadolint DL3047](https://github.com/hadolint/hadolint/wiki/DL3047)
- [GNU Wget manual: --progress](https://www.gnu.org/software/wget/manual/wget.html#index-progress-indicator)
"#;

const ZH: &str = r#"## 作用

报告没有 `--progress=...`、`-q`(`--quiet`)、`-nv`(`--no-verbose`)或日志文件(`-o`、`-a`)的 `wget`。
下载签名、校验和与密钥(`.asc`、`.sig`、`.sha256`、`.pem` 等)时进度只有一行,不予报告。在语料库中,
本规则仍会命中约三分之一的官方镜像,它们用不带选项的 `wget -O` 下载源码:这正是要报告的问题(一个
Python 源码包在纯文本构建日志中就是几百行点),因此保留,级别为 info。

## 为什么不好

没有终端时,GNU wget 会把进度打印成一行行的点,每几 KB 一行:一次大下载会给构建日志增加成千上万行,
淹没真正重要的输出。`--progress=dot:giga` 改为每 32 MB 一行;`-nv` 每个文件只打印一行。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN wget https://example.com/app.tar.gz
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN wget --progress=dot:giga https://example.com/app.tar.gz
```

## 修复安全性

修复会在 `wget` 后加上 `--progress=dot:giga`;在基于 Alpine 或 BusyBox(或使用 `apk`)的阶段中则加上
`-q`,因为 BusyBox 的 wget 不认识 `--progress`。修复是安全的:改变的只是 wget 打印的内容,而不是它
下载的内容。

## 参考

- [hadolint DL3047](https://github.com/hadolint/hadolint/wiki/DL3047)
- [GNU Wget 手册:--progress](https://www.gnu.org/software/wget/manual/wget.html#index-progress-indicator)
"#;
