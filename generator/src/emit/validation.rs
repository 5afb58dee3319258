//! Client-side validation: which types carry constraints, and the code that checks them.

use super::types::{ident, Presence};
use crate::ir::{
    Access, Bound, Constraints, Primitive, StructDef, TypeArena, TypeId, TypeKind, TypeRef,
};
use proc_macro2::{Ident, Literal, TokenStream};
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
                    let sent = def.fields.iter().filter(|f| f.access != Access::ReadOnly);
                    for field in sent {
                        contained_types(&field.ty, &mut contained);
                    }
                    let own_checks = def
                        .fields
                        .iter()
                        .filter(|f| f.access != Access::ReadOnly)
                        .any(|f| has_own_checks(&f.ty, &f.constraints, arena));
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
            TypeRef::Vec(item) | TypeRef::Map(item) | TypeRef::Nullable(item) => {
                self.type_needs(item, arena, depth + 1)
            }
            TypeRef::Primitive(_) | TypeRef::Json => false,
        }
    }
}

/// The arena types a value of type `ty` contains directly, in arrays or in maps.
fn contained_types(ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => out.push(id.0),
        TypeRef::Vec(item) | TypeRef::Map(item) | TypeRef::Nullable(item) => {
            contained_types(item, out)
        }
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

/// Whether a value of type `ty` declared with `constraints` has checks of its own (not
/// counting the models it contains).
pub fn has_own_checks(ty: &TypeRef, constraints: &Constraints, arena: &TypeArena) -> bool {
    !checks(
        ty,
        constraints,
        &quote!(value),
        &quote!(path),
        arena,
        None,
        0,
    )
    .is_empty()
}

/// The checks of a value of type `ty` declared with `constraints`, and the validation of the
/// models it contains. `value` is an expression of type `&T` (`&str` and `&[T]` do too), `path`
/// a `validation::Path` expression. Empty when there is nothing to check.
pub fn value_checks(
    ty: &TypeRef,
    constraints: &Constraints,
    value: &TokenStream,
    path: &TokenStream,
    arena: &TypeArena,
    validation: &Validation,
) -> TokenStream {
    checks(ty, constraints, value, path, arena, Some(validation), 0)
}

fn checks(
    ty: &TypeRef,
    constraints: &Constraints,
    value: &TokenStream,
    path: &TokenStream,
    arena: &TypeArena,
    validation: Option<&Validation>,
    depth: usize,
) -> TokenStream {
    if depth > 8 {
        return TokenStream::new();
    }
    let models = |ty: &TypeRef| {
        validation
            .filter(|v| v.type_needs(ty, arena, 0))
            .map(|_| validate_call(value.clone(), path.clone()))
            .unwrap_or_default()
    };
    match arena.through_aliases(ty) {
        TypeRef::Primitive(Primitive::String) => string_checks(constraints, value, path),
        TypeRef::Primitive(
            number @ (Primitive::I32 | Primitive::I64 | Primitive::F32 | Primitive::F64),
        ) => number_checks(*number, constraints, value, path),
        TypeRef::Vec(item) => {
            let min = constraints.min_items.filter(|n| *n > 0).map(|n| {
                quote!(openapi_client_runtime::validation::check_min_items(&#path, #value, #n)?;)
            });
            let max = constraints.max_items.map(|n| {
                quote!(openapi_client_runtime::validation::check_max_items(&#path, #value, #n)?;)
            });
            let none = Constraints::default();
            let item_constraints = constraints.items.as_deref().unwrap_or(&none);
            if !has_own_checks(item, item_constraints, arena) {
                // Only models inside: the runtime's impl for slices descends.
                let models = models(ty);
                return quote!(#min #max #models);
            }
            let inner = checks(
                item,
                item_constraints,
                &quote!(item),
                &quote!(path),
                arena,
                validation,
                depth + 1,
            );
            let each = (!inner.is_empty()).then(|| {
                quote! {{
                    let parent = #path;
                    for (index, item) in #value.iter().enumerate() {
                        let path = parent.index(index);
                        #inner
                    }
                }}
            });
            quote!(#min #max #each)
        }
        other => models(other),
    }
}

/// Checks of a string's constraints; `value` is a `&str` expression, `name` a
/// `validation::Path` expression.
pub fn string_checks(
    constraints: &Constraints,
    value: &TokenStream,
    name: &TokenStream,
) -> TokenStream {
    let pattern = constraints.pattern.as_ref().map(|p| {
        // One lazily compiled regex per pattern, in a block of its own.
        quote! {{
            static PATTERN: openapi_client_runtime::validation::Pattern =
                openapi_client_runtime::validation::Pattern::new(#p);
            openapi_client_runtime::validation::check_pattern(&#name, #value, &PATTERN)?;
        }}
    });
    let min = constraints.min_length.filter(|n| *n > 0).map(
        |n| quote!(openapi_client_runtime::validation::check_min_length(&#name, #value, #n)?;),
    );
    let max = constraints.max_length.map(
        |n| quote!(openapi_client_runtime::validation::check_max_length(&#name, #value, #n)?;),
    );
    quote!(#pattern #min #max)
}

/// Checks of a number's bounds; `value` is a `&T` expression of the number type.
fn number_checks(
    number: Primitive,
    constraints: &Constraints,
    value: &TokenStream,
    name: &TokenStream,
) -> TokenStream {
    let check = |bound: &Option<Bound>, lower: bool| {
        let (literal, exclusive) = bound_literal(number, bound.as_ref()?, lower)?;
        let function = if lower {
            quote!(check_minimum)
        } else {
            quote!(check_maximum)
        };
        Some(quote! {
            openapi_client_runtime::validation::#function(&#name, #value, #literal, #exclusive)?;
        })
    };
    let min = check(&constraints.minimum, true);
    let max = check(&constraints.maximum, false);
    quote!(#min #max)
}

/// A bound as a literal of the number's type, or `None` when the type cannot hold it (an
/// `int32` bounded beyond its range) and the check is left to the server. A fractional bound on
/// an integer becomes the nearest integer inside it, inclusive.
fn bound_literal(number: Primitive, bound: &Bound, lower: bool) -> Option<(Literal, bool)> {
    let value = bound.number();
    if !value.is_finite() {
        return None;
    }
    let integer = |range: std::ops::RangeInclusive<f64>| {
        let (whole, exclusive) = if value.fract() == 0.0 {
            (value, bound.exclusive)
        } else if lower {
            (value.ceil(), false)
        } else {
            (value.floor(), false)
        };
        // Within the type's range the cast is exact (whole numbers of at most 2^53).
        range
            .contains(&whole)
            .then(|| (Literal::i64_unsuffixed(whole as i64), exclusive))
    };
    match number {
        Primitive::I32 => integer(f64::from(i32::MIN)..=f64::from(i32::MAX)),
        Primitive::I64 => integer(-9.0e15..=9.0e15),
        Primitive::F32 => Some((Literal::f32_unsuffixed(value as f32), bound.exclusive))
            .filter(|_| (value as f32).is_finite()),
        _ => Some((Literal::f64_unsuffixed(value), bound.exclusive)),
    }
}

/// `impl Validate for Name`: the checks of its own fields, and one call per field whose type
/// contains validated models.
pub fn validate_impl(
    name: &Ident,
    def: &StructDef,
    arena: &TypeArena,
    validation: &Validation,
) -> TokenStream {
    // Read-only fields are the server's to fill; what a caller puts there is not checked.
    let checks = def.fields.iter().map(|field| {
        if field.access == Access::ReadOnly {
            return TokenStream::new();
        }
        let field_ident = ident(&field.ident);
        let wire = &field.wire_name;
        let field_path = quote!(path.field(#wire));
        if !has_own_checks(&field.ty, &field.constraints, arena) {
            // Only models inside: the runtime's impls for `Option`, `Vec` and maps descend.
            return if validation.type_needs(&field.ty, arena, 0) {
                validate_call(quote!(&self.#field_ident), field_path)
            } else {
                TokenStream::new()
            };
        }
        let checks = value_checks(
            &field.ty,
            &field.constraints,
            &quote!(value),
            &field_path,
            arena,
            validation,
        );
        match Presence::of(field) {
            Presence::Required => quote! { { let value = &self.#field_ident; #checks } },
            Presence::RequiredNullable | Presence::Optional => {
                quote! { if let Some(value) = &self.#field_ident { #checks } }
            }
            Presence::OptionalNullable => {
                quote! { if let Some(Some(value)) = &self.#field_ident { #checks } }
            }
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
