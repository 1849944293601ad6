//! The LSP front end: a tower-lsp-server service over stdio. Only this module knows `lsp_types`
//! and JSON-RPC; it converts in, calls the analysis, and converts out.
//!
//! Architecture invariant: nothing here writes to stdout except LSP frames (through the
//! transport); logs go to stderr.

mod backend;
mod capabilities;
mod convert;
mod guard;
mod handlers;
mod memory;
mod sent_tokens;
mod server;
mod settings;
mod state;
#[cfg(test)]
mod tests;
mod transport;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};
use tracing_subscriber::EnvFilter;

pub use state::HostFor;

use crate::workspace;

/// The environment variable holding the log filter (`info`, `dockerfile_lsp=debug`, ...).
pub const LOG_ENV: &str = "DOCKERFILE_LSP_LOG";

/// Room for the frames in flight between the stdin checker and the server.
const PIPE_CAPACITY: usize = 1 << 16;

/// Runs the language server on stdin/stdout until `exit` or the end of input. The exit status is
/// 0 when the client asked for `shutdown` first and 1 otherwise, as LSP specifies.
pub fn serve() -> ExitCode {
    memory::limit_arenas();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(4)
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            tracing::error!("cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!("dockerfile-lsp {} serving on stdio", env!("CARGO_PKG_VERSION"));
    let shut_down = runtime.block_on(run(tokio::io::stdin(), tokio::io::stdout(), workspace::host_for));
    // The thread reading stdin may be blocked in a read that only the client can end; exiting
    // must not wait for it.
    runtime.shutdown_background();
    if shut_down {
        tracing::info!("exiting after shutdown");
        ExitCode::SUCCESS
    } else {
        tracing::warn!("exiting without a shutdown request");
        ExitCode::FAILURE
    }
}

/// Serves one client over `input`/`output` until `exit` or the end of input; returns whether the
/// client asked for `shutdown`. Documents are analysed with the host `host_for` gives them
/// (`workspace::host_for` in `serve`: their folder on disk, the configured ShellCheck).
pub async fn run<I, O>(input: I, output: O, host_for: HostFor) -> bool
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite,
{
    let shutdown_requested = Arc::new(AtomicBool::new(false));
    let flag = shutdown_requested.clone();
    let (service, socket) =
        LspService::new(move |client| backend::Backend::new(client, state::State::new(host_for), flag.clone()));
    let (checked, pipe) = tokio::io::duplex(PIPE_CAPACITY);
    let checker = tokio::spawn(async move {
        if let Err(err) = transport::forward(input, checked).await {
            tracing::error!("reading client input: {err}");
        }
    });
    Server::new(pipe, output, socket)
        .serve(guard::Guard::new(service))
        .await;
    checker.abort();
    shutdown_requested.load(Ordering::SeqCst)
}

/// Logs go to stderr, never stdout (stdout is the LSP transport), without colours (editors show
/// stderr verbatim), filtered by [`LOG_ENV`] with `info` as the default.
fn init_logging() {
    let filter = EnvFilter::try_from_env(LOG_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    let installed = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
    if installed.is_ok() {
        // Panics are caught where they can be (see `state::Snapshot::analysis`); route their
        // report through the log so that it carries a timestamp and reaches the same place.
        std::panic::set_hook(Box::new(|info| {
            let backtrace = std::backtrace::Backtrace::capture();
            tracing::error!("{info}\n{backtrace}");
        }));
    }
}
