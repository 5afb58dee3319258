//! Contract tests: the generated client against Prism (`@stoplight/prism-cli`, pinned below), a
//! mock server written by others that checks every request against the OpenAPI document and
//! answers with responses generated from the document's schemas (`--dynamic`). Our own wire
//! tests compare requests with expectations we wrote; a misreading of the document shared by
//! the generator and those tests passes them, but not Prism.
//!
//! Each run calls all 22 operations with realistic arguments, over several rounds of random
//! responses whose seeds are printed (`CONTRACT_SEED=<n>` replays one), and fails on any
//! request violation Prism logs, on any response the client cannot decode, and on any
//! operation not exercised. It runs against `spec/containerregistries.yaml`, and against the
//! published document in `../shared/spec/` when that file exists (the test that uses it is
//! `#[ignore]`d, like the other comparisons with the published document, and `.ci/run` runs it).
//!
//! The same runs cover the generality fixtures that have operations: each crate is generated
//! with its exercise program (`Settings::exercise_example`), which calls every operation with
//! arguments synthesized from the fixture's schemas, one operation per run of the program so
//! that Prism's log lines belong to it. Operations that cannot pass are in [`KNOWN_GAPS`], with
//! the reason; the test fails when one of them passes, so the list stays true.
//!
//! Prism also checks the responses it generates, and sometimes breaks its own document (a
//! recursive schema cut short, a `oneOf` matched twice): those lines are printed, not counted
//! as request violations, and a response the client rejects after Prism said it broke the
//! document is not the client's failure.
//!
//! Prism is installed with npm into `target/contract/` on first use (`PRISM=<path>` uses
//! another installation). Without Node the test fails and says so; it never passes silently.

use integration_tests::fixtures::{fixture, root, COMPILED};
use integration_tests::scratch::{cargo, write_workspace};
use ionoscloud_container_registry::models::{
    Day, PatchRegistryInput, PatchTokenInput, PatchTokenInputStatus, PostRegistryInput,
    PostRegistryProperties, PostTokenInput, PostTokenProperties, PostTokenPropertiesStatus,
    PutRegistryInput, PutTokenInput, Scope, WeeklySchedule,
};
use ionoscloud_container_registry::models::{
    RegistriesArtifactsGetOrderBy, RegistriesRepositoriesArtifactsGetOrderBy,
    RegistriesRepositoriesArtifactsVulnerabilitiesGetOrderBy, RegistriesRepositoriesGetOrderBy,
};
use ionoscloud_container_registry::{
    Client, Error, RegistriesArtifactsGetOptions, RegistriesGetOptions,
    RegistriesRepositoriesArtifactsGetOptions,
    RegistriesRepositoriesArtifactsVulnerabilitiesGetOptions, RegistriesRepositoriesGetOptions,
    RegistriesTokensGetOptions, RetryPolicy,
};
use list::Operation;
use openapi_client_gen::{generate_from_path, load_path, lower, write_crate, Settings};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "operations/list.rs"]
mod list;

/// The Prism release the contract is checked with.
const PRISM_VERSION: &str = "5.14.2";
/// Rounds of random responses per document.
const ROUNDS: u64 = 3;

#[test]
fn every_operation_passes_prism_against_our_document() {
    let document = root().join("spec/containerregistries.yaml");
    check_contract(
        &for_prism(&document, &scratch_copy("ours"), false),
        &Operation::ALL,
    );
}

#[test]
#[ignore = "needs ../shared/spec/containerregistries-upstream.yaml; .ci/run runs it"]
fn every_operation_passes_prism_against_the_published_document() {
    let published = root().join("../shared/spec/containerregistries-upstream.yaml");
    assert!(
        published.exists(),
        "{} is missing: this comparison needs the published document",
        published.display()
    );
    // The published document describes API 1.0: the operations added since are not in it.
    let old: Vec<Operation> = Operation::ALL
        .into_iter()
        .filter(|op| !op.is_new())
        .collect();
    assert_eq!(old.len(), 15);
    check_contract(
        &for_prism(&published, &scratch_copy("published"), true),
        &old,
    );
}

