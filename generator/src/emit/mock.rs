//! `src/mock.rs` (the `mock` feature): `MockApi`, a `wiremock` server of the API with a client
//! pointed at it, and one typed expectation per operation.

use super::args::positional_args;
use super::params::{display_expr, path_template, OnError};
use super::success::body_type;
use super::types::ident;
use crate::ir::{Api, Operation, TypeArena};
use crate::ir::{
    ParamLocation, Primitive, RequestBodyKind, ResponseBodyKind, Success, TypeKind, TypeRef,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The tokens of `src/mock.rs`: `MockApi` and what all expectations share. The expectations
/// themselves are in the group files ([`group_expectations`]), so that each is built with its
/// group and uses that file's imports.
pub fn mock_file(api: &Api) -> TokenStream {
    let servers = super::single_server_setting(api);
    // Every scheme gets a sample credential, so that every operation can be called; the mock
    // server checks none of them. OAuth 2 schemes get a token, never a flow that would fetch
    // one.
    let credentials = api.security_schemes.iter().map(|scheme| {
        let setter = ident(&scheme.setter);
        match scheme.kind {
            crate::ir::SchemeKind::Basic => quote!(.#setter("mock", "mock-password")),
            _ => quote!(.#setter("mock-token")),
        }
    });
    quote! {
        //! Test helpers (the `mock` feature): [`MockApi`] runs a local `wiremock` server of this
        //! API and gives a [`Client`] pointed at it. Its `expect_<operation>` methods take the
        //! client method's arguments and return an `Expectation` of that call, answered with a
        //! model (`respond`), a status (`respond_empty`), an error (`respond_error`) or anything
        //! else (`respond_with`); `times(n)` and [`MockApi::verify`] check how often it came.

        use super::{Client, ErrorModel, RetryPolicy, Spec};
        pub use openapi_client_runtime::mock::wiremock;
        use openapi_client_runtime::Api as _;

        /// An expected call of one operation whose success body is a `T` and whose error body
        /// an `E` (the crate's [`ErrorModel`] unless the operation declares its own).
        pub type Expectation<'a, T, E = ErrorModel> =
            openapi_client_runtime::mock::Expectation<'a, T, E>;

        /// A local mock server of this API.
        #[derive(Debug)]
        pub struct MockApi {
            server: wiremock::MockServer,
        }

        impl MockApi {
            /// Starts a server on a free loopback port.
            pub async fn start() -> Self {
                Self { server: wiremock::MockServer::start().await }
            }

            /// A client that sends every call to this server, with sample credentials for every
            /// security scheme and without retries.
            pub fn client(&self) -> Client {
                Client::builder()
                    .base_url(self.server.uri())
                    #servers
                    #(#credentials)*
                    .retry_policy(RetryPolicy::none())
                    .build()
                    .expect("the mock server's URL is a valid base URL")
            }

            /// The `wiremock` server, for expectations the typed methods do not cover.
            pub fn server(&self) -> &wiremock::MockServer {
                &self.server
            }

            /// Panics unless every expectation given `times` was met.
            pub async fn verify(&self) {
                self.server.verify().await;
            }

            /// An expectation of `method` to `path` (below the API's base path, as the client
            /// sends it), answered with `status` unless told otherwise.
            pub fn expect<T>(&self, method: &str, path: &str, status: u16) -> Expectation<'_, T> {
                self.expectation(method, path, status)
            }

            /// Like [`expect`](Self::expect), answering errors with an `E`.
            pub(crate) fn expectation<T, E>(
                &self,
                method: &str,
                path: &str,
                status: u16,
            ) -> Expectation<'_, T, E> {
                let path = format!("{}{path}", Spec::CONFIG.base_path);
                Expectation::new(&self.server, method, &path, status)
            }
        }
    }
}

/// The expectations of one group's operations, in its file: an `impl MockApi` block built with
/// the `mock` feature.
pub fn group_expectations(operations: &[&Operation], api: &Api, root: &TokenStream) -> TokenStream {
    let methods = operations.iter().map(|op| expectation(op, api, root));
    quote! {
        #[cfg(feature = "mock")]
        impl #root::mock::MockApi {
            #(#methods)*
        }
    }
}

