//! The one error type of the client: [`Error`], with [`ApiError`] for non-success HTTP statuses
//! and [`DecodeError`] for response bodies that do not match the expected schema.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::config::ErrorModel;

/// Everything that can go wrong when calling the API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or the response could not be read (DNS, connect, TLS,
    /// connection reset, redirect refused, ...). The URL is stripped from the inner error.
    #[error("HTTP transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// The request (connect, send and read the body) exceeded the configured timeout.
    #[error("request timed out")]
    Timeout(#[source] reqwest::Error),
    /// The server answered with a non-success status (after any retries).
    #[error(transparent)]
    Api(Box<ApiError>),
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
}

impl Error {
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
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Builds [`Error::InvalidArgument`].
    pub(crate) fn invalid_argument(name: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::InvalidArgument {
            name: name.into(),
            reason: reason.into(),
        }
    }

    /// Classifies a reqwest error, dropping the URL (it may carry query values or a token).
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        let error = error.without_url();
        if error.is_timeout() {
            Self::Timeout(error)
        } else {
            Self::Transport(error)
        }
    }
}

/// A non-success HTTP response.
#[derive(Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw response body.
    pub body: Bytes,
    /// The body decoded as the API's error schema, when it parses as one.
    pub model: Option<ErrorModel>,
}

impl ApiError {
    /// Builds the error, decoding the body as [`ErrorModel`] when it parses.
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        let model = serde_json::from_slice(&body).ok();
        Self {
            status,
            headers,
            body,
            model,
        }
    }

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

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server returned HTTP {}", self.status)?;
        if !self.body.is_empty() {
            write!(f, ": {}", BodyPreview(&self.body))?;
        }
        Ok(())
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &format_args!("{}", BodyPreview(&self.body)))
            .field("model", &self.model)
            .finish()
    }
}

impl std::error::Error for ApiError {}

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
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot decode the HTTP {} response body", self.status)?;
        if !self.path.is_empty() && self.path != "." {
            write!(f, " at `{}`", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
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
        assert_send_sync::<crate::client::Client>();
        assert!(std::mem::size_of::<Error>() <= 64);
    }

    #[test]
    fn helpers_classify_errors() {
        let api = Error::Api(Box::new(ApiError::new(
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
        let invalid = Error::invalid_argument("name", "too long");
        assert_eq!(invalid.to_string(), "invalid argument `name`: too long");
        assert_eq!(invalid.status(), None);
        assert!(invalid.api_error().is_none());
    }
}
