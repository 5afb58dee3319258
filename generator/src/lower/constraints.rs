//! The constraints a value is checked against before it is sent: those of its schema, of the
//! named schema it refers to, and of every part of an `allOf`, merged into one set.

use crate::ir::{Bound, Constraints};
use crate::resolve::Resolver;
use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

/// How deep references, `allOf` parts and array items are followed; real documents stay far
/// below, and a schema that contains itself stops here.
const MAX_DEPTH: usize = 16;

/// The constraints of `schema`, following references and merging `allOf` parts.
pub fn constraints_of(schema: &Schema, resolver: Resolver<'_>) -> Constraints {
    let mut out = Constraints::default();
    collect(schema, resolver, &mut out, 0);
    out
}

/// The constraints of a possibly-referenced schema.
pub fn constraints_of_ref(schema: &ReferenceOr<Schema>, resolver: Resolver<'_>) -> Constraints {
    resolver
        .schema(schema, "#")
        .map(|resolved| constraints_of(resolved.item, resolver))
        .unwrap_or_default()
}

fn collect(schema: &Schema, resolver: Resolver<'_>, out: &mut Constraints, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            string_constraints(
                out,
                string.pattern.as_ref(),
                string.min_length,
                string.max_length,
            );
            let format = match &string.format {
                VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
                VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte".into()),
                _ => None,
            };
            out.format = out.format.take().or(format);
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            out.multiple_of = out
                .multiple_of
                .take()
                .or(integer.multiple_of.map(|m| m.to_string()));
            bounds(
                out,
                integer.minimum.map(|n| n.to_string()),
                integer.exclusive_minimum,
                integer.maximum.map(|n| n.to_string()),
                integer.exclusive_maximum,
            )
        }
        SchemaKind::Type(Type::Number(number)) => {
            out.multiple_of = out.multiple_of.take().or(number.multiple_of.map(decimal));
            bounds(
                out,
                number.minimum.map(decimal),
                number.exclusive_minimum,
                number.maximum.map(decimal),
                number.exclusive_maximum,
            )
        }
        SchemaKind::Type(Type::Array(array)) => {
            item_counts(out, array.min_items, array.max_items);
            items(out, array.items.as_ref(), resolver, depth);
        }
        SchemaKind::AllOf { all_of } => parts(out, all_of, resolver, depth),
        SchemaKind::Any(any) => {
            match any.typ.as_deref() {
                Some("string") | None => {
                    string_constraints(out, any.pattern.as_ref(), any.min_length, any.max_length);
                    if any.typ.is_some() {
                        out.format = out.format.take().or_else(|| any.format.clone());
                    }
                }
                _ => {}
            }
            out.multiple_of = out.multiple_of.take().or(any.multiple_of.map(decimal));
            bounds(
                out,
                any.minimum.map(decimal),
                any.exclusive_minimum.unwrap_or(false),
                any.maximum.map(decimal),
                any.exclusive_maximum.unwrap_or(false),
            );
            item_counts(out, any.min_items, any.max_items);
            items(out, any.items.as_ref(), resolver, depth);
            parts(out, &any.all_of, resolver, depth);
        }
        _ => {}
    }
}

/// Merges the constraints of every part: all of them apply.
fn parts(
    out: &mut Constraints,
    parts: &[ReferenceOr<Schema>],
    resolver: Resolver<'_>,
    depth: usize,
) {
    for part in parts {
        if let Ok(resolved) = resolver.schema(part, "#") {
            collect(resolved.item, resolver, out, depth + 1);
        }
    }
}

fn items(
    out: &mut Constraints,
    items: Option<&ReferenceOr<Box<Schema>>>,
    resolver: Resolver<'_>,
    depth: usize,
) {
    let Some(Ok(resolved)) = items.map(|items| resolver.boxed_schema(items, "#")) else {
        return;
    };
    let mut item = out.items.take().map(|b| *b).unwrap_or_default();
    collect(resolved.item, resolver, &mut item, depth + 1);
    out.items = (!item.is_empty() || item.format.is_some()).then(|| Box::new(item));
}

/// Adds string constraints. Where two parts both constrain, the stricter length wins; of two
/// patterns the first is kept (a `regex` cannot require both without look-ahead).
fn string_constraints(
    out: &mut Constraints,
    pattern: Option<&String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
) {
    if out.pattern.is_none() {
        out.pattern = pattern.cloned();
    }
    out.min_length = stricter(out.min_length, min_length, usize::max);
    out.max_length = stricter(out.max_length, max_length, usize::min);
}

fn item_counts(out: &mut Constraints, min_items: Option<usize>, max_items: Option<usize>) {
    out.min_items = stricter(out.min_items, min_items, usize::max);
    out.max_items = stricter(out.max_items, max_items, usize::min);
}

fn bounds(
    out: &mut Constraints,
    minimum: Option<String>,
    exclusive_minimum: bool,
    maximum: Option<String>,
    exclusive_maximum: bool,
) {
    let new = |value: Option<String>, exclusive| value.map(|value| Bound { value, exclusive });
    out.minimum = match (out.minimum.take(), new(minimum, exclusive_minimum)) {
        (Some(a), Some(b)) => Some(if b.number() > a.number() { b } else { a }),
        (a, b) => a.or(b),
    };
    out.maximum = match (out.maximum.take(), new(maximum, exclusive_maximum)) {
        (Some(a), Some(b)) => Some(if b.number() < a.number() { b } else { a }),
        (a, b) => a.or(b),
    };
}

fn stricter(a: Option<usize>, b: Option<usize>, pick: fn(usize, usize) -> usize) -> Option<usize> {
    match (a, b) {
        (Some(a), Some(b)) => Some(pick(a, b)),
        (a, b) => a.or(b),
    }
}

/// A number as the shortest decimal text that reads back the same (`2`, `0.5`).
fn decimal(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("schema")
    }

    fn api(yaml: &str) -> openapiv3::OpenAPI {
        serde_yaml::from_str(yaml).expect("document")
    }

    #[test]
    fn all_of_parts_merge_into_one_set() {
        let doc = api(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Name: {type: string, pattern: '^[a-z]+$', minLength: 2}\n",
        );
        let merged = schema(
            "allOf:\n  - $ref: '#/components/schemas/Name'\n  - {type: string, maxLength: 8, minLength: 3}\n",
        );
        let c = constraints_of(&merged, Resolver::new(&doc));
        assert_eq!(c.pattern.as_deref(), Some("^[a-z]+$"));
        assert_eq!((c.min_length, c.max_length), (Some(3), Some(8)));
    }

    #[test]
    fn items_and_bounds_are_kept() {
        let doc = api("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n");
        let list = schema(
            "type: array\nmaxItems: 4\nitems: {type: integer, minimum: 1, maximum: 10, exclusiveMaximum: true}\n",
        );
        let c = constraints_of(&list, Resolver::new(&doc));
        assert_eq!(c.max_items, Some(4));
        let item = c.items.expect("item constraints");
        assert_eq!(item.minimum.map(|b| b.value), Some("1".to_string()));
        let max = item.maximum.expect("maximum");
        assert!(max.exclusive && max.value == "10");
        let ratio = constraints_of(&schema("type: number\nminimum: 0.5\n"), Resolver::new(&doc));
        assert_eq!(ratio.minimum.map(|b| b.value), Some("0.5".to_string()));
    }
}
