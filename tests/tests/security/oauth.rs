//! OAuth 2 tokens the client obtains itself: fetched from the document's token URL (relative,
//! resolved against the base URL) before the first call, once for concurrent calls, renewed
//! before they expire and once after a `401`; refresh tokens, kept when the server rotates
//! them; and token providers.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::security_client::auth::{provider_fn, AccessToken, ClientAuth, TokenError};
use crate::security_client::models::Item;
use crate::security_client::{Credential, Error};
use crate::support::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A token endpoint handing out `token-1`, `token-2`, ... valid for `lifetime` seconds, with a
/// rotated refresh token each time.
struct TokenEndpoint {
    issued: Arc<AtomicUsize>,
    lifetime: u64,
}

impl Respond for TokenEndpoint {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let number = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(json!({
                "access_token": format!("token-{number}"),
                "token_type": "Bearer",
                "expires_in": self.lifetime,
                "refresh_token": format!("rotated-{number}"),
            }))
            // Slow enough that concurrent calls overlap the fetch.
            .set_delay(Duration::from_millis(50))
    }
}

/// Mounts the token endpoint on `server`; returns how many tokens it issued.
async fn token_endpoint(server: &MockServer, lifetime: u64) -> Arc<AtomicUsize> {
    let issued = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(TokenEndpoint {
            issued: Arc::clone(&issued),
            lifetime,
        })
        .mount(server)
        .await;
    issued
}

fn bearer(request: &Request) -> Option<String> {
    header(request, "authorization")
}

#[tokio::test]
async fn the_token_comes_from_the_token_url_first_with_the_operations_scopes() {
    let server = api_server().await;
    let issued = token_endpoint(&server, 3600).await;
    let client = builder(&server)
        .oauth(Credential::client_credentials("my-client", CLIENT_SECRET))
        .build()
        .unwrap();
    client.default_api().list_items().await.unwrap();
    client
        .default_api()
        .create_item(&Item::new("b"))
        .await
        .unwrap();
    let all = server.received_requests().await.unwrap();
    let order: Vec<(String, String)> = all
        .iter()
        .map(|r| (r.method.to_string(), r.url.path().to_owned()))
        .collect();
    // A token for each set of scopes, each fetched right before the call that needs it.
    assert_eq!(
        order,
        [
            ("POST".to_owned(), "/oauth/token".to_owned()),
            ("GET".to_owned(), "/items".to_owned()),
            ("POST".to_owned(), "/oauth/token".to_owned()),
            ("POST".to_owned(), "/items".to_owned()),
        ]
    );
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let token_requests = requests_to(&server, "/oauth/token").await;
    assert_eq!(
        form(&token_requests[0]),
        [
            ("grant_type".to_owned(), "client_credentials".to_owned()),
            ("scope".to_owned(), "items:read".to_owned())
        ]
    );
    assert_eq!(form(&token_requests[1])[1].1, "items:write");
    // The client authenticates with HTTP basic: base64("my-client:client-secret-SECRET-7").
    assert_eq!(
        header(&token_requests[0], "authorization").as_deref(),
        Some("Basic bXktY2xpZW50OmNsaWVudC1zZWNyZXQtU0VDUkVULTc=")
    );
    assert_eq!(
        header(&token_requests[0], "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    let items = requests_to(&server, "/items").await;
    assert_eq!(bearer(&items[0]).as_deref(), Some("Bearer token-1"));
    assert_eq!(bearer(&items[1]).as_deref(), Some("Bearer token-2"));
}

#[tokio::test]
async fn twenty_concurrent_calls_cause_one_token_request() {
    let server = api_server().await;
    let issued = token_endpoint(&server, 3600).await;
    let client = builder(&server)
        .oauth(Credential::client_credentials("my-client", CLIENT_SECRET))
        .build()
        .unwrap();
    let calls = (0..20).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.default_api().list_items().await })
    });
    for call in futures::future::join_all(calls).await {
        call.expect("the task ran").expect("the call succeeded");
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1);
    let items = requests_to(&server, "/items").await;
    assert_eq!(items.len(), 20);
    assert!(items
        .iter()
        .all(|r| bearer(r).as_deref() == Some("Bearer token-1")));
}

#[tokio::test]
async fn a_token_is_renewed_before_it_expires() {
    let server = api_server().await;
    // Valid for 1 s: the client stops using it after half its life.
    let issued = token_endpoint(&server, 1).await;
    let client = builder(&server)
        .oauth(Credential::client_credentials("my-client", CLIENT_SECRET))
        .build()
        .unwrap();
    client.default_api().list_items().await.unwrap();
    client.default_api().list_items().await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 1, "still fresh");
    tokio::time::sleep(Duration::from_millis(600)).await;
    client.default_api().list_items().await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 2, "renewed");
    let items = requests_to(&server, "/items").await;
    assert_eq!(bearer(&items[2]).as_deref(), Some("Bearer token-2"));
}

/// Answers `401` to `token-1` and the items to anything else.
struct RefusesFirstToken;

impl Respond for RefusesFirstToken {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if bearer(request).as_deref() == Some("Bearer token-1") {
            ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_token"}))
        } else {
            ResponseTemplate::new(200).set_body_json(json!([{"name": "a"}]))
        }
    }
}

