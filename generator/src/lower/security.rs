//! Security: every scheme of the document with the name of its builder setter and environment
//! variable, and each operation's requirements as alternatives of schemes sent together.
//!
//! What the document says is kept (AND within a requirement object, OR across the list,
//! `security: []` for none, `{}` for optional), with two lenient readings, each warned about:
//! a requirement naming an undeclared scheme drops that scheme, and a requirement whose schemes
//! would set the same header (HTTP basic and an API key in `Authorization`) is read as
//! alternatives, since they cannot be sent together. An operation that has no requirement at
//! all, in a document with schemes, accepts any one scheme or none, so that a configured
//! credential is still sent.

use crate::diagnostics::{pointer, Diagnostic, Diagnostics};
use crate::ir::{ParamLocation, SchemeKind, SecurityNeed, SecurityScheme};
use crate::naming::{self, Scope};
use heck::ToShoutySnakeCase;
use openapiv3::{OpenAPI, ReferenceOr, SecurityRequirement};
use std::collections::{BTreeMap, BTreeSet};

/// The methods of the generated client builder that are not scheme setters; a scheme's setter
/// never takes one of these names (`basic_auth` and `token` only for the scheme they set).
const BUILDER_METHODS: &[&str] = &[
    "new",
    "from_env",
    "base_url",
    "credential",
    "basic_auth",
    "token",
    "token_prefix",
    "user_agent",
    "default_header",
    "timeout",
    "connect_timeout",
    "reqwest_client",
    "http_client",
    "hook",
    "retry_policy",
    "max_response_bytes",
    "validation",
    "request_id_headers",
    "build",
    "clone",
    "default",
    "fmt",
    "into",
];

/// The environment variables every crate reads besides the schemes' own (after the prefix).
const ENV_NAMES: &[&str] = &["TOKEN", "USERNAME", "PASSWORD", "API_URL"];

/// The document's security schemes, sorted by name, with the index of each name.
pub fn lower_schemes(
    api: &OpenAPI,
    diags: &mut Diagnostics,
) -> (Vec<SecurityScheme>, BTreeMap<String, usize>) {
    let mut lowered: Vec<(String, SchemeKind, Option<String>)> = Vec::new();
    let Some(components) = &api.components else {
        return (Vec::new(), BTreeMap::new());
    };
    let mut sorted: Vec<_> = components.security_schemes.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    for (name, scheme) in sorted {
        let at = pointer("#/components/securitySchemes", &[name]);
        let scheme = match scheme {
            ReferenceOr::Item(scheme) => scheme,
            ReferenceOr::Reference { .. } => {
                diags.push(Diagnostic::warning(
                    at,
                    "security scheme references are not supported; the scheme is ignored",
                ));
                continue;
            }
        };
        let (kind, description) = match scheme {
            openapiv3::SecurityScheme::HTTP {
                scheme,
                description,
                ..
            } => (http_scheme(scheme, &at, diags), description),
            openapiv3::SecurityScheme::APIKey {
                location,
                name,
                description,
                ..
            } => {
                let location = match location {
                    openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                    openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                    openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                };
                // A key in `Authorization` is a token with a scheme before it, `Bearer` unless
                // the user sets another prefix.
                let prefix = (location == ParamLocation::Header
                    && name.eq_ignore_ascii_case("authorization"))
                .then(|| "Bearer".to_string());
                let kind = SchemeKind::Token {
                    location,
                    name: name.clone(),
                    prefix,
                };
                (kind, description)
            }
            openapiv3::SecurityScheme::OAuth2 {
                flows, description, ..
            } => (oauth2(flows), description),
            openapiv3::SecurityScheme::OpenIDConnect { description, .. } => (
                SchemeKind::OAuth2 {
                    token_url: None,
                    refresh_url: None,
                    flows: vec!["openIdConnect".into()],
                    scopes: BTreeMap::new(),
                },
                description,
            ),
        };
        lowered.push((name.clone(), kind, description.clone()));
    }
    let mut envs = Scope::with_reserved(ENV_NAMES);
    let mut index = BTreeMap::new();
    let schemes = lowered
        .into_iter()
        .map(|(name, kind, description)| {
            index.insert(name.clone(), index.len());
            let env = envs.claim(env_name(&name));
            SecurityScheme {
                name,
                kind,
                setter: String::new(),
                env,
                description,
            }
        })
        .collect();
    (schemes, index)
}

