//! `useradd-without-l`: `useradd` with a high UID and without `-l`, which writes a huge sparse
//! lastlog file into the layer; the fix adds `-l`.

use crate::analysis::diagnostic::{Applicability, Fix, Severity};
use crate::analysis::rules::packages::{insert_word_after, run_scripts};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "useradd-without-l",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["DL3046"],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "`useradd` with a high UID and without `-l`: a huge lastlog file in the layer",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// hadolint's threshold (a UID of more than five digits).
const HIGH_UID: u64 = 100_000;

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for run in run_scripts(cx) {
        for command in run.script.commands.iter().filter(|c| c.runs("useradd")) {
            if command.flag(&['l'], &["no-log-init"]).is_some() {
                continue;
            }
            let Some(uid) = command.flag_value(&['u'], &["uid"]) else {
                continue;
            };
            let Some(number) = resolve(cx, run.instruction.range.start, uid) else {
                continue;
            };
            if number < HIGH_UID {
                continue;
            }
            let name = command.effective_name();
            let d = sink.report(
                name.range,
                format!("`useradd` with UID {number} and without `-l` writes a huge lastlog file"),
            );
            d.fix = Some(Fix::new(
                "Add `-l`",
                Applicability::Safe,
                vec![insert_word_after(run.script, name, "-l")],
            ));
        }
    }
}

/// The UID as a number: written as digits, or a lone `$UID`/`${UID}` whose ARG or ENV value in
/// scope is digits.
fn resolve(cx: &Context<'_>, at: usize, uid: &str) -> Option<u64> {
    if let Ok(n) = uid.parse() {
        return Some(n);
    }
    let name = uid.strip_prefix('$')?;
    let name = name.strip_prefix('{').and_then(|n| n.strip_suffix('}')).unwrap_or(name);
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    cx.scope_at(at).get(name)?.value?.parse().ok()
}

const EN: &str = r#"## What it does

Reports `useradd` with a UID of 100000 or more (`-u`, `--uid`, written as digits or as a
variable whose `ARG` or `ENV` value is known) and without `-l` (`--no-log-init`). The threshold
is hadolint's.

## Why is this bad?

`useradd` reserves the new user's entry in `/var/log/lastlog` and `/var/log/faillog`, files
indexed by UID. On disk they are sparse, but image layers store them in full: a UID in the
millions adds hundreds of megabytes of zeros to the layer, and builds have been known to fill
the disk.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN useradd -u 1000000 -m app
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN useradd -l -u 1000000 -m app
```

## Fix safety

The fix adds `-l` after `useradd`. It is safe: the user is created the same; only its lastlog
and faillog entries are not initialised, which nothing in a container reads.

## References

- [hadolint DL3046](https://github.com/hadolint/hadolint/wiki/DL3046)
- [moby/moby#5419: docker build hangs/crashes when useradd with large UID](https://github.com/moby/moby/issues/5419)
"#;

const ZH: &str = r#"## 作用

报告 UID 不小于 100000(`-u`、`--uid`,直接写成数字,或是 `ARG`、`ENV` 值已知的变量)且没有 `-l`
(`--no-log-init`)的 `useradd`。阈值与 hadolint 相同。

## 为什么不好

`useradd` 会在按 UID 索引的 `/var/log/lastlog` 和 `/var/log/faillog` 中为新用户预留条目。这些文件
在磁盘上是稀疏文件,但镜像层会完整存储它们:上百万的 UID 会给这一层增加几百 MB 的零字节,甚至有
构建因此写满磁盘。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN useradd -u 1000000 -m app
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN useradd -l -u 1000000 -m app
```

## 修复安全性

修复会在 `useradd` 后加上 `-l`。它是安全的:用户的创建方式不变,只是不初始化它在 lastlog 和
faillog 中的条目,而容器里没有任何东西读取它们。

## 参考

- [hadolint DL3046](https://github.com/hadolint/hadolint/wiki/DL3046)
- [moby/moby#5419:使用大 UID 的 useradd 让 docker build 卡住或崩溃](https://github.com/moby/moby/issues/5419)
"#;
