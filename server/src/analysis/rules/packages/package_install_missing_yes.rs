//! `package-install-missing-yes`: an install, upgrade or removal by apt, yum, dnf or zypper
//! without the switch that answers its confirmation prompt; the fix adds `-y`.

use crate::analysis::diagnostic::{Applicability, Fix, Severity};
use crate::analysis::rules::packages::{
    Mentions, command_head, head_text, insert_word_after, is_simulation, run_scripts,
};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{Action, Command, Manager, Script};

pub static RULE: Rule = Rule {
    id: "package-install-missing-yes",
    severity: Severity::Warning,
    aliases: &["DL3014", "DL3030", "DL3034", "DL3038"],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "Package install without `-y`: the build stops at the confirmation prompt",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn code_of(manager: Manager) -> Option<&'static str> {
    Some(match manager {
        Manager::AptGet | Manager::Apt | Manager::Aptitude => "DL3014",
        Manager::Yum => "DL3030",
        Manager::Zypper => "DL3034",
        Manager::Dnf => "DL3038",
        _ => return None,
    })
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let runs = run_scripts(cx);
    // `echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90yes` earlier on.
    let assume_yes_set = Mentions::new(runs, "APT::Get::Assume-Yes");
    for (i, run) in runs.iter().enumerate() {
        let assume_yes = assume_yes_set.before(cx.model, runs, i);
        for pc in &run.script.packages {
            let Some(code) = code_of(pc.manager) else { continue };
            if !matches!(pc.action, Action::Install | Action::Upgrade | Action::Remove)
                || pc.is_non_interactive()
                || is_simulation(pc)
            {
                continue;
            }
            if pc.manager.is_apt() && assume_yes {
                continue;
            }
            let command = &run.script.commands[pc.command];
            if fed_by_yes(run.script, command) {
                continue;
            }
            let Some(sub) = &pc.subcommand else { continue };
            let head = command_head(command, Some(sub));
            let d = sink.report(
                head,
                format!("`{}` without `-y` stops at the confirmation prompt", head_text(pc)),
            );
            d.code = Some(code);
            d.fix = Some(Fix::new(
                "Add `-y`",
                Applicability::Safe,
                vec![insert_word_after(run.script, sub, "-y")],
            ));
        }
    }
}

/// `yes | apt-get install ...`: the prompt is answered from the pipe.
fn fed_by_yes(script: &Script, command: &Command) -> bool {
    if !command.pipe_in {
        return false;
    }
    let Some(pipeline) = script.pipeline_of(command) else {
        return false;
    };
    pipeline
        .commands
        .iter()
        .filter_map(|&i| script.commands.get(i))
        .take_while(|c| c.range.start < command.range.start)
        .any(|c| c.runs("yes") || c.runs("echo") || c.runs("printf"))
}

const EN: &str = r#"## What it does

Reports an install, upgrade or removal that asks for confirmation and is not told the answer:

| manager | code | switch |
|---|---|---|
| `apt-get`, `apt`, `aptitude` | DL3014 | `-y` (`--yes`, `--assume-yes`, or quiet level 2: `-qq`, `-q -q`, `-q=2`) |
| `yum` | DL3030 | `-y` (`--assumeyes`) |
| `zypper` | DL3034 | `-n` before the subcommand, or `-y` after it (`--non-interactive`, `--no-confirm`) |
| `dnf` | DL3038 | `-y` (`--assumeyes`) |

yum and dnf are checked under all their command names (`dnf in`, `dnf rei`, `dnf up`,
`dnf group install`...). A command fed by `yes |` and a script that writes
`APT::Get::Assume-Yes` into apt's configuration are not reported. `apk`, `microdnf`, `pip` and
the language package managers never ask, so they are not checked: hadolint's DL3038 also
reports `microdnf install` without `-y`, but microdnf has no confirmation prompt (its `-y` is
accepted for compatibility with dnf).

## Why is this bad?

A build has no terminal to answer `Do you want to continue? [Y/n]`: the manager reads end of
input, aborts, and the `RUN` fails, often only once a new dependency makes the prompt appear.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install --no-install-recommends curl
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Fix safety

The fix adds `-y` after the subcommand. It is safe: the command does what it would do if
someone answered yes, which is the only way the build could succeed.

## References

- [hadolint DL3014](https://github.com/hadolint/hadolint/wiki/DL3014), [DL3030](https://github.com/hadolint/hadolint/wiki/DL3030), [DL3034](https://github.com/hadolint/hadolint/wiki/DL3034), [DL3038](https://github.com/hadolint/hadolint/wiki/DL3038)
- [apt-get(8)](https://manpages.debian.org/bookworm/apt/apt-get.8.en.html)
"#;

const ZH: &str = r#"## 作用

报告需要确认、却没有预先给出答案的安装、升级或卸载命令:

| 包管理器 | 代码 | 选项 |
|---|---|---|
| `apt-get`、`apt`、`aptitude` | DL3014 | `-y`(`--yes`、`--assume-yes`,或安静级别 2:`-qq`、`-q -q`、`-q=2`) |
| `yum` | DL3030 | `-y`(`--assumeyes`) |
| `zypper` | DL3034 | 子命令前的 `-n`,或子命令后的 `-y`(`--non-interactive`、`--no-confirm`) |
| `dnf` | DL3038 | `-y`(`--assumeyes`) |

yum 和 dnf 的各个命令名(`dnf in`、`dnf rei`、`dnf up`、`dnf group install` 等)都会检查。通过
`yes |` 提供输入的命令,以及脚本中把 `APT::Get::Assume-Yes` 写入 apt 配置的情况不会报告。`apk`、
`microdnf`、`pip` 和各语言的包管理器从不询问,因此不检查:hadolint 的 DL3038 也会报告没有 `-y` 的
`microdnf install`,但 microdnf 没有确认提示(它接受 `-y` 只是为了与 dnf 兼容)。

## 为什么不好

构建过程中没有终端来回答 `Do you want to continue? [Y/n]`:包管理器读到输入结束,随即中止,
`RUN` 失败;而且往往要等到某个新依赖让提示出现时才会失败。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install --no-install-recommends curl
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## 修复安全性

修复会在子命令后加上 `-y`。它是安全的:命令的行为与有人回答“是”时相同,而这是构建能够成功的唯一方式。

## 参考

- [hadolint DL3014](https://github.com/hadolint/hadolint/wiki/DL3014)、[DL3030](https://github.com/hadolint/hadolint/wiki/DL3030)、[DL3034](https://github.com/hadolint/hadolint/wiki/DL3034)、[DL3038](https://github.com/hadolint/hadolint/wiki/DL3038)
- [apt-get(8)](https://manpages.debian.org/bookworm/apt/apt-get.8.en.html)
"#;
