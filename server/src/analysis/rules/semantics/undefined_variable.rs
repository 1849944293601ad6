//! `undefined-variable`: `$X` or `${X}` in an instruction BuildKit expands, with no `ARG` or `ENV`
//! of that name in scope (BuildKit's `UndefinedVar`). What the base image's `ENV` sets cannot be
//! seen from the Dockerfile, so outside chains that start from `scratch` only what is almost
//! surely a mistake is reported: a near miss of a declared name, a global or platform `ARG` the
//! stage did not declare, a positional or special parameter.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::model::{Args, Instruction, InstructionKind, KeyValue, VarRef};
use crate::analysis::reference::PLATFORM_ARGS;
use crate::analysis::rules::semantics::chain_from_scratch;
use crate::analysis::rules::suggest::{closest, is_variable_name};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "undefined-variable",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["UndefinedVar"],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "Variable with no `ARG` or `ENV` in scope",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Variables that base images commonly set in their configuration: a reference to one of them
/// from a stage built on an image is taken as meant, even when it is close to a declared name.
const IMAGE_ENV: &[&str] = &[
    "HOME",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "TZ",
    "TERM",
    "USER",
    "SHELL",
    "HOSTNAME",
    "LD_LIBRARY_PATH",
    "JAVA_HOME",
    "JAVA_VERSION",
    "JRE_HOME",
    "GOPATH",
    "GOROOT",
    "GOLANG_VERSION",
    "GOTOOLCHAIN",
    "NODE_VERSION",
    "NODE_ENV",
    "YARN_VERSION",
    "PYTHON_VERSION",
    "PYTHON_PIP_VERSION",
    "PYTHON_SHA256",
    "PYTHONPATH",
    "VIRTUAL_ENV",
    "RUBY_VERSION",
    "RUBY_MAJOR",
    "GEM_HOME",
    "BUNDLE_PATH",
    "BUNDLE_APP_CONFIG",
    "CARGO_HOME",
    "RUSTUP_HOME",
    "RUST_VERSION",
    "MAVEN_HOME",
    "MAVEN_CONFIG",
    "GRADLE_HOME",
    "GRADLE_VERSION",
    "PHP_INI_DIR",
    "PHP_VERSION",
    "NGINX_VERSION",
    "HTTPD_PREFIX",
    "CATALINA_HOME",
    "TOMCAT_VERSION",
    "TOMCAT_MAJOR",
    "DOTNET_VERSION",
    "ASPNET_VERSION",
    "ASPNETCORE_URLS",
    "APP_UID",
    "CONDA_DIR",
    "GPG_KEY",
];

/// `${A:-x}`, `${A-x}`, `${A:+x}`, `${A+x}`, `${A:?msg}`, `${A?msg}`: written for the case where
/// `A` is unset.
fn handles_unset(var: &VarRef) -> bool {
    var.modifier
        .as_ref()
        .is_some_and(|(op, _)| matches!(op.as_str(), ":-" | "-" | ":+" | "+" | ":?" | "?"))
}

/// `$A` inside the word of `${A:+...}` or `${A+...}`: used only when `A` is set.
fn guarded_by_itself(instruction: &Instruction, var: &VarRef) -> bool {
    instruction.vars.iter().any(|outer| {
        outer.range != var.range
            && outer.range.contains_range(var.range)
            && outer.name.value == var.name.value
            && outer
                .modifier
                .as_ref()
                .is_some_and(|(op, _)| matches!(op.as_str(), ":+" | "+"))
    })
}

/// `$1`, `$@`, `$$`...: never a variable a Dockerfile or an image could set.
fn is_special(name: &str) -> bool {
    !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
}

fn pairs(instruction: &Instruction) -> &[KeyValue] {
    match &instruction.args {
        Args::KeyValues(kvs) => kvs,
        _ => &[],
    }
}

/// Names declared by global `ARG`s (before the first `FROM`).
fn global_args<'a>(cx: &Context<'a>) -> Vec<&'a str> {
    cx.model
        .instructions
        .iter()
        .take_while(|i| i.kind != InstructionKind::From)
        .filter(|i| i.kind == InstructionKind::Arg)
        .flat_map(|i| pairs(i).iter().map(|kv| kv.key.value.as_str()))
        .collect()
}

