//! Stage 6: writes a generated crate to disk (only files whose content changed), or checks that
//! a directory already holds exactly that output.

use crate::format::GENERATED_HEADER;
use crate::GeneratedCrate;
use std::io;
use std::path::{Path, PathBuf};

/// What writing or checking found, by file path relative to the output directory.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or whose content changed.
    pub changed: Vec<String>,
    /// Files already up to date.
    pub unchanged: Vec<String>,
    /// Previously generated files that the new output no longer has (removed when writing).
    pub stale: Vec<String>,
}

impl WriteReport {
    /// Whether the directory already matched the output.
    pub fn is_up_to_date(&self) -> bool {
        self.changed.is_empty() && self.stale.is_empty()
    }
}

/// Writes `generated` under `out`, touching only files whose content differs, and removes
/// generated Rust files that are no longer part of the output.
pub fn write_crate(generated: &GeneratedCrate, out: &Path) -> io::Result<WriteReport> {
    let report = compare(generated, out)?;
    for relative in &report.changed {
        let path = out.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &generated.files[relative])?;
    }
    for relative in &report.stale {
        std::fs::remove_file(out.join(relative))?;
    }
    Ok(report)
}

/// Compares `generated` with the contents of `out` without writing anything.
pub fn compare(generated: &GeneratedCrate, out: &Path) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();
    for (relative, content) in &generated.files {
        match std::fs::read(out.join(relative)) {
            Ok(existing) if existing == content.as_bytes() => {
                report.unchanged.push(relative.clone())
            }
            Ok(_) => report.changed.push(relative.clone()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                report.changed.push(relative.clone())
            }
            Err(err) => return Err(err),
        }
    }
    for path in generated_rust_files(&out.join("src"))? {
        let relative = path
            .strip_prefix(out)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if !generated.files.contains_key(&relative) {
            report.stale.push(relative);
        }
    }
    report.stale.sort();
    Ok(report)
}

/// Rust files under `dir` that carry the generated header.
fn generated_rust_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
            Err(err) => return Err(err),
        };
        for entry in entries {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if text.starts_with(GENERATED_HEADER.trim_end()) {
                    found.push(path);
                }
            }
        }
    }
    Ok(found)
}
