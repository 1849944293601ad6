//! `shellcheck`: ShellCheck's findings on the scripts of shell-form RUN and RUN heredocs, each
//! at its exact place in the Dockerfile, when the front end has a `shellcheck` to run.

use crate::analysis::config::Config;
use crate::analysis::diagnostic::Severity;
use crate::analysis::model::InstructionKind;
use crate::analysis::rules::shell::{ShellScript, shell_scripts};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink, is_enabled};
use crate::analysis::scope::Binding;
use crate::analysis::shell::{Form, Script};
use crate::analysis::shellcheck::{Dialect, Finding, Level, ScriptLines, code_name};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "shellcheck",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "ShellCheck findings in RUN scripts",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Codes that cannot be acted on inside a Dockerfile: SC1090 (`source "$file"` can only be
/// followed with a `# shellcheck source=` directive the script cannot hold), SC1091 (a sourced
/// file is in the image, not next to the Dockerfile), SC2148 (no shebang: the shell is given by
/// `SHELL` or is `/bin/sh`, and ShellCheck is told), SC2187 (ash is checked as sh, so the note
/// that ShellCheck does not know ash says nothing about the script).
const EXCLUDED: &[u32] = &[1090, 1091, 2148, 2187];

/// The name of the rule whose findings replace ShellCheck's parse errors.
const SYNTAX_RULE: &str = "shell-syntax-error";

/// A script as handed to ShellCheck: the script the shell runs, with one line declaring the
/// build arguments and environment variables in scope (so that a reference to `$version` set by
/// `ARG version` is not "referenced but not assigned"), inserted after a `#!` line if any.
struct Prepared<'a> {
    run: ShellScript<'a>,
    text: String,
    /// Where the declaration line is in `text`, and its length (0 when nothing is in scope).
    insert_at: usize,
    inserted: usize,
    /// Variables whose expansion cannot split or glob (see [`unsplittable`]): SC2086 on a
    /// plain `$NAME` or `${NAME}` of one of them is dropped.
    unsplittable: Vec<String>,
}

impl Prepared<'_> {
    /// The script range of a range of `text`; `None` when it touches the inserted line.
    fn to_script(&self, range: TextRange) -> Option<TextRange> {
        let after = self.insert_at + self.inserted;
        if self.inserted == 0 || range.end <= self.insert_at {
            Some(range)
        } else if range.start >= after {
            Some(TextRange::new(range.start - self.inserted, range.end - self.inserted))
        } else {
            None
        }
    }
}

fn prepare<'a>(cx: &Context<'_>, run: ShellScript<'a>) -> Prepared<'a> {
    let script = &run.script.text;
    // Only names the script mentions: the declaration stays short, and the text ShellCheck
    // sees (its cache key) does not change when an unrelated `ARG` does.
    let scope = cx.scope_at(run.instruction.range.start);
    let bindings: Vec<Binding> = scope
        .names()
        .into_iter()
        .filter(|n| is_identifier(n) && script.contains(n))
        .filter_map(|n| scope.get(n))
        .collect();
    let names: Vec<String> = bindings.iter().map(|b| b.name.clone()).collect();
    // An `ONBUILD RUN` runs in another build, with that build's arguments and environment.
    let unsplittable = if run.top_level {
        unsplittable(&bindings, script)
    } else {
        Vec::new()
    };
    let insert_at = if script.starts_with("#!") {
        script.find('\n').map_or(script.len(), |i| i + 1)
    } else {
        0
    };
    let mut declaration = String::new();
    if !names.is_empty() {
        if insert_at == script.len() && !script.ends_with('\n') && insert_at > 0 {
            declaration.push('\n');
        }
        declaration.push_str("export ");
        declaration.push_str(&names.join(" "));
        declaration.push('\n');
    }
    // A carriage return before a line end becomes a space: the same offsets, without ShellCheck
    // reporting every line of a heredoc written with CRLF line ends.
    let mut text = String::with_capacity(script.len() + declaration.len());
    text.push_str(&script[..insert_at]);
    text.push_str(&declaration);
    text.push_str(&script[insert_at..]);
    let text = text.replace("\r\n", " \n");
    Prepared {
        inserted: declaration.len(),
        insert_at,
        text,
        run,
        unsplittable,
    }
}

