//! `apt-key-deprecated`: `apt-key` in RUN. It is deprecated since apt 2.1, its last releases
//! are Debian 12 and Ubuntu 24.04, and Debian 13 no longer has it.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Base, Model};
use crate::analysis::rules::packages::{run_scripts, stage_chain};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "apt-key-deprecated",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`apt-key` is deprecated and gone from Debian 13: use a keyring file with `signed-by`",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for run in run_scripts(cx) {
        for command in run.script.commands.iter().filter(|c| c.runs("apt-key")) {
            let message = match release_without_apt_key(cx.model, run.stage) {
                Some(image) => format!(
                    "`apt-key` is not in `{image}`, whose apt no longer has it: this `RUN` fails. Save the key under `/etc/apt/keyrings` and name it with `signed-by`"
                ),
                None => "`apt-key` is deprecated (its last releases are Debian 12 and Ubuntu 24.04): save the key under `/etc/apt/keyrings` and name it with `signed-by`".to_owned(),
            };
            sink.report(command.effective_name().range, message);
        }
    }
}

/// The stage's base image when it is a release known to ship without `apt-key`: Debian 13
/// (trixie) and later, testing and unstable, and images built on them (`python:3.13-trixie`).
fn release_without_apt_key(model: &Model, stage: Option<usize>) -> Option<String> {
    let chain = stage_chain(model, stage);
    let root = model.stages.get(*chain.last()?)?;
    let Base::Image { image: Some(image), .. } = &root.base else {
        return None;
    };
    let tag = image.tag.as_ref()?.value.to_ascii_lowercase();
    let repository = image.repository.value.to_ascii_lowercase();
    let debian = repository == "debian" || repository.ends_with("/debian");
    let codename = ["trixie", "forky", "duke", "sid"]
        .iter()
        .any(|c| tag.split(['-', '.', '_']).any(|part| part == *c));
    let debian_release = debian
        && (tag.starts_with("testing")
            || tag.starts_with("unstable")
            || tag
                .split(['.', '-'])
                .next()
                .and_then(|m| m.parse::<u32>().ok())
                .is_some_and(|m| m >= 13));
    (codename || debian_release).then(|| {
        format!(
            "{}:{}",
            image.repository.value,
            image.tag.as_ref().map_or("", |t| &t.value)
        )
    })
}

const EN: &str = r#"## What it does

Reports `apt-key` in a `RUN` script (`apt-key add`, `apt-key adv --recv-keys`, `apt-key list`).
On a base image known to ship without it (Debian 13 "trixie" and later, `testing`, `unstable`,
and images built on them such as `python:3.13-trixie`) the message says the `RUN` fails.

## Why is this bad?

