//! `invalid-flag-value`: a known flag whose value BuildKit rejects: `--chmod` modes, `--mount`
//! types and options, `--network`, `--security`, `--platform`, HEALTHCHECK durations and
//! retries, boolean flags, and string flags written without a value.

use crate::analysis::diagnostic::Severity;
use crate::analysis::model::{Flag, InstructionKind, Spanned};
use crate::analysis::rules::flag_spec::{FlagType, spec_of};
use crate::analysis::rules::suggest::closest;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::syntax::TextRange;

pub static RULE: Rule = Rule {
    id: "invalid-flag-value",
    severity: Severity::Error,
    aliases: &[],
    fix: FixKind::None,
    default_enabled: true,
    summary: "Flag value that BuildKit rejects",
    docs: Docs { en: EN, zh: ZH },
    check,
};

/// A problem inside a value: a byte range relative to the value, and the message.
struct Bad {
    at: Option<(usize, usize)>,
    message: String,
}

impl Bad {
    fn whole(message: String) -> Self {
        Self { at: None, message }
    }

    fn at(start: usize, end: usize, message: String) -> Self {
        Self {
            at: Some((start, end)),
            message,
        }
    }
}

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for instruction in cx.instructions() {
        for flag in &instruction.flags {
            let Some(spec) = spec_of(instruction, flag) else {
                continue;
            };
            let name = spec.name;
            let Some(value) = &flag.value else {
                if spec.ty != FlagType::Bool {
                    sink.report(
                        flag.range,
                        format!("Flag `--{name}` needs a value, as in `--{name}=<value>`"),
                    );
                }
                continue;
            };
            let bad = if spec.ty == FlagType::Bool {
                check_bool(name, &value.value)
            } else {
                check_string(instruction.kind, name, &value.value)
            };
            if let Some(bad) = bad {
                sink.report(value_range(cx.text, flag, value, bad.at), bad.message);
            }
        }
    }
}

/// Where a problem inside a value is in the source. Offsets inside the value only map onto the
/// source when the value is written as is (no quotes, no continuation inside it); otherwise the
/// whole value is the best honest range. An empty value points at the whole flag.
fn value_range(text: &str, flag: &Flag, value: &Spanned<String>, at: Option<(usize, usize)>) -> TextRange {
    if value.range.is_empty() {
        return flag.range;
    }
    match at {
        Some((start, end)) if value.range.slice(text) == value.value && start < end => {
            TextRange::new(value.range.start + start, value.range.start + end)
        }
        _ => value.range,
    }
}

fn check_bool(name: &str, value: &str) -> Option<Bad> {
    if value.is_empty() {
        return Some(Bad::whole(format!(
            "Flag `--{name}=` has an empty value: write `--{name}` or `--{name}=true`"
        )));
    }
    if value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false") {
        return None;
    }
    Some(Bad::whole(format!(
        "Flag `--{name}` takes `true` or `false`, not `{value}`"
    )))
}

fn check_string(kind: InstructionKind, name: &str, value: &str) -> Option<Bad> {
    match (kind, name) {
        (InstructionKind::Copy | InstructionKind::Add, "chmod") => check_chmod(value),
        (InstructionKind::Run, "mount") => check_mount(value),
        (InstructionKind::Run, "network") => check_choice(name, value, &["default", "none", "host"], "network mode"),
        (InstructionKind::Run, "security") => check_choice(name, value, &["insecure", "sandbox"], "security mode"),
        (InstructionKind::From, "platform") => check_platform(value),
        (InstructionKind::Healthcheck, "retries") => check_retries(value),
        (InstructionKind::Healthcheck, _) => check_duration(name, value),
        _ => None,
    }
}

/// BuildKit expands variables in these values at build time, so their final form is unknown.
fn has_variable(value: &str) -> bool {
    value.contains('$')
}

