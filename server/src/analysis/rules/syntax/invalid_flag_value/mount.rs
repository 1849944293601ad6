//! `RUN --mount`: BuildKit's `parseMount`, read through Go's CSV reader.

use super::{Bad, has_variable, one_of};
use crate::analysis::reference::{self, MOUNT_TYPES, SHARING, mount_option, mount_option_names, mount_types_taking};
use crate::analysis::rules::suggest::closest;

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

/// Whether a mount of `mount_type` takes `key` (its canonical name); a type written with a
/// variable might take anything.
fn takes(mount_type: Option<&str>, key: &str) -> bool {
    mount_type.is_none_or(|t| mount_types_taking(key).any(|m| m == t))
}

/// "`a`, `b` and `c`": the mount types that take `key`.
fn types_taking(key: &str) -> String {
    let quoted: Vec<String> = mount_types_taking(key).map(|t| format!("`{t}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// BuildKit's `parseMount`, in its order, stopping at the first problem as BuildKit does.
/// Values with variables are expanded at build time and are not checked; a `type` written with a
/// variable makes the type-dependent checks moot.
pub(super) fn check_mount(value: &str) -> Option<Bad> {
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
        let option = mount_option(&key);
        let Some(val) = val else {
            match option {
                Some(o) if o.name == "required" => {
                    if takes(mount_type.as_deref(), "required") {
                        continue;
                    }
                    let later_type = fields.iter().any(|f| {
                        f.text.split_once('=').is_some_and(|(k, v)| {
                            k.eq_ignore_ascii_case("type") && mount_types_taking("required").any(|t| t == v)
                        })
                    });
                    let hint = if later_type { " (put `type=` before it)" } else { "" };
                    return Some(Bad::at(
                        field.start,
                        field.end,
                        format!("`required` applies only to {} mounts{hint}", types_taking("required")),
                    ));
                }
                Some(o) if o.flag_like => continue,
                _ if key.is_empty() => {
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
        let Some(option) = option else {
            if key != "type" {
                let hint = match closest(&key, mount_option_names()) {
                    Some(s) => format!(" (did you mean `{s}`?)"),
                    None => String::new(),
                };
                return Some(Bad::at(
                    field.start,
                    key_end,
                    format!("Unknown `--mount` option `{key}`{hint}"),
                ));
            }
            if variable {
                mount_type = None;
                continue;
            }
            let lower = val.to_ascii_lowercase();
            if reference::mount_type(&lower).is_none() {
                let names: Vec<&str> = MOUNT_TYPES.iter().map(|t| t.name).collect();
                let hint = match closest(&lower, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("expected {}", one_of(&names)),
                };
                return bad_value(format!("Unknown mount type `{val}` ({hint})"));
            }
            mount_type = Some(lower);
            continue;
        };
        match option.name {
            "from" => has_from = true,
            "source" => has_source = !val.is_empty(),
            "target" => has_target = !val.is_empty(),
            "id" => has_id = !val.is_empty(),
            "env" => has_env = !val.is_empty(),
            "ro" | "rw" if !variable && !is_go_bool(val) => {
                return bad_value(format!("Mount option `{key}` takes `true` or `false`, not `{val}`"));
            }
            "required" => {
                if !takes(mount_type.as_deref(), "required") {
                    return Some(Bad::at(
                        field.start,
                        field.end,
                        format!("`required` applies only to {} mounts", types_taking("required")),
                    ));
                }
                if !variable && !is_go_bool(val) {
                    return bad_value(format!("Mount option `required` takes `true` or `false`, not `{val}`"));
                }
            }
            "sharing" => {
                if !variable && !SHARING.contains(&val.to_ascii_lowercase().as_str()) {
                    return bad_value(format!("Unknown cache sharing `{val}` (expected {})", one_of(SHARING)));
                }
                sharing = Some((field.start, field.end));
            }
            "mode" if !variable && u32::from_str_radix(val, 8).is_err() => {
                return bad_value(format!("Mount `mode` must be octal, as in `0600`, not `{val}`"));
            }
            "uid" | "gid" if !variable && val.parse::<u32>().is_err() => {
                return bad_value(format!("Mount `{key}` must be a number, not `{val}`"));
            }
            "size" => {
                if !takes(mount_type.as_deref(), "size") {
                    return Some(Bad::at(
                        field.start,
                        field.end,
                        format!("`size` applies only to {} mounts", types_taking("size")),
                    ));
                }
                if !variable && !is_ram_size(val) {
                    return bad_value(format!("Invalid tmpfs size `{val}` (expected a size such as `64m`)"));
                }
            }
            // A value that passed, or a key whose value BuildKit takes as it is.
            _ => {}
        }
    }
    let mount_type = mount_type?;
    // BuildKit checks these once the type is known, wherever `type=` stands.
    if let Some((key, start, end)) = seen
        .iter()
        .find(|(k, _, _)| matches!(k.as_str(), "mode" | "uid" | "gid") && !takes(Some(&mount_type), k))
    {
        return Some(Bad::at(
            *start,
            *end,
            format!(
                "`{key}` is not allowed on `{mount_type}` mounts (only {})",
                types_taking(key)
            ),
        ));
    }
    if let Some((start, end)) = sharing.filter(|_| !takes(Some(&mount_type), "sharing")) {
        return Some(Bad::at(
            start,
            end,
            format!(
                "`sharing` applies only to {} mounts, not `{mount_type}`",
                types_taking("sharing")
            ),
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
