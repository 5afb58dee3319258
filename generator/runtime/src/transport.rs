//! Sending one API call: the [`Request`] that generated operations fill in, percent-encoding of
//! path segments and query values, [`Client::execute`] (auth, default headers, retries, timeouts,
//! tracing, response-size cap), and decoding the [`RawResponse`] into an [`ApiResponse`].

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE,
    PROXY_AUTHORIZATION,
};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tracing::Instrument;

use crate::auth::{is_cookie_octet, Auth};
use crate::client::Client;
use crate::error::{ApiError, DecodeError, Error, Failure, InvalidArgument, RedactedHeaders};
use crate::multipart::Form;
use crate::options::{CallOptions, IDEMPOTENCY_KEY_HEADER};
use crate::sse::EventStream;
use crate::upload::UploadBody;

/// Everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment: everything but RFC 3986 unreserved characters, so `/`,
/// `?`, `#`, `%`, spaces and non-ASCII text stay inside the segment. [`Client::execute`] rejects
/// a path with a `.` or `..` segment (URL normalisation would remove it) or an empty segment
/// before its end; [`path_param`] also rejects a trailing empty one and names the parameter.
pub fn path_segment(value: &impl fmt::Display) -> String {
    encode(&value.to_string())
}

/// Like [`path_segment`], but rejects values that cannot be a path segment (empty, `.`, `..`)
/// with an [`InvalidArgument`] naming the parameter.
pub fn path_param(name: &str, value: &impl fmt::Display) -> Result<String, InvalidArgument> {
    let value = value.to_string();
    if matches!(value.as_str(), "" | "." | "..") {
        return Err(InvalidArgument::new(
            name,
            "must not be empty, `.` or `..` (it is a path segment)",
        ));
    }
    Ok(encode(&value))
}

/// A path parameter in `label` style: `.value`, the values of an array joined by `,`, or by
/// `.` when `explode`d. Each value is percent-encoded; no value at all is an
/// [`InvalidArgument`] naming the parameter.
pub fn label_param(
    name: &str,
    values: &[String],
    explode: bool,
) -> Result<String, InvalidArgument> {
    let encoded = encode_values(name, values)?;
    Ok(format!(
        ".{}",
        encoded.join(if explode { "." } else { "," })
    ))
}

/// A path parameter in `matrix` style: `;name=value`, the values of an array joined by `,`,
/// or each as its own `;name=value` when `explode`d. Each value is percent-encoded; no value
/// at all is an [`InvalidArgument`] naming the parameter.
pub fn matrix_param(
    name: &str,
    values: &[String],
    explode: bool,
) -> Result<String, InvalidArgument> {
    let encoded = encode_values(name, values)?;
    let key = encode(name);
    Ok(if explode {
        encoded
            .iter()
            .map(|value| format!(";{key}={value}"))
            .collect()
    } else {
        format!(";{key}={}", encoded.join(","))
    })
}

fn encode_values(name: &str, values: &[String]) -> Result<Vec<String>, InvalidArgument> {
    if values.is_empty() {
        return Err(InvalidArgument::new(
            name,
            "must have a value (it is part of the path)",
        ));
    }
    Ok(values.iter().map(|value| encode(value)).collect())
}

/// `value` as a JSON value, for a `deepObject` query parameter. A value that does not serialize
/// (a map with non-string keys, a failing `Serialize` impl) is an [`InvalidArgument`], never a
/// silent `null`.
pub fn json_value<T: Serialize + ?Sized>(value: &T) -> Result<serde_json::Value, InvalidArgument> {
    serde_json::to_value(value).map_err(|e| InvalidArgument::new("parameter", e.to_string()))
}

/// `value` as JSON text, for an object sent in a query parameter, header or cookie; see
/// [`json_value`].
pub fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, InvalidArgument> {
    serde_json::to_string(value).map_err(|e| InvalidArgument::new("parameter", e.to_string()))
}

