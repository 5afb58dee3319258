//! Generality on real-world documents: OpenAPI 3.0 (issue 7), 3.1, Swagger 2.0 and imperfect
//! 3.0 documents (issue 12).
//!
//! Every fixture under `tests/fixtures/generality/` is either generated (a snapshot of its
//! non-runtime files and warnings; the crate compiles with `#![deny(warnings)]` and is
//! clippy-clean) or rejected with located diagnostics (a snapshot of them). No fixture makes the
//! generator panic. The synthetic scale-test document (`integration_tests::synth`, 504
//! operations and 1,010 schemas) is generated and compiled with the fixtures.
//!
//! The compile test writes the crates into one throwaway workspace under Cargo's
//! `CARGO_TARGET_TMPDIR` (`target/tmp/generality`) with its own target directory, so the
//! dependencies are built once for all crates and stay cached between runs.

use integration_tests::fixtures::{fixture, root, COMPILED, REJECTED};
use integration_tests::scratch::{cargo_bin, write_workspace};
use openapi_client_gen::{generate_from_path, write_crate, GeneratedCrate, Settings};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Resources of the synthetic document compiled by the test (6 operations, 12 schemas each).
const SYNTHETIC_RESOURCES: usize = 84;

/// The fixtures' settings: each crate gets its exercise program, which the compile test lints
/// and the contract test runs against Prism.
fn settings(name: &str) -> Settings {
    Settings::new(format!("fixture-{name}"))
        .runtime_path(runtime_path())
        .exercise_example(true)
}

/// The runtime crate of this repository, for the generated crates' `path` dependency.
fn runtime_path() -> String {
    root().join("generator/runtime").display().to_string()
}

/// Generates a fixture, turning a panic into a test failure that names the fixture.
fn generate(name: &str) -> Result<GeneratedCrate, openapi_client_gen::Diagnostics> {
    let path = fixture(name);
    match catch_unwind(AssertUnwindSafe(|| {
        generate_from_path(&path, &settings(name))
    })) {
        Ok(result) => result,
        Err(_) => panic!("the generator panicked on fixture `{name}`"),
    }
}

/// Diagnostics as the user sees them, without the machine-specific path of the fixture.
fn rendered(diags: &openapi_client_gen::Diagnostics, name: &str) -> String {
    let path = fixture(name).display().to_string();
    diags
        .to_string()
        .replace(&path, &format!("tests/fixtures/generality/{name}.yaml"))
}

#[test]
fn every_fixture_is_classified() {
    let mut found: Vec<String> = std::fs::read_dir(root().join("tests/fixtures/generality"))
        .expect("the fixture directory exists")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".yaml").map(str::to_owned)
        })
        .collect();
    found.sort();
    let mut listed: Vec<&str> = COMPILED.iter().chain(REJECTED).copied().collect();
    listed.sort_unstable();
    assert_eq!(
        found, listed,
        "list every fixture as compiled or rejected (and in the README)"
    );
}

#[test]
fn compiled_fixtures_match_their_snapshots() {
    for name in COMPILED {
        let generated = generate(name).unwrap_or_else(|diags| {
            panic!(
                "fixture `{name}` should generate:\n{}",
                rendered(&diags, name)
            )
        });
        let mut text = String::new();
        if !generated.warnings.is_empty() {
            text.push_str("==== warnings ====\n");
            text.push_str(&rendered(&generated.warnings, name));
            text.push('\n');
        }
        for (path, content) in &generated.files {
            let is_rust = path.ends_with(".rs");
            if is_rust {
                text.push_str(&format!("==== {path} ====\n{content}"));
            }
        }
        insta::assert_snapshot!(*name, text);
    }
}

#[test]
fn rejected_fixtures_report_located_errors() {
    for name in REJECTED {
        let diags = match generate(name) {
            Ok(_) => panic!("fixture `{name}` should be rejected"),
            Err(diags) => diags,
        };
        assert!(diags.has_errors());
        for diagnostic in diags.iter() {
            assert!(
                diagnostic.pointer.starts_with("#/"),
                "`{}` in `{name}` is not located",
                diagnostic.message
            );
        }
        insta::assert_snapshot!(*name, rendered(&diags, name));
    }
}

