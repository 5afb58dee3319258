//! Model types: matched by Rust name (then by schema origin or shape, for renames); their fields,
//! enum values, union variants and alias targets.

use super::classify::{self, spell, Presence, Sides};
use super::{Changes, Impact, Subject};
use crate::ir::{Access, EnumValue, Field, StructDef, TypeArena, TypeDef, TypeKind, UnionDef};
use std::collections::BTreeMap;

/// Which old type is which new type.
pub struct Matching<'a> {
    /// Same name on both sides.
    pairs: Vec<(&'a TypeDef, &'a TypeDef)>,
    /// Renamed: same schema, or same shape.
    renamed: Vec<(&'a TypeDef, &'a TypeDef)>,
    /// Only in the old arena.
    removed: Vec<&'a TypeDef>,
    /// Only in the new arena.
    added: Vec<&'a TypeDef>,
}

impl<'a> Matching<'a> {
    /// Matches types by name; a type that disappears while one from the same schema, or of the
    /// same shape, appears was renamed.
    pub fn new(old: &'a TypeArena, new: &'a TypeArena) -> Self {
        let old_names: BTreeMap<&str, &TypeDef> =
            old.defs.iter().map(|d| (d.name.as_str(), d)).collect();
        let new_names: BTreeMap<&str, &TypeDef> =
            new.defs.iter().map(|d| (d.name.as_str(), d)).collect();
        let mut pairs = Vec::new();
        let mut removed = Vec::new();
        for def in &old.defs {
            match new_names.get(def.name.as_str()) {
                Some(other) => pairs.push((def, *other)),
                None => removed.push(def),
            }
        }
        let mut added: Vec<(&TypeDef, String)> = new
            .defs
            .iter()
            .filter(|d| !old_names.contains_key(d.name.as_str()))
            .map(|d| (d, shape(d, new)))
            .collect();
        let mut renamed = Vec::new();
        removed.retain(|def| {
            let found = added
                .iter()
                .position(|(d, _)| d.origin == def.origin)
                .or_else(|| {
                    let wanted = shape(def, old);
                    added.iter().position(|(_, shape)| *shape == wanted)
                });
            match found {
                Some(index) => {
                    renamed.push((*def, added.remove(index).0));
                    false
                }
                None => true,
            }
        });
        Matching {
            pairs,
            renamed,
            removed,
            added: added.into_iter().map(|(d, _)| d).collect(),
        }
    }

    /// Old name to new name of every renamed type.
    pub fn renames(&self) -> BTreeMap<String, String> {
        self.renamed
            .iter()
            .map(|(a, b)| (a.name.clone(), b.name.clone()))
            .collect()
    }
}

/// Compares the model types.
pub fn compare(matching: &Matching, sides: &Sides, out: &mut Changes) {
    for def in &matching.removed {
        let subject = Subject::Type {
            name: def.name.clone(),
        };
        let description = format!("removed: `models::{}` no longer exists", def.name);
        out.push(Impact::Breaking, &subject, "", description);
    }
    for def in &matching.added {
        let subject = Subject::Type {
            name: def.name.clone(),
        };
        let description = format!("added as {}", kind_name(&def.kind));
        out.push(Impact::Additive, &subject, "", description);
    }
    for (a, b) in &matching.renamed {
        let subject = Subject::Type {
            name: b.name.clone(),
        };
        let description = format!(
            "renamed from `{}`: code naming `models::{}` must change",
            a.name, a.name
        );
        out.push(Impact::Breaking, &subject, "", description);
    }
    for (a, b) in matching.pairs.iter().chain(&matching.renamed) {
        type_def(a, b, sides, out);
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::StringEnum(_) => "a string enum",
        TypeKind::IntEnum(_) => "an integer enum",
        TypeKind::Union(_) => "a oneOf/anyOf enum",
        TypeKind::Alias(_) => "a type alias",
    }
}

/// What a type looks like from Rust, names aside: used to recognise renamed types.
fn shape(def: &TypeDef, arena: &TypeArena) -> String {
    let none = BTreeMap::new();
    let spell = |ty| spell(ty, arena, &none);
    match &def.kind {
        TypeKind::Struct(s) => {
            let mut fields: Vec<String> = s
                .fields
                .iter()
                .map(|f| format!("{}:{:?}:{}", f.wire_name, Presence::of(f), spell(&f.ty)))
                .collect();
            fields.sort();
            let extra = s.additional.as_ref().map(spell);
            format!("struct {fields:?} {extra:?}")
        }
        TypeKind::StringEnum(values) => {
            let mut values: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
            values.sort();
            format!("enum {values:?}")
        }
        TypeKind::IntEnum(values) => {
            let mut values: Vec<i64> = values.iter().map(|v| v.value).collect();
            values.sort();
            format!("int enum {values:?}")
        }
        TypeKind::Union(u) => {
            let variants: Vec<String> = u
                .variants
                .iter()
                .map(|v| format!("{}:{:?}:{}", v.name, v.tag, spell(&v.ty)))
                .collect();
            format!("union {:?} {variants:?}", u.discriminator)
        }
        TypeKind::Alias(target) => format!("alias {}", spell(target)),
    }
}

