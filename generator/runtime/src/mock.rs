//! Typed expectations on a [`wiremock`] server, for testing code that uses a generated client
//! without the network (the `mock` feature). A generated crate's `mock::MockApi` starts the
//! server, hands out a `Client` pointed at it, and has one method per operation that returns
//! an [`Expectation`] already matching the operation's method, path, query options and body.

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
pub use wiremock;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

/// An expected call of one operation whose success body is a `T` and whose error body is an `E`
/// (the operation's error model); it does nothing until one of the `respond*` methods mounts it
/// on the server.
#[must_use = "an expectation is mounted by one of its `respond*` methods"]
pub struct Expectation<'a, T, E = serde_json::Value> {
    server: &'a MockServer,
    builder: MockBuilder,
    status: u16,
    times: Option<u64>,
    body: PhantomData<fn(&T, &E)>,
}

impl<T, E> fmt::Debug for Expectation<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expectation")
            .field("status", &self.status)
            .field("times", &self.times)
            .finish_non_exhaustive()
    }
}

impl<'a, T, E> Expectation<'a, T, E> {
    /// A call of `http_method` to exactly `request_path` on `server`, answered with `status`
    /// (the operation's first success status) unless told otherwise.
    pub fn new(server: &'a MockServer, http_method: &str, request_path: &str, status: u16) -> Self {
        Self {
            server,
            builder: Mock::given(method(http_method)).and(path(request_path)),
            status,
            times: None,
            body: PhantomData,
        }
    }

    /// Also requires the query parameter `name` to have `value` (as the client sends it).
    pub fn query(self, name: &str, value: &dyn fmt::Display) -> Self {
        Self {
            builder: self
                .builder
                .and(query_param(name, value.to_string().as_str())),
            ..self
        }
    }

    /// Also requires the header `name` to have `value`.
    pub fn header(self, name: &str, value: &dyn fmt::Display) -> Self {
        Self {
            builder: self.builder.and(header(name, value.to_string().as_str())),
            ..self
        }
    }

    /// Also requires the JSON body to equal `value` serialized.
    pub fn json_body<B: Serialize + ?Sized>(self, value: &B) -> Self {
        let value = serde_json::to_value(value)
            .unwrap_or_else(|error| panic!("the expected body does not serialize: {error}"));
        Self {
            builder: self.builder.and(body_json(value)),
            ..self
        }
    }

    /// Answers with `status` instead of the operation's first success status.
    pub fn status(self, status: u16) -> Self {
        Self { status, ..self }
    }

    /// Requires exactly `n` matching calls; checked by `MockApi::verify` and when the server
    /// is dropped.
    pub fn times(self, n: u64) -> Self {
        Self {
            times: Some(n),
            ..self
        }
    }

    /// Answers with the status and no body.
    pub async fn respond_empty(self) {
        let template = ResponseTemplate::new(self.status);
        self.respond_with(template).await;
    }

    /// Answers with `template`: any status, headers or body (`wiremock`'s own type).
    pub async fn respond_with(self, template: ResponseTemplate) {
        let mock = self.builder.respond_with(template);
        let mock = match self.times {
            Some(n) => mock.expect(n),
            None => mock,
        };
        mock.mount(self.server).await;
    }

    async fn respond_json(self, body: &impl Serialize) {
        let template = ResponseTemplate::new(self.status).set_body_json(body);
        self.respond_with(template).await;
    }
}

impl<T: Serialize, E> Expectation<'_, T, E> {
    /// Answers with the status and `body` as JSON, the model the operation returns.
    pub async fn respond(self, body: &T) {
        self.respond_json(body).await;
    }
}

impl<T, E: Serialize> Expectation<'_, T, E> {
    /// Answers with `status` and `error` as the JSON body, in the error model the operation
    /// declares.
    pub async fn respond_error(self, status: u16, error: &E) {
        self.status(status).respond_json(error).await;
    }
}
