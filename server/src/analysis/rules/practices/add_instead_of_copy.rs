//! `add-instead-of-copy`: `ADD` of local files or folders, where `COPY` says the same thing
//! without ADD's extraction and download semantics.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::model::{Instruction, InstructionKind};
use crate::analysis::reference;
use crate::analysis::rules::practices::common::{
    archive_suffix, copy_args, expanded_source, has_wildcard, is_git, is_url,
};
use crate::analysis::rules::suggest::match_case;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "add-instead-of-copy",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &["DL3020"],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "`ADD` of local files: use `COPY`",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in cx.instructions() {
        if instruction.kind != InstructionKind::Add || !only_plain_local_sources(cx, instruction) {
            continue;
        }
        let fix = Fix::new(
            "Replace `ADD` with `COPY`",
            Applicability::Safe,
            edits(cx.text, instruction),
        );
        let d = sink.report(
            instruction.keyword.range,
            "`ADD` of local files: `COPY` does the same without extracting archives",
        );
        d.fix = Some(fix);
    }
}

/// Every source is a local path whose name does not look like an archive ADD would unpack; a
/// pattern whose last component could match anything (`files/*`) might pick up an archive.
fn only_plain_local_sources(cx: &Context<'_>, instruction: &Instruction) -> bool {
    let Some(args) = copy_args(instruction) else {
        return false;
    };
    if args.sources.is_empty() || args.heredoc_sources > 0 {
        return false;
    }
    args.sources.iter().all(|word| {
        let Some(value) = expanded_source(cx.model, instruction, word) else {
            return false;
        };
        let last = value.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        !is_url(&value)
            && !is_git(&value)
            && archive_suffix(&value).is_none()
            && (!has_wildcard(last) || has_plain_extension(last))
    })
}

/// `*.sh`, `app-?.conf`: a pattern that fixes a file extension which is not an archive's.
fn has_plain_extension(pattern: &str) -> bool {
    pattern
        .rsplit_once('.')
        .is_some_and(|(_, ext)| !ext.is_empty() && !has_wildcard(ext) && archive_suffix(pattern).is_none())
}

/// `ADD` → `COPY` in the keyword's casing, and the flags `COPY` does not take removed with the
/// blanks after them.
fn edits(text: &str, instruction: &Instruction) -> Vec<Edit> {
    let mut edits = vec![Edit {
        range: instruction.keyword.range,
        new_text: match_case(&instruction.keyword.value, "COPY"),
    }];
    for flag in &instruction.flags {
        // The flags of both instructions stay; ADD's own (`--checksum`, `--keep-git-dir`,
        // `--unpack`) only mean something for remote or archive sources.
        let name = flag.name.value.as_str();
        if flag.dashes == 2
            && reference::flag_info(InstructionKind::Add, name).is_some()
            && reference::flag_info(InstructionKind::Copy, name).is_some()
        {
            continue;
        }
        let rest = text.get(flag.range.end..).unwrap_or("");
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        edits.push(Edit {
            range: crate::syntax::TextRange::new(flag.range.start, flag.range.end + blanks),
            new_text: String::new(),
        });
    }
    edits
}

const EN: &str = r#"## What it does

Reports `ADD` when every source is a local file or folder: not a URL, not a git repository, and
not named like an archive (`.tar`, `.tar.gz`, `.tgz`, `.tar.xz`, `.gz`...). A pattern whose last
component could match anything (`ADD files/* /srv/`) is not reported, since it may pick up an
archive; `ADD conf/*.yaml /etc/app/` is.

## Why is this bad?

`ADD` does more than copy: it downloads URLs and unpacks local tar archives. A reader of
`ADD app /srv/app` has to wonder whether `app` is an archive that will be extracted, and a later
change of the file (a release shipped as `.tar.gz`) silently changes what the instruction does.
`COPY` copies, nothing else.

## Example

```dockerfile
FROM alpine:3.20
ADD ./bin/myapp /usr/local/bin/myapp
ADD --chown=app:app config/ /etc/myapp/
```

## Use instead

```dockerfile
FROM alpine:3.20
COPY ./bin/myapp /usr/local/bin/myapp
COPY --chown=app:app config/ /etc/myapp/
```

## Fix safety

The fix replaces `ADD` with `COPY` in the same casing, keeping the flags `COPY` accepts
(`--chown`, `--chmod`, `--link`, `--exclude`) and removing those that only apply to remote or
archive sources (`--checksum`, `--keep-git-dir`, `--unpack`). It is safe: for a local source that
is not a tar archive both instructions copy the same files. A tar archive with an unusual name
would no longer be unpacked, which is why files named like archives are not reported.

## References

- [hadolint DL3020](https://github.com/hadolint/hadolint/wiki/DL3020)
- [Dockerfile best practices: ADD or COPY](https://docs.docker.com/build/building/best-practices/#add-or-copy)
"#;

const ZH: &str = r#"## 作用

当 `ADD` 的所有来源都是本地文件或目录时报告:不是 URL,不是 git 仓库,文件名也不像归档
(`.tar`、`.tar.gz`、`.tgz`、`.tar.xz`、`.gz` 等)。最后一段可能匹配任意文件的通配符
(`ADD files/* /srv/`)不报告,因为它可能匹配到归档;`ADD conf/*.yaml /etc/app/` 会报告。

## 为什么不好

`ADD` 不只是复制:它会下载 URL,还会解压本地的 tar 归档。读到 `ADD app /srv/app` 的人得猜 `app` 是不是
会被解压的归档;以后文件变了(比如发布物改成 `.tar.gz`),这条指令的行为也会悄悄改变。`COPY` 只做复制。

## 示例

```dockerfile
FROM alpine:3.20
ADD ./bin/myapp /usr/local/bin/myapp
ADD --chown=app:app config/ /etc/myapp/
```

## 建议写法

```dockerfile
FROM alpine:3.20
COPY ./bin/myapp /usr/local/bin/myapp
COPY --chown=app:app config/ /etc/myapp/
```

## 修复安全性

修复会把 `ADD` 换成同样大小写的 `COPY`,保留 `COPY` 也接受的选项(`--chown`、`--chmod`、`--link`、
`--exclude`),去掉只对远程或归档来源有意义的选项(`--checksum`、`--keep-git-dir`、`--unpack`)。
这个修复是安全的:对于不是 tar 归档的本地来源,两条指令复制的文件完全相同。名字不寻常的 tar 归档改用
`COPY` 后将不再被解压,所以名字像归档的文件不会被报告。

## 参考

- [hadolint DL3020](https://github.com/hadolint/hadolint/wiki/DL3020)
- [Dockerfile 最佳实践:ADD 还是 COPY](https://docs.docker.com/build/building/best-practices/#add-or-copy)
"#;