fn encode(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// One API call as built by a generated operation; sent by [`Client::execute`].
pub struct Request {
    method: Method,
    operation: &'static str,
    path: String,
    /// Encoded `name=value` pairs joined by `&`.
    query: String,
    headers: HeaderMap,
    /// `name=value` pairs for the `Cookie` header.
    cookies: Vec<String>,
    /// The body and its `Content-Type`.
    body: Option<(Bytes, Cow<'static, str>)>,
    /// A binary upload (a file or a stream, or bytes) and its `Content-Type`, instead of `body`.
    upload: Option<(UploadBody, &'static str)>,
    /// A multipart form, instead of `body`.
    form: Option<Form>,
    accept: &'static str,
    authenticate: bool,
}

impl Request {
    /// A request for `operation` (the operationId, for tracing) to `path`, which is relative to
    /// the base URL, starts with `/` and has its parameters encoded with [`path_segment`].
    pub fn new(method: Method, operation: &'static str, path: impl Into<String>) -> Self {
        Self {
            method,
            operation,
            path: path.into(),
            query: String::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            upload: None,
            form: None,
            accept: "application/json",
            authenticate: true,
        }
    }

    /// Adds a `form`-style query parameter: `name=value`.
    pub fn query(&mut self, name: &str, value: &impl fmt::Display) {
        self.push_query(&encode(name), &encode(&value.to_string()));
    }

    /// Adds a `form`-style array: `name=a&name=b` when `explode`, else `name=a,b`.
    pub fn query_array<T: fmt::Display>(&mut self, name: &str, values: &[T], explode: bool) {
        let name = encode(name);
        if explode {
            for value in values {
                self.push_query(&name, &encode(&value.to_string()));
            }
        } else if !values.is_empty() {
            let joined: Vec<String> = values.iter().map(|v| encode(&v.to_string())).collect();
            self.push_query(&name, &joined.join(","));
        }
    }

    /// Adds a `deepObject` parameter: `name[key]=value` for each non-null property (nested
    /// objects as `name[a][b]`, arrays repeated).
    pub fn query_deep_object(&mut self, name: &str, value: &serde_json::Value) {
        let mut pairs = Vec::new();
        deep_object_pairs(encode(name), value, &mut pairs);
        for (name, value) in pairs {
            self.push_query(&name, &value);
        }
    }

    fn push_query(&mut self, encoded_name: &str, encoded_value: &str) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query.push_str(encoded_name);
        self.query.push('=');
        self.query.push_str(encoded_value);
    }

    /// Sets a header parameter. A value with CR, LF or other control characters is rejected
    /// with [`Error::InvalidArgument`], and nothing is sent.
    pub fn header(
        &mut self,
        name: &'static str,
        value: &impl fmt::Display,
    ) -> Result<(), InvalidArgument> {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| InvalidArgument::new(name, "is not a valid HTTP header name"))?;
        let value = HeaderValue::from_str(&value.to_string()).map_err(|_| {
            InvalidArgument::new(
                name,
                "contains characters not allowed in an HTTP header (such as CR or LF)",
            )
        })?;
        self.headers.insert(header, value);
        Ok(())
    }

    /// Adds a cookie parameter. A value outside the RFC 6265 cookie characters (`;`, `,`,
    /// whitespace, quotes, control characters) is rejected with [`Error::InvalidArgument`].
    pub fn cookie(
        &mut self,
        name: &'static str,
        value: &impl fmt::Display,
    ) -> Result<(), InvalidArgument> {
        if name.is_empty() || HeaderName::from_bytes(name.as_bytes()).is_err() {
            return Err(InvalidArgument::new(name, "is not a valid cookie name"));
        }
        let value = value.to_string();
        if !value.bytes().all(is_cookie_octet) {
            return Err(InvalidArgument::new(
                name,
                "contains characters not allowed in a cookie",
            ));
        }
        self.cookies.push(format!("{name}={value}"));
        Ok(())
    }

    /// Sets a JSON body (`Content-Type: application/json`).
    pub fn json<B: Serialize + ?Sized>(&mut self, body: &B) -> Result<(), InvalidArgument> {
        let bytes =
            serde_json::to_vec(body).map_err(|e| InvalidArgument::new("body", e.to_string()))?;
        self.body = Some((Bytes::from(bytes), "application/json".into()));
        Ok(())
    }

    /// Sets a JSON body sent as another JSON media type (`application/merge-patch+json`, ...).
    pub fn json_as<B: Serialize + ?Sized>(
        &mut self,
        body: &B,
        content_type: &'static str,
    ) -> Result<(), InvalidArgument> {
        self.json(body)?;
        if let Some((_, sent)) = &mut self.body {
            *sent = content_type.into();
        }
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body from a struct or map: scalars as
    /// `key=value`, arrays repeated, nested objects as JSON text, `null` omitted.
    pub fn form<B: Serialize + ?Sized>(&mut self, body: &B) -> Result<(), InvalidArgument> {
        let value =
            serde_json::to_value(body).map_err(|e| InvalidArgument::new("body", e.to_string()))?;
        let serde_json::Value::Object(map) = value else {
            return Err(InvalidArgument::new(
                "body",
                "a form body must be an object",
            ));
        };
        let mut pairs = Vec::new();
        for (key, value) in &map {
            let key = encode(key);
            let items = match value {
                serde_json::Value::Array(items) => items.as_slice(),
                other => std::slice::from_ref(other),
            };
            for item in items {
                match item {
                    serde_json::Value::Null => {}
                    serde_json::Value::String(s) => pairs.push(format!("{key}={}", encode(s))),
                    other => pairs.push(format!("{key}={}", encode(&other.to_string()))),
                }
            }
        }
        self.body = Some((
            Bytes::from(pairs.join("&")),
            "application/x-www-form-urlencoded".into(),
        ));
        Ok(())
    }

    /// Sets a text body with the given content type.
    pub fn text(&mut self, body: String, content_type: &'static str) {
        self.body = Some((Bytes::from(body), content_type.into()));
    }

    /// Sets a binary body given as bytes, a file or a stream (see [`UploadBody`]).
    pub fn upload(&mut self, body: UploadBody, content_type: &'static str) {
        self.body = None;
        self.upload = Some((body, content_type));
    }

    /// Sets a `multipart/form-data` body built from typed parts.
    pub fn multipart(&mut self, form: Form) {
        self.body = None;
        self.upload = None;
        self.form = Some(form);
    }

    /// Whether a retry can send the request again (its body is not a stream).
    fn replayable(&self) -> bool {
        let upload = !matches!(&self.upload, Some((body, _)) if !body.replayable());
        let form = !matches!(&self.form, Some(form) if !form.replayable());
        upload && form
    }

    /// Sets a body the caller encoded, with the `Content-Type` describing it (a multipart
    /// payload with its boundary). A value that cannot be a header is
    /// [`Error::InvalidArgument`].
    pub fn bytes_with_content_type(
        &mut self,
        body: Bytes,
        content_type: &str,
    ) -> Result<(), InvalidArgument> {
        if HeaderValue::from_str(content_type).is_err() {
            return Err(InvalidArgument::new(
                "content_type",
                "is not a valid header value",
            ));
        }
        self.body = Some((body, content_type.to_owned().into()));
        Ok(())
    }

    /// Sets the `Accept` header (default `application/json`).
    pub fn accept(&mut self, value: &'static str) {
        self.accept = value;
    }

    /// Sends no credentials (the operation declares `security: []`).
    pub fn without_auth(&mut self) {
        self.authenticate = false;
    }

    /// The full URL: base URL, path, query and (for query-placed tokens) the credential.
    fn url(&self, client: &Client) -> Result<Url, InvalidArgument> {
        let inner = &client.inner;
        let mut segments = self.path.split('/').skip(1).peekable();
        while let Some(segment) = segments.next() {
            let decoded = percent_decode_str(segment).decode_utf8_lossy();
            if matches!(&*decoded, "." | "..") || (decoded.is_empty() && segments.peek().is_some())
            {
                return Err(InvalidArgument::new(
                    "path",
                    format!("`{}` has an empty, `.` or `..` segment", self.path),
                ));
            }
        }
        let mut url =
            String::with_capacity(inner.base_url.len() + self.path.len() + self.query.len() + 2);
        url.push_str(&inner.base_url);
        if !self.path.starts_with('/') {
            url.push('/');
        }
        url.push_str(&self.path);
        let mut query = self.query.clone();
        if let (true, Auth::Query(name, token)) = (self.authenticate, &inner.auth) {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(&format!(
                "{}={}",
                encode(name),
                encode(token.expose_secret())
            ));
        }
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        Url::parse(&url)
            .map_err(|e| InvalidArgument::new("path", format!("does not form a valid URL: {e}")))
    }

    /// One attempt to send: a fresh `reqwest::Request` (the body is cheaply shared `Bytes`, a
    /// file opened again, or the stream, which only the first attempt gets).
    async fn attempt(
        &self,
        url: &Url,
        headers: &HeaderMap,
        timeout: Duration,
    ) -> Result<reqwest::Request, InvalidArgument> {
        let mut attempt = reqwest::Request::new(self.method.clone(), url.clone());
        *attempt.headers_mut() = headers.clone();
        *attempt.timeout_mut() = Some(timeout);
        if let Some((body, _)) = &self.body {
            *attempt.body_mut() = Some(body.clone().into());
        } else if let Some((upload, _)) = &self.upload {
            *attempt.body_mut() = Some(upload.for_attempt().await?);
        } else if let Some(form) = &self.form {
            let form = form.for_attempt().await?;
            let content_type = format!("multipart/form-data; boundary={}", form.boundary());
            let content_type = HeaderValue::from_str(&content_type)
                .map_err(|_| InvalidArgument::new("Content-Type", "is not a valid header value"))?;
            attempt.headers_mut().insert(CONTENT_TYPE, content_type);
            *attempt.body_mut() = Some(reqwest::Body::wrap_stream(form.into_stream()));
        }
        Ok(attempt)
    }

    /// The headers of every attempt: default headers, user agent, accept, content type,
    /// parameters, then credentials (marked sensitive).
    fn headers(&self, client: &Client) -> Result<HeaderMap, InvalidArgument> {
        let inner = &client.inner;
        let mut headers = inner.default_headers.clone();
        let accept = HeaderValue::from_str(self.accept)
            .map_err(|_| InvalidArgument::new("Accept", "is not a valid header value"))?;
        headers.insert(ACCEPT, accept);
        let content_type = match (&self.body, &self.upload) {
            (Some((_, content_type)), _) => Some(content_type.as_ref()),
            (None, Some((_, content_type))) => Some(*content_type),
            (None, None) => None,
        };
        if let Some(content_type) = content_type {
            let content_type = HeaderValue::from_str(content_type)
                .map_err(|_| InvalidArgument::new("Content-Type", "is not a valid header value"))?;
            headers.insert(CONTENT_TYPE, content_type);
        }
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
        let mut cookies = self.cookies.clone();
        let mut secret_cookie = false;
        if self.authenticate {
            match &inner.auth {
                Auth::Header(name, value) => {
                    headers.insert(name.clone(), value.clone());
                }
                Auth::Cookie(name, token) => {
                    cookies.push(format!("{name}={}", token.expose_secret()));
                    secret_cookie = true;
                }
                Auth::Query(..) | Auth::None => {}
            }
        }
        if !cookies.is_empty() {
            let mut value = HeaderValue::from_str(&cookies.join("; "))
                .map_err(|_| InvalidArgument::new("Cookie", "is not a valid header value"))?;
            value.set_sensitive(secret_cookie);
            headers.insert(COOKIE, value);
        }
        Ok(headers)
    }
}

/// Flattens a `deepObject` value into encoded `(name, value)` pairs.
fn deep_object_pairs(name: String, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                deep_object_pairs(format!("{name}[{}]", encode(key)), value, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                deep_object_pairs(name.clone(), item, out);
            }
        }
        serde_json::Value::String(s) => out.push((name, encode(s))),
        other => out.push((name, encode(&other.to_string()))),
    }
}

