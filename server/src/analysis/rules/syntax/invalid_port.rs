//! `invalid-port`: an `EXPOSE` port BuildKit refuses: a number outside 0–65535, a range that
//! ends before it starts, an unknown protocol, a malformed IP. Also home of the port-spec reader
//! shared with `expose-host-mapping` and `expose-protocol-casing`, which follows BuildKit's
//! `[ip:][hostPort:]containerPort[/proto]` split.

use std::ops::Range;

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, Instruction, InstructionKind, Word};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "invalid-port",
    since: "0.1",
    severity: Severity::Error,
    aliases: &["DL3011"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`EXPOSE` port that BuildKit rejects",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// One `EXPOSE` word split the way BuildKit splits it; every part is a byte range of the value.
pub(super) struct PortSpec<'a> {
    pub value: &'a str,
    pub ip: Option<Range<usize>>,
    pub host: Option<Range<usize>>,
    /// The container port or range, before any `/`.
    pub port: Range<usize>,
    /// After the first `/`.
    pub proto: Option<Range<usize>>,
}

impl PortSpec<'_> {
    pub fn part(&self, r: &Range<usize>) -> &str {
        &self.value[r.clone()]
    }
}

pub(super) fn split(value: &str) -> PortSpec<'_> {
    let colons: Vec<usize> = value.match_indices(':').map(|(i, _)| i).collect();
    let (ip, host, container) = match colons.as_slice() {
        [] => (None, None, 0..value.len()),
        [c] => (None, Some(0..*c), c + 1..value.len()),
        [.., a, b] => (Some(0..*a), Some(a + 1..*b), b + 1..value.len()),
    };
    let (port, proto) = match value[container.clone()].find('/') {
        Some(slash) => (
            container.start..container.start + slash,
            Some(container.start + slash + 1..container.end),
        ),
        None => (container, None),
    };
    PortSpec {
        value,
        ip,
        host,
        port,
        proto,
    }
}

/// The `EXPOSE` words whose value is final (no variable to expand), each instruction's own and
/// its ONBUILD trigger's.
pub(super) fn literal_ports<'a>(cx: &Context<'a>) -> impl Iterator<Item = &'a Word> + 'a {
    cx.instructions()
        .filter(|i: &&Instruction| i.kind == InstructionKind::Expose)
        .flat_map(|i| match &i.args {
            Args::Words(words) => words.as_slice(),
            _ => &[],
        })
        .filter(|w| !w.raw.contains('$'))
}

/// The source range of `part` of `word`'s value: exact when the word is written as its value
/// (no quotes or escapes), the whole word otherwise.
pub(super) fn part_range(word: &Word, part: &Range<usize>) -> TextRange {
    if word.raw == word.value && word.range.len() == word.value.len() {
        TextRange::new(word.range.start + part.start, word.range.start + part.end)
    } else {
        word.range
    }
}

/// What BuildKit rejects in a port spec: the part at fault and the message.
pub(super) fn problem(spec: &PortSpec<'_>) -> Option<(Range<usize>, String)> {
    let whole = 0..spec.value.len();
    if spec.port.is_empty() {
        return Some((whole, format!("No port in `{}`", spec.value)));
    }
    if let Some(proto) = &spec.proto {
        let name = spec.part(proto);
        // An empty protocol (`80/`) is BuildKit's default, `tcp`.
        if !matches!(name.to_ascii_lowercase().as_str(), "" | "tcp" | "udp" | "sctp") {
            return Some((
                proto.clone(),
                format!(
                    "Unknown protocol `{name}` in `{}` (expected `tcp`, `udp` or `sctp`)",
                    spec.value
                ),
            ));
        }
    }
    if let Some(ip) = &spec.ip {
        let text = spec.part(ip);
        let bare = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')).unwrap_or(text);
        if bare.parse::<std::net::IpAddr>().is_err() {
            return Some((ip.clone(), format!("Invalid IP address `{text}` in `{}`", spec.value)));
        }
    }
    let container = match port_range(spec.part(&spec.port)) {
        Ok(r) => r,
        Err(message) => return Some((spec.port.clone(), message)),
    };
    if let Some(host) = &spec.host {
        let host_range = match port_range(spec.part(host)) {
            Ok(r) => r,
            Err(message) => return Some((host.clone(), message)),
        };
        if container.1 != container.0 && container.1 - container.0 != host_range.1 - host_range.0 {
            return Some((
                whole,
                format!(
                    "Port ranges `{}` and `{}` have different sizes",
                    spec.part(host),
                    spec.part(&spec.port)
                ),
            ));
        }
    }
    None
}

