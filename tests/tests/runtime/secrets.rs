//! Issue 4, item 5: passwords, tokens and the one-time `Credentials.password` never appear in
//! `Debug`, `Display` or error messages, and can be read deliberately with `expose_secret`.

use std::time::Duration;

use futures::TryStreamExt;
use ionoscloud_container_registry::apis::RegistriesTokensGetOptions;
use ionoscloud_container_registry::models::{Credentials, PostTokenProperties, PutTokenInput};
use ionoscloud_container_registry::{Client, Error, RetryPolicy, SecretString};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

/// base64("alice:" + PASSWORD), the basic-auth header value.
const BASIC: &str = "YWxpY2U6cHctU0VDUkVULTkzYWI=";

/// Fails when any secret of the tests shows up in `output`.
#[track_caller]
fn assert_no_secret(what: &str, output: &str) {
    for secret in [TOKEN, PASSWORD, TOKEN_PASSWORD, BASIC, "hunter2"] {
        assert!(
            !output.contains(secret),
            "{what} leaks `{secret}`: {output}"
        );
    }
}

/// Formats `value` with `{:?}` and `{:#?}`.
fn debug(value: &impl std::fmt::Debug) -> String {
    format!("{value:?}\n{value:#?}")
}

/// Formats an error every way a user might: `{}`, `{:?}`, `{:#}` and its source chain.
fn error_text(error: &Error) -> String {
    let mut text = format!("{error}\n{error:?}\n{error:#?}");
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        text.push_str(&format!("\n{inner}\n{inner:?}"));
        source = inner.source();
    }
    text
}

#[test]
fn secret_string_is_redacted_but_readable() {
    let secret = SecretString::from(TOKEN_PASSWORD);
    assert_no_secret("SecretString", &format!("{secret} {secret:?} {secret:#?}"));
    assert_eq!(secret.expose_secret(), TOKEN_PASSWORD);
    let credentials = Credentials::new(secret, "ci-token");
    assert_no_secret("Credentials", &debug(&credentials));
    assert_eq!(credentials.password.expose_secret(), TOKEN_PASSWORD);
    // A secret is sent as the plain value when serialized (as a request field of
    // `format: password` is), and decoded from it (`Credentials` is only ever received, so
    // the model derives `Deserialize` alone).
    assert_eq!(
        serde_json::to_value(&credentials.password).unwrap(),
        json!(TOKEN_PASSWORD)
    );
    let decoded: Credentials =
        serde_json::from_value(json!({"password": TOKEN_PASSWORD, "username": "ci-token"}))
            .unwrap();
    assert_eq!(decoded, credentials);
}

