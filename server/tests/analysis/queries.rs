//! The tree-sitter queries of `queries/dockerfile/` against the grammar: the highlight captures on
//! a fixture (what Neovim and Helix show), and the semantic tokens the server derives from them.

use dockerfile_lsp::analysis::queries;
use dockerfile_lsp::analysis::tokens::{self, DECLARATION};
use dockerfile_lsp::syntax::{Document, TextRange};
use expect_test::{Expect, expect};
use tree_sitter::{Query, QueryCursor, StreamingIterator};

const FIXTURE: &str = include_str!("../../../tests/fixtures/queries/highlight.Dockerfile");

/// `line:column` (1-based, in characters) of a byte offset.
fn place(text: &str, at: usize) -> String {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
    format!("{line}:{col}")
}

/// Where a range starts and its text (its first line and `…` when it spans several).
fn show(text: &str, range: TextRange) -> String {
    let covered = range.slice(text);
    let shown = match covered.split_once('\n') {
        Some((first, _)) => format!("{first}…"),
        None => covered.to_owned(),
    };
    format!("{:<6} {shown:?}", place(text, range.start))
}

/// Every capture of `query` over `text`, one per line, in the order the cursor yields them.
fn captures(source: &str, text: &str) -> String {
    let query = Query::new(&queries::language(), source).expect("query compiles");
    let doc = Document::new(text, 1);
    let mut cursor = QueryCursor::new();
    let mut out = Vec::new();
    let mut it = cursor.captures(&query, doc.tree().root_node(), text.as_bytes());
    while let Some((m, i)) = it.next() {
        let c = m.captures[*i];
        let range = TextRange::new(c.node.start_byte(), c.node.end_byte());
        out.push(format!(
            "{} @{}",
            show(text, range),
            query.capture_names()[c.index as usize]
        ));
    }
    out.join("\n")
}

fn check_captures(source: &str, expect: Expect) {
    expect.assert_eq(&captures(source, FIXTURE));
}

