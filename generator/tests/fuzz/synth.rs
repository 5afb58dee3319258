//! Documents built from scratch: small but well-formed enough to reach lowering and emission,
//! with hostile names everywhere, every schema shape, `$ref`s among the schemas (forward,
//! self, mutual, dangling) and operations with every parameter location and body kind.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Map, Value};

use crate::harness::Input;
use crate::mutate::serialise;
use crate::values::{name, odd_ref, wrong_value};

/// A schema whose `$ref`s are placeholders (an [`Index`] into the final list of names, or an
/// odd target), filled in once the names are known.
fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        4 => (prop::sample::select(TYPES), prop::sample::select(FORMATS), any::<bool>())
            .prop_map(|(t, f, nullable)| json!({"type": t, "format": f, "nullable": nullable})),
        2 => (prop::collection::vec(enum_value(), 0..5), prop::sample::select(&["string", "integer", "number", "boolean"][..]))
            .prop_map(|(values, t)| json!({"type": t, "enum": values})),
        3 => any::<Index>().prop_map(|i| json!({"$ref": Value::from(i.index(1 << 16) as u64)})),
        1 => odd_ref().prop_map(|r| json!({"$ref": r})),
        1 => (name(), any::<u32>(), any::<i64>()).prop_map(|(p, n, m)| {
            json!({"type": "string", "pattern": p, "minLength": n, "maxLength": n / 2, "minimum": m})
        }),
        1 => Just(json!({})),
        1 => wrong_value(),
    ];
    leaf.prop_recursive(5, 40, 6, |inner| {
        prop_oneof![
            4 => (prop::collection::vec((name(), inner.clone()), 0..6), prop::collection::vec(any::<Index>(), 0..3), any::<bool>())
                .prop_map(|(props, required, additional)| {
                    let names: Vec<String> = props.iter().map(|(n, _)| n.clone()).collect();
                    let required: Vec<String> = if names.is_empty() {
                        vec![]
                    } else {
                        required.iter().map(|i| names[i.index(names.len())].clone()).collect()
                    };
                    let mut schema = json!({
                        "type": "object",
                        "properties": props.into_iter().collect::<Map<_, _>>(),
                        "required": required,
                    });
                    if additional {
                        schema["additionalProperties"] = json!({"type": "string"});
                    }
                    schema
                }),
            2 => inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            1 => inner.clone().prop_map(|v| json!({"type": "object", "additionalProperties": v})),
            2 => (prop::sample::select(&["allOf", "oneOf", "anyOf"][..]), prop::collection::vec(inner.clone(), 0..4), proptest::option::of(name()))
                .prop_map(|(kind, parts, discriminator)| {
                    let mut schema = json!({ kind: parts });
                    if let Some(property) = discriminator {
                        schema["discriminator"] = json!({"propertyName": property});
                    }
                    schema
                }),
            1 => inner.prop_map(|v| json!({"not": v})),
        ]
    })
}

const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "object", "array", "null", "file",
];
const FORMATS: &[&str] = &[
    "",
    "uuid",
    "date-time",
    "date",
    "int32",
    "int64",
    "float",
    "double",
    "byte",
    "binary",
    "password",
    "email",
    "uri",
    "hostname",
    "ipv4",
    "weird",
];

fn enum_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => name().prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<bool>().prop_map(Value::from),
        1 => Just(Value::Null),
        1 => Just(json!(1.5)),
    ]
}

/// Replaces placeholder `$ref`s (numbers) by references to the schema names.
fn link(value: &mut Value, names: &[String]) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Number(n)) = map.get("$ref") {
                let target = match n.as_u64() {
                    Some(i) if !names.is_empty() => {
                        let name = &names[i as usize % names.len()];
                        format!(
                            "#/components/schemas/{}",
                            name.replace('~', "~0").replace('/', "~1")
                        )
                    }
                    _ => "#/components/schemas/Missing".to_owned(),
                };
                map.insert("$ref".into(), Value::from(target));
            }
            map.values_mut().for_each(|v| link(v, names));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| link(v, names)),
        _ => {}
    }
}

fn parameter() -> impl Strategy<Value = Value> {
    (
        name(),
        prop::sample::select(&["path", "query", "header", "cookie", "body", ""][..]),
        any::<bool>(),
        schema(),
        prop::sample::select(
            &[
                "",
                "form",
                "simple",
                "deepObject",
                "spaceDelimited",
                "matrix",
            ][..],
        ),
        any::<bool>(),
    )
        .prop_map(|(name, location, required, schema, style, explode)| {
            let mut parameter =
                json!({"name": name, "in": location, "required": required, "schema": schema});
            if !style.is_empty() {
                parameter["style"] = json!(style);
                parameter["explode"] = json!(explode);
            }
            parameter
        })
}

