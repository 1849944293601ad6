//! What the Dockerfile reference says about the language, as data: the flags of each instruction
//! and the values they take, `RUN --mount` types and their keys, parser directives, predefined
//! build arguments, stop signals and a curated offline list of base images. Hover, completion and
//! signature help read these tables; the prose lives in `server/docs/`.

use crate::analysis::model::{DirectiveKind, InstructionKind};

/// The values a flag (or a `--mount` key) takes, as far as an editor can offer them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Values {
    /// `--link` alone, or `=true` / `=false`.
    Bool,
    /// One of a closed set.
    Choice(&'static [&'static str]),
    /// The name or index of an earlier stage (or an image, or a named context).
    Stage,
    /// `os/arch[/variant]`.
    Platform,
    /// `type=...,key=value` (`RUN --mount`).
    Mount,
    /// `user[:group]`, names or ids (`--chown`): users the file creates are offered.
    User,
    /// Octal permission bits (`--chmod`, a mount's `mode`).
    Mode,
    /// A Go duration (`30s`, `1m30s`): HEALTHCHECK's timings.
    Duration,
    /// Anything: a path, a duration, a user, a digest.
    Free,
}

#[derive(Clone, Copy, Debug)]
pub struct FlagInfo {
    /// Without dashes.
    pub name: &'static str,
    pub values: Values,
    /// BuildKit accepts the flag more than once.
    pub repeatable: bool,
    /// What completion inserts after `--name=`, as a snippet (empty for a bare boolean flag).
    pub placeholder: &'static str,
}

const fn flag(name: &'static str, values: Values, repeatable: bool, placeholder: &'static str) -> FlagInfo {
    FlagInfo {
        name,
        values,
        repeatable,
        placeholder,
    }
}

pub const BOOL: &[&str] = &["true", "false"];
/// Permission bits offered after `--chmod=`, with what they read as.
pub const MODES: &[(&str, &str)] = &[
    ("0755", "rwxr-xr-x"),
    ("0644", "rw-r--r--"),
    ("0700", "rwx------"),
    ("0600", "rw-------"),
    ("0555", "r-xr-xr-x"),
    ("0444", "r--r--r--"),
];
/// Durations offered for HEALTHCHECK's timings (after the flag's default, which comes first).
pub const DURATIONS: &[&str] = &["5s", "10s", "30s", "1m", "5m"];
pub const NETWORKS: &[&str] = &["default", "none", "host"];
pub const SECURITY: &[&str] = &["sandbox", "insecure"];
pub const SHARING: &[&str] = &["shared", "private", "locked"];
pub const MOUNT_TYPES: &[&str] = &["bind", "cache", "tmpfs", "secret", "ssh"];
/// Platforms offered after `--platform=`; the automatic platform arguments come first because
/// they are what a multi-platform Dockerfile usually wants.
pub const PLATFORMS: &[&str] = &[
    "$BUILDPLATFORM",
    "$TARGETPLATFORM",
    "linux/amd64",
    "linux/arm64",
    "linux/arm/v7",
    "linux/arm/v6",
    "linux/386",
    "linux/ppc64le",
    "linux/s390x",
    "linux/riscv64",
    "windows/amd64",
];

const FROM_FLAGS: &[FlagInfo] = &[flag("platform", Values::Platform, false, "${1:linux/amd64}")];

const RUN_FLAGS: &[FlagInfo] = &[
    flag(
        "mount",
        Values::Mount,
        true,
        "type=${1|cache,bind,tmpfs,secret,ssh|},target=${2:path}",
    ),
    flag("network", Values::Choice(NETWORKS), false, "${1|default,none,host|}"),
    flag("security", Values::Choice(SECURITY), false, "${1|sandbox,insecure|}"),
    flag("device", Values::Free, true, "${1:name}"),
];

const COPY_FLAGS: &[FlagInfo] = &[
    flag("from", Values::Stage, false, "${1:stage}"),
    flag("chown", Values::User, false, "${1:user}:${2:group}"),
    flag("chmod", Values::Mode, false, "${1:0755}"),
    flag("link", Values::Bool, false, ""),
    flag("parents", Values::Bool, false, ""),
    flag("exclude", Values::Free, true, "${1:pattern}"),
];

