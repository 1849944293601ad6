//! `unpinned-package-versions`: packages installed by name with no version, one diagnostic per
//! install command: on the package's name when there is one, else on the command's words with
//! each package as a related place.

use crate::analysis::diagnostic::{Related, Severity, code_list};
use crate::analysis::rules::packages::{floating_base, run_scripts};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::{Manager, Package, PackageCommand, Script};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "unpinned-package-versions",
    severity: Severity::Info,
    aliases: &[
        "DL3008", "DL3013", "DL3016", "DL3018", "DL3028", "DL3033", "DL3037", "DL3041", "DL3062",
    ],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Package installed without a version",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn code_of(manager: Manager) -> Option<&'static str> {
    Some(match manager {
        Manager::AptGet | Manager::Apt | Manager::Aptitude => "DL3008",
        Manager::Pip | Manager::Pipx => "DL3013",
        Manager::Npm => "DL3016",
        Manager::Apk => "DL3018",
        Manager::Gem => "DL3028",
        Manager::Yum => "DL3033",
        Manager::Zypper => "DL3037",
        Manager::Dnf | Manager::Microdnf => "DL3041",
        Manager::Go => "DL3062",
        _ => return None,
    })
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for run in run_scripts(cx) {
        for pc in run.script.installs() {
            let Some(code) = code_of(pc.manager) else { continue };
            if !checked_command(pc) {
                continue;
            }
            // A tagged base image fixes the distribution release, and with it the versions of
            // its packages up to security updates.
            if is_distribution(pc.manager) && (run.trigger || !floating_base(cx.model, run.stage)) {
                continue;
            }
            let unpinned: Vec<&Package> = pc.packages.iter().filter(|p| unpinned(pc.manager, p)).collect();
            let d = match unpinned.as_slice() {
                [] => continue,
                [one] => sink.report(one.name_range, format!("`{}` is installed without a version", one.name)),
                many => {
                    let names: Vec<&str> = many.iter().map(|p| p.name.as_str()).collect();
                    let d = sink.report(
                        command_words(run.script, pc),
                        format!(
                            "{} packages are installed without a version: {}",
                            many.len(),
                            code_list(&names)
                        ),
                    );
                    d.related = many
                        .iter()
                        .map(|p| Related::new(p.name_range, format!("`{}` is installed without a version", p.name)))
                        .collect();
                    d
                }
            };
            d.code = Some(code);
        }
    }
}

/// Where a finding about a whole install command stands: from the program that installs to its
/// subcommand (`apt-get install`, `python3 -m pip install`), past wrappers such as `sudo`.
fn command_words(script: &Script, pc: &PackageCommand) -> TextRange {
    let Some(command) = script.commands.get(pc.command) else {
        return pc.range;
    };
    let name = command.effective_name().range;
    match &pc.subcommand {
        Some(sub) if sub.range.end >= name.start => TextRange::new(name.start, sub.range.end),
        _ => name,
    }
}

/// Installs whose package arguments are the packages: not `pip install -r` or `-c` (the files
/// pin them), not `npm ci`, not `go get` (see the docs).
fn checked_command(pc: &PackageCommand) -> bool {
    let sub = pc.subcommand.as_ref().map(|s| s.value.as_str());
    match pc.manager {
        Manager::Pip => !pc.has_option(&['r', 'c', 'e'], &["requirement", "constraint", "editable"]),
        Manager::Go => matches!(sub, Some("install" | "run")),
        Manager::Npm => !matches!(sub, Some("ci" | "clean-install")),
        _ => true,
    }
}

/// Package managers of a Linux distribution, whose versions follow the release.
fn is_distribution(manager: Manager) -> bool {
    matches!(
        manager,
        Manager::AptGet
            | Manager::Apt
            | Manager::Aptitude
            | Manager::Apk
            | Manager::Yum
            | Manager::Dnf
            | Manager::Microdnf
            | Manager::Zypper
    )
}

fn unpinned(manager: Manager, package: &Package) -> bool {
    package.is_unpinned(manager)
}

const EN: &str = r#"## What it does

Reports packages installed by name without a version, once per install command: on the
package's name when one package is unpinned, else on the command (`apt-get install`) with the
packages listed in the message and each one as a related place (the editor links to it, `check`
underlines it):

