//! The client generated at build time talks to a real HTTP server on loopback.

use build_script_client::container_registry::{Client, Error};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn generated_module_lists_locations() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/containerregistries/locations"))
        .and(header("authorization", "Bearer build-time-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "locations",
            "type": "collection",
            "href": "/locations",
            "items": [{"id": "de/fra"}, {"id": "de/txl"}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::builder()
        .base_url(server.uri())
        .token("build-time-token")
        .build()
        .expect("valid configuration");
    let locations = client
        .locations_api()
        .locations_get()
        .await
        .expect("the server answers");
    let ids: Vec<String> = locations
        .items
        .flatten()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|location| location.id)
        .collect();
    assert_eq!(ids, ["de/fra", "de/txl"]);
}

#[tokio::test]
async fn generated_module_reports_api_errors() {
    let server = MockServer::start().await;
    Mock::given(method("HEAD"))
        .and(path("/containerregistries/names/taken-name"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .basic_auth("user", "secret")
        .build()
        .expect("valid configuration");
    let err = client
        .names_api()
        .names_check_usage("taken-name")
        .await
        .expect_err("404 means the name is free, reported as an error");
    assert!(matches!(err, Error::Api(_)));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}
