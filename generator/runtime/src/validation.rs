//! Client-side checks of the document's constraints (`pattern`, `minLength`, `maxLength`,
//! `minItems`, `maxItems`, `minimum`, `maximum`), run before a request is sent, and the
//! [`Validate`] trait generated models implement. A violation is an [`InvalidArgument`], which
//! `?` turns into [`Error::InvalidArgument`](crate::Error::InvalidArgument).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::OnceLock;

use regex::Regex;

pub use crate::error::InvalidArgument;

/// A `pattern` of the document, compiled the first time it is checked. Generated code keeps
/// one in a `static` per pattern, so checking needs no lock and no lookup.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    /// The ECMA-262 style pattern `source` (unanchored, as in JSON Schema), not yet compiled.
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The compiled pattern; `None` when the `regex` crate cannot compile it (look-around,
    /// back-references), which is logged once.
    fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| match Regex::new(self.source) {
                Ok(regex) => Some(regex),
                Err(error) => {
                    let pattern = self.source;
                    tracing::warn!(pattern, %error, "unsupported pattern, not checked");
                    None
                }
            })
            .as_ref()
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// Where a checked value sits in the arguments of a call (`body.items[2].name`), built on the
/// stack while validation descends and turned into text only when a check fails: validation
/// that passes allocates nothing.
#[derive(Clone, Copy)]
pub enum Path<'a> {
    /// A parameter or the body: `body`, `repositoryName`.
    Root(&'a str),
    /// A property of a value: `<parent>.<name>`.
    Field(&'a Path<'a>, &'a str),
    /// An item of an array: `<parent>[<index>]`.
    Index(&'a Path<'a>, usize),
    /// A value of a map: `<parent>.<key>`.
    Key(&'a Path<'a>, &'a dyn fmt::Display),
}

impl<'a> Path<'a> {
    /// The path of property `name` of the value at this path.
    pub fn field(&'a self, name: &'a str) -> Path<'a> {
        Path::Field(self, name)
    }

    /// The path of item `index` of the array at this path.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root(name) => f.write_str(name),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
        }
    }
}

impl fmt::Debug for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Path({self})")
    }
}

/// Checks `value` against `pattern`. A pattern the `regex` crate cannot compile is skipped,
/// leaving the check to the server.
pub fn check_pattern(
    name: &Path<'_>,
    value: &str,
    pattern: &Pattern,
) -> Result<(), InvalidArgument> {
    match pattern.regex() {
        Some(regex) if !regex.is_match(value) => Err(InvalidArgument::new(
            name.to_string(),
            format!("does not match the pattern `{}`", pattern.source),
        )),
        _ => Ok(()),
    }
}

/// Checks that `value` has at least `min` characters (Unicode scalar values).
pub fn check_min_length(name: &Path<'_>, value: &str, min: usize) -> Result<(), InvalidArgument> {
    let length = value.chars().count();
    if length < min {
        return Err(InvalidArgument::new(
            name.to_string(),
            format!("must have at least {min} characters, but has {length}"),
        ));
    }
    Ok(())
}

/// Checks that `value` has at most `max` characters (Unicode scalar values).
pub fn check_max_length(name: &Path<'_>, value: &str, max: usize) -> Result<(), InvalidArgument> {
    let length = value.chars().count();
    if length > max {
        return Err(InvalidArgument::new(
            name.to_string(),
            format!("must have at most {max} characters, but has {length}"),
        ));
    }
    Ok(())
}

/// Checks that an array has at least `min` items.
pub fn check_min_items<T>(name: &Path<'_>, items: &[T], min: usize) -> Result<(), InvalidArgument> {
    if items.len() < min {
        return Err(InvalidArgument::new(
            name.to_string(),
            format!("must have at least {min} items, but has {}", items.len()),
        ));
    }
    Ok(())
}

/// Checks that an array has at most `max` items.
pub fn check_max_items<T>(name: &Path<'_>, items: &[T], max: usize) -> Result<(), InvalidArgument> {
    if items.len() > max {
        return Err(InvalidArgument::new(
            name.to_string(),
            format!("must have at most {max} items, but has {}", items.len()),
        ));
    }
    Ok(())
}

/// Checks `value >= min` (or `value > min` when `exclusive`).
pub fn check_minimum<T>(
    name: &Path<'_>,
    value: &T,
    min: T,
    exclusive: bool,
) -> Result<(), InvalidArgument>
where
    T: PartialOrd + fmt::Display + Copy,
{
    let value = *value;
    let ok = if exclusive { value > min } else { value >= min };
    if !ok {
        let bound = if exclusive {
            "greater than"
        } else {
            "at least"
        };
        return Err(InvalidArgument::new(
            name.to_string(),
            format!("must be {bound} {min}, but is {value}"),
        ));
    }
    Ok(())
}

