//! Which API groups need each type, so that a generated crate builds a model only when the
//! cargo feature of a group that uses it is on.

use super::usage::{mark, received_types, sent_types};
use crate::ir::{Operation, TypeArena, TypeId, TypeRef};

/// Sets every type's [`TypeDef::groups`](crate::ir::TypeDef::groups): the groups whose
/// operations reach it through parameters, bodies and responses (errors included). A type is
/// always built (no groups) when the error model contains it, when no operation or every group
/// reaches it, or when a type that is always built contains it, so that whatever contains a
/// type is never built without it.
pub fn analyse(arena: &mut TypeArena, operations: &[Operation], error_models: &[&TypeRef]) {
    let mut groups: Vec<&str> = operations.iter().map(|op| op.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    let count = arena.defs.len();
    // reached[type]: indices into `groups`, ascending.
    let mut reached: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (index, group) in groups.iter().enumerate() {
        let mut seen = vec![false; count];
        for operation in operations.iter().filter(|op| op.group == *group) {
            for ty in sent_types(operation).chain(received_types(operation)) {
                mark(ty, arena, &mut seen);
            }
        }
        for (id, _) in seen.iter().enumerate().filter(|(_, seen)| **seen) {
            reached[id].push(index);
        }
    }
    let mut always = vec![false; count];
    for model in error_models {
        mark(model, arena, &mut always);
    }
    for (id, by) in reached.iter().enumerate() {
        if by.is_empty() || by.len() == groups.len() {
            mark(&TypeRef::Named(TypeId(id)), arena, &mut always);
        }
    }
    for ((def, by), always) in arena.defs.iter_mut().zip(reached).zip(always) {
        def.groups = if always {
            Vec::new()
        } else {
            by.into_iter()
                .map(|index| groups[index].to_string())
                .collect()
        };
    }
}

#[cfg(test)]
mod tests {
    fn groups_of(text: &str) -> Vec<(String, Vec<String>)> {
        let document = crate::load_str(text).expect("loads");
        let (api, _) = crate::lower(&document).expect("lowers");
        api.types
            .iter()
            .map(|(_, def)| (def.name.clone(), def.groups.clone()))
            .collect()
    }

    #[test]
    fn a_type_belongs_to_the_groups_that_reach_it() {
        let text = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      tags: [pets]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
        default:
          description: error
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Problem"}
  /owners:
    post:
      tags: [owners]
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Owner"}
      responses:
        default:
          description: error
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Problem"}
  /stores:
    get:
      tags: [stores]
      parameters:
        - {name: kind, in: query, schema: {$ref: "#/components/schemas/Kind"}}
      responses:
        "204": {description: none}
components:
  schemas:
    Pet:
      type: object
      properties:
        owner: {$ref: "#/components/schemas/Owner"}
        kind: {$ref: "#/components/schemas/Kind"}
    Owner: {type: object, properties: {name: {type: string}}}
    Kind: {type: string, enum: [a, b]}
    Problem:
      type: object
      properties:
        detail: {$ref: "#/components/schemas/Detail"}
    Detail: {type: object, properties: {text: {type: string}}}
    Archive:
      type: object
      properties:
        pets: {type: array, items: {$ref: "#/components/schemas/Pet"}}
"##;
        let groups = groups_of(text);
        let of = |name: &str| {
            groups
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, g)| g.join(","))
                .unwrap_or_else(|| panic!("no type {name} in {groups:?}"))
        };
        // The error model and what it contains are always built.
        assert_eq!(of("Problem"), "");
        assert_eq!(of("Detail"), "");
        // Archive is reached by no operation; it needs Pet, which needs Owner and Kind.
        assert_eq!(of("Archive"), "");
        assert_eq!(of("Pet"), "");
        assert_eq!(of("Owner"), "");
        assert_eq!(of("Kind"), "");

        // Without the unreached container, each type belongs to the groups that use it.
        let without_archive = text.replace("    Archive:", "    Unused:").replace(
            "        pets: {type: array, items: {$ref: \"#/components/schemas/Pet\"}}",
            "        note: {type: string}",
        );
        let groups = groups_of(&without_archive);
        let of = |name: &str| {
            groups
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, g)| g.join(","))
                .unwrap_or_default()
        };
        assert_eq!(of("Pet"), "PetsApi");
        assert_eq!(of("Owner"), "OwnersApi,PetsApi");
        assert_eq!(of("Kind"), "PetsApi,StoresApi");
        assert_eq!(of("Problem"), "");
        assert_eq!(of("Unused"), "");
    }
}
