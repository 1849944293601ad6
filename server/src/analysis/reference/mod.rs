//! The one table of what the Dockerfile language is made of, as data: the flags of each
//! instruction and the values they take (`flags`), `RUN --mount` types, their keys and values
//! (`mounts`), the platforms BuildKit knows (`platforms`), what is known about published images
//! (`images`: Windows images, images that run unprivileged), and here parser directives, predefined
//! build arguments, stop signals, well-known ports and a curated offline list of base images.
//!
//! Hover, completion and signature help read it, and so do the rules that check flags
//! (`unknown-flag`, `duplicate-flag`, `invalid-flag-value`...) and the model's recognition of
//! one-dash flag typos: a fact about the language is written here once. How a value is checked
//! (BuildKit's parsers, their order and messages) stays with the rule; the prose lives in
//! `server/docs/`, one topic per flag, mount type and key (a test keeps them in step).

pub mod end_of_life;
mod flags;
mod images;
mod mounts;
mod platforms;

pub use flags::*;
pub use images::*;
pub use mounts::*;
pub use platforms::*;

use crate::analysis::model::{DirectiveKind, InstructionKind};

/// What a flag's (or a `--mount` key's) value is: what completion offers and what the lint
/// checks it against.
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
    /// A whole number (`--retries`, a mount's `uid` and `gid`).
    Number,
    /// Anything else: a path, a pattern, a digest, a device name.
    Free,
}

pub fn instruction_topic(kind: InstructionKind) -> Option<String> {
    (kind != InstructionKind::Unknown).then(|| format!("instructions/{}", kind.keyword().to_ascii_lowercase()))
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
    image("alpine", "alpine", &["3.24", "3.23", "3", "edge", "latest"]),
    image(
        "debian",
        "debian",
        &["bookworm-slim", "bookworm", "trixie-slim", "trixie", "stable-slim"],
    ),
    image("ubuntu", "ubuntu", &["24.04", "22.04", "noble", "jammy"]),
    image(
        "golang",
        "golang",
        &["1.27", "1.27-alpine", "1.27-trixie", "1.26", "1.26-alpine"],
    ),
    image(
        "node",
        "node",
        &["24", "24-alpine", "24-slim", "22", "22-alpine", "lts", "lts-alpine"],
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
    use std::collections::BTreeSet;

    use super::*;
    use crate::analysis::config::Locale;
    use crate::analysis::docs;

    /// The topic of every flag, mount type and mount key in the table (aliases resolve to their
    /// key's topic).
    fn table_topics() -> BTreeSet<String> {
        let mut topics = BTreeSet::new();
        for kind in InstructionKind::ALL {
            for f in flags(kind) {
                topics.extend(flag_topic(kind, f.name));
            }
        }
        for t in MOUNT_TYPES {
            topics.extend(mount_type_topic(t.name));
            for k in t.keys {
                let topic = mount_key_topic(t.name, k.name);
                for alias in k.aliases {
                    assert_eq!(mount_key_topic(t.name, alias), topic, "{}: {alias}", t.name);
                }
                topics.extend(topic);
            }
        }
        topics
    }

    #[test]
    fn every_flag_mount_type_and_key_has_docs_in_both_languages() {
        let topics = table_topics();
        assert!(topics.contains("flags/keep-git-dir") && topics.contains("mounts/bind/rw"));
        for topic in &topics {
            for locale in [Locale::En, Locale::ZhHans] {
                assert!(
                    docs::topic(topic, locale).is_some_and(|text| !text.trim().is_empty()),
                    "{topic}: no {locale:?} documentation"
                );
            }
        }
        // And no documentation for a flag or mount the table does not have.
        for key in docs::keys().filter(|k| k.starts_with("flags/") || k.starts_with("mounts/")) {
            assert!(topics.contains(key), "docs topic {key} is not in the table");
        }
    }

    #[test]
    fn flags_are_one_per_name_and_their_snippets_fit_their_values() {
        for kind in InstructionKind::ALL {
            let names: Vec<&str> = flags(kind).iter().map(|f| f.name).collect();
            let unique: BTreeSet<&str> = names.iter().copied().collect();
            assert_eq!(names.len(), unique.len(), "{kind:?} lists a flag twice");
            for f in flags(kind) {
                // A name means the same wherever it appears: one topic, one kind of value.
                for other in InstructionKind::ALL {
                    if let Some(g) = flag_info(other, f.name) {
                        assert_eq!((g.values, g.repeatable), (f.values, f.repeatable), "--{}", f.name);
                    }
                }
                assert_eq!(f.snippet().is_none(), f.is_bool(), "--{}", f.name);
                match f.values {
                    Values::Bool | Values::Choice(_) => assert!(f.placeholder.is_empty(), "--{}", f.name),
                    _ => assert!(!f.placeholder.is_empty(), "--{}", f.name),
                }
            }
        }
        assert_eq!(
            flag_info(InstructionKind::Run, "security")
                .and_then(FlagInfo::snippet)
                .as_deref(),
            Some("${1|sandbox,insecure|}")
        );
        // The `--mount` snippet offers every type (the most used first).
        let mount = flag_info(InstructionKind::Run, "mount").map_or("", |f| f.placeholder);
        let offered: BTreeSet<&str> = mount
            .split_once('|')
            .and_then(|(_, rest)| rest.split_once('|'))
            .map(|(choices, _)| choices.split(',').collect())
            .unwrap_or_default();
        let types: BTreeSet<&str> = MOUNT_TYPES.iter().map(|t| t.name).collect();
        assert_eq!(offered, types);
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
