//! `curl-without-fail`: `curl` in RUN whose response body is used (written to a file, piped,
//! captured) without `-f`: an HTTP error page becomes the content. The unsafe fix adds `-f`.

use crate::analysis::diagnostic::{Applicability, Fix, Severity};
use crate::analysis::rules::packages::downloads::{Tool, download, stdout_used, verified_later};
use crate::analysis::rules::packages::{insert_word_after, run_scripts, stage_chain};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::Script;

pub static RULE: Rule = Rule {
    id: "curl-without-fail",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "`curl` without `-f` in RUN: an HTTP error page becomes the downloaded file",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let runs = run_scripts(cx);
    // `fail` written to a `.curlrc` by an earlier RUN makes every curl fail on errors.
    let curlrc: Vec<bool> = runs.iter().map(|r| writes_curlrc(r.script)).collect();
    for (i, run) in runs.iter().enumerate() {
        for (j, command) in run.script.commands.iter().enumerate() {
            let Some(d) = download(command).filter(|d| d.tool == Tool::Curl) else {
                continue;
            };
            if d.fail || d.no_body || d.writes_out || d.opaque {
                continue;
            }
            // A file checked against a checksum or signature right after fails there instead.
            let unchecked = |f: &&String| f.as_str() != "/dev/null" && !verified_later(run.script, j, f);
            if !d.files.is_empty() && !d.files.iter().any(|f| unchecked(&f)) {
                continue;
            }
            let to_file = d.files.iter().find(unchecked);
            let redirected = command.redirects.iter().find_map(|r| {
                let stdout = matches!(r.operator.as_str(), ">" | ">>" | ">|") && r.fd.is_none_or(|fd| fd == 1);
                r.target.as_ref().filter(|_| stdout).map(|t| t.value.as_str())
            });
            let place = match (to_file, d.to_stdout && stdout_used(command)) {
                (Some(file), _) => format!("into `{file}`"),
                (None, false) => continue,
                (None, true) => match redirected {
                    Some(file) if file != "/dev/null" => format!("into `{file}`"),
                    _ if command.pipe_out => "into the pipe".to_owned(),
                    _ => "into the command substitution".to_owned(),
                },
            };
            let chain = stage_chain(cx.model, run.stage);
            let configured = runs[..=i].iter().zip(&curlrc).any(|(r, &writes)| {
                writes && (r.index == run.index || (!r.trigger && r.stage.is_some_and(|s| chain.contains(&s))))
            });
            if configured {
                continue;
            }
            let name = command.effective_name();
            let d = sink.report(
                name.range,
                format!(
                    "`curl` without `-f` (`--fail`): on an HTTP error it writes the server's error page {place} and succeeds"
                ),
            );
            d.fix = Some(Fix::new(
                "Add `-f`",
                Applicability::Unsafe,
                vec![insert_word_after(run.script, name, "-f")],
            ));
        }
    }
}

/// A command of the script names a `.curlrc` (`echo fail >> ~/.curlrc`), in an argument or as
/// the file it writes.
fn writes_curlrc(script: &Script) -> bool {
    script.commands.iter().any(|c| {
        c.effective_args()
            .iter()
            .chain(c.redirects.iter().filter_map(|r| r.target.as_ref()))
            .any(|w| w.value.contains("curlrc"))
    })
}

const EN: &str = r#"## What it does

Reports `curl` in a `RUN` script without `-f` (`--fail`, `--fail-with-body`; also inside a
cluster such as `-fsSL` or `-sSfL`) when the response body is used: written to a file (`-o`,
`-O`, `> file`), piped to another command, or captured by `$(...)`.

It stays quiet where the body goes nowhere or the status is handled another way: `curl` printing
into the build log, `-o /dev/null`, `-I` (`--head`), `--version` and `--help`, `-w` (the
script reads `%{http_code}` itself), options read from a file (`-K`, or a `.curlrc` an earlier
`RUN` of the stage writes), a file the same `RUN` then checks against a checksum or signature
(`echo "$SHA256 *x.tgz" | sha256sum -c -`, `gpg --verify x.tgz.asc x.tgz`: an error page fails
the check, and the build with it), and `HEALTHCHECK`, whose `curl` is not a download. A `curl` followed
by `|| true` or `|| fallback` is reported too: without `-f` an HTTP error is not a failure, so
the fallback never runs for it and the error page is kept.

