//! Behaviour tests of the production runtime of the generated `ionoscloud-container-registry`
//! client against loopback HTTP servers (wiremock and raw tokio sockets): retries, timeouts,
//! per-call options and request ids, pagination streams, configuration from the environment,
//! secret redaction, absent/null/value fields, open enums, client-side validation and tracing.
//!
//! Timing assertions are lower bounds only: the machine is shared and noisy.

#[path = "runtime/common.rs"]
mod common;

#[path = "runtime/call_options.rs"]
mod call_options;
#[path = "runtime/enums.rs"]
mod enums;
#[path = "runtime/environment.rs"]
mod environment;
#[path = "runtime/logging.rs"]
mod logging;
#[path = "runtime/nullable.rs"]
mod nullable;
#[path = "runtime/pagination.rs"]
mod pagination;
#[path = "runtime/retries.rs"]
mod retries;
#[path = "runtime/secrets.rs"]
mod secrets;
#[path = "runtime/timeouts.rs"]
mod timeouts;
#[path = "runtime/validation.rs"]
mod validation;
