//! A versioned Dockerfile: its rope, edited in place, and its tree-sitter tree, reparsed
//! incrementally on demand.

use std::cell::RefCell;
use std::sync::OnceLock;

use ropey::Rope;
use tree_sitter::{InputEdit, Parser, Point, Tree};

use super::position::{LineCol, PositionEncoding, offset_to_position, position_to_offset};
use super::range::TextRange;

/// One change from the client: replace `range` (whole document when `None`) with `text`.
#[derive(Clone, Debug)]
pub struct TextEdit {
    pub range: Option<(LineCol, LineCol)>,
    pub text: String,
}

/// The text of one version of a Dockerfile and its tree-sitter tree. Cheap to clone: the rope
/// shares its nodes and the tree is reference counted, so a snapshot costs almost nothing.
///
/// The tree is parsed on demand. An edit only records itself on the previous tree (cheap); the
/// incremental reparse happens the first time a feature asks for the tree of this version. The
/// analysis reads the text, not the tree, so typing never waits for tree-sitter, and a burst of
/// edits costs one reparse, not one per keystroke.
#[derive(Clone)]
pub struct Document {
    rope: Rope,
    version: i32,
    /// The tree of this version, once someone asked for it.
    tree: OnceLock<Tree>,
    /// The last tree parsed, with every edit since recorded on it; `None` when the whole text
    /// was replaced and only a fresh parse makes sense.
    edited: Option<Tree>,
}

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

fn with_parser<R>(f: impl FnOnce(&mut Parser) -> R) -> R {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(|| {
            let mut parser = Parser::new();
            // The grammar is compiled into this binary with the ABI tree-sitter expects, so this
            // cannot fail at run time; a test guards it.
            parser
                .set_language(&arborium_dockerfile::language().into())
                .expect("tree-sitter-dockerfile grammar matches the tree-sitter ABI");
            parser
        });
        f(parser)
    })
}

/// Parses a rope, reading its chunks in place rather than copying the text, reusing `old` when
/// it was edited to match.
fn parse_rope(rope: &Rope, old: Option<&Tree>) -> Tree {
    with_parser(|parser| {
        let len = rope.len_bytes();
        let mut read = |offset: usize, _: Point| -> &[u8] {
            if offset >= len {
                return &[];
            }
            let (chunk, chunk_start, _, _) = rope.chunk_at_byte(offset);
            &chunk.as_bytes()[offset - chunk_start..]
        };
        parser
            .parse_with_options(&mut read, old, None)
            // Only a cancellation flag, timeout or missing language make tree-sitter give up, and
            // we set none of them.
            .expect("tree-sitter parse without cancellation always yields a tree")
    })
}

/// A fresh tree-sitter parse of `text`.
pub fn parse_tree(text: &str) -> Tree {
    parse_rope(&Rope::from_str(text), None)
}

/// The tree-sitter point of a byte offset. Rows follow the rope's lines; tree-sitter only counts
/// `\n`, so after a lone `\r` the two disagree. Nothing reads positions from tree-sitter points
/// (every position is computed from byte offsets through the rope), so the difference is harmless.
fn point_at(rope: &Rope, offset: usize) -> Point {
    let row = rope.byte_to_line(offset);
    Point {
        row,
        column: offset - rope.line_to_byte(row),
    }
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        let rope = Rope::from_str(text);
        let tree = OnceLock::from(parse_rope(&rope, None));
        Self {
            rope,
            version,
            tree,
            edited: None,
        }
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// The tree of this version, reparsed incrementally from the previous one on first use.
    pub fn tree(&self) -> &Tree {
        self.tree.get_or_init(|| parse_rope(&self.rope, self.edited.as_ref()))
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    /// The whole text as one string (for the analysis, which scans it once per version).
    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    pub fn offset_to_position(&self, offset: usize, enc: PositionEncoding) -> LineCol {
        offset_to_position(&self.rope, offset, enc)
    }

    pub fn position_to_offset(&self, pos: LineCol, enc: PositionEncoding) -> usize {
        position_to_offset(&self.rope, pos, enc)
    }

    pub fn range_to_positions(&self, range: TextRange, enc: PositionEncoding) -> (LineCol, LineCol) {
        (
            self.offset_to_position(range.start, enc),
            self.offset_to_position(range.end, enc),
        )
    }

    /// Applies the client's changes in order to the rope, and records them on the newest tree;
    /// nothing is parsed here ([`Document::tree`] reparses, incrementally, when asked). Positions
    /// of each change refer to the text left by the previous one, as LSP specifies.
    pub fn apply_edits(&mut self, edits: &[TextEdit], version: i32, enc: PositionEncoding) {
        // The tree edits are recorded on the newest tree we have: this version's if it was
        // parsed, else the older one that already carries the edits since.
        let mut base = self.tree.take().or_else(|| self.edited.take());
        for edit in edits {
            match edit.range {
                None => {
                    self.rope = Rope::from_str(&edit.text);
                    base = None;
                }
                Some((start, end)) => {
                    let start = self.position_to_offset(start, enc);
                    let end = self.position_to_offset(end, enc).max(start);
                    self.replace(TextRange::new(start, end), &edit.text, base.as_mut());
                }
            }
        }
        self.edited = base;
        self.version = version;
    }

    /// Replaces a byte range (which must lie on character boundaries) and records the edit on
    /// `tree`, which [`Document::tree`] reparses later.
    fn replace(&mut self, range: TextRange, text: &str, tree: Option<&mut Tree>) {
        let start_position = point_at(&self.rope, range.start);
        let old_end_position = point_at(&self.rope, range.end);
        let start_char = self.rope.byte_to_char(range.start);
        let end_char = self.rope.byte_to_char(range.end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, text);
        let new_end_byte = range.start + text.len();
        let edit = InputEdit {
            start_byte: range.start,
            old_end_byte: range.end,
            new_end_byte,
            start_position,
            old_end_position,
            new_end_position: point_at(&self.rope, new_end_byte),
        };
        if let Some(tree) = tree {
            tree.edit(&edit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(line: u32, col: u32) -> LineCol {
        LineCol { line, col }
    }

    #[test]
    fn grammar_loads_and_parses() {
        let doc = Document::new("FROM alpine:3.20\nRUN echo hi\n", 1);
        assert_eq!(doc.tree().root_node().kind(), "source_file");
        assert!(!doc.tree().root_node().has_error());
    }

    #[test]
    fn incremental_edit_in_utf16() {
        let mut doc = Document::new("FROM a\nRUN echo 😀 中\n", 1);
        // Insert after the emoji: column 11 in UTF-16 (the emoji is two code units).
        doc.apply_edits(
            &[TextEdit {
                range: Some((lc(1, 11), lc(1, 11))),
                text: "!".into(),
            }],
            2,
            PositionEncoding::Utf16,
        );
        assert_eq!(doc.text(), "FROM a\nRUN echo 😀! 中\n");
        assert_eq!(doc.version(), 2);
        assert_eq!(
            doc.tree().root_node().to_sexp(),
            parse_tree(&doc.text()).root_node().to_sexp()
        );
    }
}
