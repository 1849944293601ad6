//! The SVG stage graph (`graph::svg`): well-formed XML whose nodes and edges are the graph's, for
//! hand-made graphs with cycles, self edges and parallel edges, for random graphs, and for every
//! Dockerfile of the dev corpus; the same graph always gives the same bytes.

use std::collections::BTreeSet;

use dockerfile_lsp::analysis::graph::{self, Edge, EdgeKind, Graph, NodeKind};
use dockerfile_lsp::analysis::model;
use proptest::prelude::*;

/// (id, kind) of every node group, and (from, to, kind, label) of every edge group.
type Drawn = (BTreeSet<(String, String)>, BTreeSet<(String, String, String, String)>);

fn drawn(svg: &str) -> Drawn {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML ({e}):\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    let classes = |n: &roxmltree::Node| {
        n.attribute("class")
            .unwrap_or("")
            .split(' ')
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let mut nodes = BTreeSet::new();
    let mut edges = BTreeSet::new();
    for n in root.descendants().filter(|n| n.has_tag_name("g")) {
        let class = classes(&n);
        if class.iter().any(|c| c == "node") {
            let kind = if class.iter().any(|c| c == "stage") {
                "stage"
            } else {
                "image"
            };
            nodes.insert((n.attribute("id").unwrap_or("").to_owned(), kind.to_owned()));
        } else if class.iter().any(|c| c == "edge") {
            let label = n
                .descendants()
                .find(|t| t.has_tag_name("g") && classes(t).iter().any(|c| c == "edge-label"))
                .and_then(|l| l.descendants().find(|t| t.has_tag_name("text")))
                .and_then(|t| t.text())
                .unwrap_or("")
                .to_owned();
            assert!(
                n.children()
                    .any(|p| p.has_tag_name("path") && !p.attribute("d").unwrap_or("").is_empty()),
                "edge without a path: {:?}",
                n.attributes().collect::<Vec<_>>()
            );
            edges.insert((
                n.attribute("data-from").unwrap_or("").to_owned(),
                n.attribute("data-to").unwrap_or("").to_owned(),
                class.get(1).cloned().unwrap_or_default(),
                label,
            ));
        }
    }
    (nodes, edges)
}

fn random_graph() -> impl Strategy<Value = Graph> {
    (1usize..12, 0usize..4).prop_flat_map(|(stages, images)| {
        let n = stages + images;
        let edge = (0..n, 0..stages, 0u8..3);
        prop::collection::vec(edge, 0..(3 * n)).prop_map(move |raw| {
            let mut g = Graph::default();
            for index in 0..stages {
                let name = (index % 2 == 0).then(|| format!("s{index}"));
                g.nodes.push(NodeKind::Stage { index, name });
            }
            for i in 0..images {
                g.nodes.push(if i == 0 {
                    NodeKind::Scratch
                } else {
                    NodeKind::Image(format!("img{i}:1"))
                });
            }
            for (from, to, kind) in raw {
                let kind = [EdgeKind::From, EdgeKind::Copy, EdgeKind::Mount][kind as usize];
                let edge = Edge { from, to, kind };
                if !g.edges.contains(&edge) {
                    g.edges.push(edge);
                }
            }
            g
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]
    #[test]
    fn any_graph_draws(g in random_graph()) {
        let svg = graph::svg(&g);
        let (nodes, edges) = drawn(&svg);
        prop_assert_eq!(nodes.len(), g.nodes.len());
        prop_assert_eq!(edges.len(), g.edges.len());
        prop_assert_eq!(graph::svg(&g), svg);
    }
}

#[test]
fn cycles_self_edges_and_parallel_edges_are_drawn() {
    // `COPY --from` a later stage and from the stage itself (BuildKit rejects both, the picture
    // still shows them), and two kinds of edge between the same pair of nodes.
    let text = "FROM alpine AS a\nCOPY --from=b /x /y\nRUN --mount=from=a,target=/m true\n\
                FROM a AS b\nCOPY --from=a /x /y\nRUN --mount=from=alpine,target=/m true\n";
    let g = graph::stage_graph(&model::parse(text), text);
    let (nodes, edges) = drawn(&graph::svg(&g));
    assert_eq!(nodes.len(), 3, "{nodes:?}");
    let edges: Vec<_> = edges.into_iter().map(|(f, t, k, _)| format!("{f}->{t} {k}")).collect();
    assert_eq!(
        edges,
        [
            "image0->stage0 from",
            "image0->stage1 mount",
            "stage0->stage0 mount",
            "stage0->stage1 copy",
            "stage0->stage1 from",
            "stage1->stage0 copy"
        ]
    );
}

#[test]
fn a_graph_too_large_to_lay_out_says_so() {
    // Every stage copies from one far above: the layout would need thousands of waypoints.
    let mut text = String::from("FROM alpine AS s0\n");
    for i in 1..80 {
        text.push_str(&format!("FROM s{} AS s{i}\nCOPY --from=s{} /a /b\n", i - 1, i / 2));
    }
    let g = graph::stage_graph(&model::parse(&text), &text);
    let svg = graph::svg(&g);
    let (nodes, edges) = drawn(&svg);
    assert!(nodes.is_empty() && edges.is_empty());
    assert!(svg.contains("Too large to draw here (81 nodes, 159 edges)"), "{svg}");
}

/// The SVG of every Dockerfile in the dev corpus is well-formed and shows its whole graph.
#[test]
fn every_corpus_graph_draws() {
    let Some(corpus) = crate::common::corpus::dev("graph_svg::every_corpus_graph_draws") else {
        return;
    };
    for (path, text) in corpus.files() {
        let g = graph::stage_graph(&model::parse(&text), &text);
        let (nodes, edges) = drawn(&graph::svg(&g));
        assert_eq!((nodes.len(), edges.len()), (g.nodes.len(), g.edges.len()), "{path}");
    }
}
