//! How parameters reach the request: the path template with each path parameter encoded in
//! its style, and query, header and cookie values as text. The operation methods and the mock
//! expectations build paths with the same code; they differ only in what a value that cannot be
//! sent does ([`OnError`]).

use super::types::ident;
use crate::ir::{
    Operation, ParamLocation, ParamStyle, Parameter, PathPart, Primitive, TypeArena, TypeKind,
    TypeRef,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// What the generated code does with a parameter that cannot be sent (an object that does not
/// serialize, a path segment that is `..`).
#[derive(Clone, Copy)]
pub enum OnError {
    /// `?`: the operation method returns the `InvalidArgument`.
    Propagate,
    /// `.expect(..)`: a mock expectation, whose arguments are the test's own, panics.
    Panic,
}

impl OnError {
    /// `result`, a `Result` expression, unwrapped this way; `what` says what was expected.
    fn unwrap(self, result: TokenStream, what: &str) -> TokenStream {
        match self {
            OnError::Propagate => quote!(#result?),
            OnError::Panic => quote!(#result.expect(#what)),
        }
    }
}

/// The request path: statements encoding each path parameter into a local of its name (a
/// numbered `segment_<n>` for a raw identifier), and a literal or a `format!` of the literals
/// with those segments inlined. The operation methods and the mock expectations both build
/// their paths here.
pub fn path_template(
    op: &Operation,
    arena: &TypeArena,
    on_error: OnError,
) -> (TokenStream, TokenStream) {
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
                let display = display_expr(&param.ty, quote!(#ident), arena, on_error);
                let encoded_segment =
                    path_segment(param, &quote!(#ident), display, arena, on_error);
                let encoded_segment = on_error.unwrap(encoded_segment, "a valid path parameter");
                // The encoded segment takes the argument's name; a raw identifier cannot
                // appear in a format string, so it gets a numbered one.
                let segment = if crate::naming::is_keyword(&param.ident) {
                    format_ident!("segment_{count}")
                } else {
                    ident.clone()
                };
                count += 1;
                template.push_str(&format!("{{{segment}}}"));
                segments.extend(quote! {
                    let #segment = #encoded_segment;
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
fn path_segment(
    param: &Parameter,
    value: &TokenStream,
    display: TokenStream,
    arena: &TypeArena,
    on_error: OnError,
) -> TokenStream {
    let wire = &param.wire_name;
    let values = || match &param.ty {
        TypeRef::Vec(item) => string_items(item, value, arena, on_error),
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
pub fn display_expr(
    ty: &TypeRef,
    value: TokenStream,
    arena: &TypeArena,
    on_error: OnError,
) -> TokenStream {
    let json_text = |value: &TokenStream| {
        let text = quote!(openapi_client_runtime::transport::json_text(&#value));
        let text = on_error.unwrap(text, "the parameter serializes");
        quote!(&#text)
    };
    match ty {
        TypeRef::Primitive(Primitive::DateTime) => quote!(&#value.to_rfc3339()),
        TypeRef::Primitive(Primitive::Secret) => quote!(&#value),
        TypeRef::Primitive(_) => quote!(&#value),
        TypeRef::Vec(item) => {
            let items = string_items(item, &value, arena, on_error);
            quote!(&#items.join(","))
        }
        TypeRef::Named(id) => match &arena.get(*id).kind {
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => quote!(&#value),
            TypeKind::Alias(target) => display_expr(target, value, arena, on_error),
            TypeKind::Struct(_) | TypeKind::Union(_) => json_text(&value),
        },
        TypeRef::Map(_) | TypeRef::Json | TypeRef::Nullable(_) => json_text(&value),
    }
}

/// Whether turning a value of type `ty` into text can fail (it is serialized as JSON).
fn is_json_text(ty: &TypeRef, arena: &TypeArena) -> bool {
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
fn string_items(
    item: &TypeRef,
    values: &TokenStream,
    arena: &TypeArena,
    on_error: OnError,
) -> TokenStream {
    let item_string = string_expr(item, quote!(item), arena, on_error);
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
        let texts = quote!(#values
            .iter()
            .map(#to_text)
            .collect::<Result<Vec<_>, openapi_client_runtime::InvalidArgument>>());
        on_error.unwrap(texts, "the parameter serializes")
    } else {
        quote!(#values.iter().map(|item| #item_string).collect::<Vec<_>>())
    }
}

/// A `String` expression for a value of type `ty` given as a reference (an array item): the
/// text of [`display_expr`], without a needless borrow.
pub fn string_expr(
    ty: &TypeRef,
    value: TokenStream,
    arena: &TypeArena,
    on_error: OnError,
) -> TokenStream {
    let json_text = |value: &TokenStream| {
        on_error.unwrap(
            quote!(openapi_client_runtime::transport::json_text(#value)),
            "the value serializes",
        )
    };
    match ty {
        TypeRef::Primitive(Primitive::DateTime) => quote!(#value.to_rfc3339()),
        TypeRef::Primitive(_) => quote!(#value.to_string()),
        TypeRef::Vec(item) => {
            let items = string_items(item, &value, arena, on_error);
            quote!(#items.join(","))
        }
        TypeRef::Named(id) => match &arena.get(*id).kind {
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => quote!(#value.to_string()),
            TypeKind::Alias(target) => string_expr(target, value, arena, on_error),
            TypeKind::Struct(_) | TypeKind::Union(_) => json_text(&value),
        },
        TypeRef::Map(_) | TypeRef::Json | TypeRef::Nullable(_) => json_text(&value),
    }
}

/// The statement that puts a query, header or cookie parameter (its value given as `value`)
/// into `request`; nothing for a path parameter (see [`path_template`]).
pub fn param_fill(param: &Parameter, value: &TokenStream, arena: &TypeArena) -> TokenStream {
    let on_error = OnError::Propagate;
    let wire = &param.wire_name;
    match param.location {
        ParamLocation::Query => match (&param.style, &param.ty) {
            (ParamStyle::DeepObject, _) => {
                quote!(request.query_deep_object(#wire, &openapi_client_runtime::transport::json_value(&#value)?);)
            }
            (ParamStyle::Form { explode }, TypeRef::Vec(item)) => {
                let items = string_items(item, value, arena, on_error);
                quote!(request.query_array(#wire, &#items, #explode);)
            }
            _ => {
                let display = display_expr(&param.ty, value.clone(), arena, on_error);
                quote!(request.query(#wire, #display);)
            }
        },
        ParamLocation::Header => {
            let display = display_expr(&param.ty, value.clone(), arena, on_error);
            quote!(request.header(#wire, #display)?;)
        }
        ParamLocation::Cookie => {
            let display = display_expr(&param.ty, value.clone(), arena, on_error);
            quote!(request.cookie(#wire, #display)?;)
        }
        ParamLocation::Path => TokenStream::new(),
    }
}
