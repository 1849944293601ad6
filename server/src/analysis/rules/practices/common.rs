//! What several §3 rules ask about the model: stages and the chain of stages a stage is built
//! on, the image at the root of that chain, the sources and destination of COPY/ADD, kinds of
//! sources (URL, git, archive, whole context), and exec-form JSON for the shell-form fixes.

use crate::analysis::context::{BuildContext, Ignorer};
use crate::analysis::model::{Args, Base, ImageRef, Instruction, InstructionKind, Model, Stage, Word};
use crate::analysis::scope;
use crate::analysis::shell::Script;
use crate::syntax::TextRange;

/// The stage a top-level instruction index belongs to.
pub fn stage_of(model: &Model, index: usize) -> Option<&Stage> {
    model.stage_of(index).map(|s| &model.stages[s])
}

/// The stage and the stages it is built `FROM`, nearest first.
pub fn stage_chain(model: &Model, stage: usize) -> Vec<usize> {
    model.stage_chain(stage)
}

/// The instruction indices of a stage chain in build order (the oldest ancestor first).
pub fn chain_instructions(model: &Model, stage: usize) -> Vec<usize> {
    stage_chain(model, stage)
        .iter()
        .rev()
        .filter_map(|&s| model.stages.get(s))
        .flat_map(|s| s.instructions.clone())
        .collect()
}

/// The image a stage ultimately runs on, through `FROM <stage>`: `None` for `scratch` or a
/// reference that cannot be resolved.
pub fn root_image(model: &Model, stage: usize) -> Option<(&Word, &ImageRef)> {
    let root = *stage_chain(model, stage).last()?;
    match &model.stages.get(root)?.base {
        Base::Image {
            written,
            image: Some(image),
            ..
        } => Some((written, image)),
        _ => None,
    }
}

/// The last path component of a repository, lower case: `ubuntu` for `docker.io/library/ubuntu`.
pub fn image_name(image: &ImageRef) -> String {
    let repo = image.repository.value.to_ascii_lowercase();
    repo.rsplit('/').next().unwrap_or(&repo).to_string()
}

/// The range that names the image: registry and repository when written literally, the whole
/// written reference when it came through variables.
pub fn name_range(image: &ImageRef) -> TextRange {
    match &image.registry {
        Some(registry) if registry.range.start < image.repository.range.start => {
            registry.range.cover(image.repository.range)
        }
        _ => image.repository.range,
    }
}

/// `repo[:tag][@digest]` as resolved, for messages.
pub fn display_image(image: &ImageRef) -> String {
    let mut out = String::new();
    if let Some(registry) = &image.registry {
        out.push_str(&registry.value);
        out.push('/');
    }
    out.push_str(&image.repository.value);
    if let Some(tag) = &image.tag {
        out.push(':');
        out.push_str(&tag.value);
    }
    if let Some(digest) = &image.digest {
        out.push('@');
        out.push_str(&digest.value);
    }
    out
}

/// The words of a COPY/ADD: sources (heredoc markers left out) and the destination.
pub struct CopyArgs<'a> {
    pub sources: Vec<&'a Word>,
    /// Sources that name a heredoc (`<<EOF`): the file's content, not a path.
    pub heredoc_sources: usize,
    pub dest: Option<&'a Word>,
}

pub fn copy_args(instruction: &Instruction) -> Option<CopyArgs<'_>> {
    if !matches!(instruction.kind, InstructionKind::Copy | InstructionKind::Add) {
        return None;
    }
    let words: &[Word] = match &instruction.args {
        Args::Words(words) => words,
        Args::Json { elements, .. } => elements,
        _ => return None,
    };
    let (dest, rest) = words.split_last()?;
    let is_heredoc = |w: &Word| {
        instruction
            .heredocs
            .iter()
            .any(|h| h.marker.start < w.range.end && w.range.start < h.marker.end)
    };
    let heredoc_sources = rest.iter().filter(|w| is_heredoc(w)).count();
    Some(CopyArgs {
        sources: rest.iter().filter(|w| !is_heredoc(w)).collect(),
        heredoc_sources,
        dest: Some(dest),
    })
}

/// `http://` or `https://`.
pub fn is_url(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A git source as ADD reads it: `git@host:...`, `git://`, `ssh://`, or a URL whose path ends
/// in `.git` (with an optional `?ref=...&commit=...` query and `#ref:subdir` fragment).
pub fn is_git(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    let without_ref = lower.split(['#', '?']).next().unwrap_or(&lower);
    lower.starts_with("git@")
        || lower.starts_with("git://")
        || lower.starts_with("ssh://")
        || (is_url(&lower) && (without_ref.ends_with(".git") || without_ref.ends_with(".git/")))
}

/// File names ADD may unpack: tar archives, compressed or not (ADD looks at the content, so a
/// name is only a hint; these are the names people give such files).
const ARCHIVE_SUFFIXES: &[&str] = &[
    ".tar",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz",
    ".tbz2",
    ".tar.xz",
    ".txz",
    ".tar.zst",
    ".tzst",
    ".tar.lz4",
    ".tar.lzma",
    ".tlz",
    ".tar.z",
    ".gz",
    ".bz2",
    ".xz",
    ".zst",
    ".lzma",
];

/// The archive suffix of a path, if its name has one.
pub fn archive_suffix(path: &str) -> Option<&'static str> {
    let lower = path.trim_end_matches('/').to_ascii_lowercase();
    ARCHIVE_SUFFIXES.iter().copied().find(|s| lower.ends_with(s))
}

