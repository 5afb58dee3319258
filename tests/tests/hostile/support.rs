//! Clients pointed at loopback servers, a raw-socket server for what HTTP mocks cannot express,
//! and the expectations shared by the hostile tests.

use std::future::Future;
use std::time::Duration;

use ionoscloud_container_registry::{Client, ClientBuilder, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The base path the client appends to a base URL without a path.
pub const BASE: &str = "/containerregistries";
/// Secrets the tests configure; none may ever show up in output.
pub const TOKEN: &str = "tok-HOSTILE-5ecret-91f2";
pub const USERNAME: &str = "admin@example.com";
pub const PASSWORD: &str = "pw-HOSTILE-5ecret-77c3";
pub use integration_tests::ids::{registry_id, REGISTRY_ID};

/// A builder for `url` with the token, no retries (one request per call) and a timeout far
/// above anything a passing test needs.
pub fn builder_for(url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(url)
        .token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(20))
}

pub fn client_for(url: &str) -> Client {
    builder_for(url).build().unwrap()
}

/// A wiremock server answering every request with `response`.
pub async fn serving(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// Runs `future`, failing the test if it has not finished after `limit` (a hang).
pub async fn within<T>(limit: Duration, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(limit, future)
        .await
        .expect("the client gave up by itself instead of hanging")
}

/// A loopback HTTP/1.1 server that hands each connection, after reading the request head, to
/// `respond`. It serves at most `connections` connections, then stops by itself.
pub async fn raw_server<F, Fut>(connections: usize, respond: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        for _ in 0..connections {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            read_request_head(&mut socket).await;
            tokio::spawn(respond(socket));
        }
    });
    url
}

/// Reads until the blank line that ends a request head (bounded; the tests send no bodies).
async fn read_request_head(socket: &mut TcpStream) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
}

/// Writes `bytes`, ignoring a peer that already hung up.
pub async fn send(socket: &mut TcpStream, bytes: &[u8]) {
    let _ = socket.write_all(bytes).await;
    let _ = socket.flush().await;
}

/// Asserts a body-decoding error for a 200 response and returns its path and message.
pub fn assert_decode(error: &Error) -> (String, String) {
    let Error::Decode(decode) = error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(decode.status, 200);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    // Display and Debug work and stay short even for a long body.
    assert!(error.to_string().len() < 1_000, "{error}");
    assert!(format!("{error:?}").len() < 2_000, "{error:?}");
    (decode.path.clone(), decode.message.clone())
}

/// Asserts a transport-level error (the response could not be read).
pub fn assert_transport(error: &Error) {
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(!error.is_timeout());
    assert_eq!(error.status(), None);
    assert!(!error.to_string().is_empty());
}