/// Fixture operations that cannot pass, and why. A gap that fails `Always` must fail in every
/// round: the test fails when it passes, so the list stays true. One that fails `WithSomeSeeds`
/// depends on the random responses; its problems are printed and never counted.
const KNOWN_GAPS: &[Gap] = &[
    Gap {
        fixture: "approximated",
        operation: "createNote",
        fails: Fails::Always,
        why: "its XML body is bytes the caller encodes (the generator warns), and the exercise \
         program has no schema to encode one from",
    },
    Gap {
        fixture: "bodies",
        operation: "login",
        fails: Fails::Always,
        why: "Prism reads an array field of a urlencoded body as a string (\"scopes must be \
         array\", also for `scopes=x&scopes=y`)",
    },
    Gap {
        fixture: "parameters",
        operation: "listItems",
        fails: Fails::Always,
        why: "its `filter[name]` parameter collides with the `deepObject` parameter `filter` in \
         Prism's reading of the query",
    },
    Gap {
        fixture: "realworld",
        operation: "uploadPhoto",
        fails: Fails::Always,
        why: "Prism reads every multipart part as text, so the object part, sent as JSON as \
         OpenAPI says objects are, fails its \"position must be object\"",
    },
    Gap {
        fixture: "schemas",
        operation: "getOrganisation",
        fails: Fails::WithSomeSeeds,
        why: "with some seeds Prism cuts the recursion of `Person` and `Company` short with \
         `{}`, which lacks the required `ceo`, and does not flag its own response",
    },
    Gap {
        fixture: "schemas",
        operation: "getTree",
        fails: Fails::WithSomeSeeds,
        why: "with some seeds Prism cuts the recursive `TreeNode` short with `{}`, which lacks \
         the required `value`, and does not flag its own response",
    },
];

/// Fixture operations that fetch an OAuth 2 token with client credentials (from the token URL
/// of the document, which Prism serves too) before the call itself, on this route.
const TOKEN_FIRST: &[(&str, &str, &str)] = &[
    ("security", "listItems", "get /items"),
    ("security", "createItem", "post /items"),
];

/// An operation of a fixture that cannot pass against Prism.
struct Gap {
    fixture: &'static str,
    operation: &'static str,
    fails: Fails,
    why: &'static str,
}

/// When a [`Gap`] shows.
#[derive(PartialEq)]
enum Fails {
    /// In every round.
    Always,
    /// With some of Prism's random responses.
    WithSomeSeeds,
}

