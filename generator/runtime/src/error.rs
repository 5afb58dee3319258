//! The one error type of a client: [`Error`], with [`ApiError`] for non-success HTTP statuses
//! (the API's error model decoded) and [`DecodeError`] for response bodies that do not match the
//! expected schema. Both are generic over the error model `M`, which a generated crate fixes
//! with a type alias (`pub type Error = openapi_client_runtime::Error<ErrorModel>`).

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::http::TransportError;

/// Everything that can go wrong when calling the API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<M: fmt::Debug + 'static = serde_json::Value> {
    /// The request could not be sent or the response could not be read (DNS, connect, TLS,
    /// connection reset, redirect refused, ...). The URL is stripped from the inner error.
    #[error("HTTP transport error: {0}")]
    Transport(#[source] TransportError),
    /// The request (connect, send and read the body) exceeded the configured timeout.
    #[error("request timed out")]
    Timeout(#[source] TransportError),
    /// The server answered with a non-success status (after any retries).
    #[error(transparent)]
    Api(Box<ApiError<M>>),
    /// The response body does not decode into the expected type.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// An argument was rejected before anything was sent: client-side validation of a
    /// constraint from the spec, or a value that cannot go into a header, cookie or body.
    #[error("invalid argument `{name}`: {reason}")]
    InvalidArgument {
        /// The parameter or field path, e.g. `body.properties.name`.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The response body is larger than the configured `max_response_bytes`.
    #[error("response body exceeds the limit of {limit} bytes")]
    ResponseTooLarge {
        /// The configured limit in bytes.
        limit: usize,
    },
    /// The client configuration is invalid (base URL, header, credentials, timeouts).
    #[error("invalid client configuration: {0}")]
    InvalidConfig(String),
    /// None of the operation's alternatives of credentials is configured; nothing was sent.
    #[error(
        "`{operation}` needs credentials that are not configured: {}",
        Alternatives(alternatives)
    )]
    MissingCredentials {
        /// The operation's `operationId`.
        operation: &'static str,
        /// The alternatives it accepts, each the names of the schemes sent together.
        alternatives: Vec<Vec<&'static str>>,
    },
    /// A token could not be obtained (an OAuth 2 token endpoint or a token provider failed);
    /// nothing was sent.
    #[error("no token for `{scheme}`: {reason}")]
    Token {
        /// The security scheme's name.
        scheme: &'static str,
        /// What went wrong (without any secret).
        reason: String,
    },
    /// A before-send hook refused the request; nothing was sent.
    #[error("a hook refused the request: {0}")]
    Hook(String),
}

/// `` `a` and `b`, or `c` `` for the alternatives of credentials an operation accepts.
struct Alternatives<'a>(&'a [Vec<&'static str>]);

impl fmt::Display for Alternatives<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, alternative) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(", or ")?;
            }
            for (position, scheme) in alternative.iter().enumerate() {
                if position > 0 {
                    f.write_str(" and ")?;
                }
                write!(f, "`{scheme}`")?;
            }
        }
        Ok(())
    }
}

impl<M: fmt::Debug + 'static> Error<M> {
    /// The HTTP status of the response this error came from, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_))
    }

    /// Whether the server answered `404 Not Found`.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// The non-success response, if this is [`Error::Api`].
    pub fn api_error(&self) -> Option<&ApiError<M>> {
        match self {
            Self::Api(e) => Some(e),
            _ => None,
        }
    }
}

/// An argument rejected before anything was sent: the parameter or field path and the reason.
/// It becomes [`Error::InvalidArgument`] with `?`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid argument `{name}`: {reason}")]
pub struct InvalidArgument {
    /// The parameter or field path, e.g. `body.properties.name`.
    pub name: String,
    /// What is wrong with it.
    pub reason: String,
}

impl InvalidArgument {
    /// The argument `name` is wrong for `reason`.
    pub fn new(name: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            reason: reason.into(),
        }
    }
}

impl<M: fmt::Debug + 'static> From<InvalidArgument> for Error<M> {
    fn from(InvalidArgument { name, reason }: InvalidArgument) -> Self {
        Self::InvalidArgument { name, reason }
    }
}

/// What can fail without a response to decode: every [`Error`] but [`Error::Api`] and
/// [`Error::Decode`]. The runtime's internals return it, so that `?` converts it into the
/// `Error` of whatever error model the caller has.
/// Its messages are those of the matching [`Error`] variants.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Failure {
    #[error("HTTP transport error: {0}")]
    Transport(#[source] TransportError),
    #[error("request timed out")]
    Timeout(#[source] TransportError),
    #[error(transparent)]
    InvalidArgument(InvalidArgument),
    #[error("response body exceeds the limit of {limit} bytes")]
    ResponseTooLarge { limit: usize },
    #[error("invalid client configuration: {0}")]
    InvalidConfig(String),
    #[error(
        "`{operation}` needs credentials that are not configured: {}",
        Alternatives(alternatives)
    )]
    MissingCredentials {
        operation: &'static str,
        alternatives: Vec<Vec<&'static str>>,
    },
    #[error("no token for `{scheme}`: {reason}")]
    Token {
        scheme: &'static str,
        reason: String,
    },
    #[error("a hook refused the request: {0}")]
    Hook(String),
}

