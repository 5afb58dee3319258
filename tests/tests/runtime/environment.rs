//! Issue 4, item 4: `Client::from_env()` reads `IONOS_USERNAME`, `IONOS_PASSWORD`, `IONOS_TOKEN`
//! and `IONOS_API_URL`, and each scheme's own variables; with both credentials, each operation
//! sends what it accepts first; the base-path rule for a custom URL.
//!
//! Environment variables are process-global: every test here changes them only inside
//! [`with_env`], which holds a lock for the whole change and restores the previous values. No
//! other test of this binary reads them.

use std::sync::{Mutex, PoisonError};

use ionoscloud_container_registry::{Client, ClientBuilder, Error};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

const VARIABLES: [&str; 7] = [
    "IONOS_USERNAME",
    "IONOS_PASSWORD",
    "IONOS_TOKEN",
    "IONOS_API_URL",
    "IONOS_TOKEN_AUTH",
    "IONOS_BASIC_AUTH_USERNAME",
    "IONOS_BASIC_AUTH_PASSWORD",
];

static ENV_LOCK: Mutex<()> = Mutex::new(());

/// Runs `f` with exactly the given `IONOS_*` variables set (the others unset), then restores
/// what was there before. Synchronous, so the lock is never held across an `.await`.
fn with_env<T>(vars: &[(&str, &str)], f: impl FnOnce() -> T) -> T {
    let _lock = ENV_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
    let saved: Vec<_> = VARIABLES
        .iter()
        .map(|name| (*name, std::env::var_os(name)))
        .collect();
    for name in VARIABLES {
        std::env::remove_var(name);
    }
    for (name, value) in vars {
        assert!(VARIABLES.contains(name), "{name} is not an IONOS variable");
        std::env::set_var(name, value);
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    for (name, value) in saved {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
    result.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

async fn locations_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": []})))
        .mount(&server)
        .await;
    server
}

/// The `Authorization` header and path of the one request `server` received.
async fn sent(server: &MockServer) -> (Option<String>, String) {
    let received = requests(server).await;
    assert_eq!(received.len(), 1);
    let authorization = received[0]
        .headers
        .get("authorization")
        .map(|v| v.to_str().unwrap().to_owned());
    (authorization, received[0].url.path().to_owned())
}

/// The `Authorization` headers of the requests `server` received, in order.
async fn authorizations(server: &MockServer) -> Vec<Option<String>> {
    requests(server)
        .await
        .iter()
        .map(|request| {
            let value = request.headers.get("authorization")?;
            Some(value.to_str().unwrap().to_owned())
        })
        .collect()
}

#[tokio::test]
async fn from_env_sets_both_and_each_operation_sends_what_it_accepts_first() {
    let server = locations_server().await;
    let client = with_env(
        &[
            ("IONOS_TOKEN", TOKEN),
            ("IONOS_USERNAME", "alice"),
            ("IONOS_PASSWORD", PASSWORD),
            ("IONOS_API_URL", &server.uri()),
        ],
        Client::from_env,
    )
    .unwrap();
    // An operation of 1.0 lists basic auth first; one of 1.2 accepts the token only. (The
    // server's answer does not fit the repository listing; only the request matters here.)
    client.locations_api().locations_get().await.unwrap();
    let registry = REGISTRY_ID.parse().unwrap();
    let _ = client
        .repositories_api()
        .registries_repositories_find_by_name(registry, "nginx")
        .await;
    assert_eq!(
        authorizations(&server).await,
        [
            Some("Basic YWxpY2U6cHctU0VDUkVULTkzYWI=".to_owned()),
            Some(format!("Bearer {TOKEN}"))
        ]
    );
}

#[tokio::test]
async fn each_scheme_has_variables_of_its_own() {
    let server = locations_server().await;
    let client = with_env(
        &[
            ("IONOS_TOKEN_AUTH", TOKEN),
            ("IONOS_API_URL", &server.uri()),
        ],
        Client::from_env,
    )
    .unwrap();
    client.locations_api().locations_get().await.unwrap();
    assert_eq!(
        authorizations(&server).await,
        [Some(format!("Bearer {TOKEN}"))]
    );
    let half = with_env(&[("IONOS_BASIC_AUTH_USERNAME", "alice")], Client::from_env);
    assert!(matches!(half, Err(Error::InvalidConfig(_))), "{half:?}");
}

#[tokio::test]
async fn from_env_uses_basic_auth_without_a_token() {
    let server = locations_server().await;
    let client = with_env(
        &[
            ("IONOS_USERNAME", "alice"),
            ("IONOS_PASSWORD", PASSWORD),
            ("IONOS_TOKEN", ""),
            ("IONOS_API_URL", &server.uri()),
        ],
        Client::from_env,
    )
    .unwrap();
    client.locations_api().locations_get().await.unwrap();
    let (authorization, _) = sent(&server).await;
    // base64("alice:pw-SECRET-93ab")
    assert_eq!(
        authorization.as_deref(),
        Some("Basic YWxpY2U6cHctU0VDUkVULTkzYWI=")
    );
}

#[tokio::test]
async fn from_env_url_without_a_path_gets_the_base_path() {
    let server = locations_server().await;
    let client = with_env(
        &[
            ("IONOS_TOKEN", TOKEN),
            ("IONOS_API_URL", &format!("{}/", server.uri())),
        ],
        Client::from_env,
    )
    .unwrap();
    assert_eq!(
        client.base_url(),
        format!("{}/containerregistries", server.uri())
    );
    client.locations_api().locations_get().await.unwrap();
    let (_, path) = sent(&server).await;
    assert_eq!(path, "/containerregistries/locations");
}

#[tokio::test]
async fn from_env_url_with_a_path_is_used_as_given() {
    let server = locations_server().await;
    let client = with_env(
        &[
            ("IONOS_TOKEN", TOKEN),
            ("IONOS_API_URL", &format!("{}/proxy/cr/", server.uri())),
        ],
        Client::from_env,
    )
    .unwrap();
    assert_eq!(client.base_url(), format!("{}/proxy/cr", server.uri()));
    client.locations_api().locations_get().await.unwrap();
    let (_, path) = sent(&server).await;
    assert_eq!(path, "/proxy/cr/locations");
}

#[test]
fn from_env_without_variables_uses_the_default_url_and_no_credentials() {
    let client = with_env(&[], Client::from_env).unwrap();
    assert_eq!(
        client.base_url(),
        "https://api.ionos.com/containerregistries"
    );
    assert!(
        format!("{client:?}").contains("credentials: []"),
        "{client:?}"
    );
    // Empty variables count as unset.
    let client = with_env(
        &[
            ("IONOS_TOKEN", " "),
            ("IONOS_USERNAME", ""),
            ("IONOS_API_URL", ""),
        ],
        Client::from_env,
    )
    .unwrap();
    assert_eq!(
        client.base_url(),
        "https://api.ionos.com/containerregistries"
    );
    // A host alone gets https and the base path.
    let client = with_env(&[("IONOS_API_URL", "de.example.com")], Client::from_env).unwrap();
    assert_eq!(
        client.base_url(),
        "https://de.example.com/containerregistries"
    );
}

#[test]
fn from_env_reports_incomplete_basic_auth_and_bad_urls() {
    for vars in [
        &[("IONOS_USERNAME", "alice")][..],
        &[("IONOS_PASSWORD", PASSWORD)][..],
        &[("IONOS_API_URL", "ftp://example.com")][..],
        &[("IONOS_API_URL", "https://bob:hunter2@example.com")][..],
    ] {
        let error = with_env(vars, Client::from_env).unwrap_err();
        assert!(
            matches!(error, Error::InvalidConfig(_)),
            "{vars:?}: {error:?}"
        );
        let message = error.to_string();
        assert!(
            !message.contains(PASSWORD) && !message.contains("hunter2"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn builder_calls_after_from_env_override_it() {
    let server = locations_server().await;
    let client = with_env(
        &[
            ("IONOS_TOKEN", "from-env"),
            ("IONOS_API_URL", "https://unused.example"),
        ],
        || {
            ClientBuilder::from_env()
                .base_url(server.uri())
                .basic_auth("alice", PASSWORD)
                .build()
        },
    )
    .unwrap();
    client.locations_api().locations_get().await.unwrap();
    let (authorization, path) = sent(&server).await;
    assert!(authorization.unwrap().starts_with("Basic "));
    assert_eq!(path, "/containerregistries/locations");
}
