//! `end-of-life-base-image`: a `FROM` image whose release (the distribution, the language, or
//! both) is past the end of its support on today's date, which the front end gives.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::Base;
use crate::analysis::reference::end_of_life;
use crate::analysis::rules::practices::common::name_range;
use crate::analysis::rules::practices::image_releases::{Assessment, assess};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "end-of-life-base-image",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Base image on a release past its end of life",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    // Without a date nothing can be said: the analysis reads no clock.
    let Some(today) = cx.today else { return };
    let table = end_of_life::table();
    for stage in &cx.model.stages {
        let Base::Image {
            written,
            image: Some(image),
            ..
        } = &stage.base
        else {
            continue;
        };
        let Some(assessment) = assess(
            table,
            image.registry.as_ref().map(|r| r.value.as_str()),
            &image.repository.value,
            image.tag.as_ref().map(|t| t.value.as_str()),
            today,
        ) else {
            continue;
        };
        let mut shown = match &image.registry {
            Some(registry) => format!("{}/{}", registry.value, image.repository.value),
            None => image.repository.value.clone(),
        };
        let mut range = name_range(image);
        if let Some(tag) = &image.tag {
            shown = format!("{shown}:{}", tag.value);
            range = range.cover(tag.range);
        }
        let from = if written.value.contains('$') {
            format!(" (from `{}`)", written.value)
        } else {
            String::new()
        };
        sink.report(range, message(&shown, &from, &assessment));
    }
}

/// "`python:3.8-slim` is past its end of life and gets no security fixes: support for Python 3.8
/// ended on 2024-10-07; move to a supported release such as `python:3.14-slim`".
fn message(shown: &str, from: &str, a: &Assessment) -> String {
    let what: Vec<String> = a
        .ended
        .iter()
        .map(|e| match (e.deprecated_image, e.on) {
            (Some(image), Some(on)) => format!(
                "the `{image}` image is deprecated and has had no {} update since {on}",
                e.name
            ),
            (Some(image), None) => format!("the `{image}` image is deprecated and gets no {} updates", e.name),
            (None, Some(on)) => format!("{} for {} ended on {on}", e.support, e.name),
            (None, None) => format!("{} for {} has ended", e.support, e.name),
        })
        .collect();
    let instead = match (&a.instead, a.newest.as_slice()) {
        (Some(instead), _) => format!("move to a supported release such as `{instead}`"),
        (None, []) => "no release of it is supported any more".to_owned(),
        (None, [one]) => format!("move to {one}"),
        (None, newest) => format!("move to {}", newest.join(" and ")),
    };
    format!(
        "`{shown}`{from} is past its end of life and gets no security fixes: {}; {instead}",
        what.join(", and ")
    )
}

const EN: &str = r#"## What it does

