//! The generated crate's `CHANGELOG.md`: one section per release, newest first, each written
//! from the semantic diff between the document of the previous release and the new one.
//!
//! The command line keeps the file next to the recorded document: `generate` creates it with a
//! first section, and a run that regenerates from a changed document under a version the file
//! does not mention yet (`--bump`, or `--crate-version`) adds that version's section on top.
//! Sections carry no dates, so that generating twice gives the same file.

use crate::diff::{Change, Impact, SpecDiff};
use std::fmt::Write;

/// The file name in the crate directory.
pub const FILE: &str = "CHANGELOG.md";

/// The release a changelog section is about.
#[derive(Debug, Clone, Copy)]
pub struct Release<'a> {
    /// The Cargo package name.
    pub crate_name: &'a str,
    /// The crate version of the release.
    pub version: &'a str,
    /// The document's `info.version`.
    pub api_version: &'a str,
}

/// The changelog after generating `release`, or `None` when `existing` stays as it is.
///
/// Without an existing file, a new one starts with a section for `release` (what changed, when
/// `diff` says, else "first release"). With one, a section is added on top when `diff` has
/// changes and no section for `release.version` exists yet; a second run of the same release
/// changes nothing.
pub fn update(
    existing: Option<&str>,
    release: Release<'_>,
    diff: Option<&SpecDiff>,
) -> Option<String> {
    let changes = diff.filter(|diff| !diff.is_empty());
    let Some(existing) = existing else {
        return Some(format!(
            "{}\n{}",
            header(release.crate_name),
            section(release, changes)
        ));
    };
    let changes = changes?;
    if has_section(existing, release.version) {
        return None;
    }
    let new = section(release, Some(changes));
    Some(match existing.find("\n## ") {
        Some(at) => format!("{}{new}\n{}", &existing[..=at], &existing[at + 1..]),
        None => format!("{}\n\n{new}", existing.trim_end()),
    })
}

fn header(crate_name: &str) -> String {
    format!(
        "# Changelog\n\nReleases of `{crate_name}`, newest first. Each section is written by \
         openapi-client-gen from the semantic diff of the API description against the one of \
         the previous release, classified by what it means for Rust code that uses the crate.\n"
    )
}

/// Whether `text` has a section for `version`.
fn has_section(text: &str, version: &str) -> bool {
    let heading = format!("## {version} ");
    text.lines()
        .any(|line| line.starts_with(&heading) || line == format!("## {version}"))
}

/// The section of one release.
fn section(release: Release<'_>, diff: Option<&SpecDiff>) -> String {
    let mut out = format!("## {} (API {})\n\n", release.version, release.api_version);
    let Some(diff) = diff else {
        let _ = writeln!(
            out,
            "The first release, generated from version {} of the API description.",
            release.api_version
        );
        return out;
    };
    let _ = writeln!(
        out,
        "{} breaking, {} additive and {} documentation changes.",
        diff.count(Impact::Breaking),
        diff.count(Impact::Additive),
        diff.count(Impact::Documentation)
    );
    for (impact, heading) in [
        (Impact::Breaking, "Breaking changes"),
        (Impact::Additive, "Added"),
        (Impact::Documentation, "Documentation"),
    ] {
        let changes: Vec<&Change> = diff.changes.iter().filter(|c| c.impact == impact).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {heading}\n");
        for change in changes {
            let _ = match change.at.as_str() {
                "" => writeln!(out, "- {}: {}", change.subject, change.description),
                at => writeln!(out, "- {}, {at}: {}", change.subject, change.description),
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Subject;

    fn release(version: &str) -> Release<'_> {
        Release {
            crate_name: "pets-client",
            version,
            api_version: "2.0",
        }
    }

    fn diff() -> SpecDiff {
        SpecDiff {
            changes: vec![
                Change {
                    impact: Impact::Breaking,
                    subject: Subject::Type { name: "Pet".into() },
                    at: "field `tag`".into(),
                    description: "removed".into(),
                },
                Change {
                    impact: Impact::Additive,
                    subject: Subject::Api,
                    at: String::new(),
                    description: "new things".into(),
                },
            ],
        }
    }

    #[test]
    fn a_new_changelog_starts_with_the_first_release() {
        let text = update(None, release("1.0.0"), None).expect("a new file");
        assert!(
            text.starts_with("# Changelog\n\nReleases of `pets-client`"),
            "{text}"
        );
        assert!(text.ends_with(
            "## 1.0.0 (API 2.0)\n\nThe first release, generated from version 2.0 of the API description.\n"
        ), "{text}");
    }

    #[test]
    fn a_release_with_changes_goes_on_top_once() {
        let first = update(None, release("1.0.0"), None).expect("a new file");
        let diff = diff();
        let second = update(Some(&first), release("2.0.0"), Some(&diff)).expect("a new section");
        let top = second.find("## 2.0.0 (API 2.0)").expect("the new section");
        let old = second.find("## 1.0.0 (API 2.0)").expect("the old section");
        assert!(top < old, "{second}");
        assert!(
            second.contains(
                "1 breaking, 1 additive and 0 documentation changes.\n\n### Breaking changes\n\n\
             - type `Pet`, field `tag`: removed\n\n### Added\n\n- API: new things\n"
            ),
            "{second}"
        );
        // The same release again, or a run without changes, leaves the file alone.
        assert_eq!(update(Some(&second), release("2.0.0"), Some(&diff)), None);
        assert_eq!(
            update(Some(&second), release("3.0.0"), Some(&SpecDiff::default())),
            None
        );
        assert_eq!(update(Some(&second), release("3.0.0"), None), None);
    }
}
