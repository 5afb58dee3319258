//! Lowers request bodies and responses: which media type the client uses and how it is typed.
//!
//! JSON (`application/json`, `+json`) is preferred, then `application/x-www-form-urlencoded`,
//! server-sent events (`text/event-stream`), text, binary and last multipart. A wildcard media type (`*/*`, `application/*`) whose schema
//! describes structured data is treated as JSON, as frameworks often declare it for JSON APIs;
//! with a string schema (or none) it is raw bytes.

use super::schema::TypeBuilder;
use crate::diagnostics::{pointer, Diagnostic, Diagnostics};
use crate::ir::{
    Docs, FormPart, MultipartForm, PartKind, RequestBody, RequestBodyKind, Response, ResponseBody,
    ResponseBodyKind, ResponseHeader, StatusSpec, TypeRef,
};
use crate::naming::{self, Scope};
use crate::resolve::{component_name, Resolver};
use indexmap::IndexMap;
use openapiv3::{
    MediaType, ReferenceOr, Schema, SchemaKind, StatusCode, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

/// Media type families, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MediaClass {
    Json,
    Form,
    EventStream,
    Text,
    Binary,
    Multipart,
}

/// The media type the client uses from a `content` map, with its class.
fn pick_media<'a>(
    content: &'a IndexMap<String, MediaType>,
    resolver: Resolver<'a>,
) -> Option<(&'a str, &'a MediaType, MediaClass)> {
    content
        .iter()
        .map(|(name, media)| {
            let mut class = classify(name);
            if class == MediaClass::Binary && is_wildcard(name) && structured(media, resolver) {
                class = MediaClass::Json;
            }
            (name.as_str(), media, class)
        })
        // A concrete media type before a range of the same class (`application/*+json`).
        .min_by_key(|(name, _, class)| (*class, is_wildcard(name)))
}

/// The lower-case media type without parameters.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn classify(media_type: &str) -> MediaClass {
    let essence = essence(media_type);
    if essence == "application/json" || essence.ends_with("+json") || essence == "text/json" {
        MediaClass::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaClass::Form
    } else if essence.starts_with("multipart/") {
        MediaClass::Multipart
    } else if essence == "text/event-stream" {
        MediaClass::EventStream
    } else if essence.starts_with("text/") {
        MediaClass::Text
    } else {
        MediaClass::Binary
    }
}

/// Whether `media_type` is a range (`*/*`, `application/*`, `application/*+json`), which
/// cannot be sent as a `Content-Type`.
fn is_wildcard(media_type: &str) -> bool {
    essence(media_type).contains('*')
}

/// Whether the media type's schema describes structured data (not a string, not "anything").
fn structured(media: &MediaType, resolver: Resolver<'_>) -> bool {
    let Some(schema) = &media.schema else {
        return false;
    };
    let Ok(resolved) = resolver.schema(schema, "#") else {
        return false;
    };
    is_structured(resolved.item)
}

fn is_structured(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => false,
        SchemaKind::Type(_)
        | SchemaKind::AllOf { .. }
        | SchemaKind::OneOf { .. }
        | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Not { .. } => false,
        SchemaKind::Any(any) => {
            matches!(
                any.typ.as_deref(),
                Some("object" | "array" | "integer" | "number" | "boolean")
            ) || !any.properties.is_empty()
                || !any.all_of.is_empty()
                || !any.one_of.is_empty()
                || !any.any_of.is_empty()
        }
    }
}

/// The JSON-pointer and type of a media type's schema (`serde_json::Value` without one).
fn schema_type<'a>(
    media: &'a MediaType,
    at: &str,
    hint: &str,
    types: &mut TypeBuilder<'a>,
    diags: &mut Diagnostics,
) -> TypeRef {
    match &media.schema {
        Some(schema) => types.lower_ref(schema, at, hint, diags),
        None => TypeRef::Json,
    }
}

/// Warns when structured data is declared in a media type the client only handles as text or
/// bytes (XML, CSV, ...).
fn warn_untyped(
    media_type: &str,
    media: &MediaType,
    class: MediaClass,
    at: &str,
    what: &str,
    types: &TypeBuilder<'_>,
    diags: &mut Diagnostics,
) {
    if matches!(class, MediaClass::Text | MediaClass::Binary) && structured(media, types.resolver())
    {
        let kind = if class == MediaClass::Text {
            "text"
        } else {
            "raw bytes"
        };
        diags.push(
            Diagnostic::warning(
                pointer(at, &["content", media_type]),
                format!("`{media_type}` {what} are not typed; they are handled as {kind}"),
            )
            .with_hint("add an `application/json` alternative, or (de)serialize the body yourself"),
        );
    }
}

