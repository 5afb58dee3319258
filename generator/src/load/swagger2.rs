//! Swagger 2.0 converted to the OpenAPI 3.0 model.
//!
//! `definitions`, `parameters`, `responses` and `securityDefinitions` move under `components`;
//! `in: body` and `in: formData` parameters become a `requestBody` (urlencoded, or multipart
//! when a part is a file); `consumes`/`produces` become the media types of bodies and
//! responses; `host`, `basePath` and `schemes` become the servers; `collectionFormat` becomes
//! a parameter style. Every moved node is recorded in the [`Context`]'s origin, so diagnostics
//! point into the 2.0 document.

use super::document::{visit_schema_tree, METHODS};
use super::tree::{key, kind_of, mapping, put, str_at, take};
use super::Context;
use crate::diagnostics::pointer;
use serde_yaml::{Mapping, Value};

/// The media type Swagger 2.0 assumes when a document lists none.
const JSON: &str = "application/json";

/// What every operation inherits from the document.
struct Globals {
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The document's `parameters` section, for resolving `#/parameters/...` references.
    parameters: Mapping,
    /// The document's `schemes`.
    schemes: Vec<String>,
}

/// Converts a Swagger 2.0 document (a mapping with `swagger: "2.0"`) to OpenAPI 3.0.
pub fn convert(value: Value, cx: &mut Context) -> Value {
    let Value::Mapping(mut doc) = value else {
        return value;
    };
    let mut out = Mapping::new();
    put(&mut out, "openapi", key("3.0.3"));
    for field in ["info", "tags", "externalDocs"] {
        if let Some(value) = take(&mut doc, field) {
            put(&mut out, field, value);
        }
    }
    let schemes: Vec<String> = match doc.get("schemes") {
        Some(Value::Sequence(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    let servers = servers(&mut doc, cx);
    if !servers.is_empty() {
        put(&mut out, "servers", Value::Sequence(servers));
    }
    let globals = Globals {
        consumes: media_types(&mut doc, "consumes", "#/consumes", cx),
        produces: media_types(&mut doc, "produces", "#/produces", cx),
        parameters: match doc.get("parameters") {
            Some(Value::Mapping(parameters)) => parameters.clone(),
            _ => Mapping::new(),
        },
        schemes,
    };
    let paths = match take(&mut doc, "paths") {
        Some(Value::Mapping(paths)) => paths,
        _ => Mapping::new(),
    };
    put(
        &mut out,
        "paths",
        Value::Mapping(convert_paths(paths, &globals, cx)),
    );
    let components = components(&mut doc, &globals, cx);
    if !components.is_empty() {
        put(&mut out, "components", Value::Mapping(components));
    }
    if let Some(security) = take(&mut doc, "security") {
        put(&mut out, "security", security);
    }
    for (name, value) in doc {
        if name.as_str().is_some_and(|n| n.starts_with("x-")) {
            out.insert(name, value);
        }
    }
    let mut out = Value::Mapping(out);
    rewrite_references(&mut out);
    out
}

/// `host` + `basePath` + each of `schemes` (https when none is given) as server URLs.
fn servers(doc: &mut Mapping, cx: &mut Context) -> Vec<Value> {
    let host = take(doc, "host");
    let base_path = take(doc, "basePath");
    let schemes = take(doc, "schemes");
    let host = host
        .as_ref()
        .and_then(Value::as_str)
        .map(|h| h.trim_end_matches('/'));
    let base_path = base_path
        .as_ref()
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end_matches('/');
    let mut schemes: Vec<&str> = match &schemes {
        Some(Value::Sequence(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    // Secure first: a client should not pick plain HTTP when the API offers both.
    schemes.retain(|s| matches!(*s, "https" | "http"));
    schemes.sort_unstable_by_key(|s| *s != "https");
    if schemes.is_empty() {
        schemes.push("https");
    }
    let url = |url: String| mapping([("url", Value::String(url))]);
    match host {
        Some(host) if !host.is_empty() => schemes
            .iter()
            .map(|scheme| url(format!("{scheme}://{host}{base_path}")))
            .collect(),
        _ if !base_path.is_empty() => {
            cx.warn(
                "#/basePath",
                "the document has no `host`; the base path alone is the server URL",
                "add `host`, or give the client its base URL when building it",
            );
            vec![url(base_path.to_string())]
        }
        _ => Vec::new(),
    }
}

/// A `consumes`/`produces` list; JSON when absent.
fn media_types(owner: &mut Mapping, field: &str, at: &str, cx: &mut Context) -> Vec<String> {
    match take(owner, field) {
        None => Vec::new(),
        Some(Value::Sequence(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Some(Value::String(single)) => vec![single],
        Some(other) => {
            cx.warn(
                at,
                format!(
                    "`{field}` is {}, not a list of media types; it is ignored",
                    kind_of(&other)
                ),
                format!("list media types, e.g. `{field}: [{JSON}]`"),
            );
            Vec::new()
        }
    }
}

/// `definitions`, non-body `parameters`, `responses` and `securityDefinitions`.
fn components(doc: &mut Mapping, globals: &Globals, cx: &mut Context) -> Mapping {
    let mut components = Mapping::new();
    if let Some(Value::Mapping(mut definitions)) = take(doc, "definitions") {
        for (name, schema) in definitions.iter_mut() {
            let Some(name) = name.as_str() else { continue };
            cx.origin.record(
                pointer("#/components/schemas", &[name]),
                pointer("#/definitions", &[name]),
            );
            schema_2_0(schema);
        }
        put(&mut components, "schemas", Value::Mapping(definitions));
    }
    let mut parameters = Mapping::new();
    for (name, parameter) in &globals.parameters {
        let (Some(name), Value::Mapping(parameter)) = (name.as_str(), parameter) else {
            continue;
        };
        // Body and form parameters are copied into each operation that refers to them.
        if matches!(str_at(parameter, "in"), Some("body" | "formData")) {
            continue;
        }
        let at = pointer("#/components/parameters", &[name]);
        let original = pointer("#/parameters", &[name]);
        parameters.insert(key(name), plain_parameter(parameter, &at, &original, cx));
    }
    if !parameters.is_empty() {
        put(&mut components, "parameters", Value::Mapping(parameters));
    }
    take(doc, "parameters");
    if let Some(Value::Mapping(responses)) = take(doc, "responses") {
        let mut converted = Mapping::new();
        for (name, response) in responses {
            let Some(name) = name.as_str().map(str::to_string) else {
                continue;
            };
            let at = pointer("#/components/responses", &[&name]);
            let original = pointer("#/responses", &[&name]);
            cx.origin.record(at.clone(), original.clone());
            converted.insert(
                key(&name),
                convert_response(response, &globals.produces, &at, &original, cx),
            );
        }
        put(&mut components, "responses", Value::Mapping(converted));
    }
    if let Some(Value::Mapping(definitions)) = take(doc, "securityDefinitions") {
        let mut schemes = Mapping::new();
        for (name, scheme) in definitions {
            let Some(name) = name.as_str().map(str::to_string) else {
                continue;
            };
            cx.origin.record(
                pointer("#/components/securitySchemes", &[&name]),
                pointer("#/securityDefinitions", &[&name]),
            );
            schemes.insert(key(&name), security_scheme(scheme));
        }
        put(&mut components, "securitySchemes", Value::Mapping(schemes));
    }
    components
}

/// A 2.0 security definition as a 3.0 security scheme; unknown types stay as they are (the
/// document stage then skips them with a warning).
fn security_scheme(scheme: Value) -> Value {
    let Value::Mapping(mut map) = scheme else {
        return scheme;
    };
    match str_at(&map, "type") {
        Some("basic") => {
            put(&mut map, "type", key("http"));
            put(&mut map, "scheme", key("basic"));
        }
        Some("oauth2") => {
            let flow = take(&mut map, "flow");
            let mut details = Mapping::new();
            for field in ["authorizationUrl", "tokenUrl", "refreshUrl"] {
                if let Some(value) = take(&mut map, field) {
                    put(&mut details, field, value);
                }
            }
            let scopes = take(&mut map, "scopes").unwrap_or(Value::Mapping(Mapping::new()));
            put(&mut details, "scopes", scopes);
            let name = match flow.as_ref().and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                _ => "authorizationCode",
            };
            put(
                &mut map,
                "flows",
                mapping([(name, Value::Mapping(details))]),
            );
        }
        _ => {}
    }
    Value::Mapping(map)
}

fn convert_paths(paths: Mapping, globals: &Globals, cx: &mut Context) -> Mapping {
    let mut out = Mapping::new();
    for (path, item) in paths {
        let (Some(path), Value::Mapping(mut item)) = (path.as_str().map(str::to_string), item)
        else {
            continue;
        };
        let item_at = pointer("#/paths", &[&path]);
        let shared: Vec<(Value, String)> = match take(&mut item, "parameters") {
            Some(Value::Sequence(list)) => list
                .into_iter()
                .enumerate()
                .map(|(i, p)| (p, pointer(&item_at, &["parameters", &i.to_string()])))
                .collect(),
            _ => Vec::new(),
        };
        let mut converted = Mapping::new();
        for (name, value) in item {
            let Some(name) = name.as_str().map(str::to_string) else {
                continue;
            };
            match value {
                Value::Mapping(operation) if METHODS.contains(&name.as_str()) => {
                    let at = pointer(&item_at, &[&name]);
                    let operation = convert_operation(operation, &shared, &at, globals, cx);
                    put(&mut converted, &name, Value::Mapping(operation));
                }
                other if name.starts_with("x-") || name == "$ref" => {
                    put(&mut converted, &name, other)
                }
                _ => {}
            }
        }
        put(&mut out, &path, Value::Mapping(converted));
    }
    out
}

/// A parameter of an operation, resolved through `#/parameters/...` for its location.
struct Param {
    /// The parameter as written (possibly a `$ref`).
    written: Value,
    /// The parameter itself, after following a reference.
    resolved: Mapping,
    /// Its pointer in the original document.
    original: String,
}

fn convert_operation(
    mut operation: Mapping,
    shared: &[(Value, String)],
    at: &str,
    globals: &Globals,
    cx: &mut Context,
) -> Mapping {
    let consumes = media_types(&mut operation, "consumes", &pointer(at, &["consumes"]), cx);
    let consumes = if consumes.is_empty() {
        globals.consumes.clone()
    } else {
        consumes
    };
    let produces = media_types(&mut operation, "produces", &pointer(at, &["produces"]), cx);
    let produces = if produces.is_empty() {
        globals.produces.clone()
    } else {
        produces
    };
    let own_schemes = take(&mut operation, "schemes");
    let differs = match &own_schemes {
        Some(Value::Sequence(list)) => list.iter().filter_map(Value::as_str).any(|s| {
            let declared = globals.schemes.iter().any(|g| g == s);
            let implied = globals.schemes.is_empty() && s == "https";
            !(declared || implied)
        }),
        Some(_) => true,
        None => false,
    };
    if differs {
        cx.warn_repeated(
            &pointer(at, &["schemes"]),
            "per-operation `schemes` are not generated; the client's base URL is used",
            "declare the schemes once, at the document level",
        );
    }
    let own: Vec<(Value, String)> = match take(&mut operation, "parameters") {
        Some(Value::Sequence(list)) => list
            .into_iter()
            .enumerate()
            .map(|(i, p)| (p, pointer(at, &["parameters", &i.to_string()])))
            .collect(),
        _ => Vec::new(),
    };
    // Path-level parameters first; an operation's own parameter replaces one with its name
    // and location.
    let mut params: Vec<Param> = Vec::new();
    for (written, original) in shared.iter().cloned().chain(own) {
        let Some(resolved) = resolve_parameter(&written, &globals.parameters) else {
            cx.warn(
                &original,
                "the parameter is not a mapping, or refers to nothing; it is left out",
                "define the parameter under `parameters`",
            );
            continue;
        };
        let identity = |p: &Mapping| {
            (
                str_at(p, "name").map(str::to_string),
                str_at(p, "in").map(str::to_string),
            )
        };
        let id = identity(&resolved);
        params.retain(|p| identity(&p.resolved) != id);
        params.push(Param {
            written,
            resolved,
            original,
        });
    }
    let mut plain = Vec::new();
    let mut body = None;
    let mut form = Vec::new();
    for param in params {
        match str_at(&param.resolved, "in") {
            Some("body") => body = Some(param),
            Some("formData") => form.push(param),
            _ => plain.push(param),
        }
    }
    let responses = take(&mut operation, "responses");
    let mut out = operation;
    if !plain.is_empty() {
        let mut list = Vec::new();
        for (index, param) in plain.into_iter().enumerate() {
            let converted_at = pointer(at, &["parameters", &index.to_string()]);
            cx.origin
                .record(converted_at.clone(), param.original.clone());
            let converted = match &param.written {
                Value::Mapping(written) if written.contains_key("$ref") => param.written.clone(),
                _ => plain_parameter(&param.resolved, &converted_at, &param.original, cx),
            };
            list.push(converted);
        }
        put(&mut out, "parameters", Value::Sequence(list));
    }
    let request_at = pointer(at, &["requestBody"]);
    if let Some(body) = body {
        put(
            &mut out,
            "requestBody",
            body_request(body, &consumes, &request_at, cx),
        );
        if !form.is_empty() {
            cx.warn(
                at,
                "the operation has both a body and form parameters; the form parameters are left out",
                "use either `in: body` or `in: formData`",
            );
        }
    } else if !form.is_empty() {
        put(
            &mut out,
            "requestBody",
            form_request(form, &consumes, &request_at, cx),
        );
    }
    let responses = match responses {
        Some(Value::Mapping(responses)) => responses,
        _ => Mapping::new(),
    };
    let mut converted = Mapping::new();
    for (code, response) in responses {
        let Some(code) = code.as_str().map(str::to_string) else {
            continue;
        };
        if code.starts_with("x-") {
            put(&mut converted, &code, response);
            continue;
        }
        let response_at = pointer(at, &["responses", &code]);
        let response = convert_response(response, &produces, &response_at, &response_at, cx);
        put(&mut converted, &code, response);
    }
    put(&mut out, "responses", Value::Mapping(converted));
    out
}

fn resolve_parameter(written: &Value, parameters: &Mapping) -> Option<Mapping> {
    let Value::Mapping(map) = written else {
        return None;
    };
    match str_at(map, "$ref") {
        Some(target) => {
            let name = target.strip_prefix("#/parameters/")?;
            match parameters.get(name.replace("~1", "/").replace("~0", "~").as_str()) {
                Some(Value::Mapping(found)) => Some(found.clone()),
                _ => None,
            }
        }
        None => Some(map.clone()),
    }
}

/// Keywords of a non-body parameter (and of a header or an `items` object) that describe its
/// value, and so move into its `schema`.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
];

/// The value keywords of a parameter, header or `items` object as a schema.
fn value_schema(map: &Mapping) -> Value {
    let mut schema = Mapping::new();
    for keyword in VALUE_KEYWORDS {
        let Some(value) = map.get(*keyword) else {
            continue;
        };
        let value = match (*keyword, value) {
            ("items", Value::Mapping(items)) => value_schema(items),
            _ => value.clone(),
        };
        put(&mut schema, keyword, value);
    }
    let mut schema = Value::Mapping(schema);
    schema_2_0(&mut schema);
    schema
}

/// A query, path, header or cookie parameter: its value keywords move into `schema`, and its
/// `collectionFormat` becomes a style.
fn plain_parameter(parameter: &Mapping, at: &str, original: &str, cx: &mut Context) -> Value {
    let mut out = Mapping::new();
    for field in [
        "name",
        "in",
        "description",
        "required",
        "deprecated",
        "allowEmptyValue",
    ] {
        if let Some(value) = parameter.get(field) {
            put(&mut out, field, value.clone());
        }
    }
    let location = str_at(parameter, "in").unwrap_or("query").to_string();
    if location == "path" {
        put(&mut out, "required", Value::Bool(true));
    }
    let schema_at = pointer(at, &["schema"]);
    cx.origin.record(schema_at.clone(), original.to_string());
    put(&mut out, "schema", value_schema(parameter));
    if str_at(parameter, "type") == Some("array") {
        let format = str_at(parameter, "collectionFormat").unwrap_or("csv");
        let (style, explode) = match (format, location.as_str()) {
            ("multi", "query") => ("form", true),
            ("ssv", "query") => ("spaceDelimited", false),
            ("pipes", "query") => ("pipeDelimited", false),
            (_, "query") => ("form", false),
            (_, _) => ("simple", false),
        };
        if format == "tsv" || (format != "csv" && location != "query") {
            cx.warn(
                &pointer(at, &["collectionFormat"]),
                format!("`collectionFormat: {format}` has no OpenAPI 3 style here; the values are sent comma-separated"),
                "use `csv`",
            );
        }
        put(&mut out, "style", key(style));
        put(&mut out, "explode", Value::Bool(explode));
    }
    for (name, value) in parameter {
        if name
            .as_str()
            .is_some_and(|n| n.starts_with("x-") && n != "x-nullable")
        {
            out.insert(name.clone(), value.clone());
        }
    }
    Value::Mapping(out)
}

/// `in: body`: the request body, in every media type the operation consumes.
fn body_request(param: Param, consumes: &[String], at: &str, cx: &mut Context) -> Value {
    cx.origin.record(at.to_string(), param.original.clone());
    let mut out = Mapping::new();
    for field in ["description", "required"] {
        if let Some(value) = param.resolved.get(field) {
            put(&mut out, field, value.clone());
        }
    }
    let mut schema = param
        .resolved
        .get("schema")
        .cloned()
        .unwrap_or_else(|| Value::Mapping(Mapping::new()));
    schema_2_0(&mut schema);
    let types = if consumes.is_empty() {
        vec![JSON.to_string()]
    } else {
        consumes.to_vec()
    };
    let mut content = Mapping::new();
    for media_type in &types {
        let schema_at = pointer(at, &["content", media_type, "schema"]);
        cx.origin
            .record(schema_at.clone(), pointer(&param.original, &["schema"]));
        put(
            &mut content,
            media_type,
            mapping([("schema", schema.clone())]),
        );
    }
    put(&mut out, "content", Value::Mapping(content));
    Value::Mapping(out)
}

/// `in: formData`: one object schema with a property per parameter, sent as multipart when
/// the operation consumes it or a part is a file, else as a urlencoded form.
fn form_request(params: Vec<Param>, consumes: &[String], at: &str, cx: &mut Context) -> Value {
    let has_file = params
        .iter()
        .any(|p| str_at(&p.resolved, "type") == Some("file"));
    let multipart = consumes
        .iter()
        .any(|c| c.starts_with("multipart/form-data"));
    let urlencoded = consumes
        .iter()
        .any(|c| c.starts_with("application/x-www-form-urlencoded"));
    if has_file && urlencoded && !multipart {
        cx.warn(
            at,
            "a file parameter cannot be sent in a urlencoded form; the form is sent as multipart",
            "add `multipart/form-data` to `consumes`",
        );
    }
    let media_type = if multipart || has_file {
        "multipart/form-data"
    } else {
        "application/x-www-form-urlencoded"
    };
    let schema_at = pointer(at, &["content", media_type, "schema"]);
    let mut properties = Mapping::new();
    let mut required = Vec::new();
    for param in &params {
        let Some(name) = str_at(&param.resolved, "name").map(str::to_string) else {
            continue;
        };
        let property_at = pointer(&schema_at, &["properties", &name]);
        cx.origin
            .record(property_at.clone(), param.original.clone());
        let mut schema = value_schema(&param.resolved);
        if let (Value::Mapping(schema), Some(description)) =
            (&mut schema, param.resolved.get("description"))
        {
            put(schema, "description", description.clone());
        }
        if param.resolved.get("required").and_then(Value::as_bool) == Some(true) {
            required.push(Value::String(name.clone()));
        }
        put(&mut properties, &name, schema);
    }
    let mut schema = Mapping::new();
    put(&mut schema, "type", key("object"));
    put(&mut schema, "properties", Value::Mapping(properties));
    if !required.is_empty() {
        put(&mut schema, "required", Value::Sequence(required.clone()));
    }
    let mut out = Mapping::new();
    if !required.is_empty() {
        put(&mut out, "required", Value::Bool(true));
    }
    put(
        &mut out,
        "content",
        mapping([(media_type, mapping([("schema", Value::Mapping(schema))]))]),
    );
    Value::Mapping(out)
}

/// A response: its `schema` becomes content in every media type the operation produces, and
/// its headers get schemas.
fn convert_response(
    response: Value,
    produces: &[String],
    at: &str,
    original: &str,
    cx: &mut Context,
) -> Value {
    let Value::Mapping(mut map) = response else {
        return response;
    };
    if map.contains_key("$ref") {
        return Value::Mapping(map);
    }
    let mut out = Mapping::new();
    let description = take(&mut map, "description").unwrap_or_else(|| key(""));
    put(&mut out, "description", description);
    if let Some(Value::Mapping(headers)) = take(&mut map, "headers") {
        let mut converted = Mapping::new();
        for (name, header) in headers {
            let (Some(name), Value::Mapping(header)) = (name.as_str().map(str::to_string), header)
            else {
                continue;
            };
            let header_at = pointer(at, &["headers", &name]);
            let schema_at = pointer(&header_at, &["schema"]);
            cx.origin
                .record(schema_at.clone(), pointer(original, &["headers", &name]));
            let mut out_header = Mapping::new();
            if let Some(description) = header.get("description") {
                put(&mut out_header, "description", description.clone());
            }
            put(&mut out_header, "schema", value_schema(&header));
            put(&mut converted, &name, Value::Mapping(out_header));
        }
        put(&mut out, "headers", Value::Mapping(converted));
    }
    let examples = match take(&mut map, "examples") {
        Some(Value::Mapping(examples)) => examples,
        _ => Mapping::new(),
    };
    if let Some(mut schema) = take(&mut map, "schema") {
        let is_file = schema.as_mapping().and_then(|s| str_at(s, "type")) == Some("file");
        let types: Vec<String> = if produces.is_empty() {
            vec![if is_file {
                "application/octet-stream"
            } else {
                JSON
            }
            .to_string()]
        } else {
            produces.to_vec()
        };
        schema_2_0(&mut schema);
        let mut content = Mapping::new();
        for media_type in &types {
            let schema_at = pointer(at, &["content", media_type, "schema"]);
            cx.origin
                .record(schema_at.clone(), pointer(original, &["schema"]));
            let mut media = mapping([("schema", schema.clone())]);
            if let (Value::Mapping(media), Some(example)) =
                (&mut media, examples.get(media_type.as_str()))
            {
                put(media, "example", example.clone());
            }
            put(&mut content, media_type, media);
        }
        put(&mut out, "content", Value::Mapping(content));
    } else if !produces.is_empty()
        && !produces.iter().any(|media| is_json(media))
        && !at.ends_with("/204")
    {
        // No schema, but the operation produces only other media types (XML, HTML): the
        // response still has a body in them, and the client must not ask for JSON.
        let mut content = Mapping::new();
        for media_type in produces {
            put(&mut content, media_type, Value::Mapping(Mapping::new()));
        }
        put(&mut out, "content", Value::Mapping(content));
    }
    for (name, value) in map {
        if name.as_str().is_some_and(|n| n.starts_with("x-")) {
            out.insert(name, value);
        }
    }
    Value::Mapping(out)
}

/// Whether `media_type` is JSON (`application/json`, a `+json` type).
fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case(JSON) || essence.to_ascii_lowercase().ends_with("+json")
}

/// What a 2.0 schema says differently from a 3.0 one: `type: file` is binary, and a
/// `discriminator` is the property name alone.
fn schema_2_0(schema: &mut Value) {
    visit_schema_tree(schema, &mut String::from("#"), &mut |node, _| {
        let Value::Mapping(map) = node else { return };
        if str_at(map, "type") == Some("file") {
            put(map, "type", key("string"));
            put(map, "format", key("binary"));
        }
        if let Some(Value::String(property)) = map.get("discriminator") {
            let property = property.clone();
            put(
                map,
                "discriminator",
                mapping([("propertyName", Value::String(property))]),
            );
        }
    });
}

/// Points `#/definitions/...`, `#/parameters/...` and `#/responses/...` references at their
/// places under `components`.
fn rewrite_references(value: &mut Value) {
    match value {
        Value::Mapping(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref") {
                for (from, to) in [
                    ("#/definitions/", "#/components/schemas/"),
                    ("#/parameters/", "#/components/parameters/"),
                    ("#/responses/", "#/components/responses/"),
                ] {
                    if let Some(rest) = target.strip_prefix(from) {
                        *target = format!("{to}{rest}");
                        break;
                    }
                }
            }
            map.values_mut().for_each(rewrite_references);
        }
        Value::Sequence(items) => items.iter_mut().for_each(rewrite_references),
        _ => {}
    }
}