fn type_def(a: &TypeDef, b: &TypeDef, sides: &Sides, out: &mut Changes) {
    let subject = Subject::Type {
        name: b.name.clone(),
    };
    classify::deprecation(a.deprecated, b.deprecated, &subject, "", out);
    classify::docs(&a.docs, &b.docs, &subject, "", out);
    match (&a.kind, &b.kind) {
        (TypeKind::Struct(x), TypeKind::Struct(y)) => {
            fields(x, y, &b.name, b.usage.sent, sides, &subject, out)
        }
        (TypeKind::StringEnum(x), TypeKind::StringEnum(y)) => {
            string_values(x, y, &b.name, &subject, out)
        }
        (TypeKind::IntEnum(x), TypeKind::IntEnum(y)) => {
            let values = |v: &[crate::ir::IntValue]| v.iter().map(|v| v.value).collect::<Vec<_>>();
            int_values(&values(x), &values(y), &subject, out)
        }
        (TypeKind::Union(x), TypeKind::Union(y)) => union(x, y, &b.name, sides, &subject, out),
        (TypeKind::Alias(x), TypeKind::Alias(y)) => {
            let (x, y) = (sides.old_ty(x), sides.new_ty(y));
            if x != y {
                let description = format!("now an alias of `{y}` instead of `{x}`");
                out.push(Impact::Breaking, &subject, "", description);
            }
        }
        (x, y) => {
            let description = format!("changes from {} to {}", kind_name(x), kind_name(y));
            out.push(Impact::Breaking, &subject, "", description);
        }
    }
}

fn field_at(field: &Field) -> String {
    format!("field `{}`", field.wire_name)
}

/// `sent`: whether the new type is ever sent, so that its constraints are checked.
fn fields(
    a: &StructDef,
    b: &StructDef,
    name: &str,
    sent: bool,
    sides: &Sides,
    subject: &Subject,
    out: &mut Changes,
) {
    let mut pairs: Vec<(&Field, &Field)> = Vec::new();
    let mut removed: Vec<&Field> = Vec::new();
    for f in &a.fields {
        match b.fields.iter().find(|g| g.wire_name == f.wire_name) {
            Some(g) => pairs.push((f, g)),
            None => removed.push(f),
        }
    }
    let mut added: Vec<&Field> = b
        .fields
        .iter()
        .filter(|g| !a.fields.iter().any(|f| f.wire_name == g.wire_name))
        .collect();
    // A field that disappears while one of the same Rust type appears was renamed.
    let mut renamed: Vec<(&Field, &Field)> = Vec::new();
    removed.retain(|f| {
        let ty = sides.old_field(f);
        match added
            .iter()
            .position(|g| sides.new_field(g) == ty && Presence::of(g) == Presence::of(f))
        {
            Some(index) => {
                renamed.push((f, added.remove(index)));
                false
            }
            None => true,
        }
    });
    for f in removed {
        let description = format!("removed: `{name}::{}` goes away", f.ident);
        out.push(Impact::Breaking, subject, &field_at(f), description);
    }
    for g in added {
        let ty = sides.new_field(g);
        let ident = &g.ident;
        let (impact, description) = if Presence::of(g).in_constructor() {
            (
                Impact::Breaking,
                format!("added as required: `{ident}: {ty}`, and `new()` takes it"),
            )
        } else {
            (
                Impact::Additive,
                format!("added as optional: `{ident}: {ty}`"),
            )
        };
        out.push(impact, subject, &field_at(g), description);
    }
    for (f, g) in &renamed {
        let description = if f.ident != g.ident {
            format!(
                "renamed to `{}`: the Rust field `{}` becomes `{}`",
                g.wire_name, f.ident, g.ident
            )
        } else {
            format!(
                "renamed to `{}` on the wire; the Rust field keeps its name",
                g.wire_name
            )
        };
        out.push(Impact::Breaking, subject, &field_at(f), description);
    }
    for (f, g) in pairs.iter().chain(&renamed) {
        field(f, g, sent, sides, subject, out);
    }
    constructor_order(a, b, &pairs, &renamed, subject, out);
    match (&a.additional, &b.additional) {
        (None, Some(ty)) => out.push(
            Impact::Additive,
            subject,
            "additional properties",
            format!(
                "unlisted properties are kept in `additional_properties: BTreeMap<String, {}>`",
                sides.new_ty(ty)
            ),
        ),
        (Some(_), None) => out.push(
            Impact::Breaking,
            subject,
            "additional properties",
            "`additional_properties` goes away".into(),
        ),
        (Some(x), Some(y)) => {
            let (x, y) = (sides.old_ty(x), sides.new_ty(y));
            if x != y {
                out.push(
                    Impact::Breaking,
                    subject,
                    "additional properties",
                    format!("values change from `{x}` to `{y}`"),
                );
            }
        }
        (None, None) => {}
    }
}

