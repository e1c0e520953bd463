//! Catches panics in request and notification handlers.
//!
//! tower-lsp-server 0.23 polls every handler future inside `Server::serve`
//! (`buffer_unordered` over the futures `LspService::call` returns) and does
//! not catch panics: one panicking handler unwinds through `serve` and takes
//! the whole process down. [`PanicGuard`] wraps the service, polls each
//! future inside `catch_unwind`, logs the panic with the method name and
//! turns it into a JSON-RPC `InternalError` response for a request, or
//! nothing for a notification. The server keeps serving.
//!
//! State left behind by the panicking handler: `std::sync::Mutex`es are
//! locked poison-tolerantly (`server::lock`), and tower-lsp-server's table
//! of cancellable requests keeps one stale entry for the request's id (a
//! later request reusing that exact id is answered `InvalidRequest`).
//!
//! For end-to-end tests, `BIENTAP_TEST_PANICS=1` makes the requests
//! `bientap/testPanic` and notifications `bientap/testPanicNotification`
//! panic while being handled (see [`PanicOnDemand`]); without the variable
//! those methods do not exist.

use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};
use tower_service::Service;

/// The method whose requests panic when test panics are enabled.
pub const TEST_PANIC_REQUEST: &str = "bientap/testPanic";
/// The method whose notifications panic when test panics are enabled.
pub const TEST_PANIC_NOTIFICATION: &str = "bientap/testPanicNotification";

use super::transport::BoxFuture;

/// Wraps a service so that a panic in a handler becomes an error response.
#[derive(Debug, Clone)]
pub struct PanicGuard<S> {
    inner: S,
}

impl<S> PanicGuard<S> {
    pub fn new(inner: S) -> Self {
        PanicGuard { inner }
    }
}

/// The panic's message, when it is a string.
fn message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "(no message)"
    }
}

fn recovered<E>(
    method: &str,
    id: Option<Id>,
    payload: &(dyn Any + Send),
) -> Result<Option<Response>, E> {
    let what = message(payload);
    match id {
        Some(id) => {
            tracing::error!("handler for request {method} (id {id}) panicked: {what}");
            let mut error = Error::internal_error();
            error.message = format!("bientap: lỗi nội bộ khi xử lý {method}: {what}").into();
            Ok(Some(Response::from_error(id, error)))
        }
        None => {
            tracing::error!("handler for notification {method} panicked: {what}");
            Ok(None)
        }
    }
}

/// A handler future polled inside `catch_unwind`.
struct Guarded<E> {
    inner: Option<BoxFuture<Result<Option<Response>, E>>>,
    method: String,
    id: Option<Id>,
}

impl<E> Future for Guarded<E> {
    type Output = Result<Option<Response>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let Some(fut) = this.inner.as_mut() else {
            panic!("Guarded polled after completion");
        };
        match catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(cx))) {
            Ok(poll) => {
                if poll.is_ready() {
                    this.inner = None;
                }
                poll
            }
            Err(payload) => {
                // Drop the broken future; a panic while dropping it is caught too.
                let fut = this.inner.take();
                let _ = catch_unwind(AssertUnwindSafe(move || drop(fut)));
                Poll::Ready(recovered(&this.method, this.id.take(), payload.as_ref()))
            }
        }
    }
}

impl<S> Service<Request> for PanicGuard<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let method = req.method().to_string();
        let id = req.id().cloned();
        // Building the future may run code too (parameter parsing, routing).
        match catch_unwind(AssertUnwindSafe(|| self.inner.call(req))) {
            Ok(fut) => Box::pin(Guarded {
                inner: Some(Box::pin(fut)),
                method,
                id,
            }),
            Err(payload) => {
                let result = recovered(&method, id, payload.as_ref());
                Box::pin(std::future::ready(result))
            }
        }
    }
}

/// Test hook: panics on [`TEST_PANIC_REQUEST`] / [`TEST_PANIC_NOTIFICATION`]
/// when enabled, otherwise passes every message to the inner service.
#[derive(Debug, Clone)]
pub struct PanicOnDemand<S> {
    inner: S,
    enabled: bool,
}

impl<S> PanicOnDemand<S> {
    /// Enabled by the environment variable `BIENTAP_TEST_PANICS=1`, and only
    /// in builds with the test-only feature `test-panic-rule` (which plain
    /// `cargo test` turns on; release builds never panic on demand).
    pub fn from_env(inner: S) -> Self {
        let enabled = cfg!(feature = "test-panic-rule")
            && std::env::var_os("BIENTAP_TEST_PANICS").is_some_and(|v| v == "1");
        PanicOnDemand { inner, enabled }
    }
}