impl Client {
    /// Sends `request` with credentials, default headers and user agent; retries per the
    /// [`RetryPolicy`](crate::retry::RetryPolicy); applies the timeout to each attempt; caps the
    /// body at `max_response_bytes`; traces every attempt. A non-success status after the last
    /// attempt is [`Error::Api`], its body decoded by `errors` when it parses.
    pub async fn execute<M: fmt::Debug + 'static>(
        &self,
        request: Request,
        errors: ErrorDecoder<M>,
    ) -> Result<RawResponse, Error<M>> {
        // Only this thin layer is generic (compiled in each generated crate); the request
        // itself is sent by code compiled once, here.
        self.send(request)
            .await
            .map_err(|unsent| unsent.into_error(errors))
    }

    /// Like [`execute`](Self::execute), but a success body is not read: it is handed out as
    /// a [`ByteStream`] of its chunks as they arrive, so it is never held whole in memory
    /// and `max_response_bytes` does not apply to it. The timeout still covers each attempt
    /// until the body ends (raise it for a long download with
    /// [`CallOptions::timeout`](crate::CallOptions::timeout)). Error responses are read and
    /// capped as usual.
    pub async fn execute_stream<M: fmt::Debug + Send + 'static>(
        &self,
        request: Request,
        errors: ErrorDecoder<M>,
    ) -> Result<ApiResponse<ByteStream<M>>, Error<M>> {
        let span = request_span(&request);
        let received = self
            .send_traced(request)
            .instrument(span.clone())
            .await
            .map_err(|unsent| unsent.into_error(errors))?;
        let Received {
            status,
            headers,
            request_id,
            response,
            ..
        } = received;
        Ok(ApiResponse {
            status,
            headers,
            data: ByteStream::new(response, span),
            request_id,
        })
    }

    /// Like [`execute_stream`](Self::execute_stream), for a `text/event-stream` response: its
    /// events as they arrive, their data decoded as JSON of type `T`. Each event is capped at
    /// `max_response_bytes`.
    pub async fn execute_events<T, M>(
        &self,
        request: Request,
        errors: ErrorDecoder<M>,
    ) -> Result<ApiResponse<EventStream<T, M>>, Error<M>>
    where
        T: DeserializeOwned,
        M: fmt::Debug + Send + 'static,
    {
        let limit = self.inner.max_response_bytes;
        let response = self.execute_stream(request, errors).await?;
        let status = response.status;
        Ok(response.map(|bytes| EventStream::json(bytes, status, limit)))
    }

    /// Like [`execute_events`](Self::execute_events), with the events' data as text.
    pub async fn execute_text_events<M>(
        &self,
        request: Request,
        errors: ErrorDecoder<M>,
    ) -> Result<ApiResponse<EventStream<String, M>>, Error<M>>
    where
        M: fmt::Debug + Send + 'static,
    {
        let limit = self.inner.max_response_bytes;
        let response = self.execute_stream(request, errors).await?;
        let status = response.status;
        Ok(response.map(|bytes| EventStream::text(bytes, status, limit)))
    }

    /// [`execute`](Self::execute) without decoding an error response.
    async fn send(&self, request: Request) -> Result<RawResponse, Unsent> {
        let span = request_span(&request);
        async {
            let limit = self.inner.max_response_bytes;
            let received = self.send_traced(request).await?;
            received.read(limit).await.map_err(Unsent::from)
        }
        .instrument(span)
        .await
    }

    /// Sends `request` until a success response or the last attempt; reads the body of an
    /// error response, not of a success.
    async fn send_traced(&self, request: Request) -> Result<Received, Unsent> {
        let inner = &self.inner;
        let call = self.call.as_deref();
        let url = request.url(self).map_err(Failure::from)?;
        let mut headers = request.headers(self).map_err(Failure::from)?;
        if let Some(call) = call {
            call_headers(call, &mut headers).map_err(Failure::from)?;
        }
        let policy = call.and_then(|c| c.retry.as_ref()).unwrap_or(&inner.retry);
        let timeout = call.and_then(|c| c.timeout).unwrap_or(inner.timeout);
        let keyed = call.is_some_and(|c| c.idempotency_key.is_some());
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            let attempt_started = Instant::now();
            let retries_left = attempt < policy.attempts() && request.replayable();
            let sent = request
                .attempt(&url, &headers, timeout)
                .await
                .map_err(Failure::from)?;
            match inner.http.execute(sent).await {
                Ok(mut response) => {
                    let status = response.status();
                    let request_id = request_id(response.headers(), &inner.request_id_headers);
                    if let Some(id) = &request_id {
                        tracing::Span::current().record("request_id", id.as_str());
                    }
                    tracing::debug!(
                        attempt,
                        status = status.as_u16(),
                        elapsed = ?attempt_started.elapsed(),
                        "response"
                    );
                    if retries_left && policy.retries_status(&request.method, status, keyed) {
                        let delay = policy.delay(attempt, Some(response.headers()));
                        tracing::info!(attempt, status = status.as_u16(), ?delay, "retrying");
                        drop(response);
                        tokio::time::sleep(delay).await;
                        attempt += 1;
                        continue;
                    }
                    let headers = std::mem::take(response.headers_mut());
                    let received = Received {
                        status,
                        headers,
                        request_id,
                        response,
                        method: request.method.clone(),
                        attempts: attempt,
                        started,
                    };
                    if status.is_success() {
                        return Ok(received);
                    }
                    let limit = inner.max_response_bytes;
                    return Err(Unsent::Status(received.read(limit).await?));
                }
                Err(error) => {
                    let error = error.without_url();
                    if retries_left
                        && error.is_connect()
                        && policy.retries_connect_error(&request.method, keyed)
                    {
                        let delay = policy.delay(attempt, None);
                        tracing::info!(attempt, %error, ?delay, "retrying a failed connection");
                        tokio::time::sleep(delay).await;
                        attempt += 1;
                        continue;
                    }
                    let error = Failure::from_reqwest(error);
                    tracing::debug!(
                        attempts = attempt,
                        %error,
                        elapsed = ?started.elapsed(),
                        "failed"
                    );
                    return Err(error.into());
                }
            }
        }
    }
}

