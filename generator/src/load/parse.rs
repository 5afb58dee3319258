//! Text to a tree: JSON by `serde_json` (exact JSON rules, including its string escapes), YAML
//! by `serde_yaml`, both into one tree type that keeps the order of keys.
//!
//! The tree accepts every number the parsers produce: an integer beyond 64 bits (a generated
//! document that wrote `i64::MIN` through a double gives `-9223372036854776000`) becomes the
//! nearest double instead of stopping the load, and the schema stage then reads the bound it
//! meant. YAML tags are dropped (`!!str 1` is the value `1`).

use serde::de::{
    Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_yaml::{Mapping, Number, Value};
use std::fmt;

/// Parses `text` as JSON when it looks like JSON, else as YAML. The error is the parser's
/// message with its position.
pub fn parse(text: &str) -> Result<Value, String> {
    let looks_like_json = text.trim_start().starts_with('{');
    if looks_like_json {
        match serde_json::from_str::<Tree>(text) {
            Ok(Tree(value)) => return Ok(value),
            Err(json_error) => {
                // Some JSON-looking documents are really YAML (comments, trailing commas are
                // not, but flow mappings with unquoted keys are).
                return match serde_yaml::from_str::<Tree>(text) {
                    Ok(Tree(value)) => Ok(value),
                    Err(_) => Err(format!(
                        "at line {}, column {}: {json_error}",
                        json_error.line(),
                        json_error.column()
                    )),
                };
            }
        }
    }
    serde_yaml::from_str::<Tree>(text)
        .map(|Tree(value)| value)
        .map_err(|err| {
            let location = err
                .location()
                .map(|l| format!("at line {}, column {}: ", l.line(), l.column()))
                .unwrap_or_default();
            format!("{location}{err}")
        })
}

/// Replaces control characters other than tab, line feed and carriage return, which neither
/// JSON nor YAML allows raw, by spaces. Returns how many there were.
pub fn strip_control_characters(text: &str) -> Option<(String, usize)> {
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r') && c != '\u{85}';
    let count = text.chars().filter(|c| bad(*c)).count();
    (count > 0).then(|| {
        (
            text.chars().map(|c| if bad(c) { ' ' } else { c }).collect(),
            count,
        )
    })
}

/// A parsed tree; see the module documentation.
struct Tree(Value);

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor).map(Tree)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON or YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Number(match i64::try_from(v) {
            Ok(small) => small.into(),
            Err(_) => Number::from(v as f64),
        }))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(Value::Number(match u64::try_from(v) {
            Ok(small) => small.into(),
            Err(_) => Number::from(v as f64),
        }))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Tree::deserialize(deserializer).map(|Tree(value)| value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Tree(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Mapping::new();
        while let Some((Tree(key), Tree(value))) = map.next_entry()? {
            out.insert(key, value);
        }
        Ok(Value::Mapping(out))
    }

    /// A tagged YAML node: the tag is dropped, the value kept.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, variant): (Tree, _) = data.variant()?;
        variant.newtype_variant::<Tree>().map(|Tree(value)| value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_beyond_64_bits_become_doubles() {
        let value = parse("minimum: -9223372036854776000\nmaximum: 18446744073709551616\n")
            .expect("parses");
        assert_eq!(value["minimum"].as_f64(), Some(-9.223372036854776e18));
        assert_eq!(value["maximum"].as_f64(), Some(1.8446744073709552e19));
        let value = parse(r#"{"minimum": -9223372036854776000}"#).expect("parses");
        assert_eq!(value["minimum"].as_f64(), Some(-9.223372036854776e18));
    }

    #[test]
    fn json_is_read_with_json_rules_and_keeps_key_order() {
        // `\/` is a JSON escape that YAML does not know.
        let value = parse(r#"{"b": "a\/b", "a": 1}"#).expect("parses");
        assert_eq!(value["b"].as_str(), Some("a/b"));
        let keys: Vec<&str> = value
            .as_mapping()
            .map(|m| m.keys().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert_eq!(keys, ["b", "a"]);
    }

    #[test]
    fn tags_are_dropped() {
        let value = parse("a: !!str 1\nb: !custom {c: 2}\n").expect("parses");
        assert_eq!(value["a"].as_str(), Some("1"));
        assert_eq!(value["b"]["c"].as_i64(), Some(2));
    }

    #[test]
    fn control_characters_are_counted_and_replaced() {
        let (text, count) = strip_control_characters("a\u{1}b\tc\n").expect("one found");
        assert_eq!((text.as_str(), count), ("a b\tc\n", 1));
        assert!(strip_control_characters("plain\n").is_none());
    }
}
