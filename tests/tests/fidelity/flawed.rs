//! The flaws a document was once refused for, read the one safe way: a path parameter the
//! template does not name goes in the query, a placeholder without a parameter is a required
//! string, and a `{name:regex}` placeholder is `{name}`.

use crate::flawed_client::{Client, GetMachineOptions};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn workshop() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

#[tokio::test]
async fn a_path_parameter_missing_from_the_template_goes_in_the_query() {
    let (server, client) = workshop().await;
    Mock::given(method("GET"))
        .and(path("/v2/machines/m1"))
        .and(query_param("revision", "3"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Rate-Remaining", "9")
                .set_body_json(
                    json!({"id": "m1", "name": "lathe", "controller": {"any": ["json"]}}),
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let machine = client
        .machines_api()
        .get_machine("m1", GetMachineOptions::default().revision(3))
        .await
        .unwrap();
    assert_eq!(machine.name, "lathe");
    // The schema the document forgot is any JSON.
    assert_eq!(machine.controller, Some(json!({"any": ["json"]})));
}

#[tokio::test]
async fn placeholders_without_a_parameter_and_route_patterns_are_filled() {
    let (server, client) = workshop().await;
    Mock::given(path("/v2/machines/m1/logs/boot%20log"))
        .respond_with(ResponseTemplate::new(200).set_body_string("started"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v2/machines/42/parts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"name": "spindle", "assembly": {"name": "head", "position": 1,
                "assembly": {"name": "frame"}}}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let api = client.machines_api();
    assert_eq!(api.get_log("m1", "boot log").await.unwrap(), "started");
    let parts = api.list_parts("42").await.unwrap();
    // The part that contains itself through `allOf` decodes to any depth.
    let head = parts[0].assembly.as_ref().unwrap();
    assert_eq!(head.position, Some(1));
    assert_eq!(
        head.assembly.as_ref().unwrap().name.as_deref(),
        Some("frame")
    );
}
