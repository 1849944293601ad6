//! `expose-protocol-casing`: `EXPOSE 80/TCP`; BuildKit lower-cases the protocol and warns
//! (`ExposeProtoCasing`).

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::rules::syntax::invalid_port::{literal_ports, part_range, split};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "expose-protocol-casing",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["ExposeProtoCasing"],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "`EXPOSE` protocol not in lower case",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for word in literal_ports(cx) {
        let spec = split(&word.value);
        let Some(proto) = &spec.proto else { continue };
        let name = spec.part(proto);
        let lower = name.to_ascii_lowercase();
        // An unknown protocol is `invalid-port`'s to report.
        if name == lower || !matches!(lower.as_str(), "tcp" | "udp" | "sctp") {
            continue;
        }
        let range = part_range(word, proto);
        // When the word is quoted or escaped its parts cannot be located: rewrite it whole.
        let new_text = if range == word.range {
            format!("{}{lower}", &spec.value[..proto.start])
        } else {
            lower.clone()
        };
        let diagnostic = sink.report(range, format!("Protocol `{name}` should be written `{lower}`"));
        diagnostic.fix = Some(Fix::new(
            format!("Write `{lower}`"),
            Applicability::Safe,
            vec![Edit { range, new_text }],
        ));
    }
}

const EN: &str = r#"## What it does

Reports an `EXPOSE` protocol written in upper or mixed case (`80/TCP`, `53/Udp`).

## Why is this bad?

Protocols are lower case everywhere else (`docker run -p 53:53/udp`, the image configuration,
compose files). BuildKit accepts the upper-case spelling by lower-casing it, and warns with
`ExposeProtoCasing`; the file reads as if the casing meant something.

## Example

```dockerfile
FROM coredns/coredns:1.11.3
EXPOSE 53/UDP 53/TCP
```

## Use instead

```dockerfile
FROM coredns/coredns:1.11.3
EXPOSE 53/udp 53/tcp
```

## Fix safety

The fix lower-cases the protocol, which is what BuildKit does anyway: the image is the same.

## References

- [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [BuildKit check: ExposeProtoCasing](https://docs.docker.com/reference/build-checks/expose-proto-casing/)
"#;

const ZH: &str = r#"## 作用

报告用大写或大小写混写的 `EXPOSE` 协议(`80/TCP`、`53/Udp`)。

## 为什么不好

协议在其他地方都用小写(`docker run -p 53:53/udp`、镜像配置、compose 文件)。BuildKit 接受大写写法,
会把它转成小写,同时给出 `ExposeProtoCasing` 警告;文件读起来好像大小写有什么含义。

## 示例

```dockerfile
FROM coredns/coredns:1.11.3
EXPOSE 53/UDP 53/TCP
```

## 建议写法

```dockerfile
FROM coredns/coredns:1.11.3
EXPOSE 53/udp 53/tcp
```

## 修复安全性

修复把协议改成小写,这正是 BuildKit 本来就会做的事:构建出的镜像完全相同。

## 参考

- [Dockerfile 参考文档:EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [BuildKit 检查:ExposeProtoCasing](https://docs.docker.com/reference/build-checks/expose-proto-casing/)
"#;