/// Names each scheme's builder setter after the scheme (`appKey` gives `app_key`), unique
/// among the builder's methods. `basic_auth` and `token` are taken only by the schemes they
/// set anyway (`basic` and `token`, the schemes of those setters).
pub fn name_setters(schemes: &mut [SecurityScheme], token: Option<usize>, basic: Option<usize>) {
    let mut setters = Scope::with_reserved(BUILDER_METHODS);
    for (index, scheme) in schemes.iter_mut().enumerate() {
        let candidate = naming::value_ident(&scheme.name);
        let own = (candidate == "basic_auth" && basic == Some(index))
            || (candidate == "token" && token == Some(index));
        scheme.setter = if own {
            candidate
        } else {
            setters.claim(candidate)
        };
    }
}

/// An `http` scheme: basic, bearer, or a token after another scheme name.
fn http_scheme(scheme: &str, at: &str, diags: &mut Diagnostics) -> SchemeKind {
    if scheme.eq_ignore_ascii_case("basic") {
        return SchemeKind::Basic;
    }
    let prefix = if scheme.eq_ignore_ascii_case("bearer") {
        "Bearer".to_string()
    } else {
        diags.push(
            Diagnostic::warning(
                at,
                format!(
                    "HTTP auth scheme `{scheme}` has no challenge-response support; the client \
                     sends `Authorization: {scheme} <credential>` with the credential it is given"
                ),
            )
            .with_hint("compute the credential in a token provider or a before-send hook"),
        );
        scheme.to_string()
    };
    SchemeKind::Token {
        location: ParamLocation::Header,
        name: "Authorization".into(),
        prefix: Some(prefix),
    }
}

/// An OAuth 2 scheme: the client-credentials token URL, the URL refresh tokens are exchanged
/// at (a flow's `refreshUrl`, else a `tokenUrl`), the flows and their scopes.
fn oauth2(flows: &openapiv3::OAuth2Flows) -> SchemeKind {
    let mut names = Vec::new();
    let mut scopes = BTreeMap::new();
    let mut refresh_urls = Vec::new();
    let mut token_urls = Vec::new();
    let mut add = |name: &str,
                   scope_list: &indexmap::IndexMap<String, String>,
                   refresh: &Option<String>,
                   token: Option<&String>| {
        names.push(name.to_string());
        for (scope, description) in scope_list {
            scopes
                .entry(scope.clone())
                .or_insert_with(|| description.clone());
        }
        refresh_urls.extend(refresh.clone());
        token_urls.extend(token.cloned());
    };
    if let Some(flow) = &flows.client_credentials {
        add(
            "clientCredentials",
            &flow.scopes,
            &flow.refresh_url,
            Some(&flow.token_url),
        );
    }
    if let Some(flow) = &flows.authorization_code {
        add(
            "authorizationCode",
            &flow.scopes,
            &flow.refresh_url,
            Some(&flow.token_url),
        );
    }
    if let Some(flow) = &flows.password {
        add(
            "password",
            &flow.scopes,
            &flow.refresh_url,
            Some(&flow.token_url),
        );
    }
    if let Some(flow) = &flows.implicit {
        add("implicit", &flow.scopes, &flow.refresh_url, None);
    }
    let token_url = flows
        .client_credentials
        .as_ref()
        .map(|flow| flow.token_url.clone());
    let refresh_url = refresh_urls
        .into_iter()
        .chain(token_urls)
        .find(|url| !url.trim().is_empty());
    SchemeKind::OAuth2 {
        token_url: token_url.filter(|url| !url.trim().is_empty()),
        refresh_url,
        flows: names,
        scopes,
    }
}

/// `APP_KEY` for `appKey`: the scheme's name in upper snake case, `SCHEME` when nothing of it
/// is left.
fn env_name(name: &str) -> String {
    let bare = &naming::value_ident(name).trim_matches('_').to_string();
    match bare.to_shouty_snake_case() {
        env if env.is_empty() || env == "VALUE" => "SCHEME".into(),
        env => env,
    }
}

/// The requirements that apply to one operation.
pub struct Requirements<'a> {
    /// The alternatives as declared.
    pub declared: Option<&'a [SecurityRequirement]>,
    /// Where they are declared (the operation's or the document's `security`).
    pub at: String,
}

