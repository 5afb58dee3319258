//! Schemas: JSON Schema 2020-12 (OpenAPI 3.1) and small flaws, rewritten into what an OpenAPI
//! 3.0 schema can say.
//!
//! Each rewrite has one interpretation. Where a 3.1 keyword appears in a 3.0 or 2.0 document
//! it is read the 3.1 way with a warning (the document breaks its own version's rules); in a
//! 3.1 document it is simply supported. What cannot be expressed is approximated with a
//! warning, and what cannot be interpreted at all is left for the typed reader to reject.

use super::tree::{key, kind_of, mapping, put, scalar_text, str_at, take};
use super::{Context, Dialect};
use crate::diagnostics::pointer;
use serde_yaml::{Mapping, Value};

/// Keywords that only describe a value; next to a `$ref` they apply to the reference.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "default",
    "example",
    "examples",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "x-nullable",
];

/// Keywords of numbers and integers.
const NUMERIC_KEYWORDS: &[&str] = &[
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Keywords that belong to one JSON type, for splitting `type: [string, integer]`.
const TYPE_KEYWORDS: &[(&str, &[&str])] = &[
    ("string", &["format", "pattern", "minLength", "maxLength"]),
    ("number", NUMERIC_KEYWORDS),
    ("integer", NUMERIC_KEYWORDS),
    (
        "array",
        &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
        ],
    ),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "unevaluatedProperties",
            "minProperties",
            "maxProperties",
        ],
    ),
    ("boolean", &[]),
];

/// Formats that need no warning: the ones the generator types, and the common ones that are
/// strings or numbers to Rust.
const KNOWN_FORMATS: &[&str] = &[
    "int32",
    "int64",
    "int8",
    "int16",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float",
    "double",
    "decimal",
    "byte",
    "binary",
    "base64",
    "date",
    "date-time",
    "time",
    "duration",
    "password",
    "uuid",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "uri-template",
    "iri",
    "iri-reference",
    "url",
    "json-pointer",
    "relative-json-pointer",
    "regex",
    "char",
    "html",
    "markdown",
    "textarea",
    "phone",
];

/// Normalises the schema `value` at `at`, and every schema inside it.
pub fn normalize(value: &mut Value, at: &str, cx: &mut Context) {
    match value {
        Value::Bool(true) => {
            *value = Value::Mapping(Mapping::new());
            return;
        }
        Value::Bool(false) => {
            cx.warn(
                at,
                "the schema `false` (no value is valid) is typed as any JSON",
                "remove the schema, or describe the values it allows",
            );
            *value = Value::Mapping(Mapping::new());
            return;
        }
        _ => {}
    }
    let Value::Mapping(map) = value else {
        // Not a schema at all; the typed reader reports it.
        return;
    };
    if map.contains_key("$ref") {
        reference_siblings(map, at, cx);
        if map.contains_key("$ref") {
            return;
        }
    }
    type_keyword(map, at, cx);
    null_branches(map, at, cx);
    json_schema_keywords(map, at, cx);
    flaws(map, at, cx);
    children(map, at, cx);
}

/// `$ref` next to other keywords. Annotations (`description`, `nullable`, `default`, ...)
/// apply to the referenced schema: `{allOf: [{$ref}], description}`. Other keywords combine
/// with it in 3.1 (`allOf`); OpenAPI 3.0 says they are ignored, so they are, with a warning.
fn reference_siblings(map: &mut Mapping, at: &str, cx: &mut Context) {
    if !map.get("$ref").is_some_and(Value::is_string) {
        return;
    }
    let siblings = map
        .keys()
        .filter_map(Value::as_str)
        .any(|k| k == "x-nullable" || (k != "$ref" && k != "$comment" && !k.starts_with("x-")));
    if !siblings {
        return;
    }
    let mut outer = Mapping::new();
    let mut structural = Mapping::new();
    let mut reference = Mapping::new();
    for (name, value) in std::mem::take(map) {
        let Some(text) = name.as_str() else { continue };
        if text == "$ref" {
            reference.insert(name, value);
        } else if ANNOTATIONS.contains(&text) || text.starts_with("x-") || text == "$comment" {
            outer.insert(name, value);
        } else {
            structural.insert(name, value);
        }
    }
    let mut all_of = vec![Value::Mapping(reference)];
    cx.origin
        .record(pointer(at, &["allOf", "0"]), at.to_string());
    if !structural.is_empty() {
        if cx.dialect == Dialect::OpenApi31 {
            // In 3.1 both apply: the referenced schema and the keywords beside it.
            cx.origin
                .record(pointer(at, &["allOf", "1"]), at.to_string());
            all_of.push(Value::Mapping(structural));
        } else if structural.keys().any(|k| k.as_str() != Some("type")) {
            // (`type` beside a `$ref` only repeats the target's type: nothing to warn about.)
            let names: Vec<&str> = structural.keys().filter_map(Value::as_str).collect();
            cx.warn(
                &pointer(at, &[names[0]]),
                format!(
                    "keywords next to `$ref` ({}) are ignored, as OpenAPI 3.0 says",
                    names.join(", ")
                ),
                "combine the reference with the extra keywords in an `allOf`",
            );
        }
    }
    put(&mut outer, "allOf", Value::Sequence(all_of));
    *map = outer;
}