#[test]
fn every_fixture_operation_passes_prism() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let workspace = tmp.join("contract-fixtures");
    // The compile test's target directory: the dependencies are already built there.
    let target = tmp.join("generality/target");
    let bin = workspace.join("bin");
    std::fs::create_dir_all(&bin).expect("the scratch workspace can be created");
    // The compiled fixtures that have operations, with their operation ids.
    let mut fixtures = Vec::new();
    let mut members = Vec::new();
    let mut operations = Vec::new();
    for name in COMPILED {
        let path = fixture(name);
        let document = load_path(&path).expect("the fixture loads");
        let (api, _) = lower(&document).expect("the fixture lowers");
        let ids: Vec<String> = api
            .operations
            .into_iter()
            .map(|op| op.operation_id)
            .collect();
        if ids.is_empty() {
            continue;
        }
        let member = format!("fixture-{name}");
        let settings = Settings::new(member.as_str())
            .runtime_path(root().join("generator/runtime").display().to_string())
            .exercise_example(true);
        let generated = generate_from_path(&path, &settings).expect("the fixture generates");
        write_crate(&generated, &workspace.join(&member)).expect("the crate can be written");
        fixtures.push(*name);
        members.push(member);
        operations.push(ids);
    }
    eprintln!(
        "contract: {} fixtures with {} operations",
        fixtures.len(),
        operations.iter().map(Vec::len).sum::<usize>()
    );
    write_workspace(&workspace, &root(), &members);
    // One package at a time: every exercise program is called `exercise`.
    for member in &members {
        cargo(
            &workspace,
            &target,
            &["build", "-p", member, "--example", "exercise"],
        );
        std::fs::copy(
            target.join(format!(
                "debug/examples/exercise{}",
                std::env::consts::EXE_SUFFIX
            )),
            bin.join(format!("{member}{}", std::env::consts::EXE_SUFFIX)),
        )
        .expect("the exercise program was built");
    }
    let documents = workspace.join("documents");
    std::fs::create_dir_all(&documents).expect("the scratch directory can be created");
    let prism = prism_bin();
    let mut failures = Vec::new();
    for ((name, member), ids) in fixtures.iter().zip(&members).zip(&operations) {
        let document = for_prism(
            &fixture(name),
            &documents.join(format!("{name}.prism.json")),
            false,
        );
        let exercise = bin.join(format!("{member}{}", std::env::consts::EXE_SUFFIX));
        for seed in seeds() {
            eprintln!(
                "contract: fixture {name} with seed {seed} (replay with CONTRACT_SEED={seed})"
            );
            let mut server = Prism::start(&prism, &document, seed);
            for id in ids {
                // Prism exits on some requests it cannot parse; the next operation gets a new one.
                if server.exited() {
                    server = Prism::start(&prism, &document, seed);
                }
                let url = format!("http://127.0.0.1:{}", server.port);
                let before = server.log_len();
                let output = Command::new(&exercise)
                    .args([url.as_str(), id.as_str()])
                    .output()
                    .expect("the exercise program runs");
                let printed = String::from_utf8_lossy(&output.stdout);
                let logged = server.logged_since(before);
                let context = format!("{name} seed {seed}: {id}");
                let mut problems = Vec::new();
                if !logged.received {
                    problems.push(format!(
                        "{context} was not exercised: Prism received no request"
                    ));
                }
                // An operation with OAuth 2 client credentials fetches its token from the
                // document's token URL first.
                if let Some((_, _, route)) = TOKEN_FIRST
                    .iter()
                    .find(|(fixture, operation, _)| fixture == name && operation == id)
                {
                    let expected = ["post /oauth/token", route];
                    if logged.requests != expected {
                        problems.push(format!(
                            "{context} sent {:?}, not the token request and then the call {expected:?}",
                            logged.requests
                        ));
                    }
                }
                let outcome = format!(
                    "{}{}",
                    printed.trim(),
                    String::from_utf8_lossy(&output.stderr).trim()
                );
                if outcome != format!("ok {id}") || !output.status.success() {
                    if logged.excuses_decoding(&outcome) {
                        eprintln!(
                            "contract: {context}: Prism's response broke the document: {outcome}"
                        );
                    } else if prism_failed(&outcome) {
                        eprintln!("contract: {context}: Prism could not answer: {outcome}");
                    } else {
                        problems.push(format!("{context} failed: {outcome}"));
                    }
                }
                for violation in logged.violations {
                    problems.push(format!("{context}: Prism: {violation}"));
                }
                if server.exited() {
                    problems.push(format!("{context}: Prism exited while handling it"));
                }
                let gap = KNOWN_GAPS
                    .iter()
                    .find(|gap| gap.fixture == *name && gap.operation == id);
                match gap {
                    Some(gap) if problems.is_empty() && gap.fails == Fails::Always => failures
                        .push(format!(
                            "{context} passed, but KNOWN_GAPS says it cannot ({}): remove it \
                             there",
                            gap.why
                        )),
                    Some(gap) if problems.is_empty() => {
                        eprintln!(
                            "contract: {context}: no problem with this seed ({})",
                            gap.why
                        )
                    }
                    Some(gap) => eprintln!(
                        "contract: {context}: known gap, {}; here: {}",
                        gap.why,
                        problems.join(" | ")
                    ),
                    None => failures.extend(problems),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} contract failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Whether a failed call is Prism failing to generate an answer (500 with one of its own error
/// types: a media type it cannot write, such as `image/jpeg` or an object for `*/*`, or an
/// error inside its schema faker). The request was still checked.
fn prism_failed(outcome: &str) -> bool {
    outcome.contains("HTTP 500")
        && [
            "stoplight.io/prism/errors#UNKNOWN",
            "stoplight.io/prism/errors#NO_COMPLEX_OBJECT_TEXT",
        ]
        .iter()
        .any(|kind| outcome.contains(kind))
}

/// The seeds of the rounds: `CONTRACT_SEED` alone, else [`ROUNDS`] from the clock.
fn seeds() -> Vec<u64> {
    if let Some(seed) = std::env::var("CONTRACT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        return vec![seed];
    }
    let base = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_secs() % 100_000);
    (0..ROUNDS).map(|round| base + round).collect()
}

/// A copy of `document` (as JSON, next to the test's other scratch files) that Prism serves as
/// the API does:
/// - Prism matches a request path against `paths` as written and ignores the path of the server
///   URL, which the client sends (`/containerregistries/registries`): the copy's paths start
///   with the server URL's path.
/// - `split_security`: the published document lists `basicAuth` and `tokenAuth` in one
///   security requirement, which in OpenAPI means both at once, so Prism would answer 401 to
///   every request. Its prose, like every SDK built from it, means either one: each
///   requirement with several schemes becomes a list of alternatives. (Its other flaw, examples
///   that violate its own schemas, is why Prism runs `--dynamic`: responses come from the
///   schemas, not from the examples.)
fn for_prism(source: &Path, out: &Path, split_security: bool) -> PathBuf {
    let text = std::fs::read_to_string(source).expect("the document is readable");
    let text = wide_integers_as_floats(&text);
    let mut document: serde_json::Value =
        serde_yaml::from_str(&text).expect("the document is YAML");
    let dir = source.parent().unwrap_or(Path::new("."));
    let root = document.clone();
    let dangling = drop_dangling_references(&mut document, &root, dir);
    if dangling > 0 {
        eprintln!(
            "contract: {}: {dangling} references to nothing are served as any value",
            source.display()
        );
    }
    let base_path = base_path(&mut document);
    let paths = document["paths"]
        .as_object_mut()
        .expect("the document has paths");
    let prefixed: serde_json::Map<String, serde_json::Value> = std::mem::take(paths)
        .into_iter()
        .map(|(path, item)| (format!("{base_path}{}", plain_placeholders(&path)), item))
        .collect();
    *paths = prefixed;
    // References into `paths` (a parameter reused from another path) follow the move.
    if !base_path.is_empty() {
        let escaped = format!(
            "#/paths/{}",
            base_path.replace('~', "~0").replace('/', "~1")
        );
        prefix_path_references(&mut document, &escaped);
    }
    if split_security {
        let mut split = 0;
        if let Some(security) = document.get_mut("security") {
            split += alternatives(security);
        }
        for item in document["paths"]
            .as_object_mut()
            .expect("the document has paths")
            .values_mut()
        {
            for operation in item
                .as_object_mut()
                .into_iter()
                .flat_map(|m| m.values_mut())
            {
                if let Some(security) = operation.get_mut("security") {
                    split += alternatives(security);
                }
            }
        }
        assert!(
            split > 0,
            "the document no longer combines schemes in one requirement: drop this step"
        );
    }
    std::fs::write(out, serde_json::to_string_pretty(&document).expect("JSON"))
        .expect("the scratch copy can be written");
    out.to_path_buf()
}

/// Points each `$ref: '#/paths/<path>/...'` at `<prefix><path>`, the path's key once the base
/// path is in front of it.
fn prefix_path_references(value: &mut serde_json::Value, prefix: &str) {
    match value {
        serde_json::Value::Object(object) => {
            if let Some(serde_json::Value::String(target)) = object.get_mut("$ref") {
                if let Some(rest) = target.strip_prefix("#/paths/") {
                    *target = format!("{prefix}{rest}");
                }
            }
            object
                .values_mut()
                .for_each(|v| prefix_path_references(v, prefix));
        }
        serde_json::Value::Array(items) => items
            .iter_mut()
            .for_each(|v| prefix_path_references(v, prefix)),
        _ => {}
    }
}

/// `path` with each `{name:pattern}` placeholder written `{name}` and without a query string,
/// as the generator reads it; Prism matches no request against a template with a pattern
/// (`flawed.yaml` has one) or a query (`realworld.yaml`).
fn plain_placeholders(path: &str) -> String {
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    let mut in_pattern = false;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    in_pattern = false;
                    out.push(c);
                    continue;
                }
            }
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push(c);
                    continue;
                }
            }
            ':' if depth == 1 => in_pattern = true,
            _ => {}
        }
        if !(in_pattern && depth >= 1) {
            out.push(c);
        }
    }
    out
}

