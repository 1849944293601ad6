//! JSON-RPC answers that tower-lsp-server's own layers get wrong, fixed in one service wrapped
//! around [`tower_lsp_server::LspService`]:
//!
//! - The transport's stand-in for a malformed frame ([`INVALID_MESSAGE`]) is answered here with
//!   the error it carries, in every state of the session. Through the service it would be refused
//!   with `ServerNotInitialized` before `initialize`, and two stand-ins in flight (both with id
//!   `null`) would collide in the table of pending requests, the second answered `InvalidRequest`.
//! - A request for an unknown `$/` method gets `MethodNotFound`, as LSP requires. The service
//!   swallows the answer, which is right only for `$/` notifications: a client that sent a
//!   request would wait for a response forever.
//!
//! Everything else passes through unchanged.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde_json::Value;
use tower_lsp_server::ExitedError;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_service::Service;

use super::transport::{INVALID_MESSAGE, InvalidMessage};

type Answer = Result<Option<Response>, ExitedError>;

pub struct Guard<S> {
    inner: S,
}

impl<S> Guard<S> {
    pub fn new(inner: S) -> Self {
        Self { inner }
    }
}

impl<S> Service<Request> for Guard<S>
where
    S: Service<Request, Response = Option<Response>, Error = ExitedError>,
    S::Future: Send + 'static,
{
    type Response = Option<Response>;
    type Error = ExitedError;
    type Future = Pin<Box<dyn Future<Output = Answer> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), ExitedError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if request.method() == INVALID_MESSAGE {
            let answer = invalid_message_answer(request);
            return Box::pin(async move { Ok(answer) });
        }
        let unknown_dollar = match request.id() {
            Some(id) if request.method().starts_with("$/") => Some((id.clone(), request.method().to_owned())),
            _ => None,
        };
        let answer = self.inner.call(request);
        Box::pin(async move {
            let answer = answer.await?;
            Ok(match (answer, unknown_dollar) {
                (None, Some((id, method))) => {
                    tracing::warn!("unknown request `{method}`");
                    Some(Response::from_error(id, method_not_found(method)))
                }
                (answer, _) => answer,
            })
        })
    }
}

fn method_not_found(method: String) -> Error {
    Error {
        code: ErrorCode::MethodNotFound,
        message: "Method not found".into(),
        data: Some(Value::String(method)),
    }
}

/// The error the transport found in a frame, addressed to the id it could read (`null` when none).
fn invalid_message_answer(request: Request) -> Option<Response> {
    let (_, id, params) = request.into_parts();
    let id = id.unwrap_or(Id::Null);
    let error = match params.map(serde_json::from_value::<InvalidMessage>) {
        Some(Ok(invalid)) => Error {
            code: ErrorCode::from(invalid.code),
            message: invalid.message.into(),
            data: None,
        },
        // Only the transport makes these requests, so this does not happen; answer anyway.
        _ => Error::invalid_request(),
    };
    Some(Response::from_error(id, error))
}

#[cfg(test)]
mod tests {
    use std::future::{Ready, ready};

    use serde_json::json;

    use super::*;

    /// A service that answers nothing, as tower-lsp-server does for `$/` methods it does not know.
    struct Silent;

    impl Service<Request> for Silent {
        type Response = Option<Response>;
        type Error = ExitedError;
        type Future = Ready<Answer>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), ExitedError>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, _: Request) -> Self::Future {
            ready(Ok(None))
        }
    }

    fn answer(request: Request) -> Option<Response> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime for the test");
        runtime
            .block_on(Guard::new(Silent).call(request))
            .expect("the service has not exited")
    }

    #[test]
    fn stand_ins_are_answered_with_their_error_and_id() {
        let request = Request::build(INVALID_MESSAGE)
            .id(7)
            .params(json!({"code": -32600, "message": "not JSON-RPC"}))
            .finish();
        let response = answer(request).expect("a response");
        assert_eq!(response.id(), &Id::Number(7));
        let error = response.error().expect("an error");
        assert_eq!(error.code, ErrorCode::InvalidRequest);
        assert_eq!(error.message, "not JSON-RPC");
    }

    #[test]
    fn unknown_dollar_requests_get_method_not_found_and_notifications_nothing() {
        let response = answer(Request::build("$/unheardOf").id(3).finish()).expect("a response");
        assert_eq!(response.error().map(|e| e.code), Some(ErrorCode::MethodNotFound));
        assert_eq!(answer(Request::build("$/unheardOf").finish()), None);
        // Other methods keep what the inner service said (here: nothing).
        assert_eq!(answer(Request::build("x/y").id(4).finish()), None);
    }
}