#[test]
fn synthetic_document_has_the_promised_size() {
    let text = integration_tests::synth::synthetic_spec(SYNTHETIC_RESOURCES);
    let document = openapi_client_gen::load_str(&text).expect("the synthetic document loads");
    let operations: usize = document.api.operations().count();
    let schemas = document
        .api
        .components
        .as_ref()
        .map_or(0, |c| c.schemas.len());
    assert!(operations >= 500, "{operations} operations");
    assert!(schemas >= 1000, "{schemas} schemas");
    let generated = openapi_client_gen::generate_from_str(&text, &Settings::new("synthetic"))
        .expect("the synthetic document generates");
    assert!(
        generated.warnings.is_empty(),
        "unexpected warnings:\n{}",
        generated.warnings
    );
    // One file per API group (tag) and one per model, so no file grows with the document.
    let api_files = generated
        .files
        .keys()
        .filter(|p| p.starts_with("src/apis/"))
        .count();
    assert_eq!(
        api_files,
        SYNTHETIC_RESOURCES + 1,
        "one file per tag and mod.rs"
    );
    let largest = generated
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("src/apis/") || p.starts_with("src/models/"))
        .filter(|(p, _)| !p.ends_with("mod.rs"))
        .map(|(_, text)| text.lines().count())
        .max()
        .unwrap_or(0);
    assert!(largest < 1500, "a generated file has {largest} lines");
}