const ADD_FLAGS: &[FlagInfo] = &[
    flag("chown", Values::User, false, "${1:user}:${2:group}"),
    flag("chmod", Values::Mode, false, "${1:0755}"),
    flag("link", Values::Bool, false, ""),
    flag("checksum", Values::Free, false, "sha256:${1:hash}"),
    flag("keep-git-dir", Values::Bool, false, ""),
    flag("unpack", Values::Bool, false, ""),
    flag("exclude", Values::Free, true, "${1:pattern}"),
];

const HEALTHCHECK_FLAGS: &[FlagInfo] = &[
    flag("interval", Values::Duration, false, "${1:30s}"),
    flag("timeout", Values::Duration, false, "${1:30s}"),
    flag("start-period", Values::Duration, false, "${1:0s}"),
    flag("start-interval", Values::Duration, false, "${1:5s}"),
    flag("retries", Values::Free, false, "${1:3}"),
];

/// The flags an instruction accepts (BuildKit's stable and labs channels together).
pub fn flags(kind: InstructionKind) -> &'static [FlagInfo] {
    match kind {
        InstructionKind::From => FROM_FLAGS,
        InstructionKind::Run => RUN_FLAGS,
        InstructionKind::Copy => COPY_FLAGS,
        InstructionKind::Add => ADD_FLAGS,
        InstructionKind::Healthcheck => HEALTHCHECK_FLAGS,
        _ => &[],
    }
}

/// A flag of `kind` by name; BuildKit's flag names are case-sensitive.
pub fn flag_info(kind: InstructionKind, name: &str) -> Option<&'static FlagInfo> {
    flags(kind).iter().find(|f| f.name == name)
}

/// The documentation topic of a flag; every flag name means the same on every instruction that
/// has it, so topics are per name.
pub fn flag_topic(kind: InstructionKind, name: &str) -> Option<String> {
    flag_info(kind, name).map(|f| format!("flags/{}", f.name))
}

pub fn instruction_topic(kind: InstructionKind) -> Option<String> {
    (kind != InstructionKind::Unknown).then(|| format!("instructions/{}", kind.keyword().to_ascii_lowercase()))
}

/// A key of a `--mount` type.
#[derive(Clone, Copy, Debug)]
pub struct MountKey {
    /// The canonical name, which is also the topic's file name.
    pub name: &'static str,
    /// Other spellings BuildKit accepts.
    pub aliases: &'static [&'static str],
    pub values: Values,
    /// Written alone (`ro`, `required`) as well as `key=value`.
    pub flag_like: bool,
    pub required: bool,
}

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

const TARGET: MountKey = MountKey {
    name: "target",
    aliases: &["dst", "destination"],
    values: Values::Free,
    flag_like: false,
    required: true,
};
const SOURCE: MountKey = key("source", &["src"], Values::Free);
const FROM: MountKey = key("from", &[], Values::Stage);
const ID: MountKey = key("id", &[], Values::Free);
const MODE: MountKey = key("mode", &[], Values::Mode);
const UID: MountKey = key("uid", &[], Values::Free);
const GID: MountKey = key("gid", &[], Values::Free);
const REQUIRED: MountKey = switch("required", &[]);

const BIND_KEYS: &[MountKey] = &[TARGET, SOURCE, FROM, switch("rw", &["readwrite", "ro", "readonly"])];
const CACHE_KEYS: &[MountKey] = &[
    TARGET,
    ID,
    switch("ro", &["readonly"]),
    key("sharing", &[], Values::Choice(SHARING)),
    FROM,
    SOURCE,
    MODE,
    UID,
    GID,
];
const TMPFS_KEYS: &[MountKey] = &[TARGET, key("size", &[], Values::Free)];
/// Secret and ssh mounts have a default path, so their `target` is optional.
const TARGET_OPTIONAL: MountKey = MountKey {
    required: false,
    ..TARGET
};
const SECRET_KEYS: &[MountKey] = &[
    ID,
    TARGET_OPTIONAL,
    key("env", &[], Values::Free),
    REQUIRED,
    MODE,
    UID,
    GID,
];
const SSH_KEYS: &[MountKey] = &[ID, TARGET_OPTIONAL, REQUIRED, MODE, UID, GID];

/// The keys of a mount type (`None` for an unknown type).
pub fn mount_keys(mount_type: &str) -> Option<&'static [MountKey]> {
    Some(match mount_type.to_ascii_lowercase().as_str() {
        "bind" => BIND_KEYS,
        "cache" => CACHE_KEYS,
        "tmpfs" => TMPFS_KEYS,
        "secret" => SECRET_KEYS,
        "ssh" => SSH_KEYS,
        _ => return None,
    })
}

