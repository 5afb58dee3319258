//! The open runtime: hooks around every attempt, an in-process transport instead of sockets,
//! the tracing span of each call with OpenTelemetry's HTTP fields, and no secret in `Debug`
//! output or log lines.

use std::sync::{Arc, Mutex};

use crate::security_client::hooks::{Attempt, Hook, HookError, Received};
use crate::security_client::http::{from_fn, TransportError};
use crate::security_client::reqwest;
use crate::security_client::{Client, Credential, Error};
use crate::support::*;
use integration_tests::capture::Captured;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

/// Signs each request and records what came back.
#[derive(Default, Clone)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl Hook for Recorder {
    fn before_send(
        &self,
        attempt: &Attempt,
        request: &mut reqwest::Request,
    ) -> Result<(), HookError> {
        // A signature over what is sent, credentials included, as an HMAC hook would compute.
        let signed = request.headers().contains_key("x-app-key");
        let value = format!("{}:{}:{signed}", attempt.operation, attempt.number);
        request
            .headers_mut()
            .insert("x-signature", value.parse().map_err(HookError::new)?);
        self.0
            .lock()
            .unwrap()
            .push(format!("send {}", attempt.operation));
        Ok(())
    }

    fn after_receive(&self, attempt: &Attempt, received: Received<'_>) {
        if let Received::Response { status, .. } = received {
            self.0
                .lock()
                .unwrap()
                .push(format!("{} {}", attempt.operation, status.as_u16()));
        }
    }
}

#[tokio::test]
async fn hooks_sign_requests_and_see_responses() {
    let server = api_server().await;
    let recorder = Recorder::default();
    let client = builder(&server)
        .app_key(APP_KEY)
        .app_secret(APP_SECRET)
        .hook(recorder.clone())
        .build()
        .unwrap();
    client.default_api().get_metrics().await.unwrap();
    client.default_api().health().await.unwrap();
    let metrics = requests_to(&server, "/metrics").await;
    assert_eq!(
        header(&metrics[0], "x-signature").as_deref(),
        Some("getMetrics:1:true")
    );
    assert_eq!(
        *recorder.0.lock().unwrap(),
        [
            "send getMetrics",
            "getMetrics 200",
            "send health",
            "health 204"
        ]
    );
}

/// Refuses every request.
struct Refuses;

impl Hook for Refuses {
    fn before_send(&self, _: &Attempt, _: &mut reqwest::Request) -> Result<(), HookError> {
        Err(HookError::new("the signing key is missing"))
    }
}

#[tokio::test]
async fn a_hook_can_refuse_a_request() {
    let server = api_server().await;
    let client = builder(&server).hook(Refuses).build().unwrap();
    let error = client.default_api().health().await.unwrap_err();
    assert!(matches!(error, Error::Hook(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "a hook refused the request: the signing key is missing"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_in_process_transport_answers_without_sockets() {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = Arc::clone(&seen);
    let transport = from_fn(move |request: reqwest::Request| {
        let log = Arc::clone(&log);
        async move {
            let key = request
                .headers()
                .get("x-app-key")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            log.lock()
                .unwrap()
                .push(format!("{} {} {key}", request.method(), request.url()));
            let response = http::Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(json!({"requests": 42}).to_string())
                .map_err(TransportError::other)?;
            Ok(response.into())
        }
    });
    let client = Client::builder()
        .base_url("https://in-process.example")
        .app_key(APP_KEY)
        .app_secret(APP_SECRET)
        .http_client(transport)
        .build()
        .unwrap();
    let metrics = client.default_api().get_metrics().await.unwrap();
    assert_eq!(metrics.requests, Some(42));
    assert_eq!(
        *seen.lock().unwrap(),
        [format!("GET https://in-process.example/metrics {APP_KEY}")]
    );
}

#[tokio::test]
async fn each_call_has_a_span_with_the_http_fields() {
    let (captured, _guard) = Captured::start();
    let server = api_server().await;
    Mock::given(method("GET"))
        .and(path("/admin"))
        .respond_with(ResponseTemplate::new(404))
        .with_priority(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .query_key(QUERY_KEY)
        .basic_auth("alice", PASSWORD)
        .build()
        .unwrap();
    client.default_api().search("rust").await.unwrap();
    client.default_api().admin_status().await.unwrap_err();
    let text = captured.text();
    let port = server.address().port();
    for field in [
        "otel.name=\"search\"",
        "http.request.method=GET",
        &format!("url.full=\"http://127.0.0.1:{port}/search\""),
        "server.address=\"127.0.0.1\"",
        &format!("server.port={port}"),
        "http.response.status_code=200",
    ] {
        assert!(text.contains(field), "{field} is missing from:\n{text}");
    }
    assert!(text.contains("otel.name=\"adminStatus\""), "{text}");
    assert!(text.contains("error.type=\"404\""), "{text}");
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} leaked into:\n{text}");
    }
}

#[tokio::test]
async fn no_secret_shows_in_debug_output_errors_or_logs() {
    let (captured, _guard) = Captured::start();
    let server = api_server().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "issued-token-SECRET-9",
            "token_type": "Bearer",
            "expires_in": 3600
        })))
        .mount(&server)
        .await;
    let builder = builder(&server)
        .app_key(APP_KEY)
        .app_secret(APP_SECRET)
        .query_key(QUERY_KEY)
        .cookie_key(COOKIE_KEY)
        .token(BEARER)
        .basic_auth("alice", PASSWORD)
        .oauth(Credential::client_credentials("my-client", CLIENT_SECRET))
        .oauth_code(Credential::refresh_token(REFRESH_TOKEN));
    let client = builder.clone().build().unwrap();
    client.default_api().list_items().await.unwrap();
    client.default_api().get_report().await.unwrap();
    client.default_api().admin_status().await.unwrap();
    // An error, through every layer of formatting.
    let error = Client::builder()
        .base_url(server.uri())
        .basic_auth(PASSWORD, PASSWORD)
        .basic_auth(format!("user:{PASSWORD}"), PASSWORD)
        .build()
        .unwrap_err();
    let outputs = [
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{error:?} {error}"),
        format!("{:?}", Credential::client_credentials("id", CLIENT_SECRET)),
        captured.text(),
    ];
    for output in &outputs {
        for secret in SECRETS.iter().chain(&["issued-token-SECRET-9"]) {
            assert!(!output.contains(secret), "{secret} leaked into:\n{output}");
        }
    }
    assert!(
        outputs[0].contains("appKey"),
        "the builder names the schemes set: {}",
        outputs[0]
    );
}