/// Lowers a request body; `None` when it cannot be used (the problem is reported).
pub fn lower_request_body<'a>(
    body: &'a ReferenceOr<openapiv3::RequestBody>,
    at: &str,
    type_stem: &str,
    api_names: &mut Scope,
    types: &mut TypeBuilder<'a>,
    diags: &mut Diagnostics,
) -> Option<RequestBody> {
    let resolved = match types.resolver().request_body(body, "#") {
        Ok(resolved) => resolved,
        Err(err) => {
            diags.push(Diagnostic {
                pointer: at.to_string(),
                ..err
            });
            return None;
        }
    };
    let body_at = if resolved.component.is_some() {
        resolved.pointer.to_string()
    } else {
        at.to_string()
    };
    let Some((media_type, media, class)) = pick_media(&resolved.item.content, types.resolver())
    else {
        diags.push(Diagnostic::warning(
            &body_at,
            "request body has no `content`; no body is sent",
        ));
        return None;
    };
    warn_untyped(
        media_type,
        media,
        class,
        &body_at,
        "request bodies",
        types,
        diags,
    );
    let schema_at = pointer(&body_at, &["content", media_type, "schema"]);
    let hint = format!("{type_stem}Body");
    // The `Content-Type` sent: the declared one, unless it is a wildcard.
    let mut sent = media_type.to_string();
    let kind = match class {
        MediaClass::Json => {
            if is_wildcard(media_type) {
                sent = "application/json".into();
            }
            RequestBodyKind::Json(schema_type(media, &schema_at, &hint, types, diags))
        }
        MediaClass::Form => {
            RequestBodyKind::Form(schema_type(media, &schema_at, &hint, types, diags))
        }
        // A request body of events is only text to the client.
        MediaClass::Text | MediaClass::EventStream => RequestBodyKind::Text,
        MediaClass::Binary => {
            if is_wildcard(media_type) {
                sent = "application/octet-stream".into();
            }
            RequestBodyKind::Bytes
        }
        MediaClass::Multipart => {
            let essence = essence(media_type);
            let form = (essence == "multipart/form-data")
                .then(|| multipart_form(media, &schema_at, type_stem, api_names, types, diags))
                .flatten();
            match form {
                Some(form) => RequestBodyKind::Multipart(form),
                None => {
                    diags.push(
                        Diagnostic::warning(
                            pointer(&body_at, &["content", media_type]),
                            "this multipart body is not typed (not `multipart/form-data` of an \
                         object); the method takes the encoded payload and its `Content-Type` \
                         (with the boundary)",
                        )
                        .with_hint("describe the parts as the properties of an object schema"),
                    );
                    RequestBodyKind::EncodedMultipart
                }
            }
        }
    };
    Some(RequestBody {
        required: resolved.item.required,
        media_type: sent,
        kind,
        docs: Docs::new(None, resolved.item.description.as_deref()),
    })
}

