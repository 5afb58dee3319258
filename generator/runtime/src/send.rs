//! Sending one API call: credentials, default headers and per-call options, the hooks, the
//! retry loop with its timeouts, one more attempt with renewed tokens after a `401`, the
//! response-size cap, and a tracing span with OpenTelemetry's HTTP fields.

use std::borrow::Cow;
use std::fmt;

use bytes::{Bytes, BytesMut};
use futures::StreamExt;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, COOKIE, LOCATION, PROXY_AUTHORIZATION,
};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::body::ByteStream;
use crate::client::Client;
use crate::client::MAX_REDIRECTS;
use crate::compat::{sleep, Instant};
use crate::error::{ApiError, Error, Failure, InvalidArgument};
use crate::hooks::{Attempt, Received as HookReceived};
use crate::options::{CallOptions, IDEMPOTENCY_KEY_HEADER};
use crate::request::{Request, Target};
use crate::response::{ErrorDecoder, RawResponse};
use crate::sse::EventStream;
use crate::ApiResponse;

impl Client {
    /// Sends `request` with its operation's credentials, the default headers and user agent;
    /// runs the hooks around every attempt; retries per the
    /// [`RetryPolicy`](crate::RetryPolicy); applies the timeout to each attempt; caps the body
    /// at `max_response_bytes`; traces the call. A non-success status after the last attempt
    /// is [`Error::Api`], its body decoded by `errors` when it parses.
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
        let span = call_span(&request);
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
        let span = call_span(&request);
        async {
            let limit = self.inner.max_response_bytes;
            let received = self.send_traced(request).await?;
            received.read(limit).await.map_err(Unsent::from)
        }
        .instrument(span)
        .await
    }

    /// Sends `request` until a success response or the last attempt; reads the body of an
    /// error response, not of a success. A `401` to tokens the client obtained (OAuth 2, a
    /// provider) sends the request once more with new ones.
    async fn send_traced(&self, request: Request) -> Result<Received, Unsent> {
        let inner = &self.inner;
        let mut refused = Vec::new();
        // Where the last redirect followed leads, and how many were followed.
        let mut target: Option<Target> = None;
        let mut redirects = 0;
        loop {
            let applied = inner
                .credentials
                .apply(request.operation, request.security, &*inner.http, &refused)
                .await?;
            let url = match &target {
                Some(target) => target.url.clone(),
                None => request
                    .url(&self.server_of(&request), &applied)
                    .map_err(Failure::from)?,
            };
            record_url(&url);
            let mut headers = request
                .headers(&inner.default_headers, &applied)
                .map_err(Failure::from)?;
            if let Some(call) = self.call.as_deref() {
                call_headers(call, &mut headers).map_err(Failure::from)?;
            }
            let received = self
                .attempts(&request, &url, &headers, target.as_ref())
                .await?;
            if received.status.is_redirection()
                && !request.keep_redirects
                && redirects < MAX_REDIRECTS
            {
                let method = target.as_ref().map_or(&request.method, |t| &t.method);
                let next = Target::of(
                    received.status,
                    received.headers.get(LOCATION),
                    &url,
                    method,
                )
                .filter(|next| !next.body || request.replayable());
                if let Some(next) = next {
                    tracing::debug!(status = received.status.as_u16(), "following a redirect");
                    redirects += 1;
                    target = Some(next);
                    continue;
                }
            }
            let renew = received.status == StatusCode::UNAUTHORIZED
                && refused.is_empty()
                && !applied.renewable.is_empty()
                && request.replayable();
            if !renew {
                return received
                    .finish(inner.max_response_bytes, request.keep_redirects)
                    .await;
            }
            tracing::info!("the server refused the token; renewing it once");
            refused = applied.renewable;
        }
    }

    /// The base URL of `request`: its operation's own server unless the client sends
    /// everything to its base URL. A server that is a path is a path on the base URL's host.
    fn server_of(&self, request: &Request) -> Cow<'_, str> {
        let base = self.inner.base_url.as_str();
        match request.server {
            Some(server) if self.inner.operation_servers => {
                let server = server.trim_end_matches('/');
                if server.is_empty() || server.starts_with('/') {
                    let origin = Url::parse(base).map(|url| url.origin().ascii_serialization());
                    Cow::Owned(format!("{}{server}", origin.as_deref().unwrap_or(base)))
                } else {
                    Cow::Borrowed(server)
                }
            }
            _ => Cow::Borrowed(base),
        }
    }

    /// The attempts of one request, as the retry policy says, with the hooks around each.
    /// Returns the last response (its body not read) or what failed.
    async fn attempts(
        &self,
        request: &Request,
        url: &Url,
        headers: &HeaderMap,
        target: Option<&Target>,
    ) -> Result<Received, Unsent> {
        let inner = &self.inner;
        let call = self.call.as_deref();
        let policy = call.and_then(|c| c.retry.as_ref()).unwrap_or(&inner.retry);
        let timeout = call.and_then(|c| c.timeout).unwrap_or(inner.timeout);
        let keyed = call.is_some_and(|c| c.idempotency_key.is_some());
        let method = target.map_or(&request.method, |t| &t.method);
        let started = Instant::now();
        let mut number = 1;
        loop {
            let attempt_started = Instant::now();
            let retries_left = number < policy.attempts() && request.replayable();
            let mut sent = request
                .attempt(url, headers, timeout, target)
                .await
                .map_err(Failure::from)?;
            let attempt = Attempt {
                operation: request.operation,
                number,
            };
            for hook in &inner.hooks {
                hook.before_send(&attempt, &mut sent)
                    .map_err(|error| Failure::Hook(error.to_string()))?;
            }
            match inner.http.send(sent).await {
                Ok(response) => {
                    let status = response.status();
                    let elapsed = attempt_started.elapsed();
                    for hook in &inner.hooks {
                        let received = HookReceived::Response {
                            status,
                            headers: response.headers(),
                            elapsed,
                        };
                        hook.after_receive(&attempt, received);
                    }
                    let request_id = request_id(response.headers(), &inner.request_id_headers);
                    let span = tracing::Span::current();
                    if let Some(id) = &request_id {
                        span.record("request_id", id.as_str());
                    }
                    span.record("http.response.status_code", status.as_u16());
                    tracing::debug!(
                        attempt = number,
                        status = status.as_u16(),
                        ?elapsed,
                        "response"
                    );
                    if retries_left && policy.retries_status(method, status, keyed) {
                        let delay = policy.delay(number, Some(response.headers()));
                        tracing::info!(
                            attempt = number,
                            status = status.as_u16(),
                            ?delay,
                            "retrying"
                        );
                        drop(response);
                        sleep(delay).await;
                        number += 1;
                        continue;
                    }
                    if !status.is_success() {
                        span.record("error.type", status.as_str());
                    }
                    let mut response = response;
                    let headers = std::mem::take(response.headers_mut());
                    return Ok(Received {
                        status,
                        headers,
                        request_id,
                        response,
                        method: method.clone(),
                        attempts: number,
                        started,
                    });
                }
                Err(error) => {
                    let elapsed = attempt_started.elapsed();
                    for hook in &inner.hooks {
                        hook.after_receive(&attempt, HookReceived::Failed { elapsed });
                    }
                    if retries_left
                        && error.is_connect()
                        && policy.retries_connect_error(method, keyed)
                    {
                        let delay = policy.delay(number, None);
                        tracing::info!(attempt = number, %error, ?delay, "retrying a failed connection");
                        sleep(delay).await;
                        number += 1;
                        continue;
                    }
                    let failure = Failure::from_transport(error);
                    tracing::Span::current().record("error.type", failure.kind());
                    tracing::debug!(
                        attempts = number,
                        error = %failure,
                        elapsed = ?started.elapsed(),
                        "failed"
                    );
                    return Err(failure.into());
                }
            }
        }
    }
}

