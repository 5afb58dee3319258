//! Stage 1: parse YAML or JSON text into an `openapiv3::OpenAPI`, checking the version first.

use crate::diagnostics::{Diagnostic, Diagnostics};
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use std::path::Path;

/// Nesting deeper than this is refused before deserialising, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

/// Reads and parses the document at `path` (YAML or JSON, by content).
pub fn load_path(path: &Path) -> Result<OpenAPI, Diagnostics> {
    let text = std::fs::read_to_string(path).map_err(|err| {
        let mut all = Diagnostics::new();
        all.push(
            Diagnostic::error("#", format!("cannot read {}: {err}", path.display()))
                .with_hint("check the --spec path"),
        );
        all
    })?;
    load_str(&text).map_err(|mut all| {
        all.set_source(path.display().to_string());
        all
    })
}

/// Parses a document from text. JSON is accepted as the YAML subset it is.
pub fn load_str(text: &str) -> Result<OpenAPI, Diagnostics> {
    let fail = |diagnostic: Diagnostic| {
        let mut all = Diagnostics::new();
        all.push(diagnostic);
        all
    };
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|err| {
        let location = err
            .location()
            .map(|l| format!(" at line {}, column {}", l.line(), l.column()))
            .unwrap_or_default();
        fail(
            Diagnostic::error(
                "#",
                format!("the document is not valid YAML or JSON{location}: {err}"),
            )
            .with_hint("fix the syntax error; a YAML linter shows the exact spot"),
        )
    })?;
    if depth_exceeds(&value, MAX_DEPTH) {
        return Err(fail(Diagnostic::error(
            "#",
            format!("the document nests deeper than {MAX_DEPTH} levels"),
        )));
    }
    check_version(&value).map_err(fail)?;
    check_schemas(&value, &mut String::from("#"), Place::Document).map_err(fail)?;
    serde_path_to_error::deserialize::<_, OpenAPI>(value).map_err(|err| {
        let pointer = path_to_pointer(err.path());
        let message = err.inner().to_string();
        fail(
            Diagnostic::error(
                pointer,
                format!("does not match the OpenAPI 3.0 schema: {message}"),
            )
            .with_hint("compare this node with the OpenAPI 3.0.3 specification"),
        )
    })
}

fn check_version(value: &serde_yaml::Value) -> Result<(), Diagnostic> {
    let Some(map) = value.as_mapping() else {
        return Err(Diagnostic::error("#", "the document is not a mapping")
            .with_hint("an OpenAPI document starts with `openapi: 3.0.3`"));
    };
    if map.contains_key("swagger") {
        return Err(
            Diagnostic::error("#/swagger", "Swagger 2.0 documents are not supported")
                .with_hint("convert the document to OpenAPI 3.0 first"),
        );
    }
    let version = match map.get("openapi") {
        Some(serde_yaml::Value::String(version)) => version.clone(),
        Some(other) => {
            return Err(Diagnostic::error(
                "#/openapi",
                format!("`openapi` must be a string, found {other:?}"),
            )
            .with_hint("quote the version: openapi: \"3.0.3\""))
        }
        None => {
            return Err(
                Diagnostic::error("#", "the `openapi` version field is missing")
                    .with_hint("add `openapi: 3.0.3` at the top of the document"),
            )
        }
    };
    let mut parts = version.split('.');
    if parts.next() != Some("3") || parts.next() != Some("0") {
        return Err(Diagnostic::error(
            "#/openapi",
            format!("OpenAPI version {version} is not supported; only 3.0.x is"),
        )
        .with_hint("use an OpenAPI 3.0.x document (3.1 and Swagger 2.0 are not supported)"));
    }
    Ok(())
}

/// Where a node sits, as far as finding schemas is concerned.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Anywhere outside a schema.
    Document,
    /// The map of `components/schemas` or of a schema's `properties`: every value is a schema.
    SchemaMap,
    /// A schema's `allOf`, `oneOf` or `anyOf` list: every item is a schema.
    SchemaList,
    /// A schema.
    Schema,
}

/// Checks every schema that contains other schemas, innermost first.
///
/// `openapiv3` deserialises schemas through untagged enums that retry each variant from the
/// start: a schema that fails deep inside is re-read once per variant at every level above it,
/// which takes time exponential in the nesting (a fuzzer found a 56-level document that never
/// finished). Checking inner schemas first means an outer one never fails below itself, so
/// every schema is read a bounded number of times; the error is also located precisely.
fn check_schemas(
    value: &serde_yaml::Value,
    pointer: &mut String,
    place: Place,
) -> Result<(), Diagnostic> {
    use serde_yaml::Value;
    let map = match value {
        Value::Sequence(items) => {
            let child = match place {
                Place::SchemaList => Place::Schema,
                Place::Document => Place::Document,
                Place::SchemaMap | Place::Schema => return Ok(()),
            };
            for (index, item) in items.iter().enumerate() {
                descend(item, pointer, &index.to_string(), child)?;
            }
            return Ok(());
        }
        Value::Mapping(map) if place != Place::SchemaList => map,
        _ => return Ok(()),
    };
    let mut nested = false;
    for (key, child) in map {
        let Some(key) = key.as_str() else { continue };
        let child_place = match place {
            Place::SchemaMap => Place::Schema,
            Place::Schema => match key {
                "properties" => Place::SchemaMap,
                "allOf" | "oneOf" | "anyOf" => Place::SchemaList,
                "items" | "not" | "additionalProperties" => Place::Schema,
                _ => continue,
            },
            Place::Document => match key {
                "schema" => Place::Schema,
                "schemas" if pointer == "#/components" => Place::SchemaMap,
                "example" | "examples" | "links" => continue,
                _ if key.starts_with("x-") => continue,
                _ => Place::Document,
            },
            Place::SchemaList => return Ok(()),
        };
        nested |= place == Place::Schema;
        descend(child, pointer, key, child_place)?;
    }
    if nested {
        let checked = serde_path_to_error::deserialize::<_, ReferenceOr<Schema>>(value);
        checked.map_err(|err| {
            let inner = path_to_pointer(err.path());
            Diagnostic::error(
                format!("{pointer}{}", inner.trim_start_matches('#')),
                format!("does not match the OpenAPI 3.0 schema: {}", err.inner()),
            )
            .with_hint("compare this node with the OpenAPI 3.0.3 specification")
        })?;
    }
    Ok(())
}