`apt-key` has been deprecated since apt 2.1 (Debian 11, Ubuntu 20.10): its manual says it is
last available in Debian 12 and Ubuntu 24.04, and Debian 13 no longer has it, so the
Dockerfile stops building the day its base image moves on. It also adds the key to the keyring
that every repository trusts: a key added for one vendor's repository can sign packages that
replace Debian's own. A keyring file referenced with `signed-by` is trusted for that one
repository only. Neither hadolint nor BuildKit has this check.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl gnupg \
 && curl -fsSL https://download.docker.com/linux/debian/gpg | apt-key add - \
 && echo "deb https://download.docker.com/linux/debian bookworm stable" > /etc/apt/sources.list.d/docker.list \
 && apt-get update && apt-get install -y --no-install-recommends docker-ce-cli \
 && rm -rf /var/lib/apt/lists/*
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
 && install -d -m 0755 /etc/apt/keyrings \
 && curl -fsSL https://download.docker.com/linux/debian/gpg -o /etc/apt/keyrings/docker.asc \
 && echo "deb [signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/debian bookworm stable" \
      > /etc/apt/sources.list.d/docker.list \
 && apt-get update && apt-get install -y --no-install-recommends docker-ce-cli \
 && rm -rf /var/lib/apt/lists/*
```

apt reads an ASCII-armored key (`.asc`) or a binary one (`.gpg`, from `gpg --dearmor`) directly,
so `gnupg` is not needed. A key fetched from a key server (`apt-key adv --recv-keys`) becomes
`gpg --keyserver <server> --recv-keys <fingerprint>` into a temporary `GNUPGHOME`, then
`gpg --export <fingerprint> > /etc/apt/keyrings/<name>.gpg`. In deb822 `.sources` files the
field is `Signed-By:`.

## Fix safety

There is no fix: the keyring file's name and the `signed-by` option in the repository's
sources entry (often written in another command, or another `RUN`) go together.

## References

- [apt-key(8): deprecation](https://manpages.debian.org/bookworm/apt/apt-key.8.en.html)
- [Debian wiki: third-party repositories](https://wiki.debian.org/DebianRepository/UseThirdParty)
- [sources.list(5): signed-by](https://manpages.debian.org/bookworm/apt/sources.list.5.en.html)
"#;

const ZH: &str = r#"## 作用

报告 `RUN` 脚本中的 `apt-key`(`apt-key add`、`apt-key adv --recv-keys`、`apt-key list`)。若基础镜像已知
不再带有它(Debian 13 "trixie" 及以后、`testing`、`unstable`,以及基于它们的镜像,如
`python:3.13-trixie`),消息会说明该 `RUN` 会失败。

## 为什么不好

`apt-key` 自 apt 2.1(Debian 11、Ubuntu 20.10)起已被弃用:它的手册说明最后提供它的版本是 Debian 12 和
Ubuntu 24.04,Debian 13 已不再包含它,因此基础镜像一升级,Dockerfile 就无法构建。它还会把密钥加入所有
仓库都信任的密钥环:为某个厂商仓库添加的密钥可以签署替换 Debian 自身软件包的包。用 `signed-by` 引用的
密钥环文件只对那一个仓库受信任。hadolint 和 BuildKit 都没有这项检查。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl gnupg \
 && curl -fsSL https://download.docker.com/linux/debian/gpg | apt-key add - \
 && echo "deb https://download.docker.com/linux/debian bookworm stable" > /etc/apt/sources.list.d/docker.list \
 && apt-get update && apt-get install -y --no-install-recommends docker-ce-cli \
 && rm -rf /var/lib/apt/lists/*
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
 && install -d -m 0755 /etc/apt/keyrings \
 && curl -fsSL https://download.docker.com/linux/debian/gpg -o /etc/apt/keyrings/docker.asc \
 && echo "deb [signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/debian bookworm stable" \
      > /etc/apt/sources.list.d/docker.list \
 && apt-get update && apt-get install -y --no-install-recommends docker-ce-cli \
 && rm -rf /var/lib/apt/lists/*
```

apt 可以直接读取 ASCII 格式的密钥(`.asc`)或二进制密钥(`.gpg`,由 `gpg --dearmor` 生成),因此不需要
`gnupg`。从密钥服务器获取的密钥(`apt-key adv --recv-keys`)改为在临时 `GNUPGHOME` 中执行
`gpg --keyserver <server> --recv-keys <fingerprint>`,再执行
`gpg --export <fingerprint> > /etc/apt/keyrings/<name>.gpg`。在 deb822 格式的 `.sources` 文件中,该字段是
`Signed-By:`。

## 修复安全性

没有修复:密钥环文件的名字与仓库源条目中的 `signed-by` 选项(常常写在另一个命令,甚至另一个 `RUN` 中)
必须一起修改。

## 参考

- [apt-key(8):弃用说明](https://manpages.debian.org/bookworm/apt/apt-key.8.en.html)
- [Debian wiki:第三方仓库](https://wiki.debian.org/DebianRepository/UseThirdParty)
- [sources.list(5):signed-by](https://manpages.debian.org/bookworm/apt/sources.list.5.en.html)
"#;
