//! The spellings of an image reference that `allowed-images` and `denied-images` patterns are
//! compared with, so that `alpine:3.22`, `library/alpine:3.22` and
//! `docker.io/library/alpine:3.22` are one image, and hadolint's registry matching for
//! `trusted-registries`.

use crate::analysis::model::{DOCKER_HUB, is_docker_hub, parse_image_ref};

/// The reference as written (its variables resolved), Docker's normalised name
/// (`docker.io/library/alpine:3.22`) and its familiar short name (`alpine:3.22`). A reference
/// with neither tag nor digest is pulled as `:latest`, so its normalised and familiar names carry
/// that tag. A reference that does not parse has only its written spelling.
pub fn spellings(reference: &str) -> Vec<String> {
    let mut out = vec![reference.to_owned()];
    let Some(image) = parse_image_ref(reference) else {
        return out;
    };
    let registry = image.registry.as_ref().map_or(DOCKER_HUB, |r| hub_alias(&r.value));
    let repository = &image.repository.value;
    let on_hub = registry == DOCKER_HUB;
    let full_repository = if on_hub && !repository.contains('/') {
        format!("library/{repository}")
    } else {
        repository.clone()
    };
    let mut suffix = String::new();
    if let Some(tag) = &image.tag {
        suffix.push(':');
        suffix.push_str(&tag.value);
    }
    if let Some(digest) = &image.digest {
        suffix.push('@');
        suffix.push_str(&digest.value);
    }
    if suffix.is_empty() {
        suffix.push_str(":latest");
    }
    let familiar_repository = if on_hub {
        full_repository.strip_prefix("library/").unwrap_or(&full_repository)
    } else {
        &full_repository
    };
    let familiar = if on_hub {
        format!("{familiar_repository}{suffix}")
    } else {
        format!("{registry}/{familiar_repository}{suffix}")
    };
    for spelling in [format!("{registry}/{full_repository}{suffix}"), familiar] {
        if !out.contains(&spelling) {
            out.push(spelling);
        }
    }
    out
}

/// Docker Hub's other names (`index.docker.io`, `registry-1.docker.io`) as `docker.io`.
fn hub_alias(registry: &str) -> &str {
    if is_docker_hub(registry) { DOCKER_HUB } else { registry }
}

/// The registry an image is pulled from: the one it names, else Docker Hub.
pub fn registry_of(reference: &str) -> Option<String> {
    let image = parse_image_ref(reference)?;
    Some(
        image
            .registry
            .as_ref()
            .map_or(DOCKER_HUB, |r| hub_alias(&r.value))
            .to_owned(),
    )
}

/// Whether `registry` is one of `trusted`, as hadolint matches `trustedRegistries`: `*` allows
/// every registry, `*.example.com` a suffix, `example.*` a prefix, anything else exactly. Docker
/// Hub also answers to `hub.docker.com`, as in hadolint.
pub fn registry_trusted(trusted: &[String], registry: &str) -> bool {
    let matches = |allow: &str, registry: &str| {
        if allow == "*" {
            true
        } else if let Some(suffix) = allow.strip_prefix('*') {
            registry.ends_with(suffix)
        } else if let Some(prefix) = allow.strip_suffix('*') {
            registry.starts_with(prefix)
        } else {
            allow.eq_ignore_ascii_case(registry)
        }
    };
    trusted.iter().any(|allow| {
        let allow = hub_alias(allow.trim());
        matches(allow, registry) || (registry == DOCKER_HUB && matches(allow, "hub.docker.com"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_images_have_three_spellings() {
        assert_eq!(
            spellings("alpine:3.22"),
            ["alpine:3.22", "docker.io/library/alpine:3.22"]
        );
        assert_eq!(
            spellings("docker.io/library/alpine:3.22"),
            ["docker.io/library/alpine:3.22", "alpine:3.22"]
        );
        assert_eq!(
            spellings("index.docker.io/bitnami/redis"),
            [
                "index.docker.io/bitnami/redis",
                "docker.io/bitnami/redis:latest",
                "bitnami/redis:latest"
            ]
        );
        assert_eq!(
            spellings("ghcr.io/acme/app@sha256:abc"),
            ["ghcr.io/acme/app@sha256:abc"]
        );
        assert_eq!(spellings("$NOPE"), ["$NOPE"]);
    }

    #[test]
    fn registries_match_like_hadolint() {
        let trusted = |list: &[&str], registry: &str| {
            registry_trusted(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>(), registry)
        };
        assert!(trusted(&["docker.io"], "docker.io"));
        assert!(trusted(&["hub.docker.com"], "docker.io"));
        assert!(trusted(&["*.gcr.io"], "eu.gcr.io"));
        assert!(!trusted(&["*.gcr.io"], "ghcr.io"));
        assert!(trusted(&["my-company.com:5000"], "my-company.com:5000"));
        assert!(trusted(&["registry.acme.*"], "registry.acme.dev"));
        assert!(trusted(&["*"], "quay.io"));
        assert!(!trusted(&["quay.io"], "docker.io"));
        assert_eq!(registry_of("alpine").as_deref(), Some("docker.io"));
        assert_eq!(registry_of("localhost:5000/x").as_deref(), Some("localhost:5000"));
    }
}
