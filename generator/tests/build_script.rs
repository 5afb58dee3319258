//! The library API used from build scripts: one-module output, write-if-changed, and located
//! errors for a broken spec.

use openapi_client_gen::build_script::generate_module_file;
use openapi_client_gen::Settings;
use std::path::{Path, PathBuf};

fn spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/containerregistries.yaml")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn settings() -> Settings {
    Settings::new("ionoscloud-container-registry").env_prefix("IONOS")
}

#[test]
fn module_file_is_one_self_contained_module() {
    let out = scratch("module-ok");
    let path =
        generate_module_file(&spec(), &settings(), "registry", &out).expect("the spec generates");
    let text = std::fs::read_to_string(&path).expect("written");
    let file = syn::parse_file(&text).expect("valid Rust");
    assert_eq!(file.items.len(), 1, "exactly one top-level item");
    assert!(text.contains("pub mod registry {"));
    // Each group behind a feature of the including crate; no `mock` feature, which that
    // crate does not have.
    assert!(text.contains(r#"#[cfg(feature = "tokens")]"#));
    assert!(!text.contains(r#"feature = "mock""#));
    assert!(
        !text.contains("MockApi"),
        "the mock feature's code is left out"
    );
    assert!(
        !text.contains("include_str!"),
        "no reference to files that are not in OUT_DIR"
    );
    assert!(!text.contains("mod tests"), "test modules are left out");
    // The crate's items are reached from where the module is included, never by `super::super`.
    assert!(!text.contains("super::super"));
    assert!(text.contains("use crate::registry::{ApiResponse, Client, Error, ErrorModel, models};"));

    let flat = generate_module_file(
        &spec(),
        &settings()
            .group_features(false)
            .module_path("clients::registry"),
        "registry",
        &scratch("module-flat"),
    )
    .expect("the spec generates");
    let text = std::fs::read_to_string(&flat).expect("written");
    assert!(
        !text.contains("cfg(feature ="),
        "a flat module has no features"
    );
    assert!(text.contains("use crate::clients::registry::{ApiResponse,"));
}

#[test]
fn unchanged_output_is_not_rewritten() {
    let out = scratch("module-twice");
    let path = generate_module_file(&spec(), &settings(), "registry", &out).expect("generates");
    let first = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    generate_module_file(&spec(), &settings(), "registry", &out).expect("generates");
    let second = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(
        first, second,
        "the file was rewritten with identical content"
    );
}

#[test]
fn broken_spec_fails_with_file_pointer_message_and_hint() {
    let out = scratch("module-broken");
    let original = std::fs::read_to_string(spec()).expect("spec readable");
    let broken = original.replacen(
        "$ref: \"#/components/schemas/LocationsResponse\"",
        "$ref: \"#/components/responses/LocationsResponse\"",
        1,
    );
    assert!(
        original != broken,
        "the spec no longer references LocationsResponse"
    );
    let broken_path = out.join("broken.yaml");
    std::fs::write(&broken_path, broken).expect("scratch copy");
    let err = generate_module_file(&broken_path, &settings(), "registry", &out)
        .expect_err("a reference into the wrong section fails");
    let text = err.to_string();
    assert!(
        text.contains(&format!(
            "{}#/paths/~1locations/get/responses/200",
            broken_path.display()
        )),
        "{text}"
    );
    assert!(
        text.contains("points into `components/responses` where a `schemas` entry is expected"),
        "{text}"
    );
    assert!(
        text.contains("hint: only local `#/components/schemas/Name` references are supported"),
        "{text}"
    );
    assert!(
        !out.join("registry.rs").exists(),
        "nothing is written on failure"
    );
}

/// A module name that is not a Rust identifier, or a broken setting, is a diagnostic: the build
/// script decides how to fail, and nothing panics.
#[test]
fn bad_module_names_and_settings_are_diagnostics() {
    let out = scratch("module-bad-name");
    for module in ["not an ident", "9lives", "fn", ""] {
        let err = generate_module_file(&spec(), &settings(), module, &out)
            .expect_err("not an identifier");
        assert!(
            err.to_string().contains("is not a Rust identifier"),
            "{module}: {err}"
        );
    }
    let raw = generate_module_file(&spec(), &settings(), "r#type", &out)
        .expect("a raw identifier is an identifier");
    assert!(std::fs::read_to_string(raw)
        .expect("written")
        .contains("pub mod r#type {"));

    let bad = Settings::new("ionos registry").extra_derive("Hash + Eq");
    let err = generate_module_file(&spec(), &bad, "registry", &out).expect_err("bad settings");
    let text = err.to_string();
    assert!(text.contains("crate name `ionos registry`"), "{text}");
    assert!(text.contains("extra derive `Hash + Eq`"), "{text}");

    // Outside a build script there is no OUT_DIR: an error, not an exit.
    std::env::remove_var("OUT_DIR");
    let err = openapi_client_gen::build_script::generate(spec(), &settings(), "registry")
        .expect_err("no OUT_DIR");
    assert!(err.to_string().contains("OUT_DIR"), "{err}");
}
