//! [`Credential`]: what a user configures for one security scheme.

use std::fmt;
use std::sync::Arc;

use super::{SecretString, TokenProvider};

/// The credential of one security scheme, set on the client builder with the scheme's setter
/// (or [`ClientBuilder::credential`](crate::ClientBuilder::credential)).
///
/// Which credentials fit which schemes: [`basic`](Self::basic) an HTTP basic scheme;
/// [`token`](Self::token) and [`provider`](Self::provider) a scheme that sends a token (an
/// API key, HTTP bearer, OAuth 2 or OpenID Connect); [`client_credentials`](Self::client_credentials)
/// and [`refresh_token`](Self::refresh_token) an OAuth 2 scheme whose document gives a token
/// URL. Another combination fails `build()` with [`Error::InvalidConfig`](crate::Error::InvalidConfig).
#[derive(Clone)]
pub struct Credential(pub(crate) Kind);

#[derive(Clone)]
pub(crate) enum Kind {
    Basic {
        username: String,
        password: SecretString,
    },
    Token(SecretString),
    ClientCredentials {
        client_id: String,
        client_secret: SecretString,
        auth: ClientAuth,
    },
    RefreshToken {
        refresh_token: SecretString,
        client: Option<(String, Option<SecretString>)>,
        auth: ClientAuth,
    },
    Provider(Arc<dyn TokenProvider>),
}

/// How the client authenticates itself at an OAuth 2 token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClientAuth {
    /// HTTP basic with the client id and secret (`client_secret_basic`, the default).
    #[default]
    Basic,
    /// `client_id` and `client_secret` as form fields of the token request
    /// (`client_secret_post`).
    Form,
}

impl Credential {
    /// A user name and password for HTTP basic.
    pub fn basic(username: impl Into<String>, password: impl Into<SecretString>) -> Self {
        Self(Kind::Basic {
            username: username.into(),
            password: password.into(),
        })
    }

    /// A token sent as it is: an API key, a bearer token, an OAuth 2 access token.
    pub fn token(token: impl Into<SecretString>) -> Self {
        Self(Kind::Token(token.into()))
    }

    /// OAuth 2 client credentials: the client fetches its access tokens from the scheme's
    /// token URL, caches them, and fetches a new one before one expires and once after a
    /// `401`.
    pub fn client_credentials(
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> Self {
        Self(Kind::ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            auth: ClientAuth::default(),
        })
    }

    /// An OAuth 2 refresh token: the client exchanges it for access tokens at the scheme's
    /// refresh (or token) URL, with the same caching, and keeps the new refresh token when the
    /// server rotates it. Add the client's id (and secret) with [`client`](Self::client).
    pub fn refresh_token(refresh_token: impl Into<SecretString>) -> Self {
        Self(Kind::RefreshToken {
            refresh_token: refresh_token.into(),
            client: None,
            auth: ClientAuth::default(),
        })
    }

    /// The OAuth 2 client a refresh token belongs to: its id and, for a confidential client,
    /// its secret. Other credentials are returned unchanged.
    pub fn client(self, client_id: impl Into<String>, client_secret: Option<SecretString>) -> Self {
        match self.0 {
            Kind::RefreshToken {
                refresh_token,
                auth,
                ..
            } => Self(Kind::RefreshToken {
                refresh_token,
                client: Some((client_id.into(), client_secret)),
                auth,
            }),
            other => Self(other),
        }
    }

    /// How the client authenticates at the token endpoint (client credentials and refresh
    /// tokens); other credentials are returned unchanged.
    pub fn client_auth(mut self, method: ClientAuth) -> Self {
        if let Kind::ClientCredentials { auth, .. } | Kind::RefreshToken { auth, .. } = &mut self.0
        {
            *auth = method;
        }
        self
    }

    /// Tokens from `provider`, asked for before each call that sends the scheme.
    pub fn provider(provider: impl TokenProvider) -> Self {
        Self(Kind::Provider(Arc::new(provider)))
    }

    /// What kind of credential this is, for messages (never its value).
    pub(crate) fn describe(&self) -> &'static str {
        match &self.0 {
            Kind::Basic { .. } => "HTTP basic credentials",
            Kind::Token(_) => "a token",
            Kind::ClientCredentials { .. } => "OAuth 2 client credentials",
            Kind::RefreshToken { .. } => "an OAuth 2 refresh token",
            Kind::Provider(_) => "a token provider",
        }
    }
}

impl From<SecretString> for Credential {
    /// The token itself ([`Credential::token`]).
    fn from(token: SecretString) -> Self {
        Self::token(token)
    }
}

impl From<String> for Credential {
    /// The token itself ([`Credential::token`]).
    fn from(token: String) -> Self {
        Self::token(token)
    }
}

impl From<&str> for Credential {
    /// The token itself ([`Credential::token`]).
    fn from(token: &str) -> Self {
        Self::token(token)
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::Basic { .. } => f.write_str("Basic(***)"),
            Kind::Token(_) => f.write_str("Token(***)"),
            Kind::ClientCredentials {
                client_id, auth, ..
            } => f
                .debug_struct("ClientCredentials")
                .field("client_id", client_id)
                .field("client_secret", &"***")
                .field("auth", auth)
                .finish(),
            Kind::RefreshToken { client, auth, .. } => f
                .debug_struct("RefreshToken")
                .field("refresh_token", &"***")
                .field("client_id", &client.as_ref().map(|(id, _)| id))
                .field("auth", auth)
                .finish(),
            Kind::Provider(_) => f.write_str("Provider"),
        }
    }
}
