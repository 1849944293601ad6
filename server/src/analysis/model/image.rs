//! Image references `[registry/][namespace/]repository[:tag][@digest]`, split into their parts
//! with ranges. The split is structural: a reference with an upper-case repository or a strange
//! tag still splits (rules judge validity); only what has no shape at all gives `None`.

use super::{ImageRef, Spanned};
use crate::syntax::TextRange;

/// Docker Hub, as the registry of a reference that names none.
pub const DOCKER_HUB: &str = "docker.io";

/// Whether `registry` is Docker Hub under one of its names (`docker.io`, `index.docker.io`,
/// `registry-1.docker.io`, `registry.hub.docker.com`), ASCII case ignored as for any host name.
pub fn is_docker_hub(registry: &str) -> bool {
    [
        "docker.io",
        "index.docker.io",
        "registry-1.docker.io",
        "registry.hub.docker.com",
    ]
    .iter()
    .any(|hub| registry.eq_ignore_ascii_case(hub))
}

/// Splits `reference`; ranges are byte offsets into it.
pub fn parse_image_ref(reference: &str) -> Option<ImageRef> {
    split(reference, Some(0), TextRange::empty(0))
}

/// Splits `reference`; with `at`, ranges are offsets shifted by it, otherwise every part gets
/// `fallback` (the reference was written differently, e.g. through a variable).
pub(crate) fn split(reference: &str, at: Option<usize>, fallback: TextRange) -> Option<ImageRef> {
    if reference.is_empty() || reference.contains(|c: char| c.is_whitespace() || c == '$') {
        return None;
    }
    let span = |s: usize, e: usize, text: &str| -> Spanned<String> {
        let range = at.map_or(fallback, |a| TextRange::new(a + s, a + e));
        Spanned::new(text.to_string(), range)
    };
    let (name_part, digest) = match reference.find('@') {
        Some(i) => {
            let d = &reference[i + 1..];
            if d.is_empty() {
                return None;
            }
            (&reference[..i], Some(span(i + 1, reference.len(), d)))
        }
        None => (reference, None),
    };
    let last_slash = name_part.rfind('/').map_or(0, |i| i + 1);
    let (path, tag) = match name_part[last_slash..].rfind(':') {
        Some(j) => {
            let colon = last_slash + j;
            let t = &name_part[colon + 1..];
            if t.is_empty() {
                return None;
            }
            (&name_part[..colon], Some(span(colon + 1, name_part.len(), t)))
        }
        None => (name_part, None),
    };
    if path.is_empty() || path.split('/').any(str::is_empty) {
        return None;
    }
    let (registry, repo_start) = match path.find('/') {
        Some(i) => {
            let first = &path[..i];
            if first.contains(['.', ':']) || first == "localhost" {
                (Some(span(0, i, first)), i + 1)
            } else {
                (None, 0)
            }
        }
        None => (None, 0),
    };
    Some(ImageRef {
        registry,
        repository: span(repo_start, path.len(), &path[repo_start..]),
        tag,
        digest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_hub_answers_to_its_names_in_any_case() {
        for hub in [
            "docker.io",
            "Docker.IO",
            "index.docker.io",
            "registry-1.docker.io",
            "registry.hub.docker.com",
        ] {
            assert!(is_docker_hub(hub), "{hub}");
        }
        for other in [
            "ghcr.io",
            "mirror.gcr.io",
            "hub.docker.com",
            "docker.io.example.com",
            "",
        ] {
            assert!(!is_docker_hub(other), "{other}");
        }
    }

    type Parts = (Option<String>, String, Option<String>, Option<String>);

    fn parts(s: &str) -> Option<Parts> {
        parse_image_ref(s).map(|r| {
            (
                r.registry.map(|x| x.value),
                r.repository.value,
                r.tag.map(|x| x.value),
                r.digest.map(|x| x.value),
            )
        })
    }

    fn p(r: Option<&str>, repo: &str, t: Option<&str>, d: Option<&str>) -> Option<Parts> {
        Some((r.map(Into::into), repo.into(), t.map(Into::into), d.map(Into::into)))
    }

    #[test]
    fn splits_references() {
        assert_eq!(parts("ubuntu"), p(None, "ubuntu", None, None));
        assert_eq!(parts("ubuntu:22.04"), p(None, "ubuntu", Some("22.04"), None));
        assert_eq!(
            parts("library/ubuntu:22.04"),
            p(None, "library/ubuntu", Some("22.04"), None)
        );
        assert_eq!(
            parts("gcr.io/distroless/static"),
            p(Some("gcr.io"), "distroless/static", None, None)
        );
        assert_eq!(
            parts("localhost:5000/app:1@sha256:abc"),
            p(Some("localhost:5000"), "app", Some("1"), Some("sha256:abc"))
        );
        assert_eq!(parts("localhost/app"), p(Some("localhost"), "app", None, None));
        assert_eq!(
            parts("alpine@sha256:0123"),
            p(None, "alpine", None, Some("sha256:0123"))
        );
        assert_eq!(parts("Ubuntu:Latest"), p(None, "Ubuntu", Some("Latest"), None));
        assert_eq!(parts("myuser/app"), p(None, "myuser/app", None, None));
    }

    #[test]
    fn shapeless_references() {
        for s in ["", "ubuntu:", "a@", "$IMAGE", "a//b", "/a", ":tag", "a b"] {
            assert_eq!(parts(s), None, "{s}");
        }
    }

    #[test]
    fn ranges() {
        let r = parse_image_ref("reg.io/ns/app:1.0@sha256:ff");
        let r = r.as_ref();
        assert_eq!(
            r.and_then(|r| r.registry.as_ref()).map(|x| x.range),
            Some(TextRange::new(0, 6))
        );
        assert_eq!(r.map(|r| r.repository.range), Some(TextRange::new(7, 13)));
        assert_eq!(
            r.and_then(|r| r.tag.as_ref()).map(|x| x.range),
            Some(TextRange::new(14, 17))
        );
        assert_eq!(
            r.and_then(|r| r.digest.as_ref()).map(|x| x.range),
            Some(TextRange::new(18, 27))
        );
    }
}
