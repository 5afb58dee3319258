//! Stage 2: `$ref` lookup inside `#/components`, with JSON-pointer locations and cycle detection.

use crate::diagnostics::{escape_token, Diagnostic};
use indexmap::IndexMap;
use openapiv3::{
    Components, Header, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema,
};

/// Longest chain of references to references that is followed before giving up.
const MAX_CHAIN: usize = 64;

/// A `$ref`-following view of a document's components.
#[derive(Clone, Copy)]
pub struct Resolver<'a> {
    components: Option<&'a Components>,
}

/// Something found through zero or more references, with the pointer of where it really lives.
#[derive(Debug, Clone, Copy)]
pub struct Resolved<'a, T> {
    /// The item itself.
    pub item: &'a T,
    /// JSON pointer of the item's definition.
    pub pointer: &'a str,
    /// The component name, when reached through a reference.
    pub component: Option<&'a str>,
}

/// The component sections a reference may point into.
pub trait Section: Sized {
    /// The section's name under `#/components`.
    const NAME: &'static str;
    /// The section's entries.
    fn map(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! section {
    ($ty:ty, $name:literal, $field:ident) => {
        impl Section for $ty {
            const NAME: &'static str = $name;
            fn map(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
        }
    };
}

section!(Schema, "schemas", schemas);
section!(Parameter, "parameters", parameters);
section!(Response, "responses", responses);
section!(RequestBody, "requestBodies", request_bodies);
section!(Header, "headers", headers);

impl<'a> Resolver<'a> {
    /// A resolver for `api`'s components.
    pub fn new(api: &'a OpenAPI) -> Self {
        Resolver {
            components: api.components.as_ref(),
        }
    }

    /// Follows `item` through references to a schema.
    pub fn schema(
        &self,
        item: &'a ReferenceOr<Schema>,
        at: &'a str,
    ) -> Result<Resolved<'a, Schema>, Diagnostic> {
        self.follow(item, at)
    }

    /// Follows a boxed schema reference (as used inside object properties and array items).
    pub fn boxed_schema(
        &self,
        item: &'a ReferenceOr<Box<Schema>>,
        at: &'a str,
    ) -> Result<Resolved<'a, Schema>, Diagnostic> {
        match item {
            ReferenceOr::Item(schema) => Ok(Resolved {
                item: schema,
                pointer: at,
                component: None,
            }),
            ReferenceOr::Reference { reference } => self.lookup::<Schema>(reference, at, 0),
        }
    }

    /// Follows `item` through references to a parameter.
    pub fn parameter(
        &self,
        item: &'a ReferenceOr<Parameter>,
        at: &'a str,
    ) -> Result<Resolved<'a, Parameter>, Diagnostic> {
        self.follow(item, at)
    }

