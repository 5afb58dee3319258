//! What a contract run of public documents found, on the wire: a media-type range is not sent
//! as `Content-Type`, a query API key goes once, a parameter reused by `$ref: '#/paths/...'`
//! and a path key's query string reach the request, and `null` items and values decode.

use crate::realworld_client::models::{Climate, ListSensorsKind};
use crate::realworld_client::{Client, GetHouseOptions, ListSensorsOptions};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn greenhouse() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(format!("{}/api", server.uri()))
        .api_key("the-key")
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn a_media_type_range_is_not_sent_as_the_content_type() {
    let (server, client) = greenhouse().await;
    Mock::given(method("PUT"))
        .and(path("/api/houses/h1/climate"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"target": "21", "mode": "eco"})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client
        .houses_api()
        .set_climate("h1", &Climate::new("21", json!("eco")))
        .await
        .unwrap();
    Mock::given(method("PUT"))
        .and(path("/api/houses/h1/vents"))
        .and(body_json(json!(true)))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"state": "open"})))
        .expect(1)
        .mount(&server)
        .await;
    let vents = client
        .houses_api()
        .set_vents_open("h1", &true)
        .await
        .unwrap();
    assert_eq!(vents.state.map(|s| s.to_string()).as_deref(), Some("open"));
}

#[tokio::test]
async fn the_query_api_key_is_sent_once() {
    let (server, client) = greenhouse().await;
    Mock::given(path("/api/houses/h1"))
        .and(query_param("default", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "name": "north", "plants": {"tomato": 12}, "reading": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    let house = client
        .houses_api()
        .get_house("h1", GetHouseOptions::default().default2(true))
        .await
        .unwrap();
    assert_eq!(house.name, "north");
    assert_eq!(house.reading, Some(None));
    let request = &server.received_requests().await.unwrap()[0];
    let keys: Vec<_> = request
        .url
        .query_pairs()
        .filter(|(k, _)| k == "key")
        .collect();
    assert_eq!(keys.len(), 1, "{}", request.url);
    assert_eq!(keys[0].1, "the-key");
}

#[tokio::test]
async fn a_path_key_query_and_null_items_reach_the_caller() {
    let (server, client) = greenhouse().await;
    Mock::given(path("/api/sensors"))
        .and(query_param("kind", "2"))
        .and(query_param("page", "50"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "sensors": [{"id": "s1"}, null],
            "lastValues": {"s1": 20.5, "s2": null}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let listed = client
        .sensors_api()
        .list_sensors(&ListSensorsKind::V2, ListSensorsOptions::default().page(50))
        .await
        .unwrap();
    let sensors = listed.sensors.unwrap();
    assert_eq!(sensors.len(), 2);
    assert!(sensors[1].is_none());
    let values = listed.last_values.unwrap();
    assert_eq!(values["s1"], Some(20.5));
    assert_eq!(values["s2"], None);
}

#[tokio::test]
async fn a_path_served_at_the_host_root_leaves_the_base_path_out() {
    let (server, client) = greenhouse().await;
    Mock::given(method("GET"))
        .and(path("/health"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(client.houses_api().get_health().await.unwrap(), "ok");
}

#[tokio::test]
async fn an_alias_body_goes_as_json_and_a_204_needs_no_body() {
    let (server, client) = greenhouse().await;
    Mock::given(method("PUT"))
        .and(path("/api/houses/h1/labels"))
        .and(body_json(json!(["north", "glass"])))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client
        .houses_api()
        .set_labels("h1", &vec!["north".to_string(), "glass".to_string()])
        .await
        .expect("a 204 answer, whatever the document says its body is");
}

#[tokio::test]
async fn an_array_in_a_multipart_form_is_a_part_per_item() {
    let (server, client) = greenhouse().await;
    Mock::given(method("POST"))
        .and(path("/api/photos"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let mut form = crate::realworld_client::UploadPhotoForm::new(
        openapi_client_runtime::multipart::FilePart::new(b"jpeg".to_vec()),
    );
    form.labels = Some(vec!["tomato".into(), "row 3".into()]);
    client.sensors_api().upload_photo(form).await.unwrap();
    let body =
        String::from_utf8_lossy(&server.received_requests().await.unwrap()[0].body).into_owned();
    assert_eq!(body.matches("name=\"labels\"").count(), 2, "{body}");
    assert!(
        body.contains("\r\n\r\ntomato\r\n") && body.contains("\r\n\r\nrow 3\r\n"),
        "{body}"
    );
}
