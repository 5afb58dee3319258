//! Issue 4, item 8: path values and request-body strings with `pattern` / `minLength` are
//! checked before sending; a failure is `Error::InvalidArgument` naming the parameter or field
//! and nothing reaches the server. On by default, can be turned off.

use ionoscloud_container_registry::models::{
    PostRegistryInput, PostRegistryProperties, PostTokenInput, PostTokenProperties,
    PutRegistryInput, PutTokenInput,
};
use ionoscloud_container_registry::{Client, Error};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

/// A server accepting anything; the body decodes as every output type used here.
async fn accepting_server() -> MockServer {
    let server = MockServer::start().await;
    let mut body = token_json(TOKEN_ID, "reg-name", "");
    body["properties"]["location"] = "de/fra".into();
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// One call with one invalid value: what is expected in `Error::InvalidArgument::name`.
struct Case {
    what: &'static str,
    name: &'static str,
}

/// Makes each call of [`CASES`] (by index) with the invalid value.
async fn invalid_call(client: &Client, index: usize) -> Result<(), Error> {
    let registries = client.registries_api();
    let tokens = client.tokens_api();
    let registry = |name: &str| PostRegistryProperties::new("de/fra", name);
    let token = |name: &str| PostTokenProperties::new(name);
    match index {
        0 => tokens
            .registries_tokens_put(registry_id(), "not-a-uuid", &valid_token_put())
            .await
            .map(drop),
        1 => tokens
            .registries_tokens_put(registry_id(), &format!("{TOKEN_ID}/x"), &valid_token_put())
            .await
            .map(drop),
        2 => registries
            .registries_post(&PostRegistryInput::new(registry("Bad_Name")))
            .await
            .map(drop),
        3 => registries
            .registries_put(registry_id(), &PutRegistryInput::new(registry("ab-")))
            .await
            .map(drop),
        4 => {
            client
                .repositories_api()
                .registries_repositories_delete(registry_id(), "Nginx")
                .await
        }
        5 => {
            client
                .repositories_api()
                .registries_repositories_delete(registry_id(), "a//b")
                .await
        }
        6 => client.names_api().names_check_usage("x").await,
        7 => tokens
            .registries_tokens_post(registry_id(), &PostTokenInput::new(token("")))
            .await
            .map(drop),
        8 => tokens
            .registries_tokens_post(
                registry_id(),
                &PostTokenInput::new(token("1-starts-with-a-digit")),
            )
            .await
            .map(drop),
        9 => tokens
            .registries_tokens_put(
                registry_id(),
                TOKEN_ID,
                &PutTokenInput::new(token("ends-with-")),
            )
            .await
            .map(drop),
        _ => unreachable!(),
    }
}

const CASES: [Case; 10] = [
    Case {
        what: "token ID that is no UUID",
        name: "tokenId",
    },
    Case {
        what: "token ID with a suffix",
        name: "tokenId",
    },
    Case {
        what: "registry name (POST)",
        name: "body.properties.name",
    },
    Case {
        what: "registry name (PUT)",
        name: "body.properties.name",
    },
    Case {
        what: "repository name with capitals",
        name: "repositoryName",
    },
    Case {
        what: "repository name with an empty part",
        name: "repositoryName",
    },
    Case {
        what: "registry name to check",
        name: "name",
    },
    Case {
        what: "empty token name",
        name: "body.properties.name",
    },
    Case {
        what: "token name (POST)",
        name: "body.properties.name",
    },
    Case {
        what: "token name (PUT)",
        name: "body.properties.name",
    },
];

#[tokio::test]
async fn invalid_values_are_rejected_before_anything_is_sent() {
    let server = accepting_server().await;
    let client = client(&server);
    for (index, case) in CASES.iter().enumerate() {
        let error = invalid_call(&client, index).await.unwrap_err();
        match &error {
            Error::InvalidArgument { name, reason } => {
                assert_eq!(name, case.name, "{}", case.what);
                assert!(
                    reason.contains("pattern") || reason.contains("characters"),
                    "{}: {reason}",
                    case.what
                );
            }
            other => panic!("{}: expected InvalidArgument, got {other:?}", case.what),
        }
        assert!(
            error.to_string().contains(&format!("`{}`", case.name)),
            "{}: {error}",
            case.what
        );
    }
    assert!(
        requests(&server).await.is_empty(),
        "nothing is sent for invalid values"
    );
}

#[tokio::test]
async fn valid_values_pass() {
    let server = accepting_server().await;
    let client = client(&server);
    let tokens = client.tokens_api();
    tokens
        .registries_tokens_put(registry_id(), &TOKEN_ID.to_uppercase(), &valid_token_put())
        .await
        .unwrap();
    tokens
        .registries_tokens_post(
            registry_id(),
            &PostTokenInput::new(PostTokenProperties::new("A1")),
        )
        .await
        .unwrap();
    client
        .registries_api()
        .registries_post(&valid_registry())
        .await
        .unwrap();
    client
        .repositories_api()
        .registries_repositories_delete(registry_id(), "team.app_v2-x")
        .await
        .unwrap();
    client
        .names_api()
        .names_check_usage("my-registry")
        .await
        .unwrap();
    assert_eq!(requests(&server).await.len(), 5);
}

#[tokio::test]
async fn validation_can_be_turned_off() {
    let server = accepting_server().await;
    let lenient = builder(&server).validation(false).build().unwrap();
    for (index, case) in CASES.iter().enumerate() {
        invalid_call(&lenient, index)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", case.what));
    }
    let received = requests(&server).await;
    assert_eq!(received.len(), CASES.len(), "every call reached the server");
    let paths: Vec<&str> = received.iter().map(|r| r.url.path()).collect();
    assert!(paths.contains(&"/containerregistries/registries/8f4c3e52-6c52-4b9c-a3f7-1b2e5f0d9a11/tokens/not-a-uuid"), "{paths:?}");
    assert!(paths.contains(&"/containerregistries/registries/8f4c3e52-6c52-4b9c-a3f7-1b2e5f0d9a11/repositories/a%2F%2Fb"), "{paths:?}");
}

#[tokio::test]
async fn values_that_cannot_be_a_path_segment_are_rejected_even_without_validation() {
    let server = accepting_server().await;
    let lenient = builder(&server).validation(false).build().unwrap();
    for value in ["", ".", ".."] {
        let error = lenient
            .names_api()
            .names_check_usage(value)
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::InvalidArgument { name, .. } if name == "name"),
            "{value:?}: {error:?}"
        );
    }
    assert!(requests(&server).await.is_empty());
}
