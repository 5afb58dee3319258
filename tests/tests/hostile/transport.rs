//! Transport: `https` is the default; plain `http` only when written out.

use ionoscloud_container_registry::{Client, Error};
use wiremock::ResponseTemplate;

use crate::support::*;

#[test]
fn https_is_the_default() {
    // No base URL: the production endpoint over https.
    let client = Client::builder().token(TOKEN).build().unwrap();
    assert!(
        format!("{client:?}").contains("base_url: \"https://api.ionos.com/containerregistries\""),
        "{client:?}"
    );
    // A host without a scheme gets https, not http.
    let client = Client::builder()
        .base_url("de-fra.example.com")
        .build()
        .unwrap();
    assert!(
        format!("{client:?}")
            .contains("base_url: \"https://de-fra.example.com/containerregistries\""),
        "{client:?}"
    );
    // Schemes other than https and http are refused.
    for url in [
        "ftp://example.com",
        "file:///etc/passwd",
        "ws://example.com",
    ] {
        let error = Client::builder().base_url(url).build().unwrap_err();
        assert!(matches!(error, Error::InvalidConfig(_)), "{url}: {error:?}");
    }
}

#[tokio::test]
async fn a_plain_http_server_is_reached_only_with_an_explicit_http_url() {
    let server = serving(ResponseTemplate::new(200).set_body_json(serde_json::json!({}))).await;
    let address = server.address().to_string();
    // Without a scheme the client speaks TLS to the plain-HTTP server: the handshake fails and
    // no HTTP request (and so no credential) is ever sent in clear text.
    let error = client_for(&address)
        .locations_api()
        .locations_get()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
    // Written out, `http://` works (local testing).
    client_for(&format!("http://{address}"))
        .locations_api()
        .locations_get()
        .await
        .unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