/// A server answering every token operation with a token carrying the one-time password.
async fn token_server() -> MockServer {
    let server = MockServer::start().await;
    let token = token_json(TOKEN_ID, "ci-token", TOKEN_PASSWORD);
    Mock::given(method("GET"))
        .and(path(format!(
            "/containerregistries/registries/{REGISTRY_ID}/tokens"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "_links": links_json(),
            "items": [token.clone()],
            "count": 1, "offset": 0, "limit": 10, "total": 1
        })))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(201).set_body_json(token))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_one_time_token_password_is_hidden_in_every_response_but_readable() {
    let server = token_server().await;
    let api = client(&server).tokens_api();

    let posted = api
        .registries_tokens_post_with_http_info(registry_id(), &valid_token())
        .await
        .unwrap();
    assert_no_secret("ApiResponse<PostTokenOutput>", &debug(&posted));
    let properties = posted.data.properties.clone().unwrap();
    assert_no_secret("TokenProperties", &debug(&properties));
    let credentials = properties.credentials.unwrap();
    assert_no_secret("Credentials", &debug(&credentials));
    assert_eq!(credentials.password.expose_secret(), TOKEN_PASSWORD);
    assert_eq!(credentials.username, "ci-token");

    let put = api
        .registries_tokens_put(registry_id(), TOKEN_ID, &valid_token_put())
        .await
        .unwrap();
    assert_no_secret("PutTokenOutput", &debug(&put));
    let password = put.properties.unwrap().credentials.unwrap().password;
    assert_eq!(password.expose_secret(), TOKEN_PASSWORD);

    let found = api
        .registries_tokens_find_by_id(registry_id(), token_id())
        .await
        .unwrap();
    assert_no_secret("TokenResponse", &debug(&found));

    let page = api
        .registries_tokens_get(registry_id(), RegistriesTokensGetOptions::default())
        .await
        .unwrap();
    assert_no_secret("TokensResponse", &debug(&page));
    let streamed: Vec<_> = api
        .registries_tokens_get_stream(registry_id(), RegistriesTokensGetOptions::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(streamed.len(), 1);
    assert_no_secret("streamed TokenResponse", &debug(&streamed));
}

#[tokio::test]
async fn builders_and_clients_hide_credentials() {
    let server = MockServer::start().await;
    let token = builder(&server).default_header("Authorization", format!("Bearer {TOKEN}"));
    let basic = Client::builder()
        .base_url(server.uri())
        .basic_auth("alice", PASSWORD);
    for (what, output) in [
        ("token builder", debug(&token)),
        ("token client", debug(&token.clone().build().unwrap())),
        ("basic builder", debug(&basic)),
        ("basic client", debug(&basic.clone().build().unwrap())),
        (
            "builder with a URL with user-info",
            debug(&Client::builder().base_url("https://bob:hunter2@example.com")),
        ),
    ] {
        assert_no_secret(what, &output);
    }
}

/// Every kind of error the client produces, from clients holding credentials.
async fn every_kind_of_error() -> Vec<(&'static str, Error)> {
    let server = MockServer::start().await;
    let tokens = format!("/containerregistries/registries/{REGISTRY_ID}/tokens");
    // A non-success status with credential-bearing response headers.
    Mock::given(method("GET"))
        .and(path("/containerregistries/locations"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("set-cookie", format!("session={TOKEN}").as_str())
                .insert_header("www-authenticate", "Basic realm=\"api\"")
                .set_body_json(json!({
                    "httpStatus": 401,
                    "messages": [{"errorCode": "paas-auth-1", "message": "unauthorized"}]
                })),
        )
        .mount(&server)
        .await;
    // Success bodies carrying the one-time password that fail to decode, in several ways.
    Mock::given(method("POST"))
        .and(path(tokens.as_str()))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "metadata": metadata_json(),
            "properties": {"name": "ci-token", "credentials": {"password": TOKEN_PASSWORD, "username": 5}}
        })))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(format!("{tokens}/{TOKEN_ID}")))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "metadata": metadata_json(),
            "properties": {"name": "ci-token", "credentials": TOKEN_PASSWORD}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{tokens}/{TOKEN_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "metadata": metadata_json(),
            "properties": {"name": ["ci-token", TOKEN_PASSWORD], "credentials": null}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/containerregistries/registries/{REGISTRY_ID}"
        )))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(registry_json(REGISTRY_ID, "reg"))
                .set_delay(Duration::from_secs(10)),
        )
        .mount(&server)
        .await;

    let token_client = builder(&server)
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let basic_client = Client::builder()
        .base_url(server.uri())
        .basic_auth("alice", PASSWORD)
        .build()
        .unwrap();
    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        drop(listener);
        Client::builder()
            .base_url(url)
            .token(TOKEN)
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap()
    };
    let tokens_api = token_client.tokens_api();
    let bad_name = PutTokenInput::new(PostTokenProperties::new(format!("{TOKEN_PASSWORD}!")));
    vec![
        (
            "api error (token)",
            token_client
                .locations_api()
                .locations_get()
                .await
                .unwrap_err(),
        ),
        (
            "api error (basic)",
            basic_client
                .locations_api()
                .locations_get()
                .await
                .unwrap_err(),
        ),
        (
            "decode error: wrong field type",
            tokens_api
                .registries_tokens_post(registry_id(), &valid_token())
                .await
                .unwrap_err(),
        ),
        (
            "decode error: credentials as a string",
            tokens_api
                .registries_tokens_put(registry_id(), TOKEN_ID, &valid_token_put())
                .await
                .unwrap_err(),
        ),
        (
            "decode error: a sequence holding the password",
            tokens_api
                .registries_tokens_find_by_id(registry_id(), token_id())
                .await
                .unwrap_err(),
        ),
        (
            "timeout",
            token_client
                .registries_api()
                .registries_find_by_id(registry_id())
                .await
                .unwrap_err(),
        ),
        (
            "transport",
            refused.locations_api().locations_get().await.unwrap_err(),
        ),
        (
            "invalid argument",
            tokens_api
                .registries_tokens_put(registry_id(), TOKEN_ID, &bad_name)
                .await
                .unwrap_err(),
        ),
        (
            "invalid config: token with a line break",
            Client::builder()
                .token(format!("{TOKEN}\n"))
                .build()
                .unwrap_err(),
        ),
        (
            "invalid config: token prefix with a line break",
            Client::builder()
                .token(TOKEN)
                .token_prefix("Bearer\r\n")
                .build()
                .unwrap_err(),
        ),
        (
            "invalid config: user name with a colon",
            Client::builder()
                .basic_auth("alice:x", PASSWORD)
                .build()
                .unwrap_err(),
        ),
        (
            "invalid config: URL with user-info",
            Client::builder()
                .base_url("https://bob:hunter2@example.com")
                .build()
                .unwrap_err(),
        ),
        (
            "invalid config: unparsable URL with user-info",
            Client::builder()
                .base_url("https://bob:hunter2@exa mple.com:x")
                .build()
                .unwrap_err(),
        ),
    ]
}

#[tokio::test]
async fn no_error_shows_a_secret() {
    let errors = every_kind_of_error().await;
    let kinds: Vec<&str> = errors
        .iter()
        .map(|(_, e)| match e {
            Error::Transport(_) => "transport",
            Error::Timeout(_) => "timeout",
            Error::Api(_) => "api",
            Error::Decode(_) => "decode",
            Error::InvalidArgument { .. } => "invalid argument",
            Error::InvalidConfig(_) => "invalid config",
            _ => "other",
        })
        .collect();
    for kind in [
        "transport",
        "timeout",
        "api",
        "decode",
        "invalid argument",
        "invalid config",
    ] {
        assert!(kinds.contains(&kind), "no {kind} error among {kinds:?}");
    }
    for (what, error) in &errors {
        assert_no_secret(what, &error_text(error));
        if let Some(api) = error.api_error() {
            assert_no_secret(what, &format!("{api} {api:?}"));
        }
        if let Error::Decode(decode) = error {
            assert_no_secret(what, &format!("{decode} {decode:?}"));
            // The raw body is still there for whoever needs it.
            assert!(String::from_utf8_lossy(&decode.body).contains(TOKEN_PASSWORD));
        }
    }
}
