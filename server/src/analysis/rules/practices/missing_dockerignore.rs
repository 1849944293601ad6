//! `missing-dockerignore`: the whole build context is copied and the context has no
//! `.dockerignore`; the fix creates one suited to the project the context holds.

use crate::analysis::context::Ignorer;
use crate::analysis::diagnostic::{Applicability, Fix, NewFile, Severity};
use crate::analysis::model::Word;
use crate::analysis::rules::practices::common::{context_sources, top_level_copies};
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "missing-dockerignore",
    since: "0.1",
    severity: Severity::Warning,
    aliases: &[],
    fix: FixKind::Unsafe,
    default_enabled: true,
    summary: "Whole context copied without a `.dockerignore`",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// Entries worth ignoring in any project.
const COMMON: &[&str] = &[".git", "**/.DS_Store", ".idea", ".vscode"];

/// What a file at the context root says about the project, and what such projects produce that
/// an image never needs.
const BY_MARKER: &[(&str, &[&str])] = &[
    (
        "package.json",
        &["node_modules", "npm-debug.log*", "yarn-error.log*", "coverage"],
    ),
    ("Cargo.toml", &["target"]),
    ("go.mod", &["*.test", "coverage.out"]),
    ("pom.xml", &["target"]),
    ("build.gradle", &["build", ".gradle"]),
    ("build.gradle.kts", &["build", ".gradle"]),
    (
        "requirements.txt",
        &["**/__pycache__", "**/*.pyc", ".venv", "venv", ".pytest_cache"],
    ),
    (
        "pyproject.toml",
        &["**/__pycache__", "**/*.pyc", ".venv", "venv", ".pytest_cache"],
    ),
    (
        "setup.py",
        &["**/__pycache__", "**/*.pyc", ".venv", "venv", ".pytest_cache"],
    ),
    (
        "Pipfile",
        &["**/__pycache__", "**/*.pyc", ".venv", "venv", ".pytest_cache"],
    ),
    ("Gemfile", &[".bundle", "vendor/bundle", "log", "tmp"]),
    ("composer.json", &["vendor"]),
    ("mix.exs", &["_build", "deps"]),
];

/// Markers matched by extension (.NET projects are named after the project).
const BY_EXTENSION: &[(&str, &[&str])] = &[(".csproj", &["**/bin", "**/obj"]), (".sln", &["**/bin", "**/obj"])];

fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("dockerfile") || lower.contains("containerfile") || lower.ends_with(".dockerignore")
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    // Known context, and no ignore file in it.
    if !matches!(cx.fs.ignore_file(), Some(None)) {
        return;
    }
    let Some(root) = cx.fs.read_dir("") else { return };
    // A folder holding nothing but Dockerfiles is not a project the copy could bloat (and is
    // more likely not the real context at all).
    if !root.iter().any(|(name, is_dir)| !is_dir && !is_dockerfile_name(name)) {
        return;
    }
    let Some(word) = first_whole_context_copy(cx) else {
        return;
    };
    let contents = dockerignore_for(cx, &root);
    let mut fix = Fix::new("Create a `.dockerignore`", Applicability::Unsafe, Vec::new());
    fix.new_files.push(NewFile {
        path: ".dockerignore".to_string(),
        contents,
    });
    let d = sink.report(
        word.range,
        "The whole build context is copied and it has no `.dockerignore`",
    );
    d.fix = Some(fix);
}

fn first_whole_context_copy<'a>(cx: &Context<'a>) -> Option<&'a Word> {
    top_level_copies(cx.model)
        .flat_map(|i| context_sources(cx.model, i))
        .find(|(_, path)| path.is_empty())
        .map(|(w, _)| w)
}

/// The usual entries for the project found at the context root, leaving out any that would
/// exclude a file the Dockerfile copies by name.
fn dockerignore_for(cx: &Context<'_>, root: &[(String, bool)]) -> String {
    let mut entries: Vec<&str> = COMMON.to_vec();
    for (name, _) in root.iter().filter(|(_, is_dir)| !is_dir) {
        let by_name = BY_MARKER.iter().filter(|(m, _)| m == name).flat_map(|(_, e)| e.iter());
        let by_ext = BY_EXTENSION
            .iter()
            .filter(|(ext, _)| name.ends_with(ext))
            .flat_map(|(_, e)| e.iter());
        for entry in by_name.chain(by_ext) {
            if !entries.contains(entry) {
                entries.push(entry);
            }
        }
    }
    let copied: Vec<String> = top_level_copies(cx.model)
        .flat_map(|i| context_sources(cx.model, i))
        .map(|(_, path)| path)
        .filter(|p| !p.is_empty())
        .collect();
    entries.retain(|entry| {
        let ignorer = Ignorer::parse(entry);
        !copied.iter().any(|p| ignorer.is_excluded(p))
    });
    let mut out = String::from("# Not needed to build the image: keeps the build context small and the cache stable\n");
    for entry in entries {
        out.push_str(entry);
        out.push('\n');
    }
    out
}

const EN: &str = r#"## What it does

Reports a `COPY` or `ADD` of the whole build context (`COPY . .`, `ADD . /app`) when the context
has no ignore file (`.dockerignore` at its root, or `<Dockerfile>.dockerignore` next to the
Dockerfile). The rule needs to see the context: in an editor or with `check` that is the
Dockerfile's folder (or the configured context); with no context, and for a folder that holds
nothing but Dockerfiles, it stays quiet.

