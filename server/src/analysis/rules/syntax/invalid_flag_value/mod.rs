//! `invalid-flag-value`: a known flag whose value BuildKit rejects: `--chmod` modes, `--mount`
//! types and options, `--network`, `--security`, `--platform`, HEALTHCHECK durations and
//! retries, boolean flags, and string flags written without a value.
//!
//! The flags, their value kinds, the mount types and keys, the allowed values and the known
//! platforms come from `analysis::reference`; each file here is one family's checker, following
//! the BuildKit (or Go, or containerd) parser it stands for.

mod chmod;
mod choice;
mod healthcheck;
mod mount;
mod platform;

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Flag, Spanned};
use crate::analysis::reference::{BOOL, FlagInfo, Values, parsed_flag};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::syntax::TextRange;
use chmod::check_chmod;
use choice::check_choice;
use healthcheck::{check_duration, check_retries};
use mount::check_mount;
use platform::check_platform;

pub static RULE: Rule = Rule {
    id: "invalid-flag-value",
    since: "0.1",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Flag value that BuildKit rejects",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// A problem inside a value: a byte range relative to the value, and the message.
struct Bad {
    at: Option<(usize, usize)>,
    message: String,
}

impl Bad {
    fn whole(message: String) -> Self {
        Self { at: None, message }
    }

    fn at(start: usize, end: usize, message: String) -> Self {
        Self {
            at: Some((start, end)),
            message,
        }
    }
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in cx.instructions() {
        for flag in &instruction.flags {
            let Some(info) = parsed_flag(instruction, flag) else {
                continue;
            };
            let name = info.name;
            let Some(value) = &flag.value else {
                if !info.is_bool() {
                    sink.report(
                        flag.range,
                        format!("Flag `--{name}` needs a value, as in `--{name}=<value>`"),
                    );
                }
                continue;
            };
            if let Some(bad) = check_value(info, &value.value) {
                sink.report(value_range(cx.text, flag, value, bad.at), bad.message);
            }
        }
    }
}

/// Where a problem inside a value is in the source. Offsets inside the value only map onto the
/// source when the value is written as is (no quotes, no continuation inside it); otherwise the
/// whole value is the best honest range. An empty value points at the whole flag.
fn value_range(text: &str, flag: &Flag, value: &Spanned<String>, at: Option<(usize, usize)>) -> TextRange {
    if value.range.is_empty() {
        return flag.range;
    }
    match at {
        Some((start, end)) if value.range.slice(text) == value.value && start < end => {
            TextRange::new(value.range.start + start, value.range.start + end)
        }
        _ => value.range,
    }
}

fn check_bool(name: &str, value: &str) -> Option<Bad> {
    if value.is_empty() {
        return Some(Bad::whole(format!(
            "Flag `--{name}=` has an empty value: write `--{name}` or `--{name}=true`"
        )));
    }
    if BOOL.iter().any(|b| value.eq_ignore_ascii_case(b)) {
        return None;
    }
    Some(Bad::whole(format!(
        "Flag `--{name}` takes {}, not `{value}`",
        one_of(BOOL)
    )))
}

/// The checker a value goes to follows from what the table says the flag takes.
fn check_value(info: &FlagInfo, value: &str) -> Option<Bad> {
    let name = info.name;
    match info.values {
        Values::Bool => check_bool(name, value),
        Values::Mode => check_chmod(value),
        Values::Mount => check_mount(value),
        Values::Choice(allowed) => check_choice(name, value, allowed),
        Values::Platform => check_platform(value),
        Values::Duration => check_duration(name, value),
        // `HEALTHCHECK --retries` is the one flag that takes a number.
        Values::Number => check_retries(value),
        Values::Stage | Values::User | Values::Free => None,
    }
}

/// BuildKit expands variables in these values at build time, so their final form is unknown.
fn has_variable(value: &str) -> bool {
    value.contains('$')
}

/// "`a`, `b` or `c`".
fn one_of(options: &[&str]) -> String {
    let quoted: Vec<String> = options.iter().map(|o| format!("`{o}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

const EN: &str = r#"## What it does

Reports a value that BuildKit rejects for a flag it knows:

- `COPY`/`ADD --chmod`: an octal mode up to `7777` or a symbolic one (`u+x,go-w`);
- `RUN --mount`: the type (`bind`, `cache`, `tmpfs`, `secret`, `ssh`), the option names, and the
  values of `sharing`, `mode`, `uid`, `gid`, `size`, `ro`/`rw`/`required`, plus the options a
  type does not allow (`mode` on a `bind` mount, `from` on a `secret` mount...);
- `RUN --network` (`default`, `none`, `host`) and `RUN --security` (`insecure`, `sandbox`);
- `FROM --platform`: `os/arch[/variant]` such as `linux/arm64/v8`;
- `HEALTHCHECK --interval`, `--timeout`, `--start-period`, `--start-interval`: Go durations with
  a unit (`30s`, `1m30s`), at least `1ms`; `--retries`: a whole number, not negative;
- boolean flags (`--link`, `--parents`, `--keep-git-dir`, `--unpack`): `true` or `false`;
- any other flag written without its `=value`.

Values that contain a variable (`--platform=$BUILDPLATFORM`) are expanded at build time and are
not checked.

## Why is this bad?

BuildKit fails the build on these values, sometimes only after earlier steps have run, and a
typo inside a long `--mount` value is easy to miss by eye.

## Example

```dockerfile
FROM golang:1.23
RUN --mount=type=cahce,target=/root/.cache/go-build go build ./...
COPY --chmod=64a entrypoint.sh /
HEALTHCHECK --interval=30 CMD ["/app", "health"]
```

## Use instead

```dockerfile
FROM golang:1.23
RUN --mount=type=cache,target=/root/.cache/go-build go build ./...
COPY --chmod=755 entrypoint.sh /
HEALTHCHECK --interval=30s CMD ["/app", "health"]
```

## Fix safety

There is no automatic fix: the intended value cannot be known for sure.

## References

- [Dockerfile reference: RUN --mount](https://docs.docker.com/reference/dockerfile/#run---mount)
- [Dockerfile reference: COPY --chmod](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
- [Go `time.ParseDuration`](https://pkg.go.dev/time#ParseDuration)
"#;

const ZH: &str = r#"## 作用

报告 BuildKit 会拒绝的选项值:

- `COPY`/`ADD --chmod`:不超过 `7777` 的八进制权限,或符号形式(`u+x,go-w`);
- `RUN --mount`:类型(`bind`、`cache`、`tmpfs`、`secret`、`ssh`)、选项名,以及 `sharing`、`mode`、`uid`、
  `gid`、`size`、`ro`/`rw`/`required` 的值,还有某种类型不允许的选项(`bind` 挂载上的 `mode`、
  `secret` 挂载上的 `from` 等);
- `RUN --network`(`default`、`none`、`host`)和 `RUN --security`(`insecure`、`sandbox`);
- `FROM --platform`:`os/arch[/variant]`,例如 `linux/arm64/v8`;
- `HEALTHCHECK --interval`、`--timeout`、`--start-period`、`--start-interval`:带单位的 Go 时长(`30s`、
  `1m30s`),且不小于 `1ms`;`--retries`:非负整数;
- 布尔选项(`--link`、`--parents`、`--keep-git-dir`、`--unpack`):`true` 或 `false`;
- 其他没有写 `=值` 的选项。

含有变量的值(`--platform=$BUILDPLATFORM`)在构建时才展开,不做检查。

## 为什么不好

BuildKit 会因这些值让构建失败,有时要等前面的步骤都执行完才报错;而很长的 `--mount` 值里的拼写错误,
肉眼很难发现。

## 示例

```dockerfile
FROM golang:1.23
RUN --mount=type=cahce,target=/root/.cache/go-build go build ./...
COPY --chmod=64a entrypoint.sh /
HEALTHCHECK --interval=30 CMD ["/app", "health"]
```

## 建议写法

```dockerfile
FROM golang:1.23
RUN --mount=type=cache,target=/root/.cache/go-build go build ./...
COPY --chmod=755 entrypoint.sh /
HEALTHCHECK --interval=30s CMD ["/app", "health"]
```

## 修复安全性

没有自动修复:无法确定作者想要的值。

## 参考

- [Dockerfile 参考文档:RUN --mount](https://docs.docker.com/reference/dockerfile/#run---mount)
- [Dockerfile 参考文档:COPY --chmod](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
- [Dockerfile 参考文档:HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
- [Go `time.ParseDuration`](https://pkg.go.dev/time#ParseDuration)
"#;
