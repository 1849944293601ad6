//! `workspace/didChangeWatchedFiles`: a configuration file was created, changed or deleted
//! (we register for those names at `initialized`): read them again and check every open document
//! again.

use tower_lsp_server::ls_types as lsp;

use super::configuration;
use crate::lsp::backend::Backend;
use crate::lsp::settings;
use crate::lsp::state::file_path;

pub async fn handle(server: &Backend, params: lsp::DidChangeWatchedFilesParams) {
    // Any file may be in a build context whose size a code lens shows.
    if !params.changes.is_empty() {
        super::code_lens::files_changed(server).await;
    }
    let relevant = params
        .changes
        .iter()
        .any(|change| file_path(&change.uri).is_some_and(|p| settings::is_config_file(&p)));
    if relevant {
        server.state.forget_config_files();
        configuration::refresh(server).await;
    }
}