/// `type` as a list (`[string, "null"]`), `type: "null"`, and type names that are not JSON's.
fn type_keyword(map: &mut Mapping, at: &str, cx: &mut Context) {
    let type_at = pointer(at, &["type"]);
    let names: Vec<String> = match map.get("type") {
        None => return,
        Some(Value::String(name)) => vec![name.clone()],
        Some(Value::Sequence(items)) => {
            if cx.dialect != Dialect::OpenApi31 {
                cx.warn(
                    &type_at,
                    "`type` is a list, which only OpenAPI 3.1 allows; it is read the 3.1 way",
                    "write one type, with `nullable: true` for null",
                );
            }
            let mut names = Vec::new();
            for item in items {
                match item.as_str() {
                    Some(name) if !names.iter().any(|n: &String| n == name) => {
                        names.push(name.to_string())
                    }
                    Some(_) => {}
                    None => cx.warn(
                        &type_at,
                        format!("a type name is {}; it is ignored", kind_of(item)),
                        "list type names as strings",
                    ),
                }
            }
            names
        }
        Some(other) => {
            let found = kind_of(other);
            take(map, "type");
            cx.warn(
                &type_at,
                format!("`type` is {found}; the value is typed as any JSON"),
                "write the type as a string, e.g. `type: string`",
            );
            return;
        }
    };
    let mut types = Vec::new();
    for name in names {
        match canonical_type(&name) {
            Canonical::Type(ty, format) => {
                if ty != name {
                    cx.warn(
                        &type_at,
                        format!("`{name}` is not a JSON Schema type; it is read as `{ty}`"),
                        format!("write `type: {ty}`"),
                    );
                }
                if let Some(format) = format {
                    if !map.contains_key("format") {
                        put(map, "format", key(format));
                    }
                }
                if !types.contains(&ty) {
                    types.push(ty);
                }
            }
            Canonical::Null => {
                if cx.dialect != Dialect::OpenApi31 {
                    cx.warn(
                        &type_at,
                        "the type `null` is OpenAPI 3.1's; it is read as `nullable: true`",
                        "write `nullable: true`",
                    );
                }
                put(map, "nullable", Value::Bool(true));
            }
            Canonical::Unknown => cx.warn(
                &type_at,
                format!("`{name}` is not a JSON Schema type; the value is typed as any JSON"),
                "use one of string, number, integer, boolean, array, object",
            ),
        }
    }
    take(map, "type");
    match types.as_slice() {
        [] => {}
        [only] => put(map, "type", key(only)),
        _ => split_types(map, &types, at, cx),
    }
}

/// What a `type` name means.
enum Canonical {
    Type(&'static str, Option<&'static str>),
    Null,
    Unknown,
}

fn canonical_type(name: &str) -> Canonical {
    let lower = name.to_ascii_lowercase();
    let (ty, format) = match lower.as_str() {
        "string" | "str" | "text" => ("string", None),
        "number" => ("number", None),
        "integer" | "int" => ("integer", None),
        "boolean" | "bool" => ("boolean", None),
        "array" | "list" => ("array", None),
        "object" | "dict" | "map" => ("object", None),
        "null" => return Canonical::Null,
        "file" => ("string", Some("binary")),
        "long" | "int64" => ("integer", Some("int64")),
        "int32" => ("integer", Some("int32")),
        "float" => ("number", Some("float")),
        "double" => ("number", Some("double")),
        "date" => ("string", Some("date")),
        "date-time" | "datetime" => ("string", Some("date-time")),
        _ => return Canonical::Unknown,
    };
    Canonical::Type(ty, format)
}

