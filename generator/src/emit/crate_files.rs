//! The crate-level files: `Cargo.toml`, `README.md`, `src/lib.rs` and `src/config.rs`.

use super::accessor_name;
use crate::ir::{Api, Operation, ParamLocation, SecurityScheme};
use crate::settings::{Settings, METADATA_TABLE};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// `src/lib.rs`: crate docs (the README), modules and re-exports.
pub fn lib_rs() -> TokenStream {
    quote! {
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        mod auth;
        mod client;
        mod error;
        mod pagination;
        mod retry;
        mod transport;
        mod validation;

        // Emitted code is laid out by the generator's formatter; rustfmt leaves it as generated.
        #[rustfmt::skip]
        pub mod apis;
        #[rustfmt::skip]
        mod config;
        #[rustfmt::skip]
        pub mod models;
        pub mod nullable;

        pub use apis::*;
        pub use auth::SecretString;
        pub use chrono;
        pub use client::{Client, ClientBuilder};
        pub use config::ErrorModel;
        pub use error::{ApiError, DecodeError, Error};
        pub use pagination::PageStream;
        pub use reqwest;
        pub use retry::RetryPolicy;
        pub use transport::ApiResponse;
        pub use uuid;
        pub use validation::Validate;
    }
}

/// `src/config.rs`: the constants the runtime reads, taken from the document and the settings.
pub fn config_rs(api: &Api, settings: &Settings) -> TokenStream {
    let (base_url, base_path) = default_server(api);
    let user_agent = format!("{}/{}", settings.crate_name, settings.crate_version);
    let prefix = &settings.env_prefix;
    let [username, password, token, api_url] =
        ["USERNAME", "PASSWORD", "TOKEN", "API_URL"].map(|name| format!("{prefix}_{name}"));
    let placement = token_placement(api);
    let error_model = match &api.error_model {
        Some(ty) => super::types::rust_type(ty, &api.types, super::types::Spelling::Qualified),
        None => quote!(serde_json::Value),
    };
    quote! {
        //! Constants taken from the OpenAPI document and the generator settings.

        /// The API's first server, with its variables at their defaults.
        pub(crate) const DEFAULT_BASE_URL: &str = #base_url;
        /// The path part of the default server URL, kept when only a host is configured.
        pub(crate) const BASE_PATH: &str = #base_path;
        /// Sent as `User-Agent` unless the user sets another.
        pub(crate) const USER_AGENT: &str = #user_agent;
        /// Environment variable holding the basic-auth user name.
        pub(crate) const ENV_USERNAME: &str = #username;
        /// Environment variable holding the basic-auth password.
        pub(crate) const ENV_PASSWORD: &str = #password;
        /// Environment variable holding the API token.
        pub(crate) const ENV_TOKEN: &str = #token;
        /// Environment variable overriding the base URL.
        pub(crate) const ENV_API_URL: &str = #api_url;
        /// Where an API token goes, from the document's security schemes.
        pub(crate) const TOKEN_PLACEMENT: crate::auth::TokenPlacement = #placement;

        /// The body most error responses of this API carry; decoded into
        /// [`ApiError::model`](crate::ApiError) when it parses.
        pub type ErrorModel = #error_model;
    }
}