| manager | code | pinned |
|---|---|---|
| `apt-get`, `apt` | DL3008 | `curl=7.88.1-10+deb12u5` |
| `pip`, `pipx` | DL3013 | `requests==2.31.0` (any specifier counts) |
| `npm` | DL3016 | `typescript@5.4.5` (`@latest` does not count) |
| `apk` | DL3018 | `curl=8.5.0-r0`, `curl~8.5` |
| `gem` | DL3028 | `rails:7.1.3`, `-v 7.1.3`, `--version 7.1.3` |
| `yum` | DL3033 | `httpd-2.4.57`, `nodejs:20` for `yum module install` |
| `zypper` | DL3037 | `curl=8.0`, `curl>=8` |
| `dnf`, `microdnf` | DL3041 | `httpd-2.4.57`, `openssl-1:3.0.7`, `nodejs:20` for `dnf module install` |
| `go install`, `go run` | DL3062 | `golang.org/x/tools/gopls@v0.15.3` (`@latest`, `@upgrade`, `@patch` do not count) |

A repository is pinned by a ref: `git+https://github.com/org/pkg.git@v1.2.0` for pip,
`git+https://github.com/org/pkg.git#v1.2.0` or `org/pkg#v1.2.0` for npm. Without one, or with
a branch (`main`, `master`, `HEAD`, `develop`, `trunk`), it is reported: it installs whatever the
branch holds on the day of the build.

Local files and folders (`./pkg`, `pkg.tgz`, `src/pkg` for pip), URLs of archives, groups
(`dnf group install`, `@development-tools`), packages named by a variable (`$buildDeps`),
`pip install -r`/`-c`/`-e`, `npm ci` and the arguments after `gem install ... --` are not
reported. A version given through a variable counts as a pin.

For yum and dnf a dash starts the version only when what follows looks like one (`-1.2`,
`-1:1.2`, `-1.2-3.el9`): `gcc-toolset-13` and `java-17-openjdk` are names, and are reported
without a version.

Two differences from hadolint's DL3062, on purpose. `go get` is not reported: in module mode it
only edits `go.mod`, and the GOPATH-era Dockerfiles that use it to fetch a tool mostly pin it
right after with `git checkout <version>` in the package's folder (on the dev corpus, three of
the five such `go get`s). And Go packages whose path does not start with a domain
(`go install std`, `go run mymodule/cmd/tool`) are the standard library's or the module's own,
which `go.mod` pins: they are not reported.

Distribution packages (apt, apk, yum, dnf, zypper) are only reported when the stage's base image
floats (no tag and no digest, or `latest`). Pinning is disputed, which is why this rule is info
rather than hadolint's warning: an exact pin of a Debian or Alpine package breaks the build as
soon as the mirror drops that version after a security update, so the official images do not pin
them and rely on the base image tag to fix the release, and the packages' versions with it. With
hadolint's reading, DL3008 and DL3018 fired on four out of five official images of the corpus. For
language packages (`pip`, `npm`, `gem`, `go`) nothing else fixes the version: they are always
reported.

## Why is this bad?

An unpinned install takes whatever is newest on the day of the build: two builds of the same
Dockerfile can differ, and a new major version can break the image without any change to the
Dockerfile.

## Example

```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir requests
FROM alpine
RUN apk add --no-cache curl
```

## Use instead

```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir requests==2.31.0
FROM alpine:3.20
RUN apk add --no-cache curl
```

## Fix safety

There is no fix: the version to pin is a choice.

## References

