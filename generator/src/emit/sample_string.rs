//! Sample strings that satisfy a schema's string constraints (`pattern`, `minLength`,
//! `maxLength`), for the arguments of the exercise program.
//!
//! A pattern is parsed with `regex-syntax` and walked to build a short string it matches:
//! the first alternative, the fewest repetitions, a readable member of each class. When the
//! result is shorter than `minLength`, repetitions that allow more are taken again.

use crate::ir::Constraints;
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Repetitions added to one `*`, `+` or `{n,}` at most, whatever `minLength` asks for.
const MAX_EXTRA_REPETITIONS: u32 = 256;

/// A string that meets `constraints`: one its pattern matches, else a value of its format,
/// else `preferred`, cut or padded with `x` to fit the lengths. A pattern that `regex-syntax`
/// cannot parse (look-around, back-references) counts as none.
pub fn sample_string(constraints: &Constraints, preferred: &str) -> String {
    let min = constraints.min_length.unwrap_or(0);
    let max = constraints.max_length.unwrap_or(usize::MAX).max(min);
    let parsed = constraints
        .pattern
        .as_deref()
        .and_then(|pattern| regex_syntax::Parser::new().parse(pattern).ok());
    let Some(hir) = parsed else {
        let formatted = constraints.format.as_deref().and_then(format_sample);
        return match formatted {
            Some(value) if (min..=max).contains(&value.chars().count()) => value.to_string(),
            _ => fit(preferred, min, max),
        };
    };
    let mut shortest = String::new();
    walk(&hir, &mut 0, &mut shortest);
    let length = shortest.chars().count();
    if length >= min {
        return shortest;
    }
    let mut budget = min - length;
    let mut longer = String::new();
    walk(&hir, &mut budget, &mut longer);
    let length = longer.chars().count();
    // An unanchored pattern matches inside any text: pad it at the end.
    if length < min && !ends_anchored(&hir) {
        longer.extend(std::iter::repeat('x').take(min - length));
    }
    longer
}

/// A value of a string `format` (those JSON Schema and OpenAPI name), for formats that have
/// a fixed syntax.
fn format_sample(format: &str) -> Option<&'static str> {
    Some(match format {
        "email" | "idn-email" => "user@example.com",
        "uri" | "url" | "iri" => "https://example.com/sample",
        "uri-reference" | "iri-reference" | "json-pointer" => "/sample",
        "uri-template" => "https://example.com/{id}",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "c2FtcGxl",
        "date-time" => "2026-01-01T00:00:00Z",
        "date" => "2026-01-01",
        "time" => "12:00:00Z",
        "duration" => "P1D",
        "uuid" => "3f2c9a1e-7b4d-4e8a-9c61-0d5e2f8b7a43",
        "regex" => ".*",
        _ => return None,
    })
}

/// `text` cut to `max` characters, or padded with `x` to `min`.
fn fit(text: &str, min: usize, max: usize) -> String {
    let mut fitted: String = text.chars().take(max).collect();
    let length = fitted.chars().count();
    if length < min {
        fitted.extend(std::iter::repeat('x').take(min - length));
    }
    fitted
}

/// Appends a string `hir` matches to `out`; each repetition that allows it is taken again
/// while `budget` (characters still wanted) is positive.
fn walk(hir: &Hir, budget: &mut usize, out: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(class) => {
            if let Some(c) = class_member(class) {
                out.push(c);
            }
        }
        HirKind::Capture(capture) => walk(&capture.sub, budget, out),
        HirKind::Concat(parts) => parts.iter().for_each(|part| walk(part, budget, out)),
        HirKind::Alternation(alternatives) => {
            if let Some(first) = alternatives.first() {
                walk(first, budget, out);
            }
        }
        HirKind::Repetition(repetition) => {
            for _ in 0..repetition.min {
                walk(&repetition.sub, budget, out);
            }
            let most = repetition
                .max
                .unwrap_or(u32::MAX)
                .min(repetition.min.saturating_add(MAX_EXTRA_REPETITIONS));
            let mut count = repetition.min;
            while *budget > 0 && count < most {
                let before = out.chars().count();
                walk(&repetition.sub, &mut 0, out);
                let added = out.chars().count() - before;
                if added == 0 {
                    break;
                }
                *budget = budget.saturating_sub(added);
                count += 1;
            }
        }
    }
}

