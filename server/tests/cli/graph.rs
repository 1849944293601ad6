//! `dockerfile-lsp graph` through the real binary: the multi-stage fixture's graph in both text
//! formats (the same snapshots the analysis test checks), the SVG drawing of the fixtures read
//! back as XML, standard input, and errors.

use std::io::Write;
use std::process::Stdio;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/graph/multi-stage.Dockerfile"
);
const ONE_STAGE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/graph/one-stage.Dockerfile"
);
const EXTERNAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/graph/external-images.Dockerfile"
);

fn graph(args: &[&str], stdin: Option<&str>) -> (Option<i32>, String, String) {
    let mut child = crate::common::bin()
        .arg("graph")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    if let Some(text) = stdin
        && let Some(mut input) = child.stdin.take()
    {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    let out = child.wait_with_output().expect("the binary ends");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn mermaid_by_default_and_dot_on_request() {
    let (code, stdout, stderr) = graph(&[FIXTURE], None);
    assert_eq!(code, Some(0), "{stderr}");
    expect_test::expect_file!["../../../tests/fixtures/graph/multi-stage.mmd"].assert_eq(&stdout);
    let (code, stdout, stderr) = graph(&[FIXTURE, "--format", "dot"], None);
    assert_eq!(code, Some(0), "{stderr}");
    expect_test::expect_file!["../../../tests/fixtures/graph/multi-stage.dot"].assert_eq(&stdout);
}

#[test]
fn reads_standard_input() {
    let (code, stdout, _) = graph(&["-"], Some("FROM alpine AS a\nFROM a\n"));
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        "flowchart TD\n    stage0[\"a\"]\n    stage1[\"stage 1\"]\n    image0{{\"alpine\"}}\n    image0 --> stage0\n    stage0 --> stage1\n"
    );
}

#[test]
fn a_missing_file_or_format_is_a_usage_error() {
    let (code, stdout, stderr) = graph(&["/no/such/Dockerfile"], None);
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty());
    assert!(stderr.contains("cannot read /no/such/Dockerfile"), "{stderr}");
    let (code, _, stderr) = graph(&[FIXTURE, "--format", "png"], None);
    assert_eq!(code, Some(2), "{stderr}");
}

/// What an SVG drawing shows, read back as XML: every node as `id kind: text lines`, every edge
/// as `from -> to kind: label`, in document order.
struct Drawing {
    nodes: Vec<String>,
    edges: Vec<String>,
}

fn svg_of(args: &[&str], stdin: Option<&str>) -> (String, Drawing) {
    let mut all = args.to_vec();
    all.extend(["--format", "svg"]);
    let (code, stdout, stderr) = graph(&all, stdin);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let drawing = read_svg(&stdout);
    (stdout, drawing)
}

