//! `unused-suppression`: a name in a suppression comment (ours, hadolint's, BuildKit's
//! `check=skip=`) that suppressed nothing. Whether a suppression was used is only known after
//! every rule ran, so the engine reports it (analysis/suppress.rs) and `check` reports nothing.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

/// The rule's id, which the suppression pass reports its findings under.
pub const ID: &str = "unused-suppression";

pub static RULE: Rule = Rule {
    id: ID,
    since: "0.1",
    severity: Severity::Hint,
    aliases: &[],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "Suppression comment that suppresses nothing",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Nothing to do here: the suppression pass, which runs after every rule, reports this rule.
fn check(_cx: &Context<'_>, _sink: &mut Sink<'_>) {}

const EN: &str = r#"## What it does

Reports a rule named in a suppression comment that suppressed nothing in this file:

- `# dockerfile-lsp ignore=<id>,...` on the line above an instruction, and
  `# dockerfile-lsp global ignore=...` anywhere, for the whole file;
- hadolint's `# hadolint ignore=DL3008` and `# hadolint global ignore=...`, matched through the
  rules' aliases;
- BuildKit's `# check=skip=<Check,...|all>` parser directive (the whole file), and the same text in
  a comment directly above an instruction (that instruction only).

A name we do not know is reported as an unknown rule in our own comments. In hadolint's and
BuildKit's comments it is left alone, because those tools have codes we do not implement, and so
are ShellCheck codes (`SC2086`), because ShellCheck may not be installed where the check runs.
A rule that is disabled by the configuration did not run, and neither did a policy rule the
configuration gives nothing to check (`# hadolint ignore=DL3026` where no `trusted-registries` or
image policy is set), so a suppression of it is not reported either. BuildKit compares check names exactly: `check=skip=jsonargsrecommended` suppresses
nothing, and the hint says how to spell it. On the official images of our corpus, this is
mostly BuildKit's `check=skip=SecretsUsedInArgOrEnv` where our `secrets-in-arg-or-env` is quieter
than BuildKit's check, so for hadolint's and BuildKit's comments the message says that the other
tool may still need the name.

This rule is not run like the others: whether a suppression was used is only known once every
other rule has reported, so the suppression pass of the engine reports it after all rules ran
(its own check function reports nothing).

## Why is this bad?

A suppression outlives the problem it was written for: the line was fixed, the rule was tuned, or
the comment was copied from elsewhere. Left in place it silently hides the next real problem on
that instruction, and it tells readers that something is wrong there when nothing is.

Suppressions stay as precise as the alias written: `# hadolint ignore=DL3008` suppresses the apt
finding of `unpinned-package-versions` but not its apk finding (`DL3018`), so the apk line still
shows and the `DL3008` name is reported as unused when there is no apt finding.

## Example

```dockerfile
FROM alpine:3.20
# hadolint ignore=DL3008
RUN apk add --no-cache curl=8.9.1-r1
```

## Use instead

```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl=8.9.1-r1
```

## Fix safety

The fix deletes the name (with its comma), or the whole comment when it is the only name. It is
unsafe: hadolint or BuildKit may still need a suppression that we consider unused, because their
rules do not fire exactly where ours do. A file-level `check=skip=` directive with a single name
has no fix, since `# check=skip=` with nothing after it is an error for BuildKit.

## References

- [hadolint: ignoring rules inline](https://github.com/hadolint/hadolint#inline-ignores)
- [Build checks: skipping checks](https://docs.docker.com/build/checks/#skip-checks)
- [Dockerfile reference: check](https://docs.docker.com/reference/dockerfile/#check)
"#;

const ZH: &str = r#"## 作用

报告抑制注释中没有抑制任何诊断的规则名:

- 指令上一行的 `# dockerfile-lsp ignore=<id>,...`,以及任意位置、作用于整个文件的
  `# dockerfile-lsp global ignore=...`;
- hadolint 的 `# hadolint ignore=DL3008` 和 `# hadolint global ignore=...`,通过规则的别名匹配;
- BuildKit 的解析器指令 `# check=skip=<Check,...|all>`(作用于整个文件),以及紧贴在某条指令上方、
  内容相同的注释(只作用于那条指令)。

在我们自己的注释里,不认识的名字会被报告为未知规则。hadolint 和 BuildKit 的注释里不认识的名字不报告,
因为这些工具有我们没有实现的代码;ShellCheck 的代码(`SC2086`)也不报告,因为运行检查的机器上
可能没有安装 ShellCheck。被配置禁用的规则根本没有运行,配置未给出任何检查内容的策略规则(未设置 `trusted-registries` 或镜像策略时的 `# hadolint ignore=DL3026`)也没有运行,对它们的抑制同样不报告。BuildKit 对检查名区分大小写:
`check=skip=jsonargsrecommended` 不会抑制任何东西,提示会给出正确的写法。在我们语料库的官方镜像里,
最常见的是 BuildKit 的 `check=skip=SecretsUsedInArgOrEnv`:我们的 `secrets-in-arg-or-env` 比 BuildKit
的检查更安静,所以对 hadolint 和 BuildKit 的注释,提示会说明那个工具可能仍然需要这个名字。

这条规则的运行方式与其他规则不同:只有在所有其他规则都报告完之后,才能知道一个抑制有没有用上,
所以它由引擎的抑制阶段在所有规则运行之后报告(它自己的检查函数什么也不报告)。

## 为什么不好

抑制注释往往比它针对的问题活得更久:那一行已经修好、规则已经调整,或者注释是从别处复制来的。
留着它,会悄悄藏住这条指令上的下一个真实问题,也会让读者以为这里有问题,而实际上没有。

抑制的精度与所写的别名一致:`# hadolint ignore=DL3008` 会抑制 `unpinned-package-versions` 的 apt 诊断,
但不会抑制它的 apk 诊断(`DL3018`);所以 apk 那一行仍会显示,而在没有 apt 诊断时 `DL3008` 会被报告为未使用。

## 示例

```dockerfile
FROM alpine:3.20
# hadolint ignore=DL3008
RUN apk add --no-cache curl=8.9.1-r1
```

## 建议写法

```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl=8.9.1-r1
```

## 修复安全性

修复会删除这个名字(连同它的逗号);如果它是唯一的名字,就删除整条注释。这个修复是不安全的:
hadolint 或 BuildKit 的规则触发的位置与我们的不完全相同,它们可能仍然需要我们认为没用的抑制。
文件级的 `check=skip=` 指令只有一个名字时不提供修复,因为 BuildKit 会把后面什么都没有的
`# check=skip=` 当作错误。

## 参考

- [hadolint:行内忽略规则](https://github.com/hadolint/hadolint#inline-ignores)
- [构建检查:跳过检查](https://docs.docker.com/build/checks/#skip-checks)
- [Dockerfile 参考文档:check](https://docs.docker.com/reference/dockerfile/#check)
"#;
