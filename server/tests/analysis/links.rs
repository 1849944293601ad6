//! Document links for image references: each link is listed with the text it covers, its
//! target and its tooltip.

use dockerfile_lsp::analysis::config::Locale;
use dockerfile_lsp::analysis::links;
use dockerfile_lsp::analysis::model;
use expect_test::{Expect, expect};

fn check(text: &str, expect: Expect) {
    let model = model::parse(text);
    let out: Vec<String> = links::document_links(&model, text, Locale::En)
        .into_iter()
        .map(|l| format!("{:?} -> {} ({})", l.range.slice(text), l.target, l.tooltip))
        .collect();
    expect.assert_eq(&out.join("\n"));
}

#[test]
fn registries() {
    check(
        r#"FROM alpine:3.20
FROM library/ubuntu:24.04@sha256:0123
FROM bitnami/redis
FROM docker.io/grafana/grafana:11
FROM ghcr.io/astral-sh/uv:0.5 AS uv
FROM quay.io/prometheus/node-exporter
FROM mcr.microsoft.com/dotnet/sdk:8.0
FROM gcr.io/distroless/static-debian12:nonroot
FROM registry.example.com:5000/team/app
FROM scratch
"#,
        expect![[r#"
            "alpine:3.20" -> https://hub.docker.com/_/alpine (Open `alpine:3.20` on Docker Hub)
            "library/ubuntu:24.04@sha256:0123" -> https://hub.docker.com/_/ubuntu (Open `library/ubuntu:24.04@sha256:0123` on Docker Hub)
            "bitnami/redis" -> https://hub.docker.com/r/bitnami/redis (Open `bitnami/redis` on Docker Hub)
            "docker.io/grafana/grafana:11" -> https://hub.docker.com/r/grafana/grafana (Open `docker.io/grafana/grafana:11` on Docker Hub)
            "ghcr.io/astral-sh/uv:0.5" -> https://ghcr.io/astral-sh/uv (Open `ghcr.io/astral-sh/uv:0.5` on GitHub)
            "quay.io/prometheus/node-exporter" -> https://quay.io/repository/prometheus/node-exporter (Open `quay.io/prometheus/node-exporter` on Quay)
            "mcr.microsoft.com/dotnet/sdk:8.0" -> https://mcr.microsoft.com/en-us/artifact/mar/dotnet/sdk (Open `mcr.microsoft.com/dotnet/sdk:8.0` on Microsoft Artifact Registry)
            "gcr.io/distroless/static-debian12:nonroot" -> https://console.cloud.google.com/gcr/images/distroless/global/static-debian12 (Open `gcr.io/distroless/static-debian12:nonroot` on Google Container Registry)"#]],
    );
}

#[test]
fn copy_and_mount_sources_that_are_images_but_not_stages() {
    check(
        r#"FROM golang:1.22 AS build
FROM alpine
COPY --from=build /a /b
COPY --from=0 /a /b
COPY --from=nginx:1.27 /etc/nginx /etc/nginx
RUN --mount=type=bind,from=ghcr.io/acme/tools:1,target=/t true
RUN --mount=type=cache,from=build,target=/c true
"#,
        expect![[r#"
            "golang:1.22" -> https://hub.docker.com/_/golang (Open `golang:1.22` on Docker Hub)
            "alpine" -> https://hub.docker.com/_/alpine (Open `alpine` on Docker Hub)
            "nginx:1.27" -> https://hub.docker.com/_/nginx (Open `nginx:1.27` on Docker Hub)
            "ghcr.io/acme/tools:1" -> https://ghcr.io/acme/tools (Open `ghcr.io/acme/tools:1` on GitHub)"#]],
    );
}

#[test]
fn no_link_for_a_reference_built_from_an_unknown_variable() {
    check(
        r#"ARG TAG
ARG IMAGE=python
FROM ${IMAGE}:3.12 AS known
FROM node:${TAG}
FROM alpine
COPY --from=$OTHER /a /b
COPY --from=${IMAGE}:3.12 /c /d
"#,
        expect![[r#"
            "${IMAGE}:3.12" -> https://hub.docker.com/_/python (Open `python:3.12` on Docker Hub)
            "alpine" -> https://hub.docker.com/_/alpine (Open `alpine` on Docker Hub)"#]],
    );
}

#[test]
fn tooltips_in_chinese() {
    let text = "FROM alpine\nFROM ghcr.io/a/b\n";
    let model = model::parse(text);
    let tips: Vec<String> = links::document_links(&model, text, Locale::ZhHans)
        .into_iter()
        .map(|l| l.tooltip)
        .collect();
    assert_eq!(
        tips,
        ["在 Docker Hub 上打开 `alpine`", "在 GitHub 上打开 `ghcr.io/a/b`"]
    );
}
