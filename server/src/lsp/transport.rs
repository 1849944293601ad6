//! Checks each incoming frame before tower-lsp-server sees it.
//!
//! tower-lsp-server answers a frame it cannot decode with an error, but its framed reader then
//! ends the input stream (tokio-util's `FramedRead` yields `None` after a decoder error), so one
//! malformed message from a client would end the session. Here every frame is read with its
//! `Content-Length`, checked to be a JSON-RPC message, and passed on unchanged; a frame that is
//! not one is replaced by a well-formed request for [`INVALID_MESSAGE`], which
//! [`super::guard`] answers with the JSON-RPC error the client should get. The error thus travels
//! through the server's own writer, and stdout never carries two writers.
//!
//! After a wrong `Content-Length` the stream is out of step: the rest of a body that was cut
//! short (or the part of the next message a long one swallowed) runs into the next header line,
//! with no line break between them. Such a line is reported as garbage and its trailing
//! `Content-Length` header starts the next block, so that only the message whose frame was wrong
//! is lost, not every one after it.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{ErrorCode, Request, Response};

/// The method of the stand-in request for a malformed frame. Not an LSP method: only this module
/// sends it.
pub const INVALID_MESSAGE: &str = "dockerfile-lsp/invalidMessage";

/// Larger bodies are refused rather than buffered: a corrupt length must not make us allocate
/// gigabytes. A 5,000-line Dockerfile is a few hundred kilobytes.
const MAX_BODY: usize = 64 << 20;

/// Real headers are a few dozen bytes; a longer line is garbage, skipped without buffering it.
const MAX_HEADER_LINE: u64 = 8 << 10;

/// The parameters of an [`INVALID_MESSAGE`] request: the error to answer with.
#[derive(Debug, Serialize, Deserialize)]
pub struct InvalidMessage {
    pub code: i64,
    pub message: String,
}

/// Copies frames from `input` to `output` until `input` ends or `output` is closed, replacing
/// malformed frames as described in the module documentation.
pub async fn forward<R, W>(input: R, mut output: W) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut input = BufReader::new(input);
    let mut line = Vec::new();
    let mut carry = None;
    loop {
        let length = match read_headers(&mut input, &mut line, &mut carry).await? {
            Headers::Eof => return Ok(()),
            Headers::Invalid(reason) => {
                tracing::warn!("malformed message header: {reason}");
                write_frame(&mut output, &stand_in(Value::Null, ErrorCode::ParseError, &reason)).await?;
                continue;
            }
            Headers::Length(length) => length,
        };
        let mut body = vec![0; length];
        if let Err(err) = input.read_exact(&mut body).await {
            if err.kind() == std::io::ErrorKind::UnexpectedEof {
                tracing::warn!("input ended inside a message body");
                return Ok(());
            }
            return Err(err);
        }
        match check(&body) {
            Ok(()) => write_frame(&mut output, &body).await?,
            Err((id, code, reason)) => {
                tracing::warn!("malformed message: {reason}");
                write_frame(&mut output, &stand_in(id, code, &reason)).await?;
            }
        }
    }
}

enum Headers {
    Eof,
    Length(usize),
    Invalid(String),
}

/// Reads one header block, starting with `carry` (a header line found at the end of garbage) when
/// there is one. Lines that are not headers end the block at once, so that the next
/// `Content-Length` line starts a fresh block and the stream gets back in step.
async fn read_headers<R: AsyncBufReadExt + Unpin>(
    input: &mut R,
    line: &mut Vec<u8>,
    carry: &mut Option<Vec<u8>>,
) -> std::io::Result<Headers> {
    let mut length: Option<Result<usize, String>> = None;
    let mut seen_header = false;
    loop {
        line.clear();
        if let Some(carried) = carry.take() {
            *line = carried;
        } else {
            let read = (&mut *input).take(MAX_HEADER_LINE).read_until(b'\n', line).await?;
            if read == 0 {
                return Ok(Headers::Eof);
            }
            if !line.ends_with(b"\n") && read as u64 == MAX_HEADER_LINE {
                let tail = skip_line(input).await?;
                if let Some(at) = trailing_content_length(&tail) {
                    *carry = Some(tail[at..].to_vec());
                }
                return Ok(Headers::Invalid(format!(
                    "header line longer than {MAX_HEADER_LINE} bytes"
                )));
            }
        }
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !seen_header {
                // Stray blank lines between messages carry nothing.
                continue;
            }
            return Ok(match length {
                Some(Ok(n)) => Headers::Length(n),
                Some(Err(reason)) => Headers::Invalid(reason),
                None => Headers::Invalid("header block without `Content-Length`".to_owned()),
            });
        }
        seen_header = true;
        let header = text.split_once(':').filter(|(name, _)| is_token(name));
        let Some((name, value)) = header else {
            if let Some(at) = trailing_content_length(line) {
                *carry = Some(line[at..].to_vec());
            }
            return Ok(Headers::Invalid(format!("not a header line: {}", excerpt(text))));
        };
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(match value.trim().parse::<usize>() {
                Ok(n) if n <= MAX_BODY => Ok(n),
                Ok(n) => Err(format!("`Content-Length` {n} exceeds the limit of {MAX_BODY} bytes")),
                Err(_) => Err(format!("invalid `Content-Length`: {}", excerpt(value.trim()))),
            });
        }
    }
}

