//! The document around the schemas: OpenAPI 3.1's document-level changes, `$defs`, and the
//! small flaws of real documents that have one safe reading.

use super::tree::{key, kind_of, put, scalar_text, str_at, take};
use super::{schema, Context, SpecVersion};
use crate::diagnostics::{escape_token, pointer};
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The HTTP methods of a path item that the later stages read.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Brings a (converted) document into the OpenAPI 3.0 shape, repairing what can be repaired.
pub fn normalize(root: &mut Value, version: SpecVersion, cx: &mut Context) {
    hoist_parameter_references(root, cx);
    let Value::Mapping(map) = root else { return };
    if version == SpecVersion::OpenApi31 {
        openapi31(map, cx);
    }
    put(map, "openapi", key("3.0.3"));
    info(map, cx);
    if !map.contains_key("paths") {
        if version != SpecVersion::OpenApi31 {
            cx.warn("#", "the document has no `paths`", "add `paths: {}`");
        }
        put(map, "paths", Value::Mapping(Mapping::new()));
    }
    // Parameters and responses first: what they leave out shifts the pointers that the
    // schema warnings are given at.
    operations(map, cx);
    security(map, cx);
    servers(map, cx);
    hoist_definitions(root, cx);
    hoist_deep_references(root, cx);
    let mut at = String::from("#");
    schemas(root, &mut at, cx);
}

