//! Arguments that try to change the request: path segments that would add segments, a query
//! or a fragment; CR/LF that would add headers.

use ionoscloud_container_registry::models::{PostTokenProperties, PutTokenInput};
use ionoscloud_container_registry::{Client, Error};
use wiremock::{MockServer, ResponseTemplate};

use crate::support::*;

/// Percent-encodes every byte outside RFC 3986's unreserved set, written independently of the
/// client so the test does not check the code against itself.
fn encoded(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

const HOSTILE_SEGMENTS: &[&str] = &[
    "a/b",
    "../../admin",
    "../",
    "/..",
    "...",
    "a/../../b",
    "x?admin=true",
    "x#fragment",
    "100%",
    "%2e%2e",
    "%2F",
    "my repo",
    " ",
    "ünïcødé/😀",
    "a;b=c",
    "a\\b",
    "a+b&c=d",
    "@evil.example.com",
    "\u{202e}gpj.exe",
];

/// The one request `server` received: its path, and whether it had a query.
async fn only_request(server: &MockServer) -> (String, Option<String>) {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request");
    let url = &requests[0].url;
    (url.path().to_owned(), url.query().map(str::to_owned))
}

#[tokio::test]
async fn path_parameters_never_change_the_shape_of_the_path() {
    for value in HOSTILE_SEGMENTS {
        // Validation is off so that the values the spec's patterns forbid reach the wire.
        let server = serving(ResponseTemplate::new(204)).await;
        builder_for(&server.uri())
            .validation(false)
            .build()
            .unwrap()
            .repositories_api()
            .registries_repositories_delete(registry_id(), value)
            .await
            .unwrap();
        let (path, query) = only_request(&server).await;
        let expected = format!(
            "{BASE}/registries/{REGISTRY_ID}/repositories/{}",
            encoded(value)
        );
        assert_eq!(path, expected, "{value:?}");
        assert_eq!(query, None, "{value:?}");
        // `/containerregistries/registries/{id}/repositories/{name}`: six pieces around `/`.
        assert_eq!(path.split('/').count(), 6, "{value:?} added a segment");

        let server = serving(ResponseTemplate::new(200)).await;
        builder_for(&server.uri())
            .validation(false)
            .build()
            .unwrap()
            .names_api()
            .names_check_usage(value)
            .await
            .unwrap();
        let (path, query) = only_request(&server).await;
        assert_eq!(
            path,
            format!("{BASE}/names/{}", encoded(value)),
            "{value:?}"
        );
        assert_eq!(query, None, "{value:?}");
    }
}

#[tokio::test]
async fn a_token_id_in_a_body_carrying_request_stays_one_segment() {
    let server =
        serving(ResponseTemplate::new(200).set_body_json(serde_json::json!({"type": "token"})))
            .await;
    let body = PutTokenInput::new(PostTokenProperties::new("reader"));
    builder_for(&server.uri())
        .validation(false)
        .build()
        .unwrap()
        .tokens_api()
        .registries_tokens_put(registry_id(), "t/../../../registries?x=1#y", &body)
        .await
        .unwrap();
    let (path, query) = only_request(&server).await;
    assert_eq!(
        path,
        format!("{BASE}/registries/{REGISTRY_ID}/tokens/t%2F..%2F..%2F..%2Fregistries%3Fx%3D1%23y")
    );
    assert_eq!(query, None);
}

#[tokio::test]
async fn dot_segments_and_empty_segments_are_rejected_before_sending() {
    let server = MockServer::start().await;
    let client = builder_for(&server.uri())
        .validation(false)
        .build()
        .unwrap();
    for value in ["", ".", ".."] {
        let error = client
            .repositories_api()
            .registries_repositories_delete(registry_id(), value)
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::InvalidArgument { name, .. } if name == "repositoryName"),
            "{value:?}: {error:?}"
        );
        let error = client
            .names_api()
            .names_check_usage(value)
            .await
            .unwrap_err();
        assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// A configuration that must be refused at `build()`, before any request can be sent; the
/// error must not repeat the secret or value, nor the line break (which would forge log lines).
fn assert_refused(builder: ionoscloud_container_registry::ClientBuilder, hidden: &str) {
    let error = builder.build().expect_err("a CR/LF value must be refused");
    assert!(matches!(error, Error::InvalidConfig(_)), "{error:?}");
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(hidden.is_empty() || !shown.contains(hidden), "{shown}");
        assert!(!shown.contains('\r') && !shown.contains('\n'), "{shown:?}");
    }
}

#[tokio::test]
async fn cr_lf_in_credentials_and_headers_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let base = || Client::builder().base_url(server.uri());
    let injections = ["\r\nX-Injected: 1", "\nX-Injected: 1", "\r", "\0"];
    for injection in injections {
        let token = format!("tok-{injection}-secret");
        assert_refused(base().token(token.as_str()), &token);
        assert_refused(
            base()
                .token(TOKEN)
                .token_prefix(format!("Bearer{injection}")),
            TOKEN,
        );
        let username = format!("admin{injection}");
        assert_refused(base().basic_auth(username.as_str(), PASSWORD), PASSWORD);
        let password = format!("pw-{injection}-secret");
        assert_refused(base().basic_auth(USERNAME, password.as_str()), &password);
        assert_refused(
            base().default_header("X-Trace", format!("abc{injection}")),
            "X-Injected",
        );
        // The name is shown (escaped), so the mistake can be found.
        assert_refused(
            base().default_header(format!("X-Trace{injection}"), "abc"),
            "",
        );
        assert_refused(base().user_agent(format!("agent{injection}")), "X-Injected");
    }
    // A clean configuration of the same shape goes through, and is the only one that reaches
    // the server.
    assert!(server.received_requests().await.unwrap().is_empty());
    let client = base()
        .basic_auth(USERNAME, PASSWORD)
        .default_header("X-Trace", "abc")
        .retry_policy(ionoscloud_container_registry::RetryPolicy::none())
        .build()
        .unwrap();
    let _ = client.locations_api().locations_get().await;
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].headers.get("x-injected").is_none());
}
