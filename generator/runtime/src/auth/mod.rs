//! Credentials: the document's security schemes as a generated crate describes them
//! ([`Scheme`]), what an operation accepts ([`Requirement`]s, one of which must be met), the
//! credentials a user configures for each scheme ([`Credential`]), OAuth 2 tokens fetched and
//! refreshed by the client, [`TokenProvider`]s for every other source, and the redacting
//! [`SecretString`].
//!
//! Each call sends the first of its operation's alternatives whose credentials are all
//! configured, every scheme of it together (headers, query parameters, cookies). When none can
//! be met, the call fails before anything is sent.

mod credential;
mod oauth;
mod provider;
mod secret;
mod store;

pub use credential::{ClientAuth, Credential};
pub use provider::{provider_fn, AccessToken, TokenError, TokenProvider, TokenRequest};
pub use secret::SecretString;

pub(crate) use store::{Applied, Credentials};

/// A security scheme of the document, as the generated crate describes it to the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// Its name in the document (`components/securitySchemes`), for messages.
    pub name: &'static str,
    /// What it sends, and how.
    pub kind: SchemeKind,
    /// The environment variable of its credential (`IONOS_TOKEN_AUTH`); a basic scheme reads
    /// `<env>_USERNAME` and `<env>_PASSWORD`, an OAuth 2 scheme `<env>` (an access token),
    /// `<env>_CLIENT_ID`, `<env>_CLIENT_SECRET` and `<env>_REFRESH_TOKEN`.
    pub env: &'static str,
}

/// How a scheme sends its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// HTTP basic: `Authorization: Basic base64(username:password)`.
    Basic,
    /// A token (an API key, a bearer token) in a header, a query parameter or a cookie, after
    /// `prefix` and a space when there is one (`Bearer`).
    Token {
        /// Where it goes.
        location: Location,
        /// The header, query parameter or cookie name.
        name: &'static str,
        /// What precedes the token, e.g. `Bearer`.
        prefix: Option<&'static str>,
    },
    /// OAuth 2 (and OpenID Connect): `Authorization: Bearer <access token>`, the token given,
    /// fetched with client credentials or a refresh token, or from a [`TokenProvider`].
    OAuth2 {
        /// The client-credentials flow's `tokenUrl`, possibly relative to the base URL.
        token_url: Option<&'static str>,
        /// Where a refresh token is exchanged: the `refreshUrl`, else the flows' `tokenUrl`.
        refresh_url: Option<&'static str>,
    },
}

/// Where a token goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// One scheme an alternative requires, with the OAuth 2 scopes it asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    /// The scheme's index in the API's [`ApiConfig::schemes`](crate::ApiConfig::schemes).
    pub scheme: usize,
    /// The scopes (OAuth 2), empty for other schemes.
    pub scopes: &'static [&'static str],
}

impl Need {
    /// Scheme `scheme`, without scopes.
    pub const fn scheme(scheme: usize) -> Self {
        Self {
            scheme,
            scopes: &[],
        }
    }
}

/// One alternative of an operation's security: schemes sent together. An empty one needs
/// nothing.
pub type Requirement = &'static [Need];

/// Whether `byte` may appear unquoted in a cookie value (RFC 6265 `cookie-octet`).
pub(crate) fn is_cookie_octet(byte: u8) -> bool {
    matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}
