//! How IR types are spelled in Rust: the one rule the emitter prints as code and the diff
//! prints as text, so that what the diff reports is what the generated crate declares.
//!
//! [`RustType`] is built from the IR ([`RustType::of`], [`RustType::field`],
//! [`RustType::argument`]); [`RustType::tokens`] gives the code (`models::Pet`,
//! `std::collections::BTreeMap<String, i64>`), and `Display` the text a user reads in a report
//! (`Pet`, `BTreeMap<String, i64>`).

use crate::ir::{Field, Presence, Primitive, TypeArena, TypeId, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::fmt;

/// How named types are spelled in code: bare inside `models`, with their full path elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// `Name` (the file imports it).
    Bare,
    /// `models::Name`, for files that import `models` from the crate root.
    Qualified,
}

/// A Rust type of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// A scalar.
    Primitive(Primitive),
    /// `Vec<T>`.
    Vec(Box<RustType>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustType>),
    /// A model, by its name.
    Named(String, Spelling),
    /// `serde_json::Value`.
    Json,
    /// `Box<T>`.
    Boxed(Box<RustType>),
    /// `Option<T>`.
    Option(Box<RustType>),
    /// `&[T]`.
    Slice(Box<RustType>),
    /// `&T`.
    Ref(Box<RustType>),
    /// `&str`.
    Str,
}

impl RustType {
    /// The type of a value of `ty`, with named types as `arena` names them.
    pub fn of(ty: &TypeRef, arena: &TypeArena, spelling: Spelling) -> Self {
        Self::named_by(ty, &|id| arena.get(id).name.clone(), spelling)
    }

    /// The type of a value of `ty`, with named types as `name` names them (the diff spells an
    /// old type by the new name of a renamed one).
    pub fn named_by(ty: &TypeRef, name: &dyn Fn(TypeId) -> String, spelling: Spelling) -> Self {
        match ty {
            TypeRef::Primitive(primitive) => Self::Primitive(*primitive),
            TypeRef::Vec(item) => Self::Vec(Box::new(Self::named_by(item, name, spelling))),
            TypeRef::Map(value) => Self::Map(Box::new(Self::named_by(value, name, spelling))),
            TypeRef::Named(id) => Self::Named(name(*id), spelling),
            TypeRef::Json => Self::Json,
            TypeRef::Nullable(inner) => {
                Self::Option(Box::new(Self::named_by(inner, name, spelling)))
            }
        }
    }

    /// A field's value type: its type, boxed when the field breaks a containment cycle.
    pub fn field_value(field: &Field, value: RustType) -> Self {
        if field.boxed {
            Self::Boxed(Box::new(value))
        } else {
            value
        }
    }

    /// A field's full type: the value type in the wrappers its [`Presence`] needs.
    pub fn field(field: &Field, value: RustType) -> Self {
        let value = Self::field_value(field, value);
        match Presence::of(field) {
            Presence::Required => value,
            Presence::RequiredNullable | Presence::Optional => Self::Option(Box::new(value)),
            Presence::OptionalNullable => Self::Option(Box::new(Self::Option(Box::new(value)))),
        }
    }

    /// How a required parameter of type `value` is taken as a positional argument: strings
    /// by `&str`, arrays by slice, other `Copy` scalars by value, everything else by reference.
    pub fn argument(value: RustType) -> Self {
        match value {
            Self::Primitive(Primitive::String | Primitive::Secret | Primitive::Bytes) => Self::Str,
            Self::Primitive(_) => value,
            Self::Vec(item) => Self::Slice(item),
            other => Self::Ref(Box::new(other)),
        }
    }

