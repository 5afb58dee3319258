//! Error models: the crate's `ErrorModel`, and which model each error status of an operation
//! decodes into.

use super::classify::Sides;
use super::{Changes, Impact, Subject};
use crate::ir::{Api, ErrorModel, Operation, StatusSpec, TypeRef};

/// How `ErrorModel` is spelled: `serde_json::Value`, the one model, or the enum of several.
fn spelling(models: &[ErrorModel], ty: &dyn Fn(&TypeRef) -> String) -> String {
    match models {
        [] => "serde_json::Value".into(),
        [one] => ty(&one.ty),
        several => {
            let variants: Vec<String> = several
                .iter()
                .map(|model| format!("{}({})", model.variant, ty(&model.ty)))
                .collect();
            format!("enum {{ {} }}", variants.join(", "))
        }
    }
}

/// The crate-wide `ErrorModel`.
pub fn api(old: &Api, new: &Api, sides: &Sides, out: &mut Changes) {
    let a = spelling(&old.error_models, &|t| sides.old_ty(t));
    let b = spelling(&new.error_models, &|t| sides.new_ty(t));
    if a != b {
        out.push(
            Impact::Breaking,
            &Subject::Api,
            "error model",
            format!(
                "`ErrorModel` changes from `{a}` to `{b}`: code reading `ApiError::model` \
                 must handle the new shape"
            ),
        );
    }
}

/// The model an error with `status` of `op` decodes into first, spelled; `None` when it is kept
/// raw.
fn decodes_into(
    api: &Api,
    op: &Operation,
    status: Option<StatusSpec>,
    ty: &dyn Fn(&TypeRef) -> String,
) -> Option<String> {
    let errors = &op.errors;
    let declared = status.and_then(|status| {
        let range = match status {
            StatusSpec::Code(code) => Some(StatusSpec::Range((code / 100) as u8)),
            _ => None,
        };
        [Some(status), range, Some(StatusSpec::Default)]
            .into_iter()
            .flatten()
            .find_map(|s| errors.by_status.iter().find(|(t, _)| *t == s))
            .map(|(_, index)| *index)
    });
    let index = declared.or_else(|| errors.otherwise.first().copied())?;
    api.error_models.get(index).map(|model| ty(&model.ty))
}

/// Which schema each error status of an operation decodes into. Within one crate-wide model
/// nothing can change per status, and a schema that becomes a variant of the enum is the same
/// schema (the crate-wide change is reported once, by [`api`]).
pub fn operation(
    old: &Api,
    new: &Api,
    a: &Operation,
    b: &Operation,
    sides: &Sides,
    subject: &Subject,
    out: &mut Changes,
) {
    if old.error_models.len() <= 1 && new.error_models.len() <= 1 {
        return;
    }
    let mut statuses: Vec<StatusSpec> = a
        .errors
        .by_status
        .iter()
        .chain(&b.errors.by_status)
        .map(|(status, _)| *status)
        .collect();
    statuses.sort();
    statuses.dedup();
    let show =
        |model: Option<String>| model.map_or("the raw body only".into(), |m| format!("`{m}`"));
    let old_ty = |t: &TypeRef| sides.old_ty(t);
    let new_ty = |t: &TypeRef| sides.new_ty(t);
    for status in statuses.into_iter().map(Some).chain([None]) {
        let x = decodes_into(old, a, status, &old_ty);
        let y = decodes_into(new, b, status, &new_ty);
        if x != y {
            let at = match status {
                Some(status) => format!("error response `{status}`"),
                None => "other error responses".to_string(),
            };
            out.push(
                Impact::Breaking,
                subject,
                &at,
                format!("decodes into {} instead of {}", show(y), show(x)),
            );
        }
    }
}
