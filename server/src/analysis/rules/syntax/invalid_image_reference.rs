//! `invalid-image-reference`: a `FROM` image written literally that no registry accepts. Also home
//! of the reference grammar (the `distribution/reference` one BuildKit parses with
//! `ParseNormalizedNamed`), which `invalid-default-arg-in-from` shares.

use std::ops::Range;

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::Base;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "invalid-image-reference",
    since: "0.1",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`FROM` image reference that no registry accepts",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// What is wrong with a reference, and where (bytes of the reference).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RefError {
    pub at: Range<usize>,
    pub message: String,
}

fn err(at: Range<usize>, message: String) -> Result<(), RefError> {
    Err(RefError { at, message })
}

/// `[a-z0-9]+` groups joined by `.`, `_`, `__` or runs of `-`.
fn is_path_component(c: &str) -> bool {
    let bytes = c.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if bytes.first().is_none_or(|&b| !alnum(b)) || bytes.last().is_none_or(|&b| !alnum(b)) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let sep = &c[start..i];
        if !(sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|b| b == b'-')) {
            return false;
        }
    }
    true
}

/// `host[:port]`, the host a DNS name, an IPv4 address or a bracketed IPv6 address.
fn is_domain(d: &str) -> bool {
    let is_port = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = d.strip_prefix('[') {
        let Some((ip, tail)) = rest.split_once(']') else {
            return false;
        };
        return ip.parse::<std::net::Ipv6Addr>().is_ok()
            && (tail.is_empty() || tail.strip_prefix(':').is_some_and(is_port));
    }
    let (host, port) = match d.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (d, None),
    };
    port.is_none_or(is_port)
        && !host.is_empty()
        && host.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && b[0] != b'-'
                && b[b.len() - 1] != b'-'
        })
}

fn is_tag(t: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let b = t.as_bytes();
    !b.is_empty() && b.len() <= 128 && word(b[0]) && b[1..].iter().all(|&c| word(c) || c == b'.' || c == b'-')
}

/// `algorithm:hex` with an algorithm BuildKit can verify and the length that algorithm gives.
fn digest_problem(d: &str) -> Option<String> {
    let Some((algorithm, hex)) = d.split_once(':') else {
        return Some(format!("Digest `{d}` has no algorithm (expected `sha256:<hex>`)"));
    };
    let length = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => {
            return Some(format!(
                "Unsupported digest algorithm `{algorithm}` (expected `sha256`)"
            ));
        }
    };
    if hex.len() != length || !hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Some(format!(
            "Digest `{d}` is not `{algorithm}:` followed by {length} lower-case hexadecimal digits"
        ));
    }
    None
}

/// Checks `s` the way BuildKit's `ParseNormalizedNamed` does (plus the digest check BuildKit
/// makes when it parses the digest).
pub(crate) fn check_reference(s: &str) -> Result<(), RefError> {
    let whole = 0..s.len();
    if s.is_empty() {
        return err(whole, "The image reference is empty".into());
    }
    if s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return err(
            whole,
            "A 64-digit hexadecimal string is an image ID, not a reference an image can be pulled by".into(),
        );
    }
    let (name_tag, digest) = match s.find('@') {
        Some(at) => (&s[..at], Some(at + 1..s.len())),
        None => (s, None),
    };
    let last_slash = name_tag.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match name_tag[last_slash..].find(':') {
        Some(c) => (&name_tag[..last_slash + c], Some(last_slash + c + 1..name_tag.len())),
        None => (name_tag, None),
    };
    // Docker's split: the first component is a registry when it has a `.` or `:`, is
    // `localhost`, or has an upper-case letter (which no repository may have).
    let (domain, path_start) = match name.find('/') {
        Some(i) => {
            let first = &name[..i];
            let is_domain_part = first.contains(['.', ':']) || first == "localhost" || first.to_lowercase() != first;
            if is_domain_part { (Some(0..i), i + 1) } else { (None, 0) }
        }
        None => (None, 0),
    };
    let path = path_start..name.len();
    let repository = &s[path.clone()];
    if repository.to_lowercase() != repository {
        return err(path, format!("Repository name `{repository}` must be lower case"));
    }
    if let Some(d) = &domain
        && !is_domain(&s[d.clone()])
    {
        return err(d.clone(), format!("Invalid registry `{}`", &s[d.clone()]));
    }
    if repository.is_empty() || !repository.split('/').all(is_path_component) {
        let at = if repository.is_empty() { whole } else { path };
        return err(
            at,
            format!(
                "Invalid repository name `{repository}`: use lower-case letters, digits and single `.`, `_`, `__` or `-` separators"
            ),
        );
    }
    let normalized_len = match &domain {
        Some(_) => name.len(),
        None if repository.contains('/') => "docker.io/".len() + name.len(),
        None => "docker.io/library/".len() + name.len(),
    };
    if normalized_len > 255 {
        return err(0..name.len(), "Repository name is longer than 255 characters".into());
    }
    if let Some(t) = tag.as_ref().filter(|t| t.is_empty()) {
        return err(t.start - 1..t.end, "The tag after `:` is empty".into());
    }
    if let Some(t) = &tag
        && !is_tag(&s[t.clone()])
    {
        return err(
            t.clone(),
            format!(
                "Invalid tag `{}`: a tag is up to 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`",
                &s[t.clone()]
            ),
        );
    }
    if let Some(d) = &digest
        && let Some(message) = digest_problem(&s[d.clone()])
    {
        return err(d.clone(), message);
    }
    Ok(())
}

