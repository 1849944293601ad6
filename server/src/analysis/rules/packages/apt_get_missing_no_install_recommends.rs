//! `apt-get-missing-no-install-recommends`: `apt-get install` that also installs every
//! recommended package; the fix adds `--no-install-recommends`.

use crate::analysis::diagnostic::{Applicability, Fix, Severity};
use crate::analysis::rules::packages::{
    Mentions, command_head, head_text, insert_word_after, is_simulation, run_scripts,
};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{Manager, PackageCommand, flag_matches};

pub static RULE: Rule = Rule {
    id: "apt-get-missing-no-install-recommends",
    since: "0.1",
    severity: Severity::Info,
    aliases: &["DL3015"],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "`apt-get install` without `--no-install-recommends` pulls in recommended packages",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let runs = run_scripts(cx);
    let recommends_set = Mentions::new(runs, "APT::Install-Recommends");
    for (i, run) in runs.iter().enumerate() {
        for pc in run.script.installs() {
            if !matches!(pc.manager, Manager::AptGet | Manager::Apt)
                || pc.packages.is_empty()
                || skips_recommends(pc)
                || is_simulation(pc)
            {
                continue;
            }
            // `echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/...` earlier on.
            if recommends_set.before(cx.model, runs, i) {
                continue;
            }
            let Some(sub) = &pc.subcommand else { continue };
            let command = &run.script.commands[pc.command];
            let head = command_head(command, Some(sub));
            let d = sink.report(
                head,
                format!(
                    "`{}` without `--no-install-recommends` also installs recommended packages",
                    head_text(pc)
                ),
            );
            d.fix = Some(Fix::new(
                "Add `--no-install-recommends`",
                Applicability::Unsafe,
                vec![insert_word_after(run.script, sub, "--no-install-recommends")],
            ));
        }
    }
}

/// `--no-install-recommends`, `--install-recommends=no`, `-o APT::Install-Recommends=false`.
fn skips_recommends(pc: &PackageCommand) -> bool {
    pc.options.iter().any(|o| {
        let flag = o.flag.value.as_str();
        if flag_matches(flag, &[], &["no-install-recommends"]) {
            return true;
        }
        if flag_matches(flag, &[], &["install-recommends"]) {
            return o.value().is_some_and(|v| matches!(v, "no" | "false" | "0"));
        }
        flag_matches(flag, &['o'], &["option"])
            && o.value().is_some_and(|v| {
                let v = v.to_ascii_lowercase();
                v.starts_with("apt::install-recommends=")
                    && matches!(v.rsplit('=').next(), Some("false" | "0" | "no" | "off"))
            })
    })
}

const EN: &str = r#"## What it does

Reports `apt-get install` (and `apt install`) with packages and without
`--no-install-recommends`. An `-o APT::Install-Recommends=false` option, or an earlier command of
the stage that writes `APT::Install-Recommends` into apt's configuration, count as the switch.

## Why is this bad?

apt installs a package's *Recommends* by default: documentation, optional tools, whole desktop
stacks. They make the image larger, slower to pull and wider to attack, and the software rarely
needs them in a container.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y python3 && rm -rf /var/lib/apt/lists/*
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 \
    && rm -rf /var/lib/apt/lists/*
```

## Fix safety

The fix adds `--no-install-recommends` after `install`. It is unsafe, and only offered: the
image then lacks the recommended packages, and some software needs one of them at run time (a
classic is `ca-certificates`, recommended by `curl`'s library: HTTPS stops working). Add what is
needed to the install line by name.

## References

- [Dockerfile best practices: apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
- [hadolint DL3015](https://github.com/hadolint/hadolint/wiki/DL3015)
"#;

const ZH: &str = r#"## 作用

报告带有软件包、但没有 `--no-install-recommends` 的 `apt-get install`(以及 `apt install`)。
`-o APT::Install-Recommends=false` 选项,或本阶段较早的命令把 `APT::Install-Recommends` 写入 apt
配置,都视为已关闭推荐包。

## 为什么不好

apt 默认会安装软件包的 *Recommends*:文档、可选工具,甚至整套桌面组件。它们让镜像更大、拉取
更慢、攻击面更广,而容器里的软件很少需要它们。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y python3 && rm -rf /var/lib/apt/lists/*
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 \
    && rm -rf /var/lib/apt/lists/*
```

## 修复安全性

修复会在 `install` 后加上 `--no-install-recommends`。它不安全,只作为建议提供:镜像将缺少推荐的
软件包,而有些软件在运行时需要其中某个包(典型例子是 `curl` 的库所推荐的 `ca-certificates`,
缺少它 HTTPS 就无法使用)。请把需要的包按名字加到安装行中。

## 参考

- [Dockerfile 最佳实践:apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
- [hadolint DL3015](https://github.com/hadolint/hadolint/wiki/DL3015)
"#;
