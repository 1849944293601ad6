//! `RUN --mount`: the mount types, the keys each takes and their values, and how a `--mount`
//! value splits into fields.
//!
//! Two views of the same keys: [`MOUNT_OPTIONS`] is every key BuildKit's parser accepts, whatever
//! the type (what `invalid-flag-value` checks spellings against), and each [`MountType`] lists the
//! keys that mean something for it, in the order completion offers them (what hover documents,
//! one topic per type and key).

use crate::analysis::reference::Values;
use crate::analysis::reference::flags::BOOL;

/// A key of `--mount`.
#[derive(Clone, Copy, Debug)]
pub struct MountKey {
    /// The canonical name, which is also the topic's file name.
    pub name: &'static str,
    /// Other spellings BuildKit accepts.
    pub aliases: &'static [&'static str],
    pub values: Values,
    /// Written alone (`ro`, `required`) as well as `key=value`.
    pub flag_like: bool,
    /// The mount type cannot do without it.
    pub required: bool,
}

impl MountKey {
    /// Whether `spelling` (already lower case) names this key.
    fn is(&self, spelling: &str) -> bool {
        self.name == spelling || self.aliases.contains(&spelling)
    }
}

/// A `--mount` type and the keys that mean something for it.
#[derive(Clone, Copy, Debug)]
pub struct MountType {
    pub name: &'static str,
    pub keys: &'static [MountKey],
}

/// `sharing=` of a cache mount; the default comes first.
pub const SHARING: &[&str] = &["shared", "private", "locked"];

const fn key(name: &'static str, aliases: &'static [&'static str], values: Values) -> MountKey {
    MountKey {
        name,
        aliases,
        values,
        flag_like: false,
        required: false,
    }
}

const fn switch(name: &'static str, aliases: &'static [&'static str]) -> MountKey {
    MountKey {
        name,
        aliases,
        values: Values::Choice(BOOL),
        flag_like: true,
        required: false,
    }
}

const FROM: MountKey = key("from", &[], Values::Stage);
const SOURCE: MountKey = key("source", &["src"], Values::Free);
const TARGET: MountKey = MountKey {
    required: true,
    ..key("target", &["dst", "destination"], Values::Free)
};
const RO: MountKey = switch("ro", &["readonly"]);
const RW: MountKey = switch("rw", &["readwrite"]);
const ID: MountKey = key("id", &[], Values::Free);
const SHARING_KEY: MountKey = key("sharing", &[], Values::Choice(SHARING));
const REQUIRED: MountKey = switch("required", &[]);
const MODE: MountKey = key("mode", &[], Values::Mode);
const UID: MountKey = key("uid", &[], Values::Number);
const GID: MountKey = key("gid", &[], Values::Number);
const SIZE: MountKey = key("size", &[], Values::Free);
const ENV: MountKey = key("env", &[], Values::Free);

/// Every key BuildKit's `--mount` parser accepts besides `type`, in the order of its parser
/// (`parseMount`), which is also the order "did you mean" breaks ties in.
pub const MOUNT_OPTIONS: &[MountKey] = &[
    FROM,
    SOURCE,
    TARGET,
    RO,
    RW,
    ID,
    SHARING_KEY,
    REQUIRED,
    MODE,
    UID,
    GID,
    SIZE,
    ENV,
];

/// Secret and ssh mounts have a default path, so their `target` is optional.
const TARGET_OPTIONAL: MountKey = MountKey {
    required: false,
    ..TARGET
};
/// Bind mounts are read-only by default, so `rw` is their switch; one topic covers both
/// spellings of the pair.
const BIND_RW: MountKey = MountKey {
    aliases: &["readwrite", "ro", "readonly"],
    ..RW
};

/// The mount types; `bind` is the default.
pub const MOUNT_TYPES: &[MountType] = &[
    MountType {
        name: "bind",
        keys: &[TARGET, SOURCE, FROM, BIND_RW],
    },
    MountType {
        name: "cache",
        keys: &[TARGET, ID, RO, SHARING_KEY, FROM, SOURCE, MODE, UID, GID],
    },
    MountType {
        name: "tmpfs",
        keys: &[TARGET, SIZE],
    },
    MountType {
        name: "secret",
        keys: &[ID, TARGET_OPTIONAL, ENV, REQUIRED, MODE, UID, GID],
    },
    MountType {
        name: "ssh",
        keys: &[ID, TARGET_OPTIONAL, REQUIRED, MODE, UID, GID],
    },
];

/// A mount type by name, in any case (BuildKit lower-cases it).
pub fn mount_type(name: &str) -> Option<&'static MountType> {
    MOUNT_TYPES.iter().find(|t| t.name.eq_ignore_ascii_case(name))
}

/// The keys of a mount type (`None` for an unknown type).
pub fn mount_keys(mount_type: &str) -> Option<&'static [MountKey]> {
    self::mount_type(mount_type).map(|t| t.keys)
}

/// A key of a mount type by any of its spellings (BuildKit lower-cases keys).
pub fn mount_key(mount_type: &str, name: &str) -> Option<&'static MountKey> {
    let name = name.to_ascii_lowercase();
    mount_keys(mount_type)?.iter().find(|k| k.is(&name))
}

