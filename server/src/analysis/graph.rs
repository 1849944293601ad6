//! The stage graph of a Dockerfile: its stages, the external images they start from or copy from,
//! and the edges between them (`FROM`, `COPY --from`, `RUN --mount=from=`), rendered as Mermaid or
//! Graphviz DOT text, or drawn as SVG ([`svg`]). The CLI's `graph` command and the server's
//! `dockerfile-lsp.graph` command both print this.

mod svg;

pub use svg::svg;

use crate::analysis::model::{Base, InstructionKind, Model};
use crate::analysis::navigation;
use crate::analysis::reference;
use crate::analysis::scope;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Stage {
        index: usize,
        name: Option<String>,
    },
    /// An image from a registry, as resolved (or as written when it cannot be resolved).
    Image(String),
    /// The empty image.
    Scratch,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EdgeKind {
    /// The node is the stage's base.
    From,
    /// `COPY --from`.
    Copy,
    /// `RUN --mount=from=`.
    Mount,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    /// Indices into [`Graph::nodes`]: what is used, and the stage that uses it.
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    pub nodes: Vec<NodeKind>,
    pub edges: Vec<Edge>,
}

impl Graph {
    fn node(&mut self, kind: NodeKind) -> usize {
        if let Some(i) = self.nodes.iter().position(|n| *n == kind) {
            return i;
        }
        self.nodes.push(kind);
        self.nodes.len() - 1
    }

    fn edge(&mut self, from: usize, to: usize, kind: EdgeKind) {
        let edge = Edge { from, to, kind };
        if !self.edges.contains(&edge) {
            self.edges.push(edge);
        }
    }

    /// A stable identifier for a node in the rendered text.
    fn id(&self, node: usize) -> String {
        match &self.nodes[node] {
            NodeKind::Stage { index, .. } => format!("stage{index}"),
            NodeKind::Image(_) | NodeKind::Scratch => {
                let external = self.nodes[..node]
                    .iter()
                    .filter(|n| !matches!(n, NodeKind::Stage { .. }))
                    .count();
                format!("image{external}")
            }
        }
    }

    fn label(&self, node: usize) -> String {
        match &self.nodes[node] {
            NodeKind::Stage { name: Some(name), .. } => name.clone(),
            // Not `#4`: Mermaid reads `#` as the start of an entity.
            NodeKind::Stage { index, name: None } => format!("stage {index}"),
            NodeKind::Image(image) => image.clone(),
            NodeKind::Scratch => "scratch".to_owned(),
        }
    }
}

/// An image a `--from` value names: resolved with the variables visible there, or as written
/// when one of them has no known value.
fn external(model: &Model, at: usize, value: &str) -> String {
    if !value.contains('$') {
        return value.to_owned();
    }
    let scope = scope::scope_at(model, at);
    scope::expand(value, model.escape, |n| scope.get(n).and_then(|b| b.value)).unwrap_or_else(|| value.to_owned())
}

