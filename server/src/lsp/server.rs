//! The `LanguageServer` implementation: one line per method, each delegating to its handler in
//! [`super::handlers`], so that this file stays a table of contents.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::{Client, LanguageServer};

use super::handlers;
use super::state::State;
use super::transport::InvalidMessage;

pub struct Backend {
    pub(super) client: Client,
    pub(super) state: State,
    /// Held while checking that diagnostics are current and sending them, so that a result for an
    /// older version can never overtake the result for a newer one on its way to the client.
    pub(super) publish_lock: tokio::sync::Mutex<()>,
    /// Set by `shutdown`; an `exit` without it ends the process with status 1, as LSP asks.
    shutdown_requested: Arc<AtomicBool>,
}

impl Backend {
    /// The transport's stand-in request for a malformed frame; registered as a custom method.
    pub async fn invalid_message(&self, params: InvalidMessage) -> Result<()> {
        handlers::invalid_message::handle(params)
    }

    pub fn new(client: Client, state: State, shutdown_requested: Arc<AtomicBool>) -> Self {
        Self {
            client,
            state,
            publish_lock: tokio::sync::Mutex::new(()),
            shutdown_requested,
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        Ok(handlers::initialize::handle(self, params))
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        handlers::initialized::handle(self).await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown_requested.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        handlers::did_open::handle(self, params).await;
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        handlers::did_change::handle(self, params).await;
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        handlers::did_close::handle(self, params).await;
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        handlers::did_change_configuration::handle(self, params).await;
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        handlers::did_change_watched_files::handle(self, params).await;
    }

    async fn diagnostic(&self, params: lsp::DocumentDiagnosticParams) -> Result<lsp::DocumentDiagnosticReportResult> {
        handlers::diagnostic::handle(self, params).await
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        handlers::hover::handle(self, params).await
    }

    async fn completion(&self, params: lsp::CompletionParams) -> Result<Option<lsp::CompletionResponse>> {
        handlers::completion::handle(self, params).await
    }

    async fn completion_resolve(&self, params: lsp::CompletionItem) -> Result<lsp::CompletionItem> {
        handlers::completion_resolve::handle(params)
    }

    async fn signature_help(&self, params: lsp::SignatureHelpParams) -> Result<Option<lsp::SignatureHelp>> {
        handlers::signature_help::handle(self, params).await
    }

    async fn code_action(&self, params: lsp::CodeActionParams) -> Result<Option<lsp::CodeActionResponse>> {
        handlers::code_action::handle(self, params).await
    }

    async fn formatting(&self, params: lsp::DocumentFormattingParams) -> Result<Option<Vec<lsp::TextEdit>>> {
        handlers::formatting::handle(self, params).await
    }

    async fn range_formatting(
        &self,
        params: lsp::DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        handlers::range_formatting::handle(self, params).await
    }

    async fn on_type_formatting(
        &self,
        params: lsp::DocumentOnTypeFormattingParams,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        handlers::on_type_formatting::handle(self, params).await
    }
}
