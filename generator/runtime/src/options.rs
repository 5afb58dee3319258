//! [`CallOptions`]: a timeout, extra headers, a retry policy and an idempotency key for some
//! calls, set on a handle of the client ([`Client::with_options`](crate::Client::with_options))
//! that shares its configuration and connection pool.

use std::time::Duration;

use crate::retry::RetryPolicy;

/// The header an idempotency key is sent in (the IETF `Idempotency-Key` draft's name).
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// Options for the calls made through one client handle; what is not set comes from the
/// client. Build with [`CallOptions::new`] and the setters.
///
/// ```
/// use openapi_client_runtime::{CallOptions, RetryPolicy};
/// use std::time::Duration;
///
/// let options = CallOptions::new()
///     .timeout(Duration::from_secs(5))
///     .header("X-Trace", "checkout-42")
///     .retry_policy(RetryPolicy::default().max_attempts(5))
///     .idempotency_key("order-7f3a");
/// assert_eq!(options.get_idempotency_key(), Some("order-7f3a"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) idempotency_key: Option<String>,
}

impl CallOptions {
    /// No options: every call behaves as the client is configured.
    pub fn new() -> Self {
        Self::default()
    }

    /// The timeout of each attempt, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Adds a header to every request, after the client's default headers (it replaces one
    /// of the same name). An invalid name or value fails the call with
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument), before anything is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// How failed requests are retried, instead of the client's policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Sends `key` in the `Idempotency-Key` header of every attempt, so that a server that
    /// supports it applies a repeated request once. With a key, `POST` and `PATCH` requests
    /// are retried like idempotent ones (after a 502, 503 or 504, or a failed connection),
    /// and each retry carries the same key.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// The idempotency key, if one is set.
    pub fn get_idempotency_key(&self) -> Option<&str> {
        self.idempotency_key.as_deref()
    }
}
