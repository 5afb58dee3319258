//! Error responses and edge cases: typed 400/404/409 errors for the operations, the HEAD
//! `/names/{name}` answer, an HTML 502, an empty body, a body that does not match the schema,
//! and unknown fields and enum values.

use crate::fixtures::*;
use crate::list::Operation;
use crate::support::{
    assert_request, client, mock_server, respond_once, Credential, Expected, BASE,
};
use ionoscloud_container_registry::models::{
    Day, PatchRegistryInput, PatchTokenInput, PostRegistryInput, PostRegistryProperties,
    PostTokenInput, PostTokenProperties, PutRegistryInput, PutTokenInput, TokenPropertiesStatus,
};
use ionoscloud_container_registry::reqwest::StatusCode;
use ionoscloud_container_registry::{
    ApiError, Client, Error, RegistriesGetOptions, RegistriesTokensGetOptions, RetryPolicy,
};
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::any;
use wiremock::{Mock, ResponseTemplate};

impl Operation {
    /// Calls the operation with valid arguments, dropping whatever it returns on success.
    async fn call(self, client: &Client) -> Result<(), Error> {
        let registry = uuid(REGISTRY_ID);
        let token = uuid(TOKEN_ID);
        let registry_body = PostRegistryProperties::new("de/fra", "acme-images");
        let token_body = PostTokenProperties::new("ci-pusher");
        match self {
            Self::LocationsGet => client.locations_api().locations_get().await.map(drop),
            Self::NamesCheckUsage => client.names_api().names_check_usage("acme-images").await,
            Self::RegistriesGet => client
                .registries_api()
                .registries_get(RegistriesGetOptions::default())
                .await
                .map(drop),
            Self::RegistriesPost => client
                .registries_api()
                .registries_post(&PostRegistryInput::new(registry_body))
                .await
                .map(drop),
            Self::RegistriesFindById => client
                .registries_api()
                .registries_find_by_id(registry)
                .await
                .map(drop),
            Self::RegistriesPut => client
                .registries_api()
                .registries_put(registry, &PutRegistryInput::new(registry_body))
                .await
                .map(drop),
            Self::RegistriesPatch => client
                .registries_api()
                .registries_patch(registry, &PatchRegistryInput::new())
                .await
                .map(drop),
            Self::RegistriesDelete => client.registries_api().registries_delete(registry).await,
            Self::RegistriesRepositoriesDelete => {
                client
                    .repositories_api()
                    .registries_repositories_delete(registry, "nginx")
                    .await
            }
            Self::RegistriesArtifactsGet => client
                .artifacts_api()
                .registries_artifacts_get(registry, Default::default())
                .await
                .map(drop),
            Self::RegistriesRepositoriesGet => client
                .repositories_api()
                .registries_repositories_get(registry, Default::default())
                .await
                .map(drop),
            Self::RegistriesRepositoriesFindByName => client
                .repositories_api()
                .registries_repositories_find_by_name(registry, "nginx")
                .await
                .map(drop),
            Self::RegistriesRepositoriesArtifactsGet => client
                .artifacts_api()
                .registries_repositories_artifacts_get(registry, "nginx", Default::default())
                .await
                .map(drop),
            Self::RegistriesRepositoriesArtifactsFindByDigest => client
                .artifacts_api()
                .registries_repositories_artifacts_find_by_digest(registry, "nginx", DIGEST)
                .await
                .map(drop),
            Self::RegistriesRepositoriesArtifactsVulnerabilitiesGet => client
                .vulnerabilities_api()
                .registries_repositories_artifacts_vulnerabilities_get(
                    registry,
                    "nginx",
                    DIGEST,
                    Default::default(),
                )
                .await
                .map(drop),
            Self::VulnerabilitiesFindById => client
                .vulnerabilities_api()
                .vulnerabilities_find_by_id(VULNERABILITY_ID)
                .await
                .map(drop),
            Self::RegistriesTokensGet => client
                .tokens_api()
                .registries_tokens_get(registry, RegistriesTokensGetOptions::default())
                .await
                .map(drop),
            Self::RegistriesTokensPost => client
                .tokens_api()
                .registries_tokens_post(registry, &PostTokenInput::new(token_body))
                .await
                .map(drop),
            Self::RegistriesTokensFindById => client
                .tokens_api()
                .registries_tokens_find_by_id(registry, token)
                .await
                .map(drop),
            Self::RegistriesTokensPut => client
                .tokens_api()
                .registries_tokens_put(registry, TOKEN_ID, &PutTokenInput::new(token_body))
                .await
                .map(drop),
            Self::RegistriesTokensPatch => client
                .tokens_api()
                .registries_tokens_patch(registry, token, &PatchTokenInput::new())
                .await
                .map(drop),
            Self::RegistriesTokensDelete => {
                client
                    .tokens_api()
                    .registries_tokens_delete(registry, token)
                    .await
            }
        }
    }

