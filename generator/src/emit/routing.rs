//! The README's account of where calls go: operations with a server of their own, and those
//! that document redirects as their outcomes.

use crate::ir::Operation;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The sections on operation servers and redirects, empty when no operation has either.
pub fn readme_section(groups: &BTreeMap<&str, Vec<&Operation>>) -> String {
    let mut servers = String::new();
    let mut redirects = String::new();
    for (group, operations) in groups {
        for op in operations {
            let name = &op.method_name;
            if let Some(server) = &op.server {
                let _ = writeln!(
                    servers,
                    "- `{group}::{name}` (`{}`): `{server}`",
                    op.operation_id
                );
            }
            if op.keeps_redirects() {
                let _ = writeln!(redirects, "- `{group}::{name}` (`{}`)", op.operation_id);
            }
        }
    }
    let mut out = String::new();
    if !servers.is_empty() {
        let _ = write!(
            out,
            "\n## Operations with a server of their own\n\nThe document sends these operations to another server than the API's, so the client does too, whatever the base URL. A server that starts with `/` is a path on the base URL's host. `ClientBuilder::operation_servers(false)` sends them to the base URL like every other call: for a mock server, a test server or a proxy that serves the whole API (the `MockApi` client and the exercise program do).\n\n{servers}"
        );
    }
    if !redirects.is_empty() {
        let _ = write!(
            out,
            "\n## Redirects\n\nThese operations document redirects (`3XX`) as outcomes: their result holds a `Redirect`, with the status and the `Location` as the server sent it, and the client does not follow it. Every other call follows redirects within the origin it was sent to (at most {max_redirects}; a `303` becomes a `GET`); a redirect to another host is not followed, so that credentials stay where they belong, and is `Error::Api` with its `Location` header. A `reqwest::Client` given to `reqwest_client` should follow no redirects itself (`redirect(Policy::none())`). In a browser (wasm), `fetch` follows redirects before the client sees them.\n\n{redirects}",
            max_redirects = crate::runtime_defaults::MAX_REDIRECTS,
        );
    }
    out
}
