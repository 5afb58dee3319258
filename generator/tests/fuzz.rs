//! Fuzzing the whole pipeline (load → resolve → lower → emit → format) on stable Rust, with
//! `proptest` strategies instead of a coverage-guided engine.
//!
//! Every target feeds [`harness::check`], whose oracle is: the run ends in generated files or
//! in located diagnostics; it never panics, never reports an internal error (such as emitted
//! code that does not parse), finishes within a time limit and holds a bounded amount of heap.
//! Each target runs for a few seconds by default so that `cargo test --workspace` (and CI) stays
//! short; `OPENAPI_FUZZ_SECS` or `OPENAPI_FUZZ_CASES` run it longer (see the README).
//!
//! Inputs that once failed are kept in `tests/fuzz-regressions/` and run by
//! [`regressions_still_pass`] on every test run.

#[path = "fuzz/harness.rs"]
mod harness;
#[path = "fuzz/mutate.rs"]
mod mutate;
#[path = "fuzz/synth.rs"]
mod synth;
#[path = "fuzz/text.rs"]
mod text;
#[path = "fuzz/values.rs"]
mod values;

use std::path::Path;

use harness::{check, fuzz, CountingAllocator, Input};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

#[test]
fn fuzz_arbitrary_bytes_and_text() {
    fuzz("arbitrary", text::arbitrary());
}

#[test]
fn fuzz_yaml_and_json_token_soup() {
    fuzz("token-soup", text::token_soup());
}

#[test]
fn fuzz_resource_bombs() {
    fuzz("resource-bombs", text::resource_bombs());
}

#[test]
fn fuzz_mutations_of_the_project_spec() {
    fuzz("spec-mutations", mutate::mutated_spec());
}

#[test]
fn fuzz_mutations_of_openapi_3_1_and_swagger_2_documents() {
    fuzz("version-mutations", mutate::mutated_other_versions());
}

#[test]
fn fuzz_synthetic_documents() {
    fuzz("synthetic", synth::synthetic_spec());
}

/// Every input that once crashed, hung or exhausted memory, kept as a file, still ends in files
/// or diagnostics.
#[test]
fn regressions_still_pass() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fuzz-regressions exists")
        .map(|entry| entry.expect("readable directory").path())
        .filter(|path| path.extension().is_some_and(|e| e != "md"))
        .collect();
    entries.sort();
    assert!(
        !entries.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    let mut failures = Vec::new();
    for path in &entries {
        let bytes = std::fs::read(path).expect("readable input");
        if let Err(problem) = check(&Input::Bytes(bytes)) {
            failures.push(format!("{}: {problem}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The project's spec itself generates, within the limits (a sanity check of the oracle).
#[test]
fn the_project_spec_passes_the_oracle() {
    let spec = mutate::serialise(mutate::base_spec(), false);
    let outcome = check(&Input::Text(spec)).expect("the spec generates");
    assert!(outcome.files.is_some_and(|n| n > 10), "{outcome:?}");
    let json = mutate::serialise(mutate::base_spec(), true);
    let outcome = check(&Input::Text(json)).expect("the spec as JSON generates");
    assert!(outcome.files.is_some(), "{outcome:?}");
}

/// A billion-laughs document is refused or expanded within the memory limit, never blown up.
#[test]
fn alias_bombs_stay_bounded() {
    let outcome = check(&Input::Text(text::alias_bomb(9, 10))).expect("bounded");
    assert!(outcome.files.is_none(), "{outcome:?}");
}