/// The expectation method of `op`: the client method's arguments, matched on the path, the
/// query and header options that are scalars, and a JSON body.
fn expectation(op: &Operation, api: &Api, root: &TokenStream) -> TokenStream {
    let arena = &api.types;
    let method = ident(&op.mock_method_name);
    let http = op.method.as_str().to_ascii_uppercase();
    let args = positional_args(op, arena);
    let decls = args.iter().map(|a| {
        let (ident, decl) = (&a.ident, &a.decl);
        quote!(#ident: #decl)
    });
    let options = op.options_struct.as_ref().map(|name| {
        let name = ident(name);
        quote!(options: &#name,)
    });
    // The path, with each parameter encoded as the client encodes it.
    let (segments, path) = path_template(op, arena, OnError::Panic);
    let path = if segments.is_empty() {
        path
    } else {
        quote!(&#path)
    };
    // Each matcher narrows the expectation: required arguments in a chain of calls
    // (`.query(..)`), options when they are set (`expectation = expectation.query(..)`).
    let mut chain = Vec::new();
    let mut matchers = Vec::new();
    let mut unused = Vec::new();
    let mut uses_options = false;
    for param in &op.params {
        let value = ident(&param.ident);
        let wire = &param.wire_name;
        let add = match param.location {
            ParamLocation::Query if is_scalar(&param.ty, arena, 0) => quote!(query),
            ParamLocation::Header if is_scalar(&param.ty, arena, 0) => quote!(header),
            ParamLocation::Path => continue,
            // Cookies, arrays and objects are not matched; the call is expected whatever
            // they are.
            _ => {
                if param.required {
                    unused.push(quote!(let _ = #value;));
                }
                continue;
            }
        };
        uses_options |= !param.required;
        if param.required {
            let display = display_expr(&param.ty, quote!(#value), arena, OnError::Panic);
            chain.push(quote!(.#add(#wire, #display)));
        } else {
            let display = display_expr(&param.ty, quote!(value), arena, OnError::Panic);
            matchers.push(quote! {
                if let Some(value) = &options.#value {
                    expectation = expectation.#add(#wire, #display);
                }
            });
        }
    }
    if let Some(body) = &op.body {
        if matches!(body.kind, RequestBodyKind::Json(_)) {
            if body.required {
                chain.push(quote!(.json_body(body)));
            } else {
                matchers.push(quote! {
                    if let Some(body) = body {
                        expectation = expectation.json_body(body);
                    }
                });
            }
        } else {
            // Only JSON bodies are matched; the others are accepted as they come.
            unused.push(quote!(let _ = body;));
        }
    }
    if args.iter().any(|a| a.ident == "content_type") {
        unused.push(quote!(let _ = content_type;));
    }
    let (success, status) = success_type(op, arena);
    let error = super::errors::mock_error_type(op, api).map(|ty| quote!(, #ty));
    let doc = format!(
        " Expects a call of [`{}::{}`] (`{} {}`) with these arguments.",
        op.group, op.method_name, http, op.path.raw
    );
    if options.is_some() && !uses_options {
        unused.push(quote!(let _ = options;));
    }
    let status = Literal::u16_unsuffixed(status);
    let expect = quote!(self.expectation(#http, #path, #status) #(#chain)*);
    let body = if matchers.is_empty() {
        quote!(#(#unused)* #expect)
    } else {
        quote! {
            #(#unused)*
            let mut expectation = #expect;
            #(#matchers)*
            expectation
        }
    };
    let many = super::types::allow_many_arguments(1 + args.len() + usize::from(options.is_some()));
    quote! {
        #[doc = #doc]
        #many
        pub fn #method(
            &self,
            #(#decls,)*
            #options
        ) -> #root::mock::Expectation<'_, #success #error> {
            #segments
            #body
        }
    }
}

/// What a successful answer carries, and the status it has by default.
fn success_type(op: &Operation, arena: &TypeArena) -> (TokenStream, u16) {
    let status = op.default_status;
    let ty = match &op.success {
        Success::Empty | Success::Redirect => quote!(()),
        Success::Body(body) | Success::Optional { body, .. } => match body.kind {
            ResponseBodyKind::Json(_) => body_type(body, arena),
            _ => quote!(()),
        },
        // Several success bodies: any JSON value (`respond_with` sets anything else).
        Success::Variants { .. } => quote!(serde_json::Value),
    };
    (ty, status)
}

/// Whether a parameter of type `ty` is one value on the wire (matched exactly).
fn is_scalar(ty: &TypeRef, arena: &TypeArena, depth: usize) -> bool {
    match ty {
        TypeRef::Primitive(Primitive::Bytes) => false,
        TypeRef::Primitive(_) => true,
        TypeRef::Named(id) if depth < 16 => match &arena.get(*id).kind {
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => true,
            TypeKind::Alias(target) => is_scalar(target, arena, depth + 1),
            TypeKind::Struct(_) | TypeKind::Union(_) => false,
        },
        _ => false,
    }
}