/// The `ARG`s and `ENV`s in scope whose expansion in `script` cannot split or glob: the value
/// is known (a default or an `ENV` value that depends on nothing unknown), not empty (an empty
/// unquoted expansion disappears as a word), and has no blank and no glob character; the
/// script never assigns the name (every mention of it is a `$NAME` or `${...}` expansion) and
/// never touches `IFS`. A value passed with `--build-arg` is not known here: the default is
/// taken as the value, as for every other use of it.
fn unsplittable(bindings: &[Binding], script: &str) -> Vec<String> {
    if script.contains("IFS") {
        return Vec::new();
    }
    bindings
        .iter()
        .filter(|b| {
            b.value.as_deref().is_some_and(|v| {
                !v.is_empty() && !v.contains(|c: char| c.is_whitespace() || matches!(c, '*' | '?' | '[' | ']'))
            })
        })
        .filter(|b| only_expanded(script, &b.name))
        .map(|b| b.name.clone())
        .collect()
}

/// Whether every mention of the identifier `name` in `script` is an expansion: `$name` or
/// inside `${...}` right after the brace (`${name}`, `${name:-x}`, `${#name}` is not).
fn only_expanded(script: &str, name: &str) -> bool {
    let bytes = script.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    script.match_indices(name).all(|(at, _)| {
        let end = at + name.len();
        let whole = (at == 0 || !is_word(bytes[at - 1])) && bytes.get(end).is_none_or(|&b| !is_word(b));
        !whole || bytes[..at].ends_with(b"$") || bytes[..at].ends_with(b"${")
    })
}

/// The variable of a plain expansion, `$NAME` or `${NAME}`; `None` for anything else.
fn plain_expansion(token: &str) -> Option<&str> {
    let name = token.strip_prefix('$')?;
    let name = match name.strip_prefix('{') {
        Some(braced) => braced.strip_suffix('}')?,
        None => name,
    };
    is_identifier(name).then_some(name)
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    if !cx.shellcheck.available() {
        return;
    }
    let prepared: Vec<Prepared<'_>> = shell_scripts(cx)
        .into_iter()
        .filter(|run| {
            run.instruction.kind == InstructionKind::Run && matches!(run.script.form, Form::Shell | Form::Heredoc)
        })
        .map(|run| prepare(cx, run))
        .collect();
    if prepared.is_empty() {
        return;
    }
    let jobs: Vec<(&str, Dialect)> = prepared.iter().map(|p| (p.text.as_str(), p.run.dialect)).collect();
    let answers = cx.shellcheck.check_all(&jobs);
    let syntax_reported = is_enabled(cx.config, SYNTAX_RULE);
    for (p, findings) in prepared.iter().zip(answers) {
        let broken = syntax_reported && !p.run.script.errors.is_empty();
        let findings = findings.unwrap_or_default();
        if findings.is_empty() {
            continue;
        }
        let lines = ScriptLines::new(&p.text);
        for finding in findings {
            // A script that does not parse is `shell-syntax-error`'s; ShellCheck's SC1xxx
            // parse errors would report it again.
            if EXCLUDED.contains(&finding.code) || (broken && finding.code < 2000) {
                continue;
            }
            let code = code_name(finding.code);
            if !wanted(cx.config, code) {
                continue;
            }
            if finding.code == SC2086 && expands_unsplittable(p, &lines, &finding) {
                continue;
            }
            if let Some(range) = document_range(p, &lines, p.run.script, &finding) {
                let d = sink.report(range, message(&finding));
                d.severity = severity(finding.level);
                d.code = code;
            }
        }
    }
}

/// SC2086, "Double quote to prevent globbing and word splitting".
const SC2086: u32 = 2086;

/// Whether a finding is on a plain expansion of a variable that cannot split or glob.
fn expands_unsplittable(p: &Prepared<'_>, lines: &ScriptLines<'_>, finding: &Finding) -> bool {
    lines
        .range(finding)
        .and_then(|r| p.text.get(r.as_range()))
        .and_then(plain_expansion)
        .is_some_and(|name| p.unsplittable.iter().any(|n| n == name))
}

