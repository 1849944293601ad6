//! Line diffs between two versions of a text: the edit script behind `--diff` (unified diffs in
//! the CLI) and the edits of a fix-all computed in rounds (the editor gets one edit per changed
//! run of lines, not the whole document). Dockerfiles are small, so a plain
//! longest-common-subsequence table over the lines between the common head and tail is fast
//! enough and needs no dependency.

use crate::analysis::diagnostic::Edit;
use crate::syntax::TextRange;

/// Above this many table cells the middle is shown as one replacement: still a correct diff,
/// only not the smallest.
const MAX_CELLS: usize = 4_000_000;

/// One step of the edit script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Same,
    Delete,
    Insert,
}

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

/// The edit script between two line lists, as (op, old index, new index).
pub fn script(old: &[&str], new: &[&str]) -> Vec<(Op, usize, usize)> {
    let (head, tail) = common_ends(old, new);
    let (a, b) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    let mut out: Vec<(Op, usize, usize)> = (0..head).map(|i| (Op::Same, i, i)).collect();
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > MAX_CELLS {
        out.extend((0..n).map(|i| (Op::Delete, head + i, head)));
        out.extend((0..m).map(|j| (Op::Insert, head + n, head + j)));
    } else {
        // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
        let width = m + 1;
        let mut lcs = vec![0u32; (n + 1) * width];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * width + j] = if a[i] == b[j] {
                    lcs[(i + 1) * width + j + 1] + 1
                } else {
                    lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                out.push((Op::Same, head + i, head + j));
                i += 1;
                j += 1;
            } else if i == n || (j < m && lcs[i * width + j + 1] > lcs[(i + 1) * width + j]) {
                out.push((Op::Insert, head + i, head + j));
                j += 1;
            } else {
                // On a tie the deletion comes first, as diff(1) shows it.
                out.push((Op::Delete, head + i, head + j));
                i += 1;
            }
        }
    }
    let (old_tail, new_tail) = (old.len() - tail, new.len() - tail);
    out.extend((0..tail).map(|k| (Op::Same, old_tail + k, new_tail + k)));
    out
}

/// The edits that turn `old` into `new`: one per run of changed lines, each replacing whole lines
/// of `old` (its byte range) with the corresponding lines of `new`, in document order and never
/// overlapping. Empty when the texts are equal.
pub fn edits(old: &str, new: &str) -> Vec<Edit> {
    if old == new {
        return Vec::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    // starts[i]: the byte offset of old line i; one past the last line is the end of `old`.
    let mut starts = Vec::with_capacity(a.len() + 1);
    let mut offset = 0;
    for line in &a {
        starts.push(offset);
        offset += line.len();
    }
    starts.push(offset);
    let ops = script(&a, &b);
    let mut out = Vec::new();
    let mut k = 0;
    while k < ops.len() {
        if ops[k].0 == Op::Same {
            k += 1;
            continue;
        }
        // A run of deletions and insertions starting at old line ops[k].1.
        let from = ops[k].1;
        let mut to = from;
        let mut inserted = String::new();
        while k < ops.len() && ops[k].0 != Op::Same {
            match ops[k].0 {
                Op::Delete => to = ops[k].1 + 1,
                Op::Insert => inserted.push_str(b[ops[k].2]),
                Op::Same => {}
            }
            k += 1;
        }
        out.push(Edit {
            range: TextRange::new(starts[from], starts[to.max(from)]),
            new_text: inserted,
        });
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
            found.windows(2).all(|w| w[0].range.end <= w[1].range.start),
            "in order, not overlapping: {found:?}"
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