/// Writes every compiled fixture and the synthetic crate into one workspace and builds it with
/// `#![deny(warnings)]` (then clippy, when installed), failing with the compiler's output.
#[test]
fn generated_crates_compile_without_warnings() {
    let workspace = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generality");
    std::fs::create_dir_all(&workspace).expect("the scratch workspace can be created");
    let mut members = Vec::new();
    // Per member, the feature sets built besides the defaults: none, then single groups.
    let mut matrix: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for name in COMPILED {
        let generated = generate(name).expect("compiled fixtures generate");
        let member = format!("fixture-{name}");
        write_member(&workspace, &member, &generated);
        let groups = group_features(&generated);
        let mut sets: Vec<Vec<String>> = std::iter::once(Vec::new())
            .chain(groups.iter().map(|f| vec![f.clone()]))
            .collect();
        // The mocks with no group, and with all of them; the command-line tool with all of
        // them (its binary too: `clippy` builds the bins a feature set enables).
        if has_mock(&generated) {
            sets.push(vec!["mock".into()]);
            sets.push(groups.iter().cloned().chain(["mock".into()]).collect());
            sets.push(groups.iter().cloned().chain(["cli".into()]).collect());
        }
        matrix.push((member.clone(), sets));
        members.push(member);
    }
    // The same fixture as a flat crate: no features, everything built.
    let flat = openapi_client_gen::generate_from_str(
        &std::fs::read_to_string(fixture("parameters")).expect("fixture readable"),
        &settings("parameters-flat").group_features(false),
    )
    .expect("the flat crate generates");
    assert!(
        group_features(&flat).is_empty(),
        "a flat crate has no group features"
    );
    matrix.push(("fixture-parameters-flat".into(), vec![vec!["mock".into()]]));
    write_member(&workspace, "fixture-parameters-flat", &flat);
    members.push("fixture-parameters-flat".into());
    // A build script's module with group features, in a crate that declares them (as
    // `examples/build-script-client` does): its `src/lib.rs` is the module file, built with no
    // group, one, and all of them.
    let document = openapi_client_gen::load_path(&root().join("spec/containerregistries.yaml"))
        .expect("the spec loads");
    let (api, _) = openapi_client_gen::lower(&document).expect("the spec lowers");
    let module_settings = Settings::new("module-features").runtime_path(runtime_path());
    let module = openapi_client_gen::generate_module(&api, &module_settings, "registry")
        .expect("the module generates");
    assert!(module.contains(r#"#[cfg(feature = "tokens")]"#));
    let mut module_crate =
        openapi_client_gen::generate(&api, &module_settings).expect("the crate generates");
    module_crate
        .files
        .retain(|path, _| path == "Cargo.toml" || path == "README.md");
    module_crate.files.insert(
        "src/lib.rs".into(),
        format!("//! A build script's module, with the group features.\n{module}"),
    );
    write_member(&workspace, "module-features", &module_crate);
    members.push("module-features".into());
    matrix.push((
        "module-features".into(),
        vec![Vec::new(), vec!["tokens".into()]],
    ));
    let started = Instant::now();
    let synthetic = openapi_client_gen::generate_from_str(
        &integration_tests::synth::synthetic_spec(SYNTHETIC_RESOURCES),
        &Settings::new("synthetic").runtime_path(runtime_path()),
    )
    .expect("the synthetic document generates");
    eprintln!(
        "generated the synthetic crate ({} files) in {:.2?}",
        synthetic.files.len(),
        started.elapsed()
    );
    write_member(&workspace, "synthetic", &synthetic);
    members.push("synthetic".into());
    // A sample of the synthetic crate's groups: the first resources reach few models, later
    // ones long chains of them.
    let synthetic_features = group_features(&synthetic);
    let sample = [0, 1, SYNTHETIC_RESOURCES / 2, SYNTHETIC_RESOURCES - 1].map(|index| {
        let resource = integration_tests::synth::resource_name(index).to_lowercase();
        let feature = synthetic_features
            .iter()
            .find(|feature| feature.replace('-', "") == resource)
            .unwrap_or_else(|| panic!("no feature for resource {resource}"));
        vec![feature.clone()]
    });
    let with_mock = vec![sample[0][0].clone(), "mock".to_string()];
    matrix.push((
        "synthetic".into(),
        std::iter::once(Vec::new())
            .chain(sample)
            .chain([with_mock])
            .collect(),
    ));
    write_workspace(&workspace, &root(), &members);

    cargo(&workspace, &["build", "--workspace", "--lib", "--examples"]);
    let clippy = Command::new(cargo_bin())
        .args(["clippy", "--version"])
        .output()
        .is_ok_and(|out| out.status.success());
    let lint = if clippy {
        cargo(
            &workspace,
            &["clippy", "--workspace", "--lib", "--examples"],
        );
        "clippy"
    } else {
        eprintln!("clippy is not installed: the generated crates were built but not linted");
        "check"
    };
    // The feature matrix, one cargo run per round: round `r` builds every member that has an
    // `r`-th feature set with exactly that set (features of different packages do not mix).
    let rounds = matrix.iter().map(|(_, sets)| sets.len()).max().unwrap_or(0);
    for round in 0..rounds {
        let mut args = vec![lint.to_string(), "--no-default-features".to_string()];
        let mut features = Vec::new();
        for (member, sets) in &matrix {
            let Some(set) = sets.get(round) else {
                continue;
            };
            args.extend(["-p".to_string(), member.clone()]);
            features.extend(set.iter().map(|feature| format!("{member}/{feature}")));
        }
        if !features.is_empty() {
            args.extend(["--features".to_string(), features.join(",")]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cargo(&workspace, &args);
    }
    // Every fixture's library builds for the browser too (the synthetic crate is only bigger).
    ensure_wasm_target();
    fetch_for(&workspace, WASM);
    let mut args = vec!["check", "--lib", "--target", WASM];
    for (member, _) in matrix.iter().filter(|(member, _)| member != "synthetic") {
        args.extend(["-p", member.as_str()]);
    }
    cargo(&workspace, &args);
}

/// The browser target the generated crates build for.
const WASM: &str = "wasm32-unknown-unknown";

/// Installs the [`WASM`] target with rustup when it is missing; without rustup the test fails
/// and says so.
fn ensure_wasm_target() {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .unwrap_or_else(|error| {
            panic!("the wasm check needs rustup to install the {WASM} target: {error}")
        });
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|line| line.trim() == WASM)
    {
        return;
    }
    let status = Command::new("rustup")
        .args(["target", "add", WASM])
        .status()
        .expect("rustup runs");
    assert!(status.success(), "rustup could not add the {WASM} target");
}

/// Downloads what `workspace` needs for `target` (the builds themselves run offline).
fn fetch_for(workspace: &Path, target: &str) {
    let status = Command::new(cargo_bin())
        .args(["fetch", "--target", target])
        .current_dir(workspace)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo fetch --target {target} failed");
}

/// Whether a generated crate has the `mock` feature (it has operations).
fn has_mock(generated: &GeneratedCrate) -> bool {
    generated.files["Cargo.toml"].contains("\nmock = [")
}

/// The group features a generated crate declares (its `[features]` table without `default`,
/// `mock` and `cli`).
fn group_features(generated: &GeneratedCrate) -> Vec<String> {
    let manifest = &generated.files["Cargo.toml"];
    let Some((_, table)) = manifest.split_once("\n[features]\n") else {
        return Vec::new();
    };
    table
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once(" = ").map(|(name, _)| name.trim()))
        .filter(|name| !["default", "mock", "cli"].contains(name))
        .map(str::to_string)
        .collect()
}

/// Generation and compile time of the synthetic document at three sizes, to show that both grow
/// linearly. Prints a table; asserts nothing about time. Run it with
/// `cargo test -p integration-tests --test generality -- --ignored --nocapture`.
#[test]
#[ignore = "takes minutes; a measurement, not a check"]
fn synthetic_document_scales_linearly() {
    let workspace = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generality-scaling");
    std::fs::create_dir_all(&workspace).expect("the scratch workspace can be created");
    let sizes = [21, 42, 84, 168];
    let mut members = Vec::new();
    let mut rows = Vec::new();
    for resources in sizes {
        let text = integration_tests::synth::synthetic_spec(resources);
        let dir = format!("synthetic-{resources}");
        let started = Instant::now();
        let settings = Settings::new(&dir).runtime_path(runtime_path());
        let generated = openapi_client_gen::generate_from_str(&text, &settings)
            .expect("the synthetic document generates");
        let generation = started.elapsed();
        let lines: usize = generated.files.values().map(|t| t.lines().count()).sum();
        write_member(&workspace, &dir, &generated);
        members.push(dir.clone());
        rows.push((resources, dir, generation, lines));
    }
    write_workspace(&workspace, &root(), &members);
    // Dependencies first, so that the timed runs compile only the generated crate.
    cargo(&workspace, &["build", "-p", &members[0]]);
    cargo(&workspace, &["check", "-p", &members[0]]);
    eprintln!(
        "| resources | operations | schemas | lines | generate | cargo check | cargo build |"
    );
    eprintln!("| --- | --- | --- | --- | --- | --- | --- |");
    for (resources, dir, generation, lines) in rows {
        let lib = workspace.join(&dir).join("src/lib.rs");
        // Wall-clock time, and the CPU time of cargo and the compilers it ran (`times` of a
        // shell), which a busy machine disturbs less.
        let timed = |command: &str| {
            let text = std::fs::read_to_string(&lib).expect("lib.rs is readable");
            std::fs::write(&lib, text).expect("lib.rs is writable");
            let started = Instant::now();
            let output = Command::new("sh")
                .arg("-c")
                .arg(r#""$0" "$@" && times"#)
                .arg(cargo_bin())
                .args([command, "-q", "--offline", "-p", &dir, "--target-dir"])
                .arg(workspace.join("target"))
                .current_dir(&workspace)
                .env("CARGO_INCREMENTAL", "0")
                .env_remove("CARGO_TARGET_DIR")
                .output()
                .expect("sh and cargo run");
            assert!(output.status.success(), "cargo {command} failed for {dir}");
            let wall = started.elapsed();
            let cpu: f64 = String::from_utf8_lossy(&output.stdout)
                .lines()
                .last()
                .unwrap_or("")
                .split_whitespace()
                .filter_map(|t| {
                    let (minutes, seconds) = t.trim_end_matches('s').split_once('m')?;
                    Some(minutes.parse::<f64>().ok()? * 60.0 + seconds.parse::<f64>().ok()?)
                })
                .sum();
            format!("{:.1}s ({cpu:.1}s CPU)", wall.as_secs_f64())
        };
        let check = timed("check");
        let build = timed("build");
        eprintln!(
            "| {resources} | {} | {} | {lines} | {generation:.2?} | {check} | {build} |",
            resources * integration_tests::synth::OPERATIONS_PER_RESOURCE,
            resources * integration_tests::synth::SCHEMAS_PER_RESOURCE
                + integration_tests::synth::SHARED_SCHEMAS,
        );
    }
}

/// Writes a generated crate as workspace member `dir`, with `#![deny(warnings)]` on top of the
/// library and the exercise program.
fn write_member(workspace: &Path, dir: &str, generated: &GeneratedCrate) {
    let mut generated = generated.clone();
    let lib = generated
        .files
        .get_mut("src/lib.rs")
        .expect("every crate has a lib.rs");
    *lib = format!("#![deny(warnings)]\n{lib}");
    if let Some(exercise) = generated.files.get_mut("examples/exercise.rs") {
        *exercise = format!("#![deny(warnings)]\n{exercise}");
    }
    write_crate(&generated, &workspace.join(dir)).expect("the crate can be written");
}

/// Runs `cargo <args>` in `workspace` with its own target directory.
fn cargo(workspace: &Path, args: &[&str]) {
    integration_tests::scratch::cargo(workspace, &workspace.join("target"), args);
}
