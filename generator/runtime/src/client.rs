//! The [`Client`] and its [`ClientBuilder`]: base URL, credentials for every security scheme
//! (also from the environment), default headers, timeouts, retries, hooks, the HTTP transport,
//! response-size cap and validation switch; and [`Api`], the trait by which a generated crate
//! describes its document to the runtime.

use crate::defaults;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION, USER_AGENT,
};
use reqwest::Url;

use crate::auth::{Credential, Credentials, Scheme, SchemeKind, SecretString};
use crate::error::{Error, Failure, RedactedHeaders};
use crate::hooks::Hook;
use crate::http::HttpClient;
use crate::options::CallOptions;
use crate::retry::RetryPolicy;

/// The timeout of each attempt unless the builder sets another.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(defaults::TIMEOUT_SECS);
/// The timeout of establishing a connection unless the builder sets another.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(defaults::CONNECT_TIMEOUT_SECS);
/// The largest response body read unless the builder sets another: 16 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = defaults::MAX_RESPONSE_MIB * 1024 * 1024;
/// Most redirects followed for one request.
pub(crate) const MAX_REDIRECTS: usize = defaults::MAX_REDIRECTS;
/// The response headers a request id is read from unless the builder names others.
const DEFAULT_REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "x-correlation-id", "request-id"];

/// What a generated crate tells the runtime about its API. The generator implements it on a
/// type of the generated crate; applications never need to.
pub trait Api: 'static {
    /// The generated crate's client, which [`ClientBuilder::build`] returns.
    type Client: From<Client>;
    /// The bodies error responses carry, decoded into [`ApiError::model`](crate::ApiError) by
    /// each operation's rule: the one schema of the API, or an enum of its schemas.
    type ErrorModel: Clone + fmt::Debug + Send + Sync + 'static;
    /// The document's configuration.
    const CONFIG: ApiConfig;
}

/// The parts of a client's configuration that come from the document and the generator
/// settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiConfig {
    /// The document's first server URL, with its variables at their defaults (empty when the
    /// document has no absolute server: the user must set one).
    pub default_base_url: &'static str,
    /// The path of the default server URL, kept when the user configures only a host.
    pub base_path: &'static str,
    /// Sent as `User-Agent` unless the user sets another: the generated crate's name/version.
    pub user_agent: &'static str,
    /// The environment variable overriding the base URL.
    pub env_api_url: &'static str,
    /// The document's security schemes; operations name them by index.
    pub schemes: &'static [Scheme],
    /// The scheme [`ClientBuilder::token`] and [`env_token`](Self::env_token) set: the one
    /// that sends a token which most operations accept.
    pub token_scheme: Option<usize>,
    /// The environment variable holding the API token of [`token_scheme`](Self::token_scheme).
    pub env_token: &'static str,
    /// The scheme [`ClientBuilder::basic_auth`] and the user-name and password variables set:
    /// the HTTP basic scheme most operations accept.
    pub basic_scheme: Option<usize>,
    /// The environment variable holding the basic-auth user name.
    pub env_username: &'static str,
    /// The environment variable holding the basic-auth password.
    pub env_password: &'static str,
}

/// The HTTP client of a generated API. Cloning is cheap: clones share one configuration and one
/// connection pool. A generated crate wraps it in its own `Client`, which adds the API groups.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<ClientInner>,
    /// The options of this handle ([`Client::with_options`]); `None` for the client itself.
    pub(crate) call: Option<Arc<CallOptions>>,
}

/// The shared state behind a [`Client`].
pub(crate) struct ClientInner {
    pub(crate) http: Box<dyn HttpClient>,
    /// Scheme, host and path of the base URL, without a trailing slash.
    pub(crate) base_url: String,
    pub(crate) credentials: Credentials,
    /// Default headers including `User-Agent`.
    pub(crate) default_headers: HeaderMap,
    /// Per-attempt timeout: connect, send and read the whole body.
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
    pub(crate) validation: bool,
    /// Whether operations with a server of their own are sent there.
    pub(crate) operation_servers: bool,
    /// Response headers that carry the server's id of a request, in order of preference.
    pub(crate) request_id_headers: Vec<HeaderName>,
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
}

