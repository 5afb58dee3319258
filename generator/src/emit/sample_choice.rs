//! Choices the exercise program makes so that its values satisfy their schemas: a number
//! inside its bounds, and the alternative of a union that no other alternative also accepts.

use crate::ir::{
    Access, Bound, Constraints, Primitive, TypeArena, TypeKind, TypeRef, UnionDef, UnionVariant,
};

/// A number inside `constraints`' bounds, preferring `preferred` (a default, or `1`); integral
/// when `integer`.
pub fn sample_number(constraints: Option<&Constraints>, preferred: f64, integer: bool) -> f64 {
    let (low, high) =
        constraints.map_or((None, None), |c| (c.minimum.as_ref(), c.maximum.as_ref()));
    let step = constraints
        .and_then(|c| c.multiple_of.as_deref())
        .and_then(|m| m.parse::<f64>().ok())
        .filter(|m| m.is_finite() && *m > 0.0);
    let fits = |value: f64| {
        low.map_or(true, |b| above(value, b))
            && high.map_or(true, |b| below(value, b))
            && step.map_or(true, |m| (value / m).fract() == 0.0)
    };
    // A candidate moved to the nearest multiple of `multipleOf` at or above it.
    let snap = |value: f64| step.map_or(value, |m| (value / m).ceil() * m);
    for first in [preferred, snap(preferred)] {
        if fits(first) {
            return first;
        }
    }
    // The smallest value above the minimum, else the largest below the maximum, else the
    // middle of the two.
    let candidates = [
        low.map(|b| nudge(b, integer, true)),
        high.map(|b| nudge(b, integer, false)),
        low.zip(high).map(|(a, b)| {
            let middle = (a.number() + b.number()) / 2.0;
            if integer {
                middle.floor()
            } else {
                middle
            }
        }),
    ];
    candidates
        .into_iter()
        .flatten()
        .flat_map(|value| [value, snap(value)])
        .find(|value| value.is_finite() && fits(*value))
        .unwrap_or(preferred)
}

/// The value nearest to `bound` on its inside (above a minimum when `up`, else below a
/// maximum): the bound itself when it is inclusive and of the right kind.
fn nudge(bound: &Bound, integer: bool, up: bool) -> f64 {
    let value = bound.number();
    let step = if integer { 1.0 } else { 0.5 };
    let rounded = match (integer, up) {
        (true, true) => value.ceil(),
        (true, false) => value.floor(),
        (false, _) => value,
    };
    match (bound.exclusive && rounded == value, up) {
        (true, true) => rounded + step,
        (true, false) => rounded - step,
        (false, _) => rounded,
    }
}

fn above(value: f64, bound: &Bound) -> bool {
    if bound.exclusive {
        value > bound.number()
    } else {
        value >= bound.number()
    }
}

fn below(value: f64, bound: &Bound) -> bool {
    if bound.exclusive {
        value < bound.number()
    } else {
        value <= bound.number()
    }
}

/// The shape of the value a sample of a union alternative is, as far as telling alternatives
/// apart goes.
#[derive(Debug, PartialEq)]
enum Shape<'a> {
    /// An object: the properties its sample sets, and those it requires.
    Object {
        set: Vec<&'a str>,
        required: Vec<&'a str>,
    },
    /// A JSON string, number, boolean, array or anything else.
    Scalar(&'static str),
}

/// The alternative of `union` whose sample only it accepts, where the others' shapes tell:
/// an object that lacks a property each other object alternative requires, or the only
/// alternative of its JSON type. `None` when every alternative overlaps another.
pub fn distinct_variant<'u>(
    union: &'u UnionDef,
    arena: &TypeArena,
    set_optional: bool,
) -> Option<&'u UnionVariant> {
    let shapes: Vec<Shape> = union
        .variants
        .iter()
        .map(|v| shape(&v.ty, arena, set_optional))
        .collect();
    let accepts = |other: &Shape, sample: &Shape| match (other, sample) {
        (Shape::Object { required, .. }, Shape::Object { set, .. }) => {
            required.iter().all(|name| set.contains(name))
        }
        (Shape::Scalar(a), Shape::Scalar(b)) => a == b || *a == "any",
        (Shape::Scalar(a), Shape::Object { .. }) => *a == "any",
        (Shape::Object { .. }, Shape::Scalar(_)) => false,
    };
    let index = (0..shapes.len()).find(|&i| {
        (0..shapes.len())
            .filter(|&j| j != i)
            .all(|j| !accepts(&shapes[j], &shapes[i]))
    })?;
    union.variants.get(index)
}

fn shape<'a>(ty: &'a TypeRef, arena: &'a TypeArena, set_optional: bool) -> Shape<'a> {
    let mut ty = ty;
    for _ in 0..16 {
        match ty {
            TypeRef::Named(id) => match &arena.get(*id).kind {
                TypeKind::Alias(target) => ty = target,
                TypeKind::Struct(def) => {
                    let required: Vec<&str> = def
                        .fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| f.wire_name.as_str())
                        .collect();
                    let set = def
                        .fields
                        .iter()
                        .filter(|f| {
                            f.required
                                || (set_optional
                                    && f.setter.is_some()
                                    && f.access != Access::ReadOnly)
                        })
                        .map(|f| f.wire_name.as_str())
                        .collect();
                    return Shape::Object { set, required };
                }
                TypeKind::StringEnum(_) => return Shape::Scalar("string"),
                TypeKind::IntEnum(_) => return Shape::Scalar("number"),
                TypeKind::Union(_) => return Shape::Scalar("any"),
            },
            TypeRef::Primitive(Primitive::Bool) => return Shape::Scalar("boolean"),
            TypeRef::Primitive(
                Primitive::I32 | Primitive::I64 | Primitive::F32 | Primitive::F64,
            ) => return Shape::Scalar("number"),
            TypeRef::Primitive(_) => return Shape::Scalar("string"),
            TypeRef::Vec(_) => return Shape::Scalar("array"),
            TypeRef::Map(_) => {
                return Shape::Object {
                    set: Vec::new(),
                    required: Vec::new(),
                }
            }
            TypeRef::Json | TypeRef::Nullable(_) => return Shape::Scalar("any"),
        }
    }
    Shape::Scalar("any")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(min: Option<(&str, bool)>, max: Option<(&str, bool)>) -> Constraints {
        let bound = |(value, exclusive): (&str, bool)| Bound {
            value: value.into(),
            exclusive,
        };
        Constraints {
            minimum: min.map(bound),
            maximum: max.map(bound),
            ..Constraints::default()
        }
    }

    #[test]
    fn numbers_land_inside_their_bounds() {
        assert_eq!(sample_number(None, 1.0, true), 1.0);
        assert_eq!(
            sample_number(Some(&bounds(Some(("5", false)), None)), 1.0, true),
            5.0
        );
        assert_eq!(
            sample_number(Some(&bounds(Some(("5", true)), None)), 1.0, true),
            6.0
        );
        assert_eq!(
            sample_number(Some(&bounds(None, Some(("0", true)))), 1.0, true),
            -1.0
        );
        assert_eq!(
            sample_number(Some(&bounds(Some(("2.5", false)), None)), 1.0, true),
            3.0
        );
        let ratio = sample_number(
            Some(&bounds(Some(("0", true)), Some(("1", true)))),
            1.5,
            false,
        );
        assert!(ratio > 0.0 && ratio < 1.0, "{ratio}");
    }
}
