//! What comes back: the [`RawResponse`] of a successful call, decoded into an [`ApiResponse`]
//! (JSON, text, bytes or nothing), and the [`ErrorDecoder`] an operation turns the body of a
//! non-success response into its error model with.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::{DecodeError, Error, RedactedHeaders};

/// How an operation decodes the body of a non-success response into the error model `M`:
/// from the status the operation's document declares for it; `None` when the body does not
/// parse as that schema (the raw body stays in [`ApiError::body`](crate::ApiError::body)).
pub type ErrorDecoder<M> = fn(StatusCode, &[u8]) -> Option<M>;

/// The [`ErrorDecoder`] of an API whose error responses all carry one schema, `M`: the body
/// as JSON of it, whatever the status.
pub fn json_error_model<M: DeserializeOwned>(_status: StatusCode, body: &[u8]) -> Option<M> {
    serde_json::from_slice(body).ok()
}

/// A redirect an operation documents as one of its outcomes (a `302` to a download, a `303`
/// to what a call created): where it points. The client returns it instead of following it.
/// (In a browser, `fetch` follows redirects itself, so a wasm client sees where they lead.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The status: `301`, `302`, `303`, `307`, `308` or another the operation declares.
    pub status: StatusCode,
    /// The `Location` header as the server sent it (it may be relative to the request's URL);
    /// `None` when it is missing or not text.
    pub location: Option<String>,
}

/// A success response with its body read, not yet decoded.
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// The server's id of the request, from the client's request-id headers.
    request_id: Option<String>,
}

impl RawResponse {
    pub(crate) fn new(
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        request_id: Option<String>,
    ) -> Self {
        Self {
            status,
            headers,
            body,
            request_id,
        }
    }

    /// The body as read.
    pub(crate) fn body(&self) -> &[u8] {
        &self.body
    }

    /// Status, headers, body and request id.
    pub(crate) fn into_parts(self) -> (StatusCode, HeaderMap, Bytes, Option<String>) {
        (self.status, self.headers, self.body, self.request_id)
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Decodes the body as JSON. Failures (including an empty body) are [`Error::Decode`] with
    /// the path of the offending value.
    pub fn json<T: DeserializeOwned, M: fmt::Debug + 'static>(
        self,
    ) -> Result<ApiResponse<T>, Error<M>> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            let empty = self.decode_error(String::new(), "the body is empty, expected JSON".into());
            return Err(Error::Decode(empty));
        }
        // Path tracking costs a third of the decoding time, so only a body that failed to
        // decode is read a second time, with it, to say where the problem is.
        match serde_json::from_slice(&self.body) {
            Ok(data) => Ok(self.with_data(data)),
            Err(error) => Err(Error::Decode(self.locate_decode_error(&error))),
        }
    }

    /// The [`Error::Decode`] for a body that `serde_json` rejected with `error`, with the JSON
    /// path of the offending value, found from the error's position (not generic, so no
    /// response type is decoded twice; see [`crate::json_path`]).
    fn locate_decode_error(&self, error: &serde_json::Error) -> Box<DecodeError> {
        let position = format!(" at line {} column {}", error.line(), error.column());
        let text = error.to_string();
        let message = text.strip_suffix(&position).unwrap_or(&text).to_string();
        // After a complete document there is no value to name.
        let path = if message.starts_with("trailing characters") {
            String::new()
        } else {
            let offset = crate::json_path::offset_of(&self.body, error.line(), error.column());
            crate::json_path::path_at(&self.body, offset)
        };
        self.decode_error(path, message)
    }

    /// The body as UTF-8 text; invalid UTF-8 is [`Error::Decode`].
    pub fn text<M: fmt::Debug + 'static>(self) -> Result<ApiResponse<String>, Error<M>> {
        match String::from_utf8(self.body.to_vec()) {
            Ok(text) => Ok(self.with_data(text)),
            Err(e) => Err(Error::Decode(
                self.decode_error(String::new(), e.to_string()),
            )),
        }
    }

    /// The raw body.
    pub fn bytes(self) -> ApiResponse<Bytes> {
        let Self {
            status,
            headers,
            body,
            request_id,
        } = self;
        ApiResponse {
            status,
            headers,
            data: body,
            request_id,
        }
    }

    /// Ignores the body.
    pub fn empty(self) -> ApiResponse<()> {
        self.with_data(())
    }

    /// A redirect the operation documents as an outcome: its status and `Location`.
    pub fn redirect(self) -> ApiResponse<Redirect> {
        let location = self
            .headers
            .get(reqwest::header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let status = self.status;
        self.with_data(Redirect { status, location })
    }

    fn with_data<T>(self, data: T) -> ApiResponse<T> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            data,
            request_id: self.request_id,
        }
    }

    fn decode_error(&self, path: String, message: String) -> Box<DecodeError> {
        Box::new(DecodeError {
            status: self.status,
            path,
            message: without_quoted_strings(&message),
            body: self.body.clone(),
            request_id: self.request_id.clone(),
        })
    }
}

/// A serde message with the string values it quotes (`invalid type: string "..."`) left out: a
/// success body can carry credentials, and a password in an unexpected place must not end up
/// in an error message.
fn without_quoted_strings(message: &str) -> String {
    const QUOTED: &str = "string \"";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find(QUOTED) {
        out.push_str(&rest[..start]);
        out.push_str("a string");
        let value = &rest[start + QUOTED.len()..];
        // The value is `Debug`-escaped: it ends at the first quote not escaped by a backslash.
        let mut escaped = false;
        let end = value.char_indices().find_map(|(i, c)| {
            let closing = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            closing.then_some(i + 1)
        });
        rest = end.map_or("", |end| &value[end..]);
    }
    out.push_str(rest);
    out
}

/// A decoded response with its HTTP status and headers, as returned by the
/// `*_with_http_info` methods.
#[derive(Clone)]
pub struct ApiResponse<T> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub data: T,
    /// The server's id of the request, read from the client's request-id headers.
    pub request_id: Option<String>,
}

impl<T> ApiResponse<T> {
    /// The decoded body, dropping status and headers.
    pub fn into_data(self) -> T {
        self.data
    }

    /// A response header as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// Converts the data, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            data: f(self.data),
            request_id: self.request_id,
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for ApiResponse<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("data", &self.data)
            .field("request_id", &self.request_id)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_messages_leave_out_string_values() {
        let error = serde_json::from_str::<u8>(r#""s3cr\"et\\""#).unwrap_err();
        assert_eq!(
            without_quoted_strings(&error.to_string()),
            "invalid type: a string, expected u8 at line 1 column 12"
        );
        assert_eq!(
            without_quoted_strings(r#"a string "x" and string "y\"z", b"#),
            "a a string and a string, b"
        );
        assert_eq!(without_quoted_strings(r#"string "open"#), "a string");
        assert_eq!(
            without_quoted_strings("missing field `id`"),
            "missing field `id`"
        );
    }
}