impl Client {
    /// A handle of this client whose calls use `options` (a timeout, extra headers, a retry
    /// policy, an idempotency key) on top of the client's configuration. It shares the
    /// configuration and the connection pool; making one costs an allocation. Options given
    /// to a handle replace those of the handle it was made from.
    pub fn with_options(&self, options: CallOptions) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            call: Some(Arc::new(options)),
        }
    }

    /// The options of this handle, if it was made by [`with_options`](Self::with_options).
    pub fn call_options(&self) -> Option<&CallOptions> {
        self.call.as_deref()
    }

    /// The base URL operation paths are appended to (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Whether client-side validation of the document's constraints is on (default `true`).
    pub fn validation_enabled(&self) -> bool {
        self.inner.validation
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("credentials", &inner.credentials)
            .field("hooks", &inner.hooks.len())
            .field("default_headers", &RedactedHeaders(&inner.default_headers))
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field("max_response_bytes", &inner.max_response_bytes)
            .field("validation", &inner.validation)
            .field("operation_servers", &inner.operation_servers)
            .field("call_options", &self.call)
            .finish_non_exhaustive()
    }
}

/// Configures and builds the client of API `A`. Every setting has a default; problems are
/// reported by [`build`](Self::build).
pub struct ClientBuilder<A: Api> {
    options: Options,
    api: PhantomData<fn() -> A>,
}

/// What a [`ClientBuilder`] collects. It does not depend on the API, so that building and
/// the environment rules are compiled once, in this crate, not in every generated one.
#[derive(Clone)]
struct Options {
    base_url: Option<String>,
    /// Credentials by scheme index, in the order they were set (a later one replaces an
    /// earlier one of the same scheme).
    credentials: Vec<(usize, Credential)>,
    token_prefix: Option<String>,
    user_agent: Option<String>,
    default_headers: Vec<(String, String)>,
    timeout: Duration,
    connect_timeout: Duration,
    http: Option<Transport>,
    hooks: Vec<Arc<dyn Hook>>,
    retry: RetryPolicy,
    max_response_bytes: usize,
    validation: bool,
    operation_servers: bool,
    request_id_headers: Vec<String>,
    errors: Vec<String>,
}

/// The HTTP transport a user gave.
#[derive(Clone)]
enum Transport {
    Reqwest(reqwest::Client),
    Custom(Arc<dyn HttpClient>),
}

/// An [`HttpClient`] shared with the builder it came from.
struct Shared(Arc<dyn HttpClient>);

impl HttpClient for Shared {
    fn send(
        &self,
        request: reqwest::Request,
    ) -> crate::compat::BoxFuture<'_, Result<reqwest::Response, crate::http::TransportError>> {
        self.0.send(request)
    }
}

impl Default for Options {
    fn default() -> Self {
        Self {
            base_url: None,
            credentials: Vec::new(),
            token_prefix: None,
            user_agent: None,
            default_headers: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            http: None,
            hooks: Vec::new(),
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            validation: true,
            operation_servers: true,
            request_id_headers: DEFAULT_REQUEST_ID_HEADERS
                .iter()
                .map(|name| name.to_string())
                .collect(),
            errors: Vec::new(),
        }
    }
}

impl Options {
    fn set_credential(&mut self, scheme: usize, credential: Credential) {
        self.credentials.retain(|(index, _)| *index != scheme);
        self.credentials.push((scheme, credential));
    }
}

impl<A: Api> Clone for ClientBuilder<A> {
    fn clone(&self) -> Self {
        Self {
            options: self.options.clone(),
            api: PhantomData,
        }
    }
}

impl<A: Api> Default for ClientBuilder<A> {
    fn default() -> Self {
        Self::new()
    }
}

impl<A: Api> ClientBuilder<A> {
    /// A builder with the defaults: the document's first server URL, no credentials, 60 s
    /// timeout, 10 s connect timeout, [`RetryPolicy::default`], 16 MiB response cap, validation
    /// on.
    pub fn new() -> Self {
        Self {
            options: Options::default(),
            api: PhantomData,
        }
    }

