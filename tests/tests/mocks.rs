//! The generated `mock` feature, used the way an SDK user tests their own code: typed
//! expectations on path parameters, query options and bodies, answered with models, statuses
//! and error models, and call counts that are verified.

use ionoscloud_container_registry::mock::MockApi;
use ionoscloud_container_registry::models::{
    self, ApiErrorMessage, ApiErrorResponse, ErrorMessages, PaginationLinks, PatchRegistryInput,
    RegistriesResponse, RegistryPagination, RegistryProperties, RegistryResponse,
};
use ionoscloud_container_registry::{Client, Error, ErrorModel, RegistriesGetOptions};

const REGISTRY_ID: &str = "3f2c9a1e-7b4d-4e8a-9c61-0d5e2f8b7a43";

fn registry(name: &str) -> RegistryResponse {
    RegistryResponse::new(None, Some(RegistryProperties::new("de/fra", name)))
        .with_id(REGISTRY_ID.parse().expect("a UUID"))
}

fn page(items: Vec<RegistryResponse>) -> RegistriesResponse {
    RegistriesResponse::new(
        PaginationLinks::new(String::new(), String::new(), String::new()),
        RegistryPagination::new(10, String::new()),
    )
    .with_items(items)
}

/// Code under test: the names of the first ten registries.
async fn registry_names(client: &Client) -> Result<Vec<String>, Error> {
    let page = client
        .registries_api()
        .registries_get(RegistriesGetOptions::default().limit("10"))
        .await?;
    Ok(page
        .items
        .flatten()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|r| r.properties.map(|p| p.name))
        .collect())
}

#[tokio::test]
async fn a_listing_with_limit_10_returns_the_registries_the_mock_answers() {
    let mock = MockApi::start().await;
    mock.expect_registries_get(&RegistriesGetOptions::default().limit("10"))
        .times(1)
        .respond(&page(vec![
            registry("acme-images"),
            registry("acme-charts"),
        ]))
        .await;

    let names = registry_names(&mock.client())
        .await
        .expect("the mock answers");
    assert_eq!(names, ["acme-images", "acme-charts"]);
    mock.verify().await;
}

#[tokio::test]
async fn options_that_differ_do_not_match() {
    let mock = MockApi::start().await;
    mock.expect_registries_get(&RegistriesGetOptions::default().limit("5"))
        .respond(&page(Vec::new()))
        .await;
    // The code under test asks for 10: the expectation does not match, and wiremock answers 404.
    let error = registry_names(&mock.client())
        .await
        .expect_err("no expectation matches limit=10");
    assert!(error.is_not_found(), "{error:?}");
}

#[tokio::test]
async fn path_parameters_and_bodies_are_matched_and_errors_are_typed() {
    let mock = MockApi::start().await;
    let registry_id = REGISTRY_ID.parse().expect("a UUID");
    let change = PatchRegistryInput::new();
    let problem = ApiErrorResponse::new(
        409,
        Some(vec![ApiErrorMessage::new(
            "CONFLICT",
            "a change is in progress",
        )]),
    );
    mock.expect_registries_patch(registry_id, &change)
        .times(1)
        .respond_error(409, &problem)
        .await;

    let error = mock
        .client()
        .registries_api()
        .registries_patch(registry_id, &change)
        .await
        .expect_err("the mock answers 409");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(409));
    let model = error
        .api_error()
        .and_then(|e| e.model.clone())
        .expect("the error model is decoded");
    assert_eq!(model, ErrorModel::ApiErrorResponse(problem));
    mock.verify().await;
}

/// An operation of API 1.2 answers its own error schema: its expectation's `respond_error`
/// takes that model, and the client decodes it into that variant.
#[tokio::test]
async fn each_operation_answers_errors_in_its_own_model() {
    let mock = MockApi::start().await;
    let registry_id = REGISTRY_ID.parse().expect("a UUID");
    let problem = models::ErrorModel::new()
        .with_http_status(403)
        .with_messages(vec![ErrorMessages::new()
            .with_error_code("crs-forbidden")
            .with_message("the token may not read this registry")]);
    mock.expect_registries_repositories_find_by_name(registry_id, "nginx")
        .respond_error(403, &problem)
        .await;

    let error = mock
        .client()
        .repositories_api()
        .registries_repositories_find_by_name(registry_id, "nginx")
        .await
        .expect_err("the mock answers 403");
    let model = error.api_error().and_then(|e| e.model.clone());
    assert_eq!(model, Some(ErrorModel::Error(problem)));
}

#[tokio::test]
async fn call_counts_are_verified() {
    let mock = MockApi::start().await;
    mock.expect_names_check_usage("acme-images")
        .times(2)
        .respond_empty()
        .await;
    let client = mock.client();
    for _ in 0..2 {
        client
            .names_api()
            .names_check_usage("acme-images")
            .await
            .expect("the name is taken (200)");
    }
    mock.verify().await;

    let once = MockApi::start().await;
    once.expect_names_check_usage("acme-images")
        .times(2)
        .respond_empty()
        .await;
    once.client()
        .names_api()
        .names_check_usage("acme-images")
        .await
        .expect("200");
    let verified = tokio::spawn(async move { once.verify().await }).await;
    assert!(
        verified.is_err(),
        "one call of two expected must fail verify()"
    );
}