## Why is this bad?

Everything in the folder is sent to the builder and copied into the image: the `.git` history,
`node_modules` or `target` built on the host, editor settings, local `.env` files. The context
upload and the image grow, secrets can end up in a layer, and since any change to any of those
files changes the copy, the layer cache is invalidated by edits that have nothing to do with the
image.

## Example

```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci && npm run build
```

(in a folder with `package.json`, `src/`, `node_modules/` and `.git/`, and no `.dockerignore`)

## Use instead

Add a `.dockerignore` next to the Dockerfile:

```text
.git
node_modules
npm-debug.log*
```

## Fix safety

The fix creates `.dockerignore` with `.git`, `**/.DS_Store`, `.idea` and `.vscode`, plus the
usual build outputs and caches of the kinds of project found at the context root (`node_modules`
for `package.json`, `target` for `Cargo.toml` or `pom.xml`, `build` and `.gradle` for Gradle,
`__pycache__` and virtual environments for Python, `vendor` for Composer, `bin` and `obj` for
.NET...), leaving out any entry that would exclude a file the Dockerfile copies by name. It is
unsafe: the build may need something the file excludes (a vendored dependency, a prebuilt
artifact copied with `COPY . .`).

## References

- [.dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
- [Dockerfile best practices: exclude with .dockerignore](https://docs.docker.com/build/building/best-practices/#exclude-with-dockerignore)
"#;

const ZH: &str = r#"## 作用

当 `COPY` 或 `ADD` 复制整个构建上下文(`COPY . .`、`ADD . /app`),而上下文中没有忽略文件(根目录下的
`.dockerignore`,或 Dockerfile 旁边的 `<Dockerfile>.dockerignore`)时报告。规则需要看到上下文:在编辑器中
或使用 `check` 时就是 Dockerfile 所在目录(或配置的上下文);没有上下文时,以及目录里只有 Dockerfile 时,
不报告。

## 为什么不好

目录里的一切都会发送给构建器并复制进镜像:`.git` 历史、在主机上构建出的 `node_modules` 或 `target`、编辑器
设置、本地的 `.env` 文件。上下文上传和镜像都会变大,机密信息可能进入某一层;而且这些文件中任何一个的改动都会
改变这次复制,于是与镜像毫不相干的编辑也会让层缓存失效。

## 示例

```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci && npm run build
```

(所在目录中有 `package.json`、`src/`、`node_modules/` 和 `.git/`,但没有 `.dockerignore`)

## 建议写法

在 Dockerfile 旁边添加 `.dockerignore`:

```text
.git
node_modules
npm-debug.log*
```

## 修复安全性

修复会创建 `.dockerignore`,写入 `.git`、`**/.DS_Store`、`.idea` 和 `.vscode`,再加上根据上下文根目录中
发现的项目类型而定的常见构建产物和缓存(`package.json` 对应 `node_modules`,`Cargo.toml` 或 `pom.xml`
对应 `target`,Gradle 对应 `build` 和 `.gradle`,Python 对应 `__pycache__` 和虚拟环境,Composer 对应
`vendor`,.NET 对应 `bin` 和 `obj` 等),并去掉会排除 Dockerfile 按名字复制的文件的条目。这个修复是不安全的:
构建可能需要被排除的东西(随仓库提供的依赖、用 `COPY . .` 复制的预构建产物)。

## 参考

- [.dockerignore 文件](https://docs.docker.com/build/concepts/context/#dockerignore-files)
- [Dockerfile 最佳实践:用 .dockerignore 排除文件](https://docs.docker.com/build/building/best-practices/#exclude-with-dockerignore)
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::config::Config;
    use crate::analysis::context::{BuildContext, MemoryContext};
    use crate::analysis::facts::Facts;
    use crate::analysis::model;
    use crate::analysis::shellcheck::NoShellcheck;

    fn generated(dockerfile: &str, files: &[(&str, &str)]) -> String {
        let fs = MemoryContext::new(files.iter().copied());
        let model = model::parse(dockerfile);
        let facts = Facts::compute(dockerfile, &model);
        let config = Config::default();
        let cx = Context::new(dockerfile, &model, &facts, &config, &fs, &NoShellcheck);
        dockerignore_for(&cx, &fs.read_dir("").unwrap_or_default())
    }

    #[test]
    fn entries_follow_the_project_kind() {
        let node = generated(
            "FROM node:20\nCOPY . .\n",
            &[("package.json", "{}"), ("src/index.js", "")],
        );
        assert!(node.lines().any(|l| l == "node_modules"), "{node}");
        assert!(node.lines().any(|l| l == ".git"), "{node}");
        assert!(!node.lines().any(|l| l == "target"), "{node}");
        let rust = generated("FROM rust:1\nCOPY . .\n", &[("Cargo.toml", ""), ("App.csproj", "")]);
        assert!(rust.lines().any(|l| l == "target"), "{rust}");
        assert!(rust.lines().any(|l| l == "**/obj"), "{rust}");
    }

    #[test]
    fn entries_never_exclude_what_the_dockerfile_copies() {
        let text = generated(
            "FROM eclipse-temurin:21\nCOPY target/app.jar /app.jar\nCOPY . .\n",
            &[("pom.xml", ""), ("target/app.jar", "")],
        );
        assert!(!text.lines().any(|l| l == "target"), "{text}");
        assert!(text.lines().any(|l| l == ".git"), "{text}");
    }
}
