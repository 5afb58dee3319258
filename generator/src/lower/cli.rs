//! The names of the `cli` feature's tool: a subcommand per group, a command per operation
//! (`<group> <operation>`) with a short alias where one is unambiguous, and an argument per
//! parameter and per property of a flat body.

use crate::ir::{
    Api, CliCommand, CliField, HttpMethod, Operation, PathPart, Primitive, RequestBodyKind,
    ResponseBodyKind, Success, TypeArena, TypeKind, TypeRef,
};
use crate::naming::Scope;
use heck::ToKebabCase;
use std::collections::BTreeMap;

/// Subcommands of the tool that are not groups.
const RESERVED_GROUPS: &[&str] = &["completions", "help"];

/// Arguments every operation's command has (global or its own).
const RESERVED_ARGS: &[&str] = &[
    "body", "all", "base-url", "output", "include", "dry-run", "help", "shell",
];

/// Names every group's command and every operation's command the tool offers.
pub fn name_commands(api: &mut Api) {
    let mut groups = Scope::with_reserved(RESERVED_GROUPS);
    for (group, names) in api.groups.iter_mut() {
        let base = kebab(group.strip_suffix("Api").unwrap_or(group), "default");
        names.command = groups.claim(base);
    }
    let mut by_group: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, operation) in api.operations.iter().enumerate() {
        by_group
            .entry(operation.group.clone())
            .or_default()
            .push(index);
    }
    for indices in by_group.values() {
        let mut scope = Scope::with_reserved(&["help"]);
        let mut commands: Vec<(usize, CliCommand)> = Vec::new();
        for &index in indices {
            let operation = &api.operations[index];
            if !offered(operation, &api.types) {
                continue;
            }
            let name = scope.claim(kebab(&operation.operation_id, "operation"));
            commands.push((index, command(name, operation, &api.types)));
        }
        // A short alias goes to the one command that earns it, when no command is named so.
        let mut earned: BTreeMap<&str, usize> = BTreeMap::new();
        for (index, _) in &commands {
            if let Some(alias) = alias(&api.operations[*index]) {
                *earned.entry(alias).or_default() += 1;
            }
        }
        for (index, command) in &mut commands {
            command.alias = alias(&api.operations[*index])
                .filter(|alias| earned.get(alias) == Some(&1) && !scope.contains(alias))
                .map(str::to_string);
        }
        for (index, command) in commands {
            api.operations[index].cli = Some(command);
        }
    }
}

/// Whether the tool can offer the operation: a body it reads from JSON or text, and an answer
/// it prints as JSON.
fn offered(operation: &Operation, arena: &TypeArena) -> bool {
    let body = match operation.body.as_ref().map(|body| &body.kind) {
        None
        | Some(RequestBodyKind::Json(_) | RequestBodyKind::Form(_) | RequestBodyKind::Text) => true,
        Some(_) => false,
    };
    let printable = |kind: &ResponseBodyKind| {
        matches!(kind, ResponseBodyKind::Json(_) | ResponseBodyKind::Text)
    };
    let answer = match &operation.success {
        Success::Empty => true,
        Success::Body(body) | Success::Optional { body, .. } => printable(&body.kind),
        _ => false,
    };
    // Raw bytes have no text form to type on a command line.
    let params = operation
        .params
        .iter()
        .all(|param| arena.through_aliases(&param.ty) != &TypeRef::Primitive(Primitive::Bytes));
    body && answer && params
}

/// The command of `operation`, named `name`, without its alias.
fn command(name: String, operation: &Operation, arena: &TypeArena) -> CliCommand {
    let mut scope = Scope::with_reserved(RESERVED_ARGS);
    let args = operation
        .params
        .iter()
        .map(|param| scope.claim(kebab(&param.wire_name, "value")))
        .collect();
    let body_fields = flat_fields(operation, arena)
        .into_iter()
        .map(|mut field| {
            field.flag = scope.claim(kebab(&field.wire_name, "field"));
            field
        })
        .collect();
    CliCommand {
        name,
        alias: None,
        args,
        body_fields,
    }
}

/// The properties of a JSON body that is an object of scalar properties only (enums count),
/// each given as a flag; none for any other body.
fn flat_fields(operation: &Operation, arena: &TypeArena) -> Vec<CliField> {
    let Some(RequestBodyKind::Json(ty)) = operation.body.as_ref().map(|body| &body.kind) else {
        return Vec::new();
    };
    let TypeRef::Named(id) = arena.through_aliases(ty) else {
        return Vec::new();
    };
    let TypeKind::Struct(def) = &arena.get(*id).kind else {
        return Vec::new();
    };
    let scalar = |ty: &TypeRef| match arena.through_aliases(ty) {
        TypeRef::Primitive(primitive) => *primitive != Primitive::Bytes,
        TypeRef::Named(id) => matches!(
            arena.get(*id).kind,
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_)
        ),
        _ => false,
    };
    if def.fields.is_empty() || !def.fields.iter().all(|field| scalar(&field.ty)) {
        return Vec::new();
    }
    def.fields
        .iter()
        .filter(|field| field.access != crate::ir::Access::ReadOnly)
        .map(|field| CliField {
            flag: String::new(),
            wire_name: field.wire_name.clone(),
            ty: field.ty.clone(),
            docs: field.docs.clone(),
        })
        .collect()
}

/// The short alias an operation's method and path suggest: `list` for a GET of a collection,
/// `get` of one item (a path ending in a parameter), `create`, `replace`, `update`, `delete`.
fn alias(operation: &Operation) -> Option<&'static str> {
    let one_item = matches!(operation.path.parts.last(), Some(PathPart::Param(_)));
    match operation.method {
        HttpMethod::Get if one_item => Some("get"),
        HttpMethod::Get => Some("list"),
        HttpMethod::Post => Some("create"),
        HttpMethod::Put => Some("replace"),
        HttpMethod::Patch => Some("update"),
        HttpMethod::Delete => Some("delete"),
        _ => None,
    }
}

/// `text` in kebab case, of ASCII letters, digits and dashes, starting with a letter;
/// `fallback` when nothing is left.
fn kebab(text: &str, fallback: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let name = cleaned.to_kebab_case();
    match name.chars().next() {
        None => fallback.to_string(),
        Some(first) if !first.is_ascii_alphabetic() => format!("{fallback}-{name}"),
        Some(_) => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_kebab_case_and_never_empty() {
        assert_eq!(kebab("registriesTokensGet", "x"), "registries-tokens-get");
        assert_eq!(kebab("filter.name", "x"), "filter-name");
        assert_eq!(kebab("$", "value"), "value");
        assert_eq!(kebab("2fa", "value"), "value-2fa");
        assert_eq!(kebab("ünïcode", "value"), "n-code");
    }
}