fn read_svg(svg: &str) -> Drawing {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    assert_eq!(root.tag_name().name(), "svg");
    let class = |n: &roxmltree::Node| {
        n.attribute("class")
            .unwrap_or("")
            .split(' ')
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let texts = |n: &roxmltree::Node| {
        n.descendants()
            .filter(|t| t.has_tag_name("text"))
            .filter_map(|t| t.text())
            .collect::<Vec<_>>()
            .join(" / ")
    };
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for g in root.descendants().filter(|n| n.has_tag_name("g")) {
        let classes = class(&g);
        if classes.first().is_some_and(|c| c == "node") {
            nodes.push(format!(
                "{} {}: {}",
                g.attribute("id").unwrap_or("?"),
                classes[1..].join(" "),
                texts(&g)
            ));
        } else if classes.first().is_some_and(|c| c == "edge") {
            let paths = g.children().filter(|p| p.has_tag_name("path")).count();
            assert_eq!(paths, 2, "an edge is drawn into its label and out of it");
            let heads = g
                .children()
                .filter(|p| p.has_tag_name("path"))
                .filter(|p| p.attribute("marker-end").is_some() || p.attribute("marker-start").is_some())
                .count();
            assert_eq!(heads, 1, "one arrowhead per edge");
            edges.push(format!(
                "{} -> {} {}: {}",
                g.attribute("data-from").unwrap_or("?"),
                g.attribute("data-to").unwrap_or("?"),
                classes[1..].join(" "),
                texts(&g)
            ));
        }
    }
    Drawing { nodes, edges }
}

#[test]
fn svg_of_the_multi_stage_fixture() {
    let (svg, drawing) = svg_of(&[FIXTURE], None);
    assert_eq!(
        drawing.nodes,
        [
            "dfl-stage0 stage: deps / stage 0",
            "dfl-stage1 stage: build / stage 1",
            "dfl-stage2 stage: test / stage 2",
            "dfl-stage3 stage: licenses / stage 3",
            "dfl-stage4 stage final: stage 4",
            "dfl-image0 image: golang:1.22-alpine",
            "dfl-image1 image: ghcr.io/acme/protos:1.4",
            "dfl-image2 image scratch: scratch",
            "dfl-image3 image: quay.io/acme/licenses:2024",
            "dfl-image4 image: gcr.io/distroless/static-debian12",
            "dfl-image5 image: busybox:1.36",
        ]
    );
    assert_eq!(
        drawing.edges,
        [
            "image0 -> stage0 from: FROM",
            "stage0 -> stage1 from: FROM",
            "image1 -> stage1 mount: RUN --mount",
            "stage0 -> stage2 from: FROM",
            "stage1 -> stage2 mount: RUN --mount",
            "image2 -> stage3 from: FROM",
            "image3 -> stage3 copy: COPY --from",
            "image4 -> stage4 from: FROM",
            "stage1 -> stage4 copy: COPY --from",
            "stage3 -> stage4 copy: COPY --from",
            "image5 -> stage4 copy: COPY --from",
        ]
    );
    // Themable: colours come from the host's CSS variables or `currentColor`, never attributes.
    assert!(svg.contains("var(--vscode-editor-foreground"), "{svg}");
    assert!(svg.contains("currentColor"), "{svg}");
    assert!(!svg.contains("fill=\"") && !svg.contains("stroke=\""), "{svg}");
    // The same input draws the same bytes.
    assert_eq!(svg_of(&[FIXTURE], None).0, svg);
}

#[test]
fn svg_of_a_single_stage() {
    let (_, drawing) = svg_of(&[ONE_STAGE], None);
    assert_eq!(
        drawing.nodes,
        ["dfl-stage0 stage final: stage 0", "dfl-image0 image: alpine:3.20"]
    );
    assert_eq!(drawing.edges, ["image0 -> stage0 from: FROM"]);
}

#[test]
fn svg_of_external_images() {
    let (_, drawing) = svg_of(&[EXTERNAL], None);
    assert_eq!(
        drawing.nodes,
        [
            "dfl-stage0 stage final: stage 0",
            "dfl-image0 image: debian:bookworm-slim",
            "dfl-image1 image: docker.io/library/busybox:1.36",
            "dfl-image2 image: ghcr.io/acme/certs:2024",
        ]
    );
    assert_eq!(
        drawing.edges,
        [
            "image0 -> stage0 from: FROM",
            "image1 -> stage0 copy: COPY --from",
            "image2 -> stage0 mount: RUN --mount",
        ]
    );
}

#[test]
fn svg_escapes_names_and_cuts_long_ones() {
    // Markup characters in an image and a stage name, a control character (which XML cannot carry
    // even as a reference), and a name past forty characters.
    let long = format!("registry.example.com/{}:1", "a".repeat(40));
    let text = format!("FROM a<b>&\"c'\u{1}d AS x\nFROM {long}\nCOPY --from=x /a /b\n");
    let (svg, drawing) = svg_of(&["-"], Some(&text));
    assert_eq!(
        drawing.nodes,
        [
            "dfl-stage0 stage: x / stage 0".to_owned(),
            "dfl-stage1 stage final: stage 1".to_owned(),
            "dfl-image0 image: a<b>&\"c'\u{FFFD}d".to_owned(),
            format!("dfl-image1 image: {}…", &long[..39]),
        ]
    );
    // The whole name is the node's tooltip.
    assert!(svg.contains(&format!("<title>{long}</title>")), "{svg}");
}

#[test]
fn svg_of_a_file_without_stages() {
    let (svg, drawing) = svg_of(&["-"], Some("# nothing yet\n"));
    assert!(drawing.nodes.is_empty() && drawing.edges.is_empty());
    assert!(svg.contains(">No stages</text>"), "{svg}");
}