## Why is this bad?

Without `-f`, curl treats an HTTP error (404, 403, 500) like any response: it writes the error
page where the file was meant to go and exits with 0. The build goes on with an HTML page as the
tarball, the key, the binary or the install script, and fails later with a confusing message
(`gzip: stdin: not in gzip format`, `sh: 1: Syntax error`) or, worse, not at all: a page saved
as `/usr/local/bin/tool` is found broken only when the container runs. With `-f`, curl exits
with 22 and the `RUN` fails at the download, naming the URL. Neither hadolint nor BuildKit has
this check.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN curl -sSL -o /usr/local/bin/yq https://github.com/mikefarah/yq/releases/download/v4.44.3/yq_linux_amd64 \
 && chmod +x /usr/local/bin/yq
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL -o /usr/local/bin/yq https://github.com/mikefarah/yq/releases/download/v4.44.3/yq_linux_amd64 \
 && chmod +x /usr/local/bin/yq
```

## Fix safety

The fix adds `-f` after `curl`. It is unsafe because it changes what the build does on an HTTP
error: the `RUN` now fails where it used to go on, which is the point, but a script that relied
on reading the error body (an API that answers 404 for "absent") then stops there.

## References

- [curl manual: --fail](https://curl.se/docs/manpage.html#-f)
- [curl manual: --fail-with-body](https://curl.se/docs/manpage.html#--fail-with-body)
"#;

const ZH: &str = r#"## 作用

当 `RUN` 脚本中的 `curl` 没有 `-f`(`--fail`、`--fail-with-body`;也包括 `-fsSL`、`-sSfL`
这样的组合写法),而响应内容又被使用时报告:写入文件(`-o`、`-O`、`> file`)、通过管道交给另一个命令,
或被 `$(...)` 捕获。

响应内容无处可去或状态已用别的方式处理时不报告:输出到构建日志的 `curl`、`-o /dev/null`、`-I`
(`--head`)、`--version` 与 `--help`、`-w`(脚本自己读取 `%{http_code}`)、从文件读取选项(`-K`,或本阶段
先前的 `RUN` 写入的 `.curlrc`)、同一个 `RUN` 随后用校验和或签名检查的文件
(`echo "$SHA256 *x.tgz" | sha256sum -c -`、`gpg --verify x.tgz.asc x.tgz`:错误页面会让检查失败,构建也随之
失败),以及 `HEALTHCHECK` 中的 `curl`(它不是下载)。后跟 `|| true` 或
`|| 备用命令` 的 `curl` 同样报告:没有 `-f` 时 HTTP 错误不算失败,备用命令不会因它运行,错误页面会被保留。

## 为什么不好

没有 `-f` 时,curl 把 HTTP 错误(404、403、500)当作普通响应:把错误页面写到本该放文件的地方,并以 0
退出。构建会把一个 HTML 页面当作压缩包、密钥、二进制文件或安装脚本继续下去,随后以令人困惑的信息失败
(`gzip: stdin: not in gzip format`、`sh: 1: Syntax error`),更糟的是根本不失败:保存为
`/usr/local/bin/tool` 的页面要到容器运行时才被发现是坏的。加上 `-f` 后,curl 以 22 退出,`RUN` 在下载处
失败并指出 URL。hadolint 和 BuildKit 都没有这项检查。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN curl -sSL -o /usr/local/bin/yq https://github.com/mikefarah/yq/releases/download/v4.44.3/yq_linux_amd64 \
 && chmod +x /usr/local/bin/yq
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL -o /usr/local/bin/yq https://github.com/mikefarah/yq/releases/download/v4.44.3/yq_linux_amd64 \
 && chmod +x /usr/local/bin/yq
```

## 修复安全性

修复会在 `curl` 后加上 `-f`。它不安全,因为它改变了 HTTP 出错时构建的行为:`RUN` 会在原先继续执行的地方
失败——这正是目的;但依赖读取错误响应的脚本(例如用 404 表示“不存在”的 API)会就此停下。

## 参考

- [curl 手册:--fail](https://curl.se/docs/manpage.html#-f)
- [curl 手册:--fail-with-body](https://curl.se/docs/manpage.html#--fail-with-body)
"#;
