//! Which way values of each type travel: sent in requests, received in responses, or both.
//! The emitter derives `Serialize` only for sent types and `Deserialize` only for received
//! ones, which is most of what a generated crate costs to compile.

use crate::ir::{
    Access, Operation, PartKind, RequestBodyKind, ResponseBodyKind, TypeArena, TypeId, TypeKind,
    TypeRef, Usage,
};

/// Sets every type's [`Usage`] from the operations: request bodies and parameters are sent,
/// response bodies (errors included) and the error model are received, and so is everything
/// they contain. Types no operation reaches keep both (a document of schemas alone is a model
/// library for either direction).
pub fn analyse(arena: &mut TypeArena, operations: &[Operation], error_models: &[&TypeRef]) {
    if operations.is_empty() {
        return;
    }
    let count = arena.defs.len();
    let mut sent = vec![false; count];
    let mut received = vec![false; count];
    for operation in operations {
        for ty in sent_types(operation) {
            mark(ty, arena, &mut sent);
        }
        for ty in received_types(operation) {
            mark(ty, arena, &mut received);
        }
    }
    for model in error_models {
        mark(model, arena, &mut received);
    }
    // A type no operation reaches travels both ways, and so does everything it contains: a
    // `Serialize` type needs its fields' types to be `Serialize` too.
    let unreached: Vec<usize> = (0..count).filter(|&i| !sent[i] && !received[i]).collect();
    for index in unreached {
        let root = TypeRef::Named(TypeId(index));
        mark(&root, arena, &mut sent);
        mark(&root, arena, &mut received);
    }
    for (index, def) in arena.defs.iter_mut().enumerate() {
        def.usage = Usage {
            sent: sent[index],
            received: received[index],
        };
        settle_one_way_fields(def);
    }
}

/// A required read-only field of a type that is only received is always there, and so is a
/// required write-only field of a type that is only sent: they keep `required`, and the
/// model's setters are named again for the fields that stay optional.
fn settle_one_way_fields(def: &mut crate::ir::TypeDef) {
    let TypeKind::Struct(object) = &mut def.kind else {
        return;
    };
    let way = match (def.usage.sent, def.usage.received) {
        (false, true) => Access::ReadOnly,
        (true, false) => Access::WriteOnly,
        _ => return,
    };
    let mut changed = false;
    for field in &mut object.fields {
        if field.access == way && field.required && !field.one_way {
            field.one_way = true;
            changed = true;
        }
    }
    if changed {
        super::schema::name_setters(&mut object.fields);
    }
}

/// The types an operation's parameters and request body are spelled with.
pub(super) fn sent_types(operation: &Operation) -> impl Iterator<Item = &TypeRef> {
    let body: Vec<&TypeRef> = match operation.body.as_ref().map(|body| &body.kind) {
        Some(RequestBodyKind::Json(ty) | RequestBodyKind::Form(ty)) => vec![ty],
        Some(RequestBodyKind::Multipart(form)) => form
            .parts
            .iter()
            .filter_map(|part| match &part.kind {
                PartKind::Text(ty) | PartKind::Texts(ty) | PartKind::Json(ty) => Some(ty),
                PartKind::File | PartKind::Files => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    operation.params.iter().map(|param| &param.ty).chain(body)
}

/// The types of an operation's response bodies, errors included.
pub(super) fn received_types(operation: &Operation) -> impl Iterator<Item = &TypeRef> {
    operation
        .responses
        .iter()
        .filter_map(|response| match &response.body.as_ref()?.kind {
            ResponseBodyKind::Json(ty) | ResponseBodyKind::EventStream(Some(ty)) => Some(ty),
            _ => None,
        })
}

/// Marks the types `ty` reaches, without recursion (the graph may be cyclic and deep).
pub(super) fn mark(ty: &TypeRef, arena: &TypeArena, seen: &mut [bool]) {
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
            TypeRef::Vec(item) | TypeRef::Map(item) | TypeRef::Nullable(item) => stack.push(item),
            TypeRef::Primitive(_) | TypeRef::Json => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::Usage;

    fn usage_of(text: &str, name: &str) -> Usage {
        let document = crate::load_str(text).expect("loads");
        let (api, _) = crate::lower(&document).expect("lowers");
        let (_, def) = api
            .types
            .iter()
            .find(|(_, def)| def.name == name)
            .expect("the type exists");
        def.usage
    }

    #[test]
    fn types_travel_the_ways_their_operations_use_them() {
        let text = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/NewPet"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  schemas:
    NewPet:
      type: object
      properties:
        tag: {$ref: "#/components/schemas/Tag"}
    Pet:
      type: object
      properties:
        tag: {$ref: "#/components/schemas/Tag"}
        owner: {$ref: "#/components/schemas/Owner"}
    Tag: {type: object, properties: {name: {type: string}}}
    Owner: {type: object, properties: {name: {type: string}}}
    Archive:
      type: object
      properties:
        owners: {type: array, items: {$ref: "#/components/schemas/Owner"}}
"##;
        let sent = Usage {
            sent: true,
            received: false,
        };
        let received = Usage {
            sent: false,
            received: true,
        };
        assert_eq!(usage_of(text, "NewPet"), sent);
        assert_eq!(usage_of(text, "Pet"), received);
        assert_eq!(usage_of(text, "Tag"), Usage::BOTH);
        // Unreached, so both ways, and so is what it contains (Owner is only received by the
        // operation, but `Archive: Serialize` needs `Owner: Serialize`).
        assert_eq!(usage_of(text, "Archive"), Usage::BOTH);
        assert_eq!(usage_of(text, "Owner"), Usage::BOTH);
    }
}
