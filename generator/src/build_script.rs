//! Helpers for generating a client from a Cargo build script (`build.rs`).

use crate::diagnostics::Diagnostics;
use crate::settings::Settings;
use crate::{generate_from_path, module::fold_into_module};
use std::path::{Path, PathBuf};

/// Generates the client for `spec` as one module file named `<module>.rs` in `out_dir`, written
/// only when its content changed. Returns the file's path.
///
/// The file declares `pub mod <module>`; include it where `module_path` says it lives (for
/// `crate::container_registry`, at the crate root).
pub fn generate_module_file(
    spec: &Path,
    settings: &Settings,
    module: &str,
    module_path: &str,
    out_dir: &Path,
) -> Result<PathBuf, Diagnostics> {
    let generated = generate_from_path(spec, settings)?;
    let text = fold_into_module(&generated, module, module_path).map_err(|mut diags| {
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
    Ok(path)
}

/// The whole job of a `build.rs`: generates `pub mod <module>` into `$OUT_DIR/<module>.rs` for
/// inclusion at the crate root, tells Cargo to rerun when the spec changes, shows warnings,
/// and on errors prints the located diagnostics and exits with status 1 (no panic, no
/// backtrace).
///
/// In `build.rs`'s `main`:
///
/// ```no_run
/// let settings = openapi_client_gen::Settings::new("pets-client").env_prefix("PETS");
/// openapi_client_gen::build_script::generate("openapi/pets.yaml", &settings, "pets");
/// ```
///
/// and in `src/lib.rs`: `include!(concat!(env!("OUT_DIR"), "/pets.rs"));`.
pub fn generate(spec: impl AsRef<Path>, settings: &Settings, module: &str) {
    let spec = spec.as_ref();
    println!("cargo:rerun-if-changed={}", spec.display());
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("openapi-client-gen: OUT_DIR is not set; call this from a build script");
        std::process::exit(1);
    };
    let module_path = format!("crate::{module}");
    match generate_module_file(spec, settings, module, &module_path, Path::new(&out_dir)) {
        Ok(_) => {}
        Err(diags) => {
            eprintln!(
                "openapi-client-gen could not generate `{module}` from {}:\n{diags}",
                spec.display()
            );
            std::process::exit(1);
        }
    }
}
