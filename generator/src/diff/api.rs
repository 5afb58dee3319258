//! Document-wide facts: `info`, servers and security schemes (the error model is in
//! [`super::errors`]).

use super::classify::{self, Sides};
use super::{Changes, Impact, Subject};
use crate::ir::{Api, Server};
use std::collections::BTreeSet;

/// Compares everything that is not an operation or a type.
pub fn compare(old: &Api, new: &Api, sides: &Sides, out: &mut Changes) {
    info(old, new, out);
    servers(&old.servers, &new.servers, out);
    security(old, new, out);
    super::errors::api(old, new, sides, out);
}

fn info(old: &Api, new: &Api, out: &mut Changes) {
    let subject = Subject::Api;
    classify::text(
        Some(&old.info.title),
        Some(&new.info.title),
        "title",
        &subject,
        "info",
        out,
    );
    if old.info.version != new.info.version {
        out.push(
            Impact::Documentation,
            &subject,
            "info",
            format!(
                "API version changed from `{}` to `{}`",
                old.info.version, new.info.version
            ),
        );
    }
    classify::text(
        old.info.description.as_deref(),
        new.info.description.as_deref(),
        "description",
        &subject,
        "info",
        out,
    );
}

/// The base URL the client uses unless told otherwise: the first server's default URL.
fn default_url(servers: &[Server]) -> Option<String> {
    servers.first().map(Server::default_url)
}

fn servers(old: &[Server], new: &[Server], out: &mut Changes) {
    let subject = Subject::Servers;
    match (default_url(old), default_url(new)) {
        (Some(a), Some(b)) if a != b => out.push(
            Impact::Breaking,
            &subject,
            "default server",
            format!("the default base URL changes from `{a}` to `{b}`: requests go elsewhere unless a base URL is set"),
        ),
        (Some(a), None) => out.push(
            Impact::Breaking,
            &subject,
            "default server",
            format!("no server is declared any more: the default base URL `{a}` is gone"),
        ),
        (None, Some(b)) => out.push(
            Impact::Additive,
            &subject,
            "default server",
            format!("the client now defaults to the base URL `{b}`"),
        ),
        _ => {}
    }
    let urls = |list: &[Server]| list.iter().map(|s| s.url.clone()).collect::<BTreeSet<_>>();
    let (mut old_urls, mut new_urls) = (urls(old), urls(new));
    // A new default server is reported above, not again as one server removed and one added.
    if let (Some(a), Some(b)) = (old.first(), new.first()) {
        if a.url != b.url {
            old_urls.remove(&a.url);
            new_urls.remove(&b.url);
        }
    }
    for url in old_urls.difference(&new_urls) {
        out.push(
            Impact::Documentation,
            &subject,
            &format!("server `{url}`"),
            "removed from the documented servers".into(),
        );
    }
    for url in new_urls.difference(&old_urls) {
        out.push(
            Impact::Documentation,
            &subject,
            &format!("server `{url}`"),
            "added to the documented servers".into(),
        );
    }
    for a in old {
        let Some(b) = new.iter().find(|s| s.url == a.url) else {
            continue;
        };
        let at = format!("server `{}`", a.url);
        classify::text(
            a.description.as_deref(),
            b.description.as_deref(),
            "description",
            &subject,
            &at,
            out,
        );
        if a.variables != b.variables {
            out.push(
                Impact::Documentation,
                &subject,
                &at,
                "URL variables (defaults or allowed values) changed".into(),
            );
        }
    }
}

fn security(old: &Api, new: &Api, out: &mut Changes) {
    let find = |api: &'_ Api, name: &str| -> Option<usize> {
        api.security_schemes.iter().position(|s| s.name == name)
    };
    for a in &old.security_schemes {
        let subject = Subject::SecurityScheme {
            name: a.name.clone(),
        };
        let Some(b) = find(new, &a.name).map(|i| &new.security_schemes[i]) else {
            out.push(
                Impact::Breaking,
                &subject,
                "",
                format!(
                    "removed: credentials of this kind ({}) are no longer accepted, and `{}` goes \
                     away from the builder",
                    a.kind.describe(),
                    a.setter
                ),
            );
            continue;
        };
        if a.kind != b.kind {
            out.push(
                Impact::Breaking,
                &subject,
                "",
                format!(
                    "changed from {} to {}: credentials are sent differently",
                    a.kind.describe(),
                    b.kind.describe()
                ),
            );
        }
        if a.setter != b.setter {
            out.push(
                Impact::Breaking,
                &subject,
                "setter",
                format!("the builder's `{}` becomes `{}`", a.setter, b.setter),
            );
        }
        if a.env != b.env {
            out.push(
                Impact::Breaking,
                &subject,
                "environment",
                format!("its variable `*_{}` becomes `*_{}`", a.env, b.env),
            );
        }
        crate::diff::classify::text(
            a.description.as_deref(),
            b.description.as_deref(),
            "description",
            &subject,
            "",
            out,
        );
    }
    for b in &new.security_schemes {
        if find(old, &b.name).is_none() {
            out.push(
                Impact::Additive,
                &Subject::SecurityScheme {
                    name: b.name.clone(),
                },
                "",
                format!("added: {}, set with `{}`", b.kind.describe(), b.setter),
            );
        }
    }
    token(old, new, out);
}

/// The builder's `token` sets one scheme, and `basic_auth` another; which can change without
/// the schemes themselves changing (another scheme added or removed).
fn token(old: &Api, new: &Api, out: &mut Changes) {
    let name = |api: &Api, index: Option<usize>| {
        index
            .and_then(|i| api.security_schemes.get(i))
            .map(|s| (s.name.clone(), s.kind.describe()))
    };
    for (at, setter, x, y) in [
        (
            "API token",
            "token",
            name(old, old.token_scheme),
            name(new, new.token_scheme),
        ),
        (
            "basic auth",
            "basic_auth",
            name(old, old.basic_scheme),
            name(new, new.basic_scheme),
        ),
    ] {
        match (x, y) {
            (Some((x, a)), Some((y, b))) if x != y => out.push(
                Impact::Breaking,
                &Subject::Api,
                at,
                format!("`{setter}` sets `{y}` ({b}) instead of `{x}` ({a})"),
            ),
            (Some((x, a)), None) => out.push(
                Impact::Breaking,
                &Subject::Api,
                at,
                format!("`{setter}` goes away (it set `{x}`, {a})"),
            ),
            (None, Some((y, b))) => out.push(
                Impact::Additive,
                &Subject::Api,
                at,
                format!("`{setter}` sets `{y}` ({b})"),
            ),
            _ => {}
        }
    }
}