    /// A builder configured from the environment variables the generated crate names (its
    /// environment prefix, e.g. `IONOS`): the API token from `<PREFIX>_TOKEN`, basic auth from
    /// `<PREFIX>_USERNAME` and `<PREFIX>_PASSWORD`, each scheme's credential from its own
    /// variables (see [`Scheme::env`]), and the base URL from `<PREFIX>_API_URL`. Unset or empty
    /// variables are ignored; later builder calls override what was read.
    pub fn from_env() -> Self {
        Self::new().with_env(|name| std::env::var(name))
    }

    /// Applies the environment as read by `read`.
    fn with_env(mut self, read: impl Fn(&str) -> Result<String, std::env::VarError>) -> Self {
        apply_env(&mut self.options, &A::CONFIG, &read);
        self
    }

    /// The API's base URL. `https://` is assumed when no scheme is given; plain `http://` is
    /// accepted only when written out, and is meant for local testing. A URL whose path is empty
    /// or `/` gets the document's base path appended (with a base path `/registries`,
    /// `https://de.example.com` becomes `https://de.example.com/registries`); a URL with a path
    /// is used as given.
    /// Trailing slashes are ignored. Checked by [`build`](Self::build).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.options.base_url = Some(url.into());
        self
    }

    /// The credential of security scheme `scheme` (its index in [`ApiConfig::schemes`]); the
    /// generated builder has a setter named after each scheme that calls this. Replaces one
    /// set before for the same scheme. Checked by [`build`](Self::build).
    pub fn credential(mut self, scheme: usize, credential: impl Into<Credential>) -> Self {
        self.options.set_credential(scheme, credential.into());
        self
    }

    /// HTTP basic credentials for the API's basic scheme (the one most operations accept).
    pub fn basic_auth(
        mut self,
        username: impl Into<String>,
        password: impl Into<SecretString>,
    ) -> Self {
        match A::CONFIG.basic_scheme {
            Some(scheme) => self
                .options
                .set_credential(scheme, Credential::basic(username, password)),
            None => self
                .options
                .errors
                .push("the API has no HTTP basic security scheme".into()),
        }
        self
    }

    /// The API token, for the scheme most operations accept a token by (by default
    /// `Authorization: Bearer <token>`, or where that scheme says).
    pub fn token(mut self, token: impl Into<SecretString>) -> Self {
        match A::CONFIG.token_scheme {
            Some(scheme) => self
                .options
                .set_credential(scheme, Credential::token(token)),
            None => self
                .options
                .errors
                .push("the API has no security scheme that sends a token".into()),
        }
        self
    }

    /// The scheme sent before the API token of [`token`](Self::token), e.g. `Bearer`; `""`
    /// sends the bare token.
    pub fn token_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.options.token_prefix = Some(prefix.into());
        self
    }

    /// Replaces the `User-Agent` header (default: the crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.options.user_agent = Some(user_agent.into());
        self
    }

    /// Adds a header sent with every request. Checked by [`build`](Self::build); credential
    /// headers (`Authorization`, `Cookie`) are marked sensitive and hidden from `Debug`.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options
            .default_headers
            .push((name.into(), value.into()));
        self
    }

    /// Timeout of each attempt, from connecting until the whole body is read (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = timeout;
        self
    }

    /// Timeout for establishing a connection (default 10 s). Not applied to a client given to
    /// [`reqwest_client`](Self::reqwest_client) or [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.options.connect_timeout = timeout;
        self
    }

    /// Uses this `reqwest::Client` (its pool, proxy and TLS settings) instead of building one.
    /// [`timeout`](Self::timeout) is still applied to each request. Build it with
    /// `redirect(reqwest::redirect::Policy::none())`: a client that follows redirects itself
    /// hides the ones an operation returns, and may take credentials to another host.
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.options.http = Some(Transport::Reqwest(client));
        self
    }

    /// Sends every request through `client` instead of `reqwest`: another HTTP stack, or an
    /// in-process answer for tests ([`http::from_fn`](crate::http::from_fn)).
    pub fn http_client(mut self, client: impl HttpClient) -> Self {
        self.options.http = Some(Transport::Custom(Arc::new(client)));
        self
    }

    /// Adds a hook that runs before each attempt is sent and after its response arrives
    /// (signing, extra headers, metrics); hooks run in the order they were added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.options.hooks.push(Arc::new(hook));
        self
    }

    /// How failed requests are retried (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = policy;
        self
    }

    /// Largest response body accepted, checked while it streams in (default 16 MiB); a larger
    /// one fails with [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.options.max_response_bytes = limit;
        self
    }

    /// Turns client-side validation of spec constraints (patterns, lengths) on or off
    /// (default on).
    pub fn validation(mut self, enabled: bool) -> Self {
        self.options.validation = enabled;
        self
    }

    /// Whether operations the document gives a server of their own (an upload host, say) are
    /// sent there (default on). Off sends every call to the base URL: for a mock server, or a
    /// proxy that serves the whole API.
    pub fn operation_servers(mut self, enabled: bool) -> Self {
        self.options.operation_servers = enabled;
        self
    }

    /// The response headers that carry the server's id of a request, in order of preference
    /// (default `x-request-id`, `x-correlation-id`, `request-id`). The id is shown in
    /// [`ApiError`](crate::ApiError) and [`DecodeError`](crate::DecodeError) and recorded in
    /// the tracing events of the call. Checked by [`build`](Self::build).
    pub fn request_id_headers<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.options.request_id_headers = names.into_iter().map(Into::into).collect();
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<A::Client, Error<A::ErrorModel>> {
        Ok(A::Client::from(build_runtime(self.options, &A::CONFIG)?))
    }
}

