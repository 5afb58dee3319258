//! Swagger 2.0 and OpenAPI 3.1 documents go through the same pipeline as 3.0 ones (issue 12).
//!
//! The front stage converts them to the OpenAPI 3.0 model; these tests prove the conversion
//! rather than only that something compiles: a 2.0 fixture and a 3.1 fixture generate exactly
//! the crate of the 3.0 document each was converted to by hand, diagnostics point into the
//! document the user gave, and `diff` compares documents across versions.

use integration_tests::fixtures::root;
use openapi_client_gen::diff::diff;
use openapi_client_gen::{
    generate_from_path, generate_from_str, load_path, load_str, lower, GeneratedCrate, Settings,
    SpecVersion,
};
use std::path::{Path, PathBuf};

fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures").join(path)
}

fn generate(path: &Path) -> GeneratedCrate {
    generate_from_path(path, &Settings::new("equivalence"))
        .unwrap_or_else(|diags| panic!("{} should generate:\n{diags}", path.display()))
}

/// The crate's files, without the one line that is meant to differ: a type's doc comment names
/// the place of its schema in its own document (`#/definitions/Pet` in a 2.0 document,
/// `#/components/schemas/Pet` in 3.0). The count of such lines must still agree.
fn comparable(generated: &GeneratedCrate) -> Vec<(String, String, usize)> {
    generated
        .files
        .iter()
        .filter(|(path, _)| {
            path.ends_with(".rs") || path.ends_with(".toml") || path.ends_with(".md")
        })
        .map(|(path, text)| {
            let origin_lines = text
                .lines()
                .filter(|l| l.trim_start().starts_with("/// Schema: `#/"))
                .count();
            let rest = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("/// Schema: `#/"))
                .collect::<Vec<_>>()
                .join("\n");
            (path.clone(), rest, origin_lines)
        })
        .collect()
}

fn assert_same_crate(converted: &str, by_hand: &str) {
    let converted_crate = generate(&fixture(converted));
    let by_hand_crate = generate(&fixture(by_hand));
    let (a, b) = (comparable(&converted_crate), comparable(&by_hand_crate));
    let paths =
        |files: &[(String, String, usize)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(
        paths(&a),
        paths(&b),
        "{converted} and {by_hand} generate different files"
    );
    for (left, right) in a.iter().zip(&b) {
        assert_eq!(
            left, right,
            "{} differs between {converted} and {by_hand}",
            left.0
        );
    }
    assert!(a.len() > 10, "the comparison covers the whole crate");
}

#[test]
fn a_swagger_2_document_generates_the_crate_of_its_openapi_3_conversion() {
    assert_same_crate(
        "generality/swagger2.yaml",
        "equivalence/swagger2-as-openapi30.yaml",
    );
}

#[test]
fn an_openapi_3_1_document_generates_the_crate_of_its_openapi_3_0_equivalent() {
    assert_same_crate(
        "generality/openapi31.yaml",
        "equivalence/openapi31-as-openapi30.yaml",
    );
}

#[test]
fn the_declared_version_is_recognised() {
    for (path, version) in [
        ("generality/swagger2.yaml", SpecVersion::Swagger2),
        (
            "equivalence/swagger2-as-openapi30.yaml",
            SpecVersion::OpenApi30,
        ),
        ("generality/openapi31.yaml", SpecVersion::OpenApi31),
    ] {
        let document = load_path(&fixture(path)).expect("loads");
        assert_eq!(document.version, version, "{path}");
    }
}

#[test]
fn diff_across_versions_reports_only_real_changes() {
    let lowered = |path: &str| {
        let document = load_path(&fixture(path)).expect("loads");
        lower(&document).expect("lowers").0
    };
    let old = lowered("generality/swagger2.yaml");
    let new = lowered("equivalence/swagger2-as-openapi30.yaml");
    let same = diff(&old, &new);
    assert!(
        same.changes.is_empty(),
        "a 2.0 document and its 3.0 conversion differ:\n{}",
        same.to_text()
    );

    // The 3.0 successor adds an optional field to `NewParcel` (so to `Parcel` too, which
    // includes it through `allOf`) and drops an operation: exactly those changes.
    let text = std::fs::read_to_string(fixture("equivalence/swagger2-as-openapi30.yaml"))
        .expect("fixture");
    let successor = text
        .replace(
            "        recipient:\n",
            "        insured:\n          type: boolean\n        recipient:\n",
        )
        .replace(
            "    delete:\n      operationId: deleteParcel\n",
            "    x-removed:\n      operationId: deleteParcel\n",
        );
    let document = load_str(&successor).expect("the successor loads");
    let successor = lower(&document).expect("lowers").0;
    let mut found: Vec<(String, String)> = diff(&old, &successor)
        .changes
        .iter()
        .map(|c| (c.subject.to_string(), c.description.clone()))
        .collect();
    found.sort();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found[0].0.contains("deleteParcel") && found[0].1.contains("removed"),
        "{found:#?}"
    );
    assert!(
        found[1].0.contains("NewParcel") && found[1].1.contains("insured"),
        "{found:#?}"
    );
    assert!(
        found[2].0.contains("`Parcel`") && found[2].1.contains("insured"),
        "{found:#?}"
    );
}

