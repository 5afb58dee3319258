//! [`SecretString`]: a string that never shows in `Debug`, `Display`, errors or logs.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A string that must not leak: passwords, API tokens, client secrets.
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

#[cfg(test)]
mod tests {
    use super::*;

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
