//! Document links for image references (`FROM`, `COPY --from`, `RUN --mount=from=`) to their
//! pages on Docker Hub, GitHub's registry, Quay, Microsoft's registry and Google's registry.
//! A reference built from a variable without a known value gets no link: the page it would open
//! is a guess.

use crate::analysis::config::Locale;
use crate::analysis::docs::Label;
use crate::analysis::model::{self, Base, ImageRef, Instruction, InstructionKind, Model};
use crate::analysis::navigation;
use crate::analysis::reference;
use crate::analysis::scope;
use crate::syntax::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub range: TextRange,
    pub target: String,
    pub tooltip: String,
}

/// Docker Hub's names for itself.
const HUB_REGISTRIES: &[&str] = &["docker.io", "index.docker.io", "registry-1.docker.io"];

/// The web page of an image's repository and the name of the site, when it is a registry we
/// know.
pub fn image_page(image: &ImageRef) -> Option<(String, &'static str)> {
    let path = image.repository.value.as_str();
    let registry = image.registry.as_ref().map(|r| r.value.to_ascii_lowercase());
    match registry.as_deref() {
        None => hub_page(path),
        Some(r) if HUB_REGISTRIES.contains(&r) => hub_page(path),
        Some("ghcr.io") => Some((format!("https://ghcr.io/{path}"), "GitHub")),
        Some("quay.io") => Some((format!("https://quay.io/repository/{path}"), "Quay")),
        Some("mcr.microsoft.com") => Some((
            format!("https://mcr.microsoft.com/en-us/artifact/mar/{path}"),
            "Microsoft Artifact Registry",
        )),
        Some("gcr.io") => {
            let (project, rest) = path.split_once('/')?;
            Some((
                format!("https://console.cloud.google.com/gcr/images/{project}/global/{rest}"),
                "Google Container Registry",
            ))
        }
        Some(_) => None,
    }
}

fn hub_page(path: &str) -> Option<(String, &'static str)> {
    let official = path.strip_prefix("library/").unwrap_or(path);
    let url = if official.contains('/') {
        format!("https://hub.docker.com/r/{path}")
    } else {
        format!("https://hub.docker.com/_/{official}")
    };
    Some((url, "Docker Hub"))
}

fn link(range: TextRange, reference: &str, image: &ImageRef, locale: Locale) -> Option<Link> {
    let (target, site) = image_page(image)?;
    let tooltip = if site == "Docker Hub" {
        Label::LinkDockerHub.fill(locale, &[("image", reference)])
    } else {
        Label::LinkRegistry.fill(locale, &[("image", reference), ("registry", site)])
    };
    Some(Link { range, target, tooltip })
}

/// A `--from` value that names no stage, read as an image reference once its variables are
/// expanded; `None` when one of them has no known value.
fn flag_image(model: &Model, instruction: &Instruction, value: &str) -> Option<(String, ImageRef)> {
    let resolved = if value.contains('$') {
        let scope = scope::scope_at(model, instruction.range.start);
        scope::expand(value, model.escape, |n| scope.get(n).and_then(|b| b.value))?
    } else {
        value.to_owned()
    };
    let image = model::parse_image_ref(&resolved)?;
    Some((resolved, image))
}

/// The links of a document, in source order.
pub fn document_links(model: &Model, text: &str, locale: Locale) -> Vec<Link> {
    let mut out = Vec::new();
    for stage in &model.stages {
        if let Base::Image {
            written,
            resolved,
            image: Some(image),
        } = &stage.base
            && let Some(l) = link(written.range, resolved, image, locale)
        {
            out.push(l);
        }
    }
    for (index, instruction) in model.instructions.iter().enumerate() {
        if instruction.kind == InstructionKind::From {
            continue;
        }
        let stages: Vec<TextRange> = navigation::stage_uses(model, text, index, instruction)
            .into_iter()
            .map(|(_, range, _)| range)
            .collect();
        for flag in instruction.flags.iter().filter(|f| f.dashes == 2) {
            let Some(value) = &flag.value else { continue };
            let exact = value.range.slice(text) == value.value;
            let mut candidates: Vec<(TextRange, &str)> = Vec::new();
            if instruction.kind == InstructionKind::Copy && flag.name.value.eq_ignore_ascii_case("from") {
                candidates.push((value.range, &value.value));
            } else if instruction.kind == InstructionKind::Run && flag.name.value.eq_ignore_ascii_case("mount") {
                for field in reference::mount_fields(&value.value) {
                    if let Some((from, at)) = field.value.filter(|_| field.key.eq_ignore_ascii_case("from")) {
                        let range = if exact {
                            TextRange::new(value.range.start + at, value.range.start + at + from.len())
                        } else {
                            value.range
                        };
                        candidates.push((range, from));
                    }
                }
            }
            for (range, value) in candidates {
                let names_a_stage = stages.iter().any(|s| s.intersects(range) || *s == range);
                let is_index = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
                if names_a_stage || is_index || value.is_empty() {
                    continue;
                }
                if let Some((resolved, image)) = flag_image(model, instruction, value)
                    && let Some(l) = link(range, &resolved, &image, locale)
                {
                    out.push(l);
                }
            }
        }
    }
    out.sort_by_key(|l| l.range.start);
    out
}
