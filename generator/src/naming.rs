//! Owns every identifier the generator emits: casing, keywords, invalid characters and uniqueness.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Words that cannot be plain identifiers (strict and reserved keywords of all editions).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names that would shadow items every generated file relies on: the standard prelude's
/// types and traits (generated code names them unqualified), the crate's own root items, and
/// the type parameters of the serde impls written for models (`D`, `M`, `S`), which the nested
/// visitor of a model would otherwise mistake for the model.
const RESERVED_TYPES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Client",
    "Clone",
    "Copy",
    "D",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Error",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "IntoIterator",
    "Iterator",
    "M",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "S",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Replaces characters that cannot appear in identifiers with word breaks.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

/// Keeps only ASCII identifier characters, transliterating nothing: non-ASCII letters are dropped.
fn ascii_only(ident: String) -> String {
    ident
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// `UpperCamelCase` type or variant name for `raw`, never empty, never starting with a digit.
pub fn type_name(raw: &str) -> String {
    let mut name = camel(raw);
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Model");
    }
    name
}

/// `UpperCamelCase` for `raw`, never empty, never starting with a digit.
fn camel(raw: &str) -> String {
    // Non-ASCII letters are dropped before casing, so what remains starts with a capital.
    let ascii: String = words(raw)
        .chars()
        .filter(|c| c.is_ascii() || !c.is_alphanumeric())
        .collect();
    let mut name = ascii_only(ascii.to_upper_camel_case());
    if name.is_empty() {
        name = "Value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    name
}

/// Enum variant name for a wire value (`"de/fra"` -> `DeFra`, `"1"` -> `V1`, `""` -> `Empty`).
/// A sort order written with a leading sign names its direction: `-pullCount` is
/// `PullCountDesc` and `+pullCount` is `PullCountAsc`, next to a plain `pullCount`'s
/// `PullCount`.
pub fn variant_name(raw: &str) -> String {
    if words(raw).trim().is_empty() {
        return "Empty".into();
    }
    let mut chars = raw.chars();
    let direction = match (chars.next(), chars.next()) {
        (Some('-'), Some(c)) if c.is_ascii_alphabetic() => Some("Desc"),
        (Some('+'), Some(c)) if c.is_ascii_alphabetic() => Some("Asc"),
        _ => None,
    };
    if let Some(direction) = direction {
        return format!("{}{direction}", camel(&raw[1..]));
    }
    let name = type_name(raw);
    // `Self` is never a valid variant.
    if name == "SelfModel" || name == "Self" {
        return "SelfValue".into();
    }
    name
}

/// Variant name for a schema of the document (`Error`, `ApiErrorResponse`): its name in
/// `UpperCamelCase`, kept even when it is a prelude name, since a variant is always reached
/// through its enum (`ErrorModel::Error`).
pub fn schema_variant_name(raw: &str) -> String {
    match camel(raw) {
        name if name == "Self" => "SelfValue".into(),
        name => name,
    }
}

/// `snake_case` identifier for a field, parameter or method, escaped when it is a keyword.
pub fn value_ident(raw: &str) -> String {
    let mut name = ascii_only(words(raw).to_snake_case());
    if name.is_empty() {
        name = "value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

/// `snake_case` file or module name (never a raw identifier).
pub fn module_name(raw: &str) -> String {
    let name = value_ident(raw);
    if KEYWORDS.contains(&name.as_str()) || NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Whether `name` is a keyword, which the code spells as a raw identifier (`r#type`); names
/// keep no `r#` of their own.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// `self`, `crate`, `super` and `_` cannot be raw identifiers: they get a trailing `_`.
fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// `first_second` from two identifier parts, with one underscore between them however the parts
/// begin or end (`self_` and `with_http_info` give `self_with_http_info`).
pub fn join(first: &str, second: &str) -> String {
    format!(
        "{}_{}",
        first.trim_end_matches('_'),
        second.trim_start_matches('_')
    )
}

/// Hands out names unique within one scope, suffixing `2`, `3`, ... on collision.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope where `names` are already taken (compared case-insensitively, like claims).
    pub fn with_reserved(names: &[&str]) -> Self {
        Scope {
            taken: names.iter().map(|n| n.to_ascii_lowercase()).collect(),
        }
    }

    /// Claims `candidate`, or the first free `candidate2`, `candidate3`, ...
    pub fn claim(&mut self, candidate: String) -> String {
        self.claim_with(candidate, |_| Vec::new())
    }

    /// Claims the first free `candidate`, `candidate2`, ... for which every derived name
    /// (`derive(name)`, such as the `_with_http_info` twin of a method) is free too, and claims
    /// those derived names as well.
    pub fn claim_with(
        &mut self,
        candidate: String,
        derive: impl Fn(&str) -> Vec<String>,
    ) -> String {
        let free = |scope: &Self, name: &str| {
            !scope.contains(name) && derive(name).iter().all(|d| !scope.contains(d))
        };
        let chosen = if free(self, &candidate) {
            candidate
        } else {
            let stem = &candidate.to_string();
            let separator = if stem.ends_with(|c: char| c.is_ascii_digit()) {
                "_"
            } else {
                ""
            };
            (2..)
                .map(|n| format!("{stem}{separator}{n}"))
                .find(|name| free(self, name))
                .unwrap_or(candidate)
        };
        for derived in derive(&chosen) {
            self.taken.insert(derived.to_ascii_lowercase());
        }
        self.taken.insert(chosen.to_ascii_lowercase());
        chosen
    }

    /// Whether `name` is taken (case-insensitively).
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(&name.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_become_snake_case_methods() {
        assert_eq!(
            value_ident("registriesTokensFindById"),
            "registries_tokens_find_by_id"
        );
        assert_eq!(value_ident("namesCheckUsage"), "names_check_usage");
        assert_eq!(value_ident("locationsGet"), "locations_get");
    }

    #[test]
    fn odd_field_names_become_valid_identifiers() {
        assert_eq!(value_ident("_links"), "links");
        assert_eq!(value_ident("type"), "type");
        assert_eq!(value_ident("filter.name"), "filter_name");
        assert_eq!(value_ident("pagination.token"), "pagination_token");
        assert_eq!(value_ident("self"), "self_");
        assert_eq!(value_ident("123abc"), "_123abc");
        assert_eq!(value_ident("@odata.type"), "odata_type");
        assert_eq!(value_ident("ünïcode"), "ncode");
        assert_eq!(value_ident("***"), "value");
    }

    #[test]
    fn type_names_are_camel_case_and_safe() {
        assert_eq!(type_name("ApiErrorResponse"), "ApiErrorResponse");
        assert_eq!(type_name("weekly_schedule"), "WeeklySchedule");
        assert_eq!(type_name("2fa-settings"), "V2faSettings");
        assert_eq!(type_name("Error"), "ErrorModel");
        assert_eq!(type_name("Result"), "ResultModel");
        assert_eq!(type_name("d"), "DModel");
        assert_eq!(type_name("From"), "FromModel");
        assert_eq!(type_name("ünïcödé"), "Ncd");
        assert_eq!(variant_name("ü"), "Value");
        assert_eq!(variant_name("de/fra"), "DeFra");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("Self"), "SelfValue");
        assert_eq!(variant_name("-pullCount"), "PullCountDesc");
        assert_eq!(variant_name("+lastPush"), "LastPushAsc");
        assert_eq!(variant_name("pullCount"), "PullCount");
        assert_eq!(variant_name("-1"), "V1");
        assert_eq!(schema_variant_name("Error"), "Error");
        assert_eq!(schema_variant_name("api_error"), "ApiError");
    }

    #[test]
    fn module_names_are_never_raw() {
        assert_eq!(module_name("type"), "type_");
        assert_eq!(module_name("Self"), "self_");
        assert_eq!(module_name("TokensApi"), "tokens_api");
        assert_eq!(join("self_", "with_http_info"), "self_with_http_info");
        assert_eq!(join("with", "_1st"), "with_1st");
        assert_eq!(join("with", "type"), "with_type");
    }

    #[test]
    fn scope_resolves_collisions_case_insensitively() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim("FooBar".into()), "FooBar");
        assert_eq!(scope.claim("Foobar".into()), "Foobar2");
        assert_eq!(scope.claim("Foobar".into()), "Foobar3");
        assert_eq!(scope.claim("v1".into()), "v1");
        assert_eq!(scope.claim("v1".into()), "v1_2");
        let mut fields = Scope::with_reserved(&["options"]);
        assert_eq!(fields.claim("options".into()), "options2");
        let mut variants = Scope::with_reserved(&["Unknown"]);
        assert_eq!(variants.claim("Unknown".into()), "Unknown2");
        let mut methods = Scope::new();
        let twin = |name: &str| vec![format!("{name}_with_http_info")];
        assert_eq!(methods.claim("a_with_http_info".into()), "a_with_http_info");
        assert_eq!(methods.claim_with("a".into(), twin), "a2");
        assert!(methods.contains("a2_with_http_info"));
    }
}