/// Webhooks, `components/pathItems`, `info.summary`, `license.identifier`; 3.2's extra methods.
fn openapi31(map: &mut Mapping, cx: &mut Context) {
    if let Some(Value::Mapping(webhooks)) = take(map, "webhooks") {
        let names: Vec<&str> = webhooks.keys().filter_map(Value::as_str).collect();
        cx.warn(
            "#/webhooks",
            format!(
                "webhooks ({}) are requests the API sends, not calls a client makes; they are not generated",
                names.join(", ")
            ),
            "describe the payloads under `components/schemas` to get their types",
        );
    }
    take(map, "jsonSchemaDialect");
    if let Some(Value::Mapping(info)) = map.get_mut("info") {
        if !info.contains_key("description") {
            if let Some(summary) = info.get("summary").cloned() {
                put(info, "description", summary);
            }
        }
        // The SPDX identifier is what a crate's `license` field wants; the name is for people.
        if let Some(Value::Mapping(license)) = info.get_mut("license") {
            if let Some(identifier) = license.get("identifier").cloned() {
                put(license, "name", identifier);
            }
        }
    }
    let path_items = match map.get_mut("components") {
        Some(Value::Mapping(components)) => match take(components, "pathItems") {
            Some(Value::Mapping(items)) => items,
            _ => Mapping::new(),
        },
        _ => Mapping::new(),
    };
    let Some(Value::Mapping(paths)) = map.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(path) = path.as_str() else { continue };
        let item_at = pointer("#/paths", &[path]);
        let target = match item {
            Value::Mapping(item) => str_at(item, "$ref").map(str::to_string),
            _ => None,
        };
        if let Some(target) = target {
            let name = target.strip_prefix("#/components/pathItems/");
            match name.and_then(|name| path_items.get(unescape(name).as_str())) {
                Some(found) => {
                    cx.origin.record(
                        item_at.clone(),
                        pointer(
                            "#/components/pathItems",
                            &[&unescape(name.unwrap_or_default())],
                        ),
                    );
                    *item = found.clone();
                }
                None if target.starts_with("#/components/pathItems/") => cx.warn(
                    &item_at,
                    format!(
                        "`$ref: {target}` points to nothing in this document; the path is left out"
                    ),
                    "define the path item under `components/pathItems`",
                ),
                None => {}
            }
        }
        if let Value::Mapping(item) = item {
            for extra in ["query", "additionalOperations"] {
                if take(item, extra).is_some() {
                    cx.warn(
                        &pointer(&item_at, &[extra]),
                        format!("`{extra}` (OpenAPI 3.2) is not generated"),
                        "describe the operation with one of the HTTP methods of OpenAPI 3.1",
                    );
                }
            }
        }
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// `info` with a title and a version, both strings.
fn info(map: &mut Mapping, cx: &mut Context) {
    if !matches!(map.get("info"), Some(Value::Mapping(_))) {
        cx.warn(
            "#/info",
            "the document has no `info`; the API is called `API`, version `0.0.0`",
            "add `info: {title: ..., version: ...}`",
        );
        put(map, "info", Value::Mapping(Mapping::new()));
    }
    let Some(Value::Mapping(info)) = map.get_mut("info") else {
        return;
    };
    for (field, fallback) in [("title", "API"), ("version", "0.0.0")] {
        let at = pointer("#/info", &[field]);
        match info.get(field) {
            Some(Value::String(_)) => {}
            Some(other) => match scalar_text(other) {
                Some(text) => {
                    cx.warn(
                        &at,
                        format!(
                            "`{field}` is {}; it is read as the text `{text}`",
                            kind_of(other)
                        ),
                        format!("quote it: {field}: \"{text}\""),
                    );
                    put(info, field, Value::String(text));
                }
                None => {
                    cx.warn(
                        &at,
                        format!("`{field}` is {}; `{fallback}` is used", kind_of(other)),
                        "write it as a string",
                    );
                    put(info, field, key(fallback));
                }
            },
            None => {
                cx.warn(
                    &at,
                    format!("`info` has no `{field}`; `{fallback}` is used"),
                    format!("add `{field}`"),
                );
                put(info, field, key(fallback));
            }
        }
    }
    if let Some(Value::String(description)) = info.get("description") {
        if description.trim().is_empty() {
            take(info, "description");
        }
    }
    if let Some(Value::Mapping(license)) = info.get("license") {
        if !license.get("name").is_some_and(Value::is_string) {
            take(info, "license");
            cx.warn(
                "#/info/license",
                "the license has no `name`; it is left out",
                "add `name`",
            );
        }
    }
}

/// Moves every `$defs` entry of every schema to `components/schemas`, renaming on collision,
/// and points the references to them at their new place.
fn hoist_definitions(root: &mut Value, cx: &mut Context) {
    let mut found = Vec::new();
    let mut at = String::from("#");
    visit_schemas(root, &mut at, &mut |schema, at| {
        collect_definitions(schema, at, &mut found)
    });
    if found.is_empty() {
        return;
    }
    let Some(schemas) = component_schemas(root) else {
        return;
    };
    let mut renamed = BTreeMap::new();
    let mut short: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_name = BTreeMap::new();
    for (origin, name, definition) in found {
        let unique = unique_name(schemas, &name);
        let target = pointer("#/components/schemas", &[&unique]);
        cx.origin.record(target.clone(), origin.clone());
        *short
            .entry(format!("#/$defs/{}", escape_token(&name)))
            .or_default() += 1;
        renamed.insert(origin, target.clone());
        by_name.insert(format!("#/$defs/{}", escape_token(&name)), target);
        put(schemas, &unique, definition);
    }
    // `#/$defs/Name` is how a schema embedded from a standalone JSON Schema refers to its own
    // definitions; the document has no root `$defs`, so a name defined once means that one.
    for (reference, count) in short {
        if count == 1 && !renamed.contains_key(&reference) {
            if let Some(target) = by_name.remove(&reference) {
                renamed.insert(reference, target);
            }
        }
    }
    rewrite_references(root, &renamed);
}

/// Parameters that refer to a parameter of another path or operation
/// (`$ref: '#/paths/~1a~1{id}/parameters/0'`) instead of a `components/parameters` entry: the
/// target is copied there, under a name of its own, and the references point at the copy.
fn hoist_parameter_references(root: &mut Value, cx: &mut Context) {
    let Some(Value::Mapping(paths)) = root.get("paths") else {
        return;
    };
    let mut targets = BTreeSet::new();
    for item in paths.values().filter_map(Value::as_mapping) {
        let lists = std::iter::once(item.get("parameters")).chain(
            METHODS
                .iter()
                .map(|method| item.get(*method).and_then(|op| op.get("parameters"))),
        );
        for list in lists.flatten().filter_map(Value::as_sequence) {
            for target in list.iter().filter_map(|p| p.get("$ref")?.as_str()) {
                if target.starts_with("#/paths/") {
                    targets.insert(target.to_string());
                }
            }
        }
    }
    let copies: Vec<(String, Value)> = targets
        .into_iter()
        .filter_map(|target| {
            let found = resolve_pointer(root, &target)?;
            found.is_mapping().then(|| (target.clone(), found.clone()))
        })
        .collect();
    if copies.is_empty() {
        return;
    }
    let Value::Mapping(map) = root else { return };
    let components = map
        .entry(key("components"))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    let Value::Mapping(components) = components else {
        return;
    };
    let parameters = components
        .entry(key("parameters"))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    let Value::Mapping(parameters) = parameters else {
        return;
    };
    let mut renamed = BTreeMap::new();
    for (target, copy) in copies {
        let base = copy
            .get("name")
            .and_then(Value::as_str)
            .map_or_else(|| name_for_pointer(&target), str::to_string);
        let name = unique_name(parameters, &base);
        let new = pointer("#/components/parameters", &[&name]);
        cx.origin.record(new.clone(), target.clone());
        put(parameters, &name, copy);
        renamed.insert(target, new);
    }
    if let Some(paths) = map.get_mut("paths") {
        rewrite_references(paths, &renamed);
    }
}

/// Rounds of [`hoist_deep_references`]: a copied schema may itself refer deep into another.
const HOIST_ROUNDS: usize = 8;

/// Schema references to a place other than a `components/schemas` entry
/// (`#/components/schemas/Tag/allOf/0`, `#/components/parameters/kind/schema`) get a copy of
/// their target under `components/schemas`, so they can be named types.
fn hoist_deep_references(root: &mut Value, cx: &mut Context) {
    for _ in 0..HOIST_ROUNDS {
        let mut targets = BTreeSet::new();
        let mut at = String::from("#");
        visit_schemas(root, &mut at, &mut |schema, _| {
            if let Value::Mapping(map) = schema {
                if let Some(target) = str_at(map, "$ref") {
                    if is_deep_local_reference(target) {
                        targets.insert(target.to_string());
                    }
                }
            }
        });
        let mut copies = Vec::new();
        for target in targets {
            if let Some(found) = resolve_pointer(root, &target) {
                if found.is_mapping() || found.is_bool() {
                    copies.push((target, found.clone()));
                }
            }
        }
        if copies.is_empty() {
            return;
        }
        let Some(schemas) = component_schemas(root) else {
            return;
        };
        let mut renamed = BTreeMap::new();
        for (target, copy) in copies {
            let name = unique_name(schemas, &name_for_pointer(&target));
            let new = pointer("#/components/schemas", &[&name]);
            cx.origin.record(new.clone(), target.clone());
            put(schemas, &name, copy);
            renamed.insert(target, new);
        }
        rewrite_references(root, &renamed);
    }
}

/// Whether `target` is a local pointer to a schema that is not simply
/// `#/components/schemas/Name`: one inside a component schema, or below some `schema`
/// keyword. (A pointer to a parameter or a response is a mistake the lowering reports.)
fn is_deep_local_reference(target: &str) -> bool {
    let Some(rest) = target.strip_prefix("#/") else {
        return false;
    };
    match rest.strip_prefix("components/schemas/") {
        Some(name) => name.contains('/'),
        None => rest.split('/').any(|token| token == "schema"),
    }
}

/// The node a local JSON pointer (`#/a/b~1c/0`, percent-encoding allowed) names.
fn resolve_pointer<'a>(root: &'a Value, target: &str) -> Option<&'a Value> {
    let mut node = root;
    for token in target.strip_prefix("#/")?.split('/') {
        let token = unescape(&percent_decode(token));
        node = match node {
            Value::Mapping(map) => map.get(token.as_str())?,
            Value::Sequence(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

fn percent_decode(token: &str) -> String {
    if !token.contains('%') {
        return token.to_string();
    }
    let bytes = token.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A component name for the schema at a pointer: its named tokens, without the structural
/// keywords between them (`#/components/parameters/kind/schema` gives `kind`).
fn name_for_pointer(target: &str) -> String {
    const STRUCTURAL: &[&str] = &[
        "components",
        "schemas",
        "parameters",
        "responses",
        "requestBodies",
        "headers",
        "paths",
        "content",
        "schema",
        "properties",
        "items",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "additionalProperties",
        "application~1json",
    ];
    let tokens: Vec<String> = target
        .trim_start_matches("#/")
        .split('/')
        .filter(|t| !STRUCTURAL.contains(t))
        .map(|t| {
            // A name for a component, so without the `/` and `~` a pointer would escape.
            let token = unescape(&percent_decode(t));
            let plain: String = token
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect();
            plain.trim_matches('_').to_string()
        })
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() {
        "Schema".to_string()
    } else {
        tokens.join("_")
    }
}

/// The `components/schemas` mapping, created when missing.
fn component_schemas(root: &mut Value) -> Option<&mut Mapping> {
    let Value::Mapping(map) = root else {
        return None;
    };
    let components = map
        .entry(key("components"))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    let Value::Mapping(components) = components else {
        return None;
    };
    let schemas = components
        .entry(key("schemas"))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    match schemas {
        Value::Mapping(schemas) => Some(schemas),
        _ => None,
    }
}

/// `name`, or `name2`, `name3`, ... when taken.
fn unique_name(schemas: &Mapping, name: &str) -> String {
    let mut unique = name.to_string();
    let mut counter = 2;
    while schemas.contains_key(unique.as_str()) {
        unique = format!("{name}{counter}");
        counter += 1;
    }
    unique
}

/// Takes the `$defs` (and draft-7 `definitions`) out of one schema, innermost first.
fn collect_definitions(schema: &mut Value, at: &str, found: &mut Vec<(String, String, Value)>) {
    let Value::Mapping(map) = schema else { return };
    for keyword in ["$defs", "definitions"] {
        let Some(Value::Mapping(definitions)) = take(map, keyword) else {
            continue;
        };
        for (name, mut definition) in definitions {
            let Some(name) = name.as_str().map(str::to_string) else {
                continue;
            };
            let definition_at = pointer(at, &[keyword, &name]);
            let mut inner = definition_at.clone();
            visit_schema_tree(&mut definition, &mut inner, &mut |schema, at| {
                collect_definitions(schema, at, found)
            });
            found.push((definition_at, name, definition));
        }
    }
}

/// Replaces every `$ref` whose target is a key of `renamed`.
fn rewrite_references(value: &mut Value, renamed: &BTreeMap<String, String>) {
    match value {
        Value::Mapping(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref") {
                if let Some(new) = renamed.get(target.as_str()) {
                    *target = new.clone();
                }
            }
            for child in map.values_mut() {
                rewrite_references(child, renamed);
            }
        }
        Value::Sequence(items) => items
            .iter_mut()
            .for_each(|item| rewrite_references(item, renamed)),
        _ => {}
    }
}

/// Normalises every schema of the document.
fn schemas(root: &mut Value, at: &mut String, cx: &mut Context) {
    visit_document(root, at, &mut |schema, at| {
        schema::normalize(schema, at, cx)
    });
}

/// Calls `visit` on every top-level schema of the document: `components/schemas` entries and
/// every `schema` of a parameter, header or media type.
fn visit_document(value: &mut Value, at: &mut String, visit: &mut dyn FnMut(&mut Value, &str)) {
    match value {
        Value::Mapping(map) => {
            for (name, child) in map.iter_mut() {
                let Some(name) = name.as_str() else { continue };
                if name == "example"
                    || name == "examples"
                    || name == "links"
                    || name.starts_with("x-")
                {
                    continue;
                }
                let length = at.len();
                at.push('/');
                at.push_str(&escape_token(name));
                if name == "schema" {
                    visit(child, at);
                } else if name == "schemas" && at.as_str() == "#/components/schemas" {
                    if let Value::Mapping(schemas) = child {
                        for (schema_name, schema) in schemas.iter_mut() {
                            let Some(schema_name) = schema_name.as_str() else {
                                continue;
                            };
                            visit(schema, &pointer(at, &[schema_name]));
                        }
                    }
                } else {
                    visit_document(child, at, visit);
                }
                at.truncate(length);
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                let length = at.len();
                at.push('/');
                at.push_str(&index.to_string());
                visit_document(item, at, visit);
                at.truncate(length);
            }
        }
        _ => {}
    }
}

/// Calls `visit` on every schema of the document, nested ones included, outermost first.
fn visit_schemas(root: &mut Value, at: &mut String, visit: &mut dyn FnMut(&mut Value, &str)) {
    visit_document(root, at, &mut |schema, at| {
        let mut inner = at.to_string();
        visit_schema_tree(schema, &mut inner, visit);
    });
}

/// Keywords whose value is one schema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "items",
    "not",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
];
/// Keywords whose value is a list of schemas.
const SCHEMA_LIST_KEYWORDS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];
/// Keywords whose value maps names to schemas.
const SCHEMA_MAP_KEYWORDS: &[&str] = &["properties", "patternProperties", "dependentSchemas"];

/// Calls `visit` on `schema` and then on every schema inside it.
pub fn visit_schema_tree(
    schema: &mut Value,
    at: &mut String,
    visit: &mut dyn FnMut(&mut Value, &str),
) {
    visit(schema, at);
    let Value::Mapping(map) = schema else { return };
    for (name, child) in map.iter_mut() {
        let Some(name) = name.as_str() else { continue };
        let length = at.len();
        at.push('/');
        at.push_str(&escape_token(name));
        if SCHEMA_KEYWORDS.contains(&name) {
            visit_schema_tree(child, at, visit);
        } else if SCHEMA_LIST_KEYWORDS.contains(&name) || (name == "items" && child.is_sequence()) {
            if let Value::Sequence(items) = child {
                for (index, item) in items.iter_mut().enumerate() {
                    let inner = at.len();
                    at.push('/');
                    at.push_str(&index.to_string());
                    visit_schema_tree(item, at, visit);
                    at.truncate(inner);
                }
            }
        } else if SCHEMA_MAP_KEYWORDS.contains(&name) {
            if let Value::Mapping(entries) = child {
                for (entry, item) in entries.iter_mut() {
                    let Some(entry) = entry.as_str() else {
                        continue;
                    };
                    let inner = at.len();
                    at.push('/');
                    at.push_str(&escape_token(entry));
                    visit_schema_tree(item, at, visit);
                    at.truncate(inner);
                }
            }
        }
        at.truncate(length);
    }
}

/// Parameters, request bodies and responses, in operations and in `components`.
fn operations(map: &mut Mapping, cx: &mut Context) {
    if let Some(Value::Mapping(paths)) = map.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let (Some(path), Value::Mapping(item)) = (path.as_str(), item) else {
                continue;
            };
            let item_at = pointer("#/paths", &[path]);
            parameter_list(item, &item_at, cx);
            for method in METHODS {
                let Some(Value::Mapping(operation)) = item.get_mut(*method) else {
                    continue;
                };
                let at = pointer(&item_at, &[method]);
                parameter_list(operation, &at, cx);
                match operation.get_mut("responses") {
                    Some(Value::Mapping(responses)) => {
                        response_map(responses, &pointer(&at, &["responses"]), cx)
                    }
                    _ => {
                        cx.warn(
                            &at,
                            "the operation has no `responses`; it is generated without a result",
                            "list the responses the operation returns",
                        );
                        put(operation, "responses", Value::Mapping(Mapping::new()));
                    }
                }
            }
        }
    }
    let Some(Value::Mapping(components)) = map.get_mut("components") else {
        return;
    };
    if let Some(Value::Mapping(parameters)) = components.get_mut("parameters") {
        let mut broken = Vec::new();
        for (name, parameter) in parameters.iter_mut() {
            let Some(name) = name.as_str() else { continue };
            if !repair_parameter(parameter, &pointer("#/components/parameters", &[name]), cx) {
                broken.push(name.to_string());
            }
        }
        for name in broken {
            parameters.shift_remove(name.as_str());
        }
    }
    if let Some(Value::Mapping(responses)) = components.get_mut("responses") {
        for (name, response) in responses.iter_mut() {
            let Some(name) = name.as_str() else { continue };
            repair_response(response, &pointer("#/components/responses", &[name]), cx);
        }
    }
}

