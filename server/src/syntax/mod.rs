//! The syntax layer: the text of a Dockerfile (a rope), its tree-sitter tree, incremental edits and
//! position conversions. Nothing here knows about rules or LSP.

mod document;
pub mod kinds;
mod position;
mod range;

pub use document::{Document, TextEdit, parse_tree};
pub use position::{LineCol, LineIndex, PositionEncoding, offset_to_position};
pub use range::{TextRange, char_floor, run_around};
