//! `initialized`: what could not be done during `initialize`. Show what was wrong with the
//! initialization options, watch configuration files when the client lets us, and ask for our
//! settings when the client answers `workspace/configuration`.

use tower_lsp_server::ls_types as lsp;

use super::configuration;
use crate::lsp::backend::Backend;
use crate::workspace;

pub async fn handle(server: &Backend) {
    // Finding and probing ShellCheck takes a process start or three; do it now, in the
    // background, rather than in the analysis of the first document the client opens.
    tokio::task::spawn_blocking(|| {
        workspace::shellcheck::Shellcheck::for_config(&crate::analysis::config::ShellcheckConfig::default())
    });
    for message in server.state.take_messages() {
        server.client.show_message(lsp::MessageType::WARNING, message).await;
    }
    let flags = server.state.client_flags();
    if flags.watch_files {
        let watchers = workspace::CONFIG_NAMES
            .iter()
            .chain(&workspace::HADOLINT_NAMES)
            .map(|name| lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String(format!("**/{name}")),
                kind: None,
            })
            .collect();
        let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = lsp::Registration {
            id: "dockerfile-lsp-config-files".to_owned(),
            method: "workspace/didChangeWatchedFiles".to_owned(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = server.client.register_capability(vec![registration]).await {
            tracing::warn!("cannot watch configuration files: {e}");
        }
        super::code_lens::watch_context_files(server).await;
    }
    if flags.pull_configuration
        && let Some(value) = configuration::pull(server).await
    {
        configuration::update(server, &value).await;
    }
    tracing::debug!("client initialized");
}
