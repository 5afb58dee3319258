//! Breaks containment cycles (a type that contains itself by value) with `Box`.
//!
//! A by-value field from `A` to `B` closes a cycle exactly when `B` reaches `A` again, that is
//! when both are in the same strongly connected component of the by-value graph. The components
//! are found once (Tarjan's algorithm, iteratively), so this is linear in the size of the arena.

use crate::ir::{TypeArena, TypeId, TypeKind, TypeRef};

/// Marks every by-value field or variant that closes a cycle as boxed.
pub fn box_cycles(arena: &mut TypeArena) {
    let edges: Vec<Vec<TypeId>> = arena
        .defs
        .iter()
        .map(|def| direct_targets(&def.kind))
        .collect();
    let component = components(&edges);
    for index in 0..arena.defs.len() {
        let closes = |ty: &TypeRef| match ty {
            TypeRef::Named(target) => component.get(target.0) == Some(&component[index]),
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

/// The strongly connected component of every node, as an index shared by its members. A node
/// alone in its component without a self-edge still gets a component of its own; callers only
/// compare components along existing edges, so a self-edge is a cycle and no edge is none.
fn components(edges: &[Vec<TypeId>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let count = edges.len();
    let mut order = vec![UNSEEN; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNSEEN; count];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..count {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut work = vec![(root, 0usize)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut next_edge)) = work.last_mut() {
            if let Some(target) = edges[node].get(*next_edge).map(|t| t.0) {
                *next_edge += 1;
                if target >= count {
                    continue;
                }
                if order[target] == UNSEEN {
                    order[target] = next_order;
                    low[target] = next_order;
                    next_order += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(order[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_group_mutual_reachability() {
        // 0 <-> 1, 2 -> 0, 3 -> 3, 4 alone, 5 -> 6 -> 7 -> 5
        let edges = vec![
            vec![TypeId(1)],
            vec![TypeId(0)],
            vec![TypeId(0)],
            vec![TypeId(3)],
            vec![],
            vec![TypeId(6)],
            vec![TypeId(7)],
            vec![TypeId(5)],
        ];
        let c = components(&edges);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[2], c[0]);
        assert_ne!(c[3], c[4]);
        assert_eq!(c[5], c[6]);
        assert_eq!(c[6], c[7]);
        assert_ne!(c[5], c[0]);
    }

    #[test]
    fn long_chains_do_not_recurse() {
        let n = 100_000;
        let edges: Vec<Vec<TypeId>> = (0..n).map(|i| vec![TypeId((i + 1) % n)]).collect();
        let c = components(&edges);
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