    /// Method and path the call above must use.
    fn route(self) -> (&'static str, String) {
        let registry = format!("{BASE}/registries/{REGISTRY_ID}");
        let token = format!("{registry}/tokens/{TOKEN_ID}");
        match self {
            Self::LocationsGet => ("GET", format!("{BASE}/locations")),
            Self::NamesCheckUsage => ("HEAD", format!("{BASE}/names/acme-images")),
            Self::RegistriesGet => ("GET", format!("{BASE}/registries")),
            Self::RegistriesPost => ("POST", format!("{BASE}/registries")),
            Self::RegistriesFindById => ("GET", registry),
            Self::RegistriesPut => ("PUT", registry),
            Self::RegistriesPatch => ("PATCH", registry),
            Self::RegistriesDelete => ("DELETE", registry),
            Self::RegistriesRepositoriesDelete => {
                ("DELETE", format!("{registry}/repositories/nginx"))
            }
            Self::RegistriesArtifactsGet => ("GET", format!("{registry}/artifacts")),
            Self::RegistriesRepositoriesGet => ("GET", format!("{registry}/repositories")),
            Self::RegistriesRepositoriesFindByName => {
                ("GET", format!("{registry}/repositories/nginx"))
            }
            Self::RegistriesRepositoriesArtifactsGet => {
                ("GET", format!("{registry}/repositories/nginx/artifacts"))
            }
            // The digest's `:` is percent-encoded like every reserved character.
            Self::RegistriesRepositoriesArtifactsFindByDigest => (
                "GET",
                format!("{registry}/repositories/nginx/artifacts/{DIGEST_IN_PATH}"),
            ),
            Self::RegistriesRepositoriesArtifactsVulnerabilitiesGet => (
                "GET",
                format!("{registry}/repositories/nginx/artifacts/{DIGEST_IN_PATH}/vulnerabilities"),
            ),
            Self::VulnerabilitiesFindById => {
                ("GET", format!("{BASE}/vulnerabilities/{VULNERABILITY_ID}"))
            }
            Self::RegistriesTokensGet => ("GET", format!("{registry}/tokens")),
            Self::RegistriesTokensPost => ("POST", format!("{registry}/tokens")),
            Self::RegistriesTokensFindById => ("GET", token),
            Self::RegistriesTokensPut => ("PUT", token),
            Self::RegistriesTokensPatch => ("PATCH", token),
            Self::RegistriesTokensDelete => ("DELETE", token),
        }
    }

    /// The JSON body the call above sends.
    fn body(self) -> Option<Value> {
        match self {
            Self::RegistriesPost | Self::RegistriesPut => {
                Some(json!({"properties": {"name": "acme-images", "location": "de/fra"}}))
            }
            Self::RegistriesTokensPost | Self::RegistriesTokensPut => {
                Some(json!({"properties": {"name": "ci-pusher"}}))
            }
            Self::RegistriesPatch | Self::RegistriesTokensPatch => Some(json!({})),
            _ => None,
        }
    }
}

