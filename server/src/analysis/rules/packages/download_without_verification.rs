//! `download-without-verification`: a file downloaded with `curl` or `wget` in RUN is run,
//! piped to a shell, extracted or installed in the same RUN with no checksum or signature check
//! anywhere in it.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::packages::downloads::{Download, download, names_file, verifies};
use crate::analysis::rules::packages::run_scripts;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::scope::expand;
use crate::analysis::shell::{Command, Script, Word};

pub static RULE: Rule = Rule {
    id: "download-without-verification",
    severity: Severity::Info,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Downloaded file run, extracted or installed in RUN without a checksum or signature check",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for run in run_scripts(cx) {
        let script = run.script;
        if script.commands.iter().any(verifies) {
            continue;
        }
        for (i, command) in script.commands.iter().enumerate() {
            let Some(d) = download(command) else { continue };
            if d.no_body || d.opaque {
                continue;
            }
            // The URL as written, or with the build arguments and variables it uses expanded
            // (`.../docker/${DIND_COMMIT}/hack/dind` with `ENV DIND_COMMIT <40 hex>`).
            let pinned = d.urls.iter().any(|u| {
                pinned_by_digest(&u.value)
                    || (u.has_expansion && {
                        let scope = cx.scope_at(run.instruction.range.start);
                        expand(&u.value, cx.model.escape, |name| scope.get(name).and_then(|b| b.value))
                            .is_some_and(|url| pinned_by_digest(&url))
                    })
            });
            if pinned {
                continue;
            }
            let Some((by, how, file)) = first_use(script, i, command, &d) else {
                continue;
            };
            let tool = d.tool.name();
            let message = match file {
                // Run by its own path (`./install.sh`).
                Some(file) if names_file(&by, &file) => {
                    format!("`{tool}` downloads `{file}` and this `RUN` runs it, with no checksum or signature check")
                }
                Some(file) => format!(
                    "`{tool}` downloads `{file}` and `{by}` {} in this `RUN`, with no checksum or signature check",
                    how.phrase()
                ),
                None => format!(
                    "`{tool}` output goes to `{by}`, which {}, with no checksum or signature check in this `RUN`",
                    how.phrase()
                ),
            };
            sink.report(command.effective_name().range, message);
        }
    }
}

#[derive(Clone, Copy)]
enum How {
    Runs,
    Extracts,
    Installs,
    MakesExecutable,
}

impl How {
    /// What the command does with it: "runs it".
    fn phrase(self) -> &'static str {
        match self {
            How::Runs => "runs it",
            How::Extracts => "extracts it",
            How::Installs => "installs it",
            How::MakesExecutable => "makes it executable",
        }
    }
}

/// The first command after the download (command `i`) that runs, extracts or installs what it
/// downloaded, how, and the file it goes through (`None` for a pipe or a substitution).
fn first_use(script: &Script, i: usize, command: &Command, d: &Download<'_>) -> Option<(String, How, Option<String>)> {
    if d.to_stdout {
        if command.pipe_out {
            let pipeline = script.pipeline_of(command)?;
            let later = pipeline.commands.iter().skip_while(|&&j| j != i).skip(1);
            for &j in later {
                let stage = script.commands.get(j)?;
                if let Some(how) = reads_stdin(stage) {
                    return Some((stage.effective_program().to_owned(), how, None));
                }
            }
            return None;
        }
        if command.scope == crate::analysis::shell::Scope::Substitution {
            // `sh -c "$(curl ...)"`, `bash <(curl ...)`, `eval "$(curl ...)"`: the command the
            // substitution is an argument of.
            let outer = script.commands[..i]
                .iter()
                .rev()
                .find(|c| c.range.contains_range(command.range))?;
            let program = outer.effective_program();
            let runs = is_shell(program) || is_interpreter(program) || matches!(program, "eval" | "source" | ".");
            return runs.then(|| (program.to_owned(), How::Runs, None));
        }
    }
    let mut files: Vec<String> = d.files.iter().filter(|f| f.as_str() != "/dev/null").cloned().collect();
    if d.to_stdout {
        files.extend(
            command
                .redirects
                .iter()
                .filter(|r| matches!(r.operator.as_str(), ">" | ">>" | ">|") && r.fd.is_none_or(|fd| fd == 1))
                .filter_map(|r| r.target.as_ref())
                .map(|t| t.value.clone())
                .filter(|t| t != "/dev/null"),
        );
    }
    for later in script.commands.iter().skip(i + 1) {
        for file in &files {
            if let Some(how) = uses_file(later, file) {
                return Some((later.effective_program().to_owned(), how, Some(file.clone())));
            }
        }
    }
    None
}

