//! The stage graph drawn as SVG, in-process: layout-rs places the nodes and routes the edges
//! (layered, with edge crossings reduced), and this module writes the picture from the positions
//! it computed. layout-rs's own SVG writer is not used: it hard-codes colours and a serif font,
//! and its font classes come out in hash-map order; ours is themable and byte-for-byte
//! deterministic.
//!
//! Theming: nothing in the picture names a colour of its own. Text and `FROM` edges use
//! `currentColor`; node backgrounds and the accent colours of `COPY --from` and mount edges are
//! VS Code's theme variables (`--vscode-editor-background`, `--vscode-charts-blue`, ...) with
//! fallbacks, so the SVG inlined in a webview follows the theme and the file on its own still
//! reads (black on the page's background, CSS system colours). Every element carries a class
//! (`node stage`, `node image`, `edge copy`, `edge-label`...), so a host can restyle it.

use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::{Point, Position};
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use super::{EdgeKind, Graph, NodeKind};

/// Font sizes in pixels: a node's name, its second line, an edge's label.
const NAME_PX: f64 = 13.0;
const DETAIL_PX: f64 = 11.0;
const LABEL_PX: f64 = 11.0;
/// The text is monospace, whose advance is 0.6 em in the common fonts: widths are estimated, not
/// measured (there is no font here), so the boxes are sized a little generously.
const ADVANCE: f64 = 0.62;
/// Longer names are cut with an ellipsis in the box; the whole name is the node's tooltip.
const MAX_CHARS: usize = 40;
const PAD_X: f64 = 12.0;
const PAD_Y: f64 = 8.0;
const LINE_GAP: f64 = 4.0;
const MARGIN: f64 = 12.0;
/// The room layout-rs keeps around a node and around an edge's label, split between both sides.
const NODE_HALO: f64 = 40.0;
const LABEL_HALO: f64 = 16.0;

