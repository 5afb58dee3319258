//! Tests of the semantic spec diff: one fixture pair per kind of change
//! (`tests/fixtures/diff/<case>/{old,new}.yaml`, each file saying what it changes) with a snapshot
//! of its text report and the counts and bump it must give; the pair the issue names; identical
//! and reordered documents; and the project's spec against the published one.

use integration_tests::fixtures::root;
use openapi_client_gen::changelog::{self, Release};
use openapi_client_gen::diff::{self, diff_paths, Bump, Impact, SpecDiff, Subject};
use openapi_client_gen::{load_path, lower, Settings};
use std::path::{Path, PathBuf};

fn fixture(case: &str) -> SpecDiff {
    let dir = root().join("tests/fixtures/diff").join(case);
    diff_paths(&dir.join("old.yaml"), &dir.join("new.yaml"))
        .unwrap_or_else(|diags| panic!("fixture {case} does not load:\n{diags}"))
}

/// `(breaking, additive, documentation)`.
fn counts(diff: &SpecDiff) -> (usize, usize, usize) {
    (
        diff.count(Impact::Breaking),
        diff.count(Impact::Additive),
        diff.count(Impact::Documentation),
    )
}

/// Snapshots the text report of `case` and checks its counts and bump.
fn check(case: &str, expected: (usize, usize, usize), bump: Bump) {
    let diff = fixture(case);
    insta::assert_snapshot!(case, diff.to_text());
    assert_eq!(counts(&diff), expected, "{case}:\n{}", diff.to_text());
    assert_eq!(diff.bump(), bump, "{case}");
}

macro_rules! cases {
    ($($test:ident: $case:literal => $counts:expr, $bump:ident;)*) => {
        $(
            #[test]
            fn $test() {
                check($case, $counts, Bump::$bump);
            }
        )*
    };
}

cases! {
    operation_added: "operation-added" => (0, 1, 0), Minor;
    operation_removed: "operation-removed" => (1, 0, 0), Major;
    operation_id_changed: "operation-id-changed" => (2, 0, 0), Major;
    operation_made_public: "operation-made-public" => (0, 1, 0), Minor;
    parameter_added_required: "parameter-added-required" => (1, 0, 0), Major;
    parameter_added_optional: "parameter-added-optional" => (0, 1, 0), Minor;
    first_optional_parameter: "first-optional-parameter" => (1, 0, 0), Major;
    parameter_became_required: "parameter-became-required" => (1, 0, 0), Major;
    parameter_format_changed: "parameter-format-changed" => (1, 0, 0), Major;
    path_parameter_renamed: "path-parameter-renamed" => (0, 0, 1), Patch;
    request_body_optional: "request-body-optional" => (1, 0, 0), Major;
    response_type_changed: "response-type-changed" => (1, 0, 0), Major;
    field_added_optional: "field-added-optional" => (0, 1, 0), Minor;
    field_added_required: "field-added-required" => (1, 0, 0), Major;
    field_became_optional: "field-became-optional" => (1, 0, 0), Major;
    field_became_nullable: "field-became-nullable" => (1, 0, 0), Major;
    field_format_changed: "field-format-changed" => (1, 0, 0), Major;
    field_type_changed: "field-type-changed" => (1, 0, 0), Major;
    required_fields_reordered: "required-fields-reordered" => (1, 0, 0), Major;
    pattern_tightened: "pattern-tightened" => (2, 0, 0), Major;
    pattern_relaxed: "pattern-relaxed" => (0, 2, 0), Minor;
    enum_value_added: "enum-value-added" => (0, 1, 0), Minor;
    enum_value_removed: "enum-value-removed" => (1, 0, 0), Major;
    type_renamed: "type-renamed" => (1, 0, 0), Major;
    security_scheme_changed: "security-scheme-changed" => (1, 0, 0), Major;
    server_changed: "server-changed" => (1, 0, 0), Major;
    documentation_only: "documentation-only" => (0, 0, 8), Patch;
}