const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"];

fn is_shell(program: &str) -> bool {
    SHELLS.contains(&program)
}

/// Interpreters that run a script file, or their standard input given `-` or nothing.
fn is_interpreter(program: &str) -> bool {
    program.starts_with("python")
        || matches!(
            program,
            "perl" | "ruby" | "node" | "nodejs" | "php" | "pwsh" | "deno" | "bun"
        )
}

/// What a pipeline stage does with what it reads: a shell or interpreter reading its script
/// from standard input (`sh`, `bash -s -- -y`, `python3 -`), `tar -x`, `cpio -i`.
fn reads_stdin(stage: &Command) -> Option<How> {
    let program = stage.effective_program();
    let args = stage.effective_args();
    if is_shell(program) || is_interpreter(program) {
        for word in args {
            let v = word.value.as_str();
            if v == "-" || v == "--" {
                return Some(How::Runs);
            }
            if let Some(cluster) = v.strip_prefix('-') {
                if cluster.starts_with('-') {
                    continue;
                }
                if cluster.contains('c') || (is_interpreter(program) && cluster.contains(['m', 'e', 'E'])) {
                    return None;
                }
                if is_shell(program) && cluster.contains('s') {
                    return Some(How::Runs);
                }
                continue;
            }
            // A script file: the pipe is its input, not its code.
            return None;
        }
        return Some(How::Runs);
    }
    match program {
        "tar" | "bsdtar" if tar_extracts(args) => Some(How::Extracts),
        "cpio" if stage.flag(&['i'], &["extract"]).is_some() => Some(How::Extracts),
        "funzip" => Some(How::Extracts),
        _ => None,
    }
}

/// `tar -xzf`, `tar xf`, `tar --extract`.
fn tar_extracts(args: &[Word]) -> bool {
    args.iter().enumerate().any(|(n, w)| {
        let v = w.value.as_str();
        match v.strip_prefix('-') {
            Some(long) if long.starts_with('-') => matches!(long, "-extract" | "-get"),
            Some(cluster) => cluster.chars().take_while(char::is_ascii_alphabetic).any(|c| c == 'x'),
            // The old style: the first word holds the letters without a dash.
            None => n == 0 && v.chars().all(|c| c.is_ascii_alphabetic()) && v.contains('x'),
        }
    })
}

/// What `command` does with the downloaded `file`, if it names it.
fn uses_file(command: &Command, file: &str) -> Option<How> {
    if names_file(&command.effective_name().value, file) && command.effective_name().value.contains('/') {
        return Some(How::Runs);
    }
    let program = command.effective_program();
    let args = command.effective_args();
    // An argument naming the file, `--file=x.tgz` included.
    let named = || {
        args.iter().any(|w| {
            let v = w.value.as_str();
            let value = v
                .split_once('=')
                .filter(|_| v.starts_with("--"))
                .map_or(v, |(_, value)| value);
            names_file(value, file)
        })
    };
    // Attached to a short option: `tar -xzf/tmp/x.tgz` is rare, `-xzf` then the file is not.
    match program {
        p if (is_shell(p) || is_interpreter(p) || matches!(p, "source" | "." | "java")) && named() => Some(How::Runs),
        "chmod" if named() && args.iter().any(|w| executable_mode(&w.value)) => Some(How::MakesExecutable),
        "install" if named() && !args.iter().any(|w| w.value == "-d") => Some(How::Installs),
        "tar" | "bsdtar" if tar_extracts(args) && named() => Some(How::Extracts),
        "unzip" | "gunzip" | "bunzip2" | "unxz" | "unzstd" | "funzip" | "unrar" | "7z" | "7za" | "7zr" | "rpm2cpio"
            if named() =>
        {
            Some(How::Extracts)
        }
        "gzip" | "bzip2" | "xz" | "zstd" if command.flag(&['d'], &["decompress"]).is_some() && named() => {
            Some(How::Extracts)
        }
        "dpkg" if command.flag(&['i'], &["install"]).is_some() && named() => Some(How::Installs),
        "dpkg" if command.flag(&['x', 'X'], &["extract", "vextract"]).is_some() && named() => Some(How::Extracts),
        "rpm"
            if command
                .flag(&['i', 'U', 'F'], &["install", "upgrade", "freshen"])
                .is_some()
                && named() =>
        {
            Some(How::Installs)
        }
        "apt-get" | "apt" | "aptitude" | "gdebi" | "yum" | "dnf" | "microdnf" | "zypper" | "apk" | "pip" | "pip3"
        | "gem" | "npm"
            if named() =>
        {
            Some(How::Installs)
        }
        _ => None,
    }
}