/// Applies the environment as read by `read` (see [`ClientBuilder::from_env`]).
fn apply_env(
    options: &mut Options,
    config: &ApiConfig,
    read: &dyn Fn(&str) -> Result<String, std::env::VarError>,
) {
    let mut env = Env {
        read,
        errors: Vec::new(),
    };
    if let Some(url) = env.var(config.env_api_url) {
        options.base_url = Some(url);
    }
    let mut found: Vec<(usize, Credential)> = Vec::new();
    if let Some(scheme) = config.basic_scheme {
        if let Some(basic) = env.basic(config.env_username, config.env_password) {
            found.push((scheme, basic));
        }
    }
    for (index, scheme) in config.schemes.iter().enumerate() {
        if scheme.env.is_empty() {
            continue;
        }
        let credential = match scheme.kind {
            SchemeKind::Basic => env.basic(
                &format!("{}_USERNAME", scheme.env),
                &format!("{}_PASSWORD", scheme.env),
            ),
            SchemeKind::Token { .. } => env.var(scheme.env).map(Credential::token),
            SchemeKind::OAuth2 { .. } => env.oauth(scheme.env),
        };
        if let Some(credential) = credential {
            found.push((index, credential));
        }
    }
    // The API token last: `<PREFIX>_TOKEN` wins over the scheme's own variable.
    if let (Some(scheme), Some(token)) = (config.token_scheme, env.var(config.env_token)) {
        found.push((scheme, Credential::token(token)));
    }
    for (scheme, credential) in found {
        options.set_credential(scheme, credential);
    }
    options.errors.extend(env.errors);
}

/// The environment variables as `from_env` reads them, and what was wrong with them.
struct Env<'a> {
    read: &'a dyn Fn(&str) -> Result<String, std::env::VarError>,
    errors: Vec<String>,
}

