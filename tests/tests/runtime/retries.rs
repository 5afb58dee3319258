//! Issue 4, item 1: which responses are retried for which methods, how many attempts are
//! made, the exponential backoff and `Retry-After` in both forms up to its cap.

use std::time::{Duration, Instant, SystemTime};

use ionoscloud_container_registry::models::{PatchTokenInput, PatchTokenInputStatus};
use ionoscloud_container_registry::reqwest::StatusCode;
use ionoscloud_container_registry::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

/// Every HTTP method the API uses, with one operation sending it.
const METHODS: [&str; 6] = ["GET", "HEAD", "PUT", "DELETE", "POST", "PATCH"];

/// Calls an operation sending `http_method`; only the error matters here.
async fn call(client: &Client, http_method: &str) -> Result<(), Error> {
    match http_method {
        "GET" => client.locations_api().locations_get().await.map(drop),
        "HEAD" => client.names_api().names_check_usage("my-registry").await,
        "PUT" => client
            .registries_api()
            .registries_put(registry_id(), &valid_registry_put())
            .await
            .map(drop),
        "DELETE" => {
            client
                .registries_api()
                .registries_delete(registry_id())
                .await
        }
        "POST" => client
            .registries_api()
            .registries_post(&valid_registry())
            .await
            .map(drop),
        "PATCH" => client
            .tokens_api()
            .registries_tokens_patch(
                registry_id(),
                token_id(),
                &PatchTokenInput::new().with_status(PatchTokenInputStatus::Disabled),
            )
            .await
            .map(drop),
        other => unreachable!("no operation uses {other}"),
    }
}

/// A server answering every request with `status`.
async fn always(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    server
}

/// Sends one `http_method` call with `policy` to a server always answering `status`; returns
/// how many attempts reached it, after checking they all used the method and the final error
/// carries the status.
async fn attempts(http_method: &str, status: u16, policy: RetryPolicy) -> usize {
    let server = always(status).await;
    let client = builder(&server).retry_policy(policy).build().unwrap();
    let error = call(&client, http_method).await.unwrap_err();
    assert_eq!(
        error.status(),
        Some(StatusCode::from_u16(status).unwrap()),
        "{http_method}: {error:?}"
    );
    let received = requests(&server).await;
    assert!(received.iter().all(|r| r.method.as_str() == http_method));
    received.len()
}

#[tokio::test]
async fn status_429_is_retried_for_every_method() {
    for http_method in METHODS {
        assert_eq!(
            attempts(http_method, 429, fast_retries()).await,
            3,
            "{http_method} is retried on 429, 3 attempts in total by default"
        );
    }
}

#[tokio::test]
async fn retried_requests_resend_the_same_body() {
    let server = always(429).await;
    call(&client(&server), "POST").await.unwrap_err();
    let bodies: Vec<serde_json::Value> = requests(&server)
        .await
        .iter()
        .map(|r| r.body_json().unwrap())
        .collect();
    let expected = json!({"properties": {"name": "my-registry", "location": "de/fra"}});
    assert_eq!(bodies, [expected.clone(), expected.clone(), expected]);
}

#[tokio::test]
async fn gateway_errors_are_retried_for_idempotent_methods() {
    for status in [502, 503, 504] {
        for http_method in ["GET", "HEAD", "PUT", "DELETE"] {
            assert_eq!(
                attempts(http_method, status, fast_retries()).await,
                3,
                "{http_method} is retried on {status}"
            );
        }
    }
}

#[tokio::test]
async fn post_and_patch_are_not_retried_on_gateway_errors_by_default() {
    for status in [502, 503, 504] {
        for http_method in ["POST", "PATCH"] {
            assert_eq!(
                attempts(http_method, status, fast_retries()).await,
                1,
                "{http_method} is not retried on {status}"
            );
        }
    }
}

#[tokio::test]
async fn post_and_patch_are_retried_on_gateway_errors_when_opted_in() {
    for status in [502, 503, 504] {
        for http_method in ["POST", "PATCH"] {
            let policy = fast_retries().retry_non_idempotent(true);
            assert_eq!(
                attempts(http_method, status, policy).await,
                3,
                "{http_method} is retried on {status} after opting in"
            );
        }
    }
}

#[tokio::test]
async fn other_error_statuses_are_not_retried() {
    for status in [400, 401, 404, 409, 500, 501] {
        assert_eq!(attempts("GET", status, fast_retries()).await, 1, "{status}");
    }
}

#[tokio::test]
async fn attempts_are_bounded_and_configurable() {
    let five = fast_retries().max_attempts(5);
    assert_eq!(attempts("GET", 503, five).await, 5);
    assert_eq!(attempts("GET", 503, RetryPolicy::none()).await, 1);
    assert_eq!(attempts("POST", 429, RetryPolicy::none()).await, 1);
    assert_eq!(
        attempts("GET", 503, fast_retries().max_attempts(0)).await,
        1
    );
    assert_eq!(RetryPolicy::default().attempts(), 3);
}

#[tokio::test]
async fn a_retried_request_succeeds_once_the_server_recovers() {
    let server = MockServer::start().await;
    let sequence = Sequence::new(vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(429),
        ResponseTemplate::new(200).set_body_json(registry_json(REGISTRY_ID, "reg")),
    ]);
    Mock::given(method("GET"))
        .respond_with(sequence.clone())
        .mount(&server)
        .await;
    let response = client(&server)
        .registries_api()
        .registries_find_by_id_with_http_info(registry_id())
        .await
        .unwrap();
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.data.properties.unwrap().name, "reg");
    assert_eq!(sequence.arrivals().len(), 3);
}

