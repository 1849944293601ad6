//! Large Dockerfiles for the benchmark, made reproducibly from the corpus: whole stages of real
//! files, in manifest order, concatenated until the wanted number of lines. Stage names get a
//! per-file suffix so that the result has no duplicate stages and every `--from` still points
//! where it did.

use std::io;
use std::path::{Path, PathBuf};

use dockerfile_lsp::syntax::{kinds, parse_tree};
use tree_sitter::Node;

/// One stage of a corpus file, ready to paste.
struct Stage {
    text: String,
    lines: usize,
}

/// The real-world corpus, which is not in the repository: `$DOCKERFILE_LSP_CORPUS` when set,
/// else `../shared/corpus/dev` beside the repository root `root` (as the corpus tests find it).
pub fn default_corpus(root: &Path) -> PathBuf {
    match std::env::var_os("DOCKERFILE_LSP_CORPUS").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => root.join("..").join("shared").join("corpus").join("dev"),
    }
}

/// The corpus files listed in `MANIFEST.tsv`, sorted by their relative path.
pub fn corpus_files(corpus: &Path) -> io::Result<Vec<PathBuf>> {
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv"))?;
    let mut rel: Vec<&str> = manifest
        .lines()
        .skip(1)
        .filter_map(|line| line.split('\t').next())
        .filter(|p| !p.is_empty())
        .collect();
    rel.sort_unstable();
    Ok(rel.into_iter().map(|p| corpus.join(p)).collect())
}

fn walk<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    out.push(node);
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        walk(child, out);
    }
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The stages of one file, with stage names renamed to `<name>-f<index>`. Files that would make
/// a poor sample are skipped: not parsed cleanly, CRLF or backtick-escaped, or with a base image
/// that needs a global ARG (which does not survive being cut out of its file).
fn stages_of(text: &str, index: usize) -> Vec<Stage> {
    if text.contains('\r') || text.lines().take(5).any(|l| l.to_ascii_lowercase().contains("escape=")) {
        return Vec::new();
    }
    let tree = parse_tree(text);
    let root = tree.root_node();
    if root.has_error() {
        return Vec::new();
    }
    let mut nodes = Vec::new();
    walk(root, &mut nodes);
    let froms: Vec<Node> = nodes
        .iter()
        .copied()
        .filter(|n| n.kind() == kinds::FROM_INSTRUCTION)
        .collect();
    if froms.is_empty() {
        return Vec::new();
    }
    let slice = |n: &Node| &text[n.byte_range()];
    let names: Vec<String> = nodes
        .iter()
        .filter(|n| n.kind() == kinds::IMAGE_ALIAS)
        .map(|n| slice(n).to_ascii_lowercase())
        .collect();
    let renamed = |name: &str| format!("{name}-f{index}");

    // Every place a stage name is written: its alias, a FROM naming it, `--from=` on COPY and
    // `from=` inside a RUN mount.
    let mut replacements: Vec<(usize, usize, String)> = Vec::new();
    for n in &nodes {
        let s = slice(n);
        match n.kind() {
            kinds::IMAGE_ALIAS => replacements.push((n.start_byte(), n.end_byte(), renamed(s))),
            kinds::IMAGE_NAME if names.contains(&s.to_ascii_lowercase()) => {
                replacements.push((n.start_byte(), n.end_byte(), renamed(s)));
            }
            kinds::PARAM | kinds::MOUNT_PARAM => {
                for key in ["--from=", "from="] {
                    let mut search = 0;
                    while let Some(found) = s[search..].to_ascii_lowercase().find(key) {
                        let at = search + found + key.len();
                        let end = s[at..].find([',', ' ']).map_or(s.len(), |e| at + e);
                        let value = &s[at..end];
                        let preceded_ok = key == "--from=" || at == key.len() || s[..at - key.len()].ends_with(',');
                        if preceded_ok && names.contains(&value.to_ascii_lowercase()) {
                            replacements.push((n.start_byte() + at, n.start_byte() + end, renamed(value)));
                        }
                        search = end;
                    }
                }
            }
            _ => {}
        }
    }
    replacements.sort_by_key(|r| r.0);
    replacements.dedup_by_key(|r| r.0);

    let starts: Vec<usize> = froms.iter().map(|f| line_start(text, f.start_byte())).collect();
    let mut stages = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        if slice(&froms[i]).contains('$') {
            continue;
        }
        let mut chunk = String::new();
        let mut at = start;
        for (from, to, new) in replacements.iter().filter(|r| r.0 >= start && r.1 <= end) {
            chunk.push_str(&text[at..*from]);
            chunk.push_str(new);
            at = *to;
        }
        chunk.push_str(&text[at..end]);
        let trimmed = chunk.trim_end();
        if trimmed.is_empty() {
            continue;
        }
        let text = format!("{trimmed}\n");
        let lines = text.lines().count();
        stages.push(Stage { text, lines });
    }
    stages
}

/// Builds a Dockerfile of exactly `lines` lines from the corpus's stages.
pub fn generate(corpus: &Path, lines: usize) -> io::Result<String> {
    let header = format!("# Generated by `cargo run -p xtask -- gen-large`: {lines} lines of stages from corpus/dev\n");
    let mut out = header;
    let mut used = 1;
    'files: for (index, path) in corpus_files(corpus)?.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        for stage in stages_of(&text, index) {
            // A blank line between stages, as people write them.
            if used + stage.lines < lines {
                out.push('\n');
                out.push_str(&stage.text);
                used += stage.lines + 1;
            }
            if used == lines {
                break 'files;
            }
        }
    }
    while used < lines {
        out.push_str("# end of generated stages\n");
        used += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_names_are_renamed_everywhere() {
        let text = "ARG X=1\nFROM golang:1.22 AS build\nRUN --mount=type=cache,from=build,target=/c go build\n\
                    FROM build AS test\nFROM alpine:3.20\nCOPY --from=build /app /app\n";
        let stages = stages_of(text, 7);
        let joined: String = stages.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            joined,
            "FROM golang:1.22 AS build-f7\nRUN --mount=type=cache,from=build-f7,target=/c go build\n\
             FROM build-f7 AS test-f7\nFROM alpine:3.20\nCOPY --from=build-f7 /app /app\n"
        );
        assert_eq!(stages.iter().map(|s| s.lines).sum::<usize>(), 5);
    }

    #[test]
    fn variable_bases_and_crlf_files_are_skipped() {
        assert!(stages_of("ARG B=alpine\nFROM $B\nRUN x\n", 0).is_empty());
        assert!(stages_of("FROM a\r\nRUN x\r\n", 0).is_empty());
    }
}
