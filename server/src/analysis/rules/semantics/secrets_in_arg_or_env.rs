//! `secrets-in-arg-or-env`: an `ARG` or `ENV` whose name says it holds a secret (a password, a
//! token, a private key), which then stays in the image's history or configuration.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, InstructionKind};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "secrets-in-arg-or-env",
    severity: Severity::Warning,
    aliases: &["DL3064", "SecretsUsedInArgOrEnv"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Secret-like name in `ARG` or `ENV`",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// BuildKit's tokens: a name is suspect when one of its `_`-separated words is one of these.
const SECRET_WORDS: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];

/// Words that make the name about something next to the secret rather than the secret: where
/// it is (`*_FILE`, `*_PATH`: BuildKit has `file`), what configures it (`AUTH_TYPE`, `TOKEN_URL`),
/// and BuildKit's `version`.
const ABOUT_WORDS: &[&str] = &[
    "file", "path", "dir", "url", "uri", "endpoint", "host", "port", "server", "version", "name", "type", "method",
    "mode", "config", "enabled", "disabled", "plugin", "length", "size",
];

/// Words of public keys and their fingerprints, which official images declare as `GPG_KEY`,
/// `SWIFT_SIGNING_KEY`, `GHC_RELEASE_KEY` or `RABBITMQ_PGP_KEY_ID` (BuildKit has `public`). They
/// do not excuse a name that also says `private`.
const PUBLIC_KEY_WORDS: &[&str] = &[
    "public",
    "pub",
    "gpg",
    "pgp",
    "gnupg",
    "signing",
    "release",
    "fingerprint",
    "fingerprints",
    "id",
    "ids",
];

/// Whether a variable name looks like it holds a secret.
pub(crate) fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower.split('_').collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let public = has(PUBLIC_KEY_WORDS) && !words.contains(&"private");
    has(SECRET_WORDS) && !has(ABOUT_WORDS) && !public
}

/// A switch, not a secret: `true`, `no`, `0`...
fn is_switch(value: &str) -> bool {
    matches!(
        value.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "0" | "1" | "enabled" | "disabled"
    )
}

/// A path to where the secret is kept (`/run/secrets/db`, `./certs/key.pem`, `C:\certs\k.pfx`),
/// not the secret.
fn is_path(value: &str) -> bool {
    let b = value.as_bytes();
    let drive = b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/');
    ["/", "./", "../", "~/"].iter().any(|p| value.starts_with(p)) || drive
}

/// A URL with no user information (`https://auth.example.com/token`); one with `user:pass@`
/// carries a credential.
fn is_url_without_credentials(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    !scheme.is_empty()
        && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b))
        && !authority.contains('@')
}

/// The name a value made of one reference alone refers to: `NPM_TOKEN` for `$NPM_TOKEN` or
/// `${NPM_TOKEN}`.
fn lone_reference(value: &str) -> Option<&str> {
    let rest = value.strip_prefix('$')?;
    let name = match rest.strip_prefix('{') {
        Some(braced) => braced.strip_suffix('}')?,
        None => rest,
    };
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    valid.then_some(name)
}

/// A name among identifiers (`ProcessId`, `createdAt`, `user.email`): what a lookup key names,
/// where key material is random and has digits or symbols.
fn is_identifier(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value.starts_with(|c: char| c.is_ascii_alphabetic())
        && value.bytes().all(|b| b.is_ascii_alphabetic() || b"._-".contains(&b))
}

/// The only secret word of the name is `key`: it may be a lookup key (`Filters__0__Key`, .NET
/// configuration's list of key/value pairs; `SORT_KEY`) as well as key material.
fn only_key(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let mut secret = lower.split('_').filter(|w| SECRET_WORDS.contains(w)).peekable();
    secret.peek().is_some() && secret.all(|w| w == "key")
}

/// What the value shows: that the variable holds no secret after all. `None` for an `ARG` with
/// no default, which the build is given with `--build-arg`.
fn harmless_value(kind: InstructionKind, name: &str, value: Option<&str>) -> bool {
    let Some(value) = value else { return false };
    if value.is_empty() {
        // An empty `ENV` holds nothing (the container is given the secret when it runs); an
        // empty `ARG` default is a build argument still to be passed.
        return kind == InstructionKind::Env;
    }
    is_switch(value)
        || is_path(value)
        || is_url_without_credentials(value)
        // Copied from a variable whose own name says secret: reported where it is declared,
        // or set by the base image.
        || lone_reference(value).is_some_and(is_secret_name)
        || (only_key(name) && is_identifier(value))
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in cx.instructions() {
        if !matches!(instruction.kind, InstructionKind::Arg | InstructionKind::Env) {
            continue;
        }
        let Args::KeyValues(pairs) = &instruction.args else {
            continue;
        };
        for kv in pairs {
            let name = &kv.key.value;
            if !is_secret_name(name)
                || harmless_value(instruction.kind, name, kv.value.as_ref().map(|v| v.value.as_str()))
            {
                continue;
            }
            let keyword = instruction.kind.keyword();
            let stays = if instruction.kind == InstructionKind::Arg {
                "build arguments stay in the image history"
            } else {
                "environment variables stay in the image configuration"
            };
            sink.report(
                kv.key.range,
                format!("`{keyword} {name}` looks like a secret: {stays}; pass it with `RUN --mount=type=secret`"),
            );
        }
    }
}

