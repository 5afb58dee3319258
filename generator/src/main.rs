//! Command-line front end of `openapi-client-gen`.

use clap::{Parser, Subcommand};
use openapi_client_gen::{compare, generate_from_path, write_crate, Settings};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generates typed async Rust clients from OpenAPI 3.0 documents.
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
}

#[derive(clap::Args)]
struct GenerateArgs {
    /// The OpenAPI 3.0 document (YAML or JSON).
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate(args) => run_generate(args),
    }
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
    Ok(settings)
}

fn default_crate_name(spec: &Path) -> Result<String, String> {
    let document = openapi_client_gen::load_path(spec).map_err(|diags| diags.to_string())?;
    let name = heck::ToKebabCase::to_kebab_case(document.info.title.as_str());
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    Ok(if name.is_empty() {
        "api-client".into()
    } else {
        format!("{name}-client")
    })
}

fn run_generate(args: GenerateArgs) -> ExitCode {
    let settings = match settings_for(&args) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let generated = match generate_from_path(&args.spec, &settings) {
        Ok(generated) => generated,
        Err(diags) => {
            eprintln!("{diags}");
            return ExitCode::from(2);
        }
    };
    if !generated.warnings.is_empty() {
        let mut warnings = generated.warnings.clone();
        warnings.set_source(args.spec.display().to_string());
        eprintln!("{warnings}");
    }
    let out = &args.out;
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
