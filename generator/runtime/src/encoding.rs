//! How values go on the wire: percent-encoding of path segments and query values, the path
//! parameter styles (`simple`, `label`, `matrix`), `deepObject` pairs, JSON text for objects
//! in parameters, and `application/x-www-form-urlencoded` bodies.

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::error::InvalidArgument;

/// Everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment: everything but RFC 3986 unreserved characters, so `/`,
/// `?`, `#`, `%`, spaces and non-ASCII text stay inside the segment. [`Client::execute`](crate::Client::execute) rejects
/// a path with a `.` or `..` segment (URL normalisation would remove it) or an empty segment
/// before its end; [`path_param`] also rejects a trailing empty one and names the parameter.
pub fn path_segment(value: &impl fmt::Display) -> String {
    encode(&value.to_string())
}

/// Like [`path_segment`], but rejects values that cannot be a path segment (empty, `.`, `..`)
/// with an [`InvalidArgument`] naming the parameter.
pub fn path_param(name: &str, value: &impl fmt::Display) -> Result<String, InvalidArgument> {
    let value = value.to_string();
    if matches!(value.as_str(), "" | "." | "..") {
        return Err(InvalidArgument::new(
            name,
            "must not be empty, `.` or `..` (it is a path segment)",
        ));
    }
    Ok(encode(&value))
}

/// A path parameter in `label` style: `.value`, the values of an array joined by `,`, or by
/// `.` when `explode`d. Each value is percent-encoded; no value at all is an
/// [`InvalidArgument`] naming the parameter.
pub fn label_param(
    name: &str,
    values: &[String],
    explode: bool,
) -> Result<String, InvalidArgument> {
    let encoded = encode_values(name, values)?;
    Ok(format!(
        ".{}",
        encoded.join(if explode { "." } else { "," })
    ))
}

/// A path parameter in `matrix` style: `;name=value`, the values of an array joined by `,`,
/// or each as its own `;name=value` when `explode`d. Each value is percent-encoded; no value
/// at all is an [`InvalidArgument`] naming the parameter.
pub fn matrix_param(
    name: &str,
    values: &[String],
    explode: bool,
) -> Result<String, InvalidArgument> {
    let encoded = encode_values(name, values)?;
    let key = encode(name);
    Ok(if explode {
        encoded
            .iter()
            .map(|value| format!(";{key}={value}"))
            .collect()
    } else {
        format!(";{key}={}", encoded.join(","))
    })
}

fn encode_values(name: &str, values: &[String]) -> Result<Vec<String>, InvalidArgument> {
    if values.is_empty() {
        return Err(InvalidArgument::new(
            name,
            "must have a value (it is part of the path)",
        ));
    }
    Ok(values.iter().map(|value| encode(value)).collect())
}

/// `value` as a JSON value, for a `deepObject` query parameter. A value that does not serialize
/// (a map with non-string keys, a failing `Serialize` impl) is an [`InvalidArgument`], never a
/// silent `null`.
pub fn json_value<T: Serialize + ?Sized>(value: &T) -> Result<serde_json::Value, InvalidArgument> {
    serde_json::to_value(value).map_err(|e| InvalidArgument::new("parameter", e.to_string()))
}

/// `value` as JSON text, for an object sent in a query parameter, header or cookie; see
/// [`json_value`].
pub fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, InvalidArgument> {
    serde_json::to_string(value).map_err(|e| InvalidArgument::new("parameter", e.to_string()))
}

pub(crate) fn encode(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// Flattens a `deepObject` value into encoded `(name, value)` pairs.
pub(crate) fn deep_object_pairs(
    name: String,
    value: &serde_json::Value,
    out: &mut Vec<(String, String)>,
) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                deep_object_pairs(format!("{name}[{}]", encode(key)), value, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                deep_object_pairs(name.clone(), item, out);
            }
        }
        serde_json::Value::String(s) => out.push((name, encode(s))),
        other => out.push((name, encode(&other.to_string()))),
    }
}

/// An `application/x-www-form-urlencoded` body from a struct or map: scalars as `key=value`,
/// arrays repeated, nested objects as JSON text, `null` omitted.
pub(crate) fn form_urlencoded<B: Serialize + ?Sized>(body: &B) -> Result<String, InvalidArgument> {
    let value =
        serde_json::to_value(body).map_err(|e| InvalidArgument::new("body", e.to_string()))?;
    let serde_json::Value::Object(map) = value else {
        return Err(InvalidArgument::new(
            "body",
            "a form body must be an object",
        ));
    };
    let mut pairs = Vec::new();
    for (key, value) in &map {
        let key = encode(key);
        let items = match value {
            serde_json::Value::Array(items) => items.as_slice(),
            other => std::slice::from_ref(other),
        };
        for item in items {
            match item {
                serde_json::Value::Null => {}
                serde_json::Value::String(s) => pairs.push(format!("{key}={}", encode(s))),
                other => pairs.push(format!("{key}={}", encode(&other.to_string()))),
            }
        }
    }
    Ok(pairs.join("&"))
}

/// An `application/x-www-form-urlencoded` body of `pairs`, in their order.
pub(crate) fn form_pairs(pairs: &[(&str, &str)]) -> String {
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect();
    encoded.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_and_matrix_styles() {
        let one = vec!["a b".to_string()];
        let two = vec!["x".to_string(), "y".to_string()];
        assert_eq!(label_param("p", &one, false).unwrap(), ".a%20b");
        assert_eq!(label_param("p", &two, false).unwrap(), ".x,y");
        assert_eq!(label_param("p", &two, true).unwrap(), ".x.y");
        assert_eq!(matrix_param("p", &one, false).unwrap(), ";p=a%20b");
        assert_eq!(matrix_param("p", &two, false).unwrap(), ";p=x,y");
        assert_eq!(matrix_param("p", &two, true).unwrap(), ";p=x;p=y");
        assert!(label_param("p", &[], false).is_err());
        assert!(matrix_param("p", &[], true).is_err());
    }

    #[test]
    fn path_segment_encodes_everything_but_unreserved() {
        assert_eq!(path_segment(&"a-b._~Z9"), "a-b._~Z9");
        assert_eq!(path_segment(&"a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(path_segment(&"ü+&=;"), "%C3%BC%2B%26%3D%3B");
    }

    #[test]
    fn form_body_flattens_scalars_and_arrays() {
        let body =
            serde_json::json!({"a": "x y", "b": [1, 2], "c": null, "d": {"e": 1}, "f": true});
        assert_eq!(
            form_urlencoded(&body).unwrap(),
            "a=x%20y&b=1&b=2&d=%7B%22e%22%3A1%7D&f=true"
        );
        assert!(form_urlencoded(&[1, 2]).is_err());
    }
}
