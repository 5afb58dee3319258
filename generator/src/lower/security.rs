//! Security schemes, and which of them the client can satisfy.
//!
//! The client holds one set of credentials: HTTP basic, or one API token sent the way one token
//! scheme says: the one most operations accept alone, then the best ranked
//! ([`choose_token_scheme`]). Token schemes that operations
//! name but the client does not use, and requirements naming undeclared schemes, are reported.

use crate::diagnostics::{pointer, Diagnostic, Diagnostics};
use crate::ir::{token_scheme, ParamLocation, SecurityScheme};
use openapiv3::{OpenAPI, ReferenceOr, SecurityRequirement};
use std::collections::{BTreeMap, BTreeSet};

/// The security requirements that apply to one operation.
pub struct Requirements<'a> {
    /// The operation's id, for messages.
    pub operation_id: &'a str,
    /// The alternatives (each a set of scheme names).
    pub alternatives: &'a [SecurityRequirement],
    /// Where they are declared (the operation's or the document's `security`).
    pub at: String,
}

pub fn lower_security(api: &OpenAPI, diags: &mut Diagnostics) -> BTreeMap<String, SecurityScheme> {
    let mut out = BTreeMap::new();
    let Some(components) = &api.components else {
        return out;
    };
    for (name, scheme) in &components.security_schemes {
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
        let lowered = match scheme {
            openapiv3::SecurityScheme::HTTP { scheme, .. }
                if scheme.eq_ignore_ascii_case("basic") =>
            {
                SecurityScheme::Basic
            }
            openapiv3::SecurityScheme::HTTP { scheme, .. }
                if scheme.eq_ignore_ascii_case("bearer") =>
            {
                SecurityScheme::Bearer
            }
            openapiv3::SecurityScheme::HTTP { scheme, .. } => {
                diags.push(
                    Diagnostic::warning(
                        at,
                        format!(
                            "HTTP auth scheme `{scheme}` is not supported; the scheme is ignored"
                        ),
                    )
                    .with_hint("set the Authorization header yourself with a default header"),
                );
                continue;
            }
            openapiv3::SecurityScheme::APIKey { location, name, .. } => SecurityScheme::ApiKey {
                location: match location {
                    openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                    openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                    openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                },
                name: name.clone(),
            },
            openapiv3::SecurityScheme::OAuth2 { .. }
            | openapiv3::SecurityScheme::OpenIDConnect { .. } => SecurityScheme::OAuth,
        };
        out.insert(name.clone(), lowered);
    }
    out
}

