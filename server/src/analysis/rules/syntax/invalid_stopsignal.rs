//! `invalid-stopsignal`: a `STOPSIGNAL` that is neither a signal name nor a signal number, which
//! BuildKit rejects when it reaches the instruction (`moby/sys/signal.ParseSignal`).

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, InstructionKind};
use crate::analysis::rules::suggest::closest;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "invalid-stopsignal",
    since: "0.1",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`STOPSIGNAL` that is not a signal name or number",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Linux signal names without `SIG`, as BuildKit's signal table has them (real-time signals
/// are handled apart).
const SIGNALS: &[&str] = &[
    "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL",
    "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "UNUSED", "URG",
    "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "RTMIN", "RTMAX",
];

/// `RTMIN+n` for n in 1..=15 and `RTMAX-n` for n in 1..=14.
fn is_realtime(name: &str) -> bool {
    let offset = |rest: &str, max: u32| {
        rest.parse::<u32>()
            .is_ok_and(|n| (1..=max).contains(&n) && !rest.starts_with('0'))
    };
    match (name.strip_prefix("RTMIN+"), name.strip_prefix("RTMAX-")) {
        (Some(rest), _) => offset(rest, 15),
        (_, Some(rest)) => offset(rest, 14),
        _ => false,
    }
}

/// Whether `value` names a signal: a known name with or without `SIG`, in any case, or a Linux
/// signal number. BuildKit itself takes any non-zero integer, but a number past 64 (or below 1)
/// makes `docker stop` fail later, when it sends the signal.
pub(crate) fn is_valid_signal(value: &str) -> bool {
    if let Ok(n) = value.parse::<i64>() {
        return (1..=64).contains(&n);
    }
    let upper = value.to_ascii_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    SIGNALS.contains(&name) || is_realtime(name)
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in cx.instructions() {
        if instruction.kind != InstructionKind::Stopsignal {
            continue;
        }
        let Args::Words(words) = &instruction.args else {
            continue;
        };
        let Some(word) = words.first() else { continue };
        // A variable is expanded at build time; its value is unknown here.
        if word.raw.contains('$') || is_valid_signal(&word.value) {
            continue;
        }
        let mut message = format!("`{}` is not a signal name or number", word.value);
        let upper = word.value.to_ascii_uppercase();
        let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
        if let Some(s) = closest(bare, SIGNALS.iter().copied()) {
            message.push_str(&format!(" (did you mean `SIG{s}`?)"));
        }
        sink.report(word.range, message);
    }
}

const EN: &str = r#"## What it does

Reports a `STOPSIGNAL` whose argument is neither a signal name (`SIGTERM`, `TERM`, `sigquit`,
`SIGRTMIN+3`) nor a Linux signal number (1 to 64).

## Why is this bad?

BuildKit parses the signal when it reaches the instruction and fails the build with
`invalid signal`. Inside `ONBUILD`, every child build fails instead. BuildKit lets any non-zero
number through, but a number that is no Linux signal makes `docker stop` fail when it sends it.

## Example

```dockerfile
FROM nginx:1.27
STOPSIGNAL SIGQUITE
```

## Use instead

```dockerfile
FROM nginx:1.27
STOPSIGNAL SIGQUIT
```

## Fix safety

There is no fix; the message suggests the closest signal name when there is one.

## References

- [Dockerfile reference: STOPSIGNAL](https://docs.docker.com/reference/dockerfile/#stopsignal)
- [signal(7)](https://man7.org/linux/man-pages/man7/signal.7.html)
"#;

const ZH: &str = r#"## 作用

报告参数既不是信号名(`SIGTERM`、`TERM`、`sigquit`、`SIGRTMIN+3`)也不是 Linux 信号编号(1 到 64)的
`STOPSIGNAL`。

## 为什么不好

BuildKit 执行到这条指令时会解析信号,解析失败就以 `invalid signal` 让构建失败。写在 `ONBUILD` 里时,
失败的是每一个子镜像的构建。BuildKit 放行任何非零数字,但不是 Linux 信号的数字会让 `docker stop`
在发送信号时失败。

## 示例

```dockerfile
FROM nginx:1.27
STOPSIGNAL SIGQUITE
```

## 建议写法

```dockerfile
FROM nginx:1.27
STOPSIGNAL SIGQUIT
```

## 修复安全性

没有自动修复;如果有足够接近的信号名,消息中会给出建议。

## 参考

- [Dockerfile 参考文档:STOPSIGNAL](https://docs.docker.com/reference/dockerfile/#stopsignal)
- [signal(7)](https://man7.org/linux/man-pages/man7/signal.7.html)
"#;

#[cfg(test)]
mod tests {
    use super::is_valid_signal;

    #[test]
    fn signals() {
        for ok in [
            "SIGTERM",
            "term",
            "SigQuit",
            "9",
            "64",
            "SIGRTMIN+3",
            "RTMAX-14",
            "SIGRTMAX",
        ] {
            assert!(is_valid_signal(ok), "{ok}");
        }
        for bad in [
            "0",
            "SIGFOO",
            "SIGTERM extra",
            "",
            "RTMIN+16",
            "RTMIN+0",
            "99999999999",
            "-1",
            "65",
        ] {
            assert!(!is_valid_signal(bad), "{bad}");
        }
    }
}