/// Records the call's URL (without its query, which may carry credentials and user data) and
/// server on its span.
fn record_url(url: &Url) {
    let span = tracing::Span::current();
    let mut shown = url.clone();
    shown.set_query(None);
    span.record("url.full", shown.as_str());
    if let Some(host) = url.host_str() {
        span.record("server.address", host);
    }
    if let Some(port) = url.port_or_known_default() {
        span.record("server.port", port);
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

/// The span every event of one call is in: named `api_request`, with the operation as its
/// OpenTelemetry name and the fields of OpenTelemetry's HTTP client conventions, filled in as
/// they become known.
fn call_span(request: &Request) -> tracing::Span {
    tracing::info_span!(
        "api_request",
        otel.name = request.operation,
        otel.kind = "client",
        operation = request.operation,
        method = %request.method,
        path = %request.path,
        http.request.method = %request.method,
        url.full = tracing::field::Empty,
        server.address = tracing::field::Empty,
        server.port = tracing::field::Empty,
        http.response.status_code = tracing::field::Empty,
        error.type = tracing::field::Empty,
        request_id = tracing::field::Empty,
    )
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
                let model = errors(response.status(), response.body());
                let (status, headers, body, request_id) = response.into_parts();
                Error::Api(Box::new(ApiError {
                    status,
                    headers,
                    body,
                    model,
                    request_id,
                }))
            }
        }
    }
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
    /// A success (or a redirect the operation keeps) as it is; the body of anything else read
    /// (capped at `limit`) for the error.
    async fn finish(self, limit: usize, keep_redirects: bool) -> Result<Received, Unsent> {
        if self.status.is_success() || (keep_redirects && self.status.is_redirection()) {
            Ok(self)
        } else {
            Err(Unsent::Status(self.read(limit).await?))
        }
    }

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
        Ok(RawResponse::new(
            self.status,
            self.headers,
            body,
            self.request_id,
        ))
    }
}

/// Reads the whole body, failing with [`Error::ResponseTooLarge`] as soon as it exceeds `limit`.
pub(crate) async fn read_body(
    response: reqwest::Response,
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
    let mut chunks = response.bytes_stream();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(Failure::from_reqwest)?;
        if chunk.len() > limit - body.len() {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
