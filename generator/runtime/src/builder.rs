//! [`builder_settings!`]: the settings every generated `ClientBuilder` has, passed on to the
//! runtime's [`ClientBuilder`](crate::ClientBuilder). A generated builder adds a setter per
//! security scheme of its API.

/// Expands, inside `impl ClientBuilder { .. }` of a generated crate whose builder wraps the
/// runtime's in a field named `inner`, to the settings every API has: `new`, `from_env`,
/// `base_url`, `token_prefix`, `user_agent`, `default_header`, `timeout`, `connect_timeout`,
/// `reqwest_client`, `http_client`, `hook`, `retry_policy`, `max_response_bytes`,
/// `validation`, `request_id_headers` and `build`, which returns `Result<$client, $error>`.
#[macro_export]
macro_rules! builder_settings {
    ($client:ty, $error:ty) => {
        /// A builder with the defaults: the document's first server URL, no credentials, 60 s
        /// timeout, 10 s connect timeout, 3 attempts per call, 16 MiB response cap, validation
        /// on.
        pub fn new() -> Self {
            Self {
                inner: $crate::ClientBuilder::new(),
            }
        }

        /// A builder configured from the environment: each security scheme's variables (see
        /// the setters), the API token, basic credentials and the base URL. Unset or empty
        /// variables are ignored; later builder calls override what was read.
        pub fn from_env() -> Self {
            Self {
                inner: $crate::ClientBuilder::from_env(),
            }
        }

        /// The API's base URL. `https://` is assumed when no scheme is given; plain `http://`
        /// is accepted only when written out, for local testing. A URL without a path gets the
        /// document's base path appended; a URL with a path is used as given.
        pub fn base_url(self, url: impl Into<String>) -> Self {
            Self {
                inner: self.inner.base_url(url),
            }
        }

        /// The scheme sent before the API token of `token`, e.g. `Bearer`; `""` sends the bare
        /// token.
        pub fn token_prefix(self, prefix: impl Into<String>) -> Self {
            Self {
                inner: self.inner.token_prefix(prefix),
            }
        }

        /// Replaces the `User-Agent` header (default: the crate's name and version).
        pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
            Self {
                inner: self.inner.user_agent(user_agent),
            }
        }

        /// Adds a header sent with every request; `Authorization` and `Cookie` are marked
        /// sensitive and hidden from `Debug`.
        pub fn default_header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
            Self {
                inner: self.inner.default_header(name, value),
            }
        }

        /// Timeout of each attempt, from connecting until the whole body is read (default
        /// 60 s).
        pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
            Self {
                inner: self.inner.timeout(timeout),
            }
        }

        /// Timeout for establishing a connection (default 10 s); not applied to a client given
        /// with `reqwest_client` or `http_client`.
        pub fn connect_timeout(self, timeout: ::std::time::Duration) -> Self {
            Self {
                inner: self.inner.connect_timeout(timeout),
            }
        }

        /// Uses this `reqwest::Client` (its pool, proxy and TLS settings) instead of building
        /// one; `timeout` still applies to each request. Build it with
        /// `redirect(reqwest::redirect::Policy::none())`: the client follows redirects itself.
        pub fn reqwest_client(self, client: $crate::reqwest::Client) -> Self {
            Self {
                inner: self.inner.reqwest_client(client),
            }
        }

        /// Sends every request through `client`: another HTTP stack, or an in-process answer
        /// for tests (`http::from_fn`).
        pub fn http_client(self, client: impl $crate::http::HttpClient) -> Self {
            Self {
                inner: self.inner.http_client(client),
            }
        }

        /// Adds a hook that runs before each attempt is sent and after its response arrives
        /// (signing, extra headers, metrics); hooks run in the order they were added.
        pub fn hook(self, hook: impl $crate::Hook) -> Self {
            Self {
                inner: self.inner.hook(hook),
            }
        }

        /// How failed requests are retried (default `RetryPolicy::default()`).
        pub fn retry_policy(self, policy: $crate::RetryPolicy) -> Self {
            Self {
                inner: self.inner.retry_policy(policy),
            }
        }

        /// Largest response body accepted, checked while it streams in (default 16 MiB).
        pub fn max_response_bytes(self, limit: usize) -> Self {
            Self {
                inner: self.inner.max_response_bytes(limit),
            }
        }

        /// Turns client-side validation of the document's constraints on or off (default on).
        pub fn validation(self, enabled: bool) -> Self {
            Self {
                inner: self.inner.validation(enabled),
            }
        }

        /// Whether operations the document gives a server of their own are sent there
        /// (default on); off sends every call to the base URL (a mock server, a proxy).
        pub fn operation_servers(self, enabled: bool) -> Self {
            Self {
                inner: self.inner.operation_servers(enabled),
            }
        }

        /// The response headers that carry the server's id of a request, in order of
        /// preference (default `x-request-id`, `x-correlation-id`, `request-id`).
        pub fn request_id_headers<I, S>(self, names: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            Self {
                inner: self.inner.request_id_headers(names),
            }
        }

        /// Checks the configuration and builds the client.
        pub fn build(self) -> ::core::result::Result<$client, $error> {
            self.inner.build()
        }
    };
}
