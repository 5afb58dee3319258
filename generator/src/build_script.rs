//! Helpers for generating a client from a Cargo build script (`build.rs`).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::settings::Settings;
use crate::{generate_from_path, module::fold_into_module};
use std::path::{Path, PathBuf};

/// Generates the client for `spec` as one module file named `<module>.rs` in `out_dir`, written
/// only when its content changed. Returns the file's path.
///
/// The file declares `pub mod <module>`; `include!` it in any module of the crate (its paths
/// are relative, see [`fold_into_module`]). The module has no group features (a `cfg` in it
/// would name the including crate's features): every group is built.
pub fn generate_module_file(
    spec: &Path,
    settings: &Settings,
    module: &str,
    out_dir: &Path,
) -> Result<PathBuf, Diagnostics> {
    generate_module_file_with_warnings(spec, settings, module, out_dir).map(|(path, _)| path)
}

fn generate_module_file_with_warnings(
    spec: &Path,
    settings: &Settings,
    module: &str,
    out_dir: &Path,
) -> Result<(PathBuf, Diagnostics), Diagnostics> {
    check_module(module)?;
    // A `#[cfg(feature = ..)]` in an included module names the including crate's features,
    // which do not have the group features: the module is always flat. A module has no
    // examples.
    let settings = settings
        .clone()
        .group_features(false)
        .exercise_example(false);
    let generated = generate_from_path(spec, &settings)?;
    let text = fold_into_module(&generated, module).map_err(|mut diags| {
        diags.set_source(spec.display().to_string());
        diags
    })?;
    let path = out_dir.join(format!("{module}.rs"));
    let unchanged = std::fs::read(&path).is_ok_and(|old| old == text.as_bytes());
    if !unchanged {
        std::fs::write(&path, text).map_err(|err| {
            let mut diags = Diagnostics::new();
            diags.error("#", format!("cannot write {}: {err}", path.display()));
            diags
        })?;
    }
    Ok((path, generated.warnings))
}

/// The module name must be a Rust identifier.
fn check_module(module: &str) -> Result<(), Diagnostics> {
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
/// inclusion at the crate root and tells Cargo to rerun when the spec changes. Returns the
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
    let (path, warnings) =
        generate_module_file_with_warnings(spec, settings, module, Path::new(&out_dir))?;
    Ok(Generated { path, warnings })
}

/// What [`generate`] wrote.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The module file in `OUT_DIR`.
    pub path: PathBuf,
    /// Constructs of the spec that were approximated or left out.
    pub warnings: Diagnostics,
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