/// The typed parts of a `multipart/form-data` body whose schema is an object with properties:
/// files for `format: binary` (and arrays of them), text for scalars, JSON for the rest.
fn multipart_form<'a>(
    media: &'a MediaType,
    at: &str,
    type_stem: &str,
    api_names: &mut Scope,
    types: &mut TypeBuilder<'a>,
    diags: &mut Diagnostics,
) -> Option<MultipartForm> {
    let resolver = types.resolver();
    let schema = resolver.schema(media.schema.as_ref()?, "#").ok()?;
    // An object, also one that lists its properties without saying `type: object`.
    let (properties, required) = match &schema.item.schema_kind {
        SchemaKind::Type(Type::Object(object)) => (&object.properties, &object.required),
        SchemaKind::Any(any) if matches!(any.typ.as_deref(), None | Some("object")) => {
            (&any.properties, &any.required)
        }
        _ => return None,
    };
    if properties.is_empty() {
        return None;
    }
    let schema_at = if schema.component.is_some() {
        schema.pointer.to_string()
    } else {
        at.to_string()
    };
    let mut idents = Scope::new();
    let mut parts = Vec::new();
    for (name, property) in properties {
        let part_at = pointer(&schema_at, &["properties", name]);
        let resolved = resolver.boxed_schema(property, "#").ok().map(|r| r.item);
        let is_binary = |schema: &Schema| {
            matches!(
                &schema.schema_kind,
                SchemaKind::Type(Type::String(string))
                    if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
            )
        };
        let kind = match resolved.map(|r| &r.schema_kind) {
            Some(_) if resolved.is_some_and(is_binary) => PartKind::File,
            Some(SchemaKind::Type(Type::Array(array)))
                if array
                    .items
                    .as_ref()
                    .and_then(|items| resolver.boxed_schema(items, "#").ok())
                    .is_some_and(|items| is_binary(items.item)) =>
            {
                PartKind::Files
            }
            // Scalars in an array: a part per item, unless the document asks for JSON.
            Some(SchemaKind::Type(Type::Array(array)))
                if array
                    .items
                    .as_ref()
                    .and_then(|items| resolver.boxed_schema(items, "#").ok())
                    .is_some_and(|items| is_scalar(items.item))
                    && !part_is_json(media, name) =>
            {
                let hint = format!("{type_stem}Form{}", naming::type_name(name));
                match types.lower_boxed(property, &part_at, &hint, diags) {
                    TypeRef::Vec(item) => PartKind::Texts(*item),
                    other => PartKind::Json(other),
                }
            }
            Some(SchemaKind::Type(
                Type::String(_) | Type::Number(_) | Type::Integer(_) | Type::Boolean(_),
            )) => {
                let hint = format!("{type_stem}Form{}", naming::type_name(name));
                PartKind::Text(types.lower_boxed(property, &part_at, &hint, diags))
            }
            _ => {
                let hint = format!("{type_stem}Form{}", naming::type_name(name));
                PartKind::Json(types.lower_boxed(property, &part_at, &hint, diags))
            }
        };
        let description = resolved.and_then(|r| r.schema_data.description.as_deref());
        parts.push(FormPart {
            ident: idents.claim(naming::value_ident(name)),
            wire_name: name.clone(),
            required: required.contains(name),
            kind,
            content_type: media
                .encoding
                .get(name)
                .and_then(|encoding| encoding.content_type.clone()),
            docs: Docs::new(None, description),
        });
    }
    Some(MultipartForm {
        name: api_names.claim(format!("{type_stem}Form")),
        parts,
    })
}

/// Whether `schema` is a string, number, integer or boolean.
fn is_scalar(schema: &Schema) -> bool {
    matches!(
        schema.schema_kind,
        SchemaKind::Type(Type::String(_) | Type::Number(_) | Type::Integer(_) | Type::Boolean(_))
    )
}

/// Whether the `encoding` of part `name` says it is JSON.
fn part_is_json(media: &MediaType, name: &str) -> bool {
    media
        .encoding
        .get(name)
        .and_then(|encoding| encoding.content_type.as_deref())
        .is_some_and(|content_type| classify(content_type) == MediaClass::Json)
}

