//! Issue 8: the generated client against hostile servers and hostile arguments, on loopback.
//!
//! - `responses`: truncated JSON, wrong JSON types, invalid UTF-8, a wrong `Content-Type`, HTML
//!   with a 200, huge bodies against the configurable cap, a slow server, a reset connection;
//! - `injection`: path parameters that try to change the request path, CR/LF in credentials
//!   and headers;
//! - `redirects`: credentials never reach another host;
//! - `secrets`: no secret in `Debug`, `Display`, errors or captured `tracing` output;
//! - `transport`: `https` by default, plain `http` only when written out.
//!
//! Every case must end in a typed [`Error`](ionoscloud_container_registry::Error), never a
//! panic. wiremock serves what HTTP allows; a raw tokio listener serves what it does not
//! (a body cut short, a reset, a trickle). Timing assertions are generous upper bounds only.

mod support;

mod injection;
mod redirects;
mod responses;
mod secrets;
mod transport;
