//! Stage 3: lowers a parsed document into the [`Api`] IR. All naming is decided here.

mod body;
mod cli;
mod constraints;
mod cycles;
mod errors;
mod features;
mod operation;
mod pagination;
mod schema;
mod security;
mod success;
mod usage;

use crate::diagnostics::{pointer, Diagnostic, Diagnostics};
use crate::ir::{
    Api, ApiInfo, GroupNames, HttpMethod, Operation, ParamLocation, ResponseBodyKind, SchemeKind,
    SecurityNeed, SecurityScheme, Server, ServerVariable, StreamKind, Success, TypeRef,
};
use crate::load::Document;
use crate::naming::{self, Scope};
use crate::resolve::Resolver;
use heck::ToKebabCase;
use openapiv3::{OpenAPI, ReferenceOr};
use operation::{lower_operation, OperationSource};
use schema::TypeBuilder;
use std::collections::{BTreeMap, BTreeSet};

/// Type names the generated crate's own items use; schemas with these names are renamed.
/// (`ErrorModel` is not among them: a schema called `Error` becomes the model `ErrorModel`, and
/// the crate-level `ErrorModel` is then simply an alias of it.)
const RESERVED_TYPE_NAMES: &[&str] =
    &["ApiResponse", "SecretString", "RetryPolicy", "UnknownValue"];

/// Lowers a loaded document into the IR. Warnings (the loader's first) are returned alongside;
/// errors fail. Every pointer names a node of the document the user gave.
pub fn lower(document: &Document) -> Result<(Api, Diagnostics), Diagnostics> {
    let merge = |mut diags: Diagnostics| {
        document.relocate(&mut diags);
        let mut all = document.warnings.clone();
        all.extend(diags);
        all.dedup();
        all
    };
    match lower_api(&document.api) {
        Ok((mut api, warnings)) => {
            // The IR's pointers, too, name nodes of the document the user gave.
            for def in &mut api.types.defs {
                def.origin = document.original_pointer(&def.origin);
            }
            for operation in &mut api.operations {
                operation.pointer = document.original_pointer(&operation.pointer);
            }
            Ok((api, merge(warnings)))
        }
        Err(errors) => Err(merge(errors)),
    }
}

fn lower_api(api: &OpenAPI) -> Result<(Api, Diagnostics), Diagnostics> {
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

    let (mut security_schemes, scheme_index) = security::lower_schemes(api, &mut diags);
    let mut operations = lower_operations(
        api,
        &security_schemes,
        &scheme_index,
        &mut types,
        &mut diags,
    );
    let requirements: Vec<&[Vec<SecurityNeed>]> =
        operations.iter().map(|op| op.security.as_slice()).collect();
    let token_scheme = security::token_scheme(&security_schemes, &requirements);
    let basic_scheme = security::basic_scheme(&security_schemes, &requirements);
    security::name_setters(&mut security_schemes, token_scheme, basic_scheme);
    let mut arena = types.finish();
    cycles::box_cycles(&mut arena);
    let error_models = errors::lower_errors(&mut operations, &arena);
    let error_types: Vec<&TypeRef> = error_models.iter().map(|model| &model.ty).collect();
    usage::analyse(&mut arena, &operations, &error_types);
    features::analyse(&mut arena, &operations, &error_types);
    // After the usage analysis, which settles which fields are always present.
    for operation in &mut operations {
        operation.pagination = pagination::detect(operation, &arena);
        operation.stream = stream_kind(operation);
    }
    operations.sort_by(|a, b| (&a.group, &a.method_name).cmp(&(&b.group, &b.method_name)));
    let servers = lower_servers(api);
    let (base_url, base_path) = default_server(&servers);
    let lowered = Api {
        info: ApiInfo {
            title: api.info.title.clone(),
            version: api.info.version.clone(),
            description: api.info.description.clone(),
            license: api.info.license.as_ref().map(|l| l.name.clone()),
        },
        servers,
        base_url,
        base_path,
        types: arena,
        groups: group_names(&operations, &api.tags),
        operations,
        security_schemes,
        token_scheme,
        basic_scheme,
        error_models,
    };
    let mut lowered = lowered;
    cli::name_commands(&mut lowered);
    diags.dedup();
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((lowered, diags))
    }
}