fn content() -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(MEDIA_TYPES), schema()), 0..3).prop_map(|media| {
        Value::Object(
            media
                .into_iter()
                .map(|(m, s)| (m.to_owned(), json!({"schema": s})))
                .collect(),
        )
    })
}

const MEDIA_TYPES: &[&str] = &[
    "application/json",
    "application/problem+json",
    "application/json; charset=utf-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
    "text/html",
    "application/octet-stream",
    "*/*",
    "",
    "not a media type",
];

fn operation() -> impl Strategy<Value = Value> {
    (
        proptest::option::of(name()),
        prop::collection::vec(name(), 0..3),
        prop::collection::vec(parameter(), 0..5),
        proptest::option::of((content(), any::<bool>())),
        prop::collection::vec(
            (prop::sample::select(STATUSES), content(), prop::collection::vec(name(), 0..2)),
            0..4,
        ),
        prop::sample::select(&["none", "empty", "basic", "missing"][..]),
    )
        .prop_map(|(id, tags, parameters, body, responses, security)| {
            let mut op = json!({
                "tags": tags,
                "parameters": parameters,
                "responses": responses
                    .into_iter()
                    .map(|(status, content, headers)| {
                        let headers: Map<String, Value> = headers
                            .into_iter()
                            .map(|h| (h, json!({"schema": {"type": "string"}})))
                            .collect();
                        (status.to_owned(), json!({"description": "r", "content": content, "headers": headers}))
                    })
                    .collect::<Map<_, _>>(),
            });
            if let Some(id) = id {
                op["operationId"] = json!(id);
            }
            if let Some((content, required)) = body {
                op["requestBody"] = json!({"content": content, "required": required});
            }
            match security {
                "empty" => op["security"] = json!([]),
                "basic" => op["security"] = json!([{"basicAuth": []}]),
                "missing" => op["security"] = json!([{"nope": []}]),
                _ => {}
            }
            op
        })
}

const STATUSES: &[&str] = &[
    "200", "201", "202", "204", "206", "2XX", "3XX", "301", "400", "404", "4XX", "500", "5XX",
    "default", "999", "0", "abc", "1XX", "100",
];

fn path() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => "[a-z]{1,8}",
            2 => name().prop_map(|n| format!("{{{n}}}")),
            1 => name(),
            1 => Just("{".to_owned()),
            1 => Just("{}".to_owned()),
            1 => Just("{a}{b}".to_owned()),
        ],
        0..5,
    )
    .prop_map(|segments| format!("/{}", segments.join("/")))
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn security_schemes() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        json!({}),
        json!({"basicAuth": {"type": "http", "scheme": "basic"}}),
        json!({"tokenAuth": {"type": "http", "scheme": "bearer"}}),
        json!({"key": {"type": "apiKey", "in": "header", "name": "X-Key\r\n"}}),
        json!({"key": {"type": "apiKey", "in": "query", "name": "api key"}}),
        json!({"key": {"type": "apiKey", "in": "cookie", "name": "a;b"}}),
        json!({"o": {"type": "oauth2", "flows": {}}}),
        json!({"token": {"type": "apiKey", "in": "header", "name": ""}}),
    ])
}

/// A whole document, as YAML or JSON text.
pub fn synthetic_spec() -> impl Strategy<Value = Input> {
    (
        prop::collection::vec((name(), schema()), 0..6),
        prop::collection::vec((path(), prop::collection::vec((prop::sample::select(METHODS), operation()), 1..3)), 0..4),
        security_schemes(),
        proptest::option::of(name()),
        any::<bool>(),
    )
        .prop_map(|(schemas, paths, schemes, server, as_json)| {
            let names: Vec<String> = schemas.iter().map(|(n, _)| n.clone()).collect();
            let mut document = json!({
                "openapi": "3.0.3",
                "info": {"title": "Fuzz", "version": "1.0"},
                "paths": paths
                    .into_iter()
                    .map(|(path, ops)| (path, Value::Object(ops.into_iter().map(|(m, op)| (m.to_owned(), op)).collect())))
                    .collect::<Map<_, _>>(),
                "components": {
                    "schemas": schemas.into_iter().collect::<Map<_, _>>(),
                    "securitySchemes": schemes,
                },
                "security": [{"basicAuth": []}, {"tokenAuth": []}],
            });
            if let Some(server) = server {
                document["servers"] = json!([{"url": server}]);
            }
            link(&mut document, &names);
            Input::Text(serialise(&document, as_json))
        })
}