/// `+x`, `u+x`, `a+rx`, `755`, `0755`, `775`: a mode that gives someone the right to run.
fn executable_mode(mode: &str) -> bool {
    if mode.bytes().all(|b| b.is_ascii_digit()) {
        return mode.len() >= 3 && mode.bytes().any(|b| matches!(b, b'1' | b'3' | b'5' | b'7'));
    }
    mode.split(',')
        .any(|part| part.contains('+') && part.split('+').nth(1).is_some_and(|p| p.contains('x')))
}

/// A URL that names its content by a commit or digest (`raw.githubusercontent.com/o/r/<40 hex>/x`,
/// `.../sha256:<64 hex>`): what it serves cannot change.
fn pinned_by_digest(url: &str) -> bool {
    url.split(['/', ':', '@'])
        .any(|segment| (segment.len() == 40 || segment.len() == 64) && segment.bytes().all(|b| b.is_ascii_hexdigit()))
}

const EN: &str = r#"## What it does

Reports a `curl` or `wget` download in a `RUN` script whose result the same `RUN` runs, extracts
or installs, when nothing in that `RUN` checks a checksum or signature:

- piped to a shell or an interpreter reading its standard input (`curl ... | sh`,
  `| bash -s -- -y`, `| python3 -`), or to `tar -x`;
- given to a shell as its script (`sh -c "$(curl ...)"`, `bash <(curl ...)`, `eval`);
- saved to a file (`-o`, `-O`, `> file`, wget's own name for it, `-P dir`) that a later command
  of the `RUN` runs (`./install.sh`, `sh install.sh`, `java -jar`), makes executable
  (`chmod +x`, `install`), extracts (`tar -x`, `unzip`, `gunzip`, `7z`) or installs
  (`dpkg -i`, `apt-get install ./x.deb`, `rpm -i`, `apk add`, `pip install`).

Any checksum or signature tool anywhere in the `RUN` counts as the check: `sha256sum -c` (and
the other `sha*sum`, `md5sum`, `b2sum`, `shasum`, a hash computed and compared in a test),
`gpg --verify`, `gpgv`, `cosign verify`, `minisign -V`, `signify -V`, `openssl dgst`,
`rpm -K`, `pip install --require-hashes`. A URL that names its content by a commit hash or a
digest (`raw.githubusercontent.com/org/repo/<40 hex>/install.sh`) is taken as pinned. Keys are
not downloads of this kind: `curl ... | gpg --dearmor -o /etc/apt/keyrings/x.gpg` and
`gpg --import` are not reported, and neither is a file only saved (a later `RUN` may check it).

## Why is this bad?

Whatever the server sends is run as root in the build, or shipped in the image: a compromised
release page, a hijacked domain, a mirror serving an old vulnerable build or a proxy that
rewrites the response all go unnoticed. HTTPS only proves who answered, not that the file is
the one the Dockerfile's author looked at. A checksum written in the Dockerfile (or a signature
checked against a key fetched ahead) makes the build fail instead. The official images of
Docker Hub verify every download this way. Neither hadolint nor BuildKit has this check.

## Example

```dockerfile
FROM debian:bookworm-slim
ARG NODE_VERSION=20.17.0
RUN curl -fsSLO https://nodejs.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-x64.tar.xz \
 && tar -xJf node-v${NODE_VERSION}-linux-x64.tar.xz -C /usr/local --strip-components=1
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
ARG NODE_VERSION=20.17.0
ARG NODE_SHA256=a24db3dcd151a52e75965dba04cf1b3cd579ff30d6e0af9da1aede4d0f17486b
RUN curl -fsSLO https://nodejs.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-x64.tar.xz \
 && echo "${NODE_SHA256}  node-v${NODE_VERSION}-linux-x64.tar.xz" | sha256sum -c - \
 && tar -xJf node-v${NODE_VERSION}-linux-x64.tar.xz -C /usr/local --strip-components=1
```

