//! Stage 4: turns the IR into the files of a client crate. Pure: reads the IR and settings only.

mod apis;
mod crate_files;
mod models;
mod pagination;
mod success;
mod types;
mod validation;

use crate::diagnostics::Diagnostics;
use crate::format::{format_file, GENERATED_HEADER};
use crate::ir::{Api, Operation};
use crate::settings::Settings;
use crate::GeneratedCrate;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;
use types::ident;
use validation::Validation;

/// The hand-written runtime every generated crate carries, by file name under `src/`.
const RUNTIME: &[(&str, &str)] = &[
    ("auth.rs", include_str!("../../runtime/auth.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("nullable.rs", include_str!("../../runtime/nullable.rs")),
    ("pagination.rs", include_str!("../../runtime/pagination.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("transport.rs", include_str!("../../runtime/transport.rs")),
    ("validation.rs", include_str!("../../runtime/validation.rs")),
];

/// The method on `Client` that returns group `group` (`TokensApi` -> `tokens_api`).
pub fn accessor_name(group: &str) -> String {
    crate::naming::module_name(group)
}

/// Operations by group name, in order.
pub fn groups(api: &Api) -> BTreeMap<&str, Vec<&Operation>> {
    let mut groups: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for operation in &api.operations {
        groups
            .entry(operation.group.as_str())
            .or_default()
            .push(operation);
    }
    groups
}

/// Emits every file of the crate, formatted, keyed by path relative to the crate root.
pub fn emit_crate(api: &Api, settings: &Settings) -> Result<GeneratedCrate, Diagnostics> {
    let mut rust: Vec<(String, TokenStream)> = Vec::new();
    let validation = Validation::analyse(&api.types);
    let derives: Vec<TokenStream> = settings
        .extra_derives
        .iter()
        .filter_map(|d| syn::parse_str::<syn::Path>(d).ok())
        .map(|path| quote!(#path))
        .collect();

    let mut model_mods = Vec::new();
    for (id, def) in api.types.iter() {
        rust.push((
            format!("src/models/{}.rs", def.module),
            models::model_file(id, &api.types, &validation, &derives),
        ));
        model_mods.push(ident(&def.module));
    }
    rust.push((
        "src/models/mod.rs".into(),
        quote! {
            //! One type per schema of the API.
            #(mod #model_mods; pub use self::#model_mods::*;)*
        },
    ));

    let groups = groups(api);
    let mut group_mods = Vec::new();
    let mut accessors = Vec::new();
    for (group, operations) in &groups {
        let module = crate::naming::module_name(group);
        rust.push((
            format!("src/apis/{module}.rs"),
            apis::group_file(group, operations, api, &validation),
        ));
        let name = ident(group);
        let accessor = ident(&accessor_name(group));
        let doc = format!(" The operations of [`{group}`].");
        accessors.push(quote! {
            #[doc = #doc]
            pub fn #accessor(&self) -> #name {
                #name::new(self.clone())
            }
        });
        group_mods.push(ident(&module));
    }
    rust.push((
        "src/apis/mod.rs".into(),
        quote! {
            //! One API struct per group (tag) of operations, with the options structs of its operations.
            #(mod #group_mods; pub use self::#group_mods::*;)*

            impl crate::Client {
                #(#accessors)*
            }
        },
    ));
    rust.push(("src/lib.rs".into(), crate_files::lib_rs()));
    rust.push((
        "src/config.rs".into(),
        crate_files::config_rs(api, settings),
    ));

    let mut files = BTreeMap::new();
    let mut diags = Diagnostics::new();
    for (path, tokens) in rust {
        match format_file(tokens, &path) {
            Ok(text) => {
                files.insert(path, text);
            }
            Err(diagnostic) => diags.push(diagnostic),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    for (name, text) in RUNTIME {
        files.insert(format!("src/{name}"), format!("{GENERATED_HEADER}{text}"));
    }
    files.insert("Cargo.toml".into(), crate_files::cargo_toml(api, settings));
    files.insert(
        "README.md".into(),
        crate_files::readme(api, settings, &groups),
    );
    Ok(GeneratedCrate {
        files,
        warnings: Diagnostics::new(),
    })
}