#[tokio::test]
async fn backoff_grows_exponentially() {
    let server = MockServer::start().await;
    let sequence = Sequence::new(vec![ResponseTemplate::new(503)]);
    Mock::given(method("GET"))
        .respond_with(sequence.clone())
        .mount(&server)
        .await;
    // Equal jitter: the n-th wait is random in [d/2, d] with d = 40 ms * 2^(n-1).
    let policy = RetryPolicy::default()
        .max_attempts(4)
        .initial_backoff(Duration::from_millis(40))
        .max_backoff(Duration::from_secs(5));
    let client = builder(&server).retry_policy(policy).build().unwrap();
    client.locations_api().locations_get().await.unwrap_err();
    let gaps = sequence.gaps();
    assert_eq!(gaps.len(), 3, "4 attempts");
    for (gap, at_least) in gaps.iter().zip([20, 40, 80]) {
        assert!(
            *gap >= Duration::from_millis(at_least),
            "waited {gap:?}, expected at least {at_least} ms: {gaps:?}"
        );
    }
}

/// Runs `f` but fails instead of hanging when a delay is not capped.
async fn within<T>(limit: Duration, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(limit, f)
        .await
        .expect("the call took far longer than any delay it should honour")
}

/// A server answering the first GET with `first`, then with a registry.
async fn first_then_ok(first: ResponseTemplate) -> (MockServer, Sequence) {
    let server = MockServer::start().await;
    let sequence = Sequence::new(vec![
        first,
        ResponseTemplate::new(200).set_body_json(registry_json(REGISTRY_ID, "reg")),
    ]);
    Mock::given(method("GET"))
        .respond_with(sequence.clone())
        .mount(&server)
        .await;
    (server, sequence)
}

#[tokio::test]
async fn retry_after_in_delta_seconds_is_honoured() {
    let (server, sequence) =
        first_then_ok(ResponseTemplate::new(429).insert_header("retry-after", "1")).await;
    let client = client(&server);
    within(Duration::from_secs(20), async {
        client
            .registries_api()
            .registries_find_by_id(registry_id())
            .await
            .unwrap()
    })
    .await;
    let gaps = sequence.gaps();
    assert_eq!(gaps.len(), 1);
    // The backoff alone would be a few milliseconds.
    assert!(gaps[0] >= Duration::from_secs(1), "{gaps:?}");
}

/// `when` as an HTTP-date (RFC 9110 IMF-fixdate); whole seconds, rounded down.
fn http_date(when: SystemTime) -> String {
    let when: ionoscloud_container_registry::chrono::DateTime<
        ionoscloud_container_registry::chrono::Utc,
    > = when.into();
    when.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let (now, started) = (SystemTime::now(), Instant::now());
    // Rounded down to whole seconds, the date is more than one second ahead.
    let date = http_date(now + Duration::from_secs(2));
    let (server, sequence) =
        first_then_ok(ResponseTemplate::new(503).insert_header("retry-after", date.as_str())).await;
    let client = client(&server);
    within(Duration::from_secs(20), async {
        client
            .registries_api()
            .registries_find_by_id(registry_id())
            .await
            .unwrap()
    })
    .await;
    let arrivals = sequence.arrivals();
    assert_eq!(arrivals.len(), 2);
    assert!(
        arrivals[1] - started >= Duration::from_secs(1),
        "retried after {:?}, before the date {date}",
        arrivals[1] - started
    );
}

#[tokio::test]
async fn retry_after_is_capped_in_both_forms() {
    let in_an_hour = http_date(SystemTime::now() + Duration::from_secs(3600));
    for value in ["3600", in_an_hour.as_str()] {
        let (server, sequence) =
            first_then_ok(ResponseTemplate::new(503).insert_header("retry-after", value)).await;
        let cap = Duration::from_millis(60);
        let client = builder(&server)
            .retry_policy(fast_retries().max_retry_after(cap))
            .build()
            .unwrap();
        within(Duration::from_secs(20), async {
            client
                .registries_api()
                .registries_find_by_id(registry_id())
                .await
                .unwrap()
        })
        .await;
        let gaps = sequence.gaps();
        assert_eq!(gaps.len(), 1, "{value}");
        assert!(
            gaps[0] >= cap,
            "{value}: waited {gaps:?}, less than the cap"
        );
    }
}

#[tokio::test]
async fn retry_after_does_not_make_a_post_retryable() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .mount(&server)
        .await;
    call(&client(&server), "POST").await.unwrap_err();
    assert_eq!(requests(&server).await.len(), 1);
}

/// A loopback URL where nothing listens.
fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

#[tokio::test]
async fn connection_failures_are_retried_for_idempotent_methods_only() {
    let url = refused_url();
    let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(40));
    let client = Client::builder()
        .base_url(&url)
        .token(TOKEN)
        .retry_policy(policy)
        .build()
        .unwrap();
    let started = Instant::now();
    let error = call(&client, "GET").await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(!error.is_timeout());
    // Two backoffs of at least 20 ms and 40 ms between the three attempts.
    assert!(
        started.elapsed() >= Duration::from_millis(60),
        "{:?}",
        started.elapsed()
    );

    // With a huge backoff, a retried POST would take seconds.
    let slow = RetryPolicy::default().initial_backoff(Duration::from_secs(30));
    let client = Client::builder()
        .base_url(&url)
        .token(TOKEN)
        .retry_policy(slow)
        .build()
        .unwrap();
    let error = within(Duration::from_secs(10), call(&client, "POST"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}
