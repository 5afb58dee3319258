//! Secrets never appear in `Debug`, `Display`, errors or `tracing` output, including on the
//! hostile paths: error statuses, undecodable bodies, timeouts, refused redirects, retries.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ionoscloud_container_registry::models::{PostTokenInput, PostTokenProperties};
use ionoscloud_container_registry::{Client, RetryPolicy};
use serde_json::json;
use tracing_subscriber::fmt::MakeWriter;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// The one-time password the server hands out when a token is created.
const ISSUED_PASSWORD: &str = "otp-HOSTILE-5ecret-0a9d";
/// A session cookie the server sets.
const COOKIE: &str = "sess-HOSTILE-5ecret-c00c";

/// Standard base64 (RFC 4648), to spell out the basic-auth header independently of the client.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

fn secrets() -> Vec<String> {
    vec![
        TOKEN.to_owned(),
        PASSWORD.to_owned(),
        base64(format!("{USERNAME}:{PASSWORD}").as_bytes()),
        ISSUED_PASSWORD.to_owned(),
        COOKIE.to_owned(),
    ]
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in secrets() {
        assert!(!text.contains(&secret), "{what} leaks `{secret}`:\n{text}");
    }
}

/// Everything the subscriber writes, shared with the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// A server with one route per hostile path the secrets could leak through.
async fn api() -> MockServer {
    let server = MockServer::start().await;
    let routes = [
        (
            "GET",
            "/locations",
            ResponseTemplate::new(200).set_body_json(json!({"items": []})),
        ),
        (
            "POST",
            format!("/registries/{REGISTRY_ID}/tokens").leak() as &str,
            ResponseTemplate::new(201).set_body_json(json!({
                "id": "0b5d7f1e-2a3c-4e6f-8a9b-c0d1e2f3a4b5",
                "type": "token",
                "properties": {
                    "name": "ci",
                    "credentials": {"username": "ci", "password": ISSUED_PASSWORD}
                }
            })),
        ),
        (
            "GET",
            format!("/registries/{REGISTRY_ID}").leak(),
            // A body that does not decode, and carries a credential.
            ResponseTemplate::new(200).set_body_json(json!({
                "id": 42,
                "properties": {"credentials": {"password": ISSUED_PASSWORD}}
            })),
        ),
        (
            "DELETE",
            format!("/registries/{REGISTRY_ID}").leak(),
            ResponseTemplate::new(401)
                .insert_header("Set-Cookie", format!("session={COOKIE}; HttpOnly").as_str())
                .insert_header("WWW-Authenticate", "Bearer realm=\"api\"")
                .set_body_json(
                    json!({"httpStatus": 401, "messages": [{"message": "unauthorized"}]}),
                ),
        ),
        (
            "PATCH",
            format!("/registries/{REGISTRY_ID}").leak(),
            ResponseTemplate::new(302).insert_header("Location", "http://localhost:9/elsewhere"),
        ),
        (
            "HEAD",
            "/names/slow-name",
            ResponseTemplate::new(200).set_delay(Duration::from_secs(30)),
        ),
    ];
    for (verb, route, response) in routes {
        Mock::given(method(verb))
            .and(path(format!("{BASE}{route}")))
            .respond_with(response)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(format!("{BASE}/registries")))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    server
}

/// Calls every route with `client` and returns the `Debug` and `Display` of all results.
async fn exercise(client: &Client) -> Vec<String> {
    let mut shown = vec![format!("{client:?}")];
    let mut record = |label: &str, debug: String, display: String| {
        shown.push(format!("{label}: {debug}\n{label}: {display}"));
    };
    let locations = client.locations_api().locations_get_with_http_info().await;
    record("locations", format!("{locations:?}"), String::new());
    let token = PostTokenInput::new(PostTokenProperties::new("ci"));
    let created = client
        .tokens_api()
        .registries_tokens_post_with_http_info(registry_id(), &token)
        .await;
    let created = created.expect("token created");
    // The issued password is there to read deliberately, and hidden everywhere else.
    let issued = created
        .data
        .properties
        .as_ref()
        .unwrap()
        .credentials
        .as_ref()
        .unwrap();
    assert_eq!(issued.password.expose_secret(), ISSUED_PASSWORD);
    record(
        "created",
        format!("{created:?}"),
        format!("{}", issued.password),
    );
    let errors = [
        client
            .registries_api()
            .registries_find_by_id(registry_id())
            .await
            .map(drop),
        client
            .registries_api()
            .registries_delete(registry_id())
            .await,
        client
            .registries_api()
            .registries_patch(registry_id(), &Default::default())
            .await
            .map(drop),
        client.names_api().names_check_usage("slow-name").await,
        client
            .registries_api()
            .registries_get(Default::default())
            .await
            .map(drop),
    ];
    for (i, result) in errors.into_iter().enumerate() {
        let error = result.expect_err("each of these calls fails");
        let mut chain = String::new();
        let mut source: Option<&dyn std::error::Error> = Some(&error);
        while let Some(e) = source {
            chain.push_str(&format!(" / {e}"));
            source = e.source();
        }
        if let Some(api) = error.api_error() {
            chain.push_str(&format!(" / {:?}", api.headers.get("www-authenticate")));
        }
        record(&format!("error {i}"), format!("{error:?}"), chain);
    }
    shown
}

#[tokio::test]
async fn no_secret_in_debug_display_errors_or_logs() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .finish();
    // The test runs on one thread (the default `#[tokio::test]` runtime), so a thread-local
    // subscriber sees every event of the client.
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = api().await;
    let retries = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5));
    let builders = [
        Client::builder().token(TOKEN),
        Client::builder().basic_auth(USERNAME, PASSWORD),
    ];
    let mut shown = Vec::new();
    for builder in builders {
        let builder = builder
            .base_url(server.uri())
            .default_header("Cookie", format!("session={COOKIE}"))
            .timeout(Duration::from_millis(400))
            .retry_policy(retries.clone())
            .validation(false);
        shown.push(format!("{builder:?}"));
        shown.extend(exercise(&builder.build().unwrap()).await);
    }
    for text in &shown {
        assert_no_secret("Debug/Display", text);
    }
    let logs = captured.text();
    assert_no_secret("the tracing output", &logs);
    // The capture really saw the client's events: every kind of outcome is in it.
    for expected in [
        "api_request",
        "registriesTokensPost",
        "retrying",
        "finished",
        "failed",
    ] {
        assert!(
            logs.contains(expected),
            "`{expected}` missing from:\n{logs}"
        );
    }
    // And the server really received the credentials (so they were there to leak).
    let requests = server.received_requests().await.unwrap();
    assert!(requests.iter().any(|r| r
        .headers
        .get("authorization")
        .is_some_and(|v| v == &format!("Bearer {TOKEN}"))));
}