/// An error response: JSON body given as exact text, plus a request ID header.
fn error_response(status: u16, raw: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("X-Request-Id", "req-7f3a2c91")
        .set_body_raw(raw.to_owned(), "application/json")
}

/// Unwraps `Error::Api`, checking the status, the headers and the raw body.
fn expect_api_error(error: Error, status: u16, raw: &str) -> ApiError {
    let Error::Api(api) = error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.status.as_u16(), status);
    assert_eq!(api.header("x-request-id"), Some("req-7f3a2c91"));
    assert_eq!(api.header("content-type"), Some("application/json"));
    assert_eq!(api.body.as_ref(), raw.as_bytes(), "raw body");
    *api
}

#[tokio::test]
async fn every_operation_turns_400_into_a_typed_error() {
    let raw = error_json(
        400,
        "paas-validation-3",
        "[(root).properties.name] Does not match pattern '^[a-z][-a-z0-9]{1,61}[a-z0-9]$'",
    )
    .to_string();
    for operation in Operation::ALL {
        let server = mock_server().await;
        respond_once(&server, error_response(400, &raw)).await;
        let error = operation
            .call(&client(&server, Credential::Token))
            .await
            .expect_err("a 400 is an error");
        assert_eq!(
            error.status(),
            Some(StatusCode::BAD_REQUEST),
            "{operation:?}"
        );
        if operation == Operation::NamesCheckUsage {
            // A HEAD response has no body: the model cannot be there (see the HEAD test).
            let Error::Api(api) = error else {
                panic!("{error:?}")
            };
            assert!(api.body.is_empty() && api.model.is_none(), "{operation:?}");
        } else {
            let api = expect_api_error(error, 400, &raw);
            // The same body decodes into the schema the operation declares: `Error` for the
            // operations of 1.2, `ApiErrorResponse` for those of 1.0.
            let (code, message) = (
                "paas-validation-3",
                "[(root).properties.name] Does not match pattern '^[a-z][-a-z0-9]{1,61}[a-z0-9]$'",
            );
            let expected = if operation.is_new() {
                new_error_model(400, code, message)
            } else {
                error_model(400, code, message)
            };
            assert_eq!(api.model, Some(expected), "{operation:?}");
        }
        // The request itself was still right.
        let (method, path) = operation.route();
        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 1, "{operation:?}");
        assert_request(
            &requests[0],
            &Expected {
                method,
                path: &path,
                query: None,
                credential: Credential::Token,
                body: operation.body(),
            },
        );
    }
}

#[tokio::test]
async fn not_found_is_a_typed_error() {
    let raw = error_json(
        404,
        "paas-resource-1",
        "The requested resource was not found.",
    )
    .to_string();
    for operation in [
        Operation::RegistriesFindById,
        Operation::RegistriesTokensFindById,
    ] {
        let server = mock_server().await;
        respond_once(&server, error_response(404, &raw)).await;
        let error = operation
            .call(&client(&server, Credential::Basic))
            .await
            .unwrap_err();
        assert!(error.is_not_found(), "{operation:?}: {error:?}");
        let api = expect_api_error(error, 404, &raw);
        assert_eq!(
            api.model,
            Some(error_model(
                404,
                "paas-resource-1",
                "The requested resource was not found."
            ))
        );
    }
}

#[tokio::test]
async fn conflict_is_a_typed_error() {
    let raw = error_json(
        409,
        "paas-token-5",
        "A token named 'ci-pusher' already exists in this registry.",
    )
    .to_string();
    for operation in [
        Operation::RegistriesTokensPost,
        Operation::RegistriesTokensPut,
    ] {
        let server = mock_server().await;
        respond_once(&server, error_response(409, &raw)).await;
        let error = operation
            .call(&client(&server, Credential::PrefixedToken))
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::CONFLICT));
        assert!(!error.is_not_found());
        let api = expect_api_error(error, 409, &raw);
        assert_eq!(
            api.model,
            Some(error_model(
                409,
                "paas-token-5",
                "A token named 'ci-pusher' already exists in this registry."
            ))
        );
        assert_eq!(
            api.decode_body::<Value>(),
            Some(serde_json::from_str(&raw).unwrap())
        );
    }
}

