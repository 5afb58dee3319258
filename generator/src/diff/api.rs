//! Document-wide facts: `info`, servers and security schemes (the error model is in
//! [`super::errors`]).

use super::classify::{self, Sides};
use super::{Changes, Impact, Subject};
use crate::ir::{Api, ParamLocation, SecurityScheme, Server};
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
    for (name, a) in &old.security_schemes {
        let subject = Subject::SecurityScheme { name: name.clone() };
        match new.security_schemes.get(name) {
            None => out.push(
                Impact::Breaking,
                &subject,
                "",
                format!(
                    "removed: credentials of this kind ({}) are no longer accepted",
                    scheme(a)
                ),
            ),
            Some(b) if a != b => out.push(
                Impact::Breaking,
                &subject,
                "",
                format!(
                    "changed from {} to {}: credentials are sent differently",
                    scheme(a),
                    scheme(b)
                ),
            ),
            Some(_) => {}
        }
    }
    for (name, b) in &new.security_schemes {
        if !old.security_schemes.contains_key(name) {
            out.push(
                Impact::Additive,
                &Subject::SecurityScheme { name: name.clone() },
                "",
                format!("added: {}", scheme(b)),
            );
        }
    }
    token(old, new, out);
}

/// The client sends its API token by one scheme, the best ranked; which one can change without
/// the scheme itself changing (another scheme added or removed).
fn token(old: &Api, new: &Api, out: &mut Changes) {
    let at = "API token";
    match (old.token_scheme(), new.token_scheme()) {
        (Some((x, a)), Some((y, b))) if a != b && x != y => out.push(
            Impact::Breaking,
            &Subject::Api,
            at,
            format!(
                "the token is sent as {} (`{y}`) instead of {} (`{x}`)",
                scheme(b),
                scheme(a)
            ),
        ),
        (Some((x, a)), None) => out.push(
            Impact::Breaking,
            &Subject::Api,
            at,
            format!(
                "no scheme takes an API token any more (it was sent as {} by `{x}`)",
                scheme(a)
            ),
        ),
        (None, Some((y, b))) => out.push(
            Impact::Additive,
            &Subject::Api,
            at,
            format!("an API token can be sent, as {} (`{y}`)", scheme(b)),
        ),
        _ => {}
    }
}

fn scheme(scheme: &SecurityScheme) -> String {
    match scheme {
        SecurityScheme::Basic => "HTTP basic".into(),
        SecurityScheme::Bearer => "HTTP bearer".into(),
        SecurityScheme::OAuth => "OAuth2/OpenID Connect".into(),
        SecurityScheme::ApiKey { location, name } => {
            let location = match location {
                ParamLocation::Query | ParamLocation::Path => format!("{location} parameter"),
                ParamLocation::Header | ParamLocation::Cookie => location.to_string(),
            };
            format!("an API key in {location} `{name}`")
        }
    }
}
