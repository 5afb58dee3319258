//! Operations: matched by `operationId`, then by method and path; their parameters, request
//! bodies, responses and pagination.

use super::classify::{self, Sides};
use super::{Changes, Impact, Subject};
use crate::ir::{
    Api, Operation, ParamLocation, ParamStyle, Parameter, PathPart, RequestBody, RequestBodyKind,
    Response, ResponseBody, ResponseBodyKind, SecurityScheme, StatusSpec, Success, SuccessVariant,
    TypeRef,
};
use std::collections::BTreeMap;

/// Compares the operations of two APIs.
pub fn compare(old: &Api, new: &Api, sides: &Sides, out: &mut Changes) {
    let mut pairs = Vec::new();
    let mut removed = Vec::new();
    let mut added: Vec<&Operation> = Vec::new();
    let by_id: BTreeMap<&str, &Operation> = new
        .operations
        .iter()
        .map(|op| (op.operation_id.as_str(), op))
        .collect();
    for op in &old.operations {
        match by_id.get(op.operation_id.as_str()) {
            Some(other) => pairs.push((op, *other)),
            None => removed.push(op),
        }
    }
    let old_ids: BTreeMap<&str, &Operation> = old
        .operations
        .iter()
        .map(|op| (op.operation_id.as_str(), op))
        .collect();
    for op in &new.operations {
        if !old_ids.contains_key(op.operation_id.as_str()) {
            added.push(op);
        }
    }
    // An operation whose id changed is still the same request: pair by method and path.
    removed.retain(|op| {
        let found = added
            .iter()
            .position(|other| route(op) == route(other) && op.method == other.method);
        match found {
            Some(index) => {
                pairs.push((op, added.remove(index)));
                false
            }
            None => true,
        }
    });
    for op in removed {
        out.push(
            Impact::Breaking,
            &subject(op),
            "",
            format!(
                "removed: `{}` no longer exists ({} {})",
                rust_path(op),
                op.method.as_str(),
                op.path.raw
            ),
        );
    }
    for op in added {
        out.push(
            Impact::Additive,
            &subject(op),
            "",
            format!(
                "added: `{}` ({} {})",
                rust_path(op),
                op.method.as_str(),
                op.path.raw
            ),
        );
    }
    for (a, b) in pairs {
        let schemes = (
            old.security_schemes.as_slice(),
            new.security_schemes.as_slice(),
        );
        operation(a, b, schemes, sides, out);
        super::errors::operation(old, new, a, b, sides, &subject(b), out);
    }
}

/// `RegistriesApi::registries_get`.
fn rust_path(op: &Operation) -> String {
    format!("{}::{}", op.group, op.method_name)
}

fn subject(op: &Operation) -> Subject {
    Subject::Operation {
        operation_id: op.operation_id.clone(),
        rust: rust_path(op),
    }
}

/// The path with parameter names left out: `/registries/{}`; renaming a path parameter does not
/// change the request.
fn route(op: &Operation) -> String {
    op.path
        .parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => text.as_str(),
            PathPart::Param(_) => "{}",
        })
        .collect()
}

fn operation(
    a: &Operation,
    b: &Operation,
    (old_schemes, new_schemes): (&[SecurityScheme], &[SecurityScheme]),
    sides: &Sides,
    out: &mut Changes,
) {
    let subject = subject(b);
    if a.method_name != b.method_name || a.group != b.group {
        out.push(
            Impact::Breaking,
            &subject,
            "",
            format!(
                "the method moves from `{}` to `{}`",
                rust_path(a),
                rust_path(b)
            ),
        );
    } else if a.operation_id != b.operation_id {
        out.push(
            Impact::Documentation,
            &subject,
            "",
            format!(
                "operationId changed from `{}`; the Rust names are unchanged",
                a.operation_id
            ),
        );
    }
    if a.method != b.method || route(a) != route(b) {
        out.push(
            Impact::Breaking,
            &subject,
            "",
            format!(
                "the request changes from `{} {}` to `{} {}`",
                a.method.as_str(),
                a.path.raw,
                b.method.as_str(),
                b.path.raw
            ),
        );
    }
    security(a, b, old_schemes, new_schemes, &subject, out);
    classify::deprecation(a.deprecated, b.deprecated, &subject, "", out);
    classify::docs(&a.docs, &b.docs, &subject, "", out);
    params(a, b, sides, &subject, out);
    body(a.body.as_ref(), b.body.as_ref(), sides, &subject, out);
    responses(a, b, sides, &subject, out);
    pagination(a, b, sides, &subject, out);
}

