//! `policy-instruction`: an instruction the configuration's `[policy] required-instructions`
//! asks for that the final stage does not have.

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::policy::final_chain;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "policy-instruction",
    since: "0.2",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Instruction the policy requires missing from the final stage (required-instructions)",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let required = &cx.config.policy.required_instructions;
    let chain = final_chain(cx.model);
    let Some(&last) = chain.first() else { return };
    if required.is_empty() {
        return;
    }
    let has = |kind| {
        chain.iter().any(|&stage| {
            cx.model.instructions[cx.model.stages[stage].instructions.clone()]
                .iter()
                .any(|i| i.kind == kind)
        })
    };
    let from = &cx.model.instructions[cx.model.stages[last].from];
    for &kind in required {
        if !has(kind) {
            sink.report(
                from.range,
                format!(
                    "The final stage has no `{}`, which the policy requires (`required-instructions`)",
                    kind.keyword()
                ),
            );
        }
    }
}

const EN: &str = r#"## What it does

Reports each instruction `[policy] required-instructions` names (`HEALTHCHECK`, `USER`, ...)
that the final stage, the image `docker build` makes without `--target`, does not have. The
stages it is built `FROM` count: a `USER` in a parent stage is inherited. The finding is on the
final stage's `FROM`. What the base image sets cannot be seen from the Dockerfile; when it
provides the instruction, suppress the finding on that `FROM` with a comment that says so.

## Why is this bad?

A house rule such as "every service image has a health check" or "every image says which user
it runs as" is easy to forget in one Dockerfile out of hundreds. Orchestrators then cannot tell
a hung container from a healthy one, or a container runs as root by accident.

## Example

```toml
[policy]
required-instructions = ["HEALTHCHECK", "USER"]
```

```dockerfile
FROM node:22-slim
COPY . /app
CMD ["node", "/app/server.js"]
```

## Use instead

```dockerfile
FROM node:22-slim
COPY . /app
USER node
HEALTHCHECK CMD ["node", "/app/healthcheck.js"]
CMD ["node", "/app/server.js"]
```

## Fix safety

There is no fix: the instruction's arguments are the author's.

## References

- [Policies](https://github.com/dockerfile-lsp/dockerfile-lsp/blob/main/docs/policies.md)
"#;

const ZH: &str = r#"## 作用

报告 `[policy] required-instructions` 列出(`HEALTHCHECK`、`USER` 等)而最终阶段——即不带
`--target` 时 `docker build` 生成的镜像——没有的每条指令。它 `FROM` 的各阶段也计算在内:父阶段
中的 `USER` 会被继承。问题报告在最终阶段的 `FROM` 上。基础镜像设置了什么无法从 Dockerfile
看出;如果基础镜像已提供该指令,请在该 `FROM` 上用注释说明并抑制这条问题。

## 为什么不好

“每个服务镜像都要有健康检查”或“每个镜像都要声明运行用户”这类内部规定,在成百上千个
Dockerfile 中很容易漏掉一个。这样编排系统就无法区分卡死的容器和健康的容器,或者容器意外地以
root 身份运行。

## 示例

```toml
[policy]
required-instructions = ["HEALTHCHECK", "USER"]
```

```dockerfile
FROM node:22-slim
COPY . /app
CMD ["node", "/app/server.js"]
```

## 建议写法

```dockerfile
FROM node:22-slim
COPY . /app
USER node
HEALTHCHECK CMD ["node", "/app/healthcheck.js"]
CMD ["node", "/app/server.js"]
```

## 修复安全性

没有修复:指令的参数由作者决定。

## 参考

- [策略](https://github.com/dockerfile-lsp/dockerfile-lsp/blob/main/docs/policies.zh-CN.md)
"#;
