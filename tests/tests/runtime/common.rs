//! Shared fixtures: clients pointed at a mock server, JSON bodies the API returns, and a
//! recorder of when requests arrive.

pub use integration_tests::ids::{registry_id, REGISTRY_ID};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ionoscloud_container_registry::models::{
    PostRegistryInput, PostRegistryProperties, PostTokenInput, PostTokenProperties,
    PutRegistryInput, PutTokenInput,
};
use ionoscloud_container_registry::uuid::Uuid;
use ionoscloud_container_registry::{Client, ClientBuilder, RetryPolicy};
use serde_json::{json, Value};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

/// The API token the tests authenticate with; must never show up in output.
pub const TOKEN: &str = "tok-SECRET-7c1d";
/// A basic-auth password; must never show up in output.
pub const PASSWORD: &str = "pw-SECRET-93ab";
/// The one-time token password the server returns from POST/PUT; must never show up in output.
pub const TOKEN_PASSWORD: &str = "otp-SECRET-55e0";

pub const TOKEN_ID: &str = "0b5d7f1e-2a3c-4e6f-8a9b-c0d1e2f3a4b5";

pub fn token_id() -> Uuid {
    TOKEN_ID.parse().unwrap()
}

/// Retries with millisecond backoff, so retry tests stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

/// A builder for `server` with a token and fast retries.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .retry_policy(fast_retries())
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().unwrap()
}

pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

pub fn metadata_json() -> Value {
    json!({
        "createdBy": "alice@example.com",
        "createdByUserId": "u-1",
        "createdDate": "2024-05-06T07:08:09Z",
        "state": "AVAILABLE"
    })
}

/// A `RegistryResponse` body.
pub fn registry_json(id: &str, name: &str) -> Value {
    json!({
        "id": id,
        "type": "registry",
        "metadata": metadata_json(),
        "properties": {"name": name, "location": "de/fra"}
    })
}

/// A `TokenResponse` / `PostTokenOutput` body whose credentials carry `password`.
pub fn token_json(id: &str, name: &str, password: &str) -> Value {
    json!({
        "id": id,
        "type": "token",
        "metadata": metadata_json(),
        "properties": {
            "name": name,
            "status": "enabled",
            "credentials": {"username": name, "password": password}
        }
    })
}

pub fn links_json() -> Value {
    json!({"next": "", "previous": "", "self": ""})
}

pub fn valid_registry() -> PostRegistryInput {
    PostRegistryInput::new(PostRegistryProperties::new("de/fra", "my-registry"))
}

pub fn valid_registry_put() -> PutRegistryInput {
    PutRegistryInput::new(PostRegistryProperties::new("de/fra", "my-registry"))
}

pub fn valid_token() -> PostTokenInput {
    PostTokenInput::new(PostTokenProperties::new("ci-token"))
}

pub fn valid_token_put() -> PutTokenInput {
    PutTokenInput::new(PostTokenProperties::new("ci-token"))
}

/// Answers with `responses` in turn (the last one repeatedly) and records when each request
/// arrived.
#[derive(Clone)]
pub struct Sequence {
    responses: Vec<ResponseTemplate>,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl Sequence {
    pub fn new(responses: Vec<ResponseTemplate>) -> Self {
        Self {
            responses,
            arrivals: Arc::default(),
        }
    }

    /// When each request arrived, in order.
    pub fn arrivals(&self) -> Vec<Instant> {
        self.arrivals.lock().unwrap().clone()
    }

    /// The pauses between consecutive requests.
    pub fn gaps(&self) -> Vec<Duration> {
        self.arrivals()
            .windows(2)
            .map(|pair| pair[1] - pair[0])
            .collect()
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut arrivals = self.arrivals.lock().unwrap();
        arrivals.push(Instant::now());
        let index = (arrivals.len() - 1).min(self.responses.len() - 1);
        self.responses[index].clone()
    }
}
