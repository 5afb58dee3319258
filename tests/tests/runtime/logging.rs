//! Issue 4, item 9: `tracing` events per request with method, path, status, attempt and elapsed
//! time; credentials never appear in them, even at `TRACE` level with every dependency's events.

use integration_tests::capture::Captured;
use ionoscloud_container_registry::Client;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

#[tokio::test]
async fn each_attempt_is_traced_with_method_path_status_attempt_and_elapsed_time() {
    let (captured, _guard) = Captured::start();
    let server = MockServer::start().await;
    let sequence = Sequence::new(vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(200).set_body_json(registry_json(REGISTRY_ID, "reg")),
    ]);
    Mock::given(method("GET"))
        .respond_with(sequence)
        .mount(&server)
        .await;
    client(&server)
        .registries_api()
        .registries_find_by_id(registry_id())
        .await
        .unwrap();
    let text = captured.text();
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("api_request"))
        .collect();
    let with = |needles: &[&str]| {
        lines
            .iter()
            .filter(|line| needles.iter().all(|needle| line.contains(needle)))
            .count()
    };
    let request = [
        "operation=\"registriesFindById\"",
        "method=GET",
        &format!("path=/registries/{REGISTRY_ID}"),
    ];
    assert_eq!(
        with(&request),
        lines.len(),
        "every event names the request:\n{text}"
    );
    assert_eq!(
        with(&["response", "attempt=1", "status=503", "elapsed="]),
        1,
        "{text}"
    );
    assert_eq!(
        with(&["retrying", "attempt=1", "status=503", "delay="]),
        1,
        "{text}"
    );
    assert_eq!(
        with(&["response", "attempt=2", "status=200", "elapsed="]),
        1,
        "{text}"
    );
    assert_eq!(
        with(&["finished", "attempts=2", "status=200", "elapsed="]),
        1,
        "{text}"
    );
    assert!(
        lines.iter().any(|line| line.contains(" INFO ")),
        "retries are INFO: {text}"
    );
}

#[tokio::test]
async fn failures_are_traced_too() {
    let (captured, _guard) = Captured::start();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .base_url(url)
        .token(TOKEN)
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    client.locations_api().locations_get().await.unwrap_err();
    let text = captured.text();
    assert!(text.contains("retrying a failed connection"), "{text}");
    assert!(
        text.lines().any(|line| line.contains("failed")
            && line.contains("attempts=3")
            && line.contains("path=/locations")),
        "{text}"
    );
    assert!(!text.contains(TOKEN), "{text}");
}

#[tokio::test]
async fn traces_never_contain_credentials() {
    let (captured, _guard) = Captured::start();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429).insert_header("set-cookie", format!("s={TOKEN}").as_str()),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(token_json(
            TOKEN_ID,
            "ci-token",
            TOKEN_PASSWORD,
        )))
        .mount(&server)
        .await;
    let token_client = builder(&server)
        .default_header("Authorization", format!("Bearer {TOKEN}"))
        .build()
        .unwrap();
    let basic_client = Client::builder()
        .base_url(server.uri())
        .basic_auth("alice", PASSWORD)
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    token_client
        .locations_api()
        .locations_get()
        .await
        .unwrap_err();
    basic_client
        .locations_api()
        .locations_get()
        .await
        .unwrap_err();
    let created = basic_client
        .tokens_api()
        .registries_tokens_post(registry_id(), &valid_token())
        .await
        .unwrap();
    tracing::info!(?created, "a user logging the created token");
    let text = captured.text();
    assert!(text.contains("registriesTokensPost"), "{text}");
    assert!(text.contains("retrying"), "{text}");
    for secret in [TOKEN, PASSWORD, TOKEN_PASSWORD, "YWxpY2U6"] {
        assert!(
            !text.contains(secret),
            "`{secret}` leaked into the trace:\n{text}"
        );
    }
}

#[tokio::test]
async fn the_request_id_is_recorded_on_the_call_span() {
    let (captured, _guard) = Captured::start();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req-trace-1")
                .set_body_json(registry_json(REGISTRY_ID, "reg")),
        )
        .mount(&server)
        .await;
    client(&server)
        .registries_api()
        .registries_find_by_id(registry_id())
        .await
        .unwrap();
    let text = captured.text();
    assert!(
        text.lines()
            .any(|line| line.contains("finished") && line.contains("req-trace-1")),
        "the events after the response carry the request id:\n{text}"
    );
}
