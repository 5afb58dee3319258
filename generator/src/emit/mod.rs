//! Stage 4: turns the IR into the files of a client crate. Pure: reads the IR and settings only.

mod apis;
mod args;
mod crate_files;
mod errors;
mod exercise;
mod features;
mod mock;
mod models;
mod pagination;
mod parallel;
mod routing;
mod sample;
mod sample_choice;
mod sample_string;
mod security;
mod success;
mod types;
mod validation;

use crate::diagnostics::Diagnostics;
use crate::format::format_file;
use crate::ir::{Api, Operation, TypeId};
use crate::settings::Settings;
use crate::GeneratedCrate;
use features::Features;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;
use types::ident;
use validation::Validation;

/// The names lowering gave group `group`.
pub fn group_names<'a>(api: &'a Api, group: &str) -> Option<&'a crate::ir::GroupNames> {
    api.groups.get(group)
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
///
/// Each Rust file is emitted and formatted on its own, on a few threads ([`parallel::map`]);
/// the output does not depend on how the files were spread over them.
pub fn emit_crate(api: &Api, settings: &Settings) -> Result<GeneratedCrate, Diagnostics> {
    let validation = Validation::analyse(&api.types);
    let groups = groups(api);
    let rust = rust_files(api, &groups, settings.exercise_example);
    let formatted = parallel::map(
        &rust,
        || Emitter::new(api, settings, &validation, &groups),
        |emitter, file| {
            let (path, tokens) = emitter.emit(*file);
            let text = format_file(tokens, &path);
            (path, text)
        },
    );
    let mut files = BTreeMap::new();
    let mut diags = Diagnostics::new();
    for (path, text) in formatted {
        match text {
            Ok(text) => {
                files.insert(path, text);
            }
            Err(diagnostic) => diags.push(diagnostic),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    files.insert(
        "Cargo.toml".into(),
        crate_files::cargo_toml(api, settings, Features::new(api, settings.group_features)),
    );
    files.insert(
        "README.md".into(),
        crate_files::readme(
            api,
            settings,
            &groups,
            Features::new(api, settings.group_features),
        ),
    );
    Ok(GeneratedCrate {
        files,
        warnings: Diagnostics::new(),
    })
}

/// The token streams of the crate's generated Rust files, unformatted, keyed by path; on one
/// thread (for benchmarks of the emit stage alone).
pub fn emit_rust(api: &Api, settings: &Settings) -> Vec<(String, TokenStream)> {
    let validation = Validation::analyse(&api.types);
    let groups = groups(api);
    let emitter = Emitter::new(api, settings, &validation, &groups);
    rust_files(api, &groups, settings.exercise_example)
        .into_iter()
        .map(|file| emitter.emit(file))
        .collect()
}

/// One generated Rust file of the crate.
#[derive(Clone, Copy)]
enum RustFile<'a> {
    /// `src/apis/<group>.rs`: one API struct with its operations.
    Group(&'a str, &'a [&'a Operation]),
    /// `src/models/<module>.rs`: one model.
    Model(TypeId),
    /// `src/models/mod.rs`.
    ModelsMod,
    /// `src/apis/mod.rs`, with the group accessors on `Client`.
    ApisMod,
    /// `src/lib.rs`.
    Lib,
    /// `src/client.rs`: the document's configuration and the crate's `Client`.
    Client,
    /// `src/mock.rs`: the `mock` feature's `MockApi`.
    Mock,
    /// `examples/exercise.rs`: every operation called once (with
    /// [`Settings::exercise_example`]).
    Exercise,
}

/// Every Rust file to emit, the largest (API groups) first so parallel work ends evenly.
fn rust_files<'a>(
    api: &Api,
    groups: &'a BTreeMap<&str, Vec<&Operation>>,
    exercise: bool,
) -> Vec<RustFile<'a>> {
    let mut files: Vec<RustFile> = groups
        .iter()
        .map(|(group, operations)| RustFile::Group(group, operations))
        .collect();
    files.extend(api.types.iter().map(|(id, _)| RustFile::Model(id)));
    files.extend([
        RustFile::ModelsMod,
        RustFile::ApisMod,
        RustFile::Lib,
        RustFile::Client,
    ]);
    if !api.operations.is_empty() {
        files.push(RustFile::Mock);
    }
    if exercise && !api.operations.is_empty() {
        files.push(RustFile::Exercise);
    }
    files
}

/// What emitting a file needs. Token streams cannot cross threads, so each thread has its own.
struct Emitter<'a> {
    api: &'a Api,
    settings: &'a Settings,
    validation: &'a Validation,
    groups: &'a BTreeMap<&'a str, Vec<&'a Operation>>,
    derives: Vec<TokenStream>,
    features: Features<'a>,
}