/// A mount key by any of its spellings (BuildKit lower-cases keys).
pub fn mount_key(mount_type: &str, name: &str) -> Option<&'static MountKey> {
    let name = name.to_ascii_lowercase();
    mount_keys(mount_type)?
        .iter()
        .find(|k| k.name == name || k.aliases.contains(&name.as_str()))
}

pub fn mount_type_topic(mount_type: &str) -> Option<String> {
    let lower = mount_type.to_ascii_lowercase();
    MOUNT_TYPES.contains(&lower.as_str()).then(|| format!("mounts/{lower}"))
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

pub fn directive_topic(kind: DirectiveKind) -> &'static str {
    match kind {
        DirectiveKind::Syntax => "directives/syntax",
        DirectiveKind::Escape => "directives/escape",
        DirectiveKind::Check => "directives/check",
    }
}

/// Parser directives as completion offers them: name, value snippet.
pub const DIRECTIVES: &[(DirectiveKind, &str, &str)] = &[
    (
        DirectiveKind::Syntax,
        "syntax",
        "${1|docker/dockerfile:1,docker/dockerfile:1-labs|}",
    ),
    (DirectiveKind::Escape, "escape", "${1|\\\\,`|}"),
    (DirectiveKind::Check, "check", "${1|skip=,error=true|}"),
];

/// Where a predefined build argument is visible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Predefined {
    /// Set in the global scope (usable in `FROM`); a stage must declare it with `ARG` to see it.
    Platform,
    /// Visible in every `RUN` without a declaration; left out of the image history.
    Proxy,
    /// Read by BuildKit when passed with `--build-arg`; a Dockerfile declares it to set a default.
    BuildKit,
}

pub const PLATFORM_ARGS: &[&str] = &[
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
];

pub const PROXY_ARGS: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

pub const BUILDKIT_ARGS: &[&str] = &[
    "BUILDKIT_CACHE_MOUNT_NS",
    "BUILDKIT_CONTEXT_KEEP_GIT_DIR",
    "BUILDKIT_DOCKERFILE_CHECK",
    "BUILDKIT_HISTORY_PROVENANCE_V1",
    "BUILDKIT_INLINE_CACHE",
    "BUILDKIT_MULTI_PLATFORM",
    "BUILDKIT_SANDBOX_HOSTNAME",
    "BUILDKIT_SYNTAX",
    "SOURCE_DATE_EPOCH",
];

/// Whether `name` is a predefined build argument, and which kind (names are case-sensitive).
pub fn predefined(name: &str) -> Option<Predefined> {
    if PLATFORM_ARGS.contains(&name) {
        Some(Predefined::Platform)
    } else if PROXY_ARGS.contains(&name) {
        Some(Predefined::Proxy)
    } else if BUILDKIT_ARGS.contains(&name) {
        Some(Predefined::BuildKit)
    } else {
        None
    }
}

pub fn arg_topic(name: &str) -> Option<String> {
    match predefined(name)? {
        Predefined::Proxy => Some("args/proxy".to_string()),
        Predefined::Platform | Predefined::BuildKit => Some(format!("args/{name}")),
    }
}

/// Signals offered after `STOPSIGNAL`, with their Linux numbers; the default comes first, then
/// the ones programs commonly use for a graceful stop.
pub const SIGNALS: &[(&str, u8)] = &[
    ("SIGTERM", 15),
    ("SIGQUIT", 3),
    ("SIGINT", 2),
    ("SIGHUP", 1),
    ("SIGUSR1", 10),
    ("SIGUSR2", 12),
    ("SIGWINCH", 28),
    ("SIGKILL", 9),
    ("SIGABRT", 6),
    ("SIGALRM", 14),
    ("SIGCONT", 18),
    ("SIGPWR", 30),
    ("SIGSTOP", 19),
];

/// A base image offered after `FROM`.
#[derive(Clone, Copy, Debug)]
pub struct BaseImage {
    /// The reference as written in a Dockerfile.
    pub name: &'static str,
    /// Documentation topic (`images/<topic>`).
    pub topic: &'static str,
    /// Usual tag shapes, the most useful first. Offline and curated: no registry is asked.
    pub tags: &'static [&'static str],
}

const fn image(name: &'static str, topic: &'static str, tags: &'static [&'static str]) -> BaseImage {
    BaseImage { name, topic, tags }
}

const DISTROLESS_TAGS: &[&str] = &["latest", "nonroot", "debug", "debug-nonroot"];

