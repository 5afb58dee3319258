//! Where calls go and what redirects mean: operations with a server of their own are sent
//! there (unless the client is told to send everything to its base URL), documented redirects
//! are returned with their `Location`, and other redirects are followed within their origin,
//! a `303` as a `GET` without the body and a `307` as the same request.

use crate::routing_client::models::NewFile;
use crate::routing_client::reqwest;
use crate::routing_client::{Client, CreateFileResponse, Error, Redirect};
use std::sync::{Arc, Mutex};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SHA: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

/// A client whose transport answers every request with `204` and records its method and URL.
fn recording(builder: crate::routing_client::ClientBuilder) -> (Client, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let transport = openapi_client_runtime::http::from_fn(move |request: reqwest::Request| {
        log.lock()
            .unwrap()
            .push(format!("{} {}", request.method(), request.url()));
        async move {
            let response = http::Response::builder().status(204).body("").unwrap();
            Ok::<_, openapi_client_runtime::http::TransportError>(response.into())
        }
    });
    (builder.http_client(transport).build().unwrap(), seen)
}

/// Calls one operation of each server: the upload host's, the CDN's and the API's.
async fn call_each_server(client: &Client) {
    client
        .uploads_api()
        .upload_content("f1", b"bytes".to_vec())
        .await
        .unwrap();
    // The recording transport answers 204, which these two do not document: the requests
    // are what counts.
    let _ = client.files_api().download_file("f1").await;
    let _ = client.files_api().get_file("f1").await;
}

#[tokio::test]
async fn operations_go_to_their_own_servers() {
    let (client, seen) = recording(Client::builder());
    call_each_server(&client).await;
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "PUT https://upload.depot.example.com/v1/uploads/f1",
            "GET https://eu.cdn.depot.example.com/v1/files/f1/content",
            "GET https://depot.example.com/v1/files/f1",
        ]
    );
}

#[tokio::test]
async fn a_base_url_does_not_move_operations_with_their_own_server() {
    let (client, seen) = recording(Client::builder().base_url("https://eu.proxy.example.net/v1"));
    call_each_server(&client).await;
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "PUT https://upload.depot.example.com/v1/uploads/f1",
            "GET https://eu.cdn.depot.example.com/v1/files/f1/content",
            "GET https://eu.proxy.example.net/v1/files/f1",
        ]
    );
}

#[tokio::test]
async fn operation_servers_can_be_turned_off() {
    let (client, seen) = recording(
        Client::builder()
            .base_url("http://127.0.0.1:9/v1")
            .operation_servers(false),
    );
    call_each_server(&client).await;
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "PUT http://127.0.0.1:9/v1/uploads/f1",
            "GET http://127.0.0.1:9/v1/files/f1/content",
            "GET http://127.0.0.1:9/v1/files/f1",
        ]
    );
}

async fn depot() -> MockServer {
    MockServer::start().await
}

fn local(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .operation_servers(false)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_documented_redirect_is_the_outcome() {
    let server = depot().await;
    let signed = "https://blobs.example.org/f1?signature=abc";
    Mock::given(path("/v1/files/f1/content"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", signed))
        .mount(&server)
        .await;
    let redirect = local(&server)
        .files_api()
        .download_file("f1")
        .await
        .expect("a 302 is the operation's outcome");
    assert_eq!(
        redirect,
        Redirect {
            status: reqwest::StatusCode::FOUND,
            location: Some(signed.to_string())
        }
    );
    // Not followed: the only request is the call itself.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_documented_redirect_sits_beside_the_success() {
    let server = depot().await;
    Mock::given(method("POST"))
        .and(path("/v1/files"))
        .respond_with(ResponseTemplate::new(303).insert_header("Location", "/v1/files/f0"))
        .mount(&server)
        .await;
    let created = local(&server)
        .files_api()
        .create_file(&NewFile::new("a.txt", SHA))
        .await
        .unwrap();
    let CreateFileResponse::SeeOther(redirect) = created else {
        panic!("expected the 303, got {created:?}");
    };
    assert_eq!(redirect.location.as_deref(), Some("/v1/files/f0"));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    // An undocumented status in the redirect range is still an error.
    let server = depot().await;
    Mock::given(path("/v1/files/f1/content"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let error = local(&server)
        .files_api()
        .download_file("f1")
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
}

#[tokio::test]
async fn other_redirects_are_followed_within_the_origin() {
    let server = depot().await;
    Mock::given(path("/v1/files/old"))
        .respond_with(ResponseTemplate::new(301).insert_header("Location", "/v1/files/new"))
        .mount(&server)
        .await;
    Mock::given(path("/v1/files/new"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"id": "new", "name": "a.txt"})),
        )
        .mount(&server)
        .await;
    let file = local(&server).files_api().get_file("old").await.unwrap();
    assert_eq!(file.id, "new");
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert_eq!(paths, ["GET /v1/files/old", "GET /v1/files/new"]);
}

#[tokio::test]
async fn a_307_repeats_the_request_and_its_body() {
    let server = depot().await;
    Mock::given(path("/v1/uploads/f1"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "/v1/uploads/f1-b"))
        .mount(&server)
        .await;
    Mock::given(path("/v1/uploads/f1-b"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    local(&server)
        .uploads_api()
        .upload_content("f1", b"the content".to_vec())
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].method.as_str(), "PUT");
    assert_eq!(requests[1].body, b"the content");
    assert_eq!(
        requests[1]
            .headers
            .get("content-type")
            .map(|v| v.to_str().unwrap()),
        Some("application/octet-stream")
    );
}

#[tokio::test]
async fn a_303_is_followed_as_a_get_without_the_body() {
    // `getFile` documents no redirect, so a `303` to it is followed; the `createFile` call
    // documents one, so the same answer is its outcome (above).
    let server = depot().await;
    Mock::given(method("GET"))
        .and(path("/v1/files/f1"))
        .respond_with(ResponseTemplate::new(303).insert_header("Location", "/v1/files/f2"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/files/f2"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "f2", "name": "b"})),
        )
        .mount(&server)
        .await;
    let file = local(&server).files_api().get_file("f1").await.unwrap();
    assert_eq!(file.id, "f2");
    let requests = server.received_requests().await.unwrap();
    assert!(requests
        .iter()
        .all(|r| r.method.as_str() == "GET" && r.body.is_empty()));
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_returned_not_followed() {
    let server = depot().await;
    let other = depot().await;
    let elsewhere = format!("{}/v1/files/f1", other.uri());
    Mock::given(path("/v1/files/f1"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", elsewhere.as_str()))
        .mount(&server)
        .await;
    let error = local(&server).files_api().get_file("f1").await.unwrap_err();
    let Error::Api(response) = &error else {
        panic!("expected the redirect as Error::Api, got {error:?}");
    };
    assert_eq!(response.status, 302);
    assert_eq!(response.header("location"), Some(elsewhere.as_str()));
    assert!(other.received_requests().await.unwrap().is_empty());
}
