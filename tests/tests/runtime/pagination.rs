//! Issue 4, item 3: `registries_get_stream` pages by `pagination.token`,
//! `registries_tokens_get_stream` by `offset`/`limit` up to `total`; both stop correctly and pass
//! errors through.

use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use ionoscloud_container_registry::apis::{RegistriesGetOptions, RegistriesTokensGetOptions};
use ionoscloud_container_registry::reqwest::StatusCode;
use ionoscloud_container_registry::{Error, ErrorModel, PageStream};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

const REGISTRIES: &str = "/containerregistries/registries";

fn tokens_path() -> String {
    format!("/containerregistries/registries/{REGISTRY_ID}/tokens")
}

/// A `RegistriesResponse` page with registries named `names` and the next `token`.
fn registries_page(names: &[&str], token: &str) -> ResponseTemplate {
    let items: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(i, name)| registry_json(&format!("00000000-0000-4000-8000-{i:012}"), name))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "_links": links_json(),
        "items": items,
        "pagination": {"limit": 2, "token": token}
    }))
}

/// Answers a registries request whose `pagination.token` is `token` (absent for `None`).
async fn registries_mock(server: &MockServer, token: Option<&str>, page: ResponseTemplate) {
    let mock = Mock::given(method("GET")).and(path(REGISTRIES));
    let mock = match token {
        Some(token) => mock.and(query_param("pagination.token", token)),
        None => mock.and(query_param_is_missing("pagination.token")),
    };
    mock.respond_with(page).mount(server).await;
}

/// A `TokensResponse` page starting at `offset` with tokens named `names` out of `total`.
fn tokens_page(names: &[&str], offset: usize, total: usize) -> ResponseTemplate {
    let items: Vec<Value> = names
        .iter()
        .map(|name| token_json(TOKEN_ID, name, ""))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "_links": links_json(),
        "items": items,
        "count": names.len(),
        "offset": offset,
        "limit": 2,
        "total": total
    }))
}

/// Answers a tokens request whose `offset` is `offset` (absent for `None`).
async fn tokens_mock(server: &MockServer, offset: Option<&str>, page: ResponseTemplate) {
    let mock = Mock::given(method("GET")).and(path(tokens_path()));
    let mock = match offset {
        Some(offset) => mock.and(query_param("offset", offset)),
        None => mock.and(query_param_is_missing("offset")),
    };
    mock.respond_with(page).mount(server).await;
}

/// The query strings of the requests `server` received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    requests(server)
        .await
        .iter()
        .map(|r| r.url.query().unwrap_or("").to_owned())
        .collect()
}

/// Collects a stream, failing instead of hanging when it does not end.
async fn collect_all<T>(stream: PageStream<T>) -> Vec<Result<T, Error>> {
    tokio::time::timeout(Duration::from_secs(10), stream.collect())
        .await
        .expect("the stream ends")
}

fn registry_names(
    items: Vec<Result<ionoscloud_container_registry::models::RegistryResponse, Error>>,
) -> Vec<String> {
    items
        .into_iter()
        .map(|item| item.unwrap().properties.unwrap().name)
        .collect()
}

#[tokio::test]
async fn registries_stream_follows_the_pagination_token_until_it_is_empty() {
    let server = MockServer::start().await;
    registries_mock(&server, None, registries_page(&["a", "b"], "t1")).await;
    registries_mock(&server, Some("t1"), registries_page(&["c", "d"], "t/2 +")).await;
    registries_mock(&server, Some("t/2 +"), registries_page(&["e"], "")).await;
    let options = RegistriesGetOptions::default()
        .filter_name("reg")
        .limit("2");
    let stream = client(&server)
        .registries_api()
        .registries_get_stream(options);
    let names = registry_names(collect_all(stream).await);
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        queries(&server).await,
        [
            "filter.name=reg&limit=2",
            "filter.name=reg&limit=2&pagination.token=t1",
            "filter.name=reg&limit=2&pagination.token=t%2F2%20%2B",
        ]
    );
}

