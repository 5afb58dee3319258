//! Issue 22: credentials on the wire, against loopback servers, with the client of the
//! `security` fixture (generated into `OUT_DIR` by this crate's build script): every scheme's
//! setter, AND-ed headers, query keys and cookies, the error when no alternative is met, OAuth 2
//! tokens fetched once for concurrent calls and renewed on expiry and after a 401, refresh
//! tokens, token providers that fail, hooks, an in-process transport, the tracing fields, and
//! no secret in any `Debug` output or log line.

include!(concat!(env!("OUT_DIR"), "/security_client.rs"));

mod oauth;
mod requirements;
mod runtime_seams;
mod support;