fn field(f: &Field, g: &Field, sent: bool, sides: &Sides, subject: &Subject, out: &mut Changes) {
    let at = field_at(g);
    let (pf, pg) = (Presence::of(f), Presence::of(g));
    let (tf, tg) = (sides.old_field(f), sides.new_field(g));
    if pf != pg {
        let constructor = match (pf.in_constructor(), pg.in_constructor()) {
            (false, true) => ", and `new()` takes it",
            (true, false) => ", and `new()` no longer takes it",
            _ => "",
        };
        let description = format!(
            "became {} (was {}): the field changes from `{tf}` to `{tg}`{constructor}",
            pg.describe(),
            pf.describe()
        );
        out.push(Impact::Breaking, subject, &at, description);
    } else if tf != tg {
        let description = format!("type changes from `{tf}` to `{tg}`");
        out.push(Impact::Breaking, subject, &at, description);
    } else if f.required != g.required {
        let description = format!(
            "`required` {} in the document; no effect on Rust: the field is {} either way",
            if g.required { "added" } else { "removed" },
            pg.describe()
        );
        out.push(Impact::Documentation, subject, &at, description);
    }
    if f.ident != g.ident && f.wire_name == g.wire_name {
        let description = format!(
            "the Rust field is renamed from `{}` to `{}`",
            f.ident, g.ident
        );
        out.push(Impact::Breaking, subject, &at, description);
    }
    // Constraints are checked only in what the client sends.
    let checked = sent && g.access != Access::ReadOnly;
    for (impact, description) in classify::constraints(&f.constraints, &g.constraints) {
        if checked {
            out.push(impact, subject, &at, description);
        } else {
            let description = format!(
                "{}; not checked, the field is only received",
                description.split(':').next().unwrap_or(&description)
            );
            out.push(Impact::Documentation, subject, &at, description);
        }
    }
    let flag = |old: bool, new: bool, what: &str| match (old, new) {
        (false, true) => Some(format!("now {what}")),
        (true, false) => Some(format!("no longer {what}")),
        _ => None,
    };
    let flags = [
        flag(
            f.access == Access::ReadOnly,
            g.access == Access::ReadOnly,
            "read-only",
        ),
        flag(
            f.access == Access::WriteOnly,
            g.access == Access::WriteOnly,
            "write-only",
        ),
        (tf == tg)
            .then(|| flag(f.secret, g.secret, "a secret"))
            .flatten(),
    ];
    for description in flags.into_iter().flatten() {
        out.push(Impact::Documentation, subject, &at, description);
    }
    if f.default != g.default {
        let show = |d: &Option<String>| d.as_deref().map_or("none".into(), |d| format!("`{d}`"));
        let description = format!(
            "documented default changes from {} to {}",
            show(&f.default),
            show(&g.default)
        );
        out.push(Impact::Documentation, subject, &at, description);
    }
    classify::deprecation(f.deprecated, g.deprecated, subject, &at, out);
    classify::docs(&f.docs, &g.docs, subject, &at, out);
}