/// The `parameters` of a path item or operation; unusable ones are left out.
fn parameter_list(owner: &mut Mapping, at: &str, cx: &mut Context) {
    let Some(Value::Sequence(parameters)) = owner.get_mut("parameters") else {
        return;
    };
    let mut index = 0;
    let mut original = 0;
    while index < parameters.len() {
        let parameter_at = pointer(at, &["parameters", &original.to_string()]);
        if index != original {
            cx.origin.record(
                pointer(at, &["parameters", &index.to_string()]),
                parameter_at.clone(),
            );
        }
        if repair_parameter(&mut parameters[index], &parameter_at, cx) {
            index += 1;
        } else {
            parameters.remove(index);
        }
        original += 1;
    }
}

/// Repairs a parameter in place; `false` when it cannot be used and is left out. `at` is its
/// pointer in the original document (removals shift the later parameters' places).
fn repair_parameter(parameter: &mut Value, at: &str, cx: &mut Context) -> bool {
    let Value::Mapping(map) = parameter else {
        return true;
    };
    if map.contains_key("$ref") {
        return true;
    }
    let Some(name) = str_at(map, "name").map(str::to_string) else {
        cx.warn_original(
            at,
            "the parameter has no `name`; it is left out",
            "name the parameter",
        );
        return false;
    };
    match str_at(map, "in") {
        Some("path" | "query" | "header" | "cookie") => {}
        other => {
            let location = other.map_or("no location".to_string(), |l| format!("`in: {l}`"));
            cx.warn_original(
                at,
                format!("parameter `{name}` has {location}, which OpenAPI 3 does not have; it is left out"),
                "use `in: path`, `query`, `header` or `cookie`, or a `requestBody`",
            );
            return false;
        }
    }
    if let Some(Value::String(required)) = map.get("required") {
        let flag = required == "true";
        put(map, "required", Value::Bool(flag));
        cx.warn_original(
            &pointer(at, &["required"]),
            "`required` is a string; it is read as the boolean it spells",
            "write `required: true` without quotes",
        );
    }
    if !map.contains_key("schema") && !map.contains_key("content") {
        let mut schema = Mapping::new();
        for keyword in [
            "type",
            "format",
            "items",
            "enum",
            "default",
            "minimum",
            "maximum",
            "pattern",
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
        ] {
            if let Some(value) = take(map, keyword) {
                put(&mut schema, keyword, value);
            }
        }
        if schema.is_empty() {
            cx.warn_original(
                at,
                format!("parameter `{name}` has neither `schema` nor `content`; it is typed as a string"),
                "add `schema: {type: string}`",
            );
            put(&mut schema, "type", key("string"));
        } else {
            cx.warn_original(
                at,
                format!("parameter `{name}` has its type beside it (Swagger 2.0's form); it is read as its `schema`"),
                "move `type` and the keywords that go with it into `schema`",
            );
            cx.origin.record(pointer(at, &["schema"]), at.to_string());
        }
        put(map, "schema", Value::Mapping(schema));
    }
    true
}

