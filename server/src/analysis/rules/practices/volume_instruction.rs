//! `volume-instruction`: `VOLUME` in a Dockerfile, which Kubernetes does not manage (a hint).

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Args, InstructionKind};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "volume-instruction",
    since: "0.1",
    severity: Severity::Hint,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`VOLUME` in the image: left to the runtime, ignored by Kubernetes",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in cx.instructions() {
        if instruction.kind != InstructionKind::Volume {
            continue;
        }
        let paths: Vec<&str> = match &instruction.args {
            Args::Words(words) => words.iter().map(|w| w.value.as_str()).collect(),
            Args::Json { elements, .. } => elements.iter().map(|w| w.value.as_str()).collect(),
            _ => continue,
        };
        if paths.is_empty() {
            continue;
        }
        let list = paths.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
        sink.report(
            instruction.keyword.range,
            format!("`VOLUME` {list}: every container gets an anonymous volume that Kubernetes does not manage"),
        );
    }
}

const EN: &str = r#"## What it does

Points out every `VOLUME` instruction, as a hint.

## Why is this bad?

`VOLUME` is a decision about the runtime written into the image. Under Docker every container
gets an anonymous volume for the path, which piles up on the host unless removed with the
container; Kubernetes ignores the declaration altogether, so data the author expected to persist
lives in the container's writable layer unless the pod spec mounts a volume there. Child images
cannot undo a `VOLUME`, and, with the legacy builder, changes made to the path after the
declaration are discarded (see `changes-after-volume`). Declaring storage where the container
runs (`docker run -v`, a Compose file, a pod spec) keeps the image neutral.

It is a hint because database images and others meant for plain Docker use `VOLUME` on purpose,
to keep their data out of the container's layer by default.

## Example

```dockerfile
FROM postgres:16
VOLUME ["/var/lib/postgresql/data"]
```

## Use instead

```dockerfile
FROM postgres:16
# Mounted by the runtime:
#   docker run -v pgdata:/var/lib/postgresql/data ...
#   or a volumeMounts entry in the pod spec
```

## Fix safety

There is no fix: removing the declaration changes where data lives for everyone who runs the
image with plain `docker run`.

## References

- [Dockerfile reference: VOLUME](https://docs.docker.com/reference/dockerfile/#volume)
- [Kubernetes: volumes](https://kubernetes.io/docs/concepts/storage/volumes/)
"#;

const ZH: &str = r#"## 作用

以提示(hint)的形式指出每一条 `VOLUME` 指令。

## 为什么不好

`VOLUME` 是把运行时的决定写进了镜像。在 Docker 下,每个容器都会为这个路径创建一个匿名卷,如果不随容器一起
删除,就会在主机上越积越多;Kubernetes 则完全忽略这个声明,除非 Pod 规格在那里挂载了卷,作者以为会持久化
的数据其实存放在容器的可写层里。子镜像无法撤销 `VOLUME`;使用旧版构建器时,声明之后对该路径的修改会被丢弃
(见 `changes-after-volume`)。在容器运行的地方(`docker run -v`、Compose 文件、Pod 规格)声明存储,
镜像本身就保持中立。

之所以只是提示,是因为数据库等面向普通 Docker 使用的镜像有意使用 `VOLUME`,以便默认把数据放在容器层之外。

## 示例

```dockerfile
FROM postgres:16
VOLUME ["/var/lib/postgresql/data"]
```

## 建议写法

```dockerfile
FROM postgres:16
# 由运行时挂载:
#   docker run -v pgdata:/var/lib/postgresql/data ...
#   或者 Pod 规格中的 volumeMounts
```

## 修复安全性

没有自动修复:去掉声明会改变所有用普通 `docker run` 运行该镜像的人的数据存放位置。

## 参考

- [Dockerfile 参考文档:VOLUME](https://docs.docker.com/reference/dockerfile/#volume)
- [Kubernetes:卷](https://kubernetes.io/zh-cn/docs/concepts/storage/volumes/)
"#;
