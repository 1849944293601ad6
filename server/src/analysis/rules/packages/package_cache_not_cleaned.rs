//! `package-cache-not-cleaned`: a package manager leaves its index or download cache in the
//! layer of a stage that is shipped; the fix adds the manager's no-cache flag or its cleanup.

use crate::analysis::diagnostic::{Applicability, Fix, Severity};
use crate::analysis::rules::packages::apt_get_update_alone::reads_lists;
use crate::analysis::rules::packages::{
    RunScript, append_command, cache_mount_targets, cache_mounted, command_head, head_text, in_shipped_stage,
    insert_word_after, run_scripts, shipped_stages, stage_chain,
};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

use crate::analysis::shell::{Action, CleanupKind, Manager, PackageCommand, Scope, Script};

pub static RULE: Rule = Rule {
    id: "package-cache-not-cleaned",
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
    /// The cleanups that count: yum, dnf and microdnf share one configuration on RHEL 8 and
    /// later (`yum` is dnf there), and which of their cache folders a release uses depends on
    /// it, so any of their cleanups counts for any of them.
    kinds: &'static [CleanupKind],
    folders: &'static [&'static str],
    cleanup: &'static str,
    /// Upgrades fill the cache as installs do (repository metadata, downloaded packages).
    upgrades: bool,
}

const RPM_CLEANUPS: &[CleanupKind] = &[CleanupKind::YumCache, CleanupKind::DnfCache];
/// yum 3 and microdnf keep their cache in `/var/cache/yum`, dnf 4 in `/var/cache/dnf`, dnf 5 in
/// `/var/cache/libdnf5`.
const RPM_FOLDERS: &[&str] = &["/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"];

