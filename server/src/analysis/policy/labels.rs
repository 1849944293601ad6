//! The kinds of label value `required-labels` can ask for, as in hadolint's `label-schema`, and
//! what each accepts.

/// The kind of value a required label must hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LabelKind {
    /// Anything that is not empty.
    Text,
    /// An absolute URI (RFC 3986), `https://github.com/acme/app`.
    Url,
    /// An e-mail address (RFC 5322 `addr-spec`), `team@acme.example`.
    Email,
    /// A semantic version (SemVer 2.0.0), `1.4.2`, `2.0.0-rc.1+build.5`.
    Semver,
    /// An RFC 3339 date and time, `2025-01-31T12:00:00Z`.
    Rfc3339,
    /// An SPDX license expression, `MIT OR Apache-2.0`.
    Spdx,
    /// A Git commit hash, abbreviated (7 to 40 hex digits) or full (40, or 64 for SHA-256).
    GitHash,
}

impl LabelKind {
    pub const ALL: [LabelKind; 7] = [
        LabelKind::Text,
        LabelKind::Url,
        LabelKind::Email,
        LabelKind::Semver,
        LabelKind::Rfc3339,
        LabelKind::Spdx,
        LabelKind::GitHash,
    ];

    /// The kind's name in the configuration; hadolint's `hash` also names [`LabelKind::GitHash`].
    pub fn parse(name: &str) -> Option<LabelKind> {
        match name {
            "hash" => Some(LabelKind::GitHash),
            _ => Self::ALL.into_iter().find(|k| k.name() == name),
        }
    }

    pub const fn name(self) -> &'static str {
        match self {
            LabelKind::Text => "text",
            LabelKind::Url => "url",
            LabelKind::Email => "email",
            LabelKind::Semver => "semver",
            LabelKind::Rfc3339 => "rfc3339",
            LabelKind::Spdx => "spdx",
            LabelKind::GitHash => "git-hash",
        }
    }

    /// The hadolint code of a value of this kind that is malformed (`None` for text, which takes
    /// anything).
    pub const fn code(self) -> Option<&'static str> {
        match self {
            LabelKind::Text => None,
            LabelKind::Url => Some("DL3052"),
            LabelKind::Rfc3339 => Some("DL3053"),
            LabelKind::Spdx => Some("DL3054"),
            LabelKind::GitHash => Some("DL3055"),
            LabelKind::Semver => Some("DL3056"),
            LabelKind::Email => Some("DL3058"),
        }
    }

    /// What a value of this kind looks like, for messages.
    pub const fn expected(self) -> &'static str {
        match self {
            LabelKind::Text => "text",
            LabelKind::Url => "an absolute URL (RFC 3986)",
            LabelKind::Email => "an e-mail address (RFC 5322)",
            LabelKind::Semver => "a semantic version (SemVer 2.0.0)",
            LabelKind::Rfc3339 => "an RFC 3339 date and time",
            LabelKind::Spdx => "an SPDX license expression",
            LabelKind::GitHash => "a Git commit hash",
        }
    }

    /// Whether a non-empty `value` is of this kind (emptiness is reported on its own).
    pub fn accepts(self, value: &str) -> bool {
        match self {
            LabelKind::Text => true,
            LabelKind::Url => is_url(value),
            LabelKind::Email => is_email(value),
            LabelKind::Semver => is_semver(value),
            LabelKind::Rfc3339 => is_rfc3339(value),
            LabelKind::Spdx => spdx::Expression::parse(value).is_ok(),
            LabelKind::GitHash => is_git_hash(value),
        }
    }
}

/// RFC 3986 `absolute-URI` with something after the scheme; with `//`, a host.
fn is_url(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !scheme_ok || rest.is_empty() || !uri_chars(rest) {
        return false;
    }
    match rest.strip_prefix("//") {
        Some(after) => {
            let authority = after.split(['/', '?', '#']).next().unwrap_or("");
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            let host = match host.strip_prefix('[') {
                Some(v6) => v6.split_once(']').map_or("", |(h, _)| h),
                None => host.split(':').next().unwrap_or(""),
            };
            !host.is_empty()
        }
        None => true,
    }
}

/// Only characters a URI may hold, `%` always followed by two hex digits.
fn uri_chars(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
            continue;
        }
        if !(b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b)) {
            return false;
        }
        i += 1;
    }
    true
}

/// RFC 5322 `addr-spec`: a dot-atom or quoted local part, `@`, a dot-atom domain or a domain
/// literal.
fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    let atext = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-".contains(&b);
    let dot_atom = |s: &str| !s.is_empty() && s.split('.').all(|atom| !atom.is_empty() && atom.bytes().all(atext));
    let quoted = |s: &str| {
        s.len() >= 2
            && s.starts_with('"')
            && s.ends_with('"')
            && s[1..s.len() - 1]
                .bytes()
                .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
    };
    let literal = |s: &str| {
        s.len() >= 2
            && s.starts_with('[')
            && s.ends_with(']')
            && s[1..s.len() - 1]
                .bytes()
                .all(|b| (b'!'..=b'~').contains(&b) && !matches!(b, b'[' | b']' | b'\\'))
    };
    (dot_atom(local) || quoted(local)) && (dot_atom(domain) || literal(domain))
}

