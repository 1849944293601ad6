//! `package-cache-not-cleaned`: a package manager leaves its index or download cache in the
//! layer of a stage that is shipped; the fix adds the manager's no-cache flag or its cleanup.

use crate::analysis::diagnostic::{Applicability, Fix, Severity};
use crate::analysis::rules::packages::apt_get_update_alone::reads_lists;
use crate::analysis::rules::packages::{
    RunScript, append_command, cache_mount_targets, cache_mounted, command_head, head_text, in_shipped_stage,
    insert_word_after, run_scripts, shipped_stages,
};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

use crate::analysis::shell::{Action, CleanupKind, Manager, PackageCommand, Script};

pub static RULE: Rule = Rule {
    id: "package-cache-not-cleaned",
    since: "0.1",
    severity: Severity::Info,
    aliases: &["DL3009", "DL3019", "DL3032", "DL3036", "DL3040", "DL3042", "DL3060"],
    fix: FixKind::SafeOrUnsafe,
    default_enabled: true,
    summary: "Package index or download cache left in the image layer",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Managers whose leftovers are removed by a command appended after the last install.
struct Appended {
    manager: Manager,
    code: &'static str,
    kind: CleanupKind,
    folders: &'static [&'static str],
    cleanup: &'static str,
}

const APPENDED: &[Appended] = &[
    Appended {
        manager: Manager::Yum,
        code: "DL3032",
        kind: CleanupKind::YumCache,
        folders: &["/var/cache/yum"],
        cleanup: "yum clean all",
    },
    Appended {
        manager: Manager::Dnf,
        code: "DL3040",
        kind: CleanupKind::DnfCache,
        folders: &["/var/cache/dnf"],
        cleanup: "dnf clean all",
    },
    Appended {
        manager: Manager::Microdnf,
        code: "DL3040",
        kind: CleanupKind::DnfCache,
        folders: &["/var/cache/dnf", "/var/cache/yum"],
        cleanup: "microdnf clean all",
    },
    Appended {
        manager: Manager::Zypper,
        code: "DL3036",
        kind: CleanupKind::ZypperCache,
        folders: &["/var/cache/zypp"],
        cleanup: "zypper clean --all",
    },
    Appended {
        manager: Manager::Yarn,
        code: "DL3060",
        kind: CleanupKind::YarnCache,
        folders: &[
            "/usr/local/share/.cache/yarn",
            "/root/.cache/yarn",
            "/home/node/.cache/yarn",
        ],
        cleanup: "yarn cache clean",
    },
];

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let shipped = shipped_stages(cx.model);
    let runs = run_scripts(cx);
    for (i, run) in runs.iter().enumerate() {
        if !in_shipped_stage(&shipped, run) {
            continue;
        }
        let mounts = cache_mount_targets(run.instruction);
        apt_lists(cx, sink, runs, i, &mounts);
        for pc in run.script.installs() {
            match pc.manager {
                Manager::Apk => apk(run, pc, &mounts, sink),
                Manager::Pip => pip(cx, run, pc, &mounts, sink),
                _ => {}
            }
        }
        for spec in APPENDED {
            appended(cx, run, spec, &mounts, sink);
        }
    }
}

