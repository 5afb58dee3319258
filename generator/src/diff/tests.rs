//! Unit tests of the comparisons the fixture pairs in `tests/fixtures/diff` do not cover.

use super::{diff, Impact};

/// A document with `paths` and `schemas` (both YAML mappings, indented for their place).
fn document(paths: &str, schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\nservers: [{{url: 'https://a.example'}}]\n\
         paths:\n{paths}\ncomponents:\n  schemas:\n{schemas}\n"
    )
}

/// `(impact, at, description)` of every change between two documents.
fn changes(old: &str, new: &str) -> Vec<(Impact, String, String)> {
    let lower = |text: &str| {
        let document = crate::load_str(text).unwrap_or_else(|d| panic!("{d}\n{text}"));
        crate::lower(&document)
            .unwrap_or_else(|d| panic!("{d}\n{text}"))
            .0
    };
    diff(&lower(old), &lower(new))
        .changes
        .into_iter()
        .map(|c| (c.impact, c.at, c.description))
        .collect()
}

/// Asserts exactly one change, of `impact`, whose description contains `words`.
fn one(old: &str, new: &str, impact: Impact, words: &str) {
    let found = changes(old, new);
    assert!(
        matches!(&found[..], [(i, _, d)] if *i == impact && d.contains(words)),
        "expected one {impact} change mentioning {words:?}, got {found:#?}"
    );
}

const NO_PATHS: &str = "  {}";

fn get(params: &str, response: &str) -> String {
    format!(
        "  /things/{{id}}:\n    get:\n      operationId: getThing\n      parameters:\n{params}      \
         responses:\n{response}"
    )
}

const ID: &str = "        - {name: id, in: path, required: true, schema: {type: string}}\n";
const OK: &str = "        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}\n";
const THING: &str = "    Thing: {type: object, properties: {name: {type: string}}}";

#[test]
fn a_required_header_renamed_is_breaking_on_the_wire() {
    let old = document(
        &get(&format!("{ID}        - {{name: X-Trace, in: header, required: true, schema: {{type: string}}}}\n"), OK),
        THING,
    );
    let new = document(
        &get(&format!("{ID}        - {{name: X-Request, in: header, required: true, schema: {{type: string}}}}\n"), OK),
        THING,
    );
    one(
        &old,
        &new,
        Impact::Breaking,
        "positional argument keeps its place",
    );
}

#[test]
fn reordered_required_parameters_change_the_signature() {
    let a = "        - {name: a, in: query, required: true, schema: {type: string}}\n";
    let b = "        - {name: b, in: query, required: true, schema: {type: string}}\n";
    let old = document(&get(&format!("{ID}{a}{b}"), OK), THING);
    let new = document(&get(&format!("{ID}{b}{a}"), OK), THING);
    one(
        &old,
        &new,
        Impact::Breaking,
        "(id, a, b) becomes (id, b, a)",
    );
}

#[test]
fn a_new_path_is_breaking_and_a_new_operation_id_alone_is_not() {
    let old = document(&get(ID, OK), THING);
    let moved = old.replace("/things/{id}:", "/items/{id}:");
    one(
        &old,
        &moved,
        Impact::Breaking,
        "`GET /things/{id}` to `GET /items/{id}`",
    );
    let renamed = old.replace("operationId: getThing", "operationId: GetThing");
    one(&old, &renamed, Impact::Documentation, "operationId changed");
}

#[test]
fn a_tighter_parameter_length_is_breaking() {
    let old = document(&get(ID, OK), THING);
    let new = old.replace(
        "schema: {type: string}}",
        "schema: {type: string, minLength: 3}}",
    );
    one(
        &old,
        &new,
        Impact::Breaking,
        "minimum length raised from 0 to 3",
    );
}

#[test]
fn a_body_for_more_statuses_makes_the_result_optional() {
    let old = document(&get(ID, OK), THING);
    let new = document(
        &get(
            ID,
            &format!("{OK}        '204': {{description: nothing}}\n"),
        ),
        THING,
    );
    let found = changes(&old, &new);
    assert!(
        found.iter().any(|(i, at, d)| *i == Impact::Breaking
            && at == "result"
            && d.contains("from `Thing` to `Option<Thing>`")),
        "{found:#?}"
    );
    assert!(found
        .iter()
        .any(|(i, at, _)| *i == Impact::Documentation && at == "response `204`"));
}

#[test]
fn a_second_success_body_makes_a_result_enum() {
    let other = "        '202': {description: later, content: {application/json: {schema: {type: string}}}}\n";
    let old = document(&get(ID, OK), THING);
    let new = document(&get(ID, &format!("{OK}{other}")), THING);
    let found = changes(&old, &new);
    assert!(
        found
            .iter()
            .any(|(i, _, d)| *i == Impact::Breaking
                && d.contains("from `Thing` to `GetThingResponse`")),
        "{found:#?}"
    );
    let third =
        "        '203': {description: cached, content: {text/plain: {schema: {type: string}}}}\n";
    let newer = document(&get(ID, &format!("{OK}{other}{third}")), THING);
    let found = changes(&new, &newer);
    assert!(
        found
            .iter()
            .any(|(i, at, _)| *i == Impact::Breaking && at == "result variant for `203`"),
        "{found:#?}"
    );
}

