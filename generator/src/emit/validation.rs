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
    quote!(validation::Path::Root(#name))
}

/// A call validating `value` (an expression of type `&T` where `T: Validate`; the runtime
/// implements it for `Option`, `Box`, `Vec` and maps of validated types) as `path`.
pub fn validate_call(value: TokenStream, path: TokenStream) -> TokenStream {
    quote!(validation::Validate::validate(#value, &#path)?;)
}

/// The `static` rules of strings that a function's checks use (patterns are compiled once,
/// so each rule lives in a `static`), declared at the start of the function's checks, each
/// under a name of its own.
#[derive(Default)]
pub struct Statics {
    items: Vec<TokenStream>,
    names: std::collections::BTreeSet<String>,
}

impl Statics {
    /// A `static` `validation::Text` with `constraints`' string rules, named after `hint`.
    fn text(&mut self, constraints: &Constraints, hint: &str) -> Ident {
        // `hint` is an identifier the IR decided (a field's, a parameter's): upper-cased, it
        // names a static; a repeated one is numbered.
        let base = hint.to_ascii_uppercase();
        let name = (1..)
            .map(|n| match n {
                1 => base.clone(),
                n => format!("{base}_{n}"),
            })
            .find(|name| !self.names.contains(name))
            .unwrap_or(base);
        self.names.insert(name.clone());
        let name = ident(&name);
        let pattern = match &constraints.pattern {
            Some(pattern) => quote!(Some(#pattern)),
            None => quote!(None),
        };
        let min = count(constraints.min_length.filter(|n| *n > 0));
        let max = count(constraints.max_length);
        self.items.push(quote! {
            static #name: validation::Text = validation::Text::new(#pattern, #min, #max);
        });
        name
    }

    /// The declarations.
    pub fn items(&self) -> TokenStream {
        let items = &self.items;
        quote!(#(#items)*)
    }
}

/// Whether a value of type `ty` declared with `constraints` has checks of its own (not
/// counting the models it contains).
pub fn has_own_checks(ty: &TypeRef, constraints: &Constraints, arena: &TypeArena) -> bool {
    has_checks_within(ty, constraints, arena, 0)
}

/// [`has_own_checks`] at `depth` levels of arrays down, so that an array of itself (reached
/// through an alias) ends.
fn has_checks_within(
    ty: &TypeRef,
    constraints: &Constraints,
    arena: &TypeArena,
    depth: usize,
) -> bool {
    let mut statics = Statics::default();
    let path = quote!(path);
    !checks(
        ty,
        constraints,
        &quote!(value),
        &path,
        arena,
        None,
        "value",
        &mut statics,
        depth,
    )
    .is_empty()
}

/// The checks of a value of type `ty` declared with `constraints`, and the validation of the
/// models it contains. `value` is an expression of type `&T` (`&str` and `&[T]` do too), `path`
/// a `validation::Path` expression; the rules of strings go into `statics`, named after `hint`.
/// Empty when there is nothing to check.
#[allow(clippy::too_many_arguments)]
pub fn value_checks(
    ty: &TypeRef,
    constraints: &Constraints,
    value: &TokenStream,
    path: &TokenStream,
    arena: &TypeArena,
    validation: &Validation,
    hint: &str,
    statics: &mut Statics,
) -> TokenStream {
    checks(
        ty,
        constraints,
        value,
        path,
        arena,
        Some(validation),
        hint,
        statics,
        0,
    )
}

#[allow(clippy::too_many_arguments)]
fn checks(
    ty: &TypeRef,
    constraints: &Constraints,
    value: &TokenStream,
    path: &TokenStream,
    arena: &TypeArena,
    validation: Option<&Validation>,
    hint: &str,
    statics: &mut Statics,
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
        TypeRef::Primitive(Primitive::String) => match has_text_rules(constraints) {
            true => {
                let rule = statics.text(constraints, hint);
                quote!(#rule.check(&#path, #value)?;)
            }
            false => TokenStream::new(),
        },
        TypeRef::Primitive(
            number @ (Primitive::I32 | Primitive::I64 | Primitive::F32 | Primitive::F64),
        ) => match bounds(*number, constraints) {
            Some(bounds) => quote!(#bounds.check(&#path, #value)?;),
            None => TokenStream::new(),
        },
        TypeRef::Vec(item) => {
            let min = constraints.min_items.filter(|n| *n > 0);
            let count = (min.is_some() || constraints.max_items.is_some()).then(|| {
                let (min, max) = (count(min), count(constraints.max_items));
                quote!(validation::Count::new(#min, #max).check(&#path, #value)?;)
            });
            let none = Constraints::default();
            let item_constraints = constraints.items.as_deref().unwrap_or(&none);
            let each = match arena.through_aliases(item) {
                // Scalars of the items are checked in one call.
                TypeRef::Primitive(Primitive::String) if has_text_rules(item_constraints) => {
                    let rule = statics.text(item_constraints, &format!("{hint}_items"));
                    quote!(#rule.check_each(&#path, #value)?;)
                }
                TypeRef::Primitive(
                    number @ (Primitive::I32 | Primitive::I64 | Primitive::F32 | Primitive::F64),
                ) => match bounds(*number, item_constraints) {
                    Some(bounds) => quote!(#bounds.check_each(&#path, #value)?;),
                    None => models(ty),
                },
                _ if !has_checks_within(item, item_constraints, arena, depth + 1) => models(ty),
                _ => {
                    // Deeper arrays: one item at a time.
                    let inner = checks(
                        item,
                        item_constraints,
                        &quote!(item),
                        &quote!(path),
                        arena,
                        validation,
                        &format!("{hint}_items"),
                        statics,
                        depth + 1,
                    );
                    quote! {
                        for (index, item) in #value.iter().enumerate() {
                            let path = #path.index(index);
                            #inner
                        }
                    }
                }
            };
            quote!(#count #each)
        }
        other => models(other),
    }
}

/// `Some(n)` or `None`, with `n` written without a suffix.
fn count(value: Option<usize>) -> TokenStream {
    match value.map(Literal::usize_unsuffixed) {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    }
}

/// Whether `constraints` constrain a string.
fn has_text_rules(constraints: &Constraints) -> bool {
    constraints.pattern.is_some()
        || constraints.min_length.is_some_and(|n| n > 0)
        || constraints.max_length.is_some()
}

/// `validation::Bounds::new(..)` of a number's bounds, or `None` without any the type can
/// hold.
fn bounds(number: Primitive, constraints: &Constraints) -> Option<TokenStream> {
    let bound = |bound: &Option<Bound>, lower: bool| {
        bound
            .as_ref()
            .and_then(|bound| bound_literal(number, bound, lower))
    };
    let (min, max) = (
        bound(&constraints.minimum, true),
        bound(&constraints.maximum, false),
    );
    if min.is_none() && max.is_none() {
        return None;
    }
    let option = |bound: Option<(Literal, bool)>| match bound {
        Some((literal, exclusive)) => quote!(Some((#literal, #exclusive))),
        None => quote!(None),
    };
    let (min, max) = (option(min), option(max));
    Some(quote!(validation::Bounds::new(#min, #max)))
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
    let mut statics = Statics::default();
    // Read-only fields are the server's to fill; what a caller puts there is not checked.
    let checks: Vec<TokenStream> = def
        .fields
        .iter()
        .filter(|field| field.access != Access::ReadOnly)
        .map(|field| {
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
            let value = match Presence::of(field) {
                Presence::Required => quote!(&self.#field_ident),
                _ => quote!(value),
            };
            let checks = value_checks(
                &field.ty,
                &field.constraints,
                &value,
                &field_path,
                arena,
                validation,
                &field.ident,
                &mut statics,
            );
            match Presence::of(field) {
                Presence::Required => checks,
                Presence::RequiredNullable | Presence::Optional => {
                    quote! { if let Some(value) = &self.#field_ident { #checks } }
                }
                Presence::OptionalNullable => {
                    quote! { if let Some(Some(value)) = &self.#field_ident { #checks } }
                }
            }
        })
        .collect();
    let statics = statics.items();
    quote! {
        impl validation::Validate for #name {
            fn validate(&self, path: &validation::Path<'_>) -> Result<(), validation::InvalidArgument> {
                #statics
                #(#checks)*
                Ok(())
            }
        }
    }
}
