//! Decides what a successful call returns from the declared success responses.
//!
//! - no success body: `()`;
//! - one body type for every success status: that type;
//! - one body type, and some statuses (such as `204`) without a body: `Option<T>`;
//! - different bodies (`200` a report, `202` a job): an enum with one variant per status.
//!
//! - redirects (`3XX`) the operation documents are outcomes too: alone, the runtime's
//!   `Redirect` (status and `Location`); next to successes, variants of the enum.
//!
//! When no `2XX` or `3XX` response is declared, `default` describes the success (a common way
//! to write "whatever the server answers").

use crate::ir::{Response, ResponseBodyKind, StatusSpec, Success, SuccessVariant};
use crate::naming::{self, Scope};

/// The success shape of an operation; `enum_name` is claimed in `names` only when an enum is
/// needed.
pub fn lower_success(responses: &[Response], enum_name: &str, names: &mut Scope) -> Success {
    let mut success: Vec<&Response> = responses.iter().filter(|r| r.status.is_success()).collect();
    let redirects: Vec<&Response> = responses
        .iter()
        .filter(|r| r.status.is_redirect())
        .collect();
    if success.is_empty() && !redirects.is_empty() {
        return Success::Redirect;
    }
    if success.is_empty() {
        success = responses
            .iter()
            .filter(|r| r.status == StatusSpec::Default)
            .collect();
    }
    let mut kinds: Vec<&ResponseBodyKind> = Vec::new();
    for body in success.iter().filter_map(|r| r.body.as_ref()) {
        if !kinds.contains(&&body.kind) {
            kinds.push(&body.kind);
        }
    }
    if kinds.len() > 1 || !redirects.is_empty() {
        let mut variant_names = Scope::new();
        let variants = success
            .iter()
            .chain(&redirects)
            .map(|response| SuccessVariant {
                name: variant_names.claim(variant_name(response.status)),
                status: response.status,
                description: response.description.clone(),
                body: response
                    .body
                    .clone()
                    .filter(|_| response.status.is_success()),
                redirect: response.status.is_redirect(),
            })
            .collect();
        return Success::Variants {
            name: names.claim(naming::type_name(enum_name)),
            variants,
        };
    }
    let Some(body) = success.iter().find_map(|r| r.body.clone()) else {
        return Success::Empty;
    };
    let empty: Vec<u16> = success
        .iter()
        .filter(|r| r.body.is_none())
        .filter_map(|r| match r.status {
            StatusSpec::Code(code) => Some(code),
            StatusSpec::Range(_) | StatusSpec::Default => None,
        })
        .collect();
    if empty.is_empty() {
        Success::Body(body)
    } else {
        Success::Optional { body, empty }
    }
}

/// The status of a successful answer by default: the first success code declared, or the
/// first redirect when redirects are the only outcomes; `200` without either.
pub fn default_status(responses: &[Response], success: &Success) -> u16 {
    let first = |wanted: fn(StatusSpec) -> bool| {
        responses
            .iter()
            .filter_map(|r| match r.status {
                StatusSpec::Code(code) if wanted(r.status) => Some(code),
                _ => None,
            })
            .min()
    };
    match success {
        Success::Redirect => first(StatusSpec::is_redirect).unwrap_or(302),
        _ => first(StatusSpec::is_success).unwrap_or(200),
    }
}

/// `Ok`, `Created`, ... for the usual success codes; `Status299` for others.
fn variant_name(status: StatusSpec) -> String {
    let known = match status {
        StatusSpec::Code(200) => "Ok",
        StatusSpec::Code(201) => "Created",
        StatusSpec::Code(202) => "Accepted",
        StatusSpec::Code(203) => "NonAuthoritativeInformation",
        StatusSpec::Code(204) => "NoContent",
        StatusSpec::Code(205) => "ResetContent",
        StatusSpec::Code(206) => "PartialContent",
        StatusSpec::Code(207) => "MultiStatus",
        StatusSpec::Code(208) => "AlreadyReported",
        StatusSpec::Code(226) => "ImUsed",
        StatusSpec::Code(300) => "MultipleChoices",
        StatusSpec::Code(301) => "MovedPermanently",
        StatusSpec::Code(302) => "Found",
        StatusSpec::Code(303) => "SeeOther",
        StatusSpec::Code(304) => "NotModified",
        StatusSpec::Code(307) => "TemporaryRedirect",
        StatusSpec::Code(308) => "PermanentRedirect",
        StatusSpec::Code(code) => return format!("Status{code}"),
        StatusSpec::Range(digit) => return format!("Status{digit}xx"),
        StatusSpec::Default => "Default",
    };
    known.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Primitive, ResponseBody, TypeRef};

    fn response(status: StatusSpec, body: Option<ResponseBodyKind>) -> Response {
        Response {
            status,
            description: None,
            body: body.map(|kind| ResponseBody {
                media_type: "application/json".into(),
                kind,
            }),
            headers: Vec::new(),
        }
    }

    fn json(primitive: Primitive) -> Option<ResponseBodyKind> {
        Some(ResponseBodyKind::Json(TypeRef::Primitive(primitive)))
    }

    #[test]
    fn shapes_follow_the_bodies() {
        let mut names = Scope::new();
        let single = [
            response(StatusSpec::Code(200), json(Primitive::String)),
            response(StatusSpec::Code(400), json(Primitive::I64)),
        ];
        assert!(matches!(
            lower_success(&single, "A", &mut names),
            Success::Body(_)
        ));
        let optional = [
            response(StatusSpec::Code(200), json(Primitive::String)),
            response(StatusSpec::Code(204), None),
        ];
        assert!(matches!(
            lower_success(&optional, "B", &mut names),
            Success::Optional { empty, .. } if empty == [204]
        ));
        let default_only = [response(StatusSpec::Default, json(Primitive::Bool))];
        assert!(matches!(
            lower_success(&default_only, "C", &mut names),
            Success::Body(_)
        ));
        let different = [
            response(StatusSpec::Code(200), json(Primitive::String)),
            response(StatusSpec::Code(202), json(Primitive::I64)),
            response(StatusSpec::Range(2), None),
        ];
        let Success::Variants { name, variants } = lower_success(&different, "reply", &mut names)
        else {
            panic!("expected variants");
        };
        assert_eq!(name, "Reply");
        let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Ok", "Accepted", "Status2xx"]);
        assert!(matches!(
            lower_success(&[], "E", &mut Scope::new()),
            Success::Empty
        ));
    }
}