/// Adds the headers of `call` (its extra headers, then its idempotency key) to `headers`.
fn call_headers(call: &CallOptions, headers: &mut HeaderMap) -> Result<(), InvalidArgument> {
    let key = call
        .idempotency_key
        .as_deref()
        .map(|key| (IDEMPOTENCY_KEY_HEADER, key));
    let extra = call.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    for (name, value) in extra.chain(key) {
        // Debug-escaped: a name with a line break must not forge a log line.
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| InvalidArgument::new("header", format!("{name:?} is not a valid name")))?;
        let mut value = HeaderValue::from_str(value)
            .map_err(|_| InvalidArgument::new(header.as_str(), "is not a valid header value"))?;
        if [AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE].contains(&header) {
            value.set_sensitive(true);
        }
        headers.insert(header, value);
    }
    Ok(())
}

/// The first of `names` that `headers` has as visible text (a server's id of the request).
fn request_id(headers: &HeaderMap, names: &[HeaderName]) -> Option<String> {
    names.iter().find_map(|name| {
        let value = headers.get(name)?.to_str().ok()?.trim();
        // Bounded, so that a hostile server cannot flood errors and logs.
        (!value.is_empty()).then(|| value.chars().take(128).collect())
    })
}

/// The span every event of one call is in.
fn request_span(request: &Request) -> tracing::Span {
    tracing::info_span!(
        "api_request",
        operation = request.operation,
        method = %request.method,
        path = %request.path,
        request_id = tracing::field::Empty,
    )
}

