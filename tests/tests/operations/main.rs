//! Behaviour tests of the generated `ionoscloud-container-registry` client against a real HTTP
//! server on loopback (wiremock): every one of the 22 operations, what it puts on the wire
//! (method, exact path, query, `Authorization`, `Accept`, `Content-Type`, JSON body) and how it
//! decodes the answer (the operations of 1.2 in `operations/scanning.rs`); then more request
//! shapes (`operations/requests.rs`) and errors and edge cases (`operations/errors.rs`).
//!
//! Every test mounts a single catch-all mock that must be hit exactly once, and then compares
//! the one recorded request field by field, so a wrong path, query, header or body fails with a
//! message naming what differs.

mod errors;
mod fixtures;
mod list;
mod requests;
mod scanning;
mod support;

use fixtures::*;
use ionoscloud_container_registry::models::{
    Day, PatchRegistryInput, PatchTokenInput, PatchTokenInputStatus, PostRegistryInput,
    PostRegistryProperties, PostTokenInput, PostTokenProperties, PostTokenPropertiesStatus,
    PutRegistryInput, PutTokenInput, Scope,
};
use ionoscloud_container_registry::reqwest::StatusCode;
use ionoscloud_container_registry::{RegistriesGetOptions, RegistriesTokensGetOptions};
use serde_json::json;
use support::{assert_sent, client, mock_server, respond_once, Credential, Expected, BASE};
use wiremock::ResponseTemplate;

// ---- Locations ----------------------------------------------------------------------------

#[tokio::test]
async fn locations_get() {
    let server = mock_server().await;
    respond_once(&server, support::json(200, locations_json())).await;
    let client = client(&server, Credential::Basic);

    let locations = client.locations_api().locations_get().await.unwrap();

    assert_eq!(locations, locations_model());
    assert_sent(
        &server,
        Expected {
            method: "GET",
            path: &format!("{BASE}/locations"),
            query: None,
            credential: Credential::Basic,
            body: None,
        },
    )
    .await;
}

// ---- Names --------------------------------------------------------------------------------

#[tokio::test]
async fn names_check_usage() {
    let server = mock_server().await;
    respond_once(&server, ResponseTemplate::new(200)).await;
    let client = client(&server, Credential::Token);

    let info = client
        .names_api()
        .names_check_usage_with_http_info("acme-images")
        .await
        .unwrap();

    assert_eq!(info.status, StatusCode::OK);
    assert_sent(
        &server,
        Expected {
            method: "HEAD",
            path: &format!("{BASE}/names/acme-images"),
            query: None,
            credential: Credential::Token,
            body: None,
        },
    )
    .await;
}

// ---- Registries ---------------------------------------------------------------------------

#[tokio::test]
async fn registries_get() {
    let server = mock_server().await;
    respond_once(&server, support::json(200, registries_json())).await;
    let client = client(&server, Credential::PrefixedToken);

    let page = client
        .registries_api()
        .registries_get(
            RegistriesGetOptions::default()
                .filter_name("acme images&co")
                .limit("2")
                .pagination_token("eyJsYXN0IjoiYWNtZSJ9+/="),
        )
        .await
        .unwrap();

    assert_eq!(page, registries_model());
    assert_eq!(
        page.links.self_,
        format!("https://api.example.test{BASE}/registries?limit=2")
    );
    assert_sent(
        &server,
        Expected {
            method: "GET",
            path: &format!("{BASE}/registries"),
            query: Some(
                "filter.name=acme%20images%26co&limit=2&pagination.token=eyJsYXN0IjoiYWNtZSJ9%2B%2F%3D",
            ),
            credential: Credential::PrefixedToken,
            body: None,
        },
    )
    .await;
}

#[tokio::test]
async fn registries_post() {
    let server = mock_server().await;
    let location = registry_href(OTHER_REGISTRY_ID);
    respond_once(
        &server,
        support::json(201, created_registry_json()).insert_header("Location", location.as_str()),
    )
    .await;
    let client = client(&server, Credential::Basic);
    let body = PostRegistryInput::new(
        PostRegistryProperties::new("de/fra", "acme-images")
            .with_garbage_collection_schedule(weekly(&[Day::Monday, Day::Thursday], "02:30:00")),
    );

    let info = client
        .registries_api()
        .registries_post_with_http_info(&body)
        .await
        .unwrap();

    assert_eq!(info.status, StatusCode::CREATED);
    assert_eq!(info.header("location"), Some(location.as_str()));
    assert_eq!(info.data, created_registry_model());
    assert_sent(
        &server,
        Expected {
            method: "POST",
            path: &format!("{BASE}/registries"),
            query: None,
            credential: Credential::Basic,
            body: Some(json!({
                "properties": {
                    "name": "acme-images",
                    "location": "de/fra",
                    "garbageCollectionSchedule": {"days": ["Monday", "Thursday"], "time": "02:30:00"}
                }
            })),
        },
    )
    .await;
}

