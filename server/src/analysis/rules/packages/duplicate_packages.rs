//! `duplicate-packages`: the same package named twice in one install; the fix removes the
//! repeat.

use std::collections::HashMap;

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::rules::packages::{remove_word, run_scripts};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{Form, Manager, Package, PackageKind};

pub static RULE: Rule = Rule {
    id: "duplicate-packages",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "The same package twice in one install",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for run in run_scripts(cx) {
        for pc in run.script.installs() {
            let mut seen: HashMap<String, &Package> = HashMap::new();
            for package in &pc.packages {
                if package.kind != PackageKind::Name || package.is_dynamic() || package.name.is_empty() {
                    continue;
                }
                let name = normalized(pc.manager, &package.name);
                let Some(first) = seen.get(&name) else {
                    seen.insert(name, package);
                    continue;
                };
                let d = sink.report(
                    package.name_range,
                    format!("`{}` is already in this install", package.name),
                );
                // Two different pins of one package are a conflict for a human to settle.
                let same = first.word.range.slice(cx.text) == package.word.range.slice(cx.text)
                    && run.script.form != Form::Exec;
                if same && let Some(range) = remove_word(cx.text, package.word.range, cx.model.escape) {
                    d.fix = Some(Fix::new(
                        format!("Remove the repeated `{}`", package.name),
                        Applicability::Safe,
                        vec![Edit {
                            range,
                            new_text: String::new(),
                        }],
                    ));
                }
            }
        }
    }
}

/// pip compares names case-insensitively with `-`, `_` and `.` alike (PEP 503); the other
/// managers' names are lower case by convention, so case is ignored for them too.
fn normalized(manager: Manager, name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if matches!(manager, Manager::Pip | Manager::Pipx) {
        lower.replace(['_', '.'], "-")
    } else {
        lower
    }
}

const EN: &str = r#"## What it does

Reports a package named twice in the same install command (`curl` and `curl`, or `curl` and
`curl=7.88*`). pip names are compared as pip compares them: case ignored and `-`, `_`, `.`
alike.

The version is split off the way each manager writes it: after `=` for apt, `=`, `~`, `<` or
`>` for apk, `==` and the other specifiers for pip, `@` for npm and Go. yum and dnf write it
after a dash (`httpd-2.4.57`), but dashes and numbers are also part of names
(`gcc-toolset-13-gcc`, `java-17-openjdk`), so a dash only starts a version when what follows
looks like one: `-1.2`, `-1:1.2` (an epoch), `-1.2-3.el9` (a release that starts with a digit).
`gcc-toolset-12-gcc` and `gcc-toolset-13-gcc` are two packages.

## Why is this bad?

The repeat does nothing but hide which version was meant, and it usually means a long list was
edited in two places. With two different pins the install fails or silently picks one.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
        ca-certificates \
        curl \
        git \
        curl \
    && rm -rf /var/lib/apt/lists/*
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
        ca-certificates \
        curl \
        git \
    && rm -rf /var/lib/apt/lists/*
```

## Fix safety

The fix deletes the second occurrence (its whole line when it stands alone on a continued line)
and is offered only when both are written the same way (and not in an exec-form JSON array). It is safe: the same packages are
installed. Two different pins of one package get no fix.

## References

- [Dockerfile best practices: sort multi-line arguments](https://docs.docker.com/build/building/best-practices/#sort-multi-line-arguments)
- [PEP 503: normalized names](https://peps.python.org/pep-0503/#normalized-names)
"#;

const ZH: &str = r#"## 作用

报告同一条安装命令中出现两次的软件包(`curl` 和 `curl`,或 `curl` 和 `curl=7.88*`)。pip 的包名按
pip 的规则比较:忽略大小写,`-`、`_`、`.` 视为相同。

版本按各包管理器的写法分离:apt 在 `=` 之后,apk 在 `=`、`~`、`<` 或 `>` 之后,pip 在 `==` 等版本
约束之后,npm 和 Go 在 `@` 之后。yum 和 dnf 把版本写在连字符之后(`httpd-2.4.57`),但连字符和数字
也会出现在包名里(`gcc-toolset-13-gcc`、`java-17-openjdk`),因此只有连字符后面的部分确实像版本时
才算版本:`-1.2`、`-1:1.2`(带 epoch)、`-1.2-3.el9`(以数字开头的 release)。`gcc-toolset-12-gcc`
和 `gcc-toolset-13-gcc` 是两个不同的软件包。

## 为什么不好

重复的包名没有任何作用,只会让人看不清想要哪个版本,而且通常说明一份长列表在两处被修改过。
如果两处固定了不同的版本,安装会失败,或者悄悄选用其中一个。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
        ca-certificates \
        curl \
        git \
        curl \
    && rm -rf /var/lib/apt/lists/*
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
        ca-certificates \
        curl \
        git \
    && rm -rf /var/lib/apt/lists/*
```

## 修复安全性

修复会删除第二次出现的包名(如果它独占一个续行,则删除整行),且只在两处写法完全相同时提供(exec 形式的 JSON 数组除外)。
修复是安全的:安装的软件包不变。同一个包固定了不同版本时不提供修复。

## 参考

- [Dockerfile 最佳实践:多行参数排序](https://docs.docker.com/build/building/best-practices/#sort-multi-line-arguments)
- [PEP 503:规范化名称](https://peps.python.org/pep-0503/#normalized-names)
"#;
