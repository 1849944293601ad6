//! `workspace/configuration` and what follows a change of configuration: asking the client for
//! our settings, taking new ones, checking every open document again, and reporting the
//! configuration files that broke or were fixed.

use serde_json::Value;
use tower_lsp_server::ls_types as lsp;

use super::publish_diagnostics;
use crate::lsp::backend::Backend;
use crate::lsp::convert;
use crate::lsp::settings::{ClientSettings, SECTIONS};
use crate::syntax::{Document, TextRange};
use crate::workspace::ConfigError;

/// Asks the client for our section, by both names. `None` when it has nothing for us (or does
/// not answer): what we had stays.
pub async fn pull(server: &Backend) -> Option<Value> {
    let items = SECTIONS
        .iter()
        .map(|section| lsp::ConfigurationItem {
            scope_uri: None,
            section: Some((*section).to_owned()),
        })
        .collect();
    match server.client.configuration(items).await {
        Ok(values) => values
            .into_iter()
            .zip(SECTIONS)
            .find(|(v, _)| v.is_object())
            .map(|(v, section)| serde_json::json!({ section: v })),
        Err(e) => {
            tracing::warn!("workspace/configuration failed: {e}");
            None
        }
    }
}

/// Takes new settings from `value` (the client's, with our section or bare keys): on success
/// every open document is checked again with them; invalid settings are shown and ignored.
pub async fn update(server: &Backend, value: &Value) {
    let display = server.state.settings().display_locale();
    match ClientSettings::parse(Some(value), display) {
        Ok(settings) => {
            for problem in settings.problems() {
                let message = format!("dockerfile-lsp: in the settings, {problem}; that entry is ignored");
                tracing::warn!("{message}");
                server.client.show_message(lsp::MessageType::WARNING, message).await;
            }
            server.state.set_settings(settings);
            refresh(server).await;
        }
        Err(e) => {
            let message = format!("dockerfile-lsp: invalid settings ({e}); keeping the previous ones");
            tracing::warn!("{message}");
            server.client.show_message(lsp::MessageType::WARNING, message).await;
        }
    }
}

/// Checks every open document again with the configuration as it is now, and tells the client
/// about configuration files that broke or were fixed.
pub async fn refresh(server: &Backend) {
    let renewed = server.state.reconfigure();
    report_config_files(server).await;
    if server.state.negotiated().pull_diagnostics {
        if server.state.client_flags().refresh_diagnostics
            && let Err(e) = server.client.workspace_diagnostic_refresh().await
        {
            tracing::warn!("workspace/diagnostic/refresh failed: {e}");
        }
        return;
    }
    for snapshot in renewed {
        publish_diagnostics::schedule(server, snapshot.uri.clone());
    }
}

/// A broken configuration file is an error diagnostic on that file (at the place the parser
/// names, else its first line), and once a message; so is each entry that was dropped (a custom
/// rule whose query does not compile) while the rest applies. A fixed file has its diagnostics
/// cleared. Either way the server carries on.
pub async fn report_config_files(server: &Backend) {
    let enc = server.state.negotiated().encoding;
    for report in server.state.config_reports() {
        let Some(uri) = lsp::Uri::from_file_path(&report.path) else {
            continue;
        };
        if report.errors.is_empty() {
            server.client.publish_diagnostics(uri, Vec::new(), None).await;
            continue;
        }
        let text = std::fs::read_to_string(&report.path).unwrap_or_default();
        let doc = Document::new(&text, 0);
        let range_of = |error: &ConfigError| match &error.span {
            Some(span) if span.end <= text.len() => TextRange::new(span.start, span.end.max(span.start)),
            _ => TextRange::new(0, text.find('\n').unwrap_or(text.len())),
        };
        let mut messages = Vec::new();
        let mut diagnostics = Vec::new();
        if let Some(error) = &report.errors.fatal {
            diagnostics.push((
                range_of(error),
                format!("Invalid configuration: {error}; the defaults are used instead"),
            ));
            messages.push(format!(
                "dockerfile-lsp: invalid configuration {}: {error}; using the defaults",
                report.path.display()
            ));
        }
        for error in &report.errors.dropped {
            diagnostics.push((
                range_of(error),
                format!("Invalid configuration: {error}; this entry is ignored"),
            ));
            messages.push(format!(
                "dockerfile-lsp: invalid configuration {}: {error}; that entry is ignored",
                report.path.display()
            ));
        }
        let diagnostics = diagnostics
            .into_iter()
            .map(|(range, message)| lsp::Diagnostic {
                range: convert::range(&doc, range, enc),
                severity: Some(lsp::DiagnosticSeverity::ERROR),
                source: Some(convert::SOURCE.to_owned()),
                message,
                ..lsp::Diagnostic::default()
            })
            .collect();
        server.client.publish_diagnostics(uri, diagnostics, None).await;
        if report.show {
            for message in messages {
                tracing::warn!("{message}");
                server.client.show_message(lsp::MessageType::WARNING, message).await;
            }
        }
    }
}
