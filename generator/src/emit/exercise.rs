//! `examples/exercise.rs` (with [`Settings::exercise_example`]): a program that calls every
//! operation once, with arguments synthesized from the document's schemas, and prints one line
//! per call. Pointed at a mock server of the document that checks requests (Prism), it shows
//! whether the client sends what the document describes and decodes what the server answers.
//!
//! Arguments are built the way a user writes them: constructors with the required fields,
//! setters for the optional ones (near the top of a body), the first value of an enum, the
//! alternative of a union that no other alternative also accepts (else a string-like one in a
//! parameter, where numbers read as strings too), strings that meet their pattern, lengths and
//! format ([`sample_string`]), numbers within their bounds and arrays with as many items as
//! `minItems` asks ([`sample_number`]), and the document's defaults where they fit. Every
//! optional parameter is set, except arrays of arrays or of objects, whose serialization
//! OpenAPI leaves undefined.

use super::sample_choice::{distinct_variant, sample_number};
use super::sample_string::sample_string;
use super::types::ident;
use crate::ir::{
    Access, Api, Constraints, Operation, PartKind, Presence, Primitive, RequestBody,
    RequestBodyKind, SchemeKind, TypeArena, TypeKind, TypeRef,
};
use crate::settings::Settings;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// How deep optional fields are still set: the body itself and the objects it contains.
const OPTIONAL_FIELDS_DEPTH: usize = 2;
/// Nesting at which a value is given up: only required fields that contain themselves get
/// there, and no value satisfies those.
const MAX_DEPTH: usize = 16;
/// The text a string gets when nothing constrains it.
const SAMPLE: &str = "sample";