/// DL3009: `apt-get update` downloads the package lists into `/var/lib/apt/lists`; they stay in
/// the layer unless the same RUN removes them afterwards.
fn apt_lists(cx: &Context<'_>, sink: &mut Sink<'_>, runs: &[RunScript<'_>], i: usize, mounts: &[String]) {
    let run = &runs[i];
    let script = run.script;
    let is_apt_update = |pc: &&PackageCommand| pc.manager.is_apt() && pc.action == Action::Update;
    let Some(update) = script.packages.iter().find(is_apt_update) else {
        return;
    };
    // An update with no install is `apt-get-update-alone`'s finding: its fix moves the update
    // into the install's RUN, where this rule then looks at it.
    if !reads_lists(script) {
        return;
    }
    if cache_mounted(mounts, "/var/lib/apt/lists") {
        return;
    }
    // Only an update downloads lists, so the removal has to follow the last one.
    let last_update = script
        .packages
        .iter()
        .filter(is_apt_update)
        .map(|pc| pc.command)
        .max()
        .unwrap_or(update.command);
    // apt 2.9's `apt-get dist-clean` removes the lists too.
    let dist_clean = script.packages.iter().any(|pc| {
        pc.manager.is_apt() && pc.command > last_update && pc.subcommand.as_ref().is_some_and(|s| s.is("dist-clean"))
    });
    let cleaned = dist_clean
        || script
            .cleanups
            .iter()
            .any(|c| c.kind == CleanupKind::AptLists && c.command > last_update);
    if cleaned {
        return;
    }
    let command = &script.commands[update.command];
    let d = sink.report(
        command_head(command, update.subcommand.as_ref()),
        format!(
            "`{}` leaves the package lists in the layer (remove `/var/lib/apt/lists/*` in the same `RUN`)",
            head_text(update)
        ),
    );
    d.code = Some("DL3009");
    if let Some(edit) = append_command(cx, run, "rm -rf /var/lib/apt/lists/*") {
        // A later RUN that installs without its own update relies on these lists: removing them
        // would make it fail, so the fix is then only offered.
        let later_relies = runs[i + 1..]
            .iter()
            .filter(|r| r.stage == run.stage && !r.trigger)
            .any(|r| {
                r.script.installs().any(|pc| pc.manager.is_apt())
                    && !r
                        .script
                        .packages
                        .iter()
                        .any(|pc| pc.manager.is_apt() && pc.action == Action::Update)
            });
        let applicability = if later_relies || run.trigger {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        d.fix = Some(Fix::new("Remove the package lists", applicability, vec![edit]));
    }
}

/// DL3019: `apk add` keeps the downloaded index in `/var/cache/apk` without `--no-cache`.
fn apk(run: &RunScript<'_>, pc: &PackageCommand, mounts: &[String], sink: &mut Sink<'_>) {
    // `--no-network` installs from what is already there and fetches no index.
    if pc.skips_cache()
        || pc.has_option(&[], &["no-network"])
        || cache_mounted(mounts, "/var/cache/apk")
        || cache_mounted(mounts, "/etc/apk/cache")
    {
        return;
    }
    let cleaned = run
        .script
        .cleanups
        .iter()
        .any(|c| c.kind == CleanupKind::ApkCache && c.command > pc.command);
    if cleaned {
        return;
    }
    let command = &run.script.commands[pc.command];
    let Some(sub) = &pc.subcommand else { return };
    let d = sink.report(
        command_head(command, Some(sub)),
        "`apk add` without `--no-cache` keeps the package index in the layer",
    );
    d.code = Some("DL3019");
    d.fix = Some(Fix::new(
        "Add `--no-cache`",
        Applicability::Safe,
        vec![insert_word_after(run.script, sub, "--no-cache")],
    ));
}

/// DL3042: pip keeps every downloaded wheel in `~/.cache/pip` unless told not to.
fn pip(cx: &Context<'_>, run: &RunScript<'_>, pc: &PackageCommand, mounts: &[String], sink: &mut Sink<'_>) {
    if pc.skips_cache() || pc.has_option(&[], &["no-cache"]) {
        return;
    }
    let command = &run.script.commands[pc.command];
    if command.env("PIP_NO_CACHE_DIR").is_some() {
        return;
    }
    let pip_cache = mounts
        .iter()
        .any(|t| t.ends_with("/.cache") || t.ends_with("/.cache/pip"));
    if pip_cache {
        return;
    }
    let cleaned = run
        .script
        .cleanups
        .iter()
        .any(|c| c.kind == CleanupKind::PipCache && c.command > pc.command)
        || run
            .script
            .packages
            .iter()
            .any(|p| p.manager == Manager::Pip && p.action == Action::Clean && p.command > pc.command);
    if cleaned {
        return;
    }
    let scope = cx.scope_at(run.instruction.range.start);
    let env_set = ["PIP_NO_CACHE_DIR"]
        .iter()
        .any(|name| scope.get(name).is_some_and(|b| b.value.is_none_or(|v| !v.is_empty())));
    if env_set {
        return;
    }
    let Some(sub) = &pc.subcommand else { return };
    let head = command_head(command, Some(sub));
    let d = sink.report(
        head,
        format!(
            "`{}` without `--no-cache-dir` keeps downloaded packages in the layer",
            head_text(pc)
        ),
    );
    d.code = Some("DL3042");
    d.fix = Some(Fix::new(
        "Add `--no-cache-dir`",
        Applicability::Safe,
        vec![insert_word_after(run.script, sub, "--no-cache-dir")],
    ));
}

/// DL3032, DL3036, DL3040, DL3060: an install by a manager that keeps a cache unless a clean
/// command follows; reported once per RUN, on the last such install.
fn appended(cx: &Context<'_>, run: &RunScript<'_>, spec: &Appended, mounts: &[String], sink: &mut Sink<'_>) {
    let script = run.script;
    let Some(last) = script
        .installs()
        .filter(|pc| pc.manager == spec.manager && !is_query(pc))
        .last()
    else {
        return;
    };
    if spec.folders.iter().any(|f| cache_mounted(mounts, f)) {
        return;
    }
    if spec.manager == Manager::Yarn && yarn_skips_cache(script, mounts) {
        return;
    }
    let cleaned = script
        .cleanups
        .iter()
        .any(|c| c.kind == spec.kind && c.command > last.command);
    if cleaned {
        return;
    }
    let command = &script.commands[last.command];
    let head = command_head(command, last.subcommand.as_ref());
    let d = sink.report(
        head,
        format!(
            "`{}` leaves its cache in the layer (add `{}` in the same `RUN`)",
            head_text(last),
            spec.cleanup
        ),
    );
    d.code = Some(spec.code);
    if let Some(edit) = append_command(cx, run, spec.cleanup) {
        d.fix = Some(Fix::new(
            format!("Add `{}`", spec.cleanup),
            Applicability::Safe,
            vec![edit],
        ));
    }
}

/// A bare `yarn --version` or `yarn --help` is a question, not an install.
fn is_query(pc: &PackageCommand) -> bool {
    pc.subcommand.is_none() && pc.has_option(&['v', 'h'], &["version", "help"])
}

/// Yarn told to keep its cache elsewhere (`--cache-folder` on a mount) leaves nothing behind.
fn yarn_skips_cache(script: &Script, mounts: &[String]) -> bool {
    script
        .installs()
        .filter(|pc| pc.manager == Manager::Yarn && !is_query(pc))
        .all(|pc| {
            pc.option(&[], &["cache-folder"])
                .and_then(|o| o.value())
                .is_some_and(|folder| cache_mounted(mounts, folder) || folder.starts_with("/tmp"))
        })
}

const EN: &str = r#"## What it does

Reports a package manager that leaves its package index or download cache in the layer of a
`RUN`:

| manager | code | what stays | clean with |
|---|---|---|---|
| `apt-get`, `apt` | DL3009 | `/var/lib/apt/lists` after `update` | `rm -rf /var/lib/apt/lists/*` |
| `apk` | DL3019 | `/var/cache/apk` after `add` | `apk add --no-cache` |
| `yum` | DL3032 | `/var/cache/yum` | `yum clean all` |
| `zypper` | DL3036 | `/var/cache/zypp` | `zypper clean --all` |
| `dnf`, `microdnf` | DL3040 | `/var/cache/dnf` | `dnf clean all` |
| `pip` | DL3042 | `~/.cache/pip` | `pip install --no-cache-dir` |
| `yarn` | DL3060 | the yarn cache | `yarn cache clean` |

The cleanup has to be in the same `RUN`, after the install. A `--mount=type=cache` on the cache
folder, `PIP_NO_CACHE_DIR` (in `ENV`, `ARG` or before the command) and yarn's `--cache-folder` on
a mount or under `/tmp` count as clean.

Only stages whose layers end up in the built image are checked: the last stage, the stages it
is built `FROM`, and ONBUILD triggers. A builder stage that only hands files to `COPY --from` is
thrown away with its cache, so it is not reported (hadolint reads DL3009 much the same way;
without this, most multi-stage official images would be reported for their build stages).
`apk add --no-network` fetches nothing and is not reported. An `apt-get update` with no install
in the same `RUN` is left to `apt-get-update-alone`.

## Why is this bad?

A file deleted by a later `RUN` still takes space in the layer that wrote it. Package indexes and
caches are tens of megabytes that nothing in the running container needs, pulled and stored with
every copy of the image.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN apk add curl
RUN pip install requests
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
RUN apk add --no-cache curl
RUN pip install --no-cache-dir requests
```

## Fix safety

The fix adds the manager's no-cache flag after the subcommand (`apk`, `pip`), or appends
`&& <cleanup>` after the last command of the script (the others). It is offered only when the
script ends with a plain command, so that the cleanup runs last. It is safe: the installed
packages are the same. Removing the apt lists is only offered, not applied by fix-all, when a
later `RUN` of the stage installs with apt without its own `apt-get update`, because that
install would then find no lists.

## References

- [Dockerfile best practices: apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
- [hadolint DL3009](https://github.com/hadolint/hadolint/wiki/DL3009), [DL3019](https://github.com/hadolint/hadolint/wiki/DL3019), [DL3042](https://github.com/hadolint/hadolint/wiki/DL3042)
- [Build cache mounts](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
"#;

const ZH: &str = r#"## 作用

报告包管理器把软件包索引或下载缓存留在 `RUN` 的镜像层里:

| 包管理器 | 代码 | 残留内容 | 清理方式 |
|---|---|---|---|
| `apt-get`、`apt` | DL3009 | `update` 之后的 `/var/lib/apt/lists` | `rm -rf /var/lib/apt/lists/*` |
| `apk` | DL3019 | `add` 之后的 `/var/cache/apk` | `apk add --no-cache` |
| `yum` | DL3032 | `/var/cache/yum` | `yum clean all` |
| `zypper` | DL3036 | `/var/cache/zypp` | `zypper clean --all` |
| `dnf`、`microdnf` | DL3040 | `/var/cache/dnf` | `dnf clean all` |
| `pip` | DL3042 | `~/.cache/pip` | `pip install --no-cache-dir` |
| `yarn` | DL3060 | yarn 缓存 | `yarn cache clean` |

清理必须写在同一条 `RUN` 中、安装命令之后。缓存目录上的 `--mount=type=cache`、`PIP_NO_CACHE_DIR`
(在 `ENV`、`ARG` 或命令前设置),以及指向挂载目录或 `/tmp` 的 yarn `--cache-folder` 都算作已清理。

只检查其镜像层会进入最终镜像的阶段:最后一个阶段、它(逐级)`FROM` 的阶段,以及 ONBUILD 触发器。
只为 `COPY --from` 提供文件的构建阶段连同其缓存一起被丢弃,因此不报告(hadolint 对 DL3009 的处理
大致相同;否则大多数多阶段的官方镜像都会因构建阶段而被报告)。`apk add --no-network` 不下载任何内容,
不予报告。同一条 `RUN` 中只有 `apt-get update` 而没有安装的情况交给 `apt-get-update-alone`。

## 为什么不好

后面的 `RUN` 删除文件,写入该文件的那一层仍然占用空间。软件包索引和缓存有几十 MB,运行中的容器
完全用不到,却随镜像的每一份副本被拉取和存储。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN apk add curl
RUN pip install requests
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
RUN apk add --no-cache curl
RUN pip install --no-cache-dir requests
```

## 修复安全性

修复会在子命令后加上包管理器的免缓存选项(`apk`、`pip`),或在脚本最后一条命令后追加
`&& <清理命令>`(其他包管理器)。只有脚本以普通命令结尾时才提供修复,以保证清理最后执行。
修复是安全的:安装的软件包不变。如果本阶段后面的某条 `RUN` 用 apt 安装却没有自己的
`apt-get update`,删除 apt 列表会让那次安装找不到列表,此时修复只作为建议提供,不会被一键修复应用。

## 参考

- [Dockerfile 最佳实践:apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
- [hadolint DL3009](https://github.com/hadolint/hadolint/wiki/DL3009)、[DL3019](https://github.com/hadolint/hadolint/wiki/DL3019)、[DL3042](https://github.com/hadolint/hadolint/wiki/DL3042)
- [构建缓存挂载](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
"#;
