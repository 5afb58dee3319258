//! Client-side checks of the spec's constraints (`pattern`, `minLength`, `maxLength`,
//! `minItems`, `maxItems`, `minimum`, `maximum`), run before a request is sent, and the
//! [`Validate`] trait generated models implement. A violation is [`Error::InvalidArgument`].

#![allow(dead_code)] // which checks a generated crate calls depends on its spec's constraints

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Mutex, OnceLock, PoisonError};

use regex::Regex;

use crate::error::Error;

/// Checks `value` against an ECMA-262 style `pattern` (unanchored, as in JSON Schema).
///
/// Compiled patterns are cached per pattern. A pattern the `regex` crate cannot compile
/// (look-around, back-references) is skipped with a warning, leaving the check to the server.
pub(crate) fn check_pattern(name: &str, value: &str, pattern: &'static str) -> Result<(), Error> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<Regex>>>> = OnceLock::new();
    let regex = {
        let mut cache = CACHE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        cache
            .entry(pattern)
            .or_insert_with(|| match Regex::new(pattern) {
                Ok(regex) => Some(regex),
                Err(error) => {
                    tracing::warn!(pattern, %error, "unsupported pattern, not checked");
                    None
                }
            })
            .clone()
    };
    match regex {
        Some(regex) if !regex.is_match(value) => Err(Error::invalid_argument(
            name,
            format!("does not match the pattern `{pattern}`"),
        )),
        _ => Ok(()),
    }
}

/// Checks that `value` has at least `min` characters (Unicode scalar values).
pub(crate) fn check_min_length(name: &str, value: &str, min: usize) -> Result<(), Error> {
    let length = value.chars().count();
    if length < min {
        return Err(Error::invalid_argument(
            name,
            format!("must have at least {min} characters, but has {length}"),
        ));
    }
    Ok(())
}

/// Checks that `value` has at most `max` characters (Unicode scalar values).
pub(crate) fn check_max_length(name: &str, value: &str, max: usize) -> Result<(), Error> {
    let length = value.chars().count();
    if length > max {
        return Err(Error::invalid_argument(
            name,
            format!("must have at most {max} characters, but has {length}"),
        ));
    }
    Ok(())
}

/// Checks that an array has at least `min` items.
pub(crate) fn check_min_items<T>(name: &str, items: &[T], min: usize) -> Result<(), Error> {
    if items.len() < min {
        return Err(Error::invalid_argument(
            name,
            format!("must have at least {min} items, but has {}", items.len()),
        ));
    }
    Ok(())
}

/// Checks that an array has at most `max` items.
pub(crate) fn check_max_items<T>(name: &str, items: &[T], max: usize) -> Result<(), Error> {
    if items.len() > max {
        return Err(Error::invalid_argument(
            name,
            format!("must have at most {max} items, but has {}", items.len()),
        ));
    }
    Ok(())
}

/// Checks `value >= min` (or `value > min` when `exclusive`).
pub(crate) fn check_minimum<T>(name: &str, value: T, min: T, exclusive: bool) -> Result<(), Error>
where
    T: PartialOrd + fmt::Display,
{
    let ok = if exclusive { value > min } else { value >= min };
    if !ok {
        let bound = if exclusive {
            "greater than"
        } else {
            "at least"
        };
        return Err(Error::invalid_argument(
            name,
            format!("must be {bound} {min}, but is {value}"),
        ));
    }
    Ok(())
}

/// Checks `value <= max` (or `value < max` when `exclusive`).
pub(crate) fn check_maximum<T>(name: &str, value: T, max: T, exclusive: bool) -> Result<(), Error>
where
    T: PartialOrd + fmt::Display,
{
    let ok = if exclusive { value < max } else { value <= max };
    if !ok {
        let bound = if exclusive { "less than" } else { "at most" };
        return Err(Error::invalid_argument(
            name,
            format!("must be {bound} {max}, but is {value}"),
        ));
    }
    Ok(())
}

/// Implemented by generated models that carry constraints, and by containers of them.
#[doc(hidden)]
pub trait Validate {
    /// Checks the constraints; `path` names this value in errors, e.g. `body.properties.name`.
    fn validate(&self, path: &str) -> Result<(), Error>;
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, path: &str) -> Result<(), Error> {
        (**self).validate(path)
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, path: &str) -> Result<(), Error> {
        self.as_ref().map_or(Ok(()), |value| value.validate(path))
    }
}

impl<T: Validate> Validate for [T] {
    fn validate(&self, path: &str) -> Result<(), Error> {
        self.iter()
            .enumerate()
            .try_for_each(|(i, item)| item.validate(&format!("{path}[{i}]")))
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, path: &str) -> Result<(), Error> {
        self.as_slice().validate(path)
    }
}

impl<K: fmt::Display, T: Validate, S> Validate for HashMap<K, T, S> {
    fn validate(&self, path: &str) -> Result<(), Error> {
        self.iter()
            .try_for_each(|(key, value)| value.validate(&format!("{path}.{key}")))
    }
}

impl<K: fmt::Display, T: Validate> Validate for BTreeMap<K, T> {
    fn validate(&self, path: &str) -> Result<(), Error> {
        self.iter()
            .try_for_each(|(key, value)| value.validate(&format!("{path}.{key}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(result: Result<(), Error>) -> String {
        match result {
            Err(Error::InvalidArgument { name, reason }) => format!("{name}: {reason}"),
            other => panic!("expected InvalidArgument, got {other:?}"),
        }
    }

    #[test]
    fn pattern_is_unanchored_and_cached() {
        const PATTERN: &str = "^[a-z][-a-z0-9]{1,61}[a-z0-9]$";
        assert!(check_pattern("name", "my-registry", PATTERN).is_ok());
        assert_eq!(
            reason(check_pattern("name", "My_Registry", PATTERN)),
            "name: does not match the pattern `^[a-z][-a-z0-9]{1,61}[a-z0-9]$`"
        );
        assert!(check_pattern("name", "xx-abc-yy", "abc").is_ok());
        // Look-ahead is not supported by `regex`: skipped, not an error.
        assert!(check_pattern("name", "anything", "^(?!x)").is_ok());
    }

    #[test]
    fn lengths_count_characters() {
        assert!(check_min_length("n", "äö", 2).is_ok());
        assert!(check_max_length("n", "äöü", 3).is_ok());
        assert_eq!(
            reason(check_max_length("n", "abcd", 3)),
            "n: must have at most 3 characters, but has 4"
        );
        assert!(check_min_length("n", "", 1).is_err());
        assert!(check_min_items("a", &[1], 2).is_err());
        assert!(check_max_items("a", &[1, 2], 2).is_ok());
        assert!(check_minimum("x", 5, 5, false).is_ok());
        assert!(check_minimum("x", 5, 5, true).is_err());
        assert!(check_maximum("x", 1.5, 1.0, false).is_err());
    }

    #[test]
    fn containers_extend_the_path() {
        struct Name(&'static str);
        impl Validate for Name {
            fn validate(&self, path: &str) -> Result<(), Error> {
                check_min_length(path, self.0, 1)
            }
        }
        let names = Some(vec![Name("a"), Name("")]);
        assert_eq!(
            reason(names.validate("body.names")),
            "body.names[1]: must have at least 1 characters, but has 0"
        );
    }
}