/// Checks `value <= max` (or `value < max` when `exclusive`).
pub fn check_maximum<T>(
    name: &Path<'_>,
    value: &T,
    max: T,
    exclusive: bool,
) -> Result<(), InvalidArgument>
where
    T: PartialOrd + fmt::Display + Copy,
{
    let value = *value;
    let ok = if exclusive { value < max } else { value <= max };
    if !ok {
        let bound = if exclusive { "less than" } else { "at most" };
        return Err(InvalidArgument::new(
            name.to_string(),
            format!("must be {bound} {max}, but is {value}"),
        ));
    }
    Ok(())
}

/// The constraints of a string: a `pattern`, compiled the first time it is checked, and
/// lengths in characters. Generated code keeps one in a `static` per constrained value.
#[derive(Debug)]
pub struct Text {
    pattern: Option<Pattern>,
    min_length: Option<usize>,
    max_length: Option<usize>,
}

impl Text {
    /// A pattern (unanchored, as in JSON Schema) and the fewest and most characters.
    pub const fn new(
        pattern: Option<&'static str>,
        min_length: Option<usize>,
        max_length: Option<usize>,
    ) -> Self {
        Self {
            pattern: match pattern {
                Some(source) => Some(Pattern::new(source)),
                None => None,
            },
            min_length,
            max_length,
        }
    }

    /// Checks `value`, named `path` in the error.
    pub fn check(&self, path: &Path<'_>, value: &str) -> Result<(), InvalidArgument> {
        if let Some(pattern) = &self.pattern {
            check_pattern(path, value, pattern)?;
        }
        if let Some(min) = self.min_length {
            check_min_length(path, value, min)?;
        }
        if let Some(max) = self.max_length {
            check_max_length(path, value, max)?;
        }
        Ok(())
    }

    /// Checks every item of `values`, named `path[index]` in the error.
    pub fn check_each<S: AsRef<str>>(
        &self,
        path: &Path<'_>,
        values: &[S],
    ) -> Result<(), InvalidArgument> {
        values
            .iter()
            .enumerate()
            .try_for_each(|(index, value)| self.check(&path.index(index), value.as_ref()))
    }
}

/// The bounds of a number: each the value and whether it is exclusive.
#[derive(Debug, Clone, Copy)]
pub struct Bounds<T> {
    minimum: Option<(T, bool)>,
    maximum: Option<(T, bool)>,
}

impl<T: PartialOrd + fmt::Display + Copy> Bounds<T> {
    /// `minimum` and `maximum`, each with whether it is exclusive.
    pub const fn new(minimum: Option<(T, bool)>, maximum: Option<(T, bool)>) -> Self {
        Self { minimum, maximum }
    }

    /// Checks `value`, named `path` in the error.
    pub fn check(&self, path: &Path<'_>, value: &T) -> Result<(), InvalidArgument> {
        if let Some((min, exclusive)) = self.minimum {
            check_minimum(path, value, min, exclusive)?;
        }
        if let Some((max, exclusive)) = self.maximum {
            check_maximum(path, value, max, exclusive)?;
        }
        Ok(())
    }

    /// Checks every item of `values`, named `path[index]` in the error.
    pub fn check_each(&self, path: &Path<'_>, values: &[T]) -> Result<(), InvalidArgument> {
        values
            .iter()
            .enumerate()
            .try_for_each(|(index, value)| self.check(&path.index(index), value))
    }
}

/// How many items an array may have.
#[derive(Debug, Clone, Copy)]
pub struct Count {
    min: Option<usize>,
    max: Option<usize>,
}

impl Count {
    /// The fewest and most items.
    pub const fn new(min: Option<usize>, max: Option<usize>) -> Self {
        Self { min, max }
    }

    /// Checks the number of `items`, named `path` in the error.
    pub fn check<T>(&self, path: &Path<'_>, items: &[T]) -> Result<(), InvalidArgument> {
        if let Some(min) = self.min {
            check_min_items(path, items, min)?;
        }
        if let Some(max) = self.max {
            check_max_items(path, items, max)?;
        }
        Ok(())
    }
}

/// Implemented by generated models that carry constraints, and by containers of them.
pub trait Validate {
    /// Checks the constraints; `path` names this value in errors, e.g. `body.properties.name`.
    fn validate(&self, path: &Path<'_>) -> Result<(), InvalidArgument>;
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, path: &Path<'_>) -> Result<(), InvalidArgument> {
        (**self).validate(path)
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, path: &Path<'_>) -> Result<(), InvalidArgument> {
        self.as_ref().map_or(Ok(()), |value| value.validate(path))
    }
}

