//! Support for the `Deserialize` impls that generated crates write for their object models.
//!
//! A generated impl reads a JSON object key by key: it matches each [`FieldName`] against the
//! model's property names, decodes the value into the field's slot and skips unknown keys. That
//! is what `#[derive(Deserialize)]` does for such structs, written out without the code the
//! derive adds for other data formats (structs as sequences, field indices, byte-string keys),
//! so a crate with hundreds of models compiles markedly faster.

use serde::de::{Deserialize, Deserializer, Error, Visitor};
use std::borrow::Cow;
use std::fmt;

/// The key of an object entry: borrowed from the input when it can be, owned when it had to be
/// unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldName<'de>(Cow<'de, str>);

impl FieldName<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = FieldName<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a property name")
            }

            fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Borrowed(value)))
            }

            fn visit_str<E: Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The value of a required property, or the error naming it when the object lacks it.
pub fn required<T, E: Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_borrowed_unless_escaped() {
        let plain: FieldName<'_> = serde_json::from_str("\"name\"").unwrap();
        assert!(matches!(plain.0, Cow::Borrowed("name")));
        let escaped: FieldName<'_> = serde_json::from_str("\"na\\u006de\"").unwrap();
        assert_eq!(escaped.as_str(), "name");
        assert!(matches!(escaped.0, Cow::Owned(_)));
    }

    #[test]
    fn a_missing_property_is_named() {
        let error = required::<u8, serde_json::Error>(None, "location").unwrap_err();
        assert_eq!(error.to_string(), "missing field `location`");
    }
}
