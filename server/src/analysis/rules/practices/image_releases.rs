//! Which releases a base image reference is made of, read from its name and tag, and which of
//! them are past their end of life: what `end-of-life-base-image` reports.
//!
//! Only images whose tags follow a known scheme are read: Docker's official images (Debian,
//! Ubuntu, Alpine, CentOS, Amazon Linux, Python, Node.js, Go, Ruby, PHP, Eclipse Temurin, Amazon
//! Corretto, and the deprecated `openjdk` and `java`), Red Hat's UBI and Microsoft's .NET images.
//! An official image's tag is `<version>[-<variant>...][-<os>]`: `python:3.8-slim-bullseye` is
//! Python 3.8 on Debian 11, so both are looked up. A tag that names no release (`latest`, `lts`,
//! `stable`, `alpine`) is not read; a moving tag (`python:3`, `php:7`) is judged by the newest
//! release it can mean, so that `php:7` is past its end of life and `python:3` is not.

use crate::analysis::date::Date;
use crate::analysis::model::is_docker_hub;
use crate::analysis::reference::end_of_life::{End, Release, Table, version_numbers};

/// What an image reference runs, as far as its tag tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    /// The releases of the image whose support has ended, the image's own (the language or the
    /// distribution) first.
    pub ended: Vec<Ended>,
    /// A reference to move to (same image and variant), when one can be written.
    pub instead: Option<String>,
    /// The supported releases to move to, named (`Python 3.14`, `Debian 13 (trixie)`).
    pub newest: Vec<String>,
}

/// One release past its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ended {
    /// `Python 3.8`, `Debian 11 (bullseye)`.
    pub name: String,
    /// What ended: `support`, `Debian LTS`, `standard support`...
    pub support: &'static str,
    /// The day it ended, when known.
    pub on: Option<Date>,
    /// The deprecated image that gets no updates for this release (`openjdk`, `java`), when that
    /// rather than the release's end is what ended.
    pub deprecated_image: Option<&'static str>,
}

/// The families of images whose tags are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Debian,
    Ubuntu,
    Alpine,
    Centos,
    /// `quay.io/centos/centos`: CentOS Stream (`stream9`) and CentOS Linux (`7`) tags.
    CentosQuay,
    AmazonLinux,
    /// Red Hat's Universal Base Image of this RHEL major (the `ubi8` in the repository).
    Ubi(u64),
    Lang(Lang),
    /// `mcr.microsoft.com/dotnet/{sdk,aspnet,runtime,runtime-deps}` (and the older `dotnet/core/`).
    Dotnet,
    /// The official `openjdk` image, deprecated since July 2022.
    Openjdk,
    /// The official `java` image, deprecated in favour of `openjdk` at the end of 2016.
    Java,
}

/// Official language images, with the endoflife.date product of their version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lang {
    Python,
    Node,
    Go,
    Ruby,
    Php,
    Temurin,
    Corretto,
}

impl Lang {
    fn product(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::Node => "nodejs",
            Lang::Go => "go",
            Lang::Ruby => "ruby",
            Lang::Php => "php",
            Lang::Temurin => "eclipse-temurin",
            Lang::Corretto => "amazon-corretto",
        }
    }
}

/// The repository of an official image (`python` for `python`, `library/python`,
/// `docker.io/library/python`, and the mirrors that serve official images under their names).
fn official_name<'r>(registry: Option<&str>, repository: &'r str) -> Option<&'r str> {
    let registry = registry.map(str::to_ascii_lowercase);
    let path = match registry.as_deref() {
        Some("public.ecr.aws") => repository.strip_prefix("docker/library/")?,
        r if r.is_none_or(|r| is_docker_hub(r) || r == "mirror.gcr.io") => {
            repository.strip_prefix("library/").unwrap_or(repository)
        }
        _ => return None,
    };
    (!path.contains('/')).then_some(path)
}

