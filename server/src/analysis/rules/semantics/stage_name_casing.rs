//! `stage-name-casing`: a stage name with upper-case letters; the fix renames the stage and every
//! place that names it.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::model::Base;
use crate::analysis::rules::semantics::{find_stage, from_base_word, stage_refs};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "stage-name-casing",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["StageNameCasing"],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "Stage name with upper-case letters",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let refs = stage_refs(cx);
    for (index, stage) in cx.model.stages.iter().enumerate() {
        let Some(name) = &stage.name else { continue };
        let lower = name.value.to_lowercase();
        if lower == name.value {
            continue;
        }
        let mut edits = vec![Edit {
            range: name.range,
            new_text: lower.clone(),
        }];
        // `FROM <stage>` written literally.
        for child in &cx.model.stages {
            if child.base != Base::Stage(index) {
                continue;
            }
            let Some(word) = cx.model.instructions.get(child.from).and_then(from_base_word) else {
                continue;
            };
            let literal = !word.raw.contains('$') && word.raw == word.value && word.range.len() == word.value.len();
            if literal && word.value != lower {
                edits.push(Edit {
                    range: word.range,
                    new_text: lower.clone(),
                });
            }
        }
        // `COPY --from=<stage>` and `RUN --mount=from=<stage>`; an index is not a name.
        for r in &refs {
            let by_name = !r.value.bytes().all(|b| b.is_ascii_digit());
            if by_name && r.exact && r.value != lower && find_stage(cx.model, r.value) == Some(index) {
                edits.push(Edit {
                    range: r.range,
                    new_text: lower.clone(),
                });
            }
        }
        edits.sort_by_key(|e| e.range.start);
        let diagnostic = sink.report(name.range, format!("Stage name `{}` should be lower case", name.value));
        diagnostic.fix = Some(Fix::new(
            format!("Rename the stage to `{lower}` everywhere"),
            Applicability::Safe,
            edits,
        ));
    }
}

const EN: &str = r#"## What it does

Reports a stage name with upper-case letters (`FROM golang:1.23 AS Builder`).

## Why is this bad?

BuildKit compares stage names without case and stores them in lower case, so `Builder`,
`builder` and `BUILDER` are one stage. Writing it in mixed case suggests a distinction that does
not exist, and the name shown in build output and accepted by `--target` is `builder` anyway.
BuildKit warns (`StageNameCasing`).

## Example

```dockerfile
FROM golang:1.23 AS Builder
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=Builder /out/app /app
```

## Use instead

```dockerfile
FROM golang:1.23 AS builder
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=builder /out/app /app
```

## Fix safety

The fix renames the stage to lower case and rewrites every reference written literally in this
file: `FROM <stage>`, `COPY --from=<stage>` and `RUN --mount=...,from=<stage>`. It is safe because
BuildKit already matches stage names without case; `--target` on the command line keeps working.

## References

- [BuildKit check: StageNameCasing](https://docs.docker.com/reference/build-checks/stage-name-casing/)
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
"#;

const ZH: &str = r#"## 作用

报告含大写字母的阶段名(`FROM golang:1.23 AS Builder`)。

## 为什么不好

BuildKit 比较阶段名时不区分大小写,并以小写保存,所以 `Builder`、`builder` 和 `BUILDER` 是同一个阶段。
用大小写混写暗示了一种并不存在的区别,构建输出里显示的、`--target` 接受的名字本来就是 `builder`。
BuildKit 会给出 `StageNameCasing` 警告。

## 示例

```dockerfile
FROM golang:1.23 AS Builder
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=Builder /out/app /app
```

## 建议写法

```dockerfile
FROM golang:1.23 AS builder
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=builder /out/app /app
```

## 修复安全性

修复会把阶段名改为小写,并改写本文件中所有按字面写出的引用:`FROM <stage>`、`COPY --from=<stage>` 以及
`RUN --mount=...,from=<stage>`。它是安全的:BuildKit 本来就不区分大小写地匹配阶段名,命令行上的
`--target` 依然有效。

## 参考

- [BuildKit 检查:StageNameCasing](https://docs.docker.com/reference/build-checks/stage-name-casing/)
- [Dockerfile 参考文档:FROM](https://docs.docker.com/reference/dockerfile/#from)
"#;
