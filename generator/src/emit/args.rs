//! The positional arguments of an operation's methods (required parameters, then the body):
//! how each is declared, owned, lent and captured. The group files and the pagination streams
//! both use them.

use super::types::{argument_type, ident, primitive_type, rust_type, Spelling};
use crate::ir::{Operation, Primitive, RequestBody, RequestBodyKind, TypeArena, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// A positional argument of an operation method.
pub struct Arg {
    /// Parameter name.
    pub ident: proc_macro2::Ident,
    /// Type in the signature.
    pub decl: TokenStream,
    /// Owned type, for capturing in streams.
    pub owned: TokenStream,
    /// Expression turning the declared value into the owned one.
    pub to_owned: TokenStream,
    /// Expression passing an owned value back as the declared type.
    pub borrow: TokenStream,
    /// Whether the owned type is `Copy` (captured without cloning).
    pub is_copy: bool,
}

/// The positional arguments: required parameters, then the body.
pub fn positional_args(op: &Operation, arena: &TypeArena) -> Vec<Arg> {
    let mut args: Vec<Arg> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let ident = ident(&p.ident);
            // The declared type is the shared spelling rule; how to own and lend it follows.
            let decl = argument_type(&p.ty, arena);
            let (owned, to_owned, borrow, is_copy) = match arena.argument(&p.ty) {
                TypeRef::Primitive(Primitive::String | Primitive::Secret | Primitive::Bytes) => (
                    quote!(String),
                    quote!(#ident.to_owned()),
                    quote!(&#ident),
                    false,
                ),
                TypeRef::Primitive(primitive) => (
                    primitive_type(*primitive),
                    quote!(#ident),
                    quote!(#ident),
                    true,
                ),
                vec @ TypeRef::Vec(_) => (
                    rust_type(vec, arena, Spelling::Qualified),
                    quote!(#ident.to_vec()),
                    quote!(&#ident),
                    false,
                ),
                other => (
                    rust_type(other, arena, Spelling::Qualified),
                    quote!(#ident.clone()),
                    quote!(&#ident),
                    false,
                ),
            };
            Arg {
                ident,
                decl,
                owned,
                to_owned,
                borrow,
                is_copy,
            }
        })
        .collect();
    if let Some(body) = &op.body {
        args.extend(body_args(body, arena));
    }
    args
}

/// The body argument (`body`), plus `content_type` for payloads the caller encodes.
fn body_args(body: &RequestBody, arena: &TypeArena) -> Vec<Arg> {
    let ident = format_ident!("body");
    let required = body.required;
    // Declared type, owned type, and for a borrowed body: owned -> declared of an `Option`,
    // declared -> owned, and the same for an `Option`.
    let (decl, owned, borrow, to_owned, option_to_owned) = match &body.kind {
        RequestBodyKind::Json(TypeRef::Vec(item)) | RequestBodyKind::Form(TypeRef::Vec(item)) => {
            let item = rust_type(item, arena, Spelling::Qualified);
            (
                quote!(&[#item]),
                quote!(Vec<#item>),
                quote!(as_deref()),
                quote!(to_vec()),
                quote!(map(<[_]>::to_vec)),
            )
        }
        RequestBodyKind::Json(TypeRef::Primitive(Primitive::String)) => (
            quote!(&str),
            quote!(String),
            quote!(as_deref()),
            quote!(to_owned()),
            quote!(map(str::to_owned)),
        ),
        RequestBodyKind::Json(ty) | RequestBodyKind::Form(ty) => {
            let ty = rust_type(ty, arena, Spelling::Qualified);
            (
                quote!(&#ty),
                ty,
                quote!(as_ref()),
                quote!(clone()),
                quote!(cloned()),
            )
        }
        RequestBodyKind::Text => (quote!(String), quote!(String), quote!(), quote!(), quote!()),
        // A binary body is bytes, a file or a stream (optional: an `UploadBody` itself, so
        // that `None` needs no type annotation).
        RequestBodyKind::Bytes if required => (
            quote!(impl Into<openapi_client_runtime::UploadBody>),
            quote!(openapi_client_runtime::UploadBody),
            quote!(),
            quote!(),
            quote!(),
        ),
        RequestBodyKind::Bytes => (
            quote!(openapi_client_runtime::UploadBody),
            quote!(openapi_client_runtime::UploadBody),
            quote!(),
            quote!(),
            quote!(),
        ),
        // A typed form is given by value (its files may be streams).
        RequestBodyKind::Multipart(form) => {
            let name = super::types::ident(&form.name);
            (quote!(#name), quote!(#name), quote!(), quote!(), quote!())
        }
        RequestBodyKind::EncodedMultipart => (
            quote!(bytes::Bytes),
            quote!(bytes::Bytes),
            quote!(),
            quote!(),
            quote!(),
        ),
    };
    let by_value = matches!(
        body.kind,
        RequestBodyKind::Text
            | RequestBodyKind::Bytes
            | RequestBodyKind::Multipart(_)
            | RequestBodyKind::EncodedMultipart
    );
    let mut args = vec![if required {
        Arg {
            borrow: if by_value {
                quote!(body.clone())
            } else {
                quote!(&body)
            },
            to_owned: if by_value {
                quote!(body)
            } else {
                quote!(body.#to_owned)
            },
            decl,
            owned,
            ident,
            is_copy: false,
        }
    } else {
        Arg {
            borrow: if by_value {
                quote!(body.clone())
            } else {
                quote!(body.#borrow)
            },
            to_owned: if by_value {
                quote!(body)
            } else {
                quote!(body.#option_to_owned)
            },
            decl: quote!(Option<#decl>),
            owned: quote!(Option<#owned>),
            ident,
            is_copy: false,
        }
    }];
    if body.kind == RequestBodyKind::EncodedMultipart {
        let ident = format_ident!("content_type");
        args.push(Arg {
            decl: quote!(&str),
            owned: quote!(String),
            to_owned: quote!(#ident.to_owned()),
            borrow: quote!(&#ident),
            ident,
            is_copy: false,
        });
    }
    args
}