/// `ubi8`, `ubi9-minimal`, `ubi8-init` → the RHEL major.
fn ubi_major(component: &str) -> Option<u64> {
    let rest = component.strip_prefix("ubi")?;
    let digits: &str = rest.split('-').next()?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn family(registry: Option<&str>, repository: &str) -> Option<Family> {
    let repository = repository.to_ascii_lowercase();
    if let Some(name) = official_name(registry, &repository) {
        return Some(match name {
            "debian" => Family::Debian,
            "ubuntu" => Family::Ubuntu,
            "alpine" => Family::Alpine,
            "centos" => Family::Centos,
            "amazonlinux" => Family::AmazonLinux,
            "python" => Family::Lang(Lang::Python),
            "node" => Family::Lang(Lang::Node),
            "golang" => Family::Lang(Lang::Go),
            "ruby" => Family::Lang(Lang::Ruby),
            "php" => Family::Lang(Lang::Php),
            "eclipse-temurin" => Family::Lang(Lang::Temurin),
            "amazoncorretto" => Family::Lang(Lang::Corretto),
            "openjdk" => Family::Openjdk,
            "java" => Family::Java,
            _ => return None,
        });
    }
    let registry = registry.map(str::to_ascii_lowercase);
    let mut parts = repository.split('/');
    let first = parts.next()?;
    match registry.as_deref() {
        Some("quay.io") if repository == "centos/centos" => Some(Family::CentosQuay),
        Some("registry.access.redhat.com" | "registry.redhat.io") => ubi_major(first).map(Family::Ubi),
        _ if first == "redhat" && registry.as_deref().is_none_or(is_docker_hub) => {
            let second = parts.next()?;
            parts.next().is_none().then_some(())?;
            ubi_major(second).map(Family::Ubi)
        }
        Some("mcr.microsoft.com") => {
            let rest: Vec<&str> = repository.split('/').collect();
            let image = match rest.as_slice() {
                ["dotnet", image] | ["dotnet", "core", image] => *image,
                _ => return None,
            };
            matches!(image, "sdk" | "aspnet" | "runtime" | "runtime-deps").then_some(Family::Dotnet)
        }
        _ => None,
    }
}

/// Node.js's LTS codenames, which the `node` image also tags (`node:hydrogen-alpine`).
const NODE_CODENAMES: &[(&str, &str)] = &[
    ("argon", "4"),
    ("boron", "6"),
    ("carbon", "8"),
    ("dubnium", "10"),
    ("erbium", "12"),
    ("fermium", "14"),
    ("gallium", "16"),
    ("hydrogen", "18"),
    ("iron", "20"),
    ("jod", "22"),
    ("krypton", "24"),
];

/// The last Java 8 and 11 builds of the `openjdk` image: Red Hat's OpenJDK project builds,
/// retired after the July 2022 update (docker-library/openjdk#505, #510).
const OPENJDK_8_11_LAST: (i32, u8, u8) = (2022, 7, 19);

/// The `java` image's last update (docker-library/docs#660).
const JAVA_IMAGE_LAST: (i32, u8, u8) = (2016, 12, 31);

/// The leading version of a tag segment: `3.8` of `3.8`, `1.21` of `1.21rc2`, `8` of `8u392`,
/// `11.0.20` of `11.0.20_8`.
fn leading_version(segment: &str) -> Option<&str> {
    let end = segment
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(segment.len());
    let version = segment[..end].trim_end_matches('.');
    version_numbers(version).map(|_| version)
}

/// The release of `product` a version means: the cycle whose numbers begin it (`3.8` for
/// `3.8.10`), or for a version shorter than the cycles (`3`, a moving tag) the newest cycle it
/// begins, and only when every cycle it can mean has ended (else it is `None`: the tag
/// follows a supported release).
fn release_of<'t>(table: &'t Table, product: &str, version: &str, today: Date) -> Option<&'t Release> {
    let numbers = version_numbers(version)?;
    let mut best: Option<(&Release, usize)> = None;
    for r in table.product(product) {
        let Some(cycle) = r.numbers() else { continue };
        if numbers.starts_with(&cycle) && best.is_none_or(|(_, len)| cycle.len() > len) {
            best = Some((r, cycle.len()));
        }
    }
    if let Some((r, _)) = best {
        return Some(r);
    }
    // A moving tag: every release it can follow.
    let mut following: Vec<(&Release, Vec<u64>)> = table
        .product(product)
        .filter_map(|r| Some((r, r.numbers()?)))
        .filter(|(_, cycle)| cycle.len() > numbers.len() && cycle.starts_with(&numbers))
        .collect();
    if following.is_empty() || following.iter().any(|(r, _)| !r.ended(today)) {
        return None;
    }
    following.sort_by(|a, b| a.1.cmp(&b.1));
    following.pop().map(|(r, _)| r)
}

/// The name of a version older than every release of `product` in the table (`Go 1.9`, cut to
/// as many numbers as the releases have, two at least), when the oldest of them has ended by
/// `today`.
fn older_than_all(table: &Table, product: &str, version: &str, today: Date) -> Option<String> {
    let numbers = version_numbers(version)?;
    let oldest = table
        .product(product)
        .filter_map(|r| Some((r, r.numbers()?)))
        .min_by(|a, b| a.1.cmp(&b.1))?;
    let width = oldest.1.len().min(numbers.len());
    if numbers.as_slice() >= oldest.1.as_slice() || numbers[..width] == oldest.1[..width] || !oldest.0.ended(today) {
        return None;
    }
    // Named with at least two numbers (`Node.js 0.10`, not `Node.js 0`).
    let shown = oldest.1.len().max(2).min(numbers.len());
    let cut: Vec<String> = numbers[..shown].iter().map(u64::to_string).collect();
    let name = release_name(oldest.0);
    let product_name = name.rsplit_once(' ').map_or(name.as_str(), |(p, _)| p);
    Some(format!("{product_name} {}", cut.join(".")))
}

/// The release with this codename (first word, lower case: `bookworm`, `jammy`).
fn release_by_codename<'t>(table: &'t Table, product: &str, name: &str) -> Option<&'t Release> {
    table
        .product(product)
        .find(|r| codename_word(r).as_deref() == Some(name))
}

/// The first word of a release's codename, lower case, as tags write it.
fn codename_word(release: &Release) -> Option<String> {
    Some(release.codename?.split_whitespace().next()?.to_ascii_lowercase())
}

/// A tag segment naming the operating system of an official image, and how it is spelt (to
/// write the newest one the same way).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OsSpelling {
    /// `bookworm`, `jammy`.
    Codename,
    /// `alpine3.18`.
    Alpine,
    /// `al2`, `al2023` (Amazon Corretto).
    AmazonLinux,
    /// `ubi9` (Eclipse Temurin).
    Ubi,
}

