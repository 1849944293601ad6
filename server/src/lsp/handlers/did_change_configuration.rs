//! `workspace/didChangeConfiguration`: new settings, pushed in the notification (under our
//! section) or, when it carries none and the client answers `workspace/configuration`, pulled.
//! Either way configuration files are read again and every open document is checked again.

use tower_lsp_server::ls_types as lsp;

use super::configuration;
use crate::lsp::backend::Backend;
use crate::lsp::settings;

pub async fn handle(server: &Backend, params: lsp::DidChangeConfigurationParams) {
    server.state.forget_config_files();
    let pushed = settings::section(&params.settings).is_some().then_some(params.settings);
    let value = match pushed {
        Some(value) => Some(value),
        None if server.state.client_flags().pull_configuration => configuration::pull(server).await,
        None => None,
    };
    match value {
        Some(value) => configuration::update(server, &value).await,
        None => configuration::refresh(server).await,
    }
}
