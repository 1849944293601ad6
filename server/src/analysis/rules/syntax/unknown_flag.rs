//! `unknown-flag`: a flag the instruction does not accept, or a single-dash typo of one it does.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::reference::parsed_flags;
use crate::analysis::rules::suggest::closest;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "unknown-flag",
    since: "0.1",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "Flag that the instruction does not accept",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in cx.instructions() {
        let Some(specs) = parsed_flags(instruction) else {
            continue;
        };
        let keyword = instruction.kind.keyword();
        for flag in &instruction.flags {
            let name = flag.name.value.as_str();
            let known = specs.iter().any(|s| s.name == name);
            if flag.dashes == 2 && known {
                continue;
            }
            let suggestion = closest(name, specs.iter().map(|s| s.name));
            // The name with its dashes, without the value.
            let range = TextRange::new(flag.range.start, flag.name.range.end);
            let written = range.slice(cx.text);
            let message = if flag.dashes == 2 {
                let mut m = format!("Unknown flag `{written}` for `{keyword}`");
                if let Some(s) = suggestion {
                    m.push_str(&format!(" (did you mean `--{s}`?)"));
                } else if specs.is_empty() {
                    m.push_str(&format!(" (`{keyword}` takes no flags)"));
                }
                m
            } else if let Some(s) = suggestion {
                // BuildKit reads a one-dash word as an argument (a source path for COPY), so
                // only a near miss of a real flag is worth calling a typo.
                format!("`{written}` is not a flag: BuildKit reads it as an argument (did you mean `--{s}`?)")
            } else {
                continue;
            };
            let diagnostic = sink.report(range, message);
            if let Some(s) = suggestion {
                diagnostic.fix = Some(Fix::new(
                    format!("Replace with `--{s}`"),
                    Applicability::Unsafe,
                    vec![Edit {
                        range,
                        new_text: format!("--{s}"),
                    }],
                ));
            }
        }
    }
}

const EN: &str = r#"## What it does

Reports a flag that the instruction does not accept: a misspelling (`--form`, `--chmode`), a
flag of another instruction (`RUN --from`), upper case (`--FROM`; flag names are
case-sensitive), or a flag written with one dash (`COPY -from=build`), which BuildKit does not
read as a flag at all.

The accepted flags are those of BuildKit's stable and labs Dockerfile frontends:
`FROM --platform`; `RUN --mount --network --security --device`; `COPY --from --chown --chmod
--link --parents --exclude`; `ADD --chown --chmod --link --checksum --keep-git-dir --unpack
--exclude`; `HEALTHCHECK --interval --timeout --start-period --start-interval --retries`. Flags on
`ARG`, `STOPSIGNAL` and `HEALTHCHECK NONE` are not reported, because BuildKit ignores them.

## Why is this bad?

A two-dash flag that is not known fails the build with `unknown flag`. A one-dash flag is worse:
`COPY -from=build /out /app` does not fail on the flag, it looks for a file called `-from=build`
in the build context.

## Example

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12
COPY -from=build /out/app /app
COPY --chmode=755 entrypoint.sh /
```

## Use instead

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
COPY --chmod=755 entrypoint.sh /
```

## Fix safety

The fix replaces the flag name with the closest accepted flag, keeping its value. It is unsafe:
the closest name is a guess, and turning a one-dash word into a flag changes what is copied.

## References

- [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
- [Dockerfile reference: RUN --mount](https://docs.docker.com/reference/dockerfile/#run---mount)
"#;

const ZH: &str = r#"## 作用

报告指令不接受的参数选项(flag):拼写错误(`--form`、`--chmode`)、属于其他指令的选项(`RUN --from`)、
大写(`--FROM`,选项名区分大小写),或者只写了一个短横线(`COPY -from=build`)——BuildKit 根本不会把它当作选项。

接受的选项以 BuildKit 稳定版和 labs 版 Dockerfile 前端为准:`FROM --platform`;
`RUN --mount --network --security --device`;`COPY --from --chown --chmod --link --parents --exclude`;
`ADD --chown --chmod --link --checksum --keep-git-dir --unpack --exclude`;
`HEALTHCHECK --interval --timeout --start-period --start-interval --retries`。
`ARG`、`STOPSIGNAL` 和 `HEALTHCHECK NONE` 上的选项不会报告,因为 BuildKit 会忽略它们。

## 为什么不好

未知的双横线选项会让构建失败(`unknown flag`)。单横线的情况更糟:`COPY -from=build /out /app`
不会因选项报错,而是在构建上下文里查找一个名为 `-from=build` 的文件。

## 示例

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12
COPY -from=build /out/app /app
COPY --chmode=755 entrypoint.sh /
```

## 建议写法

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
COPY --chmod=755 entrypoint.sh /
```

## 修复安全性

修复会把选项名替换为最接近的可用选项,保留原来的值。它是不安全的修复:最接近的名字只是猜测,
而把单横线的参数改成选项会改变复制的内容。

## 参考

- [Dockerfile 参考文档](https://docs.docker.com/reference/dockerfile/)
- [Dockerfile 参考文档:RUN --mount](https://docs.docker.com/reference/dockerfile/#run---mount)
"#;
