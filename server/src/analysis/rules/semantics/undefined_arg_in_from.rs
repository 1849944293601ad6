//! `undefined-arg-in-from`: a `FROM` line (base or `--platform`) using a variable that no global
//! `ARG` declares (BuildKit's `UndefinedArgInFrom`).

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::model::InstructionKind;
use crate::analysis::rules::suggest::{closest, is_variable_name};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "undefined-arg-in-from",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["UndefinedArgInFrom"],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "`FROM` uses an `ARG` not declared before the first `FROM`",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in &cx.model.instructions {
        if instruction.kind != InstructionKind::From || instruction.vars.is_empty() {
            continue;
        }
        let scope = cx.scope_at(instruction.range.start);
        // Only names a reference can spell are offered (a fix must not re-fire forever).
        let names: Vec<String> = scope
            .bindings()
            .into_iter()
            .map(|b| b.name)
            .filter(|n| is_variable_name(n, cx.model.escape))
            .collect();
        for var in &instruction.vars {
            let name = &var.name.value;
            if scope.get(name).is_some() {
                continue;
            }
            let suggestion = closest(name, names.iter().map(String::as_str)).map(str::to_string);
            let mut message = format!("`{name}` is not declared by an `ARG` before the first `FROM`");
            if let Some(s) = &suggestion {
                message.push_str(&format!(" (did you mean `{s}`?)"));
            }
            let diagnostic = sink.report(var.name.range, message);
            if let Some(s) = suggestion {
                diagnostic.fix = Some(Fix::new(
                    format!("Use `{s}`"),
                    Applicability::Unsafe,
                    vec![Edit {
                        range: var.name.range,
                        new_text: s,
                    }],
                ));
            }
        }
    }
}

const EN: &str = r#"## What it does

Reports a variable in a `FROM` line (the base image or `--platform`) that no `ARG` before the
first `FROM` declares. The automatic platform arguments (`TARGETPLATFORM`, `BUILDARCH`...) are
declared implicitly. A default written into the reference (`${BASE:-alpine}`) does not help: an
undeclared name can never be set with `--build-arg`, so it is reported too, as BuildKit does.

## Why is this bad?

Only global `ARG`s reach `FROM` lines. An undeclared variable expands to an empty string, so
`FROM node:${NODE_VERSON}-alpine` asks for `node:-alpine`, and `--build-arg` cannot change it.
BuildKit warns (`UndefinedArgInFrom`).

## Example

```dockerfile
ARG NODE_VERSION=22
FROM node:${NODE_VERSON}-alpine
```

## Use instead

```dockerfile
ARG NODE_VERSION=22
FROM node:${NODE_VERSION}-alpine
```

## Fix safety

When a declared name is close, the fix replaces the reference with it. It is unsafe: the typo
may be in the `ARG` rather than in the `FROM`.

## References

- [Dockerfile reference: how ARG and FROM interact](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
- [BuildKit check: UndefinedArgInFrom](https://docs.docker.com/reference/build-checks/undefined-arg-in-from/)
"#;

const ZH: &str = r#"## 作用

报告 `FROM` 行(基础镜像或 `--platform`)中、没有在第一个 `FROM` 之前用 `ARG` 声明的变量。自动提供的平台参数
(`TARGETPLATFORM`、`BUILDARCH` 等)视为已隐式声明。在引用中写默认值(`${BASE:-alpine}`)也无济于事:未声明的
名字永远无法用 `--build-arg` 设置,所以同样会报告,与 BuildKit 一致。

## 为什么不好

只有全局 `ARG` 能作用到 `FROM` 行。未声明的变量会展开为空字符串,于是 `FROM node:${NODE_VERSON}-alpine`
请求的是 `node:-alpine`,而且 `--build-arg` 也无法改变它。BuildKit 会给出 `UndefinedArgInFrom` 警告。

## 示例

```dockerfile
ARG NODE_VERSION=22
FROM node:${NODE_VERSON}-alpine
```

## 建议写法

```dockerfile
ARG NODE_VERSION=22
FROM node:${NODE_VERSION}-alpine
```

## 修复安全性

有相近的已声明名字时,修复会把引用替换成它。它是不安全的修复:拼错的可能是 `ARG` 而不是 `FROM`。

## 参考

- [Dockerfile 参考文档:ARG 与 FROM 的关系](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
- [BuildKit 检查:UndefinedArgInFrom](https://docs.docker.com/reference/build-checks/undefined-arg-in-from/)
"#;

#[cfg(test)]
mod tests {
    use crate::analysis::config::Config;
    use crate::analysis::{Host, analyze};

    #[test]
    fn a_declared_name_a_reference_cannot_spell_is_not_suggested() {
        // Found by fuzzing: `Use BASE_IMAG?E` turned `$BASE_IMAGE` into `$BASE_IMAG?E`, which
        // still reads `BASE_IMAG`, so fix-all added `?E` every round.
        let found: Vec<(String, bool)> = analyze(
            "ARG BASE_IMAG?E=x\nARG BASE=y\nFROM $BASE_IMAGE\n",
            &Config::default(),
            &Host::none(),
            None,
        )
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == super::RULE.id)
        .map(|d| (d.message, d.fix.is_some()))
        .collect();
        assert_eq!(
            found,
            [(
                "`BASE_IMAGE` is not declared by an `ARG` before the first `FROM`".to_owned(),
                false
            )]
        );
    }
}