/// The operations, each with its security requirements read against `schemes` (by name in
/// `scheme_index`).
fn lower_operations<'a>(
    api: &'a OpenAPI,
    schemes: &[SecurityScheme],
    scheme_index: &BTreeMap<String, usize>,
    types: &mut TypeBuilder<'a>,
    diags: &mut Diagnostics,
) -> Vec<Operation> {
    let mut sources = Vec::new();
    for (path, item) in api.paths.iter() {
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                diags.push(
                    Diagnostic::warning(
                        pointer("#/paths", &[path]),
                        "path item references are not supported; the path is left out",
                    )
                    .with_hint("inline the path item (a bundler such as `redocly bundle` does)"),
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
                path_servers: &item.servers,
                at: pointer("#/paths", &[path, method]),
            });
        }
    }

    // Operation ids: declared ones should be unique; a repeated one, like a missing one, is
    // derived from method and path (which are unique).
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    let mut repeated = vec![false; sources.len()];
    for (index, source) in sources.iter().enumerate() {
        if let Some(id) = source.operation.operation_id.as_deref() {
            if let Some(first) = seen.insert(id, &source.at) {
                repeated[index] = true;
                let derived = derived_operation_id(source.method, source.path);
                diags.push(
                    Diagnostic::warning(
                        pointer(&source.at, &["operationId"]),
                        format!(
                            "operationId `{id}` is used twice (first at {first}); this operation \
                             is named `{derived}` after its method and path instead"
                        ),
                    )
                    .with_hint("operationIds must be unique across the document"),
                );
                seen.insert(id, first);
            }
        }
    }
    let mut method_names = Scope::with_reserved(&["new", "client"]);
    // Items of the `apis` module share one namespace: group structs, options structs and success
    // enums, next to the names every group file imports.
    let mut api_names =
        Scope::with_reserved(&["ApiResponse", "Client", "Error", "Method", "Request"]);
    for source in &sources {
        api_names.claim(operation::group_name(&source.operation.tags));
    }
    let mut operations = Vec::with_capacity(sources.len());
    // Declared ids claim their names first so derived ones never steal them.
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by_key(|&i| sources[i].operation.operation_id.is_none() || repeated[i]);
    let mut claimed: Vec<Option<(String, String)>> = vec![None; sources.len()];
    for i in order {
        let source = &sources[i];
        let operation_id = match &source.operation.operation_id {
            Some(id) if !repeated[i] => id.clone(),
            _ => derived_operation_id(source.method, source.path),
        };
        let method_name = method_names.claim_with(naming::value_ident(&operation_id), |name| {
            vec![
                naming::join(name, "with_http_info"),
                naming::join(name, "stream"),
            ]
        });
        claimed[i] = Some((operation_id, method_name));
    }
    let mut reported = BTreeSet::new();
    for (source, names) in sources.iter().zip(claimed) {
        let Some((operation_id, method_name)) = names else {
            continue;
        };
        // The operation's own requirements, else the document's.
        let requirements = match (&source.operation.security, &api.security) {
            (Some(own), _) => security::Requirements {
                declared: Some(own),
                at: pointer(&source.at, &["security"]),
            },
            (None, Some(global)) => security::Requirements {
                declared: Some(global),
                at: "#/security".to_string(),
            },
            (None, None) => security::Requirements {
                declared: None,
                at: String::new(),
            },
        };
        let security = security::lower_requirements(
            &requirements,
            schemes,
            scheme_index,
            &mut reported,
            diags,
        );
        let credentials = credential_slots(&security, schemes);
        let mut operation = lower_operation(
            source,
            operation_id,
            method_name,
            security,
            &credentials,
            &mut api_names,
            types,
            diags,
        );
        operation.server = operation_server(source, api, diags);
        operations.push(operation);
    }
    operations
}

/// The `_stream` companion `operation` gets: the pages of a paginated operation whose
/// pagination parameters are options (a call without a body), else the chunks of a binary
/// success body.
fn stream_kind(operation: &Operation) -> Option<StreamKind> {
    if operation.pagination.is_some() {
        return (operation.body.is_none() && operation.options_struct.is_some())
            .then_some(StreamKind::Pages);
    }
    matches!(&operation.success, Success::Body(body) if body.kind == ResponseBodyKind::Bytes)
        .then_some(StreamKind::Body)
}

