//! The rules shared by the comparisons: how the generated code spells a type, how presence wraps
//! a field, which constraint changes tighten or relax validation, documentation changes, and the
//! semver bump.

use super::{Changes, Impact, Subject};
use crate::ir::{Bound, Constraints, Docs, Field, TypeArena, TypeRef};
use crate::spelling::{RustType, Spelling};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Both sides of the comparison, for spelling their types in one vocabulary.
pub struct Sides<'a> {
    /// The earlier API's types.
    pub old: &'a TypeArena,
    /// The new API's types.
    pub new: &'a TypeArena,
    /// Renamed types: old name to new name.
    renames: BTreeMap<String, String>,
}

impl<'a> Sides<'a> {
    /// Both arenas; `renames` maps old type names to new ones.
    pub fn new(old: &'a TypeArena, new: &'a TypeArena, renames: BTreeMap<String, String>) -> Self {
        Sides { old, new, renames }
    }

    /// An old type reference, spelled with the new names of renamed types: a type used by a
    /// field is not reported as changed because its type was renamed (the rename is reported
    /// once, under the type).
    pub fn old_ty(&self, ty: &TypeRef) -> String {
        self.old_type(ty).to_string()
    }

    /// A new type reference.
    pub fn new_ty(&self, ty: &TypeRef) -> String {
        self.new_type(ty).to_string()
    }

    /// How a new required parameter of type `ty` is declared as a positional argument, by the
    /// rule the emitter declares it with.
    pub fn new_arg(&self, ty: &TypeRef) -> String {
        RustType::argument(self.new_type(self.new.argument(ty))).to_string()
    }

    /// The full Rust type of an old field.
    pub fn old_field(&self, field: &Field) -> String {
        RustType::field(field, self.old_type(&field.ty)).to_string()
    }

    /// The full Rust type of a new field.
    pub fn new_field(&self, field: &Field) -> String {
        RustType::field(field, self.new_type(&field.ty)).to_string()
    }

    fn old_type(&self, ty: &TypeRef) -> RustType {
        rust_type(ty, self.old, &self.renames)
    }

    fn new_type(&self, ty: &TypeRef) -> RustType {
        rust_type(ty, self.new, &BTreeMap::new())
    }
}

/// The Rust spelling of `ty` in the generated crate, with named types by their name (or the
/// name `renames` gives them).
///
/// Two references denote the same Rust type exactly when their spellings are equal, whatever
/// arena ids they have.
pub fn spell(ty: &TypeRef, arena: &TypeArena, renames: &BTreeMap<String, String>) -> String {
    rust_type(ty, arena, renames).to_string()
}

fn rust_type(ty: &TypeRef, arena: &TypeArena, renames: &BTreeMap<String, String>) -> RustType {
    let name = |id: crate::ir::TypeId| match arena.defs.get(id.0) {
        Some(def) => renames.get(&def.name).unwrap_or(&def.name).clone(),
        None => format!("<type #{}>", id.0),
    };
    RustType::named_by(ty, &name, Spelling::Bare)
}

pub use crate::ir::Presence;

/// Changes of client-side validation rules: tighter rules are breaking (a value that was sent
/// before is now rejected with an error), looser ones additive.
pub fn constraints(old: &Constraints, new: &Constraints) -> Vec<(Impact, String)> {
    let mut out = Vec::new();
    match (&old.pattern, &new.pattern) {
        (None, Some(pattern)) => out.push((
            Impact::Breaking,
            format!(
                "pattern `{pattern}` added: values that do not match are rejected before sending"
            ),
        )),
        (Some(pattern), None) => {
            out.push((Impact::Additive, format!("pattern `{pattern}` removed")))
        }
        (Some(a), Some(b)) if a != b => out.push((
            Impact::Breaking,
            format!("pattern changed from `{a}` to `{b}`: values accepted before may be rejected"),
        )),
        _ => {}
    }
    let length = Limit {
        what: "length",
        below: "shorter values",
        above: "longer values",
    };
    let items = Limit {
        what: "number of items",
        below: "arrays with fewer items",
        above: "arrays with more items",
    };
    counts(old.min_length, new.min_length, &length, true, &mut out);
    counts(old.max_length, new.max_length, &length, false, &mut out);
    counts(old.min_items, new.min_items, &items, true, &mut out);
    counts(old.max_items, new.max_items, &items, false, &mut out);
    bound(
        old.minimum.as_ref(),
        new.minimum.as_ref(),
        "minimum",
        true,
        &mut out,
    );
    bound(
        old.maximum.as_ref(),
        new.maximum.as_ref(),
        "maximum",
        false,
        &mut out,
    );
    if let (Some(a), Some(b)) = (&old.items, &new.items) {
        for (impact, change) in constraints(a, b) {
            out.push((impact, format!("items: {change}")));
        }
    } else if let Some(items) = &new.items {
        for (impact, change) in constraints(&Constraints::default(), items) {
            out.push((impact, format!("items: {change}")));
        }
    } else if let Some(items) = &old.items {
        for (impact, change) in constraints(items, &Constraints::default()) {
            out.push((impact, format!("items: {change}")));
        }
    }
    out
}