/// The alternatives of an operation's security as scheme names with their scopes
/// (`appKey + appSecret`, `oauth[read:items]`).
fn alternatives(operation: &Operation, schemes: &[SecurityScheme]) -> Vec<String> {
    operation
        .security
        .iter()
        .map(|alternative| {
            let names: Vec<String> = alternative
                .iter()
                .map(|need| {
                    let name = schemes.get(need.scheme).map_or("?", |s| s.name.as_str());
                    match need.scopes.as_slice() {
                        [] => format!("`{name}`"),
                        scopes => format!("`{name}` [{}]", scopes.join(" ")),
                    }
                })
                .collect();
            match names.is_empty() {
                true => "nothing".to_string(),
                false => names.join(" + "),
            }
        })
        .collect()
}

/// What the operation accepts as credentials.
fn security(
    a: &Operation,
    b: &Operation,
    old_schemes: &[SecurityScheme],
    new_schemes: &[SecurityScheme],
    subject: &Subject,
    out: &mut Changes,
) {
    // It needs credentials when it has alternatives and none of them is empty.
    let needs =
        |op: &Operation| !op.security.is_empty() && op.security.iter().all(|a| !a.is_empty());
    match (needs(a), needs(b)) {
        (false, true) => out.push(
            Impact::Breaking,
            subject,
            "security",
            "now needs credentials: calls without them fail".into(),
        ),
        (true, false) => out.push(
            Impact::Additive,
            subject,
            "security",
            "no longer needs credentials".into(),
        ),
        _ => {}
    }
    // What it accepts matters while both need credentials.
    if !needs(a) || !needs(b) {
        return;
    }
    let (x, y) = (alternatives(a, old_schemes), alternatives(b, new_schemes));
    for gone in x
        .iter()
        .filter(|alt| !y.contains(alt) && alt.as_str() != "nothing")
    {
        out.push(
            Impact::Breaking,
            subject,
            "security",
            format!("no longer accepts {gone}"),
        );
    }
    for added in y
        .iter()
        .filter(|alt| !x.contains(alt) && alt.as_str() != "nothing")
    {
        out.push(
            Impact::Additive,
            subject,
            "security",
            format!("also accepts {added}"),
        );
    }
}

fn location(location: ParamLocation) -> String {
    location.to_string()
}

fn param_at(param: &Parameter) -> String {
    format!(
        "{} parameter `{}`",
        location(param.location),
        param.wire_name
    )
}

/// Where an optional parameter lives: `ListPetsOptions::limit`.
fn option_path(op: &Operation, param: &Parameter) -> String {
    let options = op.options_struct.as_deref().unwrap_or("Options");
    format!("{options}::{}", param.ident)
}