const EN: &str = r#"## What it does

Reports an `ARG` or `ENV` whose name says it holds a secret: one of its `_`-separated words is
`password`, `passwd`, `pword`, `secret`, `token`, `auth`, `key`, `apikey`, `credential(s)` (in any
case, as BuildKit's `SecretsUsedInArgOrEnv` matches them).

To stay quiet on the names that only sit next to a secret, a name is not reported when one of
its words says where the secret is or how it is configured (`file`, `path`, `dir`, `url`, `uri`,
`endpoint`, `host`, `port`, `server`, `version`, `name`, `type`, `method`, `mode`, `config`,
`enabled`, `disabled`, `plugin`, `length`, `size`), or that it is a public key (`public`, `pub`,
`gpg`, `pgp`, `gnupg`, `signing`, `release`, `fingerprint(s)`, `id`, `ids`) unless it also says
`private`.

The value is read too. Nothing is reported when it shows that no secret is stored: a switch
(`true`, `false`, `yes`, `no`, `on`, `off`, `0`, `1`); a path (`/run/secrets/db`,
`./certs/key.pem`, `C:\certs\app.pfx`), which says where the secret is; a URL without user
information (`https://auth.example.com/token`; `https://user:pass@host` is reported); an empty
`ENV` (`ENV API_TOKEN=`, a placeholder the container is given at run time); a copy of one variable
whose own name says secret (`ENV NPM_TOKEN=${NPM_TOKEN}`: the `ARG` it comes from is reported, or
the base image set it); and, when the only secret word of the name is `key`, a plain identifier
(`Filters__0__Key=ProcessId`, .NET configuration's key/value lists; `SORT_KEY=createdAt`), since
key material is random and has digits or symbols. An `ARG` without a default or with an empty
one is still reported: its value is passed with `--build-arg` and lands in the history.
BuildKit only excludes `public`, `file` and `version`; the others were added after reading the
official images of the corpus, which declare public key fingerprints as `GPG_KEY`,
`SWIFT_SIGNING_KEY`, `GHC_RELEASE_KEY` or `RABBITMQ_PGP_KEY_ID` (BuildKit flags every one of them).
BuildKit does not read the value.

## Why is this bad?

A build argument's value is recorded in the image history (`docker history`, provenance
attestations), and an `ENV` is part of the image configuration that anyone who can pull the
image can read. A secret passed either way is published with the image. Secret mounts give a
`RUN` the secret without storing it.

## Example

```dockerfile
FROM node:22-alpine
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
```

## Use instead

```dockerfile
FROM node:22-alpine
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
    echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
```

built with `docker build --secret id=npm_token,env=NPM_TOKEN .`

## Fix safety

There is no fix: moving a secret to a mount changes how the build is invoked.

## References

- [Build secrets](https://docs.docker.com/build/building/secrets/)
- [BuildKit check: SecretsUsedInArgOrEnv](https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/)
- [hadolint DL3064](https://github.com/hadolint/hadolint/wiki/DL3064)
"#;

const ZH: &str = r#"## 作用

报告名字表明存放着机密信息的 `ARG` 或 `ENV`:名字中按 `_` 分隔的某个单词是 `password`、`passwd`、`pword`、
`secret`、`token`、`auth`、`key`、`apikey`、`credential(s)`(不区分大小写,与 BuildKit 的
`SecretsUsedInArgOrEnv` 一致)。

为了不误报那些只是与机密相关的名字,以下情况不报告:名字中有说明机密在哪里或如何配置的单词(`file`、`path`、
`dir`、`url`、`uri`、`endpoint`、`host`、`port`、`server`、`version`、`name`、`type`、`method`、`mode`、
`config`、`enabled`、`disabled`、`plugin`、`length`、`size`);名字表明是公钥(`public`、`pub`、`gpg`、`pgp`、
`gnupg`、`signing`、`release`、`fingerprint(s)`、`id`、`ids`)且不含 `private`。

值也会被检查。值表明没有存放机密时不报告:开关(`true`、`false`、`yes`、`no`、`on`、`off`、`0`、`1`);路径
(`/run/secrets/db`、`./certs/key.pem`、`C:\certs\app.pfx`),它说明的是机密放在哪里;不含用户信息的 URL
(`https://auth.example.com/token`;`https://user:pass@host` 会被报告);空的 `ENV`(`ENV API_TOKEN=`,容器运行
时才会得到的占位);只是复制一个本身名字就像机密的变量(`ENV NPM_TOKEN=${NPM_TOKEN}`:它来源的 `ARG` 会被报告,
或者由基础镜像设置);以及名字中唯一的机密单词是 `key` 时的普通标识符(`Filters__0__Key=ProcessId`,.NET 配置中
的键值对列表;`SORT_KEY=createdAt`),因为密钥材料是随机的,含有数字或符号。没有默认值或默认值为空的 `ARG`
仍会报告:它的值通过 `--build-arg` 传入,会留在历史中。BuildKit 只排除 `public`、`file` 和 `version`;其余是阅读语料库中的官方镜像
后加入的,这些镜像把公钥指纹声明为 `GPG_KEY`、`SWIFT_SIGNING_KEY`、`GHC_RELEASE_KEY` 或
`RABBITMQ_PGP_KEY_ID`(BuildKit 会把它们全部报告出来)。BuildKit 不检查值。

## 为什么不好

构建参数的值会记录在镜像历史中(`docker history`、来源证明),`ENV` 则是镜像配置的一部分,任何能拉取镜像的
人都能读到。无论哪种方式传入的机密,都会随镜像一起公开。机密挂载可以把机密交给 `RUN` 使用而不存进镜像。

## 示例

```dockerfile
FROM node:22-alpine
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
```

## 建议写法

```dockerfile
FROM node:22-alpine
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
    echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
```

构建时使用 `docker build --secret id=npm_token,env=NPM_TOKEN .`

## 修复安全性

没有自动修复:把机密改为挂载会改变构建的调用方式。

## 参考

- [构建机密](https://docs.docker.com/build/building/secrets/)
- [BuildKit 检查:SecretsUsedInArgOrEnv](https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/)
- [hadolint DL3064](https://github.com/hadolint/hadolint/wiki/DL3064)
"#;

#[cfg(test)]
mod tests {
    use super::{InstructionKind, harmless_value, is_secret_name};

    #[test]
    fn secret_names() {
        for yes in [
            "NPM_TOKEN",
            "DB_PASSWORD",
            "aws_secret_access_key",
            "apiKey",
            "AUTH",
            "GITHUB_TOKEN",
            "LICENSE_KEY",
        ] {
            assert!(is_secret_name(yes), "{yes}");
        }
        for no in [
            "GPG_KEY",
            "GPG_KEYS",
            "POSTGRES_PASSWORD_FILE",
            "SSL_KEY_PATH",
            "PUBLIC_KEY",
            "SWIFT_SIGNING_KEY",
            "RABBITMQ_PGP_KEY_ID",
            "MONKEY",
            "KEYCLOAK_VERSION",
            "TOKEN_URL",
            "PATH",
        ] {
            assert!(!is_secret_name(no), "{no}");
        }
    }

    #[test]
    fn values_that_hold_no_secret() {
        let env = InstructionKind::Env;
        let arg = InstructionKind::Arg;
        for (kind, name, value) in [
            (env, "Filters__0__Key", "ProcessId"),
            (env, "SORT_KEY", "user.created-at"),
            (env, "SSL_KEY", "/etc/ssl/private/app.key"),
            (env, "SSL_KEY", "C:\\certs\\app.key"),
            (env, "AUTH_TOKEN_ENDPOINT", "https://login.example.com/token"),
            (env, "OAUTH_TOKEN", "https://login.example.com/token"),
            (env, "API_TOKEN", ""),
            (env, "NPM_TOKEN", "${NPM_TOKEN}"),
            (arg, "NPM_TOKEN", "$CI_JOB_TOKEN"),
            (arg, "USE_AUTH", "true"),
        ] {
            assert!(harmless_value(kind, name, Some(value)), "{name}={value}");
        }
        for (kind, name, value) in [
            (arg, "GITHUB_TOKEN", None),
            (arg, "GITHUB_TOKEN", Some("")),
            (env, "DB_PASSWORD", Some("hunter2")),
            (env, "DB_PASSWORD", Some("postgres")),
            (env, "AWS_SECRET_ACCESS_KEY", Some("wJalrXUtnFEMI/K7MDENG")),
            (env, "LICENSE_KEY", Some("lgNvGyhnUKpa5PJi")),
            (env, "OAUTH_TOKEN", Some("https://ci:s3cr3t@host/x")),
            (env, "REGISTRY_TOKEN", Some("$CI_BUILD")),
            (env, "REGISTRY_TOKEN", Some("${TOKEN:-abc123}")),
        ] {
            assert!(!harmless_value(kind, name, value), "{name}={value:?}");
        }
    }
}
