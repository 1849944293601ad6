//! Flags that take one of a closed set of values: `RUN --network`, `RUN --security`.

use super::{Bad, one_of};
use crate::analysis::rules::suggest::closest;

pub(super) fn check_choice(name: &str, value: &str, allowed: &[&str], what: &str) -> Option<Bad> {
    if allowed.contains(&value) {
        return None;
    }
    let expected = one_of(allowed);
    let mut message = format!("Unknown {what} `{value}` for `--{name}` (expected {expected})");
    if let Some(s) = closest(value, allowed.iter().copied()) {
        message = format!("Unknown {what} `{value}` for `--{name}` (did you mean `{s}`?)");
    }
    Some(Bad::whole(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices() {
        assert!(check_choice("network", "host", &["default", "none", "host"], "network mode").is_none());
        let b = check_choice("network", "hots", &["default", "none", "host"], "network mode");
        assert!(b.is_some_and(|b| b.message.contains("did you mean `host`")));
    }
}