/// Where the schemes of `security` put their credentials: `Authorization` for basic, bearer
/// and OAuth 2, an API key's own header, query parameter or cookie.
fn credential_slots(
    security: &[Vec<SecurityNeed>],
    schemes: &[SecurityScheme],
) -> Vec<(ParamLocation, String)> {
    let mut slots: Vec<(ParamLocation, String)> = Vec::new();
    for need in security.iter().flatten() {
        let slot = match schemes.get(need.scheme).map(|s| &s.kind) {
            Some(SchemeKind::Token { location, name, .. }) => (*location, name.clone()),
            Some(SchemeKind::Basic | SchemeKind::OAuth2 { .. }) => {
                (ParamLocation::Header, "Authorization".to_string())
            }
            None => continue,
        };
        if !slots.contains(&slot) {
            slots.push(slot);
        }
    }
    slots
}

/// The server of an operation when it (or its path) names one the document's first server is
/// not: its first, with variables at their defaults. A relative one is a path on the client's
/// host.
fn operation_server(
    source: &OperationSource<'_>,
    api: &OpenAPI,
    diags: &mut Diagnostics,
) -> Option<String> {
    let (servers, at) = if source.operation.servers.is_empty() {
        (
            source.path_servers,
            pointer("#/paths", &[source.path, "servers"]),
        )
    } else {
        (
            source.operation.servers.as_slice(),
            pointer(&source.at, &["servers"]),
        )
    };
    let url = lower_server(servers.first()?).default_url();
    let document = api.servers.first().map(|s| lower_server(s).default_url());
    if document.as_deref().unwrap_or("") == url {
        return None;
    }
    // `''` or `/`: the root of the API's host, whatever path the document's server has.
    let url = if url.is_empty() { "/".to_string() } else { url };
    if servers.len() > 1 {
        diags.push(
            Diagnostic::warning(
                &at,
                format!(
                    "this operation has {} servers; the first is used",
                    servers.len()
                ),
            )
            .with_hint("`ClientBuilder::operation_servers(false)` sends it to the base URL"),
        );
    }
    if url.contains('{') || !(url.starts_with('/') || url.contains("://")) {
        diags.push(Diagnostic::warning(
            pointer(&at, &["0", "url"]),
            format!("server URL `{url}` is not a URL once its variables are filled; the client's base URL is used"),
        ));
        return None;
    }
    Some(url)
}

