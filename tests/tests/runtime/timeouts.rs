//! Issue 4, item 2: default and configurable connect and request timeouts; a timeout is its own
//! error kind.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use ionoscloud_container_registry::{Client, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

/// A server that takes far longer than any timeout used here to answer.
async fn slow_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(registry_json(REGISTRY_ID, "reg"))
                .set_delay(Duration::from_secs(10)),
        )
        .mount(&server)
        .await;
    server
}

fn assert_timeout(error: &Error) {
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(error.is_timeout());
    assert_eq!(error.status(), None);
    assert_eq!(error.to_string(), "request timed out");
}

#[tokio::test]
async fn request_timeout_is_its_own_error_kind() {
    let server = slow_server().await;
    let client = builder(&server)
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let error = tokio::time::timeout(
        Duration::from_secs(8),
        client.registries_api().registries_find_by_id(registry_id()),
    )
    .await
    .expect("the request timeout applies")
    .unwrap_err();
    assert_timeout(&error);
    // A timed-out attempt may have reached the server: it is not retried.
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn request_timeout_covers_a_body_that_stalls() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let mut buf = [0u8; 4096];
        let _ = socket.read(&mut buf).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\":";
        let _ = socket.write_all(head.as_bytes()).await;
        tokio::time::sleep(Duration::from_secs(10)).await;
    });
    let client = Client::builder()
        .base_url(url)
        .token(TOKEN)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let error = tokio::time::timeout(
        Duration::from_secs(8),
        client.registries_api().registries_find_by_id(registry_id()),
    )
    .await
    .expect("the request timeout covers reading the body")
    .unwrap_err();
    assert_timeout(&error);
}

/// A loopback listener that never accepts and whose accept queue is full, so a new connection
/// attempt hangs in the handshake. Returns the listener (keep it alive), the connections that
/// fill its queue and its address.
fn unanswered_listener() -> (
    tokio::net::TcpListener,
    Vec<std::net::TcpStream>,
    SocketAddr,
) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let address = listener.local_addr().unwrap();
    let mut filling = Vec::new();
    for _ in 0..16 {
        match std::net::TcpStream::connect_timeout(&address, Duration::from_millis(300)) {
            Ok(stream) => filling.push(stream),
            Err(_) => return (listener, filling, address),
        }
    }
    panic!("the accept queue of the listener never filled up");
}

#[tokio::test]
async fn connect_timeout_is_a_timeout() {
    let (_listener, _filling, address) = unanswered_listener();
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .token(TOKEN)
        .connect_timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = tokio::time::timeout(
        Duration::from_secs(8),
        client.locations_api().locations_get(),
    )
    .await
    .expect("the connect timeout applies")
    .unwrap_err();
    assert_timeout(&error);

    // A connection that could not be established is retried for idempotent methods: three
    // attempts take at least three connect timeouts.
    let connect_timeout = Duration::from_millis(100);
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .token(TOKEN)
        .connect_timeout(connect_timeout)
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = tokio::time::timeout(
        Duration::from_secs(8),
        client.locations_api().locations_get(),
    )
    .await
    .expect("the connect timeout applies")
    .unwrap_err();
    assert_timeout(&error);
    assert!(
        started.elapsed() >= connect_timeout * 3,
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_custom_reqwest_client_still_gets_the_request_timeout() {
    let server = slow_server().await;
    let client = builder(&server)
        .reqwest_client(ionoscloud_container_registry::reqwest::Client::new())
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let error = tokio::time::timeout(
        Duration::from_secs(8),
        client.registries_api().registries_find_by_id(registry_id()),
    )
    .await
    .expect("the request timeout applies")
    .unwrap_err();
    assert_timeout(&error);
}

#[test]
fn timeouts_have_defaults_and_must_be_positive() {
    let builder = format!("{:?}", Client::builder());
    assert!(builder.contains("timeout: 60s"), "{builder}");
    assert!(builder.contains("connect_timeout: 10s"), "{builder}");
    let configured = Client::builder()
        .timeout(Duration::from_millis(1500))
        .connect_timeout(Duration::from_millis(250))
        .build()
        .unwrap();
    assert!(
        format!("{configured:?}").contains("timeout: 1.5s"),
        "{configured:?}"
    );
    for builder in [
        Client::builder().timeout(Duration::ZERO),
        Client::builder().connect_timeout(Duration::ZERO),
    ] {
        let error = builder.build().unwrap_err();
        assert!(matches!(error, Error::InvalidConfig(_)), "{error:?}");
    }
}
