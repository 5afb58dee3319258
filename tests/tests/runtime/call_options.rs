//! Issue 16, item 1: per-call options (timeout, headers, retry policy, idempotency key) on a
//! handle that shares the client, and the server's request id in errors, responses and
//! tracing.

use std::time::Duration;

use ionoscloud_container_registry::{CallOptions, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

/// A server that answers `first` to the first `times` requests and `then` to every later one.
async fn first_then(times: u64, first: ResponseTemplate, then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(then)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

fn locations() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"items": []}))
}

#[tokio::test]
async fn a_handle_has_its_own_timeout_and_the_client_keeps_its_own() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(locations().set_delay(Duration::from_millis(400)))
        .mount(&server)
        .await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let hurried = client.with_options(CallOptions::new().timeout(Duration::from_millis(50)));
    let error = hurried.locations_api().locations_get().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    // The client itself waits (60 s by default), and so do other handles.
    client.locations_api().locations_get().await.unwrap();
    client
        .with_options(CallOptions::new().header("X-Trace", "t"))
        .locations_api()
        .locations_get()
        .await
        .unwrap();
}

#[tokio::test]
async fn headers_of_a_handle_are_sent_by_its_calls_only() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(locations())
        .mount(&server)
        .await;
    let client = builder(&server)
        .default_header("X-Team", "registry")
        .build()
        .unwrap();
    let traced = client.with_options(
        CallOptions::new()
            .header("X-Trace", "checkout-42")
            .header("X-Team", "payments"),
    );
    traced.locations_api().locations_get().await.unwrap();
    client.locations_api().locations_get().await.unwrap();
    let received = requests(&server).await;
    let value = |index: usize, name: &str| {
        received[index]
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(value(0, "x-trace").as_deref(), Some("checkout-42"));
    // A call header replaces the default header of the same name.
    assert_eq!(value(0, "x-team").as_deref(), Some("payments"));
    // Credentials are still sent.
    assert_eq!(value(0, "authorization"), Some(format!("Bearer {TOKEN}")));
    assert_eq!(value(1, "x-trace"), None);
    assert_eq!(value(1, "x-team").as_deref(), Some("registry"));
}

#[tokio::test]
async fn an_invalid_call_header_fails_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    let error = client
        .with_options(CallOptions::new().header("X-Trace", "line\nbreak"))
        .locations_api()
        .locations_get()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
    assert!(requests(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_handle_has_its_own_retry_policy() {
    // The client's call gets the first 503, the handle's the second, then a 200.
    let server = first_then(2, ResponseTemplate::new(503), locations()).await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.locations_api().locations_get().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    client
        .with_options(CallOptions::new().retry_policy(fast_retries()))
        .locations_api()
        .locations_get()
        .await
        .unwrap();
    // One request by the client, two (503, then 200) by the handle.
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn an_idempotency_key_is_resent_on_every_retry_of_a_post() {
    let created = ResponseTemplate::new(201).set_body_json(registry_json(REGISTRY_ID, "reg"));
    let server = first_then(1, ResponseTemplate::new(503), created).await;
    let client = client(&server);
    client
        .with_options(CallOptions::new().idempotency_key("order-7f3a"))
        .registries_api()
        .registries_post(&valid_registry())
        .await
        .unwrap();
    let received = requests(&server).await;
    assert_eq!(received.len(), 2, "the POST was retried after the 503");
    for request in &received {
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(
            request.headers.get("idempotency-key").unwrap(),
            "order-7f3a"
        );
    }
    assert_eq!(received[0].body, received[1].body);
}

#[tokio::test]
async fn without_a_key_a_post_is_not_retried() {
    let created = ResponseTemplate::new(201).set_body_json(registry_json(REGISTRY_ID, "reg"));
    let server = first_then(1, ResponseTemplate::new(503), created).await;
    let error = client(&server)
        .registries_api()
        .registries_post(&valid_registry())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    let received = requests(&server).await;
    assert_eq!(received.len(), 1);
    assert!(received[0].headers.get("idempotency-key").is_none());
}

#[tokio::test]
async fn the_request_id_is_in_errors_and_responses() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-case", "missing"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-5d1e")
                .set_body_json(json!({"httpStatus": 404, "messages": []})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("x-case", "broken"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-correlation-id", "corr-77")
                .set_body_json(json!({"items": 3})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("x-case", "fine"))
        .respond_with(locations().insert_header("x-request-id", "req-0k"))
        .mount(&server)
        .await;
    let client = client(&server);
    let case = |name: &str| client.with_options(CallOptions::new().header("X-Case", name));

    let error = case("missing")
        .locations_api()
        .locations_get()
        .await
        .unwrap_err();
    let api = error.api_error().expect("a 404 is an API error");
    assert_eq!(api.request_id.as_deref(), Some("req-5d1e"));
    assert!(error.to_string().contains("req-5d1e"), "{error}");

    let error = case("broken")
        .locations_api()
        .locations_get()
        .await
        .unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("a body of the wrong shape is a decode error: {error:?}");
    };
    assert_eq!(decode.request_id.as_deref(), Some("corr-77"));
    assert!(error.to_string().contains("corr-77"), "{error}");

    let response = case("fine")
        .locations_api()
        .locations_get_with_http_info()
        .await
        .unwrap();
    assert_eq!(response.request_id.as_deref(), Some("req-0k"));
}

#[tokio::test]
async fn request_id_headers_are_configurable() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(500)
                .insert_header("x-request-id", "ignored")
                .insert_header("x-amzn-requestid", "amzn-9"),
        )
        .mount(&server)
        .await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::none())
        .request_id_headers(["X-Amzn-RequestId"])
        .build()
        .unwrap();
    let error = client.locations_api().locations_get().await.unwrap_err();
    assert_eq!(
        error.api_error().and_then(|e| e.request_id.as_deref()),
        Some("amzn-9")
    );
    let invalid = builder(&server)
        .request_id_headers(["not a header"])
        .build()
        .unwrap_err();
    assert!(
        invalid.to_string().contains("not a valid header name"),
        "{invalid}"
    );
}
