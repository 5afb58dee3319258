//! Helpers for generating a client from a Cargo build script (`build.rs`).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::settings::Settings;
use crate::{generate_module, load_path, lower};
use std::path::{Path, PathBuf};

/// Generates the client for `spec` as one module file named `<module>.rs` in `out_dir`, written
/// only when its content changed. Returns the file's path.
///
/// The file declares `pub mod <module>`; `include!` it at the crate root, or where
/// [`Settings::module_path`] says (`clients::registry` for a module inside `mod clients`).
/// With [`Settings::group_features`] on (the default), each group is behind a feature of the
/// including crate, which must declare them ([`Generated::features`] lists them); off, every
/// group is built.
pub fn generate_module_file(
    spec: &Path,
    settings: &Settings,
    module: &str,
    out_dir: &Path,
) -> Result<PathBuf, Diagnostics> {
    generate_module_file_with_warnings(spec, settings, module, out_dir).map(|(path, ..)| path)
}

fn generate_module_file_with_warnings(
    spec: &Path,
    settings: &Settings,
    module: &str,
    out_dir: &Path,
) -> Result<(PathBuf, Diagnostics, Vec<String>), Diagnostics> {
    check_module(module)?;
    let located = |mut diags: Diagnostics| {
        diags.set_source(spec.display().to_string());
        diags
    };
    let document = load_path(spec)?;
    let (api, warnings) = lower(&document).map_err(located)?;
    let text = generate_module(&api, settings, module).map_err(located)?;
    let features = if settings.group_features {
        let mut names: Vec<String> = api.groups.values().map(|g| g.feature.clone()).collect();
        names.sort();
        names
    } else {
        Vec::new()
    };
    let path = out_dir.join(format!("{module}.rs"));
    let unchanged = std::fs::read(&path).is_ok_and(|old| old == text.as_bytes());
    if !unchanged {
        std::fs::write(&path, text).map_err(|err| {
            let mut diags = Diagnostics::new();
            diags.error("#", format!("cannot write {}: {err}", path.display()));
            diags
        })?;
    }
    Ok((path, warnings, features))
}

/// The module name must be a Rust identifier.
pub(crate) fn check_module(module: &str) -> Result<(), Diagnostics> {
    if syn::parse_str::<syn::Ident>(module).is_ok() {
        return Ok(());
    }
    let mut diags = Diagnostics::new();
    diags.push(
        Diagnostic::error(
            "#",
            format!("the module name `{module}` is not a Rust identifier"),
        )
        .with_hint("use a snake_case name such as `pets_api` (keywords need `r#`)"),
    );
    Err(diags)
}

/// The whole job of a `build.rs`: generates `pub mod <module>` into `$OUT_DIR/<module>.rs` for
/// inclusion at the crate root (or at [`Settings::module_path`]) and tells Cargo to rerun
/// when the spec changes. With group features (the default), each API group is behind a cargo
/// feature of the including crate ([`Generated::features`]); [`Settings::group_features`]
/// `(false)` builds every group. Returns the
/// file's path and the warnings; a broken spec, a bad setting or a module name that is not a
/// Rust identifier is an error with located diagnostics (never a panic or an exit), for the
/// build script to report as it likes (prost-build style). [`generate_or_exit`] reports them
/// for you.
///
/// In `build.rs`:
///
/// ```no_run
/// fn main() -> Result<(), openapi_client_gen::Diagnostics> {
///     let settings = openapi_client_gen::Settings::new("pets-client").env_prefix("PETS");
///     openapi_client_gen::build_script::generate("openapi/pets.yaml", &settings, "pets")?;
///     Ok(())
/// }
/// ```
///
/// and in `src/lib.rs`: `include!(concat!(env!("OUT_DIR"), "/pets.rs"));`.
pub fn generate(
    spec: impl AsRef<Path>,
    settings: &Settings,
    module: &str,
) -> Result<Generated, Diagnostics> {
    let spec = spec.as_ref();
    println!("cargo:rerun-if-changed={}", spec.display());
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        let mut diags = Diagnostics::new();
        diags.push(
            Diagnostic::error("#", "OUT_DIR is not set")
                .with_hint("call this from a Cargo build script, which Cargo gives OUT_DIR"),
        );
        return Err(diags);
    };
    let (path, warnings, features) =
        generate_module_file_with_warnings(spec, settings, module, Path::new(&out_dir))?;
    Ok(Generated {
        path,
        warnings,
        features,
    })
}

/// What [`generate`] wrote.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Generated {
    /// The module file in `OUT_DIR`.
    pub path: PathBuf,
    /// Constructs of the spec that were approximated or left out.
    pub warnings: Diagnostics,
    /// The cargo features the module's groups are behind (empty without group features):
    /// declare them in the including crate's `[features]`, with the ones to build in
    /// `default`.
    pub features: Vec<String>,
}

/// [`generate`] for build scripts that want no error handling of their own: prints the
/// warnings as `cargo:warning` lines, and on errors prints the located diagnostics and exits
/// with status 1 (no panic, no backtrace).
///
/// ```no_run
/// let settings = openapi_client_gen::Settings::new("pets-client").env_prefix("PETS");
/// openapi_client_gen::build_script::generate_or_exit("openapi/pets.yaml", &settings, "pets");
/// ```
pub fn generate_or_exit(spec: impl AsRef<Path>, settings: &Settings, module: &str) {
    let spec = spec.as_ref();
    match generate(spec, settings, module) {
        Ok(generated) => {
            for warning in generated.warnings.warnings() {
                let text = warning.to_string().replace('\n', " ");
                println!("cargo:warning={text}");
            }
        }
        Err(diags) => {
            eprintln!(
                "openapi-client-gen could not generate `{module}` from {}:\n{diags}",
                spec.display()
            );
            std::process::exit(1);
        }
    }
}