/// Whether `name` is a header field name (an RFC 9110 token): the tail of a JSON body that ran
/// into the next header line (`..."id":1}Content-Length: 52`) has a colon but is not one.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Where the last `Content-Length:` in a garbage line starts.
fn trailing_content_length(line: &[u8]) -> Option<usize> {
    const NAME: &[u8] = b"content-length:";
    let last = line.len().checked_sub(NAME.len())?;
    (0..=last)
        .rev()
        .find(|&at| line[at..at + NAME.len()].eq_ignore_ascii_case(NAME))
}

/// Discards input through the next `\n` without buffering it; returns the last bytes of what it
/// discarded, where the next header may begin.
async fn skip_line<R: AsyncBufReadExt + Unpin>(input: &mut R) -> std::io::Result<Vec<u8>> {
    /// Enough for `Content-Length: ` and any length within [`MAX_BODY`].
    const TAIL: usize = 64;
    let mut tail = Vec::with_capacity(2 * TAIL);
    loop {
        let chunk = input.fill_buf().await?;
        if chunk.is_empty() {
            return Ok(tail);
        }
        let (taken, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        tail.extend_from_slice(&chunk[taken.saturating_sub(TAIL)..taken]);
        if tail.len() > TAIL {
            tail.drain(..tail.len() - TAIL);
        }
        input.consume(taken);
        if done {
            return Ok(tail);
        }
    }
}

/// Whether tower-lsp-server will decode `body`, and if not, the id to answer (when one can be
/// read), the error code and the reason.
fn check(body: &[u8]) -> Result<(), (Value, ErrorCode, String)> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|err| (Value::Null, ErrorCode::ParseError, format!("invalid JSON: {err}")))?;
    if serde_json::from_value::<Request>(value.clone()).is_ok()
        || serde_json::from_value::<Response>(value.clone()).is_ok()
    {
        return Ok(());
    }
    let id = value
        .get("id")
        .filter(|id| id.is_i64() || id.is_string())
        .cloned()
        .unwrap_or(Value::Null);
    Err((
        id,
        ErrorCode::InvalidRequest,
        format!("not a JSON-RPC 2.0 message: {}", excerpt(&value.to_string())),
    ))
}

fn stand_in(id: Value, code: ErrorCode, reason: &str) -> Vec<u8> {
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": INVALID_MESSAGE,
        "params": InvalidMessage { code: code.code(), message: reason.to_owned() },
    })
    .to_string()
    .into_bytes()
}

async fn write_frame<W: AsyncWrite + Unpin>(output: &mut W, body: &[u8]) -> std::io::Result<()> {
    output
        .write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await?;
    output.write_all(body).await?;
    output.flush().await
}

