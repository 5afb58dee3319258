//! Stage 3: lowers a parsed document into the [`Api`] IR. All naming is decided here.

mod cycles;
mod operation;
mod pagination;
mod schema;

use crate::diagnostics::{pointer, Diagnostic, Diagnostics};
use crate::ir::{
    Api, ApiInfo, BodyKind, HttpMethod, Operation, ParamLocation, SecurityScheme, Server,
    ServerVariable, TypeRef,
};
use crate::naming::{self, Scope};
use crate::resolve::Resolver;
use openapiv3::{OpenAPI, ReferenceOr};
use operation::{lower_operation, OperationSource};
use schema::TypeBuilder;
use std::collections::BTreeMap;

/// Type names the generated crate's own items use; schemas with these names are renamed.
const RESERVED_TYPE_NAMES: &[&str] = &["ApiResponse", "ErrorModel", "SecretString", "RetryPolicy"];

/// Lowers `api` into the IR. Warnings are returned alongside; errors fail.
pub fn lower(api: &OpenAPI) -> Result<(Api, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    let resolver = Resolver::new(api);
    let empty = indexmap::IndexMap::new();
    let schemas = api
        .components
        .as_ref()
        .map(|c| &c.schemas)
        .unwrap_or(&empty);
    let mut types = TypeBuilder::new(
        resolver,
        schemas.keys().map(String::as_str),
        RESERVED_TYPE_NAMES,
    );
    types.lower_components(schemas, &mut diags);

    let mut operations = lower_operations(api, &mut types, &mut diags);
    let mut arena = types.finish();
    cycles::box_cycles(&mut arena);
    for operation in &mut operations {
        operation.pagination = pagination::detect(operation, &arena);
    }
    operations.sort_by(|a, b| (&a.group, &a.method_name).cmp(&(&b.group, &b.method_name)));
    let error_model = error_model(&operations);
    let lowered = Api {
        info: ApiInfo {
            title: api.info.title.clone(),
            version: api.info.version.clone(),
            description: api.info.description.clone(),
        },
        servers: lower_servers(api),
        types: arena,
        operations,
        security_schemes: lower_security(api, &mut diags),
        error_model,
    };
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((lowered, diags))
    }
}

fn lower_operations<'a>(
    api: &'a OpenAPI,
    types: &mut TypeBuilder<'a>,
    diags: &mut Diagnostics,
) -> Vec<Operation> {
    let mut sources = Vec::new();
    for (path, item) in api.paths.iter() {
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                diags.push(
                    Diagnostic::error(
                        pointer("#/paths", &[path]),
                        "path item references are not supported",
                    )
                    .with_hint("inline the path item"),
                );
                continue;
            }
        };
        for (method, operation) in item.iter() {
            sources.push(OperationSource {
                path,
                method: method_of(method),
                operation,
                path_params: &item.parameters,
                at: pointer("#/paths", &[path, method]),
            });
        }
    }

    // Operation ids: declared ones must be unique; missing ones derive from method and path.
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for source in &sources {
        if let Some(id) = source.operation.operation_id.as_deref() {
            if let Some(first) = seen.insert(id, &source.at) {
                diags.push(
                    Diagnostic::error(
                        pointer(&source.at, &["operationId"]),
                        format!("operationId `{id}` is used twice (first at {first})"),
                    )
                    .with_hint("operationIds must be unique across the document"),
                );
            }
        }
    }
    let mut method_names = Scope::with_reserved(&["new", "client"]);
    let mut operations = Vec::with_capacity(sources.len());
    // Declared ids claim their names first so derived ones never steal them.
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by_key(|&i| sources[i].operation.operation_id.is_none());
    let mut claimed: Vec<Option<(String, String)>> = vec![None; sources.len()];
    for i in order {
        let source = &sources[i];
        let operation_id = source
            .operation
            .operation_id
            .clone()
            .unwrap_or_else(|| derived_operation_id(source.method, source.path));
        let method_name = method_names.claim(naming::value_ident(&operation_id));
        claimed[i] = Some((operation_id, method_name));
    }
    for (source, names) in sources.iter().zip(claimed) {
        let Some((operation_id, method_name)) = names else {
            continue;
        };
        let requirements = source.operation.security.as_ref().or(api.security.as_ref());
        let authenticated = requirements.is_some_and(|r| !r.is_empty());
        operations.push(lower_operation(
            source,
            operation_id,
            method_name,
            authenticated,
            types,
            diags,
        ));
    }
    operations
}

