//! Unstructured inputs: arbitrary bytes, and text assembled from YAML/JSON tokens behind a valid
//! OpenAPI header so that it gets past the version check; YAML's own tricks (anchors and alias
//! bombs, tags, merge keys, non-string keys, odd scalars) are among the tokens.

use proptest::prelude::*;

use crate::harness::Input;
use crate::values::name;

/// Arbitrary bytes, read as a file (so invalid UTF-8 is exercised), or arbitrary text.
pub fn arbitrary() -> impl Strategy<Value = Input> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2048).prop_map(Input::Bytes),
        any::<String>().prop_map(Input::Text),
        // Arbitrary bytes after a valid header reach the parser's later states.
        prop::collection::vec(any::<u8>(), 0..1024).prop_map(|tail| {
            let mut bytes = HEADER.as_bytes().to_vec();
            bytes.extend(tail);
            Input::Bytes(bytes)
        }),
    ]
}

const HEADER: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

/// A valid header followed by a soup of YAML and JSON tokens and hostile names.
pub fn token_soup() -> impl Strategy<Value = Input> {
    let token = prop_oneof![
        8 => prop::sample::select(TOKENS).prop_map(str::to_owned),
        2 => name(),
        1 => prop::sample::select(INDENTS).prop_map(str::to_owned),
    ];
    (prop::collection::vec(token, 0..120), any::<bool>()).prop_map(|(tokens, header)| {
        let body = tokens.concat();
        Input::Text(if header {
            format!("{HEADER}{body}")
        } else {
            body
        })
    })
}

const INDENTS: &[&str] = &[
    "\n", "\n  ", "\n    ", "\n      ", "\n- ", "\n  - ", "\t", " ",
];

const TOKENS: &[&str] = &[
    "paths:",
    "components:",
    "schemas:",
    "parameters:",
    "responses:",
    "requestBodies:",
    "securitySchemes:",
    "/a:",
    "/a/{id}:",
    "'/{x}/{x}':",
    "get:",
    "post:",
    "patch:",
    "operationId: op",
    "operationId: ''",
    "tags: [T]",
    "parameters:",
    "name: id",
    "in: path",
    "in: query",
    "in: header",
    "in: cookie",
    "required: true",
    "schema:",
    "type: object",
    "type: array",
    "type: string",
    "type: integer",
    "format: uuid",
    "format: date-time",
    "nullable: true",
    "enum: [a, b, A, a]",
    "items:",
    "properties:",
    "additionalProperties:",
    "allOf:",
    "oneOf:",
    "anyOf:",
    "not:",
    "discriminator: {propertyName: kind}",
    "$ref: '#/components/schemas/A'",
    "$ref: '#/components/schemas/B'",
    "$ref: '#'",
    "$ref: ''",
    "A:",
    "B:",
    "'200':",
    "default:",
    "2XX:",
    "description: d",
    "content:",
    "application/json:",
    "text/plain:",
    "requestBody:",
    "security: []",
    "x-ext: 1",
    "{",
    "}",
    "[",
    "]",
    ",",
    ": ",
    "- ",
    "? ",
    "\"",
    "'",
    "|",
    ">",
    "# comment",
    "~",
    "null",
    "true",
    "1e999",
    "-0",
    "0x1F",
    ".nan",
    ".inf",
    "&a ",
    "*a",
    "<<: *a",
    "!!binary ",
    "!tag ",
    "!!str ",
    "!!map ",
    "---",
    "...",
    "%YAML 1.2\n",
    "&b [*a, *a, *a, *a, *a, *a, *a, *a]",
    "{[1]: 2}",
    "? [complex]\n: key",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "'''",
    "\u{feff}",
];

/// Inputs that try to exhaust memory or stack: alias bombs, huge documents and scalars, very
/// deep nesting in flow and block style.
pub fn resource_bombs() -> impl Strategy<Value = Input> {
    prop_oneof![
        (2usize..10, 2usize..12).prop_map(|(levels, width)| Input::Text(alias_bomb(levels, width))),
        (1usize..5_000).prop_map(|depth| Input::Text(format!(
            "{HEADER}paths: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ))),
        (1usize..1_000).prop_map(|depth| {
            let mut text = format!("{HEADER}components:\n  schemas:\n    A:\n");
            for level in 0..depth {
                let pad = "  ".repeat(level + 3);
                text.push_str(&format!("{pad}type: array\n{pad}items:\n"));
            }
            text.push_str(&format!("{}type: string\n", "  ".repeat(depth + 3)));
            Input::Text(text)
        }),
        (1usize..(1 << 20)).prop_map(|len| Input::Text(format!(
            "{HEADER}paths: {{}}\nx-big: '{}'\n",
            "x".repeat(len)
        ))),
        (1usize..2_000).prop_map(|n| {
            let mut text = format!("{HEADER}paths:\n");
            for i in 0..n {
                text.push_str(&format!(
                    "  /p{i}:\n    get:\n      responses:\n        '200':\n          description: d\n"
                ));
            }
            Input::Text(text)
        }),
    ]
}

/// Each level of anchors refers `width` times to the previous one ("billion laughs").
pub fn alias_bomb(levels: usize, width: usize) -> String {
    let mut text = format!("{HEADER}paths: {{}}\nx-bomb:\n  l0: &l0 [lol]\n");
    for level in 1..=levels {
        let refs = vec![format!("*l{}", level - 1); width].join(", ");
        text.push_str(&format!("  l{level}: &l{level} [{refs}]\n"));
    }
    text
}
