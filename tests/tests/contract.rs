//! Contract tests: the generated client against Prism (`@stoplight/prism-cli`, pinned below), a
//! mock server written by others that checks every request against the OpenAPI document and
//! answers with responses generated from the document's schemas (`--dynamic`). Our own wire
//! tests compare requests with expectations we wrote; a misreading of the document shared by
//! the generator and those tests passes them, but not Prism.
//!
//! Each run calls all 15 operations with realistic arguments, over several rounds of random
//! responses whose seeds are printed (`CONTRACT_SEED=<n>` replays one), and fails on any
//! request violation Prism logs, on any response the client cannot decode, and on any
//! operation not exercised. It runs against `spec/containerregistries.yaml`, and against the
//! published document in `../shared/spec/` when that file exists (the test that uses it is
//! `#[ignore]`d, like the other comparisons with the published document, and `.ci/run` runs it).
//!
//! Prism is installed with npm into `target/contract/` on first use (`PRISM=<path>` uses
//! another installation). Without Node the test fails and says so; it never passes silently.

use ionoscloud_container_registry::models::{
    Day, PatchRegistryInput, PatchTokenInput, PatchTokenInputStatus, PostRegistryInput,
    PostRegistryProperties, PostTokenInput, PostTokenProperties, PostTokenPropertiesStatus,
    PutRegistryInput, PutTokenInput, Scope, WeeklySchedule,
};
use ionoscloud_container_registry::{
    Client, Error, RegistriesGetOptions, RegistriesTokensGetOptions, RetryPolicy,
};
use list::Operation;
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

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn every_operation_passes_prism_against_our_document() {
    let document = root().join("spec/containerregistries.yaml");
    check_contract(&for_prism(&document, "ours", false));
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
    check_contract(&for_prism(&published, "published", true));
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
fn for_prism(document: &Path, name: &str, split_security: bool) -> PathBuf {
    let text = std::fs::read_to_string(document).expect("the document is readable");
    let mut document: serde_json::Value =
        serde_yaml::from_str(&text).expect("the document is YAML");
    let server = document["servers"][0]["url"]
        .as_str()
        .expect("the document names a server")
        .to_string();
    let base_path = server
        .split_once("://")
        .map_or(server.as_str(), |(_, rest)| rest)
        .split_once('/')
        .map_or(String::new(), |(_, path)| {
            format!("/{}", path.trim_end_matches('/'))
        });
    let paths = document["paths"]
        .as_object_mut()
        .expect("the document has paths");
    let prefixed: serde_json::Map<String, serde_json::Value> = std::mem::take(paths)
        .into_iter()
        .map(|(path, item)| (format!("{base_path}{path}"), item))
        .collect();
    *paths = prefixed;
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
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("contract-{name}.json"));
    std::fs::write(&out, serde_json::to_string_pretty(&document).expect("JSON"))
        .expect("the scratch copy can be written");
    out
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

/// Runs every round against `document` and fails with everything that went wrong.
fn check_contract(document: &Path) {
    let prism = prism_bin();
    let first_seed = std::env::var("CONTRACT_SEED")
        .ok()
        .and_then(|s| s.parse().ok());
    let seeds: Vec<u64> = match first_seed {
        Some(seed) => vec![seed],
        None => {
            let base = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_secs() % 100_000);
            (0..ROUNDS).map(|round| base + round).collect()
        }
    };
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let mut failures = Vec::new();
    for seed in seeds {
        eprintln!(
            "contract: {} with seed {seed} (replay with CONTRACT_SEED={seed})",
            document.display()
        );
        let server = Prism::start(&prism, document, seed);
        let client = Client::builder()
            .base_url(format!("http://127.0.0.1:{}", server.port))
            // Prism does not accept an API key in the `Authorization` header (it answers
            // "Invalid security scheme used"), so the calls use the other scheme, HTTP basic.
            .basic_auth("contract@example.com", "contract-password")
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("a valid client configuration");
        for operation in Operation::ALL {
            let before = server.log_len();
            let result = runtime.block_on(operation.call(&client));
            let logged = server.logged_since(before);
            if !logged.received {
                failures.push(format!(
                    "seed {seed}: {operation:?} was not exercised: Prism received no request"
                ));
            }
            if let Err(error) = result {
                failures.push(format!("seed {seed}: {operation:?} failed: {error}"));
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

/// Calling each operation with arguments a real user would send.
impl Operation {
    /// Calls the operation; `Ok` means the response was a success and decoded.
    async fn call(self, client: &Client) -> Result<(), Error> {
        let registry = REGISTRY_ID.parse().expect("a UUID");
        let token = TOKEN_ID.parse().expect("a UUID");
        let schedule = WeeklySchedule::new(Some(vec![Day::Saturday]), "01:30:00+00:00".into());
        let registry_body = PostRegistryProperties::new("de/fra".into(), "acme-images".into())
            .with_garbage_collection_schedule(schedule.clone());
        let scopes = vec![Scope::new(
            Some(vec!["push".into(), "pull".into()]),
            "nginx".into(),
            "repository".into(),
        )];
        let token_body = PostTokenProperties::new("ci-pusher".into())
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
        let mut violations: Vec<String> = lines
            .iter()
            .filter(|line| line.contains("[VALIDATOR]") && line.contains("error"))
            .cloned()
            .collect();
        if violations.is_empty()
            && lines
                .iter()
                .any(|line| line.contains("did not pass the validation rules"))
        {
            violations.push("the request did not pass the validation rules".into());
        }
        Logged {
            received: lines.iter().any(|line| line.contains("Request received")),
            violations,
        }
    }
}

/// What Prism logged about one call.
struct Logged {
    /// Whether the request reached Prism.
    received: bool,
    /// The request violations it reported.
    violations: Vec<String>,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