/// The responses of an operation: keys that are no status code are left out.
fn response_map(responses: &mut Mapping, at: &str, cx: &mut Context) {
    let mut wrong = Vec::new();
    for (code, response) in responses.iter_mut() {
        let Some(code) = code.as_str() else { continue };
        if !is_status_key(code) {
            if !code.starts_with("x-") {
                wrong.push(code.to_string());
            }
            continue;
        }
        repair_response(response, &pointer(at, &[code]), cx);
    }
    for code in wrong {
        responses.shift_remove(code.as_str());
        cx.warn(
            &pointer(at, &[&code]),
            format!("`{code}` is not a status code; the response is left out"),
            "use a code such as `200`, a range such as `2XX`, or `default`",
        );
    }
}

fn is_status_key(code: &str) -> bool {
    let bytes = code.as_bytes();
    code == "default"
        || (bytes.len() == 3
            && (b'1'..=b'5').contains(&bytes[0])
            && (bytes[1..].iter().all(u8::is_ascii_digit)
                || bytes[1..].eq_ignore_ascii_case(b"XX")))
}

/// A response needs a description (OpenAPI 3.0 requires one).
fn repair_response(response: &mut Value, at: &str, cx: &mut Context) {
    let Value::Mapping(map) = response else {
        return;
    };
    if map.contains_key("$ref") || map.get("description").is_some_and(Value::is_string) {
        return;
    }
    let text = map
        .get("description")
        .and_then(scalar_text)
        .unwrap_or_default();
    if text.is_empty() {
        cx.warn(
            at,
            "the response has no `description`",
            "describe the response; OpenAPI requires it",
        );
    }
    put(map, "description", Value::String(text));
}

