//! `initialize`: negotiate the position encoding and the diagnostics model, take the client's
//! settings (`initializationOptions`), and advertise what is implemented.

use tower_lsp_server::ls_types as lsp;

use crate::analysis::config::Locale;
use crate::lsp::backend::Backend;
use crate::lsp::capabilities;
use crate::lsp::settings::{self, ClientSettings};

pub fn handle(server: &Backend, params: lsp::InitializeParams) -> lsp::InitializeResult {
    let negotiated = capabilities::negotiate(&params.capabilities);
    server.state.set_negotiated(negotiated);
    server
        .state
        .set_client_flags(settings::ClientFlags::of(&params.capabilities));
    // Our settings, when the client sends them; its display language stands in for a `locale`
    // it does not set. Invalid settings are shown once the client can hear it, and ignored.
    let display = params.locale.as_deref().map(Locale::from_tag);
    match ClientSettings::parse(params.initialization_options.as_ref(), display) {
        Ok(settings) => {
            for problem in settings.problems() {
                server.state.defer_message(format!(
                    "dockerfile-lsp: in initializationOptions, {problem}; that entry is ignored"
                ));
            }
            server.state.set_settings(settings);
        }
        Err(e) => {
            server
                .state
                .set_settings(ClientSettings::default().with_display_locale(display));
            server.state.defer_message(format!(
                "dockerfile-lsp: invalid initializationOptions ({e}); using the defaults"
            ));
        }
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