/// A short quote of client input for a log line or an error message.
fn excerpt(text: &str) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run(input: &[u8]) -> Vec<Value> {
        let mut out = Vec::new();
        forward(input, &mut out).await.expect("in-memory IO does not fail");
        let mut frames = Vec::new();
        let mut rest = out.as_slice();
        while !rest.is_empty() {
            let text = std::str::from_utf8(rest).expect("frames are UTF-8");
            let header_end = text.find("\r\n\r\n").expect("header terminator");
            let length: usize = text[..header_end]
                .strip_prefix("Content-Length: ")
                .and_then(|n| n.parse().ok())
                .expect("Content-Length header");
            let body = &rest[header_end + 4..header_end + 4 + length];
            frames.push(serde_json::from_slice(body).expect("forwarded bodies are JSON"));
            rest = &rest[header_end + 4 + length..];
        }
        frames
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn valid_messages_pass_unchanged() {
        let req = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let note = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let resp = r#"{"jsonrpc":"2.0","id":7,"result":null}"#;
        let input = format!(
            "{}Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n{}{}",
            frame(req),
            frame(note),
            frame(resp)
        );
        let frames = run(input.as_bytes()).await;
        let expected: Vec<Value> = [req, note, resp]
            .iter()
            .map(|s| serde_json::from_str(s).expect("test JSON"))
            .collect();
        assert_eq!(frames, expected);
    }

    #[tokio::test]
    async fn malformed_bodies_become_stand_in_requests() {
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"1.0","id":3,"method":"x"}"#),
            frame(r#"[1,2]"#),
            frame(r#"{"jsonrpc":"2.0","id":4,"method":"shutdown"}"#),
        ]
        .concat();
        let frames = run(input.as_bytes()).await;
        assert_eq!(frames.len(), 4);
        assert_eq!(frames[0]["method"], INVALID_MESSAGE);
        assert_eq!(frames[0]["id"], Value::Null);
        assert_eq!(frames[0]["params"]["code"], -32700);
        assert_eq!(frames[1]["id"], 3);
        assert_eq!(frames[1]["params"]["code"], -32600);
        assert_eq!(frames[2]["id"], Value::Null);
        assert_eq!(frames[2]["params"]["code"], -32600);
        assert_eq!(frames[3]["method"], "shutdown");
    }

    #[tokio::test]
    async fn garbage_headers_are_reported_and_the_stream_resynchronises() {
        let ok = r#"{"jsonrpc":"2.0","id":9,"method":"shutdown"}"#;
        let input = format!(
            "hello there\r\nContent-Length: abc\r\n\r\nContent-Type: x\r\n\r\n{}",
            frame(ok)
        );
        let frames = run(input.as_bytes()).await;
        let codes: Vec<&Value> = frames.iter().map(|f| &f["params"]["code"]).collect();
        assert_eq!(codes[..3], [&json!(-32700), &json!(-32700), &json!(-32700)]);
        assert_eq!(frames[3]["id"], 9);
        assert_eq!(frames.len(), 4);
    }

    #[tokio::test]
    async fn an_endless_line_is_one_error_and_not_buffered() {
        let ok = r#"{"jsonrpc":"2.0","id":9,"method":"shutdown"}"#;
        let input = format!("{}\r\n{}", "x".repeat(100_000), frame(ok));
        let frames = run(input.as_bytes()).await;
        assert_eq!(frames.len(), 2, "{frames:?}");
        assert_eq!(frames[0]["params"]["code"], -32700);
        assert_eq!(frames[1]["id"], 9);
    }

    #[tokio::test]
    async fn after_a_wrong_length_the_next_message_is_still_read() {
        let bad = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let next = [
            r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#,
            r#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#,
        ];
        // Too short: the rest of the body runs into the next header line.
        let input = format!(
            "Content-Length: {}\r\n\r\n{bad}{}{}",
            bad.len() - 10,
            frame(next[0]),
            frame(next[1])
        );
        let frames = run(input.as_bytes()).await;
        let ids: Vec<&Value> = frames.iter().map(|f| &f["id"]).collect();
        assert_eq!(ids, [&Value::Null, &Value::Null, &json!(2), &json!(3)], "{frames:?}");
        assert_eq!(frames[0]["params"]["code"], -32700);
        assert_eq!(frames[1]["params"]["code"], -32700);

        // Too long: the body swallows the start of the next message, which is lost; the one
        // after it is read.
        let input = format!(
            "Content-Length: {}\r\n\r\n{bad}{}{}",
            bad.len() + 30,
            frame(next[0]),
            frame(next[1])
        );
        let frames = run(input.as_bytes()).await;
        let last = frames.last().expect("frames");
        assert_eq!(last["id"], 3, "{frames:?}");
        assert!(
            frames[..frames.len() - 1].iter().all(|f| f["params"]["code"] == -32700),
            "{frames:?}"
        );
    }

    #[tokio::test]
    async fn a_long_garbage_line_ending_in_a_header_keeps_the_header() {
        let ok = r#"{"jsonrpc":"2.0","id":9,"method":"shutdown"}"#;
        let input = format!("{}{}", "x".repeat(100_000), frame(ok));
        let frames = run(input.as_bytes()).await;
        assert_eq!(frames.len(), 2, "{frames:?}");
        assert_eq!(frames[0]["params"]["code"], -32700);
        assert_eq!(frames[1]["id"], 9);
    }

    #[test]
    fn header_names_are_tokens() {
        assert!(is_token("Content-Length"));
        assert!(!is_token(r#"{"jsonrpc""#));
        assert!(!is_token(""));
        assert_eq!(trailing_content_length(b"}\"x\":1}content-LENGTH: 4\r\n"), Some(7));
        assert_eq!(trailing_content_length(b"Content-Length"), None);
    }

    #[tokio::test]
    async fn a_truncated_body_ends_the_stream_quietly() {
        let frames = run(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"").await;
        assert!(frames.is_empty());
    }
}