const STYLE: &str = "
.dfl-graph { color: var(--vscode-editor-foreground, CanvasText); font-family: var(--vscode-editor-font-family, ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace); }
.dfl-graph text { fill: currentColor; text-anchor: middle; dominant-baseline: central; }
.dfl-graph .node > rect { fill: var(--vscode-editor-background, Canvas); stroke: currentColor; stroke-width: 1.5; }
.dfl-graph .image > rect { stroke-dasharray: 4 3; }
.dfl-graph .stage.final > rect { stroke-width: 2.5; }
.dfl-graph .name { font-size: 13px; }
.dfl-graph .detail { font-size: 11px; opacity: 0.75; }
.dfl-graph .edge > path { fill: none; stroke-width: 1.5; }
.dfl-graph .edge-label > rect { fill: var(--vscode-editor-background, Canvas); }
.dfl-graph .edge-label > text { font-size: 11px; }
.dfl-graph .from { --dfl-edge: currentColor; }
.dfl-graph .copy { --dfl-edge: var(--vscode-charts-blue, #0969da); }
.dfl-graph .mount { --dfl-edge: var(--vscode-charts-purple, #8250df); }
.dfl-graph .edge > path { stroke: var(--dfl-edge); }
.dfl-graph .mount > path { stroke-dasharray: 5 4; }
.dfl-graph .edge-label > text, .dfl-graph .arrowhead { fill: var(--dfl-edge); }
.dfl-graph .empty { font-size: 13px; opacity: 0.75; }
";

/// Text that XML 1.0 accepts and that shows as written: markup characters escaped, and what XML
/// forbids even as a character reference (most control characters, U+FFFE, U+FFFF) or what would
/// not show (line breaks, tabs, C1 controls) replaced by U+FFFD.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Columns a character takes in a monospace font: two for the wide East Asian scripts and emoji.
fn columns(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// The text shown in a box: at most [`MAX_CHARS`] characters, an ellipsis marking a cut.
fn shown(text: &str) -> String {
    if text.chars().count() <= MAX_CHARS {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(MAX_CHARS - 1).collect();
    cut.push('…');
    cut
}

fn text_width(text: &str, px: f64) -> f64 {
    text.chars().map(columns).sum::<usize>() as f64 * ADVANCE * px
}

/// A number for an attribute: one decimal at most, no `-0`.
fn num(v: f64) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    if rounded == 0.0 || !rounded.is_finite() {
        return "0".to_owned();
    }
    let s = format!("{rounded:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

fn edge_class(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::From => "from",
        EdgeKind::Copy => "copy",
        EdgeKind::Mount => "mount",
    }
}

fn edge_text(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::From => "FROM",
        EdgeKind::Copy => "COPY --from",
        EdgeKind::Mount => "RUN --mount",
    }
}

/// What a node shows: its first line (the name) and an optional second one.
fn node_lines(graph: &Graph, node: usize) -> (String, Option<String>) {
    match &graph.nodes[node] {
        NodeKind::Stage { index, name: Some(_) } => (graph.label(node), Some(format!("stage {index}"))),
        _ => (graph.label(node), None),
    }
}

fn label_size(kind: EdgeKind) -> Point {
    Point::new(text_width(edge_text(kind), LABEL_PX) + 8.0, LABEL_PX * 1.2 + 4.0)
}

fn node_size(graph: &Graph, node: usize) -> Point {
    let (name, detail) = node_lines(graph, node);
    let mut width = text_width(&shown(&name), NAME_PX);
    let mut height = NAME_PX * 1.2;
    if let Some(detail) = &detail {
        width = width.max(text_width(&shown(detail), DETAIL_PX));
        height += LINE_GAP + DETAIL_PX * 1.2;
    }
    Point::new(width + 2.0 * PAD_X, height + 2.0 * PAD_Y)
}

/// Collects the edges layout-rs routes. Every edge of the [`Graph`] is laid out as two arrows
/// through a box that holds its label (the way dagre and Graphviz give labels room; layout-rs's
/// own edge labels trip an assertion of its edge straightening on common graphs, such as two
/// edges into one stage), so each arrow carries `"<edge>:<half>"` in its properties. Boxes are
/// read from the laid-out graph.
#[derive(Default)]
struct Recorder {
    /// Per edge and half (into the label, out of it): the path as (point, control point) pairs,
    /// and which ends carry an arrowhead (the arrows of a cycle's back edge come reversed).
    paths: Vec<[Option<Route>; 2]>,
}

type Route = (Vec<(Point, Point)>, (bool, bool));

impl RenderBackend for Recorder {
    fn draw_rect(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>, _: Option<ClipHandle>) {}

    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_text(&mut self, _: Point, _: &str, _: &StyleAttr) {}

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _dashed: bool,
        head: (bool, bool),
        _look: &StyleAttr,
        properties: Option<String>,
        _text: &str,
    ) {
        let Some((edge, half)) = properties.as_deref().and_then(|p| p.split_once(':')) else {
            return;
        };
        let (Ok(edge), Ok(half)) = (edge.parse::<usize>(), half.parse::<usize>()) else {
            return;
        };
        if let Some(slot) = self.paths.get_mut(edge).and_then(|halves| halves.get_mut(half)) {
            *slot = Some((path.to_vec(), head));
        }
    }

    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}

/// The bounding box of everything drawn, grown point by point.
struct Bounds {
    min: Point,
    max: Point,
}

impl Bounds {
    fn new() -> Self {
        Bounds {
            min: Point::new(f64::INFINITY, f64::INFINITY),
            max: Point::new(f64::NEG_INFINITY, f64::NEG_INFINITY),
        }
    }

    fn add(&mut self, p: Point) {
        if p.x.is_finite() && p.y.is_finite() {
            self.min = Point::new(self.min.x.min(p.x), self.min.y.min(p.y));
            self.max = Point::new(self.max.x.max(p.x), self.max.y.max(p.y));
        }
    }

    fn add_box(&mut self, top_left: Point, size: Point) {
        self.add(top_left);
        self.add(top_left.add(size));
    }
}

/// SVG path data through layout-rs's points: a cubic Bézier to the second point, then smooth
/// segments (`S`) through the rest, as its own writer draws them.
fn path_data(path: &[(Point, Point)]) -> String {
    let mut d = String::new();
    if let [(start, exit), (entry, end), rest @ ..] = path {
        d.push_str(&format!(
            "M{} {} C{} {} {} {} {} {}",
            num(start.x),
            num(start.y),
            num(exit.x),
            num(exit.y),
            num(entry.x),
            num(entry.y),
            num(end.x),
            num(end.y)
        ));
        for (control, point) in rest {
            d.push_str(&format!(
                " S{} {} {} {}",
                num(control.x),
                num(control.y),
                num(point.x),
                num(point.y)
            ));
        }
    }
    d
}

/// Where a node stands in the layout's order: external images first, then stages in file order.
/// Edges are laid out from the lower key to the higher.
fn key(graph: &Graph, node: usize) -> usize {
    match graph.nodes[node] {
        NodeKind::Stage { index, .. } => index + 1,
        NodeKind::Image(_) | NodeKind::Scratch => 0,
    }
}

/// What layout-rs would place for `graph`: how many nodes (ours, one label per edge, and a
/// waypoint on every row an edge crosses, ranked as layout-rs ranks them: one row below the lowest
/// node above) and how many on the widest row. Its work grows much faster than either (its
/// crossing reduction is cubic in a row's width), so they decide how the graph is drawn.
fn layout_size(graph: &Graph) -> (usize, usize) {
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); graph.nodes.len()];
    let mut self_edges = vec![0usize; graph.nodes.len()];
    for edge in &graph.edges {
        let (top, bottom) = if key(graph, edge.from) <= key(graph, edge.to) {
            (edge.from, edge.to)
        } else {
            (edge.to, edge.from)
        };
        if top == bottom {
            self_edges[top] += 1;
        } else {
            into[bottom].push(top);
        }
    }
    let mut nodes: Vec<usize> = (0..graph.nodes.len()).collect();
    nodes.sort_by_key(|&n| key(graph, n));
    let mut row = vec![0usize; graph.nodes.len()];
    for &n in &nodes {
        // Each edge passes through its label, one row below its top.
        row[n] = into[n].iter().map(|&top| row[top] + 2).max().unwrap_or(0);
    }
    let rows = row.iter().max().map_or(0, |r| r + 2);
    // How many nodes start and stop on each row, summed into widths below.
    let mut delta = vec![0isize; rows + 1];
    let mut add = |from: usize, to: usize| {
        delta[from] += 1;
        delta[to] -= 1;
    };
    for n in 0..graph.nodes.len() {
        add(row[n], row[n] + 1);
        for _ in 0..self_edges[n] {
            add(row[n] + 1, row[n] + 2);
        }
        for &top in &into[n] {
            // The label, then a waypoint on every row down to the node.
            add(row[top] + 1, row[n]);
        }
    }
    let (mut width, mut widest, mut total) = (0isize, 0isize, 0isize);
    for d in delta {
        width += d;
        widest = widest.max(width);
        total += width;
    }
    (
        usize::try_from(total).unwrap_or(0),
        usize::try_from(widest).unwrap_or(0),
    )
}

/// Up to this size (see [`layout_size`]) layout-rs reduces edge crossings; up to the second, it
/// places the nodes without; past it the graph is not drawn. In a debug build the largest graphs
/// drawn take about a second, a tenth of that in a release build.
const CROSSINGS_UP_TO: (usize, usize) = (150, 30);
const DRAWN_UP_TO: usize = 1500;

/// The stage graph as a standalone SVG document (see the module docs for its classes and theming).
pub fn svg(graph: &Graph) -> String {
    let stages = graph
        .nodes
        .iter()
        .filter(|n| matches!(n, NodeKind::Stage { .. }))
        .count();
    let images = graph.nodes.len() - stages;
    let title = format!(
        "Stage graph: {stages} stage{}, {images} external image{}",
        if stages == 1 { "" } else { "s" },
        if images == 1 { "" } else { "s" }
    );
    if graph.nodes.is_empty() {
        return document(
            &title,
            (0.0, 0.0, 160.0, 40.0),
            "<text class=\"empty\" x=\"80\" y=\"20\">No stages</text>\n",
        );
    }

    let (size, widest) = layout_size(graph);
    if size > DRAWN_UP_TO {
        let text = format!(
            "Too large to draw here ({} nodes, {} edges): try dockerfile-lsp graph --format dot",
            graph.nodes.len(),
            graph.edges.len()
        );
        let width = text_width(&text, NAME_PX) + 2.0 * PAD_X;
        let body = format!(
            "<text class=\"empty\" x=\"{}\" y=\"20\">{}</text>\n",
            num(width / 2.0),
            escape(&text)
        );
        return document(&title, (0.0, 0.0, width, 40.0), &body);
    }
    let reduce_crossings = size <= CROSSINGS_UP_TO.0 && widest <= CROSSINGS_UP_TO.1;
    let mut vg = VisualGraph::new(Orientation::TopToBottom);
    // The DAG's self-check walks the whole graph after every edge added (cubic time); our graph
    // is checked by the property tests instead.
    vg.dag.set_validate(false);
    // Only layout-rs's own writer reads styles.
    let look = StyleAttr::simple();
    let boxed = |size: Point, halo: f64| {
        let mut element = Element::create(
            ShapeKind::Box(String::new()),
            look.clone(),
            Orientation::TopToBottom,
            size,
        );
        element.pos = Position::new(Point::zero(), size, Point::zero(), Point::splat(halo));
        element
    };
    let handles: Vec<_> = (0..graph.nodes.len())
        .map(|i| vg.add_node(boxed(node_size(graph, i), NODE_HALO)))
        .collect();
    let labels: Vec<_> = graph
        .edges
        .iter()
        .map(|edge| vg.add_node(boxed(label_size(edge.kind), LABEL_HALO)))
        .collect();
    // Edges point down the page, from external images and earlier stages to later ones (see
    // [`key`]). A `--from` that names a later stage or its own stage is laid out the other way
    // round, with its arrowhead at the start. Edges are handed over sorted by the node they end
    // at, so that layout-rs, which looks for a path back before adding each edge (with a search
    // that can take exponential time), always starts that search from a node with nothing below
    // it yet.
    let mut order: Vec<usize> = (0..graph.edges.len()).collect();
    order.sort_by_key(|&i| {
        let edge = graph.edges[i];
        (key(graph, edge.from).max(key(graph, edge.to)), i)
    });
    for i in order {
        let edge = graph.edges[i];
        let half = |part: usize, start: LineEndKind, end: LineEndKind| {
            let mut arrow = Arrow::new(start, end, LineStyleKind::Normal, "", &look, &None, &None);
            arrow.properties = Some(format!("{i}:{part}"));
            arrow
        };
        let (from, to, label) = (handles[edge.from], handles[edge.to], labels[i]);
        let (none, head) = (LineEndKind::None, LineEndKind::Arrow);
        if edge.from == edge.to {
            vg.add_edge(half(0, none, none), from, label);
            vg.add_edge(half(1, head, none), to, label);
        } else if key(graph, edge.from) > key(graph, edge.to) {
            vg.add_edge(half(1, head, none), to, label);
            vg.add_edge(half(0, none, none), label, from);
        } else {
            vg.add_edge(half(0, none, none), from, label);
            vg.add_edge(half(1, none, head), label, to);
        }
    }
    let mut recorder = Recorder {
        paths: vec![[None, None]; graph.edges.len()],
    };
    vg.do_it(false, !reduce_crossings, false, &mut recorder);

    let mut bounds = Bounds::new();
    let mut body = String::new();
    let last_stage = graph
        .nodes
        .iter()
        .filter_map(|n| match n {
            NodeKind::Stage { index, .. } => Some(*index),
            _ => None,
        })
        .max();

    // Edges first, so that the boxes sit on top of their ends.
    for (i, edge) in graph.edges.iter().enumerate() {
        let class = edge_class(edge.kind);
        let text = edge_text(edge.kind);
        body.push_str(&format!(
            "<g class=\"edge {class}\" data-from=\"{}\" data-to=\"{}\">\n<title>{} → {}: {}</title>\n",
            graph.id(edge.from),
            graph.id(edge.to),
            escape(&graph.label(edge.from)),
            escape(&graph.label(edge.to)),
            escape(text)
        ));
        let marker = format!("url(#dfl-arrow-{class})");
        for (path, (start, end)) in recorder.paths[i].iter().flatten() {
            for (a, b) in path {
                bounds.add(*a);
                bounds.add(*b);
            }
            body.push_str(&format!(
                "<path d=\"{}\"{}{}/>\n",
                path_data(path),
                if *start {
                    format!(" marker-start=\"{marker}\"")
                } else {
                    String::new()
                },
                if *end {
                    format!(" marker-end=\"{marker}\"")
                } else {
                    String::new()
                },
            ));
        }
        let position = vg.pos(labels[i]);
        let (top_left, _) = position.bbox(false);
        let size = position.size(false);
        let center = position.center();
        bounds.add_box(top_left, size);
        body.push_str(&format!(
            "<g class=\"edge-label\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"/><text x=\"{}\" y=\"{}\">{}</text></g>\n</g>\n",
            num(top_left.x),
            num(top_left.y),
            num(size.x),
            num(size.y),
            num(center.x),
            num(center.y),
            escape(text)
        ));
    }

    for (i, node) in graph.nodes.iter().enumerate() {
        let position = vg.pos(handles[i]);
        let (top_left, _) = position.bbox(false);
        let size = position.size(false);
        let center = position.center();
        bounds.add_box(top_left, size);
        let (name, detail) = node_lines(graph, i);
        let (class, data, radius) = match node {
            NodeKind::Stage { index, .. } => {
                let last = if Some(*index) == last_stage { " final" } else { "" };
                (format!("node stage{last}"), format!(" data-stage=\"{index}\""), 6)
            }
            NodeKind::Image(_) => ("node image".to_owned(), String::new(), 14),
            NodeKind::Scratch => ("node image scratch".to_owned(), String::new(), 14),
        };
        let mut tooltip = name.clone();
        if let Some(detail) = &detail {
            tooltip.push_str(&format!(" ({detail})"));
        }
        body.push_str(&format!(
            "<g class=\"{class}\" id=\"dfl-{}\"{data}>\n<title>{}</title>\n<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{radius}\"/>\n",
            graph.id(i),
            escape(&tooltip),
            num(top_left.x),
            num(top_left.y),
            num(size.x),
            num(size.y),
        ));
        match &detail {
            None => body.push_str(&format!(
                "<text class=\"name\" x=\"{}\" y=\"{}\">{}</text>\n",
                num(center.x),
                num(center.y),
                escape(&shown(&name))
            )),
            Some(detail) => {
                let offset = (DETAIL_PX * 1.2 + LINE_GAP) / 2.0;
                let name_offset = (NAME_PX * 1.2 + LINE_GAP) / 2.0;
                body.push_str(&format!(
                    "<text class=\"name\" x=\"{}\" y=\"{}\">{}</text>\n<text class=\"detail\" x=\"{}\" y=\"{}\">{}</text>\n",
                    num(center.x),
                    num(center.y - offset),
                    escape(&shown(&name)),
                    num(center.x),
                    num(center.y + name_offset),
                    escape(&shown(detail))
                ));
            }
        }
        body.push_str("</g>\n");
    }

    let x = bounds.min.x - MARGIN;
    let y = bounds.min.y - MARGIN;
    let width = bounds.max.x - bounds.min.x + 2.0 * MARGIN;
    let height = bounds.max.y - bounds.min.y + 2.0 * MARGIN;
    document(&title, (x, y, width, height), &body)
}

fn document(title: &str, (x, y, width, height): (f64, f64, f64, f64), body: &str) -> String {
    let (x, y, width, height) = (num(x), num(y), num(width), num(height));
    let mut out = String::new();
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dfl-graph\" width=\"{width}\" height=\"{height}\" viewBox=\"{x} {y} {width} {height}\" role=\"img\" aria-labelledby=\"dfl-title\">\n"
    ));
    out.push_str(&format!("<title id=\"dfl-title\">{}</title>\n", escape(title)));
    out.push_str("<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n<defs>\n");
    for kind in [EdgeKind::From, EdgeKind::Copy, EdgeKind::Mount] {
        let class = edge_class(kind);
        out.push_str(&format!(
            "<marker id=\"dfl-arrow-{class}\" class=\"{class}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path class=\"arrowhead\" d=\"M0 0L10 5L0 10z\"/></marker>\n"
        ));
    }
    out.push_str("</defs>\n");
    out.push_str(body);
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_markup_out_and_xml_valid() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(
            escape("x\u{1}y\u{7f}z\u{FFFF}\n"),
            "x\u{FFFD}y\u{FFFD}z\u{FFFD}\u{FFFD}"
        );
        assert_eq!(escape("镜像"), "镜像");
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(3.25), "3.3");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn long_names_are_cut_and_wide_characters_count_twice() {
        let long = "a".repeat(60);
        assert_eq!(shown(&long).chars().count(), MAX_CHARS);
        assert!(shown(&long).ends_with('…'));
        assert_eq!(shown("short"), "short");
        assert!(text_width("镜像", 10.0) > text_width("ab", 10.0));
    }
}
