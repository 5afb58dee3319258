//! Emits `<operation>_stream` methods that yield items across pages.

use super::args::Arg;
use super::types::{ident, rust_type, Spelling};
use crate::ir::{FieldStep, Layers, Operation, Pagination, Primitive, TypeArena, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The stream companion of a paginated operation.
pub fn stream_method(
    op: &Operation,
    pagination: &Pagination,
    args: &[Arg],
    arena: &TypeArena,
) -> Option<TokenStream> {
    let options_name = format_ident!("{}", op.options_struct.as_ref()?);
    let method = ident(&op.method_name);
    let stream = ident(&op.stream_method_name);
    let (item_ty, next_page, how) = match pagination {
        Pagination::Offset {
            offset,
            items,
            item,
            total,
        } => {
            let offset_param = &op.params[*offset];
            let offset = ident(&offset_param.ident);
            let (start, store) = match offset_param.ty {
                TypeRef::Primitive(Primitive::String) => (
                    quote!(options.#offset.as_deref().and_then(|v| v.parse::<i64>().ok()).unwrap_or(0)),
                    quote!(next_offset.to_string()),
                ),
                TypeRef::Primitive(Primitive::I32) => (
                    quote!(options.#offset.map_or(0, i64::from)),
                    quote!(i32::try_from(next_offset).unwrap_or(i32::MAX)),
                ),
                _ => (quote!(options.#offset.unwrap_or(0)), quote!(next_offset)),
            };
            // The total, read before the items are moved out of the page, and the test that
            // another page may follow.
            let (total, more) = match total {
                Some(step) => {
                    let field = ident(&step.ident);
                    let widen = |value: TokenStream| match step.ty {
                        TypeRef::Primitive(Primitive::I64) => value,
                        _ => quote!(i64::from(#value)),
                    };
                    if step.presence.layers() == Layers::Value {
                        let total = widen(quote!(page.#field));
                        (
                            quote!(let total = #total;),
                            quote!(!items.is_empty() && next_offset < total),
                        )
                    } else {
                        let value = optional_field(quote!(page), step);
                        let total = widen(quote!(*total));
                        (
                            quote!(let total = #value.map(|total| #total);),
                            quote!(
                                !items.is_empty()
                                    && !matches!(total, Some(total) if next_offset >= total)
                            ),
                        )
                    }
                }
                None => (TokenStream::new(), quote!(!items.is_empty())),
            };
            let items_expr = take_items(items);
            let next = quote! {
                let start = #start;
                #total
                let items = #items_expr;
                let next_offset = start.saturating_add(i64::try_from(items.len()).unwrap_or(i64::MAX));
                let more = #more;
                let next = if more {
                    Some(#options_name { #offset: Some(#store), ..options })
                } else {
                    None
                };
            };
            (
                item.clone(),
                next,
                format!("by `{}`", offset_param.wire_name),
            )
        }
        Pagination::Cursor {
            cursor,
            items,
            item,
            next,
        } => {
            let cursor_param = &op.params[*cursor];
            let cursor = ident(&cursor_param.ident);
            let mut chain = quote!(Some(&page));
            for step in next {
                let field = ident(&step.ident);
                chain = match step.presence.layers() {
                    Layers::Value => quote!(#chain.map(|v| &v.#field)),
                    Layers::Option => quote!(#chain.and_then(|v| v.#field.as_ref())),
                    Layers::OptionOption => {
                        quote!(#chain.and_then(|v| v.#field.as_ref()).and_then(Option::as_ref))
                    }
                };
            }
            let items_expr = take_items(items);
            let next = quote! {
                let token: Option<String> = #chain.filter(|token| !token.is_empty()).cloned();
                let items = #items_expr;
                let next = match token {
                    Some(token) if !items.is_empty() && options.#cursor.as_deref() != Some(token.as_str()) => {
                        Some(#options_name { #cursor: Some(token), ..options })
                    }
                    _ => None,
                };
            };
            (
                item.clone(),
                next,
                format!("by the `{}` cursor", cursor_param.wire_name),
            )
        }
    };
    let item = rust_type(&item_ty, arena, Spelling::Qualified);
    let decls = args.iter().map(|a| {
        let (ident, decl) = (&a.ident, &a.decl);
        quote!(#ident: #decl)
    });
    let captures = args.iter().map(|a| {
        let (ident, owned, to_owned) = (&a.ident, &a.owned, &a.to_owned);
        quote!(let #ident: #owned = #to_owned;)
    });
    let reclones = args.iter().filter(|a| !a.is_copy).map(|a| {
        let ident = &a.ident;
        quote!(let #ident = #ident.clone();)
    });
    let borrows = args.iter().map(|a| &a.borrow);
    let doc = format!(
        " Every item of [`Self::{}`], fetching pages {how} until the last one. An error ends the stream.",
        crate::ir::unraw(&op.method_name)
    );
    let deprecated = super::types::deprecated_attr(op.deprecated);
    let many = (args.len() >= 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    Some(quote! {
        #[doc = #doc]
        #deprecated
        #many
        // `#[inline]`: compiled where it is called. Boxing the stream makes its whole page
        // fetch (request, retries, JSON decoding of the page) part of the function, so a
        // crate that never calls it would otherwise compile all of that.
        #[inline]
        pub fn #stream(&self, #(#decls,)* options: #options_name) -> PageStream<#item> {
            let api = self.clone();
            #(#captures)*
            openapi_client_runtime::pagination::paginate(options, move |options: #options_name| {
                let api = api.clone();
                #(#reclones)*
                async move {
                    let page = api.#method(#(#borrows,)* options.clone()).await?;
                    #next_page
                    Ok::<_, Error>((items, next))
                }
            })
        }
    })
}

/// Moves the items vector out of `page`, treating absent and `null` as empty.
fn take_items(step: &FieldStep) -> TokenStream {
    let field = ident(&step.ident);
    match step.presence.layers() {
        Layers::Value => quote!(page.#field),
        Layers::Option => quote!(page.#field.unwrap_or_default()),
        Layers::OptionOption => quote!(page.#field.flatten().unwrap_or_default()),
    }
}

/// `Option<&T>` of a field, whatever its presence wrappers.
fn optional_field(base: TokenStream, step: &FieldStep) -> TokenStream {
    let field = ident(&step.ident);
    match step.presence.layers() {
        Layers::Value => quote!(Some(&#base.#field)),
        Layers::Option => quote!(#base.#field.as_ref()),
        Layers::OptionOption => quote!(#base.#field.as_ref().and_then(Option::as_ref)),
    }
}
