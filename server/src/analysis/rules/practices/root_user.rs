//! `root-user`: the final stage runs its process as root, by an explicit `USER root` or, for an
//! image that starts a service of its own, by setting no `USER` at all.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, Base, Instruction, InstructionKind, Model};
use crate::analysis::reference::runs_unprivileged;
use crate::analysis::rules::practices::common::{chain_instructions, display_image, is_interactive, root_image};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::scope;
use crate::analysis::shell::{Script, program_name};

pub static RULE: Rule = Rule {
    id: "root-user",
    severity: Severity::Warning,
    aliases: &["DL3002"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Final stage runs as root",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Programs that start another as a different user: an image that uses them drops root on
/// purpose, usually in its entrypoint script.
const PRIVILEGE_DROPPERS: &[&str] = &[
    "gosu",
    "su-exec",
    "setpriv",
    "runuser",
    "chpst",
    "s6-setuidgid",
    "setuidgid",
    "su",
];

/// See [`is_self_dropping_daemon`].
const SELF_DROPPING_DAEMONS: &[&str] = &[
    "nginx",
    "httpd",
    "httpd-foreground",
    "apache2",
    "apache2-foreground",
    "apachectl",
    "php-fpm",
    "postfix",
    "sshd",
    "dnsmasq",
    "squid",
    "named",
    "unbound",
    "openvpn",
];

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let model = cx.model;
    let Some(stage) = model.stages.last() else {
        return;
    };
    // Windows images have no root: their users are `ContainerUser` (Nano Server's default) and
    // `ContainerAdministrator` (Server Core's), with their own rules.
    if cx.is_windows_stage(stage.index) {
        return;
    }
    let chain = chain_instructions(model, stage.index);
    let instructions: Vec<&Instruction> = chain.iter().map(|&i| &model.instructions[i]).collect();

    if let Some(user) = instructions.iter().rev().find(|i| i.kind == InstructionKind::User) {
        let Args::Words(words) = &user.args else { return };
        let Some(word) = words.first() else { return };
        let scope = scope::scope_at(model, user.range.start);
        let Some(value) = scope::expand(&word.raw, model.escape, |n| scope.get(n).and_then(|b| b.value)) else {
            return;
        };
        let name = value.split(':').next().unwrap_or(&value);
        if name == "root" || name == "0" {
            sink.report(word.range, format!("Last `USER` of the final stage is `{value}`"));
        }
        return;
    }

    // No `USER`: the process runs as whatever the base image chose, root for nearly all of them.
    if base_runs_unprivileged(model, stage.index) {
        return;
    }
    // `ENTRYPOINT []` clears the entrypoint: the command runs by itself.
    let entrypoint = instructions
        .iter()
        .rev()
        .find(|i| i.kind == InstructionKind::Entrypoint)
        .filter(|i| !matches!(&i.args, Args::Json { elements, .. } if elements.is_empty()));
    let cmd = instructions.iter().rev().find(|i| i.kind == InstructionKind::Cmd);
    let Some(start) = entrypoint.or(cmd) else {
        // The process is the base image's, which this Dockerfile does not choose.
        return;
    };
    // A base or tool image: the command (or an entrypoint without one) is a shell or a prompt,
    // and whoever builds on it picks the user.
    let interactive = match (cmd, entrypoint) {
        (Some(cmd), _) => cx.facts.script(cmd).is_some_and(is_interactive),
        // An entrypoint wrapper with nothing to run yet: the child image brings the command.
        (None, Some(entrypoint)) => cx
            .facts
            .script(entrypoint)
            .is_some_and(|s| is_interactive(s) || is_wrapper(s)),
        (None, None) => false,
    };
    if interactive {
        return;
    }
    let process: Vec<&Script> = [cmd, entrypoint]
        .into_iter()
        .flatten()
        .filter_map(|i| cx.facts.script(i))
        .collect();
    let drops_privileges = instructions
        .iter()
        .filter_map(|i| cx.facts.script(i))
        .any(mentions_privilege_drop)
        || process.iter().any(|s| is_self_dropping_daemon(s) || switches_user(s));
    if drops_privileges {
        return;
    }
    sink.report(
        start.keyword.range,
        format!(
            "The final stage sets no `USER`: its `{}` runs as `root`",
            start.kind.keyword()
        ),
    );
}

/// Base images that are known to run as an unprivileged user
/// ([`crate::analysis::reference::runs_unprivileged`]: `...:nonroot`, `nginx-unprivileged`,
/// `...-rootless`, .NET's chiseled and distroless images, Chainguard's images but their bases
/// and build tools).
fn base_runs_unprivileged(model: &Model, stage: usize) -> bool {
    let Some((_, image)) = root_image(model, stage) else {
        // `scratch` has no users at all: a process there runs as uid 0.
        let chain = crate::analysis::rules::practices::common::stage_chain(model, stage);
        let root = chain.last().and_then(|&s| model.stages.get(s));
        return !matches!(root.map(|s| &s.base), Some(Base::Scratch));
    };
    runs_unprivileged(&display_image(image)).is_some()
}

/// A conventional entrypoint script (`docker-entrypoint.sh`, `/__cacert_entrypoint.sh`), which
/// sets things up and runs the command it is given.
fn is_wrapper(process: &Script) -> bool {
    let [command] = process.commands.as_slice() else {
        return false;
    };
    command.effective_program().contains("entrypoint") && command.effective_args().is_empty()
}

/// Servers whose master process starts as root by design and runs its workers as the user its
/// configuration names.
fn is_self_dropping_daemon(process: &Script) -> bool {
    process.commands.iter().any(|c| {
        let program = c
            .effective_program()
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        SELF_DROPPING_DAEMONS.contains(&program)
    })
}

/// `sudo -u app`, `sudo --user=app`, `doas -u app` or `chroot --userspec=app:app` in front of
/// the command, naming a user other than root: the process runs as that user.
fn switches_user(process: &Script) -> bool {
    process.commands.iter().any(|c| {
        let end = c.wrapped.unwrap_or(0);
        let words: Vec<&str> = std::iter::once(&c.name)
            .chain(c.args.get(..end).unwrap_or(&[]))
            .map(|w| w.value.as_str())
            .collect();
        let mut program = "";
        let mut i = 0;
        while let Some(&word) = words.get(i) {
            // The wrapper an option belongs to: the last of `sudo`, `doas` and `chroot`, until
            // another wrapper takes over (`sudo env -u VAR ...`).
            let value = if !word.starts_with('-') {
                match program_name(word) {
                    name @ ("sudo" | "doas" | "chroot") => program = name,
                    "env" | "nice" | "nohup" | "timeout" | "stdbuf" | "setsid" | "exec" => program = "",
                    _ => {}
                }
                None
            } else {
                match program {
                    "sudo" | "doas" => option_value(&words, i, Some('u'), "user"),
                    "chroot" => option_value(&words, i, None, "userspec"),
                    _ => None,
                }
            };
            if let Some(user) = value {
                let name = user.split(':').next().unwrap_or(user);
                if !matches!(name, "root" | "0" | "#0") {
                    return true;
                }
            }
            i += 1;
        }
        false
    })
}

/// The value of `-u VALUE`, `-uVALUE` (the short option, when there is one), `--long=VALUE` or
/// `--long VALUE` at `words[i]`.
fn option_value<'w>(words: &[&'w str], i: usize, short: Option<char>, long: &str) -> Option<&'w str> {
    let word = words.get(i)?;
    if let Some(rest) = word.strip_prefix("--") {
        return match rest.split_once('=') {
            Some((name, value)) if name == long => Some(value),
            None if rest == long => words.get(i + 1).copied(),
            _ => None,
        };
    }
    let short = short?;
    let cluster = word.strip_prefix('-')?;
    let at = cluster.find(short)?;
    let attached = &cluster[at + short.len_utf8()..];
    if attached.is_empty() {
        words.get(i + 1).copied()
    } else {
        Some(attached)
    }
}