/// What a user writes to check a name: `Ok(false)` when taken, `Ok(true)` when free.
async fn name_is_available(client: &Client, name: &str) -> Result<bool, Error> {
    match client.names_api().names_check_usage(name).await {
        Ok(()) => Ok(false),
        Err(error) if error.is_not_found() => Ok(true),
        Err(error) => Err(error),
    }
}

#[tokio::test]
async fn head_names_tells_taken_and_available_apart() {
    // 200: the name is in use.
    let server = mock_server().await;
    respond_once(&server, ResponseTemplate::new(200)).await;
    assert!(
        !name_is_available(&client(&server, Credential::Token), "acme-images")
            .await
            .unwrap()
    );

    // 404: the name is free. A server may announce a JSON body, but a HEAD answer has none.
    let server = mock_server().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(error_json(404, "paas-resource-1", "not found"))
                .insert_header("X-Request-Id", "req-7f3a2c91"),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client_404 = client(&server, Credential::Token);
    assert!(name_is_available(&client_404, "fresh-name").await.unwrap());
    // The same answer, as the error the operation itself returns.
    let error = client_404
        .names_api()
        .names_check_usage("fresh-name")
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.header("x-request-id"), Some("req-7f3a2c91"));
    assert!(api.body.is_empty());
    server.verify().await;

    // 400: neither; the caller gets the error.
    let server = mock_server().await;
    respond_once(&server, ResponseTemplate::new(400)).await;
    let error = name_is_available(&client(&server, Credential::Token), "acme-images")
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert!(!error.is_not_found());
}

#[tokio::test]
async fn bad_gateway_with_an_html_body() {
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
                <center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";
    let server = mock_server().await;
    respond_once(
        &server,
        ResponseTemplate::new(502).set_body_raw(html, "text/html"),
    )
    .await;

    let error = client(&server, Credential::Basic)
        .registries_api()
        .registries_find_by_id(uuid(REGISTRY_ID))
        .await
        .unwrap_err();

    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.status, StatusCode::BAD_GATEWAY);
    assert_eq!(api.header("content-type"), Some("text/html"));
    assert_eq!(api.body_text(), Some(html));
    assert!(api.model.is_none(), "HTML is not the error model");
    assert!(error.to_string().contains("502 Bad Gateway"), "{error}");

    // With retries on, the GET is tried again, and the last answer is the error.
    let server = mock_server().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .expect(3)
        .mount(&server)
        .await;
    let error = Client::builder()
        .base_url(server.uri())
        .token(crate::support::TOKEN)
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(3)
                .initial_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap()
        .registries_api()
        .registries_find_by_id(uuid(REGISTRY_ID))
        .await
        .unwrap_err();
    server.verify().await;
    let api = error.api_error().expect("an API error");
    assert_eq!(api.status, StatusCode::BAD_GATEWAY);
    assert_eq!(api.body_text(), Some(html));
}

#[tokio::test]
async fn empty_body_where_json_was_expected() {
    let server = mock_server().await;
    respond_once(
        &server,
        ResponseTemplate::new(200).insert_header("Content-Type", "application/json"),
    )
    .await;

    let error = client(&server, Credential::Token)
        .registries_api()
        .registries_find_by_id(uuid(REGISTRY_ID))
        .await
        .unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(decode.status, StatusCode::OK);
    assert_eq!(decode.path, "");
    assert!(decode.body.is_empty());
    assert!(decode.message.contains("empty"), "{}", decode.message);

    // The same for a 201 whose body went missing.
    let server = mock_server().await;
    respond_once(&server, ResponseTemplate::new(201)).await;
    let error = client(&server, Credential::Token)
        .tokens_api()
        .registries_tokens_post(
            uuid(REGISTRY_ID),
            &PostTokenInput::new(PostTokenProperties::new("ci-pusher")),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Decode(d) if d.status == StatusCode::CREATED),
        "{error:?}"
    );
}

