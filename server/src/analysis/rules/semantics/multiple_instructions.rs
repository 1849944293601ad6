//! `multiple-instructions`: more than one `CMD`, `ENTRYPOINT` or `HEALTHCHECK` in a stage; only
//! the last one takes effect, so the earlier ones are reported.

use crate::analysis::diagnostic::{Severity, Tag};
use crate::analysis::model::InstructionKind;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "multiple-instructions",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["DL4003", "DL4004", "DL3012", "MultipleInstructionsDisallowed"],
    fix: FixKind::None,
    default_enabled: true,
    summary: "More than one `CMD`, `ENTRYPOINT` or `HEALTHCHECK` in a stage",
    docs: Docs { en: EN, zh: ZH },
    check,
};

const KINDS: [(InstructionKind, &str); 3] = [
    (InstructionKind::Cmd, "DL4003"),
    (InstructionKind::Entrypoint, "DL4004"),
    (InstructionKind::Healthcheck, "DL3012"),
];

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for stage in &cx.model.stages {
        for (kind, code) in KINDS {
            let found: Vec<_> = cx.model.instructions[stage.instructions.clone()]
                .iter()
                .filter(|i| i.kind == kind)
                .collect();
            let Some((last, earlier)) = found.split_last() else {
                continue;
            };
            for instruction in earlier {
                let diagnostic = sink.report(
                    instruction.range,
                    format!(
                        "This `{}` has no effect: the `{}` on line {} replaces it",
                        instruction.keyword.value,
                        last.keyword.value,
                        cx.line_number(last.range.start)
                    ),
                );
                diagnostic.code = Some(code);
                diagnostic.tags.push(Tag::Unnecessary);
            }
        }
    }
}

const EN: &str = r#"## What it does

Reports every `CMD`, `ENTRYPOINT` and `HEALTHCHECK` of a stage that a later one of the same kind
in the same stage replaces. The diagnostic sits on the earlier instruction, the one that does
nothing, and carries the code of its kind: DL4003 for `CMD`, DL4004 for `ENTRYPOINT`, DL3012 for
`HEALTHCHECK`.

## Why is this bad?

An image has one command, one entrypoint and one health check; each instruction overwrites the
previous setting. Two of them in a stage usually mean a leftover from an edit, or a belief that
both will run. BuildKit warns (`MultipleInstructionsDisallowed`).

## Example

```dockerfile
FROM python:3.13-slim
CMD ["python", "manage.py", "migrate"]
CMD ["gunicorn", "app.wsgi"]
```

## Use instead

```dockerfile
FROM python:3.13-slim
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["gunicorn", "app.wsgi"]
```

## Fix safety

There is no fix: deleting the earlier instruction is easy, but whether the author meant the
first, the last or both (through a script) is not.

## References

- [Dockerfile reference: CMD](https://docs.docker.com/reference/dockerfile/#cmd)
- [BuildKit check: MultipleInstructionsDisallowed](https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/)
- [hadolint DL4003](https://github.com/hadolint/hadolint/wiki/DL4003), [DL4004](https://github.com/hadolint/hadolint/wiki/DL4004), [DL3012](https://github.com/hadolint/hadolint/wiki/DL3012)
"#;

const ZH: &str = r#"## 作用

报告同一阶段中被后面同类指令覆盖的 `CMD`、`ENTRYPOINT` 和 `HEALTHCHECK`。诊断标在前面那条(不起作用的)
指令上,并带上对应的代码:`CMD` 为 DL4003,`ENTRYPOINT` 为 DL4004,`HEALTHCHECK` 为 DL3012。

## 为什么不好

一个镜像只有一个启动命令、一个入口点和一个健康检查;每条指令都会覆盖之前的设置。同一阶段出现两条,通常是
修改后遗留的,或者误以为两条都会执行。BuildKit 会给出 `MultipleInstructionsDisallowed` 警告。

## 示例

```dockerfile
FROM python:3.13-slim
CMD ["python", "manage.py", "migrate"]
CMD ["gunicorn", "app.wsgi"]
```

## 建议写法

```dockerfile
FROM python:3.13-slim
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["gunicorn", "app.wsgi"]
```

## 修复安全性

没有自动修复:删掉前一条很容易,但作者想要的是第一条、最后一条,还是(通过脚本)两条都执行,无法判断。

## 参考

- [Dockerfile 参考文档:CMD](https://docs.docker.com/reference/dockerfile/#cmd)
- [BuildKit 检查:MultipleInstructionsDisallowed](https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/)
- [hadolint DL4003](https://github.com/hadolint/hadolint/wiki/DL4003)、[DL4004](https://github.com/hadolint/hadolint/wiki/DL4004)、[DL3012](https://github.com/hadolint/hadolint/wiki/DL3012)
"#;