/// Whether the reference is defined after all, by what scope does not model: an earlier pair of
/// the same `ARG` (pairs are declared one by one), or another pair of the same `ENV` (that is
/// `env-self-reference`'s to report).
fn declared_in_instruction(instruction: &Instruction, var: &VarRef) -> bool {
    let name = &var.name.value;
    match instruction.kind {
        InstructionKind::Arg => pairs(instruction)
            .iter()
            .any(|kv| kv.key.value == *name && kv.range.end <= var.range.start),
        InstructionKind::Env => pairs(instruction).iter().any(|kv| kv.key.value == *name),
        _ => false,
    }
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let model = cx.model;
    let globals = global_args(cx);
    let first_from = model
        .instructions
        .iter()
        .position(|i| i.kind == InstructionKind::From)
        .unwrap_or(model.instructions.len());
    for (index, instruction) in model.instructions.iter().enumerate() {
        // `FROM` is `undefined-arg-in-from`'s; a trigger expands in a child build.
        if matches!(instruction.kind, InstructionKind::From | InstructionKind::Onbuild) || instruction.vars.is_empty() {
            continue;
        }
        let stage = model.stage_of(index);
        let no_image = index < first_from || stage.is_some_and(|s| chain_from_scratch(model, s));
        let scope = cx.scope_at(instruction.range.start);
        // Only names a reference can spell are offered (a fix must not re-fire forever). Made
        // when a reference is undefined: most instructions have none.
        let mut names: Option<Vec<&str>> = None;
        for var in &instruction.vars {
            let name = var.name.value.as_str();
            // BuildKit always sets `PATH`.
            if name == "PATH"
                || handles_unset(var)
                || guarded_by_itself(instruction, var)
                || scope.get(name).is_some()
                || declared_in_instruction(instruction, var)
            {
                continue;
            }
            let names = names.get_or_insert_with(|| {
                scope
                    .names()
                    .into_iter()
                    .filter(|n| is_variable_name(n, model.escape))
                    .collect()
            });
            let suggestion = closest(name, names.iter().copied()).map(str::to_string);
            let global = index >= first_from && globals.contains(&name);
            let platform = index >= first_from && PLATFORM_ARGS.contains(&name);
            let sure = no_image
                || is_special(name)
                || platform
                || ((suggestion.is_some() || global) && !IMAGE_ENV.contains(&name));
            if !sure {
                continue;
            }
            let in_heredoc = instruction.heredocs.iter().any(|h| h.body.contains_range(var.range));
            let redeclares = instruction.kind == InstructionKind::Arg
                && pairs(instruction)
                    .iter()
                    .any(|kv| kv.key.value == name && kv.range.contains_range(var.range));
            let mut message = if global && redeclares {
                format!(
                    "The default of `ARG {name}` does not see the global `{name}`: BuildKit expands it with the stage's own variables, where `{name}` is not declared yet, so it is empty here (declare `ARG {name}` alone first to take the global value)"
                )
            } else if global {
                format!("`{name}` is a global `ARG`: declare `ARG {name}` in this stage to use it here")
            } else if platform {
                format!("`{name}` is an automatic platform `ARG`: declare `ARG {name}` in this stage to use it here")
            } else {
                format!("Variable `{name}` is not defined")
            };
            if let Some(s) = &suggestion {
                message.push_str(&format!(" (did you mean `{s}`?)"));
            } else if in_heredoc {
                message.push_str(": BuildKit expands it in this heredoc, whose delimiter is not quoted");
            } else if !global && !platform {
                message.push_str(": it expands to an empty string");
            }
            let diagnostic = sink.report(var.name.range, message);
            if let Some(s) = suggestion.filter(|_| !global && !platform) {
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

Reports a `$NAME` or `${NAME}` in an instruction that BuildKit expands itself (`ADD`, `ARG`,
`COPY` and its unquoted heredocs, `ENV`, `EXPOSE`, `LABEL`, `STOPSIGNAL`, `USER`, `VOLUME`,
`WORKDIR`, and the flags of `RUN`) when no `ARG` or `ENV` of that name is in scope. Predefined
arguments count where BuildKit provides them (the proxy arguments everywhere, the platform
arguments in `FROM` lines and after `ARG TARGETARCH` in a stage). `PATH` is always set. A
reference written for the unset case (`${NAME:-default}`, `${NAME:+x}`, `${NAME:?message}`) is
never reported. `RUN`, `CMD` and `ENTRYPOINT` are expanded by the shell at run time and are not
checked here.

BuildKit knows the environment of the base image; a Dockerfile does not show it (`JAVA_HOME`,
`GOPATH`, `NODE_VERSION` and many more come from there). So this rule reports every undefined
name only where nothing unseen can define it: global `ARG` defaults, and stages whose chain of
`FROM <stage>` starts from `scratch`. In a stage built on an image it reports only what is almost
surely a mistake:

- a name close to a declared one (`$VERISON` when `VERSION` is declared), with the closest
  name as the fix;
- a global `ARG` the stage never redeclared (a stage sees a global `ARG` only after
  `ARG NAME`), and likewise an automatic platform argument (`TARGETARCH`...) used in a stage
  without `ARG TARGETARCH`;
- a positional or special parameter (`$1`, `$@`), which no image sets: in an unquoted `COPY`
  heredoc BuildKit expands it away;

and it leaves out names that images commonly set (`HOME`, `JAVA_HOME`, `GOPATH`, `NODE_VERSION`
and the like) even then.

A stage's `ARG X=${X#v}` after a global `ARG X=v1.2.3` is reported, with every form BuildKit's
lexer has that does not handle the unset case (`${X#p}`, `${X##p}`, `${X%p}`, `${X%%p}`,
`${X/a/b}`, `${X//a/b}`, plain `$X`): BuildKit expands an `ARG` default with the variables of the
stage (the base image's `ENV`, and the `ARG`s and `ENV`s declared so far), and a global `ARG` is not
one of them until a bare `ARG X` brings it in. So `X` is empty in that default, and BuildKit's own
`UndefinedVar` warns about it; with `--build-arg X=...` the default is not evaluated at all, so the
`#v` is never stripped either (moby/buildkit#4856). Declaring `ARG X` alone first, then
`ARG X=${X#v}`, takes the global value. `${X:-1.2.3}` and the other forms written for the unset
case are not reported.

## Why is this bad?

BuildKit expands an undefined variable to an empty string without failing: `WORKDIR /opt/$APP`
becomes `/opt/`, `COPY app-$VERISON.jar .` looks for `app-.jar`. The usual causes are a typo,
and a global `ARG` used inside a stage that did not redeclare it. BuildKit warns (`UndefinedVar`).

## Example

```dockerfile
ARG VERSION=1.4.2
FROM eclipse-temurin:21-jre
COPY target/app-${VERSION}.jar /opt/app.jar
ENV APP_HOME=/opt/app
WORKDIR $APP_HOEM
```

## Use instead

```dockerfile
ARG VERSION=1.4.2
FROM eclipse-temurin:21-jre
ARG VERSION
COPY target/app-${VERSION}.jar /opt/app.jar
ENV APP_HOME=/opt/app
WORKDIR $APP_HOME
```

## Fix safety

When a declared name is close, the fix replaces the reference with it. It is unsafe: the name
may be set by the base image after all, or the typo may be in the declaration.

## References

- [Dockerfile reference: variable substitution](https://docs.docker.com/reference/dockerfile/#environment-replacement)
- [Dockerfile reference: ARG scope](https://docs.docker.com/reference/dockerfile/#scope)
- [BuildKit check: UndefinedVar](https://docs.docker.com/reference/build-checks/undefined-var/)
- [moby/buildkit#4856: an `ARG` default is evaluated only when it is used](https://github.com/moby/buildkit/pull/4856)
"#;

const ZH: &str = r#"## 作用

在 BuildKit 自己展开变量的指令中(`ADD`、`ARG`、`COPY` 及其未加引号的 heredoc、`ENV`、`EXPOSE`、`LABEL`、
`STOPSIGNAL`、`USER`、`VOLUME`、`WORKDIR`,以及 `RUN` 的参数选项),报告作用域内没有同名 `ARG` 或 `ENV`
的 `$NAME` 或 `${NAME}`。预定义参数在 BuildKit 提供它们的地方算作已定义(代理参数处处可用;平台参数在 `FROM`
行中可用,在阶段内需先写 `ARG TARGETARCH`)。`PATH` 总是已设置。为未设置情况而写的引用(`${NAME:-default}`、
`${NAME:+x}`、`${NAME:?message}`)从不报告。`RUN`、`CMD` 和 `ENTRYPOINT` 在运行时由 shell 展开,不在此检查。

BuildKit 知道基础镜像的环境变量,Dockerfile 里却看不到(`JAVA_HOME`、`GOPATH`、`NODE_VERSION` 等都来自那里)。
因此本规则只在没有任何看不见的来源能定义变量的地方报告所有未定义的名字:全局 `ARG` 的默认值,以及
`FROM <stage>` 链从 `scratch` 开始的阶段。在基于镜像的阶段里,只报告几乎肯定是错误的情况:

- 与已声明名字相近的名字(已声明 `VERSION` 时写成 `$VERISON`),修复会换成最接近的名字;
- 阶段内没有重新声明的全局 `ARG`(阶段只有在 `ARG NAME` 之后才能看到全局 `ARG`),以及阶段内没有先写
  `ARG TARGETARCH` 就使用的自动平台参数(`TARGETARCH` 等);
- 位置参数或特殊参数(`$1`、`$@`),任何镜像都不会设置它们:在未加引号的 `COPY` heredoc 里,BuildKit 会把它们
  展开成空;

即便如此,镜像常设置的名字(`HOME`、`JAVA_HOME`、`GOPATH`、`NODE_VERSION` 之类)也不报告。

在全局 `ARG X=v1.2.3` 之后,阶段内的 `ARG X=${X#v}` 会被报告,BuildKit 词法分析器中所有不处理未设置情况的写法
都是如此(`${X#p}`、`${X##p}`、`${X%p}`、`${X%%p}`、`${X/a/b}`、`${X//a/b}`、普通的 `$X`):BuildKit 用本阶段的
变量(基础镜像的 `ENV`,以及此前声明的 `ARG` 和 `ENV`)展开 `ARG` 的默认值,而全局 `ARG` 在单独写一条
`ARG X` 把它引入之前并不在其中。因此这个默认值里的 `X` 是空的,BuildKit 自己的 `UndefinedVar` 也会警告;
使用 `--build-arg X=...` 时默认值根本不会被求值,`#v` 也就不会被去掉(moby/buildkit#4856)。先单独声明
`ARG X`,再写 `ARG X=${X#v}`,就能取到全局的值。`${X:-1.2.3}` 等为未设置情况而写的形式不报告。

## 为什么不好

BuildKit 会把未定义的变量展开为空字符串而不报错:`WORKDIR /opt/$APP` 变成 `/opt/`,`COPY app-$VERISON.jar .`
去找 `app-.jar`。常见原因是拼写错误,以及在阶段内使用全局 `ARG` 却没有重新声明。BuildKit 会给出
`UndefinedVar` 警告。

## 示例

```dockerfile
ARG VERSION=1.4.2
FROM eclipse-temurin:21-jre
COPY target/app-${VERSION}.jar /opt/app.jar
ENV APP_HOME=/opt/app
WORKDIR $APP_HOEM
```

## 建议写法

```dockerfile
ARG VERSION=1.4.2
FROM eclipse-temurin:21-jre
ARG VERSION
COPY target/app-${VERSION}.jar /opt/app.jar
ENV APP_HOME=/opt/app
WORKDIR $APP_HOME
```

## 修复安全性

有相近的已声明名字时,修复会把引用替换成它。它是不安全的修复:这个名字可能其实由基础镜像设置,或者拼错的是声明。

## 参考

- [Dockerfile 参考文档:变量替换](https://docs.docker.com/reference/dockerfile/#environment-replacement)
- [Dockerfile 参考文档:ARG 的作用域](https://docs.docker.com/reference/dockerfile/#scope)
- [BuildKit 检查:UndefinedVar](https://docs.docker.com/reference/build-checks/undefined-var/)
- [moby/buildkit#4856:`ARG` 的默认值只在使用时求值](https://github.com/moby/buildkit/pull/4856)
"#;