/// The response of the last attempt, its body not read yet.
struct Received {
    status: StatusCode,
    headers: HeaderMap,
    request_id: Option<String>,
    response: reqwest::Response,
    method: Method,
    attempts: u32,
    started: Instant,
}

impl Received {
    /// Reads the body, capped at `limit`, and traces the end of the call.
    async fn read(self, limit: usize) -> Result<RawResponse, Failure> {
        let attempts = self.attempts;
        let body = read_body(self.response, &self.method, limit)
            .await
            .inspect_err(|error| {
                tracing::debug!(attempts, %error, "reading the body failed");
            })?;
        tracing::debug!(
            attempts,
            status = self.status.as_u16(),
            bytes = body.len(),
            elapsed = ?self.started.elapsed(),
            "finished"
        );
        Ok(RawResponse {
            status: self.status,
            headers: self.headers,
            body,
            request_id: self.request_id,
        })
    }
}

/// A response body handed out as its chunks arrive (see [`Client::execute_stream`]): a
/// `Stream` of `Bytes`, ending after the last chunk. A connection that breaks or times out
/// mid-body yields one error and ends the stream; polling after the end yields `None`.
pub struct ByteStream<M: fmt::Debug + 'static> {
    chunks: futures::stream::BoxStream<'static, Result<Bytes, Error<M>>>,
}

