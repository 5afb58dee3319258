//! Rust type expressions for IR type references.

use crate::ir::{Field, Primitive, TypeArena, TypeKind, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::spelling::RustType;
pub use crate::spelling::Spelling;

/// An identifier token, raw when the name is a keyword (`type` is spelled `r#type`).
pub fn ident(name: &str) -> Ident {
    if crate::naming::is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        format_ident!("{}", name)
    }
}

/// `#[allow(clippy::too_many_arguments)]` for a function of `count` parameters (`self`
/// included) over clippy's limit of seven: generated signatures take one argument per required
/// parameter, however many there are.
pub fn allow_many_arguments(count: usize) -> Option<TokenStream> {
    (count > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]))
}

/// The Rust type for `ty`.
pub fn rust_type(ty: &TypeRef, arena: &TypeArena, spelling: Spelling) -> TokenStream {
    RustType::of(ty, arena, spelling).tokens()
}

/// The Rust type for a scalar.
pub fn primitive_type(primitive: Primitive) -> TokenStream {
    crate::spelling::primitive_tokens(primitive)
}

pub use crate::ir::Presence;

/// The value type of a field including its `Box`, without presence wrappers.
pub fn field_value_type(field: &Field, arena: &TypeArena, spelling: Spelling) -> TokenStream {
    RustType::field_value(field, RustType::of(&field.ty, arena, spelling)).tokens()
}

/// The full field type with presence wrappers.
pub fn field_type(field: &Field, arena: &TypeArena, spelling: Spelling) -> TokenStream {
    RustType::field(field, RustType::of(&field.ty, arena, spelling)).tokens()
}

/// How a required parameter of type `ty` is declared as a positional argument.
pub fn argument_type(ty: &TypeRef, arena: &TypeArena) -> TokenStream {
    RustType::argument(RustType::of(arena.argument(ty), arena, Spelling::Qualified)).tokens()
}

/// Whether the spelling of `ty` names a model (`models::Name`).
pub fn names_a_model(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Vec(item) | TypeRef::Map(item) | TypeRef::Nullable(item) => names_a_model(item),
        TypeRef::Primitive(_) | TypeRef::Json => false,
    }
}

/// Whether values of `ty` can derive `Eq` and `Hash` (no floats or JSON values inside).
pub fn is_eq(ty: &TypeRef, arena: &TypeArena, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match ty {
        TypeRef::Primitive(Primitive::F32 | Primitive::F64) | TypeRef::Json => false,
        TypeRef::Primitive(_) => true,
        TypeRef::Vec(item) | TypeRef::Map(item) | TypeRef::Nullable(item) => {
            is_eq(item, arena, depth + 1)
        }
        TypeRef::Named(id) => match &arena.get(*id).kind {
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => true,
            TypeKind::Alias(target) => is_eq(target, arena, depth + 1),
            TypeKind::Struct(_) | TypeKind::Union(_) => false,
        },
    }
}