/// The name only ever a tar archive has: `.tar`, `.tgz`, `.tar.gz`... (not a bare `.gz`).
pub fn is_tar_name(path: &str) -> bool {
    archive_suffix(path).is_some_and(|s| s.starts_with(".t"))
}

/// Whether a path element is a pattern for BuildKit's copy (`*`, `?`, `[` not escaped by `\`).
pub fn has_wildcard(segment: &str) -> bool {
    let mut chars = segment.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '*' | '?' | '[' => return true,
            _ => {}
        }
    }
    false
}

/// A source as a clean path relative to the context root, as BuildKit resolves it: `..` cannot
/// leave the root and a leading `/` is the root; `""` is the root itself.
pub fn context_path(source: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in source.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A source that copies the whole context: `.`, `./`, `/`, `./.`...
pub fn is_whole_context(source: &str) -> bool {
    let cleaned = context_path(source);
    cleaned.is_empty()
}

/// A source value with its variables expanded from the scope at the instruction, or `None`
/// when it depends on something unknown.
pub fn expanded_source(model: &Model, instruction: &Instruction, word: &Word) -> Option<String> {
    if !word.raw.contains('$') {
        return Some(word.value.clone());
    }
    let scope = scope::scope_at(model, instruction.range.start);
    scope::expand(&word.raw, model.escape, |n| scope.get(n).and_then(|b| b.value))
}

/// Local-context sources of a COPY/ADD as clean paths relative to the context root (`""` for the
/// root), each with its word: none for `COPY --from` and for ONBUILD triggers (they copy from
/// the child's context); URLs, git sources, heredocs and unresolved variables left out.
pub fn context_sources<'a>(model: &Model, instruction: &'a Instruction) -> Vec<(&'a Word, String)> {
    if instruction.flag("from").is_some() {
        return Vec::new();
    }
    let Some(args) = copy_args(instruction) else {
        return Vec::new();
    };
    args.sources
        .into_iter()
        .filter_map(|w| {
            let value = expanded_source(model, instruction, w)?;
            if instruction.kind == InstructionKind::Add && (is_url(&value) || is_git(&value)) {
                return None;
            }
            Some((w, context_path(&value)))
        })
        .collect()
}

/// Every top-level COPY/ADD of the file (ONBUILD triggers are not: they run in another
/// context).
pub fn top_level_copies(model: &Model) -> impl Iterator<Item = &Instruction> {
    model
        .instructions
        .iter()
        .filter(|i| matches!(i.kind, InstructionKind::Copy | InstructionKind::Add))
}

/// What the build context says about one source path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// It exists (for a pattern: its literal directory exists, which BuildKit accepts even when
    /// nothing matches).
    Found,
    /// The path up to its first missing component, as a byte length (the whole path when a
    /// file stands where a folder should be).
    Missing(usize),
    /// The context cannot tell (unreadable, escaped characters).
    Unknown,
}

/// Looks a clean context path up, component by component. The components before the first
/// pattern must exist (BuildKit fails with "not found" otherwise); from a pattern on, matching
/// nothing is allowed.
pub fn presence(fs: &dyn BuildContext, path: &str) -> Presence {
    if path.is_empty() {
        return Presence::Found;
    }
    let mut dir = String::new();
    let mut consumed = 0;
    let parts: Vec<&str> = path.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        if has_wildcard(part) {
            return Presence::Found;
        }
        if part.contains('\\') {
            return Presence::Unknown;
        }
        let Some(entries) = fs.read_dir(&dir) else {
            return Presence::Unknown;
        };
        consumed += part.len() + usize::from(i > 0);
        let last = i + 1 == parts.len();
        match entries.iter().find(|(name, _)| name == part) {
            Some((_, is_dir)) if last || *is_dir => {}
            // A file where a folder should be: the path as a whole is what is missing.
            Some(_) => return Presence::Missing(path.len()),
            None => return Presence::Missing(consumed),
        }
        if !dir.is_empty() {
            dir.push('/');
        }
        dir.push_str(part);
    }
    Presence::Found
}

/// The ignore file of the context, parsed, with its name; `None` when there is none or the
/// context is unknown.
pub fn ignorer(fs: &dyn BuildContext) -> Option<(String, Ignorer)> {
    let (name, contents) = fs.ignore_file()??;
    Some((name, Ignorer::parse(&contents)))
}

/// JSON string literal for an exec-form element.
pub fn json_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An exec-form array: `["a", "b"]`.
pub fn json_array<'s>(values: impl IntoIterator<Item = &'s str>) -> String {
    let items: Vec<String> = values.into_iter().map(json_string).collect();
    format!("[{}]", items.join(", "))
}

