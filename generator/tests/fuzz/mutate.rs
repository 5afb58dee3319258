//! Structured mutations of the project's own spec, and of the OpenAPI 3.1 and Swagger 2.0
//! fixtures: deleted keys, wrong types, dangling and cyclic `$ref`s, hostile names, deep nesting
//! and grafted subtrees, serialised as YAML or JSON.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Map, Value};

use crate::harness::Input;
use crate::values::{name, odd_ref, wrong_value};

/// The project's spec, parsed once.
pub fn base_spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let text = include_str!("../../../spec/containerregistries.yaml");
        serde_yaml::from_str(text).expect("the project's spec is valid YAML")
    })
}

/// The OpenAPI 3.1 and Swagger 2.0 generality fixtures, parsed once.
pub fn other_versions() -> &'static [Value; 2] {
    static SPECS: OnceLock<[Value; 2]> = OnceLock::new();
    SPECS.get_or_init(|| {
        let parse = |text: &str| serde_yaml::from_str(text).expect("the fixture is valid YAML");
        [
            parse(include_str!(
                "../../../tests/fixtures/generality/openapi31.yaml"
            )),
            parse(include_str!(
                "../../../tests/fixtures/generality/swagger2.yaml"
            )),
        ]
    })
}

/// A node, found by walking down from the root: each index picks a child of a mapping or
/// sequence; the walk stops at a scalar, an empty container or the end of the indices.
type Walk = Vec<Index>;

fn walk() -> impl Strategy<Value = Walk> {
    // Mostly deep: a mutation near the root mostly just breaks the document's outline.
    prop_oneof![
        1 => prop::collection::vec(any::<Index>(), 0..3),
        5 => prop::collection::vec(any::<Index>(), 3..14),
    ]
}

/// How a node is wrapped to nest it deeply.
#[derive(Clone, Copy, Debug)]
pub enum Nesting {
    Array,
    Property,
    AllOf,
    OneOf,
    Sequence,
}

#[derive(Clone, Debug)]
pub enum Mutation {
    /// Removes one entry of the container at `walk`.
    Delete(Walk, Index),
    /// Replaces the node at `walk`.
    Replace(Walk, Value),
    /// Renames one key of the mapping at `walk`.
    Rename(Walk, Index, String),
    /// Replaces the node at `walk` by a `$ref`.
    Ref(Walk, String),
    /// Points the node at `walk` to an existing schema (cycles and wrong sections follow).
    RefExisting(Walk, Index),
    /// Makes a chain of existing schemas refer to each other in a loop.
    Cycle(Vec<Index>, Nesting),
    /// Copies the subtree at the first walk over the node at the second.
    Graft(Walk, Walk),
    /// Wraps the node at `walk` in `depth` levels.
    Nest(Walk, usize, Nesting),
    /// Adds an entry to the mapping (or sequence) at `walk`.
    Insert(Walk, String, Value),
}

fn nesting() -> impl Strategy<Value = Nesting> {
    prop::sample::select(
        &[
            Nesting::Array,
            Nesting::Property,
            Nesting::AllOf,
            Nesting::OneOf,
            Nesting::Sequence,
        ][..],
    )
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (walk(), any::<Index>()).prop_map(|(w, i)| Mutation::Delete(w, i)),
        3 => (walk(), wrong_value()).prop_map(|(w, v)| Mutation::Replace(w, v)),
        3 => (walk(), any::<Index>(), name()).prop_map(|(w, i, n)| Mutation::Rename(w, i, n)),
        2 => (walk(), odd_ref()).prop_map(|(w, r)| Mutation::Ref(w, r)),
        2 => (walk(), any::<Index>()).prop_map(|(w, i)| Mutation::RefExisting(w, i)),
        2 => (prop::collection::vec(any::<Index>(), 1..4), nesting())
            .prop_map(|(names, n)| Mutation::Cycle(names, n)),
        2 => (walk(), walk()).prop_map(|(from, to)| Mutation::Graft(from, to)),
        1 => (walk(), 1usize..90, nesting()).prop_map(|(w, d, n)| Mutation::Nest(w, d, n)),
        2 => (walk(), name(), wrong_value()).prop_map(|(w, k, v)| Mutation::Insert(w, k, v)),
    ]
}

/// The project's spec with 1 to 8 mutations, as YAML or JSON text.
pub fn mutated_spec() -> impl Strategy<Value = Input> {
    mutated(|_| base_spec())
}

/// The 3.1 or the 2.0 fixture with 1 to 8 mutations, as YAML or JSON text.
pub fn mutated_other_versions() -> impl Strategy<Value = Input> {
    mutated(|pick: bool| &other_versions()[usize::from(pick)])
}