fn params(a: &Operation, b: &Operation, sides: &Sides, subject: &Subject, out: &mut Changes) {
    let key = |p: &Parameter| (p.location, p.wire_name.clone());
    let mut pairs: Vec<(&Parameter, &Parameter)> = Vec::new();
    let mut removed: Vec<&Parameter> = Vec::new();
    for p in &a.params {
        match b.params.iter().find(|q| key(q) == key(p)) {
            Some(q) => pairs.push((p, q)),
            None => removed.push(p),
        }
    }
    let mut added: Vec<&Parameter> = b
        .params
        .iter()
        .filter(|q| !a.params.iter().any(|p| key(p) == key(q)))
        .collect();
    // A parameter that disappears while one of the same kind and type appears was renamed.
    let mut renamed: Vec<(&Parameter, &Parameter)> = Vec::new();
    removed.retain(|p| {
        let same_kind = |q: &&Parameter| {
            q.location == p.location
                && q.required == p.required
                && sides.new_ty(&q.ty) == sides.old_ty(&p.ty)
        };
        match added.iter().position(same_kind) {
            Some(index) => {
                renamed.push((p, added.remove(index)));
                false
            }
            None => true,
        }
    });
    for p in removed {
        let rust = if p.required {
            format!("the positional argument `{}` goes away", p.ident)
        } else {
            format!("`{}` goes away", option_path(a, p))
        };
        out.push(
            Impact::Breaking,
            subject,
            &param_at(p),
            format!("removed: {rust}"),
        );
    }
    for q in added {
        let ty = sides.new_ty(&q.ty);
        let (impact, description) = if q.required {
            (
                Impact::Breaking,
                format!(
                    "added as required: a new positional argument `{}: {}`",
                    q.ident,
                    sides.new_arg(&q.ty)
                ),
            )
        } else if a.options_struct.is_none() {
            (
                Impact::Breaking,
                format!(
                    "added as optional: the method takes a new `options: {}` argument",
                    b.options_struct.as_deref().unwrap_or("Options")
                ),
            )
        } else {
            (
                Impact::Additive,
                format!("added as optional: `{}: Option<{ty}>`", option_path(b, q)),
            )
        };
        out.push(impact, subject, &param_at(q), description);
    }
    for (p, q) in &renamed {
        renamed_param(a, b, p, q, subject, out);
    }
    for (p, q) in pairs.iter().chain(&renamed) {
        param(a, b, p, q, sides, subject, out);
    }
    if let (Some(x), Some(y)) = (&a.options_struct, &b.options_struct) {
        if x != y {
            out.push(
                Impact::Breaking,
                subject,
                "options",
                format!("the options struct is renamed from `{x}` to `{y}`"),
            );
        }
    }
    positional_order(a, b, &pairs, &renamed, subject, out);
}

fn renamed_param(
    a: &Operation,
    b: &Operation,
    p: &Parameter,
    q: &Parameter,
    subject: &Subject,
    out: &mut Changes,
) {
    let at = param_at(p);
    let (impact, description) = match (p.location, p.required) {
        (ParamLocation::Path, _) => (
            Impact::Documentation,
            format!(
                "renamed to `{}`: the URL and the positional argument are unchanged",
                q.wire_name
            ),
        ),
        (_, true) => (
            Impact::Breaking,
            format!(
                "renamed to `{}` on the wire; the positional argument keeps its place",
                q.wire_name
            ),
        ),
        (_, false) if p.ident != q.ident => (
            Impact::Breaking,
            format!(
                "renamed to `{}`: `{}` becomes `{}`",
                q.wire_name,
                option_path(a, p),
                option_path(b, q)
            ),
        ),
        (_, false) => (
            Impact::Breaking,
            format!(
                "renamed to `{}` on the wire; `{}` keeps its Rust name",
                q.wire_name,
                option_path(b, q)
            ),
        ),
    };
    out.push(impact, subject, &at, description);
}

