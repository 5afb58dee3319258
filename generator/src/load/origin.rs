//! Where each node of a converted document came from in the document the user gave.
//!
//! The front stage turns Swagger 2.0 and OpenAPI 3.1 documents into the OpenAPI 3.0 shape the
//! later stages know, moving nodes on the way (`#/definitions/Pet` becomes
//! `#/components/schemas/Pet`, a body parameter becomes a `requestBody`). Every move is recorded
//! here, so that a diagnostic found later, at a converted location, is reported at the original
//! one.

use std::collections::BTreeMap;

/// A map from pointer prefixes in the converted document to pointers in the original one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// Converted prefix -> original pointer. The longest matching prefix wins.
    moves: BTreeMap<String, String>,
}

impl Origin {
    /// Records that the node at `converted` (and everything below it) came from `original`.
    pub fn record(&mut self, converted: impl Into<String>, original: impl Into<String>) {
        let (converted, original) = (converted.into(), original.into());
        if converted != original {
            self.moves.insert(converted, original);
        }
    }

    /// Whether nothing moved.
    pub fn is_identity(&self) -> bool {
        self.moves.is_empty()
    }

    /// The original pointer of `converted`: the longest recorded prefix that ends at a token
    /// boundary is replaced; a pointer below no recorded move is returned as it is.
    pub fn original(&self, converted: &str) -> String {
        let mut prefix = converted;
        loop {
            if let Some(original) = self.moves.get(prefix) {
                return format!("{original}{}", &converted[prefix.len()..]);
            }
            match prefix.rfind('/') {
                Some(cut) => prefix = &prefix[..cut],
                None => return converted.to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_prefix_at_a_token_boundary_wins() {
        let mut origin = Origin::default();
        origin.record("#/components/schemas/Pet", "#/definitions/Pet");
        origin.record(
            "#/paths/~1pets/get/parameters/0",
            "#/paths/~1pets/parameters/1",
        );
        origin.record(
            "#/paths/~1pets/get/parameters/0/schema",
            "#/paths/~1pets/parameters/1",
        );
        assert_eq!(
            origin.original("#/components/schemas/Pet/properties/id"),
            "#/definitions/Pet/properties/id"
        );
        assert_eq!(
            origin.original("#/components/schemas/Pets"),
            "#/components/schemas/Pets",
            "a prefix ends at a token boundary"
        );
        assert_eq!(
            origin.original("#/paths/~1pets/get/parameters/0/schema/items"),
            "#/paths/~1pets/parameters/1/items"
        );
        assert_eq!(
            origin.original("#/paths/~1pets/get/parameters/0/name"),
            "#/paths/~1pets/parameters/1/name"
        );
        assert_eq!(origin.original("#/info"), "#/info");
    }
}
