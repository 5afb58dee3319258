//! [`TokenProvider`]: tokens from any source the client does not know itself (an
//! authorization-code flow run by the application, workload identity, a secrets vault).

use std::fmt;
use std::future::Future;
use std::time::Duration;

use crate::compat::{BoxFuture, MaybeSend, MaybeSync};

use super::SecretString;

/// Gives the client a token for a scheme whenever a call needs one.
///
/// The client asks before every call that sends the scheme, so a provider that fetches tokens
/// should cache them itself; after the server answered `401` to a token it gave, the client
/// asks once more with [`TokenRequest::renew`] set and sends the call again. A provider can
/// feed any scheme that sends a token: OAuth 2 and bearer tokens, and API keys.
///
/// ```
/// use openapi_client_runtime::auth::{provider_fn, AccessToken, TokenError};
///
/// let vault = provider_fn(|request| async move {
///     // Look the token up wherever it lives; `request.scopes` says what the call needs.
///     let _ = request.scopes;
///     Ok::<_, TokenError>(AccessToken::new("token-from-the-vault"))
/// });
/// # let _ = vault;
/// ```
pub trait TokenProvider: MaybeSend + MaybeSync + 'static {
    /// A token for `request`.
    fn token(&self, request: TokenRequest) -> BoxFuture<'_, Result<AccessToken, TokenError>>;
}

/// What a [`TokenProvider`] is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenRequest {
    /// The scheme's name in the document.
    pub scheme: &'static str,
    /// The OAuth 2 scopes the operation asks for (empty for other schemes).
    pub scopes: &'static [&'static str],
    /// The server refused the last token: a cached one should not be given again.
    pub renew: bool,
}

impl TokenRequest {
    /// A request for a token of `scheme` with `scopes`.
    pub fn new(scheme: &'static str, scopes: &'static [&'static str], renew: bool) -> Self {
        Self {
            scheme,
            scopes,
            renew,
        }
    }
}

/// A token, and for how long it is valid when that is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessToken {
    /// The token.
    pub token: SecretString,
    /// How long it is valid from now, when known.
    pub expires_in: Option<Duration>,
}

impl AccessToken {
    /// A token of unknown lifetime.
    pub fn new(token: impl Into<SecretString>) -> Self {
        Self {
            token: token.into(),
            expires_in: None,
        }
    }

    /// The token's lifetime from now.
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expires_in = Some(lifetime);
        self
    }
}

/// Why a token could not be had. Its message is shown in errors and logs: it must not contain
/// a secret.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TokenError(Box<dyn std::error::Error + Send + Sync>);

impl TokenError {
    /// An error with this cause.
    pub fn new(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self(cause.into())
    }
}

/// A [`TokenProvider`] from an async function of the [`TokenRequest`].
pub fn provider_fn<F, Fut>(provide: F) -> impl TokenProvider
where
    F: Fn(TokenRequest) -> Fut + MaybeSend + MaybeSync + 'static,
    Fut: Future<Output = Result<AccessToken, TokenError>> + MaybeSend + 'static,
{
    FnProvider(provide)
}

struct FnProvider<F>(F);

impl<F, Fut> TokenProvider for FnProvider<F>
where
    F: Fn(TokenRequest) -> Fut + MaybeSend + MaybeSync + 'static,
    Fut: Future<Output = Result<AccessToken, TokenError>> + MaybeSend + 'static,
{
    fn token(&self, request: TokenRequest) -> BoxFuture<'_, Result<AccessToken, TokenError>> {
        Box::pin((self.0)(request))
    }
}

impl<F> fmt::Debug for FnProvider<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenProvider")
    }
}
