//! The transport seam: [`HttpClient`] sends one HTTP request. The client uses `reqwest` unless
//! given another, so that tests can answer in-process without sockets ([`from_fn`]) and
//! applications can plug in another HTTP stack.

use std::fmt;
use std::future::Future;

use crate::compat::{BoxFuture, MaybeSend, MaybeSync};

/// Sends one HTTP request and returns its response, with the body still to be read. The client
/// calls it once per attempt, after its hooks; a redirect policy, a proxy or TLS settings are
/// the implementation's business.
pub trait HttpClient: MaybeSend + MaybeSync + 'static {
    /// Sends `request`.
    fn send(
        &self,
        request: reqwest::Request,
    ) -> BoxFuture<'_, Result<reqwest::Response, TransportError>>;
}

impl HttpClient for reqwest::Client {
    fn send(
        &self,
        request: reqwest::Request,
    ) -> BoxFuture<'_, Result<reqwest::Response, TransportError>> {
        let response = self.execute(request);
        Box::pin(async move { response.await.map_err(TransportError::from) })
    }
}

/// An [`HttpClient`] from an async function, for tests that answer in-process:
///
/// ```
/// use openapi_client_runtime::http::{from_fn, TransportError};
///
/// let transport = from_fn(|request: openapi_client_runtime::reqwest::Request| async move {
///     let body = format!("{{\"path\":\"{}\"}}", request.url().path());
///     let response = http::Response::builder().status(200).body(body).unwrap();
///     Ok::<_, TransportError>(response.into())
/// });
/// # let _ = transport;
/// ```
pub fn from_fn<F, Fut>(send: F) -> impl HttpClient
where
    F: Fn(reqwest::Request) -> Fut + MaybeSend + MaybeSync + 'static,
    Fut: Future<Output = Result<reqwest::Response, TransportError>> + MaybeSend + 'static,
{
    FnClient(send)
}

struct FnClient<F>(F);

impl<F, Fut> HttpClient for FnClient<F>
where
    F: Fn(reqwest::Request) -> Fut + MaybeSend + MaybeSync + 'static,
    Fut: Future<Output = Result<reqwest::Response, TransportError>> + MaybeSend + 'static,
{
    fn send(
        &self,
        request: reqwest::Request,
    ) -> BoxFuture<'_, Result<reqwest::Response, TransportError>> {
        Box::pin((self.0)(request))
    }
}

/// Why a request got no response: the connection could not be made, the time ran out, or
/// something else failed. What it says must not include a URL or header (they may carry
/// credentials); an error from `reqwest` has its URL removed.
#[derive(Debug)]
pub struct TransportError {
    connect: bool,
    timeout: bool,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// No connection could be made (refused, unreachable, DNS, TLS handshake): retried like a
    /// `503`.
    pub fn connect(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self {
            connect: true,
            timeout: false,
            source: cause.into(),
        }
    }

    /// The request ran out of time.
    pub fn timeout(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self {
            connect: false,
            timeout: true,
            source: cause.into(),
        }
    }

    /// Anything else (a connection lost mid-request, a broken response).
    pub fn other(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self {
            connect: false,
            timeout: false,
            source: cause.into(),
        }
    }

    /// Whether no connection could be made (also when connecting ran out of time).
    pub fn is_connect(&self) -> bool {
        self.connect
    }

    /// Whether the request ran out of time (also when connecting did).
    pub fn is_timeout(&self) -> bool {
        self.timeout
    }
}

impl From<reqwest::Error> for TransportError {
    fn from(error: reqwest::Error) -> Self {
        let error = error.without_url();
        Self {
            connect: is_connect(&error),
            timeout: error.is_timeout(),
            source: Box::new(error),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn is_connect(error: &reqwest::Error) -> bool {
    error.is_connect()
}

/// The browser does not say why a fetch failed.
#[cfg(target_arch = "wasm32")]
fn is_connect(_: &reqwest::Error) -> bool {
    false
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.source, f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}
