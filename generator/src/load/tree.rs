//! Small helpers for editing a parsed YAML/JSON tree in place, keeping the order of keys.

use serde_yaml::{Mapping, Value};

/// A string key.
pub fn key(name: &str) -> Value {
    Value::String(name.to_string())
}

/// Removes `name` from `map`, keeping the order of the other keys.
pub fn take(map: &mut Mapping, name: &str) -> Option<Value> {
    map.shift_remove(name)
}

/// Inserts `name: value` (at the end, or in place when the key exists).
pub fn put(map: &mut Mapping, name: &str, value: Value) {
    map.insert(key(name), value);
}

/// The string at `name`, when there is one.
pub fn str_at<'a>(map: &'a Mapping, name: &str) -> Option<&'a str> {
    map.get(name).and_then(Value::as_str)
}

/// A mapping with the given entries, in order.
pub fn mapping<const N: usize>(entries: [(&str, Value); N]) -> Value {
    let mut map = Mapping::with_capacity(N);
    for (name, value) in entries {
        put(&mut map, name, value);
    }
    Value::Mapping(map)
}

/// A short description of a value's kind, for messages.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// A scalar written as text: `1.0` for the number, `true` for the boolean, the string itself.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// Makes the tree plain JSON data: YAML tags are dropped (`!!str 1` is the value `1`), merge
/// keys (`<<: *anchor`) are applied, and keys that YAML reads as numbers or booleans (an
/// unquoted `200:` status code) become the strings they were written as.
///
/// Returns the number of keys that were not scalars and were dropped (`? [a, b]: c`).
pub fn plain(value: &mut Value) -> usize {
    // Applying merge keys fails only on malformed merges, which are then left as they are.
    let _ = value.apply_merge();
    let mut dropped = 0;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        if let Value::Tagged(tagged) = value {
            let inner = std::mem::replace(&mut tagged.value, Value::Null);
            *value = inner;
        }
        match value {
            Value::Sequence(items) => stack.extend(items.iter_mut()),
            Value::Mapping(map) => {
                if map.keys().any(|k| !k.is_string()) {
                    let old = std::mem::take(map);
                    for (k, v) in old {
                        let k = match k {
                            Value::Tagged(tagged) => tagged.value,
                            other => other,
                        };
                        match scalar_text(&k) {
                            Some(text) => {
                                map.insert(Value::String(text), v);
                            }
                            None if k.is_null() => {
                                map.insert(key("null"), v);
                            }
                            None => dropped += 1,
                        }
                    }
                }
                stack.extend(map.values_mut());
            }
            _ => {}
        }
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_strings_and_tags_go() {
        let mut value: Value =
            serde_yaml::from_str("200: {a: !!str 1}\ntrue: x\nbase: &b {k: 1}\nmerged: {<<: *b}\n")
                .expect("valid YAML");
        assert_eq!(plain(&mut value), 0);
        let map = value.as_mapping().expect("a mapping");
        assert!(map.contains_key("200"));
        assert!(map.contains_key("true"));
        assert_eq!(map["merged"]["k"], Value::from(1));
    }
}