impl Env<'_> {
    /// Variable `name`, unless it is unset or blank.
    fn var(&mut self, name: &str) -> Option<String> {
        match (self.read)(name) {
            Ok(value) if !value.trim().is_empty() => Some(value),
            Ok(_) | Err(std::env::VarError::NotPresent) => None,
            Err(std::env::VarError::NotUnicode(_)) => {
                self.errors
                    .push(format!("environment variable {name} is not valid Unicode"));
                None
            }
        }
    }

    /// Basic credentials from two variables; one without the other is an error.
    fn basic(&mut self, user: &str, password: &str) -> Option<Credential> {
        match (self.var(user), self.var(password)) {
            (Some(username), Some(secret)) => Some(Credential::basic(username, secret)),
            (Some(_), None) => {
                self.errors
                    .push(format!("{user} is set but {password} is not"));
                None
            }
            (None, Some(_)) => {
                self.errors
                    .push(format!("{password} is set but {user} is not"));
                None
            }
            (None, None) => None,
        }
    }

    /// An OAuth 2 credential from `<env>` (an access token), `<env>_REFRESH_TOKEN` (with the
    /// client's id and secret when set) or `<env>_CLIENT_ID` and `<env>_CLIENT_SECRET`.
    fn oauth(&mut self, env: &str) -> Option<Credential> {
        let token = self.var(env);
        let id = self.var(&format!("{env}_CLIENT_ID"));
        let secret = self
            .var(&format!("{env}_CLIENT_SECRET"))
            .map(SecretString::from);
        let refresh = self.var(&format!("{env}_REFRESH_TOKEN"));
        match (token, id, secret, refresh) {
            (Some(token), ..) => Some(Credential::token(token)),
            (None, Some(id), secret, Some(refresh)) => {
                Some(Credential::refresh_token(refresh).client(id, secret))
            }
            (None, None, _, Some(refresh)) => Some(Credential::refresh_token(refresh)),
            (None, Some(id), Some(secret), None) => {
                Some(Credential::client_credentials(id, secret))
            }
            (None, Some(_), None, None) => {
                self.errors.push(format!(
                    "{env}_CLIENT_ID is set but {env}_CLIENT_SECRET is not"
                ));
                None
            }
            (None, None, Some(_), None) => {
                self.errors.push(format!(
                    "{env}_CLIENT_SECRET is set but {env}_CLIENT_ID is not"
                ));
                None
            }
            (None, None, None, None) => None,
        }
    }
}

/// Checks the configuration and builds the runtime client.
fn build_runtime(options: Options, config: &ApiConfig) -> Result<Client, Failure> {
    if let Some(error) = options.errors.into_iter().next() {
        return Err(Failure::InvalidConfig(error));
    }
    if options.timeout.is_zero() || options.connect_timeout.is_zero() {
        return Err(Failure::InvalidConfig(
            "timeouts must be greater than zero".into(),
        ));
    }
    let base_url = normalize_base_url(
        options
            .base_url
            .as_deref()
            .unwrap_or(config.default_base_url),
        config.base_path,
    )?;
    let token_prefix = match (config.token_scheme, options.token_prefix.as_deref()) {
        (Some(scheme), Some(prefix)) => Some((scheme, prefix)),
        _ => None,
    };
    let credentials = Credentials::new(
        config.schemes,
        &options.credentials,
        token_prefix,
        &base_url,
        options.timeout,
    )?;
    let mut default_headers = HeaderMap::new();
    let user_agent = options.user_agent.as_deref().unwrap_or(config.user_agent);
    let user_agent = HeaderValue::from_str(user_agent)
        .map_err(|_| Failure::InvalidConfig("the user agent is not a valid header value".into()))?;
    default_headers.insert(USER_AGENT, user_agent);
    for (name, value) in &options.default_headers {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            // Debug-escaped: a name with a line break must not forge a log line.
            Failure::InvalidConfig(format!("{name:?} is not a valid header name"))
        })?;
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            Failure::InvalidConfig(format!(
                "the value of default header `{name}` is not a valid header value"
            ))
        })?;
        if [AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE].contains(&name) {
            value.set_sensitive(true);
        }
        default_headers.append(name, value);
    }
    let request_id_headers = options
        .request_id_headers
        .iter()
        .map(|name| {
            HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Failure::InvalidConfig(format!("{name:?} is not a valid header name")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let http: Box<dyn HttpClient> = match options.http {
        Some(Transport::Reqwest(client)) => Box::new(client),
        Some(Transport::Custom(client)) => Box::new(Shared(client)),
        None => Box::new(default_http_client(options.connect_timeout)?),
    };
    Ok(Client {
        inner: Arc::new(ClientInner {
            http,
            base_url,
            credentials,
            default_headers,
            timeout: options.timeout,
            retry: options.retry,
            max_response_bytes: options.max_response_bytes,
            validation: options.validation,
            operation_servers: options.operation_servers,
            request_id_headers,
            hooks: options.hooks,
        }),
        call: None,
    })
}

/// The `reqwest` client used unless the builder is given one: rustls and the connect timeout.
/// It follows no redirect: the client does, within the same origin, for the operations that do
/// not document redirects as their outcomes.
#[cfg(not(target_arch = "wasm32"))]
fn default_http_client(connect_timeout: Duration) -> Result<reqwest::Client, Failure> {
    reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Failure::InvalidConfig(format!("cannot build the HTTP client: {e}")))
}

/// The `reqwest` client used unless the builder is given one: the browser's `fetch`, which
/// connects, follows redirects and applies TLS itself.
#[cfg(target_arch = "wasm32")]
fn default_http_client(_connect_timeout: Duration) -> Result<reqwest::Client, Failure> {
    reqwest::Client::builder()
        .build()
        .map_err(|e| Failure::InvalidConfig(format!("cannot build the HTTP client: {e}")))
}

impl<A: Api> fmt::Debug for ClientBuilder<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self
            .options
            .default_headers
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        f.debug_struct("ClientBuilder")
            .field(
                "base_url",
                &self.options.base_url.as_deref().map(redact_userinfo),
            )
            .field(
                "credentials",
                &self
                    .options
                    .credentials
                    .iter()
                    .map(|(index, credential)| {
                        let scheme = A::CONFIG.schemes.get(*index).map_or("?", |s| s.name);
                        (scheme, credential)
                    })
                    .collect::<Vec<_>>(),
            )
            .field("default_headers", &header_names)
            .field("timeout", &self.options.timeout)
            .field("connect_timeout", &self.options.connect_timeout)
            .field("custom_http_client", &self.options.http.is_some())
            .field("hooks", &self.options.hooks.len())
            .field("retry", &self.options.retry)
            .field("max_response_bytes", &self.options.max_response_bytes)
            .field("validation", &self.options.validation)
            .field("operation_servers", &self.options.operation_servers)
            .finish_non_exhaustive()
    }
}