impl<M: fmt::Debug + Send + 'static> ByteStream<M> {
    fn new(response: reqwest::Response, span: tracing::Span) -> Self {
        let chunks = futures::stream::unfold(Some((response, 0usize)), move |state| {
            let span = span.clone();
            async move {
                let (mut response, read) = state?;
                match response.chunk().instrument(span.clone()).await {
                    Ok(Some(chunk)) => {
                        let read = read + chunk.len();
                        Some((Ok(chunk), Some((response, read))))
                    }
                    Ok(None) => {
                        span.in_scope(|| tracing::debug!(bytes = read, "stream finished"));
                        None
                    }
                    Err(error) => {
                        let failure = Failure::from_reqwest(error);
                        span.in_scope(|| tracing::debug!(bytes = read, %failure, "stream failed"));
                        Some((Err(failure.into()), None))
                    }
                }
            }
        });
        // Fused: polling again after the end keeps answering `None`.
        Self {
            chunks: Box::pin(futures::StreamExt::fuse(chunks)),
        }
    }
}

impl<M: fmt::Debug + 'static> futures::Stream for ByteStream<M> {
    type Item = Result<Bytes, Error<M>>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}

impl<M: fmt::Debug + 'static> fmt::Debug for ByteStream<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}

/// Why [`Client::send`] returns no success response.
enum Unsent {
    /// Nothing usable came back.
    Failure(Failure),
    /// A non-success status after the last attempt, with its body read.
    Status(RawResponse),
}

