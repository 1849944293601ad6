//! What is known about published images without asking a registry: which references name a
//! Windows image, which images run as an unprivileged user by default, and which are operating
//! systems rather than tools. Offline and curated: each fact says where it comes from.

use crate::analysis::model::ImageRef;

/// Whether an image reference (as resolved, any case) names a Windows image:
///
/// - Microsoft's Windows base images: `mcr.microsoft.com/windows` and everything under it
///   (`windows/servercore`, `windows/nanoserver`, `windows/server`);
/// - .NET Framework images (`mcr.microsoft.com/dotnet/framework/...`), which exist for Windows only;
/// - any reference naming Server Core or Nano Server (`golang:1.23-windowsservercore-ltsc2022`,
///   `mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-1809`, `python:windowsservercore`), or
///   `windowsserver` (`mcr.microsoft.com/powershell:lts-windowsserver-ltsc2022`);
/// - a `-windows` part in the name or tag (`pause:3.9-windows-ltsc2022-amd64`), or a tag that
///   starts with `windows` or names an LTSC release (`ltsc2022`).
///
/// Rust and GNU target triples (`x86_64-pc-windows-gnu`, `-windows-msvc`) name Linux images that
/// cross-compile for Windows (`ghcr.io/cross-rs/x86_64-pc-windows-gnu`), and
/// `dockcross/windows-static-x64` is one too: neither counts.
pub fn is_windows_image(reference: &str) -> bool {
    let lower = reference.to_ascii_lowercase();
    let without_digest = lower.split('@').next().unwrap_or(&lower);
    let last_slash = without_digest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match without_digest[last_slash..].rfind(':') {
        Some(colon) => (
            &without_digest[..last_slash + colon],
            &without_digest[last_slash + colon + 1..],
        ),
        None => (without_digest, ""),
    };
    if name.starts_with("mcr.microsoft.com/windows") || name.starts_with("mcr.microsoft.com/dotnet/framework/") {
        return true;
    }
    if ["nanoserver", "servercore", "windowsserver"]
        .iter()
        .any(|w| without_digest.contains(w))
    {
        return true;
    }
    let cross_compiler = ["windows-gnu", "windows-msvc"]
        .iter()
        .any(|t| without_digest.contains(t));
    if cross_compiler {
        return false;
    }
    without_digest.contains("-windows") || tag.starts_with("windows") || tag.contains("ltsc20")
}

/// Chainguard images (`cgr.dev/chainguard/<name>`) whose published configuration runs as root
/// (`run-as` unset or `0` in the image's `locked_config.json` in
/// github.com/chainguard-images/images): the bases meant to be built on and the build tools. Every
/// other Chainguard image runs as `nonroot` (uid 65532) or as its service's own user.
const CHAINGUARD_ROOT: &[&str] = &[
    "apko",
    "bash",
    "docker-dind",
    "gcc-glibc",
    "git",
    "go",
    "k3s",
    "melange",
    "min-toolkit-debug",
    "postgres",
    "wolfi-base",
];

/// The .NET images that come in distroless variants: `runtime-deps`, `runtime` and `aspnet`.
const DOTNET_DISTROLESS_REPOS: &[&str] = &[
    "mcr.microsoft.com/dotnet/runtime-deps",
    "mcr.microsoft.com/dotnet/runtime",
    "mcr.microsoft.com/dotnet/aspnet",
    "mcr.microsoft.com/dotnet/nightly/runtime-deps",
    "mcr.microsoft.com/dotnet/nightly/runtime",
    "mcr.microsoft.com/dotnet/nightly/aspnet",
];

/// Why an image is known to start its process as an unprivileged user, for messages and tests;
/// `None` when it runs as root (nearly every image) or nothing is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unprivileged {
    /// The reference says so: distroless `:nonroot` and `:debug-nonroot` (uid 65532),
    /// `nginxinc/nginx-unprivileged`, `...-rootless` images.
    Named,
    /// .NET's distroless images (Ubuntu chiseled: `8.0-noble-chiseled`, `8.0-jammy-chiseled-extra`;
    /// Azure Linux: `8.0-azurelinux3.0-distroless`) run as the `app` user (uid 1654 from .NET 8).
    DotnetDistroless,
    /// A Chainguard image other than the bases and build tools of [`CHAINGUARD_ROOT`].
    Chainguard,
}

