//! Located problems found in an OpenAPI document, collected and reported together.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The construct was skipped or approximated; the rest of the crate is still generated.
    Warning,
    /// Generation cannot produce a correct crate.
    Error,
}

/// One problem in the input, located by a JSON pointer into the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious the problem is.
    pub severity: Severity,
    /// JSON pointer to the offending node, e.g. `#/paths/~1registries/get/parameters/0`.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            pointer: pointer.into(),
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(pointer, message)
        }
    }

    /// Attaches a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl Diagnostic {
    fn render(&self, source: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{level}: {}\n  --> {source}{}",
            self.message, self.pointer
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.render("", f)
    }
}

/// All diagnostics of one run, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// The file the document came from, when known; shown in front of every pointer.
    source: Option<String>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records an error.
    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::error(pointer, message));
    }

    /// Records a warning.
    pub fn warning(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::warning(pointer, message));
    }

    /// Names the file the diagnostics refer to.
    pub fn set_source(&mut self, source: impl Into<String>) {
        self.source = Some(source.into());
    }

    /// The file the diagnostics refer to, when known.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Whether there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The diagnostics, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Only the warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Drops repeated diagnostics (same severity, location and message), keeping the first:
    /// a schema merged into several others is lowered, and diagnosed, once per use.
    pub fn dedup(&mut self) {
        let mut seen = std::collections::BTreeSet::new();
        self.items
            .retain(|d| seen.insert((d.severity, d.pointer.clone(), d.message.clone())));
    }

    /// Rewrites every pointer, e.g. from a converted document back to the original one.
    pub fn map_pointers(&mut self, mut map: impl FnMut(&str) -> String) {
        for diagnostic in &mut self.items {
            diagnostic.pointer = map(&diagnostic.pointer);
        }
    }

    /// Appends all diagnostics of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.items.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            diagnostic.render(self.source.as_deref().unwrap_or(""), f)?;
        }
        let errors = self
            .items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = self.items.len() - errors;
        if !self.items.is_empty() {
            write!(f, "\n{errors} error(s), {warnings} warning(s)")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Escapes one JSON-pointer token (`~` -> `~0`, `/` -> `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Builds a pointer by appending escaped tokens to `base`.
pub fn pointer(base: &str, tokens: &[&str]) -> String {
    let mut out = String::from(base);
    for token in tokens {
        out.push('/');
        out.push_str(&escape_token(token));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(
            pointer("#/paths", &["/registries/{id}", "get"]),
            "#/paths/~1registries~1{id}/get"
        );
        assert_eq!(escape_token("a~b"), "a~0b");
    }

    #[test]
    fn rendering_includes_source_and_hint() {
        let mut all = Diagnostics::new();
        all.set_source("spec.yaml");
        all.push(Diagnostic::error("#/a", "broken").with_hint("fix it"));
        all.warning("#/b", "odd");
        assert_eq!(
            all.to_string(),
            "error: broken\n  --> spec.yaml#/a\n  = hint: fix it\nwarning: odd\n  --> spec.yaml#/b\n1 error(s), 1 warning(s)"
        );
        assert!(all.has_errors());
    }
}
