//! Request shapes beyond the one-call-per-operation tests: absent options, percent-encoded path
//! parameters, each kind of credential, and absent / `null` / value in a PATCH body.

use crate::fixtures::*;
use crate::support::{
    assert_sent, client, header_values, mock_server, respond_once, unvalidated_client, Credential,
    Expected, BASE, TOKEN,
};
use ionoscloud_container_registry::models::{
    Day, PatchRegistryInput, PostTokenProperties, PutTokenInput,
};
use ionoscloud_container_registry::{
    Client, Error, RegistriesGetOptions, RegistriesTokensGetOptions, RetryPolicy,
};
use serde_json::json;
use wiremock::ResponseTemplate;

#[tokio::test]
async fn absent_options_are_not_sent() {
    // No option set: the URL has no `?` at all.
    let server = mock_server().await;
    respond_once(&server, crate::support::json(200, registries_json())).await;
    client(&server, Credential::Token)
        .registries_api()
        .registries_get(RegistriesGetOptions::default())
        .await
        .unwrap();
    assert_sent(
        &server,
        Expected {
            method: "GET",
            path: &format!("{BASE}/registries"),
            query: None,
            credential: Credential::Token,
            body: None,
        },
    )
    .await;

    // One option of several: only that one goes out.
    let cases = [
        (RegistriesTokensGetOptions::default().limit("5"), "limit=5"),
        (
            RegistriesTokensGetOptions::default().offset("20"),
            "offset=20",
        ),
    ];
    for (options, query) in cases {
        let server = mock_server().await;
        respond_once(&server, crate::support::json(200, tokens_json())).await;
        client(&server, Credential::Basic)
            .tokens_api()
            .registries_tokens_get(uuid(REGISTRY_ID), options)
            .await
            .unwrap();
        assert_sent(
            &server,
            Expected {
                method: "GET",
                path: &format!("{BASE}/registries/{REGISTRY_ID}/tokens"),
                query: Some(query),
                credential: Credential::Basic,
                body: None,
            },
        )
        .await;
    }

    let server = mock_server().await;
    respond_once(&server, crate::support::json(200, registries_json())).await;
    client(&server, Credential::Token)
        .registries_api()
        .registries_get(RegistriesGetOptions::default().pagination_token("next-page"))
        .await
        .unwrap();
    assert_sent(
        &server,
        Expected {
            method: "GET",
            path: &format!("{BASE}/registries"),
            query: Some("pagination.token=next-page"),
            credential: Credential::Token,
            body: None,
        },
    )
    .await;
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    // Values the spec's patterns forbid, sent with validation off: every character outside
    // `A-Z a-z 0-9 - . _ ~` is encoded, so `/`, `?`, `#` and `%` stay inside their segment.
    let server = mock_server().await;
    respond_once(&server, ResponseTemplate::new(200)).await;
    unvalidated_client(&server, Credential::Token)
        .names_api()
        .names_check_usage("Acme Images/ü?#%")
        .await
        .unwrap();
    assert_sent(
        &server,
        Expected {
            method: "HEAD",
            path: &format!("{BASE}/names/Acme%20Images%2F%C3%BC%3F%23%25"),
            query: None,
            credential: Credential::Token,
            body: None,
        },
    )
    .await;

    let server = mock_server().await;
    respond_once(&server, ResponseTemplate::new(204)).await;
    unvalidated_client(&server, Credential::Basic)
        .repositories_api()
        .registries_repositories_delete(uuid(REGISTRY_ID), "team/web app")
        .await
        .unwrap();
    assert_sent(
        &server,
        Expected {
            method: "DELETE",
            path: &format!("{BASE}/registries/{REGISTRY_ID}/repositories/team%2Fweb%20app"),
            query: None,
            credential: Credential::Basic,
            body: None,
        },
    )
    .await;

    let server = mock_server().await;
    respond_once(&server, crate::support::json(201, replaced_token_json())).await;
    let body = PutTokenInput::new(PostTokenProperties::new("Nightly-Reader"));
    unvalidated_client(&server, Credential::PrefixedToken)
        .tokens_api()
        .registries_tokens_put(uuid(REGISTRY_ID), "ci token+1/..", &body)
        .await
        .unwrap();
    assert_sent(
        &server,
        Expected {
            method: "PUT",
            path: &format!("{BASE}/registries/{REGISTRY_ID}/tokens/ci%20token%2B1%2F.."),
            query: None,
            credential: Credential::PrefixedToken,
            body: Some(json!({"properties": {"name": "Nightly-Reader"}})),
        },
    )
    .await;
}