/// A script that runs, installs or downloads a program for switching users.
fn mentions_privilege_drop(script: &Script) -> bool {
    script.commands.iter().any(|c| {
        PRIVILEGE_DROPPERS.contains(&c.effective_program())
            || std::iter::once(&c.name)
                .chain(&c.args)
                .any(|w| w.value.contains("gosu") || w.value.contains("su-exec"))
    }) || script
        .installs()
        .flat_map(|p| &p.packages)
        .any(|p| matches!(p.name.as_str(), "gosu" | "su-exec" | "setpriv" | "util-linux-setpriv"))
}

const EN: &str = r#"## What it does

Reports a final stage whose process runs as root:

- the last `USER` of the final stage (or of a stage it is built on) is `root` or `0`;
- or the stage sets no `USER` at all, while it chooses the process itself (`CMD` or
  `ENTRYPOINT`).

Without a `USER` the rule stays quiet where root is likely deliberate or not this file's choice:

- the process is inherited from the base image (no `CMD`/`ENTRYPOINT`);
- the process is a shell or an interpreter's prompt (`CMD ["bash"]`, `CMD ["python3"]`: a base
  image or a tool);
- the image drops privileges itself, which official images such as `postgres`, `redis` or
  `mariadb` do in their entrypoint script, recognised by `gosu`, `su-exec`, `setpriv`,
  `runuser`, `chpst`, `s6-setuidgid` or `su` being installed, downloaded or run, or by the
  `CMD`/`ENTRYPOINT` command line switching users itself: `sudo -u app`, `doas -u app`,
  `chroot --userspec=app:app` (exec or shell form). The build context gives the analysis the
  names of files, not their content, so what a copied entrypoint script does is not read: only
  the command line of `ENTRYPOINT` and `CMD` is;
