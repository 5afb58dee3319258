//! The report as text (grouped by impact, then by item) and as JSON.

use super::{Bump, Change, Impact, SpecDiff};
use serde::Serialize;
use std::fmt::Write;

const IMPACTS: [Impact; 3] = [Impact::Breaking, Impact::Additive, Impact::Documentation];

/// Text report: one section per impact, changes grouped under their item, then a summary line.
pub fn text(diff: &SpecDiff) -> String {
    let mut out = String::new();
    if diff.is_empty() {
        out.push_str("No changes.\n\n");
    }
    for impact in IMPACTS {
        let changes: Vec<&Change> = diff.changes.iter().filter(|c| c.impact == impact).collect();
        if changes.is_empty() {
            continue;
        }
        let heading = match impact {
            Impact::Breaking => "Breaking changes",
            Impact::Additive => "Additive changes",
            Impact::Documentation => "Documentation changes",
        };
        let _ = writeln!(out, "{heading} ({}):", changes.len());
        let mut subject = None;
        for change in changes {
            if subject != Some(&change.subject) {
                let _ = writeln!(out, "  {}", change.subject);
                subject = Some(&change.subject);
            }
            if change.at.is_empty() {
                let _ = writeln!(out, "    - {}", change.description);
            } else {
                let _ = writeln!(out, "    - {}: {}", change.at, change.description);
            }
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Summary: {} breaking, {} additive, {} documentation; {}.",
        diff.count(Impact::Breaking),
        diff.count(Impact::Additive),
        diff.count(Impact::Documentation),
        bump_sentence(diff.bump())
    );
    out
}

fn bump_sentence(bump: Bump) -> &'static str {
    match bump {
        Bump::None => "no version bump",
        Bump::Patch => "a patch version bump",
        Bump::Minor => "a minor version bump (a patch bump before 1.0)",
        Bump::Major => "a major version bump (a minor bump before 1.0)",
    }
}

#[derive(Serialize)]
struct Report<'a> {
    bump: Bump,
    summary: Summary,
    changes: &'a [Change],
}

#[derive(Serialize)]
struct Summary {
    breaking: usize,
    additive: usize,
    documentation: usize,
}

/// JSON report: `{"bump", "summary": {"breaking", "additive", "documentation"}, "changes"}`.
pub fn json(diff: &SpecDiff) -> String {
    let report = Report {
        bump: diff.bump(),
        summary: Summary {
            breaking: diff.count(Impact::Breaking),
            additive: diff.count(Impact::Additive),
            documentation: diff.count(Impact::Documentation),
        },
        changes: &diff.changes,
    };
    match serde_json::to_string_pretty(&report) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        Err(err) => format!("{}\n", serde_json::json!({ "error": err.to_string() })),
    }
}