/// `type: [string, integer]` becomes a `oneOf` with one variant per type, each taking the
/// keywords that belong to its type.
fn split_types(map: &mut Mapping, types: &[&'static str], at: &str, cx: &mut Context) {
    if map.contains_key("oneOf") || map.contains_key("anyOf") {
        cx.warn(
            &pointer(at, &["type"]),
            "a list of types next to `oneOf`/`anyOf` is ignored; the variants type the value",
            "move the types into the variants",
        );
        return;
    }
    let enumeration = take(map, "enum");
    let mut variants = Vec::new();
    for (index, ty) in types.iter().enumerate() {
        let mut variant = Mapping::new();
        put(&mut variant, "type", key(ty));
        let keywords = TYPE_KEYWORDS
            .iter()
            .find(|(name, _)| name == ty)
            .map_or(&[][..], |(_, keywords)| keywords);
        for keyword in keywords.iter().copied() {
            if let Some(value) = map.get(keyword) {
                put(&mut variant, keyword, value.clone());
            }
        }
        if let Some(Value::Sequence(values)) = &enumeration {
            let own: Vec<Value> = values
                .iter()
                .filter(|v| json_type_matches(v, ty))
                .cloned()
                .collect();
            if !own.is_empty() {
                put(&mut variant, "enum", Value::Sequence(own));
            }
        }
        cx.origin
            .record(pointer(at, &["oneOf", &index.to_string()]), at.to_string());
        variants.push(Value::Mapping(variant));
    }
    for (_, keywords) in TYPE_KEYWORDS {
        for keyword in keywords.iter() {
            take(map, keyword);
        }
    }
    put(map, "oneOf", Value::Sequence(variants));
}

fn json_type_matches(value: &Value, ty: &str) -> bool {
    match value {
        Value::String(_) => ty == "string",
        Value::Bool(_) => ty == "boolean",
        Value::Number(n) => ty == "number" || (ty == "integer" && (n.is_i64() || n.is_u64())),
        Value::Sequence(_) => ty == "array",
        Value::Mapping(_) => ty == "object",
        _ => false,
    }
}

/// Whether a schema allows only `null` (`{type: "null"}`, `{enum: [null]}`, `{const: null}`).
fn is_null_schema(value: &Value) -> bool {
    let Value::Mapping(map) = value else {
        return false;
    };
    let null_type = match map.get("type") {
        Some(Value::String(name)) => name == "null",
        Some(Value::Sequence(names)) => names.iter().all(|n| n.as_str() == Some("null")),
        _ => false,
    };
    let null_enum = matches!(map.get("enum"), Some(Value::Sequence(values)) if values.iter().all(Value::is_null) && !values.is_empty());
    let null_const = map.get("const").is_some_and(Value::is_null);
    null_type || null_enum || null_const
}

/// `anyOf`/`oneOf` with a null branch is a nullable value of the other branches; with one other
/// branch it is that branch (FastAPI writes every `Optional[X]` as `anyOf: [X, {type: null}]`).
fn null_branches(map: &mut Mapping, at: &str, cx: &mut Context) {
    for keyword in ["anyOf", "oneOf"] {
        let Some(Value::Sequence(branches)) = map.get(keyword) else {
            continue;
        };
        if !branches.iter().any(is_null_schema) {
            continue;
        }
        let Some(Value::Sequence(branches)) = take(map, keyword) else {
            continue;
        };
        put(map, "nullable", Value::Bool(true));
        let mut kept: Vec<(usize, Value)> = branches
            .into_iter()
            .enumerate()
            .filter(|(_, branch)| !is_null_schema(branch))
            .collect();
        match kept.len() {
            0 => {}
            1 => {
                let (index, mut branch) = kept.remove(0);
                let branch_at = pointer(at, &[keyword, &index.to_string()]);
                if let Value::Mapping(inner) = &mut branch {
                    reference_siblings(inner, &branch_at, cx);
                }
                merge_branch(map, branch, &branch_at, at, cx);
            }
            _ => {
                for (position, (index, _)) in kept.iter().enumerate() {
                    cx.origin.record(
                        pointer(at, &[keyword, &position.to_string()]),
                        pointer(at, &[keyword, &index.to_string()]),
                    );
                }
                put(
                    map,
                    keyword,
                    Value::Sequence(kept.into_iter().map(|(_, b)| b).collect()),
                );
            }
        }
    }
}

/// Puts the only non-null branch of a union in the union's place.
fn merge_branch(map: &mut Mapping, branch: Value, branch_at: &str, at: &str, cx: &mut Context) {
    match branch {
        Value::Mapping(inner) if inner.contains_key("$ref") => {
            let all_of = match take(map, "allOf") {
                Some(Value::Sequence(mut parts)) => {
                    parts.push(Value::Mapping(inner));
                    parts
                }
                _ => vec![Value::Mapping(inner)],
            };
            let index = all_of.len() - 1;
            cx.origin.record(
                pointer(at, &["allOf", &index.to_string()]),
                branch_at.to_string(),
            );
            put(map, "allOf", Value::Sequence(all_of));
        }
        Value::Mapping(inner) => {
            for (name, value) in inner {
                let Some(name) = name.as_str() else { continue };
                if !map.contains_key(name) {
                    cx.origin
                        .record(pointer(at, &[name]), pointer(branch_at, &[name]));
                    put(map, name, value);
                }
            }
        }
        // `true` or something the typed reader rejects anyway.
        _ => {}
    }
}

/// `const`, numeric `exclusiveMinimum`/`exclusiveMaximum`, `examples`, `contentEncoding`,
/// `contentMediaType`, `prefixItems`, `patternProperties`, `unevaluatedProperties`, and the
/// conditionals that cannot be typed.
fn json_schema_keywords(map: &mut Mapping, at: &str, cx: &mut Context) {
    let native = cx.dialect == Dialect::OpenApi31;
    let flaw = |cx: &mut Context, keyword: &str, what: &str| {
        if !native {
            cx.warn(
                &pointer(at, &[keyword]),
                format!("`{keyword}`{what} is OpenAPI 3.1's; it is read the 3.1 way"),
                "write it the way the document's OpenAPI version does",
            );
        }
    };
    if let Some(value) = take(map, "const") {
        flaw(cx, "const", "");
        if value.is_null() {
            put(map, "nullable", Value::Bool(true));
        } else if !map.contains_key("enum") {
            put(map, "enum", Value::Sequence(vec![value]));
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(limit)) = map.get(exclusive) {
            let limit = limit.clone();
            flaw(cx, exclusive, " as a number");
            put(map, bound, Value::Number(limit));
            put(map, exclusive, Value::Bool(true));
        }
    }
    if let Some(Value::Sequence(mut examples)) = take(map, "examples") {
        if !map.contains_key("example") && !examples.is_empty() {
            put(map, "example", examples.swap_remove(0));
        }
    }
    let encoding = take(map, "contentEncoding");
    let media_type = take(map, "contentMediaType");
    let is_string = matches!(str_at(map, "type"), Some("string") | None);
    if is_string && !map.contains_key("format") {
        let base64 = encoding.as_ref().and_then(Value::as_str).is_some_and(|e| {
            e.eq_ignore_ascii_case("base64") || e.eq_ignore_ascii_case("base64url")
        });
        let binary = media_type
            .as_ref()
            .and_then(Value::as_str)
            .is_some_and(|m| !m.contains("json") && !m.starts_with("text/"));
        if base64 {
            put(map, "format", key("byte"));
        } else if binary {
            put(map, "format", key("binary"));
        }
        if (base64 || binary) && !map.contains_key("type") {
            put(map, "type", key("string"));
        }
    }
    tuple(map, at, cx);
    if let Some(patterns) = take(map, "patternProperties") {
        let values: Vec<Value> = match patterns {
            Value::Mapping(patterns) => patterns.into_iter().map(|(_, v)| v).collect(),
            _ => Vec::new(),
        };
        let open = matches!(
            map.get("additionalProperties"),
            None | Some(Value::Bool(true))
        );
        if open && !values.is_empty() {
            let first = &values[0];
            let schema = if values.iter().all(|v| v == first) {
                first.clone()
            } else {
                cx.warn(
                    &pointer(at, &["patternProperties"]),
                    "the key patterns give different value schemas; the values are typed as any JSON",
                    "use one schema for the values, or name the properties",
                );
                Value::Mapping(Mapping::new())
            };
            put(map, "additionalProperties", schema);
        }
        if !map.contains_key("type") && !map.contains_key("allOf") {
            put(map, "type", key("object"));
        }
    }
    if let Some(unevaluated) = take(map, "unevaluatedProperties") {
        if !map.contains_key("additionalProperties") {
            put(map, "additionalProperties", unevaluated);
        }
    }
    take(map, "unevaluatedItems");
    for keyword in ["if", "dependentSchemas", "$dynamicRef", "$recursiveRef"] {
        if map.contains_key(keyword) {
            let what = match keyword {
                "if" => "`if`/`then`/`else` is not generated",
                "dependentSchemas" => "`dependentSchemas` is not generated",
                _ => "dynamic references are not followed",
            };
            cx.warn(
                &pointer(at, &[keyword]),
                format!("{what}; the value is typed by the rest of the schema"),
                "describe the alternatives with `oneOf`",
            );
        }
    }
    for keyword in [
        "if",
        "then",
        "else",
        "dependentSchemas",
        "$dynamicRef",
        "$recursiveRef",
    ] {
        take(map, keyword);
    }
}

/// `prefixItems` (and draft-4 `items: [..]`): a tuple. All-alike items are a list of that
/// item; anything else is a list of any JSON, with a warning.
fn tuple(map: &mut Mapping, at: &str, cx: &mut Context) {
    let (items, keyword) = match (take(map, "prefixItems"), map.get("items")) {
        (Some(prefix), _) => (prefix, "prefixItems"),
        (None, Some(Value::Sequence(_))) => match take(map, "items") {
            Some(items) => (items, "items"),
            None => return,
        },
        (None, _) => return,
    };
    let rest = match map.get("items") {
        Some(Value::Bool(false)) | None => None,
        Some(rest) => Some(rest.clone()),
    };
    take(map, "items");
    let items = match items {
        Value::Sequence(items) => items,
        _ => Vec::new(),
    };
    let mut alike = items.iter().chain(rest.iter());
    let first = alike.next().cloned();
    let uniform = first
        .as_ref()
        .filter(|first| items.iter().chain(rest.iter()).all(|v| v == *first));
    let item = match uniform {
        Some(item) => {
            cx.origin
                .record(pointer(at, &["items"]), pointer(at, &[keyword, "0"]));
            item.clone()
        }
        None => {
            if first.is_some() {
                cx.warn(
                    &pointer(at, &[keyword]),
                    "a tuple of different item types is typed as a list of any JSON",
                    "use one item schema, or an object with named properties",
                );
            }
            Value::Mapping(Mapping::new())
        }
    };
    put(map, "items", item);
    if !map.contains_key("type") {
        put(map, "type", key("array"));
    }
}

/// Keywords of the wrong type or with impossible values, where one reading is safe.
fn flaws(map: &mut Mapping, at: &str, cx: &mut Context) {
    if let Some(nullable) = take(map, "x-nullable") {
        if nullable.as_bool() == Some(true) || nullable.as_str() == Some("true") {
            put(map, "nullable", Value::Bool(true));
        }
    }
    for flag in [
        "nullable",
        "readOnly",
        "writeOnly",
        "deprecated",
        "uniqueItems",
        "exclusiveMinimum",
        "exclusiveMaximum",
    ] {
        boolean(map, flag, at, cx);
    }
    for count in [
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ] {
        count_keyword(map, count, at, cx);
    }
    let integer = str_at(map, "type") == Some("integer");
    for bound in ["minimum", "maximum", "multipleOf"] {
        number_keyword(map, bound, integer, at, cx);
    }
    for text in ["description", "title"] {
        text_keyword(map, text, at, cx);
    }
    match map.get("format") {
        None => {}
        Some(Value::String(format)) if !KNOWN_FORMATS.contains(&format.as_str()) => {
            let typed = str_at(map, "type").unwrap_or("any JSON");
            cx.warn_repeated(
                &pointer(at, &["format"]),
                format!("`format: {format}` is not a known format; the value is typed as {typed}"),
                "use a registered format, or an `x-` extension for your own",
            );
        }
        Some(Value::String(_)) => {}
        Some(_) => ignore(
            map,
            "format",
            "text",
            at,
            cx,
            "write the format as a string",
        ),
    }
    match map.get("pattern") {
        None | Some(Value::String(_)) => {}
        Some(_) => ignore(
            map,
            "pattern",
            "a regular expression",
            at,
            cx,
            "write the pattern as a string",
        ),
    }
    match map.get("required") {
        None | Some(Value::Sequence(_)) => {}
        Some(_) => ignore(
            map,
            "required",
            "a list of property names",
            at,
            cx,
            "list the required property names under the object's `required`",
        ),
    }
    if let Some(Value::Sequence(names)) = map.get_mut("required") {
        let before = names.len();
        names.retain(Value::is_string);
        if names.len() != before {
            cx.warn(
                &pointer(at, &["required"]),
                "`required` lists something that is not a property name; it is ignored",
                "list property names as strings",
            );
        }
    }
    enumeration(map, at, cx);
    if let Some(Value::String(property)) = map.get("discriminator") {
        let property = property.clone();
        cx.warn(
            &pointer(at, &["discriminator"]),
            "`discriminator` is a string (Swagger 2.0's form); it is read as its `propertyName`",
            "write `discriminator: {propertyName: ...}`",
        );
        put(
            map,
            "discriminator",
            mapping([("propertyName", Value::String(property))]),
        );
    }
}

/// `enum` that is not a list, values of the wrong type, and a `default` outside the values.
fn enumeration(map: &mut Mapping, at: &str, cx: &mut Context) {
    let enum_at = pointer(at, &["enum"]);
    match map.get("enum") {
        None => return,
        Some(Value::Sequence(_)) => {}
        Some(Value::Mapping(_)) | Some(Value::Tagged(_)) => {
            take(map, "enum");
            cx.warn(
                &enum_at,
                "`enum` is a mapping; it is ignored",
                "list the values",
            );
            return;
        }
        Some(_) => {
            if let Some(single) = take(map, "enum") {
                cx.warn(
                    &enum_at,
                    "`enum` is a single value; it is read as a list of that value",
                    "write the values as a list",
                );
                put(map, "enum", Value::Sequence(vec![single]));
            }
        }
    }
    let ty = str_at(map, "type").map(str::to_string);
    if let (Some(ty), Some(Value::Sequence(values))) = (ty.as_deref(), map.get_mut("enum")) {
        let mut changed = false;
        for value in values.iter_mut() {
            let fixed = match (ty, &*value) {
                ("string", Value::Number(_) | Value::Bool(_)) => {
                    scalar_text(value).map(Value::String)
                }
                ("integer" | "number", Value::String(text)) => serde_yaml::from_str::<Value>(text)
                    .ok()
                    .filter(|v| json_type_matches(v, ty)),
                ("boolean", Value::String(text)) => match text.as_str() {
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    _ => None,
                },
                _ => None,
            };
            if let Some(fixed) = fixed {
                *value = fixed;
                changed = true;
            }
        }
        if changed {
            cx.warn(
                &enum_at,
                format!(
                    "some `enum` values are not of type `{ty}`; they are read as `{ty}` values"
                ),
                "write the values with the schema's type",
            );
        }
        let wrong = values
            .iter()
            .any(|v| !v.is_null() && !json_type_matches(v, ty));
        if wrong {
            take(map, "enum");
            cx.warn(
                &enum_at,
                format!("`enum` has values that are not of type `{ty}`; the list is ignored"),
                "write the values with the schema's type",
            );
            return;
        }
    }
    let (Some(Value::Sequence(values)), Some(default)) = (map.get("enum"), map.get("default"))
    else {
        return;
    };
    let nullable = map.get("nullable").and_then(Value::as_bool) == Some(true);
    let allowed = values.contains(default) || (default.is_null() && nullable);
    if !allowed {
        let shown = scalar_text(default).unwrap_or_else(|| kind_of(default).to_string());
        take(map, "default");
        cx.warn(
            &pointer(at, &["default"]),
            format!("the default `{shown}` is not one of the `enum` values; it is ignored"),
            "make the default one of the values",
        );
    }
}

/// Takes keyword `name` out of `map`, with a warning that it is not `expected`.
fn ignore(map: &mut Mapping, name: &str, expected: &str, at: &str, cx: &mut Context, hint: &str) {
    if let Some(value) = take(map, name) {
        cx.warn(
            &pointer(at, &[name]),
            format!(
                "`{name}` is {}, not {expected}; it is ignored",
                kind_of(&value)
            ),
            hint,
        );
    }
}

/// A flag written as `"true"`/`"false"`, or as something else entirely.
fn boolean(map: &mut Mapping, name: &str, at: &str, cx: &mut Context) {
    let fixed = match map.get(name) {
        None | Some(Value::Bool(_)) => return,
        // Numeric `exclusiveMinimum` is handled as a 3.1 keyword before this.
        Some(Value::Number(_)) if name.starts_with("exclusive") => return,
        Some(Value::String(text)) if text == "true" || text == "false" => {
            Some(Value::Bool(text == "true"))
        }
        Some(_) => None,
    };
    match fixed {
        Some(flag) => {
            cx.warn(
                &pointer(at, &[name]),
                format!("`{name}` is a string; it is read as the boolean it spells"),
                format!("write `{name}: true` or `{name}: false` without quotes"),
            );
            put(map, name, flag);
        }
        None => ignore(
            map,
            name,
            "a boolean",
            at,
            cx,
            &format!("write `{name}: true` or `{name}: false`"),
        ),
    }
}

/// A length or count (`maxLength`, `minItems`, ...): a non-negative integer.
fn count_keyword(map: &mut Mapping, name: &str, at: &str, cx: &mut Context) {
    let Some(value) = map.get(name) else { return };
    if value.as_u64().is_some() {
        return;
    }
    let parsed = match value {
        Value::String(text) => text.trim().parse::<u64>().ok(),
        Value::Number(n) => n
            .as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 9.0e15)
            .map(|f| f as u64),
        _ => None,
    };
    let found = kind_of(value);
    match parsed {
        Some(count) => {
            put(map, name, Value::from(count));
            cx.warn(
                &pointer(at, &[name]),
                format!("`{name}` is not written as a whole number; it is read as {count}"),
                format!("write `{name}: {count}`"),
            );
        }
        None => {
            let shown = scalar_text(value).unwrap_or_else(|| found.to_string());
            take(map, name);
            cx.warn(
                &pointer(at, &[name]),
                format!("`{name}` is `{shown}`, not a non-negative whole number; it is ignored"),
                format!("remove `{name}` or make it a count"),
            );
        }
    }
}