/// The token scheme the client sends its API token by: the one that alone authenticates the
/// most operations (a requirement alternative naming only it), then the best ranked (see
/// [`token_scheme`]). A scheme the document declares but no operation asks for does not win
/// over one that operations use.
pub fn choose_token_scheme(
    schemes: &BTreeMap<String, SecurityScheme>,
    requirements: &[Requirements<'_>],
) -> Option<String> {
    let alone = |name: &str| {
        requirements
            .iter()
            .filter(|requirement| {
                requirement.alternatives.iter().any(|alternative| {
                    alternative.len() == 1 && alternative.keys().any(|n| n == name)
                })
            })
            .count()
    };
    let used = schemes
        .iter()
        .filter_map(|(name, scheme)| Some((alone(name), scheme.token_rank()?, name)))
        .filter(|(count, _, _)| *count > 0)
        // Most operations first, then the best rank, then the first name.
        .min_by_key(|(count, rank, name)| (std::cmp::Reverse(*count), *rank, name.as_str()))
        .map(|(_, _, name)| name.clone());
    used.or_else(|| token_scheme(schemes).map(|(name, _)| name.clone()))
}

/// Reports requirements the client cannot meet: names of undeclared schemes, and operations
/// whose every alternative needs a token scheme other than `chosen`, the one the client sends
/// its token by (the warning is on that scheme, naming the operations).
pub fn check_requirements(
    schemes: &BTreeMap<String, SecurityScheme>,
    chosen: Option<&str>,
    declared: &BTreeSet<&str>,
    requirements: &[Requirements<'_>],
    diags: &mut Diagnostics,
) {
    let usable = |name: &str| {
        Some(name) == chosen || matches!(schemes.get(name), Some(SecurityScheme::Basic))
    };
    let mut unusable: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut reported: BTreeSet<(&str, &str)> = BTreeSet::new();
    for requirement in requirements {
        for (index, alternative) in requirement.alternatives.iter().enumerate() {
            for name in alternative.keys() {
                if !declared.contains(name.as_str()) && reported.insert((name, &requirement.at)) {
                    diags.push(
                        Diagnostic::warning(
                            pointer(&requirement.at, &[&index.to_string(), name]),
                            format!("security scheme `{name}` is not declared; it is ignored"),
                        )
                        .with_hint("declare it under `components/securitySchemes`"),
                    );
                }
            }
        }
        let satisfiable = requirement
            .alternatives
            .iter()
            .any(|alternative| alternative.is_empty() || alternative.keys().any(|n| usable(n)));
        if satisfiable {
            continue;
        }
        for name in requirement.alternatives.iter().flat_map(|a| a.keys()) {
            if schemes.get(name).is_some_and(|s| s.token_rank().is_some()) {
                let operations = unusable.entry(name).or_default();
                if !operations.contains(&requirement.operation_id) {
                    operations.push(requirement.operation_id);
                }
            }
        }
    }
    let Some(chosen) = chosen else {
        return;
    };
    for (name, operations) in unusable {
        let shown: Vec<String> = operations
            .iter()
            .take(3)
            .map(|o| format!("`{o}`"))
            .collect();
        let more = if operations.len() > 3 { ", ..." } else { "" };
        diags.push(
            Diagnostic::warning(
                pointer("#/components/securitySchemes", &[name]),
                format!(
                    "the client sends its API token by `{chosen}` only, so it cannot \
                     authenticate by `{name}` ({})",
                    describe(schemes.get(name))
                ),
            )
            .with_hint(format!(
                "operations left unauthenticated: {}{more}; set that credential yourself, \
                 e.g. as a default header",
                shown.join(", ")
            )),
        );
    }
}

fn describe(scheme: Option<&SecurityScheme>) -> String {
    match scheme {
        Some(SecurityScheme::ApiKey { location, name }) => {
            let place = match location {
                ParamLocation::Query | ParamLocation::Path => format!("{location} parameter"),
                ParamLocation::Header | ParamLocation::Cookie => location.to_string(),
            };
            format!("API key in {place} `{name}`")
        }
        Some(SecurityScheme::Bearer) => "bearer token".into(),
        Some(SecurityScheme::OAuth) => "OAuth 2 / OpenID Connect token".into(),
        Some(SecurityScheme::Basic) => "HTTP basic".into(),
        None => "undeclared".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requirement(names: &[&str]) -> SecurityRequirement {
        names.iter().map(|n| (n.to_string(), Vec::new())).collect()
    }

    #[test]
    fn operations_the_token_cannot_authenticate_are_named() {
        let schemes: BTreeMap<String, SecurityScheme> = [
            ("bearer".to_string(), SecurityScheme::Bearer),
            (
                "query key".to_string(),
                SecurityScheme::ApiKey {
                    location: ParamLocation::Query,
                    name: "api_key".into(),
                },
            ),
            ("basic".to_string(), SecurityScheme::Basic),
        ]
        .into_iter()
        .collect();
        let declared: BTreeSet<&str> = ["bearer", "query key", "basic"].into_iter().collect();
        let either = [requirement(&["bearer"]), requirement(&["query key"])];
        let only_query = [requirement(&["query key"])];
        let basic_or_query = [requirement(&["basic"]), requirement(&["query key"])];
        let undeclared = [requirement(&["nope"])];
        let requirements = [
            Requirements {
                operation_id: "either",
                alternatives: &either,
                at: "#/security".into(),
            },
            Requirements {
                operation_id: "onlyQuery",
                alternatives: &only_query,
                at: "#/paths/~1a/get/security".into(),
            },
            Requirements {
                operation_id: "basicOrQuery",
                alternatives: &basic_or_query,
                at: "#/paths/~1b/get/security".into(),
            },
            Requirements {
                operation_id: "undeclared",
                alternatives: &undeclared,
                at: "#/paths/~1c/get/security".into(),
            },
        ];
        // The scheme most operations accept alone is the query key.
        assert_eq!(
            choose_token_scheme(&schemes, &requirements).as_deref(),
            Some("query key")
        );
        // With the bearer token, the operation that takes only the query key is reported.
        let mut diags = Diagnostics::new();
        check_requirements(
            &schemes,
            Some("bearer"),
            &declared,
            &requirements,
            &mut diags,
        );
        let text = diags.to_string();
        assert_eq!(diags.len(), 2, "{text}");
        assert!(
            text.contains("cannot authenticate by `query key`"),
            "{text}"
        );
        assert!(
            text.contains("`onlyQuery`") && !text.contains("`either`"),
            "{text}"
        );
        assert!(text.contains("#/paths/~1c/get/security/0/nope"), "{text}");
    }

    #[test]
    fn the_token_goes_by_the_best_ranked_scheme() {
        let schemes: BTreeMap<String, SecurityScheme> = [
            (
                "a cookie".to_string(),
                SecurityScheme::ApiKey {
                    location: ParamLocation::Cookie,
                    name: "SID".into(),
                },
            ),
            (
                "b header".to_string(),
                SecurityScheme::ApiKey {
                    location: ParamLocation::Header,
                    name: "X-Key".into(),
                },
            ),
            ("c basic".to_string(), SecurityScheme::Basic),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            token_scheme(&schemes).map(|(name, _)| name.as_str()),
            Some("b header")
        );
        // No requirement names a token scheme: the best ranked one.
        assert_eq!(
            choose_token_scheme(&schemes, &[]).as_deref(),
            Some("b header")
        );
    }
}