#[test]
fn union_variants_have_no_fallback() {
    let union = |variants: &str| {
        format!(
            "    A: {{type: object, properties: {{a: {{type: string}}}}}}\n    \
             B: {{type: object, properties: {{b: {{type: integer}}}}}}\n    \
             C: {{type: object, properties: {{c: {{type: boolean}}}}}}\n    \
             U: {{oneOf: [{variants}]}}"
        )
    };
    let a = "{$ref: '#/components/schemas/A'}";
    let b = "{$ref: '#/components/schemas/B'}";
    let c = "{$ref: '#/components/schemas/C'}";
    let old = document(NO_PATHS, &union(&format!("{a}, {b}")));
    let added = document(NO_PATHS, &union(&format!("{a}, {b}, {c}")));
    one(&old, &added, Impact::Breaking, "must handle it");
    let swapped = document(NO_PATHS, &union(&format!("{b}, {a}")));
    one(
        &old,
        &swapped,
        Impact::Breaking,
        "different order when decoding",
    );
}

#[test]
fn integer_enums_are_open_too() {
    let old = document(NO_PATHS, "    Level: {type: integer, enum: [1, 2]}");
    let added = document(NO_PATHS, "    Level: {type: integer, enum: [1, 2, 3]}");
    one(&old, &added, Impact::Additive, "`Unknown`");
    one(&added, &old, Impact::Breaking, "variant goes away");
}

#[test]
fn presence_rules_follow_the_emitter() {
    let thing = |name: &str, required: &str| {
        format!(
            "    Thing: {{type: object, required: [{required}], properties: {{name: {{{name}}}}}}}"
        )
    };
    let plain = document(NO_PATHS, &thing("type: string", "name"));
    let read_only = document(NO_PATHS, &thing("type: string, readOnly: true", "name"));
    let found = changes(&plain, &read_only);
    assert!(
        matches!(&found[..], [(Impact::Breaking, _, d), (Impact::Documentation, _, n)]
            if d.contains("from `String` to `Option<String>`") && n == "now read-only"),
        "{found:#?}"
    );
    let not_required = document(NO_PATHS, &thing("type: string, readOnly: true", ""));
    one(
        &read_only,
        &not_required,
        Impact::Documentation,
        "no effect on Rust",
    );
}

#[test]
fn kinds_aliases_and_additional_properties() {
    let old = document(NO_PATHS, "    Thing: {type: string, enum: [a]}");
    let new = document(NO_PATHS, THING);
    one(
        &old,
        &new,
        Impact::Breaking,
        "from a string enum to a struct",
    );
    let open = document(
        NO_PATHS,
        "    Thing: {type: object, properties: {name: {type: string}}, additionalProperties: {type: integer}}",
    );
    one(&new, &open, Impact::Additive, "additional_properties");
    one(&open, &new, Impact::Breaking, "goes away");
}

#[test]
fn security_schemes_and_servers() {
    let with = |schemes: &str| {
        format!(
            "{}  securitySchemes:\n{schemes}\n",
            document(NO_PATHS, THING)
        )
    };
    let basic = with("    basic: {type: http, scheme: basic}");
    let both = with(
        "    basic: {type: http, scheme: basic}\n    key: {type: apiKey, in: query, name: key}",
    );
    let found = changes(&basic, &both);
    assert!(
        matches!(&found[..], [(Impact::Additive, _, d), (Impact::Additive, at, e)]
            if d == "added: an API key in query parameter `key`, set with `key`"
                && at == "API token"
                && e == "`token` sets `key` (an API key in query parameter `key`)"),
        "{found:#?}"
    );
    let found = changes(&both, &basic);
    assert!(
        matches!(&found[..], [(Impact::Breaking, _, d), (Impact::Breaking, at, e)]
            if d.contains("no longer accepted")
                && at == "API token"
                && e.contains("`token` goes away")),
        "{found:#?}"
    );
    let header = with(
        "    basic: {type: http, scheme: basic}\n    key: {type: apiKey, in: query, name: key}\n    \
         z: {type: apiKey, in: header, name: X-Key}",
    );
    let found = changes(&both, &header);
    assert!(
        found.iter().any(|(i, at, d)| *i == Impact::Breaking
            && at == "API token"
            && d.contains("`token` sets `z` (an API key in header `X-Key`) instead of `key`")),
        "{found:#?}"
    );

    let old = document(NO_PATHS, THING);
    let mirror = old.replace(
        "servers: [{url: 'https://a.example'}]",
        "servers: [{url: 'https://a.example'}, {url: 'https://b.example'}]",
    );
    one(
        &old,
        &mirror,
        Impact::Documentation,
        "added to the documented servers",
    );
}

#[test]
fn the_error_model_is_part_of_the_api() {
    let errors = |schema: &str| {
        let response = format!(
            "{OK}        '400': {{description: bad, content: {{application/json: {{schema: {{$ref: '#/components/schemas/{schema}'}}}}}}}}\n"
        );
        document(
            &get(ID, &response),
            &format!("{THING}\n    E1: {{type: object, properties: {{m: {{type: string}}}}}}\n    E2: {{type: object, properties: {{n: {{type: integer}}}}}}"),
        )
    };
    let found = changes(&errors("E1"), &errors("E2"));
    assert!(
        found.iter().any(|(i, at, d)| *i == Impact::Breaking
            && at == "error model"
            && d.contains("`E1` to `E2`")),
        "{found:#?}"
    );
    assert!(found
        .iter()
        .any(|(i, at, _)| *i == Impact::Documentation && at == "response `400`"));
}
