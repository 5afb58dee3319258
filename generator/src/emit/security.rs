//! Security in the generated crate: the schemes handed to the runtime in `Spec`'s
//! configuration, each operation's requirements, the `ClientBuilder` with a setter per scheme,
//! and the README's section on credentials.

use super::types::ident;
use crate::ir::{Api, Operation, ParamLocation, SchemeKind, SecurityScheme};
use crate::settings::Settings;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::fmt::Write as _;

/// The `schemes`, `token_scheme` and `basic_scheme` fields of the runtime's `ApiConfig`.
pub fn config_fields(api: &Api, prefix: &str) -> TokenStream {
    let schemes = api.security_schemes.iter().map(|scheme| {
        let name = &scheme.name;
        let env = format!("{prefix}_{}", scheme.env);
        let kind = match &scheme.kind {
            SchemeKind::Basic => quote!(runtime::auth::SchemeKind::Basic),
            SchemeKind::Token {
                location,
                name,
                prefix,
            } => {
                let location = match location {
                    ParamLocation::Query => quote!(Query),
                    ParamLocation::Cookie => quote!(Cookie),
                    ParamLocation::Header | ParamLocation::Path => quote!(Header),
                };
                let prefix = option(prefix.as_deref());
                quote!(runtime::auth::SchemeKind::Token {
                    location: runtime::auth::Location::#location,
                    name: #name,
                    prefix: #prefix,
                })
            }
            SchemeKind::OAuth2 {
                token_url,
                refresh_url,
                ..
            } => {
                let token_url = option(token_url.as_deref());
                let refresh_url = option(refresh_url.as_deref());
                quote!(runtime::auth::SchemeKind::OAuth2 {
                    token_url: #token_url,
                    refresh_url: #refresh_url,
                })
            }
        };
        quote!(runtime::auth::Scheme { name: #name, kind: #kind, env: #env })
    });
    let token_scheme = option_index(api.token_scheme);
    let basic_scheme = option_index(api.basic_scheme);

    quote! {
        schemes: &[#(#schemes),*],
        token_scheme: #token_scheme,
        basic_scheme: #basic_scheme,
    }
}

fn option(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

fn option_index(value: Option<usize>) -> TokenStream {
    match value.map(Literal::usize_unsuffixed) {
        Some(index) => quote!(Some(#index)),
        None => quote!(None),
    }
}

/// `request.security(..)` with the operation's alternatives; nothing when it has none.
pub fn request_security(op: &Operation) -> Option<TokenStream> {
    if op.security.is_empty() {
        return None;
    }
    let alternatives = op.security.iter().map(|alternative| {
        // Literals, which the compiler promotes to statics.
        let needs = alternative.iter().map(|need| {
            let scheme = Literal::usize_unsuffixed(need.scheme);
            let scopes = &need.scopes;
            quote!(Need { scheme: #scheme, scopes: &[#(#scopes),*] })
        });
        quote!(&[#(#needs),*])
    });
    Some(quote!(request.security(&[#(#alternatives),*]);))
}

/// The generated `ClientBuilder`: the runtime's settings, and one setter per scheme named
/// after it, plus `basic_auth` and `token` for the schemes most operations use.
pub fn builder(api: &Api, settings: &Settings) -> TokenStream {
    let prefix = &settings.env_prefix;
    let setters = api
        .security_schemes
        .iter()
        .enumerate()
        .map(|(index, scheme)| {
            let mut also = Vec::new();
            if api.basic_scheme == Some(index) {
                also.push(format!("`{prefix}_USERNAME` and `{prefix}_PASSWORD`"));
            }
            if api.token_scheme == Some(index) {
                also.push(format!("`{prefix}_TOKEN`"));
            }
            setter(index, scheme, prefix, &also)
        });
    let basic_auth = api
        .basic_scheme
        .and_then(|index| api.security_schemes.get(index))
        .filter(|scheme| scheme.setter != "basic_auth")
        .map(|scheme| {
            let doc = format!(
                " HTTP basic credentials for `{}`, the basic scheme most operations accept \
                 (also read from `{prefix}_USERNAME` and `{prefix}_PASSWORD`).",
                scheme.name
            );
            quote! {
                #[doc = #doc]
                pub fn basic_auth(self, username: impl Into<String>, password: impl Into<SecretString>) -> Self {
                    Self { inner: self.inner.basic_auth(username, password) }
                }
            }
        });
    let token = api
        .token_scheme
        .and_then(|index| api.security_schemes.get(index))
        .filter(|scheme| scheme.setter != "token")
        .map(|scheme| {
            let doc = format!(
                " The API token, sent by `{}` ({}), the scheme most operations accept a token by \
                 (also read from `{prefix}_TOKEN`).",
                scheme.name,
                scheme.kind.describe()
            );
            quote! {
                #[doc = #doc]
                pub fn token(self, token: impl Into<SecretString>) -> Self {
                    Self { inner: self.inner.token(token) }
                }
            }
        });
    quote! {
        /// Configures and builds a [`Client`]; every setting has a default. Each security
        /// scheme of the API has a setter named after it.
        #[derive(Debug, Clone, Default)]
        pub struct ClientBuilder {
            inner: runtime::ClientBuilder<Spec>,
        }

        impl ClientBuilder {
            openapi_client_runtime::builder_settings!(Client, Error);

            #basic_auth
            #token
            #(#setters)*
        }
    }
}

/// The setter of scheme `index`.
fn setter(index: usize, scheme: &SecurityScheme, prefix: &str, also: &[String]) -> TokenStream {
    let name = ident(&scheme.setter);
    let index = Literal::usize_unsuffixed(index);
    let env = format!("{prefix}_{}", scheme.env);
    let mut lines = vec![format!(
        "The credential of `{}`: {}.",
        scheme.name,
        scheme.kind.describe()
    )];
    lines.extend(scheme.description.clone());
    if !also.is_empty() {
        lines.push(format!(
            "The scheme most operations accept of its kind: also set by {}.",
            also.join(", ")
        ));
    }
    match &scheme.kind {
        SchemeKind::Basic => {
            lines.push(format!(
                "Also read from `{env}_USERNAME` and `{env}_PASSWORD`."
            ));
            let docs =
                super::types::doc_attrs(&lines.iter().map(String::as_str).collect::<Vec<_>>());
            quote! {
                #docs
                pub fn #name(self, username: impl Into<String>, password: impl Into<SecretString>) -> Self {
                    Self { inner: self.inner.credential(#index, Credential::basic(username, password)) }
                }
            }
        }
        SchemeKind::Token { .. } | SchemeKind::OAuth2 { .. } => {
            lines.push(match &scheme.kind {
                SchemeKind::OAuth2 {
                    token_url,
                    refresh_url,
                    ..
                } => {
                    let mut takes = vec!["an access token".to_string()];
                    let mut vars = vec![format!("`{env}`")];
                    if let Some(url) = token_url {
                        takes.push(format!(
                            "`Credential::client_credentials(id, secret)` (the client then \
                             fetches its tokens from `{url}`, caches them and renews them)"
                        ));
                        vars.push(format!("`{env}_CLIENT_ID` with `{env}_CLIENT_SECRET`"));
                    }
                    if let Some(url) = refresh_url {
                        takes.push(format!(
                            "`Credential::refresh_token(..)` (exchanged at `{url}`)"
                        ));
                        vars.push(format!("`{env}_REFRESH_TOKEN`"));
                    }
                    takes.push("`Credential::provider(..)` for tokens from elsewhere".into());
                    format!(
                        "Takes {}. Also read from {}.",
                        takes.join(", "),
                        vars.join(", ")
                    )
                }
                _ => format!(
                    "Takes the token (a `&str`, `String` or `SecretString`) or \
                     `Credential::provider(..)`. Also read from `{env}`."
                ),
            });
            let docs =
                super::types::doc_attrs(&lines.iter().map(String::as_str).collect::<Vec<_>>());
            quote! {
                #docs
                pub fn #name(self, credential: impl Into<Credential>) -> Self {
                    Self { inner: self.inner.credential(#index, credential) }
                }
            }
        }
    }
}

/// The README's section on credentials: each scheme with its setter and variables, and which
/// operations take which credentials.
pub fn readme_section(api: &Api, settings: &Settings) -> String {
    let prefix = &settings.env_prefix;
    let mut out = String::new();
    if api.security_schemes.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "\n### Credentials\n\nEach security scheme of the API has a setter on `ClientBuilder` and \
         environment variables that `from_env()` reads. A call sends the first of its \
         operation's alternatives whose credentials are all configured, every scheme of it \
         together; when none is configured it fails with `Error::MissingCredentials` before \
         anything is sent.\n\n| Scheme | Sends | Setter | Environment |\n| --- | --- | --- | --- |"
    );
    for (index, scheme) in api.security_schemes.iter().enumerate() {
        let env = format!("{prefix}_{}", scheme.env);
        let mut vars = match &scheme.kind {
            SchemeKind::Basic => vec![format!("`{env}_USERNAME`"), format!("`{env}_PASSWORD`")],
            SchemeKind::Token { .. } => vec![format!("`{env}`")],
            SchemeKind::OAuth2 { .. } => vec![
                format!("`{env}`"),
                format!("`{env}_CLIENT_ID`"),
                format!("`{env}_CLIENT_SECRET`"),
                format!("`{env}_REFRESH_TOKEN`"),
            ],
        };
        let mut setters = vec![format!("`{}`", scheme.setter)];
        if api.basic_scheme == Some(index) && scheme.setter != "basic_auth" {
            setters.push("`basic_auth`".into());
        }
        if api.basic_scheme == Some(index) {
            vars.push(format!("`{prefix}_USERNAME`, `{prefix}_PASSWORD`"));
        }
        if api.token_scheme == Some(index) && scheme.setter != "token" {
            setters.push("`token`".into());
        }
        if api.token_scheme == Some(index) {
            vars.push(format!("`{prefix}_TOKEN`"));
        }
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            scheme.name,
            scheme.kind.describe(),
            setters.join(", "),
            vars.join(", ")
        );
    }
    let _ = writeln!(out, "\nWhat each operation accepts:\n");
    for op in &api.operations {
        let alternatives: Vec<String> = op
            .security
            .iter()
            .map(|alternative| {
                let names: Vec<String> = alternative
                    .iter()
                    .filter_map(|need| api.security_schemes.get(need.scheme))
                    .map(|scheme| format!("`{}`", scheme.name))
                    .collect();
                match names.is_empty() {
                    true => "none".to_string(),
                    false => names.join(" and "),
                }
            })
            .collect();
        let accepts = match alternatives.is_empty() {
            true => "no credentials".to_string(),
            false => alternatives.join(", or "),
        };
        let _ = writeln!(out, "- `{}`: {accepts}", op.method_name);
    }
    out
}