/// Lowers the responses of an operation, sorted by status.
pub fn lower_responses<'a>(
    responses: &'a openapiv3::Responses,
    op_at: &str,
    type_stem: &str,
    types: &mut TypeBuilder<'a>,
    diags: &mut Diagnostics,
) -> Vec<Response> {
    let base = pointer(op_at, &["responses"]);
    let mut entries: Vec<(StatusSpec, String, &'a ReferenceOr<openapiv3::Response>)> = responses
        .responses
        .iter()
        .map(|(code, response)| {
            let status = match code {
                StatusCode::Code(code) => StatusSpec::Code(*code),
                StatusCode::Range(digit) => StatusSpec::Range(u8::try_from(*digit).unwrap_or(0)),
            };
            (status, pointer(&base, &[&code.to_string()]), response)
        })
        .collect();
    if let Some(default) = &responses.default {
        entries.push((StatusSpec::Default, pointer(&base, &["default"]), default));
    }
    entries.sort_by_key(|(status, _, _)| *status);
    let has_success = entries.iter().any(|(status, _, _)| status.is_outcome());
    let mut out = Vec::with_capacity(entries.len());
    for (status, at, response) in entries {
        let resolved = match types.resolver().response(response, "#") {
            Ok(resolved) => resolved,
            Err(err) => {
                diags.push(Diagnostic { pointer: at, ..err });
                continue;
            }
        };
        let response_at = if resolved.component.is_some() {
            resolved.pointer.to_string()
        } else {
            at
        };
        let label = match status {
            StatusSpec::Code(code) => code.to_string(),
            StatusSpec::Range(digit) => format!("{digit}XX"),
            StatusSpec::Default => "Default".to_string(),
        };
        let decoded = status.is_success() || (status == StatusSpec::Default && !has_success);
        // HTTP says these statuses carry no body, whatever the document describes.
        let bodiless = matches!(status, StatusSpec::Code(204 | 205 | 304));
        if bodiless && !resolved.item.content.is_empty() {
            diags.push(Diagnostic::warning(
                pointer(&response_at, &["content"]),
                format!("a `{label}` response has no body; its `content` is ignored"),
            ));
        }
        let picked = (!bodiless)
            .then(|| pick_media(&resolved.item.content, types.resolver()))
            .flatten();
        let body = picked.map(|(media_type, media, class)| {
            if decoded {
                warn_untyped(
                    media_type,
                    media,
                    class,
                    &response_at,
                    "responses",
                    types,
                    diags,
                );
            }
            let schema_at = pointer(&response_at, &["content", media_type, "schema"]);
            let hint = format!("{type_stem}Response{label}");
            let kind = match class {
                MediaClass::Json => {
                    ResponseBodyKind::Json(schema_type(media, &schema_at, &hint, types, diags))
                }
                MediaClass::Text => ResponseBodyKind::Text,
                // The schema describes each event's data.
                MediaClass::EventStream => ResponseBodyKind::EventStream(
                    structured(media, types.resolver())
                        .then(|| schema_type(media, &schema_at, &hint, types, diags)),
                ),
                MediaClass::Form | MediaClass::Binary | MediaClass::Multipart => {
                    ResponseBodyKind::Bytes
                }
            };
            ResponseBody {
                media_type: media_type.to_string(),
                kind,
            }
        });
        let mut headers = Vec::with_capacity(resolved.item.headers.len());
        for (name, header) in &resolved.item.headers {
            let at = pointer(&response_at, &["headers", name]);
            let description = match types.resolver().header(header, "#") {
                Ok(header) => header.item.description.clone(),
                Err(err) => match parameter_as_header(header, types.resolver()) {
                    // A parameter describes a header the same way a header object does.
                    Some(param) => {
                        diags.push(
                            Diagnostic::warning(
                                &at,
                                format!(
                                    "{}; the parameter is read as the header's description",
                                    err.message
                                ),
                            )
                            .with_hint("refer to a `components/headers` entry instead"),
                        );
                        param.parameter_data_ref().description.clone()
                    }
                    None => {
                        diags.push(Diagnostic { pointer: at, ..err });
                        None
                    }
                },
            };
            headers.push(ResponseHeader {
                name: name.clone(),
                description,
            });
        }
        out.push(Response {
            status,
            description: Some(resolved.item.description.clone()).filter(|d| !d.is_empty()),
            body,
            headers,
        });
    }
    out
}

/// The parameter a response header's `$ref` points to, when it points into
/// `components/parameters` instead of `components/headers`.
fn parameter_as_header<'a>(
    header: &'a ReferenceOr<openapiv3::Header>,
    resolver: Resolver<'a>,
) -> Option<&'a openapiv3::Parameter> {
    let ReferenceOr::Reference { reference } = header else {
        return None;
    };
    component_name(reference, "parameters").ok()?;
    resolver
        .lookup::<openapiv3::Parameter>(reference, "#", 0)
        .ok()
        .map(|resolved| resolved.item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_classified() {
        assert_eq!(classify("application/problem+json"), MediaClass::Json);
        assert_eq!(
            classify("application/json; charset=utf-8"),
            MediaClass::Json
        );
        assert_eq!(classify("text/plain"), MediaClass::Text);
        assert_eq!(classify("*/*"), MediaClass::Binary);
        assert_eq!(classify("multipart/form-data"), MediaClass::Multipart);
        assert!(is_wildcard("*/*") && is_wildcard("application/*; q=0.5"));
        assert!(is_wildcard("application/*+json"));
        assert!(!is_wildcard("application/octet-stream"));
    }
}
