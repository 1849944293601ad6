//! Unified diffs (`--diff` of `check --fix` and `fmt`), in the format `patch` and `git apply`
//! read, from the line script of [`crate::analysis::diff`].

use similar::{DiffOp, group_diff_ops};

use crate::analysis::diff::lines;

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// `start,count` of a hunk side; the count is left out when it is 1, and an empty side names
/// the line before it, as GNU diff writes them.
fn side(start: usize, count: usize) -> String {
    match count {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{count}", start + 1),
    }
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// The unified diff from `old` to `new` under the given names; empty when they are equal.
/// Lines keep their own line breaks, so a CRLF file's diff applies to it as it is.
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    if old == new {
        return String::new();
    }
    let diff = lines(old, new);
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    // Hunks: the changes with `CONTEXT` equal lines around them, changes closer than twice that
    // sharing one hunk.
    for hunk in group_diff_ops(diff.ops, CONTEXT) {
        let (Some(first), Some(last)) = (hunk.first(), hunk.last()) else {
            continue;
        };
        let (old_start, new_start) = (first.old_range().start, first.new_range().start);
        let (old_end, new_end) = (last.old_range().end, last.new_range().end);
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            side(old_start, old_end - old_start),
            side(new_start, new_end - new_start)
        ));
        for op in &hunk {
            if let DiffOp::Equal { .. } = op {
                for line in &diff.old[op.old_range()] {
                    push_line(&mut out, ' ', line);
                }
            } else {
                // A replacement shows its old lines first, as diff(1) does.
                for line in &diff.old[op.old_range()] {
                    push_line(&mut out, '-', line);
                }
                for line in &diff.new[op.new_range()] {
                    push_line(&mut out, '+', line);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified("a\n", "a\n", "a", "b"), "");
    }

    #[test]
    fn one_change_with_context() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assert_eq!(
            unified(old, new, "a/Dockerfile", "b/Dockerfile"),
            "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
    }

    /// Lines `1` to `20`, with the lines numbered in `changed` spelled `x<n>`.
    fn numbered(changed: &[usize]) -> String {
        (1..=20)
            .map(|i| {
                if changed.contains(&i) {
                    format!("x{i}\n")
                } else {
                    format!("{i}\n")
                }
            })
            .collect()
    }

    #[test]
    fn distant_changes_make_two_hunks_and_near_ones_one() {
        let old = numbered(&[]);
        let diff = unified(&old, &numbered(&[2, 19]), "a", "b");
        assert_eq!(diff.matches("@@ -").count(), 2, "{diff}");
        // Lines 2 and 9: their contexts (3..5 and 6..8) meet.
        let diff = unified(&old, &numbered(&[2, 9]), "a", "b");
        assert_eq!(diff.matches("@@ -").count(), 1, "{diff}");
        assert!(
            diff.starts_with("--- a\n+++ b\n@@ -1,12 +1,12 @@\n 1\n-2\n+x2\n"),
            "{diff}"
        );
        let diff = unified(&old, &numbered(&[2, 10]), "a", "b");
        assert_eq!(diff.matches("@@ -").count(), 2, "{diff}");
        let near = numbered(&[2, 9]);
        let diff = unified(&old, &near, "a", "b");
        assert!(diff.ends_with(" 10\n 11\n 12\n"), "{diff}");
    }

    #[test]
    fn insertions_deletions_and_missing_final_newline() {
        assert_eq!(
            unified("a\nb", "a\nb\n", "x", "y"),
            "--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"
        );
        assert_eq!(unified("", "a\n", "x", "y"), "--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n");
        assert_eq!(
            unified("a\nb\n", "b\n", "x", "y"),
            "--- x\n+++ y\n@@ -1,2 +1 @@\n-a\n b\n"
        );
    }

    #[test]
    fn a_long_file_with_distant_changes_gets_small_hunks() {
        let old: String = (1..=6000).map(|i| format!("{i}\n")).collect();
        let new = old.replacen("\n20\n", "\ntwenty\n", 1).replacen("\n5000\n", "\n", 1);
        assert_eq!(
            unified(&old, &new, "a", "b"),
            "--- a\n+++ b\n@@ -17,7 +17,7 @@\n 17\n 18\n 19\n-20\n+twenty\n 21\n 22\n 23\n\
             @@ -4997,7 +4997,6 @@\n 4997\n 4998\n 4999\n-5000\n 5001\n 5002\n 5003\n"
        );
    }

    #[test]
    fn a_lone_carriage_return_stays_inside_its_line() {
        assert_eq!(
            unified("a\rb\nc\n", "a\rB\nc\n", "x", "y"),
            "--- x\n+++ y\n@@ -1,2 +1,2 @@\n-a\rb\n+a\rB\n c\n"
        );
    }

    #[test]
    fn crlf_lines_keep_their_breaks() {
        assert_eq!(
            unified("a\r\nb\r\n", "a\r\nc\r\n", "x", "y"),
            "--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n"
        );
    }
}