/// Applies the base-URL rules of [`ClientBuilder::base_url`] (`base_path` is the document's);
/// returns it without a trailing slash.
fn normalize_base_url(raw: &str, base_path: &str) -> Result<String, Failure> {
    let raw = raw.trim();
    let with_scheme = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("https://{raw}")
    };
    let invalid = |reason: &str| {
        let shown = redact_userinfo(raw);
        Failure::InvalidConfig(format!("invalid base URL `{shown}`: {reason}"))
    };
    let mut url = Url::parse(&with_scheme).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(
            "the scheme must be https (or http for local testing)",
        ));
    }
    if !url.has_host() {
        return Err(invalid("it has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("credentials belong in basic_auth, not in the URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment"));
    }
    let path = url.path().trim_end_matches('/').to_owned();
    let path = if path.is_empty() {
        base_path.trim_end_matches('/')
    } else {
        &path
    };
    url.set_path(path);
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// `raw` with anything that may be user-info (`user:password@`) replaced by `***`, for error
/// messages and `Debug`. A base URL never needs an `@`, so everything between the scheme and the
/// last `@` is hidden, even when the URL is too malformed to parse.
fn redact_userinfo(raw: &str) -> Cow<'_, str> {
    let Some(at) = raw.rfind('@') else {
        return Cow::Borrowed(raw);
    };
    let start = raw.find("://").map_or(0, |i| i + 3).min(at);
    Cow::Owned(format!("{}***{}", &raw[..start], &raw[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_thread_safe() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Client>();
    }

    /// An API as a generated crate describes one.
    struct Registry;

    impl Api for Registry {
        type Client = Client;
        type ErrorModel = serde_json::Value;
        const CONFIG: ApiConfig = ApiConfig {
            default_base_url: "https://api.example.com/registries",
            base_path: "/registries",
            user_agent: "registry-client/1.0.0",
            env_api_url: "REG_API_URL",
            schemes: &[
                Scheme {
                    name: "basicAuth",
                    kind: SchemeKind::Basic,
                    env: "REG_BASIC_AUTH",
                },
                Scheme {
                    name: "tokenAuth",
                    kind: SchemeKind::Token {
                        location: crate::auth::Location::Header,
                        name: "Authorization",
                        prefix: Some("Bearer"),
                    },
                    env: "REG_TOKEN_AUTH",
                },
            ],
            token_scheme: Some(1),
            env_token: "REG_TOKEN",
            basic_scheme: Some(0),
            env_username: "REG_USERNAME",
            env_password: "REG_PASSWORD",
        };
    }

    fn normalize(raw: &str) -> Result<String, Failure> {
        normalize_base_url(raw, Registry::CONFIG.base_path)
    }

    #[test]
    fn handles_share_the_client_and_replace_its_options() {
        let client = ClientBuilder::<Registry>::new().build().expect("a client");
        let handle = client.with_options(CallOptions::new().idempotency_key("a"));
        let again = handle.with_options(CallOptions::new().timeout(Duration::from_secs(1)));
        // One configuration and one connection pool for all of them.
        assert!(Arc::ptr_eq(&client.inner, &handle.inner));
        assert!(Arc::ptr_eq(&client.inner, &again.inner));
        assert!(client.call_options().is_none());
        assert_eq!(
            handle
                .call_options()
                .and_then(CallOptions::get_idempotency_key),
            Some("a")
        );
        assert_eq!(
            again.call_options().and_then(|o| o.get_idempotency_key()),
            None
        );
    }

    #[test]
    fn base_url_rules() {
        let base = Registry::CONFIG.base_path;
        let cases = [
            (
                "https://de.example.com".to_owned(),
                format!("https://de.example.com{base}"),
            ),
            (
                "https://de.example.com/".to_owned(),
                format!("https://de.example.com{base}"),
            ),
            (
                "de.example.com".to_owned(),
                format!("https://de.example.com{base}"),
            ),
            (
                "http://127.0.0.1:8080".to_owned(),
                format!("http://127.0.0.1:8080{base}"),
            ),
            (
                "https://h.example/custom/".to_owned(),
                "https://h.example/custom".to_owned(),
            ),
            (
                "https://h.example/a//".to_owned(),
                "https://h.example/a".to_owned(),
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(&input).unwrap(), expected, "{input}");
        }
        for bad in [
            "ftp://h.example",
            "https://u:p@h.example",
            "https://h.example/?q=1",
            "https://",
            "http://[::1",
        ] {
            assert!(
                matches!(normalize(bad), Err(Failure::InvalidConfig(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn user_info_in_a_base_url_is_never_shown() {
        for raw in [
            "https://u:s3cret@h.example",
            "u:s3cret@h.example/x",
            "https://u:s3/cret@h.example",
        ] {
            let message = format!("{:?}", normalize(raw).unwrap_err());
            assert!(!message.contains("s3"), "{message}");
            let builder = format!("{:?}", ClientBuilder::<Registry>::new().base_url(raw));
            assert!(!builder.contains("s3"), "{builder}");
        }
        assert_eq!(
            redact_userinfo("https://h.example/a"),
            "https://h.example/a"
        );
        assert_eq!(
            redact_userinfo("https://u:p@h.example"),
            "https://***@h.example"
        );
    }

    #[test]
    fn the_environment_sets_every_scheme_and_reports_half_pairs() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
                    .ok_or(std::env::VarError::NotPresent)
            }
        };
        let schemes = |builder: &ClientBuilder<Registry>| -> Vec<usize> {
            let mut set: Vec<usize> = builder
                .options
                .credentials
                .iter()
                .map(|(i, _)| *i)
                .collect();
            set.sort_unstable();
            set
        };
        let both = ClientBuilder::<Registry>::new().with_env(env(&[
            ("REG_TOKEN", "t"),
            ("REG_USERNAME", "u"),
            ("REG_PASSWORD", "p"),
        ]));
        assert_eq!(
            schemes(&both),
            [0, 1],
            "both credentials, each for its scheme"
        );
        let own = ClientBuilder::<Registry>::new().with_env(env(&[
            ("REG_TOKEN_AUTH", "t"),
            ("REG_BASIC_AUTH_USERNAME", "u"),
            ("REG_BASIC_AUTH_PASSWORD", "p"),
        ]));
        assert_eq!(schemes(&own), [0, 1], "the schemes' own variables");
        let half = ClientBuilder::<Registry>::new().with_env(env(&[("REG_USERNAME", "u")]));
        assert!(matches!(half.build(), Err(Error::InvalidConfig(_))));
    }
}