/// A readable character of `class`: a lower-case letter, an upper-case letter or a digit when
/// it has one, else its first printable member, else its first member.
fn class_member(class: &Class) -> Option<char> {
    let ranges: Vec<(char, char)> = match class {
        Class::Unicode(unicode) => unicode
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect(),
        Class::Bytes(bytes) => bytes
            .ranges()
            .iter()
            .map(|r| (char::from(r.start()), char::from(r.end())))
            .collect(),
    };
    let contains = |c: char| {
        ranges
            .iter()
            .any(|(start, end)| (*start..=*end).contains(&c))
    };
    ['a'..='z', 'A'..='Z', '0'..='9']
        .into_iter()
        .flatten()
        .find(|c| contains(*c))
        .or_else(|| {
            ranges.iter().find_map(|(start, end)| {
                (*start..=*end)
                    .take(128)
                    .find(|c| !c.is_control() && !c.is_whitespace())
            })
        })
        .or_else(|| ranges.first().map(|(start, _)| *start))
}

/// Whether `hir` ends with `$` (or `\z`), so that nothing may follow its match.
fn ends_anchored(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Look(look) => matches!(look, Look::End | Look::EndLF | Look::EndCRLF),
        HirKind::Concat(parts) => parts.last().is_some_and(ends_anchored),
        HirKind::Capture(capture) => ends_anchored(&capture.sub),
        HirKind::Alternation(alternatives) => alternatives.iter().any(ends_anchored),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::sample_string;
    use crate::ir::Constraints;

    fn constrained(pattern: Option<&str>, min: Option<usize>, max: Option<usize>) -> Constraints {
        Constraints {
            pattern: pattern.map(str::to_owned),
            min_length: min,
            max_length: max,
            ..Constraints::default()
        }
    }

    #[test]
    fn patterns_give_matching_strings() {
        for (pattern, expected) in [
            ("^[a-z]{2}/[a-z]{3}$", "aa/aaa"),
            (r"^\d{4}-\d{2}$", "0000-00"),
            ("^(push|pull)$", "push"),
            ("^[A-Z][a-z0-9-]*$", "A"),
            (r"^\S+@\S+$", "a@a"),
            ("^[^ ]+$", "a"),
        ] {
            assert_eq!(
                sample_string(&constrained(Some(pattern), None, None), "x"),
                expected,
                "{pattern}"
            );
        }
    }

    #[test]
    fn minimum_lengths_take_more_repetitions_or_padding() {
        assert_eq!(
            sample_string(&constrained(Some("^[a-z]+$"), Some(5), None), "x"),
            "aaaaa"
        );
        assert_eq!(
            sample_string(&constrained(Some("[0-9]"), Some(3), None), "x"),
            "0xx"
        );
        assert_eq!(
            sample_string(&constrained(None, Some(3), Some(4)), "example"),
            "exam"
        );
        assert_eq!(sample_string(&constrained(None, Some(3), None), "a"), "axx");
    }

    #[test]
    fn formats_give_values_of_their_syntax() {
        let email = Constraints {
            format: Some("email".into()),
            ..Constraints::default()
        };
        assert_eq!(sample_string(&email, "x"), "user@example.com");
        let unknown = Constraints {
            format: Some("colour".into()),
            ..Constraints::default()
        };
        assert_eq!(sample_string(&unknown, "sample"), "sample");
        let short = Constraints {
            format: Some("uri".into()),
            max_length: Some(8),
            ..Constraints::default()
        };
        assert_eq!(sample_string(&short, "sample"), "sample");
    }

    #[test]
    fn unparsable_patterns_fall_back_to_the_preferred_text() {
        assert_eq!(
            sample_string(&constrained(Some("^(?!x).+$"), None, None), "sample"),
            "sample"
        );
    }
}