/// `minimum`, `maximum`, `multipleOf`: numbers; on integer schemas, numbers a 64-bit integer
/// holds. A generated document that wrote `i64::MIN` through a double
/// (`-9223372036854776000`) gets the bound it meant.
fn number_keyword(map: &mut Mapping, name: &str, integer: bool, at: &str, cx: &mut Context) {
    let Some(value) = map.get(name) else { return };
    let number = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(text) => {
            let parsed = text.trim().parse::<f64>().ok().filter(|f| f.is_finite());
            if let Some(parsed) = parsed {
                cx.warn(
                    &pointer(at, &[name]),
                    format!("`{name}` is a string; it is read as the number {parsed}"),
                    format!("write `{name}` as a number"),
                );
            }
            parsed
        }
        _ => None,
    };
    let exact_integer = value.as_i64().is_some();
    let Some(number) = number else {
        let hint = format!("write `{name}` as a number");
        ignore(map, name, "a number", at, cx, &hint);
        return;
    };
    if !integer || exact_integer {
        if !matches!(map.get(name), Some(Value::Number(_))) {
            put(map, name, Value::from(number));
        }
        return;
    }
    if name == "multipleOf" {
        if number.fract() != 0.0 || number.abs() >= 9.2e18 || number == 0.0 {
            take(map, name);
            cx.warn(
                &pointer(at, &[name]),
                format!("`multipleOf: {number}` cannot constrain an integer; it is ignored"),
                "use a whole number",
            );
        } else {
            put(map, name, Value::from(number as i64));
        }
        return;
    }
    // `as` saturates at the ends of the range, which is the bound a 64-bit integer can hold.
    let rounded = if name == "minimum" {
        number.ceil()
    } else {
        number.floor()
    };
    let bound = rounded as i64;
    if rounded != bound as f64 || number.fract() != 0.0 || bound == i64::MIN || bound == i64::MAX {
        cx.warn(
            &pointer(at, &[name]),
            format!("`{name}: {number}` is not a 64-bit integer; it is read as {bound}"),
            format!("write `{name}: {bound}`"),
        );
    }
    put(map, name, Value::from(bound));
}