/// Whether the image starts its process as an unprivileged user when the Dockerfile sets no
/// `USER`. Plain distroless tags (`gcr.io/distroless/static-debian12`, `:latest`, `:debug`) run
/// as root (uid 0): only their `nonroot` tags do not.
pub fn runs_unprivileged(reference: &str) -> Option<Unprivileged> {
    let lower = reference.to_ascii_lowercase();
    let reference = lower.split('@').next().unwrap_or(&lower);
    let last_slash = reference.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match reference[last_slash..].rfind(':') {
        Some(colon) => (&reference[..last_slash + colon], &reference[last_slash + colon + 1..]),
        None => (reference, ""),
    };
    if ["nonroot", "non-root", "rootless", "unprivileged"]
        .iter()
        .any(|w| reference.contains(w))
    {
        return Some(Unprivileged::Named);
    }
    if DOTNET_DISTROLESS_REPOS.contains(&name) && (tag.contains("chiseled") || tag.contains("distroless")) {
        return Some(Unprivileged::DotnetDistroless);
    }
    if let Some(image) = name.strip_prefix("cgr.dev/chainguard/")
        && !CHAINGUARD_ROOT.contains(&image)
    {
        return Some(Unprivileged::Chainguard);
    }
    None
}

/// Repository names (last path component) of operating-system images published outside Docker
/// Hub's official library, and of the library's own distributions under other registries.
const DISTRIBUTIONS: &[&str] = &[
    "almalinux",
    "alpine",
    "amazonlinux",
    "archlinux",
    "busybox",
    "centos",
    "debian",
    "fedora",
    "fedora-minimal",
    "leap",
    "oraclelinux",
    "photon",
    "rockylinux",
    "tumbleweed",
    "ubi",
    "ubi-init",
    "ubi-micro",
    "ubi-minimal",
    "ubuntu",
    "wolfi-base",
];