fn param(
    a: &Operation,
    b: &Operation,
    p: &Parameter,
    q: &Parameter,
    sides: &Sides,
    subject: &Subject,
    out: &mut Changes,
) {
    let at = param_at(q);
    match (p.required, q.required) {
        (true, false) => out.push(
            Impact::Breaking,
            subject,
            &at,
            format!(
                "became optional: the positional argument moves to `{}`",
                option_path(b, q)
            ),
        ),
        (false, true) => out.push(
            Impact::Breaking,
            subject,
            &at,
            format!(
                "became required: `{}` becomes a positional argument",
                option_path(a, p)
            ),
        ),
        _ => {}
    }
    let (x, y) = (sides.old_ty(&p.ty), sides.new_ty(&q.ty));
    if x != y {
        out.push(
            Impact::Breaking,
            subject,
            &at,
            format!("type changes from `{x}` to `{y}`"),
        );
    }
    if !p.required && !q.required && p.wire_name == q.wire_name && p.ident != q.ident {
        out.push(
            Impact::Breaking,
            subject,
            &at,
            format!(
                "`{}` is renamed to `{}`",
                option_path(a, p),
                option_path(b, q)
            ),
        );
    }
    if p.style != q.style {
        out.push(
            Impact::Breaking,
            subject,
            &at,
            format!(
                "serialisation changes from {} to {}",
                style(p.style),
                style(q.style)
            ),
        );
    }
    for (impact, description) in classify::constraints(&p.constraints, &q.constraints) {
        out.push(impact, subject, &at, description);
    }
    if p.default != q.default {
        let show = |d: &Option<String>| d.as_deref().map_or("none".into(), |d| format!("`{d}`"));
        out.push(
            Impact::Documentation,
            subject,
            &at,
            format!(
                "documented server default changes from {} to {}",
                show(&p.default),
                show(&q.default)
            ),
        );
    }
    classify::deprecation(p.deprecated, q.deprecated, subject, &at, out);
    classify::docs(&p.docs, &q.docs, subject, &at, out);
}

fn style(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::Simple => "`simple`",
        ParamStyle::Form { explode: true } => "exploded `form`",
        ParamStyle::Form { explode: false } => "comma-separated `form`",
        ParamStyle::DeepObject => "`deepObject`",
        ParamStyle::Label { explode: true } => "exploded `label`",
        ParamStyle::Label { explode: false } => "`label`",
        ParamStyle::Matrix { explode: true } => "exploded `matrix`",
        ParamStyle::Matrix { explode: false } => "`matrix`",
    }
}

