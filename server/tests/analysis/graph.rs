//! The stage graph: stages, `FROM` edges, `COPY --from` and mount edges and external images,
//! rendered as Mermaid and DOT, snapshot-tested on a multi-stage fixture.

use dockerfile_lsp::analysis::graph::{self, EdgeKind, NodeKind};
use dockerfile_lsp::analysis::model;
use expect_test::{expect, expect_file};

const FIXTURE: &str = include_str!("../../../tests/fixtures/graph/multi-stage.Dockerfile");

#[test]
fn mermaid_of_the_multi_stage_fixture() {
    let model = model::parse(FIXTURE);
    let g = graph::stage_graph(&model, FIXTURE);
    expect_file!["../../../tests/fixtures/graph/multi-stage.mmd"].assert_eq(&graph::mermaid(&g));
}

#[test]
fn dot_of_the_multi_stage_fixture() {
    let model = model::parse(FIXTURE);
    let g = graph::stage_graph(&model, FIXTURE);
    expect_file!["../../../tests/fixtures/graph/multi-stage.dot"].assert_eq(&graph::dot(&g));
}

#[test]
fn every_kind_of_edge_is_found() {
    let model = model::parse(FIXTURE);
    let g = graph::stage_graph(&model, FIXTURE);
    let stages = g.nodes.iter().filter(|n| matches!(n, NodeKind::Stage { .. })).count();
    assert_eq!(stages, model.stages.len());
    for kind in [EdgeKind::From, EdgeKind::Copy, EdgeKind::Mount] {
        assert!(g.edges.iter().any(|e| e.kind == kind), "no {kind:?} edge");
    }
    // Every edge ends at a stage.
    for e in &g.edges {
        assert!(matches!(g.nodes[e.to], NodeKind::Stage { .. }), "{e:?}");
    }
}

#[test]
fn an_unresolved_image_is_shown_as_written() {
    let text = "ARG BASE\nFROM ${BASE}\nCOPY --from=$OTHER /a /b\n";
    let model = model::parse(text);
    expect![[r#"
        flowchart TD
            stage0["stage 0"]
            image0{{"${BASE}"}}
            image1{{"$OTHER"}}
            image0 --> stage0
            image1 -- "COPY --from" --> stage0
    "#]]
    .assert_eq(&graph::mermaid(&graph::stage_graph(&model, text)));
}

#[test]
fn an_empty_file_has_an_empty_graph() {
    let model = model::parse("");
    expect![[r#"
        digraph stages {
            rankdir=TB;
            node [shape=box];
        }
    "#]]
    .assert_eq(&graph::dot(&graph::stage_graph(&model, "")));
}
