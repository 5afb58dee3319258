//! Throwaway cargo workspaces of generated crates, under Cargo's `CARGO_TARGET_TMPDIR`, for the
//! tests that build what the generator wrote (the compile test, the contract test).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The `cargo` that runs the tests (`$CARGO`), else the one on `PATH`.
pub fn cargo_bin() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Runs `cargo <args> --offline` in `workspace` with the target directory `target`, failing
/// with its output unless it succeeds.
pub fn cargo(workspace: &Path, target: &Path, args: &[&str]) {
    let started = Instant::now();
    let output = Command::new(cargo_bin())
        .args(args)
        .arg("--offline")
        .arg("--target-dir")
        .arg(target)
        .current_dir(workspace)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "`cargo {}` failed for the generated crates in {}:\n{stderr}",
        args.join(" "),
        workspace.display()
    );
    eprintln!("cargo {} took {:.1?}", args.join(" "), started.elapsed());
}

/// Writes the workspace manifest naming `members`, and the repository's lock file, which pins
/// the versions it already built and downloaded (`root` is the repository).
pub fn write_workspace(workspace: &Path, root: &Path, members: &[String]) {
    let manifest = format!(
        "# Written by the integration tests.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    write_if_changed(&workspace.join("Cargo.toml"), &manifest);
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock is readable");
    write_if_changed(&workspace.join("Cargo.lock"), &lock);
}

/// Writes `text` to `path` unless it already holds it, so cargo sees no change.
pub fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).expect("the file can be written");
    }
}