/// A server with the token endpoint, answering `route` with [`RefusesFirstToken`]; and how
/// many tokens it issued.
async fn refusing_first_token(route: &str) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let issued = token_endpoint(&server, 3600).await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(RefusesFirstToken)
        .mount(&server)
        .await;
    (server, issued)
}

#[tokio::test]
async fn a_401_renews_the_token_once() {
    let (server, issued) = refusing_first_token("/items").await;
    let client = builder(&server)
        .oauth(Credential::client_credentials("my-client", CLIENT_SECRET))
        .build()
        .unwrap();
    let items = client.default_api().list_items().await.unwrap();
    assert_eq!(items, [Item::new("a")]);
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let sent = requests_to(&server, "/items").await;
    let tokens: Vec<Option<String>> = sent.iter().map(bearer).collect();
    assert_eq!(
        tokens,
        [
            Some("Bearer token-1".to_owned()),
            Some("Bearer token-2".to_owned())
        ]
    );
}

#[tokio::test]
async fn a_401_to_a_renewed_token_is_the_error() {
    let server = MockServer::start().await;
    let issued = token_endpoint(&server, 3600).await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let client = builder(&server)
        .oauth(Credential::client_credentials("my-client", CLIENT_SECRET))
        .build()
        .unwrap();
    let error = client.default_api().list_items().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    // One renewal, not a loop.
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    assert_eq!(requests_to(&server, "/items").await.len(), 2);
}

#[tokio::test]
async fn a_refresh_token_is_exchanged_and_rotated() {
    let (server, issued) = refusing_first_token("/legacy").await;
    let client = builder(&server)
        .oauth_code(Credential::refresh_token(REFRESH_TOKEN).client("public-app", None))
        .build()
        .unwrap();
    client.default_api().legacy_export().await.unwrap_err();
    // The first token was refused; the second exchange sent the rotated refresh token.
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let token_requests = requests_to(&server, "/oauth/token").await;
    assert_eq!(
        form(&token_requests[0]),
        [
            ("grant_type".to_owned(), "refresh_token".to_owned()),
            ("refresh_token".to_owned(), REFRESH_TOKEN.to_owned()),
            ("scope".to_owned(), "export".to_owned()),
            ("client_id".to_owned(), "public-app".to_owned()),
        ]
    );
    assert_eq!(form(&token_requests[1])[1].1, "rotated-1");
    assert_eq!(header(&token_requests[0], "authorization"), None);
}

#[tokio::test]
async fn the_client_can_authenticate_with_form_fields() {
    let server = api_server().await;
    token_endpoint(&server, 3600).await;
    let client = builder(&server)
        .oauth(
            Credential::client_credentials("my-client", CLIENT_SECRET)
                .client_auth(ClientAuth::Form),
        )
        .build()
        .unwrap();
    client.default_api().list_items().await.unwrap();
    let token_requests = requests_to(&server, "/oauth/token").await;
    assert_eq!(header(&token_requests[0], "authorization"), None);
    let fields = form(&token_requests[0]);
    assert!(fields.contains(&("client_id".to_owned(), "my-client".to_owned())));
    assert!(fields.contains(&("client_secret".to_owned(), CLIENT_SECRET.to_owned())));
}

#[tokio::test]
async fn a_token_endpoint_that_refuses_is_an_error_without_the_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_client",
            "error_description": "unknown client"
        })))
        .mount(&server)
        .await;
    let client = builder(&server)
        .oauth(Credential::client_credentials("my-client", CLIENT_SECRET))
        .build()
        .unwrap();
    let error = client.default_api().list_items().await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Token {
                scheme: "oauth",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "no token for `oauth`: the token endpoint answered HTTP 400: invalid_client (unknown client)"
    );
    assert!(requests_to(&server, "/items").await.is_empty());
}

#[tokio::test]
async fn providers_give_tokens_and_are_asked_again_after_a_401() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/me"))
        .respond_with(RefusesFirstToken)
        .mount(&server)
        .await;
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    let provider = provider_fn(move |request| {
        let number = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move {
            assert_eq!(request.scheme, "oidc");
            assert_eq!(request.scopes, ["openid"]);
            assert_eq!(request.renew, number > 1);
            Ok::<_, TokenError>(AccessToken::new(format!("token-{number}")))
        }
    });
    let client = builder(&server)
        .oidc(Credential::provider(provider))
        .build()
        .unwrap();
    client.default_api().who_am_i().await.unwrap_err();
    assert_eq!(asked.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_provider_that_fails_fails_the_call_before_sending() {
    let server = api_server().await;
    let provider =
        provider_fn(|_| async { Err::<AccessToken, _>(TokenError::new("the vault is sealed")) });
    let client = builder(&server)
        .oidc(Credential::provider(provider))
        .build()
        .unwrap();
    let error = client.default_api().who_am_i().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "no token for `oidc`: the token provider failed: the vault is sealed"
    );
    assert!(requests_to(&server, "/me").await.is_empty());
    // A provider can feed an API key too.
    let keys = provider_fn(|_| async { Ok::<_, TokenError>(AccessToken::new(QUERY_KEY)) });
    let client = builder(&server)
        .query_key(Credential::provider(keys))
        .build()
        .unwrap();
    client.default_api().search("x").await.unwrap();
    let sent = requests_to(&server, "/search").await;
    assert_eq!(
        sent[0].url.query(),
        Some(format!("q=x&api_key={QUERY_KEY}").as_str())
    );
}
