//! Breaks containment cycles (a type that contains itself by value) with `Box`.

use crate::ir::{TypeArena, TypeId, TypeKind, TypeRef};

/// Marks every by-value field or variant that closes a cycle as boxed.
pub fn box_cycles(arena: &mut TypeArena) {
    let edges: Vec<Vec<TypeId>> = arena
        .defs
        .iter()
        .map(|def| direct_targets(&def.kind))
        .collect();
    for index in 0..arena.defs.len() {
        let this = TypeId(index);
        let closes = |ty: &TypeRef| match ty {
            TypeRef::Named(target) => reaches(&edges, *target, this),
            _ => false,
        };
        match &mut arena.defs[index].kind {
            TypeKind::Struct(def) => {
                for field in &mut def.fields {
                    field.boxed = closes(&field.ty);
                }
            }
            TypeKind::Union(def) => {
                for variant in &mut def.variants {
                    variant.boxed = closes(&variant.ty);
                }
            }
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) | TypeKind::Alias(_) => {}
        }
    }
}

/// Types a definition contains by value (not behind a `Vec` or map).
fn direct_targets(kind: &TypeKind) -> Vec<TypeId> {
    let named = |ty: &TypeRef| match ty {
        TypeRef::Named(id) => Some(*id),
        _ => None,
    };
    match kind {
        TypeKind::Struct(def) => def.fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Union(def) => def.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => Vec::new(),
    }
}

/// Whether `goal` is reachable from `start` through by-value edges (including `start == goal`).
fn reaches(edges: &[Vec<TypeId>], start: TypeId, goal: TypeId) -> bool {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![start];
    while let Some(node) = stack.pop() {
        if node == goal {
            return true;
        }
        if std::mem::replace(&mut seen[node.0], true) {
            continue;
        }
        stack.extend(edges[node.0].iter().copied());
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reachability_follows_edges_only() {
        let edges = vec![vec![TypeId(1)], vec![TypeId(0)], vec![]];
        assert!(reaches(&edges, TypeId(1), TypeId(0)));
        assert!(!reaches(&edges, TypeId(2), TypeId(0)));
        assert!(reaches(&edges, TypeId(2), TypeId(2)));
    }
}