/// Debian releases since 7 and Ubuntu releases since 12.04: the ones official images were
/// built on, and whose codenames are no ordinary words of a tag (Debian 1.2 was `rex`).
fn os_of_segment<'t>(table: &'t Table, segment: &str, lang: Option<Lang>) -> Option<(&'t Release, OsSpelling)> {
    if let Some(version) = segment.strip_prefix("alpine") {
        let version = version_numbers(version).map(|_| version)?;
        let numbers = version_numbers(version)?;
        let release = table
            .product("alpine-linux")
            .find(|r| r.numbers().is_some_and(|c| numbers.starts_with(&c)))?;
        return Some((release, OsSpelling::Alpine));
    }
    if lang == Some(Lang::Corretto) {
        let cycle = match segment {
            "al2" => "2",
            "al2023" => "2023",
            _ => "",
        };
        if !cycle.is_empty() {
            let release = table.product("amazon-linux").find(|r| r.cycle == cycle)?;
            return Some((release, OsSpelling::AmazonLinux));
        }
    }
    if let Some(major) = ubi_major(segment) {
        let release = table.product("rhel").find(|r| r.cycle == major.to_string())?;
        return Some((release, OsSpelling::Ubi));
    }
    for (product, oldest) in [("debian", [7u64].as_slice()), ("ubuntu", [12, 4].as_slice())] {
        if let Some(release) = release_by_codename(table, product, segment)
            && release.numbers().is_some_and(|n| n.as_slice() >= oldest)
        {
            return Some((release, OsSpelling::Codename));
        }
    }
    None
}

/// The release a product's users should move to by `today`: the newest one out and supported,
/// long-term support ones first where the product has them (Node.js, Java, .NET, Ubuntu).
fn newest<'t>(table: &'t Table, product: &str, today: Date) -> Option<&'t Release> {
    let supported: Vec<(&Release, Vec<u64>)> = table
        .product(product)
        .filter(|r| r.released_by(today) && !r.ended(today))
        .filter_map(|r| Some((r, r.numbers()?)))
        .collect();
    let prefers_lts = matches!(
        product,
        "nodejs" | "eclipse-temurin" | "amazon-corretto" | "dotnet" | "ubuntu"
    );
    let lts: Vec<&(&Release, Vec<u64>)> = supported.iter().filter(|(r, _)| r.lts_by(today)).collect();
    let pool: Vec<&(&Release, Vec<u64>)> = if prefers_lts && !lts.is_empty() {
        lts
    } else {
        supported.iter().collect()
    };
    pool.into_iter().max_by(|a, b| a.1.cmp(&b.1)).map(|(r, _)| *r)
}

/// How a release is named in messages: `Python 3.8`, `Debian 11 (bullseye)`, `.NET Core 3.1`.
fn release_name(release: &Release) -> String {
    let product = match release.product {
        "alpine-linux" => "Alpine Linux",
        "amazon-corretto" => "Amazon Corretto",
        "amazon-linux" => "Amazon Linux",
        "centos" => "CentOS Linux",
        "centos-stream" => "CentOS Stream",
        "debian" => "Debian",
        "dotnet" if release.numbers().is_some_and(|n| n[0] < 5) => ".NET Core",
        "dotnet" => ".NET",
        "eclipse-temurin" => "Eclipse Temurin",
        "go" => "Go",
        "nodejs" => "Node.js",
        "openjdk-builds-from-oracle" => "Java",
        "php" => "PHP",
        "python" => "Python",
        "rhel" => "Red Hat Enterprise Linux",
        "ruby" => "Ruby",
        "ubuntu" => "Ubuntu",
        other => other,
    };
    match (release.product, codename_word(release)) {
        ("debian" | "ubuntu", Some(word)) => format!("{product} {} ({word})", release.cycle),
        _ => format!("{product} {}", release.cycle),
    }
}

/// What ended for a release of this product: the support whose end the table gives.
fn support_name(release: &Release) -> &'static str {
    match (release.product, release.field) {
        ("debian", "eoes") => "Debian LTS",
        ("debian", _) => "security support",
        ("ubuntu", _) => "standard support",
        ("rhel", _) => "maintenance support",
        _ => "support",
    }
}

fn ended(release: &Release) -> Ended {
    Ended {
        name: release_name(release),
        support: support_name(release),
        on: match release.end {
            End::On(date) => Some(date),
            _ => None,
        },
        deprecated_image: None,
    }
}

fn date(parts: (i32, u8, u8)) -> Option<Date> {
    Date::new(parts.0, parts.1, parts.2)
}

