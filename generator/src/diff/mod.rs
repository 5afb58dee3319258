//! Semantic comparison of two lowered APIs, classified by the effect on the generated Rust crate.
//!
//! Items are matched by stable identities, never by arena index: operations by `operationId`
//! (then by method and path), parameters by location and wire name, types by Rust name (then by
//! schema origin), fields by wire name, enum values by value, security schemes by name. Types
//! are compared through how the generated code spells them, so a field of type `Pet` is unchanged
//! when `Pet` keeps its name, and the changes inside `Pet` are reported once, under `Pet`.
//!
//! # What counts as what
//!
//! - **Breaking**: code written against the old generated crate may stop compiling (a removed
//!   or renamed item, a changed type, a new positional argument or constructor argument, a field
//!   moving between `T` and `Option<T>`), or it keeps compiling but the request it sends or the
//!   value it receives changes meaning (a renamed query parameter, a new path, a tighter
//!   validation rule, a different default server, credentials now required).
//! - **Additive**: new items that existing code does not see (a new operation, a new optional
//!   parameter in an existing options struct, a new optional field, a new enum value, a new
//!   type), and relaxations (a pattern removed, a longer maximum length).
//! - **Documentation**: only doc comments change (summaries, descriptions, deprecation notes,
//!   documented defaults and responses).
//!
//! Two conventions of the generated crate make additions additive: models and options structs
//! are built with `new`, `Default` and the setters rather than struct literals, and string and
//! integer enums are open (`Unknown(..)`), so matches on them are expected to have a fallback arm.
//! Code that builds a generated struct with a literal, or matches an enum without a fallback,
//! can still fail to compile after an additive change.
//!
//! [`SpecDiff::bump`] turns the worst change into the semver bump of the generated crate; see
//! [`Bump::apply`] for how it is applied to `0.y.z` versions.

mod api;
mod classify;
mod errors;
mod operations;
mod render;
#[cfg(test)]
mod tests;
mod types;

use crate::ir::Api;
use crate::{load_path, lower, Diagnostics};
use serde::Serialize;
use std::fmt;
use std::path::Path;

pub use classify::Bump;

/// How a change affects the generated crate, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Existing code may stop compiling or change behaviour.
    Breaking,
    /// New items or relaxed rules; existing code keeps working.
    Additive,
    /// Only documentation changes.
    Documentation,
}

impl Impact {
    /// Lower-case name, as in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Additive => "additive",
            Impact::Documentation => "documentation",
        }
    }
}

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The item a change belongs to; the report groups changes by it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    /// An operation and its method in the generated crate.
    Operation {
        /// The `operationId` (the new one when it changed).
        operation_id: String,
        /// The method, e.g. `RegistriesApi::registries_get`.
        rust: String,
    },
    /// A model type.
    Type {
        /// The Rust name (the new one when it was renamed).
        name: String,
    },
    /// A security scheme.
    SecurityScheme {
        /// Its name in `components/securitySchemes`.
        name: String,
    },
    /// The `servers` list.
    Servers,
    /// Document-wide facts: `info`, the error model.
    Api,
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Operation { operation_id, rust } => {
                write!(f, "operation `{operation_id}` ({rust})")
            }
            Subject::Type { name } => write!(f, "type `{name}`"),
            Subject::SecurityScheme { name } => write!(f, "security scheme `{name}`"),
            Subject::Servers => f.write_str("servers"),
            Subject::Api => f.write_str("API"),
        }
    }
}

/// One difference between the two documents.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Change {
    /// Its effect on the generated crate.
    pub impact: Impact,
    /// The item it belongs to.
    pub subject: Subject,
    /// The part of the item, e.g. ``query parameter `limit` `` or ``field `name` ``; empty for
    /// the item itself.
    pub at: String,
    /// What changed and what it means for the Rust API.
    pub description: String,
}

/// Every change between two APIs, sorted by impact, item, part and description.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecDiff {
    /// The changes, worst first.
    pub changes: Vec<Change>,
}

impl SpecDiff {
    /// Whether the documents are equivalent.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes have `impact`.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }

    /// The worst impact, if anything changed.
    pub fn worst(&self) -> Option<Impact> {
        self.changes.iter().map(|c| c.impact).min()
    }

    /// The semver bump the changes imply for the generated crate.
    pub fn bump(&self) -> Bump {
        match self.worst() {
            None => Bump::None,
            Some(Impact::Breaking) => Bump::Major,
            Some(Impact::Additive) => Bump::Minor,
            Some(Impact::Documentation) => Bump::Patch,
        }
    }

    /// The report as text: changes grouped by impact and item, then a summary line.
    pub fn to_text(&self) -> String {
        render::text(self)
    }

    /// The report as pretty-printed JSON: `bump`, `summary` counts and `changes`.
    pub fn to_json(&self) -> String {
        render::json(self)
    }
}

/// Compares two lowered APIs.
pub fn diff(old: &Api, new: &Api) -> SpecDiff {
    let mut changes = Changes::default();
    let matching = types::Matching::new(&old.types, &new.types);
    let sides = classify::Sides::new(&old.types, &new.types, matching.renames());
    api::compare(old, new, &sides, &mut changes);
    operations::compare(old, new, &sides, &mut changes);
    types::compare(&matching, &sides, &mut changes);
    let mut changes = changes.0;
    changes.sort();
    changes.dedup();
    SpecDiff { changes }
}

/// Loads and lowers two documents and compares them; diagnostics name the failing file.
pub fn diff_paths(old: &Path, new: &Path) -> Result<SpecDiff, Diagnostics> {
    let old = lower_path(old)?;
    let new = lower_path(new)?;
    Ok(diff(&old, &new))
}

/// Loads and lowers the document at `path`.
fn lower_path(path: &Path) -> Result<Api, Diagnostics> {
    let document = load_path(path)?;
    lower(&document).map(|(api, _)| api).map_err(|mut diags| {
        diags.set_source(path.display().to_string());
        diags
    })
}

/// Collects changes while the comparisons run.
#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    /// Records a change.
    fn push(&mut self, impact: Impact, subject: &Subject, at: &str, description: String) {
        self.0.push(Change {
            impact,
            subject: subject.clone(),
            at: at.to_string(),
            description,
        });
    }
}