/// The issue's example: a renamed query parameter and a response field that became required
/// are two breaking changes and a major bump, in text and in JSON.
#[test]
fn renamed_query_parameter_and_required_response_field_are_two_breaking_changes() {
    let case = "renamed-query-param-and-required-field";
    let diff = fixture(case);
    insta::assert_snapshot!(case, diff.to_text());
    insta::assert_snapshot!(format!("{case}.json"), diff.to_json());
    assert_eq!(counts(&diff), (2, 0, 0));
    assert_eq!(diff.bump(), Bump::Major);
    assert_eq!(Bump::Major.apply("1.0.0").as_deref(), Ok("2.0.0"));
    let [param, field] = &diff.changes[..] else {
        panic!("two changes expected:\n{}", diff.to_text());
    };
    assert!(
        matches!(&param.subject, Subject::Operation { operation_id, .. } if operation_id == "listPets")
    );
    assert_eq!(param.at, "query parameter `limit`");
    assert!(param.description.contains("renamed to `pageSize`"));
    assert_eq!(
        param.subject.to_string(),
        "operation `listPets` (PetsApi::list_pets)"
    );
    assert_eq!(field.subject, Subject::Type { name: "Pet".into() });
    assert_eq!(field.at, "field `tag`");
    assert!(field.description.contains("`Option<String>` to `String`"));
}

#[test]
fn identical_documents_report_nothing() {
    let diff = fixture("identical");
    assert!(diff.is_empty(), "{}", diff.to_text());
    assert_eq!(diff.bump(), Bump::None);
    insta::assert_snapshot!("identical", diff.to_text());
    insta::assert_snapshot!("identical.json", diff.to_json());
}

#[test]
fn reordering_keys_changes_nothing() {
    let diff = fixture("reordered-keys");
    assert!(diff.is_empty(), "{}", diff.to_text());
}

/// Comparing the other way round turns an addition into a removal.
#[test]
fn direction_matters() {
    let dir = root().join("tests/fixtures/diff/operation-added");
    let backwards = diff_paths(&dir.join("new.yaml"), &dir.join("old.yaml")).expect("loads");
    assert_eq!(counts(&backwards), (1, 0, 0));
    assert_eq!(backwards.to_text(), fixture("operation-removed").to_text());
}

#[test]
fn the_project_spec_equals_itself() {
    let spec = root().join("spec/containerregistries.yaml");
    let diff = diff_paths(&spec, &spec).expect("the spec loads");
    assert!(diff.is_empty(), "{}", diff.to_text());
}

/// The project's spec of API 1.0, as it was before it moved to 1.2.1 (kept for the worked example
/// of the README and the crate's changelog).
fn spec_1_0() -> PathBuf {
    root().join("tests/fixtures/containerregistries-1.0.yaml")
}

/// What changed from API 1.0 to 1.2.1 for Rust code: the operations of 1.0 keep their facts (the
/// DELETE's path parameter is renamed, which changes neither the URL nor the argument), the new
/// operations and types are additions, and three things break: the crate's `ErrorModel` becomes
/// an enum of the two error schemas, and the 1.0 `Pagination` is now `RegistryPagination` while
/// the name `Pagination` holds the new shape.
fn check_the_move_to_1_2(diff: &SpecDiff) {
    let breaking: Vec<String> = diff
        .changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .map(|c| format!("{} / {}", c.subject, c.at))
        .collect();
    assert_eq!(
        breaking,
        [
            "type `Pagination` / field `_links`",
            "type `Pagination` / field `limit`",
            "type `Pagination` / field `token`",
            "type `RegistriesResponse` / field `pagination`",
            "API / error model",
        ],
        "{}",
        diff.to_text()
    );
    let added_operations = diff
        .changes
        .iter()
        .filter(|c| c.impact == Impact::Additive && c.description.starts_with("added: `"))
        .filter(|c| matches!(c.subject, Subject::Operation { .. }))
        .count();
    assert_eq!(added_operations, 7, "{}", diff.to_text());
    assert!(diff
        .changes
        .iter()
        .any(|c| c.impact == Impact::Documentation
            && c.at == "path parameter `name`"
            && c.description.starts_with("renamed to `repositoryName`")));
    assert_eq!(diff.bump(), Bump::Major);
}

#[test]
fn the_project_spec_moved_from_1_0_to_1_2() {
    let diff = diff_paths(&spec_1_0(), &root().join("spec/containerregistries.yaml"))
        .expect("both documents load");
    check_the_move_to_1_2(&diff);
}