pub const BASE_IMAGES: &[BaseImage] = &[
    image("alpine", "alpine", &["3.20", "3.21", "3", "edge", "latest"]),
    image(
        "debian",
        "debian",
        &["bookworm-slim", "bookworm", "trixie-slim", "trixie", "stable-slim"],
    ),
    image("ubuntu", "ubuntu", &["24.04", "22.04", "noble", "jammy"]),
    image(
        "golang",
        "golang",
        &["1.23", "1.23-alpine", "1.23-bookworm", "1.22", "1.22-alpine"],
    ),
    image(
        "node",
        "node",
        &["22", "22-alpine", "22-slim", "20", "20-alpine", "lts", "lts-alpine"],
    ),
    image(
        "python",
        "python",
        &["3.13-slim", "3.13", "3.12-slim", "3.12", "3.12-alpine"],
    ),
    image("rust", "rust", &["1", "1-slim", "1-alpine", "1.83", "1.83-slim"]),
    image(
        "eclipse-temurin",
        "eclipse-temurin",
        &["21-jre", "21-jdk", "21-jre-alpine", "17-jre", "17-jdk"],
    ),
    image(
        "nginx",
        "nginx",
        &["1.27", "1.27-alpine", "stable", "stable-alpine", "mainline"],
    ),
    image("redis", "redis", &["7.4", "7.4-alpine", "7", "7-alpine"]),
    image(
        "postgres",
        "postgres",
        &["17", "17-alpine", "16", "16-alpine", "16-bookworm"],
    ),
    image("gcr.io/distroless/static-debian12", "distroless", DISTROLESS_TAGS),
    image("gcr.io/distroless/base-debian12", "distroless", DISTROLESS_TAGS),
    image("gcr.io/distroless/cc-debian12", "distroless", DISTROLESS_TAGS),
    image("gcr.io/distroless/java21-debian12", "distroless", DISTROLESS_TAGS),
    image("gcr.io/distroless/python3-debian12", "distroless", DISTROLESS_TAGS),
    image("gcr.io/distroless/nodejs22-debian12", "distroless", DISTROLESS_TAGS),
    image("scratch", "scratch", &[]),
];

/// The curated entry for an image name, with or without `docker.io/` and `library/`.
pub fn base_image(name: &str) -> Option<&'static BaseImage> {
    let short = name
        .strip_prefix("docker.io/")
        .or_else(|| name.strip_prefix("index.docker.io/"))
        .unwrap_or(name);
    let short = short.strip_prefix("library/").unwrap_or(short);
    BASE_IMAGES.iter().find(|i| i.name.eq_ignore_ascii_case(short))
}

/// Well-known services of common ports, shown when hovering an `EXPOSE`d port.
pub const WELL_KNOWN_PORTS: &[(u16, &str)] = &[
    (20, "FTP data"),
    (21, "FTP"),
    (22, "SSH"),
    (25, "SMTP"),
    (53, "DNS"),
    (80, "HTTP"),
    (110, "POP3"),
    (123, "NTP"),
    (143, "IMAP"),
    (443, "HTTPS"),
    (465, "SMTPS"),
    (587, "SMTP submission"),
    (993, "IMAPS"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (2375, "Docker API"),
    (2376, "Docker API (TLS)"),
    (3000, "Node.js / Grafana"),
    (3306, "MySQL"),
    (5000, "Docker registry / Flask"),
    (5432, "PostgreSQL"),
    (5672, "AMQP"),
    (6379, "Redis"),
    (8080, "HTTP (alternate)"),
    (8443, "HTTPS (alternate)"),
    (9000, "PHP-FPM"),
    (9090, "Prometheus"),
    (9092, "Kafka"),
    (9200, "Elasticsearch"),
    (11211, "Memcached"),
    (27017, "MongoDB"),
];

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
    }

    #[test]
    fn base_images_match_with_implicit_prefixes() {
        assert_eq!(base_image("docker.io/library/alpine").map(|i| i.topic), Some("alpine"));
        assert_eq!(base_image("golang").map(|i| i.topic), Some("golang"));
        assert!(base_image("example.com/alpine").is_none());
    }

    #[test]
    fn predefined_args_are_case_sensitive() {
        assert_eq!(predefined("TARGETARCH"), Some(Predefined::Platform));
        assert_eq!(predefined("targetarch"), None);
        assert_eq!(predefined("no_proxy"), Some(Predefined::Proxy));
        assert_eq!(arg_topic("https_proxy").as_deref(), Some("args/proxy"));
    }
}
