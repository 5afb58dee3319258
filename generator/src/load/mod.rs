//! Stage 1: parse YAML or JSON text and bring it into the one model the later stages know.
//!
//! OpenAPI 3.0 documents are read as they are; OpenAPI 3.1 (and 3.2) and Swagger 2.0 documents
//! are converted first (`openapi31`, `swagger2`), and small flaws of any version are repaired
//! where they have one safe reading (`schema`, `document`). Each conversion and repair is a
//! located warning, and every pointer, of those warnings and of the later stages' diagnostics,
//! names the node in the document the user gave ([`Origin`]).

mod document;
mod origin;
mod parse;
mod schema;
mod swagger2;
mod tree;

use crate::diagnostics::{Diagnostic, Diagnostics};
use openapiv3::{OpenAPI, ReferenceOr, Schema};
pub use origin::Origin;
use std::path::Path;

/// Nesting deeper than this is refused before deserialising, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

/// The version of the OpenAPI Specification a document was written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SpecVersion {
    /// Swagger 2.0.
    Swagger2,
    /// OpenAPI 3.0.x.
    OpenApi30,
    /// OpenAPI 3.1.x, and 3.2.x documents read as 3.1.
    OpenApi31,
}

impl std::fmt::Display for SpecVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SpecVersion::Swagger2 => "Swagger 2.0",
            SpecVersion::OpenApi30 => "OpenAPI 3.0",
            SpecVersion::OpenApi31 => "OpenAPI 3.1",
        })
    }
}

/// A loaded document, in the OpenAPI 3.0 model whatever version it was written in.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document as OpenAPI 3.0.
    pub api: OpenAPI,
    /// The version the document was written for.
    pub version: SpecVersion,
    /// What loading converted, repaired or left out, located in the original document.
    pub warnings: Diagnostics,
    origin: Origin,
}

impl Document {
    /// The pointer, in the document the user gave, of a node of [`Document::api`].
    pub fn original_pointer(&self, converted: &str) -> String {
        self.origin.original(converted)
    }

    /// Re-locates diagnostics found on [`Document::api`] into the document the user gave.
    pub fn relocate(&self, diags: &mut Diagnostics) {
        if !self.origin.is_identity() {
            diags.map_pointers(|pointer| self.origin.original(pointer));
        }
    }
}

/// The rules a document's schemas follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// OpenAPI 3.0's schema object (Swagger 2.0's, once converted): JSON Schema 2020-12
    /// keywords are flaws, read the 2020-12 way with a warning.
    OpenApi30,
    /// JSON Schema 2020-12, as OpenAPI 3.1 uses it.
    OpenApi31,
}

/// What the front stage carries while it converts and repairs a document.
pub(crate) struct Context {
    /// How schemas are read.
    pub dialect: Dialect,
    /// Warnings, at pointers into the converted document.
    pub diags: Diagnostics,
    /// Where moved nodes came from.
    pub origin: Origin,
    /// Warnings already located in the original document (they are not re-mapped).
    originals: Diagnostics,
    /// Warnings that real documents repeat hundreds of times (empty descriptions, one unknown
    /// format), reported once each, at the first place, with the count.
    repeated: std::collections::BTreeMap<String, (String, usize, String)>,
}

impl Context {
    fn new(dialect: Dialect) -> Self {
        Context {
            dialect,
            diags: Diagnostics::new(),
            origin: Origin::default(),
            originals: Diagnostics::new(),
            repeated: Default::default(),
        }
    }

    /// Records a warning at `at`, a pointer into the original document: about a node that the
    /// repairs leave out or move, whose converted place is gone.
    pub fn warn_original(&mut self, at: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.originals
            .push(Diagnostic::warning(at, message).with_hint(hint));
    }

    /// Records a warning that is reported once for all the places it occurs.
    pub fn warn_repeated(&mut self, at: &str, message: impl Into<String>, hint: impl Into<String>) {
        let entry = self
            .repeated
            .entry(message.into())
            .or_insert_with(|| (at.to_string(), 0, hint.into()));
        entry.1 += 1;
    }

    /// The warnings, the repeated ones included.
    fn finish(mut self) -> (Diagnostics, Diagnostics, Origin) {
        for (message, (at, count, hint)) in std::mem::take(&mut self.repeated) {
            let message = match count {
                1 => message,
                _ => format!("{message} (in {count} places; this is the first)"),
            };
            self.warn(&at, message, hint);
        }
        (self.diags, self.originals, self.origin)
    }

    /// Records a warning at `at` (a pointer into the converted document).
    pub fn warn(&mut self, at: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(at, message).with_hint(hint));
    }
}

/// Reads and parses the document at `path` (YAML or JSON, by content).
pub fn load_path(path: &Path) -> Result<Document, Diagnostics> {
    let text = std::fs::read_to_string(path).map_err(|err| {
        let mut all = Diagnostics::new();
        all.push(
            Diagnostic::error("#", format!("cannot read {}: {err}", path.display()))
                .with_hint("check the --spec path"),
        );
        all
    })?;
    let mut document = load_str(&text).map_err(|mut all| {
        all.set_source(path.display().to_string());
        all
    })?;
    document.warnings.set_source(path.display().to_string());
    Ok(document)
}

