//! `openapi-client-gen` turns an OpenAPI 3.0, 3.1 or Swagger 2.0 document into a typed, async
//! Rust client crate.
//!
//! The pipeline runs in one direction: [`load`](load_str) (YAML/JSON; 3.1 and 2.0 converted to
//! the 3.0 model, small flaws repaired, each with a located warning) →
//! [`lower`] (`$ref` resolution and the typed [`ir`]) → [`emit`](generate) (token streams,
//! formatted by `prettyplease`) → [`write_crate`] (write-if-changed). Every problem in the input
//! is a located [`Diagnostic`]; no input makes the generator panic.
//!
//! ```
//! use openapi_client_gen::{generate_from_str, Settings};
//!
//! let spec = r#"
//! openapi: 3.0.3
//! info: { title: Pets, version: "1.0" }
//! servers: [{ url: "https://pets.example.com/v1" }]
//! paths:
//!   /pets/{id}:
//!     get:
//!       operationId: getPet
//!       tags: [Pets]
//!       parameters:
//!         - { name: id, in: path, required: true, schema: { type: string } }
//!       responses:
//!         "200":
//!           description: The pet
//!           content:
//!             application/json:
//!               schema: { type: object, properties: { name: { type: string } } }
//! "#;
//! let generated = generate_from_str(spec, &Settings::new("pets-client"))?;
//! assert!(generated.files["src/apis/pets_api.rs"].contains("pub async fn get_pet("));
//! # Ok::<(), openapi_client_gen::Diagnostics>(())
//! ```
#![deny(missing_docs)]

pub mod build_script;
pub mod changelog;
pub mod diagnostics;
pub mod diff;
mod emit;
mod format;
pub mod ir;
mod load;
mod lower;
pub mod naming;
mod resolve;
/// The runtime's defaults (timeouts, retries, limits), which the generated documentation
/// quotes: the same file the runtime builds its configuration from.
#[path = "../runtime/src/defaults.rs"]
mod runtime_defaults;
mod settings;
mod spelling;
mod write;

use std::collections::BTreeMap;
use std::path::Path;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use format::GENERATED_HEADER;
pub use load::{load_path, load_str, Document, SpecVersion};
pub use lower::lower;
pub use openapiv3::OpenAPI;
pub use settings::{ModelDerives, Settings};
pub use write::{compare, write_crate, WriteReport};

/// The files of a generated crate, keyed by path relative to the crate root (`src/lib.rs`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GeneratedCrate {
    /// File contents by relative path, in a stable order.
    pub files: BTreeMap<String, String>,
    /// Warnings about constructs that were approximated or skipped.
    pub warnings: Diagnostics,
}

/// Emits the crate for an already lowered API.
pub fn generate(api: &ir::Api, settings: &Settings) -> Result<GeneratedCrate, Diagnostics> {
    settings.check()?;
    emit::emit_crate(api, settings)
}

/// Emits an already lowered API as one module file for a build script: `pub mod <module> { .. }`
/// with every module written out, for inclusion where [`Settings::module_path`] says (at the
/// crate root under `module` when unset). The `mock` feature's code, the README and the example
/// are left out; group features stay when the settings have them, for the including crate to
/// declare.
pub fn generate_module(
    api: &ir::Api,
    settings: &Settings,
    module: &str,
) -> Result<String, Diagnostics> {
    let mut settings = settings.clone();
    settings
        .module_path
        .get_or_insert_with(|| module.to_string());
    settings.exercise_example = false;
    settings.check()?;
    build_script::check_module(module)?;
    emit::emit_module(api, &settings, module)
}

/// Loads, lowers and emits a document given as YAML or JSON text.
pub fn generate_from_str(text: &str, settings: &Settings) -> Result<GeneratedCrate, Diagnostics> {
    let document = load_str(text)?;
    generate_document(&document, settings)
}

/// Loads, lowers and emits the document at `path`; diagnostics name the file.
pub fn generate_from_path(path: &Path, settings: &Settings) -> Result<GeneratedCrate, Diagnostics> {
    let document = load_path(path)?;
    generate_document(&document, settings).map_err(|mut diags| {
        diags.set_source(path.display().to_string());
        diags
    })
}

/// The pipeline's stages one at a time, for benchmarks and profiling (`benches/generation.rs`).
///
/// [`generate`] runs [`emit`](stages::emit) and then [`format`](stages::format) on every file;
/// these two are exposed apart so each can be measured alone. Not a stable API.
#[doc(hidden)]
pub mod stages {
    pub use crate::emit::emit_rust as emit;
    pub use crate::format::format_file as format;
}

/// Lowers and emits a loaded document.
pub fn generate_document(
    document: &Document,
    settings: &Settings,
) -> Result<GeneratedCrate, Diagnostics> {
    let (api, warnings) = lower(document)?;
    let mut generated = generate(&api, settings)?;
    generated.warnings = warnings;
    Ok(generated)
}