/// A key BuildKit's parser accepts on any mount type, by any of its spellings (not `type`).
pub fn mount_option(name: &str) -> Option<&'static MountKey> {
    let name = name.to_ascii_lowercase();
    MOUNT_OPTIONS.iter().find(|k| k.is(&name))
}

/// Every spelling of every key BuildKit's parser accepts, `type` first, in the parser's order.
pub fn mount_option_names() -> impl Iterator<Item = &'static str> {
    std::iter::once("type").chain(
        MOUNT_OPTIONS
            .iter()
            .flat_map(|k| std::iter::once(k.name).chain(k.aliases.iter().copied())),
    )
}

/// The types that take the key named `key` (canonical name), in table order.
pub fn mount_types_taking(key: &str) -> impl Iterator<Item = &'static str> {
    MOUNT_TYPES
        .iter()
        .filter(move |t| t.keys.iter().any(|k| k.name == key))
        .map(|t| t.name)
}

pub fn mount_type_topic(mount_type: &str) -> Option<String> {
    self::mount_type(mount_type).map(|t| format!("mounts/{}", t.name))
}

pub fn mount_key_topic(mount_type: &str, name: &str) -> Option<String> {
    let key = mount_key(mount_type, name)?;
    Some(format!("mounts/{}/{}", mount_type.to_ascii_lowercase(), key.name))
}

/// The parts of a `--mount` value: `(key, value)` pairs with their byte offsets in the value.
/// A bare word (`ro`, `required`) has no value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountField<'a> {
    pub key: &'a str,
    pub key_start: usize,
    pub value: Option<(&'a str, usize)>,
}

/// Splits a `--mount` value at commas, as BuildKit's CSV reader does for unquoted fields.
pub fn mount_fields(value: &str) -> Vec<MountField<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for field in value.split(',') {
        match field.split_once('=') {
            Some((k, v)) => out.push(MountField {
                key: k,
                key_start: start,
                value: Some((v, start + k.len() + 1)),
            }),
            None => out.push(MountField {
                key: field,
                key_start: start,
                value: None,
            }),
        }
        start += field.len() + 1;
    }
    out
}

/// The mount type a `--mount` value selects (`bind` when there is no `type=`).
pub fn mount_type_of(value: &str) -> &str {
    mount_fields(value)
        .into_iter()
        .rev()
        .find(|f| f.key.eq_ignore_ascii_case("type"))
        .and_then(|f| f.value)
        .map_or("bind", |(v, _)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mount_fields_keep_offsets() {
        let fields = mount_fields("type=cache,target=/x,ro");
        assert_eq!(fields.len(), 3);
        assert_eq!((fields[1].key, fields[1].key_start), ("target", 11));
        assert_eq!(fields[1].value, Some(("/x", 18)));
        assert_eq!(fields[2].value, None);
        assert_eq!(mount_type_of("target=/x,type=secret"), "secret");
        assert_eq!(mount_type_of("target=/x"), "bind");
    }

    #[test]
    fn mount_key_aliases_resolve_to_their_topic() {
        assert_eq!(mount_key_topic("cache", "dst").as_deref(), Some("mounts/cache/target"));
        assert_eq!(mount_key_topic("cache", "READONLY").as_deref(), Some("mounts/cache/ro"));
        assert_eq!(mount_key_topic("bind", "readwrite").as_deref(), Some("mounts/bind/rw"));
        assert_eq!(mount_key_topic("tmpfs", "id"), None);
        assert_eq!(mount_key_topic("nfs", "target"), None);
        assert_eq!(mount_type_topic("Cache").as_deref(), Some("mounts/cache"));
    }

    #[test]
    fn every_key_of_a_type_is_one_the_parser_accepts() {
        for t in MOUNT_TYPES {
            for k in t.keys {
                let option =
                    mount_option(k.name).unwrap_or_else(|| panic!("{}/{}: unknown to the parser", t.name, k.name));
                assert_eq!(option.name, k.name, "{}/{}", t.name, k.name);
                assert_eq!(option.values, k.values, "{}/{}", t.name, k.name);
                assert_eq!(option.flag_like, k.flag_like, "{}/{}", t.name, k.name);
                for alias in k.aliases {
                    assert!(mount_option(alias).is_some(), "{}/{}: alias {alias}", t.name, k.name);
                }
            }
        }
        for option in MOUNT_OPTIONS {
            assert!(
                mount_types_taking(option.name).next().is_some(),
                "{}: no mount type takes it",
                option.name
            );
        }
    }

    #[test]
    fn option_names_follow_the_parser() {
        let names: Vec<&str> = mount_option_names().collect();
        assert_eq!(names.first(), Some(&"type"));
        assert_eq!(mount_option("DST").map(|k| k.name), Some("target"));
        assert_eq!(mount_option("readonly").map(|k| k.name), Some("ro"));
        assert!(mount_option("type").is_none());
        assert_eq!(
            mount_types_taking("mode").collect::<Vec<_>>(),
            ["cache", "secret", "ssh"]
        );
        assert_eq!(mount_types_taking("required").collect::<Vec<_>>(), ["secret", "ssh"]);
    }
}
