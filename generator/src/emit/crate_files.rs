//! The crate-level files: `Cargo.toml`, `README.md`, `src/lib.rs` and `src/client.rs`.

use super::features::Features;
use crate::ir::{Api, Layers, Operation, Pagination, RequestBodyKind, ResponseBodyKind};
use crate::runtime_defaults as defaults;
use crate::settings::Settings;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The contents of the root module's children when they are written inline, in a build
/// script's module, instead of as files of a crate.
pub struct InlineModules {
    /// The root module's documentation.
    pub doc: String,
    /// `apis`.
    pub apis: TokenStream,
    /// `client`.
    pub client: TokenStream,
    /// `models`.
    pub models: TokenStream,
}

/// `src/lib.rs`: crate docs (the README), modules and re-exports. Everything that does not
/// depend on the document comes from the runtime crate, `openapi_client_runtime`. With
/// `inline`, the items of a build script's module: the same, its modules written out and
/// without the `mock` feature (which the including crate does not have).
pub fn lib_rs(
    has_operations: bool,
    features: &Features,
    inline: Option<InlineModules>,
) -> TokenStream {
    // Without any group enabled, `apis` exports nothing and the re-export would be unused.
    let apis_reexport = has_operations.then(|| {
        let gate = features.any_group();
        let skip = gate.is_some().then(|| quote!(#[rustfmt::skip]));
        quote!(
            #gate
            #skip
            pub use apis::*;
        )
    });
    let mock = (has_operations && inline.is_none()).then(|| {
        quote! {
            #[cfg(feature = "mock")]
            #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
            #[rustfmt::skip]
            pub mod mock;
            #[cfg(feature = "cli")]
            #[cfg_attr(docsrs, doc(cfg(feature = "cli")))]
            #[rustfmt::skip]
            #[allow(deprecated)]
            pub mod cli;
        }
    });
    let (doc, apis, client, models) = match inline {
        Some(modules) => {
            let doc = modules.doc;
            let (apis, client, models) = (modules.apis, modules.client, modules.models);
            (
                quote!(#![doc = #doc]),
                quote!({ #apis }),
                quote!({ #client }),
                quote!({ #models }),
            )
        }
        None => (
            quote! {
                #![doc = include_str!("../README.md")]
                // docs.rs builds with every feature and labels what each item needs.
                #![cfg_attr(docsrs, feature(doc_cfg))]
            },
            quote!(;),
            quote!(;),
            quote!(;),
        ),
    };
    quote! {
        #doc
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        // Emitted code is laid out by the generator's formatter; rustfmt leaves it as generated.
        // Items the API deprecates are `#[deprecated]` for users; generated code may use them.
        #[rustfmt::skip]
        #[allow(deprecated)]
        pub mod apis #apis
        #[rustfmt::skip]
        #[allow(deprecated)]
        mod client #client
        #[rustfmt::skip]
        #[allow(deprecated)]
        pub mod models #models

        #apis_reexport
        #mock
        pub use chrono;
        pub use client::*;
        pub use uuid;
    }
}

/// `src/client.rs`: the document's configuration for the runtime ([`Spec`]), the crate's
/// `Client` with the operations' transport, and the aliases that fix the error model.
pub fn client_rs(api: &Api, settings: &Settings, features: &Features) -> TokenStream {
    let has_operations = !api.operations.is_empty();
    let (base_url, base_path) = (&api.base_url, &api.base_path);
    let user_agent = format!("{}/{}", settings.crate_name, settings.crate_version);
    let prefix = &settings.env_prefix;
    let builder_doc = format!(
        " A builder with the defaults: the document's first server URL, no credentials, {} s timeout.",
        defaults::TIMEOUT_SECS
    );
    let [username, password, token, api_url] =
        ["USERNAME", "PASSWORD", "TOKEN", "API_URL"].map(|name| format!("{prefix}_{name}"));
    let security = super::security::config_fields(api, prefix);
    let builder = super::security::builder(api, settings);
    let error_model = super::errors::error_model_item(api, features, settings.mocks());
    let models = api
        .error_models
        .iter()
        .any(|model| super::types::names_a_model(&model.ty))
        .then(|| {
            quote!(
                use super::models;
            )
        });
    // With several error schemas each operation passes its own decoder; with one, every
    // operation decodes alike.
    let several = super::errors::several(api);
    let (errors_param, errors) = if several {
        (
            quote!(errors: runtime::transport::ErrorDecoder<ErrorModel>,),
            quote!(errors),
        )
    } else {
        (quote!(), quote!(runtime::transport::json_error_model))
    };
    let execute = has_operations.then(|| {
        let gate = features.any_group();
        // Only the groups with binary downloads stream; the method is gated like them.
        let streaming: std::collections::BTreeSet<&str> = api
            .operations
            .iter()
            .filter(|op| op.stream == Some(crate::ir::StreamKind::Body))
            .map(|op| op.group.as_str())
            .collect();
        let streaming: Vec<&str> = streaming.into_iter().collect();
        // The groups that answer with events, JSON or text.
        let groups_with = |json: bool| -> Vec<&str> {
            let groups: std::collections::BTreeSet<&str> = api
                .operations
                .iter()
                .filter(|op| op.event_data().is_some_and(|d| d.is_some() == json))
                .map(|op| op.group.as_str())
                .collect();
            groups.into_iter().collect()
        };
        let (json_events, text_events) = (groups_with(true), groups_with(false));
        let execute_events = (!json_events.is_empty()).then(|| {
            let gate = features.gate(&json_events);
            quote! {
                /// Sends one operation's request and decodes its server-sent events as JSON.
                #gate
                pub(crate) async fn execute_events<T: serde::de::DeserializeOwned>(
                    &self,
                    request: openapi_client_runtime::transport::Request,
                    #errors_param
                ) -> Result<ApiResponse<EventStream<T>>, Error> {
                    self.inner.execute_events(request, #errors).await
                }
            }
        });
        let execute_text_events = (!text_events.is_empty()).then(|| {
            let gate = features.gate(&text_events);
            quote! {
                /// Sends one operation's request and hands out its server-sent events as text.
                #gate
                pub(crate) async fn execute_text_events(
                    &self,
                    request: openapi_client_runtime::transport::Request,
                    #errors_param
                ) -> Result<ApiResponse<EventStream<String>>, Error> {
                    self.inner.execute_text_events(request, #errors).await
                }
            }
        });
        let execute_stream = (!streaming.is_empty()).then(|| {
            let gate = features.gate(&streaming);
            quote! {
                /// Sends one operation's request and streams its success body (used by the
                /// `_stream` methods of binary downloads).
                #gate
                pub(crate) async fn execute_stream(
                    &self,
                    request: openapi_client_runtime::transport::Request,
                    #errors_param
                ) -> Result<ApiResponse<ByteStream>, Error> {
                    self.inner.execute_stream(request, #errors).await
                }
            }
        });
        quote! {
            /// Sends one operation's request (used by the API groups).
            #gate
            pub(crate) async fn execute(
                &self,
                request: openapi_client_runtime::transport::Request,
                #errors_param
            ) -> Result<openapi_client_runtime::transport::RawResponse, Error> {
                self.inner.execute(request, #errors).await
            }

            #execute_stream
            #execute_events
            #execute_text_events
        }
    });
    quote! {
        //! The client of this API: the document's configuration, handed to the runtime as
        //! [`Spec`], and the [`Client`] the API groups are reached from.

        use openapi_client_runtime as runtime;
        #models

        pub use runtime::{
            auth, hooks, http, nullable, reqwest, ApiResponse, CallOptions, Credential,
            DecodeError, Event, Hook, InvalidArgument, Redirect, RetryPolicy, SecretString,
            UploadBody, Validate,
        };
        pub use runtime::multipart::FilePart;

        /// This API as the runtime sees it: its default server, security schemes, environment
        /// variables and error model, taken from the OpenAPI document and the generator
        /// settings.
        #[derive(Debug, Clone, Copy)]
        pub enum Spec {}

        impl runtime::Api for Spec {
            type Client = Client;
            type ErrorModel = ErrorModel;
            const CONFIG: runtime::ApiConfig = runtime::ApiConfig {
                default_base_url: #base_url,
                base_path: #base_path,
                user_agent: #user_agent,
                env_api_url: #api_url,
                #security
                env_token: #token,
                env_username: #username,
                env_password: #password,
            };
        }

        #error_model

        /// Everything that can go wrong when calling the API.
        pub type Error = runtime::Error<ErrorModel>;

        /// A non-success HTTP response, with the body decoded into [`ErrorModel`] when it parses.
        pub type ApiError = runtime::ApiError<ErrorModel>;

        #builder

        /// The items of a paginated operation across all of its pages.
        pub type PageStream<T> = runtime::PageStream<T, ErrorModel>;
        /// A binary response body as a stream of its chunks (the `_stream` methods of
        /// downloads).
        pub type ByteStream = runtime::ByteStream<ErrorModel>;
        /// The server-sent events of a `text/event-stream` response, their data decoded as `T`
        /// (JSON of the document's schema, or `String`).
        pub type EventStream<T> = runtime::EventStream<T, ErrorModel>;

        /// The API client. Cloning is cheap: clones share one configuration and one connection
        /// pool.
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: runtime::Client,
        }

        impl From<runtime::Client> for Client {
            fn from(inner: runtime::Client) -> Self {
                Self { inner }
            }
        }

        impl Client {
            #[doc = #builder_doc]
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new()
            }

            /// A client configured from the environment; see [`ClientBuilder::from_env`].
            pub fn from_env() -> Result<Self, Error> {
                ClientBuilder::from_env().build()
            }

            /// The base URL operation paths are appended to (no trailing slash).
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }

            /// Whether client-side validation of the document's constraints is on (default
            /// `true`).
            pub fn validation_enabled(&self) -> bool {
                self.inner.validation_enabled()
            }

            /// A handle of this client whose calls use `options`: a timeout, extra headers, a
            /// retry policy or an idempotency key. It shares the configuration and the
            /// connection pool, so making one per call is cheap.
            pub fn with_options(&self, options: CallOptions) -> Self {
                Self {
                    inner: self.inner.with_options(options),
                }
            }

            #execute
        }
    }
}

/// The `Client` method that returns group `group`.
fn accessor<'a>(api: &'a Api, group: &str) -> &'a str {
    super::group_names(api, group).map_or("", |g| g.accessor.as_str())
}

/// `README.md`, which is also the crate documentation (its example is a doctest).
pub fn readme(
    api: &Api,
    settings: &Settings,
    groups: &BTreeMap<&str, Vec<&Operation>>,
    features: Features,
) -> String {
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
        example(api, &krate, groups)
    );
    let (base_url, base_path) = (&api.base_url, &api.base_path);
    let _ = writeln!(
        out,
        r#"## Configuration

- **Authentication**: each security scheme of the API has a setter on `ClientBuilder` named after it (see *Credentials* below); `basic_auth(username, password)` and `token(token)` set the basic and token schemes most operations accept (the token's prefix can be changed with `token_prefix`, `""` sends the bare token). Every call sends what its operation's requirements ask, and an operation whose document declares `security: []` sends nothing.
- **Environment**: `Client::from_env()` (or `ClientBuilder::from_env()`, to change more settings) reads `{prefix}_TOKEN`, `{prefix}_USERNAME`, `{prefix}_PASSWORD`, `{prefix}_API_URL` and each scheme's own variables. A user name without a password, or a password without a user name, makes `build()` fail with `Error::InvalidConfig`. Unset or blank variables are ignored, and builder calls made after `from_env()` override what it read.
- **Base URL**: `{base_url}` by default. `base_url(..)` (or `{prefix}_API_URL`) replaces it. A URL without a path (`https://host` or `https://host/`) gets the API's base path `{base_path}` appended; a URL with a path is used exactly as given (`https://host/proxy` sends to `https://host/proxy/...`). Without a scheme, `https://` is assumed; plain `http://` is accepted only when written out, for local testing. Trailing slashes are ignored; user-info (`user:password@`), a query or a fragment is rejected.

```rust
use std::time::Duration;
use {krate}::{{Client, Error, RetryPolicy}};

let client = Client::builder()
    .base_url("https://host.example")
    .token("my-api-token")
    .timeout(Duration::from_secs(30))
    .connect_timeout(Duration::from_secs(5))
    .retry_policy(RetryPolicy::default().max_attempts(5).max_retry_after(Duration::from_secs(10)))
    .build()?;
println!("{{client:?}}"); // credentials are printed as `***`
Ok::<(), Error>(())
```
{credentials}
## Retries

Which failures are retried, as long as attempts are left:

| Failure | GET, HEAD, PUT, DELETE | POST, PATCH |
| --- | --- | --- |
| `429 Too Many Requests` | retried | retried |
| `502`, `503`, `504` | retried | only after `RetryPolicy::retry_non_idempotent(true)`, or with an idempotency key |
| no connection (refused, unreachable, connect timeout) | retried | only after `RetryPolicy::retry_non_idempotent(true)`, or with an idempotency key |
| any other status, a request timeout, a connection lost mid-request | not retried | not retried |

- **Attempts**: {attempts} in total by default, the first one included; `RetryPolicy::max_attempts(n)` changes it, `RetryPolicy::none()` sends once.
- **Wait**: the response's `Retry-After`, in either form (delta-seconds such as `120`, or an HTTP-date), up to `RetryPolicy::max_retry_after` ({max_retry_after} s by default): a longer wait is shortened to it, a date in the past means no wait. Without `Retry-After`, an exponential backoff with jitter: a random wait between `d/2` and `d`, where `d` is `initial_backoff` ({initial_backoff} ms by default) doubled for every further retry, at most `max_backoff` ({max_backoff} s).
- Every attempt sends the same request again, body included. When the last attempt fails, its response (or connection error) is the error returned.

## Timeouts

- `ClientBuilder::timeout` ({timeout} s by default) bounds each attempt, from connecting until the whole response body is read; a retry starts with a fresh one.
- `ClientBuilder::connect_timeout` ({connect_timeout} s by default) bounds establishing a connection. It does not apply to a `reqwest::Client` given with `reqwest_client(..)`; `timeout` still does.
- Both must be greater than zero. Running out of either is `Error::Timeout` (`error.is_timeout()`), never a transport error. A connect timeout is retried like a refused connection; a request timeout is not retried, as the server may already have acted on the request.

## Per-call options

`client.with_options(CallOptions)` gives a handle whose calls use their own timeout, extra headers, retry policy or idempotency key, on top of the client's configuration. The handle shares the client's configuration and connection pool, so making one for a single call is cheap:

```rust,no_run
use {krate}::{{CallOptions, Client, RetryPolicy}};
use std::time::Duration;

let client = Client::from_env()?;
let checkout = client.with_options(
    CallOptions::new()
        .timeout(Duration::from_secs(5))
        .header("X-Trace", "checkout-42")
        .retry_policy(RetryPolicy::default().max_attempts(5))
        .idempotency_key("order-7f3a"),
);
// Calls made through `checkout` use these options; `client` is unchanged.
# drop(checkout);
# Ok::<(), {krate}::Error>(())
```

An idempotency key is sent as `Idempotency-Key` with every attempt, the same on each retry, and lets `POST` and `PATCH` requests be retried like idempotent ones.
{pagination}## Validation

Before anything is sent, parameters and the fields of request bodies are checked against the document's constraints, including those of the schemas they refer to and of every part of an `allOf`: strings against `pattern`, `minLength` and `maxLength`, numbers against `minimum` and `maximum` (exclusive or not), arrays against `minItems` and `maxItems` and their items against theirs. A violation is `Error::InvalidArgument {{ name, reason }}`, where `name` is the parameter's name as written in the document, or the field's path in the body (such as `body.properties.name`), and no request is sent. Patterns are unanchored, as in JSON Schema; one that the `regex` crate cannot compile (look-around, back-references) is left to the server, with a `tracing` warning. Validation is on by default; `ClientBuilder::validation(false)` turns it off. Whatever that setting, values that cannot be sent as given are rejected the same way: a path parameter that is empty, `.` or `..`, and a header or cookie value with line breaks or other control characters.

## Logging

The client reports through [`tracing`](https://docs.rs/tracing) (install a subscriber such as `tracing-subscriber` to see anything):

- Each call runs in an `INFO` span `api_request` with `operation` (the operationId), `method` and `path` (the path below the base URL, without the query string), and the fields of OpenTelemetry's HTTP client conventions: `otel.name` (the operationId, the span's name when exported with `tracing-opentelemetry`), `http.request.method`, `url.full` (without the query string), `server.address`, `server.port`, `http.response.status_code` and `error.type` (the status code, or `timeout`, `transport`, `missing_credentials`, ...).
- `DEBUG` `response` for the response to each attempt: `attempt`, `status`, `elapsed` (of that attempt).
- `INFO` `retrying` before each retry: `attempt`, `status` (or the connection `error`) and the `delay`.
- `DEBUG` `finished` at the end (`attempts`, `status`, `bytes`, `elapsed` of the whole call), or `failed` (`attempts`, `error`, `elapsed`).

Headers, query strings, bodies and credentials are never logged.

## Hooks and transports

- `ClientBuilder::hook(..)` adds a `Hook` whose `before_send` sees each attempt's request (its final URL, headers, credentials included, and body) with the operation's id and the attempt number, and may change it: add headers, sign it (an HMAC or SigV4 signature); an error fails the call before anything is sent. Its `after_receive` sees each response's status, headers and timing (metrics).
- `ClientBuilder::http_client(..)` sends every request through another `http::HttpClient`: another HTTP stack, or `http::from_fn(..)`, which answers in-process, for tests without sockets. `reqwest_client(..)` uses a `reqwest::Client` of your own.
- The crate builds for `wasm32-unknown-unknown`, where requests go through the browser's `fetch`: file and stream uploads (`UploadBody::file`, `FilePart::path`) are not available there.

## Secrets

- Passwords, API tokens and secret model fields (`format: password`, or string fields named `password` or `secret`) are `SecretString`s: `Debug` and `Display` print `***`, and `expose_secret()` reads the value deliberately. They serialise as the plain string.
- The `Authorization` header is marked sensitive. `Debug` of `Client`, `ClientBuilder`, `ApiResponse` and `ApiError` shows no credentials; the `Authorization`, `Proxy-Authorization`, `Cookie` and `Set-Cookie` headers print as `***`.
- Error messages carry no credentials: configuration errors name what is wrong without its value, a base URL's user-info is shown as `***`, and `DecodeError` shows neither the body (a success response may carry credentials; read it from `DecodeError::body`) nor string values quoted by the decoder. `ApiError` shows the beginning of the body of the non-success response.

## Errors

Every operation returns `Result<_, Error>`. `Error` tells apart transport failures (`Error::Transport`), timeouts (`Error::Timeout`), responses with a non-success status (`Error::Api`, carrying the status, headers, raw body and the decoded `ErrorModel` when it parses), bodies that do not decode (`Error::Decode`, with the JSON path of the problem), invalid arguments caught before sending (`Error::InvalidArgument`), bodies over the size limit (`Error::ResponseTooLarge`, see `max_response_bytes`, {max_response} MiB by default) and an invalid configuration (`Error::InvalidConfig`). `status()`, `is_timeout()`, `is_not_found()` and `api_error()` answer the common questions. No server response makes the client panic.
{error_models}
The server's id of a request, read from the first of `x-request-id`, `x-correlation-id` and `request-id` it sends (`ClientBuilder::request_id_headers` names others), is in `ApiError::request_id` and `DecodeError::request_id` (and their messages), in `ApiResponse::request_id`, and in the `request_id` field of the call's tracing span.

## Models

- Optional fields are `Option<T>` and are left out of request bodies when `None`. Fields that are both optional and nullable are `Option<Option<T>>`: `None` leaves the field out, `Some(None)` sends `null` (to clear a value in a PATCH), `Some(Some(v))` sends the value; responses are decoded the same way. Each model has a constructor taking its required fields and `with_*` setters for the optional ones (`with_*_null` for `null`).
- Enums are open: a value added to the API later decodes into an `Unknown(UnknownValue)` variant that keeps it, and is sent back unchanged. `UnknownValue` can be read (`get()`) but not made, so a misspelled value cannot pass for a known one: build enums from their variants, or with `From<&str>`, which gives the variant a known value has. `as_str()`, `Display` and `From` convert both ways.
{features}{mock}{cli}{exercise}{binary}{routing}
## Operations"#,
        attempts = defaults::RETRY_ATTEMPTS,
        max_response = defaults::MAX_RESPONSE_MIB,
        max_retry_after = defaults::MAX_RETRY_AFTER_SECS,
        initial_backoff = defaults::INITIAL_BACKOFF_MILLIS,
        max_backoff = defaults::MAX_BACKOFF_SECS,
        timeout = defaults::TIMEOUT_SECS,
        connect_timeout = defaults::CONNECT_TIMEOUT_SECS,
        binary = streaming_sections(groups),
        routing = super::routing::readme_section(groups),
        error_models = super::errors::readme_section(api),
        credentials = super::security::readme_section(api, settings),
        pagination = pagination_section(groups),
        mock = mock_section(api, &krate, groups),
        cli = cli_section(api, settings),
        exercise = if settings.exercise_example && !api.operations.is_empty() {
            EXERCISE_SECTION
        } else {
            ""
        },
        features = features_section(api, settings, groups, features),
    );
    for (group, operations) in groups {
        let _ = writeln!(
            out,
            "\n### `{group}` (`client.{}()`)\n",
            accessor(api, group)
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
            let stream = if op.stream == Some(crate::ir::StreamKind::Pages) {
                format!(" Also `{}` over all pages.", op.stream_method_name)
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

/// The `## Exercising every operation` section (with a blank line before it), for crates with
/// the exercise program.
const EXERCISE_SECTION: &str = "
## Exercising every operation

`examples/exercise.rs` calls every operation once, with arguments built from the document's schemas (required fields, optional ones, defaults, and strings that meet their pattern, lengths and format), and prints `ok <operationId>` or `error <operationId>: <error>` for each. Against a mock server that checks requests against the document, such as [Prism](https://github.com/stoplightio/prism), it shows whether the client sends what the document describes and decodes what the server answers:

```sh
prism mock --dynamic openapi.yaml &
cargo run --example exercise -- http://127.0.0.1:4010 [operationId ...]
```
";

/// The `## Command-line tool` section (with a blank line before it), for crates with
/// operations.
fn cli_section(api: &Api, settings: &Settings) -> String {
    if api.operations.is_empty() {
        return String::new();
    }
    let name = &settings.crate_name;
    let prefix = &settings.env_prefix;
    format!(
        "\n## Command-line tool\n\nThe `cli` feature (off by default) builds a binary, `{name}`, with one command per operation: `{name} <group> <operation> [arguments]` (`--help` lists them, and `completions <shell>` prints a completion script). Required parameters are positional and optional ones are flags; a body is `--body '<json>'`, `--body @file.json` or `--body -` (standard input). It reads the same environment variables as `Client::from_env()` (`{prefix}_TOKEN`, `{prefix}_API_URL`, ...), takes `--base-url`, prints JSON (or `--output table`), follows pages with `--all`, shows status and headers with `--include`, and prints the request without sending it with `--dry-run`. It exits with 0 on success, 1 on an API error, 2 on a usage error and 3 when no answer came.\n\n```sh\ncargo install {name} --features cli\n```\n"
    )
}

/// The `## Testing with mocks` section (with a blank line before it): a compiled example of
/// the `mock` feature on the first operation without required arguments whose answer is a
/// model. Nothing when no operation fits.
fn mock_section(api: &Api, krate: &str, groups: &BTreeMap<&str, Vec<&Operation>>) -> String {
    let candidate = groups.iter().find_map(|(group, ops)| {
        ops.iter().find_map(|op| {
            let simple = op.params.iter().all(|p| !p.required) && op.body.is_none();
            let crate::ir::Success::Body(body) = &op.success else {
                return None;
            };
            match &body.kind {
                ResponseBodyKind::Json(ty @ crate::ir::TypeRef::Named(id)) if simple => {
                    Some((*group, *op, ty, api.types.get(*id).name.as_str()))
                }
                _ => None,
            }
        })
    });
    let Some((group, op, ty, model)) = candidate else {
        return String::new();
    };
    let (args, mock_args) = if op.options_struct.is_some() {
        ("Default::default()", "&Default::default()")
    } else {
        ("", "")
    };
    let sample = serde_json::to_string_pretty(&super::sample::sample(ty, &api.types))
        .unwrap_or_else(|_| "null".into())
        .replace('\n', "\n        ");
    format!(
        r#"
## Testing with mocks

With the `mock` feature (a dev-dependency with `features = ["mock"]`), `mock::MockApi` runs a local [`wiremock`](https://docs.rs/wiremock) server of this API and hands out a `Client` pointed at it. It has one `expect_<operation>` method per operation, taking the operation's arguments (path parameters, options, body) and matching the request on them; the expectation answers with a model (`respond`), a status without a body (`respond_empty`), an error model (`respond_error`) or any `wiremock` response (`respond_with`), and `times(n)` with `verify()` checks how often it was called. Code that takes a `Client` is tested without the network:

```rust
use {krate}::models::{model};
use {krate}::{{Client, Error}};

/// The code under test.
async fn fetch(client: &Client) -> Result<{model}, Error> {{
    client.{accessor}().{method}({args}).await
}}

#[cfg(feature = "mock")]
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {{
    use {krate}::mock::MockApi;

    let mock = MockApi::start().await;
    let answer: {model} = serde_json::from_value(serde_json::json!({sample}))?;
    mock.{expect}({mock_args}).times(1).respond(&answer).await;

    assert_eq!(fetch(&mock.client()).await?, answer);
    mock.verify().await;
    Ok(())
}}

#[cfg(not(feature = "mock"))]
fn main() {{}} // the example needs the `mock` feature
```
"#,
        accessor = accessor(api, group),
        method = op.method_name,
        expect = op.mock_method_name,
    )
}

/// The `## Cargo features` section (with a blank line before it), or nothing in a flat crate.
fn features_section(
    api: &Api,
    settings: &Settings,
    groups: &BTreeMap<&str, Vec<&Operation>>,
    features: Features,
) -> String {
    if !features.enabled() {
        return String::new();
    }
    let mut list = String::new();
    for (group, operations) in groups {
        let Some(names) = api.groups.get(*group) else {
            continue;
        };
        let mut models: Vec<(&str, bool)> = api
            .types
            .iter()
            .filter(|(_, def)| def.groups.iter().any(|g| g == group))
            .map(|(_, def)| (def.name.as_str(), def.groups.len() > 1))
            .collect();
        models.sort_unstable();
        let models = if models.is_empty() {
            "no models of its own".to_string()
        } else {
            let names: Vec<String> = models
                .iter()
                .map(|(name, shared)| format!("`{name}`{}", if *shared { "*" } else { "" }))
                .collect();
            format!("{} models: {}", models.len(), names.join(", "))
        };
        let _ = writeln!(
            list,
            "| `{}` | `{group}` ({} operation{}) | {models} |",
            names.feature,
            operations.len(),
            if operations.len() == 1 { "" } else { "s" }
        );
    }
    let always = api
        .types
        .iter()
        .filter(|(_, def)| def.groups.is_empty())
        .count();
    format!(
        "\n## Cargo features\n\nEach API group is a cargo feature, and `default` turns them all on. To compile only the groups you use, and the models they need, turn the defaults off and name the groups:\n\n```toml\n[dependencies]\n{} = {{ version = \"{}\", default-features = false, features = [\"{}\"] }}\n```\n\n| Feature | Group | Models it builds (`*`: also built by another feature) |\n| --- | --- | --- |\n{list}\nThe other {always} models (the error model, what every group or no operation uses, and what those contain) are always built.\n",
        settings.crate_name,
        settings.crate_version,
        groups
            .keys()
            .next()
            .and_then(|group| api.groups.get(*group))
            .map_or("", |names| names.feature.as_str())
    )
}

/// The `## Pagination` section (with blank lines around it), or a blank line when no operation
/// has a stream.
/// The `## Binary uploads`, `## Multipart forms`, `## Server-sent events` and
/// `## Streamed downloads` sections (each with a blank line before it), for the operations
/// that stream or type a body beyond JSON.
fn streaming_sections(groups: &BTreeMap<&str, Vec<&Operation>>) -> String {
    let list: String = groups
        .iter()
        .flat_map(|(group, operations)| operations.iter().map(move |op| (group, op)))
        .filter(|(_, op)| op.stream == Some(crate::ir::StreamKind::Body))
        .map(|(group, op)| {
            format!(
                "- `{group}::{}` (`{}`)\n",
                op.stream_method_name, op.operation_id
            )
        })
        .collect();
    let uploads: String = groups
        .iter()
        .flat_map(|(group, operations)| operations.iter().map(move |op| (group, op)))
        .filter(|(_, op)| {
            op.body
                .as_ref()
                .is_some_and(|b| b.kind == RequestBodyKind::Bytes)
        })
        .map(|(group, op)| format!("- `{group}::{}` (`{}`)\n", op.method_name, op.operation_id))
        .collect();
    let uploads = if uploads.is_empty() {
        String::new()
    } else {
        format!("\n## Binary uploads\n\nThese operations send a binary body, taken as an `UploadBody`: bytes (`Bytes`, `Vec<u8>`, `&'static [u8]`, `String`), a file (`UploadBody::file(path)`, read as the request is sent and again on a retry; one that cannot be opened is `Error::InvalidArgument`, and nothing is sent) or a stream (`UploadBody::stream(..)`, sent as it yields chunks; such a call is never retried, since a stream can be sent only once):\n\n{uploads}")
    };
    let events: String = groups
        .iter()
        .flat_map(|(group, operations)| operations.iter().map(move |op| (group, op)))
        .filter_map(|(group, op)| {
            let data = op.event_data()?;
            let data = if data.is_some() { "JSON" } else { "text" };
            Some(format!(
                "- `{group}::{}` (`{}`): data as {data}\n",
                op.method_name, op.operation_id
            ))
        })
        .collect();
    let forms: String = groups
        .iter()
        .flat_map(|(group, operations)| operations.iter().map(move |op| (group, op)))
        .filter_map(|(group, op)| {
            let RequestBodyKind::Multipart(form) = &op.body.as_ref()?.kind else {
                return None;
            };
            Some(format!(
                "- `{group}::{}` (`{}`) takes a `{}`\n",
                op.method_name, op.operation_id, form.name
            ))
        })
        .collect();
    let uploads = if forms.is_empty() {
        uploads
    } else {
        format!("{uploads}\n## Multipart forms\n\nThese operations send `multipart/form-data`. Their body is a struct with one public field per part (`Option` for the optional ones, and `new` taking the required ones): text for strings, numbers and enums, JSON for objects and arrays (or the document's `encoding` content type), and files as `FilePart`s: bytes, `FilePart::path(..)` (read as the request is sent, named after the file) or a stream, with `file_name(..)` and `content_type(..)`. A file that cannot be opened is `Error::InvalidArgument`, and nothing is sent.\n\n{forms}")
    };
    let uploads = if events.is_empty() {
        uploads
    } else {
        format!("{uploads}\n## Server-sent events\n\nThese operations answer with `text/event-stream`. Their methods return an `EventStream<T>`, a `futures::Stream` of `Result<Event<T>, Error>` read as the events arrive: each `Event` has its `event` type, `id` (the last one given), `retry` and `data`, decoded as JSON of the document's schema or kept as text. Comments are skipped and multi-line data is joined with `\\n`. An event whose data does not decode is an `Error::Decode` item and the stream goes on; a broken connection, a stream that ends inside an event, or an event larger than `max_response_bytes` is an error that ends the stream. A stream that ends between events ends cleanly.\n\n{events}")
    };
    if list.is_empty() {
        return uploads;
    }
    format!(
        "{uploads}\n## Streamed downloads\n\nThese operations answer with a binary body. Their plain method reads it whole (up to `max_response_bytes`); the `_stream` method hands it out as a `ByteStream`, a `futures::Stream` of `Bytes` chunks as they arrive, which is never held whole in memory and is not capped. A connection that breaks mid-body yields one error and ends the stream. The timeout covers the whole download: raise it for a large one with `CallOptions::timeout`.\n\n{list}"
    )
}

fn pagination_section(groups: &BTreeMap<&str, Vec<&Operation>>) -> String {
    let mut list = String::new();
    for (group, operations) in groups {
        for op in operations {
            let (Some(pagination), Some(crate::ir::StreamKind::Pages)) =
                (&op.pagination, op.stream)
            else {
                continue;
            };
            let wire = |index: &usize| op.params[*index].wire_name.as_str();
            let how = match pagination {
                Pagination::Offset {
                    offset,
                    total,
                    next_link,
                    ..
                } => {
                    let mut stops = vec!["on an empty page".to_string()];
                    stops.extend(
                        total
                            .as_ref()
                            .map(|total| format!("when the next offset reaches `{}`", total.ident)),
                    );
                    stops.extend(next_link.as_ref().map(|steps| {
                        let path: Vec<&str> = steps.iter().map(|s| s.ident.as_str()).collect();
                        format!("on a page whose `{}` is empty or absent", path.join("."))
                    }));
                    let last = stops.pop().unwrap_or_default();
                    let stops = match stops.is_empty() {
                        true => last,
                        false => format!("{} or {last}", stops.join(", ")),
                    };
                    format!(
                        "sends `{}` advanced by the number of items received; stops {stops}",
                        wire(offset)
                    )
                }
                Pagination::Cursor { cursor, next, .. } => {
                    let absent = if next
                        .iter()
                        .any(|step| step.presence.layers() != Layers::Value)
                    {
                        " or absent"
                    } else {
                        ""
                    };
                    format!(
                        "sends the `{}` read from each page to get the next; stops on an empty page, or when that value is empty{absent} or the same as the one just sent",
                        wire(cursor)
                    )
                }
            };
            let _ = writeln!(list, "- `{}` (`{group}`): {how}.", op.stream_method_name);
        }
    }
    if list.is_empty() {
        return "\n".into();
    }
    format!(
        "\n## Pagination\n\nThese list operations have a `_stream` companion that yields the items of every page as a `PageStream<T>`, a `futures::Stream<Item = Result<T, Error>>` (use `StreamExt::next` or `TryStreamExt::try_collect`):\n\n{list}\nThe options given to the stream are those of the first page and are kept for the following ones (page size, filters). Pages are fetched only as items are consumed, and each page request is retried like any other request. An error is yielded once and ends the stream.\n\n"
    )
}

/// A compiling example calling the first operation that needs no arguments.
fn example(api: &Api, krate: &str, groups: &BTreeMap<&str, Vec<&Operation>>) -> String {
    let candidate = groups.iter().find_map(|(group, ops)| {
        ops.iter()
            .find(|op| op.params.iter().all(|p| !p.required) && op.body.is_none() && !op.deprecated)
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
                accessor(api, group),
                op.method_name
            )
        }
        None => "    let _ = client;\n".to_string(),
    };
    format!(
        "use {krate}::{{Client, Error}};\n\n#[tokio::main]\nasync fn main() -> Result<(), Error> {{\n    // Credentials and an optional base URL come from the environment.\n    let client = Client::from_env()?;\n{call}    Ok(())\n}}\n"
    )
}