/// Records documentation changes of one item (summary and description).
pub fn docs(old: &Docs, new: &Docs, subject: &Subject, at: &str, out: &mut Changes) {
    text(
        old.summary.as_deref(),
        new.summary.as_deref(),
        "summary",
        subject,
        at,
        out,
    );
    text(
        old.description.as_deref(),
        new.description.as_deref(),
        "description",
        subject,
        at,
        out,
    );
}

/// Records a change of one piece of documentation text, if it changed.
pub fn text(
    old: Option<&str>,
    new: Option<&str>,
    what: &str,
    subject: &Subject,
    at: &str,
    out: &mut Changes,
) {
    let normalise = |text: Option<&str>| {
        text.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty())
    };
    let description = match (normalise(old), normalise(new)) {
        (None, Some(_)) => format!("{what} added"),
        (Some(_), None) => format!("{what} removed"),
        (Some(a), Some(b)) if a != b => format!("{what} changed"),
        _ => return,
    };
    out.push(Impact::Documentation, subject, at, description);
}

/// Records a change of a `deprecated` flag (it only shows in the documentation).
pub fn deprecation(old: bool, new: bool, subject: &Subject, at: &str, out: &mut Changes) {
    let description = match (old, new) {
        (false, true) => "deprecated",
        (true, false) => "no longer deprecated",
        _ => return,
    };
    out.push(Impact::Documentation, subject, at, description.to_string());
}

/// A semver bump of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Documentation only.
    Patch,
    /// Additions.
    Minor,
    /// Breaking changes.
    Major,
}

