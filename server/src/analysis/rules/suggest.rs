//! "Did you mean" for typos in keywords and flag names: the closest candidate by edit distance,
//! and the writer's casing carried over to it.

use crate::analysis::model::var_refs;

/// Optimal string alignment distance, ignoring ASCII case: insertions, deletions, substitutions
/// and swaps of two neighbours cost 1 each (`WROKDIR` is one typo away from `WORKDIR`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// The candidate closest to `word`, if it is close enough to be the word the writer meant: at
/// most one edit per three characters, so `RUNN` finds `RUN` but `chmod` does not find `CMD`.
/// Ties go to the earlier candidate.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let len = word.chars().count();
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d * 3 <= len)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Whether `name` can be offered in place of a variable's name: BuildKit's lexer reads `$name`
/// as exactly that name. A declared name it would cut short (`ARG A?B=1` declares `A?B`, but
/// `$A?B` is `$A` then `?B`) cannot be, or the fix would apply forever.
pub fn is_variable_name(name: &str, escape: char) -> bool {
    // The common case, read whole by any lexer: a letter or `_`, then letters, digits and `_`.
    let mut chars = name.chars();
    if chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return true;
    }
    let written = format!("${name}");
    matches!(
        var_refs(&written, escape).as_slice(),
        [r] if r.name.value == name && r.range.end == written.len()
    )
}

/// `canonical` in the casing `written` uses: all lower case, Title case, or upper case.
pub fn match_case(written: &str, canonical: &str) -> String {
    let has_upper = written.chars().any(|c| c.is_ascii_uppercase());
    let has_lower = written.chars().any(|c| c.is_ascii_lowercase());
    let mut chars = written.chars();
    let title = chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| !c.is_ascii_uppercase());
    if !has_upper {
        canonical.to_ascii_lowercase()
    } else if title && has_lower {
        let lower = canonical.to_ascii_lowercase();
        let mut out = String::with_capacity(lower.len());
        let mut rest = lower.chars();
        if let Some(first) = rest.next() {
            out.push(first.to_ascii_uppercase());
        }
        out.extend(rest);
        out
    } else {
        canonical.to_ascii_uppercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_names_are_those_a_reference_reads_whole() {
        for name in ["A", "BASE_IMAGE", "_x1", "名字", "a1_B2"] {
            assert!(is_variable_name(name, '\\'), "{name}");
            // The fast path answers as the lexer does.
            let written = format!("${name}");
            assert!(matches!(
                var_refs(&written, '\\').as_slice(),
                [r] if r.name.value == name && r.range.end == written.len()
            ));
        }
        // Found by fuzzing: `BASE_IMAG?E` was offered, and `$BASE_IMAG?E` reads `BASE_IMAG`.
        for name in ["BASE_IMAG?E", "a-b", "a b", "", "x}", "A$B"] {
            assert!(!is_variable_name(name, '\\'), "{name}");
        }
    }

    #[test]
    fn distance_counts_swaps_as_one_edit() {
        assert_eq!(edit_distance("WROKDIR", "WORKDIR"), 1);
        assert_eq!(edit_distance("runn", "RUN"), 1);
        assert_eq!(edit_distance("chmod", "CMD"), 2);
        assert_eq!(edit_distance("", "ADD"), 3);
    }

    #[test]
    fn closest_rejects_far_words() {
        let keywords = ["ADD", "CMD", "COPY", "RUN", "WORKDIR"];
        assert_eq!(closest("RUNN", keywords), Some("RUN"));
        assert_eq!(closest("wrokdir", keywords), Some("WORKDIR"));
        assert_eq!(closest("chmod", keywords), None);
        assert_eq!(closest("cd", keywords), None);
    }

    #[test]
    fn casing_follows_the_writer() {
        assert_eq!(match_case("runn", "RUN"), "run");
        assert_eq!(match_case("Runn", "RUN"), "Run");
        assert_eq!(match_case("RUNN", "RUN"), "RUN");
        assert_eq!(match_case("rUNN", "RUN"), "RUN");
    }
}