/// Required fields are the constructor's arguments, in field order: reordering them changes
/// `new()` even when every field is still there.
fn constructor_order(
    a: &StructDef,
    b: &StructDef,
    pairs: &[(&Field, &Field)],
    renamed: &[(&Field, &Field)],
    subject: &Subject,
    out: &mut Changes,
) {
    let counterpart = |f: &Field| {
        pairs
            .iter()
            .chain(renamed)
            .find(|(x, _)| std::ptr::eq(*x, f))
            .map(|(_, y)| *y)
    };
    let before: Vec<&Field> = a
        .fields
        .iter()
        .filter(|f| Presence::of(f).in_constructor())
        .filter_map(counterpart)
        .filter(|g| Presence::of(g).in_constructor())
        .collect();
    let after: Vec<&Field> = b
        .fields
        .iter()
        .filter(|g| before.iter().any(|x| std::ptr::eq(*x, *g)))
        .collect();
    let same =
        before.len() == after.len() && before.iter().zip(&after).all(|(x, y)| std::ptr::eq(*x, *y));
    if !same {
        let list = |fs: &[&Field]| {
            fs.iter()
                .map(|f| f.ident.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let description = format!(
            "`new()` takes its arguments in a different order: ({}) becomes ({})",
            list(&before),
            list(&after)
        );
        out.push(Impact::Breaking, subject, "constructor", description);
    }
}

fn string_values(
    a: &[EnumValue],
    b: &[EnumValue],
    name: &str,
    subject: &Subject,
    out: &mut Changes,
) {
    for x in a {
        let at = format!("value `{}`", x.value);
        match b.iter().find(|y| y.value == x.value) {
            None => {
                let description = format!("removed: the variant `{name}::{}` goes away", x.variant);
                out.push(Impact::Breaking, subject, &at, description);
            }
            Some(y) if y.variant != x.variant => {
                let description = format!(
                    "the variant is renamed from `{name}::{}` to `{name}::{}`",
                    x.variant, y.variant
                );
                out.push(Impact::Breaking, subject, &at, description);
            }
            Some(_) => {}
        }
    }
    for y in b {
        if !a.iter().any(|x| x.value == y.value) {
            let at = format!("value `{}`", y.value);
            let description = format!(
                "added as `{name}::{}` (clients generated before decode it into `Unknown`)",
                y.variant
            );
            out.push(Impact::Additive, subject, &at, description);
        }
    }
}

fn int_values(a: &[i64], b: &[i64], subject: &Subject, out: &mut Changes) {
    for x in a.iter().filter(|x| !b.contains(x)) {
        let description = "removed: its variant goes away".to_string();
        out.push(
            Impact::Breaking,
            subject,
            &format!("value `{x}`"),
            description,
        );
    }
    for y in b.iter().filter(|y| !a.contains(y)) {
        let description = "added (clients generated before decode it into `Unknown`)".to_string();
        out.push(
            Impact::Additive,
            subject,
            &format!("value `{y}`"),
            description,
        );
    }
}

fn union(
    a: &UnionDef,
    b: &UnionDef,
    name: &str,
    sides: &Sides,
    subject: &Subject,
    out: &mut Changes,
) {
    if a.discriminator != b.discriminator {
        let show = |d: &Option<String>| d.as_deref().map_or("none".into(), |d| format!("`{d}`"));
        let description = format!(
            "the discriminator changes from {} to {}",
            show(&a.discriminator),
            show(&b.discriminator)
        );
        out.push(Impact::Breaking, subject, "", description);
    }
    let payload = |v: &crate::ir::UnionVariant, ty: String| {
        if v.boxed {
            format!("Box<{ty}>")
        } else {
            ty
        }
    };
    for x in &a.variants {
        let at = format!("variant `{}`", x.name);
        let Some(y) = b.variants.iter().find(|y| y.name == x.name) else {
            let description = format!("removed: `{name}::{}` goes away", x.name);
            out.push(Impact::Breaking, subject, &at, description);
            continue;
        };
        let (tx, ty) = (
            payload(x, sides.old_ty(&x.ty)),
            payload(y, sides.new_ty(&y.ty)),
        );
        if tx != ty {
            let description = format!("payload changes from `{tx}` to `{ty}`");
            out.push(Impact::Breaking, subject, &at, description);
        }
        if x.tag != y.tag {
            let show =
                |t: &Option<String>| t.as_deref().map_or("none".into(), |t| format!("`{t}`"));
            let description = format!(
                "discriminator value changes from {} to {}",
                show(&x.tag),
                show(&y.tag)
            );
            out.push(Impact::Breaking, subject, &at, description);
        }
    }
    for y in &b.variants {
        if !a.variants.iter().any(|x| x.name == y.name) {
            let at = format!("variant `{}`", y.name);
            let description = format!(
                "added as `{name}::{}`: unions have no fallback variant, so matches on `{name}` must handle it",
                y.name
            );
            out.push(Impact::Breaking, subject, &at, description);
        }
    }
    if b.discriminator.is_none() {
        let order = |u: &UnionDef, other: &UnionDef| -> Vec<String> {
            u.variants
                .iter()
                .filter(|v| other.variants.iter().any(|w| w.name == v.name))
                .map(|v| v.name.clone())
                .collect()
        };
        let (x, y) = (order(a, b), order(b, a));
        if x != y {
            let description = format!(
                "variants are tried in a different order when decoding: ({}) becomes ({})",
                x.join(", "),
                y.join(", ")
            );
            out.push(Impact::Breaking, subject, "", description);
        }
    }
}