- [Dockerfile best practices: apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
- [hadolint DL3008](https://github.com/hadolint/hadolint/wiki/DL3008), [DL3013](https://github.com/hadolint/hadolint/wiki/DL3013), [DL3018](https://github.com/hadolint/hadolint/wiki/DL3018)
"#;

const ZH: &str = r#"## 作用

报告只写了名字、没有版本的软件包,每条安装命令报告一次:只有一个包未固定版本时标在包名上,否则标在
命令(`apt-get install`)上,消息中列出这些包,并把每个包作为相关位置(编辑器可跳转过去,`check` 在其下
划线):

| 包管理器 | 代码 | 固定版本的写法 |
|---|---|---|
| `apt-get`、`apt` | DL3008 | `curl=7.88.1-10+deb12u5` |
| `pip`、`pipx` | DL3013 | `requests==2.31.0`(任何版本约束都算) |
| `npm` | DL3016 | `typescript@5.4.5`(`@latest` 不算) |
| `apk` | DL3018 | `curl=8.5.0-r0`、`curl~8.5` |
| `gem` | DL3028 | `rails:7.1.3`、`-v 7.1.3`、`--version 7.1.3` |
| `yum` | DL3033 | `httpd-2.4.57`,`yum module install` 用 `nodejs:20` |
| `zypper` | DL3037 | `curl=8.0`、`curl>=8` |
| `dnf`、`microdnf` | DL3041 | `httpd-2.4.57`、`openssl-1:3.0.7`,`dnf module install` 用 `nodejs:20` |
| `go install`、`go run` | DL3062 | `golang.org/x/tools/gopls@v0.15.3`(`@latest`、`@upgrade`、`@patch` 不算) |

代码仓库通过引用(ref)固定:pip 写作 `git+https://github.com/org/pkg.git@v1.2.0`,npm 写作
`git+https://github.com/org/pkg.git#v1.2.0` 或 `org/pkg#v1.2.0`。没有引用,或引用的是分支(`main`、
`master`、`HEAD`、`develop`、`trunk`)时会报告:安装的是构建当天该分支上的内容。

本地文件和目录(`./pkg`、`pkg.tgz`、pip 的 `src/pkg`)、归档文件的 URL、软件包组(`dnf group install`、
`@development-tools`)、用变量给出的包名(`$buildDeps`)、`pip install -r`/`-c`/`-e`、`npm ci`,以及
`gem install ... --` 之后的参数都不报告。通过变量给出的版本视为已固定。

对 yum 和 dnf 来说,只有连字符后面的部分确实像版本时(`-1.2`、`-1:1.2`、`-1.2-3.el9`)才算版本:
`gcc-toolset-13` 和 `java-17-openjdk` 是包名,会被报告为没有版本。

与 hadolint 的 DL3062 有两处有意的不同。`go get` 不报告:在模块模式下它只修改 `go.mod`,而用它获取
工具的 GOPATH 时代的 Dockerfile 大多紧接着在包目录里用 `git checkout <版本>` 固定版本(开发语料库中
这样的五个 `go get` 里有三个如此)。路径不以域名开头的 Go 包(`go install std`、
`go run mymodule/cmd/tool`)属于标准库或当前模块,由 `go.mod` 固定,因此也不报告。

发行版软件包(apt、apk、yum、dnf、zypper)只在本阶段的基础镜像不固定(没有标签和摘要,或标签为
`latest`)时报告。是否固定版本存在争议,因此本规则是 info,而不是 hadolint 的 warning:Debian 或
Alpine 软件包的精确版本号会在镜像源因安全更新删除旧版本后立刻导致构建失败,所以官方镜像并不固定
它们,而是依靠基础镜像的标签确定发行版本,软件包的版本也随之确定。按 hadolint 的规则,DL3008 和
DL3018 会在语料库中五分之四的官方镜像上报告。对语言包(`pip`、`npm`、`gem`、`go`)而言,没有其他
东西能确定版本,因此总是报告。

## 为什么不好

不固定版本的安装会取构建当天最新的版本:同一个 Dockerfile 的两次构建可能不同,新的大版本可能在
Dockerfile 毫无变化的情况下让镜像出错。

## 示例

```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir requests
FROM alpine
RUN apk add --no-cache curl
```

## 建议写法

```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir requests==2.31.0
FROM alpine:3.20
RUN apk add --no-cache curl
```

## 修复安全性

没有修复:固定哪个版本需要由人来决定。

## 参考

- [Dockerfile 最佳实践:apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
- [hadolint DL3008](https://github.com/hadolint/hadolint/wiki/DL3008)、[DL3013](https://github.com/hadolint/hadolint/wiki/DL3013)、[DL3018](https://github.com/hadolint/hadolint/wiki/DL3018)
"#;
