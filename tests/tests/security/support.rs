//! Loopback servers and clients of the `security` fixture's API, and reading what was sent.

use crate::security_client::{Client, ClientBuilder, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const APP_KEY: &str = "app-key-SECRET-1";
pub const APP_SECRET: &str = "app-secret-SECRET-2";
pub const QUERY_KEY: &str = "query-key-SECRET-3";
pub const COOKIE_KEY: &str = "cookie-key-SECRET-4";
pub const BEARER: &str = "bearer-SECRET-5";
pub const PASSWORD: &str = "password-SECRET-6";
pub const CLIENT_SECRET: &str = "client-secret-SECRET-7";
pub const REFRESH_TOKEN: &str = "refresh-SECRET-8";

/// Every secret the tests configure or a server hands out: none may show in output.
pub const SECRETS: [&str; 8] = [
    APP_KEY,
    APP_SECRET,
    QUERY_KEY,
    COOKIE_KEY,
    BEARER,
    PASSWORD,
    CLIENT_SECRET,
    REFRESH_TOKEN,
];

/// A server answering every API path with a small JSON body; the token endpoint is mounted by
/// the OAuth tests.
pub async fn api_server() -> MockServer {
    let server = MockServer::start().await;
    for (http, route, body) in [
        ("GET", "/metrics", json!({"requests": 1})),
        ("GET", "/reports", json!({"requests": 2})),
        ("GET", "/admin", json!({"requests": 3})),
        ("GET", "/legacy", json!({"requests": 4})),
        ("GET", "/items", json!([{"name": "a"}])),
        ("GET", "/search", json!([])),
        ("GET", "/profile", json!({"user": "u"})),
        ("GET", "/me", json!({"user": "u"})),
    ] {
        Mock::given(method(http))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"name": "a"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/health"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// A builder for `server` without credentials or retries.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
}

/// The requests `server` received on `route`.
pub async fn requests_to(server: &MockServer, route: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("requests are recorded")
        .into_iter()
        .filter(|request| request.url.path() == route)
        .collect()
}

/// Header `name` of `request`, as text.
pub fn header(request: &Request, name: &str) -> Option<String> {
    let value = request.headers.get(name)?;
    Some(value.to_str().expect("visible ASCII").to_owned())
}

/// The form fields of a `application/x-www-form-urlencoded` body.
pub fn form(request: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&request.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}
