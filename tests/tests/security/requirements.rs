//! What each operation sends: the first alternative whose credentials are all configured,
//! every scheme of it, in headers, query parameters and cookies; nothing for `security: []`;
//! an error naming the alternatives, before anything is sent, when none is configured.

use crate::security_client::Error;
use crate::support::*;

#[tokio::test]
async fn two_header_keys_go_together() {
    let server = api_server().await;
    let client = builder(&server)
        .app_key(APP_KEY)
        .app_secret(APP_SECRET)
        .build()
        .unwrap();
    client.default_api().get_metrics().await.unwrap();
    let sent = requests_to(&server, "/metrics").await;
    assert_eq!(header(&sent[0], "x-app-key").as_deref(), Some(APP_KEY));
    assert_eq!(
        header(&sent[0], "x-app-secret").as_deref(),
        Some(APP_SECRET)
    );
    assert_eq!(header(&sent[0], "authorization"), None);
}

#[tokio::test]
async fn a_header_a_query_key_and_a_cookie_go_together() {
    let server = api_server().await;
    let client = builder(&server)
        .app_key(APP_KEY)
        .query_key(QUERY_KEY)
        .cookie_key(COOKIE_KEY)
        .build()
        .unwrap();
    client.default_api().get_report().await.unwrap();
    let sent = requests_to(&server, "/reports").await;
    assert_eq!(header(&sent[0], "x-app-key").as_deref(), Some(APP_KEY));
    assert_eq!(
        sent[0].url.query(),
        Some(format!("api_key={QUERY_KEY}").as_str())
    );
    assert_eq!(
        header(&sent[0], "cookie").as_deref(),
        Some(format!("session={COOKIE_KEY}").as_str())
    );
}

#[tokio::test]
async fn the_first_alternative_that_is_configured_is_sent() {
    let server = api_server().await;
    // `search` takes a query key, or a cookie: with only the cookie, the cookie goes.
    let client = builder(&server).cookie_key(COOKIE_KEY).build().unwrap();
    client.default_api().search("rust").await.unwrap();
    // With both, the first alternative, alone.
    let client = builder(&server)
        .query_key(QUERY_KEY)
        .cookie_key(COOKIE_KEY)
        .build()
        .unwrap();
    client.default_api().search("rust").await.unwrap();
    let sent = requests_to(&server, "/search").await;
    assert_eq!(sent[0].url.query(), Some("q=rust"));
    assert_eq!(
        header(&sent[0], "cookie").as_deref(),
        Some(format!("session={COOKIE_KEY}").as_str())
    );
    assert_eq!(
        sent[1].url.query(),
        Some(format!("q=rust&api_key={QUERY_KEY}").as_str())
    );
    assert_eq!(header(&sent[1], "cookie"), None);
}

#[tokio::test]
async fn no_alternative_met_fails_before_sending_and_names_them() {
    let server = api_server().await;
    // The application keys are set, but `search` takes neither.
    let client = builder(&server)
        .app_key(APP_KEY)
        .app_secret(APP_SECRET)
        .build()
        .unwrap();
    let error = client.default_api().search("rust").await.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::MissingCredentials { operation: "search", alternatives }
                if *alternatives == [vec!["queryKey"], vec!["cookieKey"]]
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "`search` needs credentials that are not configured: `queryKey`, or `cookieKey`"
    );
    // AND: one key of the two is not enough.
    let half = builder(&server).app_key(APP_KEY).build().unwrap();
    let error = half.default_api().get_metrics().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "`getMetrics` needs credentials that are not configured: `appKey` and `appSecret`"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn public_and_optional_operations() {
    let server = api_server().await;
    let anonymous = builder(&server).build().unwrap();
    anonymous.default_api().health().await.unwrap();
    anonymous.default_api().get_profile().await.unwrap();
    // `security: []` sends nothing even when credentials are configured; `{}` sends what it can.
    let client = builder(&server)
        .token(BEARER)
        .app_key(APP_KEY)
        .app_secret(APP_SECRET)
        .build()
        .unwrap();
    client.default_api().health().await.unwrap();
    client.default_api().get_profile().await.unwrap();
    let health = requests_to(&server, "/health").await;
    let profile = requests_to(&server, "/profile").await;
    for request in health.iter().chain(&profile[..1]) {
        assert_eq!(header(request, "authorization"), None);
        assert_eq!(header(request, "x-app-key"), None);
    }
    assert_eq!(
        header(&profile[1], "authorization").as_deref(),
        Some(format!("Bearer {BEARER}").as_str())
    );
}

#[tokio::test]
async fn basic_bearer_and_static_oauth_tokens() {
    let server = api_server().await;
    let client = builder(&server)
        .basic_auth("alice", PASSWORD)
        .oidc("oidc-token")
        .oauth_code("code-flow-token")
        .build()
        .unwrap();
    client.default_api().admin_status().await.unwrap();
    client.default_api().who_am_i().await.unwrap();
    client.default_api().legacy_export().await.unwrap();
    let admin = requests_to(&server, "/admin").await;
    // base64("alice:password-SECRET-6")
    assert_eq!(
        header(&admin[0], "authorization").as_deref(),
        Some("Basic YWxpY2U6cGFzc3dvcmQtU0VDUkVULTY=")
    );
    let me = requests_to(&server, "/me").await;
    assert_eq!(
        header(&me[0], "authorization").as_deref(),
        Some("Bearer oidc-token")
    );
    let legacy = requests_to(&server, "/legacy").await;
    assert_eq!(
        header(&legacy[0], "authorization").as_deref(),
        Some("Bearer code-flow-token")
    );
}

#[test]
fn credentials_that_do_not_fit_their_scheme_fail_the_build() {
    use crate::security_client::Credential;
    let error = crate::security_client::Client::builder()
        .query_key(Credential::client_credentials("id", CLIENT_SECRET))
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::InvalidConfig(_)), "{error:?}");
    assert!(
        error.to_string().contains("`queryKey` cannot authenticate"),
        "{error}"
    );
    assert!(!error.to_string().contains(CLIENT_SECRET));
    // A cookie cannot carry a `;`.
    let error = crate::security_client::Client::builder()
        .cookie_key("a;b")
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::InvalidConfig(_)), "{error:?}");
}
