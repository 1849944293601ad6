//! `initialize`: negotiate the position encoding and the diagnostics model, and advertise what
//! is implemented.

use tower_lsp_server::ls_types as lsp;

use crate::analysis::config::{Config, Locale};
use crate::lsp::capabilities;
use crate::lsp::server::Backend;

pub fn handle(server: &Backend, params: lsp::InitializeParams) -> lsp::InitializeResult {
    let negotiated = capabilities::negotiate(&params.capabilities);
    server.state.set_negotiated(negotiated);
    // Our `locale` setting, when the client sends it, wins over the client's display language.
    let configured = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("locale"))
        .and_then(|l| l.as_str());
    if let Some(tag) = configured.or(params.locale.as_deref()) {
        server.state.set_config(Config {
            locale: Locale::from_tag(tag),
            ..Config::default()
        });
    }
    let client = params
        .client_info
        .as_ref()
        .map_or("an unnamed client", |c| c.name.as_str());
    tracing::info!(
        "initialized by {client}: {:?} positions, {} diagnostics",
        negotiated.encoding,
        if negotiated.pull_diagnostics { "pull" } else { "push" }
    );
    lsp::InitializeResult {
        capabilities: capabilities::server_capabilities(negotiated),
        server_info: Some(lsp::ServerInfo {
            name: env!("CARGO_PKG_NAME").to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
        offset_encoding: None,
    }
}
