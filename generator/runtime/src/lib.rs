//! The runtime shared by every client crate that `openapi-client-gen` generates.
//!
//! A generated crate holds what comes from its OpenAPI document: models, API groups and the
//! document's configuration (servers, base path, security schemes, environment variables, the
//! error model), which it hands to this crate by implementing [`Api`]. Everything else lives
//! here, compiled once for all generated crates:
//!
//! - [`Client`] and [`ClientBuilder`]: base URL, credentials for every security scheme (also
//!   from the environment), default headers, timeouts, retries ([`RetryPolicy`]), a
//!   response-size cap, and [`CallOptions`] for the calls of one handle (`Client::with_options`);
//! - [`auth`]: the schemes, what each operation requires, [`Credential`]s, OAuth 2 tokens
//!   fetched, cached and refreshed by the client, [`TokenProvider`](auth::TokenProvider)s, and
//!   [`SecretString`] for credentials that never appear in `Debug`, `Display`, errors or logs;
//! - [`hooks`]: code of the application that runs before each attempt is sent and after its
//!   response (signing, metrics); [`http`]: the seam to another HTTP stack or an in-process
//!   transport;
//! - [`transport`]: what generated operations call to build a request and decode the
//!   response into an [`ApiResponse`];
//! - [`Error`], with [`ApiError`] (the error model decoded) and [`DecodeError`];
//! - [`PageStream`] for pagination, [`validation`] for the document's constraints, and
//!   [`nullable`] for fields that are absent, `null` or a value;
//! - [`gated_module!`], which builds a model only with the features of the groups using it;
//! - with the `mock` feature, `mock::Expectation`: typed `wiremock` expectations that generated
//!   crates build their `mock` module on.
//!
//! Every call runs in a `tracing` span `api_request` with OpenTelemetry's HTTP client fields
//! (`otel.name` is the operation). The runtime builds for `wasm32-unknown-unknown`, on the
//! browser's `fetch`.
//!
//! The modules [`transport`], [`pagination`] and [`validation`] are the interface generated
//! code calls; applications use the types re-exported by their generated crate.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod auth;
mod body;
mod builder;
#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
pub mod cli;
mod client;
mod compat;
pub mod de;
pub mod defaults;
mod encoding;
mod error;
mod features;
pub mod hooks;
pub mod http;
mod json_path;
#[cfg(feature = "mock")]
pub mod mock;
pub mod multipart;
pub mod nullable;
mod options;
pub mod pagination;
mod request;
mod response;
mod retry;
mod send;
pub mod sse;
pub mod transport;
mod upload;
pub mod validation;

pub use auth::{Credential, SecretString};
pub use client::{
    Api, ApiConfig, Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
};
pub use error::{ApiError, DecodeError, Error, InvalidArgument};
pub use hooks::Hook;
pub use options::{CallOptions, IDEMPOTENCY_KEY_HEADER};
pub use pagination::PageStream;
pub use reqwest;
pub use response::Redirect;
pub use retry::RetryPolicy;
pub use sse::{Event, EventStream};
pub use transport::{ApiResponse, ByteStream};
pub use upload::UploadBody;
pub use validation::Validate;
