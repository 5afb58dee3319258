//! The runtime shared by every client crate that `openapi-client-gen` generates.
//!
//! A generated crate holds what comes from its OpenAPI document: models, API groups and the
//! document's configuration (servers, base path, environment variables, where the token goes,
//! the error model), which it hands to this crate by implementing [`Api`]. Everything else lives
//! here, compiled once for all generated crates:
//!
//! - [`Client`] and [`ClientBuilder`]: base URL, credentials (also from the environment),
//!   default headers, timeouts, retries ([`RetryPolicy`]), a response-size cap, and
//!   [`CallOptions`] for the calls of one handle (`Client::with_options`);
//! - [`transport`]: building a request, percent-encoding, sending it with retries and tracing,
//!   decoding the response into an [`ApiResponse`];
//! - [`Error`], with [`ApiError`] (the error model decoded) and [`DecodeError`];
//! - [`SecretString`] for credentials that never appear in `Debug`, `Display`, errors or logs;
//! - [`PageStream`] for pagination, [`validation`] for the document's constraints, and
//!   [`nullable`] for fields that are absent, `null` or a value;
//! - [`gated_module!`], which builds a model only with the features of the groups using it;
//! - with the `mock` feature, `mock::Expectation`: typed `wiremock` expectations that generated
//!   crates build their `mock` module on.
//!
//! The modules [`transport`], [`pagination`] and [`validation`] are the interface generated
//! code calls; applications use the types re-exported by their generated crate.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod auth;
mod client;
mod error;
mod features;
mod json_path;
#[cfg(feature = "mock")]
pub mod mock;
pub mod multipart;
pub mod nullable;
mod options;
pub mod pagination;
mod retry;
pub mod sse;
pub mod transport;
mod upload;
pub mod validation;

pub use auth::SecretString;
pub use client::{Api, ApiConfig, Client, ClientBuilder};
pub use error::{ApiError, DecodeError, Error, InvalidArgument};
pub use options::{CallOptions, IDEMPOTENCY_KEY_HEADER};
pub use pagination::PageStream;
pub use reqwest;
pub use retry::RetryPolicy;
pub use sse::{Event, EventStream};
pub use transport::{ApiResponse, ByteStream};
pub use upload::UploadBody;
pub use validation::Validate;
