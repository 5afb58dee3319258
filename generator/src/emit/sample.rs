//! Sample JSON values of IR types, for examples in the generated README: the required fields
//! of objects, the first value of enums, the first alternative of unions, and plain values of
//! the formats (a UUID, an RFC 3339 timestamp, ...).

use crate::ir::{Presence, Primitive, TypeArena, TypeKind, TypeRef};
use serde_json::{json, Map, Value};

/// Nesting below which a sample stops (required cycles cannot be satisfied anyway).
const MAX_DEPTH: usize = 12;

/// A value of `ty` that the generated client decodes.
pub fn sample(ty: &TypeRef, arena: &TypeArena) -> Value {
    value(ty, arena, 0)
}

fn value(ty: &TypeRef, arena: &TypeArena, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match ty {
        TypeRef::Primitive(primitive) => scalar(*primitive),
        TypeRef::Vec(_) => json!([]),
        TypeRef::Map(_) => json!({}),
        TypeRef::Json | TypeRef::Nullable(_) => Value::Null,
        TypeRef::Named(id) => match &arena.get(*id).kind {
            TypeKind::Struct(def) => {
                let mut object = Map::new();
                for field in &def.fields {
                    match Presence::of(field) {
                        Presence::Required => {
                            object.insert(
                                field.wire_name.clone(),
                                value(&field.ty, arena, depth + 1),
                            );
                        }
                        Presence::RequiredNullable => {
                            object.insert(field.wire_name.clone(), Value::Null);
                        }
                        Presence::Optional | Presence::OptionalNullable => {}
                    }
                }
                Value::Object(object)
            }
            TypeKind::StringEnum(values) => values.first().map_or(Value::Null, |v| json!(v.value)),
            TypeKind::IntEnum(values) => values.first().map_or(Value::Null, |v| json!(v.value)),
            TypeKind::Alias(target) => value(target, arena, depth + 1),
            TypeKind::Union(def) => {
                let Some(first) = def.variants.first() else {
                    return Value::Null;
                };
                let mut sample = value(&first.ty, arena, depth + 1);
                if let (Some(property), Some(tag), Some(object)) =
                    (&def.discriminator, &first.tag, sample.as_object_mut())
                {
                    object.insert(property.clone(), json!(tag));
                }
                sample
            }
        },
    }
}

fn scalar(primitive: Primitive) -> Value {
    match primitive {
        Primitive::String => json!("example"),
        Primitive::Secret => json!("secret"),
        Primitive::Bool => json!(true),
        Primitive::I32 | Primitive::I64 => json!(1),
        Primitive::F32 | Primitive::F64 => json!(1.5),
        Primitive::Uuid => json!("3f2c9a1e-7b4d-4e8a-9c61-0d5e2f8b7a43"),
        Primitive::DateTime => json!("2026-01-01T00:00:00Z"),
        Primitive::Date => json!("2026-01-01"),
        Primitive::Bytes => json!(""),
    }
}
