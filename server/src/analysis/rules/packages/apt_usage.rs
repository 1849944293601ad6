//! `apt-usage`: the interactive `apt` front end in a script; the fix switches to `apt-get` (or
//! `apt-cache` for queries) where that command means the same.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::rules::packages::{insert_word_after, run_scripts};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{Manager, PackageCommand, Script, Word};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "apt-usage",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["DL3027"],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "`apt` in a script: its interface is not stable, use `apt-get` or `apt-cache`",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for run in run_scripts(cx) {
        for pc in run.script.packages.iter().filter(|pc| pc.manager == Manager::Apt) {
            let name = run.script.commands[pc.command].effective_name();
            let Some(range) = program_range(name) else { continue };
            let d = sink.report(range, "`apt` is meant for terminals; scripts should use `apt-get`");
            d.fix = fix(run.script, pc, name);
        }
    }
}

/// The range of the program's last path component (`apt` in `/usr/bin/apt`).
fn program_range(name: &Word) -> Option<TextRange> {
    let len = name.value.len();
    let start = len.checked_sub(3)?;
    (name.value.get(start..) == Some("apt")).then(|| name.sub_range(start, len))
}

/// The replacement for each `apt` subcommand whose meaning another tool has exactly: `apt
/// upgrade` also installs new dependencies, which `apt-get upgrade` does with
/// `--with-new-pkgs`; `apt list` has no equivalent.
fn fix(script: &Script, pc: &PackageCommand, name: &Word) -> Option<Fix> {
    let sub = pc.subcommand.as_ref()?;
    if sub.has_expansion {
        return None;
    }
    let (tool, extra): (&str, Option<&str>) = match sub.value.as_str() {
        "install" | "reinstall" | "remove" | "purge" | "autoremove" | "update" | "clean" | "autoclean" | "source"
        | "build-dep" | "download" | "satisfy" | "changelog" | "dist-upgrade" => ("apt-get", None),
        "full-upgrade" => ("apt-get", Some("dist-upgrade")),
        "upgrade" => ("apt-get", None),
        "search" | "show" | "showsrc" | "policy" | "depends" | "rdepends" | "madison" => ("apt-cache", None),
        _ => return None,
    };
    let range = program_range(name)?;
    // The value must be written as is for an exact replacement of the name.
    if range == name.range && name.range.len() != name.value.len() {
        return None;
    }
    let mut edits = vec![Edit {
        range,
        new_text: tool.to_owned(),
    }];
    match (sub.value.as_str(), extra) {
        (_, Some(renamed)) => {
            let sub_range = sub.sub_range(0, sub.value.len());
            if sub_range == sub.range && sub.range.len() != sub.value.len() {
                return None;
            }
            edits.push(Edit {
                range: sub_range,
                new_text: renamed.to_owned(),
            });
        }
        ("upgrade", None) => edits.push(insert_word_after(script, sub, "--with-new-pkgs")),
        _ => {}
    }
    Some(Fix::new(format!("Use `{tool}`"), Applicability::Safe, edits))
}

const EN: &str = r#"## What it does

Reports the `apt` command in a `RUN` script.

## Why is this bad?

`apt` is the front end for people at a terminal: its output, progress bars and defaults may
change between releases, and it warns `apt does not have a stable CLI interface. Use with
caution in scripts.` `apt-get` and `apt-cache` are the stable interfaces for scripts.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN apt update && apt install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```

## Fix safety

The fix replaces `apt` with the command that does the same: `apt-get` for installing, removing,
updating and cleaning, `apt-get dist-upgrade` for `full-upgrade`, `apt-get upgrade
--with-new-pkgs` for `upgrade`, and `apt-cache` for `search`, `show`, `policy` and the other
queries. It is safe: the packages installed are the same. `apt list` and other subcommands
without an equivalent get no fix.

## References

- [hadolint DL3027](https://github.com/hadolint/hadolint/wiki/DL3027)
- [apt(8): script usage](https://manpages.debian.org/bookworm/apt/apt.8.en.html#SCRIPT_USAGE_AND_DIFFERENCES_FROM_OTHER_APT_TOOLS)
"#;

const ZH: &str = r#"## 作用

报告 `RUN` 脚本中的 `apt` 命令。

## 为什么不好

`apt` 是给终端前的人使用的前端:它的输出、进度条和默认行为可能在不同版本间变化,并且会提示
`apt does not have a stable CLI interface. Use with caution in scripts.`。`apt-get` 和 `apt-cache`
才是供脚本使用的稳定接口。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN apt update && apt install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```

## 修复安全性

修复会把 `apt` 换成行为相同的命令:安装、卸载、更新和清理用 `apt-get`,`full-upgrade` 用
`apt-get dist-upgrade`,`upgrade` 用 `apt-get upgrade --with-new-pkgs`,`search`、`show`、
`policy` 等查询用 `apt-cache`。修复是安全的:安装的软件包相同。`apt list` 等没有对应命令的子命令
不提供修复。

## 参考

- [hadolint DL3027](https://github.com/hadolint/hadolint/wiki/DL3027)
- [apt(8):脚本用法](https://manpages.debian.org/bookworm/apt/apt.8.en.html#SCRIPT_USAGE_AND_DIFFERENCES_FROM_OTHER_APT_TOOLS)
"#;
