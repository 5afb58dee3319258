//! Hostile responses: each ends in a typed error (or a correct result), never a panic.

use std::time::{Duration, Instant};

use ionoscloud_container_registry::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::ResponseTemplate;

use crate::support::*;

fn registry_json() -> serde_json::Value {
    json!({
        "id": REGISTRY_ID,
        "type": "registry",
        "properties": {"name": "my-registry", "location": "de/fra"}
    })
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let full = registry_json().to_string();
    for cut in [1, full.len() / 2, full.len() - 1] {
        let server = serving(
            ResponseTemplate::new(200).set_body_raw(full[..cut].to_owned(), "application/json"),
        )
        .await;
        let error = client_for(&server.uri())
            .registries_api()
            .registries_find_by_id(registry_id())
            .await
            .unwrap_err();
        let (_, message) = assert_decode(&error);
        assert!(message.contains("EOF"), "cut at {cut}: {message}");
    }
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_a_transport_error() {
    // The server announces 400 bytes, sends a prefix of the JSON and closes the connection.
    let url = raw_server(1, |mut socket| async move {
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 400\r\n\r\n";
        send(&mut socket, head.as_bytes()).await;
        send(&mut socket, br#"{"id": "8f4c3e52-6c52"#).await;
    })
    .await;
    let error = within(
        Duration::from_secs(30),
        client_for(&url)
            .registries_api()
            .registries_find_by_id(registry_id()),
    )
    .await
    .unwrap_err();
    assert_transport(&error);
}

#[tokio::test]
async fn wrong_json_types_are_a_decode_error_with_the_path() {
    let cases = [
        (json!({"id": 42}), "id"),
        (json!({"id": "not-a-uuid"}), "id"),
        (
            json!({"properties": {"name": 7, "location": "de/fra"}}),
            "properties.name",
        ),
        (json!({"properties": {"name": "n"}}), "properties"),
        (json!({"properties": []}), "properties"),
        // An array where an object belongs is wrong as a whole.
        (json!([1, 2, 3]), "."),
        (json!("a string"), "."),
        (json!(null), "."),
    ];
    for (body, path) in cases {
        let server = serving(ResponseTemplate::new(200).set_body_json(&body)).await;
        let error = client_for(&server.uri())
            .registries_api()
            .registries_find_by_id(registry_id())
            .await
            .unwrap_err();
        let (found, message) = assert_decode(&error);
        assert_eq!(found, path, "{body}: {message}");
    }
}

#[tokio::test]
async fn invalid_utf8_is_a_decode_error_and_an_api_error_keeps_the_raw_bytes() {
    // Invalid UTF-8 inside a JSON string, and a body that is no text at all.
    for body in [
        b"{\"id\": \"\xff\xfe\"}".to_vec(),
        vec![0xff, 0xfe, 0xfd, 0x00, 0x80],
    ] {
        let server =
            serving(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"))
                .await;
        let error = client_for(&server.uri())
            .registries_api()
            .registries_find_by_id(registry_id())
            .await
            .unwrap_err();
        assert_decode(&error);
    }
    // An error status with a binary body: the raw bytes are kept, the text view is `None`, and
    // the message shows a lossy, control-character-free preview.
    let body = b"\xff\xfe\r\nX-Injected: 1\x00".to_vec();
    let server = serving(ResponseTemplate::new(502).set_body_raw(body.clone(), "text/plain")).await;
    let error = client_for(&server.uri())
        .locations_api()
        .locations_get()
        .await
        .unwrap_err();
    let api = error.api_error().expect("Error::Api");
    assert_eq!(api.status, 502);
    assert_eq!(api.body.as_ref(), body.as_slice());
    assert_eq!(api.body_text(), None);
    assert!(api.model.is_none());
    let shown = error.to_string();
    assert!(!shown.contains('\r') && !shown.contains('\n'), "{shown:?}");
}

#[tokio::test]
async fn a_wrong_content_type_does_not_change_how_the_body_is_read() {
    // The operation's schema decides: valid JSON labelled as something else decodes...
    let server =
        serving(ResponseTemplate::new(200).set_body_raw(registry_json().to_string(), "text/plain"))
            .await;
    let registry = client_for(&server.uri())
        .registries_api()
        .registries_find_by_id(registry_id())
        .await
        .unwrap();
    assert_eq!(registry.properties.unwrap().name, "my-registry");
    // ...and text labelled as JSON is a decode error.
    let server =
        serving(ResponseTemplate::new(200).set_body_raw("name=my-registry", "application/json"))
            .await;
    let error = client_for(&server.uri())
        .registries_api()
        .registries_find_by_id(registry_id())
        .await
        .unwrap_err();
    assert_decode(&error);
}

#[tokio::test]
async fn html_with_a_200_is_a_decode_error() {
    let html = format!(
        "<!DOCTYPE html><html><head><title>Login</title></head><body>{}</body></html>",
        "<p>Please sign in to continue.</p>".repeat(200)
    );
    let server = serving(ResponseTemplate::new(200).set_body_raw(html, "text/html")).await;
    let error = client_for(&server.uri())
        .locations_api()
        .locations_get()
        .await
        .unwrap_err();
    let (path, message) = assert_decode(&error);
    assert_eq!(path, ".");
    assert!(message.contains("expected value"), "{message}");
}

#[tokio::test]
async fn a_huge_body_hits_the_configurable_cap() {
    const CAP: usize = 4 * 1024;
    let padding = "x".repeat(CAP);
    let big = json!({"id": REGISTRY_ID, "href": padding}).to_string();
    // Announced by Content-Length: refused before the body is read; on error statuses too.
    for status in [200, 500] {
        let server =
            serving(ResponseTemplate::new(status).set_body_raw(big.clone(), "application/json"))
                .await;
        let error = builder_for(&server.uri())
            .max_response_bytes(CAP)
            .build()
            .unwrap()
            .registries_api()
            .registries_find_by_id(registry_id())
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::ResponseTooLarge { limit: CAP }),
            "{error:?}"
        );
    }
    // The same body fits a larger cap.
    let server =
        serving(ResponseTemplate::new(200).set_body_raw(big.clone(), "application/json")).await;
    let registry = builder_for(&server.uri())
        .max_response_bytes(big.len())
        .build()
        .unwrap()
        .registries_api()
        .registries_find_by_id(registry_id())
        .await
        .unwrap();
    assert_eq!(registry.href.unwrap().len(), CAP);
}

#[tokio::test]
async fn an_endless_chunked_body_is_cut_off_at_the_cap() {
    // No Content-Length: chunks keep coming until the client hangs up. The client must stop at
    // the cap instead of buffering without end.
    let url = raw_server(1, |mut socket| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        send(&mut socket, head.as_bytes()).await;
        let chunk = format!("{:x}\r\n{}\r\n", 1024, " ".repeat(1024));
        let started = Instant::now();
        // Bounded in count and time; a client that stops reading makes the write fail.
        for _ in 0..100_000 {
            if started.elapsed() > Duration::from_secs(30) {
                break;
            }
            use tokio::io::AsyncWriteExt;
            if socket.write_all(chunk.as_bytes()).await.is_err() {
                break;
            }
        }
    })
    .await;
    let error = within(
        Duration::from_secs(30),
        builder_for(&url)
            .max_response_bytes(64 * 1024)
            .build()
            .unwrap()
            .locations_api()
            .locations_get(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 65_536 }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_lying_content_length_cannot_make_the_client_wait_or_allocate() {
    // 10 GiB announced, a few bytes sent, then silence: refused at once from the header.
    let url = raw_server(1, |mut socket| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10737418240\r\n\r\n{";
        send(&mut socket, head.as_bytes()).await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let error = within(
        Duration::from_secs(15),
        client_for(&url).locations_api().locations_get(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit } if limit == 16 * 1024 * 1024),
        "the default cap is 16 MiB: {error:?}"
    );
}

#[tokio::test]
async fn a_slow_server_trips_the_timeout() {
    // Headers at once, then the body one byte every 100 ms: each byte is "progress", but the
    // timeout covers the whole exchange, so it still fires.
    let url = raw_server(1, |mut socket| async move {
        let body = registry_json().to_string();
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        send(&mut socket, head.as_bytes()).await;
        for byte in body.bytes() {
            send(&mut socket, &[byte]).await;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    let client = builder_for(&url)
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = within(
        Duration::from_secs(15),
        client.registries_api().registries_find_by_id(registry_id()),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(error.is_timeout());
    assert!(started.elapsed() >= Duration::from_millis(500));
    // A server that does not answer at all (headers delayed) times out the same way.
    let server = serving(
        ResponseTemplate::new(200)
            .set_body_json(registry_json())
            .set_delay(Duration::from_secs(30)),
    )
    .await;
    let error = within(
        Duration::from_secs(15),
        builder_for(&server.uri())
            .timeout(Duration::from_millis(300))
            .build()
            .unwrap()
            .locations_api()
            .locations_get(),
    )
    .await
    .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_a_transport_error() {
    let url = raw_server(1, |mut socket| async move {
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 300\r\n\r\n";
        send(&mut socket, head.as_bytes()).await;
        send(
            &mut socket,
            br#"{"id": "8f4c3e52-6c52-4b9c-a3f7-1b2e5f0d9a11", "prop"#,
        )
        .await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        // SO_LINGER 0: closing sends a TCP RST instead of a FIN.
        let _ = socket.set_zero_linger();
        drop(socket);
    })
    .await;
    let error = within(
        Duration::from_secs(30),
        client_for(&url)
            .registries_api()
            .registries_find_by_id(registry_id()),
    )
    .await
    .unwrap_err();
    assert_transport(&error);
}

#[tokio::test]
async fn a_reset_or_garbage_instead_of_a_response_is_a_transport_error() {
    let reset = raw_server(1, |socket| async move {
        let _ = socket.set_zero_linger();
        drop(socket);
    })
    .await;
    let garbage = raw_server(1, |mut socket| async move {
        send(
            &mut socket,
            b"SSH-2.0-OpenSSH_9.6\r\n\x00\x01\x02 not http at all\r\n\r\n",
        )
        .await;
    })
    .await;
    for url in [reset, garbage] {
        // GET is retried on connection errors by default; keep the default policy to prove that a
        // broken response is not retried forever either.
        let client = Client::builder()
            .base_url(&url)
            .token(TOKEN)
            .retry_policy(
                RetryPolicy::default()
                    .initial_backoff(Duration::from_millis(1))
                    .max_backoff(Duration::from_millis(5)),
            )
            .build()
            .unwrap();
        let error = within(
            Duration::from_secs(30),
            client.locations_api().locations_get(),
        )
        .await
        .unwrap_err();
        assert_transport(&error);
    }
}