Reports a `FROM` image whose release is past the end of its support on today's date: the
distribution (Debian, Ubuntu, Alpine, CentOS, Amazon Linux, Red Hat's UBI), the language
(Python, Node.js, Go, Ruby, PHP, Java in Eclipse Temurin or Amazon Corretto, .NET), or both. The
tag is read the way the image's publisher writes it: `python:3.8-slim-bullseye` is Python 3.8 on
Debian 11, and either one past its end is reported; `node:16-alpine3.15`, `golang:1.19-bookworm`,
`php:7.4-fpm-alpine`, `eclipse-temurin:11-jdk-focal`, `debian:buster-slim`, `debian:10`,
`ubuntu:bionic-20230530`, `alpine:3.12`, `centos:7`, `registry.access.redhat.com/ubi7/ubi`,
`mcr.microsoft.com/dotnet/aspnet:6.0`. A reference written with build arguments is read with
their default values. The deprecated `openjdk` image (no updates for Java 8 and 11 since July
2022, and Java 12 and later only until the next Java release) and the older `java` image (none
since 2016) are reported too. Every stage is looked at: a build stage on an unsupported
toolchain compiles its bugs into what ships.

The message says when the support ended and names the newest supported release to move to, in
the image's own form when it can be written (`python:3.14-slim`).

Only images whose tags follow a known scheme are read: Docker's official images (also through
`docker.io/library/`, `public.ecr.aws/docker/library/` and `mirror.gcr.io`), Red Hat's UBI
(`ubi7`, `ubi8`...) and Microsoft's .NET images. A tag that names no release (`latest`, `lts`,
`stable`, `alpine`, no tag at all: `latest-tag` and `untagged-image` speak about those) is not
reported. A moving tag is judged by the newest release it can follow: `python:3` is fine,
`php:7` and `python:2` are not. Images of other publishers that reuse a language's name
(`cimg/python:3.8`, Red Hat's `ubi8/python-38`) follow their own support schedules and are not
read.

**Which date counts.** The end of the support that still brings the official image its security
fixes: for Debian the end of Debian LTS (LTS updates reach the `debian` image through the
regular security archive; Freexian's paid ELTS does not), for Ubuntu the end of standard support
(Expanded Security Maintenance needs Ubuntu Pro and is not in the `ubuntu` image), for UBI the
end of RHEL's maintenance support (UBI gets no Extended Life-cycle Support), for the rest the
project's end of life. A release is past its end on the day its support ends.

**Today's date.** The dates come from a table built into dockerfile-lsp, taken from
[endoflife.date](https://endoflife.date) (its header says as of which day;
`cargo run -p xtask -- eol-refresh` refreshes it), and "today" is the system clock's date in
UTC. The environment variable `DOCKERFILE_LSP_TODAY` sets another day (`2026-12-07`) for
reproducible runs, or `none` for no date, which turns this rule off. dockerfile-lsp goes online
for none of this.

## Why is this bad?

Once a release is past its end of life, its maintainers publish no more security fixes. The
image keeps every vulnerability found from then on, rebuilding it changes nothing, and
scanners report more of them each month. Some images stop being published at all, so a rebuild
may fail one day when the tag is removed. Moving to a supported release is the only fix, and it
is easier one release at a time than after several.

## Example

```dockerfile
FROM python:3.8-slim-bullseye
COPY . /app
RUN pip install --no-cache-dir /app
CMD ["python", "-m", "app"]
```

## Use instead

```dockerfile
FROM python:3.13-slim-trixie
COPY . /app
RUN pip install --no-cache-dir /app
CMD ["python", "-m", "app"]
```

## Fix safety

There is no fix: a new major release of the language or the distribution changes behaviour,
package names and versions, so the move has to be made and tested by hand.

## References

- [endoflife.date](https://endoflife.date), where the dates come from
- [Debian LTS](https://wiki.debian.org/LTS)
- [Ubuntu release cycle](https://ubuntu.com/about/release-cycle)
- [Status of Python versions](https://devguide.python.org/versions/)
- [Node.js releases](https://nodejs.org/en/about/previous-releases)
- [The `openjdk` image's deprecation](https://github.com/docker-library/openjdk/issues/505)
"#;

const ZH: &str = r#"## 作用

报告 `FROM` 镜像的发行版本在今天已过支持期的情况:发行版(Debian、Ubuntu、Alpine、CentOS、
Amazon Linux、Red Hat 的 UBI)、语言(Python、Node.js、Go、Ruby、PHP、Eclipse Temurin 或
Amazon Corretto 中的 Java、.NET),或两者。标签按镜像发布者的写法来读:`python:3.8-slim-bullseye`
是 Debian 11 上的 Python 3.8,两者任一过期都会报告;`node:16-alpine3.15`、`golang:1.19-bookworm`、
`php:7.4-fpm-alpine`、`eclipse-temurin:11-jdk-focal`、`debian:buster-slim`、`debian:10`、
`ubuntu:bionic-20230530`、`alpine:3.12`、`centos:7`、`registry.access.redhat.com/ubi7/ubi`、
`mcr.microsoft.com/dotnet/aspnet:6.0` 也一样。用构建参数写的引用按参数的默认值来读。已弃用的
`openjdk` 镜像(Java 8 和 11 自 2022 年 7 月起不再更新,Java 12 及以后只更新到下一个 Java 版本发布为止)
和更早的 `java` 镜像(自 2016 年起不再更新)也会报告。每个阶段都会检查:构建阶段用了不受支持的工具链,
它的缺陷会被编译进交付的产物。

消息会说明支持在哪一天结束,并给出应迁移到的最新受支持版本;能写成镜像自己的形式时就这样写
(`python:3.14-slim`)。

只读取标签遵循已知规则的镜像:Docker 官方镜像(包括经由 `docker.io/library/`、
`public.ecr.aws/docker/library/` 和 `mirror.gcr.io` 的写法)、Red Hat 的 UBI(`ubi7`、`ubi8`……)
以及 Microsoft 的 .NET 镜像。不指明版本的标签(`latest`、`lts`、`stable`、`alpine`,或者没有标签:
由 `latest-tag` 和 `untagged-image` 负责)不报告。会移动的标签按它可能指向的最新版本判断:
`python:3` 没问题,`php:7` 和 `python:2` 则不行。其他发布者沿用语言名的镜像(`cimg/python:3.8`、
Red Hat 的 `ubi8/python-38`)有自己的支持周期,不读取。

**以哪个日期为准。** 以官方镜像仍能得到安全修复的那段支持的结束日为准:Debian 取 Debian LTS 的结束日
(LTS 更新经由常规的安全仓库进入 `debian` 镜像;Freexian 的付费 ELTS 不会),Ubuntu 取标准支持的结束日
(扩展安全维护 ESM 需要 Ubuntu Pro,不在 `ubuntu` 镜像里),UBI 取 RHEL 维护支持的结束日(UBI 没有
延长生命周期支持),其余取项目自己的生命周期结束日。支持结束的当天起即视为过期。

**今天的日期。** 日期来自 dockerfile-lsp 内置的一张表,取自 [endoflife.date](https://endoflife.date)
(表头写明数据截至哪一天;`cargo run -p xtask -- eol-refresh` 可刷新它),"今天"是系统时钟的 UTC 日期。
环境变量 `DOCKERFILE_LSP_TODAY` 可以指定另一天(`2026-12-07`)以便结果可复现,设为 `none` 表示没有日期,
此规则随之关闭。这一切都不需要联网。

## 为什么不好

一个版本过了生命周期,维护者就不再发布安全修复。镜像会保留此后发现的每一个漏洞,重新构建也无济于事,
扫描器每个月报告的问题越来越多。有些镜像会彻底停止发布,某天标签被删除后构建就会失败。迁移到受支持的
版本是唯一的办法,一次升一个版本也比攒了好几个之后再升容易。

## 示例

```dockerfile
FROM python:3.8-slim-bullseye
COPY . /app
RUN pip install --no-cache-dir /app
CMD ["python", "-m", "app"]
```

## 建议写法

```dockerfile
FROM python:3.13-slim-trixie
COPY . /app
RUN pip install --no-cache-dir /app
CMD ["python", "-m", "app"]
```

## 修复安全性

没有自动修复:语言或发行版的新大版本会改变行为、包名和版本,迁移必须手动完成并测试。

## 参考

- [endoflife.date](https://endoflife.date),日期的来源
- [Debian LTS](https://wiki.debian.org/LTS)
- [Ubuntu 发布周期](https://ubuntu.com/about/release-cycle)
- [Python 各版本状态](https://devguide.python.org/versions/)
- [Node.js 发布](https://nodejs.org/en/about/previous-releases)
- [`openjdk` 镜像的弃用](https://github.com/docker-library/openjdk/issues/505)
"#;
