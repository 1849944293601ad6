//! Flags that take one of a closed set of values (`RUN --network`, `RUN --security`).

use super::{Bad, one_of};
use crate::analysis::rules::suggest::closest;

/// `allowed` in the table's order, which "did you mean" breaks ties in; the message lists them
/// alphabetically.
pub(super) fn check_choice(name: &str, value: &str, allowed: &[&str]) -> Option<Bad> {
    if allowed.contains(&value) {
        return None;
    }
    let what = format!("{name} mode");
    let mut sorted = allowed.to_vec();
    sorted.sort_unstable();
    let expected = one_of(&sorted);
    let mut message = format!("Unknown {what} `{value}` for `--{name}` (expected {expected})");
    if let Some(s) = closest(value, allowed.iter().copied()) {
        message = format!("Unknown {what} `{value}` for `--{name}` (did you mean `{s}`?)");
    }
    Some(Bad::whole(message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::reference::{NETWORKS, SECURITY};

    #[test]
    fn choices() {
        assert!(check_choice("network", "host", NETWORKS).is_none());
        let b = check_choice("network", "hots", NETWORKS);
        assert!(b.is_some_and(|b| b.message.contains("did you mean `host`")));
        let b = check_choice("security", "unsafe", SECURITY);
        assert!(b.is_some_and(
            |b| b.message == "Unknown security mode `unsafe` for `--security` (expected `insecure` or `sandbox`)"
        ));
    }
}