/// `description` or `title`: text. Blank text is no documentation at all.
fn text_keyword(map: &mut Mapping, name: &str, at: &str, cx: &mut Context) {
    match map.get(name) {
        None => {}
        Some(Value::String(text)) if text.trim().is_empty() => {
            take(map, name);
            cx.warn_repeated(
                &pointer(at, &[name]),
                format!("the `{name}` is empty; it is ignored"),
                format!("describe the item, or remove `{name}`"),
            );
        }
        Some(Value::String(_)) => {}
        Some(other) => match scalar_text(other) {
            Some(text) => put(map, name, Value::String(text)),
            None => {
                let hint = format!("write `{name}` as a string");
                ignore(map, name, "text", at, cx, &hint);
            }
        },
    }
}

/// Normalises the schemas inside this one.
fn children(map: &mut Mapping, at: &str, cx: &mut Context) {
    if map.get("properties").is_some_and(|p| !p.is_mapping()) {
        let hint = "map property names to schemas";
        ignore(map, "properties", "a mapping", at, cx, hint);
    }
    let mut required_flags = Vec::new();
    if let Some(Value::Mapping(properties)) = map.get_mut("properties") {
        let mut excluded = Vec::new();
        for (name, property) in properties.iter_mut() {
            let Some(name) = name.as_str() else { continue };
            let property_at = pointer(at, &["properties", name]);
            if let Value::Bool(false) = property {
                excluded.push(name.to_string());
                continue;
            }
            if let Value::Mapping(inner) = property {
                if let Some(Value::Bool(flag)) = inner.get("required") {
                    required_flags.push((name.to_string(), *flag, property_at.clone()));
                    take(inner, "required");
                }
            }
            normalize(property, &property_at, cx);
        }
        for name in excluded {
            properties.shift_remove(name.as_str());
            cx.warn(
                &pointer(at, &["properties", &name]),
                "the property's schema is `false` (it must not appear); it is left out",
                "remove the property",
            );
        }
    }
    for (name, flag, property_at) in required_flags {
        cx.warn(
            &pointer(&property_at, &["required"]),
            format!("`required: {flag}` on a property is Swagger-style; it is read as the object's `required` list"),
            "list required properties in the object's `required`",
        );
        if flag {
            let list = map
                .entry(key("required"))
                .or_insert_with(|| Value::Sequence(Vec::new()));
            if let Value::Sequence(names) = list {
                if !names.iter().any(|n| n.as_str() == Some(name.as_str())) {
                    names.push(Value::String(name));
                }
            }
        }
    }
    for single in ["items", "not", "additionalProperties"] {
        match map.get_mut(single) {
            Some(Value::Bool(_)) if single == "additionalProperties" => {}
            Some(Value::String(text))
                if single == "additionalProperties" && (text == "true" || text == "false") =>
            {
                let flag = text == "true";
                put(map, single, Value::Bool(flag));
                cx.warn(
                    &pointer(at, &[single]),
                    "`additionalProperties` is a string; it is read as the boolean it spells",
                    "write `additionalProperties: true` without quotes",
                );
            }
            Some(child @ (Value::Mapping(_) | Value::Bool(_))) => {
                normalize(child, &pointer(at, &[single]), cx)
            }
            Some(_) => ignore(map, single, "a schema", at, cx, "write a schema"),
            None => {}
        }
    }
    for list in ["allOf", "oneOf", "anyOf"] {
        match map.get_mut(list) {
            None => {}
            Some(Value::Sequence(items)) => {
                for (index, item) in items.iter_mut().enumerate() {
                    normalize(item, &pointer(at, &[list, &index.to_string()]), cx);
                }
            }
            Some(Value::Mapping(_)) => {
                if let Some(single) = take(map, list) {
                    cx.warn(
                        &pointer(at, &[list]),
                        format!("`{list}` is a single schema; it is read as a list of it"),
                        format!("write `{list}` as a list"),
                    );
                    cx.origin
                        .record(pointer(at, &[list, "0"]), pointer(at, &[list]));
                    let mut items = vec![single];
                    normalize(&mut items[0], &pointer(at, &[list, "0"]), cx);
                    put(map, list, Value::Sequence(items));
                }
            }
            Some(_) => {
                let hint = format!("write `{list}` as a list of schemas");
                ignore(map, list, "a list of schemas", at, cx, &hint);
            }
        }
    }
}
