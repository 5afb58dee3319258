//! Client-side validation: which types carry constraints, and the code that checks them.

use super::types::{ident, Presence};
use crate::ir::{Constraints, Primitive, StructDef, TypeArena, TypeId, TypeKind, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Which types need a `Validate` implementation (they or something they contain carry checks).
pub struct Validation {
    needs: Vec<bool>,
}

impl Validation {
    /// Finds the structs that carry checks or contain (through fields, arrays and aliases) a
    /// struct that does, propagating backwards from the ones with checks of their own: linear in
    /// the size of the arena, and recursive types terminate.
    pub fn analyse(arena: &TypeArena) -> Self {
        let count = arena.defs.len();
        // users[x]: the structs and aliases whose values contain a value of type x.
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); count];
        let mut reaches = vec![false; count];
        let mut pending = Vec::new();
        for (id, def) in arena.iter() {
            // Only what requests carry is checked: responses are the server's business.
            if !def.usage.sent {
                continue;
            }
            let mut contained = Vec::new();
            match &def.kind {
                TypeKind::Struct(def) => {
                    for field in &def.fields {
                        contained_types(&field.ty, &mut contained);
                    }
                    let own_checks = def.fields.iter().any(|f| {
                        f.ty == TypeRef::Primitive(Primitive::String) && !f.constraints.is_empty()
                    });
                    if own_checks {
                        reaches[id.0] = true;
                        pending.push(id.0);
                    }
                }
                TypeKind::Alias(target) => contained_types(target, &mut contained),
                TypeKind::StringEnum(_) | TypeKind::IntEnum(_) | TypeKind::Union(_) => {}
            }
            for target in contained.into_iter().filter(|t| *t < count) {
                users[target].push(id.0);
            }
        }
        while let Some(node) = pending.pop() {
            for &user in &users[node] {
                if !reaches[user] {
                    reaches[user] = true;
                    pending.push(user);
                }
            }
        }
        let needs = arena
            .iter()
            .map(|(id, def)| reaches[id.0] && matches!(def.kind, TypeKind::Struct(_)))
            .collect();
        Validation { needs }
    }

    /// Whether struct `id` has a `Validate` implementation.
    pub fn needs(&self, id: TypeId) -> bool {
        self.needs.get(id.0).copied().unwrap_or(false)
    }

    /// Whether values of `ty` contain something to validate.
    pub fn type_needs(&self, ty: &TypeRef, arena: &TypeArena, depth: usize) -> bool {
        match ty {
            TypeRef::Named(id) => match &arena.get(*id).kind {
                TypeKind::Struct(_) => self.needs(*id),
                TypeKind::Alias(target) if depth < 16 => self.type_needs(target, arena, depth + 1),
                _ => false,
            },
            TypeRef::Vec(item) | TypeRef::Map(item) => self.type_needs(item, arena, depth + 1),
            TypeRef::Primitive(_) | TypeRef::Json => false,
        }
    }
}

/// The arena types a value of type `ty` contains directly, in arrays or in maps.
fn contained_types(ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => out.push(id.0),
        TypeRef::Vec(item) | TypeRef::Map(item) => contained_types(item, out),
        TypeRef::Primitive(_) | TypeRef::Json => {}
    }
}

/// `validation::Path::Root(name)`, the path of a parameter or the body.
pub fn root_path(name: &str) -> TokenStream {
    quote!(openapi_client_runtime::validation::Path::Root(#name))
}

/// A call validating `value` (an expression of type `&T` where `T: Validate`; the runtime
/// implements it for `Option`, `Box`, `Vec` and maps of validated types) as `path`.
pub fn validate_call(value: TokenStream, path: TokenStream) -> TokenStream {
    quote!(openapi_client_runtime::validation::Validate::validate(#value, &#path)?;)
}

/// Checks of a string's constraints; `value` is a `&str` expression, `name` a
/// `validation::Path` expression.
pub fn string_checks(
    constraints: &Constraints,
    value: &TokenStream,
    name: &TokenStream,
) -> TokenStream {
    let Constraints {
        pattern,
        min_length,
        max_length,
        format: _,
    } = constraints;
    let pattern = pattern.as_ref().map(|p| {
        // One lazily compiled regex per pattern, in a block of its own.
        quote! {{
            static PATTERN: openapi_client_runtime::validation::Pattern =
                openapi_client_runtime::validation::Pattern::new(#p);
            openapi_client_runtime::validation::check_pattern(&#name, #value, &PATTERN)?;
        }}
    });
    let min = min_length.map(
        |n| quote!(openapi_client_runtime::validation::check_min_length(&#name, #value, #n)?;),
    );
    let max = max_length.map(
        |n| quote!(openapi_client_runtime::validation::check_max_length(&#name, #value, #n)?;),
    );
    quote!(#pattern #min #max)
}

/// `impl Validate for Name`: the string checks of its own fields, and one call per field whose
/// type contains validated models.
pub fn validate_impl(
    name: &Ident,
    def: &StructDef,
    arena: &TypeArena,
    validation: &Validation,
) -> TokenStream {
    let checks = def.fields.iter().map(|field| {
        let field_ident = ident(&field.ident);
        let wire = &field.wire_name;
        let field_path = quote!(path.field(#wire));
        if field.ty == TypeRef::Primitive(Primitive::String) && !field.constraints.is_empty() {
            let checks = string_checks(&field.constraints, &quote!(value), &field_path);
            match Presence::of(field) {
                Presence::Required => quote! { { let value = &self.#field_ident; #checks } },
                Presence::RequiredNullable | Presence::Optional => {
                    quote! { if let Some(value) = &self.#field_ident { #checks } }
                }
                Presence::OptionalNullable => {
                    quote! { if let Some(Some(value)) = &self.#field_ident { #checks } }
                }
            }
        } else if validation.type_needs(&field.ty, arena, 0) {
            validate_call(quote!(&self.#field_ident), field_path)
        } else {
            TokenStream::new()
        }
    });
    quote! {
        impl openapi_client_runtime::validation::Validate for #name {
            fn validate(
                &self,
                path: &openapi_client_runtime::validation::Path<'_>,
            ) -> Result<(), openapi_client_runtime::InvalidArgument> {
                #(#checks)*
                Ok(())
            }
        }
    }
}