/// [`check_schemas`] on `child`, found under `key`, with `pointer` extended meanwhile.
fn descend(
    child: &serde_yaml::Value,
    pointer: &mut String,
    key: &str,
    place: Place,
) -> Result<(), Diagnostic> {
    let length = pointer.len();
    pointer.push('/');
    pointer.push_str(&crate::diagnostics::escape_token(key));
    let result = check_schemas(child, pointer, place);
    pointer.truncate(length);
    result
}

fn depth_exceeds(value: &serde_yaml::Value, limit: usize) -> bool {
    let mut stack = vec![(value, 0usize)];
    while let Some((value, depth)) = stack.pop() {
        if depth > limit {
            return true;
        }
        match value {
            serde_yaml::Value::Sequence(items) => {
                stack.extend(items.iter().map(|item| (item, depth + 1)))
            }
            serde_yaml::Value::Mapping(map) => {
                stack.extend(map.iter().map(|(_, item)| (item, depth + 1)))
            }
            serde_yaml::Value::Tagged(tagged) => stack.push((&tagged.value, depth + 1)),
            _ => {}
        }
    }
    false
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("#");
    for segment in path.iter() {
        let token = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        out.push('/');
        out.push_str(&crate::diagnostics::escape_token(&token));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_other_versions() {
        let err =
            load_str("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(err.to_string().contains("3.1.0 is not supported"), "{err}");
        let err = load_str("swagger: '2.0'\n").unwrap_err();
        assert!(err.to_string().contains("Swagger 2.0"), "{err}");
    }

    #[test]
    fn accepts_json() {
        let api = load_str(r#"{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{}}"#)
            .expect("valid JSON document");
        assert_eq!(api.info.title, "t");
    }

    /// A schema nested `depth` times by `wrap` (`S` marks where the inner schema goes).
    fn nested(wrap: &str, leaf: &str, depth: usize) -> String {
        let schema = (0..depth).fold(leaf.to_owned(), |inner, _| wrap.replace('S', &inner));
        format!(
            r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{}},
            "components":{{"schemas":{{"A":{schema}}}}}}}"#
        )
    }

    /// Regression (fuzzing): an invalid schema deep inside others used to take time exponential
    /// in the depth (2^56 variant retries for `fuzz-regressions/deep-invalid-schema.yaml`). Without the
    /// innermost-first check, each of these takes hours; with it, microseconds.
    #[test]
    fn deeply_nested_invalid_schemas_fail_fast_and_precisely() {
        let wraps = [
            r#"{"type":"array","items":S}"#,
            r#"{"type":"object","properties":{"p":S}}"#,
            r#"{"allOf":[S]}"#,
            r#"{"type":"object","additionalProperties":S}"#,
            r#"{"not":S}"#,
        ];
        for wrap in wraps {
            let text = nested(wrap, r#"{"properties":{"$ref":"x"}}"#, 28);
            let err = load_str(&text).unwrap_err();
            let diagnostic = err.iter().next().expect("one diagnostic");
            assert!(diagnostic.message.contains("does not match"), "{err}");
            // Located at the innermost broken schema, not at the document.
            assert!(
                diagnostic.pointer.len() > 100,
                "{wrap}: {}",
                diagnostic.pointer
            );
            assert!(
                load_str(&nested(wrap, r#"{"type":"string"}"#, 28)).is_ok(),
                "{wrap}"
            );
        }
    }

    #[test]
    fn schema_errors_point_into_the_schema() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  \
                    schemas:\n    A:\n      type: object\n      properties:\n        b:\n          \
                    type: array\n          items: {type: string, maxLength: -1}\n";
        let err = load_str(text).unwrap_err();
        let pointer = &err.iter().next().expect("one diagnostic").pointer;
        assert!(
            pointer.starts_with("#/components/schemas/A/properties/b"),
            "{pointer}"
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!(
            "openapi: 3.0.0\nx: {}1{}\n",
            "[".repeat(100),
            "]".repeat(100)
        );
        let err = load_str(&text).unwrap_err();
        assert!(err.to_string().contains("nests deeper"), "{err}");
    }
}
