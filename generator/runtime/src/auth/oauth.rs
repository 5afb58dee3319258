//! OAuth 2 access tokens the client obtains itself: with client credentials or a refresh token,
//! from the scheme's token URL, cached per set of scopes and renewed before they expire and
//! once after a `401`.
//!
//! The cache sits behind an async mutex, so that concurrent calls needing a token wait for the
//! one request that fetches it (single flight) instead of each sending their own.

use std::collections::HashMap;
use std::time::Duration;

use futures::lock::Mutex;
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, Url};
use serde::Deserialize;

use crate::compat::Instant;
use crate::encoding::{encode, form_pairs};
use crate::error::Failure;
use crate::http::HttpClient;
use crate::send::read_body;

/// The largest token response read: a token endpoint answers a few hundred bytes.
const MAX_TOKEN_RESPONSE: usize = 64 * 1024;

use super::store::basic_header;
use super::{ClientAuth, SecretString};

/// How the client asks for a token.
pub(crate) enum Grant {
    /// `grant_type=client_credentials`.
    ClientCredentials {
        client_id: String,
        client_secret: SecretString,
        auth: ClientAuth,
    },
    /// `grant_type=refresh_token`; the server may send a new refresh token with each answer.
    RefreshToken {
        refresh_token: Mutex<SecretString>,
        client: Option<(String, Option<SecretString>)>,
        auth: ClientAuth,
    },
}

/// The tokens of one scheme's OAuth 2 credential.
pub(crate) struct OAuthClient {
    scheme: &'static str,
    grant: Grant,
    token_url: Url,
    timeout: Duration,
    /// The tokens by their scopes (sorted, joined by spaces).
    cache: Mutex<HashMap<String, Cached>>,
}

struct Cached {
    token: SecretString,
    /// When the client stops using it: a little before it expires.
    renew_at: Option<Instant>,
}

/// The token endpoint's answer (RFC 6749 §5.1); other members are ignored.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<ExpiresIn>,
    #[serde(default)]
    refresh_token: Option<String>,
}

/// `expires_in` as a number, or as a string some servers send.
#[derive(Deserialize)]
#[serde(untagged)]
enum ExpiresIn {
    Seconds(u64),
    Text(String),
}

