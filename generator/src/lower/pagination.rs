//! Recognises paginated list operations from their parameters and response schema.
//!
//! Two shapes are recognised, for GET operations whose success body is an object with an `items`
//! array:
//! - **offset**: optional query parameters `offset` and `limit`; the next page starts at
//!   `offset + items.len()`; a `total` integer field in the response, and an optional
//!   `_links.next` (or `links.next`) string that is absent or empty, end it when the response
//!   has them;
//! - **cursor**: an optional query parameter whose name contains `token` or `cursor`, whose next
//!   value is found in the response under the same dotted path (`pagination.token` is read from
//!   `response.pagination.token`), or in a `nextToken`/`nextPageToken`/`nextCursor` field.

use crate::ir::{
    Field, FieldStep, HttpMethod, Layers, Operation, Pagination, ParamLocation, Presence,
    Primitive, ResponseBodyKind, StructDef, Success, TypeArena, TypeKind, TypeRef,
};

/// The pagination shape of `operation`, if it has one.
pub fn detect(operation: &Operation, arena: &TypeArena) -> Option<Pagination> {
    if operation.method != HttpMethod::Get {
        return None;
    }
    let Success::Body(body) = &operation.success else {
        return None;
    };
    let ResponseBodyKind::Json(response) = &body.kind else {
        return None;
    };
    let page = struct_of(response, arena)?;
    let items_field = page.fields.iter().find(|f| f.wire_name == "items")?;
    let TypeRef::Vec(item) = &items_field.ty else {
        return None;
    };
    let items = step(items_field);
    let optional_query = |pred: &dyn Fn(&str) -> bool| {
        operation
            .params
            .iter()
            .position(|p| !p.required && p.location == ParamLocation::Query && pred(&p.wire_name))
    };
    let has_limit = optional_query(&|n| n == "limit").is_some();
    if let Some(offset) = optional_query(&|n| n == "offset").filter(|_| has_limit) {
        let total = page
            .fields
            .iter()
            .find(|f| f.wire_name == "total" && is_integer(&f.ty))
            .map(step);
        // Only a link that may be absent says where the pages end; an empty one that must be
        // there could mean either.
        let next_link = ["_links", "links"]
            .iter()
            .find_map(|links| walk(page, &[links, "next"], arena))
            .filter(|steps| {
                steps
                    .last()
                    .is_some_and(|s| s.presence.layers() != Layers::Value)
            });
        return Some(Pagination::Offset {
            offset,
            items,
            item: (**item).clone(),
            total,
            next_link,
        });
    }
    let cursor_index = optional_query(&|n| {
        let lower = n.to_ascii_lowercase();
        lower.contains("token") || lower.contains("cursor")
    })?;
    let cursor = &operation.params[cursor_index];
    if cursor.ty != TypeRef::Primitive(Primitive::String) {
        return None;
    }
    let dotted: Vec<&str> = cursor.wire_name.split('.').collect();
    let next = walk(page, &dotted, arena).or_else(|| {
        [
            "nextToken",
            "nextPageToken",
            "next_token",
            "next_page_token",
            "nextCursor",
            "next_cursor",
        ]
        .iter()
        .find_map(|name| walk(page, &[name], arena))
    })?;
    Some(Pagination::Cursor {
        cursor: cursor_index,
        items,
        item: (**item).clone(),
        next,
    })
}

fn struct_of<'a>(ty: &TypeRef, arena: &'a TypeArena) -> Option<&'a StructDef> {
    let mut ty = ty;
    for _ in 0..8 {
        match ty {
            TypeRef::Named(id) => match &arena.get(*id).kind {
                TypeKind::Struct(def) => return Some(def),
                TypeKind::Alias(target) => ty = target,
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

fn step(field: &Field) -> FieldStep {
    FieldStep {
        ident: field.ident.clone(),
        presence: Presence::of(field),
        ty: field.ty.clone(),
    }
}

fn is_integer(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Primitive(Primitive::I32 | Primitive::I64))
}

/// Follows wire names through nested structs down to a string field.
fn walk(start: &StructDef, names: &[&str], arena: &TypeArena) -> Option<Vec<FieldStep>> {
    let mut current = start;
    let mut steps = Vec::with_capacity(names.len());
    for (index, name) in names.iter().enumerate() {
        let field = current.fields.iter().find(|f| f.wire_name == *name)?;
        steps.push(step(field));
        if index + 1 == names.len() {
            return (field.ty == TypeRef::Primitive(Primitive::String)).then_some(steps);
        }
        current = struct_of(&field.ty, arena)?;
    }
    None
}
