//! Tests of the command line: `diff` output formats and exit codes, and `generate` recording its
//! document, showing the changes against it and bumping the crate version.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
}

fn fixture(case: &str, side: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/diff")
        .join(case)
        .join(format!("{side}.yaml"))
}

fn diff(case: &str, extra: &[&str]) -> Output {
    binary()
        .arg("diff")
        .arg(fixture(case, "old"))
        .arg(fixture(case, "new"))
        .args(extra)
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const PAIR: &str = "renamed-query-param-and-required-field";

#[test]
fn breaking_changes_trip_the_breaking_gate() {
    let output = diff(PAIR, &["--fail-on", "breaking"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("Breaking changes (2):"), "{text}");
    assert!(text.contains("major version bump"), "{text}");
}

#[test]
fn without_a_gate_the_exit_status_is_zero() {
    let output = diff(PAIR, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn identical_documents_pass_every_gate() {
    let output = diff("identical", &["--fail-on", "any"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("No changes."));
}

#[test]
fn gates_are_ordered_by_severity() {
    let code = |case, gate| diff(case, &["--fail-on", gate]).status.code();
    assert_eq!(code("enum-value-added", "breaking"), Some(0));
    assert_eq!(code("enum-value-added", "additive"), Some(1));
    assert_eq!(code("documentation-only", "additive"), Some(0));
    assert_eq!(code("documentation-only", "any"), Some(1));
    assert_eq!(code(PAIR, "additive"), Some(1));
}

#[test]
fn json_report_parses_and_carries_the_bump() {
    let output = diff(PAIR, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(report["bump"], "major");
    assert_eq!(report["summary"]["breaking"], 2);
    let changes = report["changes"].as_array().expect("a list of changes");
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0]["impact"], "breaking");
    assert_eq!(changes[0]["subject"]["kind"], "operation");
    assert_eq!(changes[0]["subject"]["operation_id"], "listPets");
    assert_eq!(changes[1]["subject"]["kind"], "type");
    assert_eq!(changes[1]["at"], "field `tag`");
}

#[test]
fn unreadable_documents_exit_with_two() {
    let output = binary()
        .args(["diff", "does-not-exist.yaml"])
        .arg(fixture("identical", "new"))
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("does-not-exist.yaml"));
}

/// A fresh, empty directory under Cargo's scratch space for integration tests.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn generate(spec: &Path, out: &Path, extra: &[&str]) -> Output {
    binary()
        .arg("generate")
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("the binary runs")
}

fn manifest_version(out: &Path) -> String {
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml written");
    manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("a version line")
        .to_string()
}

#[test]
fn generate_records_its_document_and_bumps_by_the_changes() {
    let out = scratch("cli-generate-bump");
    let old = fixture(PAIR, "old");
    let new = fixture(PAIR, "new");

    let first = generate(
        &old,
        &out,
        &["--crate-name", "pets", "--crate-version", "1.2.3"],
    );
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let recorded = std::fs::read_to_string(out.join("openapi.yaml")).expect("document recorded");
    assert_eq!(recorded, std::fs::read_to_string(&old).expect("fixture"));
    assert_eq!(manifest_version(&out), "1.2.3");

    let second = generate(&new, &out, &["--bump"]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let text = stdout(&second);
    assert!(text.contains("Breaking changes (2):"), "{text}");
    assert!(
        stderr(&second).contains("1.2.3 -> 2.0.0"),
        "{}",
        stderr(&second)
    );
    assert_eq!(manifest_version(&out), "2.0.0");
    let recorded = std::fs::read_to_string(out.join("openapi.yaml")).expect("document recorded");
    assert_eq!(recorded, std::fs::read_to_string(&new).expect("fixture"));

    // Nothing changed since: no second bump, and the directory is current.
    let third = generate(&new, &out, &["--bump"]);
    assert_eq!(third.status.code(), Some(0), "{}", stderr(&third));
    assert!(stdout(&third).contains("No changes."));
    assert_eq!(manifest_version(&out), "2.0.0");
    let check = generate(&new, &out, &["--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn generate_diff_shows_the_changes_before_writing() {
    let out = scratch("cli-generate-diff");
    let first = generate(&fixture("enum-value-added", "old"), &out, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let second = generate(&fixture("enum-value-added", "new"), &out, &["--diff"]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(stdout(&second).contains("Additive changes (1):"));
    assert_eq!(
        manifest_version(&out),
        "0.1.0",
        "--diff alone keeps the version"
    );
}

#[test]
fn bump_needs_a_recorded_document() {
    let out = scratch("cli-generate-no-record");
    let output = generate(&fixture(PAIR, "new"), &out, &["--bump"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot --bump"),
        "{}",
        stderr(&output)
    );
    assert!(!out.join("Cargo.toml").exists(), "nothing is written");
}

#[test]
fn bump_and_an_explicit_version_conflict() {
    let out = scratch("cli-generate-conflict");
    let output = generate(
        &fixture(PAIR, "new"),
        &out,
        &["--bump", "--crate-version", "3.0.0"],
    );
    assert_eq!(output.status.code(), Some(2));
}