/// An operation's alternatives: what it declares, read as described in the module docs.
pub fn lower_requirements(
    requirements: &Requirements<'_>,
    schemes: &[SecurityScheme],
    index: &BTreeMap<String, usize>,
    reported: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Vec<Vec<SecurityNeed>> {
    let Some(declared) = requirements.declared else {
        // No requirement anywhere: any one scheme, the token's first, or none.
        if schemes.is_empty() {
            return Vec::new();
        }
        let mut any: Vec<Vec<SecurityNeed>> = (0..schemes.len())
            .map(|scheme| {
                vec![SecurityNeed {
                    scheme,
                    scopes: Vec::new(),
                }]
            })
            .collect();
        any.push(Vec::new());
        return any;
    };
    let mut alternatives: Vec<Vec<SecurityNeed>> = Vec::new();
    for (position, requirement) in declared.iter().enumerate() {
        let mut needs = Vec::new();
        for (name, scopes) in requirement {
            let Some(&scheme) = index.get(name) else {
                let at = pointer(&requirements.at, &[&position.to_string(), name]);
                if reported.insert(at.clone()) {
                    diags.push(
                        Diagnostic::warning(
                            at,
                            format!("security scheme `{name}` is not declared; it is ignored"),
                        )
                        .with_hint("declare it under `components/securitySchemes`"),
                    );
                }
                continue;
            };
            needs.push(SecurityNeed {
                scheme,
                scopes: scopes.clone(),
            });
        }
        for split in split_conflicts(needs, schemes, &requirements.at, position, diags) {
            if !alternatives.contains(&split) {
                alternatives.push(split);
            }
        }
    }
    // `security: []` and `[{}]` both send nothing.
    if alternatives.iter().all(Vec::is_empty) {
        alternatives.clear();
    }
    alternatives
}

/// `needs` as one alternative, or as several when two of its schemes would set the same
/// header: each scheme that collides goes alone (with the others that do not), with a warning.
fn split_conflicts(
    needs: Vec<SecurityNeed>,
    schemes: &[SecurityScheme],
    at: &str,
    position: usize,
    diags: &mut Diagnostics,
) -> Vec<Vec<SecurityNeed>> {
    let header = |need: &SecurityNeed| match &schemes[need.scheme].kind {
        SchemeKind::Basic | SchemeKind::OAuth2 { .. } => Some("authorization".to_string()),
        SchemeKind::Token {
            location: ParamLocation::Header,
            name,
            ..
        } => Some(name.to_ascii_lowercase()),
        SchemeKind::Token { .. } => None,
    };
    let mut by_header: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (position, need) in needs.iter().enumerate() {
        if let Some(header) = header(need) {
            by_header.entry(header).or_default().push(position);
        }
    }
    let Some((header, clashing)) = by_header.into_iter().find(|(_, users)| users.len() > 1) else {
        return vec![needs];
    };
    let names: Vec<String> = clashing
        .iter()
        .map(|&i| format!("`{}`", schemes[needs[i].scheme].name))
        .collect();
    diags.push(
        Diagnostic::warning(
            pointer(at, &[&position.to_string()]),
            format!(
                "{} all set the `{header}` header, so they cannot be sent together; they are \
                 read as alternatives",
                names.join(" and ")
            ),
        )
        .with_hint("list each scheme in a requirement object of its own"),
    );
    let shared: Vec<SecurityNeed> = needs
        .iter()
        .enumerate()
        .filter(|(i, _)| !clashing.contains(i))
        .map(|(_, need)| need.clone())
        .collect();
    clashing
        .iter()
        .flat_map(|&i| {
            let mut alternative = shared.clone();
            alternative.push(needs[i].clone());
            alternative.sort();
            // A second clash among the rest is split the same way.
            split_conflicts(alternative, schemes, at, position, &mut Diagnostics::new())
        })
        .collect()
}

/// The scheme the builder's `token` sets: among the schemes that send a token, the one that
/// alone authenticates the most operations, then the best ranked, then the first by name.
pub fn token_scheme(
    schemes: &[SecurityScheme],
    operations: &[&[Vec<SecurityNeed>]],
) -> Option<usize> {
    let alone = |scheme: usize| {
        operations
            .iter()
            .filter(|alternatives| {
                alternatives
                    .iter()
                    .any(|a| a.len() == 1 && a[0].scheme == scheme)
            })
            .count()
    };
    schemes
        .iter()
        .enumerate()
        .filter_map(|(index, scheme)| Some((index, scheme.kind.token_rank()?)))
        .min_by_key(|(index, rank)| (std::cmp::Reverse(alone(*index)), *rank, *index))
        .map(|(index, _)| index)
}

/// The scheme the builder's `basic_auth` sets: the HTTP basic scheme the most operations
/// accept, then the first by name.
pub fn basic_scheme(
    schemes: &[SecurityScheme],
    operations: &[&[Vec<SecurityNeed>]],
) -> Option<usize> {
    let used = |scheme: usize| {
        operations
            .iter()
            .filter(|alternatives| alternatives.iter().flatten().any(|n| n.scheme == scheme))
            .count()
    };
    schemes
        .iter()
        .enumerate()
        .filter(|(_, scheme)| scheme.kind == SchemeKind::Basic)
        .min_by_key(|(index, _)| (std::cmp::Reverse(used(*index)), *index))
        .map(|(index, _)| index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme(name: &str, kind: SchemeKind) -> SecurityScheme {
        SecurityScheme {
            name: name.into(),
            kind,
            setter: String::new(),
            env: env_name(name),
            description: None,
        }
    }

    fn key(name: &str, location: ParamLocation) -> SchemeKind {
        SchemeKind::Token {
            location,
            name: name.into(),
            prefix: None,
        }
    }

    fn requirement(names: &[&str]) -> SecurityRequirement {
        names.iter().map(|n| (n.to_string(), Vec::new())).collect()
    }

    #[test]
    fn requirements_keep_and_within_and_or_across() {
        let schemes = vec![
            scheme("appKey", key("X-App", ParamLocation::Header)),
            scheme("appSecret", key("X-Secret", ParamLocation::Header)),
            scheme("basic", SchemeKind::Basic),
            scheme(
                "tokenAuth",
                SchemeKind::Token {
                    location: ParamLocation::Header,
                    name: "Authorization".into(),
                    prefix: Some("Bearer".into()),
                },
            ),
        ];
        let index: BTreeMap<String, usize> = schemes
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), i))
            .collect();
        let lower = |declared: &[SecurityRequirement], diags: &mut Diagnostics| {
            let requirements = Requirements {
                declared: Some(declared),
                at: "#/security".into(),
            };
            lower_requirements(&requirements, &schemes, &index, &mut BTreeSet::new(), diags)
        };
        let need = |scheme| SecurityNeed {
            scheme,
            scopes: Vec::new(),
        };
        let mut diags = Diagnostics::new();
        let both_keys = lower(
            &[
                requirement(&["appKey", "appSecret"]),
                requirement(&["basic"]),
            ],
            &mut diags,
        );
        assert_eq!(both_keys, [vec![need(0), need(1)], vec![need(2)]]);
        assert!(diags.is_empty());
        // Basic and a token in `Authorization` cannot go together: two alternatives.
        let clash = lower(&[requirement(&["basic", "tokenAuth"])], &mut diags);
        assert_eq!(clash, [vec![need(2)], vec![need(3)]]);
        assert!(
            diags.to_string().contains("cannot be sent together"),
            "{diags}"
        );
        // `[]` and `[{}]` send nothing; `{}` after others makes them optional.
        assert!(lower(&[], &mut diags).is_empty());
        assert!(lower(&[requirement(&[])], &mut diags).is_empty());
        assert_eq!(
            lower(&[requirement(&["basic"]), requirement(&[])], &mut diags),
            [vec![need(2)], vec![]]
        );
        // An undeclared scheme is left out, with a warning.
        let mut diags = Diagnostics::new();
        assert_eq!(
            lower(&[requirement(&["nope", "basic"])], &mut diags),
            [vec![need(2)]]
        );
        assert!(diags.to_string().contains("#/security/0/nope"), "{diags}");
        // The token scheme: the one most operations accept alone.
        let operations: Vec<Vec<Vec<SecurityNeed>>> = vec![
            vec![vec![need(3)]],
            vec![vec![need(3)], vec![need(2)]],
            vec![vec![need(0), need(1)]],
        ];
        let operations: Vec<&[Vec<SecurityNeed>]> = operations.iter().map(Vec::as_slice).collect();
        assert_eq!(token_scheme(&schemes, &operations), Some(3));
        assert_eq!(basic_scheme(&schemes, &operations), Some(2));
    }

    #[test]
    fn setters_are_named_after_their_schemes() {
        let mut schemes = vec![
            scheme("basicAuth", SchemeKind::Basic),
            scheme("timeout", key("X-T", ParamLocation::Query)),
            scheme("token", key("X-A", ParamLocation::Header)),
            scheme("tokenAuth", key("X-B", ParamLocation::Header)),
        ];
        name_setters(&mut schemes, Some(3), Some(0));
        let setters: Vec<&str> = schemes.iter().map(|s| s.setter.as_str()).collect();
        // `token` names another scheme than the builder's `token` sets: it gets another name.
        assert_eq!(setters, ["basic_auth", "timeout2", "token2", "token_auth"]);
    }

    #[test]
    fn environment_names_are_upper_snake_case() {
        assert_eq!(env_name("tokenAuth"), "TOKEN_AUTH");
        assert_eq!(env_name("api key (v2)"), "API_KEY_V2");
        assert_eq!(env_name("***"), "SCHEME");
    }
}