#[tokio::test]
async fn registries_find_by_id() {
    let server = mock_server().await;
    respond_once(&server, support::json(200, registry_json())).await;
    let client = client(&server, Credential::Token);

    let registry = client
        .registries_api()
        .registries_find_by_id(uuid(REGISTRY_ID))
        .await
        .unwrap();

    assert_eq!(registry, registry_model());
    assert_sent(
        &server,
        Expected {
            method: "GET",
            path: &format!("{BASE}/registries/{REGISTRY_ID}"),
            query: None,
            credential: Credential::Token,
            body: None,
        },
    )
    .await;
}

#[tokio::test]
async fn registries_put() {
    let server = mock_server().await;
    let location = registry_href(REGISTRY_ID);
    respond_once(
        &server,
        support::json(201, replaced_registry_json()).insert_header("Location", location.as_str()),
    )
    .await;
    let client = client(&server, Credential::PrefixedToken);
    // No schedule: the optional field must be left out, not sent as `null`.
    let body = PutRegistryInput::new(PostRegistryProperties::new("de/fra", "acme-images"));

    let info = client
        .registries_api()
        .registries_put_with_http_info(uuid(REGISTRY_ID), &body)
        .await
        .unwrap();

    assert_eq!(info.status, StatusCode::CREATED);
    assert_eq!(info.header("Location"), Some(location.as_str()));
    assert_eq!(info.data, replaced_registry_model());
    assert_sent(
        &server,
        Expected {
            method: "PUT",
            path: &format!("{BASE}/registries/{REGISTRY_ID}"),
            query: None,
            credential: Credential::PrefixedToken,
            body: Some(json!({"properties": {"name": "acme-images", "location": "de/fra"}})),
        },
    )
    .await;
}

#[tokio::test]
async fn registries_patch() {
    let server = mock_server().await;
    respond_once(&server, support::json(200, registry_json())).await;
    let client = client(&server, Credential::Basic);
    let body = PatchRegistryInput::new()
        .with_garbage_collection_schedule(weekly(&[Day::Saturday, Day::Sunday], "23:15:00"));

    let registry = client
        .registries_api()
        .registries_patch(uuid(REGISTRY_ID), &body)
        .await
        .unwrap();

    assert_eq!(registry, registry_model());
    assert_sent(
        &server,
        Expected {
            method: "PATCH",
            path: &format!("{BASE}/registries/{REGISTRY_ID}"),
            query: None,
            credential: Credential::Basic,
            body: Some(json!({
                "garbageCollectionSchedule": {"days": ["Saturday", "Sunday"], "time": "23:15:00"}
            })),
        },
    )
    .await;
}

#[tokio::test]
async fn registries_delete() {
    let server = mock_server().await;
    respond_once(&server, ResponseTemplate::new(204)).await;
    let client = client(&server, Credential::Token);

    let info = client
        .registries_api()
        .registries_delete_with_http_info(uuid(REGISTRY_ID))
        .await
        .unwrap();

    assert_eq!(info.status, StatusCode::NO_CONTENT);
    assert_sent(
        &server,
        Expected {
            method: "DELETE",
            path: &format!("{BASE}/registries/{REGISTRY_ID}"),
            query: None,
            credential: Credential::Token,
            body: None,
        },
    )
    .await;
}

// ---- Repositories -------------------------------------------------------------------------

#[tokio::test]
async fn registries_repositories_delete() {
    let server = mock_server().await;
    respond_once(&server, ResponseTemplate::new(204)).await;
    let client = client(&server, Credential::PrefixedToken);

    let info = client
        .repositories_api()
        .registries_repositories_delete_with_http_info(uuid(REGISTRY_ID), "web-frontend.v2")
        .await
        .unwrap();

    assert_eq!(info.status, StatusCode::NO_CONTENT);
    assert_sent(
        &server,
        Expected {
            method: "DELETE",
            path: &format!("{BASE}/registries/{REGISTRY_ID}/repositories/web-frontend.v2"),
            query: None,
            credential: Credential::PrefixedToken,
            body: None,
        },
    )
    .await;
}

// ---- Tokens -------------------------------------------------------------------------------

#[tokio::test]
async fn registries_tokens_get() {
    let server = mock_server().await;
    respond_once(&server, support::json(200, tokens_json())).await;
    let client = client(&server, Credential::Basic);

    let page = client
        .tokens_api()
        .registries_tokens_get(
            uuid(REGISTRY_ID),
            RegistriesTokensGetOptions::default()
                .offset("10")
                .limit("2"),
        )
        .await
        .unwrap();

    assert_eq!(page, tokens_model());
    assert_sent(
        &server,
        Expected {
            method: "GET",
            path: &format!("{BASE}/registries/{REGISTRY_ID}/tokens"),
            query: Some("offset=10&limit=2"),
            credential: Credential::Basic,
            body: None,
        },
    )
    .await;
}