impl From<Failure> for Unsent {
    fn from(failure: Failure) -> Self {
        Self::Failure(failure)
    }
}

impl Unsent {
    /// The error the caller sees: the failure, or the status with its body decoded by
    /// `errors`, the operation's rule.
    fn into_error<M: fmt::Debug + 'static>(self, errors: ErrorDecoder<M>) -> Error<M> {
        match self {
            Unsent::Failure(failure) => failure.into(),
            Unsent::Status(response) => {
                let model = errors(response.status, &response.body);
                Error::Api(Box::new(ApiError {
                    status: response.status,
                    headers: response.headers,
                    body: response.body,
                    model,
                    request_id: response.request_id,
                }))
            }
        }
    }
}

/// How an operation decodes the body of a non-success response into the error model `M`:
/// from the status the operation's document declares for it; `None` when the body does not
/// parse as that schema (the raw body stays in [`ApiError::body`]).
pub type ErrorDecoder<M> = fn(StatusCode, &[u8]) -> Option<M>;

/// The [`ErrorDecoder`] of an API whose error responses all carry one schema, `M`: the body
/// as JSON of it, whatever the status.
pub fn json_error_model<M: DeserializeOwned>(_status: StatusCode, body: &[u8]) -> Option<M> {
    serde_json::from_slice(body).ok()
}