#[test]
fn highlight_captures_on_the_fixture() {
    check_captures(
        queries::HIGHLIGHTS,
        expect![[r##"
            1:1    "# syntax=docker/dockerfile:1" @keyword.directive
            2:1    "# A comment." @comment
            3:1    "ARG" @keyword
            3:5    "GO_VERSION" @variable
            3:15   "=" @operator
            3:16   "1.22" @string
            4:1    "FROM" @keyword
            4:6    "--platform=$BUILDPLATFORM" @attribute
            4:16   "=" @operator
            4:32   "golang" @type
            4:38   ":${GO_VERSION}-alpine" @constant
            4:38   ":" @punctuation.delimiter
            4:39   "$" @punctuation.special
            4:40   "{" @punctuation.special
            4:41   "GO_VERSION" @variable
            4:51   "}" @punctuation.special
            4:59   "@sha256:abc" @constant
            4:59   "@" @punctuation.delimiter
            4:71   "AS" @keyword
            4:74   "builder" @label
            5:1    "ENV" @keyword
            5:5    "CGO_ENABLED" @variable
            5:16   "=" @operator
            5:17   "0" @string
            5:19   "GOOS" @variable
            5:23   "=" @operator
            5:24   "\"linux\"" @string
            6:1    "LABEL" @keyword
            6:7    "org.opencontainers.image.title" @property
            6:37   "=" @operator
            6:38   "\"app\"" @string
            6:44   "version" @property
            6:51   "=" @operator
            6:52   "1" @string
            7:1    "RUN" @keyword
            7:5    "--mount=type=cache,target=/root/.cache" @attribute
            7:12   "=" @operator
            7:17   "=" @operator
            7:23   "," @punctuation.delimiter
            7:30   "=" @operator
            7:44   "\\…" @punctuation.special
            9:1    "RUN" @keyword
            9:5    "<<EOF" @label
            11:1   "EOF" @label
            12:1   "FROM" @keyword
            12:6   "alpine" @type
            12:12  ":3.20" @constant
            12:12  ":" @punctuation.delimiter
            13:1   "COPY" @keyword
            13:6   "--from=builder" @attribute
            13:12  "=" @operator
            13:21  "/out/app" @string.special.path
            13:30  "/usr/bin/app" @string.special.path
            14:1   "COPY" @keyword
            14:6   "<<-CONF" @string.special.path
            14:6   "<<-CONF" @label
            14:14  "/etc/app.conf" @string.special.path
            15:2   "key = value" @string
            16:2   "CONF" @label
            17:1   "USER" @keyword
            17:6   "app" @string.special
            17:9   ":" @punctuation.delimiter
            17:10  "app" @string.special
            18:1   "EXPOSE" @keyword
            18:8   "8080/tcp" @constant.numeric
            19:1   "HEALTHCHECK" @keyword
            19:13  "NONE" @keyword
            20:1   "CMD" @keyword
            20:5   "[" @punctuation.bracket
            20:6   "\"app\"" @string
            20:11  "," @punctuation.delimiter
            20:13  "\"--port=8080\\n\"" @string
            20:25  "\\n" @string.escape
            20:28  "]" @punctuation.bracket"##]],
    );
}

#[test]
fn injection_captures_on_the_fixture() {
    check_captures(
        queries::INJECTIONS,
        expect![[r##"
        1:1    "# syntax=docker/dockerfile:1" @injection.content
        2:1    "# A comment." @injection.content
        8:5    "go build -o /out/app ./..." @injection.content
        9:5    "<<EOF" @injection.content
        10:1   "echo \"$GO_VERSION\"" @injection.content"##]],
    );
}

#[test]
fn locals_captures_on_the_fixture() {
    check_captures(
        queries::LOCALS,
        expect![[r##"
        1:1    "# syntax=docker/dockerfile:1…" @local.scope
        3:5    "GO_VERSION" @local.definition.variable.parameter
        4:41   "GO_VERSION" @local.reference
        4:74   "builder" @local.definition.label
        5:5    "CGO_ENABLED" @local.definition.variable
        5:19   "GOOS" @local.definition.variable"##]],
    );
}

#[test]
fn semantic_tokens_on_the_fixture() {
    let doc = Document::new(FIXTURE, 1);
    let out: Vec<String> = tokens::tokens(&doc, None)
        .into_iter()
        .map(|t| {
            let declaration = if t.modifiers & DECLARATION != 0 {
                " declaration"
            } else {
                ""
            };
            format!("{} {}{declaration}", show(FIXTURE, t.range), t.ty.name())
        })
        .collect();
    expect![[r##"
        1:1    "# syntax=docker/dockerfile:1" macro
        2:1    "# A comment." comment
        3:1    "ARG" keyword
        3:5    "GO_VERSION" variable declaration
        3:15   "=" operator
        3:16   "1.22" string
        4:1    "FROM" keyword
        4:6    "--platform" decorator
        4:16   "=" operator
        4:17   "$BUILDPLATFORM" decorator
        4:32   "golang" type
        4:38   ":${" operator
        4:41   "GO_VERSION" variable
        4:51   "}" operator
        4:52   "-alpine" enumMember
        4:59   "@" operator
        4:60   "sha256:abc" enumMember
        4:71   "AS" keyword
        4:74   "builder" label declaration
        5:1    "ENV" keyword
        5:5    "CGO_ENABLED" variable declaration
        5:16   "=" operator
        5:17   "0" string
        5:19   "GOOS" variable declaration
        5:23   "=" operator
        5:24   "\"linux\"" string
        6:1    "LABEL" keyword
        6:7    "org.opencontainers.image.title" property
        6:37   "=" operator
        6:38   "\"app\"" string
        6:44   "version" property
        6:51   "=" operator
        6:52   "1" string
        7:1    "RUN" keyword
        7:5    "--mount" decorator
        7:12   "=" operator
        7:13   "type" decorator
        7:17   "=" operator
        7:18   "cache" decorator
        7:23   "," operator
        7:24   "target" decorator
        7:30   "=" operator
        7:31   "/root/.cache" decorator
        7:44   "\\" operator
        9:1    "RUN" keyword
        9:5    "<<EOF" label
        11:1   "EOF" label
        12:1   "FROM" keyword
        12:6   "alpine" type
        12:12  ":" operator
        12:13  "3.20" enumMember
        13:1   "COPY" keyword
        13:6   "--from" decorator
        13:12  "=" operator
        13:13  "builder" decorator
        13:21  "/out/app" string
        13:30  "/usr/bin/app" string
        14:1   "COPY" keyword
        14:6   "<<-CONF" label
        14:14  "/etc/app.conf" string
        15:2   "key = value" string
        16:2   "CONF" label
        17:1   "USER" keyword
        17:6   "app" string
        17:9   ":" operator
        17:10  "app" string
        18:1   "EXPOSE" keyword
        18:8   "8080/tcp" number
        19:1   "HEALTHCHECK" keyword
        19:13  "NONE" keyword
        20:1   "CMD" keyword
        20:5   "[" operator
        20:6   "\"app\"" string
        20:11  "," operator
        20:13  "\"--port=8080\\n\"" string
        20:28  "]" operator"##]]
    .assert_eq(&out.join("\n"));
}

/// The queries live in the crate (`server/queries/`, so that the published package carries them);
/// the repository's `queries/` and the Neovim plugin's `queries/` are links to that folder, which
/// the editors read. A checkout without symbolic links (or a link turned into a copy) fails here.
#[test]
fn the_editors_query_folders_are_the_crates() {
    let server = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let crate_queries = server.join("queries").canonicalize().expect("server/queries");
    for link in ["../queries", "../editors/neovim/queries"] {
        let path = server.join(link);
        let meta = std::fs::symlink_metadata(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            meta.file_type().is_symlink(),
            "{} is not a symbolic link",
            path.display()
        );
        let target = path
            .canonicalize()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(target, crate_queries, "{} leads elsewhere", path.display());
    }
}
