//! Command-line front end of `openapi-client-gen`.

use clap::{Parser, Subcommand, ValueEnum};
use openapi_client_gen::diff::{diff_paths, Impact, SpecDiff};
use openapi_client_gen::{changelog, compare, generate_document, load_path, write_crate, Settings};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generation builds and drops many small token trees; mimalloc makes it a third faster than
/// the system allocator (see the README's Performance section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates typed async Rust clients from OpenAPI 3.0, 3.1 and Swagger 2.0 documents.
#[derive(Parser)]
#[command(name = "openapi-client-gen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a client crate from a document.
    Generate(GenerateArgs),
    /// Compare two documents and classify every change by its effect on the generated crate.
    ///
    /// Exits with status 1 when `--fail-on` trips, 2 when a document cannot be read.
    Diff(DiffArgs),
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The earlier document.
    old: PathBuf,
    /// The new document.
    new: PathBuf,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with status 1 when there is a change at least this severe.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Grouped, readable text.
    Text,
    /// One JSON object: `bump`, `summary`, `changes`.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    /// Breaking changes.
    Breaking,
    /// Breaking or additive changes.
    Additive,
    /// Any change, documentation included.
    Any,
}

#[derive(clap::Args)]
struct GenerateArgs {
    /// The OpenAPI 3.0 or 3.1, or Swagger 2.0, document (YAML or JSON).
    #[arg(long)]
    spec: PathBuf,
    /// The crate directory to write (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Write nothing; exit with status 1 and list the files that differ when `--out` is stale.
    #[arg(long)]
    check: bool,
    /// Cargo package name [default: kept from `--out`'s Cargo.toml, else derived from the title].
    #[arg(long)]
    crate_name: Option<String>,
    /// Cargo package version [default: kept from `--out`'s Cargo.toml, else 0.1.0].
    #[arg(long)]
    crate_version: Option<String>,
    /// Prefix of the environment variables the client reads, e.g. `IONOS` for `IONOS_TOKEN`.
    #[arg(long)]
    env_prefix: Option<String>,
    /// Depend on `openapi-client-runtime` at this path (relative to `--out`) instead of
    /// crates.io [default: kept from `--out`'s Cargo.toml].
    #[arg(long)]
    runtime_path: Option<String>,
    /// The crate's SPDX license expression [default: kept from `--out`'s Cargo.toml, else the
    /// document's `info.license`].
    #[arg(long)]
    license: Option<String>,
    /// `true`: one cargo feature per API group, all on by default; `false`: a flat crate that
    /// builds every group always [default: kept from `--out`'s Cargo.toml, else `true`].
    #[arg(long, value_name = "BOOL")]
    group_features: Option<bool>,
    /// `true`: also write `examples/exercise.rs`, which calls every operation once with
    /// arguments synthesized from the schemas, e.g. against a mock server of the document
    /// [default: kept from `--out`'s Cargo.toml, else `false`].
    #[arg(long, value_name = "BOOL")]
    exercise_example: Option<bool>,
    /// Before writing, print what changes against the document recorded in `--out` by the
    /// previous run (`openapi.yaml` / `openapi.json`).
    #[arg(long)]
    diff: bool,
    /// Raise the crate version by the semver bump the changes against the recorded document
    /// imply (implies `--diff`).
    #[arg(long, conflicts_with_all = ["crate_version", "check"])]
    bump: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate(args) => run_generate(args),
        Command::Diff(args) => run_diff(args),
    }
}

fn run_diff(args: DiffArgs) -> ExitCode {
    let diff = match diff_paths(&args.old, &args.new) {
        Ok(diff) => diff,
        Err(diags) => {
            eprintln!("{diags}");
            return ExitCode::from(2);
        }
    };
    match args.format {
        Format::Text => print!("{}", diff.to_text()),
        Format::Json => print!("{}", diff.to_json()),
    }
    let tripped = match args.fail_on {
        None => false,
        Some(FailOn::Breaking) => diff.count(Impact::Breaking) > 0,
        Some(FailOn::Additive) => diff.worst().is_some_and(|w| w <= Impact::Additive),
        Some(FailOn::Any) => !diff.is_empty(),
    };
    if tripped {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Where `generate` keeps a copy of its input document, so the next run can compare against it.
fn recorded_spec_name(spec: &Path) -> &'static str {
    if spec
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        RECORDED_SPECS[1]
    } else {
        RECORDED_SPECS[0]
    }
}

/// The names a recorded copy of the input document can have in the output directory.
const RECORDED_SPECS: [&str; 2] = ["openapi.yaml", "openapi.json"];

/// The changes from the document recorded in `out` to `spec`; `Ok(None)` when none is recorded.
fn diff_against_recorded(out: &Path, spec: &Path) -> Result<Option<SpecDiff>, String> {
    let Some(recorded) = RECORDED_SPECS
        .iter()
        .map(|name| out.join(name))
        .find(|path| path.is_file())
    else {
        return Ok(None);
    };
    diff_paths(&recorded, spec)
        .map(Some)
        .map_err(|diags| diags.to_string())
}