/// Security schemes of an unknown type, or without the fields their type needs, are skipped,
/// and requirements stop naming them.
fn security(map: &mut Mapping, cx: &mut Context) {
    let mut skipped = BTreeSet::new();
    if let Some(Value::Mapping(components)) = map.get_mut("components") {
        if let Some(Value::Mapping(schemes)) = components.get_mut("securitySchemes") {
            for (name, scheme) in schemes.iter_mut() {
                let Some(name) = name.as_str() else { continue };
                let at = pointer("#/components/securitySchemes", &[name]);
                if let Some(problem) = repair_scheme(scheme, &at, cx) {
                    cx.warn(
                        &at,
                        format!("security scheme `{name}` {problem}; it is skipped"),
                        "use `type: http` (basic or bearer), `apiKey`, `oauth2` or `openIdConnect` with their fields",
                    );
                    skipped.insert(name.to_string());
                }
            }
            for name in &skipped {
                schemes.shift_remove(name.as_str());
            }
        }
    }
    if skipped.is_empty() {
        return;
    }
    strip_requirements(map.get_mut("security"), &skipped);
    if let Some(Value::Mapping(paths)) = map.get_mut("paths") {
        for item in paths.values_mut() {
            let Value::Mapping(item) = item else { continue };
            for method in METHODS {
                if let Some(Value::Mapping(operation)) = item.get_mut(*method) {
                    strip_requirements(operation.get_mut("security"), &skipped);
                }
            }
        }
    }
}