fn mutated(base: fn(bool) -> &'static Value) -> impl Strategy<Value = Input> {
    (
        prop::collection::vec(mutation(), 1..8),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(move |(mutations, as_json, pick)| {
            let mut spec = base(pick).clone();
            for mutation in &mutations {
                apply(&mut spec, mutation);
            }
            Input::Text(serialise(&spec, as_json))
        })
}

pub fn serialise(value: &Value, as_json: bool) -> String {
    if as_json {
        serde_json::to_string_pretty(value).expect("JSON values serialise")
    } else {
        serde_yaml::to_string(value).expect("JSON values serialise as YAML")
    }
}

fn node<'a>(value: &'a mut Value, walk: &[Index]) -> &'a mut Value {
    let Some((first, rest)) = walk.split_first() else {
        return value;
    };
    let len = match &*value {
        Value::Object(map) => map.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    if len == 0 {
        return value;
    }
    let index = first.index(len);
    match value {
        Value::Object(map) => {
            let key = map.keys().nth(index).cloned().expect("index within bounds");
            node(map.get_mut(&key).expect("key exists"), rest)
        }
        Value::Array(items) => node(&mut items[index], rest),
        other => other,
    }
}

fn schema_names(spec: &Value) -> Vec<String> {
    spec.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default()
}

fn schema_ref(name: &str) -> Value {
    let escaped = name.replace('~', "~0").replace('/', "~1");
    json!({ "$ref": format!("#/components/schemas/{escaped}") })
}

fn wrap(value: Value, nesting: Nesting) -> Value {
    match nesting {
        Nesting::Array => json!({"type": "array", "items": value}),
        Nesting::Property => {
            json!({"type": "object", "required": ["p"], "properties": {"p": value}})
        }
        Nesting::AllOf => json!({"allOf": [value]}),
        Nesting::OneOf => json!({"oneOf": [value, {"type": "string"}]}),
        Nesting::Sequence => json!([value]),
    }
}

fn apply(spec: &mut Value, mutation: &Mutation) {
    match mutation {
        Mutation::Delete(walk, index) => match node(spec, walk) {
            Value::Object(map) if !map.is_empty() => {
                let key = map
                    .keys()
                    .nth(index.index(map.len()))
                    .cloned()
                    .expect("in bounds");
                map.remove(&key);
            }
            Value::Array(items) if !items.is_empty() => {
                items.remove(index.index(items.len()));
            }
            _ => {}
        },
        Mutation::Replace(walk, value) => *node(spec, walk) = value.clone(),
        Mutation::Rename(walk, index, new) => {
            if let Value::Object(map) = node(spec, walk) {
                if !map.is_empty() {
                    let position = index.index(map.len());
                    let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
                    *map = entries
                        .into_iter()
                        .enumerate()
                        .map(|(i, (k, v))| {
                            if i == position {
                                (new.clone(), v)
                            } else {
                                (k, v)
                            }
                        })
                        .collect::<Map<_, _>>();
                }
            }
        }
        Mutation::Ref(walk, target) => *node(spec, walk) = json!({ "$ref": target }),
        Mutation::RefExisting(walk, index) => {
            let names = schema_names(spec);
            if !names.is_empty() {
                *node(spec, walk) = schema_ref(&names[index.index(names.len())]);
            }
        }
        Mutation::Cycle(indices, nesting) => {
            let names = schema_names(spec);
            if names.is_empty() {
                return;
            }
            let chain: Vec<&String> = indices
                .iter()
                .map(|i| &names[i.index(names.len())])
                .collect();
            for (i, from) in chain.iter().enumerate() {
                let to = chain[(i + 1) % chain.len()];
                let target = match nesting {
                    Nesting::Sequence => schema_ref(to),
                    other => wrap(schema_ref(to), *other),
                };
                if let Some(schemas) = spec
                    .pointer_mut("/components/schemas")
                    .and_then(Value::as_object_mut)
                {
                    schemas.insert((*from).clone(), target);
                }
            }
        }
        Mutation::Graft(from, to) => {
            let subtree = node(spec, from).clone();
            *node(spec, to) = subtree;
        }
        Mutation::Nest(walk, depth, nesting) => {
            let target = node(spec, walk);
            let mut value = target.take();
            for _ in 0..*depth {
                value = wrap(value, *nesting);
            }
            *target = value;
        }
        Mutation::Insert(walk, key, value) => match node(spec, walk) {
            Value::Object(map) => {
                map.insert(key.clone(), value.clone());
            }
            Value::Array(items) => items.push(value.clone()),
            _ => {}
        },
    }
}
