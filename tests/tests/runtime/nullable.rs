//! Issue 4, item 6: optional nullable request fields can be omitted, sent as `null` or sent with
//! a value, and responses keep the three apart.

use ionoscloud_container_registry::chrono::{DateTime, Utc};
use ionoscloud_container_registry::models::{
    Day, PatchRegistryInput, PatchTokenInput, PatchTokenInputStatus, PostTokenInput,
    PostTokenProperties, Scope, WeeklySchedule,
};
use serde_json::{json, Value};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

fn date() -> DateTime<Utc> {
    "2030-01-02T03:04:05Z".parse().unwrap()
}

fn scope() -> Scope {
    Scope::new(
        Some(vec!["pull".into(), "push".into()]),
        "app/*",
        "repository",
    )
}

/// A server answering every request with `body`.
async fn server_answering(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

async fn bodies(server: &MockServer) -> Vec<Value> {
    requests(server)
        .await
        .iter()
        .map(|r| {
            assert_eq!(r.headers.get("content-type").unwrap(), "application/json");
            r.body_json().unwrap()
        })
        .collect()
}

#[tokio::test]
async fn patch_token_fields_can_be_omitted_sent_as_null_or_set() {
    let server = server_answering(200, token_json(TOKEN_ID, "ci-token", "")).await;
    let api = client(&server).tokens_api();
    let patches = [
        PatchTokenInput::new(),
        PatchTokenInput::new()
            .with_expiry_date_null()
            .with_scopes_null(),
        PatchTokenInput::new()
            .with_expiry_date(date())
            .with_scopes(vec![scope()])
            .with_status(PatchTokenInputStatus::Disabled),
        // The same three states written as plain field values.
        PatchTokenInput {
            expiry_date: Some(None),
            scopes: None,
            status: None,
        },
        PatchTokenInput {
            expiry_date: None,
            scopes: Some(Some(vec![])),
            status: Some(PatchTokenInputStatus::Enabled),
        },
    ];
    for patch in &patches {
        api.registries_tokens_patch(registry_id(), token_id(), patch)
            .await
            .unwrap();
    }
    assert_eq!(
        bodies(&server).await,
        [
            json!({}),
            json!({"expiryDate": null, "scopes": null}),
            json!({
                "expiryDate": "2030-01-02T03:04:05Z",
                "scopes": [{"actions": ["pull", "push"], "name": "app/*", "type": "repository"}],
                "status": "disabled"
            }),
            json!({"expiryDate": null}),
            json!({"scopes": [], "status": "enabled"}),
        ]
    );
    let received = requests(&server).await;
    assert!(received.iter().all(|r| r.method.as_str() == "PATCH"
        && r.url.path()
            == format!("/containerregistries/registries/{REGISTRY_ID}/tokens/{TOKEN_ID}")));
}

#[tokio::test]
async fn post_token_expiry_can_be_omitted_sent_as_null_or_set() {
    let server = server_answering(201, token_json(TOKEN_ID, "ci-token", "")).await;
    let api = client(&server).tokens_api();
    for properties in [
        PostTokenProperties::new("ci-token"),
        PostTokenProperties::new("ci-token").with_expiry_date_null(),
        PostTokenProperties::new("ci-token").with_expiry_date(date()),
    ] {
        api.registries_tokens_post(registry_id(), &PostTokenInput::new(properties))
            .await
            .unwrap();
    }
    assert_eq!(
        bodies(&server).await,
        [
            json!({"properties": {"name": "ci-token"}}),
            json!({"properties": {"name": "ci-token", "expiryDate": null}}),
            json!({"properties": {"name": "ci-token", "expiryDate": "2030-01-02T03:04:05Z"}}),
        ]
    );
}

#[tokio::test]
async fn patch_registry_schedule_can_be_omitted_sent_as_null_or_set() {
    let server = server_answering(200, registry_json(REGISTRY_ID, "reg")).await;
    let api = client(&server).registries_api();
    let schedule = WeeklySchedule::new(Some(vec![Day::Monday, Day::Friday]), "02:30:00");
    for patch in [
        PatchRegistryInput::new(),
        PatchRegistryInput::new().with_garbage_collection_schedule_null(),
        PatchRegistryInput::new().with_garbage_collection_schedule(schedule),
    ] {
        api.registries_patch(registry_id(), &patch).await.unwrap();
    }
    assert_eq!(
        bodies(&server).await,
        [
            json!({}),
            json!({"garbageCollectionSchedule": null}),
            json!({"garbageCollectionSchedule": {"days": ["Monday", "Friday"], "time": "02:30:00"}}),
        ]
    );
}

#[tokio::test]
async fn responses_keep_absent_null_and_value_apart() {
    let mut absent = token_json(TOKEN_ID, "ci-token", "");
    let mut null = absent.clone();
    null["properties"]["expiryDate"] = Value::Null;
    null["properties"]["scopes"] = Value::Null;
    let mut value = absent.clone();
    value["properties"]["expiryDate"] = json!("2030-01-02T03:04:05Z");
    value["properties"]["scopes"] = json!([]);
    absent["properties"]
        .as_object_mut()
        .unwrap()
        .retain(|key, _| key != "expiryDate" && key != "scopes");
    let mut decoded = Vec::new();
    for body in [absent, null, value] {
        let server = server_answering(200, body).await;
        let token = client(&server)
            .tokens_api()
            .registries_tokens_find_by_id(registry_id(), token_id())
            .await
            .unwrap();
        let properties = token.properties.unwrap();
        decoded.push((properties.expiry_date, properties.scopes));
    }
    assert_eq!(
        decoded,
        [
            (None, None),
            (Some(None), Some(None)),
            (Some(Some(date())), Some(Some(vec![]))),
        ]
    );
}
