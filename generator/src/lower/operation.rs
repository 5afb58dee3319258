//! Lowers one path operation: parameters, request body and responses.

use super::body::{lower_request_body, lower_responses};
use super::constraints::constraints_of_ref;
use super::schema::TypeBuilder;
use super::success::lower_success;
use crate::diagnostics::{pointer, Diagnostic, Diagnostics};
use crate::ir::{
    Docs, HttpMethod, Operation, OperationErrors, ParamLocation, ParamStyle, Parameter, PathPart,
    PathTemplate, Primitive, SecurityNeed, TypeRef,
};
use crate::naming::{self, Scope};
use indexmap::IndexMap;
use openapiv3::{ParameterSchemaOrContent, QueryStyle, ReferenceOr};

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
    /// Servers declared on the path item.
    pub path_servers: &'a [openapiv3::Server],
    /// Pointer of the operation.
    pub at: String,
}

/// Lowers one operation. `operation_id` and `method_name` are already decided and unique;
/// `api_names` hands out the names of the items emitted next to the API groups (options
/// structs, success enums).
/// `credentials` says where the operation's security schemes put their credentials
/// (`Authorization`, an API key's header, query parameter or cookie): parameters there are
/// the client's to set.
#[allow(clippy::too_many_arguments)]
pub fn lower_operation<'a>(
    source: &OperationSource<'a>,
    operation_id: String,
    method_name: String,
    security: Vec<Vec<SecurityNeed>>,
    credentials: &[(ParamLocation, String)],
    api_names: &mut Scope,
    types: &mut TypeBuilder<'a>,
    diags: &mut Diagnostics,
) -> Operation {
    let op = source.operation;
    let type_stem = naming::type_name(&method_name);
    warn_ignored_parts(source, diags);
    let path_at = pointer("#/paths", &[source.path]);
    let (template, query) = split_query(source.path, &path_at, diags);
    let mut parsed = parse_path(template, &path_at, diags);
    let mut idents = Scope::with_reserved(&[
        "options",
        "body",
        "content_type",
        "self",
        "request",
        // The options struct derives `Default`: a setter named `default` would hide it.
        "default",
        // The `_stream` companion binds the client as `api` next to the captured arguments.
        "api",
    ]);
    let mut params = collect_params(
        source,
        &parsed,
        credentials,
        &type_stem,
        types,
        diags,
        &mut idents,
    );
    add_missing_path_params(&parsed, &mut params, &source.at, diags, &mut idents);
    parsed.query = add_query_placeholders(query, &mut params, &source.at, diags, &mut idents);
    // Required path parameters in template order, then other required ones, then optional ones.
    let template_order: Vec<&str> = parsed
        .parts
        .iter()
        .filter_map(|p| match p {
            ParsedPart::Placeholder(name) => Some(name.as_str()),
            ParsedPart::Literal(_) => None,
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
    let path = bind_placeholders(parsed, &params);
    let body = op.request_body.as_ref().and_then(|body| {
        lower_request_body(
            body,
            &pointer(&source.at, &["requestBody"]),
            &type_stem,
            api_names,
            types,
            diags,
        )
    });
    let responses = lower_responses(&op.responses, &source.at, &type_stem, types, diags);
    let success = lower_success(&responses, &format!("{type_stem}Response"), api_names);
    let default_status = super::success::default_status(&responses, &success);
    let options_struct = params
        .iter()
        .any(|p| !p.required)
        .then(|| api_names.claim(format!("{type_stem}Options")));
    Operation {
        operation_id,
        info_method_name: naming::join(&method_name, "with_http_info"),
        stream_method_name: naming::join(&method_name, "stream"),
        stream: None,
        default_status,
        mock_method_name: naming::join("expect", &method_name),
        method_name,
        group: group_name(&op.tags),
        tag: op.tags.first().cloned(),
        method: source.method,
        path,
        docs: Docs::new(op.summary.as_deref(), op.description.as_deref()),
        deprecated: op.deprecated,
        params,
        body,
        responses,
        success,
        errors: OperationErrors::default(),
        security,
        options_struct,
        pagination: None,
        server: None,
        pointer: source.at.clone(),
        cli: None,
    }
}

/// Warns about parts of an operation the client does not use.
fn warn_ignored_parts(source: &OperationSource<'_>, diags: &mut Diagnostics) {
    let op = source.operation;
    if !op.callbacks.is_empty() {
        diags.push(
            Diagnostic::warning(
                pointer(&source.at, &["callbacks"]),
                "callbacks are requests the API sends, not calls of the client; they are ignored",
            )
            .with_hint("serve the callback endpoints with an HTTP server of your own"),
        );
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
/// A path template as written, before its placeholders are bound to parameters.
pub struct ParsedPath {
    raw: String,
    parts: Vec<ParsedPart>,
    /// Constant query pairs of the path key.
    query: Vec<(String, String)>,
}

impl ParsedPath {
    /// Whether the template has a `{name}` placeholder.
    fn names(&self, name: &str) -> bool {
        self.parts
            .iter()
            .any(|part| matches!(part, ParsedPart::Placeholder(n) if n == name))
    }
}

/// A piece of a [`ParsedPath`].
#[derive(Debug, PartialEq, Eq)]
pub enum ParsedPart {
    /// Literal text.
    Literal(String),
    /// A `{name}` placeholder.
    Placeholder(String),
}

/// The IR's template: each placeholder refers to its path parameter by index. A placeholder
/// without one (an unclosed or empty one, already an error) stays literal text.
fn bind_placeholders(parsed: ParsedPath, params: &[Parameter]) -> PathTemplate {
    let parts = parsed
        .parts
        .into_iter()
        .map(|part| match part {
            ParsedPart::Literal(text) => PathPart::Literal(text),
            ParsedPart::Placeholder(name) => params
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.wire_name == name)
                .map_or_else(|| PathPart::Literal(format!("{{{name}}}")), PathPart::Param),
        })
        .collect();
    PathTemplate {
        raw: parsed.raw,
        parts,
        query: parsed.query,
    }
}

/// Splits a path template into literal text and placeholders.
///
/// A `{name:regex}` placeholder, as some server frameworks write them, is read as `{name}`
/// (the pattern only constrains what the server routes) with a warning; braces inside the
/// pattern are balanced.
pub fn parse_path(raw: &str, at: &str, diags: &mut Diagnostics) -> ParsedPath {
    let mut parts = Vec::new();
    let mut rest = raw;
    while let Some(open) = rest.find('{') {
        let Some(close) = closing_brace(&rest[open..]) else {
            diags.push(Diagnostic::error(
                at,
                format!("path `{raw}` has an unclosed `{{`"),
            ));
            break;
        };
        if open > 0 {
            parts.push(ParsedPart::Literal(rest[..open].to_string()));
        }
        let inside = &rest[open + 1..open + close];
        let name = match inside.split_once(':') {
            Some((name, pattern)) => {
                diags.push(
                    Diagnostic::warning(
                        at,
                        format!(
                            "path placeholder `{{{inside}}}` carries a route pattern `{pattern}`; \
                             it is read as `{{{name}}}`"
                        ),
                    )
                    .with_hint("OpenAPI placeholders are plain names; put the pattern on the parameter's schema"),
                );
                name.trim()
            }
            None => inside,
        };
        if name.is_empty() {
            diags.push(Diagnostic::error(
                at,
                format!("path `{raw}` has an empty `{{}}` placeholder"),
            ));
        } else {
            parts.push(ParsedPart::Placeholder(name.to_string()));
        }
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(ParsedPart::Literal(rest.to_string()));
    }
    if !raw.starts_with('/') {
        diags.push(
            Diagnostic::warning(at, format!("path `{raw}` does not start with `/`"))
                .with_hint("paths are appended to the server URL and must start with a slash"),
        );
    }
    // The template as the client documents and matches it: placeholders by name only.
    let normalized = parts
        .iter()
        .map(|part| match part {
            ParsedPart::Literal(text) => text.clone(),
            ParsedPart::Placeholder(name) => format!("{{{name}}}"),
        })
        .collect::<String>();
    ParsedPath {
        raw: normalized,
        parts,
        query: Vec::new(),
    }
}

/// The byte offset of the `}` that closes the `{` at the start of `text`.
fn closing_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (index, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
    }
    None
}

fn collect_params<'a>(
    source: &OperationSource<'a>,
    path: &ParsedPath,
    credentials: &[(ParamLocation, String)],
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
    let query_names: Vec<String> = merged
        .keys()
        .filter(|(_, location)| *location == ParamLocation::Query)
        .map(|(name, _)| name.clone())
        .collect();
    for ((name, mut location), (param, at)) in merged {
        let data = param.parameter_data_ref();
        // A path parameter its template does not name: the one reading that still reaches the
        // server is the query string.
        let demoted = location == ParamLocation::Path && !path.names(&name);
        if demoted {
            if query_names.contains(&name) {
                diags.push(Diagnostic::warning(
                    &at,
                    format!(
                        "path parameter `{name}` does not appear in the path `{}` and a query \
                         parameter has the same name; it is ignored",
                        path.raw
                    ),
                ));
                continue;
            }
            diags.push(
                Diagnostic::warning(
                    &at,
                    format!(
                        "path parameter `{name}` does not appear in the path `{}`; it is sent \
                         in the query string",
                        path.raw
                    ),
                )
                .with_hint(format!(
                    "add `{{{name}}}` to the path or declare it `in: query`"
                )),
            );
            location = ParamLocation::Query;
        }
        let set_by_client = location == ParamLocation::Header
            && (name.eq_ignore_ascii_case("accept")
                || (name.eq_ignore_ascii_case("content-type")
                    && source.operation.request_body.is_some()));
        let credential = credentials.iter().any(|(slot, slot_name)| {
            *slot == location
                && match location {
                    ParamLocation::Header => slot_name.eq_ignore_ascii_case(&name),
                    _ => *slot_name == name,
                }
        });
        if set_by_client || credential {
            diags.push(
                Diagnostic::warning(
                    &at,
                    format!("{location} parameter `{name}` is left out: the client sets it"),
                )
                .with_hint(if credential {
                    "a security scheme of this operation sends it; set that credential on the \
                     client builder"
                } else {
                    "the client sets `Accept` and `Content-Type` from the media types"
                }),
            );
            continue;
        }
        let hint = format!("{type_stem}{}", naming::type_name(&name));
        let (ty, constraints) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let ty = types.lower_ref(schema, &pointer(&at, &["schema"]), &hint, diags);
                let constraints = constraints_of_ref(schema, resolver);
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
            openapiv3::Parameter::Path { .. } if demoted => ParamStyle::Form { explode: true },
            openapiv3::Parameter::Path { style, .. } => {
                let explode = data.explode.unwrap_or(false);
                match style {
                    openapiv3::PathStyle::Simple => ParamStyle::Simple,
                    openapiv3::PathStyle::Label => ParamStyle::Label { explode },
                    openapiv3::PathStyle::Matrix => ParamStyle::Matrix { explode },
                }
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
            docs: Docs::new(None, data.description.as_deref()),
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

/// Splits a path key that carries a query string (`/search?q={q}`, `/rest?method=list`) into
/// the template and its `name=value` pairs, with a warning: OpenAPI paths have no query.
fn split_query<'p>(
    raw: &'p str,
    at: &str,
    diags: &mut Diagnostics,
) -> (&'p str, Vec<(&'p str, &'p str)>) {
    let Some((template, query)) = raw.split_once('?') else {
        return (raw, Vec::new());
    };
    diags.push(
        Diagnostic::warning(
            at,
            format!(
                "path `{raw}` carries a query string; the path is `{template}` and `{query}` is \
                 sent in the query"
            ),
        )
        .with_hint("declare query parameters with `in: query`; paths have no query string"),
    );
    let pairs = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .collect();
    (template, pairs)
}

/// The query pairs of a path key: a `name={placeholder}` pair is a query parameter (declared,
/// or a required string), the others are sent as they are.
fn add_query_placeholders(
    pairs: Vec<(&str, &str)>,
    params: &mut Vec<Parameter>,
    at: &str,
    diags: &mut Diagnostics,
    idents: &mut Scope,
) -> Vec<(String, String)> {
    let mut constant = Vec::new();
    for (name, value) in pairs {
        let placeholder = value
            .strip_prefix('{')
            .and_then(|v| v.strip_suffix('}'))
            .filter(|v| !v.is_empty());
        let Some(placeholder) = placeholder else {
            constant.push((name.to_string(), value.to_string()));
            continue;
        };
        let declared = params.iter_mut().find(|p| {
            p.location == ParamLocation::Query
                && (p.wire_name == placeholder || p.wire_name == name)
        });
        match declared {
            Some(param) => param.wire_name = name.to_string(),
            None => {
                diags.push(Diagnostic::warning(
                    at,
                    format!(
                        "query placeholder `{{{placeholder}}}` has no parameter; it is taken as a \
                         required string"
                    ),
                ));
                params.push(Parameter {
                    ident: idents.claim(naming::value_ident(placeholder)),
                    wire_name: name.to_string(),
                    location: ParamLocation::Query,
                    required: true,
                    ty: TypeRef::Primitive(Primitive::String),
                    style: ParamStyle::Form { explode: true },
                    constraints: Default::default(),
                    default: None,
                    docs: Docs::default(),
                    deprecated: false,
                });
            }
        }
    }
    constant
}

/// Gives every placeholder that no parameter names a required string parameter of its own,
/// so the template can always be filled.
fn add_missing_path_params(
    path: &ParsedPath,
    params: &mut Vec<Parameter>,
    at: &str,
    diags: &mut Diagnostics,
    idents: &mut Scope,
) {
    for part in &path.parts {
        let ParsedPart::Placeholder(name) = part else {
            continue;
        };
        if params
            .iter()
            .any(|p| p.location == ParamLocation::Path && &p.wire_name == name)
        {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                at,
                format!(
                    "path placeholder `{{{name}}}` has no matching path parameter; it is \
                     taken as a required string"
                ),
            )
            .with_hint(format!("declare a parameter `{name}` with `in: path`")),
        );
        params.push(Parameter {
            ident: idents.claim(naming::value_ident(name)),
            wire_name: name.clone(),
            location: ParamLocation::Path,
            required: true,
            ty: TypeRef::Primitive(Primitive::String),
            style: ParamStyle::Simple,
            constraints: Default::default(),
            default: None,
            docs: Docs::default(),
            deprecated: false,
        });
    }
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
                ParsedPart::Literal("/registries/".into()),
                ParsedPart::Placeholder("registryId".into()),
                ParsedPart::Literal("/tokens/".into()),
                ParsedPart::Placeholder("tokenId".into()),
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
}
