//! The loopback server, client set-up and the exact checks of what went over the wire.

use ionoscloud_container_registry::{Client, RetryPolicy};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The base path the client appends to a base URL that has no path of its own.
pub const BASE: &str = "/containerregistries";

/// The `User-Agent` every request carries.
pub const USER_AGENT: &str = "ionoscloud-container-registry/2.0.0";

pub const USERNAME: &str = "registry-admin@example.com";
/// A password with a colon and a space: only the first colon separates it from the user name.
pub const PASSWORD: &str = "c0rrect horse:battery-st@ple";
/// `base64("registry-admin@example.com:c0rrect horse:battery-st@ple")`, computed independently
/// of the client (RFC 4648 with padding).
pub const BASIC_HEADER: &str =
    "Basic cmVnaXN0cnktYWRtaW5AZXhhbXBsZS5jb206YzBycmVjdCBob3JzZTpiYXR0ZXJ5LXN0QHBsZQ==";
pub const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaS1ib3QifQ.c2lnbmF0dXJl";

/// Which credentials a test client is built with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential {
    /// `basic_auth(USERNAME, PASSWORD)`.
    Basic,
    /// `token(TOKEN)` with the default prefix.
    Token,
    /// `token(TOKEN)` with `token_prefix("Token")`.
    PrefixedToken,
    /// No credentials at all.
    None,
}

impl Credential {
    /// The exact `Authorization` header value this credential must produce.
    pub fn expected_header(self) -> Option<String> {
        match self {
            Self::Basic => Some(BASIC_HEADER.to_owned()),
            Self::Token => Some(format!("Bearer {TOKEN}")),
            Self::PrefixedToken => Some(format!("Token {TOKEN}")),
            Self::None => None,
        }
    }
}

/// A loopback server with nothing mounted yet.
pub async fn mock_server() -> MockServer {
    MockServer::start().await
}

/// A client for `server` with `credential`, no retries (every call is exactly one request) and
/// client-side validation on.
pub fn client(server: &MockServer, credential: Credential) -> Client {
    builder(server, credential)
        .build()
        .expect("valid client configuration")
}

/// Like [`client`], with client-side validation off, so that values the spec's patterns forbid
/// reach the wire (to prove how they are encoded).
pub fn unvalidated_client(server: &MockServer, credential: Credential) -> Client {
    builder(server, credential)
        .validation(false)
        .build()
        .expect("valid client configuration")
}

fn builder(
    server: &MockServer,
    credential: Credential,
) -> ionoscloud_container_registry::ClientBuilder {
    let builder = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none());
    match credential {
        Credential::Basic => builder.basic_auth(USERNAME, PASSWORD),
        Credential::Token => builder.token(TOKEN),
        Credential::PrefixedToken => builder.token(TOKEN).token_prefix("Token"),
        Credential::None => builder,
    }
}

/// Answers every request with `response`, and insists on exactly one request (checked by
/// [`MockServer::verify`] and again when the server is dropped).
pub async fn respond_once(server: &MockServer, response: ResponseTemplate) {
    Mock::given(any())
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

/// A JSON response with `status` and `body`.
pub fn json(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// What exactly one request must have looked like on the wire.
pub struct Expected<'a> {
    pub method: &'a str,
    /// The path as sent, percent-encoding included.
    pub path: &'a str,
    /// The raw query string; `None` when the URL must have no `?` at all.
    pub query: Option<&'a str>,
    pub credential: Credential,
    /// The JSON body, compared as a value (key order aside, exact: a missing key, a `null` and a
    /// value all differ); `None` when the request must have no body and no `Content-Type`.
    pub body: Option<Value>,
}

/// Asserts that the server received exactly one request, and that it is `expected`: method,
/// path, query, `Authorization`, `Accept`, `Content-Type`, `User-Agent` and body.
pub async fn assert_sent(server: &MockServer, expected: Expected<'_>) {
    server.verify().await;
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(requests.len(), 1, "exactly one request: {requests:?}");
    let request = requests.remove(0);
    assert_request(&request, &expected);
}

/// Asserts one recorded request against `expected`.
pub fn assert_request(request: &Request, expected: &Expected<'_>) {
    assert_eq!(request.method.as_str(), expected.method, "method");
    assert_eq!(request.url.path(), expected.path, "path");
    assert_eq!(request.url.query(), expected.query, "query string");
    assert_eq!(
        header_values(request, "authorization"),
        expected
            .credential
            .expected_header()
            .into_iter()
            .collect::<Vec<_>>(),
        "Authorization"
    );
    assert_eq!(
        header_values(request, "accept"),
        ["application/json"],
        "Accept"
    );
    assert_eq!(
        header_values(request, "user-agent"),
        [USER_AGENT],
        "User-Agent"
    );
    match &expected.body {
        Some(body) => {
            assert_eq!(
                header_values(request, "content-type"),
                ["application/json"],
                "Content-Type"
            );
            let sent: Value = serde_json::from_slice(&request.body).unwrap_or_else(|e| {
                panic!(
                    "the body is not JSON ({e}): {}",
                    String::from_utf8_lossy(&request.body)
                )
            });
            assert_eq!(&sent, body, "JSON body");
        }
        None => {
            assert!(
                header_values(request, "content-type").is_empty(),
                "no Content-Type without a body"
            );
            assert!(
                request.body.is_empty(),
                "no body expected, got {:?}",
                String::from_utf8_lossy(&request.body)
            );
        }
    }
}

/// Every value of header `name`, as text.
pub fn header_values(request: &Request, name: &str) -> Vec<String> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|value| value.to_str().expect("visible ASCII").to_owned())
        .collect()
}
