//! The error models: the schemas that operations' error responses carry, and for each
//! operation which of them each status decodes into.
//!
//! An operation's non-success response decodes into the schema it declares for that status (the
//! code, then its range such as `4XX`, then `default`). A status it does not declare, or declares
//! without a body, tries the schemas the operation declares for other statuses, in order; an
//! operation that declares none tries the schema most operations use (the first model). Only named JSON schemas
//! count: a primitive or non-JSON error body is kept raw.

use crate::ir::{
    ErrorModel, Operation, OperationErrors, ResponseBodyKind, StatusSpec, TypeArena, TypeRef,
};
use crate::naming::{self, Scope};
use std::collections::BTreeMap;

/// The API's error models, the one most operations use first, and each operation's
/// [`OperationErrors`].
pub fn lower_errors(operations: &mut [Operation], arena: &TypeArena) -> Vec<ErrorModel> {
    // How many operations use each schema, and in how many responses.
    let mut counts: BTreeMap<TypeRef, (usize, usize)> = BTreeMap::new();
    for operation in operations.iter() {
        let mut seen: Vec<&TypeRef> = Vec::new();
        for (_, ty) in error_bodies(operation) {
            let count = counts.entry(ty.clone()).or_default();
            if !seen.contains(&ty) {
                seen.push(ty);
                count.0 += 1;
            }
            count.1 += 1;
        }
    }
    let mut ranked: Vec<(TypeRef, (usize, usize))> = counts.into_iter().collect();
    // The most operations first (an operation listing many statuses counts once), then the
    // most responses; among equals, the first type in the arena.
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut variants = Scope::new();
    let mut decoders = Scope::with_reserved(&["new"]);
    let models: Vec<ErrorModel> = ranked
        .into_iter()
        .map(|(ty, _)| {
            let variant = variants.claim(variant_name(&ty, arena));
            let decoder = decoders.claim(naming::value_ident(&variant));
            ErrorModel {
                ty,
                variant,
                decoder,
            }
        })
        .collect();
    let index = |ty: &TypeRef| models.iter().position(|model| model.ty == *ty);
    for operation in operations.iter_mut() {
        let mut by_status: Vec<(StatusSpec, usize)> = error_bodies(operation)
            .filter_map(|(status, ty)| Some((status, index(ty)?)))
            .collect();
        // Codes, then ranges, then `default`: the order a status is looked up in.
        by_status.sort_by_key(|(status, _)| *status);
        let mut otherwise: Vec<usize> = Vec::new();
        for (_, model) in &by_status {
            if !otherwise.contains(model) {
                otherwise.push(*model);
            }
        }
        if otherwise.is_empty() && !models.is_empty() {
            otherwise.push(0);
        }
        operation.errors = OperationErrors {
            by_status,
            otherwise,
        };
    }
    models
}

/// The error responses of `operation` whose body is a named JSON schema, with their status.
/// `default` is an error response unless it is the success response (no `2XX` or `3XX`
/// declared).
fn error_bodies(operation: &Operation) -> impl Iterator<Item = (StatusSpec, &TypeRef)> {
    let has_success = operation.responses.iter().any(|r| r.status.is_outcome());
    operation.responses.iter().filter_map(move |response| {
        let error = match response.status {
            StatusSpec::Default => has_success,
            status => !status.is_outcome(),
        };
        match &response.body.as_ref()?.kind {
            ResponseBodyKind::Json(ty @ TypeRef::Named(_)) if error => Some((response.status, ty)),
            _ => None,
        }
    })
}

/// The variant of the crate's `ErrorModel` enum for `ty`: the schema's name as the document
/// writes it (`Error`, whose model is `ErrorModel`, gives the variant `Error`), else the type's.
fn variant_name(ty: &TypeRef, arena: &TypeArena) -> String {
    let TypeRef::Named(id) = ty else {
        return "Value".into();
    };
    let def = arena.get(*id);
    let schema = def
        .origin
        .strip_prefix("#/components/schemas/")
        .filter(|name| !name.contains('/'))
        .map(|name| name.replace("~1", "/").replace("~0", "~"));
    match schema {
        Some(name) => naming::schema_variant_name(&name),
        None => def.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::StatusSpec;

    const DOCUMENT: &str = r#"
openapi: 3.0.3
info: {title: Errors, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {description: ok}
        '404': {description: missing, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
        '4XX': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        default: {description: other, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
  /b:
    get:
      operationId: getB
      responses:
        '204': {description: done}
        '500': {description: broken}
  /c:
    get:
      operationId: getC
      responses:
        default: {description: the answer, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
components:
  schemas:
    Error: {type: object, properties: {message: {type: string}}}
    Problem: {type: object, properties: {title: {type: string}}}
"#;

    #[test]
    fn each_status_decodes_into_the_schema_its_operation_declares() {
        let document = crate::load_str(DOCUMENT).expect("loads");
        let (api, _) = crate::lower(&document).expect("lowers");
        let variants: Vec<(&str, &str)> = api
            .error_models
            .iter()
            .map(|m| (m.variant.as_str(), m.decoder.as_str()))
            .collect();
        // `Problem` carries two responses, `Error` one (`getC`'s default is its success).
        assert_eq!(variants, [("Problem", "problem"), ("Error", "error")]);
        let op = |id: &str| {
            let op = api.operations.iter().find(|o| o.operation_id == id);
            op.expect("the operation exists").errors.clone()
        };
        let a = op("getA");
        assert_eq!(
            a.by_status,
            [
                (StatusSpec::Code(404), 1),
                (StatusSpec::Range(4), 0),
                (StatusSpec::Default, 0)
            ]
        );
        assert_eq!(a.otherwise, [1, 0]);
        assert_eq!(a.single(), None);
        // Declaring no error schema, an operation tries the most used one.
        let b = op("getB");
        assert!(b.by_status.is_empty());
        assert_eq!((b.otherwise.as_slice(), b.single()), (&[0][..], Some(0)));
        assert!(op("getC").by_status.is_empty());
    }
}
