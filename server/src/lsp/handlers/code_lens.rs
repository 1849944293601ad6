//! `textDocument/codeLens`: on each `FROM`, the layers the stage adds and the later stages that
//! use it; on each `COPY`/`ADD` of the whole build context, its files and size with and without
//! the ignore file. The context is measured once per context and ignore file, on a blocking
//! thread after the answer; the lens says "measuring" until then, and the client is asked to
//! refresh its lenses when the numbers are in. The lenses only inform: their command is empty,
//! which clients show as plain text.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::on_document;
use crate::analysis::context::{BuildContext, Ignorer};
use crate::analysis::lens;
use crate::lsp::backend::Backend;
use crate::lsp::state::file_path;
use crate::workspace::FsContext;
use crate::workspace::context_size::{self, ContextKey, ContextSizes};

/// The path of a document saved on disk; `None` for `untitled:` and other schemes, whose
/// "context" would otherwise be the server's working folder.
fn on_disk(uri: &lsp::Uri) -> Option<std::path::PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    file_path(uri).filter(|p| p.is_absolute())
}

/// Measures a context on a blocking thread and, when the numbers are kept, asks the client to
/// show them.
fn measure_later(server: &Backend, key: ContextKey, ticket: u64) {
    let sizes: Arc<ContextSizes> = server.context_sizes.clone();
    let client = server.client.clone();
    let refresh = server.state.client_flags().refresh_code_lens;
    tokio::spawn(async move {
        let measuring = key.clone();
        let size = tokio::task::spawn_blocking(move || {
            let ignorer = measuring
                .ignore
                .as_ref()
                .map(|(name, text)| (name.clone(), Ignorer::parse(text)));
            let ignore = ignorer.as_ref().map(|(name, rules)| (name.as_str(), rules));
            context_size::measure(&measuring.root, ignore, context_size::MAX_ENTRIES)
        })
        .await
        .unwrap_or_else(|e| {
            tracing::error!("measuring the build context failed: {e}");
            None
        });
        if sizes.finish(&key, ticket, size)
            && refresh
            && let Err(e) = client.code_lens_refresh().await
        {
            tracing::debug!("codeLens refresh: {e}");
        }
    });
}

pub async fn handle(server: &Backend, params: lsp::CodeLensParams) -> Result<Option<Vec<lsp::CodeLens>>> {
    let sizes = server.context_sizes.clone();
    let answer = on_document(server, &params.text_document.uri, move |request| {
        let analysis = request.snapshot.analysis()?;
        let locale = request.locale();
        let mut found = lens::code_lenses(&analysis.model, request.text(), locale);
        let mut start = None;
        // Only a document on disk has a build context to measure.
        if !lens::whole_context_copies(&analysis.model).is_empty()
            && let Some(path) = on_disk(&request.snapshot.uri)
        {
            let fs = FsContext::for_dockerfile(&path, request.snapshot.config().context.as_deref());
            let key = ContextKey {
                root: fs.root().to_path_buf(),
                ignore: fs.ignore_file().flatten(),
            };
            let state = match sizes.state_or_start(&key) {
                Ok(state) => state,
                Err(ticket) => {
                    start = Some((key, ticket));
                    lens::ContextState::Measuring
                }
            };
            found.extend(lens::context_lenses(&analysis.model, &state, locale));
        }
        found.sort_by_key(|l| l.range.start);
        let lenses: Vec<lsp::CodeLens> = found
            .into_iter()
            .map(|l| lsp::CodeLens {
                range: request.range(l.range),
                command: Some(lsp::Command {
                    title: l.title,
                    command: String::new(),
                    arguments: None,
                }),
                data: None,
            })
            .collect();
        Ok(Some((lenses, start)))
    })
    .await?;
    let Some((lenses, start)) = answer else {
        return Ok(None);
    };
    if let Some((key, ticket)) = start {
        measure_later(server, key, ticket);
    }
    Ok(Some(lenses))
}

/// Asks the client to tell us about every file change, so that measured build contexts are
/// measured again (called at `initialized` when the client lets us register watchers).
pub async fn watch_context_files(server: &Backend) {
    let options = lsp::DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![lsp::FileSystemWatcher {
            glob_pattern: lsp::GlobPattern::String("**/*".to_owned()),
            kind: None,
        }],
    };
    let registration = lsp::Registration {
        id: "dockerfile-lsp-context-files".to_owned(),
        method: "workspace/didChangeWatchedFiles".to_owned(),
        register_options: serde_json::to_value(options).ok(),
    };
    if let Err(e) = server.client.register_capability(vec![registration]).await {
        tracing::warn!("cannot watch build context files: {e}");
    }
}

/// Files changed: the measured contexts are stale; clients that can are asked to ask again.
pub async fn files_changed(server: &Backend) {
    server.context_sizes.forget();
    if server.state.client_flags().refresh_code_lens
        && let Err(e) = server.client.code_lens_refresh().await
    {
        tracing::debug!("codeLens refresh: {e}");
    }
}