/// Reads an image reference (its registry as written, its repository and its tag) and
/// returns what of it is past its end of life on `today`; `None` when nothing is, or nothing
/// can be told.
pub fn assess(
    table: &Table,
    registry: Option<&str>,
    repository: &str,
    tag: Option<&str>,
    today: Date,
) -> Option<Assessment> {
    let family = family(registry, repository)?;
    let tag = tag.map(str::to_ascii_lowercase);
    let segments: Vec<&str> = tag.as_deref().map(|t| t.split('-').collect()).unwrap_or_default();
    let name = match registry {
        Some(registry) => format!("{registry}/{repository}"),
        None => repository.to_owned(),
    };
    match family {
        Family::Ubi(major) => {
            let release = table.product("rhel").find(|r| r.cycle == major.to_string())?;
            if !release.ended(today) {
                return None;
            }
            let newest = newest(table, "rhel", today);
            let instead = newest.map(|n| {
                let repo: Vec<String> = repository
                    .split('/')
                    .map(|part| match ubi_major(part) {
                        Some(m) => part.replacen(&format!("ubi{m}"), &format!("ubi{}", n.cycle), 1),
                        None => part.to_owned(),
                    })
                    .collect();
                match registry {
                    Some(registry) => format!("{registry}/{}", repo.join("/")),
                    None => repo.join("/"),
                }
            });
            Some(Assessment {
                ended: vec![ended(release)],
                instead,
                newest: newest.map(release_name).into_iter().collect(),
            })
        }
        Family::Java => {
            let first = *segments.first()?;
            // `java:8`, `java:8-jre-alpine`, `java:openjdk-8-jdk`.
            let major = leading_version(first).or_else(|| {
                segments
                    .get(1)
                    .filter(|_| first == "openjdk")
                    .and_then(|s| leading_version(s))
            })?;
            let major = major.split('.').next()?;
            Some(deprecated_java(
                table,
                "java",
                major,
                date(JAVA_IMAGE_LAST)?,
                &segments,
                today,
            ))
        }
        Family::Openjdk => {
            let first = *segments.first()?;
            let major = leading_version(first)?.split('.').next()?;
            let last = match major {
                "8" | "11" => date(OPENJDK_8_11_LAST)?,
                _ => {
                    let release = table.product("openjdk-builds-from-oracle").find(|r| r.cycle == major)?;
                    if !release.ended(today) {
                        return None;
                    }
                    match release.end {
                        End::On(d) => d,
                        _ => return None,
                    }
                }
            };
            if last > today {
                return None;
            }
            Some(deprecated_java(table, "openjdk", major, last, &segments, today))
        }
        Family::Debian
        | Family::Ubuntu
        | Family::Alpine
        | Family::Centos
        | Family::CentosQuay
        | Family::AmazonLinux => distribution(table, family, &name, &segments, today),
        Family::Lang(lang) => language(table, lang.product(), Some(lang), &name, &segments, today),
        // .NET 5 and later are published under `dotnet/`, not `dotnet/core/`.
        Family::Dotnet => language(
            table,
            "dotnet",
            None,
            &name.replacen("/dotnet/core/", "/dotnet/", 1),
            &segments,
            today,
        ),
    }
}

/// `java` and `openjdk`: the image is dead whatever the release; move to Eclipse Temurin.
fn deprecated_java(
    table: &Table,
    image: &'static str,
    major: &str,
    last: Date,
    segments: &[&str],
    today: Date,
) -> Assessment {
    let temurin = table
        .product("eclipse-temurin")
        .find(|r| r.cycle == major && r.released_by(today) && !r.ended(today))
        .or_else(|| newest(table, "eclipse-temurin", today));
    let instead = temurin.map(|t| {
        let kind = if segments.contains(&"jre") { "jre" } else { "jdk" };
        let alpine = if segments.iter().any(|s| s.starts_with("alpine")) {
            "-alpine"
        } else {
            ""
        };
        format!("eclipse-temurin:{}-{kind}{alpine}", t.cycle)
    });
    Assessment {
        ended: vec![Ended {
            name: format!("Java {major}"),
            support: "updates",
            on: Some(last),
            deprecated_image: Some(image),
        }],
        instead,
        newest: temurin.map(release_name).into_iter().collect(),
    }
}

/// A distribution's own image: the release is the tag's first segment (`10`, `buster`,
/// `bionic-20230530`, `3.12.0`, `centos7`).
fn distribution(table: &Table, family: Family, name: &str, segments: &[&str], today: Date) -> Option<Assessment> {
    let first = *segments.first()?;
    // Whether the tag names the release by its codename (`buster`) rather than its number.
    let (product, release, by_codename) = match family {
        Family::Debian | Family::Ubuntu => {
            let product = if family == Family::Debian { "debian" } else { "ubuntu" };
            match leading_version(first).filter(|v| *v == first) {
                Some(version) => (product, release_of(table, product, version, today)?, false),
                None => (product, release_by_codename(table, product, first)?, true),
            }
        }
        Family::Alpine | Family::AmazonLinux => {
            let product = if family == Family::Alpine {
                "alpine-linux"
            } else {
                "amazon-linux"
            };
            let version = leading_version(first).filter(|v| *v == first)?;
            (product, release_of(table, product, version, today)?, false)
        }
        Family::Centos | Family::CentosQuay => {
            if let Some(stream) = first.strip_prefix("stream").filter(|_| family == Family::CentosQuay) {
                let release = table.product("centos-stream").find(|r| r.cycle == stream)?;
                ("centos-stream", release, false)
            } else {
                let bare = first.strip_prefix("centos").unwrap_or(first);
                let version = leading_version(bare).filter(|v| *v == bare)?;
                ("centos", release_of(table, "centos", version, today)?, false)
            }
        }
        _ => return None,
    };
    if !release.ended(today) {
        return None;
    }
    let newest = newest(
        table,
        if product == "centos" { "centos-stream" } else { product },
        today,
    );
    let instead = newest.and_then(|n| {
        let head = match product {
            "centos-stream" => format!("stream{}", n.cycle),
            // CentOS Linux has no successor under its own name: say so in words.
            "centos" => return None,
            _ if by_codename => codename_word(n)?,
            _ => n.cycle.to_owned(),
        };
        // Keep the variant (`-slim`), drop what pinned the old release (a snapshot date).
        let rest: Vec<&str> = segments[1..]
            .iter()
            .copied()
            .filter(|s| !s.bytes().all(|b| b.is_ascii_digit()))
            .collect();
        let tag = std::iter::once(head.as_str()).chain(rest).collect::<Vec<_>>().join("-");
        Some(format!("{name}:{tag}"))
    });
    let mut newest_names: Vec<String> = newest.map(release_name).into_iter().collect();
    if product == "centos" {
        newest_names = vec!["CentOS Stream, AlmaLinux, Rocky Linux or Red Hat's UBI".to_owned()];
    }
    Some(Assessment {
        ended: vec![ended(release)],
        instead,
        newest: newest_names,
    })
}