/// The default base URL (variables substituted) and its path.
fn default_server(api: &Api) -> (String, String) {
    let Some(server) = api.servers.first() else {
        return (String::new(), String::new());
    };
    let mut url = server.url.clone();
    for (name, variable) in &server.variables {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    let url = url.trim_end_matches('/').to_string();
    let path = match url.split_once("://") {
        Some((_, rest)) => rest
            .find('/')
            .map(|i| rest[i..].to_string())
            .unwrap_or_default(),
        None => url.clone(),
    };
    if url.starts_with('/') || url.is_empty() {
        // A relative server: there is no host to default to.
        return (String::new(), path);
    }
    (url, path)
}

fn token_placement(api: &Api) -> TokenStream {
    let rank = |scheme: &SecurityScheme| match scheme {
        SecurityScheme::Bearer | SecurityScheme::OAuth => 0,
        SecurityScheme::ApiKey {
            location: ParamLocation::Header,
            ..
        } => 1,
        SecurityScheme::ApiKey {
            location: ParamLocation::Query,
            ..
        } => 2,
        SecurityScheme::ApiKey { .. } => 3,
        SecurityScheme::Basic => 9,
    };
    let best = api
        .security_schemes
        .values()
        .filter(|s| rank(s) < 9)
        .min_by_key(|s| rank(s));
    match best {
        Some(SecurityScheme::ApiKey {
            location: ParamLocation::Query,
            name,
        }) => {
            quote!(crate::auth::TokenPlacement::Query { name: #name })
        }
        Some(SecurityScheme::ApiKey {
            location: ParamLocation::Cookie,
            name,
        }) => {
            quote!(crate::auth::TokenPlacement::Cookie { name: #name })
        }
        Some(SecurityScheme::ApiKey { name, .. })
            if !name.eq_ignore_ascii_case("authorization") =>
        {
            quote!(crate::auth::TokenPlacement::Header { name: #name, default_prefix: None })
        }
        _ => quote!(crate::auth::TokenPlacement::Header {
            name: "Authorization",
            default_prefix: Some("Bearer")
        }),
    }
}

/// `Cargo.toml`, recording the settings so regeneration reuses them.
pub fn cargo_toml(api: &Api, settings: &Settings) -> String {
    let description = format!(
        "Rust client for the {} API (version {})",
        api.info.title, api.info.version
    )
    .replace('\\', "\\\\")
    .replace('"', "\\\"");
    let derives = settings
        .extra_derives
        .iter()
        .map(|d| format!("\"{d}\""))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        r#"# @generated by openapi-client-gen from the OpenAPI document. Do not edit by hand.
[package]
name = "{name}"
version = "{version}"
edition = "2021"
rust-version = "1.80"
description = "{description}"
publish = false

[dependencies]
bytes = "1"
chrono = {{ version = "0.4", default-features = false, features = ["serde", "std", "clock"] }}
fastrand = "2"
futures = "0.3"
httpdate = "1"
percent-encoding = "2"
regex = {{ version = "1", default-features = false, features = ["std", "unicode-perl"] }}
reqwest = {{ version = "0.12", default-features = false, features = ["rustls-tls", "http2"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
serde_path_to_error = "0.1"
thiserror = "2"
tokio = {{ version = "1", features = ["time"] }}
tracing = {{ version = "0.1", default-features = false, features = ["std"] }}
uuid = {{ version = "1", features = ["serde"] }}

[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}

{METADATA_TABLE}
env-prefix = "{prefix}"
extra-derives = [{derives}]
"#,
        name = settings.crate_name,
        version = settings.crate_version,
        prefix = settings.env_prefix,
    )
}

/// `README.md`, which is also the crate documentation (its example is a doctest).
pub fn readme(api: &Api, settings: &Settings, groups: &BTreeMap<&str, Vec<&Operation>>) -> String {
    let krate = settings.crate_ident();
    let prefix = &settings.env_prefix;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", settings.crate_name);
    let _ = writeln!(
        out,
        "An async Rust client for the **{}** API, version {}, generated by `openapi-client-gen` from its OpenAPI document.\n",
        api.info.title, api.info.version
    );
    if let Some(description) = api
        .info
        .description
        .as_deref()
        .and_then(|d| d.split("\n\n").next())
    {
        let _ = writeln!(out, "> {}\n", description.replace('\n', " "));
    }
    let _ = writeln!(
        out,
        "## Usage\n\n```rust,no_run\n{}```\n",
        example(&krate, groups)
    );
    let (base_url, base_path) = default_server(api);
    let _ = writeln!(
        out,
        r#"## Configuration

- **Authentication**: `ClientBuilder::basic_auth(username, password)` sends HTTP basic credentials; `ClientBuilder::token(token)` sends an API token (`Authorization: Bearer <token>` unless the API declares another place; change the prefix with `token_prefix`). An operation whose document declares `security: []` sends neither.
- **Environment**: `Client::from_env()` reads `{prefix}_USERNAME`, `{prefix}_PASSWORD`, `{prefix}_TOKEN` and `{prefix}_API_URL`. When both a token and a user name are set, the token wins.
- **Base URL**: `{base_url}` by default. `base_url(..)` (or `{prefix}_API_URL`) replaces it; a URL given without a path (`https://host`) gets the API's base path `{base_path}` appended, a URL with a path is used exactly as given. Plain `http://` URLs are accepted only when set explicitly, for local testing; use `https` otherwise.
- **Timeouts**: a connect timeout and a request timeout, both configurable on the builder; a timeout is reported as its own error kind.
- **Retries**: `429` responses are retried for every method; `502`, `503` and `504` only for idempotent methods (GET, HEAD, PUT, DELETE), and for POST/PATCH only when you opt in. Backoff is exponential with jitter and honours `Retry-After` (seconds or HTTP date) up to a cap; three attempts in total by default. See `RetryPolicy`.
- **Validation**: path and query values and request bodies are checked against the document's `pattern`, `minLength` and `maxLength` before anything is sent; a failure is `Error::InvalidArgument` naming the parameter or field. Turn it off with `ClientBuilder::validation(false)`.
- **Logging**: every request emits `tracing` events with the operation, method, path, status, attempt and elapsed time. Credentials never appear in them.

## Errors

Every operation returns `Result<_, Error>`. `Error` tells apart transport failures, timeouts, responses with a non-success status (`Error::Api`, carrying the status, headers, raw body and the decoded `ErrorModel` when it parses), bodies that do not decode (with the JSON path of the problem) and invalid arguments caught before sending. No server response makes the client panic.

## Models

- Optional fields are `Option<T>` and are left out of request bodies when `None`. Fields that are both optional and nullable are `Option<Option<T>>`: `None` leaves the field out, `Some(None)` sends `null` (to clear a value in a PATCH), `Some(Some(v))` sends the value. Each model has a constructor taking its required fields and `with_*` setters for the optional ones.
- Enums are open: a value added to the API later decodes into an `Unknown(..)` variant and is sent back unchanged.
- Passwords and tokens are `SecretString`s: printed as `[redacted]`, read deliberately with `expose_secret()`.

## Operations"#
    );
    for (group, operations) in groups {
        let _ = writeln!(
            out,
            "\n### `{group}` (`client.{}()`)\n",
            accessor_name(group)
        );
        let _ = writeln!(
            out,
            "| Method | HTTP request | Description |\n| --- | --- | --- |"
        );
        for op in operations {
            let summary = op
                .docs
                .summary
                .as_deref()
                .unwrap_or("")
                .replace('|', "\\|")
                .replace('\n', " ");
            let stream = if op.pagination.is_some() && op.body.is_none() {
                format!(
                    " Also `{}_stream` over all pages.",
                    crate::naming::bare(&op.method_name)
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "| `{}` | `{} {}` | {summary}.{stream} |",
                op.method_name,
                op.method.as_str(),
                op.path.raw
            );
        }
    }
    let _ = writeln!(
        out,
        "\nEvery method has a `*_with_http_info` twin that also returns the HTTP status and response headers as an `ApiResponse`."
    );
    out
}

/// A compiling example calling the first operation that needs no arguments.
fn example(krate: &str, groups: &BTreeMap<&str, Vec<&Operation>>) -> String {
    let candidate = groups.iter().find_map(|(group, ops)| {
        ops.iter()
            .find(|op| op.params.iter().all(|p| !p.required) && op.body.is_none())
            .map(|op| (*group, *op))
    });
    let call = match candidate {
        Some((group, op)) => {
            let args = if op.options_struct.is_some() {
                "Default::default()"
            } else {
                ""
            };
            format!(
                "    let result = client.{}().{}({args}).await?;\n    println!(\"{{result:?}}\");\n",
                accessor_name(group),
                op.method_name
            )
        }
        None => "    let _ = client;\n".to_string(),
    };
    format!(
        "use {krate}::{{Client, Error}};\n\n#[tokio::main]\nasync fn main() -> Result<(), Error> {{\n    // Credentials and an optional base URL come from the environment.\n    let client = Client::from_env()?;\n{call}    Ok(())\n}}\n"
    )
}
