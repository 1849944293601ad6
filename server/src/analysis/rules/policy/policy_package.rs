//! `policy-package`: a package the configuration's `[policy] denied-packages` forbids, installed
//! by any package manager the RUN scripts are read for.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::packages::run_scripts;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::PackageKind;

pub static RULE: Rule = Rule {
    id: "policy-package",
    since: "0.2",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Package the policy denies (denied-packages)",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let denied = &cx.config.policy.denied_packages;
    if denied.is_empty() {
        return;
    }
    for run in run_scripts(cx) {
        for install in run.script.installs() {
            for package in &install.packages {
                // A name from an expansion is only known when the script runs; a path or URL is
                // no registry name.
                if package.is_dynamic() || package.kind != PackageKind::Name {
                    continue;
                }
                if let Some(pattern) = denied.iter().find(|g| g.is_match(&package.name)) {
                    sink.report(
                        package.name_range,
                        format!(
                            "Package `{}` is denied by the policy (`denied-packages`: `{}`)",
                            package.name,
                            pattern.as_str()
                        ),
                    );
                }
            }
        }
    }
}

const EN: &str = r#"## What it does

Reports a package that `[policy] denied-packages` forbids, wherever a RUN script installs it:
with `apt-get`, `apt`, `aptitude`, `apk`, `yum`, `dnf`, `microdnf`, `zypper`, `pip`, `npm`,
`yarn`, `pnpm`, `gem`, `go` or `cargo`, also behind `sudo` or `env`, in ONBUILD triggers and
heredoc scripts. The patterns are globs compared without case (`netcat*` covers
`netcat-openbsd`). Removing a package (`apt-get purge telnet`) is not reported, and neither is
a name that comes from a variable (`apk add $PACKAGES`), which is only known when the script runs.

## Why is this bad?

Some packages have no place in a company's images: clear-text clients such as `telnet`, tools
an attacker would use from inside a container (`netcat`, `nmap`), or software whose license the
company does not accept. A list in one configuration file keeps them out of every Dockerfile.

## Example

```toml
[policy]
denied-packages = ["telnet", "netcat*"]
```

```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl telnet netcat-openbsd
```

## Use instead

```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Fix safety

There is no fix: removing a package can break the script that needs it.

## References

- [Policies](https://github.com/dockerfile-lsp/dockerfile-lsp/blob/main/docs/policies.md)
"#;

const ZH: &str = r#"## 作用

报告 `[policy] denied-packages` 禁止的软件包,无论 RUN 脚本在何处安装它:通过 `apt-get`、
`apt`、`aptitude`、`apk`、`yum`、`dnf`、`microdnf`、`zypper`、`pip`、`npm`、`yarn`、`pnpm`、
`gem`、`go` 或 `cargo`,也包括经 `sudo` 或 `env` 调用、ONBUILD 触发器和 heredoc 脚本中的
安装。模式是不区分大小写的通配符(`netcat*` 涵盖 `netcat-openbsd`)。卸载软件包
(`apt-get purge telnet`)不会被报告;来自变量的名称(`apk add $PACKAGES`)要到脚本运行时才
知道,也不报告。

## 为什么不好

有些软件包不应出现在企业镜像中:`telnet` 这类明文客户端、攻击者会在容器内利用的工具
(`netcat`、`nmap`),或企业不接受其许可证的软件。在一个配置文件中维护名单,就能把它们挡在
所有 Dockerfile 之外。

## 示例

```toml
[policy]
denied-packages = ["telnet", "netcat*"]
```

```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl telnet netcat-openbsd
```

## 建议写法

```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## 修复安全性

没有修复:删除软件包可能会破坏依赖它的脚本。

## 参考

- [策略](https://github.com/dockerfile-lsp/dockerfile-lsp/blob/main/docs/policies.zh-CN.md)
"#;
