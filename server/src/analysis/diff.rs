//! Line diffs between two versions of a text: the edits of a fix-all computed in rounds (the
//! editor gets one edit per changed run of lines, not the whole document) and the script behind
//! `--diff` (unified diffs in the CLI). The script is `similar`'s Myers diff; a line ends after
//! each `\n`, so a `\r\n` stays inside its line and a lone `\r` does not end one, as `patch` and
//! `git apply` read lines.

use similar::{Algorithm, DiffOp, TextDiff};

use crate::analysis::diagnostic::Edit;
use crate::syntax::TextRange;

/// How many items `old` and `new` share at their start, and then at their end (never counting
/// an item twice).
pub fn common_ends<T: PartialEq>(old: &[T], new: &[T]) -> (usize, usize) {
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    (head, tail)
}

/// Two texts cut into lines (each with its line break), and the script between them: runs of
/// equal lines, deletions, insertions and replacements, in order, covering both texts.
pub struct LineDiff<'a> {
    pub old: Vec<&'a str>,
    pub new: Vec<&'a str>,
    pub ops: Vec<DiffOp>,
}

/// The line script from `old` to `new`.
pub fn lines<'a>(old: &'a str, new: &'a str) -> LineDiff<'a> {
    let old: Vec<&str> = old.split_inclusive('\n').collect();
    let new: Vec<&str> = new.split_inclusive('\n').collect();
    // No deadline: the analysis reads no clock, and Myers here bounds its own work on hard
    // inputs (it then gives a correct, not quite smallest, script).
    let ops = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_slices(&old, &new)
        .ops()
        .to_vec();
    LineDiff { old, new, ops }
}

/// The edits that turn `old` into `new`: one per run of changed lines, each replacing whole lines
/// of `old` (its byte range) with the corresponding lines of `new`, in document order and never
/// overlapping or touching. Empty when the texts are equal.
pub fn edits(old: &str, new: &str) -> Vec<Edit> {
    if old == new {
        return Vec::new();
    }
    let diff = lines(old, new);
    // starts[i]: the byte offset of old line i; one past the last line is the end of `old`.
    let mut starts = Vec::with_capacity(diff.old.len() + 1);
    let mut offset = 0;
    for line in &diff.old {
        starts.push(offset);
        offset += line.len();
    }
    starts.push(offset);
    let mut out: Vec<Edit> = Vec::new();
    // Whether the last op changed something, so that a deletion followed by an insertion (or any
    // changes with no equal line between them) make one edit.
    let mut in_run = false;
    for op in &diff.ops {
        if let DiffOp::Equal { .. } = op {
            in_run = false;
            continue;
        }
        let (from, to) = (op.old_range(), op.new_range());
        let inserted = diff.new[to].concat();
        match out.last_mut() {
            Some(last) if in_run => {
                last.range = TextRange::new(last.range.start, starts[from.end]);
                last.new_text.push_str(&inserted);
            }
            _ => out.push(Edit {
                range: TextRange::new(starts[from.start], starts[from.end]),
                new_text: inserted,
            }),
        }
        in_run = true;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixes::apply_edits;

    fn check(old: &str, new: &str) -> Vec<Edit> {
        let found = edits(old, new);
        assert_eq!(apply_edits(old, &found), new, "{found:?}");
        assert!(
            found.windows(2).all(|w| w[0].range.end < w[1].range.start),
            "in order, not overlapping or touching: {found:?}"
        );
        found
    }

    #[test]
    fn equal_texts_need_no_edit() {
        assert!(check("a\nb\n", "a\nb\n").is_empty());
        assert!(check("", "").is_empty());
    }

    #[test]
    fn distant_changes_are_separate_edits_of_their_lines() {
        let old = "1\n2\n3\n4\n5\n6\n";
        let found = check(old, "1\nTWO\n3\n4\n5\nSIX\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].range, TextRange::new(2, 4));
        assert_eq!(found[0].new_text, "TWO\n");
        assert_eq!(found[1].range, TextRange::new(10, 12));
    }

    #[test]
    fn a_long_file_with_a_few_changes_gets_a_few_small_edits() {
        // 6,000 distinct lines with three changes far apart: three one-line edits, not one
        // replacement of everything between the first and the last.
        let old: String = (0..6000).map(|i| format!("RUN echo {i}\n")).collect();
        let new: String = (0..6000)
            .filter(|i| *i != 3000)
            .map(|i| match i {
                10 => "RUN echo ten\n".to_owned(),
                5990 => format!("RUN echo {i}\nRUN echo inserted\n"),
                _ => format!("RUN echo {i}\n"),
            })
            .collect();
        let found = check(&old, &new);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found.iter().all(|e| e.range.len() + e.new_text.len() < 40), "{found:?}");
    }

    #[test]
    fn insertions_deletions_crlf_and_a_missing_final_newline() {
        let found = check("a\nc\n", "a\nb\nc\n");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].range,
            TextRange::new(2, 2),
            "a pure insertion is empty in `old`"
        );
        check("a\nb\nc\n", "a\nc\n");
        check("a\r\nb\r\n", "a\r\nB\r\n");
        check("a\nb", "a\nb\n");
        check("", "FROM a\n");
        check("FROM a\n", "");
        check("x\ny\nz", "y\nq\nz\nw");
    }

    #[test]
    fn a_lone_carriage_return_does_not_end_a_line() {
        let found = check("a\rb\nc\n", "a\rB\nc\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range, TextRange::new(0, 4), "{found:?}");
        assert_eq!(found[0].new_text, "a\rB\n");
    }

    proptest::proptest! {
        /// Any two texts made of a few distinct lines (so that lines repeat and the script has
        /// choices), with or without a final line break.
        #[test]
        fn the_edits_turn_old_into_new(
            old in proptest::collection::vec(0u8..4, 0..12),
            new in proptest::collection::vec(0u8..4, 0..12),
            old_end in proptest::bool::ANY,
            new_end in proptest::bool::ANY,
        ) {
            let text = |lines: &[u8], end: bool| {
                let mut t: String = lines.iter().map(|l| ["a\n", "b\n", "c\r\n", "\n"][*l as usize]).collect();
                if !end && t.ends_with('\n') {
                    t.pop();
                }
                t
            };
            check(&text(&old, old_end), &text(&new, new_end));
        }
    }
}