/// SemVer 2.0.0: `MAJOR.MINOR.PATCH[-pre.release][+build.meta]`, no leading zeros in numbers.
fn is_semver(value: &str) -> bool {
    let (rest, build) = match value.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (value, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    let ident = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| numeric(p))
        && pre.is_none_or(|pre| {
            pre.split('.')
                .all(|id| ident(id) && (!id.bytes().all(|b| b.is_ascii_digit()) || numeric(id)))
        })
        && build.is_none_or(|build| build.split('.').all(ident))
}

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`, `T` and `Z` in either
/// case or a space for `T` (which RFC 3339 allows for readability), with real dates and times.
fn is_rfc3339(value: &str) -> bool {
    let b = value.as_bytes();
    let digits = |from: usize, len: usize| -> Option<u32> {
        let part = value.get(from..from + len)?;
        part.bytes().all(|d| d.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let (Some(year), Some(month), Some(day)) = (digits(0, 4), digits(5, 2), digits(8, 2)) else {
        return false;
    };
    if !(at(4, b'-') && at(7, b'-') && matches!(b.get(10), Some(b'T' | b't' | b' '))) {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) = (digits(11, 2), digits(14, 2), digits(17, 2)) else {
        return false;
    };
    if !(at(13, b':') && at(16, b':')) {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days || hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        let fraction = b[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
        if fraction == 0 {
            return false;
        }
        i += 1 + fraction;
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            let (Some(h), Some(m)) = (digits(i + 1, 2), digits(i + 4, 2)) else {
                return false;
            };
            at(i + 3, b':') && h <= 23 && m <= 59 && i + 6 == b.len()
        }
        _ => false,
    }
}

/// 7 to 40 hex digits (an abbreviated or full SHA-1 hash) or 64 (a SHA-256 one).
fn is_git_hash(value: &str) -> bool {
    ((7..=40).contains(&value.len()) || value.len() == 64) && value.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(kind: LabelKind, good: &[&str], bad: &[&str]) {
        for v in good {
            assert!(kind.accepts(v), "{} should accept {v:?}", kind.name());
        }
        for v in bad {
            assert!(!kind.accepts(v), "{} should reject {v:?}", kind.name());
        }
    }

    #[test]
    fn names_round_trip_and_hadolint_hash_is_git_hash() {
        for kind in LabelKind::ALL {
            assert_eq!(LabelKind::parse(kind.name()), Some(kind));
        }
        assert_eq!(LabelKind::parse("hash"), Some(LabelKind::GitHash));
        assert_eq!(LabelKind::parse("uri"), None);
    }

    #[test]
    fn urls() {
        check(
            LabelKind::Url,
            &[
                "https://github.com/acme/app",
                "http://[::1]:8080/x?y=1#z",
                "git+ssh://git@host/repo.git",
                "urn:isbn:0451450523",
                "https://example.com/a%20b",
            ],
            &[
                "github.com/acme/app",
                "https://",
                "https:// x",
                "http://a b",
                "1http://x",
                "https://x/%zz",
                "mailto:",
            ],
        );
    }

    #[test]
    fn emails() {
        check(
            LabelKind::Email,
            &[
                "team@acme.example",
                "first.last+tag@x.io",
                "\"a b\"@x.io",
                "root@[127.0.0.1]",
            ],
            &[
                "team",
                "@x.io",
                "a@",
                "a..b@x.io",
                ".a@x.io",
                "Team <team@acme.example>",
                "a@b@c",
            ],
        );
    }

    #[test]
    fn semantic_versions() {
        check(
            LabelKind::Semver,
            &[
                "1.4.2",
                "0.0.0",
                "2.0.0-rc.1+build.5",
                "1.0.0-alpha-a.b-c",
                "1.0.0+20130313144700",
            ],
            &[
                "v1.4.2",
                "1.4",
                "01.2.3",
                "1.2.3-01",
                "1.2.3-",
                "1.2.3+",
                "1.2.3-a..b",
                "latest",
            ],
        );
    }

    #[test]
    fn rfc3339_times() {
        check(
            LabelKind::Rfc3339,
            &[
                "2025-01-31T12:00:00Z",
                "2024-02-29t23:59:60.123+05:30",
                "2025-01-31 12:00:00-00:00",
            ],
            &[
                "2025-01-31",
                "2025-02-29T00:00:00Z",
                "2025-13-01T00:00:00Z",
                "2025-01-31T24:00:00Z",
                "2025-01-31T12:00:00",
                "2025-01-31T12:00:00.Z",
                "2025-01-31T12:00:00+0530",
                "1706702400",
            ],
        );
    }

    #[test]
    fn spdx_expressions() {
        check(
            LabelKind::Spdx,
            &[
                "MIT",
                "Apache-2.0",
                "MIT OR Apache-2.0",
                "GPL-2.0-only WITH Classpath-exception-2.0",
                "LicenseRef-acme",
            ],
            &["MIT License", "Apache 2", "MIT or", "Proprietary"],
        );
    }

    #[test]
    fn git_hashes() {
        check(
            LabelKind::GitHash,
            &[
                "1a2b3c4",
                "0123456789abcdef0123456789abcdef01234567",
                &"a".repeat(64),
                "DEADBEEF",
            ],
            &["1a2b3c", "g123456", &"a".repeat(41), "main"],
        );
    }
}
