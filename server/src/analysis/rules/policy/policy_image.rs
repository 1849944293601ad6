//! `policy-image`: an image the configuration does not allow, in `FROM`, `COPY --from=<image>`
//! or `RUN --mount=from=<image>`: one `denied-images` matches, none of `allowed-images` does, or
//! its registry is not among `trusted-registries` (hadolint's DL3026).

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Base, Model};
use crate::analysis::policy::{Policy, images};
use crate::analysis::rules::semantics::{find_stage, stage_refs};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::scope;
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "policy-image",
    since: "0.2",
    severity: Severity::Error,
    aliases: &["DL3026"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Image the policy does not allow (allowed-images, denied-images, trusted-registries)",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// An image a build pulls, as written and as resolved.
struct ImageUse {
    /// The reference with the variables we could resolve substituted.
    reference: String,
    /// As written, when that differs (it holds variables).
    written: Option<String>,
    range: TextRange,
}

/// `raw` with its variables expanded in the scope at `at`; `None` when one of them is unknown.
fn resolve(cx: &Context<'_>, at: usize, raw: &str) -> Option<String> {
    if !raw.contains('$') {
        return Some(raw.to_owned());
    }
    let scope = cx.scope_at(at);
    scope::expand(raw, cx.model.escape, |name| scope.get(name).and_then(|b| b.value))
}

/// Every image the file pulls: the bases of its stages (not `scratch`, not earlier stages),
/// and the `COPY --from` and `RUN --mount=from=` values that name no stage.
fn image_uses(cx: &Context<'_>) -> Vec<ImageUse> {
    let mut out = Vec::new();
    for stage in &cx.model.stages {
        let Base::Image { written, .. } = &stage.base else {
            continue;
        };
        let Some(reference) = resolve(cx, written.range.start, &written.raw) else {
            continue;
        };
        out.push(ImageUse {
            written: (reference != written.value).then(|| written.value.clone()),
            reference,
            range: written.range,
        });
    }
    for used in stage_refs(cx) {
        let Some(reference) = resolve(cx, used.range.start, used.value) else {
            continue;
        };
        if is_stage(cx.model, &reference) || reference.eq_ignore_ascii_case("scratch") || reference.is_empty() {
            continue;
        }
        out.push(ImageUse {
            written: (reference != used.value).then(|| used.value.to_owned()),
            reference,
            range: used.range,
        });
    }
    out
}

fn is_stage(model: &Model, value: &str) -> bool {
    find_stage(model, value).is_some()
}

/// Why the policy refuses `reference`, if it does.
fn refusal(policy: &Policy, trusted: &[String], reference: &str) -> Option<String> {
    if let Some((pattern, spelling)) = Policy::image_match(&policy.denied_images, reference) {
        let matched = if spelling == reference {
            String::new()
        } else {
            format!(", which matches `{spelling}`")
        };
        return Some(format!(
            "the policy denies it (`denied-images`: `{}`{matched})",
            pattern.as_str()
        ));
    }
    if !policy.allowed_images.is_empty() && Policy::image_match(&policy.allowed_images, reference).is_none() {
        let allowed: Vec<String> = policy
            .allowed_images
            .iter()
            .map(|g| format!("`{}`", g.as_str()))
            .collect();
        return Some(format!("the policy allows only {}", allowed.join(", ")));
    }
    if !trusted.is_empty()
        && let Some(registry) = images::registry_of(reference)
        && !images::registry_trusted(trusted, &registry)
    {
        return Some(format!("registry `{registry}` is not one of the `trusted-registries`"));
    }
    None
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let policy = &cx.config.policy;
    let trusted = &cx.config.trusted_registries;
    if policy.allowed_images.is_empty() && policy.denied_images.is_empty() && trusted.is_empty() {
        return;
    }
    for used in image_uses(cx) {
        let Some(why) = refusal(policy, trusted, &used.reference) else {
            continue;
        };
        let shown = match &used.written {
            Some(written) => format!("`{}` (from `{written}`)", used.reference),
            None => format!("`{}`", used.reference),
        };
        sink.report(used.range, format!("Image {shown} is not allowed: {why}"));
    }
}

const EN: &str = r#"## What it does

Reports an image the configuration does not allow, wherever a build pulls one: the base of a
stage (`FROM`), `COPY --from=<image>` and `RUN --mount=from=<image>`. Three settings decide:

- `[policy] denied-images`: globs of images that may not be used;
- `[policy] allowed-images`: when set, the only images that may be used;
- `trusted-registries` (hadolint's `trustedRegistries`): the registries images may come from,
  matched as hadolint matches them (`*.gcr.io`, `registry.acme.*`, `*` for any).

A pattern is compared with the reference as written and with Docker's normalised name, so
`alpine:3.*` and `docker.io/library/alpine:3.*` mean the same image, and an image without a tag
is `:latest` (`*:latest` denies `FROM alpine`). `*` matches across `/` (`ghcr.io/acme/*`). A
reference built from `ARG`s is checked with the values the file gives them; one whose value is
unknown (an `ARG` without a default) is not checked. Stage names and `scratch` are not images.

## Why is this bad?

Companies pull base images from a registry they mirror and scan, and keep known-bad tags out
of production. A Dockerfile that builds on `docker.io` directly, or on a denied tag, escapes
those controls: the image may not be scanned, may be rate-limited, or may change under a tag
nobody reviewed.

## Example

```toml
# dockerfile-lsp.toml
[policy]
allowed-images = ["registry.acme.example/*"]
denied-images = ["*:latest"]
```

```dockerfile
FROM node:22 AS build
FROM registry.acme.example/base/node:latest
COPY --from=build /app /app
```

## Use instead

```dockerfile
FROM registry.acme.example/mirror/node:22 AS build
FROM registry.acme.example/base/node:22.11
COPY --from=build /app /app
```

## Fix safety

There is no fix: which mirror or tag to use is the policy owner's choice.

## References

- [Policies](https://github.com/dockerfile-lsp/dockerfile-lsp/blob/main/docs/policies.md)
- [hadolint DL3026](https://github.com/hadolint/hadolint/wiki/DL3026)
"#;

const ZH: &str = r#"## 作用

报告配置不允许的镜像,涵盖构建拉取镜像的所有位置:阶段的基础镜像(`FROM`)、
`COPY --from=<镜像>` 和 `RUN --mount=from=<镜像>`。由三项设置决定:

- `[policy] denied-images`:禁止使用的镜像(通配符);
- `[policy] allowed-images`:设置后,只允许使用这些镜像;
- `trusted-registries`(hadolint 的 `trustedRegistries`):镜像可以来自的镜像仓库,
  匹配方式与 hadolint 相同(`*.gcr.io`、`registry.acme.*`,`*` 表示任意)。

模式会同时与原样书写的引用和 Docker 规范化后的名称比较,因此 `alpine:3.*` 与
`docker.io/library/alpine:3.*` 指同一镜像;没有标签的镜像按 `:latest` 处理(`*:latest`
会拒绝 `FROM alpine`)。`*` 可以跨越 `/`(`ghcr.io/acme/*`)。由 `ARG` 拼出的引用用文件中
给出的值检查;值未知的(没有默认值的 `ARG`)不检查。阶段名和 `scratch` 不是镜像。

## 为什么不好

企业通常从自己镜像并扫描过的仓库拉取基础镜像,并把已知有问题的标签挡在生产环境之外。
直接基于 `docker.io` 或被禁止的标签构建的 Dockerfile 绕过了这些管控:镜像可能未经扫描、
可能被限流,也可能在无人审查的标签下发生变化。

## 示例

```toml
# dockerfile-lsp.toml
[policy]
allowed-images = ["registry.acme.example/*"]
denied-images = ["*:latest"]
```

```dockerfile
FROM node:22 AS build
FROM registry.acme.example/base/node:latest
COPY --from=build /app /app
```

## 建议写法

```dockerfile
FROM registry.acme.example/mirror/node:22 AS build
FROM registry.acme.example/base/node:22.11
COPY --from=build /app /app
```

## 修复安全性

没有修复:使用哪个镜像源或标签由策略负责人决定。

## 参考

- [策略](https://github.com/dockerfile-lsp/dockerfile-lsp/blob/main/docs/policies.zh-CN.md)
- [hadolint DL3026](https://github.com/hadolint/hadolint/wiki/DL3026)
"#;
