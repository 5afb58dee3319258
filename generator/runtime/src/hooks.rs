//! [`Hook`]s: code of the application that runs around every attempt of every call, to add
//! headers or sign a request before it is sent, and to see each response (metrics).

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::compat::{MaybeSend, MaybeSync};

/// Runs before each attempt is sent and after its response arrives. Both default to doing
/// nothing.
///
/// ```
/// use openapi_client_runtime::hooks::{Attempt, Hook, HookError};
///
/// /// Signs every request with a header computed from its method and path.
/// struct Signer;
///
/// impl Hook for Signer {
///     fn before_send(&self, attempt: &Attempt, request: &mut openapi_client_runtime::reqwest::Request) -> Result<(), HookError> {
///         let signature = format!("{}:{}:{}", attempt.operation, request.method(), request.url().path());
///         let value = signature.parse().map_err(HookError::new)?;
///         request.headers_mut().insert("x-signature", value);
///         Ok(())
///     }
/// }
/// ```
pub trait Hook: MaybeSend + MaybeSync + 'static {
    /// Changes the request of one attempt before it is sent: it has its final URL, headers
    /// (credentials included) and body; a body given as bytes can be read with
    /// `request.body().and_then(|b| b.as_bytes())`. An error fails the call with
    /// [`Error::Hook`](crate::Error::Hook), and nothing is sent.
    fn before_send(
        &self,
        attempt: &Attempt,
        request: &mut reqwest::Request,
    ) -> Result<(), HookError> {
        let _ = (attempt, request);
        Ok(())
    }

    /// Sees the response of one attempt (its body not read yet), or that it got none.
    fn after_receive(&self, attempt: &Attempt, response: Received<'_>) {
        let _ = (attempt, response);
    }
}

/// Which call and attempt a hook runs for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Attempt {
    /// The operation's `operationId`.
    pub operation: &'static str,
    /// The attempt, from 1.
    pub number: u32,
}

/// What came back for one attempt.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Received<'a> {
    /// A response.
    Response {
        /// Its status.
        status: StatusCode,
        /// Its headers.
        headers: &'a HeaderMap,
        /// The time from sending to the response head.
        elapsed: Duration,
    },
    /// No response: the transport failed or timed out.
    Failed {
        /// The time from sending to the failure.
        elapsed: Duration,
    },
}

/// Why a hook refused to send a request.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HookError(Box<dyn std::error::Error + Send + Sync>);

impl HookError {
    /// An error with this cause. Its message is shown in errors and logs: it must not contain a
    /// secret.
    pub fn new(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self(cause.into())
    }
}