/// `80` or `8000-8010`, each number a 16-bit unsigned decimal as Go's `ParseUint(s, 10, 16)`
/// reads it.
fn port_range(text: &str) -> Result<(u32, u32), String> {
    let number = |s: &str| -> Result<u32, String> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("Invalid port `{s}`: not a number"));
        }
        match s.parse::<u64>() {
            Ok(n) if n <= 65535 => Ok(n as u32),
            _ => Err(format!("Port `{s}` is outside the range 0-65535")),
        }
    };
    match text.split_once('-') {
        None => number(text).map(|n| (n, n)),
        Some((a, b)) => {
            if b.contains('-') {
                return Err(format!("Invalid port range `{text}`"));
            }
            let (start, end) = (number(a)?, number(b)?);
            if end < start {
                return Err(format!("Port range `{text}` ends before it starts"));
            }
            Ok((start, end))
        }
    }
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for word in literal_ports(cx) {
        let spec = split(&word.value);
        if let Some((part, message)) = problem(&spec) {
            sink.report(part_range(word, &part), message);
        }
    }
}

const EN: &str = r#"## What it does

Reports an `EXPOSE` port that BuildKit cannot read: a number outside 0–65535 or not a number at
all, a range whose end is below its start, a protocol other than `tcp`, `udp` or `sctp`, or a
malformed IP address. Ports written with a variable are checked by BuildKit after expansion and
are left alone here.

## Why is this bad?

BuildKit fails the build when it reaches the `EXPOSE` (`invalid containerPort: 70000`,
`invalid proto: tpc`). Inside `ONBUILD`, every child build fails instead.

## Example

```dockerfile
FROM nginx:1.27
EXPOSE 80/tpc 443 70000 9000-8000
```

## Use instead

```dockerfile
FROM nginx:1.27
EXPOSE 80/tcp 443 7000 8000-9000
```

## Fix safety

There is no fix: only the author knows which port was meant.

## References

- [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [hadolint DL3011](https://github.com/hadolint/hadolint/wiki/DL3011)
"#;

const ZH: &str = r#"## 作用

报告 BuildKit 无法读取的 `EXPOSE` 端口:超出 0–65535 或根本不是数字、结束值小于起始值的端口范围、
`tcp`/`udp`/`sctp` 以外的协议,以及格式错误的 IP 地址。用变量写的端口要等 BuildKit 展开后才能判断,这里不检查。

## 为什么不好

BuildKit 执行到这条 `EXPOSE` 时会让构建失败(`invalid containerPort: 70000`、`invalid proto: tpc`)。
写在 `ONBUILD` 里时,失败的是每一个子镜像的构建。

## 示例

```dockerfile
FROM nginx:1.27
EXPOSE 80/tpc 443 70000 9000-8000
```

## 建议写法

```dockerfile
FROM nginx:1.27
EXPOSE 80/tcp 443 7000 8000-9000
```

## 修复安全性

没有自动修复:只有作者知道原本想写哪个端口。

## 参考

- [Dockerfile 参考文档:EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [hadolint DL3011](https://github.com/hadolint/hadolint/wiki/DL3011)
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn message(value: &str) -> Option<String> {
        problem(&split(value)).map(|(_, m)| m)
    }

    #[test]
    fn splits_like_buildkit() {
        let s = split("127.0.0.1:8080:80/udp");
        assert_eq!(s.ip.as_ref().map(|r| s.part(r)), Some("127.0.0.1"));
        assert_eq!(s.host.as_ref().map(|r| s.part(r)), Some("8080"));
        assert_eq!(s.part(&s.port), "80");
        assert_eq!(s.proto.as_ref().map(|r| s.part(r)), Some("udp"));
        let s = split("[::1]:80:80");
        assert_eq!(s.ip.as_ref().map(|r| s.part(r)), Some("[::1]"));
        let s = split("::1:80:80");
        assert_eq!(s.ip.as_ref().map(|r| s.part(r)), Some("::1"));
    }

    #[test]
    fn judges_ports() {
        for ok in [
            "80",
            "0",
            "65535",
            "80/tcp",
            "80/UDP",
            "8000-8010",
            "8080:80",
            "[::1]:80:80",
            "1.2.3.4:80:80",
            "80/",
        ] {
            assert_eq!(message(ok), None, "{ok}");
        }
        for bad in [
            "70000",
            "-1",
            "abc",
            "80/tpc",
            "/tcp",
            "9000-8000",
            "1-2-3",
            "1.2.3.4.5:80:80",
            "8000-8001:80-90",
        ] {
            assert!(message(bad).is_some(), "{bad}");
        }
    }
}
