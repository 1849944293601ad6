//! `expose-host-mapping`: `EXPOSE 8080:80` or `EXPOSE 127.0.0.1:80:80`, a host mapping that
//! `EXPOSE` cannot make (BuildKit's `ExposeInvalidFormat`).

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::rules::syntax::invalid_port::{literal_ports, problem, split};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "expose-host-mapping",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["ExposeInvalidFormat"],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "`EXPOSE` with a host port or IP address, which only `docker run -p` can map",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for word in literal_ports(cx) {
        let spec = split(&word.value);
        // A spec BuildKit refuses is `invalid-port`'s to report.
        if (spec.ip.is_none() && spec.host.is_none()) || problem(&spec).is_some() {
            continue;
        }
        let what = if spec.ip.is_some() {
            "an IP address and a host port"
        } else {
            "a host port"
        };
        let container_start = spec.port.start;
        let kept = &spec.value[container_start..];
        let diagnostic = sink.report(
            word.range,
            format!("`EXPOSE {}` names {what}, which `EXPOSE` cannot map", spec.value),
        );
        diagnostic.fix = Some(Fix::new(
            format!("Expose only the container port `{kept}`"),
            Applicability::Unsafe,
            vec![Edit {
                range: word.range,
                new_text: kept.to_string(),
            }],
        ));
    }
}

const EN: &str = r#"## What it does

Reports an `EXPOSE` port written with a host port (`8080:80`) or an IP address
(`127.0.0.1:8080:80`), the syntax of `docker run -p`.

## Why is this bad?

`EXPOSE` only records which container ports the image listens on; publishing a port on the host
is decided when the container starts. BuildKit keeps the container port, drops the rest without
a word (and warns with `ExposeInvalidFormat`), so the mapping the line seems to promise never
happens.

## Example

```dockerfile
FROM nginx:1.27
EXPOSE 8080:80
```

## Use instead

```dockerfile
FROM nginx:1.27
EXPOSE 80
```

and publish it when running: `docker run -p 8080:80 image`.

## Fix safety

The fix keeps only the container port (and its protocol). It is unsafe because whoever wrote
the line expected a host mapping, which now has to move to `docker run -p` or the compose file.

## References

- [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [BuildKit check: ExposeInvalidFormat](https://docs.docker.com/reference/build-checks/expose-invalid-format/)
"#;

const ZH: &str = r#"## 作用

报告写成 `docker run -p` 语法的 `EXPOSE` 端口:带宿主机端口(`8080:80`)或 IP 地址(`127.0.0.1:8080:80`)。

## 为什么不好

`EXPOSE` 只记录镜像在容器内监听哪些端口;是否把端口发布到宿主机,是启动容器时才决定的。BuildKit 只保留容器端口,
其余部分被悄悄丢弃(并给出 `ExposeInvalidFormat` 警告),这一行看起来承诺的端口映射根本不会发生。

## 示例

```dockerfile
FROM nginx:1.27
EXPOSE 8080:80
```

## 建议写法

```dockerfile
FROM nginx:1.27
EXPOSE 80
```

运行时再发布端口:`docker run -p 8080:80 image`。

## 修复安全性

修复只保留容器端口(及其协议)。它是不安全的修复:写这一行的人期望有宿主机端口映射,这个映射需要改到
`docker run -p` 或 compose 文件里去。

## 参考

- [Dockerfile 参考文档:EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [BuildKit 检查:ExposeInvalidFormat](https://docs.docker.com/reference/build-checks/expose-invalid-format/)
"#;
