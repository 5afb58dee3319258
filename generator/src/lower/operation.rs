//! Lowers one path operation: parameters, request body and responses.

use super::schema::{constraints_of, TypeBuilder};
use crate::diagnostics::{pointer, Diagnostic, Diagnostics};
use crate::ir::{
    BodyKind, Docs, HttpMethod, Operation, ParamLocation, ParamStyle, Parameter, PathPart,
    PathTemplate, Primitive, RequestBody, Response, ResponseBody, ResponseHeader, StatusSpec,
    TypeRef,
};
use crate::naming::{self, Scope};
use indexmap::IndexMap;
use openapiv3::{MediaType, ParameterSchemaOrContent, QueryStyle, ReferenceOr, StatusCode};

/// Everything about an operation that comes from its path item and method.
pub struct OperationSource<'a> {
    /// The path template.
    pub path: &'a str,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The operation.
    pub operation: &'a openapiv3::Operation,
    /// Parameters declared on the path item.
    pub path_params: &'a [ReferenceOr<openapiv3::Parameter>],
    /// Pointer of the operation.
    pub at: String,
}

/// Lowers one operation. `operation_id` and `method_name` are already decided and unique.
pub fn lower_operation<'a>(
    source: &OperationSource<'a>,
    operation_id: String,
    method_name: String,
    authenticated: bool,
    types: &mut TypeBuilder<'a>,
    diags: &mut Diagnostics,
) -> Operation {
    let op = source.operation;
    let type_stem = naming::type_name(&operation_id);
    let path = parse_path(source.path, &pointer("#/paths", &[source.path]), diags);
    let mut idents = Scope::with_reserved(&["options", "body", "self", "request"]);
    let mut params = collect_params(source, &type_stem, types, diags, &mut idents);
    check_path_params(&path, &params, &source.at, diags);
    // Required path parameters in template order, then other required ones, then optional ones.
    let template_order: Vec<&str> = path
        .parts
        .iter()
        .filter_map(|p| match p {
            PathPart::Param(name) => Some(name.as_str()),
            PathPart::Literal(_) => None,
        })
        .collect();
    params.sort_by_key(|p| {
        let rank = match (p.required, p.location) {
            (true, ParamLocation::Path) => 0,
            (true, _) => 1,
            (false, _) => 2,
        };
        let position = template_order
            .iter()
            .position(|n| *n == p.wire_name)
            .unwrap_or(usize::MAX);
        (rank, if rank == 0 { position } else { 0 })
    });
    let body = op.request_body.as_ref().and_then(|body| {
        lower_request_body(
            body,
            &pointer(&source.at, &["requestBody"]),
            &type_stem,
            types,
            diags,
        )
    });
    let responses = lower_responses(&op.responses, &source.at, &type_stem, types, diags);
    let successes: Vec<&BodyKind> = responses
        .iter()
        .filter(|r| r.status.is_success())
        .filter_map(|r| r.body.as_ref().map(|b| &b.kind))
        .collect();
    if successes.windows(2).any(|w| w[0] != w[1]) {
        diags.push(
            Diagnostic::warning(
                pointer(&source.at, &["responses"]),
                "success responses have different bodies; the first one types the result",
            )
            .with_hint("read other shapes with `ApiResponse` headers or split the operation"),
        );
    }
    let options_struct = params
        .iter()
        .any(|p| !p.required)
        .then(|| format!("{type_stem}Options"));
    Operation {
        operation_id,
        method_name,
        group: group_name(&op.tags),
        method: source.method,
        path,
        docs: Docs {
            summary: op.summary.clone(),
            description: op.description.clone(),
        },
        deprecated: op.deprecated,
        params,
        body,
        responses,
        authenticated,
        options_struct,
        pagination: None,
        pointer: source.at.clone(),
    }
}

/// The API group (struct name) of an operation: its first tag, or `DefaultApi`.
pub fn group_name(tags: &[String]) -> String {
    match tags.first() {
        Some(tag) => format!("{}Api", naming::type_name(tag).trim_end_matches("Api")),
        None => "DefaultApi".to_string(),
    }
}

/// Splits `/a/{b}/c` into literal and parameter parts.
pub fn parse_path(raw: &str, at: &str, diags: &mut Diagnostics) -> PathTemplate {
    let mut parts = Vec::new();
    let mut rest = raw;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            diags.push(Diagnostic::error(
                at,
                format!("path `{raw}` has an unclosed `{{`"),
            ));
            break;
        };
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_string()));
        }
        let name = &rest[open + 1..open + close];
        if name.is_empty() {
            diags.push(Diagnostic::error(
                at,
                format!("path `{raw}` has an empty `{{}}` placeholder"),
            ));
        } else {
            parts.push(PathPart::Param(name.to_string()));
        }
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_string()));
    }
    if !raw.starts_with('/') {
        diags.push(
            Diagnostic::warning(at, format!("path `{raw}` does not start with `/`"))
                .with_hint("paths are appended to the server URL and must start with a slash"),
        );
    }
    PathTemplate {
        raw: raw.to_string(),
        parts,
    }
}