/// Reads the whole body, failing with [`Error::ResponseTooLarge`] as soon as it exceeds `limit`.
async fn read_body(
    mut response: reqwest::Response,
    method: &Method,
    limit: usize,
) -> Result<Bytes, Failure> {
    let too_large = || Failure::ResponseTooLarge { limit };
    let announced = if *method == Method::HEAD {
        None
    } else {
        response.content_length()
    };
    if announced.is_some_and(|len| len > limit as u64) {
        return Err(too_large());
    }
    // Trust the announced length only so far: a liar must not make us allocate the whole cap.
    let capacity = announced.map_or(0, |len| {
        usize::try_from(len)
            .unwrap_or(limit)
            .min(limit)
            .min(1 << 20)
    });
    let mut body = BytesMut::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await.map_err(Failure::from_reqwest)? {
        if chunk.len() > limit - body.len() {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
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
    fn label_and_matrix_styles() {
        let one = vec!["a b".to_string()];
        let two = vec!["x".to_string(), "y".to_string()];
        assert_eq!(label_param("p", &one, false).unwrap(), ".a%20b");
        assert_eq!(label_param("p", &two, false).unwrap(), ".x,y");
        assert_eq!(label_param("p", &two, true).unwrap(), ".x.y");
        assert_eq!(matrix_param("p", &one, false).unwrap(), ";p=a%20b");
        assert_eq!(matrix_param("p", &two, false).unwrap(), ";p=x,y");
        assert_eq!(matrix_param("p", &two, true).unwrap(), ";p=x;p=y");
        assert!(label_param("p", &[], false).is_err());
        assert!(matrix_param("p", &[], true).is_err());
    }

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

    #[test]
    fn path_segment_encodes_everything_but_unreserved() {
        assert_eq!(path_segment(&"a-b._~Z9"), "a-b._~Z9");
        assert_eq!(path_segment(&"a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(path_segment(&"ü+&=;"), "%C3%BC%2B%26%3D%3B");
    }

    #[test]
    fn query_styles() {
        let mut request = Request::new(Method::GET, "op", "/x");
        request.query("q", &"a b&c");
        request.query_array("ids", &[1, 2], true);
        request.query_array("tags", &["x,y", "z"], false);
        request.query_array("empty", &[] as &[u8], false);
        request.query_deep_object(
            "filter",
            &serde_json::json!({"name": "n", "a": {"b": true}, "skip": null}),
        );
        assert_eq!(
            request.query,
            "q=a%20b%26c&ids=1&ids=2&tags=x%2Cy,z&filter[a][b]=true&filter[name]=n"
        );
    }

    #[test]
    fn form_body_flattens_scalars_and_arrays() {
        let mut request = Request::new(Method::POST, "op", "/x");
        let body =
            serde_json::json!({"a": "x y", "b": [1, 2], "c": null, "d": {"e": 1}, "f": true});
        request.form(&body).unwrap();
        let (bytes, content_type) = request.body.unwrap();
        assert_eq!(content_type, "application/x-www-form-urlencoded");
        assert_eq!(bytes, "a=x%20y&b=1&b=2&d=%7B%22e%22%3A1%7D&f=true");
        assert!(Request::new(Method::POST, "op", "/x")
            .form(&[1, 2])
            .is_err());
    }

    #[test]
    fn bodies_carry_their_content_type() {
        let mut request = Request::new(Method::PATCH, "op", "/x");
        request
            .json_as(
                &serde_json::json!({"a": null}),
                "application/merge-patch+json",
            )
            .unwrap();
        let (bytes, content_type) = request.body.take().unwrap();
        assert_eq!(
            (&bytes[..], &*content_type),
            (&b"{\"a\":null}"[..], "application/merge-patch+json")
        );
        let payload = Bytes::from_static(b"--b\r\n\r\n--b--");
        request
            .bytes_with_content_type(payload.clone(), "multipart/form-data; boundary=b")
            .unwrap();
        let (bytes, content_type) = request.body.take().unwrap();
        assert_eq!(
            (bytes, &*content_type),
            (payload, "multipart/form-data; boundary=b")
        );
        assert!(request
            .bytes_with_content_type(Bytes::new(), "multipart/form-data\r\nX: 1")
            .is_err());
    }

    #[test]
    fn header_values_with_line_breaks_are_rejected() {
        let mut request = Request::new(Method::GET, "op", "/x");
        assert!(request.header("X-Id", &"ok value").is_ok());
        for bad in ["a\r\nX-Evil: 1", "a\nb", "a\rb", "a\0b"] {
            let error = request.header("X-Id", &bad).unwrap_err();
            assert!(matches!(error, InvalidArgument { ref name, .. } if name == "X-Id"));
        }
        assert!(request.cookie("s", &"a;b").is_err());
        assert!(request.cookie("s", &"a b").is_err());
        assert!(request.cookie("s", &"abc-123").is_ok());
        assert_eq!(request.headers.len(), 1);
        assert_eq!(request.cookies, ["s=abc-123"]);
    }
}