/// The token endpoint's error answer (RFC 6749 §5.2).
#[derive(Deserialize)]
struct TokenErrorResponse {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

impl OAuthClient {
    pub(crate) fn new(
        scheme: &'static str,
        grant: Grant,
        token_url: Url,
        timeout: Duration,
    ) -> Self {
        Self {
            scheme,
            grant,
            token_url,
            timeout,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// An access token for `scopes`: the cached one while it is fresh, else a new one.
    /// `refused` is the token the server just answered `401` to: it is not given again.
    pub(crate) async fn token(
        &self,
        http: &dyn HttpClient,
        scopes: &[&str],
        refused: Option<&SecretString>,
    ) -> Result<SecretString, Failure> {
        let key = scope_key(scopes);
        // Holding the lock while fetching makes concurrent callers wait for this one fetch.
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.get(&key) {
            let fresh = cached.renew_at.map_or(true, |at| Instant::now() < at);
            if fresh && refused != Some(&cached.token) {
                return Ok(cached.token.clone());
            }
        }
        let (token, lifetime) = self.fetch(http, &key).await?;
        // A lifetime too long for the clock is as good as none.
        let renew_at =
            lifetime.and_then(|lifetime| Instant::now().checked_add(lifetime - margin(lifetime)));
        cache.insert(
            key,
            Cached {
                token: token.clone(),
                renew_at,
            },
        );
        Ok(token)
    }

    /// Asks the token endpoint for a token for `scope` (space-separated).
    async fn fetch(
        &self,
        http: &dyn HttpClient,
        scope: &str,
    ) -> Result<(SecretString, Option<Duration>), Failure> {
        let mut form: Vec<(&str, String)> = Vec::new();
        let (client, auth) = match &self.grant {
            Grant::ClientCredentials {
                client_id,
                client_secret,
                auth,
            } => {
                form.push(("grant_type", "client_credentials".into()));
                (Some((client_id.as_str(), Some(client_secret))), *auth)
            }
            Grant::RefreshToken {
                refresh_token,
                client,
                auth,
            } => {
                form.push(("grant_type", "refresh_token".into()));
                let refresh_token = refresh_token.lock().await.expose_secret().to_owned();
                form.push(("refresh_token", refresh_token));
                let client = client
                    .as_ref()
                    .map(|(id, secret)| (id.as_str(), secret.as_ref()));
                (client, *auth)
            }
        };
        if !scope.is_empty() {
            form.push(("scope", scope.to_owned()));
        }
        let mut request = reqwest::Request::new(Method::POST, self.token_url.clone());
        match (client, auth) {
            (Some((id, Some(secret))), ClientAuth::Basic) => {
                // RFC 6749 §2.3.1: both form-urlencoded before they are joined.
                let value = basic_header(&encode(id), &encode(secret.expose_secret()))?;
                request.headers_mut().insert(AUTHORIZATION, value);
            }
            (Some((id, secret)), _) => {
                form.push(("client_id", id.to_owned()));
                if let Some(secret) = secret {
                    form.push(("client_secret", secret.expose_secret().to_owned()));
                }
            }
            (None, _) => {}
        }
        let pairs: Vec<(&str, &str)> = form
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        let body = form_pairs(&pairs);
        let headers = request.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        *request.body_mut() = Some(body.into());
        *request.timeout_mut() = Some(self.timeout);
        tracing::debug!(scheme = self.scheme, scope, "fetching an OAuth 2 token");
        let response = http.send(request).await.map_err(|error| {
            self.failure(format!("the token endpoint could not be reached: {error}"))
        })?;
        let status = response.status();
        let bytes = read_body(response, &Method::POST, MAX_TOKEN_RESPONSE)
            .await
            .map_err(|error| self.failure(format!("reading the token response failed: {error}")))?;
        if !status.is_success() {
            let reason = match serde_json::from_slice::<TokenErrorResponse>(&bytes) {
                Ok(answer) => match answer.error_description {
                    Some(description) => format!("{} ({description})", answer.error),
                    None => answer.error,
                },
                Err(_) => "no OAuth 2 error in the body".into(),
            };
            return Err(self.failure(format!(
                "the token endpoint answered HTTP {}: {reason}",
                status.as_u16()
            )));
        }
        let answer: TokenResponse = serde_json::from_slice(&bytes).map_err(|error| {
            self.failure(format!(
                "the token response is not an OAuth 2 token: {error}"
            ))
        })?;
        if let (Grant::RefreshToken { refresh_token, .. }, Some(rotated)) =
            (&self.grant, answer.refresh_token)
        {
            *refresh_token.lock().await = SecretString::from(rotated);
        }
        let lifetime = match answer.expires_in {
            Some(ExpiresIn::Seconds(seconds)) => Some(Duration::from_secs(seconds)),
            Some(ExpiresIn::Text(text)) => text.trim().parse().ok().map(Duration::from_secs),
            None => None,
        };
        Ok((SecretString::from(answer.access_token), lifetime))
    }

    fn failure(&self, reason: String) -> Failure {
        Failure::Token {
            scheme: self.scheme,
            reason,
        }
    }
}

/// How long before its end a token is renewed: half its lifetime, at most 30 s.
fn margin(lifetime: Duration) -> Duration {
    (lifetime / 2).min(Duration::from_secs(30))
}

/// The cache key of a set of scopes: sorted, without repeats, joined by spaces (also the
/// `scope` sent).
fn scope_key(scopes: &[&str]) -> String {
    let mut sorted: Vec<&str> = scopes.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_one_key_in_any_order() {
        assert_eq!(scope_key(&["write", "read", "write"]), "read write");
        assert_eq!(scope_key(&[]), "");
    }

    #[test]
    fn tokens_are_renewed_before_they_expire() {
        assert_eq!(margin(Duration::from_secs(3600)), Duration::from_secs(30));
        assert_eq!(margin(Duration::from_secs(10)), Duration::from_secs(5));
        assert_eq!(margin(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn expires_in_may_be_a_string() {
        let answer: TokenResponse =
            serde_json::from_str(r#"{"access_token":"a","expires_in":"60","token_type":"Bearer"}"#)
                .unwrap();
        assert!(matches!(answer.expires_in, Some(ExpiresIn::Text(t)) if t == "60"));
    }
}