/// Settings recorded by an earlier run in `out/Cargo.toml`, overridden by flags.
fn settings_for(args: &GenerateArgs) -> Result<Settings, String> {
    let recorded = std::fs::read_to_string(args.out.join("Cargo.toml"))
        .ok()
        .and_then(|text| Settings::from_manifest(&text));
    let mut settings = match (&args.crate_name, recorded) {
        (Some(name), Some(recorded)) if *name == recorded.crate_name => recorded,
        (Some(name), _) => Settings::new(name.clone()),
        (None, Some(recorded)) => recorded,
        (None, None) => Settings::new(default_crate_name(&args.spec)?),
    };
    if let Some(version) = &args.crate_version {
        settings.crate_version = version.clone();
    }
    if let Some(prefix) = &args.env_prefix {
        settings.env_prefix = prefix.clone();
    }
    if let Some(path) = &args.runtime_path {
        settings.runtime_path = Some(path.clone());
    }
    if let Some(license) = &args.license {
        settings.license = Some(license.clone());
    }
    if let Some(enabled) = args.group_features {
        settings.group_features = enabled;
    }
    if let Some(enabled) = args.exercise_example {
        settings.exercise_example = enabled;
    }
    Ok(settings)
}

fn default_crate_name(spec: &Path) -> Result<String, String> {
    let document = openapi_client_gen::load_path(spec).map_err(|diags| diags.to_string())?;
    let name = heck::ToKebabCase::to_kebab_case(document.api.info.title.as_str());
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let name = name.trim_matches('-');
    Ok(if name.is_empty() {
        "api-client".into()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{name}-client")
    } else {
        format!("{name}-client")
    })
}

fn run_generate(args: GenerateArgs) -> ExitCode {
    let mut settings = match settings_for(&args) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let changes = if args.diff || args.bump {
        match show_changes(&args, &mut settings) {
            Ok(changes) => changes,
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(2);
            }
        }
    } else {
        None
    };
    let generated = load_path(&args.spec).and_then(|document| {
        let generated = generate_document(&document, &settings)?;
        Ok((generated, document.api.info.version))
    });
    let (mut generated, api_version) = match generated {
        Ok(generated) => generated,
        Err(mut diags) => {
            diags.set_source(args.spec.display().to_string());
            eprintln!("{diags}");
            return ExitCode::from(2);
        }
    };
    if !generated.warnings.is_empty() {
        let mut warnings = generated.warnings.clone();
        warnings.set_source(args.spec.display().to_string());
        eprintln!("{warnings}");
    }
    let spec_text = match std::fs::read_to_string(&args.spec) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("cannot read {}: {err}", args.spec.display());
            return ExitCode::from(2);
        }
    };
    let out = &args.out;
    let recorded = recorded_spec_name(&args.spec);
    generated.files.insert(recorded.to_string(), spec_text);
    if args.check {
        return match compare(&generated, out) {
            Ok(report) if report.is_up_to_date() => {
                eprintln!(
                    "{} is up to date ({} files)",
                    out.display(),
                    report.unchanged.len()
                );
                ExitCode::SUCCESS
            }
            Ok(report) => {
                eprintln!("{} is stale; regenerate it:", out.display());
                for file in &report.changed {
                    eprintln!("  differs: {file}");
                }
                for file in &report.stale {
                    eprintln!("  no longer generated: {file}");
                }
                ExitCode::FAILURE
            }
            Err(err) => {
                eprintln!("cannot read {}: {err}", out.display());
                ExitCode::from(2)
            }
        };
    }
    let release = changelog::Release {
        crate_name: &settings.crate_name,
        version: &settings.crate_version,
        api_version: &api_version,
    };
    let existing = std::fs::read_to_string(out.join(changelog::FILE)).ok();
    if let Some(text) = changelog::update(existing.as_deref(), release, changes.as_ref()) {
        generated.files.insert(changelog::FILE.to_string(), text);
    }
    let other_copies = RECORDED_SPECS.iter().filter(|name| **name != recorded);
    for name in other_copies {
        let _ = std::fs::remove_file(out.join(name));
    }
    match write_crate(&generated, out) {
        Ok(report) => {
            eprintln!(
                "{}: {} written, {} unchanged, {} removed",
                out.display(),
                report.changed.len(),
                report.unchanged.len(),
                report.stale.len()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("cannot write {}: {err}", out.display());
            ExitCode::from(2)
        }
    }
}

/// Prints the changes against the recorded document and, with `--bump`, raises the version;
/// returns them, if a document is recorded.
fn show_changes(args: &GenerateArgs, settings: &mut Settings) -> Result<Option<SpecDiff>, String> {
    let Some(diff) = diff_against_recorded(&args.out, &args.spec)? else {
        let message = format!(
            "{} holds no document from an earlier run ({}); nothing to compare with",
            args.out.display(),
            RECORDED_SPECS.join(" or ")
        );
        if args.bump {
            return Err(format!("cannot --bump: {message}"));
        }
        eprintln!("{message}");
        return Ok(None);
    };
    println!(
        "Changes against the document recorded in {}:\n",
        args.out.display()
    );
    print!("{}", diff.to_text());
    if args.bump {
        let bump = diff.bump();
        let version = bump.apply(&settings.crate_version)?;
        eprintln!(
            "crate version: {} -> {version} ({bump} bump)",
            settings.crate_version
        );
        settings.crate_version = version;
    }
    Ok(Some(diff))
}