/// `get /registries/{id}/tokens` -> `getRegistriesByIdTokens`.
fn derived_operation_id(method: HttpMethod, path: &str) -> String {
    let mut words = vec![method.as_str().to_ascii_lowercase()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                words.push("by".into());
                words.push(param.to_string());
            }
            None => words.push(segment.to_string()),
        }
    }
    if words.len() == 1 {
        words.push("root".into());
    }
    heck::ToLowerCamelCase::to_lower_camel_case(words.join(" ").as_str())
}

fn method_of(method: &str) -> HttpMethod {
    match method {
        "get" => HttpMethod::Get,
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "delete" => HttpMethod::Delete,
        "options" => HttpMethod::Options,
        "head" => HttpMethod::Head,
        "patch" => HttpMethod::Patch,
        _ => HttpMethod::Trace,
    }
}

fn lower_servers(api: &OpenAPI) -> Vec<Server> {
    api.servers
        .iter()
        .map(|server| Server {
            url: server.url.clone(),
            description: server.description.clone(),
            variables: server
                .variables
                .iter()
                .flatten()
                .map(|(name, variable)| {
                    (
                        name.clone(),
                        ServerVariable {
                            default: variable.default.clone(),
                            allowed: variable.enumeration.clone(),
                        },
                    )
                })
                .collect(),
        })
        .collect()
}

fn lower_security(api: &OpenAPI, diags: &mut Diagnostics) -> BTreeMap<String, SecurityScheme> {
    let mut out = BTreeMap::new();
    let Some(components) = &api.components else {
        return out;
    };
    for (name, scheme) in &components.security_schemes {
        let at = pointer("#/components/securitySchemes", &[name]);
        let scheme = match scheme {
            ReferenceOr::Item(scheme) => scheme,
            ReferenceOr::Reference { .. } => {
                diags.push(Diagnostic::warning(
                    at,
                    "security scheme references are not supported; the scheme is ignored",
                ));
                continue;
            }
        };
        let lowered = match scheme {
            openapiv3::SecurityScheme::HTTP { scheme, .. }
                if scheme.eq_ignore_ascii_case("basic") =>
            {
                SecurityScheme::Basic
            }
            openapiv3::SecurityScheme::HTTP { scheme, .. }
                if scheme.eq_ignore_ascii_case("bearer") =>
            {
                SecurityScheme::Bearer
            }
            openapiv3::SecurityScheme::HTTP { scheme, .. } => {
                diags.push(
                    Diagnostic::warning(
                        at,
                        format!(
                            "HTTP auth scheme `{scheme}` is not supported; the scheme is ignored"
                        ),
                    )
                    .with_hint("set the Authorization header yourself with a default header"),
                );
                continue;
            }
            openapiv3::SecurityScheme::APIKey { location, name, .. } => SecurityScheme::ApiKey {
                location: match location {
                    openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                    openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                    openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                },
                name: name.clone(),
            },
            openapiv3::SecurityScheme::OAuth2 { .. }
            | openapiv3::SecurityScheme::OpenIDConnect { .. } => SecurityScheme::OAuth,
        };
        out.insert(name.clone(), lowered);
    }
    out
}

/// The JSON type most error responses share.
fn error_model(operations: &[Operation]) -> Option<TypeRef> {
    let mut counts: BTreeMap<&TypeRef, usize> = BTreeMap::new();
    for response in operations.iter().flat_map(|o| &o.responses) {
        if response.status.is_success() {
            continue;
        }
        if let Some(BodyKind::Json(ty @ TypeRef::Named(_))) =
            response.body.as_ref().map(|b| &b.kind)
        {
            *counts.entry(ty).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(ty, _)| ty.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_derive_from_method_and_path() {
        assert_eq!(
            derived_operation_id(HttpMethod::Get, "/registries/{registryId}/tokens"),
            "getRegistriesByRegistryIdTokens"
        );
        assert_eq!(derived_operation_id(HttpMethod::Post, "/"), "postRoot");
    }
}