/// A diagnostic found after conversion names the node of the 2.0 or 3.1 document.
#[test]
fn diagnostics_point_into_the_document_as_written() {
    let swagger = r##"
swagger: "2.0"
info: {title: T, version: "1"}
paths:
  /pets:
    post:
      operationId: addPet
      parameters:
        - name: pet
          in: body
          schema: {$ref: "#/definitions/Missing"}
      responses:
        "200":
          description: ok
          schema: {$ref: "#/definitions/Pet"}
definitions:
  Pet:
    type: object
    properties:
      owner: {$ref: "#/definitions/Nobody"}
"##;
    let diags = generate_from_str(swagger, &Settings::new("t"))
        .expect("dangling references are warnings")
        .warnings;
    let pointers: Vec<&str> = diags.iter().map(|d| d.pointer.as_str()).collect();
    assert!(
        pointers.contains(&"#/paths/~1pets/post/parameters/0/schema"),
        "{pointers:?}"
    );
    assert!(
        pointers.contains(&"#/definitions/Pet/properties/owner"),
        "{pointers:?}"
    );

    let openapi31 = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
components:
  schemas:
    Box:
      type: object
      properties:
        content:
          anyOf:
            - {$ref: "#/components/schemas/Nothing"}
            - {type: "null"}
"##;
    let diags = generate_from_str(openapi31, &Settings::new("t"))
        .expect("a dangling reference is a warning")
        .warnings;
    let pointers: Vec<&str> = diags.iter().map(|d| d.pointer.as_str()).collect();
    assert!(
        pointers.contains(&"#/components/schemas/Box/properties/content/anyOf/0"),
        "{pointers:?}"
    );
}

/// Every version the specification has published since 2.0 gets past the version check; an
/// unknown version is refused with a located error.
#[test]
fn no_known_version_is_refused_by_the_version_check() {
    let body = "info: {title: T, version: '1'}\npaths: {}\n";
    for declared in [
        "swagger: '2.0'",
        "openapi: 3.0.0",
        "openapi: 3.0.4",
        "openapi: 3.1.0",
        "openapi: 3.1.1",
        "openapi: 3.2.0",
    ] {
        let text = format!("{declared}\n{body}");
        generate_from_str(&text, &Settings::new("t"))
            .unwrap_or_else(|diags| panic!("`{declared}` is refused:\n{diags}"));
    }
    let diags = generate_from_str(&format!("openapi: 4.0.0\n{body}"), &Settings::new("t"))
        .expect_err("an unknown version");
    assert_eq!(
        diags.iter().next().map(|d| d.pointer.as_str()),
        Some("#/openapi")
    );
}