/// `#[deprecated]` for an item the document marks deprecated. Generated code uses such items
/// itself; `src/lib.rs` allows that inside the generated modules, so only users are warned.
pub fn deprecated_attr(deprecated: bool) -> Option<TokenStream> {
    deprecated.then(|| quote!(#[deprecated(note = "deprecated by the API")]))
}

/// A `#[doc = "..."]` attribute per paragraph-line of the given text, or nothing.
pub fn doc_attrs(lines: &[&str]) -> TokenStream {
    let mut out = TokenStream::new();
    let mut first = true;
    for text in lines {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if !first {
            out.extend(quote!(#[doc = ""]));
        }
        first = false;
        let sanitized: Vec<String> = text.lines().map(sanitize_doc_line).collect();
        for line in lay_out_lists(sanitized) {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            out.extend(quote!(#[doc = #line]));
        }
    }
    out
}

/// [`doc_attrs`] for `text` from the document, followed by paragraphs the generator writes
/// itself (`own`): those are trusted Markdown, so their intra-doc links stay links.
pub fn doc_attrs_with_own(text: &[&str], own: &[String]) -> TokenStream {
    let mut out = doc_attrs(text);
    let mut first = text.iter().all(|t| t.trim().is_empty());
    for line in own {
        if !first {
            out.extend(quote!(#[doc = ""]));
        }
        first = false;
        let line = format!(" {line}");
        out.extend(quote!(#[doc = #line]));
    }
    out
}

/// The width of a Markdown list marker at the start of `text` (`- `, `* `, `+ `, `1. `, `2) `).
fn list_marker(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    match bytes {
        [b'-' | b'*' | b'+', b' ', ..] => Some(2),
        _ => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let after = bytes.get(digits..digits + 2)?;
            (digits > 0 && digits < 10 && matches!(after, [b'.' | b')', b' ']))
                .then_some(digits + 2)
        }
    }
}

/// Indents the lines that continue a list item to the item's text, as Markdown (and clippy's
/// `doc_lazy_continuation` and `doc_overindented_list_items`) expect; a blank line ends the
/// list.
fn lay_out_lists(lines: Vec<String>) -> Vec<String> {
    let mut content_indent: Option<usize> = None;
    lines
        .into_iter()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.is_empty() {
                content_indent = None;
                return String::new();
            }
            let indent = line.len() - trimmed.len();
            if let Some(width) = list_marker(trimmed) {
                content_indent = Some(indent + width);
                return line;
            }
            match content_indent {
                Some(wanted) if wanted != indent => format!("{}{trimmed}", " ".repeat(wanted)),
                _ => line,
            }
        })
        .collect()
}

/// Keeps doc text from being read as code blocks or intra-doc links by rustdoc.
fn sanitize_doc_line(line: &str) -> String {
    let line = line.replace('\t', "    ");
    let line = line.trim_end();
    // Indented text would become a code block that rustdoc tries to compile.
    let trimmed = line.trim_start();
    let mut out = if line.len() - trimmed.len() >= 4 {
        trimmed.to_string()
    } else {
        line.to_string()
    };
    if out.starts_with("```") {
        out.insert(0, '\\');
    }
    // Square brackets would be taken for intra-doc links that do not resolve; inside code
    // spans (between backticks, when they pair up) they are literal text and stay as they are.
    // Markdown links to web addresses (`[text](https://..)`) stay links, and bare web
    // addresses become autolinks (`<https://..>`), as rustdoc's `bare_urls` lint asks.
    let paired = out.matches('`').count() % 2 == 0;
    let mut in_code = false;
    let mut escaped = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(c) = rest.chars().next() {
        if !in_code {
            if let Some(link) = web_link(rest) {
                escaped.push_str(&rest[..link]);
                rest = &rest[link..];
                continue;
            }
            let after_opening = escaped.ends_with(['<', '"', '\'']);
            if let Some(url) = bare_url(rest).filter(|_| !after_opening) {
                escaped.push('<');
                escaped.push_str(&rest[..url]);
                escaped.push('>');
                rest = &rest[url..];
                continue;
            }
        }
        match c {
            '`' if paired => in_code = !in_code,
            '[' | ']' if !in_code => escaped.push('\\'),
            _ => {}
        }
        escaped.push(c);
        rest = &rest[c.len_utf8()..];
    }
    escaped
}

/// The length of a Markdown link to a web address at the start of `text`
/// (`[text](https://..)`), if there is one.
fn web_link(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find(']')?;
    if inner[..close].contains('[') || close == 0 {
        return None;
    }
    let target = inner[close + 1..].strip_prefix('(')?;
    let end = target.find(')')?;
    let url = &target[..end];
    let web = ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| url.starts_with(scheme));
    (web && !url.contains(char::is_whitespace) && !url.contains('('))
        .then(|| 1 + close + 2 + end + 1)
}

/// The length of a bare web address at the start of `text`, without trailing punctuation.
fn bare_url(text: &str) -> Option<usize> {
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return None;
    }
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']'))
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
    (url.len() > "https://".len()).then_some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_links_stay_links() {
        let line = sanitize_doc_line(
            "See [the guide](https://example.com/guide) or https://example.com/faq. [x](y)",
        );
        assert_eq!(
            line,
            "See [the guide](https://example.com/guide) or <https://example.com/faq>. \\[x\\](y)"
        );
        assert_eq!(
            sanitize_doc_line("`[a](https://x.io)` (https://x.io/a)"),
            "`[a](https://x.io)` (<https://x.io/a>)"
        );
    }

    #[test]
    fn doc_lines_are_neutralised() {
        let code = doc_attrs(&["defaults to `[]` [here]"]).to_string();
        assert!(code.contains("`[]` \\\\[here\\\\]"), "{code}");
        let tokens = doc_attrs(&["first [link]", "    code-like\n```x"]).to_string();
        assert!(tokens.contains("\\\\[link\\\\]"), "{tokens}");
        assert!(tokens.contains("\" code-like\""), "{tokens}");
        assert!(tokens.contains("\\\\```x"), "{tokens}");
    }

    #[test]
    fn list_items_are_continued_at_their_text() {
        let lines = |text: &[&str]| lay_out_lists(text.iter().map(|l| l.to_string()).collect());
        assert_eq!(
            lines(&[
                "Kinds:",
                "- one",
                "continued",
                "  - nested",
                "        deep",
                "",
                "after"
            ]),
            [
                "Kinds:",
                "- one",
                "  continued",
                "  - nested",
                "    deep",
                "",
                "after"
            ]
        );
        assert_eq!(lines(&["1. first", "more"]), ["1. first", "   more"]);
        assert_eq!(sanitize_doc_line("a\tb"), "a    b");
    }

    #[test]
    fn raw_identifiers_are_kept() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("name").to_string(), "name");
    }
}