const APPENDED: &[Appended] = &[
    Appended {
        manager: Manager::Yum,
        code: "DL3032",
        kinds: RPM_CLEANUPS,
        folders: RPM_FOLDERS,
        cleanup: "yum clean all",
        upgrades: true,
    },
    Appended {
        manager: Manager::Dnf,
        code: "DL3040",
        kinds: RPM_CLEANUPS,
        folders: RPM_FOLDERS,
        cleanup: "dnf clean all",
        upgrades: true,
    },
    Appended {
        manager: Manager::Microdnf,
        code: "DL3040",
        kinds: RPM_CLEANUPS,
        folders: RPM_FOLDERS,
        cleanup: "microdnf clean all",
        upgrades: true,
    },
    Appended {
        manager: Manager::Zypper,
        code: "DL3036",
        kinds: &[CleanupKind::ZypperCache],
        folders: &["/var/cache/zypp"],
        cleanup: "zypper clean --all",
        upgrades: true,
    },
    Appended {
        manager: Manager::Yarn,
        code: "DL3060",
        kinds: &[CleanupKind::YarnCache],
        folders: &[
            "/usr/local/share/.cache/yarn",
            "/root/.cache/yarn",
            "/home/node/.cache/yarn",
        ],
        cleanup: "yarn cache clean",
        upgrades: false,
    },
];

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let shipped = shipped_stages(cx.model);
    let runs = run_scripts(cx);
    let keep_debs: Vec<Option<usize>> = runs.iter().map(|r| keeps_downloaded_debs(r.script)).collect();
    for (i, run) in runs.iter().enumerate() {
        if !in_shipped_stage(&shipped, run) {
            continue;
        }
        let mounts = cache_mount_targets(run.instruction);
        apt_lists(cx, sink, runs, i, &mounts);
        apt_archives(cx, sink, runs, i, &mounts, &keep_debs);
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

/// DL3009 too: Docker's Debian and Ubuntu images delete each downloaded `.deb` through the
/// `docker-clean` hook; a script that removes the hook or sets `Keep-Downloaded-Packages` keeps
/// them in `/var/cache/apt/archives`, meant for a cache mount on that folder. Without the mount
/// (or an `apt-get clean` after the install), the packages stay in the layer.
fn apt_archives(
    cx: &Context<'_>,
    sink: &mut Sink<'_>,
    runs: &[RunScript<'_>],
    i: usize,
    mounts: &[String],
    keep_debs: &[Option<usize>],
) {
    let run = &runs[i];
    let script = run.script;
    let Some(install) = script
        .packages
        .iter()
        .rfind(|pc| pc.manager.is_apt() && matches!(pc.action, Action::Install | Action::Upgrade))
    else {
        return;
    };
    if cache_mounted(mounts, "/var/cache/apt/archives") {
        return;
    }
    let here = keep_debs[i].is_some_and(|c| c < install.command);
    let chain = stage_chain(cx.model, run.stage);
    let before = !run.trigger
        && runs[..i]
            .iter()
            .zip(keep_debs)
            .any(|(r, keeps)| keeps.is_some() && !r.trigger && r.stage.is_some_and(|s| chain.contains(&s)));
    if !(here || before) {
        return;
    }
    let cleaned = script
        .cleanups
        .iter()
        .any(|c| c.kind == CleanupKind::AptCache && c.command > install.command);
    if cleaned {
        return;
    }
    let command = &script.commands[install.command];
    let d = sink.report(
        command_head(command, install.subcommand.as_ref()),
        format!(
            "`{}` keeps the downloaded packages in the layer: `docker-clean` is disabled and `/var/cache/apt` is not a cache mount",
            head_text(install)
        ),
    );
    d.code = Some("DL3009");
    if let Some(edit) = append_command(cx, run, "apt-get clean") {
        d.fix = Some(Fix::new("Add `apt-get clean`", Applicability::Safe, vec![edit]));
    }
}

/// The first command of the script that makes apt keep downloaded packages:
/// `rm /etc/apt/apt.conf.d/docker-clean`, or writing `Keep-Downloaded-Packages "true"`.
fn keeps_downloaded_debs(script: &Script) -> Option<usize> {
    script.commands.iter().position(|c| {
        let args = c.effective_args();
        (c.runs("rm") && args.iter().any(|w| w.value.ends_with("apt.conf.d/docker-clean")))
            || ((c.runs("echo") || c.runs("printf"))
                && args.iter().any(|w| {
                    let v = w.value.as_str();
                    v.contains("Keep-Downloaded-Packages") && (v.contains("\"true\"") || v.contains("=true"))
                }))
    })
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
    // pip disables its cache for any value it reads as a boolean, false ones included (for
    // compatibility with its early releases), and ignores an empty one.
    if command.env("PIP_NO_CACHE_DIR").is_some_and(|v| !v.is_empty()) || exported_before(run.script, pc.command) {
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

/// `export PIP_NO_CACHE_DIR=1` earlier in the script's own shell (not in a subshell or a
/// function), so that the pip command at `command` inherits it.
fn exported_before(script: &Script, command: usize) -> bool {
    script.commands.iter().take(command).any(|c| {
        matches!(c.scope, Scope::Top | Scope::Compound)
            && (c.runs("export") || (c.runs("declare") || c.runs("typeset")) && c.flag(&['x'], &[]).is_some())
            && c.effective_args()
                .iter()
                .any(|w| w.value.strip_prefix("PIP_NO_CACHE_DIR=").is_some_and(|v| !v.is_empty()))
    })
}

/// DL3032, DL3036, DL3040, DL3060: an install by a manager that keeps a cache unless a clean
/// command follows; reported once per RUN, on the last such install.
fn appended(cx: &Context<'_>, run: &RunScript<'_>, spec: &Appended, mounts: &[String], sink: &mut Sink<'_>) {
    let script = run.script;
    let fills_cache =
        |pc: &&PackageCommand| pc.action == Action::Install || (spec.upgrades && pc.action == Action::Upgrade);
    let Some(last) = script
        .packages
        .iter()
        .filter(fills_cache)
        .rfind(|pc| pc.manager == spec.manager && !is_query(pc))
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
        .any(|c| spec.kinds.contains(&c.kind) && c.command > last.command);
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
| `apt-get`, `apt` | DL3009 | downloaded `.deb` files, once `docker-clean` is disabled | a cache mount on `/var/cache/apt`, or `apt-get clean` |
| `apk` | DL3019 | `/var/cache/apk` after `add` | `apk add --no-cache` |
| `yum` | DL3032 | `/var/cache/yum` | `yum clean all` |
| `zypper` | DL3036 | `/var/cache/zypp` | `zypper clean --all` |
| `dnf`, `microdnf` | DL3040 | `/var/cache/dnf` (`/var/cache/libdnf5` for dnf 5) | `dnf clean all` |
| `pip` | DL3042 | `~/.cache/pip` | `pip install --no-cache-dir` |
| `yarn` | DL3060 | the yarn cache | `yarn cache clean` |

yum, dnf and microdnf are reported after an install or an upgrade under any of their command
names (`dnf in`, `dnf rei`, `dnf up`, `dnf up-min`, `dnf group install`, `dnf module install`...),
and zypper after `install` or `update`. Their cache is metadata as much as packages, which every
one of these commands downloads.

The cleanup has to be in the same `RUN`, after the install. For yum, dnf and microdnf any of
`yum clean all`, `dnf clean all`, `microdnf clean all` or removing `/var/cache/yum`,
`/var/cache/dnf` or `/var/cache/libdnf5` counts: yum is dnf from RHEL 8 on, and which folder a
release uses varies. A `--mount=type=cache` or `--mount=type=tmpfs` on the cache folder, and
yarn's `--cache-folder` on such a mount or under `/tmp`, count as clean.

`PIP_NO_CACHE_DIR` turns pip's cache off when it is set in `ENV` or `ARG`, before the command
(`PIP_NO_CACHE_DIR=1 pip install ...`) or by `export` earlier in the same `RUN`. Any value that
is not empty counts, `0`, `false`, `no` and `off` included: since pip 19.0 every value it reads
as a boolean disables the cache (false ones always did, for compatibility with early releases;
pypa/pip#5884), and other values stop pip with an error. hadolint's DL3042 reports the false
values; pip keeps no cache with them, so this rule does not.

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
- [pip: `PIP_NO_CACHE_DIR` and boolean values (pypa/pip#5884)](https://github.com/pypa/pip/pull/5884)
"#;

const ZH: &str = r#"## 作用

报告包管理器把软件包索引或下载缓存留在 `RUN` 的镜像层里:

| 包管理器 | 代码 | 残留内容 | 清理方式 |
|---|---|---|---|
| `apt-get`、`apt` | DL3009 | `update` 之后的 `/var/lib/apt/lists` | `rm -rf /var/lib/apt/lists/*` |
| `apt-get`、`apt` | DL3009 | 禁用 `docker-clean` 之后下载的 `.deb` 文件 | 在 `/var/cache/apt` 上使用缓存挂载,或 `apt-get clean` |
| `apk` | DL3019 | `add` 之后的 `/var/cache/apk` | `apk add --no-cache` |
| `yum` | DL3032 | `/var/cache/yum` | `yum clean all` |
| `zypper` | DL3036 | `/var/cache/zypp` | `zypper clean --all` |
| `dnf`、`microdnf` | DL3040 | `/var/cache/dnf`(dnf 5 为 `/var/cache/libdnf5`) | `dnf clean all` |
| `pip` | DL3042 | `~/.cache/pip` | `pip install --no-cache-dir` |
| `yarn` | DL3060 | yarn 缓存 | `yarn cache clean` |

yum、dnf 和 microdnf 的安装或升级,无论用哪个命令名(`dnf in`、`dnf rei`、`dnf up`、`dnf up-min`、
`dnf group install`、`dnf module install` 等)都会检查;zypper 则检查 `install` 和 `update`。它们的
缓存既有软件包也有元数据,而这些命令都会下载元数据。

清理必须写在同一条 `RUN` 中、安装命令之后。对 yum、dnf 和 microdnf 来说,`yum clean all`、
`dnf clean all`、`microdnf clean all`,或删除 `/var/cache/yum`、`/var/cache/dnf`、`/var/cache/libdnf5`
中的任何一种都算:从 RHEL 8 起 yum 就是 dnf,而各个版本使用的目录并不相同。缓存目录上的
`--mount=type=cache` 或 `--mount=type=tmpfs`,以及指向这类挂载或 `/tmp` 的 yarn `--cache-folder`
都算作已清理。

`PIP_NO_CACHE_DIR` 在 `ENV` 或 `ARG` 中设置、写在命令前(`PIP_NO_CACHE_DIR=1 pip install ...`),
或在同一条 `RUN` 中更早用 `export` 设置时,会关闭 pip 的缓存。任何非空值都算,包括 `0`、`false`、
`no` 和 `off`:从 pip 19.0 起,凡是能读作布尔值的取值都会关闭缓存(假值一直如此,以兼容早期版本;
见 pypa/pip#5884),其他取值则会让 pip 报错退出。hadolint 的 DL3042 会报告取假值的情况;pip 在
这些取值下并不保留缓存,因此本规则不报告。

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
- [pip:`PIP_NO_CACHE_DIR` 与布尔值(pypa/pip#5884)](https://github.com/pypa/pip/pull/5884)
"#;