    /// The type as code.
    pub fn tokens(&self) -> TokenStream {
        match self {
            Self::Primitive(primitive) => primitive_tokens(*primitive),
            Self::Vec(item) => {
                let item = item.tokens();
                quote!(Vec<#item>)
            }
            Self::Map(value) => {
                let value = value.tokens();
                quote!(std::collections::BTreeMap<String, #value>)
            }
            Self::Named(name, spelling) => {
                let name = format_ident!("{}", name);
                match spelling {
                    Spelling::Bare => quote!(#name),
                    Spelling::Qualified => quote!(models::#name),
                }
            }
            Self::Json => quote!(serde_json::Value),
            Self::Boxed(inner) => {
                let inner = inner.tokens();
                quote!(Box<#inner>)
            }
            Self::Option(inner) => {
                let inner = inner.tokens();
                quote!(Option<#inner>)
            }
            Self::Slice(item) => {
                let item = item.tokens();
                quote!(&[#item])
            }
            Self::Ref(inner) => {
                let inner = inner.tokens();
                quote!(&#inner)
            }
            Self::Str => quote!(&str),
        }
    }
}

/// The code of a scalar type.
pub fn primitive_tokens(primitive: Primitive) -> TokenStream {
    match primitive {
        Primitive::String => quote!(String),
        Primitive::Secret => quote!(openapi_client_runtime::SecretString),
        Primitive::Bool => quote!(bool),
        Primitive::I32 => quote!(i32),
        Primitive::I64 => quote!(i64),
        Primitive::F32 => quote!(f32),
        Primitive::F64 => quote!(f64),
        Primitive::Uuid => quote!(uuid::Uuid),
        Primitive::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        Primitive::Date => quote!(chrono::NaiveDate),
        Primitive::Bytes => quote!(bytes::Bytes),
    }
}

/// The text of a scalar type, as a user reads it in the crate's docs.
fn primitive_text(primitive: Primitive) -> &'static str {
    match primitive {
        Primitive::String => "String",
        Primitive::Secret => "SecretString",
        Primitive::Bool => "bool",
        Primitive::I32 => "i32",
        Primitive::I64 => "i64",
        Primitive::F32 => "f32",
        Primitive::F64 => "f64",
        Primitive::Uuid => "uuid::Uuid",
        Primitive::DateTime => "chrono::DateTime<Utc>",
        Primitive::Date => "chrono::NaiveDate",
        Primitive::Bytes => "bytes::Bytes",
    }
}

impl fmt::Display for RustType {
    /// The type as text: models by their bare name, maps as `BTreeMap`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Primitive(primitive) => f.write_str(primitive_text(*primitive)),
            Self::Vec(item) => write!(f, "Vec<{item}>"),
            Self::Map(value) => write!(f, "BTreeMap<String, {value}>"),
            Self::Named(name, _) => f.write_str(name),
            Self::Json => f.write_str("serde_json::Value"),
            Self::Boxed(inner) => write!(f, "Box<{inner}>"),
            Self::Option(inner) => write!(f, "Option<{inner}>"),
            Self::Slice(item) => write!(f, "&[{item}]"),
            Self::Ref(inner) => write!(f, "&{inner}"),
            Self::Str => f.write_str("&str"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_and_text_spell_the_same_type() {
        let named = RustType::Named("Pet".into(), Spelling::Qualified);
        let map = RustType::Map(Box::new(RustType::Vec(Box::new(named.clone()))));
        assert_eq!(map.to_string(), "BTreeMap<String, Vec<Pet>>");
        assert_eq!(
            map.tokens().to_string(),
            "std :: collections :: BTreeMap < String , Vec < models :: Pet > >"
        );
        assert_eq!(
            RustType::argument(map.clone()).to_string(),
            "&BTreeMap<String, Vec<Pet>>"
        );
        let string = RustType::Primitive(Primitive::String);
        assert_eq!(RustType::argument(string).to_string(), "&str");
        let list = RustType::Vec(Box::new(named));
        assert_eq!(RustType::argument(list).to_string(), "&[Pet]");
        let id = RustType::Primitive(Primitive::Uuid);
        assert_eq!(RustType::argument(id).to_string(), "uuid::Uuid");
    }
}