pub fn stage_graph(model: &Model, text: &str) -> Graph {
    let mut graph = Graph::default();
    let stage_nodes: Vec<usize> = model
        .stages
        .iter()
        .map(|s| {
            graph.node(NodeKind::Stage {
                index: s.index,
                name: s.name.as_ref().map(|n| n.value.clone()),
            })
        })
        .collect();
    for stage in &model.stages {
        let to = stage_nodes[stage.index];
        let base = match &stage.base {
            Base::Stage(parent) => stage_nodes[*parent],
            Base::Scratch => graph.node(NodeKind::Scratch),
            Base::Image {
                written,
                resolved,
                image,
            } => {
                let shown = if image.is_some() { resolved } else { &written.raw };
                graph.node(NodeKind::Image(shown.clone()))
            }
        };
        graph.edge(base, to, EdgeKind::From);
        for index in stage.instructions.clone().skip(1) {
            let Some(instruction) = model.instructions.get(index) else {
                continue;
            };
            let stages = navigation::stage_uses(model, text, index, instruction);
            for (used, _, _) in &stages {
                let kind = if instruction.kind == InstructionKind::Copy {
                    EdgeKind::Copy
                } else {
                    EdgeKind::Mount
                };
                graph.edge(stage_nodes[*used], to, kind);
            }
            // What a `--from` names when it is not a stage: an image.
            for flag in instruction.flags.iter().filter(|f| f.dashes == 2) {
                let Some(value) = &flag.value else { continue };
                let mut images: Vec<(&str, EdgeKind)> = Vec::new();
                if instruction.kind == InstructionKind::Copy && flag.name.value.eq_ignore_ascii_case("from") {
                    images.push((&value.value, EdgeKind::Copy));
                } else if instruction.kind == InstructionKind::Run && flag.name.value.eq_ignore_ascii_case("mount") {
                    for field in reference::mount_fields(&value.value) {
                        if let Some((from, _)) = field.value.filter(|_| field.key.eq_ignore_ascii_case("from")) {
                            images.push((from, EdgeKind::Mount));
                        }
                    }
                }
                // A flag holds one value, so a stage named anywhere in it is what it names.
                let names_stage = stages.iter().any(|(_, range, _)| value.range.contains_range(*range));
                for (image, kind) in images {
                    if names_stage || image.is_empty() {
                        continue;
                    }
                    let node = graph.node(NodeKind::Image(external(model, instruction.range.start, image)));
                    graph.edge(node, to, kind);
                }
            }
        }
    }
    graph
}

fn edge_label(kind: EdgeKind) -> Option<&'static str> {
    match kind {
        EdgeKind::From => None,
        EdgeKind::Copy => Some("COPY --from"),
        EdgeKind::Mount => Some("RUN --mount"),
    }
}

/// Mermaid flowchart text. Stages are boxes, external images hexagons; `FROM` edges are solid,
/// `COPY --from` edges solid with a label, mount edges dotted.
pub fn mermaid(graph: &Graph) -> String {
    let quote = |s: &str| s.replace('"', "#quot;");
    let mut out = String::from("flowchart TD\n");
    for (i, node) in graph.nodes.iter().enumerate() {
        let label = quote(&graph.label(i));
        let id = graph.id(i);
        match node {
            NodeKind::Stage { .. } => out.push_str(&format!("    {id}[\"{label}\"]\n")),
            NodeKind::Image(_) | NodeKind::Scratch => out.push_str(&format!("    {id}{{{{\"{label}\"}}}}\n")),
        }
    }
    for e in &graph.edges {
        let (from, to) = (graph.id(e.from), graph.id(e.to));
        match (e.kind, edge_label(e.kind)) {
            (EdgeKind::Mount, Some(label)) => out.push_str(&format!("    {from} -. \"{label}\" .-> {to}\n")),
            (_, Some(label)) => out.push_str(&format!("    {from} -- \"{label}\" --> {to}\n")),
            (_, None) => out.push_str(&format!("    {from} --> {to}\n")),
        }
    }
    out
}

/// Graphviz DOT text, in the same shapes and styles as [`mermaid`].
pub fn dot(graph: &Graph) -> String {
    let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut out = String::from("digraph stages {\n    rankdir=TB;\n    node [shape=box];\n");
    for (i, node) in graph.nodes.iter().enumerate() {
        let label = quote(&graph.label(i));
        let id = graph.id(i);
        match node {
            NodeKind::Stage { .. } => out.push_str(&format!("    {id} [label=\"{label}\"];\n")),
            NodeKind::Image(_) | NodeKind::Scratch => {
                out.push_str(&format!("    {id} [label=\"{label}\", shape=hexagon];\n"))
            }
        }
    }
    for e in &graph.edges {
        let (from, to) = (graph.id(e.from), graph.id(e.to));
        match (e.kind, edge_label(e.kind)) {
            (EdgeKind::Mount, Some(label)) => {
                out.push_str(&format!("    {from} -> {to} [label=\"{label}\", style=dotted];\n"))
            }
            (_, Some(label)) => out.push_str(&format!("    {from} -> {to} [label=\"{label}\"];\n")),
            (_, None) => out.push_str(&format!("    {from} -> {to};\n")),
        }
    }
    out.push_str("}\n");
    out
}
