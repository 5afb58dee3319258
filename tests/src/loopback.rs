//! What the raw-socket loopback tests and the streaming benchmark share: an API described to
//! the runtime directly, as a generated crate would, and reading a request's head.

use openapi_client_runtime::{Api, ApiConfig, Client};
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// A binary-file API as a generated crate describes one, with a plain JSON error model and no
/// default server (the tests give one).
pub struct Files;

impl Api for Files {
    type Client = Client;
    type ErrorModel = serde_json::Value;
    const CONFIG: ApiConfig = ApiConfig {
        default_base_url: "",
        base_path: "",
        user_agent: "files-client/1.0.0",
        env_api_url: "FILES_API_URL",
        schemes: &[],
        token_scheme: None,
        env_token: "FILES_TOKEN",
        basic_scheme: None,
        env_username: "FILES_USERNAME",
        env_password: "FILES_PASSWORD",
    };
}

/// Reads a request's head, up to its blank line; `false` when the connection ends first. The
/// clients here send no body to these servers.
pub async fn read_request_head(socket: &mut TcpStream) -> bool {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if socket.read(&mut byte).await.unwrap_or(0) == 0 {
            return false;
        }
        head.push(byte[0]);
    }
    true
}
