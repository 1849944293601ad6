//! `workspace/executeCommand`: the commands editor plugins call. `dockerfile-lsp.graph` takes an
//! open document's URI (and optionally `"mermaid"`, `"dot"` or `"svg"`) and returns its stage
//! graph as text: Mermaid unless asked otherwise, or a standalone SVG document.

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types as lsp;

use super::blocking;
use crate::analysis::graph;
use crate::lsp::backend::Backend;
use crate::lsp::capabilities::GRAPH;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Mermaid,
    Dot,
    Svg,
}

/// `[uri]`, `[uri, format]` or `[{"uri": ..., "format": ...}]`.
fn graph_arguments(arguments: &[Value]) -> std::result::Result<(lsp::Uri, Format), String> {
    let (uri, format) = match arguments {
        [Value::Object(map)] => (map.get("uri"), map.get("format")),
        [uri] => (Some(uri), None),
        [uri, format] => (Some(uri), Some(format)),
        _ => (None, None),
    };
    let uri = uri
        .and_then(Value::as_str)
        .ok_or_else(|| format!("`{GRAPH}` takes the URI of a document"))?;
    let uri: lsp::Uri = uri.parse().map_err(|_| format!("`{uri}` is not a URI"))?;
    let format = match format.map(|f| f.as_str()) {
        None | Some(Some("mermaid")) => Format::Mermaid,
        Some(Some("dot")) => Format::Dot,
        Some(Some("svg")) => Format::Svg,
        Some(other) => return Err(format!("unknown graph format {other:?}: use `mermaid`, `dot` or `svg`")),
    };
    Ok((uri, format))
}

pub async fn handle(server: &Backend, params: lsp::ExecuteCommandParams) -> Result<Option<Value>> {
    if params.command != GRAPH {
        return Err(Error::invalid_params(format!("unknown command `{}`", params.command)));
    }
    let (uri, format) = graph_arguments(&params.arguments).map_err(Error::invalid_params)?;
    let Some(snapshot) = server.state.get(&uri) else {
        return Err(Error::invalid_params(format!("`{}` is not open", uri.as_str())));
    };
    blocking(move || {
        let analysis = snapshot.analysis()?;
        let g = graph::stage_graph(&analysis.model, snapshot.text());
        let rendered = match format {
            Format::Mermaid => graph::mermaid(&g),
            Format::Dot => graph::dot(&g),
            Format::Svg => graph::svg(&g),
        };
        Ok(Some(Value::String(rendered)))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn graph_arguments_in_every_accepted_shape() {
        let uri = "file:///w/Dockerfile";
        assert_eq!(graph_arguments(&[json!(uri)]).map(|a| a.1), Ok(Format::Mermaid));
        assert_eq!(
            graph_arguments(&[json!(uri), json!("dot")]).map(|a| a.1),
            Ok(Format::Dot)
        );
        assert_eq!(
            graph_arguments(&[json!({"uri": uri, "format": "mermaid"})]).map(|a| a.1),
            Ok(Format::Mermaid)
        );
        assert!(graph_arguments(&[]).is_err());
        assert!(graph_arguments(&[json!(42)]).is_err());
        assert_eq!(
            graph_arguments(&[json!({"uri": uri, "format": "svg"})]).map(|a| a.1),
            Ok(Format::Svg)
        );
        assert_eq!(
            graph_arguments(&[json!(uri), json!("svg")]).map(|a| a.1),
            Ok(Format::Svg)
        );
        assert!(graph_arguments(&[json!(uri), json!("png")]).is_err());
        assert!(graph_arguments(&[json!({"uri": uri, "format": 3})]).is_err());
    }
}
