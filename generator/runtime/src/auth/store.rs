//! The credentials of a built client, checked against their schemes once, and what each call
//! sends: the first alternative of its operation whose credentials are all configured.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::Url;

use crate::error::Failure;
use crate::http::HttpClient;

use super::credential::Kind;
use super::oauth::{Grant, OAuthClient};
use super::{
    is_cookie_octet, Credential, Location, Requirement, Scheme, SchemeKind, SecretString,
    TokenProvider, TokenRequest,
};

/// The configured credential of every scheme of the API, by scheme index.
#[derive(Clone)]
pub(crate) struct Credentials {
    schemes: &'static [Scheme],
    entries: Vec<Option<Entry>>,
    /// The prefix a user set for one scheme's token (`token_prefix`), instead of the
    /// document's.
    prefix: Option<(usize, String)>,
}

/// One scheme's credential, ready to send.
#[derive(Clone)]
enum Entry {
    /// An `Authorization: Basic ...` value, marked sensitive.
    Basic(HeaderValue),
    /// A token sent as it is (after the scheme's prefix).
    Token(SecretString),
    /// OAuth 2 tokens the client obtains itself.
    OAuth(Arc<OAuthClient>),
    /// Tokens from a provider.
    Provider(Arc<dyn TokenProvider>),
}

/// What one call sends to authenticate.
#[derive(Default)]
pub(crate) struct Applied {
    /// Headers, their values marked sensitive.
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// Query parameters.
    pub(crate) query: Vec<(&'static str, SecretString)>,
    /// Cookies.
    pub(crate) cookies: Vec<(&'static str, SecretString)>,
    /// The tokens sent that the client obtained (OAuth 2, providers), by scheme: after a
    /// `401` the call is sent once more with new ones.
    pub(crate) renewable: Vec<(usize, &'static [&'static str], SecretString)>,
}

impl Credentials {
    /// Checks every configured credential against its scheme and prepares what it sends.
    /// `token_prefix` replaces the prefix of scheme `index` (`""` sends the bare token).
    pub(crate) fn new(
        schemes: &'static [Scheme],
        configured: &[(usize, Credential)],
        token_prefix: Option<(usize, &str)>,
        base_url: &str,
        timeout: Duration,
    ) -> Result<Self, Failure> {
        let mut entries: Vec<Option<Entry>> = vec![None; schemes.len()];
        let prefix = token_prefix.map(|(index, prefix)| (index, prefix.to_owned()));
        for (index, credential) in configured {
            let Some(scheme) = schemes.get(*index) else {
                return Err(Failure::InvalidConfig(format!(
                    "there is no security scheme number {index}"
                )));
            };
            let prefix = prefix_of(scheme, *index, prefix.as_ref());
            let entry = entry(scheme, prefix, credential, base_url, timeout)?;
            entries[*index] = Some(entry);
        }
        Ok(Self {
            schemes,
            entries,
            prefix,
        })
    }

    /// Whether scheme `index` has a credential.
    pub(crate) fn has(&self, index: usize) -> bool {
        self.entries.get(index).is_some_and(Option::is_some)
    }

    /// The names of the schemes that have a credential, for `Debug`.
    pub(crate) fn configured(&self) -> Vec<&'static str> {
        self.schemes
            .iter()
            .zip(&self.entries)
            .filter(|(_, entry)| entry.is_some())
            .map(|(scheme, _)| scheme.name)
            .collect()
    }

