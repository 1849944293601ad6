//! HEALTHCHECK's timings (Go durations) and `--retries`.

use super::Bad;

#[derive(Debug, PartialEq)]
enum DurationError {
    Invalid,
    MissingUnit,
    UnknownUnit(String),
}

/// Go's `time.ParseDuration`, the parser BuildKit uses: an optional sign, then one or more
/// decimal numbers each with a unit (`ns`, `us`, `µs`, `ms`, `s`, `m`, `h`), or a bare `0`.
/// Returns nanoseconds.
fn parse_go_duration(value: &str) -> Result<f64, DurationError> {
    let (negative, mut s) = match value.as_bytes().first() {
        Some(b'-') => (true, &value[1..]),
        Some(b'+') => (false, &value[1..]),
        _ => (false, value),
    };
    if s == "0" {
        return Ok(0.0);
    }
    if s.is_empty() {
        return Err(DurationError::Invalid);
    }
    let mut total = 0.0;
    while !s.is_empty() {
        let int_len = s.bytes().take_while(u8::is_ascii_digit).count();
        let mut number_len = int_len;
        let mut frac_len = 0;
        if s.as_bytes().get(int_len) == Some(&b'.') {
            frac_len = s[int_len + 1..].bytes().take_while(u8::is_ascii_digit).count();
            number_len = int_len + 1 + frac_len;
        }
        if int_len == 0 && frac_len == 0 {
            return Err(DurationError::Invalid);
        }
        let number: f64 = s[..number_len].parse().unwrap_or(0.0);
        s = &s[number_len..];
        let unit_len = s.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(s.len());
        let unit = &s[..unit_len];
        let scale = match unit {
            "" => return Err(DurationError::MissingUnit),
            "ns" => 1.0,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            other => return Err(DurationError::UnknownUnit(other.to_string())),
        };
        total += number * scale;
        s = &s[unit_len..];
    }
    Ok(if negative { -total } else { total })
}

pub(super) fn check_duration(name: &str, value: &str) -> Option<Bad> {
    if value.is_empty() {
        return None;
    }
    let nanos = match parse_go_duration(value) {
        Ok(n) => n,
        Err(DurationError::MissingUnit) => {
            return Some(Bad::whole(format!(
                "Duration `{value}` for `--{name}` has no unit (write `{value}s`, `{value}m`...)"
            )));
        }
        Err(DurationError::UnknownUnit(unit)) => {
            return Some(Bad::whole(format!(
                "Unknown unit `{unit}` in duration `{value}` for `--{name}` (use `ms`, `s`, `m` or `h`)"
            )));
        }
        Err(DurationError::Invalid) => {
            return Some(Bad::whole(format!(
                "Invalid duration `{value}` for `--{name}` (expected a duration such as `30s` or `1m30s`)"
            )));
        }
    };
    if nanos != 0.0 && nanos < 1e6 {
        return Some(Bad::whole(format!(
            "Duration `{value}` for `--{name}` is below the minimum of `1ms`"
        )));
    }
    None
}

pub(super) fn check_retries(value: &str) -> Option<Bad> {
    if value.is_empty() {
        return None;
    }
    match value.parse::<i32>() {
        Ok(n) if n < 0 => Some(Bad::whole(format!("`--retries` cannot be negative, got `{value}`"))),
        Ok(_) => None,
        Err(_) => Some(Bad::whole(format!(
            "Invalid retry count `{value}` for `--retries` (expected a whole number)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations() {
        assert_eq!(parse_go_duration("30s"), Ok(30e9));
        assert_eq!(parse_go_duration("1m30s"), Ok(90e9));
        assert_eq!(parse_go_duration("1.5h"), Ok(5400e9));
        assert_eq!(parse_go_duration(".5s"), Ok(0.5e9));
        assert_eq!(parse_go_duration("0"), Ok(0.0));
        assert_eq!(parse_go_duration("-2s"), Ok(-2e9));
        assert_eq!(parse_go_duration("300\u{b5}s"), Ok(300e3));
        assert_eq!(parse_go_duration("5"), Err(DurationError::MissingUnit));
        assert_eq!(parse_go_duration("5 s"), Err(DurationError::UnknownUnit(" s".into())));
        assert_eq!(parse_go_duration("5sec"), Err(DurationError::UnknownUnit("sec".into())));
        assert_eq!(parse_go_duration("s"), Err(DurationError::Invalid));
        assert_eq!(parse_go_duration("."), Err(DurationError::Invalid));
        assert_eq!(parse_go_duration(""), Err(DurationError::Invalid));
    }

    #[test]
    fn retries() {
        assert!(check_retries("3").is_none());
        assert!(check_retries("0").is_none());
        assert!(check_retries("-1").is_some());
        assert!(check_retries("three").is_some());
    }
}
