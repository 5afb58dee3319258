//! Emits one file per API group under `src/apis/`: the group struct, its operations and their
//! options structs.

use super::args::positional_args;
use super::pagination::stream_method;
use super::success;
use super::types::{deprecated_attr, doc_attrs, ident, names_a_model, rust_type, Spelling};
use super::validation::{root_path, value_checks, Validation};
use crate::ir::{
    Api, BodyKind, Operation, ParamLocation, ParamStyle, Parameter, PartKind, PathPart, Primitive,
    RequestBody, ResponseBody, Success, TypeArena, TypeKind, TypeRef,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The tokens of the file for group `group`, holding `operations`.
pub fn group_file(
    group: &str,
    operations: &[&Operation],
    api: &Api,
    validation: &Validation,
) -> TokenStream {
    let name = ident(group);
    let arena = &api.types;
    let methods = operations
        .iter()
        .map(|op| operation_methods(op, api, validation));
    let options = operations.iter().filter_map(|op| options_struct(op, arena));
    let forms = operations.iter().filter_map(|op| form_struct(op, arena));
    let enums = operations
        .iter()
        .filter_map(|op| success::success_enum(op, arena));
    let doc = format!(
        " Operations of the `{}` group.",
        group.trim_end_matches("Api")
    );
    let example_method = operations
        .first()
        .map(|op| op.method_name.as_str())
        .unwrap_or("");
    let accessor = super::group_names(api, group).map_or("", |g| g.accessor.as_str());
    let usage = format!(" Reach it with [`Client::{accessor}`]; its methods are `async` and return [`Error`] on failure (see [`{group}::{example_method}`]).");
    // Paths into the crate are relative (`super::super` is the crate root), so the same code
    // works as a crate and folded into a module of another crate.
    let models = operations
        .iter()
        .any(|op| spells_a_model(op))
        .then(|| quote!(, models));
    // The mock expectations may name an operation's own error model when nothing else does.
    let mock_models = (models.is_none()
        && operations
            .iter()
            .any(|op| super::errors::mock_error_type(op, api).is_some()))
    .then(|| {
        quote!(
            #[cfg(feature = "mock")]
            use super::super::models;
        )
    });
    let page_stream = operations
        .iter()
        .any(|op| op.pagination.is_some() && op.options_struct.is_some())
        .then(|| quote!(, PageStream));
    let expectations = super::mock::group_expectations(operations, api);
    let need = operations
        .iter()
        .any(|op| !op.security.is_empty())
        .then(|| quote!(Need,));
    let path_param = operations
        .iter()
        .any(|op| {
            op.path.parts.iter().any(|part| {
                matches!(part, PathPart::Param(index)
                    if op.params.get(*index).is_some_and(|p| p.style == ParamStyle::Simple))
            })
        })
        .then(|| quote!(path_param,));
    let validate = operations
        .iter()
        .any(|op| validates_body(op, &api.types, validation))
        .then(|| {
            quote!(
                use openapi_client_runtime::validation::{Path, Validate};
            )
        });
    let byte_stream = operations
        .iter()
        .any(|op| streams_body(op))
        .then(|| quote!(, ByteStream));
    let event_stream = operations
        .iter()
        .any(|op| event_data(op).is_some())
        .then(|| quote!(, EventStream));
    let error_model = super::errors::several(api).then(|| quote!(, ErrorModel));
    let redirect = operations
        .iter()
        .any(|op| keeps_redirects(op))
        .then(|| quote!(, Redirect));
    quote! {
        use super::super::{ApiResponse, Client, Error #error_model #byte_stream #event_stream #page_stream #redirect #models};
        use openapi_client_runtime::reqwest::Method;
        use openapi_client_runtime::transport::{#need #path_param Request};
        #validate
        #mock_models

        #[doc = #doc]
        ///
        #[doc = #usage]
        #[derive(Debug, Clone)]
        pub struct #name {
            client: Client,
        }

        impl #name {
            /// Operations of this group sent through `client`.
            pub fn new(client: Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }

        #(#options)*
        #(#forms)*

        #(#enums)*

        #expectations
    }
}

fn operation_methods(op: &Operation, api: &Api, validation: &Validation) -> TokenStream {
    let arena = &api.types;
    let name = ident(&op.method_name);
    let with_info = ident(&op.info_method_name);
    let args = positional_args(op, arena);
    let options_param = op.options_struct.as_ref().map(|options| {
        let options = format_ident!("{}", options);
        quote!(options: #options)
    });
    let decls: Vec<TokenStream> = args
        .iter()
        .map(|a| {
            let (ident, decl) = (&a.ident, &a.decl);
            quote!(#ident: #decl)
        })
        .chain(options_param.clone())
        .collect();
    let pass: Vec<TokenStream> = args
        .iter()
        .map(|a| {
            let ident = &a.ident;
            quote!(#ident)
        })
        .chain(options_param.as_ref().map(|_| quote!(options)))
        .collect();
    let success_ty = success::result_type(op, arena);
    let errors = super::errors::decoder_arg(op, api);
    let send = success::send_and_decode(op, &errors);
    let docs = operation_docs(op, api);
    let info_doc = format!(
        " Like [`Self::{}`], also returning the HTTP status and response headers.",
        crate::ir::unraw(&op.method_name)
    );
    let build = request_building(op, arena, validation);
    let deprecated = deprecated_attr(op.deprecated);
    // One positional argument per required parameter is the calling convention; an operation
    // with more than clippy's seven is still called that way.
    let many = (decls.len() >= 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let stream = op
        .pagination
        .as_ref()
        .filter(|_| op.body.is_none())
        .map(|pagination| stream_method(op, pagination, &args, arena));
    let byte_stream = streams_body(op).then(|| {
        let stream_name = ident(&op.stream_method_name);
        let doc = format!(
            " Like [`Self::{}`], with the body as a [`ByteStream`] of its chunks as they arrive: \
             it is never held whole in memory, and `max_response_bytes` does not apply to it. \
             The timeout covers the whole download; raise it for a large one with \
             [`CallOptions::timeout`](crate::CallOptions::timeout).",
            crate::ir::unraw(&op.method_name)
        );
        let deprecated = deprecated_attr(op.deprecated);
        quote! {
            #[doc = #doc]
            #deprecated
            #many
            pub async fn #stream_name(&self, #(#decls),*) -> Result<ApiResponse<ByteStream>, Error> {
                #build
                self.client.execute_stream(request #errors).await
            }
        }
    });

    quote! {
        #docs
        #deprecated
        #many
        pub async fn #name(&self, #(#decls),*) -> Result<#success_ty, Error> {
            self.#with_info(#(#pass),*).await.map(ApiResponse::into_data)
        }

        #[doc = #info_doc]
        #deprecated
        #many
        pub async fn #with_info(&self, #(#decls),*) -> Result<ApiResponse<#success_ty>, Error> {
            #build
            #send
        }

        #stream
        #byte_stream
    }
}

/// For an operation answering with server-sent events: `Some` of the type of their data
/// (`None`: text).
pub(super) fn event_data(op: &Operation) -> Option<Option<&TypeRef>> {
    match &op.success {
        crate::ir::Success::Body(body) => match &body.kind {
            BodyKind::EventStream(data) => Some(data.as_ref()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `op` gets a `_stream` method handing out its binary success body as it arrives.
pub(super) fn streams_body(op: &Operation) -> bool {
    op.pagination.is_none()
        && matches!(&op.success, crate::ir::Success::Body(body) if body.kind == BodyKind::Bytes)
}

fn operation_docs(op: &Operation, api: &Api) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    lines.extend(op.docs.summary.clone());
    lines.extend(op.docs.description.clone());
    if op.deprecated {
        lines.push("**Deprecated** by the API.".into());
    }
    lines.push(format!("`{} {}`", op.method.as_str(), op.path.raw));
    let responses: Vec<String> = op
        .responses
        .iter()
        .map(|r| {
            let status = r.status;
            let description = r
                .description
                .as_deref()
                .unwrap_or("")
                .lines()
                .next()
                .unwrap_or("");
            let headers: Vec<String> = r.headers.iter().map(|h| format!("`{}`", h.name)).collect();
            let headers = if headers.is_empty() {
                String::new()
            } else {
                format!(" (headers: {})", headers.join(", "))
            };
            let model = super::errors::status_variant(op, api, status)
                .map(|variant| format!(" (error model: `ErrorModel::{variant}`)"))
                .unwrap_or_default();
            format!("- {status}: {description}{headers}{model}")
        })
        .collect();
    if !responses.is_empty() {
        lines.push(format!("Responses:\n{}", responses.join("\n")));
    }
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    doc_attrs(&refs)
}

/// Statements that build `request` and validate arguments.
fn request_building(op: &Operation, arena: &TypeArena, validation: &Validation) -> TokenStream {
    let method = format_ident!("{}", op.method.as_str());
    let operation_id = &op.operation_id;
    let (segments, path) = path_expr(op, arena);
    let mut checks = Vec::new();
    let mut fills = Vec::new();
    for param in &op.params {
        let ident = ident(&param.ident);
        let value = if param.required {
            quote!(#ident)
        } else {
            quote!(value)
        };
        let wire = &param.wire_name;
        // Required scalars are taken by value; the checks take a reference.
        let lent = match arena.argument(&param.ty) {
            TypeRef::Primitive(
                Primitive::I32 | Primitive::I64 | Primitive::F32 | Primitive::F64,
            ) if param.required => {
                quote!(&#value)
            }
            _ => value.clone(),
        };
        let check = value_checks(
            &param.ty,
            &param.constraints,
            &lent,
            &root_path(wire),
            arena,
            validation,
        );
        if !check.is_empty() {
            checks.push(if param.required {
                check
            } else {
                quote!(if let Some(value) = &options.#ident { #check })
            });
        }
        if param.location == ParamLocation::Path {
            continue;
        }
        let fill = param_fill(param, &value, arena);
        fills.push(if param.required {
            fill
        } else {
            quote!(if let Some(value) = &options.#ident { #fill })
        });
    }
    if let Some(RequestBody {
        kind: BodyKind::Json(ty) | BodyKind::Form(ty),
        required,
        ..
    }) = &op.body
    {
        if validation.type_needs(ty, arena, 0) {
            let check = quote!(body.validate(&Path::Root("body"))?;);
            checks.push(if *required {
                check
            } else {
                quote!(if let Some(body) = body { #check })
            });
        }
    }
    let validate = (!checks.is_empty()).then(|| {
        quote! {
            if self.client.validation_enabled() {
                #(#checks)*
            }
        }
    });
    let body = op.body.as_ref().map(|body| body_fill(body, arena));
    let accept = success::accept(op);
    let auth = super::security::request_security(op);
    let server = op
        .server
        .as_deref()
        .map(|url| quote!(request.server(#url);));
    let redirects = keeps_redirects(op).then(|| quote!(request.keep_redirects();));
    let constant_query = op
        .path
        .query
        .iter()
        .map(|(name, value)| quote!(request.query(#name, &#value);));
    fills.splice(0..0, constant_query);
    let mutable = (!fills.is_empty()
        || body.is_some()
        || accept.is_some()
        || auth.is_some()
        || server.is_some()
        || redirects.is_some())
    .then(|| quote!(mut));
    quote! {
        #validate
        #segments
        let #mutable request = Request::new(Method::#method, #operation_id, #path);
        #(#fills)*
        #body
        #accept
        #auth
        #server
        #redirects
    }
}

/// The request path: statements encoding each path parameter into a local `segment_<n>`, and
/// a literal or a `format!` of the literals with those segments inlined.
fn path_expr(op: &Operation, arena: &TypeArena) -> (TokenStream, TokenStream) {
    let mut template = String::new();
    let mut segments = TokenStream::new();
    let mut encoded = std::collections::BTreeMap::new();
    let mut count = 0;
    for part in &op.path.parts {
        match part {
            PathPart::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathPart::Param(index) => {
                let Some(param) = op.params.get(*index) else {
                    continue;
                };
                // A placeholder that appears twice is encoded once.
                if let Some(segment) = encoded.get(index) {
                    template.push_str(&format!("{{{segment}}}"));
                    continue;
                }
                let ident = ident(&param.ident);
                let display = display_expr(&param.ty, quote!(#ident), arena);
                let encoded_segment = path_segment(param, &quote!(#ident), display, arena);
                // The encoded segment takes the argument's name; a raw identifier cannot
                // appear in a format string, so it gets a numbered one.
                let segment = if param.ident.starts_with("r#") {
                    format_ident!("segment_{count}")
                } else {
                    ident.clone()
                };
                count += 1;
                template.push_str(&format!("{{{segment}}}"));
                segments.extend(quote! {
                    let #segment = #encoded_segment?;
                });
                encoded.insert(*index, segment);
            }
        }
    }
    if template.is_empty() {
        template.push('/');
    }
    let path = if count == 0 {
        let literal = template.replace("{{", "{").replace("}}", "}");
        quote!(#literal)
    } else {
        quote!(format!(#template))
    };
    (segments, path)
}

/// A `Result<String, InvalidArgument>` expression: path parameter `param` (its value given as
/// `value`, its text as `display`) encoded in its style.
pub(super) fn path_segment(
    param: &Parameter,
    value: &TokenStream,
    display: TokenStream,
    arena: &TypeArena,
) -> TokenStream {
    let wire = &param.wire_name;
    let values = || match &param.ty {
        TypeRef::Vec(item) => string_items(item, value, arena),
        _ => quote!([(#display).to_string()]),
    };
    match param.style {
        ParamStyle::Label { explode } => {
            let values = values();
            quote!(openapi_client_runtime::transport::label_param(#wire, &#values, #explode))
        }
        ParamStyle::Matrix { explode } => {
            let values = values();
            quote!(openapi_client_runtime::transport::matrix_param(#wire, &#values, #explode))
        }
        ParamStyle::Simple | ParamStyle::Form { .. } | ParamStyle::DeepObject => {
            quote!(path_param(#wire, #display))
        }
    }
}

/// An expression implementing `Display` for a value of type `ty` (given as a place expression).
/// Objects and JSON values are sent as JSON text; a value that does not serialize is an
/// [`InvalidArgument`](openapi_client_runtime::InvalidArgument) (`?`), never a silent `null`.
pub(super) fn display_expr(ty: &TypeRef, value: TokenStream, arena: &TypeArena) -> TokenStream {
    match ty {
        TypeRef::Primitive(Primitive::DateTime) => quote!(&#value.to_rfc3339()),
        TypeRef::Primitive(Primitive::Secret) => quote!(&#value),
        TypeRef::Primitive(_) => quote!(&#value),
        TypeRef::Vec(item) => {
            let items = string_items(item, &value, arena);
            quote!(&#items.join(","))
        }
        TypeRef::Named(id) => match &arena.get(*id).kind {
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => quote!(&#value),
            TypeKind::Alias(target) => display_expr(target, value, arena),
            TypeKind::Struct(_) | TypeKind::Union(_) => json_text(&value),
        },
        TypeRef::Map(_) | TypeRef::Json | TypeRef::Nullable(_) => json_text(&value),
    }
}

/// `Result<String, InvalidArgument>` of `value` as JSON text, unwrapped with `?`.
fn json_text(value: &TokenStream) -> TokenStream {
    quote!(&openapi_client_runtime::transport::json_text(&#value)?)
}

/// Whether turning a value of type `ty` into text can fail (it is serialized as JSON).
pub(super) fn is_json_text(ty: &TypeRef, arena: &TypeArena) -> bool {
    match ty {
        TypeRef::Primitive(_) => false,
        TypeRef::Vec(item) => is_json_text(item, arena),
        TypeRef::Named(id) => match &arena.get(*id).kind {
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => false,
            TypeKind::Alias(target) => is_json_text(target, arena),
            TypeKind::Struct(_) | TypeKind::Union(_) => true,
        },
        TypeRef::Map(_) | TypeRef::Json | TypeRef::Nullable(_) => true,
    }
}

/// A `Vec<String>` expression of the items of `values` (a slice of `item`s) as text.
fn string_items(item: &TypeRef, values: &TokenStream, arena: &TypeArena) -> TokenStream {
    let item_string = string_expr(item, quote!(item), arena);
    if is_json_text(item, arena) {
        // Each item as JSON text; serialization can fail, so the texts are collected as a
        // `Result` (an array of arrays of objects joins its inner texts first).
        let to_text = match item {
            TypeRef::Vec(_) => {
                quote!(|item| -> Result<String, openapi_client_runtime::InvalidArgument> {
                    Ok(#item_string)
                })
            }
            _ => quote!(openapi_client_runtime::transport::json_text),
        };
        quote!(#values
            .iter()
            .map(#to_text)
            .collect::<Result<Vec<_>, openapi_client_runtime::InvalidArgument>>()?)
    } else {
        quote!(#values.iter().map(|item| #item_string).collect::<Vec<_>>())
    }
}

/// A `String` expression for a value of type `ty` given as a reference (an array item): the
/// text of [`display_expr`], without a needless borrow.
fn string_expr(ty: &TypeRef, value: TokenStream, arena: &TypeArena) -> TokenStream {
    match ty {
        TypeRef::Primitive(Primitive::DateTime) => quote!(#value.to_rfc3339()),
        TypeRef::Primitive(_) => quote!(#value.to_string()),
        TypeRef::Vec(item) => {
            let items = string_items(item, &value, arena);
            quote!(#items.join(","))
        }
        TypeRef::Named(id) => match &arena.get(*id).kind {
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => quote!(#value.to_string()),
            TypeKind::Alias(target) => string_expr(target, value, arena),
            TypeKind::Struct(_) | TypeKind::Union(_) => {
                quote!(openapi_client_runtime::transport::json_text(#value)?)
            }
        },
        TypeRef::Map(_) | TypeRef::Json | TypeRef::Nullable(_) => {
            quote!(openapi_client_runtime::transport::json_text(#value)?)
        }
    }
}

fn param_fill(param: &Parameter, value: &TokenStream, arena: &TypeArena) -> TokenStream {
    let wire = &param.wire_name;
    match param.location {
        ParamLocation::Query => match (&param.style, &param.ty) {
            (ParamStyle::DeepObject, _) => {
                quote!(request.query_deep_object(#wire, &openapi_client_runtime::transport::json_value(&#value)?);)
            }
            (ParamStyle::Form { explode }, TypeRef::Vec(item)) => {
                let items = string_items(item, value, arena);
                quote!(request.query_array(#wire, &#items, #explode);)
            }
            _ => {
                let display = display_expr(&param.ty, value.clone(), arena);
                quote!(request.query(#wire, #display);)
            }
        },
        ParamLocation::Header => {
            let display = display_expr(&param.ty, value.clone(), arena);
            quote!(request.header(#wire, #display)?;)
        }
        ParamLocation::Cookie => {
            let display = display_expr(&param.ty, value.clone(), arena);
            quote!(request.cookie(#wire, #display)?;)
        }
        ParamLocation::Path => TokenStream::new(),
    }
}

fn body_fill(body: &RequestBody, arena: &TypeArena) -> TokenStream {
    let media = &body.media_type;
    let fill = match &body.kind {
        BodyKind::Json(_) if media == "application/json" => quote!(request.json(body)?;),
        BodyKind::Json(_) => quote!(request.json_as(body, #media)?;),
        BodyKind::Form(_) => quote!(request.form(body)?;),
        BodyKind::Text | BodyKind::EventStream(_) => quote!(request.text(body, #media);),
        BodyKind::Multipart => match &body.form {
            Some(form) => form_fill(form, arena),
            None => quote!(request.bytes_with_content_type(body, content_type)?;),
        },
        // Required, the argument is `impl Into<UploadBody>`; optional, an `UploadBody`.
        BodyKind::Bytes if body.required => quote!(request.upload(body.into(), #media);),
        BodyKind::Bytes => quote!(request.upload(body, #media);),
    };
    if body.required {
        fill
    } else {
        quote!(if let Some(body) = body { #fill })
    }
}

/// The struct of a typed `multipart/form-data` body: one public field per part (an `Option`
/// when the part is optional), and a constructor taking the required ones.
fn form_struct(op: &Operation, arena: &TypeArena) -> Option<TokenStream> {
    let form = op.body.as_ref()?.form.as_ref()?;
    let name = ident(&form.name);
    let doc = format!(
        " The `multipart/form-data` body of [`{}::{}`]: one field per part.",
        op.group,
        crate::ir::unraw(&op.method_name)
    );
    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for part in &form.parts {
        let field = ident(&part.ident);
        let value = match &part.kind {
            PartKind::Text(ty) | PartKind::Json(ty) => rust_type(ty, arena, Spelling::Qualified),
            PartKind::File => quote!(openapi_client_runtime::multipart::FilePart),
            PartKind::Files => quote!(Vec<openapi_client_runtime::multipart::FilePart>),
        };
        let what = match &part.kind {
            PartKind::Text(_) => "text",
            PartKind::Json(_) => "JSON",
            PartKind::File => "a file",
            PartKind::Files => "files",
        };
        let mut lines: Vec<String> = part
            .docs
            .summary
            .iter()
            .chain(&part.docs.description)
            .cloned()
            .collect();
        lines.push(format!("Part `{}` ({what}).", part.wire_name));
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let docs = doc_attrs(&refs);
        if part.required {
            fields.push(quote!(#docs pub #field: #value,));
            args.push(quote!(#field: #value));
            inits.push(quote!(#field));
        } else {
            fields.push(quote!(#docs pub #field: Option<#value>,));
            inits.push(quote!(#field: None));
        }
    }
    let new_doc = format!(
        " A `{}` with its required parts; the optional ones are unset.",
        form.name
    );
    let many = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #[doc = #new_doc]
            #many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    })
}

/// Statements adding the parts of `body` (a typed form) to `request`.
fn form_fill(form: &crate::ir::MultipartForm, arena: &TypeArena) -> TokenStream {
    let parts = form.parts.iter().map(|part| {
        let wire = &part.wire_name;
        let field = ident(&part.ident);
        let content_type = match &part.content_type {
            Some(ct) => quote!(Some(#ct)),
            None => quote!(None),
        };
        let add = |value: TokenStream| match &part.kind {
            PartKind::Text(TypeRef::Primitive(Primitive::Secret)) => {
                quote!(form.text(#wire, #value.expose_secret().to_owned(), #content_type);)
            }
            PartKind::Text(ty) => {
                let text = string_expr(ty, value, arena);
                quote!(form.text(#wire, #text, #content_type);)
            }
            PartKind::Json(_) => quote!(form.json(#wire, &#value, #content_type)?;),
            PartKind::File => quote!(form.file(#wire, #value, #content_type);),
            PartKind::Files => quote! {
                for file in #value {
                    form.file(#wire, file, #content_type);
                }
            },
        };
        if part.required {
            add(quote!(body.#field))
        } else {
            let fill = add(quote!(value));
            quote!(if let Some(value) = body.#field { #fill })
        }
    });
    quote! {
        let mut form = openapi_client_runtime::multipart::Form::new();
        #(#parts)*
        request.multipart(form);
    }
}

fn options_struct(op: &Operation, arena: &TypeArena) -> Option<TokenStream> {
    let name = format_ident!("{}", op.options_struct.as_ref()?);
    let doc = format!(
        " Optional parameters of [`{}::{}`].",
        op.group,
        crate::ir::unraw(&op.method_name)
    );
    let optional: Vec<&Parameter> = op.params.iter().filter(|p| !p.required).collect();
    let fields = optional.iter().map(|p| {
        let ident = ident(&p.ident);
        let ty = rust_type(&p.ty, arena, Spelling::Qualified);
        let docs = param_docs(p);
        let deprecated = deprecated_attr(p.deprecated);
        quote!(#docs #deprecated pub #ident: Option<#ty>,)
    });
    let setters = optional.iter().map(|p| {
        let ident = ident(&p.ident);
        let doc = format!(" Sets `{}`.", p.wire_name);
        let (arg, value) = match &p.ty {
            TypeRef::Primitive(Primitive::String) => {
                (quote!(impl Into<String>), quote!(value.into()))
            }
            other => (rust_type(other, arena, Spelling::Qualified), quote!(value)),
        };
        let deprecated = deprecated_attr(p.deprecated);
        quote! {
            #[doc = #doc]
            #deprecated
            pub fn #ident(mut self, value: #arg) -> Self {
                self.#ident = Some(#value);
                self
            }
        }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #(#setters)*
        }
    })
}

fn param_docs(param: &Parameter) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    lines.extend(param.docs.description.clone());
    if lines.is_empty() {
        lines.push(format!(
            "The `{}` {} parameter.",
            param.wire_name, param.location
        ));
    }
    if let Some(default) = &param.default {
        lines.push(format!("The server assumes `{default}` when unset."));
    }
    if param.deprecated {
        lines.push("**Deprecated** by the API.".into());
    }
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    doc_attrs(&refs)
}

/// Whether `op` validates its request body (a model with constraints inside).
fn validates_body(op: &Operation, arena: &TypeArena, validation: &Validation) -> bool {
    matches!(
        op.body.as_ref().map(|b| &b.kind),
        Some(BodyKind::Json(ty) | BodyKind::Form(ty)) if validation.type_needs(ty, arena, 0)
    )
}

/// Whether `op` documents redirects as outcomes (its result holds a `Redirect`).
pub fn keeps_redirects(op: &Operation) -> bool {
    match &op.success {
        Success::Redirect => true,
        Success::Variants { variants, .. } => variants.iter().any(|v| v.redirect),
        _ => false,
    }
}

/// Whether the methods or options of `op` name a model (`models::Name`), so that the group's
/// file imports `models`.
fn spells_a_model(op: &Operation) -> bool {
    let body = |kind: &BodyKind| matches!(kind, BodyKind::Json(ty) | BodyKind::Form(ty) if names_a_model(ty));
    let response = |body_of: &ResponseBody| body(&body_of.kind);
    let form_part = |part: &crate::ir::FormPart| match &part.kind {
        PartKind::Text(ty) | PartKind::Json(ty) => names_a_model(ty),
        PartKind::File | PartKind::Files => false,
    };
    op.params.iter().any(|p| names_a_model(&p.ty))
        || op.body.as_ref().is_some_and(|b| body(&b.kind))
        || op
            .body
            .as_ref()
            .and_then(|b| b.form.as_ref())
            .is_some_and(|form| form.parts.iter().any(form_part))
        || match &op.success {
            Success::Empty | Success::Redirect => false,
            Success::Body(b) | Success::Optional { body: b, .. } => response(b),
            Success::Variants { variants, .. } => variants
                .iter()
                .filter_map(|v| v.body.as_ref())
                .any(response),
        }
}