    /// What a call of `operation` accepting `alternatives` sends: the first alternative whose
    /// credentials are all configured, every scheme of it. `refused` holds the tokens the
    /// server just answered `401` to, which are not given again.
    pub(crate) async fn apply(
        &self,
        operation: &'static str,
        alternatives: &'static [Requirement],
        http: &dyn HttpClient,
        refused: &[(usize, &'static [&'static str], SecretString)],
    ) -> Result<Applied, Failure> {
        let mut applied = Applied::default();
        if alternatives.is_empty() {
            return Ok(applied);
        }
        let Some(chosen) = alternatives
            .iter()
            .find(|alternative| alternative.iter().all(|need| self.has(need.scheme)))
        else {
            return Err(Failure::MissingCredentials {
                operation,
                alternatives: alternatives
                    .iter()
                    .map(|alternative| {
                        alternative
                            .iter()
                            .filter_map(|need| self.schemes.get(need.scheme))
                            .map(|scheme| scheme.name)
                            .collect()
                    })
                    .collect(),
            });
        };
        for need in chosen.iter() {
            let (Some(scheme), Some(Some(entry))) =
                (self.schemes.get(need.scheme), self.entries.get(need.scheme))
            else {
                continue;
            };
            let refused_token = refused
                .iter()
                .find(|(index, scopes, _)| *index == need.scheme && *scopes == need.scopes)
                .map(|(_, _, token)| token);
            let token = match entry {
                Entry::Basic(value) => {
                    applied.headers.push((AUTHORIZATION, value.clone()));
                    continue;
                }
                Entry::Token(token) => token.clone(),
                Entry::OAuth(client) => {
                    let token = client.token(http, need.scopes, refused_token).await?;
                    applied
                        .renewable
                        .push((need.scheme, need.scopes, token.clone()));
                    token
                }
                Entry::Provider(provider) => {
                    let request =
                        TokenRequest::new(scheme.name, need.scopes, refused_token.is_some());
                    let token = provider
                        .token(request)
                        .await
                        .map_err(|error| Failure::Token {
                            scheme: scheme.name,
                            reason: format!("the token provider failed: {error}"),
                        })?
                        .token;
                    applied
                        .renewable
                        .push((need.scheme, need.scopes, token.clone()));
                    token
                }
            };
            let prefix = prefix_of(scheme, need.scheme, self.prefix.as_ref());
            place(scheme, prefix, token, &mut applied)?;
        }
        Ok(applied)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.configured()).finish()
    }
}

/// The prefix of scheme `index`'s token: the user's (`""` for none) or the document's.
fn prefix_of<'a>(
    scheme: &'a Scheme,
    index: usize,
    user: Option<&'a (usize, String)>,
) -> Option<&'a str> {
    match user {
        Some((i, prefix)) if *i == index => Some(prefix.as_str()).filter(|p| !p.is_empty()),
        _ => match scheme.kind {
            SchemeKind::Token { prefix, .. } => prefix,
            SchemeKind::OAuth2 { .. } => Some("Bearer"),
            SchemeKind::Basic => None,
        },
    }
}

/// Puts `token` where `scheme` sends it, after `prefix`.
fn place(
    scheme: &Scheme,
    prefix: Option<&str>,
    token: SecretString,
    applied: &mut Applied,
) -> Result<(), Failure> {
    let (location, name) = match scheme.kind {
        SchemeKind::Token { location, name, .. } => (location, name),
        SchemeKind::OAuth2 { .. } => (Location::Header, "Authorization"),
        SchemeKind::Basic => {
            return Err(Failure::InvalidConfig(format!(
                "`{}` is HTTP basic and takes a user name and password, not a token",
                scheme.name
            )))
        }
    };
    if token.expose_secret().is_empty() {
        return Err(Failure::InvalidConfig(format!(
            "the token for `{}` is empty",
            scheme.name
        )));
    }
    match location {
        Location::Header => {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Failure::InvalidConfig(format!("invalid header name `{name}` of `{}`", scheme.name))
            })?;
            let value = match prefix {
                Some(prefix) => format!("{prefix} {}", token.expose_secret()),
                None => token.expose_secret().to_owned(),
            };
            let what = format!("token for `{}`", scheme.name);
            applied
                .headers
                .push((header, sensitive_value(&value, &what)?));
        }
        Location::Query => applied.query.push((name, token)),
        Location::Cookie => {
            if !token.expose_secret().bytes().all(is_cookie_octet) {
                return Err(Failure::InvalidConfig(format!(
                    "the token for `{}` contains characters not allowed in a cookie",
                    scheme.name
                )));
            }
            applied.cookies.push((name, token));
        }
    }
    Ok(())
}

