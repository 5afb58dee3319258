//! Behaviour tests of the production runtime of the generated `ionoscloud-container-registry`
//! client against loopback HTTP servers (wiremock and raw tokio sockets): retries, timeouts,
//! per-call options and request ids, pagination streams, configuration from the environment,
//! secret redaction, absent/null/value fields, open enums, client-side validation and tracing.
//!
//! Timing assertions are lower bounds only: the machine is shared and noisy.

mod common;

mod call_options;
mod enums;
mod environment;
mod logging;
mod nullable;
mod pagination;
mod retries;
mod secrets;
mod timeouts;
mod validation;