#[tokio::test]
async fn body_not_matching_the_schema_names_the_json_path() {
    // A malformed timestamp deep inside the second item.
    let mut page = registries_json();
    page["items"][1]["metadata"]["createdDate"] = json!("last Tuesday");
    let server = mock_server().await;
    respond_once(&server, crate::support::json(200, page)).await;
    let error = client(&server, Credential::Basic)
        .registries_api()
        .registries_get(RegistriesGetOptions::default())
        .await
        .unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(decode.path, "items[1].metadata.createdDate");
    assert_eq!(decode.status, StatusCode::OK);
    assert!(
        error
            .to_string()
            .contains("`items[1].metadata.createdDate`"),
        "{error}"
    );

    // A string where the schema has an array.
    let mut page = tokens_json();
    page["items"][0]["properties"]["scopes"][0]["actions"] = json!("pull,push");
    let server = mock_server().await;
    respond_once(&server, crate::support::json(200, page)).await;
    let error = client(&server, Credential::Basic)
        .tokens_api()
        .registries_tokens_get(uuid(REGISTRY_ID), RegistriesTokensGetOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Decode(d) if d.path == "items[0].properties.scopes[0].actions"),
        "{error:?}"
    );

    // A required field missing at the top level.
    let mut page = tokens_json();
    page.as_object_mut().unwrap().remove("total");
    let server = mock_server().await;
    respond_once(&server, crate::support::json(200, page)).await;
    let error = client(&server, Credential::Basic)
        .tokens_api()
        .registries_tokens_get(uuid(REGISTRY_ID), RegistriesTokensGetOptions::default())
        .await
        .unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(decode.path, ".");
    assert!(
        decode.message.contains("missing field `total`"),
        "{}",
        decode.message
    );
}

#[tokio::test]
async fn unknown_fields_and_enum_values_are_accepted() {
    let mut token = token_json();
    token["etag"] = json!("W/\"5c1f\"");
    token["metadata"]["resourceURN"] = json!("ionos:containerregistry:de/fra:token");
    token["properties"]["lastUsedDate"] = json!("2024-06-10T12:00:00Z");
    token["properties"]["credentials"]["expiresWithToken"] = json!(true);
    token["properties"]["scopes"][0]["conditions"] = json!({"ipRanges": ["10.0.0.0/8"]});
    token["properties"]["status"] = json!("expired");
    let server = mock_server().await;
    respond_once(&server, crate::support::json(200, token)).await;

    let decoded = client(&server, Credential::Token)
        .tokens_api()
        .registries_tokens_find_by_id(uuid(REGISTRY_ID), uuid(TOKEN_ID))
        .await
        .unwrap();

    let mut expected = token_model();
    expected.properties.as_mut().unwrap().status = Some(TokenPropertiesStatus::from("expired"));
    assert_eq!(decoded, expected);

    let mut registry = registry_json();
    registry["properties"]["garbageCollectionSchedule"]["days"] = json!(["Monday", "Funday"]);
    registry["properties"]["replication"] = json!({"targets": ["es/vit"]});
    registry["properties"]["storageUsage"]["quotaBytes"] = json!(10_737_418_240_i64);
    let server = mock_server().await;
    respond_once(&server, crate::support::json(200, registry)).await;
    let decoded = client(&server, Credential::Token)
        .registries_api()
        .registries_find_by_id(uuid(REGISTRY_ID))
        .await
        .unwrap();
    let mut expected = registry_model();
    expected
        .properties
        .as_mut()
        .unwrap()
        .garbage_collection_schedule = Some(Some(weekly(
        &[Day::Monday, Day::from("Funday")],
        "02:30:00",
    )));
    assert_eq!(decoded, expected);
}
