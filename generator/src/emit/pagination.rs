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
            next_link,
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
                        let value = field_path(quote!(page), std::slice::from_ref(step));
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
            // A page without a link to the next one is the last.
            let (linked, more) = match next_link {
                Some(steps) => {
                    let link = field_path(quote!(page), steps);
                    (
                        quote!(let linked = #link.is_some_and(|next| !next.is_empty());),
                        quote!(#more && linked),
                    )
                }
                None => (TokenStream::new(), more),
            };
            let items_expr = take_items(items);
            let next = quote! {
                let start = #start;
                #total
                #linked
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
            let chain = field_path(quote!(page), next);
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
    // Borrowed arguments are owned for the stream; `Copy` ones are moved in as they are.
    let captures = args.iter().filter(|a| !a.is_copy).map(|a| {
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
        op.method_name
    );
    let deprecated = super::types::deprecated_attr(op.deprecated);
    // `self`, the positional arguments and the options.
    let many = super::types::allow_many_arguments(args.len() + 2);
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

/// An `Option<&T>` expression of the value `steps` lead to from `base`, whatever the presence
/// wrappers on the way: plain field access while every field is present
/// (`Some(&page.pagination.token)`), then `as_ref`/`and_then` once one may be absent
/// (`page.links.as_ref().and_then(|links| links.next.as_ref())`).
fn field_path(base: TokenStream, steps: &[FieldStep]) -> TokenStream {
    let mut path = base;
    let mut optional = false;
    for step in steps {
        let field = ident(&step.ident);
        path = match (optional, step.presence.layers()) {
            (false, Layers::Value) => quote!(#path.#field),
            (false, Layers::Option) => quote!(#path.#field.as_ref()),
            (false, Layers::OptionOption) => {
                quote!(#path.#field.as_ref().and_then(Option::as_ref))
            }
            (true, Layers::Value) => quote!(#path.map(|v| &v.#field)),
            (true, Layers::Option) => quote!(#path.and_then(|v| v.#field.as_ref())),
            (true, Layers::OptionOption) => {
                quote!(#path.and_then(|v| v.#field.as_ref()).and_then(Option::as_ref))
            }
        };
        optional |= step.presence.layers() != Layers::Value;
    }
    if optional {
        path
    } else {
        quote!(Some(&#path))
    }
}
