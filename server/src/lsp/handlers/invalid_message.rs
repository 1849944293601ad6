//! The stand-in for a frame that was not a JSON-RPC message (see [`crate::lsp::transport`]):
//! answered with the error the client's malformed message deserves.

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

use crate::lsp::transport::InvalidMessage;

pub fn handle(params: InvalidMessage) -> Result<()> {
    Err(Error {
        code: ErrorCode::from(params.code),
        message: params.message.into(),
        data: None,
    })
}