#[tokio::test]
async fn registries_tokens_post() {
    let server = mock_server().await;
    let location = token_href(REGISTRY_ID, TOKEN_ID);
    respond_once(
        &server,
        support::json(201, created_token_json()).insert_header("Location", location.as_str()),
    )
    .await;
    let client = client(&server, Credential::Token);
    let body = PostTokenInput::new(
        PostTokenProperties::new("ci-pusher")
            .with_expiry_date(at(2025, 1, 31, 23, 59, 59))
            .with_scopes(vec![Scope::new(
                Some(vec!["pull".into(), "push".into()]),
                "acme/*",
                "repository",
            )])
            .with_status(PostTokenPropertiesStatus::Enabled),
    );

    let info = client
        .tokens_api()
        .registries_tokens_post_with_http_info(uuid(REGISTRY_ID), &body)
        .await
        .unwrap();

    assert_eq!(info.status, StatusCode::CREATED);
    assert_eq!(info.header("location"), Some(location.as_str()));
    assert_eq!(info.data, created_token_model());
    let password = info
        .data
        .properties
        .as_ref()
        .unwrap()
        .credentials
        .as_ref()
        .unwrap();
    assert_eq!(password.password.expose_secret(), "Zq8#mW2!vR5^kT9@pL3");
    assert_sent(
        &server,
        Expected {
            method: "POST",
            path: &format!("{BASE}/registries/{REGISTRY_ID}/tokens"),
            query: None,
            credential: Credential::Token,
            body: Some(json!({
                "properties": {
                    "name": "ci-pusher",
                    "expiryDate": "2025-01-31T23:59:59Z",
                    "scopes": [{"actions": ["pull", "push"], "name": "acme/*", "type": "repository"}],
                    "status": "enabled"
                }
            })),
        },
    )
    .await;
}

#[tokio::test]
async fn registries_tokens_find_by_id() {
    let server = mock_server().await;
    respond_once(&server, support::json(200, token_json())).await;
    let client = client(&server, Credential::PrefixedToken);

    let token = client
        .tokens_api()
        .registries_tokens_find_by_id(uuid(REGISTRY_ID), uuid(TOKEN_ID))
        .await
        .unwrap();

    assert_eq!(token, token_model());
    assert_sent(
        &server,
        Expected {
            method: "GET",
            path: &format!("{BASE}/registries/{REGISTRY_ID}/tokens/{TOKEN_ID}"),
            query: None,
            credential: Credential::PrefixedToken,
            body: None,
        },
    )
    .await;
}

#[tokio::test]
async fn registries_tokens_put() {
    let server = mock_server().await;
    let location = token_href(REGISTRY_ID, OTHER_TOKEN_ID);
    respond_once(
        &server,
        support::json(201, replaced_token_json()).insert_header("Location", location.as_str()),
    )
    .await;
    let client = client(&server, Credential::Basic);
    // Only the required name: expiry, scopes and status must not appear in the body.
    let body = PutTokenInput::new(PostTokenProperties::new("Nightly-Reader"));

    let info = client
        .tokens_api()
        .registries_tokens_put_with_http_info(uuid(REGISTRY_ID), OTHER_TOKEN_ID, &body)
        .await
        .unwrap();

    assert_eq!(info.status, StatusCode::CREATED);
    assert_eq!(info.header("location"), Some(location.as_str()));
    assert_eq!(info.data, replaced_token_model());
    assert_sent(
        &server,
        Expected {
            method: "PUT",
            path: &format!("{BASE}/registries/{REGISTRY_ID}/tokens/{OTHER_TOKEN_ID}"),
            query: None,
            credential: Credential::Basic,
            body: Some(json!({"properties": {"name": "Nightly-Reader"}})),
        },
    )
    .await;
}

#[tokio::test]
async fn registries_tokens_patch() {
    let server = mock_server().await;
    respond_once(&server, support::json(200, token_json())).await;
    let client = client(&server, Credential::Token);
    // Clear the expiry (`null`), disable the token, leave the scopes alone (absent).
    let body = PatchTokenInput::new()
        .with_expiry_date_null()
        .with_status(PatchTokenInputStatus::Disabled);

    let token = client
        .tokens_api()
        .registries_tokens_patch(uuid(REGISTRY_ID), uuid(TOKEN_ID), &body)
        .await
        .unwrap();

    assert_eq!(token, token_model());
    assert_sent(
        &server,
        Expected {
            method: "PATCH",
            path: &format!("{BASE}/registries/{REGISTRY_ID}/tokens/{TOKEN_ID}"),
            query: None,
            credential: Credential::Token,
            body: Some(json!({"expiryDate": null, "status": "disabled"})),
        },
    )
    .await;
}

#[tokio::test]
async fn registries_tokens_delete() {
    let server = mock_server().await;
    respond_once(&server, ResponseTemplate::new(204)).await;
    let client = client(&server, Credential::PrefixedToken);

    let info = client
        .tokens_api()
        .registries_tokens_delete_with_http_info(uuid(REGISTRY_ID), uuid(TOKEN_ID))
        .await
        .unwrap();

    assert_eq!(info.status, StatusCode::NO_CONTENT);
    assert_sent(
        &server,
        Expected {
            method: "DELETE",
            path: &format!("{BASE}/registries/{REGISTRY_ID}/tokens/{TOKEN_ID}"),
            query: None,
            credential: Credential::PrefixedToken,
            body: None,
        },
    )
    .await;
}
