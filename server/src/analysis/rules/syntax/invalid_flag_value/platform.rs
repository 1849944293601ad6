//! `FROM --platform`: containerd's platform syntax.

use super::{Bad, has_variable};
use crate::analysis::reference::{KNOWN_ARCH, KNOWN_OS};

/// containerd's platform syntax, which BuildKit uses: `os/arch[/variant]`, or a lone OS or
/// architecture it knows. Each part is letters, digits, `_`, `.` and `-`; the OS may carry a
/// version in parentheses (`windows(10.0.17763)`).
pub(super) fn check_platform(value: &str) -> Option<Bad> {
    if value.is_empty() || has_variable(value) {
        return None;
    }
    let bad = || {
        Bad::whole(format!(
            "Invalid platform `{value}` for `--platform` (expected `os/arch[/variant]`, such as `linux/amd64`)"
        ))
    };
    let parts: Vec<&str> = value.split('/').collect();
    if parts.len() > 3 {
        return Some(bad());
    }
    let is_part = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    };
    let os = match parts[0].split_once('(') {
        Some((os, version)) if version.ends_with(')') && parts.len() > 1 => os,
        Some(_) => return Some(bad()),
        None => parts[0],
    };
    if !is_part(os) || !parts[1..].iter().all(|p| is_part(p)) {
        return Some(bad());
    }
    if parts.len() == 1 {
        let lower = os.to_ascii_lowercase();
        if !KNOWN_OS.contains(&lower.as_str()) && !KNOWN_ARCH.contains(&lower.as_str()) {
            return Some(Bad::whole(format!(
                "Invalid platform `{value}` for `--platform`: not an operating system or architecture (expected `os/arch`, such as `linux/amd64`)"
            )));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms() {
        for ok in [
            "linux/amd64",
            "linux/arm/v7",
            "linux",
            "arm64",
            "windows(10.0.17763)/amd64",
            "${TARGETPLATFORM}",
        ] {
            assert!(check_platform(ok).is_none(), "{ok}");
        }
        for bad in ["linux/", "/amd64", "linux/arm/v7/x", "foo", "linux/am d64", "linux(1)"] {
            assert!(check_platform(bad).is_some(), "{bad}");
        }
    }
}