/// Checks `credential` against `scheme` and prepares it.
fn entry(
    scheme: &Scheme,
    prefix: Option<&str>,
    credential: &Credential,
    base_url: &str,
    timeout: Duration,
) -> Result<Entry, Failure> {
    let mismatch = || {
        Failure::InvalidConfig(format!(
            "`{}` cannot authenticate with {}",
            scheme.name,
            credential.describe()
        ))
    };
    Ok(match (&credential.0, scheme.kind) {
        (Kind::Basic { username, password }, SchemeKind::Basic) => {
            Entry::Basic(basic_header(username, password.expose_secret())?)
        }
        (Kind::Token(token), SchemeKind::Token { .. } | SchemeKind::OAuth2 { .. }) => {
            // Checked once here rather than on every call.
            place(scheme, prefix, token.clone(), &mut Applied::default())?;
            Entry::Token(token.clone())
        }
        (Kind::Provider(provider), SchemeKind::Token { .. } | SchemeKind::OAuth2 { .. }) => {
            Entry::Provider(Arc::clone(provider))
        }
        (
            Kind::ClientCredentials {
                client_id,
                client_secret,
                auth,
            },
            SchemeKind::OAuth2 { token_url, .. },
        ) => {
            let url = token_url.ok_or_else(|| {
                Failure::InvalidConfig(format!(
                    "`{}` has no client-credentials flow with a token URL",
                    scheme.name
                ))
            })?;
            let grant = Grant::ClientCredentials {
                client_id: client_id.clone(),
                client_secret: client_secret.clone(),
                auth: *auth,
            };
            let url = resolve(base_url, url, scheme.name)?;
            Entry::OAuth(Arc::new(OAuthClient::new(scheme.name, grant, url, timeout)))
        }
        (
            Kind::RefreshToken {
                refresh_token,
                client,
                auth,
            },
            SchemeKind::OAuth2 {
                token_url,
                refresh_url,
            },
        ) => {
            let url = refresh_url.or(token_url).ok_or_else(|| {
                Failure::InvalidConfig(format!(
                    "`{}` has no URL to exchange a refresh token at",
                    scheme.name
                ))
            })?;
            let grant = Grant::RefreshToken {
                refresh_token: futures::lock::Mutex::new(refresh_token.clone()),
                client: client.clone(),
                auth: *auth,
            };
            let url = resolve(base_url, url, scheme.name)?;
            Entry::OAuth(Arc::new(OAuthClient::new(scheme.name, grant, url, timeout)))
        }
        _ => return Err(mismatch()),
    })
}

/// `url` (a token URL of the document) resolved against the base URL when it is relative.
fn resolve(base_url: &str, url: &str, scheme: &str) -> Result<Url, Failure> {
    let invalid = |reason: String| {
        Failure::InvalidConfig(format!(
            "the token URL `{url}` of `{scheme}` is invalid: {reason}"
        ))
    };
    let base = Url::parse(&format!("{base_url}/")).map_err(|e| invalid(e.to_string()))?;
    base.join(url).map_err(|e| invalid(e.to_string()))
}

/// `Basic base64(username:password)`, marked sensitive. RFC 7617: neither part may contain
/// control characters, and the user name no colon.
pub(crate) fn basic_header(username: &str, password: &str) -> Result<HeaderValue, Failure> {
    if username.contains(':') {
        return Err(Failure::InvalidConfig(
            "the basic-auth username must not contain ':'".into(),
        ));
    }
    // Base64 would carry a CR or LF safely, but such a value is a mistake (a line read with its
    // line break).
    for (what, value) in [("username", username), ("password", password)] {
        if value.chars().any(char::is_control) {
            return Err(Failure::InvalidConfig(format!(
                "the basic-auth {what} must not contain control characters such as CR or LF"
            )));
        }
    }
    let encoded =
        base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
    sensitive_value(&format!("Basic {encoded}"), "password")
}