/// Required parameters are positional: reordering them changes the signature even when every
/// parameter is still there.
fn positional_order(
    a: &Operation,
    b: &Operation,
    pairs: &[(&Parameter, &Parameter)],
    renamed: &[(&Parameter, &Parameter)],
    subject: &Subject,
    out: &mut Changes,
) {
    let counterpart = |p: &Parameter| {
        pairs
            .iter()
            .chain(renamed)
            .find(|(x, _)| std::ptr::eq(*x, p))
            .map(|(_, y)| *y)
    };
    let before: Vec<&Parameter> = a
        .params
        .iter()
        .filter(|p| p.required)
        .filter_map(counterpart)
        .filter(|q| q.required)
        .collect();
    let after: Vec<&Parameter> = b
        .params
        .iter()
        .filter(|q| q.required && before.iter().any(|x| std::ptr::eq(*x, *q)))
        .collect();
    let same =
        before.len() == after.len() && before.iter().zip(&after).all(|(x, y)| std::ptr::eq(*x, *y));
    if !same {
        let list = |ps: &[&Parameter]| {
            ps.iter()
                .map(|p| p.ident.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(
            Impact::Breaking,
            subject,
            "arguments",
            format!(
                "the positional arguments are reordered: ({}) becomes ({})",
                list(&before),
                list(&after)
            ),
        );
    }
}

/// How a type reference of one side is spelled.
type Spell<'a> = &'a dyn Fn(&TypeRef) -> String;

/// A request body's type; for a typed multipart form, its parts (any change to them changes
/// the form struct).
fn request_body_type(body: &RequestBody, spell: Spell) -> String {
    let form = match &body.kind {
        RequestBodyKind::Json(ty) => return format!("JSON `{}`", spell(ty)),
        RequestBodyKind::Form(ty) => return format!("form-encoded `{}`", spell(ty)),
        RequestBodyKind::Text => return "text `String`".into(),
        RequestBodyKind::Bytes => return "binary `bytes::Bytes`".into(),
        RequestBodyKind::EncodedMultipart => return "multipart `bytes::Bytes`".into(),
        RequestBodyKind::Multipart(form) => form,
    };
    let parts: Vec<String> = form
        .parts
        .iter()
        .map(|part| {
            let kind = match &part.kind {
                crate::ir::PartKind::Text(ty) => format!("text `{}`", spell(ty)),
                crate::ir::PartKind::Texts(ty) => format!("text `{}` per item", spell(ty)),
                crate::ir::PartKind::Json(ty) => format!("JSON `{}`", spell(ty)),
                crate::ir::PartKind::File => "a file".into(),
                crate::ir::PartKind::Files => "files".into(),
            };
            let optional = if part.required { "" } else { ", optional" };
            format!("`{}` ({kind}{optional})", part.wire_name)
        })
        .collect();
    format!(
        "multipart form `{}` with parts {}",
        form.name,
        parts.join(", ")
    )
}

/// A response body's encoding and type.
fn body_type(kind: &ResponseBodyKind, spell: Spell) -> String {
    match kind {
        ResponseBodyKind::Json(ty) => format!("JSON `{}`", spell(ty)),
        ResponseBodyKind::Text => "text `String`".into(),
        ResponseBodyKind::EventStream(Some(ty)) => {
            format!("server-sent events of JSON `{}`", spell(ty))
        }
        ResponseBodyKind::EventStream(None) => "server-sent events of text".into(),
        ResponseBodyKind::Bytes => "binary `bytes::Bytes`".into(),
    }
}

fn body(
    a: Option<&RequestBody>,
    b: Option<&RequestBody>,
    sides: &Sides,
    subject: &Subject,
    out: &mut Changes,
) {
    let at = "request body";
    let (a, b) = match (a, b) {
        (None, None) => return,
        (None, Some(b)) => {
            let description = format!(
                "added ({}): the method takes a new `body` argument",
                request_body_type(b, &|t| sides.new_ty(t))
            );
            return out.push(Impact::Breaking, subject, at, description);
        }
        (Some(_), None) => {
            let description = "removed: the `body` argument goes away".to_string();
            return out.push(Impact::Breaking, subject, at, description);
        }
        (Some(a), Some(b)) => (a, b),
    };
    match (a.required, b.required) {
        (true, false) => out.push(
            Impact::Breaking,
            subject,
            at,
            "became optional: the `body` argument becomes an `Option`".into(),
        ),
        (false, true) => out.push(
            Impact::Breaking,
            subject,
            at,
            "became required: the `body` argument is no longer an `Option`".into(),
        ),
        _ => {}
    }
    let (x, y) = (
        request_body_type(a, &|t| sides.old_ty(t)),
        request_body_type(b, &|t| sides.new_ty(t)),
    );
    if x != y {
        out.push(
            Impact::Breaking,
            subject,
            at,
            format!("changes from {x} to {y}"),
        );
    }
    if a.media_type != b.media_type {
        out.push(
            Impact::Breaking,
            subject,
            at,
            format!(
                "`Content-Type` changes from `{}` to `{}`",
                a.media_type, b.media_type
            ),
        );
    }
    classify::docs(&a.docs, &b.docs, subject, at, out);
}

/// The Rust spelling of a response body's value.
fn response_type(body: &ResponseBody, spell: Spell) -> String {
    match &body.kind {
        ResponseBodyKind::Json(ty) => spell(ty),
        ResponseBodyKind::Text => "String".into(),
        ResponseBodyKind::EventStream(Some(ty)) => format!("EventStream<{}>", spell(ty)),
        ResponseBodyKind::EventStream(None) => "EventStream<String>".into(),
        ResponseBodyKind::Bytes => "bytes::Bytes".into(),
    }
}

/// The method's result type and, for non-JSON bodies, the `Accept` header it sends.
fn result(op: &Operation, spell: Spell) -> (String, Option<String>) {
    let accept = |body: &ResponseBody| match body.kind {
        ResponseBodyKind::Json(_) => None,
        _ => Some(body.media_type.clone()),
    };
    match &op.success {
        Success::Empty => ("()".into(), None),
        Success::Body(body) => (response_type(body, spell), accept(body)),
        Success::Optional { body, .. } => (
            format!("Option<{}>", response_type(body, spell)),
            accept(body),
        ),
        Success::Redirect => ("Redirect".into(), None),
        Success::Variants { name, .. } => (name.clone(), None),
    }
}

/// Whether `response` of `op` is one of the success responses that make up the result type (the
/// `2XX` ones, or `default` when there is none).
fn types_result(op: &Operation, response: &Response) -> bool {
    let has_outcome = op.responses.iter().any(|r| r.status.is_outcome());
    response.status.is_outcome() || (!has_outcome && response.status == StatusSpec::Default)
}

fn status(status: StatusSpec) -> String {
    status.to_string()
}

fn responses(a: &Operation, b: &Operation, sides: &Sides, subject: &Subject, out: &mut Changes) {
    let (x, accept_x) = result(a, &|t| sides.old_ty(t));
    let (y, accept_y) = result(b, &|t| sides.new_ty(t));
    if x != y {
        out.push(
            Impact::Breaking,
            subject,
            "result",
            format!("the result type changes from `{x}` to `{y}`"),
        );
    }
    if accept_x != accept_y && accept_x.is_some() && accept_y.is_some() {
        out.push(
            Impact::Breaking,
            subject,
            "result",
            format!(
                "the `Accept` header changes from `{}` to `{}`",
                accept_x.unwrap_or_default(),
                accept_y.unwrap_or_default()
            ),
        );
    }
    if let (Success::Variants { variants: x, .. }, Success::Variants { name, variants: y }) =
        (&a.success, &b.success)
    {
        success_variants(x, y, name, sides, subject, out);
    }
    if let (Success::Optional { empty: x, .. }, Success::Optional { empty: y, .. }) =
        (&a.success, &b.success)
    {
        if x != y {
            let description = format!("the statuses that give `None` change from {x:?} to {y:?}");
            out.push(Impact::Breaking, subject, "result", description);
        }
    }
    for r in &a.responses {
        let at = format!("response `{}`", status(r.status));
        match b.responses.iter().find(|s| s.status == r.status) {
            None => out.push(
                Impact::Documentation,
                subject,
                &at,
                "removed from the documented responses".into(),
            ),
            Some(s) => {
                let success = types_result(a, r) || types_result(b, s);
                response(r, s, success, sides, subject, &at, out)
            }
        }
    }
    for s in &b.responses {
        if !a.responses.iter().any(|r| r.status == s.status) {
            let at = format!("response `{}`", status(s.status));
            out.push(
                Impact::Documentation,
                subject,
                &at,
                "added to the documented responses".into(),
            );
        }
    }
}

/// The variants of a per-status result enum, matched by status.
fn success_variants(
    a: &[SuccessVariant],
    b: &[SuccessVariant],
    name: &str,
    sides: &Sides,
    subject: &Subject,
    out: &mut Changes,
) {
    let payload = |v: &SuccessVariant, spell: Spell| {
        v.body.as_ref().map_or("no body".to_string(), |body| {
            format!("`{}`", response_type(body, spell))
        })
    };
    for x in a {
        let at = format!("result variant for `{}`", status(x.status));
        let Some(y) = b.iter().find(|y| y.status == x.status) else {
            let description = format!("removed: `{name}::{}` goes away", x.name);
            out.push(Impact::Breaking, subject, &at, description);
            continue;
        };
        if x.name != y.name {
            let description = format!("renamed from `{name}::{}` to `{name}::{}`", x.name, y.name);
            out.push(Impact::Breaking, subject, &at, description);
        }
        let (p, q) = (
            payload(x, &|t| sides.old_ty(t)),
            payload(y, &|t| sides.new_ty(t)),
        );
        if p != q {
            let description = format!("payload changes from {p} to {q}");
            out.push(Impact::Breaking, subject, &at, description);
        }
    }
    for y in b {
        if !a.iter().any(|x| x.status == y.status) {
            let at = format!("result variant for `{}`", status(y.status));
            let description = format!(
                "added as `{name}::{}`: matches on the result must handle it",
                y.name
            );
            out.push(Impact::Breaking, subject, &at, description);
        }
    }
}

/// One documented response. Success bodies are compared as the result type, and which error
/// model an error status decodes into by [`super::errors`]; what is left here is documentation.
fn response(
    r: &Response,
    s: &Response,
    success: bool,
    sides: &Sides,
    subject: &Subject,
    at: &str,
    out: &mut Changes,
) {
    let kind =
        |resp: &Response, spell: Spell| resp.body.as_ref().map(|b| body_type(&b.kind, spell));
    let (x, y) = (kind(r, &|t| sides.old_ty(t)), kind(s, &|t| sides.new_ty(t)));
    // Success bodies make up the result type, compared on its own.
    if x != y && !success {
        let show = |k: Option<String>| k.unwrap_or_else(|| "no body".into());
        out.push(
            Impact::Documentation,
            subject,
            at,
            format!("body changes from {} to {}", show(x), show(y)),
        );
    }
    classify::text(
        r.description.as_deref(),
        s.description.as_deref(),
        "description",
        subject,
        at,
        out,
    );
    for h in &r.headers {
        let header_at = format!("{at} header `{}`", h.name);
        match s.headers.iter().find(|k| k.name == h.name) {
            None => out.push(Impact::Documentation, subject, &header_at, "removed".into()),
            Some(k) => classify::text(
                h.description.as_deref(),
                k.description.as_deref(),
                "description",
                subject,
                &header_at,
                out,
            ),
        }
    }
    for k in &s.headers {
        if !r.headers.iter().any(|h| h.name == k.name) {
            let header_at = format!("{at} header `{}`", k.name);
            out.push(Impact::Documentation, subject, &header_at, "added".into());
        }
    }
}

fn pagination(a: &Operation, b: &Operation, sides: &Sides, subject: &Subject, out: &mut Changes) {
    use crate::ir::Pagination;
    let stream = |op: &Operation| format!("{}::{}_stream", op.group, op.method_name);
    fn item(p: &Pagination) -> &TypeRef {
        match p {
            Pagination::Offset { item, .. } | Pagination::Cursor { item, .. } => item,
        }
    }
    let kind = |p: &Pagination| match p {
        Pagination::Offset { .. } => "offset",
        Pagination::Cursor { .. } => "cursor",
    };
    match (&a.pagination, &b.pagination) {
        (None, Some(_)) => out.push(
            Impact::Additive,
            subject,
            "pagination",
            format!("`{}` added: it yields items across pages", stream(b)),
        ),
        (Some(_), None) => out.push(
            Impact::Breaking,
            subject,
            "pagination",
            format!(
                "`{}` removed: pagination is no longer recognised",
                stream(a)
            ),
        ),
        (Some(p), Some(q)) => {
            let (x, y) = (sides.old_ty(item(p)), sides.new_ty(item(q)));
            if x != y {
                out.push(
                    Impact::Breaking,
                    subject,
                    "pagination",
                    format!("`{}` yields `{y}` instead of `{x}`", stream(b)),
                );
            }
            if kind(p) != kind(q) {
                out.push(
                    Impact::Breaking,
                    subject,
                    "pagination",
                    format!(
                        "`{}` pages by {} instead of by {}",
                        stream(b),
                        kind(q),
                        kind(p)
                    ),
                );
            }
        }
        (None, None) => {}
    }
}