/// The published document describes 1.0 in other words: against the project's spec it differs
/// exactly as the project's own 1.0 spec does, and the operations it has keep their facts.
#[test]
#[ignore = "needs ../shared/spec/ beside the repository; `.ci/run` runs it with --ignored"]
fn project_spec_against_the_published_document_is_the_move_to_1_2() {
    let upstream = root().join("../shared/spec/containerregistries-upstream.yaml");
    assert!(
        upstream.is_file(),
        "the published document is missing at {}: this test compares the project's spec with it \
         and needs the shared/ folder beside the repository",
        upstream.display()
    );
    let ours = root().join("spec/containerregistries.yaml");
    let diff = diff_paths(&upstream, &ours).expect("both documents load");
    check_the_move_to_1_2(&diff);

    // Once the prose is gone, the published document and the project's 1.0 spec are the same.
    let lowered = |path: &Path| {
        let (mut api, _) = lower(&load_path(path).expect("loads")).expect("lowers");
        api.strip_docs();
        api
    };
    let stripped = diff::diff(&lowered(&spec_1_0()), &lowered(&upstream));
    assert!(stripped.is_empty(), "{}", stripped.to_text());
}

/// `generate` keeps the document it read in the output directory, so the next run can compare
/// against it; the committed copy is the project's spec.
#[test]
fn committed_client_records_the_spec_it_was_generated_from() {
    let recorded = std::fs::read_to_string(root().join("generated-client/openapi.yaml"))
        .expect("generated-client/openapi.yaml exists; run the README's regenerate command");
    let spec = std::fs::read_to_string(root().join("spec/containerregistries.yaml"))
        .expect("the spec is readable");
    assert!(
        recorded == spec,
        "generated-client/openapi.yaml is stale; run the README's regenerate command"
    );
}

/// The README's example report is the one the generator prints for the issue's pair.
#[test]
fn readme_shows_the_real_report() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README is readable");
    let report = fixture("renamed-query-param-and-required-field").to_text();
    for line in report.lines().filter(|l| !l.is_empty()) {
        assert!(
            readme.contains(&format!("   {line}\n")),
            "README's example lacks the line {line:?}; copy the report from the snapshot"
        );
    }
}

/// The committed crate moved from 1.0 to 1.2.1 with `generate --bump`: its version is the one
/// the diff implies, and its `CHANGELOG.md` is what the generator writes: the first release,
/// then the section of that diff.
#[test]
fn the_crate_version_and_changelog_come_from_the_diff() {
    let diff = diff_paths(&spec_1_0(), &root().join("spec/containerregistries.yaml"))
        .expect("both documents load");
    let manifest = std::fs::read_to_string(root().join("generated-client/Cargo.toml"))
        .expect("the manifest is readable");
    let settings = Settings::from_manifest(&manifest).expect("the manifest records its settings");
    let version = diff.bump().apply("1.0.0").expect("a semver version");
    assert_eq!(settings.crate_version, version);
    let release = |version, api_version| Release {
        crate_name: &settings.crate_name,
        version,
        api_version,
    };
    let first = changelog::update(None, release("1.0.0", "1.0"), None).expect("a new file");
    let expected = changelog::update(Some(&first), release(&version, "1.2.1"), Some(&diff))
        .expect("a new section");
    let committed = std::fs::read_to_string(root().join("generated-client/CHANGELOG.md"))
        .expect("generated-client/CHANGELOG.md exists");
    assert_eq!(committed, expected);
}

/// The README's worked example shows lines of the report the generator prints for the move
/// from 1.0 to 1.2.1, and nothing else.
#[test]
fn readme_worked_example_is_the_real_report() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README is readable");
    let report = diff_paths(&spec_1_0(), &root().join("spec/containerregistries.yaml"))
        .expect("both documents load")
        .to_text();
    let start = readme
        .find("```text\nChanges against the document recorded in generated-client:")
        .expect("the README has the worked example's report");
    let block = &readme[start + "```text\n".len()..];
    let block = &block[..block.find("```").expect("the block ends")];
    let mut shown = 0;
    for line in block.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        if line.trim_start().starts_with("...") {
            continue;
        }
        assert!(
            report.lines().any(|l| l == line),
            "the README's worked example has {line:?}, which the report does not:\n{report}"
        );
        shown += 1;
    }
    assert!(shown >= 10, "the worked example shows the report");
    assert!(block.contains("renamed to `repositoryName`"));
}
