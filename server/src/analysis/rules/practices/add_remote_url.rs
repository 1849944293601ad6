//! `add-remote-url`: `ADD https://...` without `--checksum`, a download nobody verifies.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::InstructionKind;
use crate::analysis::rules::practices::common::{copy_args, expanded_source, is_git, is_url};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "add-remote-url",
    severity: Severity::Info,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "`ADD` of a URL without `--checksum`, or of a git branch",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in cx.instructions() {
        if instruction.kind != InstructionKind::Add || instruction.flag("checksum").is_some() {
            continue;
        }
        let Some(args) = copy_args(instruction) else {
            continue;
        };
        for word in args.sources {
            let value = expanded_source(cx.model, instruction, word).unwrap_or_else(|| word.value.clone());
            if is_git(&value) {
                // A git source is pinned by a commit or a tag; a branch moves.
                let follows = match git_ref(&value) {
                    GitRef::DefaultBranch => "the default branch".to_owned(),
                    GitRef::Branch(name) => format!("the branch `{name}`"),
                    GitRef::Pinned | GitRef::Other => continue,
                };
                sink.report(
                    word.range,
                    format!(
                        "`ADD` of the git repository `{value}` follows {follows}: pin a commit \
                         (`#<commit>`, `?commit=<commit>` or `--checksum=<commit>`) or a tag"
                    ),
                );
            } else if is_url(&value) {
                sink.report(
                    word.range,
                    format!("`ADD` downloads `{value}` without `--checksum`: its content is not verified"),
                );
            }
        }
    }
}

/// What the ref of a git source of ADD names.
#[derive(Debug, PartialEq, Eq)]
enum GitRef {
    /// No ref: whatever the default branch points at when the build runs.
    DefaultBranch,
    /// `?branch=`, `refs/heads/...`, or a name that is a branch in nearly every repository.
    Branch(String),
    /// A full commit hash (`#<sha>`, `?ref=<sha>`), a commit BuildKit checks
    /// (`?commit=`, `?checksum=`), or a tag (`?tag=`, `refs/tags/...`).
    Pinned,
    /// A name that may be a tag or a branch (`#v1.2.3`, `#release-2`): not reported.
    Other,
}

/// Branch names that are branches in nearly every repository, never tags.
const BRANCH_NAMES: &[&str] = &["main", "master", "develop", "development", "dev", "trunk", "HEAD"];

/// The ref of a git source as BuildKit reads it: the `#ref:subdir` fragment and the
/// `?ref=`, `tag=`, `branch=`, `commit=` and `checksum=` query parameters.
fn git_ref(source: &str) -> GitRef {
    let (before_fragment, fragment) = match source.split_once('#') {
        Some((url, fragment)) => (url, Some(fragment)),
        None => (source, None),
    };
    let query = before_fragment.split_once('?').map_or("", |(_, q)| q);
    let param = |key: &str| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
            .filter(|v| !v.is_empty())
    };
    if param("commit").is_some() || param("checksum").is_some() || param("tag").is_some() {
        return GitRef::Pinned;
    }
    let fragment_ref = fragment
        .map(|f| f.split(':').next().unwrap_or(f))
        .filter(|r| !r.is_empty());
    let refs: Vec<&str> = fragment_ref.into_iter().chain(param("ref")).collect();
    if refs.iter().any(|r| is_commit_hash(r) || r.starts_with("refs/tags/")) {
        return GitRef::Pinned;
    }
    if let Some(branch) = param("branch") {
        return GitRef::Branch(branch.trim_start_matches("refs/heads/").to_owned());
    }
    match refs.first() {
        None => GitRef::DefaultBranch,
        Some(r) if r.starts_with("refs/heads/") => GitRef::Branch(r["refs/heads/".len()..].to_owned()),
        Some(r) if BRANCH_NAMES.contains(r) => GitRef::Branch((*r).to_owned()),
        Some(_) => GitRef::Other,
    }
}

/// A full commit hash: 40 hex digits (SHA-1) or 64 (SHA-256 repositories).
fn is_commit_hash(reference: &str) -> bool {
    matches!(reference.len(), 40 | 64) && reference.bytes().all(|b| b.is_ascii_hexdigit())
}

const EN: &str = r#"## What it does

Reports a URL source of `ADD` when the instruction has no `--checksum`.

