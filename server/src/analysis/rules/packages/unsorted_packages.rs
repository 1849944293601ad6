//! `unsorted-packages`: a package list written over several lines that is not in alphabetical
//! order; the fix sorts it, each package moving into the slot of another so that the layout
//! stays.

use crate::analysis::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::analysis::rules::packages::run_scripts;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::analysis::shell::Package;
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "unsorted-packages",
    since: "0.1",
    severity: Severity::Hint,
    aliases: &[],
    fix: FixKind::Safe,
    default_enabled: true,
    summary: "Multi-line package list not in alphabetical order",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for run in run_scripts(cx) {
        for pc in run.script.installs() {
            let packages = &pc.packages;
            if packages.len() < 2 || packages.iter().any(Package::is_dynamic) {
                continue;
            }
            let first_line = packages[0].word.line;
            if packages.iter().all(|p| p.word.line == first_line) {
                continue;
            }
            let groups = groups(cx, packages);
            let Some((unit, previous)) = groups.iter().find_map(|g| first_unsorted(packages, g)) else {
                continue;
            };
            let (here, before) = (&packages[unit.first], &packages[previous.first]);
            let d = sink.report(
                here.name_range,
                format!(
                    "`{}` is out of alphabetical order in this package list (after `{}`)",
                    here.name, before.name
                ),
            );
            d.fix = sort_fix(cx, packages, &groups);
        }
    }
}

/// The packages written on one line: a unit that sorting keeps together (`dpkg-dev dpkg`,
/// `fontconfig libfreetype6`), by its first package.
#[derive(Clone, Copy, Debug)]
struct Unit {
    first: usize,
    last: usize,
}

/// The lines of the list, split into groups where a comment line or an empty continuation line
/// separates them: each group is sorted on its own.
fn groups(cx: &Context<'_>, packages: &[Package]) -> Vec<Vec<Unit>> {
    let mut groups: Vec<Vec<Unit>> = Vec::new();
    let mut current: Vec<Unit> = Vec::new();
    for (i, package) in packages.iter().enumerate() {
        if let Some(last) = current.last_mut()
            && packages[last.last].word.line == package.word.line
        {
            last.last = i;
            continue;
        }
        if let Some(last) = current.last()
            && separated(cx, packages[last.last].word.range.end, package.word.range.start)
        {
            groups.push(std::mem::take(&mut current));
        }
        current.push(Unit { first: i, last: i });
    }
    groups.push(current);
    groups
}

/// A comment line, or a line holding only the escape character, between two offsets.
fn separated(cx: &Context<'_>, from: usize, to: usize) -> bool {
    let gap = TextRange::new(from, to.max(from));
    if cx.model.comments.iter().any(|c| gap.contains_range(c.range)) {
        return true;
    }
    let escape = cx.model.escape.to_string();
    gap.slice(cx.text).lines().skip(1).any(|l| l.trim() == escape)
}

/// Byte order, case ignored: what `LC_ALL=C sort` gives (`libjpeg-dev` before `libjpeg62-turbo`).
fn byte_key(package: &Package) -> String {
    package.name.to_ascii_lowercase()
}

