//! The result of an operation method: its type, the statements that send the request and decode
//! the response, the enum of success responses when statuses carry different bodies, and the
//! `Accept` header.

use super::types::{ident, rust_type, Spelling};
use crate::ir::{
    Operation, ResponseBody, ResponseBodyKind, StatusSpec, Success, SuccessVariant, TypeArena,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The Rust type of a decoded body.
///
/// Events are streamed only as the one success body ([`result_type`]); among other statuses
/// they are read whole, as text.
pub fn body_type(body: &ResponseBody, arena: &TypeArena) -> TokenStream {
    match &body.kind {
        ResponseBodyKind::Json(ty) => rust_type(ty, arena, Spelling::Qualified),
        ResponseBodyKind::Text | ResponseBodyKind::EventStream(_) => quote!(String),
        ResponseBodyKind::Bytes => quote!(bytes::Bytes),
    }
}

/// The type the operation method returns (inside `Result`/`ApiResponse`).
pub fn result_type(op: &Operation, arena: &TypeArena) -> TokenStream {
    match &op.success {
        Success::Empty => quote!(()),
        Success::Redirect => quote!(Redirect),
        Success::Body(ResponseBody {
            kind: ResponseBodyKind::EventStream(data),
            ..
        }) => {
            let data = data.as_ref().map_or(quote!(String), |ty| {
                rust_type(ty, arena, Spelling::Qualified)
            });
            quote!(EventStream<#data>)
        }
        Success::Body(body) => body_type(body, arena),
        Success::Optional { body, .. } => {
            let ty = body_type(body, arena);
            quote!(Option<#ty>)
        }
        Success::Variants { name, .. } => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

/// How a decoded value becomes the result.
enum Wrap {
    /// Passed to a function or constructor (`Some`, `Enum::Variant`).
    Call(TokenStream),
    /// Replaced by a value (bodiless statuses: `None`, `Enum::NoContent`).
    Value(TokenStream),
}

/// An expression of type `Result<ApiResponse<_>, Error>` decoding `response`.
fn decode(body: Option<&ResponseBody>, wrap: &Wrap) -> TokenStream {
    let raw = match body.map(|b| &b.kind) {
        Some(ResponseBodyKind::Json(_)) => quote!(response.json()),
        Some(ResponseBodyKind::Text | ResponseBodyKind::EventStream(_)) => quote!(response.text()),
        Some(ResponseBodyKind::Bytes) => quote!(Ok(response.bytes())),
        None => quote!(Ok(response.empty())),
    };
    match wrap {
        Wrap::Value(value) => quote!(Ok(response.empty().map(|()| #value))),
        Wrap::Call(f) => match body.map(|b| &b.kind) {
            Some(ResponseBodyKind::Bytes) => {
                quote!(Ok(response.bytes().map(#f)))
            }
            _ => quote!(#raw.map(|response| response.map(#f))),
        },
    }
}

/// The statements ending a `_with_http_info` method: send `request`, decode the response.
/// `errors` is the operation's error decoder argument (`, decoder`), when it passes one.
pub fn send_and_decode(op: &Operation, errors: &Option<TokenStream>) -> TokenStream {
    let send = quote!(self.client.execute(request #errors).await?);
    match &op.success {
        Success::Empty => quote!(Ok(#send.empty())),
        Success::Redirect => quote!(Ok(#send.redirect())),
        Success::Body(body) => match &body.kind {
            ResponseBodyKind::Json(_) => quote!(#send.json()),
            ResponseBodyKind::Text => quote!(#send.text()),
            ResponseBodyKind::EventStream(Some(_)) => {
                quote!(self.client.execute_events(request #errors).await)
            }
            ResponseBodyKind::EventStream(None) => {
                quote!(self.client.execute_text_events(request #errors).await)
            }
            ResponseBodyKind::Bytes => quote!(Ok(#send.bytes())),
        },
        Success::Optional { body, empty } => {
            let empty = empty.iter().map(|code| Literal::u16_unsuffixed(*code));
            let some = decode(Some(body), &Wrap::Call(quote!(Some)));
            let none = decode(None, &Wrap::Value(quote!(None)));
            quote! {
                let response = #send;
                match response.status().as_u16() {
                    #(#empty)|* => #none,
                    _ => #some,
                }
            }
        }
        Success::Variants { name, variants } => {
            let name = ident(name);
            let fallback = variants
                .iter()
                .position(|v| !matches!(v.status, StatusSpec::Code(_)))
                .or_else(|| variants.iter().position(|v| v.body.is_some()))
                .unwrap_or(0);
            let arm = |variant: &SuccessVariant| {
                let variant_ident = ident(&variant.name);
                if variant.redirect {
                    return quote!(Ok(response.redirect().map(#name::#variant_ident)));
                }
                let wrap = match variant.body {
                    Some(_) => Wrap::Call(quote!(#name::#variant_ident)),
                    None => Wrap::Value(quote!(#name::#variant_ident)),
                };
                decode(variant.body.as_ref(), &wrap)
            };
            let arms = variants
                .iter()
                .enumerate()
                .filter(|(index, _)| *index != fallback)
                .filter_map(|(_, variant)| match variant.status {
                    StatusSpec::Code(code) => {
                        let code = Literal::u16_unsuffixed(code);
                        let decode = arm(variant);
                        Some(quote!(#code => #decode,))
                    }
                    StatusSpec::Range(_) | StatusSpec::Default => None,
                });
            let last = variants.get(fallback).map(|variant| {
                let decode = arm(variant);
                quote!(_ => #decode,)
            });
            quote! {
                let response = #send;
                match response.status().as_u16() {
                    #(#arms)*
                    #last
                }
            }
        }
    }
}

/// `request.accept(..)` when the success bodies are not plain `application/json`.
pub fn accept(op: &Operation) -> Option<TokenStream> {
    let bodies: Vec<&ResponseBody> = match &op.success {
        Success::Empty | Success::Redirect => Vec::new(),
        Success::Body(body) | Success::Optional { body, .. } => vec![body],
        Success::Variants { variants, .. } => {
            variants.iter().filter_map(|v| v.body.as_ref()).collect()
        }
    };
    let mut media_types: Vec<&str> = Vec::new();
    for body in bodies {
        if !media_types.contains(&body.media_type.as_str()) {
            media_types.push(&body.media_type);
        }
    }
    if media_types.is_empty() || media_types == ["application/json"] {
        return None;
    }
    let accept = media_types.join(", ");
    Some(quote!(request.accept(#accept);))
}

/// The enum of success responses, for operations whose statuses carry different bodies.
pub fn success_enum(op: &Operation, arena: &TypeArena) -> Option<TokenStream> {
    let Success::Variants { name, variants } = &op.success else {
        return None;
    };
    let doc = format!(
        " The success responses of [`{}::{}`], one variant per status.",
        op.group, op.method_name
    );
    let items = variants.iter().map(|variant| {
        let status = variant.status;
        let summary = variant
            .description
            .as_deref()
            .and_then(|d| d.lines().next())
            .unwrap_or("")
            .replace('[', "\\[")
            .replace(']', "\\]");
        let doc = format!(" `{status}`: {summary}").trim_end().to_string();
        let variant_ident = ident(&variant.name);
        if variant.redirect {
            return quote!(#[doc = #doc] #variant_ident(Redirect),);
        }
        match &variant.body {
            Some(body) => {
                let ty = body_type(body, arena);
                quote!(#[doc = #doc] #variant_ident(#ty),)
            }
            None => quote!(#[doc = #doc] #variant_ident,),
        }
    });
    let name = ident(name);
    // Variants hold whole response bodies of different sizes; boxing them would only add a
    // dereference to every match.
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#items)*
        }
    })
}