A git source (`git@host:...`, `ssh://`, `git://`, or a URL whose path ends in `.git`, with
BuildKit's `#ref:subdir` fragment or `?ref=&commit=&subdir=` query) is reported only when it
follows a branch: no ref at all (the default branch), `?branch=`, `refs/heads/...`, or `main`,
`master`, `develop`, `development`, `dev`, `trunk` or `HEAD`. It counts as pinned with a full
commit hash (40 or 64 hex digits, in the fragment or `?ref=`), with `?commit=` or `?checksum=`
(BuildKit checks that the ref resolves to that commit), with `--checksum=<commit>`, or with a
tag (`?tag=`, `refs/tags/...`). Any other name (`#v1.2.3`, `#release-2`, a short hash) may be a
tag or a branch and is not reported.

## Why is this bad?

`ADD https://...` downloads whatever the server returns at build time, with no check that it is
the file the author meant. A compromised or changed download ends up in the image unnoticed, and
the layer cache may keep serving an old download, or refetch a new one, depending on the server's
headers. Downloading in `RUN` with `curl` or `wget` and checking a hash is explicit; so is
`ADD --checksum=sha256:...`, which BuildKit verifies.

A branch moves: the same Dockerfile builds different code from one day to the next, and a
push to the branch reaches the image without review.

## Example

```dockerfile
FROM alpine:3.20
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /tini
ADD https://github.com/moby/buildkit.git#master /src/buildkit
```

## Use instead

```dockerfile
FROM alpine:3.20
ARG TINI_SHA256=<the SHA-256 published with the release>
ADD --checksum=sha256:${TINI_SHA256} \
    https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /tini
ADD https://github.com/moby/buildkit.git?tag=v0.14.0&commit=<the tag's commit> /src/buildkit
```

## Fix safety

There is no fix: the checksum has to come from the publisher or from a download you trust.

## References

- [Dockerfile reference: ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
- [Dockerfile best practices: ADD or COPY](https://docs.docker.com/build/building/best-practices/#add-or-copy)
"#;

const ZH: &str = r#"## 作用

当 `ADD` 的来源是 URL 而指令没有 `--checksum` 时报告。

git 来源(`git@host:...`、`ssh://`、`git://`,或路径以 `.git` 结尾的 URL,可带 BuildKit 的
`#ref:subdir` 片段或 `?ref=&commit=&subdir=` 查询参数)只在跟随某个分支时报告:没有 ref(默认分支)、
`?branch=`、`refs/heads/...`,或 `main`、`master`、`develop`、`development`、`dev`、`trunk`、`HEAD`。
以下情况视为已固定:完整的提交哈希(40 或 64 位十六进制,写在片段或 `?ref=` 中)、`?commit=` 或
`?checksum=`(BuildKit 会检查 ref 解析到的正是该提交)、`--checksum=<提交>`,或标签(`?tag=`、
`refs/tags/...`)。其他名称(`#v1.2.3`、`#release-2`、短哈希)可能是标签也可能是分支,不报告。

## 为什么不好

`ADD https://...` 在构建时下载服务器返回的任何内容,并不检查它是不是作者想要的文件。被篡改或被替换的下载
会悄无声息地进入镜像;构建缓存是继续用旧的下载还是重新获取,还取决于服务器返回的头信息。在 `RUN` 里用
`curl` 或 `wget` 下载并校验哈希是明确的做法;`ADD --checksum=sha256:...` 也是,BuildKit 会校验它。

分支会移动:同一个 Dockerfile 今天和明天构建出的代码不同,推送到该分支的改动未经审查就进入镜像。

## 示例

```dockerfile
FROM alpine:3.20
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /tini
ADD https://github.com/moby/buildkit.git#master /src/buildkit
```

## 建议写法

```dockerfile
FROM alpine:3.20
ARG TINI_SHA256=<发布页公布的 SHA-256>
ADD --checksum=sha256:${TINI_SHA256} \
    https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /tini
ADD https://github.com/moby/buildkit.git?tag=v0.14.0&commit=<该标签的提交> /src/buildkit
```

## 修复安全性

没有自动修复:校验和必须来自发布者,或来自你信任的一次下载。

## 参考

- [Dockerfile 参考文档:ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
- [Dockerfile 最佳实践:ADD 还是 COPY](https://docs.docker.com/build/building/best-practices/#add-or-copy)
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_refs_as_buildkit_reads_them() {
        let sha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
        let pinned = [
            format!("https://github.com/moby/buildkit.git#{sha}"),
            format!("https://github.com/moby/buildkit.git#{sha}:frontend"),
            format!("https://github.com/moby/buildkit.git?ref={sha}"),
            format!("https://github.com/moby/buildkit.git?ref=master&commit={sha}"),
            format!(
                "https://github.com/moby/buildkit.git?branch=main&checksum={}",
                &sha[..12]
            ),
            "https://github.com/moby/buildkit.git?tag=v0.14.0".to_owned(),
            "git@github.com:moby/buildkit.git#refs/tags/v0.14.0".to_owned(),
        ];
        for source in &pinned {
            assert_eq!(git_ref(source), GitRef::Pinned, "{source}");
        }
        let branch = |name: &str| GitRef::Branch(name.to_owned());
        assert_eq!(git_ref("https://github.com/moby/buildkit.git"), GitRef::DefaultBranch);
        assert_eq!(
            git_ref("https://github.com/moby/buildkit.git#:frontend"),
            GitRef::DefaultBranch
        );
        assert_eq!(
            git_ref("https://github.com/moby/buildkit.git?subdir=x"),
            GitRef::DefaultBranch
        );
        assert_eq!(git_ref("https://github.com/moby/buildkit.git#main"), branch("main"));
        assert_eq!(
            git_ref("git@github.com:moby/buildkit.git#master:docs"),
            branch("master")
        );
        assert_eq!(
            git_ref("https://github.com/moby/buildkit.git?branch=v0.14"),
            branch("v0.14")
        );
        assert_eq!(
            git_ref("https://github.com/moby/buildkit.git#refs/heads/rel"),
            branch("rel")
        );
        assert_eq!(git_ref("https://github.com/moby/buildkit.git#v0.14.0"), GitRef::Other);
        // A short hash may be a branch or a tag as well: not known to be pinned or not.
        assert_eq!(
            git_ref(&format!("https://github.com/moby/buildkit.git#{}", &sha[..7])),
            GitRef::Other
        );
    }
}