/// What is wrong with a security scheme that cannot be used, after repairing what can be.
fn repair_scheme(scheme: &mut Value, at: &str, cx: &mut Context) -> Option<String> {
    let Value::Mapping(map) = scheme else {
        return Some(format!("is {}", kind_of(scheme)));
    };
    if map.contains_key("$ref") {
        return None;
    }
    let ty = str_at(map, "type").map(str::to_string);
    let required: &[&str] = match ty.as_deref() {
        Some("apiKey") => &["name", "in"],
        Some("http") => &["scheme"],
        Some("oauth2") => &["flows"],
        Some("openIdConnect") => &["openIdConnectUrl"],
        Some("basic") => {
            cx.warn(
                &pointer(at, &["type"]),
                "`type: basic` is Swagger 2.0's; it is read as `type: http, scheme: basic`",
                "write `type: http` and `scheme: basic`",
            );
            put(map, "type", key("http"));
            put(map, "scheme", key("basic"));
            return None;
        }
        Some("mutualTLS") => {
            return Some("uses mutual TLS, which the client does not configure".into())
        }
        Some(other) => return Some(format!("has the unknown type `{other}`")),
        None => return Some("has no `type`".into()),
    };
    if let Some(missing) = required
        .iter()
        .find(|field| !map.get(**field).is_some_and(|v| !v.is_null()))
    {
        return Some(format!("has no `{missing}`"));
    }
    if ty.as_deref() == Some("apiKey")
        && !matches!(str_at(map, "in"), Some("query" | "header" | "cookie"))
    {
        return Some("sends its key somewhere other than a query, header or cookie".into());
    }
    None
}