    /// Follows `item` through references to a response.
    pub fn response(
        &self,
        item: &'a ReferenceOr<Response>,
        at: &'a str,
    ) -> Result<Resolved<'a, Response>, Diagnostic> {
        self.follow(item, at)
    }

    /// Follows `item` through references to a request body.
    pub fn request_body(
        &self,
        item: &'a ReferenceOr<RequestBody>,
        at: &'a str,
    ) -> Result<Resolved<'a, RequestBody>, Diagnostic> {
        self.follow(item, at)
    }

    /// Follows `item` through references to a header.
    pub fn header(
        &self,
        item: &'a ReferenceOr<Header>,
        at: &'a str,
    ) -> Result<Resolved<'a, Header>, Diagnostic> {
        self.follow(item, at)
    }

    fn follow<T: Section>(
        &self,
        item: &'a ReferenceOr<T>,
        at: &'a str,
    ) -> Result<Resolved<'a, T>, Diagnostic> {
        match item {
            ReferenceOr::Item(item) => Ok(Resolved {
                item,
                pointer: at,
                component: None,
            }),
            ReferenceOr::Reference { reference } => self.lookup::<T>(reference, at, 0),
        }
    }

    /// Follows `reference` into the component section of `T`, however the reference was typed.
    pub fn lookup<T: Section>(
        &self,
        reference: &'a str,
        at: &str,
        depth: usize,
    ) -> Result<Resolved<'a, T>, Diagnostic> {
        let name = component_name(reference, T::NAME).map_err(|message| {
            Diagnostic::error(at, message).with_hint(format!(
                "only local references of the form `#/components/{}/Name` are supported",
                T::NAME
            ))
        })?;
        let entry = self
            .components
            .and_then(|c| T::map(c).get_full(name))
            .ok_or_else(|| {
                let message = format!("`$ref: {reference}` points to nothing in this document");
                // A schema that is not there has one safe reading, any JSON value, which the
                // caller chooses; a missing parameter, response or body leaves a hole.
                if T::NAME == "schemas" {
                    Diagnostic::warning(at, message)
                } else {
                    Diagnostic::error(at, message)
                }
                .with_hint(format!("define `{name}` under `components/{}`", T::NAME))
            })?;
        let (_, key, value) = entry;
        match value {
            ReferenceOr::Item(item) => Ok(Resolved {
                item,
                pointer: reference,
                component: Some(key.as_str()),
            }),
            ReferenceOr::Reference { reference: next } => {
                if depth >= MAX_CHAIN || next == reference {
                    return Err(Diagnostic::error(
                        at,
                        format!("`$ref: {reference}` is part of a reference cycle"),
                    )
                    .with_hint("make one of the components a real definition"));
                }
                let resolved = self.lookup::<T>(next, reference, depth + 1)?;
                Ok(resolved)
            }
        }
    }
}

/// Extracts `Name` from `#/components/<section>/Name`, unescaping the pointer token.
pub fn component_name<'r>(reference: &'r str, section: &str) -> Result<&'r str, String> {
    let Some(rest) = reference.strip_prefix("#/components/") else {
        return Err(if reference.starts_with('#') {
            format!("`$ref: {reference}` does not point into `#/components`")
        } else {
            format!("external `$ref: {reference}` is not supported")
        });
    };
    match rest.split_once('/') {
        Some((found, name)) if found == section && !name.is_empty() && !name.contains('/') => {
            if name.contains('~') {
                Err(format!(
                    "`$ref: {reference}` uses escaped pointer characters, which are not supported"
                ))
            } else {
                Ok(name)
            }
        }
        Some((found, _)) if found != section => Err(format!(
            "`$ref: {reference}` points into `components/{found}` where a `{section}` entry is expected"
        )),
        _ => Err(format!("`$ref: {reference}` is not a valid component reference")),
    }
}

/// Pointer of a component, e.g. `#/components/schemas/Name`.
pub fn component_pointer(section: &str, name: &str) -> String {
    format!("#/components/{section}/{}", escape_token(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_names_are_checked() {
        assert_eq!(
            component_name("#/components/schemas/Day", "schemas"),
            Ok("Day")
        );
        assert!(component_name("other.yaml#/Day", "schemas")
            .unwrap_err()
            .contains("external"));
        assert!(component_name("#/components/parameters/Day", "schemas")
            .unwrap_err()
            .contains("components/parameters"));
        assert!(component_name("#/definitions/Day", "schemas").is_err());
    }

    #[test]
    fn reference_cycles_are_reported() {
        let api: OpenAPI = serde_yaml::from_str(
            "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
        )
        .expect("parses");
        let resolver = Resolver::new(&api);
        let start = ReferenceOr::Reference {
            reference: "#/components/schemas/A".to_string(),
        };
        let err = resolver.schema(&start, "#/x").unwrap_err();
        assert!(err.message.contains("cycle"), "{}", err.message);
    }

    #[test]
    fn dangling_references_are_located() {
        let api: OpenAPI =
            serde_yaml::from_str("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
                .expect("parses");
        let missing = ReferenceOr::Reference {
            reference: "#/components/schemas/Nope".to_string(),
        };
        let err = Resolver::new(&api)
            .schema(&missing, "#/paths/~1a")
            .unwrap_err();
        assert_eq!(err.pointer, "#/paths/~1a");
        assert!(err.message.contains("points to nothing"));
    }
}
