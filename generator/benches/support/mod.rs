//! Inputs shared by the benchmarks: the project's spec and the large synthetic spec.

use std::path::{Path, PathBuf};

// The synthetic document of the scale tests, compiled in directly (it uses only `std`).
#[allow(dead_code, unused_imports)]
#[path = "../../../tests/src/synth.rs"]
mod synth;

/// Resources of the large synthetic spec: 504 operations and 1,010 schemas (0.6 MB of YAML).
pub const LARGE_RESOURCES: usize = 84;

/// The repository root (the generator crate's parent directory).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator lives inside the repository")
        .to_path_buf()
}

/// `spec/containerregistries.yaml`.
pub fn container_registry_spec() -> String {
    let path = repo_root().join("spec/containerregistries.yaml");
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The large synthetic spec of `tests/src/synth.rs` with [`LARGE_RESOURCES`] resources.
pub fn large_spec() -> String {
    synth::synthetic_spec(LARGE_RESOURCES)
}
