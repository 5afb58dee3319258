//! Which way values of each type travel: sent in requests, received in responses, or both.
//! The emitter derives `Serialize` only for sent types and `Deserialize` only for received
//! ones, which is most of what a generated crate costs to compile.

use crate::ir::{BodyKind, Operation, TypeArena, TypeKind, TypeRef, Usage};

/// Sets every type's [`Usage`] from the operations: request bodies and parameters are sent,
/// response bodies (errors included) and the error model are received, and so is everything
/// they contain. Types no operation reaches keep both (a document of schemas alone is a model
/// library for either direction).
pub fn analyse(arena: &mut TypeArena, operations: &[Operation], error_model: Option<&TypeRef>) {
    if operations.is_empty() {
        return;
    }
    let count = arena.defs.len();
    let mut sent = vec![false; count];
    let mut received = vec![false; count];
    for operation in operations {
        for param in &operation.params {
            mark(&param.ty, arena, &mut sent);
        }
        if let Some(BodyKind::Json(ty) | BodyKind::Form(ty)) =
            operation.body.as_ref().map(|b| &b.kind)
        {
            mark(ty, arena, &mut sent);
        }
        for response in &operation.responses {
            if let Some(BodyKind::Json(ty) | BodyKind::Form(ty)) =
                response.body.as_ref().map(|b| &b.kind)
            {
                mark(ty, arena, &mut received);
            }
        }
    }
    if let Some(model) = error_model {
        mark(model, arena, &mut received);
    }
    for (index, def) in arena.defs.iter_mut().enumerate() {
        def.usage = match (sent[index], received[index]) {
            (false, false) => Usage::BOTH,
            (sent, received) => Usage { sent, received },
        };
    }
}

/// Marks the types `ty` reaches, without recursion (the graph may be cyclic and deep).
fn mark(ty: &TypeRef, arena: &TypeArena, seen: &mut [bool]) {
    let mut stack = vec![ty];
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(id) => {
                if seen.get(id.0).copied() != Some(false) {
                    continue;
                }
                seen[id.0] = true;
                match &arena.get(*id).kind {
                    TypeKind::Struct(def) => {
                        stack.extend(def.fields.iter().map(|f| &f.ty));
                        stack.extend(def.additional.iter());
                    }
                    TypeKind::Union(def) => stack.extend(def.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(target) => stack.push(target),
                    TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
                }
            }
            TypeRef::Vec(item) | TypeRef::Map(item) => stack.push(item),
            TypeRef::Primitive(_) | TypeRef::Json => {}
        }
    }
}