impl<T: Validate> Validate for [T] {
    fn validate(&self, path: &Path<'_>) -> Result<(), InvalidArgument> {
        self.iter()
            .enumerate()
            .try_for_each(|(i, item)| item.validate(&path.index(i)))
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, path: &Path<'_>) -> Result<(), InvalidArgument> {
        self.as_slice().validate(path)
    }
}

impl<K: fmt::Display, T: Validate, S> Validate for HashMap<K, T, S> {
    fn validate(&self, path: &Path<'_>) -> Result<(), InvalidArgument> {
        self.iter()
            .try_for_each(|(key, value)| value.validate(&Path::Key(path, key)))
    }
}

impl<K: fmt::Display, T: Validate> Validate for BTreeMap<K, T> {
    fn validate(&self, path: &Path<'_>) -> Result<(), InvalidArgument> {
        self.iter()
            .try_for_each(|(key, value)| value.validate(&Path::Key(path, key)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(result: Result<(), InvalidArgument>) -> String {
        match result {
            Err(InvalidArgument { name, reason }) => format!("{name}: {reason}"),
            other => panic!("expected InvalidArgument, got {other:?}"),
        }
    }

    #[test]
    fn pattern_is_unanchored_and_compiled_once() {
        static PATTERN: Pattern = Pattern::new("^[a-z][-a-z0-9]{1,61}[a-z0-9]$");
        let name = Path::Root("name");
        assert!(check_pattern(&name, "my-registry", &PATTERN).is_ok());
        assert!(PATTERN.compiled.get().is_some(), "compiled on first use");
        assert_eq!(
            reason(check_pattern(&name, "My_Registry", &PATTERN)),
            "name: does not match the pattern `^[a-z][-a-z0-9]{1,61}[a-z0-9]$`"
        );
        assert!(check_pattern(&name, "xx-abc-yy", &Pattern::new("abc")).is_ok());
        // Look-ahead is not supported by `regex`: skipped, not an error.
        let unsupported = Pattern::new("^(?!x)");
        assert!(check_pattern(&name, "anything", &unsupported).is_ok());
        assert!(matches!(unsupported.compiled.get(), Some(None)));
    }

    #[test]
    fn rules_check_values_and_items() {
        static NAME: Text = Text::new(Some("^[a-z]+$"), Some(2), Some(4));
        let path = Path::Root("tags");
        assert!(NAME.check(&path, "ab").is_ok());
        assert_eq!(
            reason(NAME.check(&path, "abcde")),
            "tags: must have at most 4 characters, but has 5"
        );
        assert_eq!(
            reason(NAME.check_each(&path, &["ab", "Ab"])),
            "tags[1]: does not match the pattern `^[a-z]+$`"
        );
        let bounds = Bounds::new(Some((0.0, true)), Some((1.0, false)));
        assert!(bounds.check(&path, &1.0).is_ok());
        assert_eq!(
            reason(bounds.check_each(&path, &[0.5, 0.0])),
            "tags[1]: must be greater than 0, but is 0"
        );
        assert!(Count::new(Some(1), Some(2))
            .check(&path, &[1, 2, 3])
            .is_err());
        assert!(Count::new(None, None).check::<u8>(&path, &[]).is_ok());
    }

    #[test]
    fn lengths_count_characters() {
        let n = Path::Root("n");
        let (a, x) = (Path::Root("a"), Path::Root("x"));
        assert!(check_min_length(&n, "äö", 2).is_ok());
        assert!(check_max_length(&n, "äöü", 3).is_ok());
        assert_eq!(
            reason(check_max_length(&n, "abcd", 3)),
            "n: must have at most 3 characters, but has 4"
        );
        assert!(check_min_length(&n, "", 1).is_err());
        assert!(check_min_items(&a, &[1], 2).is_err());
        assert!(check_max_items(&a, &[1, 2], 2).is_ok());
        assert!(check_minimum(&x, &5, 5, false).is_ok());
        assert!(check_minimum(&x, &5, 5, true).is_err());
        assert!(check_maximum(&x, &1.5, 1.0, false).is_err());
    }

    #[test]
    fn containers_extend_the_path() {
        struct Name(&'static str);
        impl Validate for Name {
            fn validate(&self, path: &Path<'_>) -> Result<(), InvalidArgument> {
                check_min_length(path, self.0, 1)
            }
        }
        let names = Some(vec![Name("a"), Name("")]);
        let body = Path::Root("body");
        assert_eq!(
            reason(names.validate(&body.field("names"))),
            "body.names[1]: must have at least 1 characters, but has 0"
        );
        let mut map = BTreeMap::new();
        map.insert("k", Box::new(Name("")));
        assert_eq!(
            reason(map.validate(&body)),
            "body.k: must have at least 1 characters, but has 0"
        );
    }
}