`ADD --checksum=sha256:... <url>` is another way for a single file.

## Fix safety

There is no fix: the checksum or the signing key has to come from the publisher.

## References

- [Docker Official Images: verifying downloads](https://github.com/docker-library/official-images#image-build)
- [Dockerfile reference: ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
- [sha256sum manual: --check](https://www.gnu.org/software/coreutils/manual/html_node/md5sum-invocation.html)
"#;

const ZH: &str = r#"## 作用

当 `RUN` 脚本中 `curl` 或 `wget` 下载的内容在同一个 `RUN` 中被运行、解压或安装,而该 `RUN` 中没有任何
校验和或签名检查时报告:

- 通过管道交给从标准输入读取脚本的 shell 或解释器(`curl ... | sh`、`| bash -s -- -y`、
  `| python3 -`),或交给 `tar -x`;
- 作为脚本交给 shell(`sh -c "$(curl ...)"`、`bash <(curl ...)`、`eval`);
- 保存为文件(`-o`、`-O`、`> file`、wget 自己取的文件名、`-P dir`),随后被该 `RUN` 中的命令运行
  (`./install.sh`、`sh install.sh`、`java -jar`)、设为可执行(`chmod +x`、`install`)、解压
  (`tar -x`、`unzip`、`gunzip`、`7z`)或安装(`dpkg -i`、`apt-get install ./x.deb`、`rpm -i`、
  `apk add`、`pip install`)。

`RUN` 中任何位置出现的校验和或签名工具都算作检查:`sha256sum -c`(以及其他 `sha*sum`、`md5sum`、
`b2sum`、`shasum`,或在测试中计算并比较哈希)、`gpg --verify`、`gpgv`、`cosign verify`、`minisign -V`、
`signify -V`、`openssl dgst`、`rpm -K`、`pip install --require-hashes`。以提交哈希或摘要命名内容的 URL
(`raw.githubusercontent.com/org/repo/<40 位十六进制>/install.sh`)视为已固定。密钥不属于这类下载:
`curl ... | gpg --dearmor -o /etc/apt/keyrings/x.gpg` 和 `gpg --import` 不报告;只保存而不使用的文件也
不报告(后面的 `RUN` 可能会检查它)。

## 为什么不好

服务器发来的任何内容都会在构建中以 root 身份运行,或随镜像发布:被篡改的发布页面、被劫持的域名、提供
旧的有漏洞版本的镜像站、改写响应的代理,都不会被察觉。HTTPS 只证明是谁在应答,不证明文件就是
Dockerfile 作者当初看到的那个。写在 Dockerfile 中的校验和(或用事先获取的密钥检查的签名)会让构建失败。
Docker Hub 的官方镜像都以这种方式校验每个下载。hadolint 和 BuildKit 都没有这项检查。

## 示例

```dockerfile
FROM debian:bookworm-slim
ARG NODE_VERSION=20.17.0
RUN curl -fsSLO https://nodejs.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-x64.tar.xz \
 && tar -xJf node-v${NODE_VERSION}-linux-x64.tar.xz -C /usr/local --strip-components=1
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
ARG NODE_VERSION=20.17.0
ARG NODE_SHA256=a24db3dcd151a52e75965dba04cf1b3cd579ff30d6e0af9da1aede4d0f17486b
RUN curl -fsSLO https://nodejs.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-x64.tar.xz \
 && echo "${NODE_SHA256}  node-v${NODE_VERSION}-linux-x64.tar.xz" | sha256sum -c - \
 && tar -xJf node-v${NODE_VERSION}-linux-x64.tar.xz -C /usr/local --strip-components=1
```

对单个文件,也可以用 `ADD --checksum=sha256:... <url>`。

## 修复安全性

没有修复:校验和或签名密钥必须来自发布者。

## 参考

- [Docker 官方镜像:校验下载](https://github.com/docker-library/official-images#image-build)
- [Dockerfile 参考:ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
- [sha256sum 手册:--check](https://www.gnu.org/software/coreutils/manual/html_node/md5sum-invocation.html)
"#;