/// Go's `path.Clean` for an absolute path.
pub fn clean_absolute(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

pub fn expand_word(model: &Model, at: usize, raw: &str) -> Option<String> {
    if !raw.contains('$') {
        return Some(raw.to_string());
    }
    let scope = scope::scope_at(model, at);
    scope::expand(raw, model.escape, |n| scope.get(n).and_then(|b| b.value))
}

/// The working directory after the given instructions (a stage chain), when it is known.
pub fn workdir(model: &Model, instructions: &[usize]) -> Option<String> {
    // Until an absolute WORKDIR, the directory is the base image's, which we cannot see.
    let mut dir: Option<String> = None;
    for &i in instructions {
        let instruction = &model.instructions[i];
        if instruction.kind != InstructionKind::Workdir {
            continue;
        }
        let Args::Words(words) = &instruction.args else {
            continue;
        };
        let Some(word) = words.first() else { continue };
        let value = expand_word(model, instruction.range.start, &word.raw);
        dir = match (value, dir) {
            (Some(v), _) if v.starts_with('/') => Some(clean_absolute(&v)),
            (Some(v), Some(d)) => Some(clean_absolute(&format!("{d}/{v}"))),
            _ => None,
        };
    }
    dir
}

/// Commands that make an image a base or a tool rather than a service: shells, interpreters'
/// prompts, and build tools waiting for the arguments `docker run` gives them.
pub const INTERACTIVE: &[&str] = &[
    "bash",
    "sh",
    "ash",
    "dash",
    "zsh",
    "fish",
    "python",
    "python3",
    "python2",
    "node",
    "irb",
    "ruby",
    "jshell",
    "ghci",
    "iex",
    "erl",
    "php",
    "pwsh",
    "powershell",
    "cmd",
    "lua",
    "perl",
    "R",
    "julia",
    "swift",
    "scala",
    "groovysh",
    "clojure",
    "sbcl",
    "guile",
    "psql",
    "mysql",
    "sqlite",
    "redis-cli",
    "pypy",
    "jruby",
    "bun",
    "deno",
    "elixir",
    "tclsh",
    "wish",
    "csi",
    "racket",
    "ocaml",
    "utop",
    "dotnet",
    "spark-shell",
    "mvn",
    "gradle",
    "npm",
    "yarn",
    "pnpm",
    "go",
    "cargo",
    "javac",
    "make",
    "bazel",
    "rebar",
];

/// The process is a shell or an interpreter's prompt with no program to run (`bash`,
/// `python3.12`, `php -a`, `perl -de0`).
pub fn is_interactive(process: &Script) -> bool {
    let [command] = process.commands.as_slice() else {
        return false;
    };
    let program = command
        .effective_program()
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    INTERACTIVE.contains(&program) && command.effective_args().iter().all(|w| w.is_flag())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::context::MemoryContext;

    #[test]
    fn json_escapes_quotes_backslashes_and_controls() {
        assert_eq!(json_string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(json_string("x\ty\u{1}"), "\"x\\ty\\u0001\"");
        assert_eq!(
            json_array(["/bin/sh", "-c", "a && b"]),
            r#"["/bin/sh", "-c", "a && b"]"#
        );
    }

    #[test]
    fn sources_kinds() {
        assert!(is_url("HTTPS://example.com/x"));
        assert!(is_git("https://github.com/moby/buildkit.git#v0.10.1"));
        assert!(is_git("git@github.com:moby/buildkit.git"));
        assert!(is_git(
            "https://github.com/moby/buildkit.git?ref=v0.14.0&subdir=frontend"
        ));
        assert!(!is_git("https://example.com/download?file=a.git"));
        assert!(!is_git("https://example.com/a.tar.gz"));
        assert_eq!(archive_suffix("rootfs.tar.xz"), Some(".tar.xz"));
        assert!(is_tar_name("a.TGZ"));
        assert!(!is_tar_name("a.gz"));
        assert!(has_wildcard("*.go"));
        assert!(!has_wildcard(r"a\*b"));
        assert!(is_whole_context("./"));
        assert!(is_whole_context("/"));
        assert!(!is_whole_context("./src"));
    }

    #[test]
    fn presence_walks_components_until_a_pattern() {
        let fs = MemoryContext::new([("src/main.go", ""), ("go.mod", "")]);
        assert_eq!(presence(&fs, "src/main.go"), Presence::Found);
        assert_eq!(presence(&fs, "src"), Presence::Found);
        assert_eq!(presence(&fs, "src/*.rs"), Presence::Found);
        assert_eq!(presence(&fs, "*.sum"), Presence::Found);
        assert_eq!(presence(&fs, "lib/*.go"), Presence::Missing(3));
        assert_eq!(presence(&fs, "src/x/y"), Presence::Missing(5));
        assert_eq!(presence(&fs, "go.mod/x"), Presence::Missing(8));
        assert_eq!(presence(&fs, "go.mod/x/y"), Presence::Missing(10));
        assert_eq!(presence(&crate::analysis::context::NoContext, "a"), Presence::Unknown);
    }
}