/// Removes skipped schemes from each alternative of a requirement list; an alternative left
/// empty is dropped unless that would leave none (which would mean "no credentials").
fn strip_requirements(security: Option<&mut Value>, skipped: &BTreeSet<String>) {
    let Some(Value::Sequence(alternatives)) = security else {
        return;
    };
    let stripped: Vec<Value> = alternatives
        .iter()
        .filter_map(|alternative| {
            let Value::Mapping(names) = alternative else {
                return Some(alternative.clone());
            };
            if names.is_empty() {
                return Some(alternative.clone());
            }
            let mut kept = names.clone();
            kept.retain(|name, _| !name.as_str().is_some_and(|n| skipped.contains(n)));
            (!kept.is_empty()).then_some(Value::Mapping(kept))
        })
        .collect();
    if !stripped.is_empty() {
        *alternatives = stripped;
    }
}

/// Servers need a URL.
fn servers(map: &mut Mapping, cx: &mut Context) {
    let Some(Value::Sequence(servers)) = map.get_mut("servers") else {
        return;
    };
    let before = servers.len();
    servers
        .retain(|server| str_at(server.as_mapping().unwrap_or(&Mapping::new()), "url").is_some());
    if servers.len() != before {
        cx.warn(
            "#/servers",
            "a server has no `url`; it is left out",
            "give every server a `url`",
        );
    }
}