/// Parses a document from text. JSON is accepted as the YAML subset it is.
pub fn load_str(text: &str) -> Result<Document, Diagnostics> {
    let fail = |diagnostic: Diagnostic| {
        let mut all = Diagnostics::new();
        all.push(diagnostic);
        all
    };
    let cleaned = parse::strip_control_characters(text);
    let text = cleaned.as_ref().map_or(text, |(text, _)| text.as_str());
    let mut value = parse::parse(text).map_err(|message| {
        fail(
            Diagnostic::error(
                "#",
                format!("the document is not valid YAML or JSON {message}"),
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
    let dropped_keys = tree::plain(&mut value);
    let version = check_version(&value).map_err(fail)?;
    let mut cx = Context::new(match version {
        SpecVersion::OpenApi31 => Dialect::OpenApi31,
        SpecVersion::Swagger2 | SpecVersion::OpenApi30 => Dialect::OpenApi30,
    });
    if let Some((_, count)) = cleaned {
        cx.warn(
            "#",
            format!("the text has {count} control character(s), which JSON and YAML do not allow; they are read as spaces"),
            "escape control characters inside strings (`\\u0001`)",
        );
    }
    if dropped_keys > 0 {
        cx.warn(
            "#",
            format!("{dropped_keys} mapping key(s) are not strings; they are left out"),
            "write every key as a string",
        );
    }
    if version == SpecVersion::Swagger2 {
        value = swagger2::convert(value, &mut cx);
    }
    document::normalize(&mut value, version, &mut cx);
    let (mut warnings, originals, origin) = cx.finish();
    warnings.map_pointers(|pointer| origin.original(pointer));
    warnings.extend(originals);
    let relocated = |mut diagnostic: Diagnostic| {
        diagnostic.pointer = origin.original(&diagnostic.pointer);
        let mut all = warnings.clone();
        all.push(diagnostic);
        all
    };
    check_schemas(&value, &mut String::from("#"), Place::Document).map_err(relocated)?;
    let api = serde_path_to_error::deserialize::<_, OpenAPI>(value).map_err(|err| {
        let pointer = path_to_pointer(err.path());
        let message = err.inner().to_string();
        relocated(
            Diagnostic::error(
                pointer,
                format!("does not match the {version} schema: {message}"),
            )
            .with_hint("compare this node with the specification of the document's version"),
        )
    })?;
    Ok(Document {
        api,
        version,
        warnings,
        origin,
    })
}

/// Which version the document declares. Every 2.0, 3.0, 3.1 and 3.2 document is read; other
/// versions are refused, since their shape is unknown.
fn check_version(value: &serde_yaml::Value) -> Result<SpecVersion, Diagnostic> {
    let Some(map) = value.as_mapping() else {
        return Err(Diagnostic::error("#", "the document is not a mapping")
            .with_hint("an OpenAPI document starts with `openapi: 3.0.3`"));
    };
    let (field, declared) = match (map.get("openapi"), map.get("swagger")) {
        (Some(version), _) => ("openapi", version),
        (None, Some(version)) => ("swagger", version),
        (None, None) => {
            return Err(
                Diagnostic::error("#", "the `openapi` version field is missing").with_hint(
                    "add `openapi: 3.0.3` (or `3.1.0`, or `swagger: \"2.0\"`) at the top",
                ),
            )
        }
    };
    // `openapi: 3.0` unquoted is a number to YAML; its text is still the version.
    let Some(version) = tree::scalar_text(declared) else {
        return Err(Diagnostic::error(
            format!("#/{field}"),
            format!(
                "`{field}` must be a version string, found {}",
                tree::kind_of(declared)
            ),
        )
        .with_hint("write the version as a string: openapi: \"3.0.3\""));
    };
    let mut parts = version.trim().split('.');
    match (field, parts.next(), parts.next()) {
        ("swagger", Some("2"), Some("0") | None) => Ok(SpecVersion::Swagger2),
        ("openapi", Some("3"), Some("0")) => Ok(SpecVersion::OpenApi30),
        ("openapi", Some("3"), Some("1" | "2")) => Ok(SpecVersion::OpenApi31),
        _ => Err(Diagnostic::error(
            format!("#/{field}"),
            format!("`{field}: {version}` is not a version this generator reads"),
        )
        .with_hint("OpenAPI 3.0, 3.1 and 3.2 and Swagger 2.0 documents are read")),
    }
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
    fn reads_every_known_version_and_refuses_the_others() {
        let minimal =
            |version: &str| format!("{version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n");
        for (declared, version) in [
            ("openapi: 3.0.3", SpecVersion::OpenApi30),
            ("openapi: 3.0", SpecVersion::OpenApi30),
            ("openapi: 3.1.0", SpecVersion::OpenApi31),
            ("openapi: 3.2.0", SpecVersion::OpenApi31),
            ("swagger: '2.0'", SpecVersion::Swagger2),
        ] {
            let document =
                load_str(&minimal(declared)).unwrap_or_else(|e| panic!("{declared}: {e}"));
            assert_eq!(document.version, version, "{declared}");
        }
        for declared in ["openapi: 4.0.0", "swagger: '1.2'", "openapi: [3]"] {
            let err = load_str(&minimal(declared)).unwrap_err();
            assert!(err.to_string().contains("version"), "{declared}: {err}");
        }
    }

    #[test]
    fn openapi_3_1_needs_no_paths_and_warns_about_webhooks() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks:\n  ping: {post: {responses: {'200': {description: ok}}}}\n";
        let document = load_str(text).expect("loads");
        assert!(document.api.paths.paths.is_empty());
        let warnings = document.warnings.to_string();
        assert!(warnings.contains("webhooks (ping)"), "{warnings}");
        assert!(warnings.contains("#/webhooks"), "{warnings}");
    }

    #[test]
    fn deep_references_and_defs_become_components() {
        let text = r##"
openapi: 3.1.0
info: {title: t, version: '1'}
components:
  parameters:
    kind: {name: kind, in: query, schema: {type: string, enum: [a, b]}}
  schemas:
    A:
      type: object
      properties:
        kind: {$ref: "#/components/parameters/kind/schema"}
        inner: {$ref: "#/$defs/Inner"}
        again: {$ref: "#/components/schemas/A/$defs/Inner"}
      $defs:
        Inner: {type: integer}
"##;
        let document = load_str(text).expect("loads");
        let schemas = &document
            .api
            .components
            .as_ref()
            .expect("components")
            .schemas;
        let names: Vec<&str> = schemas.keys().map(String::as_str).collect();
        assert_eq!(names, ["A", "Inner", "kind"]);
        assert_eq!(
            document.original_pointer("#/components/schemas/Inner/type"),
            "#/components/schemas/A/$defs/Inner/type"
        );
        assert_eq!(
            document.original_pointer("#/components/schemas/kind"),
            "#/components/parameters/kind/schema"
        );
    }

    /// The lenient cases that `tests/fixtures/generality/imperfect.yaml` does not show.
    #[test]
    fn more_flaws_are_repaired_with_located_warnings() {
        let text = r##"
openapi: 3.0.3
servers: [{description: no url}]
paths:
  /things:
    get:
      parameters:
        - {name: upload, in: formData, schema: {type: string}}
        - {in: query, schema: {type: string}}
components:
  schemas:
    Thing:
      type: object
      properties:
        count: {type: long}
        ratio: {type: int32}
        blob: {type: file}
        tag: {type: string, format: 7}
        any: {type: whatever}
"##;
        let document = load_str(text).expect("repaired, not rejected");
        let warnings: Vec<(String, String)> = document
            .warnings
            .iter()
            .map(|d| (d.pointer.clone(), d.message.clone()))
            .collect();
        let has = |pointer: &str, words: &str| {
            warnings
                .iter()
                .any(|(p, m)| p == pointer && m.contains(words))
        };
        assert!(has("#/info", "no `info`"), "{warnings:#?}");
        assert!(has("#/servers", "no `url`"), "{warnings:#?}");
        assert!(
            has("#/paths/~1things/get", "no `responses`"),
            "{warnings:#?}"
        );
        assert!(
            has("#/paths/~1things/get/parameters/0", "`in: formData`"),
            "{warnings:#?}"
        );
        assert!(
            has("#/paths/~1things/get/parameters/1", "no `name`"),
            "{warnings:#?}"
        );
        let property = |name: &str| format!("#/components/schemas/Thing/properties/{name}");
        assert!(
            has(&format!("{}/type", property("count")), "read as `integer`"),
            "{warnings:#?}"
        );
        assert!(
            has(&format!("{}/type", property("blob")), "read as `string`"),
            "{warnings:#?}"
        );
        assert!(
            has(&format!("{}/format", property("tag")), "not text"),
            "{warnings:#?}"
        );
        assert!(
            has(&format!("{}/type", property("any")), "any JSON"),
            "{warnings:#?}"
        );
        assert_eq!(document.api.info.title, "API");
        assert!(document.api.servers.is_empty());
        let operation = document.api.paths.paths["/things"]
            .as_item()
            .and_then(|item| item.get.as_ref())
            .expect("the operation is kept");
        assert!(
            operation.parameters.is_empty(),
            "both unusable parameters are left out"
        );
    }

    #[test]
    fn accepts_json() {
        let api = load_str(r#"{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{}}"#)
            .expect("valid JSON document");
        assert_eq!(api.api.info.title, "t");
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
                    type: array\n          items: {properties: {$ref: x}}\n";
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