impl<'a> Emitter<'a> {
    fn new(
        api: &'a Api,
        settings: &'a Settings,
        validation: &'a Validation,
        groups: &'a BTreeMap<&'a str, Vec<&'a Operation>>,
    ) -> Self {
        let derives = settings
            .extra_derives
            .iter()
            .filter_map(|d| syn::parse_str::<syn::Path>(d).ok())
            .map(|path| quote!(#path))
            .collect();
        Emitter {
            api,
            settings,
            validation,
            groups,
            derives,
            features: Features::new(api, settings.group_features),
        }
    }

    /// The path and tokens of `file`.
    fn emit(&self, file: RustFile) -> (String, TokenStream) {
        let Emitter {
            api,
            settings,
            validation,
            groups,
            derives,
            features,
        } = self;
        match file {
            RustFile::Group(group, operations) => (
                format!(
                    "src/apis/{}.rs",
                    group_names(api, group).map_or("", |g| g.module.as_str())
                ),
                apis::group_file(group, operations, api, validation),
            ),
            RustFile::Model(id) => (
                format!("src/models/{}.rs", api.types.get(id).module),
                models::model_file(id, &api.types, validation, derives),
            ),
            RustFile::ModelsMod => ("src/models/mod.rs".into(), models_mod(api, features)),
            RustFile::ApisMod => ("src/apis/mod.rs".into(), apis_mod(api, groups, features)),
            RustFile::Lib => (
                "src/lib.rs".into(),
                crate_files::lib_rs(!api.operations.is_empty(), features),
            ),
            RustFile::Mock => ("src/mock.rs".into(), mock::mock_file(api)),
            RustFile::Exercise => (
                "examples/exercise.rs".into(),
                exercise::exercise_file(api, settings),
            ),
            RustFile::Client => (
                "src/client.rs".into(),
                crate_files::client_rs(api, settings, features),
            ),
        }
    }
}

/// `src/models/mod.rs`: one module per model, its items re-exported. A model that only some
/// groups reach is declared with the runtime's `gated_module!`, one line for its two gated
/// items.
fn models_mod(api: &Api, features: &Features) -> TokenStream {
    let model_mods = api.types.iter().map(|(_, def)| {
        let module = ident(&def.module);
        let gate = features.names(&def.groups);
        if gate.is_empty() {
            quote!(mod #module; pub use self::#module::*;)
        } else {
            quote!(openapi_client_runtime::gated_module!(#module, #(#gate),*);)
        }
    });
    quote! {
        //! One type per schema of the API.
        #(#model_mods)*
    }
}

/// `src/apis/mod.rs`: the group modules and one accessor per group on `Client`.
fn apis_mod(
    api: &Api,
    groups: &BTreeMap<&str, Vec<&Operation>>,
    features: &Features,
) -> TokenStream {
    let mut group_mods = Vec::new();
    let mut accessors = Vec::new();
    for (group, names) in groups
        .keys()
        .filter_map(|group| Some((group, group_names(api, group)?)))
    {
        let name = ident(group);
        let accessor = ident(&names.accessor);
        let doc = format!(" The operations of [`{group}`].");
        let gate = features.gate(&[group]);
        accessors.push(quote! {
            #[doc = #doc]
            #gate
            pub fn #accessor(&self) -> #name {
                #name::new(self.clone())
            }
        });
        let module = ident(&names.module);
        group_mods.push(quote!(#gate mod #module; #gate pub use self::#module::*;));
    }
    quote! {
        //! One API struct per group (tag) of operations, with the options structs of its operations.
        #(#group_mods)*

        impl super::Client {
            #(#accessors)*
        }
    }
}

/// `.operation_servers(false)` for a client that must send everything to one server (a mock,
/// a test server), when some operation has a server of its own.
fn single_server_setting(api: &Api) -> Option<TokenStream> {
    api.operations
        .iter()
        .any(|op| op.server.is_some())
        .then(|| quote!(.operation_servers(false)))
}