impl Failure {
    /// Classifies a reqwest error, dropping the URL (it may carry query values or a token).
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        Self::from_transport(TransportError::from(error))
    }

    /// Classifies an error of the transport.
    pub(crate) fn from_transport(error: TransportError) -> Self {
        if error.is_timeout() {
            Self::Timeout(error)
        } else {
            Self::Transport(error)
        }
    }

    /// The `error.type` of OpenTelemetry's conventions for this failure.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Transport(_) => "transport",
            Self::Timeout(_) => "timeout",
            Self::InvalidArgument(_) => "invalid_argument",
            Self::ResponseTooLarge { .. } => "response_too_large",
            Self::InvalidConfig(_) => "invalid_config",
            Self::MissingCredentials { .. } => "missing_credentials",
            Self::Token { .. } => "token",
            Self::Hook(_) => "hook",
        }
    }
}

impl From<InvalidArgument> for Failure {
    fn from(invalid: InvalidArgument) -> Self {
        Self::InvalidArgument(invalid)
    }
}

impl<M: fmt::Debug + 'static> From<Failure> for Error<M> {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Transport(e) => Self::Transport(e),
            Failure::Timeout(e) => Self::Timeout(e),
            Failure::InvalidArgument(invalid) => invalid.into(),
            Failure::ResponseTooLarge { limit } => Self::ResponseTooLarge { limit },
            Failure::InvalidConfig(message) => Self::InvalidConfig(message),
            Failure::MissingCredentials {
                operation,
                alternatives,
            } => Self::MissingCredentials {
                operation,
                alternatives,
            },
            Failure::Token { scheme, reason } => Self::Token { scheme, reason },
            Failure::Hook(reason) => Self::Hook(reason),
        }
    }
}

/// A non-success HTTP response.
#[derive(Clone)]
#[non_exhaustive]
pub struct ApiError<M = serde_json::Value> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw response body.
    pub body: Bytes,
    /// The body decoded as the API's error schema, when it parses as one.
    pub model: Option<M>,
    /// The server's id of the request, read from the client's request-id headers
    /// (`x-request-id`, ...), to quote to the API's support.
    pub request_id: Option<String>,
}

impl<M: DeserializeOwned> ApiError<M> {
    /// Builds the error, decoding the body as the error model when it parses.
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        let model = serde_json::from_slice(&body).ok();
        Self {
            status,
            headers,
            body,
            model,
            request_id: None,
        }
    }
}

impl<M> ApiError<M> {
    /// Decodes the body as some other JSON shape; `None` when it does not parse.
    pub fn decode_body<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The body as text, if it is valid UTF-8.
    pub fn body_text(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }

    /// A response header as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }
}

impl<M> fmt::Display for ApiError<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server returned HTTP {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id:?})")?;
        }
        if !self.body.is_empty() {
            write!(f, ": {}", BodyPreview(&self.body))?;
        }
        Ok(())
    }
}

impl<M: fmt::Debug> fmt::Debug for ApiError<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &format_args!("{}", BodyPreview(&self.body)))
            .field("model", &self.model)
            .field("request_id", &self.request_id)
            .finish()
    }
}

impl<M: fmt::Debug> std::error::Error for ApiError<M> {}

/// A response body that does not decode into the expected type.
#[derive(Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status of the response.
    pub status: StatusCode,
    /// Where decoding failed, as a serde path such as `items[3].metadata.createdDate` (`.` for
    /// the top level; empty when the body is no JSON document at all, e.g. empty).
    pub path: String,
    /// What went wrong. String values quoted by the decoder are left out (`invalid type: a
    /// string, expected ...`): they may be credentials.
    pub message: String,
    /// The raw body. Not shown by `Debug` or `Display`: a success response may carry
    /// credentials.
    pub body: Bytes,
    /// The server's id of the request, read from the client's request-id headers.
    pub request_id: Option<String>,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot decode the HTTP {} response body", self.status)?;
        if !self.path.is_empty() && self.path != "." {
            write!(f, " at `{}`", self.path)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id:?})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("request_id", &self.request_id)
            .finish()
    }
}

impl std::error::Error for DecodeError {}

/// Headers for `Debug` output, with credential-bearing values replaced by `***`.
pub(crate) struct RedactedHeaders<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SECRET: [&str; 4] = [
            "authorization",
            "proxy-authorization",
            "cookie",
            "set-cookie",
        ];
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if value.is_sensitive() || SECRET.contains(&name.as_str()) {
                map.entry(name, &format_args!("***"));
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
    }
}

/// The first bytes of a body as one line of lossy UTF-8, for messages.
struct BodyPreview<'a>(&'a [u8]);

impl fmt::Display for BodyPreview<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const LIMIT: usize = 512;
        let text = String::from_utf8_lossy(&self.0[..self.0.len().min(LIMIT)]);
        for c in text.chars() {
            if c.is_control() {
                f.write_str(" ")?;
            } else {
                write!(f, "{c}")?;
            }
        }
        if self.0.len() > LIMIT {
            write!(f, "... ({} bytes)", self.0.len())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_types_are_thread_safe_and_error_stays_small() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Error>();
        assert_send_sync::<ApiError>();
        assert!(std::mem::size_of::<Error>() <= 64);
    }

    #[test]
    fn helpers_classify_errors() {
        let api: Error = Error::Api(Box::new(ApiError::new(
            StatusCode::NOT_FOUND,
            HeaderMap::new(),
            Bytes::from_static(b"{\"unexpected\": true}"),
        )));
        assert!(api.is_not_found() && !api.is_timeout());
        assert_eq!(api.status(), Some(StatusCode::NOT_FOUND));
        let inner = api.api_error().unwrap();
        assert_eq!(
            inner.decode_body::<serde_json::Value>(),
            Some(serde_json::json!({"unexpected": true}))
        );
        let invalid: Error = InvalidArgument::new("name", "too long").into();
        assert_eq!(invalid.to_string(), "invalid argument `name`: too long");
        assert_eq!(invalid.status(), None);
        assert!(invalid.api_error().is_none());
    }
}