#[tokio::test]
async fn invalid_path_parameters_are_rejected_before_sending() {
    let server = mock_server().await;
    let client = client(&server, Credential::Token);
    let error = client
        .names_api()
        .names_check_usage("Acme Images")
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidArgument { name, .. } if name == "name"),
        "{error:?}"
    );
    let error = client
        .repositories_api()
        .registries_repositories_delete(uuid(REGISTRY_ID), "..")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn authorization_header_for_each_kind_of_credential() {
    for credential in [
        Credential::Basic,
        Credential::Token,
        Credential::PrefixedToken,
    ] {
        let server = mock_server().await;
        respond_once(&server, crate::support::json(200, locations_json())).await;
        client(&server, credential)
            .locations_api()
            .locations_get()
            .await
            .unwrap();
        assert_sent(
            &server,
            Expected {
                method: "GET",
                path: &format!("{BASE}/locations"),
                query: None,
                credential,
                body: None,
            },
        )
        .await;
    }

    // An empty prefix sends the bare token.
    let server = mock_server().await;
    respond_once(&server, crate::support::json(200, locations_json())).await;
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .token(TOKEN)
        .token_prefix("")
        .build()
        .unwrap()
        .locations_api()
        .locations_get()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(header_values(&requests[0], "authorization"), [TOKEN]);
    // Without credentials, an operation that needs them fails before anything is sent, naming
    // what it accepts.
    let server = mock_server().await;
    let error = client(&server, Credential::None)
        .locations_api()
        .locations_get()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            Error::MissingCredentials { operation: "locationsGet", alternatives }
                if *alternatives == [vec!["basicAuth"], vec!["tokenAuth"]]
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "`locationsGet` needs credentials that are not configured: `basicAuth`, or `tokenAuth`"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn patch_body_tells_absent_null_and_value_apart() {
    let cases = [
        (PatchRegistryInput::new(), json!({})),
        (
            PatchRegistryInput::new().with_garbage_collection_schedule_null(),
            json!({"garbageCollectionSchedule": null}),
        ),
        (
            PatchRegistryInput::new()
                .with_garbage_collection_schedule(weekly(&[Day::Wednesday], "04:00:00")),
            json!({"garbageCollectionSchedule": {"days": ["Wednesday"], "time": "04:00:00"}}),
        ),
    ];
    for (body, expected) in cases {
        let server = mock_server().await;
        respond_once(&server, crate::support::json(200, registry_json())).await;
        client(&server, Credential::Basic)
            .registries_api()
            .registries_patch(uuid(REGISTRY_ID), &body)
            .await
            .unwrap();
        assert_sent(
            &server,
            Expected {
                method: "PATCH",
                path: &format!("{BASE}/registries/{REGISTRY_ID}"),
                query: None,
                credential: Credential::Basic,
                body: Some(expected),
            },
        )
        .await;
    }
}

#[tokio::test]
async fn base_url_with_a_path_is_kept() {
    // A base URL with its own path (a proxy, another region's gateway) is used as given, with a
    // trailing slash ignored; the operation path is appended to it.
    let server = mock_server().await;
    respond_once(&server, crate::support::json(200, locations_json())).await;
    Client::builder()
        .base_url(format!("{}/gateway/cr/", server.uri()))
        .retry_policy(RetryPolicy::none())
        .basic_auth(crate::support::USERNAME, crate::support::PASSWORD)
        .build()
        .unwrap()
        .locations_api()
        .locations_get()
        .await
        .unwrap();
    assert_sent(
        &server,
        Expected {
            method: "GET",
            path: "/gateway/cr/locations",
            query: None,
            credential: Credential::Basic,
            body: None,
        },
    )
    .await;
}