/// `get /registries/{id}/tokens` -> `get_registries_by_id_tokens`: the method, then the path's
/// words, with `by` before each parameter. Words are snake-cased one by one so that digits keep
/// their boundaries (`/v1/2fa` gives `v1_2fa`).
fn derived_operation_id(method: HttpMethod, path: &str) -> String {
    let mut words = vec![method.as_str().to_ascii_lowercase()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        for piece in segment.split_inclusive('}') {
            let (literal, param) = match piece.split_once('{') {
                Some((literal, param)) => (literal, Some(param.trim_end_matches('}'))),
                None => (piece, None),
            };
            words.push(naming::value_ident(literal));
            if let Some(param) = param {
                words.push("by".into());
                words.push(naming::value_ident(param));
            }
        }
    }
    words.retain(|word| !word.is_empty() && word != "value");
    if words.len() == 1 {
        words.push("root".into());
    }
    words
        .iter()
        .map(|word| word.trim_matches('_'))
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("_")
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

/// The default base URL (variables substituted) and its path; the URL is empty when the
/// first server is relative or there is none.
fn default_server(servers: &[Server]) -> (String, String) {
    let Some(server) = servers.first() else {
        return (String::new(), String::new());
    };
    let url = server.default_url();
    let path = match url.split_once("://") {
        Some((_, rest)) => rest
            .find('/')
            .map(|i| rest[i..].to_string())
            .unwrap_or_default(),
        None => url.clone(),
    };
    if url.starts_with('/') || url.is_empty() {
        return (String::new(), path);
    }
    (url, path)
}

fn lower_servers(api: &OpenAPI) -> Vec<Server> {
    api.servers.iter().map(lower_server).collect()
}

/// One server of the document, of a path or of an operation.
pub(crate) fn lower_server(server: &openapiv3::Server) -> Server {
    Server {
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
    }
}

/// The module, accessor and cargo feature of each group: the module and accessor are the
/// group's name in snake case (`TokensApi` gives `tokens_api`); group names are unique
/// identifiers in `CamelCase`, so these are too. The feature is the name without its `Api`
/// suffix in kebab case (`tokens`), made unique with a number, and never one of the features
/// the crate declares itself.
fn group_names(operations: &[Operation], tags: &[openapiv3::Tag]) -> BTreeMap<String, GroupNames> {
    let mut groups: Vec<(&str, Option<&str>)> = operations
        .iter()
        .map(|op| (op.group.as_str(), op.tag.as_deref()))
        .collect();
    groups.sort_unstable();
    groups.dedup_by_key(|(group, _)| *group);
    let mut features = BTreeSet::new();
    groups
        .into_iter()
        .map(|(group, tag)| {
            let module = naming::module_name(group);
            let described = tag.and_then(|tag| {
                let declared = tags.iter().find(|t| t.name == tag)?;
                declared
                    .description
                    .as_deref()
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
            });
            let doc = match (described, tag) {
                (Some(description), _) => description.to_string(),
                (None, Some(tag)) => format!("Operations of the `{tag}` group."),
                (None, None) => "Operations without a tag.".to_string(),
            };
            let base = group.strip_suffix("Api").unwrap_or(group).to_kebab_case();
            let base = if base.is_empty() || RESERVED_FEATURES.contains(&base.as_str()) {
                format!("{base}-api").trim_start_matches('-').to_string()
            } else {
                base
            };
            let feature = (1..)
                .map(|n| match n {
                    1 => base.clone(),
                    n => format!("{base}-{n}"),
                })
                .find(|name| !features.contains(name))
                .unwrap_or(base);
            features.insert(feature.clone());
            let names = GroupNames {
                accessor: module.clone(),
                module,
                feature,
                doc,
                command: String::new(),
            };
            (group.to_string(), names)
        })
        .collect()
}

/// Cargo features a generated crate declares besides one per group.
const RESERVED_FEATURES: &[&str] = &["default", "mock"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_derive_from_method_and_path() {
        assert_eq!(
            derived_operation_id(HttpMethod::Get, "/registries/{registryId}/tokens"),
            "get_registries_by_registry_id_tokens"
        );
        assert_eq!(derived_operation_id(HttpMethod::Post, "/"), "post_root");
        assert_eq!(
            derived_operation_id(HttpMethod::Post, "/v1/2fa"),
            "post_v1_2fa"
        );
        assert_eq!(
            derived_operation_id(HttpMethod::Get, "/files/{file-name}.json/{type}"),
            "get_files_by_file_name_json_by_type"
        );
    }

    /// Names the emitted code binds never collide with the document's: an operation called
    /// `listItemsStream` next to `listItems` (whose `_stream` companion it would be), and a
    /// parameter called `api` on a paginated operation (whose stream binds the client so).
    #[test]
    fn names_the_code_binds_are_reserved() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /items:\n    get:\n      operationId: listItemsStream\n      responses: {'204': {description: ok}}\n  /items/{api}:\n    get:\n      operationId: listItems\n      parameters:\n        - {name: api, in: path, required: true, schema: {type: string}}\n        - {name: offset, in: query, schema: {type: integer}}\n        - {name: limit, in: query, schema: {type: integer}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {items: {type: array, items: {type: string}}}}\n";
        let (api, _) = lower(&crate::load_str(text).expect("loads")).expect("lowers");
        let method = |id: &str| {
            let op = api
                .operations
                .iter()
                .find(|op| op.operation_id == id)
                .expect(id);
            (
                op.method_name.clone(),
                op.stream_method_name.clone(),
                op.stream,
            )
        };
        let (stream_named, _, _) = method("listItemsStream");
        let (list, list_stream, kind) = method("listItems");
        assert_ne!(list, stream_named);
        assert_eq!(kind, Some(StreamKind::Pages));
        assert_ne!(stream_named, list_stream);
        let op = api
            .operations
            .iter()
            .find(|op| op.operation_id == "listItems")
            .unwrap();
        assert_eq!(op.params[0].wire_name, "api");
        assert_ne!(op.params[0].ident, "api");
    }
}