/// The tokens of `examples/exercise.rs`.
pub fn exercise_file(api: &Api, settings: &Settings) -> TokenStream {
    let krate = format_ident!("{}", settings.crate_ident());
    let mut samples = Samples {
        arena: &api.types,
        uses_models: false,
    };
    let calls: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| {
            let id = &op.operation_id;
            let call = match samples.call(op, api, &krate) {
                Some(call) => quote! {
                    let result = #call.await;
                    failed += report(#id, result);
                },
                None => {
                    let line = format!(
                        "skipped {id}: a required field contains itself, no value is possible"
                    );
                    quote! {
                        println!(#line);
                        failed += 1;
                    }
                }
            };
            quote! {
                if selected(#id) {
                    #call
                }
            }
        })
        .collect();
    let models = samples.uses_models.then(|| quote!(use #krate::models;));
    let credentials = credentials(api);
    let servers = super::single_server_setting(api);
    let credential = uses_credential(api).then(|| quote!(Credential,));
    quote! {
        //! Calls every operation of the API once (deprecated ones too), with arguments
        //! synthesized from the document's schemas, and prints one line per call:
        //! `ok <operationId>` or `error <operationId>: <error>`. Run it against a mock server
        //! of the document that checks requests, such as Prism:
        //!
        //! ```text
        //! prism mock openapi.yaml &
        //! cargo run --example exercise -- http://127.0.0.1:4010 [operationId ...]
        //! ```
        //!
        //! Operation ids after the URL call only those. It exits with status 1 when a call
        //! failed.

        #![allow(deprecated)]

        #models
        use #krate::{Client, #credential Error, RetryPolicy};
        use std::process::ExitCode;

        #[tokio::main]
        async fn main() -> ExitCode {
            let mut args = std::env::args().skip(1);
            let Some(base_url) = args.next() else {
                eprintln!("usage: exercise <base URL of a server of the API> [operationId ...]");
                return ExitCode::from(2);
            };
            let only: Vec<String> = args.collect();
            let selected = |operation: &str| only.is_empty() || only.iter().any(|o| o == operation);
            let client = match Client::builder()
                .base_url(base_url)
                #servers
                #credentials
                .retry_policy(RetryPolicy::none())
                .build()
            {
                Ok(client) => client,
                Err(error) => {
                    eprintln!("invalid client configuration: {error}");
                    return ExitCode::from(2);
                }
            };
            let mut failed = 0;
            #(#calls)*
            if failed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }

        /// Prints the outcome of one call; 1 when it failed.
        fn report<T>(operation: &str, result: Result<T, Error>) -> usize {
            match result {
                Ok(_) => {
                    println!("ok {operation}");
                    0
                }
                Err(error) => {
                    println!("error {operation}: {error}");
                    1
                }
            }
        }
    }
}

/// The builder calls that set sample credentials for every scheme a mock server can check,
/// so that each operation sends the first alternative it can: a user name and password for
/// basic schemes, OAuth 2 client credentials where the document gives a token URL on the same
/// server (the client fetches its token there first), and a token for the others. HTTP
/// schemes with a challenge (`Digest`) get none: no sample can answer one.
fn credentials(api: &Api) -> TokenStream {
    let calls = api.security_schemes.iter().filter_map(|scheme| {
        let setter = ident(&scheme.setter);
        let sample = format!(
            "exercise-{}",
            scheme.env.to_ascii_lowercase().replace('_', "-")
        );
        Some(match &scheme.kind {
            SchemeKind::Basic => quote!(.#setter("exercise", #sample)),
            kind if fetches_token(kind) => quote! {
                .#setter(Credential::client_credentials("exercise-client", #sample))
            },
            SchemeKind::Token {
                prefix: Some(prefix),
                ..
            } if prefix != "Bearer" => return None,
            SchemeKind::Token { .. } | SchemeKind::OAuth2 { .. } => quote!(.#setter(#sample)),
        })
    });
    quote!(#(#calls)*)
}

/// Whether the exercise program fetches an OAuth 2 token for a scheme of `kind`: when its
/// token URL is on the server the program is pointed at (relative).
fn fetches_token(kind: &SchemeKind) -> bool {
    matches!(kind, SchemeKind::OAuth2 { token_url: Some(url), .. } if !url.contains("://"))
}

/// Whether the sample credentials name `Credential`.
fn uses_credential(api: &Api) -> bool {
    api.security_schemes
        .iter()
        .any(|scheme| fetches_token(&scheme.kind))
}

/// Builds sample values, noting whether any names a model.
struct Samples<'a> {
    arena: &'a TypeArena,
    uses_models: bool,
}

/// What a sample value must meet besides its type.
#[derive(Clone, Copy)]
struct Hint<'a> {
    constraints: Option<&'a Constraints>,
    /// The schema's `default`, as JSON text.
    default: Option<&'a str>,
    /// The value is written as text (a path, query, header or cookie parameter), where a
    /// number also reads as a string.
    text: bool,
}

impl<'a> Hint<'a> {
    const NONE: Hint<'static> = Hint {
        constraints: None,
        default: None,
        text: false,
    };

    /// The hint of each item of an array with this hint.
    fn items(&self) -> Hint<'a> {
        Hint {
            constraints: self.constraints.and_then(|c| c.items.as_deref()),
            default: None,
            text: self.text,
        }
    }

    /// How many items an array gets: one, or as many as `minItems` asks, within `maxItems`.
    fn count(&self) -> usize {
        let (min, max) = self
            .constraints
            .map_or((None, None), |c| (c.min_items, c.max_items));
        min.unwrap_or(1).max(1).min(max.unwrap_or(usize::MAX))
    }

    /// The string a string value gets: the default when there is no pattern, else one that
    /// meets the constraints.
    fn string(&self) -> String {
        // Field defaults are JSON text, parameter defaults the bare string.
        let default = self
            .default
            .map(|text| serde_json::from_str::<String>(text).unwrap_or_else(|_| text.to_string()));
        let constraints = self.constraints.cloned().unwrap_or_default();
        match default {
            Some(default) if constraints.pattern.is_none() => sample_string(&constraints, &default),
            _ => sample_string(&constraints, SAMPLE),
        }
    }
}

impl Samples<'_> {
    /// The call of `op` on `client`, without `.await`; `None` when an argument has no value.
    fn call(
        &mut self,
        op: &Operation,
        api: &Api,
        krate: &proc_macro2::Ident,
    ) -> Option<TokenStream> {
        let accessor = ident(&api.groups.get(&op.group)?.accessor);
        let method = ident(&op.method_name);
        let mut args = Vec::new();
        for param in op.params.iter().filter(|p| p.required) {
            let hint = Hint {
                constraints: Some(&param.constraints),
                default: param.default.as_deref(),
                text: true,
            };
            args.push(self.argument(&param.ty, hint, 0)?);
        }
        if let Some(body) = &op.body {
            args.extend(self.body(body, krate)?);
        }
        if let Some(options) = &op.options_struct {
            let options = ident(options);
            let mut expr = quote!(#krate::#options::default());
            for param in op.params.iter().filter(|p| !p.required) {
                if !defined_serialization(&param.ty, self.arena) {
                    continue;
                }
                let setter = ident(&param.ident);
                let hint = Hint {
                    constraints: Some(&param.constraints),
                    default: param.default.as_deref(),
                    text: true,
                };
                let value = match &param.ty {
                    TypeRef::Primitive(Primitive::String) => {
                        let text = hint.string();
                        quote!(#text)
                    }
                    other => self.value(other, hint, 0)?,
                };
                expr = quote!(#expr.#setter(#value));
            }
            args.push(expr);
        }
        Some(quote!(client.#accessor().#method(#(#args),*)))
    }

    /// A required parameter as its method takes it: strings as `&str`, arrays as slices,
    /// other scalars by value, everything else by reference.
    fn argument(&mut self, ty: &TypeRef, hint: Hint, depth: usize) -> Option<TokenStream> {
        Some(match self.arena.argument(ty) {
            TypeRef::Primitive(Primitive::String | Primitive::Secret | Primitive::Bytes) => {
                let text = hint.string();
                quote!(#text)
            }
            plain @ TypeRef::Primitive(_) => self.value(plain, hint, depth)?,
            TypeRef::Vec(item) => {
                let items = self.items(item, hint, depth)?;
                quote!(&[#(#items),*])
            }
            other => {
                let value = self.value(other, hint, depth)?;
                quote!(&#value)
            }
        })
    }

    /// The body arguments: the body as the method takes it (`Some` when optional), plus the
    /// `Content-Type` of a multipart payload.
    fn body(&mut self, body: &RequestBody, krate: &proc_macro2::Ident) -> Option<Vec<TokenStream>> {
        let (value, content_type) = match &body.kind {
            RequestBodyKind::Json(TypeRef::Primitive(Primitive::String)) => {
                let text = SAMPLE;
                (quote!(#text), None)
            }
            // The body is taken by its declared type, an alias too: arrays as slices, the rest
            // lent (`&bool`, `&models::Tags`).
            RequestBodyKind::Json(TypeRef::Vec(item))
            | RequestBodyKind::Form(TypeRef::Vec(item)) => {
                let items = self.items(item, Hint::NONE, 0)?;
                (quote!(&[#(#items),*]), None)
            }
            RequestBodyKind::Json(ty) | RequestBodyKind::Form(ty) => {
                let value = self.value(ty, Hint::NONE, 0)?;
                (quote!(&#value), None)
            }
            RequestBodyKind::Text => (quote!(String::from(#SAMPLE)), None),
            RequestBodyKind::Bytes => (
                quote!(openapi_client_runtime::UploadBody::from(
                    bytes::Bytes::from_static(b"sample")
                )),
                None,
            ),
            // A typed form: every part, files as small named ones.
            RequestBodyKind::Multipart(form) => {
                let name = ident(&form.name);
                let file = quote! {
                    openapi_client_runtime::multipart::FilePart::new(bytes::Bytes::from_static(
                        b"sample"
                    ))
                    .file_name("sample.bin")
                };
                let mut fields = Vec::new();
                for part in &form.parts {
                    let field = ident(&part.ident);
                    let hint = Hint::NONE;
                    let value = match &part.kind {
                        PartKind::Text(ty) | PartKind::Json(ty) => self.value(ty, hint, 1)?,
                        PartKind::Texts(ty) => {
                            let item = self.value(ty, hint, 1)?;
                            quote!(vec![#item])
                        }
                        PartKind::File => file.clone(),
                        PartKind::Files => quote!(vec![#file]),
                    };
                    fields.push(if part.required {
                        quote!(#field: #value)
                    } else {
                        quote!(#field: Some(#value))
                    });
                }
                (quote!(#krate::#name { #(#fields),* }), None)
            }
            // A payload without parts; the caller encodes other multipart bodies.
            RequestBodyKind::EncodedMultipart => (
                quote!(bytes::Bytes::from_static(b"--exercise--\r\n")),
                Some(quote!("multipart/form-data; boundary=exercise")),
            ),
        };
        let value = if body.required {
            value
        } else {
            quote!(Some(#value))
        };
        Some(std::iter::once(value).chain(content_type).collect())
    }

    /// The items of an array with `hint`.
    fn items(&mut self, item: &TypeRef, hint: Hint, depth: usize) -> Option<Vec<TokenStream>> {
        let value = self.value(item, hint.items(), depth + 1)?;
        Some(vec![value; hint.count()])
    }

    /// An owned value of `ty`.
    fn value(&mut self, ty: &TypeRef, hint: Hint, depth: usize) -> Option<TokenStream> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match ty {
            TypeRef::Primitive(primitive) => scalar(*primitive, hint),
            TypeRef::Vec(item) => {
                let items = self.items(item, hint, depth)?;
                quote!(vec![#(#items),*])
            }
            TypeRef::Map(value) => {
                let value = self.value(value, hint, depth + 1)?;
                quote!(std::collections::BTreeMap::from([(String::from("key"), #value)]))
            }
            TypeRef::Json => quote!(serde_json::json!({})),
            TypeRef::Nullable(inner) => {
                let value = self.value(inner, hint, depth + 1)?;
                quote!(Some(#value))
            }
            TypeRef::Named(id) => {
                let def = self.arena.get(*id);
                let name = ident(&def.name);
                match &def.kind {
                    TypeKind::Alias(target) => return self.value(target, hint, depth + 1),
                    TypeKind::StringEnum(values) => {
                        self.uses_models = true;
                        match values.first() {
                            Some(value) => {
                                let variant = ident(&value.variant);
                                quote!(models::#name::#variant)
                            }
                            None => quote!(models::#name::from(#SAMPLE)),
                        }
                    }
                    TypeKind::IntEnum(values) => {
                        self.uses_models = true;
                        match values.first() {
                            Some(value) => {
                                let variant = ident(&value.variant);
                                quote!(models::#name::#variant)
                            }
                            None => quote!(models::#name::from(1)),
                        }
                    }
                    TypeKind::Union(union) => {
                        // In JSON, the alternative only it accepts; as text, where a number or
                        // boolean also reads as a string, a string-like one.
                        let plain = |ty: &TypeRef| {
                            matches!(
                                ty,
                                TypeRef::Primitive(
                                    Primitive::Bool
                                        | Primitive::I32
                                        | Primitive::I64
                                        | Primitive::F32
                                        | Primitive::F64
                                )
                            )
                        };
                        let distinct = (!hint.text)
                            .then(|| {
                                distinct_variant(union, self.arena, depth < OPTIONAL_FIELDS_DEPTH)
                            })
                            .flatten();
                        let variant = distinct
                            .or_else(|| union.variants.iter().find(|v| !plain(&v.ty)))
                            .or(union.variants.first())?;
                        let payload = self.value(&variant.ty, Hint::NONE, depth + 1)?;
                        let payload = if variant.boxed {
                            quote!(Box::new(#payload))
                        } else {
                            payload
                        };
                        self.uses_models = true;
                        let variant = ident(&variant.name);
                        quote!(models::#name::#variant(#payload))
                    }
                    TypeKind::Struct(def) => {
                        let mut args = Vec::new();
                        let mut setters = Vec::new();
                        for field in &def.fields {
                            let hint = Hint {
                                constraints: Some(&field.constraints),
                                default: field.default.as_deref(),
                                text: false,
                            };
                            match Presence::of(field) {
                                Presence::Required => {
                                    args.push(self.value(&field.ty, hint, depth + 1)?);
                                }
                                Presence::RequiredNullable => {
                                    let value = self.value(&field.ty, hint, depth + 1)?;
                                    args.push(if field.boxed {
                                        quote!(Some(Box::new(#value)))
                                    } else {
                                        quote!(Some(#value))
                                    });
                                }
                                Presence::Optional | Presence::OptionalNullable => {
                                    let Some(setter) = field.setter.as_deref() else {
                                        continue;
                                    };
                                    if depth >= OPTIONAL_FIELDS_DEPTH
                                        || field.access == Access::ReadOnly
                                    {
                                        continue;
                                    }
                                    // An optional field without a possible value stays unset.
                                    if let Some(value) = self.value(&field.ty, hint, depth + 1) {
                                        let setter = ident(setter);
                                        setters.push(quote!(.#setter(#value)));
                                    }
                                }
                            }
                        }
                        self.uses_models = true;
                        quote!(models::#name::new(#(#args),*)#(#setters)*)
                    }
                }
            }
        })
    }
}

/// Whether OpenAPI defines how a parameter of type `ty` is written: not for arrays of arrays
/// or of objects, which the exercise program leaves unset when they are optional.
fn defined_serialization(ty: &TypeRef, arena: &TypeArena) -> bool {
    let TypeRef::Vec(item) = ty else {
        return true;
    };
    let mut item = item.as_ref();
    // Aliases name another type; look through them.
    for _ in 0..MAX_DEPTH {
        match item {
            TypeRef::Named(id) => match &arena.get(*id).kind {
                TypeKind::Alias(target) => item = target,
                TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => return true,
                TypeKind::Struct(_) | TypeKind::Union(_) => return false,
            },
            TypeRef::Primitive(_) => return true,
            TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Json | TypeRef::Nullable(_) => {
                return false
            }
        }
    }
    false
}

/// A value of a scalar type: the default when it is one, else a plain value.
fn scalar(primitive: Primitive, hint: Hint) -> TokenStream {
    let default: Option<serde_json::Value> = hint
        .default
        .and_then(|text| serde_json::from_str(text).ok());
    match primitive {
        Primitive::String => {
            let text = hint.string();
            quote!(String::from(#text))
        }
        Primitive::Secret => {
            let text = hint.string();
            quote!(openapi_client_runtime::SecretString::new(#text))
        }
        Primitive::Bool => {
            let value = default.and_then(|d| d.as_bool()).unwrap_or(true);
            quote!(#value)
        }
        Primitive::I32 | Primitive::I64 => {
            let preferred = default.and_then(|d| d.as_i64()).unwrap_or(1) as f64;
            let value = sample_number(hint.constraints, preferred, true);
            let value = if primitive == Primitive::I32 {
                value.clamp(f64::from(i32::MIN), f64::from(i32::MAX))
            } else {
                value
            };
            // Whole and within the type's range, so the cast is exact.
            let value = Literal::i64_unsuffixed(value as i64);
            quote!(#value)
        }
        Primitive::F32 | Primitive::F64 => {
            let preferred = default.and_then(|d| d.as_f64()).unwrap_or(1.5);
            let value = Literal::f64_unsuffixed(sample_number(hint.constraints, preferred, false));
            quote!(#value)
        }
        Primitive::Uuid => quote!(uuid::uuid!("3f2c9a1e-7b4d-4e8a-9c61-0d5e2f8b7a43")),
        Primitive::DateTime => {
            quote!(chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default())
        }
        Primitive::Date => quote!(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()),
        Primitive::Bytes => quote!(bytes::Bytes::from_static(b"sample")),
    }
}