/// A header value marked sensitive (hidden from `Debug`, never HPACK-indexed). The error names
/// only `what`, never the value.
fn sensitive_value(value: &str, what: &str) -> Result<HeaderValue, Failure> {
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        Failure::InvalidConfig(format!(
            "the {what} contains characters not allowed in an HTTP header"
        ))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Need;

    const SCHEMES: &[Scheme] = &[
        Scheme {
            name: "basic",
            kind: SchemeKind::Basic,
            env: "T_BASIC",
        },
        Scheme {
            name: "key",
            kind: SchemeKind::Token {
                location: Location::Header,
                name: "X-Key",
                prefix: None,
            },
            env: "T_KEY",
        },
        Scheme {
            name: "secret",
            kind: SchemeKind::Token {
                location: Location::Cookie,
                name: "SID",
                prefix: None,
            },
            env: "T_SECRET",
        },
        Scheme {
            name: "bearer",
            kind: SchemeKind::Token {
                location: Location::Header,
                name: "Authorization",
                prefix: Some("Bearer"),
            },
            env: "T_BEARER",
        },
    ];

    struct NoHttp;
    impl HttpClient for NoHttp {
        fn send(
            &self,
            _: reqwest::Request,
        ) -> crate::compat::BoxFuture<'_, Result<reqwest::Response, crate::http::TransportError>>
        {
            Box::pin(async {
                Err(crate::http::TransportError::other(
                    "no network in this test",
                ))
            })
        }
    }

    fn store(configured: &[(usize, Credential)]) -> Result<Credentials, Failure> {
        Credentials::new(
            SCHEMES,
            configured,
            None,
            "https://api.example",
            Duration::from_secs(1),
        )
    }

    fn apply(
        store: &Credentials,
        alternatives: &'static [Requirement],
    ) -> Result<Applied, Failure> {
        futures::executor::block_on(store.apply("op", alternatives, &NoHttp, &[]))
    }

    #[test]
    fn basic_values_match_rfc_7617() {
        let value = basic_header("Aladdin", "open sesame").unwrap();
        assert_eq!(
            value.to_str().unwrap(),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert!(value.is_sensitive());
        for (username, password) in [
            ("a\r\nX-Evil: 1", "p"),
            ("u", "p\n"),
            ("u", "p\0"),
            ("a:b", "p"),
        ] {
            assert!(matches!(
                basic_header(username, password),
                Err(Failure::InvalidConfig(_))
            ));
        }
    }

    #[test]
    fn the_first_alternative_that_is_configured_goes_whole() {
        let store = store(&[
            (1, Credential::token("k")),
            (2, Credential::token("s3ss10n")),
            (3, Credential::token("b")),
        ])
        .unwrap();
        // Basic is not configured: the key and the cookie go together.
        static ALTERNATIVES: &[Requirement] = &[
            &[Need::scheme(0)],
            &[Need::scheme(1), Need::scheme(2)],
            &[Need::scheme(3)],
        ];
        let applied = apply(&store, ALTERNATIVES).unwrap();
        let headers: Vec<(&str, &str)> = applied
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.to_str().unwrap()))
            .collect();
        assert_eq!(headers, [("x-key", "k")]);
        assert_eq!(applied.cookies.len(), 1);
        assert_eq!(applied.cookies[0].0, "SID");
        // An empty alternative: nothing needed, nothing sent.
        static OPTIONAL: &[Requirement] = &[&[Need::scheme(0)], &[]];
        assert!(apply(&store, OPTIONAL).unwrap().headers.is_empty());
        // No alternative that can be met: the error names them all.
        static BASIC_ONLY: &[Requirement] =
            &[&[Need::scheme(0)], &[Need::scheme(0), Need::scheme(1)]];
        let Err(Failure::MissingCredentials { alternatives, .. }) = apply(&store, BASIC_ONLY)
        else {
            panic!("basic is not configured");
        };
        assert_eq!(alternatives, [vec!["basic"], vec!["basic", "key"]]);
    }

    #[test]
    fn credentials_that_cannot_be_sent_fail_the_build() {
        assert!(
            store(&[(0, Credential::token("t"))]).is_err(),
            "a token for basic"
        );
        assert!(
            store(&[(1, Credential::basic("u", "p"))]).is_err(),
            "basic for a key"
        );
        assert!(
            store(&[(2, Credential::token("a;b"))]).is_err(),
            "not a cookie value"
        );
        assert!(
            store(&[(1, Credential::token("a\nb"))]).is_err(),
            "not a header value"
        );
        assert!(store(&[(1, Credential::token(""))]).is_err(), "empty");
        assert!(
            store(&[(1, Credential::client_credentials("id", "secret"))]).is_err(),
            "no OAuth 2 flow"
        );
    }

    #[test]
    fn a_relative_token_url_is_resolved_against_the_base_url() {
        let url = resolve("https://api.example/v2", "/oauth/token", "oauth").unwrap();
        assert_eq!(url.as_str(), "https://api.example/oauth/token");
        let url = resolve("https://api.example/v2", "token", "oauth").unwrap();
        assert_eq!(url.as_str(), "https://api.example/v2/token");
        let url = resolve("https://api.example/v2", "https://auth.example/t", "oauth").unwrap();
        assert_eq!(url.as_str(), "https://auth.example/t");
    }
}