/// Whether an image is a whole operating system rather than a few files made to be copied
/// (`tonistiigi/xx`, `docker/buildx-bin`, a tool's `ghcr.io` image): a Docker Official Image
/// (`debian`, `nginx`, `python`: every one of them is built on a distribution), a distribution
/// published elsewhere (`registry.access.redhat.com/ubi9/ubi-minimal`, `quay.io/centos/centos`),
/// Google's distroless images (Debian without a shell, still a root filesystem), or Microsoft's
/// Linux bases (`mcr.microsoft.com/azurelinux/base/core`, `cbl-mariner`).
pub fn is_os_image(image: &ImageRef) -> bool {
    let registry = image.registry.as_ref().map(|r| r.value.to_ascii_lowercase());
    let repository = image.repository.value.to_ascii_lowercase();
    let docker_hub = registry.as_deref().is_none_or(crate::analysis::model::is_docker_hub);
    let official = docker_hub && (!repository.contains('/') || repository.starts_with("library/"));
    let name = repository.rsplit('/').next().unwrap_or(&repository);
    let microsoft = registry.as_deref() == Some("mcr.microsoft.com")
        && (repository.starts_with("azurelinux/") || repository.starts_with("cbl-mariner/"));
    let distroless = registry.as_deref() == Some("gcr.io") && repository.starts_with("distroless/");
    (official && name != "hello-world")
        || DISTRIBUTIONS.contains(&name)
        || (name.starts_with("ubi") && name[3..].bytes().all(|b| b.is_ascii_digit()))
        || microsoft
        || distroless
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_images_by_name_and_tag() {
        for windows in [
            "mcr.microsoft.com/windows/servercore:ltsc2022",
            "mcr.microsoft.com/windows/nanoserver:ltsc2025",
            "mcr.microsoft.com/windows/server:ltsc2022",
            "mcr.microsoft.com/windows:1809",
            "mcr.microsoft.com/dotnet/framework/sdk:4.8.1",
            "mcr.microsoft.com/dotnet/framework/aspnet:4.8",
            "mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022",
            "mcr.microsoft.com/dotnet/aspnet:9.0-windowsservercore-ltsc2022",
            "golang:1.23-windowsservercore-ltsc2022",
            "python:3.12-windowsservercore",
            "mcr.microsoft.com/powershell:lts-windowsserver-ltsc2022",
            "mcr.microsoft.com/oss/kubernetes/pause:3.9-windows-ltsc2022-amd64",
            "example.com/agent:windows-1809",
            "example.com/agent:1.2-ltsc2019",
            "MCR.MICROSOFT.COM/WINDOWS/SERVERCORE:LTSC2022",
            "mcr.microsoft.com/windows/servercore@sha256:abc",
        ] {
            assert!(is_windows_image(windows), "{windows}");
        }
        for linux in [
            "debian:bookworm-slim",
            "mcr.microsoft.com/dotnet/sdk:8.0",
            "mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled",
            "mcr.microsoft.com/powershell:7.4-ubuntu-22.04",
            "ghcr.io/cross-rs/x86_64-pc-windows-gnu:0.2.5",
            "rust:1-windows-msvc-cross",
            "dockcross/windows-static-x64:latest",
            "example.com/windows-exporter-builder",
        ] {
            assert!(!is_windows_image(linux), "{linux}");
        }
    }

    #[test]
    fn unprivileged_images() {
        use Unprivileged::*;
        let cases = [
            ("gcr.io/distroless/static-debian12:nonroot", Some(Named)),
            ("gcr.io/distroless/java21-debian12:debug-nonroot", Some(Named)),
            ("gcr.io/distroless/static-debian12", None),
            ("gcr.io/distroless/static-debian12:latest", None),
            ("gcr.io/distroless/base-debian12:debug", None),
            ("nginxinc/nginx-unprivileged:1.27-alpine", Some(Named)),
            ("docker:27-dind-rootless", Some(Named)),
            (
                "mcr.microsoft.com/dotnet/runtime-deps:8.0-noble-chiseled",
                Some(DotnetDistroless),
            ),
            (
                "mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled-extra",
                Some(DotnetDistroless),
            ),
            (
                "mcr.microsoft.com/dotnet/runtime:9.0-noble-chiseled-composite",
                Some(DotnetDistroless),
            ),
            (
                "mcr.microsoft.com/dotnet/aspnet:8.0-azurelinux3.0-distroless",
                Some(DotnetDistroless),
            ),
            ("mcr.microsoft.com/dotnet/aspnet:8.0", None),
            ("mcr.microsoft.com/dotnet/sdk:8.0-noble", None),
            ("cgr.dev/chainguard/static:latest", Some(Chainguard)),
            ("cgr.dev/chainguard/python:latest-dev", Some(Chainguard)),
            ("cgr.dev/chainguard/glibc-dynamic", Some(Chainguard)),
            ("cgr.dev/chainguard/wolfi-base", None),
            ("cgr.dev/chainguard/go:latest", None),
            ("ubuntu:24.04", None),
        ];
        for (reference, expected) in cases {
            assert_eq!(runs_unprivileged(reference), expected, "{reference}");
        }
    }

    #[test]
    fn operating_systems_and_helper_images() {
        let os = |r: &str| crate::analysis::model::parse_image_ref(r).is_some_and(|i| is_os_image(&i));
        for yes in [
            "debian:bookworm-slim",
            "nginx:1.27",
            "library/python:3.12",
            "docker.io/library/alpine:3.20",
            "golang",
            "registry.access.redhat.com/ubi9/ubi-minimal:9.4",
            "registry.access.redhat.com/ubi9:latest",
            "quay.io/centos/centos:stream9",
            "public.ecr.aws/amazonlinux/amazonlinux:2023",
            "gcr.io/distroless/static-debian12",
            "mcr.microsoft.com/azurelinux/base/core:3.0",
            "cgr.dev/chainguard/wolfi-base",
        ] {
            assert!(os(yes), "{yes}");
        }
        for no in [
            "tonistiigi/xx:1.5.0",
            "docker.io/tonistiigi/xx",
            "docker/buildx-bin:0.17",
            "docker/compose-bin:v2.29.7",
            "ghcr.io/astral-sh/uv:0.4",
            "crazymax/osxcross:14.5",
            "hello-world",
        ] {
            assert!(!os(no), "{no}");
        }
    }
}