fn collect_params<'a>(
    source: &OperationSource<'a>,
    type_stem: &str,
    types: &mut TypeBuilder<'a>,
    diags: &mut Diagnostics,
    idents: &mut Scope,
) -> Vec<Parameter> {
    let resolver = types.resolver();
    let path_level_at = pointer("#/paths", &[source.path, "parameters"]);
    let op_level_at = pointer(&source.at, &["parameters"]);
    // Operation-level parameters override path-level ones with the same name and location.
    let mut merged: IndexMap<(String, ParamLocation), (&'a openapiv3::Parameter, String)> =
        IndexMap::new();
    let levels = [
        (source.path_params, path_level_at),
        (source.operation.parameters.as_slice(), op_level_at),
    ];
    for (list, base) in &levels {
        for (index, item) in list.iter().enumerate() {
            let at = pointer(base, &[&index.to_string()]);
            match resolver.parameter(item, "#") {
                Ok(resolved) => {
                    let data = resolved.item.parameter_data_ref();
                    let location = location_of(resolved.item);
                    let key = (data.name.clone(), location);
                    let real_at = if resolved.component.is_some() {
                        resolved.pointer.to_string()
                    } else {
                        at
                    };
                    merged.insert(key, (resolved.item, real_at));
                }
                Err(err) => diags.push(Diagnostic { pointer: at, ..err }),
            }
        }
    }
    let mut out = Vec::with_capacity(merged.len());
    for ((name, location), (param, at)) in merged {
        let data = param.parameter_data_ref();
        let hint = format!("{type_stem}{}", naming::type_name(&name));
        let (ty, constraints) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let ty = types.lower_ref(schema, &pointer(&at, &["schema"]), &hint, diags);
                let constraints = resolver
                    .schema(schema, "#")
                    .map(|s| constraints_of(s.item))
                    .unwrap_or_default();
                (ty, constraints)
            }
            ParameterSchemaOrContent::Content(_) => {
                diags.push(
                    Diagnostic::warning(
                        pointer(&at, &["content"]),
                        "parameters described by `content` are sent as plain strings",
                    )
                    .with_hint("describe the parameter with `schema` instead"),
                );
                (TypeRef::Primitive(Primitive::String), Default::default())
            }
        };
        let style = match param {
            openapiv3::Parameter::Query { style, .. } => match style {
                QueryStyle::DeepObject => ParamStyle::DeepObject,
                QueryStyle::Form => ParamStyle::Form {
                    explode: data.explode.unwrap_or(true),
                },
                QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited => {
                    diags.push(Diagnostic::warning(&at, "spaceDelimited and pipeDelimited styles are sent as comma-separated form values"));
                    ParamStyle::Form { explode: false }
                }
            },
            openapiv3::Parameter::Cookie { .. } => ParamStyle::Form {
                explode: data.explode.unwrap_or(true),
            },
            openapiv3::Parameter::Path { style, .. } => {
                if *style != openapiv3::PathStyle::Simple {
                    diags.push(Diagnostic::warning(
                        &at,
                        "matrix and label path styles are sent in simple style",
                    ));
                }
                ParamStyle::Simple
            }
            openapiv3::Parameter::Header { .. } => ParamStyle::Simple,
        };
        let mut required = data.required;
        if location == ParamLocation::Path && !required {
            diags.push(
                Diagnostic::warning(
                    pointer(&at, &["required"]),
                    format!(
                        "path parameter `{name}` is not marked required; it is treated as required"
                    ),
                )
                .with_hint("path parameters must have `required: true`"),
            );
            required = true;
        }
        let default = match &data.format {
            ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                schema.schema_data.default.as_ref().map(|v| match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
            }
            _ => None,
        };
        out.push(Parameter {
            ident: idents.claim(naming::value_ident(&name)),
            wire_name: name,
            location,
            required,
            ty,
            style,
            constraints,
            default,
            docs: Docs {
                summary: None,
                description: data.description.clone(),
            },
            deprecated: data.deprecated.unwrap_or(false),
        });
    }
    out
}