/// A language image (or .NET's): the tag's first segment is the version when it starts with a
/// digit (`3.8`, `1.21rc2`, `8u392`), or a Node.js codename; any segment may name the
/// distribution underneath (`bullseye`, `alpine3.15`, `jammy`).
///
/// The reference suggested instead keeps the tag's variant words (`slim`, `fpm`, `jdk`,
/// `nanoserver-ltsc2022`) and leaves the distribution to the image's default (a codename is
/// dropped, `alpine3.15` becomes `alpine`): every official image publishes those tags for every
/// version, while a new version may not come on the old version's distribution, nor an old
/// version on the newest distribution.
fn language(
    table: &Table,
    product: &str,
    lang: Option<Lang>,
    name: &str,
    segments: &[&str],
    today: Date,
) -> Option<Assessment> {
    let first = *segments.first()?;
    // The release the version names, and whether the first segment is that version alone (and
    // so can be replaced by another).
    let version: Option<(&Release, bool)> = if let Some(version) = leading_version(first) {
        release_of(table, product, version, today).map(|r| (r, version == first))
    } else if lang == Some(Lang::Node) {
        let (_, major) = NODE_CODENAMES.iter().find(|(c, _)| *c == first)?;
        // The codename's place takes the new version's number: `node:gallium-alpine` →
        // `node:26-alpine`.
        release_of(table, product, major, today).map(|r| (r, true))
    } else {
        None
    };
    let has_version = version.is_some() || leading_version(first).is_some();
    let oses: Vec<(usize, &Release, OsSpelling)> = segments
        .iter()
        .enumerate()
        .skip(usize::from(has_version))
        .filter_map(|(i, s)| os_of_segment(table, s, lang).map(|(r, spelling)| (i, r, spelling)))
        .collect();
    // A version older than every release the table lists (`golang:1.9`, when it starts at 1.10)
    // ended before the oldest of them, when that one has ended.
    let older = version
        .is_none()
        .then(|| leading_version(first))
        .flatten()
        .and_then(|v| older_than_all(table, product, v, today));
    let lang_ended = version.filter(|(r, _)| r.ended(today));
    let os_ended: Vec<&(usize, &Release, OsSpelling)> = oses.iter().filter(|(_, r, _)| r.ended(today)).collect();
    if lang_ended.is_none() && older.is_none() && os_ended.is_empty() {
        return None;
    }

    let mut ended_list = Vec::new();
    let mut newest_names = Vec::new();
    let mut writable = true;
    // The version to write: the newest release when the tag's has ended, else the tag's own
    // release (a patch version such as `3.13.6` may not exist on another distribution).
    let written_version: Option<&str> = if lang_ended.is_some() || older.is_some() {
        match lang_ended {
            Some((release, _)) => ended_list.push(ended(release)),
            None => ended_list.push(Ended {
                name: older.clone().unwrap_or_default(),
                support: "support",
                on: None,
                deprecated_image: None,
            }),
        }
        let plain = lang_ended.map_or(leading_version(first) == Some(first), |(_, plain)| plain);
        writable &= plain;
        match newest(table, product, today) {
            Some(n) => {
                newest_names.push(release_name(n));
                Some(n.cycle)
            }
            None => {
                writable = false;
                None
            }
        }
    } else if let Some((release, plain)) = version {
        writable &= plain;
        Some(release.cycle)
    } else {
        None
    };
    for (_, release, _) in &os_ended {
        ended_list.push(ended(release));
        if let Some(n) = newest(table, release.product, today) {
            newest_names.push(release_name(n));
        }
    }

    let mut tag: Vec<String> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        if i == 0 && has_version {
            match written_version {
                // .NET tags write the major with its minor: `10.0`.
                Some(v) if product == "dotnet" && !v.contains('.') => tag.push(format!("{v}.0")),
                Some(v) => tag.push(v.to_owned()),
                None => writable = false,
            }
            continue;
        }
        match oses.iter().find(|(at, _, _)| *at == i) {
            None => tag.push((*segment).to_owned()),
            Some((_, release, spelling)) => match spelling {
                OsSpelling::Codename => {}
                OsSpelling::Alpine => tag.push("alpine".to_owned()),
                // Amazon Linux and UBI variants have no default to fall back on: the newest.
                OsSpelling::AmazonLinux | OsSpelling::Ubi if release.ended(today) => {
                    match newest(table, release.product, today) {
                        Some(n) if *spelling == OsSpelling::AmazonLinux => tag.push(format!("al{}", n.cycle)),
                        Some(n) => tag.push(format!("ubi{}", n.cycle)),
                        None => writable = false,
                    }
                }
                OsSpelling::AmazonLinux | OsSpelling::Ubi => tag.push((*segment).to_owned()),
            },
        }
    }
    if tag.is_empty()
        && let [(_, release, OsSpelling::Codename)] = oses.as_slice()
        && let Some(word) = newest(table, release.product, today).and_then(codename_word)
    {
        // A tag that is only a codename (`golang:bullseye`) takes the newest one.
        tag.push(word);
    }
    if product == "dotnet" && oses.iter().any(|(_, _, spelling)| *spelling == OsSpelling::Codename) {
        // .NET's `-slim` and `-chiseled` belong to the distribution (`bookworm-slim`,
        // `noble-chiseled`): `-slim` goes with it, and a chiseled image has no default to fall
        // back on.
        tag.retain(|s| s != "slim");
        writable &= !segments.iter().any(|s| s.starts_with("chiseled"));
    }
    let instead = (writable && !tag.is_empty()).then(|| format!("{name}:{}", tag.join("-")));
    Some(Assessment {
        ended: ended_list,
        instead,
        newest: newest_names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::reference::end_of_life::table;

    fn today() -> Date {
        Date::parse("2026-12-07").expect("a date")
    }

    /// Completion offers the tags of `reference::BASE_IMAGES`: none of them may be past its end
    /// on the day the end-of-life table was refreshed (or the tests' day, when later), so that
    /// completion never suggests what `end-of-life-base-image` then reports. Refreshing the
    /// table (`xtask eol-refresh`) makes this fail when a suggested tag's support has ended:
    /// replace the tag.
    #[test]
    fn completion_suggests_no_tag_past_its_end() {
        let table = table();
        let as_of = table.as_of.expect("the table says as of which day it is").max(today());
        let mut ended = Vec::new();
        for image in crate::analysis::reference::BASE_IMAGES {
            for tag in image.tags {
                let reference = format!("{}:{tag}", image.name);
                let parsed = crate::analysis::model::parse_image_ref(&reference).expect("an image reference");
                let assessment = assess(
                    table,
                    parsed.registry.as_ref().map(|r| r.value.as_str()),
                    &parsed.repository.value,
                    parsed.tag.as_ref().map(|t| t.value.as_str()),
                    as_of,
                );
                if let Some(a) = assessment {
                    ended.push(format!("{reference} (instead: {:?})", a.instead));
                }
            }
        }
        assert!(ended.is_empty(), "suggested but ended on {as_of:?}: {ended:#?}");
    }

    /// The assessment of `reference` on 2026-12-07, written out: each ended release with its
    /// date, then `=> instead`.
    fn verdict(reference: &str) -> String {
        let image = crate::analysis::model::parse_image_ref(reference).expect("an image reference");
        let Some(a) = assess(
            table(),
            image.registry.as_ref().map(|r| r.value.as_str()),
            &image.repository.value,
            image.tag.as_ref().map(|t| t.value.as_str()),
            today(),
        ) else {
            return "-".into();
        };
        let ended: Vec<String> = a
            .ended
            .iter()
            .map(|e| format!("{} {}", e.name, e.on.map_or("?".into(), |d| d.to_string())))
            .collect();
        format!(
            "{} => {} [{}]",
            ended.join(" + "),
            a.instead.as_deref().unwrap_or("?"),
            a.newest.join(", ")
        )
    }

    #[test]
    fn language_images_with_their_distribution() {
        assert_eq!(
            verdict("python:3.8-slim-bullseye"),
            "Python 3.8 2024-10-07 + Debian 11 (bullseye) 2026-08-31 => python:3.14-slim [Python 3.14, Debian 13 (trixie)]"
        );
        assert_eq!(
            verdict("python:3.8-slim"),
            "Python 3.8 2024-10-07 => python:3.14-slim [Python 3.14]"
        );
        assert_eq!(
            verdict("python:3.13.6-slim-bullseye@sha256:e98b"),
            "Debian 11 (bullseye) 2026-08-31 => python:3.13-slim [Debian 13 (trixie)]"
        );
        assert_eq!(
            verdict("node:16-alpine3.15"),
            "Node.js 16 2023-09-11 + Alpine Linux 3.15 2023-11-01 => node:26-alpine [Node.js 26, Alpine Linux 3.24]"
        );
        assert_eq!(
            verdict("golang:1.19-bookworm"),
            "Go 1.19 2023-09-06 => golang:1.27 [Go 1.27]"
        );
        assert_eq!(verdict("ruby:2.7"), "Ruby 2.7 2023-03-31 => ruby:4.0 [Ruby 4.0]");
        assert_eq!(
            verdict("php:7.4-fpm-alpine"),
            "PHP 7.4 2022-11-28 => php:8.5-fpm-alpine [PHP 8.5]"
        );
        assert_eq!(
            verdict("eclipse-temurin:11-jdk-focal"),
            "Ubuntu 20.04 (focal) 2025-05-31 => eclipse-temurin:11-jdk [Ubuntu 26.04 (resolute)]"
        );
        assert_eq!(verdict("eclipse-temurin:11-jdk-jammy"), "-");
        assert_eq!(
            verdict("eclipse-temurin:8u392-b08-jdk-focal"),
            "Ubuntu 20.04 (focal) 2025-05-31 => ? [Ubuntu 26.04 (resolute)]"
        );
        assert_eq!(
            verdict("amazoncorretto:8-al2-jdk"),
            "Amazon Linux 2 2026-06-30 => amazoncorretto:8-al2023-jdk [Amazon Linux 2023]"
        );
        assert_eq!(verdict("amazoncorretto:17-alpine3.22"), "-");
        assert_eq!(
            verdict("docker.io/library/golang:1.10-alpine"),
            "Go 1.10 2019-02-25 => docker.io/library/golang:1.27-alpine [Go 1.27]"
        );
        assert_eq!(
            verdict("golang:1.9.2-stretch"),
            "Go 1.9 ? + Debian 9 (stretch) 2022-07-01 => golang:1.27 [Go 1.27, Debian 13 (trixie)]"
        );
        assert_eq!(
            verdict("golang:bullseye"),
            "Debian 11 (bullseye) 2026-08-31 => golang:trixie [Debian 13 (trixie)]"
        );
        assert_eq!(verdict("golang:1.21rc2"), "Go 1.21 2024-08-13 => ? [Go 1.27]");
        // Older than every release the table lists, the oldest of which has ended.
        assert_eq!(verdict("node:0.10"), "Node.js 0.10 ? => node:26 [Node.js 26]");
        assert_eq!(verdict("eclipse-temurin:7"), "-");
    }

    #[test]
    fn moving_tags_follow_the_newest_release() {
        assert_eq!(verdict("python:3-alpine"), "-");
        assert_eq!(
            verdict("python:2-alpine"),
            "Python 2.7 2020-01-01 => python:3.14-alpine [Python 3.14]"
        );
        assert_eq!(verdict("php:7"), "PHP 7.4 2022-11-28 => php:8.5 [PHP 8.5]");
        assert_eq!(verdict("php:8-apache"), "-");
        assert_eq!(verdict("golang:1"), "-");
        assert_eq!(verdict("alpine:3"), "-");
    }

    #[test]
    fn distributions() {
        assert_eq!(
            verdict("debian:buster-slim"),
            "Debian 10 (buster) 2024-06-30 => debian:trixie-slim [Debian 13 (trixie)]"
        );
        assert_eq!(
            verdict("debian:10"),
            "Debian 10 (buster) 2024-06-30 => debian:13 [Debian 13 (trixie)]"
        );
        assert_eq!(
            verdict("debian:10.13"),
            "Debian 10 (buster) 2024-06-30 => debian:13 [Debian 13 (trixie)]"
        );
        assert_eq!(verdict("debian:bookworm"), "-");
        assert_eq!(verdict("debian:12"), "-");
        assert_eq!(verdict("debian:stable-slim"), "-");
        assert_eq!(verdict("debian:sid"), "-");
        assert_eq!(
            verdict("ubuntu:18.04"),
            "Ubuntu 18.04 (bionic) 2023-05-31 => ubuntu:26.04 [Ubuntu 26.04 (resolute)]"
        );
        assert_eq!(
            verdict("ubuntu:bionic-20230530"),
            "Ubuntu 18.04 (bionic) 2023-05-31 => ubuntu:resolute [Ubuntu 26.04 (resolute)]"
        );
        assert_eq!(
            verdict("ubuntu:questing"),
            "Ubuntu 25.10 (questing) 2026-07-01 => ubuntu:resolute [Ubuntu 26.04 (resolute)]"
        );
        assert_eq!(verdict("ubuntu:22.04"), "-");
        assert_eq!(verdict("ubuntu:rolling"), "-");
        assert_eq!(verdict("ubuntu"), "-");
        assert_eq!(
            verdict("alpine:3.12"),
            "Alpine Linux 3.12 2022-05-01 => alpine:3.24 [Alpine Linux 3.24]"
        );
        assert_eq!(
            verdict("alpine:3.12.0"),
            "Alpine Linux 3.12 2022-05-01 => alpine:3.24 [Alpine Linux 3.24]"
        );
        assert_eq!(
            verdict("alpine:3.21"),
            "Alpine Linux 3.21 2026-11-01 => alpine:3.24 [Alpine Linux 3.24]"
        );
        assert_eq!(verdict("alpine:3.22"), "-");
        assert_eq!(verdict("alpine:edge"), "-");
        assert_eq!(verdict("alpine:20240807"), "-");
        assert_eq!(
            verdict("centos:7"),
            "CentOS Linux 7 2024-06-30 => ? [CentOS Stream, AlmaLinux, Rocky Linux or Red Hat's UBI]"
        );
        assert_eq!(
            verdict("centos:centos7.9.2009"),
            "CentOS Linux 7 2024-06-30 => ? [CentOS Stream, AlmaLinux, Rocky Linux or Red Hat's UBI]"
        );
        assert_eq!(
            verdict("quay.io/centos/centos:stream8"),
            "CentOS Stream 8 2024-05-31 => quay.io/centos/centos:stream10 [CentOS Stream 10]"
        );
        assert_eq!(verdict("quay.io/centos/centos:stream9"), "-");
        assert_eq!(
            verdict("amazonlinux:2"),
            "Amazon Linux 2 2026-06-30 => amazonlinux:2023 [Amazon Linux 2023]"
        );
        assert_eq!(verdict("amazonlinux:2023"), "-");
    }

    #[test]
    fn red_hat_and_microsoft() {
        assert_eq!(
            verdict("registry.access.redhat.com/ubi7/ubi:7.7-214"),
            "Red Hat Enterprise Linux 7 2024-06-30 => registry.access.redhat.com/ubi10/ubi [Red Hat Enterprise Linux 10]"
        );
        assert_eq!(verdict("registry.access.redhat.com/ubi8/ubi-minimal"), "-");
        assert_eq!(
            verdict("redhat/ubi7-minimal"),
            "Red Hat Enterprise Linux 7 2024-06-30 => redhat/ubi10-minimal [Red Hat Enterprise Linux 10]"
        );
        assert_eq!(verdict("redhat/ubi9"), "-");
        assert_eq!(
            verdict("mcr.microsoft.com/dotnet/aspnet:6.0-bullseye-slim"),
            ".NET 6 2024-11-12 + Debian 11 (bullseye) 2026-08-31 => mcr.microsoft.com/dotnet/aspnet:10.0 [.NET 10, Debian 13 (trixie)]"
        );
        assert_eq!(
            verdict("mcr.microsoft.com/dotnet/core/sdk:2.1"),
            ".NET Core 2.1 2021-08-21 => mcr.microsoft.com/dotnet/sdk:10.0 [.NET 10]"
        );
        assert_eq!(verdict("mcr.microsoft.com/dotnet/sdk:10.0-noble"), "-");
        assert_eq!(
            verdict("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled"),
            "-"
        );
        assert_eq!(
            verdict("mcr.microsoft.com/dotnet/runtime-deps:6.0-jammy-chiseled"),
            ".NET 6 2024-11-12 => ? [.NET 10]"
        );
        assert_eq!(
            verdict("mcr.microsoft.com/dotnet/aspnet:8.0-alpine3.20"),
            ".NET 8 2026-11-10 + Alpine Linux 3.20 2026-04-01 => mcr.microsoft.com/dotnet/aspnet:10.0-alpine [.NET 10, Alpine Linux 3.24]"
        );
        assert_eq!(
            verdict("mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022"),
            ".NET 8 2026-11-10 => mcr.microsoft.com/dotnet/sdk:10.0-nanoserver-ltsc2022 [.NET 10]"
        );
        assert_eq!(verdict("mcr.microsoft.com/dotnet/framework/sdk:4.8"), "-");
    }

    #[test]
    fn deprecated_java_images() {
        assert_eq!(
            verdict("openjdk:8-jre"),
            "Java 8 2022-07-19 => eclipse-temurin:8-jre [Eclipse Temurin 8]"
        );
        assert_eq!(
            verdict("openjdk:11-jdk-slim-buster"),
            "Java 11 2022-07-19 => eclipse-temurin:11-jdk [Eclipse Temurin 11]"
        );
        assert_eq!(
            verdict("openjdk:17-alpine"),
            "Java 17 2022-03-22 => eclipse-temurin:17-jdk-alpine [Eclipse Temurin 17]"
        );
        assert_eq!(
            verdict("openjdk:22-ea-jdk"),
            "Java 22 2024-09-17 => eclipse-temurin:25-jdk [Eclipse Temurin 25]"
        );
        assert_eq!(verdict("openjdk:28-ea-jdk"), "-");
        assert_eq!(verdict("openjdk:7"), "-");
        assert_eq!(
            verdict("java:8-jre-alpine"),
            "Java 8 2016-12-31 => eclipse-temurin:8-jre-alpine [Eclipse Temurin 8]"
        );
    }

    #[test]
    fn unknown_images_and_tags_are_not_read() {
        for reference in [
            "python:latest",
            "python",
            "python:slim",
            "node:lts-alpine",
            "node:current",
            "golang:alpine",
            "python@sha256:abcd",
            "cimg/python:3.8",
            "bitnami/python:3.8",
            "ghcr.io/library/python:3.8",
            "myregistry.example.com/python:3.8",
            "registry.access.redhat.com/ubi8/python-38",
            "mcr.microsoft.com/devcontainers/python:3.8-bullseye",
            "maven:3.9-eclipse-temurin-17-focal",
            "rabbitmq:4.0-alpine",
        ] {
            assert_eq!(verdict(reference), "-", "{reference}");
        }
    }

    #[test]
    fn node_codenames_and_mirrors() {
        assert_eq!(
            verdict("node:gallium-alpine"),
            "Node.js 16 2023-09-11 => node:26-alpine [Node.js 26]"
        );
        assert_eq!(verdict("node:jod-alpine"), "-");
        assert_eq!(
            verdict("public.ecr.aws/docker/library/node:14"),
            "Node.js 14 2023-04-30 => public.ecr.aws/docker/library/node:26 [Node.js 26]"
        );
    }
}
