//! Emits one file per API group under `src/apis/`: the group struct, its operations and their
//! options structs.

use super::args::positional_args;
use super::pagination::stream_method;
use super::params::{param_fill, path_template, string_expr, OnError};
use super::success;
use super::types::{
    allow_many_arguments, deprecated_attr, doc_attrs, ident, names_a_model, rust_type, Spelling,
};
use super::validation::{
    has_own_checks, root_path, validate_call, value_checks, Statics, Validation,
};
use crate::ir::{
    Api, Operation, ParamLocation, ParamStyle, Parameter, PartKind, PathPart, Primitive,
    RequestBody, RequestBodyKind, ResponseBody, ResponseBodyKind, StreamKind, Success, TypeArena,
    TypeRef,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The tokens of the file for group `group`, holding `operations`.
/// `root` is the path of the crate's root module: `crate`, or the module a build script
/// generated into (`crate::registry`); `mocks` whether the `mock` feature's expectations are
/// generated.
pub fn group_file(
    group: &str,
    operations: &[&Operation],
    api: &Api,
    validation: &Validation,
    root: &TokenStream,
    mocks: bool,
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
    let doc = doc_attrs(&[super::group_names(api, group).map_or("", |g| g.doc.as_str())]);
    let example_method = operations
        .first()
        .map(|op| op.method_name.as_str())
        .unwrap_or("");
    let accessor = super::group_names(api, group).map_or("", |g| g.accessor.as_str());
    let usage = format!(" Reach it with [`Client::{accessor}`]; its methods are `async` and return [`Error`] on failure (see [`{group}::{example_method}`]).");
    // Items of the crate are reached from its root, `crate` or the module a build script
    // generated into.
    let models = operations
        .iter()
        .any(|op| spells_a_model(op))
        .then(|| quote!(, models));
    // The mock expectations may name an operation's own error model when nothing else does.
    let mock_models = (mocks
        && models.is_none()
        && operations
            .iter()
            .any(|op| super::errors::mock_error_type(op, api).is_some()))
    .then(|| {
        quote!(
            #[cfg(feature = "mock")]
            use #root::models;
        )
    });
    let page_stream = operations
        .iter()
        .any(|op| op.stream == Some(StreamKind::Pages))
        .then(|| quote!(, PageStream));
    let expectations = mocks.then(|| super::mock::group_expectations(operations, api, root));
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
        .any(|op| checks_arguments(op, &api.types, validation))
        .then(|| {
            quote!(
                use openapi_client_runtime::validation;
            )
        });
    let byte_stream = operations
        .iter()
        .any(|op| op.stream == Some(StreamKind::Body))
        .then(|| quote!(, ByteStream));
    let event_stream = operations
        .iter()
        .any(|op| op.event_data().is_some())
        .then(|| quote!(, EventStream));
    let error_model = super::errors::several(api).then(|| quote!(, ErrorModel));
    let redirect = operations
        .iter()
        .any(|op| op.keeps_redirects())
        .then(|| quote!(, Redirect));
    quote! {
        use #root::{ApiResponse, Client, Error #error_model #byte_stream #event_stream #page_stream #redirect #models};
        use openapi_client_runtime::reqwest::Method;
        use openapi_client_runtime::transport::{#need #path_param Request};
        #validate
        #mock_models

        #doc
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
        op.method_name
    );
    let build = request_building(op, arena, validation);
    let deprecated = deprecated_attr(op.deprecated);
    let many = allow_many_arguments(1 + decls.len());
    let stream = op
        .pagination
        .as_ref()
        .filter(|_| op.stream == Some(StreamKind::Pages))
        .map(|pagination| stream_method(op, pagination, &args, arena));
    let byte_stream = (op.stream == Some(StreamKind::Body)).then(|| {
        let stream_name = ident(&op.stream_method_name);
        let doc = format!(
            " Like [`Self::{}`], with the body as a [`ByteStream`] of its chunks as they arrive: \
             it is never held whole in memory, and `max_response_bytes` does not apply to it. \
             The timeout covers the whole download; raise it for a large one with \
             [`CallOptions::timeout`](crate::CallOptions::timeout).",
            op.method_name
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
    let (segments, path) = path_template(op, arena, OnError::Propagate);
    let mut checks = Vec::new();
    let mut statics = Statics::default();
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
            &param.ident,
            &mut statics,
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
        kind: RequestBodyKind::Json(ty) | RequestBodyKind::Form(ty),
        required,
        ..
    }) = &op.body
    {
        if validation.type_needs(ty, arena, 0) {
            let check = validate_call(quote!(body), root_path("body"));
            checks.push(if *required {
                check
            } else {
                quote!(if let Some(body) = body { #check })
            });
        }
    }
    let statics = statics.items();
    let validate = (!checks.is_empty()).then(|| {
        quote! {
            if self.client.validation_enabled() {
                #statics
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
    let redirects = op
        .keeps_redirects()
        .then(|| quote!(request.keep_redirects();));
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

fn body_fill(body: &RequestBody, arena: &TypeArena) -> TokenStream {
    let media = &body.media_type;
    let fill = match &body.kind {
        RequestBodyKind::Json(_) if media == "application/json" => quote!(request.json(body)?;),
        RequestBodyKind::Json(_) => quote!(request.json_as(body, #media)?;),
        RequestBodyKind::Form(_) => quote!(request.form(body)?;),
        RequestBodyKind::Text => quote!(request.text(body, #media);),
        RequestBodyKind::Multipart(form) => form_fill(form, arena),
        RequestBodyKind::EncodedMultipart => {
            quote!(request.bytes_with_content_type(body, content_type)?;)
        }
        // Required, the argument is `impl Into<UploadBody>`; optional, an `UploadBody`.
        RequestBodyKind::Bytes if body.required => quote!(request.upload(body.into(), #media);),
        RequestBodyKind::Bytes => quote!(request.upload(body, #media);),
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
    let RequestBodyKind::Multipart(form) = &op.body.as_ref()?.kind else {
        return None;
    };
    let name = ident(&form.name);
    let doc = format!(
        " The `multipart/form-data` body of [`{}::{}`]: one field per part.",
        op.group, op.method_name
    );
    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for part in &form.parts {
        let field = ident(&part.ident);
        let value = match &part.kind {
            PartKind::Text(ty) | PartKind::Json(ty) => rust_type(ty, arena, Spelling::Qualified),
            PartKind::Texts(ty) => {
                let item = rust_type(ty, arena, Spelling::Qualified);
                quote!(Vec<#item>)
            }
            PartKind::File => quote!(openapi_client_runtime::multipart::FilePart),
            PartKind::Files => quote!(Vec<openapi_client_runtime::multipart::FilePart>),
        };
        let what = match &part.kind {
            PartKind::Text(_) => "text",
            PartKind::Texts(_) => "text, one part per item",
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
    let many = allow_many_arguments(args.len());
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
                let text = string_expr(ty, value, arena, OnError::Propagate);
                quote!(form.text(#wire, #text, #content_type);)
            }
            PartKind::Texts(ty) => {
                let text = string_expr(ty, quote!(item), arena, OnError::Propagate);
                quote! {
                    for item in #value {
                        form.text(#wire, #text, #content_type);
                    }
                }
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
        op.group, op.method_name
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

/// Whether `op` checks its arguments before sending: a parameter with constraints, or a body
/// with validated models inside.
fn checks_arguments(op: &Operation, arena: &TypeArena, validation: &Validation) -> bool {
    let body = matches!(
        op.body.as_ref().map(|b| &b.kind),
        Some(RequestBodyKind::Json(ty) | RequestBodyKind::Form(ty))
            if validation.type_needs(ty, arena, 0)
    );
    body || op.params.iter().any(|param| {
        has_own_checks(&param.ty, &param.constraints, arena)
            || validation.type_needs(&param.ty, arena, 0)
    })
}

/// Whether the methods or options of `op` name a model (`models::Name`), so that the group's
/// file imports `models`.
fn spells_a_model(op: &Operation) -> bool {
    let form_part = |part: &crate::ir::FormPart| match &part.kind {
        PartKind::Text(ty) | PartKind::Texts(ty) | PartKind::Json(ty) => names_a_model(ty),
        PartKind::File | PartKind::Files => false,
    };
    let body = |kind: &RequestBodyKind| match kind {
        RequestBodyKind::Json(ty) | RequestBodyKind::Form(ty) => names_a_model(ty),
        RequestBodyKind::Multipart(form) => form.parts.iter().any(form_part),
        _ => false,
    };
    let response = |body_of: &ResponseBody| matches!(&body_of.kind, ResponseBodyKind::Json(ty) if names_a_model(ty));
    op.params.iter().any(|p| names_a_model(&p.ty))
        || op.body.as_ref().is_some_and(|b| body(&b.kind))
        || match &op.success {
            Success::Empty | Success::Redirect => false,
            Success::Body(b) | Success::Optional { body: b, .. } => response(b),
            Success::Variants { variants, .. } => variants
                .iter()
                .filter_map(|v| v.body.as_ref())
                .any(response),
        }
}
