//! Credentials: the redacting [`SecretString`], where an API token goes
//! ([`TokenPlacement`], chosen by the generator from the document's security scheme), and how
//! the configured credentials turn into the header, query parameter or cookie sent with each
//! request.

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use serde::{Deserialize, Serialize};

use crate::error::Failure;

/// A string that must not leak: passwords, API tokens.
///
/// `Debug` and `Display` print `***`; read the value deliberately with
/// [`expose_secret`](Self::expose_secret). It (de)serializes as a plain JSON string, so models can
/// use it for credential fields.
#[derive(Clone, Default, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a secret value.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// Returns the secret itself; every call site is a place where the secret can leak.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl PartialEq for SecretString {
    /// Compares in time independent of where the first difference is.
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl From<String> for SecretString {
    fn from(secret: String) -> Self {
        Self(secret)
    }
}

impl From<&str> for SecretString {
    fn from(secret: &str) -> Self {
        Self(secret.to_owned())
    }
}

/// Where the API token is sent, chosen by the generator from the document's `apiKey` or
/// `http bearer` security scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPlacement {
    /// In a header, as `<prefix> <token>` (or the bare token when the prefix is empty).
    Header {
        /// The header name, e.g. `Authorization`.
        name: &'static str,
        /// The scheme before the token, e.g. `Bearer`, unless the user sets another.
        default_prefix: Option<&'static str>,
    },
    /// In a query parameter.
    Query {
        /// The parameter name.
        name: &'static str,
    },
    /// In a cookie.
    Cookie {
        /// The cookie name.
        name: &'static str,
    },
}

/// Credentials as configured on the builder; turned into [`Auth`] by [`Credentials::resolve`].
#[derive(Clone, Default)]
pub(crate) enum Credentials {
    #[default]
    None,
    Basic {
        username: String,
        password: SecretString,
    },
    Token(SecretString),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::None => "None",
            Self::Basic { .. } => "Basic(***)",
            Self::Token(_) => "Token(***)",
        })
    }
}

impl Credentials {
    /// Validates the credentials and precomputes what is sent, once, at build time.
    /// `token_prefix` overrides the placement's default prefix (`""` sends the bare token).
    pub(crate) fn resolve(
        &self,
        placement: TokenPlacement,
        token_prefix: Option<&str>,
    ) -> Result<Auth, Failure> {
        match self {
            Self::None => Ok(Auth::None),
            Self::Basic { username, password } => {
                if username.contains(':') {
                    return Err(Failure::InvalidConfig(
                        "the basic-auth username must not contain ':'".into(),
                    ));
                }
                // RFC 7617: neither may contain control characters. Base64 would carry a CR or
                // LF safely, but such a value is a mistake (a line read with its line break).
                for (what, value) in [
                    ("username", username.as_str()),
                    ("password", password.expose_secret()),
                ] {
                    if value.chars().any(char::is_control) {
                        return Err(Failure::InvalidConfig(format!(
                            "the basic-auth {what} must not contain control characters such as CR or LF"
                        )));
                    }
                }
                let encoded =
                    base64_encode(format!("{username}:{}", password.expose_secret()).as_bytes());
                let value = sensitive_value(&format!("Basic {encoded}"), "password")?;
                Ok(Auth::Header(AUTHORIZATION, value))
            }
            Self::Token(token) => {
                let token = token.expose_secret();
                if token.is_empty() {
                    return Err(Failure::InvalidConfig("the API token is empty".into()));
                }
                match placement {
                    TokenPlacement::Header {
                        name,
                        default_prefix,
                    } => {
                        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                            Failure::InvalidConfig(format!("invalid token header name `{name}`"))
                        })?;
                        let value = match token_prefix.or(default_prefix) {
                            Some(prefix) if !prefix.is_empty() => format!("{prefix} {token}"),
                            _ => token.to_owned(),
                        };
                        Ok(Auth::Header(name, sensitive_value(&value, "token")?))
                    }
                    TokenPlacement::Query { name } => {
                        Ok(Auth::Query(name, SecretString::from(token)))
                    }
                    TokenPlacement::Cookie { name } => {
                        if !token.bytes().all(is_cookie_octet) {
                            return Err(Failure::InvalidConfig(
                                "the API token contains characters not allowed in a cookie".into(),
                            ));
                        }
                        Ok(Auth::Cookie(name, SecretString::from(token)))
                    }
                }
            }
        }
    }
}