/// `MyOrg/app`: BuildKit takes a first component with upper-case letters for a registry host
/// (repositories are lower case), so the pull goes to a host called `MyOrg`. Meant, it would be
/// written with a dot or a port; unmeant, it is a namespace in the wrong case.
fn upper_case_namespace(s: &str) -> Option<RefError> {
    let (first, _) = s.split_once('/')?;
    (first.to_lowercase() != first && !first.contains(['.', ':', '['])).then(|| RefError {
        at: 0..first.len(),
        message: format!(
            "`{first}` is read as a registry host because of its upper-case letters; a namespace must be lower case"
        ),
    })
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for stage in &cx.model.stages {
        let Base::Image { written, resolved, .. } = &stage.base else {
            continue;
        };
        // A reference with variables is judged after expansion, by `invalid-default-arg-in-from`;
        // an empty one is `missing-arguments`'.
        if written.raw.contains('$') || written.value.is_empty() {
            continue;
        }
        let e = match check_reference(resolved) {
            Err(e) => e,
            Ok(()) => match upper_case_namespace(resolved) {
                Some(e) => e,
                None => continue,
            },
        };
        let exact = written.raw == *resolved && written.range.len() == resolved.len();
        let range = if exact {
            TextRange::new(written.range.start + e.at.start, written.range.start + e.at.end)
        } else {
            written.range
        };
        sink.report(range, e.message);
    }
}

const EN: &str = r#"## What it does

Reports a `FROM` image reference written without variables that does not follow the reference
grammar registries use: a repository with upper-case letters (`Ubuntu`), a malformed tag
(`node:.20`, `node:20 alpine` is two words), a digest that is not `sha256:` and 64 lower-case
hexadecimal digits, a malformed registry host.

## Why is this bad?

BuildKit parses the reference before it asks any registry, and fails the build with
`invalid reference format` (or `repository name must be lowercase`). References built from
build arguments are checked by `invalid-default-arg-in-from` with the arguments' defaults.

## Example

```dockerfile
FROM Ubuntu:24.04
FROM alpine@sha256:0123abc
```

## Use instead

```dockerfile
FROM ubuntu:24.04
FROM alpine@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d
```

## Fix safety

There is no fix: lower-casing a repository is usually right, but the digest or the tag that was
meant cannot be guessed.

## References

- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [distribution/reference grammar](https://github.com/distribution/reference/blob/main/reference.go)
"#;

const ZH: &str = r#"## 作用

报告不含变量、但不符合镜像仓库引用语法的 `FROM` 镜像引用:仓库名含大写字母(`Ubuntu`)、标签格式错误
(`node:.20`)、摘要不是 `sha256:` 加 64 位小写十六进制数字,或者镜像仓库主机名格式错误。

## 为什么不好

BuildKit 在访问任何镜像仓库之前就会解析引用,解析失败时以 `invalid reference format`(或
`repository name must be lowercase`)让构建失败。由构建参数拼出的引用由 `invalid-default-arg-in-from`
用参数默认值检查。

## 示例

```dockerfile
FROM Ubuntu:24.04
FROM alpine@sha256:0123abc
```

## 建议写法

```dockerfile
FROM ubuntu:24.04
FROM alpine@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d
```

## 修复安全性

没有自动修复:仓库名改成小写通常没错,但原本想要的摘要或标签无法猜出。

## 参考

- [Dockerfile 参考文档:FROM](https://docs.docker.com/reference/dockerfile/#from)
- [distribution/reference 引用语法](https://github.com/distribution/reference/blob/main/reference.go)
"#;

#[cfg(test)]
mod tests {
    use super::check_reference;

    #[test]
    fn accepts_what_registries_accept() {
        for ok in [
            "ubuntu",
            "ubuntu:24.04",
            "library/ubuntu:24.04",
            "gcr.io/distroless/static-debian12:nonroot",
            "localhost:5000/app:1",
            "localhost/app",
            "registry.example.com:443/a/b/c:v1.2.3-rc_1",
            "[::1]:5000/app",
            "my_app__x.y-z---w",
            "MyRegistry/app",
            "alpine@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d",
            "alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d",
            "scratch",
        ] {
            assert_eq!(check_reference(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejects_what_buildkit_rejects() {
        for (bad, part) in [
            ("Ubuntu", "Ubuntu"),
            ("library/Ubuntu:1", "library/Ubuntu"),
            ("node:.20", ".20"),
            ("node:-x", "-x"),
            ("alpine@sha256:0123", "sha256:0123"),
            (
                "alpine@md5:0123456789abcdef0123456789abcdef",
                "md5:0123456789abcdef0123456789abcdef",
            ),
            ("a__-b", "a__-b"),
            ("-app", "-app"),
            ("app-", "app-"),
            ("bad_host.example.com/app", "bad_host.example.com"),
            ("", ""),
        ] {
            let e = check_reference(bad).err();
            assert_eq!(e.as_ref().map(|e| &bad[e.at.clone()]), Some(part), "{bad}");
        }
        assert!(check_reference(&"a".repeat(64).replace('a', "f")).is_err());
        assert!(check_reference(&format!("node:{}", "1".repeat(129))).is_err());
    }
}