impl Bump {
    /// Lower-case name, as in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The version after this bump, following Cargo's compatibility rules: for `x.y.z` with
    /// `x >= 1` a major bump raises `x`, a minor bump `y`, a patch bump `z`. Before 1.0 the
    /// leftmost non-zero part is the one Cargo treats as major, so on `0.y.z` a breaking change
    /// raises `y` and everything else raises `z`, and on `0.0.z` every change raises `z`.
    /// Pre-release and build suffixes are dropped.
    pub fn apply(self, version: &str) -> Result<String, String> {
        let core = version.split(['-', '+']).next().unwrap_or_default().trim();
        let parts: Vec<u64> = core
            .split('.')
            .map(|p| p.parse::<u64>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("`{version}` is not a semver version (x.y.z)"))?;
        let [major, minor, patch] = parts[..] else {
            return Err(format!("`{version}` is not a semver version (x.y.z)"));
        };
        let next = match (self, major, minor) {
            (Bump::None, ..) => return Ok(version.to_string()),
            (Bump::Major, 0, 0) | (Bump::Minor | Bump::Patch, 0, _) | (Bump::Patch, ..) => {
                (major, minor, patch.saturating_add(1))
            }
            (Bump::Major, 0, _) | (Bump::Minor, ..) => (major, minor.saturating_add(1), 0),
            (Bump::Major, ..) => (major.saturating_add(1), 0, 0),
        };
        Ok(format!("{}.{}.{}", next.0, next.1, next.2))
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a length or count limit measures, and what a tighter one rejects.
struct Limit {
    what: &'static str,
    below: &'static str,
    above: &'static str,
}

/// A change of a length or count limit: `lower` for a minimum (none is 0), else a maximum
/// (none is unlimited).
fn counts(
    old: Option<usize>,
    new: Option<usize>,
    limit: &Limit,
    lower: bool,
    out: &mut Vec<(Impact, String)>,
) {
    let shown = |limit: Option<usize>| limit.map_or("none".to_string(), |n| n.to_string());
    let (a, b) = if lower {
        (old.unwrap_or(0), new.unwrap_or(0))
    } else {
        (old.unwrap_or(usize::MAX), new.unwrap_or(usize::MAX))
    };
    if a == b {
        return;
    }
    let tighter = if lower { b > a } else { b < a };
    let (verb, impact) = match (tighter, lower) {
        (true, true) | (false, false) => ("raised", tighter),
        (true, false) | (false, true) => ("lowered", tighter),
    };
    let (from, to) = if lower {
        (a.to_string(), b.to_string())
    } else {
        (shown(old), shown(new))
    };
    let end = if lower { "minimum" } else { "maximum" };
    let what = limit.what;
    let change = format!("{end} {what} {verb} from {from} to {to}");
    out.push(if impact {
        let rejected = if lower { limit.below } else { limit.above };
        (
            Impact::Breaking,
            format!("{change}: {rejected} are rejected before sending"),
        )
    } else {
        (Impact::Additive, change)
    });
}

/// A change of a number's bound; `lower` for the minimum.
fn bound(
    old: Option<&Bound>,
    new: Option<&Bound>,
    what: &str,
    lower: bool,
    out: &mut Vec<(Impact, String)>,
) {
    let shown = |b: Option<&Bound>| match b {
        Some(b) if b.exclusive => format!("{} (exclusive)", b.value),
        Some(b) => b.value.clone(),
        None => "none".into(),
    };
    // Compared as the set of accepted values: a larger minimum or an exclusive one is tighter.
    let key = |b: Option<&Bound>| {
        b.map(|b| {
            let nudge = if b.exclusive { 0.5 } else { 0.0 };
            if lower {
                (b.number(), nudge)
            } else {
                (-b.number(), nudge)
            }
        })
    };
    let (a, b) = (key(old), key(new));
    if a == b {
        return;
    }
    let tighter = match (a, b) {
        (None, Some(_)) => true,
        (Some(_), None) => false,
        (Some(a), Some(b)) => b > a,
        (None, None) => return,
    };
    let impact = if tighter {
        Impact::Breaking
    } else {
        Impact::Additive
    };
    let note = if tighter {
        ": values outside it are rejected before sending"
    } else {
        ""
    };
    out.push((
        impact,
        format!("{what} changed from {} to {}{note}", shown(old), shown(new)),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_follow_cargo_compatibility() {
        assert_eq!(Bump::Major.apply("1.4.2").unwrap(), "2.0.0");
        assert_eq!(Bump::Minor.apply("1.4.2").unwrap(), "1.5.0");
        assert_eq!(Bump::Patch.apply("1.4.2").unwrap(), "1.4.3");
        assert_eq!(Bump::None.apply("1.4.2").unwrap(), "1.4.2");
        assert_eq!(Bump::Major.apply("0.3.1").unwrap(), "0.4.0");
        assert_eq!(Bump::Minor.apply("0.3.1").unwrap(), "0.3.2");
        assert_eq!(Bump::Patch.apply("0.3.1").unwrap(), "0.3.2");
        assert_eq!(Bump::Major.apply("0.0.7").unwrap(), "0.0.8");
        assert_eq!(Bump::Minor.apply("2.0.0-beta.1").unwrap(), "2.1.0");
        assert!(Bump::Major.apply("1.0").is_err());
        assert!(Bump::Major.apply("one").is_err());
        assert!(Bump::Major.apply("").is_err());
    }

    #[test]
    fn tighter_constraints_are_breaking_looser_ones_additive() {
        let none = Constraints::default();
        let strict = Constraints {
            pattern: Some("^[a-z]+$".into()),
            min_length: Some(3),
            max_length: Some(10),
            ..Constraints::default()
        };
        let tightened = constraints(&none, &strict);
        assert_eq!(tightened.len(), 3);
        assert!(tightened.iter().all(|(i, _)| *i == Impact::Breaking));
        let relaxed = constraints(&strict, &none);
        assert_eq!(relaxed.len(), 3);
        assert!(relaxed.iter().all(|(i, _)| *i == Impact::Additive));
        assert!(constraints(&strict, &strict).is_empty());
    }
}