impl<S> Service<Request> for PanicOnDemand<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let method = req.method();
        if self.enabled && (method == TEST_PANIC_REQUEST || method == TEST_PANIC_NOTIFICATION) {
            let method = method.to_string();
            return Box::pin(async move {
                // Yield once so the panic happens while polling, as in a real handler.
                tokio::task::yield_now().await;
                panic!("test panic requested by {method}");
            });
        }
        Box::pin(self.inner.call(req))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A fake inner service: panics on `panic/*` methods (in `call` or in
    /// the future), answers `{"ok": method}` otherwise.
    #[derive(Clone, Default)]
    struct Fake {
        calls: usize,
    }

    impl Service<Request> for Fake {
        type Response = Option<Response>;
        type Error = std::convert::Infallible;
        type Future = BoxFuture<Result<Option<Response>, Self::Error>>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, req: Request) -> Self::Future {
            self.calls += 1;
            let method = req.method().to_string();
            let id = req.id().cloned();
            if method == "panic/inCall" {
                panic!("boom in call");
            }
            Box::pin(async move {
                tokio::task::yield_now().await;
                if method == "panic/inFuture" {
                    panic!("boom in future");
                }
                if method == "panic/formatted" {
                    panic!("boom {}", 42);
                }
                Ok(id.map(|id| Response::from_ok(id, json!({ "ok": method }))))
            })
        }
    }

    fn request(method: &'static str, id: i64) -> Request {
        Request::build(method).id(id).params(json!({})).finish()
    }

    fn notification(method: &'static str) -> Request {
        Request::build(method).params(json!({})).finish()
    }

    async fn call(guard: &mut PanicGuard<Fake>, req: Request) -> Option<Response> {
        std::future::poll_fn(|cx| guard.poll_ready(cx))
            .await
            .unwrap();
        guard.call(req).await.unwrap()
    }

    #[tokio::test]
    async fn a_panicking_request_becomes_an_internal_error_and_the_service_goes_on() {
        let mut guard = PanicGuard::new(Fake::default());
        for (k, method) in ["panic/inFuture", "panic/inCall", "panic/formatted"]
            .into_iter()
            .enumerate()
        {
            let id = k as i64 + 1;
            let resp = call(&mut guard, request(method, id))
                .await
                .expect("a response");
            assert_eq!(resp.id(), &Id::Number(id));
            let err = resp.error().expect("an error response");
            assert_eq!(
                err.code,
                tower_lsp_server::jsonrpc::ErrorCode::InternalError
            );
            assert!(err.message.contains(method), "{}", err.message);
            assert!(err.message.contains("boom"), "{}", err.message);
        }
        let resp = call(&mut guard, request("textDocument/hover", 9))
            .await
            .unwrap();
        assert_eq!(resp.result(), Some(&json!({ "ok": "textDocument/hover" })));
        assert_eq!(guard.inner.calls, 4);
    }

    #[tokio::test]
    async fn a_panicking_notification_is_swallowed() {
        let mut guard = PanicGuard::new(Fake::default());
        assert_eq!(call(&mut guard, notification("panic/inFuture")).await, None);
        assert_eq!(call(&mut guard, notification("panic/inCall")).await, None);
        let resp = call(&mut guard, request("ping", 1)).await.unwrap();
        assert!(resp.is_ok());
    }

    #[tokio::test]
    async fn panic_on_demand_is_off_unless_enabled() {
        let mut off = PanicOnDemand {
            inner: Fake::default(),
            enabled: false,
        };
        let resp = off
            .call(request(TEST_PANIC_REQUEST, 1))
            .await
            .unwrap()
            .unwrap();
        assert!(resp.is_ok(), "passed through to the inner service");
        let mut on = PanicGuard::new(PanicOnDemand {
            inner: Fake::default(),
            enabled: true,
        });
        let resp = on
            .call(request(TEST_PANIC_REQUEST, 2))
            .await
            .unwrap()
            .unwrap();
        assert!(resp.is_error());
        assert_eq!(
            on.call(notification(TEST_PANIC_NOTIFICATION))
                .await
                .unwrap(),
            None
        );
    }
}