fn check_chmod(value: &str) -> Option<Bad> {
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

fn check_choice(name: &str, value: &str, allowed: &[&str], what: &str) -> Option<Bad> {
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

/// "`a`, `b` or `c`".
fn one_of(options: &[&str]) -> String {
    let quoted: Vec<String> = options.iter().map(|o| format!("`{o}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
    "macos",
];

const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "ppc64",
    "ppc64le",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
    "i386",
    "x86_64",
    "x86-64",
    "aarch64",
    "armhf",
    "armel",
];

/// containerd's platform syntax, which BuildKit uses: `os/arch[/variant]`, or a lone OS or
/// architecture it knows. Each part is letters, digits, `_`, `.` and `-`; the OS may carry a
/// version in parentheses (`windows(10.0.17763)`).
fn check_platform(value: &str) -> Option<Bad> {
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

fn check_duration(name: &str, value: &str) -> Option<Bad> {
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

fn check_retries(value: &str) -> Option<Bad> {
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

/// One comma-separated field of a `--mount` value, as Go's `encoding/csv` reads it.
struct Field {
    text: String,
    start: usize,
    end: usize,
    quoted: bool,
}

/// Go's `encoding/csv` on a single record, with the byte range of each field. Errors on a bare
/// or unterminated quote, as Go does (BuildKit: `failed to parse csv mounts`).
fn split_csv(value: &str) -> Result<Vec<Field>, (usize, usize)> {
    let bytes = value.as_bytes();
    let mut fields = Vec::new();
    let mut i = 0;
    loop {
        let start = i;
        if bytes.get(i) == Some(&b'"') {
            let mut text = String::new();
            i += 1;
            loop {
                match value[i..].find('"') {
                    None => return Err((start, value.len())),
                    Some(q) => {
                        text.push_str(&value[i..i + q]);
                        i += q + 1;
                        if bytes.get(i) == Some(&b'"') {
                            text.push('"');
                            i += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
            if i < bytes.len() && bytes[i] != b',' {
                return Err((start, i + 1));
            }
            fields.push(Field {
                text,
                start,
                end: i,
                quoted: true,
            });
        } else {
            let end = value[i..].find(',').map_or(value.len(), |c| i + c);
            if let Some(q) = value[i..end].find('"') {
                return Err((i + q, i + q + 1));
            }
            fields.push(Field {
                text: value[i..end].to_string(),
                start,
                end,
                quoted: false,
            });
            i = end;
        }
        if i >= bytes.len() {
            return Ok(fields);
        }
        // Skip the comma.
        i += 1;
    }
}

const MOUNT_TYPES: &[&str] = &["bind", "cache", "tmpfs", "secret", "ssh"];

const MOUNT_KEYS: &[&str] = &[
    "type",
    "from",
    "source",
    "src",
    "target",
    "dst",
    "destination",
    "readonly",
    "ro",
    "readwrite",
    "rw",
    "id",
    "sharing",
    "required",
    "mode",
    "uid",
    "gid",
    "size",
    "env",
];

/// Go's `strconv.ParseBool`.
fn is_go_bool(value: &str) -> bool {
    matches!(
        value,
        "1" | "t" | "T" | "TRUE" | "true" | "True" | "0" | "f" | "F" | "FALSE" | "false" | "False"
    )
}

/// go-units' `RAMInBytes`: a number, then an optional binary unit (`64m`, `1.5GiB`, `512k`).
fn is_ram_size(value: &str) -> bool {
    let digits = value.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    let (number, unit) = value.split_at(digits);
    if number.is_empty() || !number.as_bytes()[0].is_ascii_digit() || number.ends_with('.') || number.contains("..") {
        return false;
    }
    let unit = unit.strip_prefix(' ').unwrap_or(unit);
    let mut rest = unit.chars().peekable();
    if rest.peek().is_some_and(|c| "kKmMgGtTpP".contains(*c)) {
        rest.next();
    }
    if rest.peek().is_some_and(|c| matches!(c, 'i' | 'I')) {
        rest.next();
    }
    if rest.peek().is_some_and(|c| matches!(c, 'b' | 'B')) {
        rest.next();
    }
    rest.next().is_none()
}

/// BuildKit's `parseMount`, in its order, stopping at the first problem as BuildKit does.
/// Values with variables are expanded at build time and are not checked; a `type` written with a
/// variable makes the type-dependent checks moot.
fn check_mount(value: &str) -> Option<Bad> {
    if value.is_empty() {
        return Some(Bad::whole(
            "Empty `--mount` value (expected `type=...,target=...`)".to_string(),
        ));
    }
    let fields = match split_csv(value) {
        Ok(fields) => fields,
        Err((start, end)) => {
            return Some(Bad::at(
                start,
                end,
                "Misplaced quote in `--mount` (quote a whole option, as in `\"target=/a,b\"`)".to_string(),
            ));
        }
    };
    let mut mount_type = Some("bind".to_string());
    let mut seen: Vec<(String, usize, usize)> = Vec::new();
    let mut has_from = false;
    let mut has_source = false;
    let mut has_target = false;
    let mut has_id = false;
    let mut has_env = false;
    let mut sharing = None;
    for field in &fields {
        let (key, val) = match field.text.split_once('=') {
            Some((k, v)) => (k.to_ascii_lowercase(), Some(v)),
            None => (field.text.to_ascii_lowercase(), None),
        };
        let key_end = if field.quoted {
            field.end
        } else {
            field.start + key.len()
        };
        let (val_start, val_end) = if field.quoted {
            (field.start, field.end)
        } else {
            (key_end + 1, field.end)
        };
        let Some(val) = val else {
            match key.as_str() {
                "readonly" | "ro" | "readwrite" | "rw" => continue,
                "required" => {
                    if matches!(mount_type.as_deref(), Some("secret" | "ssh") | None) {
                        continue;
                    }
                    let later_secret = fields.iter().any(|f| {
                        f.text
                            .split_once('=')
                            .is_some_and(|(k, v)| k.eq_ignore_ascii_case("type") && matches!(v, "secret" | "ssh"))
                    });
                    let hint = if later_secret { " (put `type=` before it)" } else { "" };
                    return Some(Bad::at(
                        field.start,
                        field.end,
                        format!("`required` applies only to `secret` and `ssh` mounts{hint}"),
                    ));
                }
                "" => {
                    // BuildKit splits arguments at blanks first, so `type=cache,\` followed by an
                    // indented line leaves an empty option at the end of the flag.
                    let comma = if field.start > 0 { field.start - 1 } else { field.end };
                    return Some(Bad::at(
                        comma,
                        comma + 1,
                        "Empty option in `--mount` (a stray comma, or options split over lines?)".to_string(),
                    ));
                }
                _ => {
                    return Some(Bad::at(
                        field.start,
                        field.end,
                        format!(
                            "Mount option `{}` needs a value, as in `{}=<value>`",
                            field.text, field.text
                        ),
                    ));
                }
            }
        };
        seen.push((key.clone(), field.start, key_end));
        let variable = has_variable(val);
        let bad_value = |message: String| Some(Bad::at(val_start, val_end, message));
        match key.as_str() {
            "type" => {
                if variable {
                    mount_type = None;
                    continue;
                }
                let lower = val.to_ascii_lowercase();
                if !MOUNT_TYPES.contains(&lower.as_str()) {
                    let hint = match closest(&lower, MOUNT_TYPES.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("expected {}", one_of(MOUNT_TYPES)),
                    };
                    return bad_value(format!("Unknown mount type `{val}` ({hint})"));
                }
                mount_type = Some(lower);
            }
            "from" => has_from = true,
            "source" | "src" => has_source = !val.is_empty(),
            "target" | "dst" | "destination" => has_target = !val.is_empty(),
            "id" => has_id = !val.is_empty(),
            "env" => has_env = !val.is_empty(),
            "readonly" | "ro" | "readwrite" | "rw" => {
                if !variable && !is_go_bool(val) {
                    return bad_value(format!("Mount option `{key}` takes `true` or `false`, not `{val}`"));
                }
            }
            "required" => {
                if !matches!(mount_type.as_deref(), Some("secret" | "ssh") | None) {
                    return Some(Bad::at(
                        field.start,
                        field.end,
                        "`required` applies only to `secret` and `ssh` mounts".to_string(),
                    ));
                }
                if !variable && !is_go_bool(val) {
                    return bad_value(format!("Mount option `required` takes `true` or `false`, not `{val}`"));
                }
            }
            "sharing" => {
                if !variable && !["shared", "private", "locked"].contains(&val.to_ascii_lowercase().as_str()) {
                    return bad_value(format!(
                        "Unknown cache sharing `{val}` (expected `shared`, `private` or `locked`)"
                    ));
                }
                sharing = Some((field.start, field.end));
            }
            "mode" => {
                if !variable && u32::from_str_radix(val, 8).is_err() {
                    return bad_value(format!("Mount `mode` must be octal, as in `0600`, not `{val}`"));
                }
            }
            "uid" | "gid" => {
                if !variable && val.parse::<u32>().is_err() {
                    return bad_value(format!("Mount `{key}` must be a number, not `{val}`"));
                }
            }
            "size" => {
                if !matches!(mount_type.as_deref(), Some("tmpfs") | None) {
                    return Some(Bad::at(
                        field.start,
                        field.end,
                        "`size` applies only to `tmpfs` mounts".to_string(),
                    ));
                }
                if !variable && !is_ram_size(val) {
                    return bad_value(format!("Invalid tmpfs size `{val}` (expected a size such as `64m`)"));
                }
            }
            _ => {
                let hint = match closest(&key, MOUNT_KEYS.iter().copied()) {
                    Some(s) => format!(" (did you mean `{s}`?)"),
                    None => String::new(),
                };
                return Some(Bad::at(
                    field.start,
                    key_end,
                    format!("Unknown `--mount` option `{key}`{hint}"),
                ));
            }
        }
    }
    let mount_type = mount_type?;
    if !matches!(mount_type.as_str(), "secret" | "ssh" | "cache") {
        if let Some((key, start, end)) = seen
            .iter()
            .find(|(k, _, _)| matches!(k.as_str(), "mode" | "uid" | "gid"))
        {
            return Some(Bad::at(
                *start,
                *end,
                format!("`{key}` is not allowed on `{mount_type}` mounts (only `cache`, `secret` and `ssh`)"),
            ));
        }
    }
    if let Some((start, end)) = sharing.filter(|_| mount_type != "cache") {
        return Some(Bad::at(
            start,
            end,
            format!("`sharing` applies only to `cache` mounts, not `{mount_type}`"),
        ));
    }
    if mount_type == "secret" {
        if has_from {
            return Some(Bad::whole("A `secret` mount cannot have `from`".to_string()));
        }
        if !has_source && !has_target && !has_id && !has_env {
            return Some(Bad::whole(
                "A `secret` mount needs `id`, `source`, `target` or `env`".to_string(),
            ));
        }
        if has_source && has_id {
            return Some(Bad::whole(
                "A `secret` mount cannot set both `source` and `id`".to_string(),
            ));
        }
    }
    None
}

const EN: &str = r#"## What it does

Reports a value that BuildKit rejects for a flag it knows:

- `COPY`/`ADD --chmod`: an octal mode up to `7777` or a symbolic one (`u+x,go-w`);
- `RUN --mount`: the type (`bind`, `cache`, `tmpfs`, `secret`, `ssh`), the option names, and the
  values of `sharing`, `mode`, `uid`, `gid`, `size`, `ro`/`rw`/`required`, plus the options a
  type does not allow (`mode` on a `bind` mount, `from` on a `secret` mount...);
- `RUN --network` (`default`, `none`, `host`) and `RUN --security` (`insecure`, `sandbox`);
- `FROM --platform`: `os/arch[/variant]` such as `linux/arm64/v8`;
- `HEALTHCHECK --interval`, `--timeout`, `--start-period`, `--start-interval`: Go durations with
  a unit (`30s`, `1m30s`), at least `1ms`; `--retries`: a whole number, not negative;
- boolean flags (`--link`, `--parents`, `--keep-git-dir`, `--unpack`): `true` or `false`;
- any other flag written without its `=value`.

Values that contain a variable (`--platform=$BUILDPLATFORM`) are expanded at build time and are
not checked.

## Why is this bad?

BuildKit fails the build on these values, sometimes only after earlier steps have run, and a
typo inside a long `--mount` value is easy to miss by eye.

## Example

```dockerfile
FROM golang:1.23
RUN --mount=type=cahce,target=/root/.cache/go-build go build ./...
COPY --chmod=64a entrypoint.sh /
HEALTHCHECK --interval=30 CMD ["/app", "health"]
```

## Use instead

```dockerfile
FROM golang:1.23
RUN --mount=type=cache,target=/root/.cache/go-build go build ./...
COPY --chmod=755 entrypoint.sh /
HEALTHCHECK --interval=30s CMD ["/app", "health"]
```

## Fix safety

There is no automatic fix: the intended value cannot be known for sure.

## References

- [Dockerfile reference: RUN --mount](https://docs.docker.com/reference/dockerfile/#run---mount)
- [Dockerfile reference: COPY --chmod](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
- [Go `time.ParseDuration`](https://pkg.go.dev/time#ParseDuration)
"#;

const ZH: &str = r#"## 作用

报告 BuildKit 会拒绝的选项值:

- `COPY`/`ADD --chmod`:不超过 `7777` 的八进制权限,或符号形式(`u+x,go-w`);
- `RUN --mount`:类型(`bind`、`cache`、`tmpfs`、`secret`、`ssh`)、选项名,以及 `sharing`、`mode`、`uid`、
  `gid`、`size`、`ro`/`rw`/`required` 的值,还有某种类型不允许的选项(`bind` 挂载上的 `mode`、
  `secret` 挂载上的 `from` 等);
- `RUN --network`(`default`、`none`、`host`)和 `RUN --security`(`insecure`、`sandbox`);
- `FROM --platform`:`os/arch[/variant]`,例如 `linux/arm64/v8`;
- `HEALTHCHECK --interval`、`--timeout`、`--start-period`、`--start-interval`:带单位的 Go 时长(`30s`、
  `1m30s`),且不小于 `1ms`;`--retries`:非负整数;
- 布尔选项(`--link`、`--parents`、`--keep-git-dir`、`--unpack`):`true` 或 `false`;
- 其他没有写 `=值` 的选项。

含有变量的值(`--platform=$BUILDPLATFORM`)在构建时才展开,不做检查。

## 为什么不好

BuildKit 会因这些值让构建失败,有时要等前面的步骤都执行完才报错;而很长的 `--mount` 值里的拼写错误,
肉眼很难发现。

## 示例

```dockerfile
FROM golang:1.23
RUN --mount=type=cahce,target=/root/.cache/go-build go build ./...
COPY --chmod=64a entrypoint.sh /
HEALTHCHECK --interval=30 CMD ["/app", "health"]
```

## 建议写法

```dockerfile
FROM golang:1.23
RUN --mount=type=cache,target=/root/.cache/go-build go build ./...
COPY --chmod=755 entrypoint.sh /
HEALTHCHECK --interval=30s CMD ["/app", "health"]
```

## 修复安全性

没有自动修复:无法确定作者想要的值。

## 参考

- [Dockerfile 参考文档:RUN --mount](https://docs.docker.com/reference/dockerfile/#run---mount)
- [Dockerfile 参考文档:COPY --chmod](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
- [Dockerfile 参考文档:HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
- [Go `time.ParseDuration`](https://pkg.go.dev/time#ParseDuration)
"#;

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

    #[test]
    fn csv_fields_keep_their_ranges() {
        let fields = split_csv(r#"type=bind,"target=/a,b",ro"#).unwrap_or_default();
        let got: Vec<(&str, usize, usize, bool)> = fields
            .iter()
            .map(|f| (f.text.as_str(), f.start, f.end, f.quoted))
            .collect();
        assert_eq!(
            got,
            vec![
                ("type=bind", 0, 9, false),
                ("target=/a,b", 10, 23, true),
                ("ro", 24, 26, false)
            ]
        );
        assert!(split_csv(r#"target=/a"b"#).is_err());
        assert!(split_csv(r#""target=/a"#).is_err());
    }

    #[test]
    fn mounts() {
        for ok in [
            "type=cache,target=/root/.cache",
            "target=/go/pkg/mod,type=cache",
            "type=bind,from=builder,source=/out,target=/in,rw",
            "type=secret,id=npmrc,target=/root/.npmrc,required",
            "type=secret,id=token,env=TOKEN",
            "type=ssh",
            "type=tmpfs,target=/tmp,size=64m",
            "type=cache,target=/var/cache/apt,sharing=locked,mode=0755,uid=1000",
            "type=$KIND,target=/x,sharing=locked",
            "Type=Cache,Target=/x",
        ] {
            assert!(check_mount(ok).is_none(), "{ok}");
        }
        for (bad, expect) in [
            ("type=cahce,target=/x", "did you mean `cache`"),
            ("type=cache,targt=/x", "did you mean `target`"),
            ("type=cache,sharing=exclusive", "sharing"),
            ("type=bind,target=/x,mode=0755", "not allowed"),
            ("type=bind,target=/x,sharing=locked", "only to `cache`"),
            ("required,type=secret,id=x", "put `type=` before it"),
            ("type=secret,from=x,id=y", "cannot have `from`"),
            ("type=secret", "needs `id`"),
            ("type=cache,uid=abc", "must be a number"),
            ("type=cache,mode=999", "octal"),
            ("type=bind,target", "needs a value"),
            ("type=tmpfs,size=lots", "tmpfs size"),
            ("type=cache,", "Empty option"),
            ("type=cache,,target=/x", "Empty option"),
            ("", "Empty"),
        ] {
            match check_mount(bad) {
                Some(b) => assert!(b.message.contains(expect), "{bad}: {}", b.message),
                None => panic!("{bad} passed"),
            }
        }
    }

    #[test]
    fn retries_and_choices() {
        assert!(check_retries("3").is_none());
        assert!(check_retries("0").is_none());
        assert!(check_retries("-1").is_some());
        assert!(check_retries("three").is_some());
        assert!(check_choice("network", "host", &["default", "none", "host"], "network mode").is_none());
        let b = check_choice("network", "hots", &["default", "none", "host"], "network mode");
        assert!(b.is_some_and(|b| b.message.contains("did you mean `host`")));
    }
}