/// What a request carries to authenticate, precomputed from [`Credentials`].
#[derive(Clone)]
pub(crate) enum Auth {
    None,
    /// A header whose value is already marked sensitive.
    Header(HeaderName, HeaderValue),
    Query(&'static str, SecretString),
    Cookie(&'static str, SecretString),
}

impl Auth {
    /// Short, secret-free description for `Debug` output.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Header(..) => "header",
            Self::Query(..) => "query",
            Self::Cookie(..) => "cookie",
        }
    }
}

/// Whether `byte` may appear unquoted in a cookie value (RFC 6265 `cookie-octet`).
pub(crate) fn is_cookie_octet(byte: u8) -> bool {
    matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

/// Builds a header value marked sensitive (hidden from `Debug`, never HPACK-indexed).
/// The error names only `what`, never the value.
fn sensitive_value(value: &str, what: &str) -> Result<HeaderValue, Failure> {
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        Failure::InvalidConfig(format!(
            "the {what} contains characters not allowed in an HTTP header"
        ))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// Standard base64 with padding (RFC 4648 §4), as HTTP basic auth requires.
fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift & 0x3F) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("Aladdin:open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
        ];
        for (input, expected) in cases {
            assert_eq!(base64_encode(input.as_bytes()), expected, "{input:?}");
        }
    }

    #[test]
    fn credentials_become_sensitive_headers() {
        let placement = TokenPlacement::Header {
            name: "Authorization",
            default_prefix: Some("Bearer"),
        };
        let token = Credentials::Token("t0k".into());
        let Ok(Auth::Header(name, value)) = token.resolve(placement, None) else {
            panic!("expected a header");
        };
        assert_eq!(
            (name.as_str(), value.to_str().unwrap()),
            ("authorization", "Bearer t0k")
        );
        assert!(value.is_sensitive());
        assert_eq!(format!("{value:?}"), "Sensitive");
        let Ok(Auth::Header(_, value)) = token.resolve(placement, Some("Token")) else {
            panic!("expected a header");
        };
        assert_eq!(value.to_str().unwrap(), "Token t0k");
        let basic = Credentials::Basic {
            username: "Aladdin".into(),
            password: "open sesame".into(),
        };
        let Ok(Auth::Header(_, value)) = basic.resolve(placement, None) else {
            panic!("expected a header");
        };
        assert_eq!(
            value.to_str().unwrap(),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert!(value.is_sensitive());
        for (username, password) in [("a\r\nX-Evil: 1", "p"), ("u", "p\n"), ("u", "p\0")] {
            let basic = Credentials::Basic {
                username: username.into(),
                password: password.into(),
            };
            let error = basic.resolve(placement, None).err().expect("rejected");
            assert!(matches!(error, Failure::InvalidConfig(_)), "{error:?}");
        }
        let cookie = TokenPlacement::Cookie { name: "session" };
        assert!(Credentials::Token("a;b".into())
            .resolve(cookie, None)
            .is_err());
        assert_eq!(format!("{basic:?} {token:?}"), "Basic(***) Token(***)");
    }

    #[test]
    fn secret_string_is_redacted_but_readable() {
        let secret = SecretString::from("hunter2");
        assert_eq!(format!("{secret:?}"), "\"***\"");
        assert_eq!(secret.to_string(), "***");
        assert_eq!(secret.expose_secret(), "hunter2");
        assert_eq!(secret, SecretString::new(String::from("hunter2")));
        assert_ne!(secret, SecretString::from("hunter3"));
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"hunter2\"");
        let back: SecretString = serde_json::from_str("\"hunter2\"").unwrap();
        assert_eq!(back, secret);
    }
}