- the base image runs unprivileged already:
  - a tag or name that says so: distroless `:nonroot` and `:debug-nonroot` tags (uid 65532),
    `nginxinc/nginx-unprivileged`, `-rootless` images. Plain distroless tags
    (`gcr.io/distroless/static-debian12`, `:latest`, `:debug`) run as root (uid 0) and are
    reported;
  - .NET's distroless images, Ubuntu chiseled (`mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled`,
    `runtime-deps:8.0-jammy-chiseled-extra`) and Azure Linux (`...-azurelinux3.0-distroless`),
    which run as the `app` user (uid 1654 since .NET 8). The other .NET images run as root;
  - Chainguard images (`cgr.dev/chainguard/*`), which run as `nonroot` (uid 65532) or their
    service's user, except the ones whose published configuration runs as root: `wolfi-base`,
    `bash`, `go`, `gcc-glibc`, `git`, `apko`, `melange`, `docker-dind`, `k3s`,
    `min-toolkit-debug` and `postgres` (which drops privileges in its entrypoint);
- the final stage builds a Windows image (Server Core, Nano Server, a `-windows` tag, a
  `cmd` or `powershell` `SHELL`, the `` # escape=` `` directive): Windows has no root, and its
  users (`ContainerUser`, Nano Server's default, and `ContainerAdministrator`, Server Core's) are
  another matter. `USER ContainerAdministrator` is not reported either.

`FROM scratch` counts as root: there are no users there.

Master processes that start as root by design and run their workers as the user their
configuration names (`nginx`, `httpd`, `php-fpm`, `sshd`, `postfix`...) are not reported either.
Tuned this way, on the development corpus the rule keeps to images that run an application as
root; among the official images, only `tomcat` (Catalina runs as root) and `docker:dind`, which
needs root, are reported.

## Why is this bad?

A process running as root in a container is root on the container's filesystem, and one kernel
or runtime escape away from root on the host. Any code-execution bug in the application becomes
a bug with every privilege. Kubernetes policies (`runAsNonRoot`) refuse such images. Most
services need no privileges after start-up; those that do (binding port 80) can be given just
that capability.

## Example

```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY --chown=node:node . .
CMD ["node", "server.js"]
```

## Use instead

```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY --chown=node:node . .
USER node
CMD ["node", "server.js"]
```

## Fix safety

There is no fix: which user to run as, and whether it exists in the image, is the author's
choice.

## References

- [hadolint DL3002](https://github.com/hadolint/hadolint/wiki/DL3002)
- [Dockerfile best practices: USER](https://docs.docker.com/build/building/best-practices/#user)
- [Kubernetes: security context](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
- [Distroless images: tags](https://github.com/GoogleContainerTools/distroless#what-images-are-available)
- [.NET distroless images](https://github.com/dotnet/dotnet-docker/blob/main/documentation/distroless.md)
- [Chainguard images: users](https://github.com/chainguard-images/images/blob/main/BEST_PRACTICES.md)
"#;

const ZH: &str = r#"## 作用

当最终阶段的进程以 root 身份运行时报告:

- 最终阶段(或它所基于的阶段)最后一条 `USER` 是 `root` 或 `0`;
- 或者阶段完全没有设置 `USER`,而进程又是由它自己选定的(`CMD` 或 `ENTRYPOINT`)。

没有 `USER` 时,在以 root 运行很可能是有意为之、或者并非本文件决定的情况下不报告:

- 进程继承自基础镜像(没有 `CMD`/`ENTRYPOINT`);
- 进程是 shell 或解释器的交互提示符(`CMD ["bash"]`、`CMD ["python3"]`:基础镜像或工具镜像);
- 镜像自己降权——`postgres`、`redis`、`mariadb` 等官方镜像在入口脚本中这样做,可以通过安装、下载或运行
  `gosu`、`su-exec`、`setpriv`、`runuser`、`chpst`、`s6-setuidgid` 或 `su` 识别出来,或者
  `CMD`/`ENTRYPOINT` 的命令行本身就切换了用户:`sudo -u app`、`doas -u app`、
  `chroot --userspec=app:app`(exec 形式或 shell 形式均可)。构建上下文只向分析提供文件名而不提供文件内容,
  所以复制进镜像的入口脚本里做了什么不会被读取,只读取 `ENTRYPOINT` 和 `CMD` 的命令行;
- 基础镜像本来就以非特权用户运行:
  - 标签或名字表明了这一点:distroless 的 `:nonroot` 和 `:debug-nonroot` 标签(uid 65532)、
    `nginxinc/nginx-unprivileged`、`-rootless` 镜像。普通的 distroless 标签
    (`gcr.io/distroless/static-debian12`、`:latest`、`:debug`)以 root(uid 0)运行,会被报告;
  - .NET 的 distroless 镜像:Ubuntu chiseled(`mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled`、
    `runtime-deps:8.0-jammy-chiseled-extra`)和 Azure Linux(`...-azurelinux3.0-distroless`),
    它们以 `app` 用户运行(自 .NET 8 起 uid 为 1654)。其他 .NET 镜像以 root 运行;
  - Chainguard 镜像(`cgr.dev/chainguard/*`),以 `nonroot`(uid 65532)或服务自己的用户运行;
    但已发布配置以 root 运行的除外:`wolfi-base`、`bash`、`go`、`gcc-glibc`、`git`、`apko`、
    `melange`、`docker-dind`、`k3s`、`min-toolkit-debug` 和 `postgres`(它在入口脚本中降权);
- 最终阶段构建的是 Windows 镜像(Server Core、Nano Server、`-windows` 标签、`cmd` 或 `powershell` 的
  `SHELL`、`` # escape=` `` 指令):Windows 没有 root,它的用户(Nano Server 默认的 `ContainerUser`
  和 Server Core 默认的 `ContainerAdministrator`)是另一回事。`USER ContainerAdministrator` 同样不报告。

`FROM scratch` 视为 root:那里根本没有用户。

按设计以 root 启动主进程、再按配置中的用户运行工作进程的服务(`nginx`、`httpd`、`php-fpm`、`sshd`、
`postfix` 等)同样不报告。这样调整之后,在开发语料上这条规则只针对以 root 运行应用的镜像;官方镜像中只有
`tomcat`(Catalina 以 root 运行)和需要 root 的 `docker:dind` 被报告。

## 为什么不好

在容器中以 root 运行的进程,在容器文件系统上就是 root,距离主机上的 root 也只差一次内核或运行时逃逸。
应用里任何代码执行漏洞都会变成拥有全部权限的漏洞。Kubernetes 策略(`runAsNonRoot`)会拒绝这样的镜像。
大多数服务在启动后不需要特权;确实需要的(例如绑定 80 端口)可以只授予那一项能力。

## 示例

```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY --chown=node:node . .
CMD ["node", "server.js"]
```

## 建议写法

```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY --chown=node:node . .
USER node
CMD ["node", "server.js"]
```

## 修复安全性

没有自动修复:以哪个用户运行、镜像里有没有这个用户,由作者决定。

## 参考

- [hadolint DL3002](https://github.com/hadolint/hadolint/wiki/DL3002)
- [Dockerfile 最佳实践:USER](https://docs.docker.com/build/building/best-practices/#user)
- [Kubernetes:为 Pod 或容器配置安全上下文](https://kubernetes.io/zh-cn/docs/tasks/configure-pod-container/security-context/)
- [Distroless 镜像:标签](https://github.com/GoogleContainerTools/distroless#what-images-are-available)
- [.NET distroless 镜像](https://github.com/dotnet/dotnet-docker/blob/main/documentation/distroless.md)
- [Chainguard 镜像:用户](https://github.com/chainguard-images/images/blob/main/BEST_PRACTICES.md)
"#;