/// Where the copy of a document named `name` goes.
fn scratch_copy(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("contract-{name}.json"))
}

/// `text` with each value that is an integer beyond 64 bits written as a float (`.0`
/// appended), which serde_yaml can read; a fixture (`imperfect.yaml`) has one on purpose.
fn wide_integers_as_floats(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end();
        let number = body.rsplit_once(": ").map_or("", |(_, value)| value);
        let digits = number.strip_prefix('-').unwrap_or(number);
        let wide = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && number.parse::<i64>().is_err()
            && number.parse::<u64>().is_err();
        if wide {
            out.push_str(body);
            out.push_str(".0");
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Replaces each schema that is only a `$ref` to a file that does not exist, or to a node
/// `root` does not have, by `{}` (any value); returns how many. Fixtures have both on purpose
/// (`approximated.yaml`, `flawed.yaml`): the generator warns and types them as any JSON value,
/// but Prism cannot load a document with them.
fn drop_dangling_references(
    value: &mut serde_json::Value,
    root: &serde_json::Value,
    dir: &Path,
) -> usize {
    match value {
        serde_json::Value::Object(object) => {
            let dangling = object
                .get("$ref")
                .and_then(|r| r.as_str())
                .is_some_and(|r| {
                    let (file, fragment) = r.split_once('#').unwrap_or((r, ""));
                    if file.is_empty() {
                        root.pointer(fragment).is_none()
                    } else {
                        !file.contains("://") && !dir.join(file).exists()
                    }
                });
            if dangling {
                object.clear();
                return 1;
            }
            object
                .values_mut()
                .map(|v| drop_dangling_references(v, root, dir))
                .sum()
        }
        serde_json::Value::Array(items) => items
            .iter_mut()
            .map(|v| drop_dangling_references(v, root, dir))
            .sum(),
        _ => 0,
    }
}

/// The path of the document's first server, its variables set to their defaults (Swagger
/// 2.0: `basePath`, which is then removed, since the paths now carry it); empty without one.
fn base_path(document: &mut serde_json::Value) -> String {
    if let Some(base) = document.as_object_mut().and_then(|d| d.remove("basePath")) {
        return base
            .as_str()
            .unwrap_or("")
            .trim_end_matches('/')
            .to_string();
    }
    let server = &document["servers"][0];
    let mut url = server["url"].as_str().unwrap_or("").to_string();
    if let Some(variables) = server["variables"].as_object() {
        for (name, variable) in variables {
            let default = variable["default"].as_str().unwrap_or("");
            url = url.replace(&format!("{{{name}}}"), default);
        }
    }
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.split_once('/').map_or("", |(_, path)| path),
        None => url.trim_start_matches('/'),
    };
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        String::new()
    } else {
        format!("/{path}")
    }
}