#[tokio::test]
async fn registries_stream_stops_on_an_empty_page() {
    let server = MockServer::start().await;
    registries_mock(&server, None, registries_page(&["a"], "t1")).await;
    registries_mock(&server, Some("t1"), registries_page(&[], "t2")).await;
    registries_mock(&server, Some("t2"), registries_page(&["never"], "")).await;
    let stream = client(&server)
        .registries_api()
        .registries_get_stream(RegistriesGetOptions::default());
    assert_eq!(registry_names(collect_all(stream).await), ["a"]);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn registries_stream_stops_when_the_token_does_not_change() {
    let server = MockServer::start().await;
    registries_mock(&server, None, registries_page(&["a"], "t1")).await;
    registries_mock(&server, Some("t1"), registries_page(&["b"], "t1")).await;
    let stream = client(&server)
        .registries_api()
        .registries_get_stream(RegistriesGetOptions::default());
    assert_eq!(registry_names(collect_all(stream).await), ["a", "b"]);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn registries_stream_starts_from_a_given_token() {
    let server = MockServer::start().await;
    registries_mock(&server, Some("start"), registries_page(&["x"], "")).await;
    let options = RegistriesGetOptions::default().pagination_token("start");
    let stream = client(&server)
        .registries_api()
        .registries_get_stream(options);
    assert_eq!(registry_names(collect_all(stream).await), ["x"]);
    assert_eq!(queries(&server).await, ["pagination.token=start"]);
}

fn token_names(
    items: Vec<Result<ionoscloud_container_registry::models::TokenResponse, Error>>,
) -> Vec<String> {
    items
        .into_iter()
        .map(|item| item.unwrap().properties.unwrap().name)
        .collect()
}

#[tokio::test]
async fn tokens_stream_pages_by_offset_until_the_total_is_reached() {
    let server = MockServer::start().await;
    tokens_mock(&server, None, tokens_page(&["t0", "t1"], 0, 5)).await;
    tokens_mock(&server, Some("2"), tokens_page(&["t2", "t3"], 2, 5)).await;
    tokens_mock(&server, Some("4"), tokens_page(&["t4"], 4, 5)).await;
    tokens_mock(&server, Some("5"), tokens_page(&["never"], 5, 5)).await;
    let stream = client(&server).tokens_api().registries_tokens_get_stream(
        registry_id(),
        RegistriesTokensGetOptions::default().limit("2"),
    );
    let names = token_names(collect_all(stream).await);
    assert_eq!(names, ["t0", "t1", "t2", "t3", "t4"]);
    assert_eq!(
        queries(&server).await,
        ["limit=2", "offset=2&limit=2", "offset=4&limit=2"]
    );
}

#[tokio::test]
async fn tokens_stream_stops_at_a_total_hit_exactly_by_a_full_page() {
    let server = MockServer::start().await;
    tokens_mock(&server, Some("10"), tokens_page(&["a", "b"], 10, 12)).await;
    tokens_mock(&server, Some("12"), tokens_page(&["never"], 12, 12)).await;
    let options = RegistriesTokensGetOptions::default()
        .offset("10")
        .limit("2");
    let stream = client(&server)
        .tokens_api()
        .registries_tokens_get_stream(registry_id(), options);
    assert_eq!(token_names(collect_all(stream).await), ["a", "b"]);
    assert_eq!(queries(&server).await, ["offset=10&limit=2"]);
}

#[tokio::test]
async fn tokens_stream_stops_on_an_empty_page_before_the_total() {
    let server = MockServer::start().await;
    tokens_mock(&server, None, tokens_page(&["a", "b"], 0, 100)).await;
    tokens_mock(&server, Some("2"), tokens_page(&[], 2, 100)).await;
    tokens_mock(&server, Some("4"), tokens_page(&["never"], 4, 100)).await;
    let stream = client(&server)
        .tokens_api()
        .registries_tokens_get_stream(registry_id(), RegistriesTokensGetOptions::default());
    assert_eq!(token_names(collect_all(stream).await), ["a", "b"]);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn an_error_is_yielded_after_the_items_before_it_and_ends_the_stream() {
    let server = MockServer::start().await;
    tokens_mock(&server, None, tokens_page(&["a", "b"], 0, 10)).await;
    tokens_mock(
        &server,
        Some("2"),
        ResponseTemplate::new(400).set_body_json(json!({
            "httpStatus": 400,
            "messages": [{"errorCode": "crs-400", "message": "bad offset"}]
        })),
    )
    .await;
    let stream = client(&server)
        .tokens_api()
        .registries_tokens_get_stream(registry_id(), RegistriesTokensGetOptions::default());
    let results = collect_all(stream).await;
    assert_eq!(results.len(), 3, "two items, then the error, then the end");
    assert!(results[0].is_ok() && results[1].is_ok());
    let error = results[2].as_ref().unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    let model = error.api_error().unwrap().model.as_ref().unwrap();
    let ErrorModel::ApiErrorResponse(model) = model else {
        panic!("the tokens listing answers ApiErrorResponse, got {model:?}");
    };
    assert_eq!(model.http_status, 400);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn an_error_on_the_first_page_is_the_only_item() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let stream = client(&server)
        .registries_api()
        .registries_get_stream(RegistriesGetOptions::default());
    let results = collect_all(stream).await;
    assert_eq!(results.len(), 1);
    assert!(results[0].as_ref().unwrap_err().is_not_found());
}

#[tokio::test]
async fn a_page_that_does_not_decode_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": "nope"})))
        .mount(&server)
        .await;
    let stream = client(&server)
        .registries_api()
        .registries_get_stream(RegistriesGetOptions::default());
    let results = collect_all(stream).await;
    assert_eq!(results.len(), 1);
    assert!(
        matches!(results[0], Err(Error::Decode(_))),
        "{:?}",
        results[0]
    );
}

#[tokio::test]
async fn pages_are_fetched_lazily_and_retried_like_any_request() {
    let server = MockServer::start().await;
    tokens_mock(&server, None, tokens_page(&["a", "b"], 0, 4)).await;
    let flaky = Sequence::new(vec![
        ResponseTemplate::new(503),
        tokens_page(&["c", "d"], 2, 4),
    ]);
    Mock::given(method("GET"))
        .and(query_param("offset", "2"))
        .respond_with(flaky.clone())
        .mount(&server)
        .await;
    let mut stream = client(&server)
        .tokens_api()
        .registries_tokens_get_stream(registry_id(), RegistriesTokensGetOptions::default());
    assert!(
        requests(&server).await.is_empty(),
        "nothing is sent before polling"
    );
    let first = stream.try_next().await.unwrap().unwrap();
    assert_eq!(first.properties.unwrap().name, "a");
    assert_eq!(
        requests(&server).await.len(),
        1,
        "only the first page so far"
    );
    let rest: Vec<_> = stream.try_collect().await.unwrap();
    assert_eq!(rest.len(), 3);
    assert_eq!(flaky.arrivals().len(), 2, "the 503 on page two was retried");
}