/// Letters and digits only, case ignored: what `sort` gives in most locales, where punctuation
/// does not count (`python3` before `python-pkg-resources`).
fn natural_key(package: &Package) -> String {
    package
        .name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn inversions(packages: &[Package], group: &[Unit], key: fn(&Package) -> String) -> usize {
    group
        .windows(2)
        .filter(|w| key(&packages[w[1].first]) < key(&packages[w[0].first]))
        .count()
}

/// The first unit that sorts before the one above it, and that one, when the group is sorted
/// under neither order; found in the order the group is closer to.
fn first_unsorted(packages: &[Package], group: &[Unit]) -> Option<(Unit, Unit)> {
    let (natural, bytes) = (
        inversions(packages, group, natural_key),
        inversions(packages, group, byte_key),
    );
    if natural == 0 || bytes == 0 {
        return None;
    }
    let key: fn(&Package) -> String = if natural < bytes { natural_key } else { byte_key };
    group
        .windows(2)
        .find(|w| key(&packages[w[1].first]) < key(&packages[w[0].first]))
        .map(|w| (w[1], w[0]))
}

/// Each unit's text (from its first package to its last, on one line) moves into the slot of the
/// unit that sorts there, group by group, so line breaks, continuation escapes, indentation and
/// comments stay where they are, one package per line stays one per line, and a pin moves with
/// its name. Each group is sorted in the order it is closest to already. Not offered when a word
/// spans lines or a unit holds something besides its packages (an option).
fn sort_fix(cx: &Context<'_>, packages: &[Package], groups: &[Vec<Unit>]) -> Option<Fix> {
    let mut edits = Vec::new();
    for group in groups {
        let spans: Vec<TextRange> = group
            .iter()
            .map(|u| packages[u.first].word.range.cover(packages[u.last].word.range))
            .collect();
        for (unit, span) in group.iter().zip(&spans) {
            let text = span.slice(cx.text);
            let words: usize = packages[unit.first..=unit.last]
                .iter()
                .map(|p| p.word.range.slice(cx.text).len())
                .sum();
            let blanks = text.chars().filter(|c| *c == ' ' || *c == '\t').count();
            if text.is_empty() || text.contains(['\n', '\r']) || words + blanks != text.len() {
                return None;
            }
        }
        let key: fn(&Package) -> String =
            if inversions(packages, group, natural_key) < inversions(packages, group, byte_key) {
                natural_key
            } else {
                byte_key
            };
        let mut order: Vec<usize> = (0..group.len()).collect();
        order.sort_by_key(|&i| key(&packages[group[i].first]));
        for (slot, &from) in order.iter().enumerate() {
            let (target, source) = (spans[slot], spans[from]);
            if target.slice(cx.text) != source.slice(cx.text) {
                edits.push(Edit {
                    range: target,
                    new_text: source.slice(cx.text).to_owned(),
                });
            }
        }
    }
    Some(Fix::new("Sort the package list", Applicability::Safe, edits))
}

const EN: &str = r#"## What it does

Reports an install whose package list is written over more than one line and is not in
alphabetical order, names compared without their versions and case ignored. Both usual orders are
accepted: byte order (`LC_ALL=C sort`: `libjpeg-dev` before `libjpeg62-turbo`) and the order of
most locales, where punctuation does not count (`python3` before `python-pkg-resources`). Packages
written on one line (`dpkg-dev dpkg`) stay together and sort by the first of them, and comment
lines or empty continuation lines split the list into groups sorted on their own, as the official
images group packages by purpose. Lists on one line and lists with a package named by a variable
are left alone.

## Why is this bad?

A sorted list is easy to scan, shows a duplicate next to its twin, and keeps diffs small: a new
package goes to one obvious place instead of the end. Docker's best practices and the course
notes this project started from both recommend it.

## Example

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
        wget \
        curl \
        ca-certificates \
    && rm -rf /var/lib/apt/lists/*
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
        ca-certificates \
        curl \
        wget \
    && rm -rf /var/lib/apt/lists/*
```

## Fix safety

The fix sorts each group by moving the packages of each line into another line's slot, so the
layout (one package per line, indentation, continuation escapes, comment lines) stays and a pin
stays attached to its name; each group is sorted in whichever of the two orders it is closer to.
It is safe: package managers do not depend on the order of the names. It is not offered when a
line of the list also holds an option.

## References

- [Dockerfile best practices: sort multi-line arguments](https://docs.docker.com/build/building/best-practices/#sort-multi-line-arguments)
"#;

const ZH: &str = r#"## 作用

报告写成多行、但没有按字母顺序排列的安装包列表,比较时不含版本号、忽略大小写。两种常见顺序都被
接受:字节顺序(`LC_ALL=C sort`:`libjpeg-dev` 在 `libjpeg62-turbo` 之前)和多数语言环境的顺序,
即不计标点(`python3` 在 `python-pkg-resources` 之前)。写在同一行的多个包(`dpkg-dev dpkg`)作为整体,
按其中第一个包排序;注释行或空的续行把列表分成几组,各组分别排序,这与官方镜像按用途给包分组的写法
一致。写在一行内的列表,以及包含用变量给出的包名的列表,不予检查。

## 为什么不好

排好序的列表便于浏览,重复的包会紧挨着出现,差异也更小:新包只有一个明确的位置,而不是总加在
末尾。Docker 的最佳实践和本项目起源的课程笔记都建议“把多行参数按字母排序”。

## 示例

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
        wget \
        curl \
        ca-certificates \
    && rm -rf /var/lib/apt/lists/*
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
        ca-certificates \
        curl \
        wget \
    && rm -rf /var/lib/apt/lists/*
```

## 修复安全性

修复把每一行的包移到另一行的位置上,逐组排序,因此布局(每行一个包、缩进、续行符、注释行)保持
不变,版本号也始终跟着包名;每组按两种顺序中更接近的一种排序。修复是安全的:包管理器不依赖包名的
顺序。列表中某一行还带有选项时不提供修复。

## 参考

- [Dockerfile 最佳实践:多行参数排序](https://docs.docker.com/build/building/best-practices/#sort-multi-line-arguments)
"#;