/// Replaces each security requirement naming several schemes by one requirement per scheme;
/// returns how many were split.
fn alternatives(security: &mut serde_json::Value) -> usize {
    let Some(requirements) = security.as_array_mut() else {
        return 0;
    };
    let mut split = 0;
    let mut out = Vec::new();
    for requirement in requirements.drain(..) {
        match requirement.as_object() {
            Some(schemes) if schemes.len() > 1 => {
                split += 1;
                out.extend(
                    schemes
                        .iter()
                        .map(|(name, scopes)| serde_json::json!({ name: scopes })),
                );
            }
            _ => out.push(requirement),
        }
    }
    *requirements = out;
    split
}

/// Runs every round of `operations` against `document` and fails with everything that went
/// wrong.
fn check_contract(document: &Path, operations: &[Operation]) {
    let prism = prism_bin();
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let mut failures = Vec::new();
    for seed in seeds() {
        eprintln!(
            "contract: {} with seed {seed} (replay with CONTRACT_SEED={seed})",
            document.display()
        );
        let server = Prism::start(&prism, document, seed);
        let client = Client::builder()
            .base_url(format!("http://127.0.0.1:{}", server.port))
            // Both credentials: the operations of 1.0 send basic auth, their first alternative,
            // and those of 1.2 the token, the only one they accept; Prism checks each.
            .basic_auth("contract@example.com", "contract-password")
            .token("contract-token")
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("a valid client configuration");
        for &operation in operations {
            let before = server.log_len();
            let result = runtime.block_on(operation.call(&client));
            let logged = server.logged_since(before);
            if !logged.received {
                failures.push(format!(
                    "seed {seed}: {operation:?} was not exercised: Prism received no request"
                ));
            }
            match result {
                Err(error) if logged.excuses_decoding(&error.to_string()) => eprintln!(
                    "contract: seed {seed}: {operation:?}: Prism's response broke the document: {error}"
                ),
                Err(error) => failures.push(format!("seed {seed}: {operation:?} failed: {error}")),
                Ok(()) => {}
            }
            for violation in logged.violations {
                failures.push(format!("seed {seed}: {operation:?}: Prism: {violation}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} contract failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

const REGISTRY_ID: &str = "3f2c9a1e-7b4d-4e8a-9c61-0d5e2f8b7a43";
const TOKEN_ID: &str = "b7e4d2c0-5a19-4f3e-8d27-6c1a9e0f4b58";
const DIGEST: &str = "sha256:4b1c2d3e5f60718293a4b5c6d7e8f9011223344556677889900aabbccddeeff0";

/// Calling each operation with arguments a real user would send.
impl Operation {
    /// Calls the operation; `Ok` means the response was a success and decoded.
    async fn call(self, client: &Client) -> Result<(), Error> {
        let registry = REGISTRY_ID.parse().expect("a UUID");
        let token = TOKEN_ID.parse().expect("a UUID");
        let schedule = WeeklySchedule::new(Some(vec![Day::Saturday]), "01:30:00+00:00");
        let registry_body = PostRegistryProperties::new("de/fra", "acme-images")
            .with_garbage_collection_schedule(schedule.clone());
        let scopes = vec![Scope::new(
            Some(vec!["push".into(), "pull".into()]),
            "nginx",
            "repository",
        )];
        let token_body = PostTokenProperties::new("ci-pusher")
            .with_scopes(scopes)
            .with_status(PostTokenPropertiesStatus::Enabled);
        let registries = client.registries_api();
        let tokens = client.tokens_api();
        match self {
            Self::LocationsGet => client.locations_api().locations_get().await.map(drop),
            Self::NamesCheckUsage => client.names_api().names_check_usage("acme-images").await,
            Self::RegistriesGet => registries
                .registries_get(RegistriesGetOptions::default().limit("10"))
                .await
                .map(drop),
            Self::RegistriesPost => registries
                .registries_post(&PostRegistryInput::new(registry_body))
                .await
                .map(drop),
            Self::RegistriesFindById => registries.registries_find_by_id(registry).await.map(drop),
            Self::RegistriesPut => registries
                .registries_put(registry, &PutRegistryInput::new(registry_body))
                .await
                .map(drop),
            Self::RegistriesPatch => registries
                .registries_patch(
                    registry,
                    &PatchRegistryInput::new().with_garbage_collection_schedule(schedule),
                )
                .await
                .map(drop),
            Self::RegistriesDelete => registries.registries_delete(registry).await,
            Self::RegistriesRepositoriesDelete => {
                client
                    .repositories_api()
                    .registries_repositories_delete(registry, "nginx")
                    .await
            }
            Self::RegistriesTokensGet => tokens
                .registries_tokens_get(registry, RegistriesTokensGetOptions::default().limit("10"))
                .await
                .map(drop),
            Self::RegistriesTokensPost => tokens
                .registries_tokens_post(registry, &PostTokenInput::new(token_body))
                .await
                .map(drop),
            Self::RegistriesTokensFindById => tokens
                .registries_tokens_find_by_id(registry, token)
                .await
                .map(drop),
            Self::RegistriesTokensPut => tokens
                .registries_tokens_put(registry, TOKEN_ID, &PutTokenInput::new(token_body))
                .await
                .map(drop),
            Self::RegistriesTokensPatch => tokens
                .registries_tokens_patch(
                    registry,
                    token,
                    &PatchTokenInput::new().with_status(PatchTokenInputStatus::Disabled),
                )
                .await
                .map(drop),
            Self::RegistriesTokensDelete => tokens.registries_tokens_delete(registry, token).await,
            Self::RegistriesRepositoriesGet => client
                .repositories_api()
                .registries_repositories_get(
                    registry,
                    RegistriesRepositoriesGetOptions::default()
                        .limit(50)
                        .filter_vulnerability_severity("HIGH")
                        .order_by(RegistriesRepositoriesGetOrderBy::LastPushDesc),
                )
                .await
                .map(drop),
            Self::RegistriesRepositoriesFindByName => client
                .repositories_api()
                .registries_repositories_find_by_name(registry, "nginx")
                .await
                .map(drop),
            Self::RegistriesArtifactsGet => client
                .artifacts_api()
                .registries_artifacts_get(
                    registry,
                    RegistriesArtifactsGetOptions::default()
                        .offset(0)
                        .filter_vulnerability_id("CVE-2024-3094")
                        .order_by(RegistriesArtifactsGetOrderBy::VulnFixableCountDesc),
                )
                .await
                .map(drop),
            Self::RegistriesRepositoriesArtifactsGet => client
                .artifacts_api()
                .registries_repositories_artifacts_get(
                    registry,
                    "nginx",
                    RegistriesRepositoriesArtifactsGetOptions::default()
                        .limit(20)
                        .order_by(RegistriesRepositoriesArtifactsGetOrderBy::LastPush),
                )
                .await
                .map(drop),
            Self::RegistriesRepositoriesArtifactsFindByDigest => client
                .artifacts_api()
                .registries_repositories_artifacts_find_by_digest(registry, "nginx", DIGEST)
                .await
                .map(drop),
            Self::RegistriesRepositoriesArtifactsVulnerabilitiesGet => client
                .vulnerabilities_api()
                .registries_repositories_artifacts_vulnerabilities_get(
                    registry,
                    "nginx",
                    DIGEST,
                    RegistriesRepositoriesArtifactsVulnerabilitiesGetOptions::default()
                        .filter_fixable(true)
                        .filter_severity("CRITICAL")
                        .order_by(
                            RegistriesRepositoriesArtifactsVulnerabilitiesGetOrderBy::ScoreDesc,
                        ),
                )
                .await
                .map(drop),
            Self::VulnerabilitiesFindById => client
                .vulnerabilities_api()
                .vulnerabilities_find_by_id("CVE-2024-3094")
                .await
                .map(drop),
        }
    }
}

/// The `prism` command: `$PRISM`, else the pinned version installed with npm into
/// `target/contract/` (once; later runs reuse it).
fn prism_bin() -> PathBuf {
    // The tests of this file run on several threads; one installs.
    static PRISM: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PRISM.get_or_init(install_prism).clone()
}

fn install_prism() -> PathBuf {
    if let Some(path) = std::env::var_os("PRISM") {
        return PathBuf::from(path);
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("..")
        .join("contract");
    let bin = dir.join("node_modules/.bin/prism");
    let installed = dir.join(format!("prism-{PRISM_VERSION}.installed"));
    if bin.exists() && installed.exists() {
        return bin;
    }
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.as_ref().is_ok_and(|out| out.status.success()),
        "the contract test needs Node.js and npm to run Prism, and `node` is not on PATH \
         (install Node 18 or later, or set PRISM to a prism binary)"
    );
    std::fs::create_dir_all(&dir).expect("target/contract can be created");
    eprintln!("contract: installing @stoplight/prism-cli@{PRISM_VERSION} with npm ...");
    let status = Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--prefix",
        ])
        .arg(&dir)
        .arg(format!("@stoplight/prism-cli@{PRISM_VERSION}"))
        .status()
        .expect("npm runs (it comes with Node.js)");
    assert!(
        status.success() && bin.exists(),
        "npm could not install @stoplight/prism-cli@{PRISM_VERSION} into {}",
        dir.display()
    );
    std::fs::write(&installed, "").expect("the marker can be written");
    bin
}

/// A running Prism mock server and everything it logged.
struct Prism {
    child: Child,
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

impl Prism {
    /// Starts Prism on a free loopback port, with dynamic responses from `seed`, and waits
    /// until it listens.
    fn start(prism: &Path, document: &Path, seed: u64) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free loopback port")
            .port();
        let mut child = Command::new(prism)
            .args([
                "mock",
                "--dynamic",
                "--seed",
                &seed.to_string(),
                "--host",
                "127.0.0.1",
            ])
            .args(["--port", &port.to_string()])
            .arg(document)
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("prism starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    log.lock().expect("log lock").push(line);
                }
            });
        }
        let started = Instant::now();
        let listening = || {
            log.lock()
                .expect("log lock")
                .iter()
                .any(|line| line.contains("Prism is listening"))
        };
        while !listening() {
            let joined = || log.lock().expect("log lock").join("\n");
            if let Ok(Some(status)) = child.try_wait() {
                panic!("Prism exited ({status}) before listening:\n{}", joined());
            }
            if started.elapsed() > Duration::from_secs(120) {
                let _ = child.kill();
                panic!("Prism did not start within 120 s:\n{}", joined());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Prism { child, port, log }
    }

    /// Whether the Prism process ended (it exits on some inputs it cannot parse).
    fn exited(&mut self) -> bool {
        !matches!(self.child.try_wait(), Ok(None))
    }

    fn log_len(&self) -> usize {
        self.log.lock().expect("log lock").len()
    }

    /// What Prism logged after line `from` about the one call made since (it logs before it
    /// answers, so the lines are there once the response arrived; a short wait covers the
    /// pipe).
    fn logged_since(&self, from: usize) -> Logged {
        std::thread::sleep(Duration::from_millis(50));
        let log = self.log.lock().expect("log lock");
        let lines = &log[from.min(log.len())..];
        // Prism also checks its own (generated) responses: those lines say
        // "Violation: response...". They are the server's mistakes, not the client's.
        // Sending a deprecated parameter is allowed: Prism's notice of it is no violation.
        let errors = lines.iter().filter(|line| {
            line.contains("[VALIDATOR]")
                && line.contains("error")
                && !line.contains("is deprecated")
        });
        let (invalid_response, mut violations): (Vec<String>, Vec<String>) = errors
            .cloned()
            .partition(|line| line.contains("Violation: response"));
        if violations.is_empty()
            && lines
                .iter()
                .any(|line| line.contains("did not pass the validation rules"))
        {
            violations.push("the request did not pass the validation rules".into());
        }
        Logged {
            received: lines.iter().any(|line| line.contains("Request received")),
            requests: lines
                .iter()
                .filter(|line| line.contains("Request received"))
                .filter_map(|line| {
                    let after = line.split("[HTTP SERVER] ").nth(1)?;
                    Some(after.split(" ℹ").next()?.trim().to_string())
                })
                .collect(),
            violations,
            invalid_response,
        }
    }
}

/// What Prism logged about one call.
struct Logged {
    /// Whether the request reached Prism.
    received: bool,
    /// The requests Prism received, in order: `post /oauth/token`.
    requests: Vec<String>,
    /// The request violations it reported.
    violations: Vec<String>,
    /// What it reported wrong with its own response (generated from the schemas, it can break
    /// them: a recursive schema cut short, a `oneOf` matched twice).
    invalid_response: Vec<String>,
}

impl Logged {
    /// Whether a failure to decode the response is the server's doing: Prism said its
    /// response breaks the document.
    fn excuses_decoding(&self, error: &str) -> bool {
        !self.invalid_response.is_empty() && error.contains("cannot decode")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn route_patterns_are_dropped_for_prism() {
    assert_eq!(
        plain_placeholders("/machines/{machineId:[0-9]{1,6}}/parts/{part}"),
        "/machines/{machineId}/parts/{part}"
    );
    assert_eq!(plain_placeholders("/sensors?kind={kind}"), "/sensors");
}
