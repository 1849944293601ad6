//! Unified diffs (`--diff` of `check --fix` and `fmt`), in the format `patch` and `git apply`
//! read, from the line script of [`crate::analysis::diff`].

use crate::analysis::diff::{Op, script};

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
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = script(&a, &b);
    let changes: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != Op::Same).collect();
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    let mut k = 0;
    while k < changes.len() {
        let first = changes[k];
        let mut last = first;
        while k + 1 < changes.len() && changes[k + 1] - last <= 2 * CONTEXT + 1 {
            k += 1;
            last = changes[k];
        }
        k += 1;
        let from = first.saturating_sub(CONTEXT);
        let to = (last + CONTEXT + 1).min(ops.len());
        let hunk = &ops[from..to];
        let old_count = hunk.iter().filter(|o| o.0 != Op::Insert).count();
        let new_count = hunk.iter().filter(|o| o.0 != Op::Delete).count();
        let (_, old_start, new_start) = hunk[0];
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            side(old_start, old_count),
            side(new_start, new_count)
        ));
        for &(op, i, j) in hunk {
            match op {
                Op::Same => push_line(&mut out, ' ', a[i]),
                Op::Delete => push_line(&mut out, '-', a[i]),
                Op::Insert => push_line(&mut out, '+', b[j]),
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
    fn crlf_lines_keep_their_breaks() {
        assert_eq!(
            unified("a\r\nb\r\n", "a\r\nc\r\n", "x", "y"),
            "--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n"
        );
    }
}
