//! `COPY`/`ADD --chmod`: an octal mode up to `7777`, or chmod's symbolic form.

use super::{Bad, has_variable};

pub(super) fn check_chmod(value: &str) -> Option<Bad> {
    if value.is_empty() || has_variable(value) {
        return None;
    }
    if value.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        let fits = u32::from_str_radix(value, 8).is_ok_and(|mode| mode <= 0o7777);
        return (!fits).then(|| Bad::whole(format!("Mode `{value}` for `--chmod` is above `7777`")));
    }
    if is_symbolic_mode(value) {
        return None;
    }
    Some(Bad::whole(format!(
        "Invalid mode `{value}` for `--chmod`: use octal (`755`) or symbolic (`u+x,go-w`) form"
    )))
}

/// chmod's symbolic grammar: clauses like `u+x`, `go-w`, `a=rX`, `g=u`, separated by commas.
fn is_symbolic_mode(value: &str) -> bool {
    value.split(',').all(|clause| {
        let rest = clause.trim_start_matches(['u', 'g', 'o', 'a']);
        if rest.is_empty() {
            return false;
        }
        let mut chars = rest.chars().peekable();
        while let Some(op) = chars.next() {
            if !matches!(op, '+' | '-' | '=') {
                return false;
            }
            if chars.peek().is_some_and(|c| matches!(c, 'u' | 'g' | 'o')) {
                chars.next();
                continue;
            }
            while chars
                .peek()
                .is_some_and(|c| matches!(c, 'r' | 'w' | 'x' | 'X' | 's' | 't'))
            {
                chars.next();
            }
        }
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chmod_modes() {
        for ok in [
            "755",
            "0644",
            "7777",
            "u+x",
            "a+rX,go-w",
            "g=u",
            "u=rwx,go=rx",
            "+x",
            "$MODE",
        ] {
            assert!(check_chmod(ok).is_none(), "{ok}");
        }
        for bad in ["64a", "10000", "u+y", "rwx", "u", "8", "u+x,"] {
            assert!(check_chmod(bad).is_some(), "{bad}");
        }
    }
}
