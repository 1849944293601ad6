//! `from-platform-constant`: `FROM --platform=linux/amd64`, a stage pinned to one platform.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::InstructionKind;
use crate::analysis::reference::KNOWN_OS;
use crate::analysis::rules::semantics::from_as_words;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "from-platform-constant",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["DL3029", "FromPlatformFlagConstDisallowed"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`FROM --platform` with a constant platform",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// containerd's spellings of an architecture, normalized.
fn normalize_arch(arch: &str) -> &str {
    match arch {
        "x86_64" | "x86-64" => "amd64",
        "aarch64" => "arm64",
        "i386" | "i686" => "386",
        "armhf" | "armel" => "arm",
        other => other,
    }
}

/// The OS and architecture of a constant platform, as BuildKit's `platforms.Parse` reads them;
/// `None` for what it could not parse (that is `invalid-flag-value`'s to report).
fn os_arch(value: &str) -> Option<(String, String)> {
    let lower = value.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let ok = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || "_.-()".contains(c));
    if parts.len() > 3 || !parts.iter().all(ok) {
        return None;
    }
    let os = parts[0].split('(').next().unwrap_or("");
    match parts.get(1) {
        Some(arch) => Some((os.to_string(), normalize_arch(arch).to_string())),
        None if KNOWN_OS.contains(&os) => Some((os.to_string(), String::new())),
        None => Some(("linux".into(), normalize_arch(os).to_string())),
    }
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in &cx.model.instructions {
        if instruction.kind != InstructionKind::From {
            continue;
        }
        let Some(value) = instruction.flag("platform").and_then(|f| f.value.as_ref()) else {
            continue;
        };
        if value.value.contains('$') {
            continue;
        }
        let Some((os, arch)) = os_arch(&value.value) else {
            continue;
        };
        // A stage named for its platform (`build-arm64`, `windows`) is pinned on purpose.
        let name = from_as_words(instruction)
            .map(|(_, n)| n.value.to_ascii_lowercase())
            .unwrap_or_default();
        if (!os.is_empty() && name.contains(&os)) || (!arch.is_empty() && name.contains(&arch)) {
            continue;
        }
        sink.report(
            value.range,
            format!(
                "`--platform={}` pins this stage to one platform: use `$BUILDPLATFORM` or `$TARGETPLATFORM`",
                value.value
            ),
        );
    }
}

const EN: &str = r#"## What it does

Reports `FROM --platform=<constant>` (`linux/amd64`), unless the stage's name mentions that
platform's OS or architecture (`AS build-arm64`), which marks the pin as deliberate.

## Why is this bad?

A constant platform makes the stage ignore `docker build --platform`: on an ARM machine, or in
a multi-platform build, it is emulated (slowly) or produces binaries for the wrong architecture.
Cross-compiling stages want `--platform=$BUILDPLATFORM` and the target in `$TARGETOS` and
`$TARGETARCH`. BuildKit warns (`FromPlatformFlagConstDisallowed`).

## Example

```dockerfile
FROM --platform=linux/amd64 golang:1.23 AS build
RUN go build -o /out/app .
```

## Use instead

```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.23 AS build
ARG TARGETOS TARGETARCH
RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .
```

## Fix safety

There is no fix: whether the stage should follow the build or the target platform depends on
what it does.

## References

- [BuildKit check: FromPlatformFlagConstDisallowed](https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/)
- [hadolint DL3029](https://github.com/hadolint/hadolint/wiki/DL3029)
"#;

const ZH: &str = r#"## 作用

报告 `FROM --platform=<常量>`(如 `linux/amd64`),除非阶段名里提到了这个平台的操作系统或架构
(`AS build-arm64`),那表示是有意固定的。

## 为什么不好

常量平台会让这个阶段无视 `docker build --platform`:在 ARM 机器上或多平台构建中,它要么(很慢地)被模拟运行,
要么产出错误架构的二进制。需要交叉编译的阶段应当使用 `--platform=$BUILDPLATFORM`,目标平台从 `$TARGETOS`
和 `$TARGETARCH` 读取。BuildKit 会给出 `FromPlatformFlagConstDisallowed` 警告。

## 示例

```dockerfile
FROM --platform=linux/amd64 golang:1.23 AS build
RUN go build -o /out/app .
```

## 建议写法

```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.23 AS build
ARG TARGETOS TARGETARCH
RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .
```

## 修复安全性

没有自动修复:阶段应当跟随构建平台还是目标平台,取决于它做什么。

## 参考

- [BuildKit 检查:FromPlatformFlagConstDisallowed](https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/)
- [hadolint DL3029](https://github.com/hadolint/hadolint/wiki/DL3029)
"#;

#[cfg(test)]
mod tests {
    use super::os_arch;

    #[test]
    fn reads_platforms() {
        let p = |s: &str| os_arch(s).map(|(o, a)| format!("{o}/{a}"));
        assert_eq!(p("linux/amd64").as_deref(), Some("linux/amd64"));
        assert_eq!(p("linux/x86_64").as_deref(), Some("linux/amd64"));
        assert_eq!(p("linux/arm/v7").as_deref(), Some("linux/arm"));
        assert_eq!(p("arm64").as_deref(), Some("linux/arm64"));
        assert_eq!(p("windows").as_deref(), Some("windows/"));
        // Every OS containerd knows stands alone, not only the common ones.
        assert_eq!(p("plan9").as_deref(), Some("plan9/"));
        assert_eq!(p("Android").as_deref(), Some("android/"));
        assert_eq!(p("linux//"), None);
    }
}
