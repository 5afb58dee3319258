//! Serde support for fields that distinguish absent, `null` and a value, as a PATCH body needs
//! (omit the field to keep it, send `null` to clear it, send a value to set it).

/// (De)serializes an `Option<Option<T>>`: `None` is an absent field, `Some(None)` is `null`,
/// `Some(Some(v))` is `v`. Use it on an `Option<Option<T>>` field together with `default` and
/// `skip_serializing_if`: `#[serde(default, skip_serializing_if = "Option::is_none", with =
/// "crate::nullable::double_option")]`.
pub mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes `null` for `None` and `Some(None)` (`None` is normally skipped), else the value.
    pub fn serialize<T, S>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: Serialize,
        S: Serializer,
    {
        match value {
            Some(Some(value)) => value.serialize(serializer),
            Some(None) | None => serializer.serialize_none(),
        }
    }

    /// Reads a present field: `null` becomes `Some(None)`, a value `Some(Some(v))`. An absent
    /// field never reaches this function; `#[serde(default)]` makes it `None`.
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
    where
        T: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "super::double_option"
        )]
        expiry: Option<Option<String>>,
    }

    #[test]
    fn absent_null_and_value_round_trip() {
        let cases = [
            (Patch { expiry: None }, r#"{}"#),
            (Patch { expiry: Some(None) }, r#"{"expiry":null}"#),
            (
                Patch {
                    expiry: Some(Some("2030-01-01".into())),
                },
                r#"{"expiry":"2030-01-01"}"#,
            ),
        ];
        for (patch, json) in cases {
            assert_eq!(serde_json::to_string(&patch).unwrap(), json);
            assert_eq!(serde_json::from_str::<Patch>(json).unwrap(), patch);
        }
    }
}
