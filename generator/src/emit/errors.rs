//! The error model of a crate: `ErrorModel` in `src/client.rs` (an alias of the API's one
//! error schema, or an enum of its schemas), and how each operation decodes its error bodies.

use super::features::Features;
use super::types::{ident, rust_type, Spelling};
use crate::ir::{Api, Operation, StatusSpec};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Whether the API's error responses carry several schemas, so that `ErrorModel` is an enum
/// and each operation names the variant its statuses decode into.
pub fn several(api: &Api) -> bool {
    api.error_models.len() > 1
}

/// The `ErrorModel` item: `serde_json::Value` without error schemas, an alias of the one
/// schema, or an enum with one variant per schema and a decoder per variant.
pub fn error_model_item(api: &Api, features: &Features, mocks: bool) -> TokenStream {
    let mock = mocks.then(|| {
        quote! {
            #[cfg_attr(any(feature = "mock", feature = "cli"), derive(serde::Serialize))]
            #[cfg_attr(any(feature = "mock", feature = "cli"), serde(untagged))]
        }
    });
    let arena = &api.types;
    match api.error_models.as_slice() {
        [] => quote! {
            /// The body of an error response: the document declares no schema for one.
            pub type ErrorModel = serde_json::Value;
        },
        [one] => {
            let ty = rust_type(&one.ty, arena, Spelling::Qualified);
            quote! {
                /// The body error responses of this API carry; decoded into
                /// [`ApiError::model`](runtime::ApiError::model) when it parses.
                pub type ErrorModel = #ty;
            }
        }
        models => {
            let variants = models.iter().map(|model| {
                let variant = ident(&model.variant);
                let ty = rust_type(&model.ty, arena, Spelling::Qualified);
                let doc = format!(" A body of the `{}` schema.", model.variant);
                quote!(#[doc = #doc] #variant(#ty),)
            });
            let decoders = models.iter().enumerate().map(|(index, model)| {
                let variant = ident(&model.variant);
                let decoder = ident(&model.decoder);
                let doc = format!(" Decodes `body` as the `{}` schema.", model.variant);
                let mut users: Vec<&str> = api
                    .operations
                    .iter()
                    .filter(|op| uses(op, index))
                    .map(|op| op.group.as_str())
                    .collect();
                users.dedup();
                let gate = features.gate(&users);
                quote! {
                    #[doc = #doc]
                    #gate
                    pub(crate) fn #decoder(
                        _status: runtime::reqwest::StatusCode,
                        body: &[u8],
                    ) -> Option<Self> {
                        serde_json::from_slice(body).ok().map(Self::#variant)
                    }
                }
            });
            quote! {
                /// The bodies error responses of this API carry, one variant per schema. Each
                /// operation decodes a response into the schema it declares for the status (its
                /// methods' docs name it); see [`ApiError::model`](runtime::ApiError::model).
                #[derive(Debug, Clone, PartialEq)]
                #mock
                #[allow(clippy::large_enum_variant)]
                pub enum ErrorModel {
                    #(#variants)*
                }

                impl ErrorModel {
                    #(#decoders)*
                }
            }
        }
    }
}

/// Whether `op` decodes some error into model `index`.
fn uses(op: &Operation, index: usize) -> bool {
    op.errors.by_status.iter().any(|(_, model)| *model == index)
        || op.errors.otherwise.contains(&index)
}

/// The decoder `op` passes to `Client::execute` when the API has several error schemas: the
/// one variant's decoder, or a closure choosing by status. Nothing with one schema, which every
/// operation decodes alike.
pub fn decoder_arg(op: &Operation, api: &Api) -> Option<TokenStream> {
    if !several(api) {
        return None;
    }
    let decoder = |index: usize| {
        let name = api
            .error_models
            .get(index)
            .map_or("", |model| model.decoder.as_str());
        let name = ident(name);
        quote!(ErrorModel::#name)
    };
    if let Some(index) = op.errors.single() {
        let decoder = decoder(index);
        return Some(quote!(, #decoder));
    }
    let mut arms = Vec::new();
    let mut fallback = None;
    for (status, index) in &op.errors.by_status {
        let call = decoder(*index);
        let pattern = match status {
            StatusSpec::Code(code) => {
                let code = Literal::u16_unsuffixed(*code);
                quote!(#code)
            }
            StatusSpec::Range(digit) => {
                let low = Literal::u16_unsuffixed(u16::from(*digit) * 100);
                let high = Literal::u16_unsuffixed(u16::from(*digit) * 100 + 99);
                quote!(#low..=#high)
            }
            StatusSpec::Default => {
                fallback = Some(quote!(#call(status, body)));
                continue;
            }
        };
        arms.push(quote!(#pattern => #call(status, body),));
    }
    let fallback = fallback.unwrap_or_else(|| {
        let mut tries = op.errors.otherwise.iter().map(|index| decoder(*index));
        let first = tries.next().map(|call| quote!(#call(status, body)));
        let rest = tries.map(|call| quote!(.or_else(|| #call(status, body))));
        quote!(#first #(#rest)*)
    });
    Some(quote! {
        , |status, body| match status.as_u16() {
            #(#arms)*
            _ => #fallback,
        }
    })
}

/// The error model `op`'s mock expectation answers with (`respond_error`), when it is not the
/// crate's `ErrorModel`: the operation's one schema in a crate with several.
pub fn mock_error_type(op: &Operation, api: &Api) -> Option<TokenStream> {
    let index = op.errors.single().filter(|_| several(api))?;
    let model = api.error_models.get(index)?;
    Some(rust_type(&model.ty, &api.types, Spelling::Qualified))
}

/// The variant of `ErrorModel` that `status` of `op` decodes into, for the method docs of a
/// crate with several error schemas.
pub fn status_variant<'a>(op: &Operation, api: &'a Api, status: StatusSpec) -> Option<&'a str> {
    if !several(api) {
        return None;
    }
    let (_, index) = op.errors.by_status.iter().find(|(s, _)| *s == status)?;
    api.error_models.get(*index).map(|m| m.variant.as_str())
}

/// The README's paragraph on the error models when there are several: which operations answer
/// which schema, and how to match on it. Empty with one.
pub fn readme_section(api: &Api) -> String {
    if !several(api) {
        return String::new();
    }
    let mut out = format!(
        "\nThe error responses of this API carry {} schemas, so `ErrorModel` is an enum with one \
         variant per schema. Each operation decodes an error body into the schema it declares for \
         the status (its method's documentation names the variant for each status; a status it \
         does not declare tries the schemas it declares for others). A body that is not of that \
         schema leaves `ApiError::model` empty and keeps the raw body, status, headers and \
         request id.\n\n",
        api.error_models.len()
    );
    for (index, model) in api.error_models.iter().enumerate() {
        let operations: Vec<String> = api
            .operations
            .iter()
            .filter(|op| uses(op, index))
            .map(|op| format!("`{}`", op.method_name))
            .collect();
        out.push_str(&format!(
            "- `ErrorModel::{}`: {}\n",
            model.variant,
            operations.join(", ")
        ));
    }
    out
}