fn location_of(param: &openapiv3::Parameter) -> ParamLocation {
    match param {
        openapiv3::Parameter::Query { .. } => ParamLocation::Query,
        openapiv3::Parameter::Header { .. } => ParamLocation::Header,
        openapiv3::Parameter::Path { .. } => ParamLocation::Path,
        openapiv3::Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

fn check_path_params(path: &PathTemplate, params: &[Parameter], at: &str, diags: &mut Diagnostics) {
    for part in &path.parts {
        if let PathPart::Param(name) = part {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && &p.wire_name == name)
            {
                diags.push(
                    Diagnostic::error(
                        at,
                        format!("path placeholder `{{{name}}}` has no matching path parameter"),
                    )
                    .with_hint(format!("declare a parameter `{name}` with `in: path`")),
                );
            }
        }
    }
    for param in params.iter().filter(|p| p.location == ParamLocation::Path) {
        let used = path
            .parts
            .iter()
            .any(|part| matches!(part, PathPart::Param(n) if *n == param.wire_name));
        if !used {
            diags.push(Diagnostic::error(
                at,
                format!(
                    "path parameter `{}` does not appear in the path `{}`",
                    param.wire_name, path.raw
                ),
            ));
        }
    }
}

/// Picks the media type the client uses from a `content` map, with its body kind.
fn pick_media(content: &IndexMap<String, MediaType>) -> Option<(&str, &MediaType, MediaClass)> {
    let classified: Vec<(&str, &MediaType, MediaClass)> = content
        .iter()
        .map(|(name, media)| (name.as_str(), media, classify(name)))
        .collect();
    classified
        .iter()
        .copied()
        .min_by_key(|(_, _, class)| *class)
}

/// Media type families, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MediaClass {
    Json,
    Form,
    Text,
    Binary,
    Multipart,
}

fn classify(media_type: &str) -> MediaClass {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") || essence == "text/json" {
        MediaClass::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaClass::Form
    } else if essence.starts_with("multipart/") {
        MediaClass::Multipart
    } else if essence.starts_with("text/") {
        MediaClass::Text
    } else {
        MediaClass::Binary
    }
}

fn lower_request_body<'a>(
    body: &'a ReferenceOr<openapiv3::RequestBody>,
    at: &str,
    type_stem: &str,
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
    let Some((media_type, media, class)) = pick_media(&resolved.item.content) else {
        diags.push(Diagnostic::warning(
            &body_at,
            "request body has no `content`; no body is sent",
        ));
        return None;
    };
    let schema_at = pointer(&body_at, &["content", media_type, "schema"]);
    let hint = format!("{type_stem}Body");
    let kind = match class {
        MediaClass::Json => BodyKind::Json(schema_type(media, &schema_at, &hint, types, diags)),
        MediaClass::Form => BodyKind::Form(schema_type(media, &schema_at, &hint, types, diags)),
        MediaClass::Text => BodyKind::Text,
        MediaClass::Binary => BodyKind::Bytes,
        MediaClass::Multipart => {
            diags.push(
                Diagnostic::warning(
                    pointer(&body_at, &["content", media_type]),
                    "multipart bodies are sent as raw bytes; build the multipart payload yourself",
                )
                .with_hint(
                    "the `Content-Type` must then carry the boundary, set it with a default header",
                ),
            );
            BodyKind::Bytes
        }
    };
    Some(RequestBody {
        required: resolved.item.required,
        media_type: media_type.to_string(),
        kind,
        docs: Docs {
            summary: None,
            description: resolved.item.description.clone(),
        },
    })
}

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

fn lower_responses<'a>(
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
        let body = pick_media(&resolved.item.content).map(|(media_type, media, class)| {
            let schema_at = pointer(&response_at, &["content", media_type, "schema"]);
            let hint = format!("{type_stem}Response{label}");
            let kind = match class {
                MediaClass::Json => {
                    BodyKind::Json(schema_type(media, &schema_at, &hint, types, diags))
                }
                MediaClass::Text => BodyKind::Text,
                MediaClass::Form | MediaClass::Binary | MediaClass::Multipart => BodyKind::Bytes,
            };
            ResponseBody {
                media_type: media_type.to_string(),
                kind,
            }
        });
        let headers = resolved
            .item
            .headers
            .iter()
            .map(|(name, header)| ResponseHeader {
                name: name.clone(),
                description: types
                    .resolver()
                    .header(header, "#")
                    .ok()
                    .and_then(|h| h.item.description.clone()),
            })
            .collect();
        out.push(Response {
            status,
            description: Some(resolved.item.description.clone()).filter(|d| !d.is_empty()),
            body,
            headers,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates_split_into_parts() {
        let mut diags = Diagnostics::new();
        let path = parse_path("/registries/{registryId}/tokens/{tokenId}", "#", &mut diags);
        assert_eq!(
            path.parts,
            vec![
                PathPart::Literal("/registries/".into()),
                PathPart::Param("registryId".into()),
                PathPart::Literal("/tokens/".into()),
                PathPart::Param("tokenId".into()),
            ]
        );
        assert!(diags.is_empty());
    }

    #[test]
    fn broken_templates_are_diagnosed() {
        let mut diags = Diagnostics::new();
        parse_path("/a/{b", "#/paths/~1a~1{b", &mut diags);
        parse_path("a/{}", "#/paths/a~1{}", &mut diags);
        let text = diags.to_string();
        assert!(text.contains("unclosed"), "{text}");
        assert!(text.contains("empty `{}`"), "{text}");
        assert!(text.contains("does not start with `/`"), "{text}");
    }

    #[test]
    fn groups_come_from_the_first_tag() {
        assert_eq!(group_name(&["Tokens".into(), "Other".into()]), "TokensApi");
        assert_eq!(group_name(&["user api".into()]), "UserApi");
        assert_eq!(group_name(&[]), "DefaultApi");
    }

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
    }
}
