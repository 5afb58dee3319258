//! Redirects: credentials are never forwarded to another host.

use ionoscloud_container_registry::reqwest;
use ionoscloud_container_registry::Error;
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// An "other host" that would gladly answer, and records what it receives.
async fn other_host() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"items": []})))
        .mount(&server)
        .await;
    server
}

fn redirect(status: u16, location: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("Location", location)
}

/// `localhost` instead of `127.0.0.1`: another host name, not just another port.
fn on_localhost(uri: &str) -> String {
    uri.replace("127.0.0.1", "localhost")
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed() {
    for status in [301, 302, 303, 307, 308] {
        let other = other_host().await;
        for target in [other.uri(), on_localhost(&other.uri())] {
            let location = format!("{target}{BASE}/locations");
            let api = serving(redirect(status, &location)).await;
            let client = builder_for(&api.uri())
                .basic_auth(USERNAME, PASSWORD)
                .build()
                .unwrap();
            let error = client.locations_api().locations_get().await.unwrap_err();
            let Error::Api(response) = &error else {
                panic!("{status}: expected the redirect as Error::Api, got {error:?}");
            };
            assert_eq!(response.status, status);
            assert_eq!(response.header("location"), Some(location.as_str()));
        }
        assert!(
            other.received_requests().await.unwrap().is_empty(),
            "{status}: the other host was contacted"
        );
    }
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_credentials() {
    let api = MockServer::start().await;
    Mock::given(path(format!("{BASE}/locations")))
        .respond_with(redirect(307, &format!("{BASE}/v2/locations")))
        .mount(&api)
        .await;
    Mock::given(path(format!("{BASE}/v2/locations")))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"items": []})))
        .mount(&api)
        .await;
    client_for(&api.uri())
        .locations_api()
        .locations_get()
        .await
        .unwrap();
    let requests = api.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(
            request.headers.get("authorization").unwrap(),
            &format!("Bearer {TOKEN}")
        );
    }
}

#[tokio::test]
async fn a_redirect_loop_within_the_origin_ends_in_an_error() {
    let api = serving(redirect(302, &format!("{BASE}/locations"))).await;
    let error = within(
        std::time::Duration::from_secs(30),
        client_for(&api.uri()).locations_api().locations_get(),
    )
    .await
    .unwrap_err();
    // Ten redirects are followed; the eleventh response is returned as it is.
    let Error::Api(response) = &error else {
        panic!("expected the last redirect as Error::Api, got {error:?}");
    };
    assert_eq!(response.status, 302);
    assert_eq!(api.received_requests().await.unwrap().len(), 11);
}

#[tokio::test]
async fn a_custom_reqwest_client_still_never_forwards_credentials() {
    // A user-supplied reqwest client keeps its own redirect policy (reqwest's default follows
    // up to 10), but reqwest strips credentials when the host or port changes.
    for target in ["port", "host"] {
        let other = other_host().await;
        let base = if target == "port" {
            other.uri()
        } else {
            on_localhost(&other.uri())
        };
        let api = serving(redirect(307, &format!("{base}{BASE}/locations"))).await;
        for builder in [
            builder_for(&api.uri()),
            builder_for(&api.uri()).basic_auth(USERNAME, PASSWORD),
        ] {
            builder
                .reqwest_client(reqwest::Client::new())
                .build()
                .unwrap()
                .locations_api()
                .locations_get()
                .await
                .unwrap();
        }
        let received = other.received_requests().await.unwrap();
        assert_eq!(received.len(), 2, "{target}");
        for request in received {
            assert!(request.headers.get("authorization").is_none(), "{target}");
            assert!(request.headers.get("cookie").is_none(), "{target}");
        }
    }
}
