//! `policy-command`: a command the configuration's `[policy] denied-commands` forbids, run by a
//! RUN script.

use crate::analysis::diagnostic::Severity;
use crate::analysis::policy::Glob;
use crate::analysis::rules::packages::run_scripts;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{Word, program_name};

pub static RULE: Rule = Rule {
    id: "policy-command",
    since: "0.2",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Command the policy denies in a RUN script (denied-commands)",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// The pattern that denies the command `name` (compared by its last path component), if any.
fn denied<'g>(patterns: &'g [Glob], name: &Word) -> Option<&'g Glob> {
    if name.has_expansion {
        return None;
    }
    let program = program_name(&name.value);
    patterns.iter().find(|g| g.is_match(program) || g.is_match(&name.value))
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let patterns = &cx.config.policy.denied_commands;
    if patterns.is_empty() {
        return;
    }
    for run in run_scripts(cx) {
        for command in &run.script.commands {
            // The command itself, and the one a wrapper (`sudo`, `env`, `xargs`) runs.
            let mut names = vec![&command.name];
            let effective = command.effective_name();
            if !std::ptr::eq(effective, &command.name) {
                names.push(effective);
            }
            for name in names {
                if let Some(pattern) = denied(patterns, name) {
                    sink.report(
                        name.range,
                        format!(
                            "Command `{}` is denied by the policy (`denied-commands`: `{}`)",
                            name.value,
                            pattern.as_str()
                        ),
                    );
                }
            }
        }
    }
}

const EN: &str = r#"## What it does

Reports a command that `[policy] denied-commands` forbids in a RUN script: shell form, exec
form, heredoc scripts and ONBUILD triggers, also when a wrapper runs it (`sudo ssh-keygen`,
`xargs curl`). A pattern is a glob compared with the command's name and with its last path
component (`ssh-keygen` matches `/usr/bin/ssh-keygen`). A command name that comes from a
variable is only known when the script runs and is not reported. Scripts of a non-POSIX shell
(`cmd`, PowerShell) are not read.

## Why is this bad?

Some commands have no place in an image build: generating SSH host keys bakes one private key
into every container started from the image, `curl | sh` installers bypass review, `chmod 777`
opens files to every user. A list in one configuration file keeps them out of every Dockerfile.

## Example

```toml
[policy]
denied-commands = ["ssh-keygen"]
```

```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server \
 && ssh-keygen -A
```

## Use instead

```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server
# host keys are generated when the container starts
COPY entrypoint.sh /entrypoint.sh
ENTRYPOINT ["/entrypoint.sh"]
```

## Fix safety

There is no fix: what to do instead depends on why the command was there.

## References

- [Policies](https://github.com/dockerfile-lsp/dockerfile-lsp/blob/main/docs/policies.md)
"#;

const ZH: &str = r#"## 作用

报告 `[policy] denied-commands` 禁止的、在 RUN 脚本中执行的命令:包括 shell 形式、exec 形式、
heredoc 脚本和 ONBUILD 触发器,也包括经包装命令执行的情况(`sudo ssh-keygen`、`xargs curl`)。
模式是通配符,会与命令名及其路径的最后一段比较(`ssh-keygen` 匹配 `/usr/bin/ssh-keygen`)。
来自变量的命令名要到脚本运行时才知道,不报告。非 POSIX shell(`cmd`、PowerShell)的脚本
不读取。

## 为什么不好

有些命令不应出现在镜像构建中:生成 SSH 主机密钥会把同一个私钥打进由该镜像启动的每个容器;
`curl | sh` 安装脚本绕过了审查;`chmod 777` 让所有用户都能访问文件。在一个配置文件中维护
名单,就能把它们挡在所有 Dockerfile 之外。

## 示例

```toml
[policy]
denied-commands = ["ssh-keygen"]
```

```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server \
 && ssh-keygen -A
```

## 建议写法

```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server
# 主机密钥在容器启动时生成
COPY entrypoint.sh /entrypoint.sh
ENTRYPOINT ["/entrypoint.sh"]
```

## 修复安全性

没有修复:应如何替代取决于这条命令存在的原因。

## 参考

- [策略](https://github.com/dockerfile-lsp/dockerfile-lsp/blob/main/docs/policies.zh-CN.md)
"#;
