//! The generality fixtures (`tests/fixtures/generality/`), shared by the tests that generate,
//! compile and run them.

use std::path::PathBuf;

/// Fixtures whose crate is generated and compiled.
pub const COMPILED: &[&str] = &[
    "approximated",
    "bodies",
    "components-only",
    "constraints",
    "document",
    "flawed",
    "imperfect",
    "naming",
    "openapi31",
    "parameters",
    "realworld",
    "routing",
    "schemas",
    "security",
    "swagger2",
    "swagger2-loose",
];

/// Fixtures that are rejected with located errors.
pub const REJECTED: &[&str] = &["rejected"];

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The document of fixture `name`.
pub fn fixture(name: &str) -> PathBuf {
    root().join(format!("tests/fixtures/generality/{name}.yaml"))
}
