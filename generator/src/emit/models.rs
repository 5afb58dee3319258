//! Emits one file per named type under `src/models/`.

use super::types::{
    deprecated_attr, doc_attrs, doc_attrs_with_own, field_type, field_value_type, ident, is_eq,
    rust_type, Presence, Spelling,
};
use super::validation::{validate_impl, Validation};
use crate::ir::{
    Access, EnumValue, Field, StructDef, TypeArena, TypeDef, TypeId, TypeKind, TypeRef, UnionDef,
    Usage,
};
use crate::settings::ModelDerives;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The tokens of `src/models/<module>.rs` for `id`.
pub fn model_file(
    id: TypeId,
    arena: &TypeArena,
    validation: &Validation,
    derives: &ModelDerives,
) -> TokenStream {
    let def = arena.get(id);
    let TypeDef {
        name,
        module: _,
        origin,
        docs,
        deprecated,
        usage,
        groups: _,
        kind,
    } = def;
    let usage = Usage {
        sent: usage.sent || derives.serialize,
        received: usage.received || derives.deserialize,
    };
    let extra_derives: Vec<TokenStream> = derives.others.iter().map(|path| quote!(#path)).collect();
    let mut doc_lines: Vec<&str> = Vec::new();
    if let Some(summary) = &docs.summary {
        doc_lines.push(summary);
    }
    if let Some(description) = &docs.description {
        doc_lines.push(description);
    }
    let deprecation = deprecated.then_some("**Deprecated** by the API.");
    doc_lines.extend(deprecation);
    let origin_line = format!("Schema: `{origin}`.");
    if doc_lines.is_empty() {
        doc_lines.push(&origin_line);
    }
    let mut docs = doc_attrs(&doc_lines);
    docs.extend(deprecated_attr(*deprecated));
    let name = ident(name);
    let body = match kind {
        TypeKind::Struct(def) => {
            let item = struct_item(
                &name,
                def,
                arena,
                &docs,
                usage,
                &extra_derives,
                derives.mock,
            );
            let validate = validation
                .needs(id)
                .then(|| validate_impl(&name, def, arena, validation));
            quote!(#item #validate)
        }
        TypeKind::StringEnum(values) => string_enum(&name, values, &docs),
        TypeKind::IntEnum(values) => int_enum(&name, values, &docs),
        TypeKind::Union(def) => union(&name, def, arena, &docs, usage, derives.mock),
        TypeKind::Alias(target) => {
            let target = rust_type(target, arena, Spelling::Bare);
            quote!(#docs pub type #name = #target;)
        }
    };
    let imports = imports(id, kind, arena);
    let runtime = (matches!(kind, TypeKind::Struct(_)) && validation.needs(id)).then(|| {
        quote!(
            use openapi_client_runtime::validation;
        )
    });
    quote!(#imports #runtime #body)
}

/// `use super::{A, B};` for the named types a definition mentions.
fn imports(id: TypeId, kind: &TypeKind, arena: &TypeArena) -> TokenStream {
    let mut names = BTreeSet::new();
    let mut collect = |ty: &TypeRef| collect_named(ty, &mut names);
    match kind {
        TypeKind::Struct(def) => {
            def.fields.iter().for_each(|f| collect(&f.ty));
            def.additional.iter().for_each(&mut collect);
        }
        TypeKind::Union(def) => def.variants.iter().for_each(|v| collect(&v.ty)),
        TypeKind::Alias(target) => collect(target),
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {
            return quote!(
                use super::UnknownValue;
            )
        }
    }
    names.remove(&id);
    if names.is_empty() {
        return TokenStream::new();
    }
    let idents = names.iter().map(|id| ident(&arena.get(*id).name));
    quote!(use super::{#(#idents),*};)
}

fn collect_named(ty: &TypeRef, out: &mut BTreeSet<TypeId>) {
    match ty {
        TypeRef::Named(id) => {
            out.insert(*id);
        }
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            collect_named(inner, out)
        }
        TypeRef::Primitive(_) | TypeRef::Json => {}
    }
}

fn struct_item(
    name: &proc_macro2::Ident,
    def: &StructDef,
    arena: &TypeArena,
    docs: &TokenStream,
    usage: Usage,
    extra_derives: &[TokenStream],
    mocks: bool,
) -> TokenStream {
    let StructDef { fields, additional } = def;
    // A struct without flattened extra properties gets its serde impls written out (much
    // cheaper to compile than the derives' output). Flattening needs the derives, and so do
    // extra derives, which may read `#[serde]` attributes.
    let written_out = additional.is_none() && extra_derives.is_empty();
    let (serde, mock, impls) = if written_out {
        // Without the direction's need, the mocks answer with models and the `cli` feature's
        // tool prints them and reads bodies.
        let serialize = match usage.sent {
            true => Some(serialize_impl(name, fields)),
            false => mocks.then(|| {
                let serialize = serialize_impl(name, fields);
                quote!(#[cfg(any(feature = "mock", feature = "cli"))] #serialize)
            }),
        };
        let deserialize = match usage.received {
            true => Some(deserialize_impl(name, fields)),
            false => mocks.then(|| {
                let deserialize = deserialize_impl(name, fields);
                quote!(#[cfg(feature = "cli")] #deserialize)
            }),
        };
        (quote!(), None, quote!(#serialize #deserialize))
    } else {
        (serde_derives(usage), mock_serialize(usage, mocks), quote!())
    };
    let field_items = fields
        .iter()
        .map(|field| field_item(field, arena, usage, !written_out));
    let additional_item = additional.as_ref().map(|value| {
        let value = rust_type(value, arena, Spelling::Bare);
        quote! {
            /// Properties not listed in the schema.
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<String, #value>,
        }
    });
    let all_optional = fields.iter().all(|f| Presence::of(f) != Presence::Required);
    let default = all_optional.then(|| quote!(Default,));
    let constructor = constructor(name, def, arena);
    // `..self` keeps the other fields; a struct with one field has none to keep.
    let rest = (fields.len() > 1 || additional.is_some()).then(|| quote!(..self));
    let setters: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| setter(f, arena, rest.as_ref()))
        .collect();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default #serde #(#extra_derives,)*)]
        #mock
        pub struct #name {
            #(#field_items)*
            #additional_item
        }

        impl #name {
            #constructor
            #(#setters)*
        }

        #impls
    }
}

/// `impl Serialize` of a struct without flattened properties: one entry per field, leaving out
/// optional fields that are `None` (`Some(None)` of an optional nullable one is `null`).
fn serialize_impl(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let entries = fields.iter().map(|field| {
        let wire = &field.wire_name;
        let ident = ident(&field.ident);
        match Presence::of(field) {
            Presence::Required | Presence::RequiredNullable => {
                quote!(map.serialize_entry(#wire, &self.#ident)?;)
            }
            Presence::Optional | Presence::OptionalNullable => quote! {
                if let Some(value) = &self.#ident {
                    map.serialize_entry(#wire, value)?;
                }
            },
        }
    });
    let map = match fields.is_empty() {
        true => quote!(let map),
        false => quote!(let mut map),
    };
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                #map = serializer.serialize_map(None)?;
                #(#entries)*
                map.end()
            }
        }
    }
}

/// `impl Deserialize` of a struct without flattened properties: reads the object's entries,
/// keeps those of known properties and skips the others, then checks the required ones are
/// there. An `Option` property may be absent or `null`; an optional nullable one
/// (`Option<Option<T>>`) tells the two apart. A repeated key keeps its last value.
fn deserialize_impl(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let visitor = quote::format_ident!("{name}Visitor");
    let expecting = format!("struct {name}");
    let locals: Vec<_> = fields.iter().map(|field| ident(&field.ident)).collect();
    let arms = fields.iter().zip(&locals).map(|(field, local)| {
        let wire = &field.wire_name;
        match Presence::of(field) {
            Presence::Optional | Presence::RequiredNullable => {
                quote!(#wire => #local = __map.next_value()?,)
            }
            Presence::Required | Presence::OptionalNullable => {
                quote!(#wire => #local = Some(__map.next_value()?),)
            }
        }
    });
    let values = fields.iter().zip(&locals).map(|(field, local)| {
        let wire = &field.wire_name;
        match Presence::of(field) {
            // Any JSON value is `null` when it is missing (see `field_item`).
            Presence::Required if field.ty == TypeRef::Json => {
                quote!(#local: #local.unwrap_or_default())
            }
            Presence::Required => {
                quote!(#local: openapi_client_runtime::de::required(#local, #wire)?)
            }
            _ => quote!(#local),
        }
    });
    let read = if fields.is_empty() {
        quote! {
            while __map
                .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                .is_some()
            {}
        }
    } else {
        quote! {
            #(let mut #locals = None;)*
            while let Some(__key) = __map.next_key::<openapi_client_runtime::de::FieldName<'de>>()? {
                match __key.as_str() {
                    #(#arms)*
                    _ => {
                        __map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
            }
        }
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct #visitor;

                impl<'de> serde::de::Visitor<'de> for #visitor {
                    type Value = #name;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        formatter.write_str(#expecting)
                    }

                    fn visit_map<M: serde::de::MapAccess<'de>>(self, mut __map: M) -> Result<Self::Value, M::Error> {
                        #read
                        Ok(#name { #(#values),* })
                    }
                }

                deserializer.deserialize_map(#visitor)
            }
        }
    }
}

/// A struct's field; `serde_attributes` when the serde derives read them.
fn field_item(
    field: &Field,
    arena: &TypeArena,
    usage: Usage,
    serde_attributes: bool,
) -> TokenStream {
    let text: Vec<&str> = [&field.docs.summary, &field.docs.description]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let mut lines: Vec<String> = Vec::new();
    if text.is_empty() {
        lines.push(match &field.ty {
            TypeRef::Named(id) => format!(
                "The `{}` property; see [`{}`].",
                field.wire_name,
                arena.get(*id).name
            ),
            _ => format!("The `{}` property.", field.wire_name),
        });
    }
    let optional = matches!(
        Presence::of(field),
        Presence::Optional | Presence::OptionalNullable
    );
    if let Some(default) = field.default.as_ref().filter(|_| optional) {
        lines.push(format!(
            "The server assumes `{default}` when it is not sent."
        ));
    }
    match field.access {
        Access::ReadOnly => lines.push("Set by the server; never sent.".into()),
        Access::WriteOnly => lines.push("Only sent to the server; never returned.".into()),
        Access::ReadWrite => {}
    }
    if field.deprecated {
        lines.push("**Deprecated** by the API.".into());
    }
    if field.secret {
        lines.push("A secret: it is redacted when printed.".into());
    }
    let mut docs = doc_attrs_with_own(&text, &lines);
    docs.extend(deprecated_attr(field.deprecated));
    let ident = ident(&field.ident);
    let ty = field_type(field, arena, Spelling::Bare);
    let mut serde_args = Vec::new();
    if field.ident != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    match Presence::of(field) {
        // Any JSON value is `null` when it is missing, as a required name that no property
        // declares often is in real answers.
        Presence::Required if field.ty == TypeRef::Json && usage.received => {
            serde_args.push(quote!(default));
        }
        Presence::Required | Presence::RequiredNullable => {}
        // A missing `Option` field decodes as `None` without `default`; only sending needs
        // to leave out `None`.
        Presence::Optional if usage.sent => {
            serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
        }
        Presence::Optional => {}
        Presence::OptionalNullable => serde_args.push(quote!(
            default,
            skip_serializing_if = "Option::is_none",
            with = "openapi_client_runtime::nullable::double_option"
        )),
    }
    let serde_attr =
        (serde_attributes && !serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    quote! {
        #docs
        #serde_attr
        pub #ident: #ty,
    }
}

fn constructor(name: &proc_macro2::Ident, def: &StructDef, arena: &TypeArena) -> TokenStream {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for field in &def.fields {
        let ident = ident(&field.ident);
        match Presence::of(field) {
            Presence::Required if takes_text(field, arena) => {
                args.push(quote!(#ident: impl Into<String>));
                inits.push(quote!(#ident: #ident.into()));
            }
            Presence::Required => {
                let ty = rust_type(&field.ty, arena, Spelling::Bare);
                args.push(quote!(#ident: #ty));
                inits.push(if field.boxed {
                    quote!(#ident: Box::new(#ident))
                } else {
                    quote!(#ident)
                });
            }
            Presence::RequiredNullable => {
                let ty = field_value_type(field, arena, Spelling::Bare);
                args.push(quote!(#ident: Option<#ty>));
                inits.push(quote!(#ident));
            }
            Presence::Optional | Presence::OptionalNullable => inits.push(quote!(#ident: None)),
        }
    }
    if def.additional.is_some() {
        inits.push(quote!(additional_properties: std::collections::BTreeMap::new()));
    }
    let doc = if args.is_empty() {
        format!(" A `{name}` with every field unset.")
    } else {
        format!(" A `{name}` with its required fields; the optional ones are unset.")
    };
    let allow = super::types::allow_many_arguments(args.len());
    quote! {
        #[doc = #doc]
        #allow
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

/// Whether a field's value is a `String` (also through an alias), which the constructor and
/// setter take as `impl Into<String>`, as the options' setters do.
fn takes_text(field: &Field, arena: &TypeArena) -> bool {
    !field.boxed
        && arena.through_aliases(&field.ty) == &TypeRef::Primitive(crate::ir::Primitive::String)
}

/// `with_<field>` for optional fields, plus `with_<field>_null` when `null` can be sent (the
/// names come from lowering).
fn setter(field: &Field, arena: &TypeArena, rest: Option<&TokenStream>) -> Option<TokenStream> {
    let with = ident(field.setter.as_deref()?);
    let field_ident = ident(&field.ident);
    let (ty, value) = if takes_text(field, arena) {
        (quote!(impl Into<String>), quote!(value.into()))
    } else if field.boxed {
        (
            rust_type(&field.ty, arena, Spelling::Bare),
            quote!(Box::new(value)),
        )
    } else {
        (rust_type(&field.ty, arena, Spelling::Bare), quote!(value))
    };
    let doc = format!(" Sets `{}`.", field.wire_name);
    let (assign, null_setter) = match field.null_setter.as_deref() {
        Some(with_null) => {
            let with_null = ident(with_null);
            let null_doc = format!(" Sends `{}` as an explicit `null`.", field.wire_name);
            (
                quote!(Some(Some(#value))),
                Some(quote! {
                    #[doc = #null_doc]
                    pub fn #with_null(self) -> Self {
                        Self { #field_ident: Some(None), #rest }
                    }
                }),
            )
        }
        None => (quote!(Some(#value)), None),
    };
    Some(quote! {
        #[doc = #doc]
        pub fn #with(self, value: #ty) -> Self {
            Self { #field_ident: #assign, #rest }
        }
        #null_setter
    })
}

fn string_enum(name: &proc_macro2::Ident, values: &[EnumValue], docs: &TokenStream) -> TokenStream {
    let variants: Vec<_> = values.iter().map(|v| ident(&v.variant)).collect();
    let wire: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = wire.iter().map(|w| format!(" `{w}`"));
    quote! {
        #docs
        ///
        /// Values this client version does not know are kept in [`Self::Unknown`].
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#[doc = #variant_docs] #variants,)*
            /// A value added to the API after this client was generated, kept as sent.
            Unknown(UnknownValue<String>),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wire,)*
                    Self::Unknown(value) => value.get(),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#wire => Self::#variants,)*
                    _ => Self::Unknown(UnknownValue::new(value)),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from(value.to_owned())
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn int_enum(
    name: &proc_macro2::Ident,
    values: &[crate::ir::IntValue],
    docs: &TokenStream,
) -> TokenStream {
    let variants: Vec<_> = values.iter().map(|v| ident(&v.variant)).collect();
    let literals: Vec<_> = values
        .iter()
        .map(|v| proc_macro2::Literal::i64_unsuffixed(v.value))
        .collect();
    let values: Vec<i64> = values.iter().map(|v| v.value).collect();
    let variant_docs = values.iter().map(|v| format!(" `{v}`"));
    quote! {
        #docs
        ///
        /// Values this client version does not know are kept in [`Self::Unknown`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#[doc = #variant_docs] #variants,)*
            /// A value added to the API after this client was generated, kept as sent.
            Unknown(UnknownValue<i64>),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(Self::#variants => #literals,)*
                    Self::Unknown(value) => *value.get(),
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#literals => Self::#variants,)*
                    _ => Self::Unknown(UnknownValue::new(value)),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                i64::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn union(
    name: &proc_macro2::Ident,
    def: &UnionDef,
    arena: &TypeArena,
    docs: &TokenStream,
    usage: Usage,
    mocks: bool,
) -> TokenStream {
    let UnionDef {
        discriminator,
        variants,
        unknown,
    } = def;
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<_> = variants
        .iter()
        .map(|v| {
            let ty = rust_type(&v.ty, arena, Spelling::Bare);
            if v.boxed {
                quote!(Box<#ty>)
            } else {
                ty
            }
        })
        .collect();
    let eq = variants.iter().all(|v| is_eq(&v.ty, arena, 0) && !v.boxed);
    let eq_derive = eq.then(|| quote!(Eq,));
    // The variants are the document's alternatives, of whatever sizes they have; boxing the
    // large ones would change the API with the document's sizes.
    let Some(property) = discriminator else {
        // Untagged: the first alternative that decodes wins, so the docs say which one it is.
        let alternatives = variants
            .iter()
            .enumerate()
            .map(|(index, v)| format!(" Alternative {} (`{}`).", index + 1, v.name));
        let serde = serde_derives(usage);
        let mock = mock_serialize(usage, mocks);
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, #eq_derive #serde)]
            #mock
            #[serde(untagged)]
            #[allow(clippy::large_enum_variant)]
            pub enum #name {
                #(#[doc = #alternatives] #idents(#types),)*
            }
        };
    };
    let tags: Vec<&str> = variants
        .iter()
        .map(|v| v.tag.as_deref().unwrap_or(""))
        .collect();
    let missing = format!("missing discriminator `{property}`");
    let unknown = ident(unknown.as_deref().unwrap_or("Unknown"));
    let unknown_doc = format!(
        " A value whose `{property}` names none of the variants above (added by a later \
         version of the API), as JSON."
    );
    let serialize = if usage.sent {
        quote! {
            #[derive(serde::Serialize)]
            #[serde(untagged)]
        }
    } else if mocks {
        quote!(#[cfg_attr(any(feature = "mock", feature = "cli"), derive(serde::Serialize), serde(untagged))])
    } else {
        TokenStream::new()
    };
    // A type only sent is read by the `cli` feature's tool.
    let cli_gate = (!usage.received).then(|| quote!(#[cfg(feature = "cli")]));
    let deserialize = (usage.received || mocks).then(|| {
        quote! {
        #cli_gate
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use serde::de::Error as _;
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(Some(#tags) => serde_json::from_value(value).map(Self::#idents).map_err(D::Error::custom),)*
                    Some(_) => Ok(Self::#unknown(value)),
                    None => Err(D::Error::custom(#missing)),
                }
            }
        }
        }
    });
    quote! {
        #docs
        ///
        #[doc = concat!(" The variant is chosen by the `", #property, "` property.")]
        #[derive(Debug, Clone, PartialEq, #eq_derive)]
        #serialize
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#[doc = concat!(" `", #property, ": ", #tags, "`")] #idents(#types),)*
            #[doc = #unknown_doc]
            #unknown(serde_json::Value),
        }

        #deserialize
    }
}

/// `Serialize` for types that are sent, `Deserialize` for types that are received.
fn serde_derives(usage: Usage) -> TokenStream {
    let serialize = usage.sent.then(|| quote!(serde::Serialize,));
    let deserialize = usage.received.then(|| quote!(serde::Deserialize,));
    quote!(#serialize #deserialize)
}

/// For a type that is only received: `Serialize` with the `mock` feature, whose expectations
/// answer with models, and the `cli` feature, which prints them. For a type that is only sent:
/// `Deserialize` with the `cli` feature, which reads bodies and arguments as JSON.
fn mock_serialize(usage: Usage, mocks: bool) -> Option<TokenStream> {
    if !mocks {
        return None;
    }
    match (usage.sent, usage.received) {
        (false, _) => Some(
            quote!(#[cfg_attr(any(feature = "mock", feature = "cli"), derive(serde::Serialize))]),
        ),
        (true, false) => Some(quote!(#[cfg_attr(feature = "cli", derive(serde::Deserialize))])),
        (true, true) => None,
    }
}