fn document_range(p: &Prepared<'_>, lines: &ScriptLines<'_>, script: &Script, finding: &Finding) -> Option<TextRange> {
    let range = lines.range(finding)?;
    Some(script.map.to_doc(p.to_script(range)?))
}

/// `ignore = ["SC2086"]` drops one code; a `select` that names SC codes keeps only those.
fn wanted(config: &Config, code: Option<&str>) -> bool {
    let Some(code) = code else {
        return true;
    };
    let names_code = |name: &String| name.eq_ignore_ascii_case(code);
    if config.ignore.iter().any(names_code) {
        return false;
    }
    let selects_codes = config.select.iter().any(|s| is_sc_code(s));
    !selects_codes || config.select.iter().any(names_code)
}

fn is_sc_code(name: &str) -> bool {
    name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("SC"))
        && name.len() > 2
        && name[2..].bytes().all(|b| b.is_ascii_digit())
}

fn message(finding: &Finding) -> String {
    finding.message.trim().trim_end_matches('.').to_owned()
}

const fn severity(level: Level) -> Severity {
    match level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Info => Severity::Info,
        Level::Style => Severity::Hint,
    }
}

const EN: &str = r#"## What it does

Runs [ShellCheck](https://www.shellcheck.net) on the script of every shell-form `RUN` and every
`RUN` heredoc (`ONBUILD RUN` included) and reports each finding at its exact place in the
Dockerfile, through continuation lines and the escape character, with ShellCheck's code
(`SC2086`) and level (error, warning, info; style is shown as a hint). hadolint reports them
all on the first line of the instruction.

The dialect is the one the script runs in: the `#!` line of a heredoc script, else the stage's
`SHELL` (inherited through `FROM <stage>`), else `sh`. Scripts of a `cmd` or PowerShell `SHELL`,
of a stage built on a Windows image, and of a file with a backtick escape and no POSIX `SHELL`
are not checked. Build arguments and environment variables in scope are declared to ShellCheck,
so `$version` from `ARG version` is not "referenced but not assigned".

SC2086 ("double quote to prevent globbing and word splitting") is left out on a plain `$NAME`
or `${NAME}` when `NAME` is an `ARG` or `ENV` of this file, in scope at the `RUN` (also through
`FROM <stage>`), whose value is known, not empty, and free of blanks and glob characters
(`*`, `?`, `[`, `]`), such as `ARG VERSION=1.2.3` or `ENV APP_HOME=/opt/app`, and when the
script neither assigns `NAME` (every mention of it is an expansion) nor touches `IFS`. It stays
on values that are unknown (an `ARG` without a default, an `ENV` built from a variable of the
base image), empty (the word disappears) or that may split or glob, and in `ONBUILD RUN`, which
runs in another build. An `ARG`'s default is taken as its value, as everywhere else: a
`--build-arg` with blanks is not seen. On the 954 files of the dev corpus this takes SC2086 from
1345 findings to 767 (all ShellCheck findings from 2158 to 1580); the ones left out are
expansions of versions, paths, user names and ids, URLs and package names. hadolint reports SC2086 on every unquoted
expansion.

It runs only where a `shellcheck` binary is available (on `PATH`, or `shellcheck.path` in the
configuration; `shellcheck.enabled = false` turns it off). In the editor the path comes from the
client's settings only: a configuration file that came with the workspace does not choose a
program to run. Without one there are no findings and
no error. Some codes are left out because nothing in a Dockerfile can act on them: SC1090 and
SC1091 (sourced files live in the image), SC2148 (the shell is known), SC2187 (ash is checked as
sh). When the script does not parse, `shell-syntax-error` reports it and ShellCheck's own parse
errors (SC1xxx) are dropped. One code is ignored with `ignore = ["SC2086"]` in the configuration
or `# hadolint ignore=SC2086` above the instruction.

## Why is this bad?

A `RUN` script is a shell script with the same traps as any other: unquoted variables that split
and glob, `cd` that fails silently, `[[` under `/bin/sh`, `$(...)` results used unquoted. In a
Dockerfile they surface as a broken image or a build that fails long after the line that caused
it.

## Example

```dockerfile
FROM debian:bookworm-slim
ARG files
RUN cp $files /opt/
```

## Use instead

```dockerfile
FROM debian:bookworm-slim
ARG files
RUN cp "$files" /opt/
```

## Fix safety

There is no automatic fix; ShellCheck's suggestions change what the script does and need a
human to read them.

## References

- [ShellCheck wiki](https://www.shellcheck.net/wiki/)
- [hadolint: ShellCheck integration](https://github.com/hadolint/hadolint#shellcheck)
"#;

const ZH: &str = r#"## 作用

对每条 shell 形式的 `RUN` 和每个 `RUN` heredoc(包括 `ONBUILD RUN`)的脚本运行
[ShellCheck](https://www.shellcheck.net),并把每条发现报告在 Dockerfile 中的准确位置(跨越续行和
转义字符),附带 ShellCheck 的代码(`SC2086`)和级别(error、warning、info;style 显示为提示)。
hadolint 则把它们全部报告在指令的第一行。

方言取脚本实际运行的 shell:heredoc 脚本的 `#!` 行,否则是阶段的 `SHELL`(通过 `FROM <stage>`
继承),否则为 `sh`。`cmd` 或 PowerShell 的 `SHELL`、基于 Windows 镜像的阶段,以及使用反引号转义
且没有 POSIX `SHELL` 的文件中的脚本不检查。作用域内的构建参数和环境变量会告知 ShellCheck,
因此 `ARG version` 设置的 `$version` 不会被报告为"引用但未赋值"。

对于普通的 `$NAME` 或 `${NAME}`,若 `NAME` 是本文件中在该 `RUN` 处可见(包括经由 `FROM <stage>`
继承)的 `ARG` 或 `ENV`,其值已知、非空,且不含空白与通配字符(`*`、`?`、`[`、`]`),例如
`ARG VERSION=1.2.3` 或 `ENV APP_HOME=/opt/app`,并且脚本既不给 `NAME` 赋值(它的每次出现都是展开)
也不改动 `IFS`,则不报告 SC2086("用双引号防止通配和分词")。以下情况仍然报告:值未知(没有默认值的
`ARG`、由基础镜像变量构成的 `ENV`)、值为空(该词会消失)、值可能被分词或通配,以及在另一次构建中运行的
`ONBUILD RUN`。`ARG` 的默认值被当作它的值,与其他地方一致:看不到带空白的 `--build-arg`。在开发语料库的
954 个文件上,这使 SC2086 从 1345 条减少到 767 条(ShellCheck 的全部发现从 2158 条减少到 1580 条);
被去掉的是版本号、路径、用户名与 ID、URL 和包名的展开。hadolint 对每个未加引号的展开都报告 SC2086。

只有在能找到 `shellcheck` 程序时才运行(在 `PATH` 上,或配置中的 `shellcheck.path`;
`shellcheck.enabled = false` 可关闭)。在编辑器中,该路径只取自客户端设置:随工作区而来的配置文件
不能指定要运行的程序。找不到时既没有发现也不报错。Dockerfile 中无法处理的代码被排除:
SC1090 和 SC1091(被 source 的文件在镜像里)、SC2148(shell 已知)、SC2187(ash 按 sh 检查)。
脚本无法解析时由 `shell-syntax-error` 报告,ShellCheck 自己的解析错误(SC1xxx)不再重复。
可以在配置中用 `ignore = ["SC2086"]`,或在指令上方写 `# hadolint ignore=SC2086` 忽略单个代码。

## 为什么不好

`RUN` 脚本就是 shell 脚本,有着同样的陷阱:未加引号的变量会被分词和通配、`cd` 失败却无人察觉、
在 `/bin/sh` 下使用 `[[`、未加引号地使用 `$(...)` 的结果。在 Dockerfile 里,它们表现为损坏的镜像,
或者在出错的那一行之后很久才失败的构建。

## 示例

```dockerfile
FROM debian:bookworm-slim
ARG files
RUN cp $files /opt/
```

## 建议写法

```dockerfile
FROM debian:bookworm-slim
ARG files
RUN cp "$files" /opt/
```

## 修复安全性

没有自动修复;ShellCheck 的建议会改变脚本的行为,需要人来判断。

## 参考

- [ShellCheck 维基](https://www.shellcheck.net/wiki/)
- [hadolint:ShellCheck 集成](https://github.com/hadolint/hadolint#shellcheck)
"#;

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use crate::analysis::Host;
    use crate::analysis::config::Config;
    use crate::analysis::diagnostic::{Diagnostic, Severity};
    use crate::analysis::shellcheck::{Dialect, Finding, Level, ShellChecker};

    /// Where ShellCheck would put a token: 1-based line, and 1-based column in characters with
    /// tabs advancing to the next multiple of `tab_stop`.
    fn position(text: &str, offset: usize, tab_stop: u32) -> (u32, u32) {
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = u32::try_from(before.matches('\n').count() + 1).unwrap_or(0);
        let mut column = 0u32;
        for c in before[line_start..].chars() {
            column = if c == '\t' {
                (column / tab_stop + 1) * tab_stop
            } else {
                column + 1
            };
        }
        (line, column + 1)
    }

    /// A stand-in for ShellCheck that reports SC2086 on every `$x` and SC1073 (a parse error)
    /// on every `@@`, positioned as the real one would, and records what it was asked.
    /// Clones share what they were asked.
    #[derive(Clone)]
    struct Fake {
        tab_stop: u32,
        calls: Arc<Mutex<Vec<(String, Dialect)>>>,
    }

    impl Fake {
        fn new(tab_stop: u32) -> Self {
            Fake {
                tab_stop,
                calls: Arc::default(),
            }
        }

        fn calls(&self) -> Vec<(String, Dialect)> {
            self.calls.lock().map(|c| c.clone()).unwrap_or_default()
        }
    }

    impl ShellChecker for Fake {
        fn check(&self, script: &str, dialect: Dialect) -> Option<Vec<Finding>> {
            if let Ok(mut calls) = self.calls.lock() {
                calls.push((script.to_owned(), dialect));
            }
            let mut out = Vec::new();
            for (needle, code, level) in [("$x", 2086, Level::Info), ("@@", 1073, Level::Error)] {
                for (at, _) in script.match_indices(needle) {
                    let (line, column) = position(script, at, self.tab_stop);
                    let (end_line, end_column) = position(script, at + needle.len(), self.tab_stop);
                    out.push(Finding {
                        line,
                        column,
                        end_line,
                        end_column,
                        tab_stop: self.tab_stop,
                        level,
                        code,
                        message: format!("Finding {code}."),
                    });
                }
            }
            Some(out)
        }
    }

    fn run_with(text: &str, config: &Config, checker: &(impl ShellChecker + Clone + 'static)) -> Vec<Diagnostic> {
        let host = Host {
            shellcheck: Arc::new(checker.clone()),
            ..Host::none()
        };
        crate::analysis::analyze(text, config, &host, None)
            .diagnostics
            .into_iter()
            .filter(|d| d.rule == "shellcheck")
            .collect()
    }

    /// The text under each `shellcheck` diagnostic.
    fn found(text: &str, checker: &Fake) -> Vec<String> {
        run_with(text, &Config::default(), checker)
            .iter()
            .map(|d| d.range.slice(text).to_owned())
            .collect()
    }

    /// Byte offsets of every `$x` in `text`.
    fn dollar_x(text: &str) -> Vec<usize> {
        text.match_indices("$x").map(|(i, _)| i).collect()
    }

    fn starts(text: &str, checker: &Fake) -> Vec<usize> {
        run_with(text, &Config::default(), checker)
            .iter()
            .map(|d| d.range.start)
            .collect()
    }

    #[test]
    fn findings_land_on_their_place_through_continuations() {
        let text = "FROM debian:12\nRUN echo a && \\\n    # a comment BuildKit drops\n    echo $x \\\n  && cp $x /y\n";
        let fake = Fake::new(1);
        let d = run_with(text, &Config::default(), &fake);
        assert_eq!(d.iter().map(|d| d.range.start).collect::<Vec<_>>(), dollar_x(text));
        assert_eq!(d[0].code, Some("SC2086"));
        assert_eq!(d[0].severity, Severity::Info);
        assert_eq!(d[0].message, "Finding 2086");
        // The script ShellCheck saw is the joined line, as the shell runs it.
        assert_eq!(
            fake.calls(),
            [("echo a &&     echo $x   && cp $x /y".to_owned(), Dialect::Sh)]
        );
    }

    #[test]
    fn backtick_escape_files() {
        let text =
            "# escape=`\nFROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo C:\\dir `\n    $x `\n    && echo $x\n";
        let fake = Fake::new(1);
        assert_eq!(starts(text, &fake), dollar_x(text));
        assert_eq!(fake.calls().first().map(|c| c.1), Some(Dialect::Bash));
    }

    #[test]
    fn tabs_in_json1_and_legacy_json_columns() {
        let text = "FROM debian:12\nRUN\techo a \\\n\t\techo\t$x \\\n\t \t&& echo $x\nRUN <<EOF\n\tif true; then\n\t\techo $x\n\tfi\nEOF\n";
        for tab_stop in [1, 8] {
            let fake = Fake::new(tab_stop);
            assert_eq!(starts(text, &fake), dollar_x(text), "tab stop {tab_stop}");
        }
    }

    #[test]
    fn heredoc_scripts_with_shebang_and_declared_arguments() {
        let text = "FROM debian:12\nARG version=1\nENV lower=yes\nRUN <<EOF\n#!/bin/bash\necho $x \"$version\"\nEOF\nRUN <<-EOT sh -e\n\techo $x\n\tEOT\n";
        let fake = Fake::new(1);
        assert_eq!(found(text, &fake), ["$x", "$x"]);
        assert_eq!(starts(text, &fake), dollar_x(text));
        let calls = fake.calls();
        // The variables in scope that the script mentions are declared after the shebang,
        // which stays on the first line.
        assert!(
            calls[0].0.starts_with("#!/bin/bash\nexport version\necho"),
            "{:?}",
            calls[0].0
        );
        assert_eq!(calls[0].1, Dialect::Bash);
        assert_eq!(calls[1].1, Dialect::Sh);
    }

    #[test]
    fn findings_on_the_declaration_line_are_dropped() {
        let text = "FROM debian:12\nARG x\nRUN echo x\n";
        // A checker that flags the whole first line of what it is given.
        let first_line = |script: &str, _: Dialect| {
            let len = script.lines().next().map_or(0, |l| l.chars().count());
            Some(vec![Finding {
                line: 1,
                column: 1,
                end_line: 1,
                end_column: u32::try_from(len + 1).unwrap_or(1),
                tab_stop: 1,
                level: Level::Warning,
                code: 2034,
                message: "unused".to_owned(),
            }])
        };
        assert!(run_with(text, &Config::default(), &first_line).is_empty());
        // Without variables in scope nothing is inserted and the finding is the script's.
        let text = "FROM debian:12\nRUN echo x\n";
        let d = run_with(text, &Config::default(), &first_line);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].range.slice(text), "echo x");
        assert_eq!(d[0].severity, Severity::Warning);
    }

    #[test]
    fn multi_byte_text() {
        let text = "FROM debian:12\nRUN echo \"日本語\" $x && \\\n  echo é😀 $x\n";
        let fake = Fake::new(1);
        assert_eq!(starts(text, &fake), dollar_x(text));
        assert_eq!(found(text, &fake), ["$x", "$x"]);
    }

    #[test]
    fn crlf_heredoc_lines_reach_shellcheck_without_carriage_returns() {
        let text = "FROM debian:12\r\nRUN <<EOF\r\necho $x\r\nEOF\r\n";
        let fake = Fake::new(1);
        assert_eq!(starts(text, &fake), dollar_x(text));
        assert!(fake.calls().iter().all(|(s, _)| !s.contains('\r')));
    }

    #[test]
    fn only_run_scripts_of_a_posix_shell() {
        let text = "FROM debian:12\nCMD echo $x\nRUN [\"sh\", \"-c\", \"echo $x\"]\nONBUILD RUN echo $x\nSHELL [\"pwsh\", \"-c\"]\nRUN echo $x\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo $x\n";
        let fake = Fake::new(1);
        // Only the ONBUILD trigger: CMD and exec form are not checked, PowerShell and cmd are not sh.
        assert_eq!(starts(text, &fake), [dollar_x(text)[2]]);
        assert_eq!(fake.calls().len(), 1);
    }

    #[test]
    fn parse_errors_are_left_to_shell_syntax_error() {
        let text = "FROM debian:12\nRUN echo $x @@\nRUN echo \"$x @@\n";
        let fake = Fake::new(1);
        let d = run_with(text, &Config::default(), &fake);
        // The second script does not parse: its SC1073 goes, its SC2086 stays.
        let codes: Vec<_> = d.iter().map(|d| d.code.unwrap_or("")).collect();
        assert_eq!(codes, ["SC2086", "SC1073", "SC2086"]);
        assert_eq!(d[1].severity, Severity::Error);
        // With `shell-syntax-error` off, ShellCheck's parse errors are the only report.
        let config = Config {
            ignore: ["shell-syntax-error".to_owned()].into_iter().collect(),
            ..Config::default()
        };
        assert_eq!(run_with(text, &config, &fake).len(), 4);
    }

    #[test]
    fn codes_are_ignored_and_selected_one_by_one() {
        let text = "FROM debian:12\nRUN echo $x @@\n";
        let fake = Fake::new(1);
        let ignore = Config {
            ignore: ["sc2086".to_owned()].into_iter().collect(),
            ..Config::default()
        };
        let codes = |config: &Config| -> Vec<_> {
            run_with(text, config, &fake)
                .iter()
                .map(|d| d.code.unwrap_or(""))
                .collect()
        };
        assert_eq!(codes(&ignore), ["SC1073"]);
        let select = Config {
            select: ["shellcheck".to_owned(), "SC2086".to_owned()].into_iter().collect(),
            ..Config::default()
        };
        assert_eq!(codes(&select), ["SC2086"]);
        assert!(codes(&Config::default()).len() == 2);
    }

    #[test]
    fn hadolint_suppression_of_one_code() {
        let text = "FROM debian:12\n# hadolint ignore=SC2086\nRUN echo $x @@\n";
        let fake = Fake::new(1);
        let d = run_with(text, &Config::default(), &fake);
        assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), [Some("SC1073")]);
    }

    #[test]
    fn sc2086_is_dropped_on_variables_that_cannot_split() {
        use super::{only_expanded, plain_expansion};
        assert_eq!(plain_expansion("$VERSION"), Some("VERSION"));
        assert_eq!(plain_expansion("${VERSION}"), Some("VERSION"));
        assert_eq!(plain_expansion("${VERSION%.*}"), None);
        assert_eq!(plain_expansion("$1"), None);
        assert_eq!(plain_expansion("$(id -u)"), None);
        assert!(only_expanded("echo $V ${V} ${V:-x} $VERSION V_2", "V"));
        assert!(!only_expanded("V=2; echo $V", "V"));
        assert!(!only_expanded("read -r V; echo $V", "V"));
        assert!(!only_expanded("echo ${#V} $V", "V"));
        // The fake reports SC2086 on every `$x`.
        let fake = Fake::new(1);
        let known = "FROM debian:12\nARG x=1.2.3\nRUN echo $x\n";
        assert_eq!(found(known, &fake), Vec::<String>::new());
        for text in [
            "FROM debian:12\nARG x\nRUN echo $x\n",
            "FROM debian:12\nARG x=\nRUN echo $x\n",
            "FROM debian:12\nARG x=\"a b\"\nRUN echo $x\n",
            "FROM debian:12\nARG x=a*\nRUN echo $x\n",
            "FROM debian:12\nENV x=$HOME/bin\nRUN echo $x\n",
            "FROM debian:12\nARG x=1\nRUN x=$(cat /v); echo $x\n",
            "FROM debian:12\nARG x=1\nRUN IFS=.; echo $x\n",
            "FROM debian:12\nARG x=1\nONBUILD RUN echo $x\n",
        ] {
            assert_eq!(found(text, &fake), ["$x"], "{text}");
        }
        // Known in the stage built on: through `FROM <stage>`.
        let inherited = "FROM debian:12 AS a\nENV x=/opt\nFROM a\nRUN echo $x\n";
        assert_eq!(found(inherited, &fake), Vec::<String>::new());
    }

    #[test]
    fn no_checker_no_findings() {
        let text = "FROM debian:12\nRUN echo $x\n";
        let analysis = crate::analysis::analyze(text, &Config::default(), &Host::none(), None);
        assert!(analysis.diagnostics.iter().all(|d| d.rule != "shellcheck"));
        let silent = |_: &str, _: Dialect| None;
        assert!(run_with(text, &Config::default(), &silent).is_empty());
    }
}
